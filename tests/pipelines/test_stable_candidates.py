"""The whole graph keeps the candidates put: Tønder's file with three rows more, dropped in the
inbox, leaves every earlier task in its candidate and puts its own near-duplicate beside its
task; a fresh matching happens once, when the project group has asked for it."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from pipelines.run import run_screening
from screening.config import DATA_DIR, load_screening_config
from screening.decisions.record import record_fresh_matching
from screening.decisions.store import open_store
from screening.decisions.users import load_users
from screening.template.writer import write_template
from tests.screening.decisions.sample_round import TOENDER_EXTRA, sample_files


def query(path: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql).fetchall()


@pytest.fixture
def warehouse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "warehouse.duckdb"
    shutil.copytree(DATA_DIR / "templates", tmp_path / "templates")
    monkeypatch.setenv("SCREENING_DB", str(path))
    monkeypatch.setenv("SCREENING_TEMPLATES", str(tmp_path / "templates"))
    monkeypatch.setenv("SCREENING_INBOX", str(tmp_path / "inbox"))
    monkeypatch.setenv("SCREENING_OVERRIDES", str(tmp_path / "matches.csv"))
    monkeypatch.setenv("SCREENING_DECISIONS_URL", f"sqlite:///{tmp_path / 'decisions.sqlite'}")
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    return path


def memberships(warehouse: Path) -> dict[str, str]:
    return dict(query(warehouse, "SELECT task_id, candidate_id FROM screening_tasks"))


def send(warehouse: Path, rows: list[dict], name: str) -> None:
    write_template(warehouse.parent / "inbox" / name, "Tønder", "2026", rows)
    assert run_screening().success


@pytest.mark.slow  # whole runs of the job
def test_new_rows_keep_every_candidate_and_a_fresh_matching_comes_once(warehouse: Path):
    assert run_screening().success
    first = memberships(warehouse)
    rows = sample_files()["Tønder"] + TOENDER_EXTRA
    send(warehouse, rows, "tønder ny.xlsx")
    second = memberships(warehouse)
    assert {t: c for t, c in first.items() if second[t] != c} == {}
    beside = query(
        warehouse, "SELECT task_id, beside_task_id FROM screening_tasks WHERE beside_task_id <> ''"
    )
    assert beside == [
        ("toender:vintertjeneste-og-snerydning", "toender:glatfoerebekaempelse-og-snerydning")
    ]

    users = load_users(load_screening_config())
    record_fresh_matching(open_store(), users["toender.projektgruppe"], "Ny runde")
    assert run_screening().success
    assert {p for (p,) in query(warehouse, "SELECT DISTINCT placement FROM screening_tasks")} == {
        "fresh"
    }
    # The request is applied once: the next file is placed again.
    rows[0] = dict(rows[0], description=rows[0]["description"] + " Tallene er rettet.")
    send(warehouse, rows, "tønder rettet.xlsx")
    placements = dict(query(warehouse, "SELECT task_id, placement FROM screening_tasks"))
    assert set(placements.values()) == {"kept"}
