"""Hand-off cases: opened by a turn, assigned, answered by staff, answered back by the customer, and
resolved with a note. Every move is written to the case's activity log, by whom and when.

Statuses: `open` (staff to act), `waiting` (staff replied; waiting for the customer), `resolved`.
A conversation has at most one unresolved case: asking again, or writing back, reopens it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from assistant.errors import AssistantError
from assistant.staff.headline import case_fields, transcript_text
from assistant.storage.schema import ConversationRow, HandoffEventRow, HandoffRow, MessageRow, now

OPEN, WAITING, RESOLVED = "open", "waiting", "resolved"
CUSTOMER = "customer"


class UnknownCase(AssistantError):
    """No hand-off has that id."""


class CaseConflict(AssistantError):
    """The move does not fit the case's state (resolving a resolved case, writing with no case)."""


def reference(case_id: int) -> str:
    return f"HD-{case_id:06d}"


class CaseStore:
    def __init__(self, engine: Engine) -> None:
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    # --- opened by a turn, answered back by the customer --------------------------------------------
    def open_case(self, conversation_id: str, turn_id: str, reason: str, packet: dict[str, Any]) -> int:
        """A new case, or the conversation's unresolved one brought up to date (called inside the turn lock)."""
        with self._sessions.begin() as session:
            case = _unresolved(session, conversation_id)
            if case is None:
                case = HandoffRow(conversation_id=conversation_id, turn_id=turn_id, reason=reason, packet=packet)
                session.add(case)
                kind = "created"
            else:
                case.turn_id, case.reason, case.packet = turn_id, reason, packet
                kind = "asked_again"
            for key, value in case_fields(packet).items():
                setattr(case, key, value)
            case.search_text = transcript_text(packet) + _messages_text(session, conversation_id)
            case.status, case.updated_at = OPEN, now()
            session.flush()
            session.add(HandoffEventRow(handoff_id=case.id, actor=CUSTOMER, kind=kind, note=reason))
            return int(case.id)

    def customer_message(self, conversation_id: str, body: str) -> int:
        """The customer writes back: a message in the conversation, and the latest case is open again."""
        with self._sessions.begin() as session:
            case = _unresolved(session, conversation_id) or _latest(session, conversation_id)
            if case is None:
                raise CaseConflict("this conversation has not been passed to the help desk: ask for a person first")
            kind = "customer_replied" if case.status != RESOLVED else "reopened"
            message_id = _add_message(session, case, CUSTOMER, None, body)
            case.status, case.resolved_at, case.resolved_by = OPEN, None, None
            session.add(HandoffEventRow(handoff_id=case.id, actor=CUSTOMER, kind=kind))
            return message_id

    def for_conversation(self, conversation_id: str) -> dict[str, Any] | None:
        """What the customer sees of their case: its reference, status and when it was opened."""
        with self._sessions() as session:
            case = _unresolved(session, conversation_id) or _latest(session, conversation_id)
            if case is None:
                return None
            return {"reference": reference(case.id), "status": case.status, "created_at": case.created_at.isoformat()}

    # --- staff moves ----------------------------------------------------------------------------------
    def assign(self, case_id: int, staff: str) -> None:
        with self._sessions.begin() as session:
            case = _get(session, case_id)
            if case.assigned_to != staff:
                case.assigned_to = staff
                session.add(HandoffEventRow(handoff_id=case_id, actor=staff, kind="assigned"))

    def reply(self, case_id: int, staff: str, body: str) -> int:
        """A reply to the customer, shown in their conversation; the case then waits for them."""
        with self._sessions.begin() as session:
            case = _get(session, case_id)
            if case.status == RESOLVED:
                raise CaseConflict(f"{reference(case_id)} is resolved; the customer's next message reopens it")
            message_id = _add_message(session, case, "staff", staff, body)
            case.status = WAITING
            case.assigned_to = case.assigned_to or staff
            session.add(HandoffEventRow(handoff_id=case_id, actor=staff, kind="replied"))
            return message_id

    def resolve(self, case_id: int, staff: str, note: str) -> None:
        with self._sessions.begin() as session:
            case = _get(session, case_id)
            if case.status == RESOLVED:
                raise CaseConflict(f"{reference(case_id)} was already resolved by {case.resolved_by}")
            case.status, case.resolved_by, case.resolved_at, case.resolution_note = RESOLVED, staff, now(), note
            case.updated_at = now()
            session.add(HandoffEventRow(handoff_id=case_id, actor=staff, kind="resolved", note=note))

    def log(self, case_id: int, actor: str, kind: str, note: str | None = None) -> None:
        """A move made elsewhere (a draft written or approved for this case)."""
        with self._sessions.begin() as session:
            _get(session, case_id)
            session.add(HandoffEventRow(handoff_id=case_id, actor=actor, kind=kind, note=note))

    def exists(self, case_id: int) -> bool:
        with self._sessions() as session:
            return session.get(HandoffRow, case_id) is not None

    def case(self, case_id: int) -> dict[str, Any]:
        """The case for the detail pane: packet, status, assignment, resolution, activity and contact."""
        with self._sessions() as session:
            case = _get(session, case_id)
            events = session.scalars(
                select(HandoffEventRow).where(HandoffEventRow.handoff_id == case_id).order_by(HandoffEventRow.id)
            ).all()
            conversation = session.get(ConversationRow, case.conversation_id)
            return {
                **summary(case),
                "packet": case.packet,
                "resolution_note": case.resolution_note,
                "resolved_by": case.resolved_by,
                "resolved_at": case.resolved_at.isoformat() if case.resolved_at else None,
                "contact_email": conversation.contact_email if conversation else None,
                "activity": [
                    {"at": e.at.isoformat(), "actor": e.actor, "kind": e.kind, "note": e.note} for e in events
                ],
            }


def summary(case: HandoffRow) -> dict[str, Any]:
    return {
        "id": case.id,
        "reference": reference(case.id),
        "conversation_id": case.conversation_id,
        "turn_id": case.turn_id,
        "reason": case.reason,
        "status": case.status,
        "assigned_to": case.assigned_to,
        "created_at": case.created_at.isoformat(),
        "updated_at": case.updated_at.isoformat(),
        "outcome": case.outcome,
        "country": case.country,
        "item": case.item,
        "value_usd": case.value_usd,
        "license_status": case.license_status,
    }


def _get(session: Session, case_id: int) -> HandoffRow:
    case = session.get(HandoffRow, case_id)
    if case is None:
        raise UnknownCase(f"no hand-off with id {case_id}")
    return case


def _unresolved(session: Session, conversation_id: str) -> HandoffRow | None:
    return session.scalar(
        select(HandoffRow)
        .where(HandoffRow.conversation_id == conversation_id, HandoffRow.status != RESOLVED)
        .order_by(HandoffRow.id.desc())
        .limit(1)
    )


def _latest(session: Session, conversation_id: str) -> HandoffRow | None:
    return session.scalar(
        select(HandoffRow).where(HandoffRow.conversation_id == conversation_id).order_by(HandoffRow.id.desc()).limit(1)
    )


def _messages_text(session: Session, conversation_id: str) -> str:
    bodies = session.scalars(select(MessageRow.body).where(MessageRow.conversation_id == conversation_id)).all()
    return "".join(f" {body.lower()}" for body in bodies)


def _add_message(session: Session, case: HandoffRow, sender: str, author: str | None, body: str) -> int:
    message = MessageRow(
        conversation_id=case.conversation_id, handoff_id=case.id, sender=sender, author=author, body=body
    )
    session.add(message)
    case.search_text = f"{case.search_text} {body.lower()}"
    case.updated_at = now()
    conversation = session.get(ConversationRow, case.conversation_id)
    if conversation is not None:
        conversation.updated_at = now()  # activity keeps the conversation within its retention period
    session.flush()
    return int(message.id)
