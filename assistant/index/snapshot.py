"""A finished build, loaded for querying: chunk records, sentence vectors and the BM25 index."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from assistant.corpus.chunking import Chunk
from assistant.corpus.timebound import TimeBound
from assistant.errors import IndexNotReady
from assistant.index.bm25 import LexicalIndex
from assistant.index.embedder import Vectors

CHUNKS_FILE = "chunks.jsonl"
CHUNK_VECTORS_FILE = "chunk_vectors.npy"
SENTENCE_VECTORS_FILE = "sentence_vectors.npy"
SENTENCE_HASHES_FILE = "sentence_hashes.json"
MANIFEST_FILE = "manifest.json"
BM25_DIR = "bm25"


@dataclass(frozen=True)
class StoredChunk:
    chunk: Chunk
    sentence_start: int
    sentence_end: int
    content_hash: str


def chunk_to_json(chunk: Chunk, sentence_start: int) -> dict[str, Any]:
    return {
        "chunk_id": chunk.chunk_id,
        "doc_id": chunk.doc_id,
        "section": chunk.section,
        "heading_path": list(chunk.heading_path),
        "title": chunk.title,
        "doc_type": chunk.doc_type,
        "url": chunk.url,
        "as_of": chunk.as_of,
        "text": chunk.text,
        "sentences": list(chunk.sentences),
        "sentence_start": sentence_start,
        "sentence_end": sentence_start + len(chunk.sentences),
        "content_hash": chunk.content_hash,
        "time_bound": [t.to_json() for t in chunk.time_bound],
    }


def _chunk_from_json(row: dict[str, Any]) -> StoredChunk:
    chunk = Chunk(
        chunk_id=row["chunk_id"],
        doc_id=row["doc_id"],
        section=row["section"],
        heading_path=tuple(row["heading_path"]),
        title=row["title"],
        doc_type=row["doc_type"],
        url=row["url"],
        as_of=row["as_of"],
        text=row["text"],
        sentences=tuple(row["sentences"]),
        time_bound=tuple(TimeBound.from_json(t) for t in row.get("time_bound", ())),
    )
    return StoredChunk(chunk, row["sentence_start"], row["sentence_end"], row["content_hash"])


class IndexSnapshot:
    def __init__(self, folder: Path) -> None:
        manifest_path = folder / MANIFEST_FILE
        if not manifest_path.exists():
            raise IndexNotReady(f"index build {folder} is incomplete (no {MANIFEST_FILE})")
        self.folder = folder
        self.manifest: dict[str, Any] = json.loads(manifest_path.read_text())
        with (folder / CHUNKS_FILE).open() as handle:
            self.chunks = [_chunk_from_json(json.loads(line)) for line in handle if line.strip()]
        self.position = {c.chunk.chunk_id: i for i, c in enumerate(self.chunks)}
        self.section_chunks: dict[tuple[str, str], list[str]] = {}
        for stored in self.chunks:  # a long section is split into several chunks, kept in reading order
            self.section_chunks.setdefault((stored.chunk.doc_id, stored.chunk.section), []).append(
                stored.chunk.chunk_id
            )
        self.chunk_vectors: Vectors = np.load(folder / CHUNK_VECTORS_FILE)
        self.sentence_vectors: Vectors = np.load(folder / SENTENCE_VECTORS_FILE)
        self.sentence_hashes: list[str] = json.loads((folder / SENTENCE_HASHES_FILE).read_text())
        self.lexical = LexicalIndex.load(folder / BM25_DIR, len(self.chunks))

    @property
    def build_id(self) -> str:
        return str(self.manifest["build_id"])

    @property
    def collection(self) -> str:
        return str(self.manifest["collection"])

    def get(self, chunk_id: str) -> StoredChunk:
        return self.chunks[self.position[chunk_id]]

    def sentence_vectors_for(self, chunk_id: str) -> Vectors:
        stored = self.get(chunk_id)
        return self.sentence_vectors[stored.sentence_start : stored.sentence_end]

    def documents(self) -> dict[str, dict[str, Any]]:
        return dict(self.manifest["documents"])
