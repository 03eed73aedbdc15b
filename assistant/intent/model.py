"""The shipped intent model (config/intent/model.json): load it and score a message.

The file holds everything a turn needs and nothing pickled: the three vocabularies with their IDF
weights, the block weights, the coefficients of the two heads (the multinomial head over every label,
and the attack head: any attack against anything else), and the version and data hash it was trained
from. Scoring one message costs well under a millisecond.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from assistant.intent import ATTACKS
from assistant.intent.features import TURN_JOIN, Cues, normalise, split_turns, stack

MODEL_FILE = Path("intent") / "model.json"
BLOCKS = ("word", "char", "context")


def vectorizer(kind: str, **params: Any) -> TfidfVectorizer:
    """A block's TF-IDF vectorizer, configured identically for training and loading: words (of the
    message, or of the earlier questions) or characters."""
    if kind in ("word", "context"):
        return TfidfVectorizer(ngram_range=(1, 2), token_pattern=r"(?u)\b[\w/.-]+\b", sublinear_tf=True, **params)
    return TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, **params)


def features(
    vectorizers: dict[str, TfidfVectorizer], cues: Cues, texts: list[str], vectors: Any, weights: dict[str, float]
) -> Any:
    """The feature rows of normalised joined texts (earlier questions || message)."""
    parts = [split_turns(t) for t in texts]
    return stack(
        vectorizers["word"].transform([last for _, last in parts]),
        vectorizers["char"].transform([last for _, last in parts]),
        vectorizers["context"].transform([earlier for earlier, _ in parts]),
        [cues.row(t) for t in texts],
        np.asarray(vectors, dtype=np.float64).reshape(len(texts), -1),
        weights,
    )


class IntentModel:
    def __init__(self, payload: dict[str, Any], cues: Cues) -> None:
        if payload["cues"] != cues.names:
            raise ValueError("config/intent/cues.yaml changed since the model was trained: run `make train-intent`")
        self.version: str = payload["version"]
        self.labels: list[str] = payload["labels"]
        self.cues = cues
        self.weights: dict[str, float] = {k: float(v) for k, v in payload["weights"].items()}
        self._vectorizers = {kind: self._restore(kind, payload[kind]) for kind in BLOCKS}
        self._coef = np.asarray(payload["coef"], dtype=np.float64)
        self._intercept = np.asarray(payload["intercept"], dtype=np.float64)
        self._attack_coef = np.asarray(payload["attack_coef"], dtype=np.float64)
        self._attack_intercept = float(payload["attack_intercept"])
        self._attack_mix = float(payload["attack_mix"])
        self._attacks = [self.labels.index(a) for a in ATTACKS]
        # One turn scores one text: each block's TF-IDF row is built directly from its analyzer (sklearn's
        # transform spends most of a millisecond validating its input) and multiplied into the weights of
        # both heads at once. `rows` (sklearn's transform, for batches) gives the same numbers.
        both = np.vstack([self._coef, self._attack_coef[None, :]])
        self._analyzers, self._slices, start = [], [], 0
        for kind in BLOCKS:
            vec = self._vectorizers[kind]
            size = len(vec.vocabulary)
            self._analyzers.append((vec.build_analyzer(), vec.vocabulary, vec.idf_))
            self._slices.append(both[:, start : start + size])
            start += size
        self._cue_weights = both[:, start : start + len(cues.names)]
        self._embedding_weights = both[:, start + len(cues.names) :]
        self._both_intercept = np.append(self._intercept, self._attack_intercept)

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
        earlier_text, last = split_turns(text)
        scale = (1.0, 1.0, self.weights["context"])
        logits = self._both_intercept.copy()
        for (analyze, vocabulary, idf), weights, source, factor in zip(
            self._analyzers, self._slices, (last, last, earlier_text), scale, strict=True
        ):
            counts: dict[int, int] = {}
            for term in analyze(source):
                column = vocabulary.get(term)
                if column is not None:
                    counts[column] = counts.get(column, 0) + 1
            if counts:
                columns = np.fromiter(counts, dtype=np.intp)
                values = (1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64))) * idf[columns]
                values *= factor / np.linalg.norm(values)
                logits += weights[:, columns] @ values
        logits += self._cue_weights @ (np.asarray(self.cues.row(text)) * self.weights["cue"])
        logits += self._embedding_weights @ (np.asarray(vector, dtype=np.float64).ravel() * self.weights["embedding"])
        probs = self._combine(logits[None, :-1], logits[None, -1])[0]
        return dict(zip(self.labels, (float(p) for p in probs), strict=True))

    def rows(self, texts: list[str], vectors: Any) -> np.ndarray:
        """Probabilities, one row per normalised joined text. The attack head and the multinomial head's
        attack labels are averaged into how likely an attack is; that total is shared among the attack
        labels as the multinomial head shares it, and the rest among the others."""
        x = features(self._vectorizers, self.cues, texts, vectors, self.weights)
        logits = np.asarray(x @ self._coef.T) + self._intercept
        attack_logit = np.asarray(x @ self._attack_coef).ravel() + self._attack_intercept
        return self._combine(logits, attack_logit)

    def _combine(self, logits: np.ndarray, attack_logit: np.ndarray) -> np.ndarray:
        probs = np.exp(logits - logits.max(axis=1, keepdims=True))
        probs /= probs.sum(axis=1, keepdims=True)
        pooled = 1.0 / (1.0 + np.exp(-attack_logit))
        multi = probs[:, self._attacks].sum(axis=1)
        total = self._attack_mix * pooled + (1 - self._attack_mix) * multi
        others = [i for i in range(len(self.labels)) if i not in self._attacks]
        probs[:, self._attacks] *= (total / np.maximum(multi, 1e-12))[:, None]
        probs[:, others] *= ((1 - total) / np.maximum(1 - multi, 1e-12))[:, None]
        return probs
