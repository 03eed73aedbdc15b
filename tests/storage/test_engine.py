"""The engine's guarantees that need no fault server: SQL errors carry no row values, and database
failures become DependencyUnavailable naming the database or the disk."""

from __future__ import annotations

import pytest
from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from assistant.errors import DependencyUnavailable
from assistant.health import Health
from assistant.storage import migrate
from assistant.storage.engine import make_engine


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest) -> Engine:
    made: Engine = request.getfixturevalue(f"empty_{request.param}_engine")
    migrate.upgrade(made)
    return made


def test_an_sql_error_carries_no_row_values(engine: Engine) -> None:
    insert = text("INSERT INTO staff_tokens (name, token_hash, created_at) VALUES (:n, :h, CURRENT_TIMESTAMP)")
    with engine.begin() as connection:
        connection.execute(insert, {"n": "jane.doe@acme-exports.com", "h": "a" * 64})
    with pytest.raises(IntegrityError) as failure, engine.begin() as connection:  # still the class callers catch
        connection.execute(insert, {"n": "jane.doe@acme-exports.com", "h": "b" * 64})  # the name is unique
    assert "jane.doe" not in str(failure.value) and "staff_tokens" in str(failure.value)


def test_a_full_database_is_the_disk(tmp_path) -> None:  # type: ignore[no-untyped-def]
    health = Health()
    engine = make_engine(None, tmp_path, health=health)
    migrate.upgrade(engine)

    @event.listens_for(engine, "checkout")
    def _full(dbapi_connection, _record, _proxy):  # type: ignore[no-untyped-def]
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA max_page_count = 1")  # below the current size: no page can be added
        cursor.close()

    with pytest.raises(DependencyUnavailable) as failure, engine.begin() as connection:
        connection.execute(text("CREATE TABLE filler (x TEXT)"))
        connection.execute(text("INSERT INTO filler VALUES (:x)"), {"x": "x" * 100_000})
    assert failure.value.dependency == "disk" and health.failing("disk") is not None
    engine.dispose()


def test_an_unreachable_database_is_unavailable(tmp_path) -> None:  # type: ignore[no-untyped-def]
    health = Health()
    engine = make_engine("postgresql+psycopg://postgres@127.0.0.1:1/none", tmp_path, health=health)
    with pytest.raises(DependencyUnavailable) as failure, engine.connect():
        pass
    assert failure.value.dependency == "database" and health.failing("database") is not None
