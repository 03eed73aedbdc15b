"""One store test suite, run on SQLite and (when reachable) PostgreSQL on 127.0.0.1:5432."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from assistant.context import AnswerStatus, StageTiming, TurnContext
from assistant.conversations.store import ConversationStore, UnknownConversation, UnknownTurn
from assistant.sources import Citation


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> ConversationStore:
    engine = request.getfixturevalue(f"empty_{request.param}_engine")
    store = ConversationStore(engine)
    store.migrate()
    return store


def _turn(question: str, status: AnswerStatus = AnswerStatus.answered) -> TurnContext:
    turn = TurnContext(question=question, turn_id=str(uuid.uuid4()))
    turn.status, turn.answer, turn.route = status, f"answer to {question}", "question"
    turn.citations = [
        Citation(
            ref=1,
            doc_id="exim-cirr",
            section="overview",
            title="CIRR",
            url="https://x.gov",
            as_of="2026-01-01",
            quote="q",
        )
    ]
    turn.timings = [StageTiming(stage="retrieve", ms=12.5)]
    turn.redactions = ["email"]
    return turn


def test_turns_round_trip_in_order_with_citations_and_timings(store: ConversationStore) -> None:
    conversation = store.new_conversation()
    for n in range(3):
        store.add_turn(conversation, _turn(f"question {n}"))
    history = store.history(conversation, limit=2)
    assert [h.question for h in history] == ["question 1", "question 2"]
    assert history[-1].cited_doc_ids == ["exim-cirr"] and history[-1].status is AnswerStatus.answered
    full = store.conversation(conversation)
    assert [t["position"] for t in full["turns"]] == [0, 1, 2]
    assert full["turns"][0]["timings"] == [{"stage": "retrieve", "ms": 12.5}]
    assert full["turns"][0]["redactions"] == ["email"]


def test_feedback_belongs_to_a_turn_of_the_conversation(store: ConversationStore) -> None:
    conversation = store.new_conversation()
    turn = _turn("q")
    store.add_turn(conversation, turn)
    assert store.add_feedback(conversation, turn.turn_id, "down", "wrong figure") > 0
    assert store.conversation(conversation)["feedback"][0]["comment"] == "wrong figure"
    with pytest.raises(UnknownTurn):
        store.add_feedback(conversation, "not-a-turn", "up", None)
    with pytest.raises(UnknownConversation):
        store.add_feedback("nope", turn.turn_id, "up", None)


def test_unknown_conversation_is_an_error(store: ConversationStore) -> None:
    with pytest.raises(UnknownConversation):
        store.history(str(uuid.uuid4()))
    assert store.ping()
