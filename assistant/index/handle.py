"""The serving index, reopened when a build swaps a new one in (no restart needed)."""

from __future__ import annotations

import threading

from assistant.errors import IndexNotReady
from assistant.index.embedder import Vectors
from assistant.index.layout import IndexLayout
from assistant.index.snapshot import IndexSnapshot


class IndexHandle:
    def __init__(self, layout: IndexLayout) -> None:
        self.layout = layout
        self._lock = threading.Lock()
        self._snapshot: IndexSnapshot | None = None
        self._seen_mtime: float | None = None

    def snapshot(self) -> IndexSnapshot:
        mtime = self.layout.pointer_mtime()
        if mtime is None:
            raise IndexNotReady("no index has been built yet: run `python -m assistant index`")
        if self._snapshot is None or mtime != self._seen_mtime:
            with self._lock:
                if self._snapshot is None or mtime != self._seen_mtime:
                    active = self.layout.read_active()
                    if active is None:
                        raise IndexNotReady("no index has been built yet: run `python -m assistant index`")
                    self._snapshot = IndexSnapshot(self.layout.build_dir(active.build_id))
                    self._seen_mtime = mtime
        return self._snapshot

    def is_ready(self) -> bool:
        try:
            self.snapshot()
        except IndexNotReady:
            return False
        return True

    def sentences_of(self, chunk_id: str) -> tuple[list[str], Vectors]:
        """Sentences of a chunk and their index-time vectors (for the extractive composer)."""
        snapshot = self.snapshot()
        return list(snapshot.get(chunk_id).chunk.sentences), snapshot.sentence_vectors_for(chunk_id)
