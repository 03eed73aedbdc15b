"""Turns of one conversation sent at once: unique positions and no lost intake fact (SQLite and
PostgreSQL), and the conversation lock holding across processes, as between workers."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from harness import copy_index, postgres_database

from assistant.settings import Settings
from assistant.storage.engine import make_engine
from assistant.storage.locks import ConversationLocks
from assistant.wiring import Services

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(params=["sqlite", "postgresql"])
def services(request, corpus_services, tmp_path: Path) -> Iterator[Services]:  # type: ignore[no-untyped-def]
    copy_index(corpus_services, tmp_path)
    settings = Settings.test_profile(REPO / "knowledge", tmp_path, REPO / "config")
    if request.param == "postgresql":
        settings.database_url = postgres_database("concurrency")
    made = Services(settings, embedder=corpus_services.embedder, store=corpus_services.store)
    yield made
    made.conversations.engine.dispose()


def _at_once(services: Services, conversation: str, messages: list[str]) -> None:
    barrier = threading.Barrier(len(messages))
    errors: list[BaseException] = []

    def post(message: str) -> None:
        barrier.wait()
        try:
            services.turns.handle(message, conversation)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=post, args=(m,)) for m in messages]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []


def test_concurrent_posts_get_distinct_positions(services: Services) -> None:
    response, _ = services.turns.handle("What is CIRR?")
    conversation = response.conversation_id
    assert conversation
    _at_once(services, conversation, [f"And question {n} about CIRR?" for n in range(8)])
    positions = [t["position"] for t in services.conversations.conversation(conversation)["turns"]]
    assert sorted(positions) == list(range(9)), positions


def test_no_intake_fact_is_lost_when_two_answers_arrive_together(services: Services) -> None:
    for _ in range(6):
        response, _ = services.turns.handle("Is my deal eligible for EXIM financing? We are a U.S. exporter.")
        conversation = response.conversation_id
        assert conversation and response.status.value == "need_more_info"
        _at_once(services, conversation, ["The buyer is in Vietnam.", "The contract is worth $2 million."])
        turns = services.conversations.conversation(conversation)["turns"]
        facts = (turns[-1]["intake"] or {}).get("facts") or {}
        assert facts.get("buyer_country") == "VN" and facts.get("contract_value_usd") == 2_000_000, facts
        assert sorted(t["position"] for t in turns) == [0, 1, 2]


_HOLDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from assistant.storage.engine import make_engine
    from assistant.storage.locks import ConversationLocks
    engine = make_engine(sys.argv[1] if sys.argv[1] != "-" else None, Path(sys.argv[2]))
    with ConversationLocks(engine, 10).hold("conversation-1"):
        print("held", flush=True)
        time.sleep(1.5)
    """
)


@pytest.mark.slow  # a second Python process and a 1.5 s hold
@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_the_conversation_lock_holds_across_processes(backend: str, tmp_path: Path) -> None:
    url = postgres_database("locks") if backend == "postgresql" else None
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, url or "-", str(tmp_path)], stdout=subprocess.PIPE, text=True, cwd=REPO
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    engine = make_engine(url, tmp_path)
    started = time.monotonic()
    with ConversationLocks(engine, 10).hold("conversation-1"):
        waited = time.monotonic() - started
    with ConversationLocks(engine, 10).hold("conversation-2"):
        pass  # another conversation is not held up
    holder.wait(timeout=30)
    engine.dispose()
    assert waited > 0.8, f"the second process got the lock after {waited:.2f} s while the first held it"
