"""The classifier's inputs, built the same way for training and for a turn.

Five blocks side by side: TF-IDF word uni- and bigrams and character 2–5-grams of the **message**
(spelling variants: "licence", "license", "w/o a license"); TF-IDF words of the conversation's
**earlier questions** in a vocabulary of their own, so a set-up's first turn ("we have a buyer in
Tehran") counts as context and never as the message's own words; one 0/1 column per explainable cue
of config/intent/cues.yaml (deception and concealment verbs, "without a licence", fiction or
"hypothetically" framings, claimed authority, requests to act, compliance words …); and the message's
sentence embedding, so a paraphrase no example shares words with still lands near its kind.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from assistant.guardrails.text import folded
from assistant.yaml_data import load_yaml

# Earlier questions of the conversation and the message are joined with this marker, so a set-up whose
# first turn is innocent is judged with the turn that reveals it.
TURN_JOIN = " || "


def normalise(text: str) -> str:
    return folded(text).casefold()


def split_turns(text: str) -> tuple[str, str]:
    """(the earlier questions, the message) of a joined conversation text."""
    earlier, _, last = text.rpartition(TURN_JOIN)
    return earlier.replace(TURN_JOIN, " . "), last


class Cues:
    def __init__(self, cues: dict[str, list[str]]) -> None:
        self.names = list(cues)
        self._patterns = [re.compile("|".join(f"(?:{p})" for p in cues[name]), re.IGNORECASE) for name in self.names]

    @classmethod
    def load(cls, config_dir: Path) -> Cues:
        return cls(load_yaml((config_dir / "intent" / "cues.yaml").read_text()))

    def row(self, text: str) -> list[float]:
        """One 0/1 value per cue; the last turn decides the form cues, the whole text the others."""
        last = text.rsplit(TURN_JOIN, 1)[-1]
        return [
            1.0 if pattern.search(last if name.endswith("_form") else text) else 0.0
            for name, pattern in zip(self.names, self._patterns, strict=True)
        ]

    def fired(self, text: str) -> list[str]:
        return [name for name, value in zip(self.names, self.row(normalise(text)), strict=True) if value]


def stack(
    word: Any,
    char: Any,
    context: Any,
    cue_rows: Sequence[Sequence[float]],
    vectors: np.ndarray,
    weights: dict[str, float],
) -> sp.csr_matrix:
    """The five blocks side by side (sparse: a few thousand columns, mostly zero)."""
    return sp.hstack(
        [
            word,
            char,
            context * weights["context"],
            sp.csr_matrix(np.asarray(cue_rows, dtype=np.float64) * weights["cue"]),
            sp.csr_matrix(np.asarray(vectors, dtype=np.float64) * weights["embedding"]),
        ]
    ).tocsr()
