"""The project group's last word on matching: «saml» (these two tasks are one candidate) and
«adskil» (these two are not). Kept in a CSV file that the dashboard appends to and the pipeline
reads on every run, so decisions survive re-runs and resubmissions (task ids are built from
municipality and title, so they stay the same when a file is resent).
"""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from screening.errors import ScreeningError
from screening.i18n import _

if TYPE_CHECKING:
    from screening.matching.candidates import Overrides

MERGE, SPLIT = "saml", "adskil"
# The project group's request for a fresh matching from scratch (no task ids): the next run
# matches every task afresh instead of placing only new ones (screening.matching.placement).
FRESH = "forfra"
FIELDS = ["action", "task_id", "other_task_id", "note", "decided_by", "decided_at"]
OVERRIDE_SCHEMA = {name: pl.String for name in FIELDS}


class OverridesFileError(ScreeningError, OSError):
    """The decisions file cannot be read or written; the message says why, in Danish."""


def _check_is_file(path: Path) -> None:
    if path.is_dir():
        raise OverridesFileError(
            _(
                "Projektgruppens beslutninger om sammenkobling skal ligge i filen {path}, men der "
                "ligger en mappe med det navn. Flyt mappen væk (læg filen matches.csv tilbage, "
                "hvis den er inde i mappen), og kør igen; beslutningerne er ikke brugt i denne "
                "kørsel."
            ).format(path=path)
        )


def missing_message(path: Path) -> str:
    return (
        f"Filen med projektgruppens beslutninger om sammenkobling ({path}) findes ikke længere, "
        "men den sidste bruttoliste byggede på den. Bruttolisten er nu dannet uden "
        "beslutningerne. Læg filen tilbage (fx fra en sikkerhedskopi) og kør igen; var det "
        "meningen at slette dem, så er der intet at gøre."
    )


def read_overrides(path: Path) -> pl.DataFrame:
    _check_is_file(path)
    if not path.exists():
        return pl.DataFrame(schema=OVERRIDE_SCHEMA)
    with open(path, encoding="utf-8", newline="") as handle:
        rows = [{k: (row.get(k) or None) for k in FIELDS} for row in csv.DictReader(handle)]
    return (
        pl.DataFrame(rows, schema=OVERRIDE_SCHEMA) if rows else pl.DataFrame(schema=OVERRIDE_SCHEMA)
    )


def effective(overrides: pl.DataFrame) -> Overrides:
    """The latest decision per pair wins, so a merge can be undone by a later split."""
    # Here, not at the top: the matching brings SciPy, which recording a decision never needs.
    from screening.matching.candidates import Overrides

    latest: dict[frozenset, str] = {}
    for row in overrides.iter_rows(named=True):
        if row["action"] in (MERGE, SPLIT) and row["task_id"] and row["other_task_id"]:
            latest[frozenset((row["task_id"], row["other_task_id"]))] = row["action"]
    pairs = {
        action: tuple(tuple(sorted(p)) for p, a in latest.items() if a == action)
        for action in (MERGE, SPLIT)
    }
    return Overrides(merge=pairs[MERGE], split=pairs[SPLIT])


def append_override(
    path: Path, action: str, task_id: str, other_task_id: str, note: str = "", decided_by: str = ""
) -> None:
    if action not in (MERGE, SPLIT):
        raise ValueError(f"ukendt handling: {action}")
    _check_is_file(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    new_file = not path.exists()
    with open(path, "a", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS)
        if new_file:
            writer.writeheader()
        writer.writerow(
            {
                "action": action,
                "task_id": task_id,
                "other_task_id": other_task_id,
                "note": note,
                "decided_by": decided_by,
                "decided_at": datetime.now(UTC).isoformat(timespec="seconds"),
            }
        )


def fresh_request(overrides: pl.DataFrame) -> str | None:
    """When the project group last asked for a fresh matching (its «forfra» row), or None."""
    asked = overrides.filter(pl.col("action") == FRESH)["decided_at"].drop_nulls()
    return asked.max() if asked.len() else None
