"""The run worker puts a file sent to the inbox on the published list by itself, once the file
stands still; it leaves a file being copied in alone, does not run again for files a run could
not take, waits while another run holds the lock, and the inbox sensor leaves the inbox to it
while it is alive."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines import handoff
from pipelines import worker as run_worker
from pipelines.definitions import build_definitions
from pipelines.run import run_screening
from screening import store
from screening.config import DATA_DIR, load_screening_config
from screening.run_lock import folder, lock_path
from screening.template.writer import write_template

CONFIG = load_screening_config()
TASK = {
    "title": "Fælles vagtcentral",
    "description": "Alarmer og udkald døgnet rundt for brand og redning.",
    "service_area": "Beredskab",
    "task_type": "Organisering",
    "cooperation_form": "Fællesudbud",
    "authority_exercise": "Nej",
}


def _environment(folder: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    paths = {
        "templates": folder / "templates",
        "inbox": folder / "inbox",
        "db": folder / "warehouse.duckdb",
    }
    monkeypatch.setenv("SCREENING_TEMPLATES", str(paths["templates"]))
    monkeypatch.setenv("SCREENING_INBOX", str(paths["inbox"]))
    monkeypatch.setenv("SCREENING_DB", str(paths["db"]))
    monkeypatch.setenv("SCREENING_OVERRIDES", str(folder / "matches.csv"))
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    return paths


@pytest.fixture(scope="module")
def first_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two municipalities' files and the warehouse the job built from them, made once: every
    test starts from a copy (the warehouse holds no path of its own folder)."""
    folder = tmp_path_factory.mktemp("first_run")
    with pytest.MonkeyPatch.context() as monkeypatch:
        paths = _environment(folder, monkeypatch)
        paths["inbox"].mkdir()
        paths["templates"].mkdir()
        for name in ("aabenraa", "haderslev"):
            (paths["templates"] / f"{name}.xlsx").write_bytes(
                (DATA_DIR / "templates" / f"{name}.xlsx").read_bytes()
            )
        assert run_screening().success
    return folder


@pytest.fixture
def environment(
    first_run: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> dict[str, Path]:
    shutil.copytree(first_run, tmp_path, dirs_exist_ok=True)
    return _environment(tmp_path, monkeypatch)


def _published_shas(warehouse: Path) -> set[str]:
    published = store.published_path(warehouse)
    with duckdb.connect(str(published), read_only=True) as con:
        return {row[0] for row in con.execute("SELECT sha256 FROM submissions").fetchall()}


def _send(environment, tmp_path: Path) -> str:
    filled = write_template(tmp_path / "tønder.xlsx", "Tønder", CONFIG.round.id, [TASK])
    sent = environment["inbox"] / "Tønder screening.xlsx"
    filled.rename(sent)
    return hashlib.sha256(sent.read_bytes()).hexdigest()


def test_a_sent_file_is_on_the_published_list_after_two_looks(environment, tmp_path: Path):
    worker = run_worker.Worker()
    assert not worker.look()  # an empty inbox
    sha = _send(environment, tmp_path)
    assert not worker.look()  # first seen: it may still be being copied in
    assert worker.look()  # it stood still: the run takes it
    assert sha in _published_shas(environment["db"])
    assert list(environment["inbox"].iterdir()) == []
    assert not worker.look() and worker.runs == 1


def test_a_file_that_grows_between_looks_waits(environment):
    worker = run_worker.Worker()
    growing = environment["inbox"] / "kolding.xlsx"
    growing.write_bytes(b"PK")
    assert not worker.look()
    growing.write_bytes(b"PK\x03\x04 more bytes")
    assert not worker.look()  # changed since the last look: not yet
    assert worker.runs == 0


def test_files_a_run_could_not_take_are_not_run_again_until_they_change(environment):
    worker = run_worker.Worker()
    # A link is never followed: the run sets it aside and reports it, and it stays.
    (environment["inbox"] / "link.xlsx").symlink_to(environment["templates"] / "aabenraa.xlsx")
    worker.look()
    ran = worker.look()
    assert not worker.look() and not worker.look()
    assert worker.runs == int(ran)


def test_the_worker_waits_while_another_run_holds_the_lock(environment, tmp_path: Path):
    worker = run_worker.Worker()
    folder().mkdir(parents=True, exist_ok=True)
    with lock_path().open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        sha = _send(environment, tmp_path)
        assert not worker.look() and not worker.look()
    assert worker.look()
    assert sha in _published_shas(environment["db"])


def test_the_sensor_leaves_the_inbox_to_a_living_worker(environment, tmp_path: Path):
    _send(environment, tmp_path)
    defs = build_definitions()

    def sensor_says():
        with dg.build_sensor_context(resources=defs.resources) as context:
            return defs.resolve_sensor_def("inbox_sensor")(context)

    assert isinstance(sensor_says(), dg.RunRequest)
    stop = threading.Event()
    serving = threading.Thread(target=run_worker.Worker().serve, args=(stop,), daemon=True)
    serving.start()
    try:
        deadline = time.monotonic() + 60
        while not handoff.worker_alive():
            assert time.monotonic() < deadline
            time.sleep(0.1)
        assert isinstance(sensor_says(), dg.SkipReason)
    finally:
        stop.set()
        serving.join(timeout=300)


@pytest.mark.slow  # whole runs in the worker
def test_a_file_sent_while_a_run_runs_is_taken_by_a_later_run(environment, tmp_path: Path):
    worker = run_worker.Worker()
    run = worker._run
    late = tmp_path / "late"
    late.mkdir()

    def run_while_a_file_arrives():
        result = run()
        filled = write_template(late / "haderslev.xlsx", "Haderslev", CONFIG.round.id, [TASK])
        filled.rename(environment["inbox"] / "Haderslev igen.xlsx")
        return result

    worker._run = run_while_a_file_arrives
    _send(environment, tmp_path)
    worker.look()
    assert worker.look()  # the first file's run; the second file arrives as it ends
    worker._run = run
    late_sha = hashlib.sha256(
        (environment["inbox"] / "Haderslev igen.xlsx").read_bytes()
    ).hexdigest()
    # Seen as the run ended, and unchanged at the next look: that look takes it.
    assert worker.look()
    assert late_sha in _published_shas(environment["db"])
    assert worker.runs == 2


def test_between_runs_the_worker_leaves_the_warehouse_to_other_processes(environment, tmp_path):
    # `screening run` or «Genberegn bruttolisten» in another process must be able to open the
    # warehouse while the worker waits: DuckDB's lock on it is exclusive across processes.
    worker = run_worker.Worker()
    _send(environment, tmp_path)
    worker.look()
    assert worker.look()
    other = subprocess.run(
        [sys.executable, "-c", "import duckdb, sys; duckdb.connect(sys.argv[1]).close()",
         str(environment["db"])],
        capture_output=True,
        text=True,
        timeout=120,
    )  # fmt: skip
    assert other.returncode == 0, other.stderr


def _recompute(tmp_path: Path) -> tuple[subprocess.CompletedProcess, dict, str]:
    """«Genberegn bruttolisten»'s process, as the dashboard starts it (status file, log)."""
    folder().mkdir(parents=True, exist_ok=True)
    status = folder() / "status.json"
    status.write_text(json.dumps({"steps_total": 0, "state": "running", "started_by": "Test"}))
    log = tmp_path / "run.log"
    with log.open("w") as out:
        ended = subprocess.run(
            [sys.executable, "-m", "pipelines.recompute", str(status)],
            stdout=out,
            stderr=subprocess.STDOUT,
            timeout=300,
        )
    return ended, json.loads(status.read_text()), log.read_text()


def test_a_recompute_is_run_by_the_living_worker_and_its_steps_reach_the_log(environment, tmp_path):
    worker = run_worker.Worker()
    stop = threading.Event()
    serving = threading.Thread(target=worker.serve, args=(stop,), daemon=True)
    serving.start()
    try:
        ended, status, log = _recompute(tmp_path)
    finally:
        stop.set()
        serving.join(timeout=300)
    assert ended.returncode == 0, log
    assert status["state"] == "finished" and status["success"]
    assert "Kandidater på bruttolisten" in status["summary"]
    # The panel counts the steps in the recompute's log: every one is there, run by the worker
    # (in this process), not by the recompute's own process.
    steps = [line for line in log.splitlines() if " - STEP_SUCCESS - " in line]
    assert len(steps) == status["steps_total"] > 0
    assert all(f" - {os.getpid()} - " in line for line in steps)
    assert worker.runs == 1


@pytest.mark.slow  # the recompute's process loads Dagster itself
def test_a_recompute_the_worker_does_not_take_runs_by_itself(environment, tmp_path):
    # A heartbeat, but no worker looking: the request is withdrawn and the run made here.
    beat = handoff.heartbeat_path()
    beat.parent.mkdir(parents=True, exist_ok=True)
    beat.write_text(json.dumps({"pid": 0, "at": time.time() + 600}))
    sha = _send(environment, tmp_path)
    ended, status, log = _recompute(tmp_path)
    assert ended.returncode == 0, log
    assert status["success"] and log.count(" - STEP_SUCCESS - ") == status["steps_total"] > 0
    assert sha in _published_shas(environment["db"])
