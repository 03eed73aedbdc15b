"""Schemathesis against the real app (SQLite, and PostgreSQL when reachable): generated valid and
invalid requests to every documented operation, staff routes with a real token. No 500, no status
the OpenAPI document does not list, and every response matches its documented schema and type.

Bounded and seeded: `MAX_EXAMPLES` per operation and generation mode, `derandomize`, so a run is
repeatable. Rate limits are lifted for the run (they are tested on their own).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from harness import copy_index, postgres_database
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.app import create_app
from assistant.settings import Settings
from assistant.wiring import Services

REPO = Path(__file__).resolve().parents[2]
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
MAX_EXAMPLES = 20  # per operation and mode: with derandomize, a repeatable run of a minute or two


@pytest.fixture(params=["sqlite", "postgresql"])
def app_and_token(request: pytest.FixtureRequest, corpus_services: Any, tmp_path: Path) -> Iterator[tuple[Any, str]]:
    copy_index(corpus_services, tmp_path)
    settings_ = Settings.test_profile(REPO / "knowledge", tmp_path, REPO / "config")
    if request.param == "postgresql":
        settings_.database_url = postgres_database("schemathesis")
    services = Services(settings_, embedder=corpus_services.embedder, store=corpus_services.store)
    token = services.staff.create_token(f"schemathesis-{uuid.uuid4().hex[:6]}")
    yield create_app(services, warm_up=False), token
    services.conversations.engine.dispose()


def _exercise(operation: Any, mode: GenerationMode, token: str) -> None:
    @settings(
        max_examples=MAX_EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case: Any) -> None:
        response = case.call(headers={"Authorization": f"Bearer {token}"})
        case.validate_response(response, checks=CHECKS)

    run()


def test_no_500_and_no_undocumented_status(app_and_token: tuple[Any, str]) -> None:
    """Valid and invalid requests to every operation; the failures of all operations are listed together."""
    app, token = app_and_token
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    failures, operations = [], 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                _exercise(operation, mode, token)
            except Unsatisfiable:
                assert mode is GenerationMode.NEGATIVE  # no parameter or body to get wrong: nothing to send
            except Exception as exc:  # hypothesis has shrunk it: keep the smallest failing case
                failures.append(f"{operation.method.upper()} {operation.path} ({mode.value}): {exc}"[:3000])
    assert operations >= 14
    assert failures == [], "\n\n".join(failures)
