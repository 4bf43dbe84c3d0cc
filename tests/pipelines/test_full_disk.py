"""A full disk stops a run with a Danish message, leaves no staging file, keeps the published
gross list, and loses nothing: the next run, with room again, reads what had arrived.

The full disk is a file-size limit (RLIMIT_FSIZE) on the run's process: every write past it
fails as a full disk does, without needing a small file system to be mounted.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from screening import store
from screening.config import DATA_DIR, load_screening_config
from screening.template.writer import write_template

pytestmark = pytest.mark.slow  # whole runs on a full disk

CONFIG = load_screening_config()
RUN_WITH_LIMIT = """
import resource, sys
limit = int(sys.argv[1])
if limit:
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
from pipelines.cli import main
sys.exit(main(["run"]))
"""


def _run(env: dict[str, str], limit: int = 0) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", RUN_WITH_LIMIT, str(limit)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_full_disk_stops_the_run_in_danish_and_loses_nothing(tmp_path: Path) -> None:
    templates, inbox, db = tmp_path / "templates", tmp_path / "inbox", tmp_path / "db"
    templates.mkdir()
    inbox.mkdir()
    for name in ("aabenraa", "haderslev", "soenderborg"):
        (templates / f"{name}.xlsx").write_bytes(
            (DATA_DIR / "templates" / f"{name}.xlsx").read_bytes()
        )
    env = {
        **os.environ,
        "SCREENING_TEMPLATES": str(templates),
        "SCREENING_INBOX": str(inbox),
        "SCREENING_DB": str(db / "warehouse.duckdb"),
        "SCREENING_OVERRIDES": str(tmp_path / "matches.csv"),
        "DAGSTER_HOME": "",
    }
    assert _run(env).returncode == 0
    published = store.published_path(db / "warehouse.duckdb")
    before = hashlib.sha256(published.read_bytes()).hexdigest()

    tasks = [{"title": "Fælles vagtcentral", "description": "Alarmer døgnet rundt."}]
    write_template(inbox / "tønder.xlsx", "Tønder", CONFIG.round.id, tasks)
    full = _run(env, limit=(db / "warehouse.duckdb").stat().st_size)
    assert full.returncode == 1
    assert "Disken er fuld, så der kunne ikke skrives i" in full.stdout
    assert "Frigør plads på disken" in full.stdout
    assert hashlib.sha256(published.read_bytes()).hexdigest() == before
    assert not list(db.glob(".*.tmp")), "a staging file was left behind"

    assert _run(env).returncode == 0  # room again: the file that arrived is read
    with duckdb.connect(str(published), read_only=True) as con:
        files = [row[0] for row in con.execute("SELECT file FROM submissions").fetchall()]
    assert "tønder.xlsx" in files
