"""Six real faults: the database hung and down (PostgreSQL behind a proxy), Chroma dead (killed) and
hung (SIGSTOP), Redis down, and a full disk. Each time: /healthz keeps answering, /readyz answers
within a second naming the dependency, a turn gets a clear 503 (Redis: degraded but served), and the
service recovers by itself once the dependency is back.

The full disk is simulated at SQLite's own write boundary: `PRAGMA max_page_count` at the database's
current size makes every write that needs a new page fail with SQLITE_FULL, the error SQLite returns
when the disk itself is full (a real small file system needs root to mount).
"""

from __future__ import annotations

import concurrent.futures
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from harness import ChromaServer, FaultProxy, copy_index, eventually, postgres_database, redis_reachable, serve
from sqlalchemy import event
from sqlalchemy.engine import make_url

from api.app import create_app
from assistant.settings import ChromaSettings, DatabaseSettings, ServingSettings, Settings
from assistant.wiring import Services

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]
QUESTION = "What down payment does EXIM require on a medium-term deal?"
FACTS = {"exporter_country": "US", "buyer_country": "VN", "contract_value_usd": 2_000_000}


def _settings(data: Path, **changes: Any) -> Settings:
    base = Settings.test_profile(REPO / "knowledge", data, REPO / "config")
    base.database = DatabaseSettings(
        connect_timeout_seconds=1, statement_timeout_seconds=2, pool_timeout_seconds=1, turn_lock_timeout_seconds=5
    )
    base.serving = ServingSettings(workers=1, ready_timeout_seconds=0.6)
    for key, value in changes.items():
        setattr(base, key, value)
    return base


class Node:
    def __init__(self, base: str, services: Services) -> None:
        self.base = base
        self.services = services
        self.http = httpx.Client(base_url=base, timeout=60)

    def chat(self, message: str = QUESTION) -> httpx.Response:
        return self.http.post("/api/chat", json={"message": message})

    def timed(self, path: str) -> tuple[httpx.Response, float]:
        started = time.monotonic()
        with httpx.Client(base_url=self.base, timeout=10) as fresh:  # its own connection
            reply = fresh.get(path)
        return reply, time.monotonic() - started

    def ready(self) -> bool:
        return self.http.get("/readyz").status_code == 200

    def serves(self) -> bool:
        return self.ready() and self.chat().status_code == 200


@pytest.fixture(scope="module")
def proxies() -> Iterator[dict[str, FaultProxy | None]]:
    url = make_url(postgres_database("faults"))
    made = {"postgres": FaultProxy(url.port or 5432), "redis": FaultProxy(6379) if redis_reachable() else None}
    made["url"] = url  # type: ignore[assignment]
    yield made
    for proxy in made.values():
        if isinstance(proxy, FaultProxy):
            proxy.close()


@pytest.fixture(scope="module")
def node(corpus_services, chroma_server: ChromaServer, proxies, tmp_path_factory) -> Iterator[Node]:  # type: ignore[no-untyped-def]
    """The real app on PostgreSQL (through a proxy), a Chroma server and (when present) Redis."""
    data = tmp_path_factory.mktemp("faults-data")
    copy_index(corpus_services, data)
    postgres, redis = proxies["postgres"], proxies["redis"]
    settings = _settings(
        data,
        database_url=proxies["url"].set(port=postgres.port).render_as_string(hide_password=False),
        chroma=ChromaSettings(host="127.0.0.1", port=chroma_server.port, timeout_seconds=1.0),
        redis_url=f"redis://127.0.0.1:{redis.port}/0" if redis else "redis://127.0.0.1:1/0",
    )
    services = Services(settings, embedder=corpus_services.embedder)
    services.builder(progress=False).build()  # into the Chroma server; every vector comes from the copied build
    with serve(create_app(services)) as base:
        node = Node(base, services)
        assert node.serves()
        yield node


def _assert_unavailable(node: Node, dependency: str, started_fault: float) -> None:
    reply = node.chat()
    assert reply.status_code == 503, reply.text
    assert reply.json()["error"]["code"] == f"{dependency}_unavailable"
    assert int(reply.headers["retry-after"]) >= 1
    assert time.monotonic() - started_fault < 15, "a dependency fault must fail a turn in seconds, not hang it"


def _assert_honest_readiness(node: Node, dependency: str) -> None:
    health, seconds = node.timed("/healthz")
    assert health.status_code == 200 and seconds < 0.5
    ready, seconds = node.timed("/readyz")
    assert seconds < 1.0, f"/readyz took {seconds:.2f} s"
    assert ready.status_code == 503 and dependency in ready.json()["failed"], ready.text


def _while_a_turn_hangs(node: Node, dependency: str) -> None:
    """A turn stuck on the dependency must not stop /healthz or /readyz, and must end in a 503."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        started = time.monotonic()
        stuck = pool.submit(node.chat)
        time.sleep(0.3)
        _assert_honest_readiness(node, dependency)
        reply = stuck.result(timeout=30)
    assert reply.status_code == 503 and reply.json()["error"]["code"] == f"{dependency}_unavailable", reply.text
    assert time.monotonic() - started < 15


def test_database_hung(node: Node, proxies) -> None:  # type: ignore[no-untyped-def]
    proxies["postgres"].set("hang")  # accepts connections, answers nothing, old connections included
    try:
        _while_a_turn_hangs(node, "database")
        started = time.monotonic()
        _assert_unavailable(node, "database", started)
        assert node.http.post("/api/eligibility/check", json=FACTS).status_code == 200, "no database needed"
    finally:
        proxies["postgres"].set("forward")
    eventually(node.serves)


def test_database_down(node: Node, proxies) -> None:  # type: ignore[no-untyped-def]
    proxies["postgres"].set("down")
    try:
        started = time.monotonic()
        _assert_unavailable(node, "database", started)
        _assert_honest_readiness(node, "database")
    finally:
        proxies["postgres"].set("forward")
    eventually(node.serves)


def test_chroma_dead(node: Node, chroma_server: ChromaServer) -> None:
    chroma_server.kill()
    try:
        started = time.monotonic()
        _assert_unavailable(node, "chroma", started)
        _assert_honest_readiness(node, "chroma")
    finally:
        chroma_server.start()  # same port, same data: the collections are back
    eventually(node.serves, seconds=30)


def test_chroma_hung(node: Node, chroma_server: ChromaServer) -> None:
    chroma_server.pause()  # SIGSTOP: the socket accepts, nothing answers
    try:
        _while_a_turn_hangs(node, "chroma")
        started = time.monotonic()
        _assert_unavailable(node, "chroma", started)
    finally:
        chroma_server.resume()
    eventually(node.serves, seconds=30)


def test_redis_down_degrades_to_limits_in_process(node: Node, proxies) -> None:  # type: ignore[no-untyped-def]
    redis = proxies["redis"]
    if redis is None:
        pytest.skip("Redis is not reachable on 127.0.0.1:6379 (the closed-port case runs in test_abuse)")
    redis.set("down")
    try:
        assert node.chat().status_code == 200, "Redis only holds rate limits: turns go on"
        ready, seconds = node.timed("/readyz")
        assert seconds < 1.0 and ready.status_code == 200
        assert ready.json()["status"] == "degraded" and "redis" in ready.json()["failed"]
    finally:
        redis.set("forward")
    eventually(lambda: node.http.get("/readyz").json()["status"] == "ready")


@pytest.fixture
def sqlite_node(corpus_services, tmp_path: Path) -> Iterator[Node]:  # type: ignore[no-untyped-def]
    copy_index(corpus_services, tmp_path)
    services = Services(_settings(tmp_path), embedder=corpus_services.embedder, store=corpus_services.store)
    with serve(create_app(services)) as base:
        yield Node(base, services)


def test_disk_full(sqlite_node: Node) -> None:
    node = sqlite_node
    assert node.serves()
    engine = node.services.conversations.engine
    limit: list[int | None] = [None]

    @event.listens_for(engine, "checkout")
    def _cap(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        cursor = dbapi_connection.cursor()
        if limit[0] is not None:
            cursor.execute(f"PRAGMA max_page_count = {limit[0]}")
        else:
            cursor.execute("PRAGMA max_page_count = 1073741823")
        cursor.close()

    with engine.connect() as connection:
        limit[0] = int(connection.exec_driver_sql("PRAGMA page_count").scalar() or 0)
    try:
        started = time.monotonic()
        _assert_unavailable(node, "disk", started)
        _assert_honest_readiness(node, "disk")
    finally:
        limit[0] = None  # space is free again
    eventually(node.serves)
