"""Alembic migrations, run from the previous schema on SQLite and (when reachable) PostgreSQL."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine

from assistant.storage import migrate
from assistant.storage.schema import Base


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest) -> Engine:
    return request.getfixturevalue(f"empty_{request.param}_engine")


def _schema_drift(engine: Engine) -> list[object]:
    with engine.connect() as connection:
        return compare_metadata(MigrationContext.configure(connection), Base.metadata)


def test_an_empty_database_is_built_to_the_models(engine: Engine) -> None:
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.head_revision()
    assert _schema_drift(engine) == []


def test_a_database_from_before_migrations_keeps_its_rows(engine: Engine) -> None:
    """Databases made by create_all (the schema until migrations existed) are stamped, then upgraded."""
    migrate.upgrade(engine, migrate.BASELINE)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE alembic_version"))  # exactly what create_all left behind
        connection.execute(
            text("INSERT INTO conversations (id, created_at, updated_at) VALUES ('c1', :t, :t)"),
            {"t": datetime(2026, 11, 1, tzinfo=UTC)},
        )
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.head_revision()
    with engine.connect() as connection:
        assert connection.execute(text("SELECT id FROM conversations")).scalars().all() == ["c1"]
    assert _schema_drift(engine) == []


def test_every_revision_downgrades_and_upgrades_again(engine: Engine) -> None:
    migrate.upgrade(engine)
    with engine.connect() as connection:
        config = migrate._config(connection)
        command.downgrade(config, "base")
        connection.commit()
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    migrate.upgrade(engine)
    assert _schema_drift(engine) == []


def test_workers_starting_together_migrate_once(engine: Engine) -> None:
    errors: list[BaseException] = []

    def run() -> None:
        try:
            migrate.upgrade(engine)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert migrate.current_revision(engine) == migrate.head_revision()


def test_turns_stored_twice_at_one_position_are_renumbered(engine: Engine) -> None:
    """Before turns were serialised, two posts at once could share a position; 0050 renumbers them in the
    order they were stored, then makes (conversation_id, position) unique."""
    migrate.upgrade(engine, migrate.BASELINE)
    at = [datetime(2026, 11, 1, 10, minute, tzinfo=UTC) for minute in range(4)]
    with engine.begin() as connection:
        connection.execute(
            text("INSERT INTO conversations (id, created_at, updated_at) VALUES ('c1', :t, :t)"), {"t": at[0]}
        )
        for turn_id, position, when in (("t0", 0, at[0]), ("t1", 1, at[1]), ("t2", 1, at[2]), ("t3", 2, at[3])):
            connection.execute(
                text(
                    "INSERT INTO turns (id, conversation_id, position, created_at, question, status, answer, "
                    "citations, timings, redactions) VALUES (:id, 'c1', :p, :t, 'q', 'answered', 'a', '[]', '[]', '[]')"
                ),
                {"id": turn_id, "p": position, "t": when},
            )
    migrate.upgrade(engine)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT id, position FROM turns ORDER BY position")).all()
    assert [tuple(r) for r in rows] == [("t0", 0), ("t1", 1), ("t2", 2), ("t3", 3)]
    assert _schema_drift(engine) == []


def test_0060_keeps_cases_and_removes_duplicate_reviews_and_feedback(engine: Engine) -> None:
    """From the previous schema: a closed hand-off becomes resolved with its headline fields read from
    its packet; double-click duplicates (two reviews of a draft, two feedback rows on a turn) are merged."""
    migrate.upgrade(engine, "0050")
    at = datetime(2026, 11, 1, 10, tzinfo=UTC)
    packet = (
        '{"facts": {"buyer_country": "VN", "item": "ai_servers", "contract_value_usd": 4000000, '
        '"license_status": "not_applied"}, "eligibility": {"outcome": "refer_to_human"}, '
        '"transcript": [{"question": "Selling servers to Vietnam", "answer": "OK", "status": "handoff"}]}'
    )
    with engine.begin() as connection:
        connection.execute(
            text("INSERT INTO conversations (id, created_at, updated_at) VALUES ('c1', :t, :t)"), {"t": at}
        )
        connection.execute(
            text(
                "INSERT INTO turns (id, conversation_id, position, created_at, question, status, answer, "
                "citations, timings, redactions) VALUES ('t1', 'c1', 0, :t, 'q', 'handoff', 'a', '[]', '[]', '[]')"
            ),
            {"t": at},
        )
        for rating in ("down", "down"):
            connection.execute(
                text(
                    "INSERT INTO feedback (conversation_id, turn_id, rating, comment, created_at) "
                    "VALUES ('c1', 't1', :r, NULL, :t)"
                ),
                {"r": rating, "t": at},
            )
        for kind in ("approved", "approved"):
            connection.execute(
                text(
                    "INSERT INTO reviews (created_at, reviewer, kind, draft_id, answer, key_facts, sources) "
                    "VALUES (:t, 'alice', :k, 'd1', 'text', '[]', '[]')"
                ),
                {"k": kind, "t": at},
            )
        connection.execute(
            text(
                "INSERT INTO handoffs (created_at, conversation_id, turn_id, reason, packet, status) "
                "VALUES (:t, 'c1', 't1', 'refer_to_human', :p, 'closed')"
            ),
            {"t": at, "p": packet},
        )
    migrate.upgrade(engine)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT COUNT(*) FROM feedback")).scalar() == 1
        assert connection.execute(text("SELECT COUNT(*) FROM reviews")).scalar() == 1
        case = connection.execute(
            text("SELECT status, country, item, value_usd, license_status, outcome, search_text FROM handoffs")
        ).one()
        owner = connection.execute(text("SELECT owner_hash FROM conversations")).scalar()
    assert tuple(case)[:6] == ("resolved", "VN", "ai_servers", 4000000.0, "not_applied", "refer_to_human")
    assert "vietnam" in case.search_text
    assert owner is None, "a conversation from before owner secrets is readable by staff only"
    assert _schema_drift(engine) == []


def test_0061_keeps_the_latest_review_of_each_kind_of_a_turn(engine: Engine) -> None:
    migrate.upgrade(engine, "0060")
    with engine.begin() as connection:
        for n, (kind, answer) in enumerate((("corrected", "first"), ("corrected", "second"), ("approved", "ok"))):
            connection.execute(
                text(
                    "INSERT INTO reviews (created_at, reviewer, kind, turn_id, answer, key_facts, sources) "
                    "VALUES (:t, 'alice', :k, 't1', :a, '[]', '[]')"
                ),
                {"t": datetime(2026, 11, 1, 10, n, tzinfo=UTC), "k": kind, "a": answer},
            )
    migrate.upgrade(engine)
    with engine.connect() as connection:
        assert sorted(connection.execute(text("SELECT answer FROM reviews")).scalars().all()) == ["ok", "second"]
    assert _schema_drift(engine) == []
