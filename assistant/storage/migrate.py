"""Bring a database to the newest schema with Alembic, safely when several workers start at once.

A database made before migrations existed (tables from `create_all`, no `alembic_version`) is
stamped at the baseline first, so its rows are kept and later revisions apply to it.
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine

from assistant.storage.deadline import hold_longer

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
BASELINE = "0001"
# Any 64-bit number unique to this app: PostgreSQL advisory lock held while migrating.
_PG_LOCK_KEY = 0x45585049_4D494752
_MIGRATION_SECONDS = 600.0


def _config(connection: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    head = ScriptDirectory.from_config(config).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


@contextmanager
def _migration_lock(engine: Engine) -> Iterator[Connection]:
    """One migrator at a time: an advisory lock on PostgreSQL, a file lock beside a SQLite file."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            hold_longer(connection, _MIGRATION_SECONDS)  # waiting for another worker's migration, then DDL
            connection.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _PG_LOCK_KEY})
            connection.commit()
            try:
                yield connection
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _PG_LOCK_KEY})
                connection.commit()
        return
    database = engine.url.database
    lock_path = Path(f"{database}.migrate.lock") if database and database != ":memory:" else None
    with engine.connect() as connection:
        if lock_path is None:
            yield connection
            return
        with lock_path.open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield connection
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)


def upgrade(engine: Engine, revision: str = "head") -> None:
    with _migration_lock(engine) as connection:
        config = _config(connection)
        tables = set(inspect(connection).get_table_names())
        if "alembic_version" not in tables and "conversations" in tables:
            command.stamp(config, BASELINE)
        command.upgrade(config, revision)
        connection.commit()
