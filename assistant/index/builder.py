"""Build the index: load and validate the corpus, embed only what changed, swap in when complete.

Order matters for safety: every document is validated before anything is written; the new Chroma
collection and side files are written under a new build id; only a complete, verified build is
made active by an atomic rename of `active.json`. A failure at any point leaves the serving index
as it was.
"""

from __future__ import annotations

import fcntl
import json
import logging
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from assistant.corpus.chunking import Chunk, chunk_document
from assistant.corpus.loader import corpus_hash, load_corpus
from assistant.corpus.models import Document
from assistant.errors import IndexBuildError
from assistant.index.bm25 import LexicalIndex
from assistant.index.build_inputs import CHUNKER_VERSION, BuildReport, EmbeddingCache, text_hash
from assistant.index.embedder import Embedder
from assistant.index.layout import ActiveIndex, IndexLayout
from assistant.index.published import PublishedIndex
from assistant.index.snapshot import (
    BM25_DIR,
    CHUNK_VECTORS_FILE,
    CHUNKS_FILE,
    MANIFEST_FILE,
    SENTENCE_HASHES_FILE,
    SENTENCE_VECTORS_FILE,
    IndexSnapshot,
    chunk_to_json,
)
from assistant.index.vector_store import Metadata, VectorStore

log = logging.getLogger(__name__)


class IndexBuilder:
    def __init__(
        self,
        documents_dir: Path,
        layout: IndexLayout,
        store: VectorStore,
        embedder: Embedder,
        collection_prefix: str,
        progress: bool = False,
        published: PublishedIndex | None = None,
    ) -> None:
        self.documents_dir = documents_dir
        self.layout = layout
        self.store = store
        self.embedder = embedder
        self.prefix = collection_prefix
        self.progress = progress
        self.published = published

    def build(self, force: bool = False) -> BuildReport:
        started = time.perf_counter()
        documents = load_corpus(self.documents_dir)  # raises CorpusError naming the file; nothing written yet
        digest = corpus_hash(documents)
        with self._exclusive():
            active = self.layout.read_active()
            current = self._open(active)
            if current is not None and not force and self._same_build(current, digest):
                assert active is not None
                if self.published is not None and self.published.active() != active:
                    self.published.publish(self.layout, active)  # e.g. a new shared database
                return self._report(current, 0, 0, time.perf_counter() - started, up_to_date=True)
            build_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f") + "-" + digest[:10]
            collection = f"{self.prefix}-{build_id}"
            try:
                embedded, reused = self._write_build(documents, digest, build_id, collection, current)
                snapshot = IndexSnapshot(self.layout.build_dir(build_id))
                if self.store.count(collection) != len(snapshot.chunks):
                    raise IndexBuildError(f"collection {collection} is incomplete after writing")
            except BaseException as exc:
                self._discard(build_id, collection)
                if isinstance(exc, IndexBuildError | KeyboardInterrupt):
                    raise
                raise IndexBuildError(f"index build failed, the serving index is unchanged: {exc}") from exc
            new = ActiveIndex(
                build_id,
                collection,
                previous_build_id=active.build_id if active else None,
                previous_collection=active.collection if active else None,
            )
            if self.published is not None:
                try:  # other nodes serve it from here on; a build that cannot be published is not swapped in
                    self.published.publish(self.layout, new)
                except Exception as exc:
                    self._discard(build_id, collection)
                    raise IndexBuildError(
                        f"could not publish the build; the serving index is unchanged: {exc}"
                    ) from exc
            self.layout.write_active(new)
            self._clean_up(keep={build_id, active.build_id if active else ""})
            return self._report(snapshot, embedded, reused, time.perf_counter() - started)

    def _same_build(self, snapshot: IndexSnapshot, digest: str) -> bool:
        manifest = snapshot.manifest
        return (
            manifest.get("corpus_hash") == digest
            and manifest.get("embedder") == self.embedder.name
            and manifest.get("chunker") == CHUNKER_VERSION
            and snapshot.collection in self.store.list_collections()
        )

    def _write_build(
        self,
        documents: list[Document],
        digest: str,
        build_id: str,
        collection: str,
        current: IndexSnapshot | None,
    ) -> tuple[int, int]:
        chunks = [
            c for doc in documents for c in chunk_document(doc, self.embedder.count_tokens, self.embedder.max_tokens)
        ]
        sentences = [s for c in chunks for s in c.sentences]
        cache = EmbeddingCache.from_snapshot(current, self.embedder.name)
        texts = [c.embed_text for c in chunks] + sentences
        vectors, embedded = cache.vectors_for(
            texts, lambda t: self.embedder.embed_documents(t, progress=self.progress), self.embedder.dimension
        )
        chunk_vectors, sentence_vectors = vectors[: len(chunks)], vectors[len(chunks) :]

        self.store.create_collection(collection)
        self.store.add(
            collection,
            [c.chunk_id for c in chunks],
            chunk_vectors,
            [c.text for c in chunks],
            [_metadata(c) for c in chunks],
        )
        folder = self.layout.build_dir(build_id)
        folder.mkdir(parents=True)
        offset = 0
        with (folder / CHUNKS_FILE).open("w") as handle:
            for chunk in chunks:
                handle.write(json.dumps(chunk_to_json(chunk, offset)) + "\n")
                offset += len(chunk.sentences)
        np.save(folder / CHUNK_VECTORS_FILE, chunk_vectors)
        np.save(folder / SENTENCE_VECTORS_FILE, sentence_vectors)
        (folder / SENTENCE_HASHES_FILE).write_text(json.dumps([text_hash(s) for s in sentences]))
        LexicalIndex.build([f"{c.context_line}\n{c.text}" for c in chunks]).save(folder / BM25_DIR)
        manifest = {
            "build_id": build_id,
            "collection": collection,
            "corpus_hash": digest,
            "embedder": self.embedder.name,
            "dimension": self.embedder.dimension,
            "chunker": CHUNKER_VERSION,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "documents": {
                d.id: {
                    "title": d.meta.title,
                    "doc_type": d.meta.doc_type,
                    "as_of": d.meta.as_of.isoformat(),
                    "as_of_precision": d.meta.as_of_precision,
                    "checked": d.meta.checked.isoformat() if d.meta.checked else None,
                    "official_url": d.meta.official_url,
                    "sources": {src.url: src.published for src in d.meta.sources},
                    "hash": d.content_hash,
                    "path": d.path.name,
                    "anchors": sorted(d.anchors),
                }
                for d in documents
            },
            "chunks": len(chunks),
            "sentences": len(sentences),
            "embedded": embedded,
            "reused": len(texts) - embedded,
        }
        # The manifest is written last: a build folder without one is incomplete by definition.
        (folder / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2))
        return embedded, len(texts) - embedded

    def _open(self, active: ActiveIndex | None) -> IndexSnapshot | None:
        if active is None:
            return None
        try:
            return IndexSnapshot(self.layout.build_dir(active.build_id))
        except Exception:  # a damaged serving build only means nothing can be reused
            log.warning("active index %s could not be opened; building from scratch", active.build_id)
            return None

    def _discard(self, build_id: str, collection: str) -> None:
        try:
            if collection in self.store.list_collections():
                self.store.delete_collection(collection)
        except Exception:
            log.exception("could not delete the incomplete collection %s", collection)
        shutil.rmtree(self.layout.build_dir(build_id), ignore_errors=True)

    def _clean_up(self, keep: set[str]) -> None:
        """Keep the new build and the one it replaced (a server may still be reading it)."""
        for name in self.store.list_collections():
            if name.startswith(self.prefix + "-") and name[len(self.prefix) + 1 :] not in keep:
                self.store.delete_collection(name)
        if self.layout.builds.exists():
            for folder in self.layout.builds.iterdir():
                if folder.name not in keep:
                    shutil.rmtree(folder, ignore_errors=True)

    @contextmanager
    def _exclusive(self) -> Iterator[None]:
        self.layout.root.mkdir(parents=True, exist_ok=True)
        with self.layout.lock.open("w") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError as exc:
                raise IndexBuildError("another index build is running") from exc
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _report(
        self, snapshot: IndexSnapshot, embedded: int, reused: int, seconds: float, up_to_date: bool = False
    ) -> BuildReport:
        return BuildReport(
            build_id=snapshot.build_id,
            collection=snapshot.collection,
            documents=len(snapshot.documents()),
            chunks=len(snapshot.chunks),
            sentences=len(snapshot.sentence_hashes),
            embedded=embedded,
            reused=reused,
            seconds=seconds,
            up_to_date=up_to_date,
        )


def _metadata(chunk: Chunk) -> Metadata:
    return {
        "doc_id": chunk.doc_id,
        "section": chunk.section,
        "title": chunk.title,
        "url": chunk.url,
        "as_of": chunk.as_of,
        "doc_type": chunk.doc_type,
        "heading_path": " > ".join(chunk.heading_path),
        "content_hash": chunk.content_hash,
    }
