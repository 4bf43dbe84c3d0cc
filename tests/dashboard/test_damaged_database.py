"""A damaged published database gives every page a Danish message that says what to do, never a
traceback (a corrupt block showed raw IOException tracebacks on up to seven of nine pages)."""

from __future__ import annotations

import os
import random
import shutil
from pathlib import Path

import pytest
from app_runner import PAGES, open_page
from dashboard_sample_round import ScreeningRun

from dashboard.shell import page_paths
from screening import store

BLOCK = 256 * 1024  # DuckDB's block size


@pytest.mark.parametrize("where", [0.5, 0.7])  # the match tables; the gross list
def test_a_corrupt_block_gives_every_page_a_danish_message(
    published: ScreeningRun, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: float
) -> None:
    warehouse = tmp_path / "db" / "warehouse.duckdb"
    copy = store.published_path(warehouse)
    copy.parent.mkdir()
    shutil.copyfile(published.published, copy)
    with open(copy, "r+b") as handle:  # one block of noise, as a failing disk leaves it
        handle.seek(int(copy.stat().st_size * where) // BLOCK * BLOCK)
        handle.write(random.Random(7).randbytes(BLOCK))
    monkeypatch.setenv("SCREENING_DB", str(warehouse))
    damaged = 0
    for page in (*PAGES, page_paths.SUBMIT_TEMPLATE):
        at = open_page(page)  # fails on any exception shown on the page
        errors = [e.value for e in at.error]
        assert all("kan ikke læses; den er måske beskadiget" in e for e in errors), (page, errors)
        # What to do, in a finance clerk's words: no command or tool names.
        assert all("danner bruttolisten på ny" in e for e in errors)
        assert not any(word in e for e in errors for word in ("screening run", "pipeline"))
        damaged += bool(errors)
    assert damaged >= 1, "the noise hit nothing a page reads"
    assert os.environ["SCREENING_DB"] == str(warehouse)
