"""27 kinds of personal data, sent through every route that stores text, then every column of every
table read back: none may be stored verbatim (SQLite and, when reachable, PostgreSQL). No log line
may carry them either."""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from harness import copy_index, postgres_database
from sqlalchemy import select

from api.app import create_app
from assistant.settings import Settings
from assistant.storage.schema import Base
from assistant.wiring import Services

REPO = Path(__file__).resolve().parents[2]

# (kind, how a person writes it, the part that must never be stored)
PROBES = [
    ("email", "jane.doe@acme-exports.com", "jane.doe@acme-exports.com"),
    ("email spelled out", "jsmith at acme-exports dot com", "jsmith at acme-exports"),
    ("email in brackets", "mlee [at] acme-exports [dot] com", "mlee [at] acme-exports"),
    ("phone, formatted", "(202) 555-0147", "555-0147"),
    ("phone, dotted", "202.555.0199", "555.0199"),
    ("phone, international", "+44 20 7946 0958", "7946 0958"),
    ("phone, bare 10 digits", "2025550147", "2025550147"),
    ("phone, +1 compact", "+12025550183", "2025550183"),
    ("SSN, dashed", "078-05-1120", "078-05-1120"),
    ("SSN, spaced", "078 05 1120", "078 05 1120"),
    ("SSN, bare 9 digits", "social security 219099999", "219099999"),
    ("ITIN", "ITIN 912-78-1234", "912-78-1234"),
    ("EIN", "our EIN is 12-3456789", "12-3456789"),
    ("card, spaced", "4111 1111 1111 1111", "4111 1111 1111 1111"),
    ("card, dashed", "5500-0000-0000-0004", "5500-0000-0000-0004"),
    ("card, bare", "4012888888881881", "4012888888881881"),
    ("IBAN, spaced", "DE89 3704 0044 0532 0130 00", "3704 0044 0532"),
    ("IBAN, compact", "GB82WEST12345698765432", "GB82WEST12345698765432"),
    ("bank account number", "account number 4500123456", "4500123456"),
    ("bank routing number", "routing number 021000021", "021000021"),
    ("passport number", "passport number X12345678", "X12345678"),
    ("driver's licence number", "driver's license D1234567", "D1234567"),
    ("street address", "1600 Pennsylvania Avenue NW", "1600 Pennsylvania Avenue"),
    ("street address with suite", "221B Baker Street, Suite 4", "221B Baker Street"),
    ("PO box", "PO Box 4521", "Box 4521"),
    ("date of birth, numeric", "DOB 04/12/1985", "04/12/1985"),
    ("date of birth, written", "date of birth March 3, 1979", "March 3, 1979"),
]
QUESTION = "What does EXIM's working capital loan guarantee cover?"


def test_the_probe_list_has_27_kinds() -> None:
    assert len({kind for kind, _, _ in PROBES}) == 27


@pytest.fixture(params=["sqlite", "postgresql"])
def client(request, corpus_services, tmp_path: Path) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    copy_index(corpus_services, tmp_path)
    settings = Settings.test_profile(REPO / "knowledge", tmp_path, REPO / "config")
    if request.param == "postgresql":
        settings.database_url = postgres_database("pii")
    services = Services(settings, embedder=corpus_services.embedder, store=corpus_services.store)
    with TestClient(create_app(services, warm_up=False)) as made:
        made.headers["authorization"] = "Bearer " + services.staff.create_token(f"pii-{uuid.uuid4().hex[:6]}")
        made.services = services  # type: ignore[attr-defined]
        yield made
    services.conversations.engine.dispose()


def _ok(reply) -> dict:  # type: ignore[no-untyped-def]
    assert reply.status_code < 300, reply.text
    return reply.json() if reply.content else {}


def _every_route(client: TestClient, text: str) -> None:
    turn = _ok(client.post("/api/chat", json={"message": f"My details: {text}. {QUESTION}"}))
    with client.stream("POST", "/api/chat/stream", json={"message": f"{text} - {QUESTION}"}) as stream:
        assert stream.status_code == 200 and "".join(stream.iter_text())
    _ok(
        client.post(
            "/api/feedback",
            json={
                "conversation_id": turn["conversation_id"],
                "turn_id": turn["turn_id"],
                "rating": "down",
                "comment": f"Wrong; call me, {text}",
            },
        )
    )
    review = {"decision": "approved", "text": f"Corrected for {text}.", "key_facts": [text], "sources": [text]}
    _ok(client.post(f"/api/staff/turns/{turn['turn_id']}/review", json=review))
    _ok(client.post("/api/chat", json={"message": f"Can I speak to a person please? {text}"}))


def test_no_kind_is_stored_verbatim_through_any_route(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    for _, text, _ in PROBES:
        _every_route(client, text)
    for start in range(0, len(PROBES), 9):  # drafts: nine kinds to an email
        lines = "\n".join(text for _, text, _ in PROBES[start : start + 9])
        inquiry = f"Hello,\nmy details:\n{lines}\nWhat down payment does EXIM need on a 5-year deal?\nThanks,\nSam"
        draft = _ok(client.post("/api/drafts", json={"inquiry": inquiry}))
        review = {"decision": "approved", "text": f"Edited: {lines}", "key_facts": lines.split("\n")[:5]}
        _ok(client.post(f"/api/drafts/{draft['draft_id']}/review", json=review))

    stored = _everything_stored(client)
    leaked = [(kind, secret) for kind, _, secret in PROBES if secret.lower() in stored.lower()]
    assert leaked == [], f"stored verbatim: {leaked}"
    logged = "\n".join(record.getMessage() + (record.exc_text or "") for record in caplog.records)
    assert [kind for kind, _, secret in PROBES if secret in logged] == []


def _everything_stored(client: TestClient) -> str:
    """Every column of every row of every table, as text."""
    engine = client.services.conversations.engine  # type: ignore[attr-defined]
    dump: dict[str, list[list[str]]] = {}
    with engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            if table.name == "index_files":
                continue  # the index's own files: corpus text, no user input
            rows = connection.execute(select(table)).all()
            dump[table.name] = [[str(value) for value in row] for row in rows]
    assert all(dump[t] for t in ("turns", "feedback", "reviews", "drafts", "handoffs")), "every route stored"
    return json.dumps(dump, ensure_ascii=False)
