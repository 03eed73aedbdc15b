"""SQLAlchemy store: SQLite (WAL) under data/ by default, PostgreSQL when DATABASE_URL says so.

Only redacted text reaches this module: the pipeline removes personal data first.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text, create_engine, event, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, sessionmaker

from assistant.context import AnswerStatus, PriorTurn, TurnContext
from assistant.errors import AssistantError


class UnknownConversation(AssistantError):
    """No conversation has that id."""


class UnknownTurn(AssistantError):
    """The conversation has no turn with that id."""


def _now() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class ConversationRow(Base):
    __tablename__ = "conversations"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class TurnRow(Base):
    __tablename__ = "turns"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    question: Mapped[str] = mapped_column(Text)
    standalone_question: Mapped[str | None] = mapped_column(Text, nullable=True)
    route: Mapped[str | None] = mapped_column(String(32), nullable=True)
    status: Mapped[str] = mapped_column(String(40), index=True)
    answer: Mapped[str] = mapped_column(Text)
    citations: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    timings: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    redactions: Mapped[list[str]] = mapped_column(JSON, default=list)
    facts: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    eligibility: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    intake: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    composer: Mapped[str | None] = mapped_column(String(20), nullable=True)


class FeedbackRow(Base):
    __tablename__ = "feedback"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id"), index=True)
    turn_id: Mapped[str] = mapped_column(ForeignKey("turns.id"), index=True)
    rating: Mapped[str] = mapped_column(String(8))
    comment: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


def make_engine(url: str | None, data_dir: Path) -> Engine:
    if url is None:
        data_dir.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{data_dir / 'assistant.sqlite3'}"
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(connection, _record):
            # WAL lets readers proceed while a turn is written; foreign keys are off by default.
            cursor = connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


class ConversationStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    def create_schema(self) -> None:
        import assistant.staff.tables  # noqa: F401 - registers the staff tables on the same metadata

        Base.metadata.create_all(self.engine)

    def ping(self) -> bool:
        try:
            with self.engine.connect() as connection:
                connection.execute(select(1))
        except Exception:
            return False
        return True

    def new_conversation(self) -> str:
        conversation_id = str(uuid.uuid4())
        with self._sessions.begin() as session:
            session.add(ConversationRow(id=conversation_id))
        return conversation_id

    def exists(self, conversation_id: str) -> bool:
        with self._sessions() as session:
            return session.get(ConversationRow, conversation_id) is not None

    def history(self, conversation_id: str, limit: int = 6) -> list[PriorTurn]:
        with self._sessions() as session:
            if session.get(ConversationRow, conversation_id) is None:
                raise UnknownConversation(f"no conversation with id {conversation_id!r}")
            rows = session.scalars(
                select(TurnRow)
                .where(TurnRow.conversation_id == conversation_id)
                .order_by(TurnRow.position.desc())
                .limit(limit)
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

    def add_turn(self, conversation_id: str, turn: TurnContext) -> None:
        assert turn.turn_id and turn.status is not None
        with self._sessions.begin() as session:
            conversation = session.get(ConversationRow, conversation_id)
            if conversation is None:
                raise UnknownConversation(f"no conversation with id {conversation_id!r}")
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
                    eligibility=turn.eligibility,
                    intake=turn.intake,
                    composer=turn.composer,
                )
            )
            conversation.updated_at = _now()

    def add_feedback(self, conversation_id: str, turn_id: str, rating: str, comment: str | None) -> int:
        with self._sessions.begin() as session:
            turn = session.get(TurnRow, turn_id)
            if session.get(ConversationRow, conversation_id) is None:
                raise UnknownConversation(f"no conversation with id {conversation_id!r}")
            if turn is None or turn.conversation_id != conversation_id:
                raise UnknownTurn(f"conversation {conversation_id!r} has no turn {turn_id!r}")
            row = FeedbackRow(conversation_id=conversation_id, turn_id=turn_id, rating=rating, comment=comment)
            session.add(row)
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
        }
