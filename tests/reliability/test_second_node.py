"""Two app processes on a real Chroma server and PostgreSQL: node A builds, node B starts with an
empty DATA_DIR and serves the published build without building it, with two workers; after a
rebuild on A, every worker of B follows the swap without a restart."""

from __future__ import annotations

import concurrent.futures
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from harness import ChromaServer, copy_index, eventually, free_port, postgres_database

from assistant.settings import ChromaSettings, Settings
from assistant.wiring import Services

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]


@contextmanager
def node(env: dict[str, str], data_dir: Path, workers: int, log: Path) -> Iterator[str]:
    port = free_port()
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "assistant", "serve", "--port", str(port), "--workers", str(workers)],
            env={**os.environ, **env, "DATA_DIR": str(data_dir)},
            cwd=REPO,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 300
            while True:
                try:
                    if httpx.get(base + "/readyz", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"node did not start: {log.read_text()[-3000:]}")
                time.sleep(0.5)
            yield base
        finally:
            process.terminate()
            process.wait(timeout=60)


def _builds_seen(base: str, connections: int = 48) -> tuple[set[str], set[int]]:
    """The build each answering worker serves: concurrent fresh connections land on different workers."""

    def ask(_: int) -> tuple[str | None, int]:
        body = httpx.get(base + "/readyz", timeout=10).json()
        return body.get("index_build"), body["worker"]  # none while a worker is still loading a build

    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        answers = [(build, worker) for build, worker in pool.map(ask, range(connections)) if build]
    return {build for build, _ in answers}, {worker for _, worker in answers}


def _both_workers(base: str) -> tuple[set[str], set[int]] | None:
    seen = _builds_seen(base)
    return seen if len(seen[1]) == 2 else None


def test_a_second_node_serves_the_published_build_and_follows_a_swap(  # type: ignore[no-untyped-def]
    corpus_services, chroma_server: ChromaServer, tmp_path: Path
) -> None:
    database = postgres_database("nodes")
    knowledge = tmp_path / "knowledge"
    shutil.copytree(REPO / "knowledge", knowledge)
    data_a, data_b = tmp_path / "node-a", tmp_path / "node-b"
    copy_index(corpus_services, data_a)  # node A's earlier build: its vectors are reused, nothing is embedded
    data_b.mkdir()
    settings = Settings.test_profile(knowledge, data_a, REPO / "config")
    settings.chroma = ChromaSettings(host="127.0.0.1", port=chroma_server.port)
    settings.database_url = database
    builder = Services(settings, embedder=corpus_services.embedder)
    first = builder.builder(progress=False).build()
    env = {
        "DATABASE_URL": database,
        "CHROMA_HOST": "127.0.0.1",
        "CHROMA_PORT": str(chroma_server.port),
        "KNOWLEDGE_DIR": str(knowledge),
        "CONFIG_DIR": str(REPO / "config"),
        "RATE_LIMIT_PER_MINUTE": "100000",
    }
    with node(env, data_a, 1, tmp_path / "a.log") as a, node(env, data_b, 2, tmp_path / "b.log") as b:
        assert not (data_b / "index" / "chroma").exists(), "node B has no vectors of its own"
        builds, workers = eventually(lambda: _both_workers(b), seconds=120)  # the second may still be loading
        assert builds == {first.build_id}
        reply = httpx.post(b + "/api/chat", json={"message": "What is CIRR?"}, timeout=60).json()
        assert reply["status"] == "answered" and reply["citations"]

        document = next((knowledge / "documents").glob("*.md"))
        document.write_text(document.read_text() + "\n\nThis sentence was added to test a swap on every node.\n")
        second = builder.builder(progress=False).build()
        assert second.build_id != first.build_id and second.embedded > 0

        # Every worker of B follows (each request may land on either; both must have been seen on the new build).
        seen_on_new: set[int] = set()

        def all_workers_on_the_new_build() -> bool:
            builds, answered = _builds_seen(b)
            if builds == {second.build_id}:
                seen_on_new.update(answered)
            return seen_on_new == workers

        eventually(all_workers_on_the_new_build, seconds=60)
        eventually(lambda: httpx.get(a + "/readyz", timeout=5).json()["index_build"] == second.build_id)
        reply = httpx.post(b + "/api/chat", json={"message": "What is CIRR?"}, timeout=60).json()
        assert reply["status"] == "answered"
