"""The decision store as its users meet it: decisions recorded, refused, conflicting, frozen,
on SQLite and on PostgreSQL alike (see conftest.py)."""

from __future__ import annotations

import sqlite3

import pytest
import sqlalchemy as sa
from alembic import command

from screening.decisions import record, state
from screening.decisions.record import InvalidDecision, NotAllowed, find_candidate
from screening.decisions.store import (
    Actor,
    Conflict,
    EventLog,
    StoreError,
    _alembic_config,
    append_event,
    dispose_all,
    open_store,
    read_events,
    read_snapshots,
)
from screening.i18n import use_language


def test_a_priority_is_recorded_with_who_when_and_what(store_url, users, gross_list):
    engine = open_store(store_url)
    candidate = find_candidate(gross_list, "K-aabenraa:loen")
    record.record_priority(
        engine, users["aabenraa.direktion"], candidate, "høj", "Stort potentiale"
    )
    record.record_priority(engine, users["aabenraa.direktion"], candidate, "Middel", "Efter møde")
    log = read_events(engine)
    assert log.height == 2
    newest = log.row(1, named=True)
    assert (newest["old_value"], newest["new_value"]) == ("high", "medium")
    assert newest["user_name"] == "Søren Kjær"
    assert newest["user_role"] == "direktion"
    assert newest["municipality"] == "Aabenraa"
    assert newest["reason"] == "Efter møde"
    current = state.priorities(log)
    assert current.select("municipality", "candidate_id", "label").rows() == [
        ("Aabenraa", "K-aabenraa:loen", "Middel")
    ]


def test_the_database_refuses_to_change_or_delete_a_decision(store_url, users, gross_list):
    engine = open_store(store_url)
    candidate = find_candidate(gross_list, "K-aabenraa:loen")
    record.record_priority(engine, users["aabenraa.direktion"], candidate, "høj")
    record.freeze_snapshot(
        engine,
        users["aabenraa.projektgruppe"],
        "KU",
        gross_list,
        state.priorities(read_events(engine)),
    )
    for statement in (
        "UPDATE decision_events SET new_value = 'low'",
        "DELETE FROM decision_events",
        "DELETE FROM gross_list_snapshots",
        "UPDATE gross_list_snapshots SET label = 'Ændret'",
        *(["TRUNCATE decision_events"] if engine.dialect.name == "postgresql" else []),
    ):
        with (
            pytest.raises(sa.exc.DBAPIError, match="kan kun udvides"),
            engine.begin() as connection,
        ):
            connection.execute(sa.text(statement))
    assert read_events(engine)["new_value"].to_list() == ["high", "KU"]
    assert [s["label"] for s in read_snapshots(engine)] == ["KU"]


def test_two_people_changing_one_decision_the_second_sees_the_first_value(
    store_url, users, gross_list
):
    engine = open_store(store_url)
    candidate = find_candidate(gross_list, "K-aabenraa:loen")
    director = users["aabenraa.direktion"]
    admin = users["admin"]
    # Both opened the page when the priority was «Høj» (version 1).
    record.record_priority(engine, director, candidate, "høj", expected_version=0)
    record.record_priority(
        engine, admin, candidate, "lav", municipality="Aabenraa", expected_version=1
    )
    with pytest.raises(Conflict) as conflict:
        record.record_priority(engine, director, candidate, "middel", expected_version=1)
    assert "Administrator" in str(conflict.value)
    assert "«Lav»" in str(conflict.value)
    assert state.priorities(read_events(engine))["label"].to_list() == ["Lav"]


def test_nobody_writes_for_another_municipality_or_outside_their_role(store_url, users, gross_list):
    engine = open_store(store_url)
    candidate = find_candidate(gross_list, "K-aabenraa:loen")
    with pytest.raises(NotAllowed, match="kun for Tønder"):
        record.record_priority(
            engine, users["toender.direktion"], candidate, "høj", municipality="Aabenraa"
        )
    with pytest.raises(NotAllowed, match="kræver rollen «direktion»"):
        record.record_priority(engine, users["aabenraa.sekretariat"], candidate, "høj")
    with pytest.raises(NotAllowed, match="kræver rollen «sekretariat»"):
        record.record_political_decision(
            engine, users["aabenraa.direktion"], candidate, "udsat", "Økonomiudvalget", "2027-01-21"
        )
    with pytest.raises(NotAllowed):
        record.freeze_snapshot(
            engine,
            users["soenderborg.koordinationsudvalg"],
            "KU",
            gross_list,
            state.priorities(read_events(engine)),
        )
    assert read_events(engine).is_empty()


def test_a_value_outside_the_vocabulary_is_refused_in_danish(store_url, users, gross_list):
    engine = open_store(store_url)
    candidate = find_candidate(gross_list, "K-aabenraa:loen")
    with pytest.raises(InvalidDecision, match="«høj», «middel», «lav»"):
        record.record_priority(engine, users["aabenraa.direktion"], candidate, "meget høj")
    with pytest.raises(InvalidDecision, match="findes ikke på bruttolisten"):
        find_candidate(gross_list, "K-ukendt")


def test_political_decisions_refer_to_the_frozen_list_and_two_willing_make_a_coalition(
    store_url, users, gross_list
):
    engine = open_store(store_url)
    shared = find_candidate(gross_list, "K-aabenraa:loen")
    with pytest.raises(InvalidDecision, match="ingen fastfrosset bruttoliste"):
        record.record_political_decision(
            engine, users["aabenraa.sekretariat"], shared, "ønsker at gå videre", "ØU", "2027-01-21"
        )
    record.record_priority(engine, users["aabenraa.direktion"], shared, "høj")
    snapshot = record.freeze_snapshot(
        engine,
        users["aabenraa.projektgruppe"],
        "Forelagt Koordinationsudvalget",
        gross_list,
        state.priorities(read_events(engine)),
    )
    frozen = read_snapshots(engine)
    assert [s["label"] for s in frozen] == ["Forelagt Koordinationsudvalget"]
    assert frozen[0]["frozen_by_name"] == "Mette Lund"
    for municipality in ("aabenraa", "haderslev"):
        record.record_political_decision(
            engine,
            users[f"{municipality}.sekretariat"],
            shared,
            "Ønsker at gå videre",
            "Økonomiudvalget",
            "2027-01-21",
            agenda_item="Punkt 7",
        )
    record.record_political_decision(
        engine, users["toender.sekretariat"], shared, "ønsker ikke", "Økonomiudvalget", "2027-01-22"
    )
    decisions = state.political_decisions(read_events(engine))
    assert set(decisions["snapshot_id"]) == {snapshot["snapshot_id"]}
    status = state.phase_status(gross_list, read_events(engine)).sort("candidate_id")
    shared_row = status.row(0, named=True)
    assert shared_row["willing_municipalities"] == ["Aabenraa", "Haderslev"]
    assert shared_row["advances"] is True
    assert shared_row["phase_label"] == "Fase 3"
    assert status.row(1, named=True)["phase_label"] == "Fase 1"
    funnel = dict(state.funnel(status).select("label", "candidates").rows())
    assert funnel["Screenet"] == 2
    assert funnel["I målrettet analyse"] == 1


def test_a_meeting_date_that_cannot_be_read_is_refused(store_url, users, gross_list):
    engine = open_store(store_url)
    candidate = find_candidate(gross_list, "K-aabenraa:loen")
    with pytest.raises(InvalidDecision, match="ÅÅÅÅ-MM-DD"):
        record.record_political_decision(
            engine, users["aabenraa.sekretariat"], candidate, "udsat", "ØU", "21/1"
        )


def test_no_frozen_list_is_refused_in_the_readers_language(store_url, users, gross_list):
    """A phase-2 decision and the committee's documents find a frozen list the same way, so the
    refusal reads the same in both, in the reader's language."""
    engine = open_store(store_url)
    candidate = find_candidate(gross_list, "K-aabenraa:loen")
    secretary = users["aabenraa.sekretariat"]
    use_language("en")
    try:
        with pytest.raises(InvalidDecision, match="no frozen gross list|not frozen"):
            record.record_political_decision(
                engine, secretary, candidate, "udsat", "ØU", "2027-01-21"
            )
        with pytest.raises(InvalidDecision, match="The frozen list «S-missing» does not exist"):
            record.record_political_decision(
                engine, secretary, candidate, "udsat", "ØU", "2027-01-21", snapshot_id="S-missing"
            )
    finally:
        use_language("da")


def test_an_older_store_upgrades_itself_and_keeps_its_decisions(store_url, users, gross_list):
    engine = sa.create_engine(store_url)
    with engine.connect() as connection:
        command.upgrade(_alembic_config(connection), "0001")
        connection.commit()
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO decision_events (recorded_at, kind, subject, version, new_value, "
                "user_id, user_name, user_role) VALUES ('2026-01-01T00:00:00+00:00', 'priority', "
                "'Aabenraa|K-aabenraa:loen', 1, 'high', 'x', 'Tidligere bruger', 'direktion')"
            )
        )
    engine.dispose()
    dispose_all()
    upgraded = open_store(store_url)
    with upgraded.connect() as connection:
        revision = connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
        indexes = {i["name"] for i in sa.inspect(connection).get_indexes("decision_events")}
    assert revision == "0003"
    assert "ix_decision_events_candidate" in indexes
    assert read_events(upgraded)["user_name"].to_list() == ["Tidligere bruger"]


def test_a_failed_upgrade_reports_its_own_error_and_leaves_no_lock_behind(store_url):
    """A store that cannot be migrated says why, and the next attempt (after the cause is
    removed) is not left waiting for a lock the failed one held."""
    engine = sa.create_engine(store_url)
    with engine.begin() as connection:
        # A table of that name that is not ours: the first migration cannot create its own.
        connection.execute(sa.text("CREATE TABLE decision_events (x INTEGER)"))
    with pytest.raises(StoreError, match="decision_events"):
        open_store(store_url)
    if engine.url.get_backend_name() == "postgresql":
        # This store's database only: pg_locks is the whole server's, where other test
        # processes (pytest-xdist workers) migrate stores of their own at the same time.
        with engine.connect() as connection:
            held = connection.execute(
                sa.text(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND database = "
                    "(SELECT oid FROM pg_database WHERE datname = current_database())"
                )
            ).scalar()
        assert held == 0
    with engine.begin() as connection:
        connection.execute(sa.text("DROP TABLE decision_events"))
    dispose_all()
    assert read_events(open_store(store_url)).is_empty()
    engine.dispose()


def test_a_reader_notices_when_the_store_is_restored_from_a_backup(tmp_path):
    """The dashboard's in-memory log must show the restored store, not the decisions the
    restore removed (same ids, other events)."""
    live, backup = tmp_path / "decisions.sqlite", tmp_path / "backup.sqlite"
    engine = open_store(f"sqlite:///{live}")
    clerk = Actor("aabenraa.projektgruppe", "Mette Lund", "projektgruppe", "Aabenraa")
    append_event(engine, clerk, kind="priority", subject="a", new_value="høj")
    with sqlite3.connect(live) as source, sqlite3.connect(backup) as copy:
        source.backup(copy)
    append_event(engine, clerk, kind="priority", subject="b", new_value="lav")
    append_event(engine, clerk, kind="priority", subject="c", new_value="middel")
    log = EventLog(engine)
    assert log.read()["subject"].to_list() == ["a", "b", "c"]

    with sqlite3.connect(backup) as copy, sqlite3.connect(live) as target:
        copy.backup(target)  # the administrator restores yesterday's backup
    append_event(engine, clerk, kind="priority", subject="d", new_value="høj")

    assert log.read()["subject"].to_list() == ["a", "d"]
    dispose_all()
