"""Answer-quality measures of issue 10, read from a case and the reply alone (black box, any target).

- lead hit: the answer's first cited sentence holds a required fact;
- list completeness: the share of a list case's required items the answer states;
- parts answered: a multi-part case has every one of its required facts;
- declined: the reply says the sources cannot answer (status `partial` or `unanswerable_no_content`),
  against the case's expectation (a case expecting only those statuses, or tagged `unanswerable`);
- sentences: how many cited sentences the answer holds;
- repeated fact: two cited sentences state the same figures, dates or codes about the same thing;
- off-topic: a cited sentence that shares no content word with the question and holds no required fact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.corpus.sentences import split_sentences
from assistant.index.analysis import terms
from evals.cases import EvalCase

DECLINED = frozenset({"partial", "unanswerable_no_content"})
QUESTION_PATH = frozenset({"answered", "partial", "unanswerable_no_content"})
LIST_TAGS = frozenset({"list", "lists"})
MULTI_PART_TAGS = frozenset({"multi-part", "multipart", "multi_part", "parts"})
UNANSWERABLE_TAGS = frozenset({"unanswerable", "abstain", "abstention", "decline"})
_MARKER = re.compile(r"\s*\[\d+\]")
# The facts a sentence states: figures, money, percentages, years and dates, ECCNs and country groups.
_FACT = re.compile(r"\$?\d[\d,.]*%?|\b\d[a-e]\d{3}(?:\.[a-z0-9]+)?\b|\b[a-e]:\d\b", re.IGNORECASE)
# Words any question here may use without naming what it is about.
_GENERIC = {"exim", "export", "exporter", "usa", "bank", "question", "tell", "explain", "know", "want", "need"}


@dataclass(frozen=True)
class AnswerQuality:
    lead_hit: bool | None = None
    list_completeness: float | None = None
    parts_answered: bool | None = None
    decline_expected: bool | None = None
    declined: bool | None = None
    sentences: int | None = None
    repeated_fact: bool | None = None
    off_topic: bool | None = None


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def cited_sentences(answer: str) -> list[str]:
    """The sentences of an answer that carry a citation marker, markers removed, in order."""
    out = []
    for paragraph in answer.split("\n\n"):
        if paragraph.startswith("Sources:"):  # the dated sources line earlier versions appended
            continue
        for sentence in split_sentences(paragraph):  # list items are sentences of their own
            if _MARKER.search(sentence):
                out.append(_MARKER.sub("", sentence).strip())
    return out


def _holds(sentence: str, facts: list[list[str]]) -> bool:
    text = _norm(sentence)
    return any(_norm(a) in text for alternatives in facts for a in alternatives)


def _lead_holds(answer: str, facts: list[list[str]]) -> bool:
    """The first cited sentence holds a required fact; one ending in a colon goes on into its list."""
    for paragraph in answer.split("\n\n"):
        sentences = cited_sentences(paragraph)
        if sentences:
            lead = sentences if sentences[0].rstrip().endswith(":") else sentences[:1]
            return any(_holds(s, facts) for s in lead)
    return False


def _facts_of(sentence: str) -> frozenset[str]:
    return frozenset(m.group(0).rstrip(".,").casefold() for m in _FACT.finditer(sentence))


def repeats_a_fact(sentences: list[str]) -> bool:
    """Two sentences with the same stated figures/codes and mostly the same content words."""
    seen: list[tuple[frozenset[str], frozenset[str]]] = []
    for sentence in sentences:
        facts = _facts_of(sentence)
        words = frozenset(t for t in terms(sentence) if not any(ch.isdigit() for ch in t)) - _GENERIC
        for other_facts, other_words in seen:
            same_facts = bool(facts) and facts == other_facts and bool(words) and bool(other_words)
            if same_facts and len(words & other_words) / min(len(words), len(other_words)) >= 0.5:
                return True
        seen.append((facts, words))
    return False


def is_multi_part(case: EvalCase) -> bool:
    if set(case.tags) & MULTI_PART_TAGS:
        return True
    question = case.turns[-1] if case.turns else ""
    return question.count("?") >= 2 and len(case.expect.must_include or []) >= 2


def measure(case: EvalCase, status: str | None, answer: str) -> AnswerQuality:
    expect = case.expect
    wanted = {s.value for s in expect.status or []}
    if case.kind not in ("qa", "conversation") or not wanted or not wanted & QUESTION_PATH:
        return AnswerQuality()
    decline_expected = wanted <= DECLINED or bool(set(case.tags) & UNANSWERABLE_TAGS)
    declined = status in DECLINED
    facts = expect.must_include or []
    if status not in QUESTION_PATH or status == "unanswerable_no_content":
        return AnswerQuality(decline_expected=decline_expected, declined=declined)
    sentences = cited_sentences(answer)
    matched = [any(_norm(a) in _norm(answer) for a in alternatives) for alternatives in facts]
    question_words = frozenset(terms(case.turns[-1] if case.turns else "")) - _GENERIC
    off_topic = any(
        not (frozenset(terms(s)) & question_words) and not _holds(s, facts) for s in sentences if question_words
    )
    return AnswerQuality(
        lead_hit=_lead_holds(answer, facts) if facts and sentences and "answered" in wanted else None,
        list_completeness=sum(matched) / len(matched) if facts and set(case.tags) & LIST_TAGS else None,
        parts_answered=all(matched) if facts and is_multi_part(case) else None,
        decline_expected=decline_expected,
        declined=declined,
        sentences=len(sentences),
        repeated_fact=repeats_a_fact(sentences),
        off_topic=off_topic,
    )


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def aggregate_quality(rows: list[AnswerQuality]) -> dict[str, float | None]:
    judged = [r for r in rows if r.declined is not None]
    tp = sum(1 for r in judged if r.declined and r.decline_expected)
    fp = sum(1 for r in judged if r.declined and not r.decline_expected)
    fn = sum(1 for r in judged if not r.declined and r.decline_expected)
    answered = [r for r in rows if r.sentences is not None]
    return {
        "lead_sentence_hit": _mean([float(r.lead_hit) for r in rows if r.lead_hit is not None]),
        "list_completeness": _mean([r.list_completeness for r in rows if r.list_completeness is not None]),
        "parts_answered": _mean([float(r.parts_answered) for r in rows if r.parts_answered is not None]),
        "abstention_precision": tp / (tp + fp) if tp + fp else None,
        "abstention_recall": tp / (tp + fn) if tp + fn else None,
        "sentences_per_answer": _mean([float(r.sentences or 0) for r in answered]),
        "repeated_facts": _mean([float(bool(r.repeated_fact)) for r in answered]),
        "off_topic_or_repeated": _mean([float(bool(r.repeated_fact or r.off_topic)) for r in answered]),
    }
