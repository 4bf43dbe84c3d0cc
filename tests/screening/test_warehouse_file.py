"""Opening the warehouse file: a file another process holds is waited for, a damaged one is not."""

import random
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from screening import store

BLOCK = 256 * 1024  # DuckDB's block size


def _warehouse(path: Path) -> Path:
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE t0 AS SELECT range AS x FROM range(10)")
    return path


def test_a_damaged_file_fails_at_once_without_waiting_for_a_lock(tmp_path, monkeypatch) -> None:
    path = _warehouse(tmp_path / "warehouse.duckdb")
    with open(path, "r+b") as handle:  # one block of noise, as a failing disk leaves it
        handle.seek(BLOCK)  # the first block after the file's headers: the catalogue, read at once
        handle.write(random.Random(7).randbytes(BLOCK))
    waits: list[float] = []
    monkeypatch.setattr(store.time, "sleep", waits.append)
    with pytest.raises(duckdb.IOException, match="in block at location"):
        store.connect(path, read_only=True)
    assert waits == []  # DuckDB's «block» is no lock: the page shows its message at once


def test_a_file_another_process_holds_is_opened_once_it_is_let_go(tmp_path) -> None:
    path = _warehouse(tmp_path / "warehouse.duckdb")
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]);"
         " print('held', flush=True); time.sleep(1.5)", str(path)],
        stdout=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "held"
        with store.connect(path, read_only=True) as con:
            assert con.execute("SELECT count(*) FROM t0").fetchone() == (10,)
    finally:
        holder.wait(timeout=30)
