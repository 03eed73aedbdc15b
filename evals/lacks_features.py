"""Features of a "the sources lack this part" check: does what the candidate sentences state answer a part of
the question, or do the sources lack it? (ADR 0095; measured by `python -m evals.lacks_check`, not deployed.)

The question-form classifier (assistant/answer/abstain_model.py) catches parts no dated source can hold
(this month's rate, one buyer's premium). An ordinary-looking question about a fact the corpus simply does
not state ("How many risk levels does the CC system have for sovereign obligors?" when it gives only the
private-sector count) looks like any other; only the candidate sentences can tell. These are numbers a
person can check, computed from what the composer already has for a part (evals/lacks_check.py `reading`):
its candidate sentences, their ranker features and probabilities, the question-form probability, and how
rare each of the part's words is in the corpus.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from assistant.answer.candidates import Candidate
from assistant.answer.features import FEATURES, names_of, type_match
from assistant.answer.parts import Part

# How many of a part's likeliest sentences are read for the asked answer type near its focus words.
TOP = 5
_FIGURE = re.compile(r"\d[\d,.]*")
# Answer types whose answer is a figure: a sentence without one cannot state it.
_FIGURED = frozenset({"amount", "percent", "date", "duration"})
_COL = {name: i for i, name in enumerate(FEATURES)}

LACK_FEATURES = (
    # The question-form classifier's P(no dated source can know the part); a probability, not log-odds, so a
    # question that merely looks ordinary (as every part this model decides on does) cannot outvote the sentences.
    "form_probability",
    "best_probability",  # the ranker's best P(sentence answers the part)
    "top_probability_mean",  # mean over the part's TOP likeliest sentences
    "best_part_similarity",  # closest sentence in meaning to the part
    "best_similarity",  # closest sentence to the whole question
    # Focus words are counted only when the corpus uses them: "exactly" or "rn" are no evidence either way.
    "best_focus",  # largest share of the part's focus words one sentence holds
    "best_focus_rare",  # the same, words rarer in the corpus weighing more (log chunks / chunks using it)
    "top_focus_rare",  # that share for the part's TOP likeliest sentences together
    "rarest_in_top",  # the part's rarest focus word is in one of its 3 likeliest sentences
    "focus_anywhere",  # share of the part's focus words some candidate sentence holds
    "unknown_specific",  # the part names a code, figure or name the corpus never uses ("NAICS 334413")
    "names_anywhere",  # share of the part's names and codes some candidate holds (1 when it names none)
    "figures_anywhere",  # share of the part's own figures ("15 yr", "334413") some candidate holds
    "typed_near_focus",  # best (has the asked answer type) x (focus share) among the TOP sentences
    "typed_probability",  # the ranker's best probability among sentences holding the asked answer type
    "best_phrase",  # largest share of the part's word pairs one sentence holds
    "rare_pair_together",  # the part's two rarest focus words stand in one candidate sentence
    "typed_with_rarest",  # best (asked answer type) x (focus share) over sentences holding the rarest focus word
    "lead_misses_rare",  # rarity of the rarest focus word its likeliest sentence lacks, over the rarest's
    "says_unknown",  # one of the TOP sentences says the thing is not published or not known
    "figure_type",  # the part asks for a figure (amount, percent, date, duration)
    "list_type",  # the part asks for a list
    "yes_no_type",  # the part asks yes or no
)
# A source sentence saying the thing asked is not published, not public or not known ("No ExportAI country
# list had been published in the sources read"): the corpus itself says it lacks the answer.
_SAYS_UNKNOWN = re.compile(
    r"\bnot (?:been |yet )?(?:public|published|made public|disclosed|stated|specified|announced|released|known)\b"
    r"|\bno [\w\s-]{0,40}\b(?:had|has|have) been (?:published|made public|announced|released|disclosed)\b"
    r"|\b(?:did|does|do) not (?:say|state|specify|publish|disclose|give)\b|\bwas not found\b|\bwere not found\b"
    r"|\bunknown\b|\bunclear\b",
    re.I,
)


@dataclass(frozen=True)
class LackModel:
    """A logistic regression over standardised LACK_FEATURES: P(the sources lack the part)."""

    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float

    def probability(self, x: np.ndarray) -> np.ndarray:
        z = ((np.asarray(x, dtype=np.float64) - self.mean) / self.scale) @ self.weights + self.bias
        return np.asarray(1.0 / (1.0 + np.exp(-z)))


def lack_rows(
    parts: list[Part],
    pool: list[Candidate],
    rows: np.ndarray,
    probs: np.ndarray,
    form: list[float],
    common: frozenset[str],
    rarity: Callable[[str], float],
) -> np.ndarray:
    """A (parts, LACK_FEATURES) array from the ranker's (parts, candidates, features) `rows`, its
    (parts, candidates) `probs`, the question-form probability of each part and the corpus's vocabulary."""
    out = np.zeros((len(parts), len(LACK_FEATURES)), dtype=np.float64)
    if not pool:
        return out
    held = frozenset().union(*(c.terms for c in pool))
    figures_held = " ".join(c.text for c in pool)
    best_similarity = max(c.similarity for c in pool)
    for i, part in enumerate(parts):
        rare = {t: rarity(t) for t in part.focus | names_of(part.text, common)}
        focus = frozenset(t for t in (part.focus - common or part.focus) if rare[t] > 0)
        names = names_of(part.text, common)
        specific = names | {t for t in part.focus if any(ch.isdigit() for ch in t)}
        figures = [f.strip(".,") for f in _FIGURE.findall(part.text)]
        top = [int(j) for j in np.argsort(-probs[i])[:TOP]]
        shares = [len(c.terms & focus) / len(focus) if focus else 1.0 for c in pool]
        weight = sum(rare[t] for t in focus) or 1.0
        rarest = max(focus, key=lambda t: (rare[t], t)) if focus else None
        typed = [type_match(part, c.text) for c in pool]
        typed_probs = [float(p) for p, t in zip(probs[i], typed, strict=True) if t]
        together = frozenset().union(*(pool[j].terms for j in top))
        pair = frozenset(sorted(focus, key=lambda t: (-rare[t], t))[:2])
        out[i] = [
            form[i],
            float(probs[i].max()),
            float(probs[i][top].mean()),
            float(rows[i, :, _COL["part_similarity"]].max()),
            best_similarity,
            max(shares),
            max(sum(rare[t] for t in c.terms & focus) for c in pool) / weight if focus else 1.0,
            sum(rare[t] for t in focus & together) / weight if focus else 1.0,
            float(rarest is None or any(rarest in pool[j].terms for j in top[:3])),
            len(focus & held) / len(focus) if focus else 1.0,
            float(any(rare.get(t, 0.0) == 0 for t in specific)),
            len(names & held) / len(names) if names else 1.0,
            sum(f in figures_held for f in figures) / len(figures) if figures else 1.0,
            max(typed[j] * shares[j] for j in top),
            max(typed_probs, default=0.0),
            float(rows[i, :, _COL["part_phrase"]].max()),
            float(len(pair) < 2 or any(pair <= c.terms for c in pool)),
            max((typed[j] * shares[j] for j, c in enumerate(pool) if rarest in c.terms), default=0.0),
            max((rare[t] for t in focus - pool[top[0]].terms), default=0.0) / (rare[rarest] if rarest else 1.0),
            float(any(_SAYS_UNKNOWN.search(pool[j].text) for j in top[:3])),
            float(part.answer_type in _FIGURED),
            float(part.answer_type == "list"),
            float(part.answer_type == "yes_no"),
        ]
    return out
