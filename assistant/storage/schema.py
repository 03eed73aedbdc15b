"""Every table the assistant stores, on one declarative base. Migrations (storage/migrations) build them.

Only redacted text reaches these tables: the pipeline removes personal data first, and every column
that can hold customer or staff text is a `RedactedText` or `RedactedJSON` (storage/redacted.py), which
redacts again on the way in. A new table holding such text must use those types.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Index, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from assistant.storage.redacted import RedactedJSON, RedactedText


def now() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


# --- conversations -------------------------------------------------------------------------------
class ConversationRow(Base):
    __tablename__ = "conversations"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now, index=True)
    # sha256 of the secret only the owner's browser holds (conversations/ownership.py); None: staff only.
    owner_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # Given by the customer with explicit consent, for the help desk to write back (ADR 0062): the one
    # piece of personal data stored on purpose, deleted with the conversation.
    contact_email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    contact_consent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class TurnRow(Base):
    __tablename__ = "turns"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    question: Mapped[str] = mapped_column(RedactedText)
    standalone_question: Mapped[str | None] = mapped_column(RedactedText, nullable=True)
    route: Mapped[str | None] = mapped_column(String(32), nullable=True)
    status: Mapped[str] = mapped_column(String(40), index=True)
    answer: Mapped[str] = mapped_column(RedactedText)
    citations: Mapped[list[dict[str, Any]]] = mapped_column(RedactedJSON, default=list)
    timings: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    redactions: Mapped[list[str]] = mapped_column(JSON, default=list)
    facts: Mapped[dict[str, Any] | None] = mapped_column(RedactedJSON, nullable=True)
    eligibility: Mapped[dict[str, Any] | None] = mapped_column(RedactedJSON, nullable=True)
    intake: Mapped[dict[str, Any] | None] = mapped_column(RedactedJSON, nullable=True)
    composer: Mapped[str | None] = mapped_column(String(20), nullable=True)
    # One position per conversation: the turn lock orders turns, the constraint guarantees it.
    __table_args__ = (UniqueConstraint("conversation_id", "position", name="uq_turns_conversation_position"),)


class FeedbackRow(Base):
    __tablename__ = "feedback"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id"), index=True)
    turn_id: Mapped[str] = mapped_column(ForeignKey("turns.id"), index=True, unique=True)  # one per turn
    rating: Mapped[str] = mapped_column(String(8))
    comment: Mapped[str | None] = mapped_column(RedactedText, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


# --- staff work ----------------------------------------------------------------------------------
class StaffTokenRow(Base):
    __tablename__ = "staff_tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 of a 256-bit random token
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class DraftRow(Base):
    __tablename__ = "drafts"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    author: Mapped[str] = mapped_column(String(100))
    inquiry: Mapped[str] = mapped_column(RedactedText)
    draft: Mapped[str] = mapped_column(RedactedText)
    citations: Mapped[list[dict[str, Any]]] = mapped_column(RedactedJSON, default=list)
    facts: Mapped[dict[str, Any] | None] = mapped_column(RedactedJSON, nullable=True)
    eligibility: Mapped[dict[str, Any] | None] = mapped_column(RedactedJSON, nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="draft")  # draft | approved | rejected
    handoff_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)  # drafted for a case


class ReviewRow(Base):
    __tablename__ = "reviews"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    reviewer: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))  # approved | corrected | rejected
    turn_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    draft_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True, unique=True)  # one each
    answer: Mapped[str | None] = mapped_column(RedactedText, nullable=True)  # the approved or corrected text
    key_facts: Mapped[list[str]] = mapped_column(RedactedJSON, default=list)
    sources: Mapped[list[str]] = mapped_column(RedactedJSON, default=list)
    # A turn has one review of each kind: a repeated approval or correction updates it (ADR 0063).
    __table_args__ = (Index("ix_reviews_turn_id_kind", "turn_id", "kind", unique=True),)


class HandoffRow(Base):
    """A case: open (staff to act), waiting (for the customer), resolved (with a note, by whom)."""

    __tablename__ = "handoffs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    conversation_id: Mapped[str] = mapped_column(String(36), index=True)
    turn_id: Mapped[str] = mapped_column(String(36))
    reason: Mapped[str] = mapped_column(String(40))  # asked_for_person | refer_to_human
    packet: Mapped[dict[str, Any]] = mapped_column(RedactedJSON)
    status: Mapped[str] = mapped_column(String(20), default="open")  # open | waiting | resolved
    assigned_to: Mapped[str | None] = mapped_column(String(100), nullable=True)
    resolved_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    resolution_note: Mapped[str | None] = mapped_column(RedactedText, nullable=True)
    # What the case is about, from the packet's facts, for the headline and the inbox filters.
    outcome: Mapped[str | None] = mapped_column(String(20), nullable=True)
    country: Mapped[str | None] = mapped_column(String(2), nullable=True)
    item: Mapped[str | None] = mapped_column(String(40), nullable=True)
    value_usd: Mapped[float | None] = mapped_column(Float, nullable=True)
    license_status: Mapped[str | None] = mapped_column(String(20), nullable=True)
    search_text: Mapped[str] = mapped_column(RedactedText, default="")  # lower-cased transcript and messages
    __table_args__ = (Index("ix_handoffs_status_updated_at", "status", "updated_at"),)


class HandoffEventRow(Base):
    """The activity log of a case: created, assigned, replied, drafted, approved, resolved … by whom, when."""

    __tablename__ = "handoff_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    handoff_id: Mapped[int] = mapped_column(ForeignKey("handoffs.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    actor: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(RedactedText, nullable=True)


class MessageRow(Base):
    """A message between the help desk and the customer, shown in the customer's conversation."""

    __tablename__ = "messages"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id"), index=True)
    handoff_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    sender: Mapped[str] = mapped_column(String(10))  # staff | customer
    author: Mapped[str | None] = mapped_column(String(100), nullable=True)  # the staff member
    body: Mapped[str] = mapped_column(RedactedText)


# --- the published index (several nodes serve one build) -------------------------------------------
class IndexFileRow(Base):
    """The side files of a build (chunk records, sentence vectors, BM25), for nodes that did not build it."""

    __tablename__ = "index_files"
    build_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), primary_key=True)
    content: Mapped[bytes] = mapped_column(LargeBinary)


class IndexPointerRow(Base):
    """The build every node serves: one row, replaced when a build completes (the shared active.json)."""

    __tablename__ = "index_pointer"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    build_id: Mapped[str] = mapped_column(String(80))
    collection: Mapped[str] = mapped_column(String(200))
    previous_build_id: Mapped[str | None] = mapped_column(String(80), nullable=True)
    previous_collection: Mapped[str | None] = mapped_column(String(200), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
