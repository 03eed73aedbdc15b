"""One position per turn of a conversation; the published index (side files and the active pointer).

Turns stored twice at one position (two posts at once, before turns were serialised) are renumbered
in the order they were stored before the constraint is added, so an existing database upgrades.

Revision ID: 0050
Revises: 0001
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0050"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        UPDATE turns SET position = (
            SELECT COUNT(*) FROM turns AS earlier
            WHERE earlier.conversation_id = turns.conversation_id
              AND (earlier.position < turns.position
                   OR (earlier.position = turns.position AND earlier.created_at < turns.created_at)
                   OR (earlier.position = turns.position AND earlier.created_at = turns.created_at
                       AND earlier.id < turns.id))
        )
        WHERE conversation_id IN (
            SELECT conversation_id FROM turns GROUP BY conversation_id, position HAVING COUNT(*) > 1
        )
        """
    )
    with op.batch_alter_table("turns") as batch:
        batch.create_unique_constraint("uq_turns_conversation_position", ["conversation_id", "position"])
    op.create_table(
        "index_files",
        sa.Column("build_id", sa.String(80), primary_key=True),
        sa.Column("name", sa.String(200), primary_key=True),
        sa.Column("content", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "index_pointer",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("build_id", sa.String(80), nullable=False),
        sa.Column("collection", sa.String(200), nullable=False),
        sa.Column("previous_build_id", sa.String(80), nullable=True),
        sa.Column("previous_collection", sa.String(200), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("index_pointer")
    op.drop_table("index_files")
    with op.batch_alter_table("turns") as batch:
        batch.drop_constraint("uq_turns_conversation_position", type_="unique")
