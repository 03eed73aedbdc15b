"""The sentences of the retrieved passages, as candidates for an answer, with what the planner needs to
know about each: its vector, where it sits, whether it is a list item or announces a list, whether its
subject leans on the sentence before it, and the facts it states."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import Protocol

from assistant.corpus.sentences import plain
from assistant.index.analysis import terms
from assistant.index.embedder import Vectors
from assistant.sources import Passage

# Words that appear in nearly every question here and say nothing about which sentence answers it.
GENERIC = frozenset({"exim", "export", "exporter", "usa", "bank", "question", "tell", "explain", "know", "want"})
_BULLET = re.compile(r"^\s*(?:[-*+]|\d{1,2}[.)])\s+")
# A sentence that announces what follows: a trailing colon, "the following", "two tests", "six questions".
_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_NUMBER = "|".join(_COUNTS)
_INTRODUCED = r"tests|steps|questions|conditions|requirements|items|areas|categories|layers|ways|options|forms|criteria"
_INTRODUCER = re.compile(  # also a ranker feature: widen it only with a retrained ranker
    rf":\s*$|\bthe following\b|\b({_NUMBER}|several)\s+({_INTRODUCED})\b",
    re.I,
)
# "… is built on three pillars." announces the next three sentences when no bulleted list follows it.
_COUNTED = rf"{_INTRODUCED}|pillars|stages|types|kinds|parts|tiers|elements|principles|pathways|approaches|routes|bases"
_ANNOUNCES = re.compile(rf"\b({_NUMBER})\s+(?:\w+\s+)?(?:{_COUNTED})\b", re.I)
# A subject that only makes sense after the sentence before it ("It also…", "The same page…", "That date…").
_DANGLING = re.compile(
    r"^(it|its|this|that|these|those|they|their|them|such|both|either|neither|he|she|also|however|but|and|so|"
    r"then|otherwise|instead|in that case|in addition|the same|the latter|the former|that date|this date)\b",
    re.I,
)
# Sentences about the document rather than the subject ("This document sets out …") answer nothing.
_META = re.compile(
    r"^(this|the following|these) (document|section|page|guide|group|faq|glossary|timeline|entry)\b"
    r"|^the (questions|entries|terms) (in|of) this\b",
    re.I,
)
# Hedges, conflicts, confidence notes and history: true, but rarely the sentence that answers.
_CAVEAT = re.compile(
    r"\b(historical|historically|archived|unverified|(low|medium|high|low-medium)[- ]confidence|inconsistent|"
    r"sources (conflict|differ)|outdated|superseded|could not be (confirmed|verified)|not (be )?confirmed|"
    r"unconfirmed|also says|an inference|was not found|were not found|not found in the sources|"
    r"(has|have) not been verified|not verified|in doubt|is uncertain|are uncertain|is unclear|remains unclear)\b",
    re.I,
)
# The facts a sentence states: figures, money, percentages, years, dates, ECCNs and country groups.
_FIGURE = re.compile(r"\$?\d[\d,.]*%?|\b\d[a-e]\d{3}(?:\.[a-z0-9]+)?\b|\b[a-e]:\d\b", re.I)


class SentenceSource(Protocol):
    def sentences_of(self, chunk_id: str) -> tuple[list[str], Vectors]: ...


@dataclass(frozen=True)
class Candidate:
    passage_rank: int
    position: int
    doc_id: str
    text: str
    vector: Vectors
    similarity: float
    terms: frozenset[str]
    figures: frozenset[str]
    list_item: bool
    introducer: bool
    dangling: bool
    meta: bool
    caveat: bool = False
    announces: int = 0  # how many sentences after it this one announces ("three pillars"), if it counts them
    rule_quote: str | None = None  # set on the sentences of a rule-cited passage
    bigrams: frozenset[tuple[str, str]] = frozenset()  # consecutive term pairs, for phrase matches

    @property
    def key(self) -> tuple[int, int]:
        return (self.passage_rank, self.position)

    @property
    def quotes_rule(self) -> bool:
        return self.rule_quote is not None and squash(self.rule_quote) in squash(self.text)

    @property
    def words(self) -> int:
        return len(self.text.split())


def squash(text: str) -> str:
    return " ".join(text.casefold().split())


def figures_of(text: str) -> frozenset[str]:
    return frozenset(m.group(0).rstrip(".,").casefold() for m in _FIGURE.finditer(text))


@lru_cache(maxsize=4096)
def _bullet_texts(passage_text: str) -> frozenset[str]:
    """The first words of every list item of a passage, in the form its sentences take."""
    return frozenset(
        squash(plain(_BULLET.sub("", line)))[:40] for line in passage_text.splitlines() if _BULLET.match(line)
    )


def bigrams_of(text: str) -> frozenset[tuple[str, str]]:
    """Consecutive pairs of the text's terms ("material change", "open cover"): a phrase of the question
    found whole in a sentence says more than its two words found apart."""
    seq = terms(text)
    return frozenset(pairwise(seq))


@dataclass(frozen=True)
class _Traits:
    terms: frozenset[str]
    bigrams: frozenset[tuple[str, str]]
    figures: frozenset[str]
    head: str  # the first words, in the form list items are matched in
    introducer: bool
    dangling: bool
    meta: bool
    caveat: bool
    announces: int


@lru_cache(maxsize=32768)
def _traits(text: str) -> _Traits:
    """What a sentence says about itself. A pure function of the text, and the candidates are corpus
    sentences (about 2,100), so each is worked out once per process, not on every turn (ADR 0056)."""
    return _Traits(
        terms=frozenset(terms(text)) - GENERIC,
        bigrams=bigrams_of(text),
        figures=figures_of(text),
        head=squash(text)[:40],
        introducer=bool(_INTRODUCER.search(text)),
        dangling=bool(_DANGLING.match(text)),
        meta=bool(_META.search(text)),
        caveat=bool(_CAVEAT.search(text)),
        announces=_announced_count(text),
    )


def _announced_count(text: str) -> int:
    match = _ANNOUNCES.search(text)
    return _COUNTS[match.group(1).casefold()] if match else 0


def candidates_of(passages: list[Passage], sentences: SentenceSource, query_vector: Vectors) -> list[Candidate]:
    out: list[Candidate] = []
    for rank, passage in enumerate(passages):
        texts, vectors = sentences.sentences_of(passage.chunk_id)
        if not texts:
            continue
        sims = vectors @ query_vector
        bullets = _bullet_texts(passage.text)
        for position, (text, vector, sim) in enumerate(zip(texts, vectors, sims, strict=True)):
            traits = _traits(text)
            out.append(
                Candidate(
                    passage_rank=rank,
                    position=position,
                    doc_id=passage.doc_id,
                    text=text,
                    vector=vector,
                    similarity=float(sim),
                    terms=traits.terms,
                    figures=traits.figures,
                    list_item=traits.head in bullets,
                    introducer=traits.introducer,
                    dangling=traits.dangling,
                    meta=traits.meta,
                    caveat=traits.caveat,
                    announces=traits.announces,
                    rule_quote=passage.rule_quote,
                    bigrams=traits.bigrams,
                )
            )
    return out


def common_terms(pool: list[Candidate], share: float) -> frozenset[str]:
    """Terms in at least `share` of all candidate sentences: the product name every sentence repeats."""
    counts: dict[str, int] = {}
    for c in pool:
        for t in c.terms:
            counts[t] = counts.get(t, 0) + 1
    return frozenset(t for t, n in counts.items() if n / max(len(pool), 1) >= share)
