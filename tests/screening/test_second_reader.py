"""A large round is read by this process and a second one: every file's reading is the one this
process would make, in the round's order, whether the second process helps, cannot start, or
dies with a file in hand."""

from __future__ import annotations

import gc
import logging
import shutil
import stat
import sys
from pathlib import Path

import pytest
from corpus import CONFIG
from polars.testing import assert_frame_equal

from screening.intake import second_reader
from screening.intake.reader import read_submission
from screening.intake.second_reader import read_files
from screening.intake.submission import Submission

SAMPLES = sorted((Path(__file__).parents[2] / "data" / "templates").glob("*.xlsx"))
COPIES = 300  # enough reading (about 1.5 s) for the second process to start and take files


@pytest.fixture(scope="module")
def round_of_copies(tmp_path_factory) -> tuple[list[tuple[Path, str]], dict[str, Submission]]:
    """The sample templates copied many times, each copy named as its original was sent, with a
    broken file and a missing one among them; and each original read in this process."""
    folder = tmp_path_factory.mktemp("round")
    broken = folder / "broken.xlsx"
    broken.write_bytes(b"not a spreadsheet")
    jobs = []
    for n in range(COPIES):
        sample = SAMPLES[n % len(SAMPLES)]
        copy = folder / f"{n:03d}_{sample.name}"
        shutil.copyfile(sample, copy)
        jobs.append((copy, sample.name))
    jobs[COPIES // 2 : COPIES // 2] = [(broken, broken.name), (folder / "gone.xlsx", "gone.xlsx")]
    expected = {name: read_submission(path, CONFIG, name) for path, name in jobs[:5]}
    expected[broken.name] = read_submission(broken, CONFIG, broken.name)
    return jobs, expected


def _same_as_here(jobs, readings, expected) -> None:
    assert len(readings) == len(jobs)
    for (path, name), reading in zip(jobs, readings, strict=True):
        if name == "gone.xlsx":
            assert isinstance(reading, FileNotFoundError)
            continue
        assert isinstance(reading, Submission), path
        assert reading.findings == expected[name].findings
        assert reading.understood == expected[name].understood
        assert_frame_equal(reading.tasks, expected[name].tasks)
        assert (reading.file, reading.sha256) == (name, expected[name].sha256)


def _read_by_second_process(caplog) -> int:
    [line] = [r.getMessage() for r in caplog.records if "second process" in r.getMessage()]
    return int(line.split()[0])


def test_a_second_process_reads_each_file_as_this_one_does(round_of_copies, caplog):
    jobs, expected = round_of_copies
    with caplog.at_level(logging.INFO, logger="screening.intake.second_reader"):
        readings = read_files(jobs, CONFIG, from_bytes=0)
    _same_as_here(jobs, readings, expected)
    assert _read_by_second_process(caplog) > 0


def test_a_small_round_is_read_here_alone(round_of_copies, caplog):
    jobs, expected = round_of_copies
    with caplog.at_level(logging.INFO, logger="screening.intake.second_reader"):
        readings = read_files(jobs[:6], CONFIG)
    _same_as_here(jobs[:6], readings, expected)
    assert not [r for r in caplog.records if "second process" in r.getMessage()]


def _interpreter(tmp_path: Path, name: str, body: str) -> str:
    script = tmp_path / name
    script.write_text(f"#!/bin/sh\n{body}\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return str(script)


def test_nothing_is_lost_when_the_second_process_cannot_start(
    round_of_copies, tmp_path, monkeypatch
):
    jobs, expected = round_of_copies
    monkeypatch.setattr(sys, "executable", _interpreter(tmp_path, "broken", "exit 3"))
    _same_as_here(jobs, read_files(jobs, CONFIG, from_bytes=0), expected)


DIES_ON_ITS_FIRST_FILE = """
import os
from screening.intake import second_reader

def die(job, config):
    os._exit(9)

second_reader._read_one = die
second_reader._serve()
"""


def test_nothing_is_lost_when_the_second_process_dies_with_a_file_in_hand(
    round_of_copies, tmp_path, monkeypatch, caplog
):
    jobs, expected = round_of_copies
    # The real second process, ending abruptly when it is given its first file.
    (tmp_path / "dies.py").write_text(DIES_ON_ITS_FIRST_FILE)
    dying = _interpreter(tmp_path, "dying", f"exec {sys.executable} {tmp_path / 'dies.py'}")
    monkeypatch.setattr(sys, "executable", dying)
    with caplog.at_level(logging.INFO, logger="screening.intake.second_reader"):
        readings = read_files(jobs, CONFIG, from_bytes=0)
    _same_as_here(jobs, readings, expected)
    [said] = [r.getMessage() for r in caplog.records if "second process" in r.getMessage()]
    # It had two files in hand: the one it was reading and the next, queued.
    assert said.startswith("0 of 302 files read by a second process (2 of them read again here)")


def test_the_cycle_collector_is_back_on_after_a_round_however_it_ends(round_of_copies, monkeypatch):
    """It is paused while files are read (see collection_paused), never left off for the rest of
    the run, even when reading fails."""
    jobs, _ = round_of_copies
    assert gc.isenabled()
    read_files(jobs[:3], CONFIG)
    assert gc.isenabled()

    def fails(job, config):
        assert not gc.isenabled()
        raise MemoryError

    monkeypatch.setattr(second_reader, "_read_one", fails)
    with pytest.raises(MemoryError):
        read_files(jobs[:3], CONFIG)
    assert gc.isenabled()
