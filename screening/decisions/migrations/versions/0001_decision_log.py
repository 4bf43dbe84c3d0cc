"""The decision log and the frozen gross lists, both append-only.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

REFUSAL = (
    "Beslutningsloggen kan kun udvides: en registreret beslutning ændres eller slettes aldrig."
)


def upgrade() -> None:
    op.create_table(
        "decision_events",
        sa.Column("event_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("recorded_at", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("subject", sa.String(500), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("phase", sa.Integer),
        sa.Column("municipality", sa.String(120)),
        sa.Column("candidate_id", sa.String(500)),
        sa.Column("old_value", sa.Text),
        sa.Column("new_value", sa.Text),
        sa.Column("reason", sa.Text),
        sa.Column("details", sa.Text),
        sa.Column("user_id", sa.String(120), nullable=False),
        sa.Column("user_name", sa.String(200), nullable=False),
        sa.Column("user_role", sa.String(40), nullable=False),
        sa.Column("user_municipality", sa.String(120)),
        sa.UniqueConstraint("kind", "subject", "version", name="uq_decision_events_version"),
    )
    op.create_index("ix_decision_events_kind_subject", "decision_events", ["kind", "subject"])
    op.create_table(
        "gross_list_snapshots",
        sa.Column("snapshot_id", sa.String(80), primary_key=True),
        sa.Column("label", sa.String(300), nullable=False),
        sa.Column("round_id", sa.String(40)),
        sa.Column("frozen_at", sa.String(40), nullable=False),
        sa.Column("frozen_by_id", sa.String(120), nullable=False),
        sa.Column("frozen_by_name", sa.String(200), nullable=False),
        sa.Column("n_candidates", sa.Integer, nullable=False),
        sa.Column("provenance", sa.Text),
        sa.Column("rows", sa.Text, nullable=False),
    )
    for table in ("decision_events", "gross_list_snapshots"):
        _refuse_changes(table)


def _refuse_changes(table: str) -> None:
    """The database itself keeps the log append-only, whoever connects to it."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"""CREATE OR REPLACE FUNCTION refuse_change() RETURNS trigger
                LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '{REFUSAL}'; END $$"""
        )
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION refuse_change()"
        )
        op.execute(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()"
        )
    else:
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"
            )


def downgrade() -> None:
    op.drop_table("gross_list_snapshots")
    op.drop_table("decision_events")
