"""The learned abstention classifier (config/answer/abstention-model.json): can the dated corpus know
what this part of a question asks? (ADR 0013)

Inputs a person can read: TF-IDF word uni- and bigrams, TF-IDF character 2–5-grams (spelling and
shorthand: "whats the cirr", "pls"), one 0/1 column per cue of config/answer/abstention.yaml — the
regex kinds themselves, and question-type cues such as "this month / today", "my / our", "so far",
a named company, a sum of money, "will … approve" — and the part's sentence vector (the one the
composer computes anyway), so a paraphrase no example shares words with still lands near its kind.
A logistic regression gives P(the sources cannot know it); a part is declined when that reaches
`decline_at`, and a second one, fitted on the unknowable parts only, names its kind (for the
wording). Nothing pickled: vocabularies, IDF weights and coefficients are JSON, and scoring a part
costs about a millisecond. `make train-abstention` (evals/train_abstention.py) writes it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

MODEL_FILE = Path("answer") / "abstention-model.json"
ANSWERABLE = "answerable"


def vectorizer(kind: str, **params: Any) -> TfidfVectorizer:
    """The word or character vectorizer, configured identically for training and for a turn."""
    if kind == "word":
        return TfidfVectorizer(ngram_range=(1, 2), token_pattern=r"(?u)\b[\w$%/.-]+\b", sublinear_tf=True, **params)
    return TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, **params)


class Cues:
    """Named regular expressions, each one 0/1 input; matched on the text as typed (some look at case)."""

    def __init__(self, cues: dict[str, list[str]]) -> None:
        self.names = list(cues)
        self._patterns = [re.compile("|".join(f"(?:{p})" for p in cues[n]), re.IGNORECASE) for n in self.names]

    def row(self, text: str) -> list[float]:
        return [1.0 if p.search(text) else 0.0 for p in self._patterns]

    def fired(self, text: str) -> list[str]:
        return [n for n, p in zip(self.names, self._patterns, strict=True) if p.search(text)]


def features(
    word: TfidfVectorizer,
    char: TfidfVectorizer,
    cues: Cues,
    texts: list[str],
    vectors: Any,
    weights: tuple[float, float],
) -> Any:
    """Word, character and cue columns and the part's sentence vector side by side (a few thousand
    columns). `weights` scale the cue and the vector columns."""
    lowered = [t.casefold() for t in texts]
    cue_rows = np.asarray([cues.row(t) for t in texts], dtype=np.float64).reshape(len(texts), -1) * weights[0]
    dense = np.asarray(vectors, dtype=np.float64).reshape(len(texts), -1) * weights[1]
    return np.hstack([word.transform(lowered).toarray(), char.transform(lowered).toarray(), cue_rows, dense])


class AbstentionModel:
    """Two logistic regressions over the same inputs: one decides "can the sources know this part?"
    (answerable or not), the other names the kind of a part they cannot know (for the wording)."""

    def __init__(self, payload: dict[str, Any], cues: Cues) -> None:
        if payload["cues"] != cues.names:
            raise ValueError("the cues of config/answer/abstention.yaml changed: run `make train-abstention`")
        self.version: str = payload["version"]
        self.kinds: list[str] = payload["kinds"]
        self.cues = cues
        self.weights = (float(payload["cue_weight"]), float(payload["embedding_weight"]))
        self.word = self.restore("word", payload["word"])
        self.char = self.restore("char", payload["char"])
        self._decide = np.asarray(payload["decide_coef"], dtype=np.float64)
        self._decide_bias = float(payload["decide_intercept"])
        self._kind = np.asarray(payload["kind_coef"], dtype=np.float64).reshape(len(self.kinds), -1)
        self._kind_bias = np.asarray(payload["kind_intercept"], dtype=np.float64)

    @classmethod
    def load(cls, config_dir: Path, cues: Cues) -> AbstentionModel:
        return cls(json.loads((config_dir / MODEL_FILE).read_text()), cues)

    @staticmethod
    def restore(kind: str, block: dict[str, Any]) -> TfidfVectorizer:
        vec = vectorizer(kind, vocabulary={term: i for i, term in enumerate(block["terms"])})
        vec.idf_ = np.asarray(block["idf"], dtype=np.float64)
        return vec

    def predict(self, texts: list[str], vectors: Any) -> list[tuple[float, str]]:
        """For each text (with its sentence vector): P(the dated sources cannot know it) and the
        likeliest kind if they cannot."""
        if not texts:
            return []
        x = features(self.word, self.char, self.cues, texts, vectors, self.weights)
        cannot = 1.0 / (1.0 + np.exp(-(np.asarray(x @ self._decide).ravel() + self._decide_bias)))
        kind_logits = np.asarray(x @ self._kind.T).reshape(len(texts), -1) + self._kind_bias
        return [(float(p), self.kinds[int(np.argmax(k))]) for p, k in zip(cannot, kind_logits, strict=True)]
