"""Shared fixtures: the real embedding model, the real corpus index, and a network guard.

The model import costs ~10 s, so it is loaded once per session. Tests must pass without network:
any connection attempt to a non-loopback address fails loudly instead of silently passing on a
machine that happens to be online.
"""

from __future__ import annotations

import functools
import os
import shutil
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
# Before torch loads: its OpenMP threads otherwise spin while waiting, which on two shared cores made
# one query embedding cost 0.4 s of CPU instead of 0.013 s (ADR 0081; assistant/index/embedder.py too).
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

REPO = Path(__file__).resolve().parent.parent
# The ONNX graph of the packaged model is exported once per machine and shared by every test and every
# server a test starts (they inherit the environment), instead of once per temporary DATA_DIR.
os.environ.setdefault("EMBEDDING_CACHE_DIR", str(REPO / ".pytest_cache" / "models"))
# The store tests drop and recreate tables: TEST_DATABASE_URL lets parallel checkouts use databases of their own,
# and each pytest-xdist worker (`make test-fast` runs two) takes one of its own beside it, created when first used.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER")
POSTGRES_URL = os.environ.get("TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
if _WORKER:
    from sqlalchemy.engine import make_url

    _url = make_url(POSTGRES_URL)
    POSTGRES_URL = _url.set(database=f"{_url.database}_{_WORKER}").render_as_string(hide_password=False)
    os.environ["TEST_DATABASE_URL"] = POSTGRES_URL  # tests/reliability/harness.py reads it too
DOCUMENTS = REPO / "knowledge" / "documents"
CONFIG = REPO / "config"

_real_connect = socket.socket.connect


def _loopback_only(self: socket.socket, address: object) -> None:
    host = address[0] if isinstance(address, tuple) else None
    if host is not None and host not in {"127.0.0.1", "::1", "localhost", "0.0.0.0"}:
        raise OSError(f"tests must not use the network (tried to connect to {address!r})")
    _real_connect(self, address)  # type: ignore[arg-type]


# Fixtures that build, load or serve something heavy: a test using one is in the slow tier (`make test-fast` skips
# it). The torch model is one: the fast tier embeds with ONNX Runtime only and never imports torch (ADR 0084).
_HEAVY_FIXTURES = frozenset({"corpus_services", "live_server", "browser", "page", "torch_embedder"})


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if _HEAVY_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True, scope="session")
def _no_network() -> Iterator[None]:
    socket.socket.connect = _loopback_only  # type: ignore[method-assign]
    yield
    socket.socket.connect = _real_connect  # type: ignore[method-assign]


@pytest.fixture
def one_rate_window() -> None:
    """Rate limits count per wall-clock minute: a test's burst starts early enough not to cross one."""
    if time.time() % 60 > 50:
        time.sleep(61 - time.time() % 60)


@pytest.fixture
def config_dir(tmp_path: Path) -> Path:
    """A private copy of config/ that a test may edit (its composition root then reads the edit)."""
    folder = tmp_path / "config"
    shutil.copytree(REPO / "config", folder)
    return folder


@pytest.fixture(scope="session")
def embedder():  # type: ignore[no-untyped-def]
    """The packaged model on the runtime the app serves with (ONNX Runtime, ADR 0055)."""
    from assistant.index.onnx_embedder import OnnxMiniLM

    model = OnnxMiniLM(Path(os.environ["EMBEDDING_CACHE_DIR"]))
    model.warm_up()
    return model


@pytest.fixture(scope="session")
def torch_embedder():  # type: ignore[no-untyped-def]
    """The same model on torch: the reference the ONNX export is checked against."""
    from assistant.index.embedder import PackagedMiniLM

    model = PackagedMiniLM()
    model.warm_up()
    return model


@pytest.fixture(scope="session")
def corpus_services(tmp_path_factory: pytest.TempPathFactory, embedder):  # type: ignore[no-untyped-def]
    """Services over the real knowledge corpus, indexed once into a temporary embedded Chroma."""
    from assistant.settings import Settings
    from assistant.wiring import Services

    data = tmp_path_factory.mktemp("corpus-data")
    services = Services(Settings.test_profile(REPO / "knowledge", data, CONFIG), embedder=embedder)
    services.builder(progress=False).build()
    return services


def document_text(doc_id: str, body: str, **overrides: object) -> str:
    """A valid knowledge document; `overrides` replace or (with None) remove front-matter keys."""
    import yaml

    meta: dict[str, object] = {
        "id": doc_id,
        "title": f"Title of {doc_id}",
        "doc_type": "program",
        "as_of": "2026-06-05",
        "sources": [{"id": "s1", "title": "A source", "url": f"https://example.gov/{doc_id}"}],
    }
    for key, value in overrides.items():
        if value is None:
            meta.pop(key, None)
        else:
            meta[key] = value
    return f"---\n{yaml.safe_dump(meta, sort_keys=False)}---\n\n{body}\n"


@pytest.fixture
def write_doc(tmp_path: Path):  # type: ignore[no-untyped-def]
    folder = tmp_path / "knowledge" / "documents"
    folder.mkdir(parents=True)

    def write(doc_id: str, body: str, filename: str | None = None, **overrides: object) -> Path:
        path = folder / (filename or f"{doc_id}.md")
        path.write_text(document_text(doc_id, body, **overrides))
        return path

    write.folder = folder  # type: ignore[attr-defined]
    return write


@pytest.fixture(scope="session")
def live_server(corpus_services):  # type: ignore[no-untyped-def]
    """The real app served by uvicorn over a real socket, in a thread of this process
    (so the embedding model loaded once for the session is shared)."""
    import threading
    import time

    import uvicorn

    from api.app import create_app

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(corpus_services),
            host="127.0.0.1",
            port=port,
            log_level="warning",
            lifespan="on",
            proxy_headers=False,
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the API server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def empty_sqlite_engine(tmp_path: Path):  # type: ignore[no-untyped-def]
    from assistant.storage.engine import make_engine

    engine = make_engine(None, tmp_path)
    yield engine
    engine.dispose()


def _postgresql_engine_or_skip(tmp_path: Path):  # type: ignore[no-untyped-def]
    from sqlalchemy import text

    from assistant.storage.engine import make_engine

    engine = make_engine(POSTGRES_URL, tmp_path)
    try:
        if _WORKER:
            _create_worker_database()
        with engine.connect() as connection:
            connection.execute(text("select 1"))
    except Exception as exc:
        pytest.skip(
            f"PostgreSQL is not reachable at {POSTGRES_URL} ({type(exc).__name__}); "
            "start it to run the store tests on PostgreSQL too"
        )
    return engine


@functools.cache
def _create_worker_database() -> None:
    """This xdist worker's database, beside the one TEST_DATABASE_URL names, created when missing."""
    from sqlalchemy import create_engine, make_url, text

    url = make_url(POSTGRES_URL)
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            if not connection.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": url.database}
            ).scalar():
                connection.execute(text(f'CREATE DATABASE "{url.database}"'))
    finally:
        admin.dispose()


def _drop_everything(engine) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import MetaData

    # The shared test database outlives runs: start from nothing, whatever an older version left.
    existing = MetaData()
    existing.reflect(engine)
    existing.drop_all(engine)


@pytest.fixture
def empty_postgresql_engine(tmp_path: Path):  # type: ignore[no-untyped-def]
    """An engine on the PostgreSQL test database with every table dropped; skips, saying why, when unreachable."""
    engine = _postgresql_engine_or_skip(tmp_path)
    _drop_everything(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def migrated_sqlite_engine(empty_sqlite_engine):  # type: ignore[no-untyped-def]
    from assistant.storage import migrate

    migrate.upgrade(empty_sqlite_engine)
    return empty_sqlite_engine


@pytest.fixture
def migrated_postgresql_engine(tmp_path: Path):  # type: ignore[no-untyped-def]
    """The PostgreSQL test database at the newest schema with every table empty. Emptying the tables of a
    database already at the head revision costs a third of dropping and migrating it again (ADR 0081);
    a database anywhere else (a migration test's, an older run's) is rebuilt."""
    from sqlalchemy import MetaData, text

    from assistant.storage import migrate

    engine = _postgresql_engine_or_skip(tmp_path)
    if migrate.current_revision(engine) == migrate.head_revision():
        tables = MetaData()
        tables.reflect(engine)
        names = ", ".join(f'"{t.name}"' for t in tables.sorted_tables if t.name != "alembic_version")
        with engine.begin() as connection:
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        _drop_everything(engine)
        migrate.upgrade(engine)
    yield engine
    engine.dispose()
