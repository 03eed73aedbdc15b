"""Staff data: hashed access tokens, drafts, reviews, the hand-off queue, and reviewed cases for evals."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from assistant.conversations.store import UnknownTurn
from assistant.errors import AssistantError, InvalidInput
from assistant.storage.schema import (
    ConversationRow,
    DraftRow,
    FeedbackRow,
    HandoffRow,
    ReviewRow,
    StaffTokenRow,
    TurnRow,
    now,
)


class UnknownDraft(AssistantError):
    """No draft has that id."""


class AlreadyReviewed(AssistantError):
    """A draft is reviewed once: a second approve (a double click, a second tab) changes nothing."""


def _hash(token: str) -> str:
    # Tokens are 256-bit random strings, so a fast hash is enough: there is nothing to brute-force.
    return hashlib.sha256(token.encode()).hexdigest()


def _review_kind(decision: str, text: str | None, original: str) -> str:
    """rejected; approved as it stood; or approved with a correction (the text differs)."""
    if decision == "rejected":
        return "rejected"
    return "corrected" if text and text != original else "approved"


class StaffStore:
    def __init__(self, engine: Engine) -> None:
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    # --- tokens ---------------------------------------------------------------------------
    def create_token(self, name: str) -> str:
        name = name.strip()
        if not name or len(name) > 100:
            raise InvalidInput("a staff name of 1 to 100 characters is needed")
        token = secrets.token_urlsafe(32)
        with self._sessions.begin() as session:
            existing = session.scalar(select(StaffTokenRow).where(StaffTokenRow.name == name))
            if existing is not None and existing.revoked_at is None:
                raise InvalidInput(f"{name!r} already has a token; revoke it first")
            if existing is not None:
                session.delete(existing)
                session.flush()
            session.add(StaffTokenRow(name=name, token_hash=_hash(token)))
        return token

    def revoke(self, name: str) -> bool:
        with self._sessions.begin() as session:
            row = session.scalar(select(StaffTokenRow).where(StaffTokenRow.name == name))
            if row is None or row.revoked_at is not None:
                return False
            row.revoked_at = now()
            return True

    def staff_name(self, token: str) -> str | None:
        """The staff member a token belongs to, or None (unknown or revoked)."""
        with self._sessions() as session:
            row = session.scalar(select(StaffTokenRow).where(StaffTokenRow.token_hash == _hash(token)))
        return row.name if row is not None and row.revoked_at is None else None

    # --- drafts and reviews -----------------------------------------------------------------
    def save_draft(
        self,
        author: str,
        inquiry: str,
        draft: str,
        citations: list[dict[str, Any]],
        facts: dict[str, Any] | None,
        eligibility: dict[str, Any] | None,
        handoff_id: int | None = None,
    ) -> str:
        draft_id = str(uuid.uuid4())
        with self._sessions.begin() as session:
            session.add(
                DraftRow(
                    id=draft_id,
                    author=author,
                    inquiry=inquiry,
                    draft=draft,
                    citations=citations,
                    facts=facts,
                    eligibility=eligibility,
                    handoff_id=handoff_id,
                )
            )
        return draft_id

    def review_draft(
        self, draft_id: str, reviewer: str, decision: str, text: str | None, key_facts: list[str], sources: list[str]
    ) -> int | None:
        """Record the one review of a draft; returns the case it was drafted for, if any. A second review
        raises AlreadyReviewed (two at once: the unique index on draft_id lets one through)."""
        try:
            return self._review_draft(draft_id, reviewer, decision, text, key_facts, sources)
        except IntegrityError:
            raise self._already(draft_id) from None

    def _already(self, draft_id: str, session: Session | None = None) -> AlreadyReviewed:
        if session is None:
            with self._sessions() as own:
                return self._already(draft_id, own)
        # Inside a write transaction, the same session: a second connection would wait for this
        # one's SQLite write lock (BEGIN IMMEDIATE, ADR 0058) until the busy timeout.
        review = session.scalar(select(ReviewRow).where(ReviewRow.draft_id == draft_id))
        if review is None:
            return AlreadyReviewed("this draft was already reviewed")
        when = review.created_at.strftime("%d %b %Y %H:%M UTC")
        return AlreadyReviewed(f"this draft was already {review.kind} by {review.reviewer} on {when}; nothing changed")

    def _review_draft(
        self, draft_id: str, reviewer: str, decision: str, text: str | None, key_facts: list[str], sources: list[str]
    ) -> int | None:
        with self._sessions.begin() as session:
            draft = session.get(DraftRow, draft_id)
            if draft is None:
                raise UnknownDraft(f"no draft with id {draft_id!r}")
            if draft.status != "draft":
                raise self._already(draft_id, session)
            draft.status = "rejected" if decision == "rejected" else "approved"
            kind = _review_kind(decision, text, draft.draft)
            session.add(
                ReviewRow(
                    reviewer=reviewer,
                    kind=kind,
                    draft_id=draft_id,
                    answer=text or draft.draft,
                    key_facts=key_facts,
                    sources=sources,
                )
            )
            return draft.handoff_id

    def review_turn(
        self, turn_id: str, reviewer: str, decision: str, text: str | None, key_facts: list[str], sources: list[str]
    ) -> None:
        """One review of each kind per turn: a repeated approval (a double click) or a repeated correction
        updates the earlier one; an approval and a later correction or rejection are both kept."""
        for attempt in range(2):
            try:
                self._review_turn(turn_id, reviewer, decision, text, key_facts, sources)
                return
            except IntegrityError:  # two at once: the unique index let the other insert; update it
                if attempt:
                    raise

    def _review_turn(
        self, turn_id: str, reviewer: str, decision: str, text: str | None, key_facts: list[str], sources: list[str]
    ) -> None:
        with self._sessions.begin() as session:
            turn = session.get(TurnRow, turn_id)
            if turn is None:
                raise UnknownTurn(f"no turn with id {turn_id!r}")
            kind = _review_kind(decision, text, turn.answer)
            review = session.scalar(select(ReviewRow).where(ReviewRow.turn_id == turn_id, ReviewRow.kind == kind))
            if review is None:
                review = ReviewRow(turn_id=turn_id, kind=kind)
                session.add(review)
            review.reviewer, review.created_at = reviewer, now()
            review.answer, review.key_facts, review.sources = text or turn.answer, key_facts, sources

    def reviews_for_evals(self) -> list[dict[str, Any]]:
        """Approved and corrected reviews with what a test case needs: the turns and the expectations."""
        out: list[dict[str, Any]] = []
        with self._sessions() as session:
            reviews = session.scalars(select(ReviewRow).where(ReviewRow.kind.in_(["approved", "corrected"]))).all()
            for review in reviews:
                if review.turn_id:
                    turn = session.get(TurnRow, review.turn_id)
                    if turn is None:
                        continue
                    earlier = session.scalars(
                        select(TurnRow)
                        .where(TurnRow.conversation_id == turn.conversation_id, TurnRow.position <= turn.position)
                        .order_by(TurnRow.position)
                    ).all()
                    turns = [t.question for t in earlier]
                    default_sources = [c["doc_id"] for c in turn.citations]
                    key = review.turn_id
                else:
                    draft = session.get(DraftRow, review.draft_id)
                    if draft is None:
                        continue
                    turns, default_sources, key = [draft.inquiry], [c["doc_id"] for c in draft.citations], draft.id
                out.append(
                    {
                        "turn_id": key,
                        "kind": review.kind,
                        "turns": turns,
                        "sources": review.sources or (default_sources if review.kind == "approved" else []),
                        "key_facts": review.key_facts,
                    }
                )
        return out

    # --- hand-offs and the queue ----------------------------------------------------------------
    def queue(self) -> dict[str, list[dict[str, Any]]]:
        """Unresolved hand-offs, and thumbs-down turns no staff member has reviewed yet."""
        with self._sessions() as session:
            handoffs = session.scalars(
                select(HandoffRow).where(HandoffRow.status != "resolved").order_by(HandoffRow.created_at.desc())
            ).all()
            reviewed = set(session.scalars(select(ReviewRow.turn_id).where(ReviewRow.turn_id.is_not(None))).all())
            downs = session.scalars(
                select(FeedbackRow).where(FeedbackRow.rating == "down").order_by(FeedbackRow.created_at.desc())
            ).all()
            down_items = []
            for feedback in downs:
                if feedback.turn_id in reviewed:
                    continue
                turn = session.get(TurnRow, feedback.turn_id)
                down_items.append(
                    {
                        "conversation_id": feedback.conversation_id,
                        "turn_id": feedback.turn_id,
                        "question": turn.question if turn else "",
                        "comment": feedback.comment,
                        "created_at": feedback.created_at.isoformat(),
                    }
                )
        return {
            "handoffs": [
                {
                    "id": h.id,
                    "conversation_id": h.conversation_id,
                    "turn_id": h.turn_id,
                    "reason": h.reason,
                    "status": h.status,
                    "created_at": h.created_at.isoformat(),
                    "packet": h.packet,
                }
                for h in handoffs
            ],
            "thumbs_down": down_items,
        }

    def conversation_exists(self, conversation_id: str) -> bool:
        with self._sessions() as session:
            return session.get(ConversationRow, conversation_id) is not None
