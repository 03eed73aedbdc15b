"""The hand-off loop over HTTP, without the model: who may read a conversation (only its owner's secret
or a staff token; 404 otherwise), the customer's messages and contact, staff replies, resolution, and
one review per draft. Conversations are made in the store (a turn needs the model; the slow tests send real ones)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from assistant.context import AnswerStatus, TurnContext
from assistant.conversations.owners import new_secret
from assistant.settings import Settings
from assistant.wiring import Services

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def services(tmp_path: Path) -> Services:
    return Services(Settings.test_profile(REPO / "knowledge", tmp_path, REPO / "config"))


@pytest.fixture
def client(services: Services) -> Iterator[TestClient]:
    with TestClient(create_app(services, warm_up=False)) as made:
        yield made


@pytest.fixture
def staff(services: Services) -> dict[str, str]:
    return {"Authorization": "Bearer " + services.staff.create_token("alice")}


def conversation(services: Services, handoff: bool = False) -> tuple[str, dict[str, str]]:
    secret, owner_hash = new_secret()
    conversation_id, turn = (
        str(uuid.uuid4()),
        TurnContext(question="Can I talk to a person?", turn_id=str(uuid.uuid4())),
    )
    turn.status, turn.answer = (AnswerStatus.handoff if handoff else AnswerStatus.answered), "I'll pass this on."
    services.conversations.add_turn(conversation_id, turn, new=True, owner_hash=owner_hash)
    if handoff:
        packet = {"transcript": [{"question": turn.question, "answer": turn.answer, "status": "handoff"}]}
        services.cases.open_case(conversation_id, turn.turn_id, "asked_for_person", packet)  # type: ignore[arg-type]
    return conversation_id, {"X-Conversation-Secret": secret}


def test_nobody_reads_a_conversation_without_its_secret_or_a_staff_token(
    client: TestClient, services: Services, staff: dict[str, str]
) -> None:
    mine, owner = conversation(services)
    _, other = conversation(services)
    assert client.get(f"/api/conversations/{mine}", headers=owner).json()["turns"][0]["question"]
    attempts = [
        {},
        {"X-Conversation-Secret": ""},
        {"X-Conversation-Secret": owner["X-Conversation-Secret"][:-2]},
        other,
        {"Authorization": "Bearer not-a-token"},
        {"Authorization": "Bearer not-a-token", "X-Conversation-Secret": "guess"},
    ]
    for headers in attempts:
        for method, path, body in (
            ("GET", f"/api/conversations/{mine}", None),
            ("DELETE", f"/api/conversations/{mine}", None),
            ("POST", f"/api/conversations/{mine}/messages", {"body": "hi"}),
            ("PUT", f"/api/conversations/{mine}/contact", {"email": "a@b.example", "consent": True}),
            ("DELETE", f"/api/conversations/{mine}/contact", None),
            ("POST", "/api/chat", {"message": "and the rates?", "conversation_id": mine}),
            ("POST", "/api/chat/stream", {"message": "and the rates?", "conversation_id": mine}),
        ):
            reply = client.request(method, path, json=body, headers=headers)
            assert reply.status_code == 404, (method, path, headers, reply.text)
            assert reply.json()["error"]["code"] == "unknown_conversation"
            assert "turns" not in reply.text
    assert client.get(f"/api/conversations/{mine}", headers=staff).json()["id"] == mine
    unknown = client.get("/api/conversations/not-a-conversation", headers=owner)
    assert unknown.status_code == 404, "an unknown id and a wrong secret look the same"
    assert unknown.json()["error"]["code"] == client.get(f"/api/conversations/{mine}").json()["error"]["code"]


def test_the_owner_deletes_their_conversation(client: TestClient, services: Services, staff: dict[str, str]) -> None:
    mine, owner = conversation(services, handoff=True)
    assert client.delete(f"/api/conversations/{mine}", headers=owner).status_code == 204
    assert client.get(f"/api/conversations/{mine}", headers=owner).status_code == 404
    assert client.get(f"/api/conversations/{mine}", headers=staff).status_code == 404
    assert client.get("/api/staff/inbox", headers=staff).json()["counts"] == {"open": 0, "waiting": 0, "resolved": 0}


def test_staff_reply_reaches_the_customer_who_answers_back(
    client: TestClient, services: Services, staff: dict[str, str]
) -> None:
    mine, owner = conversation(services, handoff=True)
    assert client.post(f"/api/conversations/{mine}/messages", headers=owner, json={"body": " "}).status_code == 422
    inbox = client.get("/api/staff/inbox", headers=staff).json()
    [item] = inbox["items"]
    assert inbox["counts"] == {"open": 1, "waiting": 0, "resolved": 0}
    case = f"/api/staff/handoffs/{item['id']}"
    assert client.post(f"{case}/assign", headers=staff).status_code == 204
    assert client.get("/api/staff/inbox", params={"assigned": "me"}, headers=staff).json()["total"] == 1
    sent = client.post(f"{case}/reply", headers=staff, json={"body": "Hello, which country is the buyer in?"})
    assert sent.status_code == 201 and sent.json()["status"] == "waiting"

    seen = client.get(f"/api/conversations/{mine}", headers=owner).json()
    assert seen["handoff"] == {"reference": item["reference"], "status": "waiting", "created_at": item["created_at"]}
    assert [(m["sender"], m["author"], m["body"]) for m in seen["messages"]] == [
        ("staff", None, "Hello, which country is the buyer in?")
    ]
    answer = client.post(f"/api/conversations/{mine}/messages", headers=owner, json={"body": "Vietnam, thanks."})
    assert answer.status_code == 201 and answer.json()["status"] == "open"
    refused = client.put(
        f"/api/conversations/{mine}/contact", headers=owner, json={"email": "sam@x.example", "consent": False}
    )
    assert refused.status_code == 422
    bad = client.put(
        f"/api/conversations/{mine}/contact", headers=owner, json={"email": "not an email", "consent": True}
    )
    assert bad.status_code == 422
    assert (
        client.put(
            f"/api/conversations/{mine}/contact", headers=owner, json={"email": "sam@x.example", "consent": True}
        ).status_code
        == 204
    )

    detail = client.get(case, headers=staff).json()
    assert detail["contact_email"] == "sam@x.example" and detail["assigned_to"] == "alice"
    assert [m["body"] for m in detail["conversation"]["messages"]][-1] == "Vietnam, thanks."
    assert client.post(f"{case}/resolve", headers=staff, json={"note": ""}).status_code == 422
    assert client.post(f"{case}/resolve", headers=staff, json={"note": "Answered by e-mail."}).status_code == 204
    again = client.post(f"{case}/resolve", headers=staff, json={"note": "twice"})
    assert again.status_code == 409 and "already resolved by alice" in again.json()["error"]["message"]
    kinds = [e["kind"] for e in client.get(case, headers=staff).json()["activity"]]
    assert kinds == ["created", "assigned", "replied", "customer_replied", "resolved"]
    assert client.post("/api/staff/handoffs/424242/reply", headers=staff, json={"body": "x"}).status_code == 404
    assert client.get("/api/staff/handoffs/424242", headers=staff).status_code == 404


def test_writing_without_a_hand_off_is_a_conflict(client: TestClient, services: Services) -> None:
    mine, owner = conversation(services)
    reply = client.post(f"/api/conversations/{mine}/messages", headers=owner, json={"body": "hello?"})
    assert reply.status_code == 409 and "ask for a person" in reply.json()["error"]["message"]


def test_a_second_approve_of_a_draft_is_refused_clearly(
    client: TestClient, services: Services, staff: dict[str, str]
) -> None:
    draft_id = services.staff.save_draft("alice", "What is CIRR?", "CIRR is …", [], None, None)
    first = client.post(f"/api/drafts/{draft_id}/review", headers=staff, json={"decision": "approved"})
    second = client.post(f"/api/drafts/{draft_id}/review", headers=staff, json={"decision": "approved"})
    assert first.status_code == 204 and second.status_code == 409
    assert second.json()["error"]["code"] == "already_reviewed"
    assert "already approved by alice" in second.json()["error"]["message"]
    assert client.post("/api/drafts/null/review", headers=staff, json={"decision": "approved"}).status_code == 404


def test_every_new_route_documents_its_statuses(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    documented = {
        ("/api/conversations/{conversation_id}", "get"): {"200", "404", "422", "429", "503"},
        ("/api/conversations/{conversation_id}/messages", "post"): {"201", "400", "404", "409", "413", "422"},
        ("/api/staff/handoffs/{handoff_id}/reply", "post"): {"201", "401", "404", "409", "422"},
        ("/api/staff/handoffs/{handoff_id}/resolve", "post"): {"204", "401", "404", "409", "422"},
        ("/api/drafts/{draft_id}/review", "post"): {"204", "401", "404", "409"},
        ("/api/staff/inbox", "get"): {"200", "401", "422", "503"},
    }
    for (path, method), statuses in documented.items():
        assert statuses <= set(paths[path][method]["responses"]), (path, method)
