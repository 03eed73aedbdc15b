"""Cases from hand-off to resolution, the inbox's tabs, search, filters and pages, one review per draft
(SQLite and PostgreSQL)."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import update

from assistant.context import AnswerStatus, TurnContext
from assistant.conversations.store import ConversationStore
from assistant.staff.cases import CaseConflict, CaseStore, UnknownCase
from assistant.staff.headline import headline
from assistant.staff.inbox import Inbox, InboxQuery
from assistant.staff.store import AlreadyReviewed, StaffStore
from assistant.storage.schema import HandoffRow, now

NAMES = {"VN": "Vietnam", "DE": "Germany"}


@pytest.fixture(params=["sqlite", "postgresql"])
def parts(request: pytest.FixtureRequest) -> tuple[ConversationStore, CaseStore, Inbox, StaffStore]:
    engine = request.getfixturevalue(f"migrated_{request.param}_engine")
    store = ConversationStore(engine)
    store.migrate()
    return store, CaseStore(engine), Inbox(engine, lambda code: NAMES.get(code, code)), StaffStore(engine)


def _packet(question: str, **facts: Any) -> dict[str, Any]:
    return {
        "facts": facts or None,
        "eligibility": {"outcome": "refer_to_human"} if facts else None,
        "transcript": [{"question": question, "answer": "I'll pass this on.", "status": "handoff"}],
    }


def _case(store: ConversationStore, cases: CaseStore, question: str, **facts: Any) -> tuple[int, str]:
    conversation_id, turn = str(uuid.uuid4()), TurnContext(question=question, turn_id=str(uuid.uuid4()))
    turn.status, turn.answer = AnswerStatus.handoff, "I'll pass this on."
    store.add_turn(conversation_id, turn, new=True)
    reason = "refer_to_human" if facts else "asked_for_person"
    return cases.open_case(conversation_id, turn.turn_id, reason, _packet(question, **facts)), conversation_id  # type: ignore[arg-type]


def test_a_case_from_hand_off_to_resolution_logs_every_move(parts) -> None:  # type: ignore[no-untyped-def]
    store, cases, _, _ = parts
    case_id, conversation_id = _case(store, cases, "Can I speak to a person?")
    assert cases.open_case(conversation_id, "t2", "asked_for_person", _packet("again")) == case_id, "one open case"
    cases.assign(case_id, "alice")
    cases.reply(case_id, "alice", "Hello, what is the buyer's country?")
    assert cases.case(case_id)["status"] == "waiting"
    cases.customer_message(conversation_id, "Vietnam.")
    assert cases.case(case_id)["status"] == "open"
    cases.resolve(case_id, "alice", "Explained the licence step.")
    with pytest.raises(CaseConflict, match="already resolved by alice"):
        cases.resolve(case_id, "bob", "again")
    with pytest.raises(CaseConflict):
        cases.reply(case_id, "bob", "late")
    case = cases.case(case_id)
    assert case["reference"] == f"HD-{case_id:06d}" and case["resolution_note"] == "Explained the licence step."
    assert [(e["actor"], e["kind"]) for e in case["activity"]] == [
        ("customer", "created"),
        ("customer", "asked_again"),
        ("alice", "assigned"),
        ("alice", "replied"),
        ("customer", "customer_replied"),
        ("alice", "resolved"),
    ]
    messages = store.conversation(conversation_id)["messages"]
    assert [(m["sender"], m["body"]) for m in messages] == [
        ("staff", "Hello, what is the buyer's country?"),
        ("customer", "Vietnam."),
    ]
    cases.customer_message(conversation_id, "One more thing.")
    assert cases.case(case_id)["status"] == "open" and cases.case(case_id)["activity"][-1]["kind"] == "reopened"
    with pytest.raises(UnknownCase):
        cases.assign(999_999, "alice")


def test_writing_to_the_help_desk_needs_a_hand_off(parts) -> None:  # type: ignore[no-untyped-def]
    store, cases, _, _ = parts
    conversation_id, turn = str(uuid.uuid4()), TurnContext(question="hi", turn_id=str(uuid.uuid4()))
    turn.status, turn.answer = AnswerStatus.answered, "hello"
    store.add_turn(conversation_id, turn, new=True)
    with pytest.raises(CaseConflict):
        cases.customer_message(conversation_id, "hello?")
    assert cases.for_conversation(conversation_id) is None


def test_the_inbox_has_tabs_counts_search_filters_and_pages(parts) -> None:  # type: ignore[no-untyped-def]
    store, cases, inbox, _ = parts
    servers, _ = _case(
        store,
        cases,
        "We sell AI servers to a buyer in Vietnam",
        buyer_country="VN",
        item="ai_servers",
        contract_value_usd=4_000_000,
        license_status="not_applied",
    )
    chips, _ = _case(store, cases, "Chips for Germany", buyer_country="DE", item="ai_chips", contract_value_usd=900_000)
    person, _ = _case(store, cases, "Can I talk to someone about CIRR rates?")
    cases.reply(chips, "alice", "Which ECCN?")
    cases.resolve(person, "bob", "Sent the CIRR page.")
    listing = inbox.list(InboxQuery())
    assert listing["counts"] == {"open": 1, "waiting": 1, "resolved": 1}
    [item] = listing["items"]
    assert item["headline"] == "AI servers · $4.0M · Vietnam · licence not applied"
    assert inbox.list(InboxQuery(tab="resolved"))["items"][0]["headline"] == (
        "Asked for a person · “Can I talk to someone about CIRR rates?”"
    )
    assert [i["id"] for i in inbox.list(InboxQuery(tab="waiting", q="ECCN"))["items"]] == [chips], "messages too"
    assert inbox.list(InboxQuery(q="VIETNAM"))["counts"] == {"open": 1, "waiting": 0, "resolved": 0}
    assert inbox.list(InboxQuery(q="100%_"))["counts"] == {"open": 0, "waiting": 0, "resolved": 0}
    assert inbox.list(InboxQuery(tab="waiting", country="de", item="ai_chips"))["total"] == 1
    assert inbox.list(InboxQuery(outcome="refer_to_human"))["total"] == 1
    assert inbox.list(InboxQuery(tab="resolved", reason="asked_for_person"))["total"] == 1
    assert inbox.list(InboxQuery(assigned_to=""))["total"] == 1
    assert inbox.list(InboxQuery(tab="waiting", assigned_to="alice"))["total"] == 1
    with store._sessions.begin() as session:
        session.execute(update(HandoffRow).where(HandoffRow.id == servers).values(created_at=now() - timedelta(days=9)))
    assert inbox.list(InboxQuery(age="older"))["total"] == 1 and inbox.list(InboxQuery(age="day"))["total"] == 0
    assert inbox.list(InboxQuery(age="week", tab="waiting"))["total"] == 1
    for _ in range(3):
        _case(store, cases, "Another person please")
    first, second = inbox.list(InboxQuery(per_page=2)), inbox.list(InboxQuery(per_page=2, page=2))
    assert first["total"] == 4 and len(first["items"]) == 2 and len(second["items"]) == 2
    assert not {i["id"] for i in first["items"]} & {i["id"] for i in second["items"]}


def test_a_headline_says_what_the_case_is() -> None:
    case = {"item": "ai_chips", "value_usd": 25_500_000.0, "country": "VN", "license_status": "pending"}
    assert headline(case, "ignored", NAMES.get) == "AI chips · $25.5M · Vietnam · licence pending"  # type: ignore[arg-type]
    long = "Yes " * 40
    text = headline({"reason": "refer_to_human", "item": "services"}, long, NAMES.get)  # type: ignore[arg-type]
    assert text.startswith("Services · “Yes") and text.endswith("…”") and len(text) < 100


def test_a_draft_is_reviewed_once(parts) -> None:  # type: ignore[no-untyped-def]
    _, _, _, staff = parts
    draft_id = staff.save_draft("alice", "What is CIRR?", "CIRR is …", [], None, None)
    staff.review_draft(draft_id, "alice", "approved", None, [], [])
    with pytest.raises(AlreadyReviewed, match="already approved by alice"):
        staff.review_draft(draft_id, "alice", "approved", None, [], [])
    with pytest.raises(AlreadyReviewed):
        staff.review_draft(draft_id, "bob", "rejected", None, [], [])
    assert len([r for r in staff.reviews_for_evals() if r["turn_id"] == draft_id]) == 1


def test_repeated_reviews_of_a_turn_store_one_row_of_each_kind(parts) -> None:  # type: ignore[no-untyped-def]
    store, _, _, staff = parts
    conversation_id, turn = str(uuid.uuid4()), TurnContext(question="What is CIRR?", turn_id=str(uuid.uuid4()))
    turn.status, turn.answer = AnswerStatus.answered, "CIRR is a rate."
    store.add_turn(conversation_id, turn, new=True)
    for _ in range(3):  # a triple click
        staff.review_turn(turn.turn_id, "alice", "approved", None, [], [])
    for facts in (["OECD"], ["OECD", "minimum"]):  # a correction, then the same correction edited
        staff.review_turn(turn.turn_id, "bob", "approved", "CIRR is the OECD minimum rate.", facts, [])
    reviews = sorted(
        (r["kind"], tuple(r["key_facts"])) for r in staff.reviews_for_evals() if r["turn_id"] == turn.turn_id
    )
    assert reviews == [("approved", ()), ("corrected", ("OECD", "minimum"))]
