"""`serve --workers 2` gives each worker its own SO_REUSEPORT socket (ADR 0059): keep-alive clients are
spread over both workers instead of all landing on the one that woke first, and a worker that dies is
started again."""

from __future__ import annotations

import concurrent.futures
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from harness import eventually, free_port

from assistant.serving import reuseport_available

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not reuseport_available(), reason="SO_REUSEPORT is Linux-only; the shared socket is used"),
]
REPO = Path(__file__).resolve().parents[2]


def _workers_seen(base: str, clients: int = 16) -> set[int]:
    """The workers behind `clients` connections opened together, each kept alive for 3 requests."""
    connections = [httpx.Client(base_url=base, timeout=10) for _ in range(clients)]
    try:
        # All connect at once, as a burst of page loads would: with one shared socket the worker that
        # wakes first accepts the whole burst.
        with concurrent.futures.ThreadPoolExecutor(clients) as pool:
            rounds = [list(pool.map(lambda c: c.get("/readyz").json()["worker"], connections)) for _ in range(3)]
        return {worker for answers in rounds for worker in answers}
    finally:
        for client in connections:
            client.close()


def _two_workers(base: str, other_than: set[int] = frozenset()) -> set[int] | None:  # type: ignore[assignment]
    try:
        seen = _workers_seen(base)
    except (httpx.HTTPError, KeyError, ValueError):
        return None  # still starting (or a worker restarting)
    return seen if len(seen) == 2 and seen != other_than else None


def test_keep_alive_clients_reach_both_workers_and_a_dead_worker_comes_back(  # type: ignore[no-untyped-def]
    corpus_services, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    shutil.copytree(corpus_services.settings.paths.index_dir, data / "index")
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "assistant", "serve", "--port", str(port), "--workers", "2"],
            env={**os.environ, "DATA_DIR": str(data), "KNOWLEDGE_DIR": str(REPO / "knowledge")},
            cwd=REPO,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        workers = eventually(lambda: _two_workers(base), seconds=180)

        os.kill(next(iter(workers)), signal.SIGKILL)
        replaced = eventually(lambda: _two_workers(base, other_than=workers), seconds=180)
        assert len(replaced - workers) == 1, log.read_text()[-3000:]
    finally:
        server.terminate()
        server.wait(timeout=60)
    assert server.returncode == 0 or server.returncode == -signal.SIGTERM
    time.sleep(0.5)
    with pytest.raises(httpx.HTTPError):
        httpx.get(base + "/readyz", timeout=2)  # every worker stopped with the supervisor
