"""The learned sentence ranker: a logistic regression over the explainable features of features.py.

Trained by `make train-composer` (evals/train_composer.py) from labelled sentences of the dev sets; its
weights are a small versioned file, `config/answer/ranker.json` (ADR 0010). Scoring needs only numpy.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.answer.features import FEATURES

RANKER_FILE = Path("answer") / "ranker.json"


@dataclass(frozen=True)
class SentenceRanker:
    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float

    @classmethod
    def load(cls, config_dir: Path) -> SentenceRanker:
        data = json.loads((config_dir / RANKER_FILE).read_text())
        return cls.from_json(data)

    @classmethod
    def from_json(cls, data: dict) -> SentenceRanker:
        names = tuple(data["features"])
        if names != FEATURES:
            raise ValueError(
                f"{RANKER_FILE} was trained on features {names}, the composer computes {FEATURES}: "
                "run `make train-composer`"
            )
        return cls(
            names,
            np.asarray(data["mean"], dtype=np.float32),
            np.asarray(data["scale"], dtype=np.float32),
            np.asarray(data["weights"], dtype=np.float32),
            float(data["bias"]),
        )

    @classmethod
    def neutral(cls) -> SentenceRanker:
        """Closeness in meaning alone: what the composer uses before `make train-composer` first runs."""
        weights = np.zeros(len(FEATURES), dtype=np.float32)
        weights[FEATURES.index("similarity")] = 1.0
        ones = np.ones(len(FEATURES), dtype=np.float32)
        return cls(FEATURES, np.zeros(len(FEATURES), dtype=np.float32), ones, weights, 0.0)

    def to_json(self) -> dict:
        return {
            "features": list(self.features),
            "mean": [round(float(x), 6) for x in self.mean],
            "scale": [round(float(x), 6) for x in self.scale],
            "weights": [round(float(x), 6) for x in self.weights],
            "bias": round(self.bias, 6),
        }

    def probability(self, rows: np.ndarray) -> np.ndarray:
        """P(the sentence holds a fact the question asks for), for rows of any leading shape."""
        z = ((rows - self.mean) / self.scale) @ self.weights + self.bias
        return 1.0 / (1.0 + np.exp(-z))
