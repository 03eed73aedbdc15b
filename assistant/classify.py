"""Nearest-labelled-example classification over the packaged embedder (guardrails and routing)."""

from __future__ import annotations

import threading

from assistant.index.embedder import Embedder, Vectors


class ExampleClassifier:
    """Holds labelled example sentences; embeds them once, on first use."""

    def __init__(self, examples: dict[str, list[str]], embedder: Embedder) -> None:
        if not any(examples.values()):
            raise ValueError("at least one labelled example is needed")
        self.examples = {label: list(texts) for label, texts in examples.items() if texts}
        self.embedder = embedder
        self._lock = threading.Lock()
        self._matrix: Vectors | None = None
        self._labels: list[str] = []

    def warm_up(self) -> None:
        with self._lock:
            if self._matrix is None:
                texts = [t for texts in self.examples.values() for t in texts]
                self._labels = [label for label, texts in self.examples.items() for _ in texts]
                self._matrix = self.embedder.embed_documents(texts)

    def best_by_label(self, vector: Vectors) -> dict[str, float]:
        """Highest cosine similarity to any example of each label."""
        self.warm_up()
        assert self._matrix is not None
        sims = self._matrix @ vector
        best: dict[str, float] = {}
        for label, sim in zip(self._labels, sims, strict=True):
            best[label] = max(best.get(label, -1.0), float(sim))
        return best

    def nearest(self, vector: Vectors) -> tuple[str, float]:
        best = self.best_by_label(vector)
        label = max(best, key=best.__getitem__)
        return label, best[label]


def top_margin(best: dict[str, float], label: str) -> float:
    """How far `label` is ahead of the best other label (negative when behind)."""
    others = [v for k, v in best.items() if k != label]
    return best.get(label, -1.0) - (max(others) if others else -1.0)
