"""One contract for every VectorStore: in-memory, embedded Chroma, and a real Chroma server."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from assistant.index.vector_store import InMemoryVectorStore, VectorStore


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    chroma = Path(sys.executable).parent / "chroma"
    port = _free_port()
    folder = tmp_path_factory.mktemp("chroma-server")
    log = (folder / "server.log").open("w")
    proc = subprocess.Popen(
        [str(chroma), "run", "--path", str(folder / "data"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError as exc:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        f"chroma server did not start: {(folder / 'server.log').read_text()[-2000:]}"
                    ) from exc
                time.sleep(0.2)
        yield "127.0.0.1", port
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


# The Chroma server is a process of its own (seconds to start): the slow tier's.
@pytest.fixture(params=["memory", "chroma-embedded", pytest.param("chroma-server", marks=pytest.mark.slow)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> VectorStore:
    if request.param == "memory":
        return InMemoryVectorStore()
    from assistant.index.chroma_store import ChromaVectorStore

    if request.param == "chroma-embedded":
        return ChromaVectorStore.embedded(tmp_path / "chroma")
    host, port = request.getfixturevalue("chroma_server")
    store = ChromaVectorStore.http(host, port)
    for name in store.list_collections():  # the server is shared by this module's tests
        store.delete_collection(name)
    return store


def _unit(rows: int, dim: int = 384, seed: int = 0) -> np.ndarray:
    vectors = np.random.default_rng(seed).normal(size=(rows, dim)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def _fill(store: VectorStore, name: str, rows: int = 50) -> np.ndarray:
    vectors = _unit(rows)
    store.create_collection(name)
    store.add(
        name,
        [f"id-{i}" for i in range(rows)],
        vectors,
        [f"text {i}" for i in range(rows)],
        [{"doc_id": f"doc-{i % 5}", "n": i, "as_of": "2026-06-05"} for i in range(rows)],
    )
    return vectors


def test_create_list_count_delete(store: VectorStore) -> None:
    _fill(store, "contract-a", 10)
    assert "contract-a" in store.list_collections()
    assert store.count("contract-a") == 10
    store.delete_collection("contract-a")
    assert "contract-a" not in store.list_collections()


def test_query_returns_nearest_first_with_cosine_similarity(store: VectorStore) -> None:
    vectors = _fill(store, "contract-b")
    hits = store.query("contract-b", vectors[7], k=5)
    assert hits[0].id == "id-7"
    assert hits[0].similarity == pytest.approx(1.0, abs=1e-4)
    sims = [h.similarity for h in hits]
    assert sims == sorted(sims, reverse=True)
    expected = sorted(range(50), key=lambda i: -float(vectors[i] @ vectors[7]))[:5]
    assert [h.id for h in hits] == [f"id-{i}" for i in expected]


def test_get_round_trips_vectors_documents_and_metadata(store: VectorStore) -> None:
    vectors = _fill(store, "contract-c", 12)
    [record] = store.get("contract-c", ["id-3"])
    assert record.document == "text 3"
    assert record.metadata == {"doc_id": "doc-3", "n": 3, "as_of": "2026-06-05"}
    np.testing.assert_allclose(record.embedding, vectors[3], atol=1e-6)
    assert store.get("contract-c", ["nope"]) == []


def test_missing_collection_is_a_key_error(store: VectorStore) -> None:
    with pytest.raises(KeyError):
        store.count("contract-missing")


def test_invalid_arguments_are_refused(store: VectorStore) -> None:
    vectors = _fill(store, "contract-d", 3)
    with pytest.raises(ValueError):
        store.query("contract-d", vectors[0], k=0)
    with pytest.raises(ValueError):
        store.add("contract-d", ["x"], vectors[:2], ["a"], [{}])


@pytest.mark.slow
def test_large_batches_are_split_transparently(store: VectorStore) -> None:
    # More rows than Chroma accepts in one call (5,461 measured): an unsplit add would be refused.
    rows = 12_000
    store.create_collection("contract-big")
    vectors = _unit(rows, dim=16, seed=1)
    store.add("contract-big", [str(i) for i in range(rows)], vectors, ["t"] * rows, [{"n": i} for i in range(rows)])
    assert store.count("contract-big") == rows
    for probe in (4321, 5461, 11_999):
        assert store.query("contract-big", vectors[probe], k=1)[0].id == str(probe)


def test_embedded_chroma_persists_across_clients(tmp_path: Path) -> None:
    from assistant.index.chroma_store import ChromaVectorStore

    vectors = _fill(ChromaVectorStore.embedded(tmp_path / "chroma"), "contract-persist", 8)
    reopened = ChromaVectorStore.embedded(tmp_path / "chroma")
    assert reopened.count("contract-persist") == 8
    assert reopened.query("contract-persist", vectors[2], k=1)[0].id == "id-2"
