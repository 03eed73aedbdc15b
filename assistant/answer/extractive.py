"""The default composer: plan the answer from the sentences of the retrieved passages.

No generative model runs here, so nothing is invented: every quoted sentence is a sentence of a cited
passage. The question is split into its parts (parts.py); a part that asks for what published sources
cannot hold is declined plainly (abstain.py); a learned ranker scores every sentence for every part
(features.py, ranker.py); the planner picks the lead and the support (planner.py); render.py writes it.
Sentence vectors were computed at index time, so a turn embeds only the question.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from assistant.answer.abstain import Abstainer, Gap
from assistant.answer.candidates import GENERIC, Candidate, SentenceSource, candidates_of, common_terms
from assistant.answer.definition import definition_lead
from assistant.answer.features import feature_rows
from assistant.answer.parts import Part, asked_list_nouns, split_parts
from assistant.answer.planner import PlanLimits, Planner
from assistant.answer.ranker import SentenceRanker
from assistant.answer.render import render
from assistant.context import AnswerStatus
from assistant.index.embedder import Vectors
from assistant.sources import Citation, Passage
from assistant.yaml_data import load_yaml

__all__ = ["ComposerReading", "Composition", "ExtractiveComposer", "ExtractiveConfig", "SentenceSource"]


class RedundancyMargins(BaseModel):
    """When a sentence repeats figures or words already quoted, it is redundant at a lower similarity."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    all_figures_said_margin: float = Field(ge=0, le=1)
    some_figures_said_margin: float = Field(ge=0, le=1)
    figures_shared_words: float = Field(gt=0, le=1)
    words_said_share: float = Field(gt=0, le=1)
    words_said_margin: float = Field(ge=0, le=1)


class ExtractiveConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    passages_considered: int = Field(gt=0)
    min_sentence_similarity: float
    answered_similarity: float
    lead_min_probability: float = Field(ge=0, le=1)
    support_min_probability: float = Field(ge=0, le=1)
    max_support: int = Field(ge=0)
    max_words: int = Field(gt=0)
    max_list_items: int = Field(gt=0)
    min_words: int = Field(ge=1)
    redundancy_similarity: float = Field(gt=0, le=1)
    common_term_share: float = Field(gt=0, le=1)
    top_documents: int = Field(ge=0)
    corroborate_min_probability: float = Field(ge=0, le=1)
    lead_caveat_penalty: float = Field(ge=0, le=1)
    citation_order: Literal["retrieval", "appearance"]
    redundant: RedundancyMargins

    @classmethod
    def load(cls, config_dir: Path) -> ExtractiveConfig:
        return cls.model_validate(load_yaml((config_dir / "answer" / "extractive.yaml").read_text()))

    @property
    def limits(self) -> PlanLimits:
        return PlanLimits(
            lead_min_probability=self.lead_min_probability,
            support_min_probability=self.support_min_probability,
            max_support=self.max_support,
            max_words=self.max_words,
            max_list_items=self.max_list_items,
            min_words=self.min_words,
            redundancy_similarity=self.redundancy_similarity,
            top_documents=self.top_documents,
            corroborate_min_probability=self.corroborate_min_probability,
            lead_caveat_penalty=self.lead_caveat_penalty,
            **self.redundant.model_dump(),
        )


# The asker speaks of their own deal or firm, or asks whether a kind of deal can be backed: the rule decides.
_OWN_SITUATION = re.compile(
    r"\b(we|we're|we've|our|ours|us|i|i'm|i've|my|me)\b|\beligib\w*|"
    r"\b(can|could|will|would|does|may) exim (finance|support|insure|back|cover|guarantee|fund)\b",
    re.I,
)
# "Is the 15% cut actually written into the regulations?": the question asks whether a fact is settled, so
# a sentence saying it is unverified or in doubt answers it and may open the answer (ADR 0120).
_ASKS_IF_SETTLED = re.compile(
    r"\b(actually|really|verified|confirmed|officially|formali[sz]ed|written into|in force|for sure)\b", re.I
)


@dataclass(frozen=True)
class ComposerReading:
    """The passages in view, the question's parts and their vectors, the candidate sentences and the terms
    nearly all of them share (the product name)."""

    passages: list[Passage]
    parts: list[Part]
    part_vectors: np.ndarray
    pool: list[Candidate]
    common: frozenset[str]

    @property
    def best(self) -> float:
        """The closest candidate sentence's similarity to the question (0.0 without candidates)."""
        return max((c.similarity for c in self.pool), default=0.0)


@dataclass(frozen=True)
class Composition:
    status: AnswerStatus
    answer: str
    citations: list[Citation]
    best_similarity: float
    cited_chunks: dict[int, str] = field(default_factory=dict)  # citation number → chunk id
    gaps: list[Gap] = field(default_factory=list)  # the parts the sources cannot answer


class ExtractiveComposer:
    def __init__(
        self,
        sentences: SentenceSource,
        config: ExtractiveConfig,
        ranker: SentenceRanker,
        abstainer: Abstainer,
        embed: Callable[[list[str]], Vectors],
        no_content: str,
    ) -> None:
        self.no_content = no_content  # the reply when the sources hold no answer (config/messages.yaml)
        self.sentences = sentences
        self.config = config
        self.ranker = ranker
        self.abstainer = abstainer
        self.embed = embed  # the parts of a question of several parts, or with context, are embedded once
        self.planner = Planner(config.limits)

    def read(self, question: str, query_vector: Vectors, passages: list[Passage]) -> ComposerReading:
        """What the composer reads before it scores and plans (the training and measurement scripts read the
        same, so they see what a turn sees)."""
        considered = self.config.passages_considered
        # Rule-cited passages stay in view wherever they ranked: their sentence leads the answer.
        passages = passages[:considered] + [p for p in passages[considered:] if p.rule_linked]
        parts = split_parts(question, GENERIC)
        pool = candidates_of(passages, self.sentences, query_vector)
        return ComposerReading(
            passages,
            parts,
            self.part_vectors(question, parts, query_vector),
            pool,
            common_terms(pool, self.config.common_term_share),
        )

    def compose(self, question: str, query_vector: Vectors, passages: list[Passage]) -> Composition:
        seen = self.read(question, query_vector, passages)
        passages, parts, pool, common = seen.passages, seen.parts, seen.pool, seen.common
        gaps = self.abstainer.gaps(question, parts, seen.part_vectors)
        gap_parts = {g.part for g in gaps}
        best = seen.best
        if not pool or best < self.config.min_sentence_similarity:
            if gaps:
                return Composition(AnswerStatus.unanswerable_no_content, _gap_text(gaps), [], best, gaps=gaps)
            return Composition(AnswerStatus.unanswerable_no_content, self.no_content, [], best)
        probs = self.scores(parts, pool, passages, common, seen.part_vectors)
        answerable = [i for i, p in enumerate(parts) if p.text not in gap_parts]
        list_parts = [parts[i] for i in answerable if parts[i].answer_type == "list"]
        plan = self.planner.plan(
            pool,
            probs[answerable],
            [parts[i].answer_type == "list" for i in answerable],
            probs,
            common,
            frozenset().union(*(p.focus for p in parts)),
            lead_first=_rule_lead(pool, question) or definition_lead(question, pool),
            list_sections=named_lists(list_parts, passages, pool, self.config.limits.max_list_items),
            caveats_answer=bool(_ASKS_IF_SETTLED.search(question)),
        )
        if not plan.chosen:
            status = AnswerStatus.unanswerable_no_content
            return Composition(status, _gap_text(gaps) if gaps else self.no_content, [], best, gaps=gaps)
        out = render(plan.lead, plan.support, gaps, self.abstainer.helps, passages, self.config.citation_order)
        weak = best < self.config.answered_similarity
        status = AnswerStatus.partial if gaps or weak else AnswerStatus.answered
        return Composition(status, out.answer, out.citations, best, out.cited_chunks, gaps)

    def part_vectors(self, question: str, parts: list[Part], query_vector: Vectors) -> np.ndarray:
        """One vector per part: the question's own when it is one part and nothing else."""
        if len(parts) == 1 and parts[0].text.strip() == question.strip():
            return np.asarray(query_vector)[None, :]
        return np.asarray(self.embed([p.text for p in parts]))

    def scores(
        self,
        parts: list[Part],
        pool: list[Candidate],
        passages: list[Passage],
        common: frozenset[str],
        part_vectors: np.ndarray,
    ) -> np.ndarray:
        """P(sentence answers part): a (parts, candidates) array."""
        return self.ranker.probability(feature_rows(parts, pool, passages, common, part_vectors))


def named_lists(parts: list[Part], passages: list[Passage], pool: list[Candidate], max_items: int) -> list[int]:
    """The passages whose own heading names what a list question asks for ("What certifications …?" and
    "## Certifications required under the H200 rule"), best-ranked first, one per part: such a section is
    the list, even when it is written as sentences rather than bullets, and it is quoted whole. A section
    longer than `max_items` sentences is not a list."""
    sizes = Counter(cand.passage_rank for cand in pool)
    out: list[int] = []
    for part in parts:
        nouns = asked_list_nouns(part.text)
        for rank, passage in enumerate(passages):
            if ">" not in passage.heading_path:
                continue  # a document's overview is about everything in it, not a list
            heading = frozenset(re.findall(r"[\w-]+", passage.heading_path.rsplit(">", 1)[-1].casefold()))
            if nouns & heading and 2 <= sizes.get(rank, 0) <= max_items and rank not in out:
                out.append(rank)
                break
    return out


def _rule_lead(pool: list[Candidate], question: str) -> Candidate | None:
    """The sentence a rule quotes, for the asker's own stated facts, opens the answer (ADR 0003). Facts
    named in a general question ("Since when has EXIM had a dual-use exception for what a foreign military
    buys?") are its subject, not the asker's deal: the sentence that answers opens it (ADR 0121)."""
    if not _OWN_SITUATION.search(question):
        return None
    linked = [c for c in pool if c.rule_quote is not None and not c.meta]
    return max(linked, key=lambda c: (c.quotes_rule, c.similarity)) if linked else None


def _gap_text(gaps: list[Gap]) -> str:
    return "\n\n".join(g.statement for g in gaps)
