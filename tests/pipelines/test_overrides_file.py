"""The project group's match decisions are never lost without a word. They live in the decision
store; an older version's decisions file is imported once, after which the file no longer
matters. A folder in place of a file not yet imported stops the run with a Danish message, and a
store that lost the decisions the last gross list used is reported, not used silently."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipelines.run import run_screening, summarise
from screening.config import DATA_DIR
from screening.decisions.match_decisions import match_overrides
from screening.decisions.store import open_store, read_events
from screening.matching.overrides import SPLIT, append_override


@pytest.fixture
def round_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(DATA_DIR / "templates", tmp_path / "templates")
    monkeypatch.setenv("SCREENING_TEMPLATES", str(tmp_path / "templates"))
    monkeypatch.setenv("SCREENING_INBOX", str(tmp_path / "inbox"))
    monkeypatch.setenv("SCREENING_DB", str(tmp_path / "db" / "warehouse.duckdb"))
    monkeypatch.setenv("SCREENING_OVERRIDES", str(tmp_path / "overrides" / "matches.csv"))
    monkeypatch.setenv("SCREENING_DECISIONS_URL", f"sqlite:///{tmp_path / 'decisions.sqlite'}")
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    return tmp_path


def test_an_older_decisions_file_is_imported_once_and_then_no_longer_matters(round_dir):
    overrides = round_dir / "overrides" / "matches.csv"
    append_override(overrides, SPLIT, "tønder:a", "aabenraa:b", note="To forskellige opgaver")
    assert run_screening().success
    store = open_store(f"sqlite:///{round_dir / 'decisions.sqlite'}")
    imported = match_overrides(read_events(store))
    assert imported.select("action", "note").rows() == [(SPLIT, "To forskellige opgaver")]
    overrides.unlink()
    overrides.mkdir()  # even a folder in its place now changes nothing
    result = run_screening()
    assert result.success
    assert "findes ikke i beslutningsdatabasen" not in summarise(result)
    assert match_overrides(read_events(store)).height == 1


def test_a_folder_in_place_of_a_file_not_yet_imported_stops_the_run_in_danish(round_dir):
    (round_dir / "overrides" / "matches.csv").mkdir(parents=True)
    result = run_screening()
    assert not result.success
    summary = summarise(result)
    assert "Kørslen stoppede i match_overrides" in summary
    assert "men der ligger en mappe med det navn" in summary


def test_a_store_that_lost_the_decisions_is_reported(round_dir, monkeypatch):
    append_override(round_dir / "overrides" / "matches.csv", SPLIT, "tønder:a", "aabenraa:b")
    assert run_screening().success
    # The store is replaced by an empty one (a lost file, a wrong address).
    monkeypatch.setenv("SCREENING_DECISIONS_URL", f"sqlite:///{round_dir / 'andet.sqlite'}")
    monkeypatch.setenv("SCREENING_OVERRIDES", str(round_dir / "gone.csv"))
    result = run_screening()
    assert result.success
    assert "findes ikke i beslutningsdatabasen" in summarise(result)
