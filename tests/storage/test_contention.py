"""Many writers on one SQLite file, as two uvicorn workers with busy thread pools are: every turn is
stored, none fails with "database is locked", and contention never opens the database circuit.

Before BEGIN IMMEDIATE, a turn's transaction read (the conversation, the turn count) and then wrote;
in WAL mode a reader whose snapshot is older than another writer's commit cannot upgrade to a writer,
and SQLite says "database is locked" at once, without waiting out the busy timeout.
"""

from __future__ import annotations

import sqlite3
import threading
import time
import uuid
from pathlib import Path

import pytest

from assistant.context import AnswerStatus, TurnContext
from assistant.conversations.store import ConversationStore
from assistant.errors import DependencyUnavailable
from assistant.health import Health
from assistant.settings import DatabaseSettings
from assistant.storage.engine import make_engine

_WORKERS = 2  # engines, as uvicorn workers each have their own
_THREADS = 4  # per engine
_TURNS = 40  # per thread


def _turn(question: str) -> TurnContext:
    turn = TurnContext(question=question, turn_id=str(uuid.uuid4()))
    turn.status = AnswerStatus.answered
    turn.answer = "An answer."
    return turn


def test_concurrent_writers_on_one_sqlite_file_all_succeed_without_tripping_the_circuit(tmp_path: Path) -> None:
    healths = [Health() for _ in range(_WORKERS)]
    stores = [ConversationStore(make_engine(None, tmp_path, health=health)) for health in healths]
    stores[0].migrate()
    conversations = [stores[0].new_conversation() for _ in range(_WORKERS * _THREADS)]
    errors: list[BaseException] = []
    start = threading.Barrier(_WORKERS * _THREADS)

    def write(store: ConversationStore, conversation_id: str) -> None:
        start.wait()
        for n in range(_TURNS):
            try:
                store.history(conversation_id)  # a turn reads its history, then stores itself
                store.add_turn(conversation_id, _turn(f"question {n}"))
            except Exception as exc:
                errors.append(exc)

    _run([threading.Thread(target=write, args=(stores[i // _THREADS], c)) for i, c in enumerate(conversations)])
    try:
        assert errors == [], f"{len(errors)} writes failed, first: {errors[0]!r}"
        assert all(health.last_failure("database") is None for health in healths)
        for conversation_id in conversations:
            assert len(stores[0].history(conversation_id, limit=_TURNS * 2)) == _TURNS
    finally:
        for store in stores:
            store.engine.dispose()


def test_a_transaction_that_reads_then_writes_sees_no_other_writer_between(tmp_path: Path) -> None:
    """add_turn counts the turns and stores the next position in one transaction. Without the turn lock
    (which normally orders turns) writers on one conversation still get distinct positions, because the
    count is taken under the write lock; pysqlite's lazy BEGIN ran the count outside the transaction."""
    stores = [ConversationStore(make_engine(None, tmp_path)) for _ in range(_WORKERS)]
    stores[0].migrate()
    conversation_id = stores[0].new_conversation()
    errors: list[BaseException] = []
    start = threading.Barrier(_WORKERS * _THREADS)

    def write(store: ConversationStore) -> None:
        start.wait()
        for n in range(_TURNS // 4):
            try:
                store.add_turn(conversation_id, _turn(f"question {n}"))
            except Exception as exc:
                errors.append(exc)

    _run([threading.Thread(target=write, args=(stores[i // _THREADS],)) for i in range(_WORKERS * _THREADS)])
    try:
        assert errors == [], f"{len(errors)} writes failed, first: {errors[0]!r}"
        assert len(stores[0].history(conversation_id, limit=_TURNS * _WORKERS * _THREADS)) == _TURNS * 2
    finally:
        for store in stores:
            store.engine.dispose()


def _run(threads: list[threading.Thread]) -> None:
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def test_a_lock_wait_that_runs_out_fails_that_request_only_and_leaves_the_circuit_closed(tmp_path: Path) -> None:
    health = Health()
    settings = DatabaseSettings(statement_timeout_seconds=0.2)
    store = ConversationStore(make_engine(None, tmp_path, settings, health=health))
    store.migrate()
    conversation_id = store.new_conversation()
    holder = sqlite3.connect(tmp_path / "assistant.sqlite3", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another worker's long write
    try:
        started = time.monotonic()
        with pytest.raises(DependencyUnavailable) as failure:
            store.add_turn(conversation_id, _turn("blocked"))
        assert failure.value.dependency == "database"
        assert time.monotonic() - started >= 0.15  # it waited in the busy handler first
    finally:
        holder.rollback()
        holder.close()
    assert health.failing("database") is None  # contention is not an outage: the next turn is not refused
    store.add_turn(conversation_id, _turn("after"))
    assert [t.question for t in store.history(conversation_id)] == ["after"]
    store.engine.dispose()
