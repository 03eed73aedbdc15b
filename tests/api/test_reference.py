"""GET /api/countries, /api/fact-questions and /api/about: reference data for the chat page."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from fastapi.testclient import TestClient

from assistant.about import About, AboutConfig

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    from api.app import create_app
    from assistant.settings import Settings
    from assistant.wiring import Services

    data = tmp_path_factory.mktemp("no-index")
    services = Services(Settings.test_profile(REPO / "knowledge", data, REPO / "config"))
    return TestClient(create_app(services, warm_up=False))


def test_countries_come_from_iso3166_with_their_other_names(client: TestClient) -> None:
    reply = client.get("/api/countries")
    assert reply.status_code == 200
    rows = {row["code"]: row for row in reply.json()["countries"]}
    lines = (REPO / "knowledge" / "iso3166.csv").read_text(encoding="utf-8").splitlines()
    assert len(rows) == len(lines) - 1
    assert rows["VN"]["name"] == "Viet Nam" and "Vietnam" in rows["VN"]["aliases"]
    names = [row["name"] for row in reply.json()["countries"]]
    assert names == sorted(names)


def test_fact_questions_are_the_intake_questions(client: TestClient) -> None:
    questions = client.get("/api/fact-questions").json()["questions"]
    assert questions["buyer_country"] == "Which country is the buyer in?"
    assert all(q.endswith("?") for q in questions.values())


def test_about_without_an_index_is_a_documented_503(client: TestClient) -> None:
    reply = client.get("/api/about")
    assert reply.status_code == 503 and reply.json()["error"]["code"] == "index_not_ready"
    documented = client.get("/openapi.json").json()["paths"]["/api/about"]["get"]["responses"]
    assert "503" in documented and "200" in documented


def test_about_reports_the_newest_knowledge_dates_and_the_contacts() -> None:
    documents = {
        "a": {"as_of": "2026-06-05", "checked": "2026-11-28"},
        "b": {"as_of": "2023-03-01", "checked": "2026-11-30"},
        "c": {"as_of": "2025-01-01", "checked": None},
    }
    index = SimpleNamespace(snapshot=lambda: SimpleNamespace(documents=lambda: documents))
    about = About(AboutConfig.load(REPO / "config"), index, 90).describe()  # type: ignore[arg-type]
    assert about["knowledge_as_of"] == date(2026, 6, 5) and about["knowledge_checked"] == date(2026, 11, 30)
    assert about["documents"] == 3 and "deleted 90 days after its last message" in about["kept"]
    assert {c["name"] for c in about["contacts"]} == {"EXIM", "BIS"}
    assert any("EXIM decides" in line for line in about["cannot"])
