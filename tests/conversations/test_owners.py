"""Owner secrets, retention, deletion and one feedback row per turn (SQLite and PostgreSQL)."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from assistant.context import AnswerStatus, TurnContext
from assistant.conversations.owners import ConversationOwners, new_secret
from assistant.conversations.store import ConversationStore, UnknownConversation
from assistant.errors import InvalidInput
from assistant.staff.cases import CaseStore
from assistant.storage.schema import Base, ConversationRow, now


@pytest.fixture(params=["sqlite", "postgresql"])
def stores(request: pytest.FixtureRequest) -> tuple[ConversationStore, ConversationOwners, CaseStore]:
    engine = request.getfixturevalue(f"migrated_{request.param}_engine")
    store = ConversationStore(engine)
    store.migrate()
    return store, ConversationOwners(engine, retention_days=30), CaseStore(engine)


def _turn(question: str = "What is CIRR?", status: AnswerStatus = AnswerStatus.answered) -> TurnContext:
    turn = TurnContext(question=question, turn_id=str(uuid.uuid4()))
    turn.status, turn.answer = status, f"answer to {question}"
    return turn


def _conversation(store: ConversationStore) -> tuple[str, str, TurnContext]:
    secret, owner_hash = new_secret()
    conversation_id, turn = str(uuid.uuid4()), _turn()
    store.add_turn(conversation_id, turn, new=True, owner_hash=owner_hash)
    return conversation_id, secret, turn


def test_only_the_secret_opens_a_conversation(stores) -> None:  # type: ignore[no-untyped-def]
    store, owners, _ = stores
    conversation_id, secret, _ = _conversation(store)
    _, other_secret, _ = _conversation(store)
    owners.require_owner(conversation_id, secret)
    for wrong in (None, "", other_secret, secret[:-1], secret + "x", "x" * 500):
        with pytest.raises(UnknownConversation):
            owners.require_owner(conversation_id, wrong)
    with pytest.raises(UnknownConversation):
        owners.require_owner("no-such-conversation", secret)
    with store._sessions() as session:
        stored = session.get(ConversationRow, conversation_id)
        assert stored is not None and stored.owner_hash and secret not in stored.owner_hash


def test_a_conversation_expires_after_the_retention_period_and_is_purged(stores) -> None:  # type: ignore[no-untyped-def]
    store, owners, _ = stores
    old_id, old_secret, _ = _conversation(store)
    live_id, live_secret, _ = _conversation(store)
    with store._sessions.begin() as session:
        session.execute(
            update(ConversationRow).where(ConversationRow.id == old_id).values(updated_at=now() - timedelta(days=31))
        )
    with pytest.raises(UnknownConversation):
        owners.require_owner(old_id, old_secret)
    with pytest.raises(UnknownConversation):
        owners.require_live(old_id)
    assert owners.purge() == 1
    assert not store.exists(old_id) and store.exists(live_id)
    owners.require_owner(live_id, live_secret)


def test_deleting_removes_everything_kept_with_the_conversation(stores) -> None:  # type: ignore[no-untyped-def]
    store, owners, cases = stores
    conversation_id, _, turn = _conversation(store)
    keep_id, _, _ = _conversation(store)
    store.add_feedback(conversation_id, turn.turn_id, "down", "wrong")  # type: ignore[arg-type]
    case_id = cases.open_case(conversation_id, turn.turn_id, "asked_for_person", {"transcript": []})  # type: ignore[arg-type]
    cases.reply(case_id, "alice", "Hello")
    owners.set_contact(conversation_id, "sam@example.com", consent=True)
    owners.delete(conversation_id)
    with store._sessions() as session:
        for table in Base.metadata.sorted_tables:
            if "conversation_id" in table.c:
                count = session.scalar(
                    select(func.count()).select_from(table).where(table.c.conversation_id == conversation_id)
                )
                assert count == 0, table.name
        assert session.get(ConversationRow, conversation_id) is None
    assert store.exists(keep_id)


def test_a_contact_address_is_kept_only_with_consent(stores) -> None:  # type: ignore[no-untyped-def]
    store, owners, _ = stores
    conversation_id, _, _ = _conversation(store)
    with pytest.raises(InvalidInput):
        owners.set_contact(conversation_id, "sam@example.com", consent=False)
    assert owners.contact(conversation_id)["email"] is None
    owners.set_contact(conversation_id, "sam@example.com", consent=True)
    assert owners.contact(conversation_id)["email"] == "sam@example.com"
    owners.withdraw_contact(conversation_id)
    assert owners.contact(conversation_id) == {"email": None, "consent_at": None}


def test_repeated_feedback_on_a_turn_updates_one_row(stores) -> None:  # type: ignore[no-untyped-def]
    store, _, _ = stores
    conversation_id, _, turn = _conversation(store)
    first = store.add_feedback(conversation_id, turn.turn_id, "down", None)  # type: ignore[arg-type]
    second = store.add_feedback(conversation_id, turn.turn_id, "down", "It missed the 15% rule.")  # type: ignore[arg-type]
    third = store.add_feedback(conversation_id, turn.turn_id, "down", None)  # type: ignore[arg-type]
    assert first == second == third
    feedback = store.conversation(conversation_id)["feedback"]
    assert len(feedback) == 1 and feedback[0]["comment"] == "It missed the 15% rule."


def test_the_purge_command_deletes_expired_conversations(tmp_path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    from assistant import cli
    from assistant.settings import Settings
    from assistant.wiring import Services

    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.setenv("CONVERSATION_RETENTION_DAYS", "7")
    store = Services(Settings()).conversations
    old_id, _, _ = _conversation(store)
    live_id, _, _ = _conversation(store)
    with store._sessions.begin() as session:
        session.execute(
            update(ConversationRow).where(ConversationRow.id == old_id).values(updated_at=now() - timedelta(days=8))
        )
    assert cli.main(["conversations", "purge"]) == 0
    assert "deleted 1 conversations with no activity in the last 7 days" in capsys.readouterr().out
    assert not store.exists(old_id) and store.exists(live_id)
    store.engine.dispose()
