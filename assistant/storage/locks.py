"""One turn at a time per conversation, across threads, worker processes and (on PostgreSQL) machines.

PostgreSQL: a session advisory lock keyed by the conversation, held on its own connection for the
turn. SQLite (one machine by nature): an exclusive `flock` on one of 4,096 lock files beside the
database, chosen by the conversation's hash; flock excludes other threads and other processes alike.
Both wait at most `timeout` seconds, then raise ConversationBusy.
"""

from __future__ import annotations

import fcntl
import hashlib
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Engine

from assistant.errors import ConversationBusy
from assistant.storage.deadline import hold_longer

_BUCKETS = 4096
_POLL = 0.01


def _key(conversation_id: str) -> int:
    """A signed 64-bit advisory-lock key from the conversation id."""
    return int.from_bytes(hashlib.sha256(conversation_id.encode()).digest()[:8], "big", signed=True)


class ConversationLocks:
    def __init__(self, engine: Engine, timeout_seconds: float) -> None:
        if timeout_seconds <= 0:
            raise ValueError(f"timeout_seconds must be positive, got {timeout_seconds}")
        self.engine = engine
        self.timeout = timeout_seconds
        database = engine.url.database
        self._folder = (
            Path(f"{database}.locks")
            if engine.dialect.name == "sqlite" and database and database != ":memory:"
            else None
        )

    @contextmanager
    def hold(self, conversation_id: str) -> Iterator[None]:
        if self.engine.dialect.name == "postgresql":
            with self._advisory(conversation_id):
                yield
        elif self._folder is not None:
            with self._file(conversation_id):
                yield
        else:  # an in-memory database lives in one process: nothing to share with
            yield

    @contextmanager
    def _advisory(self, conversation_id: str) -> Iterator[None]:
        key = _key(conversation_id)
        deadline = time.monotonic() + self.timeout
        with self.engine.connect() as connection:
            # The lock is held for a whole turn, longer than one statement may take.
            hold_longer(connection, self.timeout + 60)
            while not connection.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar():
                connection.commit()
                if time.monotonic() > deadline:
                    raise ConversationBusy("an earlier message in this conversation is still being answered")
                time.sleep(_POLL)
            connection.commit()
            try:
                yield
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
                connection.commit()

    @contextmanager
    def _file(self, conversation_id: str) -> Iterator[None]:
        assert self._folder is not None
        self._folder.mkdir(parents=True, exist_ok=True)
        bucket = _key(conversation_id) % _BUCKETS
        deadline = time.monotonic() + self.timeout
        with (self._folder / f"{bucket:04d}.lock").open("a") as handle:
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise ConversationBusy(
                            "an earlier message in this conversation is still being answered"
                        ) from None
                    time.sleep(_POLL)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
