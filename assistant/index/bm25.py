"""BM25 side index (bm25s) over the same chunks as the vector collection."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import bm25s
import numpy as np

from assistant.index.analysis import terms


@dataclass(frozen=True)
class LexicalHit:
    position: int  # row in the build's chunk list
    score: float


class LexicalIndex:
    def __init__(self, retriever: bm25s.BM25, size: int) -> None:
        self._retriever = retriever
        self._size = size
        self._vocab = set(retriever.vocab_dict)
        # Chunks using each term (the term's column length in bm25s's sparse score matrix; bm25s adds an
        # empty token with no column).
        indptr = np.asarray(retriever.scores["indptr"])
        self._chunk_counts = {
            t: int(indptr[i + 1] - indptr[i]) for t, i in retriever.vocab_dict.items() if i + 1 < len(indptr)
        }

    @classmethod
    def build(cls, texts: list[str]) -> LexicalIndex:
        retriever = bm25s.BM25()
        retriever.index([terms(t) for t in texts], show_progress=False)
        return cls(retriever, len(texts))

    def save(self, folder: Path) -> None:
        self._retriever.save(str(folder), show_progress=False)

    @classmethod
    def load(cls, folder: Path, size: int) -> LexicalIndex:
        return cls(bm25s.BM25.load(str(folder), show_progress=False, verbosity=0), size)

    def chunks_with(self, term: str) -> int:
        """How many chunks of the corpus use `term` (an analysed term, as `terms` gives it); 0 if none."""
        return self._chunk_counts.get(term, 0)

    @property
    def size(self) -> int:
        return self._size

    def search(self, query: str, k: int) -> list[LexicalHit]:
        if k <= 0:
            raise ValueError(f"k must be positive, got {k}")
        query_terms = [t for t in terms(query) if t in self._vocab]
        if not query_terms:
            return []
        scores = self._retriever.get_scores(query_terms)
        top = np.argsort(-scores)[:k]
        return [LexicalHit(int(i), float(scores[i])) for i in top if scores[i] > 0]
