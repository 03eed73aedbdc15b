"""Chroma behind the `VectorStore` interface: embedded `PersistentClient` or a `chroma run` server.

Vectors are always computed by our embedder and passed in. The collection still records a
registered embedding function so that nobody opening it falls back to Chroma's default ONNX
embedder, which would try to download a model (research/stack.md §3).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import chromadb
import httpx
import numpy as np
from chromadb.api.fastapi import FastAPI as ChromaHttpAPI
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.config import Settings as ChromaClientSettings
from chromadb.errors import NotFoundError
from chromadb.utils.embedding_functions import register_embedding_function

from assistant.index.embedder import PackagedMiniLM, Vectors
from assistant.index.vector_store import Metadata, VectorHit, VectorRecord

_MAX_BATCH = 4096  # below Chroma's max batch size (5,461 measured)


@register_embedding_function
class PackagedMiniLMFunction(EmbeddingFunction[Documents]):
    """Registered with Chroma by name; stores no path, so a moved venv still reopens offline."""

    _shared: PackagedMiniLM | None = None

    def __init__(self) -> None:
        pass

    def __call__(self, input: Documents) -> Embeddings:
        if PackagedMiniLMFunction._shared is None:
            PackagedMiniLMFunction._shared = PackagedMiniLM()
        return list(PackagedMiniLMFunction._shared.embed_documents(list(input)))

    @staticmethod
    def name() -> str:
        return "exporters-packaged-minilm-l6-v2"

    def get_config(self) -> dict[str, Any]:
        return {}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> PackagedMiniLMFunction:
        return PackagedMiniLMFunction()

    def default_space(self) -> str:  # type: ignore[override]
        return "cosine"

    def supported_spaces(self) -> list[str]:  # type: ignore[override]
        return ["cosine", "l2", "ip"]


def _bounded_http_init(self: ChromaHttpAPI, system: Any) -> None:
    """chromadb's HTTP client with a time limit on every request (its own session has `timeout=None`,
    so a hung server would hold a thread for ever). The limit is the client settings'
    `chroma_query_request_timeout_seconds`; it covers the requests the client makes while connecting."""
    _stock_http_init(self, system)
    self._session.timeout = httpx.Timeout(float(system.settings.chroma_query_request_timeout_seconds))


# chromadb accepts only its own class names as the HTTP implementation, so the limit is added to that
# class, once, when this adapter is imported.
_stock_http_init = ChromaHttpAPI.__init__
ChromaHttpAPI.__init__ = _bounded_http_init  # type: ignore[method-assign]


class ChromaVectorStore:
    def __init__(self, client: Any) -> None:
        self._client = client
        self._handles: dict[str, Any] = {}

    @classmethod
    def embedded(cls, path: Path) -> ChromaVectorStore:
        path.mkdir(parents=True, exist_ok=True)
        settings = ChromaClientSettings(anonymized_telemetry=False, allow_reset=False)
        return cls(chromadb.PersistentClient(path=str(path), settings=settings))

    @classmethod
    def http(cls, host: str, port: int, timeout_seconds: float = 60.0) -> ChromaVectorStore:
        """A `chroma run` server, every request bounded by `timeout_seconds` (see _bounded_http_init)."""
        settings = ChromaClientSettings(
            anonymized_telemetry=False, chroma_query_request_timeout_seconds=max(1, math.ceil(timeout_seconds))
        )
        return cls(chromadb.HttpClient(host=host, port=port, settings=settings))

    def list_collections(self) -> list[str]:
        return sorted(c.name for c in self._client.list_collections())

    def create_collection(self, name: str) -> None:
        self._handles[name] = self._client.create_collection(
            name,
            embedding_function=PackagedMiniLMFunction(),
            configuration={"hnsw": {"space": "cosine"}},
        )

    def delete_collection(self, name: str) -> None:
        self._handles.pop(name, None)
        self._client.delete_collection(name)

    def add(
        self, name: str, ids: list[str], embeddings: Vectors, documents: list[str], metadatas: list[Metadata]
    ) -> None:
        if not (len(ids) == len(embeddings) == len(documents) == len(metadatas)):
            raise ValueError("ids, embeddings, documents and metadatas must have the same length")
        collection = self._collection(name)
        for start in range(0, len(ids), _MAX_BATCH):
            end = start + _MAX_BATCH
            collection.add(
                ids=ids[start:end],
                embeddings=np.asarray(embeddings[start:end], dtype=np.float32),
                documents=documents[start:end],
                metadatas=metadatas[start:end],
            )

    def count(self, name: str) -> int:
        return int(self._collection(name).count())

    def query(self, name: str, embedding: Vectors, k: int) -> list[VectorHit]:
        if k <= 0:
            raise ValueError(f"k must be positive, got {k}")
        collection = self._collection(name)
        result = collection.query(
            query_embeddings=np.asarray([embedding], dtype=np.float32), n_results=k, include=["distances"]
        )
        ids, distances = result["ids"][0], (result["distances"] or [[]])[0]
        # Chroma's cosine space returns distance = 1 - cosine similarity.
        return [VectorHit(i, 1.0 - float(d)) for i, d in zip(ids, distances, strict=True)]

    def get(self, name: str, ids: list[str]) -> list[VectorRecord]:
        if not ids:
            return []
        result = self._collection(name).get(ids=ids, include=["embeddings", "documents", "metadatas"])
        records = {
            id_: VectorRecord(id_, np.asarray(emb, dtype=np.float32), doc or "", dict(meta or {}))
            for id_, emb, doc, meta in zip(
                result["ids"], result["embeddings"], result["documents"], result["metadatas"], strict=True
            )
        }
        return [records[i] for i in ids if i in records]

    def _collection(self, name: str) -> Any:
        if name not in self._handles:
            try:
                self._handles[name] = self._client.get_collection(name, embedding_function=PackagedMiniLMFunction())
            except (NotFoundError, ValueError) as exc:  # a missing collection; any other error is Chroma's health
                raise KeyError(f"no collection named {name!r}") from exc
        return self._handles[name]
