"""A pipeline run killed at any point leaves the previous gross list intact and readable.

Real `screening run` processes are killed with SIGKILL at the start of each step (read from the
run's own log), and the dashboard's copy is then opened as the dashboard would open it.
"""

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from screening import store
from screening.config import DATA_DIR, load_screening_config
from screening.template.writer import write_template

pytestmark = pytest.mark.slow  # runs killed and run again in child processes

STEPS = [
    "read_templates",
    "match_candidates",
    "gross_list",
    "published_warehouse",
]


def run_cli(env: dict, kill_at_step: str | None = None) -> int:
    process = subprocess.Popen(
        [sys.executable, "-m", "pipelines.cli", "run"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    if kill_at_step:
        for line in process.stderr:
            if f'Started execution of step "{kill_at_step}"' in line:
                process.send_signal(signal.SIGKILL)
                break
    process.communicate(timeout=120)
    return process.wait()


def gross_list_rows(path: Path) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(
            "SELECT candidate_id, rank, round(score, 9), municipalities "
            "FROM gross_list ORDER BY rank"
        ).fetchall()


@pytest.fixture
def environment(tmp_path: Path) -> dict:
    templates = tmp_path / "templates"
    shutil.copytree(DATA_DIR / "templates", templates)
    return {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"} | {
        "SCREENING_TEMPLATES": str(templates),
        "SCREENING_DB": str(tmp_path / "warehouse.duckdb"),
        "SCREENING_INBOX": str(tmp_path / "inbox"),
        "SCREENING_OVERRIDES": str(tmp_path / "matches.csv"),
    }


def test_killed_runs_leave_last_gross_list_readable(environment: dict):
    warehouse = Path(environment["SCREENING_DB"])
    published = store.published_path(warehouse)
    assert run_cli(environment) == 0
    before = gross_list_rows(published)

    # A resubmission that changes the gross list: Tønder adds a new shared task.
    config = load_screening_config()
    write_template(
        Path(environment["SCREENING_TEMPLATES"]) / "zz_toender_ny.xlsx",
        "Tønder",
        config.round.id,
        [
            {
                "title": "Fælles vagtcentral for beredskab",
                "description": "Vagtcentral for alarmer og udkald døgnet rundt.",
                "service_area": "Beredskab",
                "goal_reduced_vulnerability": "Ja",
                "task_type": "Organisering",
                "cooperation_form": "Shared service",
                "authority_exercise": "Nej",
                "potential_dkk": 900000,
            }
        ],
    )
    # Kill one run at the start of each step in turn, each starting from what the last left.
    after_kill = {}
    for step in STEPS:
        assert run_cli(environment, kill_at_step=step) == -signal.SIGKILL, step
        after_kill[step] = gross_list_rows(published)

    # The next run finishes normally from whatever the killed ones left behind.
    assert run_cli(environment) == 0
    after = gross_list_rows(published)
    assert after != before
    assert not list(published.parent.glob(f".{published.name}.*.tmp"))

    # What the dashboard read after each kill was one whole list: the last published one, or
    # (if the kill came after the atomic rename in the last step) the new one; never a mix.
    for step in STEPS[:-1]:
        assert after_kill[step] == before, step
    assert after_kill["published_warehouse"] in (before, after)
