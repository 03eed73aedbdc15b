"""The explainable features of one (question part, sentence) pair that the sentence ranker weighs.

Each feature is a number a person can check by reading the sentence: how close in meaning it is to the
question, how many of the part's focus words it has (not counting the product name its passage repeats
in every sentence), whether it holds the kind of answer the part asks for, where it sits, and so on.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

import numpy as np

from assistant.answer.candidates import Candidate, bigrams_of
from assistant.answer.parts import Part
from assistant.index.analysis import terms
from assistant.sources import Passage

FEATURES = (
    "similarity",
    "similarity_gap",
    "part_similarity",
    "part_similarity_gap",
    "part_focus",
    "part_focus_idf",
    "part_focus_gap",
    "question_focus",
    "type_match",
    "section_start",
    "heading_match",
    "passage_rank",
    "passage_similarity",
    "rule_quote",
    "list_item",
    "introducer",
    "dangling",
    "caveat",
    "log_words",
    "part_phrase",
    "part_names",
    "part_similarity_rank",
    "part_focus_rank",
    "part_own_focus",
)

_MONTHS = r"january|february|march|april|may|june|july|august|september|october|november|december"
_TYPE_EVIDENCE: dict[str, re.Pattern[str]] = {
    "amount": re.compile(
        r"\$\s?\d|\b\d[\d,.]*\s*(million|billion|thousand|percent)\b|\d%|\b(no|one|two|three|four|"
        r"five|six|seven|eight|nine|ten)\b.*\b(members|directors|categories|years|months)\b",
        re.I,
    ),
    "percent": re.compile(r"\d\s?%|\bpercent\b", re.I),
    "date": re.compile(rf"\b({_MONTHS})\b|\b(19|20)\d\d\b", re.I),
    "duration": re.compile(
        r"\b\d+(\.\d+)?\s*(to \d+ )?(days?|weeks?|months?|years?)\b|\b(one|two|three|five|ten) "
        r"(days?|months?|years?)\b",
        re.I,
    ),
    "list": re.compile(r":\s*$|\bthe following\b|;|,.*,.*\band\b", re.I),
    "yes_no": re.compile(r"\b(not|no|cannot|can|may|must|does|do not|is not|are not|only|never|also|both)\b", re.I),
    "definition": re.compile(r"\b(is|are) (a|an|the)\b|\bmeans\b|\brefers to\b|\bis defined\b", re.I),
    "procedure": re.compile(r"\b(apply|applies|submit|submits|file|register|through|must|steps?|first|then)\b", re.I),
    "entity": re.compile(r"\b[A-Z][a-z]+ [A-Z][a-z]+\b|\b[A-Z]{2,}\b"),
    "other": re.compile(r"."),
}


# Names and codes in a question ("Russia", "Germany", "3A090.a", "A:5", "SCRI"): a sentence that does not
# name them rarely answers it. Words after the first that start with a capital or hold a digit.
_NAME = re.compile(r"(?<=\S\s)(?:[A-Z][\w.:&-]*|[\w.:-]*\d[\w.:%-]*)")


def names_of(text: str, common: frozenset[str]) -> frozenset[str]:
    return frozenset(t for m in _NAME.finditer(text) for t in terms(m.group(0))) - common


def _rank_share(values: np.ndarray) -> np.ndarray:
    """1 for the best value of a row, 1/2 for the second, …; equal values share a rank."""
    out = np.empty_like(values)
    for i, row in enumerate(values):
        descending = -np.unique(row)[::-1]
        out[i] = 1.0 / (1.0 + np.searchsorted(descending, -row))
    return out


def type_match(part: Part, text: str) -> float:
    return _type_match(part.answer_type, text)


@lru_cache(maxsize=65536)
def _type_match(answer_type: str, text: str) -> float:
    """Per (answer type, corpus sentence): ten types times the corpus's sentences, worked out once (ADR 0056)."""
    return 1.0 if _TYPE_EVIDENCE[answer_type].search(text) else 0.0


@lru_cache(maxsize=8192)
def _heading_terms(heading_path: str) -> frozenset[str]:
    return frozenset(terms(heading_path))


def feature_rows(
    parts: list[Part],
    pool: list[Candidate],
    passages: list[Passage],
    common: frozenset[str],
    part_vectors: np.ndarray,
) -> np.ndarray:
    """A (parts, candidates, features) array. `part_vectors` holds one vector per part (the question's
    own vector when the question is a single part and nothing else)."""
    best = max((c.similarity for c in pool), default=0.0)
    question_focus = frozenset().union(*(p.focus for p in parts)) - common
    headings = [_heading_terms(p.heading_path) for p in passages]
    count = max(len(passages), 1)
    idf = _idf(pool)
    focus_of = [part.focus - common or part.focus for part in parts]
    phrases_of = [bigrams_of(part.text) for part in parts]
    names = [names_of(part.text, common) for part in parts]
    weight_of = [sum(idf.get(t, 1.0) for t in focus) or 1.0 for focus in focus_of]
    own_of = [part.own - common for part in parts]
    own_weight = [sum(idf.get(t, 1.0) for t in own) or 1.0 for own in own_of]
    out = np.zeros((len(parts), len(pool), len(FEATURES)), dtype=np.float32)
    for j, c in enumerate(pool):
        passage = passages[c.passage_rank]
        shared = [
            c.similarity,
            c.similarity - best,
            0.0,
            0.0,
            0.0,
            0.0,
            0.0,
            len(c.terms & question_focus) / len(question_focus) if question_focus else 0.0,
            0.0,
            1.0 / (1 + c.position),
            0.0,
            1.0 - c.passage_rank / count,
            passage.dense_similarity or 0.0,
            1.0 if c.quotes_rule else (0.5 if c.rule_quote is not None else 0.0),
            float(c.list_item),
            float(c.introducer),
            float(c.dangling),
            float(c.caveat),
            math.log(1 + c.words) / 4,
        ]
        for i, part in enumerate(parts):
            focus = focus_of[i]
            row = list(shared)
            row[2] = float(np.dot(c.vector, part_vectors[i]))
            row[4] = len(c.terms & focus) / len(focus) if focus else 0.0
            row[5] = sum(idf.get(t, 1.0) for t in c.terms & focus) / weight_of[i]
            row[8] = type_match(part, c.text)
            row[10] = len(headings[c.passage_rank] & focus) / len(focus) if focus else 0.0
            row.append(len(c.bigrams & phrases_of[i]) / len(phrases_of[i]) if phrases_of[i] else 0.0)
            row.append(len(c.terms & names[i]) / len(names[i]) if names[i] else 0.0)
            row += [0.0, 0.0]
            # the rare words the part itself asks about, not those it borrowed from an earlier part
            row.append(sum(idf.get(t, 1.0) for t in c.terms & own_of[i]) / own_weight[i])
            out[i, j] = row
    if pool:  # how far each sentence is from the part's best match, in meaning and on rare focus words
        out[:, :, 3] = out[:, :, 2] - out[:, :, 2].max(axis=1, keepdims=True)
        out[:, :, 6] = out[:, :, 5] - out[:, :, 5].max(axis=1, keepdims=True)
        out[:, :, 21] = _rank_share(out[:, :, 2])
        out[:, :, 22] = _rank_share(out[:, :, 5])
    return out


def _idf(pool: list[Candidate]) -> dict[str, float]:
    """Rarer terms among the candidate sentences weigh more: they tell the sentences apart."""
    df: dict[str, int] = {}
    for c in pool:
        for t in c.terms:
            df[t] = df.get(t, 0) + 1
    n = len(pool)
    return {t: math.log((n + 1) / (k + 0.5)) for t, k in df.items()}
