"""Rows read, non-task rows read as tasks, economic totals and matching F1 on the town-hall sets
(tests/screening/data/townhall): real layouts from municipalities outside the sample.

    uv run python -m benchmarks.intake_townhall                 # the reported set (Nordjylland)
    uv run python -m benchmarks.intake_townhall --set fyn       # the tuning set
    uv run python -m benchmarks.intake_townhall --findings      # also every finding

Each file's truth (``truth.csv``) says what every row under its header is: a task (with its
true group) or a heading, subtotal, total or footnote; ``totals.csv`` holds the file's own «I
alt». A task row that is not read counts as its own group, so it costs recall.
"""

from __future__ import annotations

import argparse
import csv
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from screening.config import CONFIG_DIR, load_screening_config
from screening.intake.reader import read_submission
from screening.intake.submission import Submission
from screening.matching.candidates import assign_candidates, task_links
from screening.matching.quality import pairwise_quality

TOWNHALL = Path(__file__).resolve().parent.parent / "tests" / "screening" / "data" / "townhall"
SETS = ("nordjylland", "fyn")
AMOUNTS = ("cost_base_dkk", "fte", "potential_dkk")


@dataclass(frozen=True)
class TownhallSet:
    name: str
    folder: Path
    truth: list[dict]
    totals: dict[str, dict[str, float]]

    @property
    def files(self) -> list[str]:
        return list(dict.fromkeys(row["file"] for row in self.truth))


def load_set(name: str) -> TownhallSet:
    folder = TOWNHALL / name
    with open(folder / "truth.csv", encoding="utf-8", newline="") as handle:
        truth = list(csv.DictReader(handle))
    with open(folder / "totals.csv", encoding="utf-8", newline="") as handle:
        totals = {r["file"]: {k: float(r[k]) for k in AMOUNTS} for r in csv.DictReader(handle)}
    return TownhallSet(name, folder, truth, totals)


def read_files(townhall: TownhallSet) -> dict[str, Submission]:
    config = load_screening_config(CONFIG_DIR / f"{townhall.name}.toml")
    return {name: read_submission(townhall.folder / name, config) for name in townhall.files}


def measure(name: str = "nordjylland", read: dict[str, Submission] | None = None) -> dict:
    townhall = load_set(name)
    read = read or read_files(townhall)
    kind_of = {(r["file"], int(r["row"])): r["kind"] for r in townhall.truth}
    tables = [s.tasks for s in read.values() if not s.rejected and not s.tasks.is_empty()]
    tasks = pl.concat(tables, how="diagonal_relaxed") if tables else pl.DataFrame()
    read_rows = (
        {(t["source_file"], t["source_row"]): t for t in tasks.iter_rows(named=True)}
        if tables
        else {}
    )
    task_rows = [r for r in townhall.truth if r["kind"] == "task"]
    not_tasks = [key for key in read_rows if kind_of.get(key) != "task"]
    candidate_of = {}
    if tables:
        assignments, _ = assign_candidates(tasks, task_links(tasks))
        candidate_of = dict(assignments.iter_rows())
    truth, predicted = {}, {}
    for i, row in enumerate(task_rows):
        key = (row["file"], int(row["row"]))
        truth[i] = row["group"]
        task = read_rows.get(key)
        predicted[i] = candidate_of[task["task_id"]] if task else f"ikke læst {i}"
    quality = pairwise_quality(truth, predicted)
    totals_off = []
    for file, expected in townhall.totals.items():
        for amount in AMOUNTS:
            got = sum(
                (t[amount] or 0) for (f, _), t in read_rows.items() if f == file and amount in t
            )
            if abs(got - expected[amount]) > 0.5:
                totals_off.append(
                    f"{file}: {amount} read {got:,.0f}, the file's «I alt» {expected[amount]:,.0f}"
                )
    findings = [f for s in read.values() for f in s.findings]
    return {
        "set": name,
        "files": len(read),
        "files rejected": sum(s.rejected for s in read.values()),
        "task rows": len(task_rows),
        "task rows read": sum((r["file"], int(r["row"])) in read_rows for r in task_rows),
        "non-task rows": len(townhall.truth) - len(task_rows),
        "non-task rows read as tasks": len(not_tasks),
        "totals equal to the file's «I alt»": f"{len(townhall.totals) * 3 - len(totals_off)}"
        f" of {len(townhall.totals) * 3}",
        "errors": sum(f.severity == "error" for f in findings),
        "warnings": sum(f.severity == "warning" for f in findings),
        "precision": round(quality.precision, 3),
        "recall": round(quality.recall, 3),
        "F1": round(quality.f1, 3),
        "_totals_off": totals_off,
        "_not_tasks": sorted(not_tasks),
        "_read": read,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--set", choices=SETS, default="nordjylland")
    parser.add_argument("--findings", action="store_true", help="print every finding")
    args = parser.parse_args()
    result = measure(args.set)
    for key, value in result.items():
        if not key.startswith("_"):
            print(f"{key}: {value}")
    for line in result["_totals_off"]:
        print("  ", line)
    for file, row in result["_not_tasks"]:
        print(f"   read as a task: {file} row {row}")
    if args.findings:
        for submission in result["_read"].values():
            for finding in submission.findings:
                print(finding.describe())


if __name__ == "__main__":
    main()
