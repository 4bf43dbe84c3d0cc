"""A received template as the intake sees it: who sent it, its tasks, and its findings."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from screening.intake.findings import ERROR, Finding
from screening.intake.understood import Understood

TASK_SCHEMA = {
    "task_id": pl.String,
    "municipality": pl.String,
    "source_file": pl.String,
    "source_row": pl.Int64,
    "title": pl.String,
    "description": pl.String,
    "service_area": pl.String,
    # The sender's own words for the service area, when none of ours fits (service_area «other»)
    "service_area_written": pl.String,
    "goals": pl.List(pl.String),
    "task_type": pl.String,
    "cooperation_form": pl.String,
    "authority_exercise": pl.Boolean,
    "cost_base_dkk": pl.Float64,
    "fte": pl.Float64,
    "potential_dkk": pl.Float64,
    "complexity": pl.Int64,
    "time_horizon_years": pl.Float64,
    "partners": pl.String,
    "barriers": pl.String,
    "contact": pl.String,
    "remarks": pl.String,
    # The function in the chart of accounts (kontoplan), «6.45.51», when the sender gave one
    "function": pl.String,
    # The heading the sender wrote the task under («Teknik og Miljø»), if the sheet has headings
    "section": pl.String,
}

_NO_TASKS = pl.DataFrame(schema=TASK_SCHEMA)


@dataclass
class Submission:
    """One received template: who sent it, what it holds, and what is wrong with it."""

    file: str
    sha256: str
    municipality: str | None = None
    screening_round: str | None = None
    template_version: str | None = None
    # A new empty frame each, cleared from one built once (building it from the schema costs
    # a hundred times more, and every file read starts with one).
    tasks: pl.DataFrame = field(default_factory=lambda: _NO_TASKS.clear())
    findings: list[Finding] = field(default_factory=list)
    # What the reader made of the file's columns and rows (None when it found no task sheet)
    understood: Understood | None = None

    @property
    def rejected(self) -> bool:
        return any(f.blocks_file for f in self.findings)

    def add(self, severity, message: str, file_level: bool = False, **where) -> None:
        self.findings.append(Finding(severity, self.file, message, file_level=file_level, **where))

    def reject(self, message: str, **where) -> Submission:
        self.add(ERROR, message, file_level=True, **where)
        return self


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
