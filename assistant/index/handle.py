"""The serving index, reopened when a build swaps a new one in (no restart needed).

Every worker process holds its own IndexHandle and checks the build pointer on each request, so a
swap reaches all workers of a node. With a published index (PublishedIndex: CHROMA_HOST and
DATABASE_URL set) the handle also checks the shared pointer, at most every `poll_seconds`, and
fetches a build this node did not make; if the database cannot be read, the node keeps serving the
build it has.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from typing import TYPE_CHECKING

from assistant.errors import IndexNotReady
from assistant.index.embedder import Vectors
from assistant.index.layout import IndexLayout
from assistant.index.snapshot import IndexSnapshot

if TYPE_CHECKING:
    from assistant.index.published import PublishedIndex

log = logging.getLogger(__name__)


class IndexHandle:
    def __init__(self, layout: IndexLayout, published: PublishedIndex | None = None, poll_seconds: float = 1.0) -> None:
        self.layout = layout
        self.published = published
        self.poll_seconds = poll_seconds
        self._lock = threading.Lock()
        self._follow_lock = threading.Lock()
        self._snapshot: IndexSnapshot | None = None
        self._seen_mtime: float | None = None
        self._followed_at = float("-inf")

    def snapshot(self) -> IndexSnapshot:
        self._follow()
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

    def _follow(self) -> None:
        if self.published is None or time.monotonic() - self._followed_at < self.poll_seconds:
            return
        if not self._follow_lock.acquire(blocking=False):
            return  # another thread is checking; this request serves what is there
        try:
            self._followed_at = time.monotonic()
            self.published.follow(self.layout)
        except Exception as exc:  # the shared pointer is unreadable: serve the build this node has
            log.warning("could not read the published index pointer: %s", type(exc).__name__)
        finally:
            self._follow_lock.release()

    def is_ready(self) -> bool:
        try:
            self.snapshot()
        except IndexNotReady:
            return False
        return True

    def rarity(self, term: str) -> float:
        """How rare `term` is in the corpus: log(chunks / chunks using it); 0.0 when no chunk uses it."""
        lexical = self.snapshot().lexical
        count = lexical.chunks_with(term)
        return math.log(lexical.size / count) if count else 0.0

    def sentences_of(self, chunk_id: str) -> tuple[list[str], Vectors]:
        """Sentences of a chunk and their index-time vectors (for the extractive composer)."""
        snapshot = self.snapshot()
        return list(snapshot.get(chunk_id).chunk.sentences), snapshot.sentence_vectors_for(chunk_id)
