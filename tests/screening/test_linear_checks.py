"""Every check on a received file takes time in proportion to the file's size, whatever the file
holds, and gives up with a Danish message when it would take longer than its budget."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest
from corpus import (
    CONFIG,
    CRAFTED_SIZES,
    HEADERS,
    HELP,
    PAYROLL,
    cells_left_open_in_a_comment,
    official,
    workbook,
)

from screening.intake import file_guard
from screening.intake.reader import read_submission

pytestmark = pytest.mark.slow  # large crafted files, each read several times


def _fastest(check, path: Path, repeats: int = 3) -> float:
    """The least CPU time this process spent on ``check``: other processes on the machine (a
    browser test, the other worker) change the wall clock, not this."""
    best = float("inf")
    for _ in range(repeats):
        start = time.process_time()
        check(path)
        best = min(best, time.process_time() - start)
    return best


@pytest.mark.parametrize(
    "check",
    [file_guard.inspect, lambda path: read_submission(path, CONFIG)],
    ids=["file_guard", "whole_reader"],
)
def test_the_crafted_sheet_is_checked_in_linear_time(check, tmp_path: Path):
    """16 times the tags costs about 16 times the time (a quadratic scan: 256 times); the bound
    is three times linear, for a machine shared with other work. Sizes beyond the corpus's
    largest, so the sheet, not the fixed cost, dominates."""
    small, large = CRAFTED_SIZES[-1], CRAFTED_SIZES[-1] * 16
    files = {
        n: cells_left_open_in_a_comment(tmp_path / f"tønder-{n}.xlsx", n) for n in (small, large)
    }
    size_ratio = files[large].stat().st_size / files[small].stat().st_size
    times = {n: _fastest(check, path) for n, path in files.items()}
    ratio = times[large] / times[small]
    assert ratio < 3 * size_ratio, f"{times}: {ratio:.1f}x the time for {size_ratio:.1f}x the bytes"
    submission = read_submission(files[large], CONFIG)
    assert not submission.findings and submission.tasks.height == 2


def _with_sheet(source: Path, target: Path, xml: bytes) -> Path:
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as changed:
        for member in original.infolist():
            data = original.read(member.filename)
            changed.writestr(member, xml if member.filename == "xl/worksheets/sheet1.xml" else data)
    return target


def test_a_sheet_declaring_entities_is_refused_unexpanded(tmp_path: Path):
    """The «billion laughs» file: entities that expand to gigabytes. Refused, never expanded."""
    laughs = b'<!ENTITY a "hahahahahaha">' + b"".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'.encode() for i in range(8)
    )
    xml = b'<?xml version="1.0"?><!DOCTYPE w [' + laughs + b"]><worksheet>&i;</worksheet>"
    path = _with_sheet(official(tmp_path / "ok.xlsx", PAYROLL), tmp_path / "tønder.xlsx", xml)
    submission = read_submission(path, CONFIG)
    assert submission.rejected
    assert "Filen er beskadiget" in submission.findings[0].message


def test_a_check_over_its_budget_is_refused_with_a_danish_message(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(file_guard, "MAX_SCAN_SECONDS", -1.0)
    path = cells_left_open_in_a_comment(tmp_path / "tønder.xlsx", CRAFTED_SIZES[0])
    submission = read_submission(path, CONFIG)
    assert submission.rejected and submission.tasks.is_empty()
    assert "kunne ikke tjekkes inden for" in submission.findings[0].message


# Texts that make a backtracking pattern try every start position against the rest of the cell.
HOSTILE_CELLS = (" ", "1", "1.", "a ", ",", " og", "ca. ", "%", ";", "\n ")


def _hostile_rows(length: int) -> list[list]:
    """One row per hostile text, that text repeated to ``length`` characters in every column
    (between two letters, so a row of spaces is not read as blank)."""
    return [
        [None if c == 0 else f"x{(text * length)[: length - 2]}x" for c in range(len(HEADERS) + 1)]
        for text in HOSTILE_CELLS
    ]


def _stored(source: Path, target: Path) -> Path:
    """The workbook with every part stored uncompressed, as an attacker would send it, so the
    zip checks (compression ratio) let it through to the cell parsers."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as stored:
        for member in original.infolist():
            stored.writestr(member.filename, original.read(member.filename), zipfile.ZIP_STORED)
    return target


def test_every_cell_is_read_in_linear_time(tmp_path: Path):
    """Each cell parser (numbers, percentages, lists of goals, yes/no, vocabulary) gets cells
    of 2,000 and 32,000 characters built to make a backtracking pattern go quadratic; the
    older templates' «Mål» column (several goals in one cell) is there too."""
    times = {}
    for length in (2_000, 32_000):
        rows = [[*HEADERS, "Mål"], [*HELP, None], *_hostile_rows(length)]
        path = _stored(
            workbook(tmp_path / f"written-{length}.xlsx", rows), tmp_path / f"tønder-{length}.xlsx"
        )
        times[length] = _fastest(lambda p: read_submission(p, CONFIG), path)
        submission = read_submission(path, CONFIG)
        # Read cell by cell, not refused as a whole: every hostile row has its findings.
        assert not submission.rejected
        assert {f.row for f in submission.findings} == set(range(3, 3 + len(HOSTILE_CELLS)))
    ratio = times[32_000] / times[2_000]
    # Linear: about 16 times; quadratic: 256 times. Three times linear allows for a busy machine.
    assert ratio < 48, f"{times}: {ratio:.1f}x the time for 16x the characters"
