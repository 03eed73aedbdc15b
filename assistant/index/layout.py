"""Where an index lives on disk, and the atomic pointer to the build that is serving."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class ActiveIndex:
    build_id: str
    collection: str
    previous_build_id: str | None = None
    previous_collection: str | None = None


class IndexLayout:
    """data/index/active.json names the serving build; data/index/builds/<id>/ holds its side files."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.builds = root / "builds"
        self.pointer = root / "active.json"
        self.lock = root / ".build.lock"
        self.chroma = root / "chroma"

    def build_dir(self, build_id: str) -> Path:
        return self.builds / build_id

    def read_active(self) -> ActiveIndex | None:
        try:
            return ActiveIndex(**json.loads(self.pointer.read_text()))
        except FileNotFoundError:
            return None

    def write_active(self, active: ActiveIndex) -> None:
        """Write-then-rename: readers see the old pointer or the new one, never half of one."""
        self.root.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".active.", suffix=".tmp")
        with os.fdopen(fd, "w") as handle:
            json.dump(asdict(active), handle, indent=2)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, self.pointer)

    def pointer_mtime(self) -> float | None:
        try:
            return self.pointer.stat().st_mtime_ns / 1e9
        except FileNotFoundError:
            return None
