"""Every table the assistant stores, on one declarative base. Migrations (storage/migrations) build them.

Only redacted text reaches these tables: the pipeline removes personal data first, and every column
that can hold customer or staff text is a `RedactedText` or `RedactedJSON` (storage/redacted.py), which
redacts again on the way in. A new table holding such text must use those types.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, LargeBinary, String, UniqueConstraint
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
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


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
    turn_id: Mapped[str] = mapped_column(ForeignKey("turns.id"), index=True)
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


class ReviewRow(Base):
    __tablename__ = "reviews"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    reviewer: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))  # approved | corrected | rejected
    turn_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    draft_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    answer: Mapped[str | None] = mapped_column(RedactedText, nullable=True)  # the approved or corrected text
    key_facts: Mapped[list[str]] = mapped_column(RedactedJSON, default=list)
    sources: Mapped[list[str]] = mapped_column(RedactedJSON, default=list)


class HandoffRow(Base):
    __tablename__ = "handoffs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    conversation_id: Mapped[str] = mapped_column(String(36), index=True)
    turn_id: Mapped[str] = mapped_column(String(36))
    reason: Mapped[str] = mapped_column(String(40))  # asked_for_person | refer_to_human
    packet: Mapped[dict[str, Any]] = mapped_column(RedactedJSON)
    status: Mapped[str] = mapped_column(String(20), default="open")  # open | closed


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
