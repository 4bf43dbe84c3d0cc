"""Least privilege on PostgreSQL: the application role may read and append, nothing else.

The owner role (``SCREENING_DECISIONS_ADMIN_URL``, used by ``screening store migrate``) owns the
tables and their append-only triggers. The dashboard, the CLI and Dagster log in as a member of
the group role ``screening_app``, which may SELECT and INSERT on the log and the frozen lists
(and take the log's next id), and read the schema version: it cannot UPDATE, DELETE, TRUNCATE,
ALTER (so not disable a trigger) or DROP. The operator creates the login and puts it in the
group (docs/drift.md):

    CREATE ROLE bruttoliste LOGIN PASSWORD '…' IN ROLE screening_app;

These statements are the GRANTs, shipped as the migration's own SQL. SQLite has no roles: the
file's permissions and the triggers of 0001 are its protection.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

APP_ROLE = "screening_app"
TABLES = ("decision_events", "gross_list_snapshots")

GRANTS = f"""
DO $$ BEGIN
    -- Only when missing: an owner without CREATEROLE may migrate once the role exists.
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{APP_ROLE}') THEN
        CREATE ROLE {APP_ROLE} NOLOGIN;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
REVOKE ALL ON decision_events, gross_list_snapshots, alembic_version FROM PUBLIC;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO {APP_ROLE};
GRANT SELECT, INSERT ON decision_events, gross_list_snapshots TO {APP_ROLE};
GRANT USAGE, SELECT ON SEQUENCE decision_events_event_id_seq TO {APP_ROLE};
GRANT SELECT ON alembic_version TO {APP_ROLE};
"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(GRANTS)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"REVOKE ALL ON decision_events, gross_list_snapshots, alembic_version FROM {APP_ROLE}"
        )
