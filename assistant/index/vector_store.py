"""The narrow vector-store interface the rest of the app sees, and an in-memory implementation.

Chroma's types stay inside `chroma_store.py`; everything else talks to `VectorStore`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

from assistant.index.embedder import Vectors

Metadata = dict[str, str | int | float | bool]


@dataclass(frozen=True)
class VectorHit:
    id: str
    similarity: float  # cosine similarity, 1.0 = same direction


@dataclass(frozen=True)
class VectorRecord:
    id: str
    embedding: Vectors
    document: str
    metadata: Metadata


class VectorStore(Protocol):
    def list_collections(self) -> list[str]: ...

    def create_collection(self, name: str) -> None: ...

    def delete_collection(self, name: str) -> None: ...

    def add(
        self, name: str, ids: list[str], embeddings: Vectors, documents: list[str], metadatas: list[Metadata]
    ) -> None: ...

    def count(self, name: str) -> int: ...

    def query(self, name: str, embedding: Vectors, k: int) -> list[VectorHit]: ...

    def get(self, name: str, ids: list[str]) -> list[VectorRecord]: ...


class InMemoryVectorStore:
    """Exact cosine search over numpy arrays; for tests and as the reference for the contract suite."""

    def __init__(self) -> None:
        self._collections: dict[str, dict[str, VectorRecord]] = {}

    def list_collections(self) -> list[str]:
        return sorted(self._collections)

    def create_collection(self, name: str) -> None:
        if name in self._collections:
            raise ValueError(f"collection {name!r} already exists")
        self._collections[name] = {}

    def delete_collection(self, name: str) -> None:
        self._require(name)
        del self._collections[name]

    def add(
        self, name: str, ids: list[str], embeddings: Vectors, documents: list[str], metadatas: list[Metadata]
    ) -> None:
        rows = self._require(name)
        if not (len(ids) == len(embeddings) == len(documents) == len(metadatas)):
            raise ValueError("ids, embeddings, documents and metadatas must have the same length")
        for i, id_ in enumerate(ids):
            rows[id_] = VectorRecord(id_, np.asarray(embeddings[i], dtype=np.float32), documents[i], dict(metadatas[i]))

    def count(self, name: str) -> int:
        return len(self._require(name))

    def query(self, name: str, embedding: Vectors, k: int) -> list[VectorHit]:
        if k <= 0:
            raise ValueError(f"k must be positive, got {k}")
        rows = list(self._require(name).values())
        if not rows:
            return []
        matrix = np.stack([r.embedding for r in rows])
        norms = np.linalg.norm(matrix, axis=1) * (np.linalg.norm(embedding) or 1.0)
        sims = matrix @ embedding / np.where(norms == 0, 1.0, norms)
        order = np.argsort(-sims)[:k]
        return [VectorHit(rows[i].id, float(sims[i])) for i in order]

    def get(self, name: str, ids: list[str]) -> list[VectorRecord]:
        rows = self._require(name)
        return [rows[i] for i in ids if i in rows]

    def _require(self, name: str) -> dict[str, VectorRecord]:
        if name not in self._collections:
            raise KeyError(f"no collection named {name!r}")
        return self._collections[name]
