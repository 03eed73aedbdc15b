"""The index build every node serves, published in the shared database (with CHROMA_HOST and
DATABASE_URL set, several machines serve one index).

A build's vectors already live on the Chroma server; what only the building node had are its side
files (chunk records, sentence vectors, BM25) and its `active.json`. A build publishes both: the
files first, then the one-row pointer, so a node never sees a pointer to files it cannot fetch. A
node whose DATA_DIR lacks the build fetches it into its own `builds/` folder (through a temporary
folder and a rename, so workers fetching at once cannot see half a build) and points its local
`active.json` at it; from there the usual swap logic applies (IndexHandle).
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import sessionmaker

from assistant.index.layout import ActiveIndex, IndexLayout
from assistant.index.snapshot import MANIFEST_FILE
from assistant.storage.deadline import hold_longer
from assistant.storage.schema import IndexFileRow, IndexPointerRow, now

log = logging.getLogger(__name__)
_POINTER_ID = 1
_BULK_SECONDS = 300.0


class PublishedIndex:
    def __init__(self, engine: Engine) -> None:
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    def publish(self, layout: IndexLayout, active: ActiveIndex) -> None:
        folder = layout.build_dir(active.build_id)
        files = sorted(p for p in folder.rglob("*") if p.is_file())
        with self._sessions.begin() as session:
            hold_longer(session.connection(), _BULK_SECONDS)  # megabytes of files: longer than one statement
            session.execute(delete(IndexFileRow).where(IndexFileRow.build_id == active.build_id))
            for path in files:
                name = path.relative_to(folder).as_posix()
                session.add(IndexFileRow(build_id=active.build_id, name=name, content=path.read_bytes()))
        with self._sessions.begin() as session:
            pointer = session.get(IndexPointerRow, _POINTER_ID, with_for_update=True)
            if pointer is None:
                pointer = IndexPointerRow(id=_POINTER_ID)
                session.add(pointer)
            pointer.build_id = active.build_id
            pointer.collection = active.collection
            pointer.previous_build_id = active.previous_build_id
            pointer.previous_collection = active.previous_collection
            pointer.updated_at = now()
            keep = {active.build_id, active.previous_build_id or ""}
            session.execute(delete(IndexFileRow).where(IndexFileRow.build_id.not_in(keep)))
        log.info("published index build %s (%d files)", active.build_id, len(files))

    def active(self) -> ActiveIndex | None:
        with self._sessions() as session:
            row = session.get(IndexPointerRow, _POINTER_ID)
            if row is None:
                return None
            return ActiveIndex(row.build_id, row.collection, row.previous_build_id, row.previous_collection)

    def fetch(self, layout: IndexLayout, build_id: str) -> bool:
        """Bring a published build's files into this node's DATA_DIR; False when it has none."""
        target = layout.build_dir(build_id)
        if (target / MANIFEST_FILE).exists():
            return True
        with self._sessions() as session:
            hold_longer(session.connection(), _BULK_SECONDS)
            rows = session.scalars(select(IndexFileRow).where(IndexFileRow.build_id == build_id)).all()
            if not any(r.name == MANIFEST_FILE for r in rows):
                return False
            layout.builds.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(dir=layout.builds, prefix=f".{build_id}."))
            for row in rows:
                path = staging / row.name
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(row.content)
        try:
            os.rename(staging, target)
        except OSError:  # another worker of this node fetched it first
            shutil.rmtree(staging, ignore_errors=True)
        log.info("fetched published index build %s", build_id)
        return (target / MANIFEST_FILE).exists()

    def follow(self, layout: IndexLayout) -> None:
        """Point this node's active.json at the published build, fetching it first when needed."""
        published = self.active()
        if published is None:
            return
        local = layout.read_active()
        if local is not None and local.build_id == published.build_id:
            return
        if self.fetch(layout, published.build_id):
            layout.write_active(published)
            _forget_old_builds(layout, keep={published.build_id, published.previous_build_id or ""})


def _forget_old_builds(layout: IndexLayout, keep: set[str]) -> None:
    for folder in layout.builds.iterdir():
        if folder.is_dir() and folder.name not in keep and not folder.name.startswith("."):
            shutil.rmtree(folder, ignore_errors=True)
