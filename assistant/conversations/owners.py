"""Who may read a conversation: the browser that holds its secret (or staff), for a retention period.

A conversation's secret is made when its first turn is stored, handed to the browser once and kept
there; the database holds only its sha256 (the secret is 256 random bits, so a fast hash suffices).
A wrong secret, a missing one, an expired conversation and an unknown id all look the same to the
caller (UnknownConversation, a 404): nothing tells a guesser that an id exists (ADR 0060).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from assistant.conversations.store import UnknownConversation
from assistant.errors import InvalidInput
from assistant.storage.schema import (
    ConversationRow,
    DraftRow,
    FeedbackRow,
    HandoffEventRow,
    HandoffRow,
    MessageRow,
    ReviewRow,
    TurnRow,
    now,
)

MAX_SECRET_CHARS = 128


def new_secret() -> tuple[str, str]:
    """(secret for the browser, hash to store)."""
    secret = secrets.token_urlsafe(32)
    return secret, secret_hash(secret)


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class ConversationOwners:
    def __init__(self, engine: Engine, retention_days: int) -> None:
        if retention_days <= 0:
            raise ValueError(f"retention_days must be positive, got {retention_days}")
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self.retention = timedelta(days=retention_days)

    def cutoff(self) -> datetime:
        """Conversations last active before this have expired."""
        return now() - self.retention

    def require_owner(self, conversation_id: str, secret: str | None) -> None:
        """Raise UnknownConversation unless `secret` is this live conversation's secret."""
        with self._sessions() as session:
            row = session.get(ConversationRow, conversation_id)
        if not self._matches(row, secret):
            raise UnknownConversation(f"no conversation with id {conversation_id!r}")

    def require_live(self, conversation_id: str) -> None:
        """Staff read any conversation that has not expired or been deleted."""
        with self._sessions() as session:
            row = session.get(ConversationRow, conversation_id)
        if row is None or _aware(row.updated_at) < self.cutoff():
            raise UnknownConversation(f"no conversation with id {conversation_id!r}")

    def _matches(self, row: ConversationRow | None, secret: str | None) -> bool:
        if row is None or row.owner_hash is None or not secret or len(secret) > MAX_SECRET_CHARS:
            return False
        if _aware(row.updated_at) < self.cutoff():
            return False
        return hmac.compare_digest(row.owner_hash, secret_hash(secret))

    def set_contact(self, conversation_id: str, email: str, consent: bool) -> None:
        if not consent:
            raise InvalidInput("an e-mail address is kept only with your consent: tick the box to give it")
        with self._sessions.begin() as session:
            session.execute(
                update(ConversationRow)
                .where(ConversationRow.id == conversation_id)
                .values(contact_email=email, contact_consent_at=now())
            )

    def withdraw_contact(self, conversation_id: str) -> None:
        with self._sessions.begin() as session:
            session.execute(
                update(ConversationRow)
                .where(ConversationRow.id == conversation_id)
                .values(contact_email=None, contact_consent_at=None)
            )

    def contact(self, conversation_id: str) -> dict[str, str | None]:
        with self._sessions() as session:
            row = session.get(ConversationRow, conversation_id)
        if row is None:
            return {"email": None, "consent_at": None}
        consent = row.contact_consent_at.isoformat() if row.contact_consent_at else None
        return {"email": row.contact_email, "consent_at": consent}

    def delete(self, conversation_id: str) -> None:
        """Everything stored about the conversation: turns, feedback, reviews of its turns, its cases,
        their activity, drafts and messages."""
        with self._sessions.begin() as session:
            _delete_conversations(session, [conversation_id])

    def purge(self) -> int:
        """Delete every conversation past the retention period; returns how many."""
        with self._sessions.begin() as session:
            ids = list(session.scalars(select(ConversationRow.id).where(ConversationRow.updated_at < self.cutoff())))
            for start in range(0, len(ids), 500):
                _delete_conversations(session, ids[start : start + 500])
        return len(ids)


def _delete_conversations(session: Session, ids: list[str]) -> None:
    if not ids:
        return
    turn_ids = select(TurnRow.id).where(TurnRow.conversation_id.in_(ids))
    case_ids = select(HandoffRow.id).where(HandoffRow.conversation_id.in_(ids))
    draft_ids = select(DraftRow.id).where(DraftRow.handoff_id.in_(case_ids))
    session.execute(delete(HandoffEventRow).where(HandoffEventRow.handoff_id.in_(case_ids)))
    session.execute(delete(ReviewRow).where(ReviewRow.draft_id.in_(draft_ids)))
    session.execute(delete(DraftRow).where(DraftRow.handoff_id.in_(case_ids)))
    session.execute(delete(MessageRow).where(MessageRow.conversation_id.in_(ids)))
    session.execute(delete(HandoffRow).where(HandoffRow.conversation_id.in_(ids)))
    session.execute(delete(ReviewRow).where(ReviewRow.turn_id.in_(turn_ids)))
    session.execute(delete(FeedbackRow).where(FeedbackRow.conversation_id.in_(ids)))
    session.execute(delete(TurnRow).where(TurnRow.conversation_id.in_(ids)))
    session.execute(delete(ConversationRow).where(ConversationRow.id.in_(ids)))


def _aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes (stored as UTC)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
