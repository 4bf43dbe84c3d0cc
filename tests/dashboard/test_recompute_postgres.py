"""Dagster's own storage on PostgreSQL (``dagster-postgres``), as on several machines.

The dashboard's «Genberegn bruttolisten» starts the real job with ``DAGSTER_HOME`` pointing at a
``dagster.yaml`` that keeps runs and event logs in PostgreSQL; the run is then read back from the
database by a Dagster instance of another process (this test's), as the Dagster UI on another
machine would read it.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import pytest
import sqlalchemy as sa
from test_recompute import PROJECT_GROUP, own_round, wait_until_done  # noqa: F401

from dashboard.recompute import runner

POSTGRES = os.environ.get("SCREENING_TEST_POSTGRES_URL")


@pytest.fixture
def dagster_on_postgres(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    if not POSTGRES:
        if os.environ.get("CI"):
            pytest.fail("CI skal køre testen mod PostgreSQL (test.sh starter den).")
        pytest.skip("ingen PostgreSQL-server (source scripts/postgres_for_tests.sh)")
    name = f"t_dagster_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f"CREATE DATABASE {name}"))
    url = sa.make_url(POSTGRES).set(database=name)
    home = tmp_path / "dagster_home"
    home.mkdir()
    # What docs/drift.md «Dagster's own storage» documents. SQLAlchemy 2.1 takes psycopg 3 for a
    # bare «postgresql» URL, whose server-side parameters Dagster's NOTIFY cannot use: the scheme
    # names psycopg2, which dagster-postgres is written for.
    (home / "dagster.yaml").write_text(
        "storage:\n"
        "  postgres:\n"
        "    postgres_db:\n"
        "      scheme: postgresql+psycopg2\n"
        f"      hostname: {url.host}\n"
        f"      port: {url.port}\n"
        f"      db_name: {url.database}\n"
        f"      username: {url.username}\n"
        f'      password: "{url.password or ""}"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    yield url.render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(sa.text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()


def test_a_recompute_is_recorded_in_dagsters_postgresql_storage(
    own_round: Path,  # noqa: F811
    dagster_on_postgres: str,
) -> None:
    runner.start(PROJECT_GROUP)
    done = wait_until_done()
    assert done.success, done.summary

    with dg.DagsterInstance.get() as instance:
        assert type(instance.run_storage).__name__ == "PostgresRunStorage"
        (run,) = instance.get_runs()
        assert run.job_name == "screening_job"
        assert run.status == dg.DagsterRunStatus.SUCCESS
    engine = sa.create_engine(dagster_on_postgres)
    with engine.connect() as connection:
        runs = connection.execute(sa.text("SELECT count(*) FROM runs")).scalar_one()
        steps = connection.execute(
            sa.text("SELECT count(*) FROM event_logs WHERE dagster_event_type = 'STEP_SUCCESS'")
        ).scalar_one()
    engine.dispose()
    assert runs == 1
    assert steps == done.steps_total  # every step's success is in the database
