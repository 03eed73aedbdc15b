"""Conversations: turns with their statuses, citations and intake state, and feedback on them.

Only redacted text reaches this module: the pipeline removes personal data first.
"""

from __future__ import annotations

import uuid
from contextlib import AbstractContextManager
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import sessionmaker

from assistant.context import AnswerStatus, PriorTurn, TurnContext
from assistant.errors import AssistantError
from assistant.storage import migrate
from assistant.storage.engine import READ_ONLY
from assistant.storage.locks import ConversationLocks
from assistant.storage.schema import ConversationRow, FeedbackRow, MessageRow, TurnRow, now


class UnknownConversation(AssistantError):
    """No conversation has that id."""


class UnknownTurn(AssistantError):
    """The conversation has no turn with that id."""


class ConversationStore:
    def __init__(self, engine: Engine, lock_timeout_seconds: float = 10.0, history_turns: int = 6) -> None:
        if history_turns <= 0:
            raise ValueError(f"history_turns must be positive, got {history_turns}")
        self.engine = engine
        self.history_turns = history_turns
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._locks = ConversationLocks(engine, lock_timeout_seconds)

    def turn_lock(self, conversation_id: str) -> AbstractContextManager[None]:
        """Held while a turn of this conversation reads its history, runs and is stored: turns of one
        conversation are answered one after another (ConversationBusy after the lock timeout)."""
        return self._locks.hold(conversation_id)

    def migrate(self) -> None:
        """Bring the database to the newest schema (Alembic; see assistant/storage/migrate.py)."""
        migrate.upgrade(self.engine)

    def ping(self) -> bool:
        """One round trip; raises DependencyUnavailable (via the engine) when the database does not answer."""
        with self.engine.connect().execution_options(**{READ_ONLY: True}) as connection:
            connection.execute(select(1))
        return True

    def new_conversation(self) -> str:
        conversation_id = str(uuid.uuid4())
        with self._sessions.begin() as session:
            session.add(ConversationRow(id=conversation_id))
        return conversation_id

    def exists(self, conversation_id: str) -> bool:
        with self._sessions() as session:
            return session.get(ConversationRow, conversation_id) is not None

    def history(self, conversation_id: str, limit: int | None = None) -> list[PriorTurn]:
        """The newest `limit` turns (default `history_turns`: config/conversations.yaml, via wiring)."""
        with self._sessions() as session:
            if session.get(ConversationRow, conversation_id) is None:
                raise UnknownConversation(f"no conversation with id {conversation_id!r}")
            rows = session.scalars(
                select(TurnRow)
                .where(TurnRow.conversation_id == conversation_id)
                .order_by(TurnRow.position.desc())
                .limit(self.history_turns if limit is None else limit)
            ).all()
        return [
            PriorTurn(
                question=r.question,
                standalone_question=r.standalone_question,
                status=AnswerStatus(r.status),
                cited_doc_ids=[c["doc_id"] for c in r.citations],
                facts=r.facts,
                intake=r.intake,
            )
            for r in reversed(rows)
        ]

    def add_turn(
        self, conversation_id: str, turn: TurnContext, new: bool = False, owner_hash: str | None = None
    ) -> None:
        """Store a turn at the conversation's next position; `new` creates the conversation in the same
        transaction (one commit for a first turn), owned by whoever holds the secret `owner_hash` hashes."""
        assert turn.turn_id and turn.status is not None
        with self._sessions.begin() as session:
            if new:
                conversation = ConversationRow(id=conversation_id, owner_hash=owner_hash)
                session.add(conversation)
                position = 0
            else:
                found = session.get(ConversationRow, conversation_id)
                if found is None:
                    raise UnknownConversation(f"no conversation with id {conversation_id!r}")
                conversation = found
                position = (
                    session.scalar(
                        select(func.count()).select_from(TurnRow).where(TurnRow.conversation_id == conversation_id)
                    )
                    or 0
                )
            session.add(
                TurnRow(
                    id=turn.turn_id,
                    conversation_id=conversation_id,
                    position=position,
                    question=turn.question,
                    standalone_question=turn.standalone_question,
                    route=turn.route,
                    status=turn.status.value,
                    answer=turn.answer,
                    citations=[c.model_dump(mode="json") for c in turn.citations],
                    timings=[t.model_dump() for t in turn.timings],
                    redactions=turn.redactions,
                    facts=turn.facts,
                    # Stored as JSON in the forms older versions wrote, so their conversations still load.
                    eligibility=turn.eligibility.model_dump(mode="json") if turn.eligibility is not None else None,
                    intake=turn.intake.model_dump() if turn.intake is not None else None,
                    composer=turn.composer,
                )
            )
            conversation.updated_at = now()

    def add_feedback(self, conversation_id: str, turn_id: str, rating: str, comment: str | None) -> int:
        """One feedback record per turn: a second click or a comment after the thumb updates it (a comment
        left out keeps the earlier one). Two posts at once: the unique index lets one insert, the other updates."""
        for attempt in range(2):
            try:
                return self._upsert_feedback(conversation_id, turn_id, rating, comment)
            except IntegrityError:
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def _upsert_feedback(self, conversation_id: str, turn_id: str, rating: str, comment: str | None) -> int:
        with self._sessions.begin() as session:
            turn = session.get(TurnRow, turn_id)
            if session.get(ConversationRow, conversation_id) is None:
                raise UnknownConversation(f"no conversation with id {conversation_id!r}")
            if turn is None or turn.conversation_id != conversation_id:
                raise UnknownTurn(f"conversation {conversation_id!r} has no turn {turn_id!r}")
            row = session.scalar(select(FeedbackRow).where(FeedbackRow.turn_id == turn_id))
            if row is None:
                row = FeedbackRow(conversation_id=conversation_id, turn_id=turn_id, rating=rating, comment=comment)
                session.add(row)
            else:
                row.rating, row.created_at = rating, now()
                row.comment = comment if comment is not None else row.comment
            session.flush()
            return int(row.id)

    def conversation(self, conversation_id: str) -> dict[str, Any]:
        """The whole conversation for staff: turns with statuses, citations, timings and feedback."""
        with self._sessions() as session:
            row = session.get(ConversationRow, conversation_id)
            if row is None:
                raise UnknownConversation(f"no conversation with id {conversation_id!r}")
            turns = session.scalars(
                select(TurnRow).where(TurnRow.conversation_id == conversation_id).order_by(TurnRow.position)
            ).all()
            feedback = session.scalars(select(FeedbackRow).where(FeedbackRow.conversation_id == conversation_id)).all()
            messages = session.scalars(
                select(MessageRow).where(MessageRow.conversation_id == conversation_id).order_by(MessageRow.id)
            ).all()
        return {
            "id": row.id,
            "created_at": row.created_at.isoformat(),
            "updated_at": row.updated_at.isoformat(),
            "turns": [
                {
                    "id": t.id,
                    "position": t.position,
                    "created_at": t.created_at.isoformat(),
                    "question": t.question,
                    "standalone_question": t.standalone_question,
                    "route": t.route,
                    "status": t.status,
                    "answer": t.answer,
                    "citations": t.citations,
                    "timings": t.timings,
                    "redactions": t.redactions,
                    "facts": t.facts,
                    "eligibility": t.eligibility,
                    "intake": t.intake,
                    "composer": t.composer,
                }
                for t in turns
            ],
            "feedback": [
                {
                    "turn_id": f.turn_id,
                    "rating": f.rating,
                    "comment": f.comment,
                    "created_at": f.created_at.isoformat(),
                }
                for f in feedback
            ],
            "messages": [
                {
                    "id": m.id,
                    "created_at": m.created_at.isoformat(),
                    "sender": m.sender,
                    "author": m.author,
                    "body": m.body,
                }
                for m in messages
            ],
        }
