"""The shipped intent model (config/intent/model.json): load it and score a message.

The file holds everything a turn needs and nothing pickled: the two vocabularies with their IDF
weights, the block weights, the logistic-regression coefficients, and the version and data hash it
was trained from. Scoring one message costs well under a millisecond.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from assistant.intent.features import TURN_JOIN, Cues, normalise, stack

MODEL_FILE = Path("intent") / "model.json"


def vectorizer(kind: str, **params: Any) -> TfidfVectorizer:
    """The word or character TF-IDF vectorizer, configured identically for training and loading."""
    if kind == "word":
        return TfidfVectorizer(ngram_range=(1, 2), token_pattern=r"(?u)\b[\w/.-]+\b", sublinear_tf=True, **params)
    return TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, **params)


class IntentModel:
    def __init__(self, payload: dict[str, Any], cues: Cues) -> None:
        if payload["cues"] != cues.names:
            raise ValueError("config/intent/cues.yaml changed since the model was trained: run `make train-intent`")
        self.version: str = payload["version"]
        self.labels: list[str] = payload["labels"]
        self.cues = cues
        self.cue_weight = float(payload["cue_weight"])
        self.embedding_weight = float(payload["embedding_weight"])
        self._word = self._restore("word", payload["word"])
        self._char = self._restore("char", payload["char"])
        self._coef = np.asarray(payload["coef"], dtype=np.float64)
        self._intercept = np.asarray(payload["intercept"], dtype=np.float64)

    @classmethod
    def load(cls, config_dir: Path) -> IntentModel:
        payload = json.loads((config_dir / MODEL_FILE).read_text())
        return cls(payload, Cues.load(config_dir))

    @staticmethod
    def _restore(kind: str, block: dict[str, Any]) -> TfidfVectorizer:
        vec = vectorizer(kind, vocabulary={term: i for i, term in enumerate(block["terms"])})
        vec.idf_ = np.asarray(block["idf"], dtype=np.float64)
        return vec

    def scores(self, message: str, vector: Any, earlier: list[str] | None = None) -> dict[str, float]:
        """Probability of each intent for the message (with the conversation's earlier questions)."""
        text = normalise(TURN_JOIN.join([*(earlier or []), message]))
        features = stack(
            self._word.transform([text]),
            self._char.transform([text]),
            [self.cues.row(text)],
            np.asarray(vector, dtype=np.float64).reshape(1, -1),
            self.cue_weight,
            self.embedding_weight,
        )
        logits = features @ self._coef.T + self._intercept
        logits = np.asarray(logits).ravel()
        probs = np.exp(logits - logits.max())
        probs /= probs.sum()
        return dict(zip(self.labels, (float(p) for p in probs), strict=True))
