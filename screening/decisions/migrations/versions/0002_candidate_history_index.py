"""An index on the candidate, so a candidate's decision history is found without a scan.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_decision_events_candidate", "decision_events", ["candidate_id"])


def downgrade() -> None:
    op.drop_index("ix_decision_events_candidate", "decision_events")
