"""The SQLAlchemy engine: SQLite (WAL) under the data folder by default, PostgreSQL when DATABASE_URL says so.

Every way a database can fail becomes `DependencyUnavailable` (HTTP 503 in `api/`), never a hang:
a connect timeout, a server-side statement timeout, a client-side deadline on every checked-out
PostgreSQL connection (`deadline.py`), a bounded pool with a wait limit, and a SQLite busy timeout.
Parameters are hidden from error messages and logs, so no row's values reach a log line.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Engine
from sqlalchemy.pool import ConnectionPoolEntry, QueuePool

from assistant.errors import DependencyUnavailable
from assistant.health import Health
from assistant.settings import DatabaseSettings
from assistant.storage.deadline import CheckoutDeadline

READ_ONLY = "assistant_read_only"  # execution option: this connection never writes (SQLite: BEGIN DEFERRED)


class _BoundedPool(QueuePool):
    """A QueuePool whose 'no free connection in time' is the library's 503, not SQLAlchemy's TimeoutError."""

    def _do_get(self) -> ConnectionPoolEntry:
        try:
            return super()._do_get()
        except sa_exc.TimeoutError as exc:
            raise DependencyUnavailable("database", "no free connection; the database is slow or busy") from exc


def make_engine(
    url: str | None, data_dir: Path, settings: DatabaseSettings | None = None, health: Health | None = None
) -> Engine:
    settings = settings or DatabaseSettings()
    if url is None:
        data_dir.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{data_dir / 'assistant.sqlite3'}"
    pool: dict[str, Any] = {
        "poolclass": _BoundedPool,
        "pool_size": settings.pool_size,
        "max_overflow": settings.pool_overflow,
        "pool_timeout": settings.pool_timeout_seconds,
        "hide_parameters": True,
    }
    if url.startswith("sqlite"):
        if ":memory:" in url or url.rstrip("/") == "sqlite:":
            pool = {"hide_parameters": True}
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": settings.statement_timeout_seconds}, **pool
        )

        _sqlite_transactions(engine, settings.statement_timeout_seconds)

    else:
        statement_ms = int(settings.statement_timeout_seconds * 1000)
        engine = create_engine(
            url,
            connect_args={
                # libpq rounds below 2 s up to 2 s; psycopg applies it to the whole connection handshake.
                "connect_timeout": max(2, math.ceil(settings.connect_timeout_seconds)),
                "options": f"-c statement_timeout={statement_ms} -c idle_in_transaction_session_timeout=60000",
            },
            **pool,
        )
        # A server that stops answering holds a connection forever (the kernel still acknowledges our
        # packets, so no TCP timeout fires): the deadline closes its socket instead.
        CheckoutDeadline(settings.statement_timeout_seconds).install(engine)
    _report_failures(engine, health)
    return engine


def _sqlite_transactions(engine: Engine, busy_seconds: float) -> None:
    """Writers queue for SQLite's one write lock instead of failing (ADR 0058).

    pysqlite's own transaction handling begins lazily (BEGIN DEFERRED before the first write), so a
    transaction that reads and then writes must upgrade its lock. In WAL mode that upgrade fails at
    once with "database is locked" when another connection committed since the read began: the busy
    timeout cannot help. Turning pysqlite's handling off and starting every transaction with BEGIN
    IMMEDIATE takes the write lock first, where the busy timeout makes the next writer wait its turn.
    """

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(connection: Any, _record: Any) -> None:
        connection.isolation_level = None  # SQLAlchemy's "begin" event below emits BEGIN itself
        # WAL lets readers proceed while a turn is written; foreign keys are off by default.
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_seconds * 1000)}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin_immediate(connection: Any) -> None:
        # A caller that only reads may say so (the readiness ping): it need not queue behind writers.
        deferred = connection.get_execution_options().get(READ_ONLY, False)
        connection.exec_driver_sql("BEGIN" if deferred else "BEGIN IMMEDIATE")


def _contention(original: BaseException | None) -> bool:
    """SQLite's lock wait ran out: one request's bad luck under load, not a database that is down."""
    text = str(original).lower()
    return "database is locked" in text or "database is busy" in text or "database table is locked" in text


def _unavailable(original: BaseException | None, dbapi: Any) -> DependencyUnavailable | None:
    """The library error for a database failure that a retry later could fix; None for anything else."""
    if original is None:
        return None
    text = str(original).lower()
    sqlstate = getattr(original, "sqlstate", None) or ""
    if "disk is full" in text or "no space left" in text or sqlstate == "53100":
        return DependencyUnavailable("disk", "the disk is full")
    if sqlstate == "57014":
        return DependencyUnavailable("database", "a statement timed out")
    operational = getattr(dbapi, "OperationalError", ())  # connection lost or refused, timeouts, locks
    if isinstance(original, operational) or sqlstate.startswith(("08", "53", "57")):
        return DependencyUnavailable("database", _short(text))
    return None


def _short(text: str) -> str:
    first = text.strip().splitlines()[0] if text.strip() else "it did not answer"
    return first[:160]


class ScrubbedDriverError(Exception):
    """A driver error reduced to its class, SQLSTATE and primary message: PostgreSQL's DETAIL line quotes
    the row ("Key (name)=(jane@…) already exists"), and hide_parameters does not reach it."""

    def __init__(self, original: BaseException) -> None:
        self.sqlstate = getattr(original, "sqlstate", None)
        primary = getattr(getattr(original, "diag", None), "message_primary", None)
        super().__init__(f"{type(original).__name__}: {primary or _short(str(original))}")


def _report_failures(engine: Engine, health: Health | None) -> None:
    @event.listens_for(engine, "handle_error")
    def _translate(context: Any) -> None:
        unavailable = _unavailable(context.original_exception, context.dialect.loaded_dbapi)
        if unavailable is None and context.is_disconnect:
            unavailable = DependencyUnavailable("database", "the connection was lost")
        if unavailable is None:
            wrapped = context.sqlalchemy_exception
            if isinstance(wrapped, sa_exc.DBAPIError) and context.original_exception is not None:
                # Same SQLAlchemy class (callers may catch IntegrityError), without the row's values.
                raise type(wrapped)(
                    context.statement, None, ScrubbedDriverError(context.original_exception), hide_parameters=True
                ) from None
            return
        if health is not None and not _contention(context.original_exception):
            # A lock wait that ran out fails this request only (503); the circuit is for real outages.
            health.failed(unavailable.dependency, unavailable.reason)
        raise unavailable from context.original_exception
