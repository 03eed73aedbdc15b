"""The vector store as the rest of the app sees it: any failure of Chroma (dead, hung past its timeout,
erroring) becomes DependencyUnavailable("chroma") and is recorded in the shared Health, so /readyz and
the next turns know at once. A missing collection stays a KeyError: that is the index's state, not
Chroma's health."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from assistant.errors import DependencyUnavailable
from assistant.health import Health
from assistant.index.embedder import Vectors
from assistant.index.vector_store import Metadata, VectorHit, VectorRecord, VectorStore

T = TypeVar("T")


class GuardedVectorStore:
    """`connect` builds the real store on first use (and again after a failed attempt), so a Chroma server
    that is down when the app starts makes it not ready, not unable to start."""

    def __init__(self, connect: Callable[[], VectorStore], health: Health, name: str = "chroma") -> None:
        self._connect = connect
        self._inner: VectorStore | None = None
        self._lock = threading.Lock()
        self.health = health
        self.name = name

    @property
    def inner(self) -> VectorStore:
        if self._inner is None:
            with self._lock:
                if self._inner is None:
                    self._inner = self._connect()
        return self._inner

    def _call(self, action: Callable[[], T]) -> T:
        try:
            result = action()
        except KeyError:
            self.health.succeeded(self.name)  # Chroma answered: the collection is not there
            raise
        except Exception as exc:
            reason = f"{type(exc).__name__}: {str(exc)[:160]}" if str(exc) else type(exc).__name__
            self.health.failed(self.name, reason)
            raise DependencyUnavailable(self.name, reason) from exc
        self.health.succeeded(self.name)
        return result

    def list_collections(self) -> list[str]:
        return self._call(lambda: self.inner.list_collections())

    def create_collection(self, name: str) -> None:
        self._call(lambda: self.inner.create_collection(name))

    def delete_collection(self, name: str) -> None:
        self._call(lambda: self.inner.delete_collection(name))

    def add(
        self, name: str, ids: list[str], embeddings: Vectors, documents: list[str], metadatas: list[Metadata]
    ) -> None:
        self._call(lambda: self.inner.add(name, ids, embeddings, documents, metadatas))

    def count(self, name: str) -> int:
        return self._call(lambda: self.inner.count(name))

    def query(self, name: str, embedding: Vectors, k: int) -> list[VectorHit]:
        if k <= 0:
            raise ValueError(f"k must be positive, got {k}")
        return self._call(lambda: self.inner.query(name, embedding, k))

    def get(self, name: str, ids: list[str]) -> list[VectorRecord]:
        return self._call(lambda: self.inner.get(name, ids))
