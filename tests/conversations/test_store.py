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
    engine = request.getfixturevalue(f"migrated_{request.param}_engine")
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


# What the versions before the typed turn (1 Dec 2026) wrote: the intake and the result as plain JSON.
OLD_INTAKE = {
    "facts": {"buyer_country": "VN", "item": "ai_servers", "contract_value_usd": 2000000.0},
    "assumptions": {"eccn": "4A090.a"},
    "stage": "collecting",
}
OLD_RESULT_INTAKE = {
    **OLD_INTAKE,
    "stage": "done",
    "shown": {"facts": OLD_INTAKE["facts"], "result": {"outcome": "not_eligible", "checks": []}},
}


def test_a_typed_turn_is_stored_in_the_json_older_versions_wrote(store: ConversationStore) -> None:
    from assistant.eligibility.models import EligibilityResult
    from assistant.intake.state import IntakeState

    conversation = store.new_conversation()
    turn = _turn("is it eligible?", AnswerStatus.eligibility_result)
    turn.intake = IntakeState.model_validate(OLD_RESULT_INTAKE)
    result = {"outcome": "need_more_info", "term": None, "programs": [], "supported_amount_usd": None}
    result |= {"checks": [], "missing_facts": ["end_use"], "rules_as_of": "2026-11-30"}
    turn.eligibility = EligibilityResult.model_validate(result)
    store.add_turn(conversation, turn)
    stored = store.conversation(conversation)["turns"][0]
    assert stored["intake"] == OLD_RESULT_INTAKE
    assert stored["eligibility"] == {**result, "changes": [], "products": [], "boundaries": [], "compared_with": None}


@pytest.mark.parametrize("old", [OLD_INTAKE, OLD_RESULT_INTAKE, {"stage": "confirming"}])
def test_a_conversation_stored_before_the_typed_turn_loads_and_continues(store: ConversationStore, old) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import update

    from assistant.intake.state import latest_intake, open_intake
    from assistant.storage.schema import TurnRow

    conversation = store.new_conversation()
    turn = _turn("we sell AI servers to Vietnam", AnswerStatus.need_more_info)
    store.add_turn(conversation, turn)
    with store.engine.begin() as connection:  # the row exactly as an older version left it
        connection.execute(update(TurnRow).where(TurnRow.id == turn.turn_id).values(intake=old, eligibility=None))
    history = store.history(conversation)
    state = latest_intake(history)
    assert state is not None and state.model_dump(include=set(old)) == old
    assert open_intake(history) is (old["stage"] in ("collecting", "confirming"))
