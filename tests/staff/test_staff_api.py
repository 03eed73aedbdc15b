"""Staff access, drafts, hand-offs, reviews and the public/staff boundary, over HTTP."""

from __future__ import annotations

import json

import httpx
import pytest

from evals.reviewed import cases_from_reviews

INQUIRY = """Hello,

We make AI servers in Texas. Reach me at sam.lee@acme-servers.com or 202-555-0147.
1. What down payment does EXIM need on a 5-year deal?
2. Do we need a licence to ship 4A090 servers to Vietnam?
3. How long does a BIS licence application take?

The deal is $2M with a private buyer in Vietnam, 70% U.S. content, repaid over 5 years.

Thanks,
Sam Lee"""

STAFF_ROUTES = [
    ("GET", "/api/staff/me", None),
    ("POST", "/api/drafts", {"inquiry": "What is CIRR?"}),
    ("POST", "/api/drafts/x/review", {"decision": "approved"}),
    ("POST", "/api/staff/turns/x/review", {"decision": "approved"}),
    ("GET", "/api/staff/queue", None),
    ("GET", "/api/staff/inbox", None),
    ("GET", "/api/staff/handoffs/1", None),
    ("POST", "/api/staff/handoffs/1/assign", None),
    ("POST", "/api/staff/handoffs/1/reply", {"body": "Hello"}),
    ("POST", "/api/staff/handoffs/1/resolve", {"note": "done"}),
    ("GET", "/api/staff/knowledge", None),
]


@pytest.fixture(scope="module")
def token(corpus_services) -> str:  # type: ignore[no-untyped-def]
    corpus_services.staff.revoke("test-staff")
    return corpus_services.staff.create_token("test-staff")


@pytest.fixture(scope="module")
def http(live_server):  # type: ignore[no-untyped-def]
    with httpx.Client(base_url=live_server, timeout=60) as client:
        yield client


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.parametrize(("method", "path", "body"), STAFF_ROUTES)
def test_every_staff_route_needs_a_token(http: httpx.Client, method: str, path: str, body) -> None:  # type: ignore[no-untyped-def]
    for headers in ({}, {"Authorization": "Bearer not-a-token"}, {"Authorization": "Basic abc"}):
        reply = http.request(method, path, json=body, headers=headers)
        assert reply.status_code == 401, (path, headers)
        assert reply.json()["error"]["code"] == "unauthorized"
        assert reply.headers["www-authenticate"] == "Bearer"


def test_a_token_works_until_it_is_revoked(http: httpx.Client, corpus_services) -> None:
    temporary = corpus_services.staff.create_token("temporary-staff")
    assert http.get("/api/staff/me", headers=auth(temporary)).json() == {"name": "temporary-staff"}
    assert corpus_services.staff.revoke("temporary-staff")
    assert http.get("/api/staff/me", headers=auth(temporary)).status_code == 401
    assert not corpus_services.staff.revoke("temporary-staff")


def test_tokens_are_stored_hashed(corpus_services, token: str) -> None:
    from sqlalchemy import text

    with corpus_services.conversations.engine.connect() as connection:
        stored = connection.execute(text("select token_hash from staff_tokens")).scalars().all()
    assert token not in stored and all(len(h) == 64 for h in stored)


def test_draft_answers_each_question_with_verified_citations(http: httpx.Client, token: str, corpus_services) -> None:
    reply = http.post("/api/drafts", json={"inquiry": INQUIRY}, headers=auth(token))
    assert reply.status_code == 200, reply.text
    body = reply.json()
    assert set(body) >= {"draft", "citations", "facts", "eligibility", "status", "draft_id"}
    draft = body["draft"]
    assert draft.startswith("Dear Sam Lee,")
    for question in ("down payment", "licence to ship 4A090", "How long does a BIS licence"):
        assert question in draft
    assert "15%" in draft and "90 calendar days" in draft
    assert body["citations"] and all(c["verified"] is True for c in body["citations"])
    assert body["facts"]["buyer_country"] == "VN" and body["eligibility"]["outcome"] == "need_more_info"
    assert "could you tell us" in draft and "EXIM decides on financing and BIS decides on export licences" in draft
    assert "sam.lee@acme-servers.com" not in json.dumps(body) and "555-0147" not in draft
    with corpus_services.staff._sessions() as session:  # closed: an open SQLite transaction holds the write lock
        stored = session.execute(__import__("sqlalchemy").text("select inquiry, draft from drafts")).all()
    assert all("sam.lee@" not in row.inquiry and "202-555-0147" not in row.inquiry for row in stored)


def test_approving_a_corrected_draft_records_it_for_evals(http: httpx.Client, token: str, corpus_services) -> None:
    body = http.post("/api/drafts", json={"inquiry": "What does CIRR stand for?"}, headers=auth(token)).json()
    edited = body["draft"] + "\nPS: CIRR rates are published monthly."
    reply = http.post(
        f"/api/drafts/{body['draft_id']}/review",
        headers=auth(token),
        json={"decision": "approved", "text": edited, "key_facts": ["Commercial Interest Reference"]},
    )
    assert reply.status_code == 204
    reviews = [r for r in corpus_services.staff.reviews_for_evals() if r["turn_id"] == body["draft_id"]]
    assert reviews and reviews[0]["kind"] == "corrected"
    [case] = cases_from_reviews(reviews)
    assert case["expect"]["must_include"] == [["Commercial Interest Reference"]]
    missing = http.post("/api/drafts/nope/review", headers=auth(token), json={"decision": "rejected"})
    assert missing.status_code == 404


def test_asking_for_a_person_hands_off_with_a_packet(http: httpx.Client, token: str) -> None:
    created = http.post("/api/chat", json={"message": "What does EXIM's medium-term insurance cover?"})
    first, secret = created.json(), created.headers["X-Conversation-Secret"]
    handoff = http.post(
        "/api/chat",
        json={"message": "Can I speak to a human please?", "conversation_id": first["conversation_id"]},
        headers={"X-Conversation-Secret": secret},
    ).json()
    assert handoff["status"] == "handoff"
    queue = http.get("/api/staff/queue", headers=auth(token)).json()
    mine = [h for h in queue["handoffs"] if h["conversation_id"] == first["conversation_id"]]
    assert mine and mine[0]["reason"] == "asked_for_person"
    packet = mine[0]["packet"]
    assert packet["transcript"][0]["question"].startswith("What does EXIM")
    assert packet["citations"], "the cited passages travel with the hand-off"
    resolved = http.post(f"/api/staff/handoffs/{mine[0]['id']}/resolve", headers=auth(token), json={"note": "ok"})
    assert resolved.status_code == 204


def test_refer_to_human_outcome_hands_off_with_facts_and_rule_trace(http: httpx.Client, token: str) -> None:
    conversation, headers = None, {}
    for message in [
        "Check my deal's eligibility: we're a US company selling $2M of H100 servers to Vietnam over "
        "5 years, 15% down, 70% US content, civil, screened clear, ECCN 4A090.a, licence pending",
        "yes",
    ]:
        sent = http.post("/api/chat", json={"message": message, "conversation_id": conversation}, headers=headers)
        reply = sent.json()
        conversation = reply["conversation_id"]
        headers = {
            "X-Conversation-Secret": sent.headers.get("X-Conversation-Secret") or headers["X-Conversation-Secret"]
        }
    assert reply["status"] == "handoff" and reply["eligibility"]["outcome"] == "refer_to_human"
    queue = http.get("/api/staff/queue", headers=auth(token)).json()
    [item] = [h for h in queue["handoffs"] if h["conversation_id"] == conversation]
    assert item["reason"] == "refer_to_human"
    assert item["packet"]["facts"]["buyer_country"] == "VN"
    assert any(c["reason_code"] == "license_required_before_financing" for c in item["packet"]["eligibility"]["checks"])


def test_thumbs_down_appears_in_the_queue_and_a_staff_correction_is_recorded(
    http: httpx.Client, token: str, corpus_services
) -> None:
    answer = http.post("/api/chat", json={"message": "How long is EXIM authorized for?"}).json()
    http.post(
        "/api/feedback",
        json={
            "conversation_id": answer["conversation_id"],
            "turn_id": answer["turn_id"],
            "rating": "down",
            "comment": "It should say 31 December 2026.",
        },
    )
    downs = http.get("/api/staff/queue", headers=auth(token)).json()["thumbs_down"]
    assert any(d["turn_id"] == answer["turn_id"] for d in downs)
    conversation = http.get(f"/api/conversations/{answer['conversation_id']}", headers=auth(token)).json()
    assert conversation["turns"][0]["timings"] and conversation["turns"][0]["status"] == answer["status"]
    reply = http.post(
        f"/api/staff/turns/{answer['turn_id']}/review",
        headers=auth(token),
        json={
            "decision": "approved",
            "text": "EXIM's charter runs through 31 December 2026.",
            "key_facts": ["31 December 2026"],
            "sources": ["exim-overview"],
        },
    )
    assert reply.status_code == 204
    downs = http.get("/api/staff/queue", headers=auth(token)).json()["thumbs_down"]
    assert not any(d["turn_id"] == answer["turn_id"] for d in downs), "reviewed items leave the queue"
    unknown = http.post("/api/staff/turns/no-such-turn/review", headers=auth(token), json={"decision": "approved"})
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "unknown_turn"
    review = next(r for r in corpus_services.staff.reviews_for_evals() if r["turn_id"] == answer["turn_id"])
    assert review == {
        "turn_id": answer["turn_id"],
        "kind": "corrected",
        "turns": ["How long is EXIM authorized for?"],
        "sources": ["exim-overview"],
        "key_facts": ["31 December 2026"],
    }


def test_public_responses_reveal_no_staff_data(http: httpx.Client) -> None:
    reply = http.post("/api/chat", json={"message": "What is the ExportAI Initiative?"})
    text = reply.text
    assert "test-staff" not in text and "token" not in text.lower()
    assert http.get("/openapi.json").status_code == 200


def test_staff_see_the_knowledge_check_and_bad_dates_are_refused(http: httpx.Client, token: str) -> None:
    reply = http.get("/api/staff/knowledge", params={"today": "2026-11-30"}, headers=auth(token))
    assert reply.status_code == 200
    report = reply.json()
    assert report["today"] == "2026-11-30" and report["errors"] == 0
    assert report["summary"]["documents_checked"] == report["summary"]["documents"]
    assert any(f["kind"] == "lapsed_fact" for f in report["findings"])  # the Affiliates Rule suspension
    bad = http.get("/api/staff/knowledge", params={"today": "30/11/2026"}, headers=auth(token))
    assert bad.status_code == 422 and "error" in bad.json()
