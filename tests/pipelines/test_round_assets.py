"""The round assets materialized in-process on the sample templates into a real DuckDB file:
one row per round, per milestone (and municipality) and per municipality and round, and the
statuses move when a template arrives or a decision is recorded."""

from __future__ import annotations

import os
import shutil
import time
from datetime import date, datetime
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipelines.run import run_screening
from screening import store
from screening.config import DATA_DIR, load_screening_config
from screening.decisions import record
from screening.decisions.record import find_candidate
from screening.decisions.store import dispose_all, open_store
from screening.decisions.users import load_users
from screening.rounds.status import DANISH_TIME

SAMPLE_TEMPLATES = DATA_DIR / "templates"
TODAY = "2026-12-14"  # after the sample plan's screening deadline (11 December)


def query(path: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql).fetchall()


@pytest.fixture
def round_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    warehouse = tmp_path / "warehouse.duckdb"
    templates = tmp_path / "templates"
    templates.mkdir()
    for name in ("aabenraa.xlsx", "haderslev.xlsx", "soenderborg.xlsx"):  # Tønder not yet
        shutil.copyfile(SAMPLE_TEMPLATES / name, templates / name)
    for name, value in {
        "SCREENING_DB": warehouse,
        "SCREENING_TEMPLATES": templates,
        "SCREENING_INBOX": tmp_path / "inbox",
        "SCREENING_OVERRIDES": tmp_path / "matches.csv",
        "SCREENING_DECISIONS_URL": f"sqlite:///{tmp_path / 'decisions.sqlite'}",
        "SCREENING_TODAY": TODAY,
    }.items():
        monkeypatch.setenv(name, str(value))
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    yield warehouse
    dispose_all()


@pytest.mark.slow  # whole runs of the job
def test_rounds_milestones_and_submission_status_follow_templates_and_decisions(
    round_env: Path, tmp_path: Path
) -> None:
    assert run_screening().success
    (n_candidates,) = query(round_env, "SELECT count(*) FROM gross_list")[0]
    assert query(round_env, "SELECT round_id, label, current, n_candidates FROM rounds") == [
        ("2026", "Screeningsrunde 2026", True, n_candidates),
        ("2014", "Screening 2014", False, 27),
    ]
    # One row per milestone, and per municipality where each does it: 7 + 3 × 4 per round.
    assert query(
        round_env, "SELECT round_id, count(*) FROM round_milestones GROUP BY 1 ORDER BY 1"
    ) == [("2014", 19), ("2026", 19)]
    assert query(
        round_env,
        "SELECT municipality, accepted, days_left, status FROM submission_status "
        "WHERE round_id = '2026' ORDER BY municipality",
    ) == [
        ("Aabenraa", True, None, "accepted"),
        ("Haderslev", True, None, "accepted"),
        ("Sønderborg", True, None, "accepted"),
        ("Tønder", False, -3, "missing"),  # three days past 11 December
    ]
    assert tønder_status(round_env, "screening") == ("overdue", "Ingen skabelon modtaget")

    # Tønder's template arrives late, and its directorate prioritises one candidate.
    inbox = tmp_path / "inbox"
    inbox.mkdir(exist_ok=True)
    shutil.copyfile(SAMPLE_TEMPLATES / "toender.xlsx", inbox / "toender.xlsx")
    old = time.time() - 60  # settled: the inbox takes a file whose size and time stand still
    os.utime(inbox / "toender.xlsx", (old, old))
    assert run_screening().success
    with store.connect(round_env) as con:
        gross = store.read_table(con, "gross_list")
    config = load_screening_config()
    director = load_users(config)["toender.direktion"]
    own = gross.filter(pl.col("municipalities").list.contains("Tønder")).sort("rank")
    record.record_priority(
        open_store(), director, find_candidate(gross, own["candidate_id"][0]), "høj"
    )
    assert run_screening().success
    assert query(
        round_env,
        "SELECT accepted, status FROM submission_status "
        "WHERE round_id = '2026' AND municipality = 'Tønder'",
    ) == [(True, "accepted")]
    # Received now: in time while the real clock is before the deadline, late after it.
    in_time = datetime.now(DANISH_TIME).date() <= date(2026, 12, 11)
    assert tønder_status(round_env, "screening")[0] == ("done" if in_time else "done_late")
    assert tønder_status(round_env, "directorate_treatment") == (
        "in_progress",
        f"1 af {own.height} egne kandidater prioriteret",
    )


def tønder_status(warehouse: Path, milestone: str) -> tuple[str, str]:
    (row,) = query(
        warehouse,
        "SELECT status, progress FROM round_milestones WHERE round_id = '2026' "
        f"AND municipality = 'Tønder' AND milestone = '{milestone}'",
    )
    return row
