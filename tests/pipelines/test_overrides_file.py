"""The project group's decisions file is never lost without a word: a folder in its place stops
the run with a Danish message, and a file that vanished after a run used it is reported."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipelines.run import run_screening, summarise
from screening.config import DATA_DIR
from screening.matching.overrides import SPLIT, OverridesFileError, append_override


@pytest.fixture
def round_with_decisions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(DATA_DIR / "templates", tmp_path / "templates")
    monkeypatch.setenv("SCREENING_TEMPLATES", str(tmp_path / "templates"))
    monkeypatch.setenv("SCREENING_INBOX", str(tmp_path / "inbox"))
    monkeypatch.setenv("SCREENING_DB", str(tmp_path / "db" / "warehouse.duckdb"))
    overrides = tmp_path / "overrides" / "matches.csv"
    monkeypatch.setenv("SCREENING_OVERRIDES", str(overrides))
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    append_override(overrides, SPLIT, "tønder:a", "aabenraa:b", note="To forskellige opgaver")
    assert run_screening().success
    return overrides


def test_a_folder_in_place_of_the_decisions_file_stops_the_run_in_danish(round_with_decisions):
    overrides = round_with_decisions
    overrides.unlink()
    overrides.mkdir()
    result = run_screening()
    assert not result.success
    summary = summarise(result)
    assert "Kørslen stoppede i match_overrides" in summary
    assert "men der ligger en mappe med det navn" in summary
    with pytest.raises(OverridesFileError, match="ligger en mappe"):
        append_override(overrides, SPLIT, "x", "y")  # the dashboard's «Gem» says the same


def test_a_vanished_decisions_file_is_reported_not_recreated(round_with_decisions):
    overrides = round_with_decisions
    overrides.unlink()
    result = run_screening()
    assert result.success
    assert "findes ikke længere, men den sidste bruttoliste byggede på den" in summarise(result)
    assert not overrides.exists()
