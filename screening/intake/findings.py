"""Findings: every problem found in a submitted template, precise enough to fix in Excel.

Rule for what an error blocks:
- a file-level error (unreadable file, wrong template, no task sheet, headers missing) rejects the
  whole file: none of its rows reach the gross list;
- a row-level error holds back that row only;
- a warning lets the row through unchanged, but tells the sender what was assumed.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Literal

import polars as pl

Severity = Literal["error", "warning"]
ERROR: Severity = "error"
WARNING: Severity = "warning"

SEVERITY_LABELS = {ERROR: "Fejl", WARNING: "Advarsel"}


@dataclass(frozen=True)
class Finding:
    severity: Severity
    file: str
    message: str
    sheet: str | None = None
    row: int | None = None  # Excel row number, 1-based
    column: str | None = None  # Excel column letter
    header: str | None = None
    value: str | None = None
    file_level: bool = False  # an error here rejects the whole file, not just one row

    @classmethod
    def at_once(cls, **values) -> Finding:
        """The finding ``Finding(**values)`` makes, for a loop that makes thousands: a frozen
        dataclass's __init__ sets each field through object.__setattr__, which was most of what
        a national round's 14,000 warnings cost the column pass. The fields are set in their
        order, the defaults of the others included (a test holds both ways equal)."""
        finding = object.__new__(cls)
        finding.__dict__.update(_DEFAULTS, **values)
        return finding

    @property
    def blocks_file(self) -> bool:
        return self.severity == ERROR and self.file_level

    def location(self) -> str:
        parts = [self.file]
        if self.sheet:
            parts.append(f"ark «{self.sheet}»")
        if self.row is not None:
            parts.append(f"række {self.row}")
        if self.column:
            parts.append(f"kolonne {self.column}" + (f" ({self.header})" if self.header else ""))
        return ", ".join(parts)

    def describe(self) -> str:
        found = f" Fundet: «{self.value}»." if self.value not in (None, "") else ""
        return f"{SEVERITY_LABELS[self.severity]}: {self.location()}: {self.message}{found}"


_DEFAULTS = {field.name: field.default for field in fields(Finding)}

FINDINGS_SCHEMA = {
    "severity": pl.String,
    "file": pl.String,
    "sheet": pl.String,
    "row": pl.Int64,
    "column": pl.String,
    "header": pl.String,
    "value": pl.String,
    "message": pl.String,
    "file_level": pl.Boolean,
}


def findings_frame(findings: list[Finding]) -> pl.DataFrame:
    # Column lists, not a dict per finding: a national round has tens of thousands of warnings.
    return pl.DataFrame(
        {name: [getattr(f, name) for f in findings] for name in FINDINGS_SCHEMA},
        schema=FINDINGS_SCHEMA,
    )
