"""One review of each kind per turn: a repeated approval (a double click) or a repeated correction
updates the earlier one instead of adding a row. Duplicates stored before are merged, keeping the latest.

Revision ID: 0061
Revises: 0060
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op

revision = "0061"
down_revision = "0060"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "DELETE FROM reviews WHERE turn_id IS NOT NULL AND id NOT IN "
        "(SELECT MAX(id) FROM reviews WHERE turn_id IS NOT NULL GROUP BY turn_id, kind)"
    )
    op.create_index("ix_reviews_turn_id_kind", "reviews", ["turn_id", "kind"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_reviews_turn_id_kind", table_name="reviews")
