"""Least privilege on PostgreSQL: the owner migrates, the application role only reads and
appends. Against the real PostgreSQL the tests start (scripts/postgres_for_tests.sh)."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa

from screening.decisions import record, state
from screening.decisions.record import find_candidate
from screening.decisions.store import (
    StoreError,
    dispose_all,
    migrate_store,
    open_store,
    read_events,
    read_snapshots,
)


@pytest.fixture
def owner_and_app(store_url: str):
    """The store migrated by its owner, and the address of a login in the application role."""
    if not store_url.startswith("postgresql"):
        pytest.skip("SQLite has no roles")
    assert migrate_store(store_url) == "0003"
    login = f"app_{uuid.uuid4().hex[:10]}"
    owner = sa.create_engine(store_url, isolation_level="AUTOCOMMIT")
    with owner.connect() as connection:
        connection.execute(sa.text(f"CREATE ROLE {login} LOGIN IN ROLE screening_app"))
    yield store_url, sa.make_url(store_url).set(username=login).render_as_string(False)
    dispose_all()
    with owner.connect() as connection:
        connection.execute(sa.text(f"DROP OWNED BY {login}"))
        connection.execute(sa.text(f"DROP ROLE {login}"))
    owner.dispose()


def test_the_application_role_reads_appends_and_freezes(owner_and_app, users, gross_list):
    _owner, app = owner_and_app
    engine = open_store(app)  # at the newest schema: no migration is attempted
    record.record_priority(
        engine, users["aabenraa.direktion"], find_candidate(gross_list, "K-aabenraa:loen"), "høj"
    )
    priorities = state.priorities(read_events(engine))
    record.freeze_snapshot(engine, users["aabenraa.projektgruppe"], "KU", gross_list, priorities)
    assert read_events(engine).height == 2
    assert [s["label"] for s in read_snapshots(engine)] == ["KU"]


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE decision_events SET new_value = 'lav'",
        "DELETE FROM decision_events",
        "TRUNCATE decision_events",
        "ALTER TABLE decision_events DISABLE TRIGGER decision_events_append_only",
        "ALTER TABLE decision_events DISABLE TRIGGER ALL",
        "DROP TABLE gross_list_snapshots",
        "DROP TABLE decision_events",
        "DROP TRIGGER decision_events_append_only ON decision_events",
        "UPDATE gross_list_snapshots SET label = 'x'",
        "CREATE TABLE decision_events_copy (x int)",
    ],
)
def test_the_application_role_cannot_rewrite_or_drop_the_log(owner_and_app, statement):
    _owner, app = owner_and_app
    engine = sa.create_engine(app)
    with engine.connect() as connection, pytest.raises(sa.exc.ProgrammingError) as refused:
        connection.execute(sa.text(statement))
    assert refused.value.orig.sqlstate == "42501"  # insufficient privilege
    engine.dispose()


def test_an_application_role_meeting_an_old_schema_is_told_to_migrate(store_url):
    if not store_url.startswith("postgresql"):
        pytest.skip("SQLite has no roles")
    login = f"app_{uuid.uuid4().hex[:10]}"
    owner = sa.create_engine(store_url, isolation_level="AUTOCOMMIT")
    with owner.connect() as connection:
        connection.execute(sa.text("REVOKE CREATE ON SCHEMA public FROM PUBLIC"))
        connection.execute(sa.text(f"CREATE ROLE {login} LOGIN"))
    app = sa.make_url(store_url).set(username=login).render_as_string(False)
    try:
        with pytest.raises(StoreError, match="screening store migrate"):
            open_store(app)
    finally:
        dispose_all()
        with owner.connect() as connection:
            connection.execute(sa.text(f"DROP OWNED BY {login}"))
            connection.execute(sa.text(f"DROP ROLE {login}"))
        owner.dispose()


def test_an_owner_without_createrole_migrates_once_the_group_exists(store_url: str) -> None:
    """The setup docs/drift.md gives: the superuser creates the group, the owner migrates."""
    if not store_url.startswith("postgresql"):
        pytest.skip("SQLite has no roles")
    superuser = sa.create_engine(store_url, isolation_level="AUTOCOMMIT")
    owner, database = f"owner_{uuid.uuid4().hex[:10]}", f"db_{uuid.uuid4().hex[:10]}"
    with superuser.connect() as connection:
        exists = connection.execute(
            sa.text("SELECT 1 FROM pg_roles WHERE rolname = 'screening_app'")
        ).first()
        if not exists:
            connection.execute(sa.text("CREATE ROLE screening_app NOLOGIN"))
        connection.execute(sa.text(f"CREATE ROLE {owner} LOGIN NOCREATEROLE"))
        connection.execute(sa.text(f"CREATE DATABASE {database} OWNER {owner}"))
    url = sa.make_url(store_url).set(username=owner, database=database)
    try:
        assert migrate_store(url.render_as_string(hide_password=False)) == "0003"
    finally:
        dispose_all()
        with superuser.connect() as connection:
            connection.execute(sa.text(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)"))
            connection.execute(sa.text(f"DROP ROLE {owner}"))
        superuser.dispose()
