"""What a build is keyed on and what it reuses: the text pipeline's fingerprint, the build report,
and the cache of vectors by content hash, so unchanged text is never embedded twice."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.index.embedder import Vectors
from assistant.index.snapshot import IndexSnapshot


def _text_pipeline_fingerprint() -> str:
    """Changes whenever the code that turns documents into chunks, sentences or BM25 terms changes,
    so an edit to that code rebuilds the index even when no document changed."""
    here = Path(__file__).resolve().parent.parent
    files = [
        "corpus/markdown.py",
        "corpus/chunking.py",
        "corpus/timebound.py",
        "corpus/links.py",
        "corpus/sentences.py",
        "index/analysis.py",
        "index/stopwords.txt",
    ]
    digest = hashlib.sha256()
    for name in files:
        digest.update((here / name).read_bytes())
    return "headings-" + digest.hexdigest()[:12]


CHUNKER_VERSION = _text_pipeline_fingerprint()


@dataclass(frozen=True)
class BuildReport:
    build_id: str
    collection: str
    documents: int
    chunks: int
    sentences: int
    embedded: int  # texts sent to the model in this build (chunks + sentences)
    reused: int  # texts whose vectors came from the previous build
    seconds: float
    up_to_date: bool = False

    @property
    def texts_per_second(self) -> float:
        return self.embedded / self.seconds if self.seconds and self.embedded else 0.0


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


class EmbeddingCache:
    """Vectors of the serving build, by content hash, so unchanged text is never embedded again."""

    def __init__(self, vectors: dict[str, Vectors]) -> None:
        self._vectors = vectors

    @classmethod
    def from_snapshot(cls, snapshot: IndexSnapshot | None, embedder_name: str) -> EmbeddingCache:
        if snapshot is None or snapshot.manifest.get("embedder") != embedder_name:
            return cls({})
        vectors = {s.content_hash: snapshot.chunk_vectors[i] for i, s in enumerate(snapshot.chunks)}
        vectors.update(zip(snapshot.sentence_hashes, snapshot.sentence_vectors, strict=True))
        return cls(vectors)

    def vectors_for(
        self, texts: list[str], embed: Callable[[list[str]], Vectors], dimension: int
    ) -> tuple[Vectors, int]:
        """Vectors for `texts`, embedding only the unseen ones; returns (vectors, how many were embedded)."""
        hashes = [text_hash(t) for t in texts]
        missing = sorted({h: t for h, t in zip(hashes, texts, strict=True) if h not in self._vectors}.items())
        if missing:
            fresh = embed([t for _, t in missing])
            self._vectors.update({h: fresh[i] for i, (h, _) in enumerate(missing)})
        out = np.stack([self._vectors[h] for h in hashes]) if hashes else np.zeros((0, dimension), np.float32)
        return out.astype(np.float32), len(missing)
