"""Five people record 50 decisions each while `screening run` is building the gross list, each
in a real process, on SQLite and on PostgreSQL, two of them on the very same decisions: every
decision is there exactly once, each decision's versions count up without a gap or a repeat,
the run succeeds, and the dashboard's reads (published list + live status) never fail."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import polars as pl
import pytest

from pipelines.run import run_screening
from screening import store
from screening.config import DATA_DIR, PROJECT_ROOT
from screening.decisions import state
from screening.decisions.store import open_store, read_events

pytestmark = pytest.mark.slow  # a run in a child process beside five writers

WRITER = Path(__file__).with_name("decision_writer.py")
# The administrator acts for Sønderborg (its municipality in the users file), on the same
# candidates in the same order as Sønderborg's director: the two contend for every decision.
WRITERS = (
    "aabenraa.direktion",
    "haderslev.direktion",
    "soenderborg.direktion",
    "toender.direktion",
    "admin",
)
PER_WRITER = 50


def test_decisions_during_a_run_are_all_kept(tmp_path, monkeypatch, store_url):
    shutil.copytree(DATA_DIR / "templates", tmp_path / "templates")
    env = {
        "SCREENING_DB": str(tmp_path / "warehouse.duckdb"),
        "SCREENING_TEMPLATES": str(tmp_path / "templates"),
        "SCREENING_INBOX": str(tmp_path / "inbox"),
        "SCREENING_OVERRIDES": str(tmp_path / "matches.csv"),
        "SCREENING_DECISIONS_URL": store_url,
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    assert run_screening().success  # a published gross list to decide on
    published = store.published_path(Path(env["SCREENING_DB"]))
    child_env = {**os.environ, **env, "PYTHONPATH": str(PROJECT_ROOT)}

    run = subprocess.Popen(
        [sys.executable, "-m", "pipelines.cli", "run"],
        cwd=PROJECT_ROOT,
        env=child_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    time.sleep(3)  # the run is importing Dagster and starting its steps
    writers = [
        subprocess.Popen(
            [sys.executable, str(WRITER), user, str(PER_WRITER), f"w{i}"],
            cwd=PROJECT_ROOT,
            env=child_env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for i, user in enumerate(WRITERS)
    ]
    engine = open_store(store_url)
    dashboard_reads = 0
    overlapped = False
    while any(w.poll() is None for w in writers):
        # What a dashboard page does on every rerun: the published list and the live status.
        with store.connect(published, read_only=True) as con:
            gross_list = store.read_table(con, "gross_list")
        state.phase_status(gross_list, read_events(engine))
        dashboard_reads += 1
        overlapped = overlapped or run.poll() is None
        time.sleep(0.1)
    outputs = [w.communicate()[0] for w in writers]
    assert [w.returncode for w in writers] == [0] * len(WRITERS), outputs
    run_output = run.communicate(timeout=300)[0]
    assert run.returncode == 0, run_output[-3000:]
    assert overlapped, "the run finished before the writers started: nothing was tested"
    assert dashboard_reads > 10

    log = read_events(engine, kinds=("priority",))
    tags = log["reason"].to_list()
    expected = {f"w{i}-{n}" for i in range(len(WRITERS)) for n in range(PER_WRITER)}
    assert len(tags) == len(expected) == 250
    assert set(tags) == expected  # every decision exactly once
    # Versions count each decision's history without gaps or repeats, also where two contended.
    versions = log.group_by("subject").agg(pl.col("version").sort())
    for history in versions["version"].to_list():
        assert history == list(range(1, len(history) + 1))
    shared = log.filter(pl.col("municipality") == "Sønderborg")
    assert set(shared["user_name"]) == {"Hanne Dahl", "Administrator"}  # both wrote there
    assert shared.height == 100
