"""The hand-off loop: owner secrets and contact on conversations, cases with status, assignment and a
resolution note, an activity log, messages between the help desk and the customer; one review per
draft and one feedback row per turn.

Existing rows upgrade: closed hand-offs become resolved, each case gets its headline fields and search
text from its packet, and duplicate reviews (the earliest is kept) and feedback rows (the latest is
kept) are removed before the unique indexes are made. Conversations made before owner secrets exist
have no owner hash: only staff can read them.

Revision ID: 0060
Revises: 0050
Create Date: 2026-12-01
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0060"
down_revision = "0050"
branch_labels = None
depends_on = None

_TZ = sa.DateTime(timezone=True)


def _handoff_columns() -> list[sa.Column[Any]]:
    """Fresh Column objects each call: a Column belongs to one table (the test migrates down and up again)."""
    return [
        sa.Column("updated_at", _TZ, nullable=True),
        sa.Column("assigned_to", sa.String(100), nullable=True),
        sa.Column("resolved_by", sa.String(100), nullable=True),
        sa.Column("resolved_at", _TZ, nullable=True),
        sa.Column("resolution_note", sa.Text, nullable=True),
        sa.Column("outcome", sa.String(20), nullable=True),
        sa.Column("country", sa.String(2), nullable=True),
        sa.Column("item", sa.String(40), nullable=True),
        sa.Column("value_usd", sa.Float, nullable=True),
        sa.Column("license_status", sa.String(20), nullable=True),
        sa.Column("search_text", sa.Text, nullable=True),
    ]


def _case_fields(packet: Any) -> dict[str, Any]:
    """The headline fields of an existing case (a frozen copy of assistant/staff/headline.py's reading)."""
    packet = json.loads(packet) if isinstance(packet, str) else (packet or {})
    facts = packet.get("facts") or {}
    eligibility = packet.get("eligibility") or {}
    value = facts.get("contract_value_usd")
    transcript = " ".join(f"{t.get('question', '')} {t.get('answer', '')}" for t in packet.get("transcript") or [])
    return {
        "outcome": (eligibility.get("outcome") or None),
        "country": (facts.get("buyer_country") or None),
        "item": (facts.get("item") or None),
        "value_usd": float(value) if isinstance(value, int | float) else None,
        "license_status": (facts.get("license_status") or None),
        "search_text": transcript.lower(),
    }


def upgrade() -> None:
    with op.batch_alter_table("conversations") as batch:
        batch.add_column(sa.Column("owner_hash", sa.String(64), nullable=True))
        batch.add_column(sa.Column("contact_email", sa.String(254), nullable=True))
        batch.add_column(sa.Column("contact_consent_at", _TZ, nullable=True))
    op.create_index("ix_conversations_updated_at", "conversations", ["updated_at"])

    op.execute("DELETE FROM feedback WHERE id NOT IN (SELECT MAX(id) FROM feedback GROUP BY turn_id)")
    op.drop_index("ix_feedback_turn_id", table_name="feedback")
    op.create_index("ix_feedback_turn_id", "feedback", ["turn_id"], unique=True)
    op.execute(
        "DELETE FROM reviews WHERE draft_id IS NOT NULL AND id NOT IN "
        "(SELECT MIN(id) FROM reviews WHERE draft_id IS NOT NULL GROUP BY draft_id)"
    )
    op.drop_index("ix_reviews_draft_id", table_name="reviews")
    op.create_index("ix_reviews_draft_id", "reviews", ["draft_id"], unique=True)

    with op.batch_alter_table("drafts") as batch:
        batch.add_column(sa.Column("handoff_id", sa.Integer, nullable=True))
    op.create_index("ix_drafts_handoff_id", "drafts", ["handoff_id"])

    with op.batch_alter_table("handoffs") as batch:
        for column in _handoff_columns():
            batch.add_column(column)
    bind = op.get_bind()
    handoffs = sa.table(
        "handoffs",
        sa.column("id", sa.Integer),
        sa.column("packet", sa.JSON),
        sa.column("status", sa.String),
        sa.column("created_at", _TZ),
        *[sa.column(c.name, c.type) for c in _handoff_columns()],
    )
    for row in bind.execute(sa.select(handoffs.c.id, handoffs.c.packet, handoffs.c.created_at)).all():
        fields = _case_fields(row.packet)
        bind.execute(sa.update(handoffs).where(handoffs.c.id == row.id).values(updated_at=row.created_at, **fields))
    bind.execute(sa.update(handoffs).where(handoffs.c.status == "closed").values(status="resolved"))
    with op.batch_alter_table("handoffs") as batch:
        batch.alter_column("updated_at", existing_type=_TZ, nullable=False)
        batch.alter_column("search_text", existing_type=sa.Text, nullable=False)
    op.create_index("ix_handoffs_status_updated_at", "handoffs", ["status", "updated_at"])

    op.create_table(
        "handoff_events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("handoff_id", sa.Integer, sa.ForeignKey("handoffs.id"), nullable=False),
        sa.Column("at", _TZ, nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("note", sa.Text, nullable=True),
    )
    op.create_index("ix_handoff_events_handoff_id", "handoff_events", ["handoff_id"])
    op.create_table(
        "messages",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("conversation_id", sa.String(36), sa.ForeignKey("conversations.id"), nullable=False),
        sa.Column("handoff_id", sa.Integer, nullable=True),
        sa.Column("created_at", _TZ, nullable=False),
        sa.Column("sender", sa.String(10), nullable=False),
        sa.Column("author", sa.String(100), nullable=True),
        sa.Column("body", sa.Text, nullable=False),
    )
    op.create_index("ix_messages_conversation_id", "messages", ["conversation_id"])
    op.create_index("ix_messages_handoff_id", "messages", ["handoff_id"])


def downgrade() -> None:
    op.drop_table("messages")
    op.drop_table("handoff_events")
    op.drop_index("ix_handoffs_status_updated_at", table_name="handoffs")
    op.execute("UPDATE handoffs SET status = 'closed' WHERE status = 'resolved'")
    op.execute("UPDATE handoffs SET status = 'open' WHERE status = 'waiting'")
    with op.batch_alter_table("handoffs") as batch:
        for column in reversed(_handoff_columns()):
            batch.drop_column(column.name)
    op.drop_index("ix_drafts_handoff_id", table_name="drafts")
    with op.batch_alter_table("drafts") as batch:
        batch.drop_column("handoff_id")
    op.drop_index("ix_reviews_draft_id", table_name="reviews")
    op.create_index("ix_reviews_draft_id", "reviews", ["draft_id"])
    op.drop_index("ix_feedback_turn_id", table_name="feedback")
    op.create_index("ix_feedback_turn_id", "feedback", ["turn_id"])
    op.drop_index("ix_conversations_updated_at", table_name="conversations")
    with op.batch_alter_table("conversations") as batch:
        batch.drop_column("contact_consent_at")
        batch.drop_column("contact_email")
        batch.drop_column("owner_hash")
