"""Abuse: no rate-limit bypass by header (in process and with Redis), bounds on every number and id,
NUL and non-characters refused, strict booleans, security headers on every page, /docs offline."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from harness import redis_reachable

from api.app import create_app
from api.middleware import CONTENT_SECURITY_POLICY
from assistant.settings import ServingSettings
from assistant.wiring import Services


def _client(corpus_services, **changes) -> TestClient:  # type: ignore[no-untyped-def]
    settings = corpus_services.settings.model_copy(update=changes)
    services = Services(settings, embedder=corpus_services.embedder, store=corpus_services.store)
    return TestClient(create_app(services, warm_up=False), client=("203.0.113.7", 50000))


def _spoofed(client: TestClient, n: int) -> list[int]:
    return [
        client.post(
            "/api/eligibility/check", json={"buyer_country": "DE"}, headers={"X-Forwarded-For": f"198.51.100.{i}"}
        ).status_code
        for i in range(n)
    ]


@pytest.mark.parametrize("backend", ["in_process", "redis"])
def test_x_forwarded_for_does_not_buy_a_fresh_quota(corpus_services, one_rate_window, backend: str) -> None:  # type: ignore[no-untyped-def]
    redis_url = None
    if backend == "redis":
        if not redis_reachable():
            pytest.skip("Redis is not reachable on 127.0.0.1:6379")
        redis_url = f"redis://127.0.0.1:6379/0?client_name=t{uuid.uuid4().hex[:8]}"
    with _client(corpus_services, rate_limit_per_minute=5, redis_url=redis_url) as client:
        codes = _spoofed(client, 20)
    assert codes.count(200) <= 5 and codes.count(429) >= 15, codes


def test_a_trusted_proxy_names_the_client(corpus_services, one_rate_window) -> None:  # type: ignore[no-untyped-def]
    serving = ServingSettings(workers=1, trusted_proxies=["203.0.113.0/24"])
    with _client(corpus_services, rate_limit_per_minute=2, serving=serving) as client:
        codes = _spoofed(client, 6)  # six different clients behind the proxy: each within its limit
        assert codes == [200] * 6
        same = [
            client.post(
                "/api/eligibility/check",
                json={"buyer_country": "DE"},
                headers={"X-Forwarded-For": "1.2.3.4, 198.51.100.9"},  # the left part is the client's own claim
            ).status_code
            for _ in range(3)
        ]
        assert same == [200, 200, 429]


def test_redis_unreachable_falls_back_to_limits_in_process(corpus_services, one_rate_window) -> None:  # type: ignore[no-untyped-def]
    with _client(corpus_services, rate_limit_per_minute=3, redis_url="redis://127.0.0.1:1/0") as client:
        codes = [client.post("/api/eligibility/check", json={"buyer_country": "DE"}).status_code for _ in range(5)]
        ready = client.get("/readyz")
    assert codes == [200, 200, 200, 429, 429], "still limited, now counted in the process"
    assert ready.status_code == 200 and ready.json()["status"] == "degraded" and "redis" in ready.json()["failed"]


@pytest.fixture(scope="module")
def client(corpus_services) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    services = Services(corpus_services.settings, embedder=corpus_services.embedder, store=corpus_services.store)
    with TestClient(create_app(services, warm_up=False)) as made:
        made.headers["authorization"] = "Bearer " + services.staff.create_token(f"abuse-{uuid.uuid4().hex[:6]}")
        yield made


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/api/eligibility/check", {"contract_value_usd": 1e307}, "contract_value_usd"),
        ("/api/eligibility/check", {"repayment_months": False}, "repayment_months"),
        ("/api/eligibility/check", {"small_business": 1}, "small_business"),
        ("/api/eligibility/check", {"restricted_party": "no"}, "restricted_party"),
        ("/api/chat", {"message": "hi", "facts": {"contract_value_usd": 1e300}}, "contract_value_usd"),
        ("/api/chat", {"message": "what is CIRR?\u0000"}, "message"),
        ("/api/chat", {"message": "what is \ufdd0 CIRR?"}, "message"),
        ("/api/chat", {"message": "hi", "conversation_id": "abc\u0000"}, "conversation_id"),
        ("/api/feedback", {"conversation_id": "a", "turn_id": "b\u0000", "rating": "up"}, "turn_id"),
        ("/api/staff/turns/x/review", {"decision": "approved", "text": "fine\u0000"}, "text"),
        ("/api/staff/turns/x/review", {"decision": "approved", "sources": ["doc\u0000"]}, "sources.0"),
    ],
)
def test_out_of_bounds_and_unsafe_input_is_a_named_422(client: TestClient, path: str, body: dict, field: str) -> None:
    reply = client.post(path, json=body)
    assert reply.status_code == 422, reply.text
    assert field in {d["field"] for d in reply.json()["error"]["details"]}


@pytest.mark.parametrize("handoff_id", [2**31, 2**63, 0, -1])
def test_hand_off_ids_are_bounded(client: TestClient, handoff_id: int) -> None:
    assert client.post(f"/api/staff/handoffs/{handoff_id}/resolve", json={"note": "done"}).status_code == 422


def test_a_huge_amount_in_chat_does_not_break_the_conversation(client: TestClient) -> None:
    first = client.post("/api/chat", json={"message": "Is my deal eligible? It is worth $" + "9" * 400 + "."})
    assert first.status_code == 200
    conversation, secret = first.json()["conversation_id"], first.headers["X-Conversation-Secret"]
    for message in (
        "The buyer is in Vietnam.",
        "We are a U.S. exporter selling AI servers, 1" + "0" * 320 + " dollars",
    ):
        reply = client.post(
            "/api/chat",
            json={"message": message, "conversation_id": conversation},
            headers={"X-Conversation-Secret": secret},
        )
        assert reply.status_code == 200, reply.text
    facts = client.get(f"/api/conversations/{conversation}").json()["turns"][-1]["intake"]
    assert facts is None or "contract_value_usd" not in (facts.get("facts") or {})


@pytest.mark.parametrize("path", ["/", "/staff", "/docs", "/static/app.js", "/api/suggestions", "/healthz", "/nowhere"])
def test_every_response_carries_the_security_headers(client: TestClient, path: str) -> None:
    reply = client.get(path)
    assert reply.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY and "'unsafe-inline'" not in CONTENT_SECURITY_POLICY
    assert reply.headers["x-content-type-options"] == "nosniff"
    assert reply.headers["referrer-policy"] == "no-referrer"


def test_pages_have_no_inline_script_or_style() -> None:
    static = Path(__file__).resolve().parents[2] / "api" / "static"
    for page in static.glob("*.html"):
        html = page.read_text()
        assert "<script>" not in html and "<style" not in html and " style=" not in html, page.name
        assert not re.search(r"\son[a-z]+\s*=", html), f"{page.name} has an inline event handler"


def test_docs_are_served_from_the_installed_package(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200 and "cdn" not in page.text.lower() and "//" not in page.text.replace("://", "")
    assert client.get("/docs/assets/swagger-ui-bundle.js").status_code == 200
    assert client.get("/docs/assets/swagger-ui.css").status_code == 200
    assert client.get("/static/docs.js").status_code == 200


def test_openapi_names_the_staff_bearer_scheme(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    schemes = spec["components"]["securitySchemes"]
    assert any(s.get("type") == "http" and s.get("scheme") == "bearer" for s in schemes.values())
    assert spec["paths"]["/api/staff/queue"]["get"]["security"]
