"""The real FastAPI app over HTTP: the contract of ARCHITECTURE §6 and a 4xx for every bad input."""

from __future__ import annotations

import json

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families


@pytest.fixture(scope="module")
def http(live_server):  # type: ignore[no-untyped-def]
    with httpx.Client(base_url=live_server, timeout=30) as client:
        yield client


SECRETS: dict[str, str] = {}  # conversation id → its owner's secret, as the browser keeps it


def chat(http: httpx.Client, message: str, conversation_id: str | None = None) -> dict:
    headers = {"X-Conversation-Secret": SECRETS[conversation_id]} if conversation_id else {}
    reply = http.post("/api/chat", json={"message": message, "conversation_id": conversation_id}, headers=headers)
    assert reply.status_code == 200, reply.text
    body = reply.json()
    if reply.headers.get("X-Conversation-Secret"):
        SECRETS[body["conversation_id"]] = reply.headers["X-Conversation-Secret"]
    return body


def test_chat_answers_with_the_contract_fields(http: httpx.Client) -> None:
    body = chat(http, "What down payment does EXIM require on a medium-term deal?")
    assert set(body) == {
        "conversation_id",
        "turn_id",
        "status",
        "answer",
        "citations",
        "eligibility",
        "missing_facts",
        "suggestions",
    }  # exactly the contract's fields: a new conversation's secret travels in a header
    assert body["status"] == "answered" and "15%" in body["answer"]
    assert body["citations"][0]["url"].startswith("http") and body["citations"][0]["as_of"]
    assert "Sources:" not in body["answer"] and body["citations"][0]["dated"] and body["suggestions"]


def test_a_follow_up_uses_the_conversation(http: httpx.Client) -> None:
    first = chat(http, "What does EXIM's working capital loan guarantee cover?")
    follow = chat(http, "And how much of the loan does the lender keep at risk?", first["conversation_id"])
    assert follow["conversation_id"] == first["conversation_id"]
    assert follow["status"] in {"answered", "partial"}
    assert "10%" in follow["answer"]


def test_stream_sends_meta_deltas_and_the_final_response(http: httpx.Client) -> None:
    with http.stream("POST", "/api/chat/stream", json={"message": "What is CIRR?"}) as reply:
        assert reply.status_code == 200
        assert reply.headers["content-type"].startswith("text/event-stream")
        raw = "".join(reply.iter_text())
    events = [(b.split("\n")[0][7:], json.loads(b.split("\n")[1][6:])) for b in raw.strip().split("\n\n")]
    names = [name for name, _ in events]
    assert names[0] == "meta" and names[-1] == "final" and names.count("delta") >= 2
    final = events[-1][1]
    assert "".join(data["text"] for name, data in events if name == "delta") == final["answer"]
    assert events[0][1]["turn_id"] == final["turn_id"]


def test_feedback_is_recorded_and_unknown_turns_are_404(http: httpx.Client) -> None:
    body = chat(http, "How do I apply for export credit insurance?")
    ok = http.post(
        "/api/feedback",
        json={
            "conversation_id": body["conversation_id"],
            "turn_id": body["turn_id"],
            "rating": "down",
            "comment": "Missed the broker step.",
        },
    )
    assert ok.status_code == 201 and ok.json()["status"] == "recorded"
    missing = http.post(
        "/api/feedback", json={"conversation_id": body["conversation_id"], "turn_id": "nope", "rating": "up"}
    )
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "unknown_turn"


@pytest.mark.parametrize(
    ("kwargs", "status", "code"),
    [
        ({"content": b"{not json", "headers": {"content-type": "application/json"}}, 400, "malformed_json"),
        ({"json": {"message": 42}}, 422, "invalid_request"),
        ({"json": {"message": ""}}, 422, "invalid_request"),
        ({"json": {"message": "x" * 2001}}, 422, "invalid_request"),
        ({"json": {"message": "\u200b\u200b \u0007"}}, 422, "invalid_message"),
        ({"json": {"message": "hi", "surprise": True}}, 422, "invalid_request"),
        (
            {"json": {"message": "hi", "conversation_id": "00000000-0000-0000-0000-000000000000"}},
            404,
            "unknown_conversation",
        ),
        (
            {"content": b"{" + b" " * 70000 + b"}", "headers": {"content-type": "application/json"}},
            413,
            "payload_too_large",
        ),
        ({"json": {"message": "hi", "facts": {"us_content_pct": 150}}}, 422, "invalid_facts"),
    ],
)
def test_bad_input_gets_a_json_4xx(http: httpx.Client, kwargs: dict, status: int, code: str) -> None:
    reply = http.post("/api/chat", **kwargs)
    assert reply.status_code == status, reply.text
    assert reply.json()["error"]["code"] == code
    assert "Traceback" not in reply.text


def test_validation_errors_name_the_field(http: httpx.Client) -> None:
    reply = http.post("/api/chat", json={"message": 42})
    assert reply.json()["error"]["details"][0]["field"] == "message"


ELIGIBLE_FACTS = {
    "exporter_country": "US",
    "buyer_country": "VN",
    "item": "ai_servers",
    "eccn": "4A090.a",
    "end_use": "civil",
    "restricted_party": False,
    "license_status": "approved",
    "contract_value_usd": 2_000_000,
    "us_content_pct": 70,
    "cash_payment_pct": 15,
    "repayment_months": 60,
}


def test_eligibility_check_endpoint(http: httpx.Client) -> None:
    reply = http.post("/api/eligibility/check", json=ELIGIBLE_FACTS)
    assert reply.status_code == 200
    result = reply.json()
    assert result["outcome"] == "eligible" and result["term"] == "medium_term"
    assert result["supported_amount_usd"] == 1_700_000
    assert {p["id"] for p in result["programs"]} >= {"exim-exportai-initiative"}
    bad = http.post(
        "/api/eligibility/check",
        json={
            "us_content_pct": 150,
            "contract_value_usd": -1,
            "buyer_country": "ZZ",
            "item": "boats",
            "extra": 1,
        },
    )
    assert bad.status_code == 422
    assert {d["field"] for d in bad.json()["error"]["details"]} == {
        "us_content_pct",
        "contract_value_usd",
        "buyer_country",
        "item",
        "extra",
    }


def test_health_readiness_and_metrics(http: httpx.Client) -> None:
    assert http.get("/healthz").json() == {"status": "ok"}
    ready = http.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["checks"] == {"index": True, "database": True, "chroma": True, "disk": True}
    assert ready.json()["status"] == "ready"


def _samples(http: httpx.Client) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    text = http.get("/metrics").text
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def test_metrics_count_each_turn_check_and_request_by_value(http: httpx.Client) -> None:
    before = _samples(http)
    first = chat(http, "What down payment does EXIM require on a medium-term deal?")
    second = chat(http, "Can you book me a flight to Hanoi?")
    facts = {"exporter_country": "US", "buyer_country": "ZZ"}
    assert http.post("/api/eligibility/check", json=facts).status_code == 422
    eligible = http.post("/api/eligibility/check", json=ELIGIBLE_FACTS).json()
    after = _samples(http)

    def grew(name: str, **labels: str) -> float:
        key = (name, tuple(sorted(labels.items())))
        return after.get(key, 0.0) - before.get(key, 0.0)

    statuses = [first["status"], second["status"]]
    assert first["status"] == "answered" and second["status"] != "answered"
    for status in set(statuses):
        assert grew("assistant_turns_total", status=status) == statuses.count(status)
    assert grew("assistant_turn_seconds_count") == 2
    assert 0 < grew("assistant_turn_seconds_sum") < 60
    assert grew("assistant_eligibility_checks_total", outcome=eligible["outcome"]) == 1
    assert grew("http_requests_total", method="POST", route="/api/chat", status="200") == 2
    assert grew("http_requests_total", method="POST", route="/api/eligibility/check", status="422") == 1
    assert grew("http_requests_total", method="POST", route="/api/eligibility/check", status="200") == 1
    # the first /metrics read itself was counted before the second read began
    assert grew("http_requests_total", method="GET", route="/metrics", status="200") == 1


def test_openapi_documents_the_contract_with_examples(http: httpx.Client) -> None:
    spec = http.get("/openapi.json").json()
    assert {"/api/chat", "/api/chat/stream", "/api/feedback", "/api/eligibility/check"} <= set(spec["paths"])
    chat_schema = spec["components"]["schemas"]["ChatRequest"]
    assert chat_schema["examples"]


def test_personal_data_is_not_stored_or_echoed(http: httpx.Client, corpus_services) -> None:
    body = chat(
        http,
        "I'm jane.doe@acme-exports.com, card 4111 1111 1111 1111. How does EXIM's multi-buyer insurance work?",
    )
    assert "jane.doe" not in body["answer"] and "4111" not in body["answer"]
    stored = corpus_services.conversations.conversation(body["conversation_id"])
    # The whole card number, not "4111": four digits turn up by chance in the stored stage timings.
    dumped = json.dumps(stored)
    assert "jane.doe" not in dumped
    assert "4111 1111" not in dumped and "4111111111111111" not in dumped
    assert stored["turns"][0]["redactions"] == ["email", "card"]


def test_the_chat_page_is_served(http: httpx.Client) -> None:
    page = http.get("/")
    assert page.status_code == 200 and 'aria-live="polite"' in page.text
    assert http.get("/static/app.js").status_code == 200
