"""The classifier's inputs, built the same way for training and for a turn.

Four blocks side by side: TF-IDF word uni- and bigrams, TF-IDF character 2–5-grams (spelling variants:
"licence", "license", "w/o a license"), one 0/1 column per explainable cue of config/intent/cues.yaml
(deception and concealment verbs, "without a licence", fiction or "hypothetically" framings, claimed
authority, requests to act, compliance words, question or instruction form …), and the message's
sentence embedding, so a paraphrase no example shares words with still lands near its kind.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from assistant.guardrails.text import folded

# Earlier questions of the conversation and the message are joined with this marker, so a set-up whose
# first turn is innocent is judged with the turn that reveals it.
TURN_JOIN = " || "


def normalise(text: str) -> str:
    return folded(text).casefold()


class Cues:
    def __init__(self, cues: dict[str, list[str]]) -> None:
        self.names = list(cues)
        self._patterns = [re.compile("|".join(f"(?:{p})" for p in cues[name]), re.IGNORECASE) for name in self.names]

    @classmethod
    def load(cls, config_dir: Path) -> Cues:
        return cls(yaml.safe_load((config_dir / "intent" / "cues.yaml").read_text()))

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
    cue_rows: Sequence[Sequence[float]],
    vectors: np.ndarray,
    cue_weight: float,
    embedding_weight: float,
) -> np.ndarray:
    """The four blocks side by side, dense (a few thousand columns; a turn scores one row)."""
    return np.hstack(
        [
            word.toarray(),
            char.toarray(),
            np.asarray(cue_rows, dtype=np.float64) * cue_weight,
            np.asarray(vectors, dtype=np.float64) * embedding_weight,
        ]
    )
