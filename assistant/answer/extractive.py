"""The default composer: quote the few retrieved sentences that best answer the question.

No generative model runs here, so nothing is invented: every sentence in the answer is a sentence
of a cited passage. Sentence vectors were computed at index time, so a turn embeds only the question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import numpy as np
import yaml
from pydantic import BaseModel, ConfigDict, Field

from assistant.context import AnswerStatus, Citation, Passage
from assistant.index.analysis import terms
from assistant.index.embedder import Vectors

# Words that appear in nearly every question here and say nothing about which sentence answers it.
_GENERIC = {"exim", "export", "exporter", "us", "bank", "question", "tell", "explain", "know", "want"}
# Figures (amounts, percentages, years) in a sentence: its payload, for spotting a repeated fact.
_SALIENT = re.compile(r"\$?\d[\d,.]*%?")


# Sentences about the document rather than the subject ("This document sets out …") answer nothing.
_META = re.compile(
    r"^(this|the following|these) (document|section|page|guide|group|faq|glossary|timeline|entry)\b"
    r"|^the (questions|entries|terms) (in|of) this\b",
    re.IGNORECASE,
)


class ExtractiveConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    passages_considered: int = Field(gt=0)
    max_sentences: int = Field(gt=0)
    max_words: int = Field(gt=0)
    min_sentence_similarity: float
    answered_similarity: float
    relative_floor: float = Field(ge=0, le=1)
    redundancy_similarity: float = Field(gt=0, le=1)
    rank_bonus: float = Field(ge=0)
    passage_weight: float = Field(ge=0)
    coverage_bonus: float = Field(ge=0)
    redundant_term_share: float = Field(gt=0, le=1)
    min_words: int = Field(ge=1)

    @classmethod
    def load(cls, config_dir: Path) -> ExtractiveConfig:
        return cls.model_validate(yaml.safe_load((config_dir / "answer" / "extractive.yaml").read_text()))


class SentenceSource(Protocol):
    def sentences_of(self, chunk_id: str) -> tuple[list[str], Vectors]: ...


@dataclass(frozen=True)
class Composition:
    status: AnswerStatus
    answer: str
    citations: list[Citation]
    best_similarity: float
    cited_chunks: dict[int, str] = field(default_factory=dict)  # citation number → chunk id


@dataclass(frozen=True)
class _Candidate:
    passage_rank: int
    position: int
    text: str
    vector: Vectors
    similarity: float
    base: float  # similarity plus passage evidence; coverage is added during selection
    terms: frozenset[str]
    rule_quote: str | None = None  # set on the sentences of a rule-cited passage

    @property
    def quotes_rule(self) -> bool:
        return self.rule_quote is not None and _squash(self.rule_quote) in _squash(self.text)


NO_CONTENT_MESSAGE = (
    "I could not find anything in the assistant's sources that answers this, so I won't guess. "
    "Try naming the EXIM product, the export-control rule or the item you mean, or ask to be put in "
    "touch with a member of staff."
)


class ExtractiveComposer:
    def __init__(self, sentences: SentenceSource, config: ExtractiveConfig) -> None:
        self.sentences = sentences
        self.config = config

    def compose(self, question: str, query_vector: Vectors, passages: list[Passage]) -> Composition:
        considered = self.config.passages_considered
        # Rule-cited passages stay in view wherever they ranked (see ExtractiveComposer._select).
        passages = passages[:considered] + [p for p in passages[considered:] if p.rule_linked]
        candidates = self._candidates(question, query_vector, passages)
        best = max((c.similarity for c in candidates), default=0.0)
        if not candidates or best < self.config.min_sentence_similarity:
            return Composition(AnswerStatus.unanswerable_no_content, NO_CONTENT_MESSAGE, [], best)
        chosen = self._select(question, candidates)
        answer, citations, chunks = self._render(chosen, passages)
        status = AnswerStatus.answered if best >= self.config.answered_similarity else AnswerStatus.partial
        return Composition(status, answer, citations, best, chunks)

    def _candidates(self, question: str, query_vector: Vectors, passages: list[Passage]) -> list[_Candidate]:
        cfg = self.config
        out: list[_Candidate] = []
        for rank, passage in enumerate(passages):
            texts, vectors = self.sentences.sentences_of(passage.chunk_id)
            if not texts:
                continue
            sims = vectors @ query_vector
            evidence = cfg.passage_weight * (passage.dense_similarity or 0.0)
            evidence += cfg.rank_bonus * (1 - rank / max(len(passages), 1))
            for position, (text, vector, sim) in enumerate(zip(texts, vectors, sims, strict=True)):
                if len(text.split()) < cfg.min_words or text.rstrip().endswith(":") or _META.search(text):
                    continue
                out.append(
                    _Candidate(
                        rank,
                        position,
                        text,
                        vector,
                        float(sim),
                        float(sim) + evidence,
                        frozenset(terms(text)) - _GENERIC,
                        passage.rule_quote,
                    )
                )
        return out

    def _select(self, question: str, candidates: list[_Candidate]) -> list[_Candidate]:
        """Greedy selection: relevance plus the share of the question's terms a sentence newly covers."""
        cfg = self.config
        wanted = frozenset(terms(question)) - _GENERIC
        chosen: list[_Candidate] = []
        covered: set[str] = set()
        seen_terms: set[str] = set()
        words = 0
        pool = list(candidates)
        top_score: float | None = None
        # The passage a rule cites for the asker's own stated facts ("the exporter must be a U.S. exporter")
        # leads the answer even when the question's words point elsewhere. It comes on top of the usual
        # budget of sentences and words and does not set the bar for the others, so it displaces nothing.
        budget = cfg.max_sentences
        linked = [c for c in pool if c.rule_quote is not None]
        if linked:
            # The sentence holding the rule's quoted words; failing that, the passage's closest sentence.
            lead = max(linked, key=lambda c: (c.quotes_rule, c.similarity))
            pool.remove(lead)
            chosen.append(lead)
            covered |= lead.terms & wanted
            seen_terms |= lead.terms
            budget += 1
        while pool and len(chosen) < budget:
            best = max(pool, key=lambda c: self._gain(c, wanted, covered))
            pool.remove(best)
            if top_score is None:
                top_score = best.base
            elif best.base < top_score * cfg.relative_floor or best.similarity < cfg.min_sentence_similarity:
                continue  # coverage reorders; it never lets a weak sentence in
            if chosen and self._redundant(best, chosen, seen_terms):
                continue
            length = len(best.text.split())
            if chosen and words + length > cfg.max_words:
                continue
            chosen.append(best)
            covered |= best.terms & wanted
            seen_terms |= best.terms
            words += length
        return chosen

    def _gain(self, cand: _Candidate, wanted: frozenset[str], covered: set[str]) -> float:
        new = len((cand.terms & wanted) - covered) / len(wanted) if wanted else 0.0
        return cand.base + self.config.coverage_bonus * new

    def _redundant(self, cand: _Candidate, chosen: list[_Candidate], seen_terms: set[str]) -> bool:
        cfg = self.config
        if any(float(np.dot(cand.vector, c.vector)) >= cfg.redundancy_similarity for c in chosen):
            return True
        # Mostly the same words as what is already said, and close in meaning: a paraphrase.
        share = len(cand.terms & seen_terms) / len(cand.terms) if cand.terms else 1.0
        close = max(float(np.dot(cand.vector, c.vector)) for c in chosen)
        if share >= cfg.redundant_term_share and close >= cfg.redundancy_similarity - 0.15:
            return True
        # The same figures as a sentence already chosen, and about the same thing: it repeats the fact.
        figures = set(_SALIENT.findall(cand.text))
        said = {f for c in chosen for f in _SALIENT.findall(c.text)}
        return bool(figures) and figures <= said and close >= cfg.redundancy_similarity - 0.25

    def _render(self, chosen: list[_Candidate], passages: list[Passage]) -> tuple[str, list[Citation], dict[int, str]]:
        # Readable order: the passage holding the strongest sentence first, sentences in document order.
        best_in_passage: dict[int, float] = {}
        for c in chosen:
            score = float("inf") if c.rule_quote is not None else c.base  # the rule-cited passage leads
            best_in_passage[c.passage_rank] = max(best_in_passage.get(c.passage_rank, 0.0), score)
        passage_order = sorted(best_in_passage, key=lambda r: -best_in_passage[r])
        refs: dict[int, int] = {}
        paragraphs: list[str] = []
        quotes: dict[int, list[str]] = {}
        for rank in passage_order:
            refs[rank] = len(refs) + 1
            sentences = sorted((c for c in chosen if c.passage_rank == rank), key=lambda c: c.position)
            paragraphs.append(" ".join(_with_marker(c.text, refs[rank]) for c in sentences))
            quotes[rank] = [c.text for c in sentences]
        citations = [
            Citation(
                ref=refs[rank],
                doc_id=passages[rank].doc_id,
                section=passages[rank].section,
                title=passages[rank].title,
                url=passages[rank].url,
                as_of=passages[rank].as_of,
                quote=" ".join(quotes[rank]),
            )
            for rank in passage_order
        ]
        return "\n\n".join(paragraphs), citations, {refs[r]: passages[r].chunk_id for r in passage_order}


def _squash(text: str) -> str:
    return " ".join(text.casefold().split())


def _with_marker(sentence: str, ref: int) -> str:
    """'… 15%.' → '… 15% [1].' so the marker sits inside the sentence it supports."""
    match = re.search(r"([.!?][\"')\]]*)$", sentence)
    if match:
        return f"{sentence[: match.start()]} [{ref}]{match.group(1)}"
    return f"{sentence} [{ref}]"
