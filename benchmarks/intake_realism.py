"""Rows read, warnings per row and matching F1 on the realism set (tests/screening/data/realism):
four workbooks from municipalities that never saw the template.

    uv run python -m benchmarks.intake_realism                   # the files as they were sent
    uv run python -m benchmarks.intake_realism --with-metadata   # with an «Om skabelonen» sheet

``--with-metadata`` repeats what a tester once did by hand: the same files with the
template's metadata sheet added, to see what the reader makes of the rows themselves.
"""

from __future__ import annotations

import argparse
import csv
import shutil
import tempfile
from collections import Counter
from pathlib import Path

import openpyxl
import polars as pl

from screening.config import Municipality, ScreeningConfig, ScreeningRound
from screening.intake.outcomes import Received
from screening.intake.reader import read_submission
from screening.matching.candidates import assign_candidates, task_links
from screening.matching.quality import pairwise_quality
from screening.template.spec import META_MUNICIPALITY, META_ROUND, METADATA_SHEET
from screening.text import fold

REALISM = Path(__file__).resolve().parent.parent / "tests" / "screening" / "data" / "realism"
CONFIG = ScreeningConfig(
    round=ScreeningRound("2026", "Screeningsrunde 2026"),
    municipalities=tuple(
        Municipality(code, name)
        for code, name in (
            ("herning", "Herning"),
            ("holstebro", "Holstebro"),
            ("ringkoebing-skjern", "Ringkøbing-Skjern"),
            ("lemvig", "Lemvig"),
        )
    ),
)
# CSV -> (workbook, municipality): the truth the measurement is held against.
FILES = {
    "herning.csv": ("Herning Kommune - driftsfællesskaber.xlsx", "Herning"),
    "holstebro.csv": ("holstebro_screening.xlsx", "Holstebro"),
    "ringkoebing-skjern.csv": ("ringkobing-skjern opgaver.xlsx", "Ringkøbing-Skjern"),
    "lemvig.csv": ("Lemvig Kommune forslag.xlsx", "Lemvig"),
}


def labelled_rows() -> list[dict]:
    """Every labelled row: municipality, title, Excel row in its workbook, true group."""
    rows = []
    for csv_name, (_, municipality) in FILES.items():
        with open(REALISM / csv_name, encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            title_header = next(iter(h for h in reader.fieldnames if h != "Kommune"))
            for row in reader:
                title, group = row[title_header], row["_gruppe"]
                rows.append({"municipality": municipality, "title": title, "group": group})
    return rows


def add_metadata_sheet(path: Path, municipality: str) -> None:
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.create_sheet(METADATA_SHEET)
    sheet.append([META_MUNICIPALITY, municipality])
    sheet.append([META_ROUND, CONFIG.round.id])
    workbook.save(path)


def read_set(with_metadata: bool = False) -> list[Received]:
    from datetime import UTC, datetime

    with tempfile.TemporaryDirectory() as tmp:
        received = []
        for _, (name, municipality) in FILES.items():
            path = Path(tmp) / name
            shutil.copy(REALISM / name, path)
            if with_metadata:
                add_metadata_sheet(path, municipality)
            received.append(Received(read_submission(path, CONFIG), name, datetime.now(UTC)))
        return received


def measure(with_metadata: bool = False) -> dict:
    received = read_set(with_metadata)
    labelled = labelled_rows()
    tasks = [r.submission.tasks for r in received if not r.submission.rejected]
    tasks = pl.concat(tasks) if tasks else pl.DataFrame()
    row_findings = Counter()
    errors = Counter()
    for r in received:
        for f in r.submission.findings:
            if f.row is not None:
                row_findings[(r.submission.file, f.severity)] += 1
            if f.severity == "error":
                errors[r.submission.file] += 1
    n_read = tasks.height
    warnings = sum(v for (_, s), v in row_findings.items() if s == "warning")
    truth, predicted = {}, {}
    by_key = {}
    if n_read:
        assignments, _ = assign_candidates(tasks, task_links(tasks))
        candidate_of = dict(assignments.iter_rows())
        for task in tasks.select("task_id", "municipality", "title").iter_rows(named=True):
            by_key[(task["municipality"], fold(task["title"]))] = candidate_of[task["task_id"]]
    for i, row in enumerate(labelled):
        key = (row["municipality"], fold(row["title"]))
        truth[i] = row["group"]
        predicted[i] = by_key.get(key, f"ikke læst {i}")
    quality = pairwise_quality(truth, predicted)
    return {
        "files rejected": sum(r.submission.rejected for r in received),
        "labelled rows": len(labelled),
        "rows read": n_read,
        "row warnings": warnings,
        "warnings per row read": round(warnings / n_read, 2) if n_read else None,
        "errors": sum(errors.values()),
        "precision": round(quality.precision, 3),
        "recall": round(quality.recall, 3),
        "F1": round(quality.f1, 3),
        "messages": [
            f.describe() for r in received for f in r.submission.findings if f.row is None
        ][:12],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--with-metadata", action="store_true")
    parser.add_argument("--all", action="store_true", help="print every finding")
    args = parser.parse_args()
    result = measure(args.with_metadata)
    for key, value in result.items():
        if key != "messages":
            print(f"{key}: {value}")
    for message in result["messages"]:
        print("  ", message)
    if args.all:
        for r in read_set(args.with_metadata):
            for f in r.submission.findings:
                print(f.describe())


if __name__ == "__main__":
    main()
