"""The project group's corrections of how a municipality's columns are read.

When the reader takes a column for something it is not («Kan give økonomisk gevinst» read as the
potential), the project group says what the column is, or that it is not used. The correction is
saved for that municipality, by the header as the sender wrote it, and applied to every later
file from the municipality; each correction is logged (who, when, from what, to what).

The store is one JSON file (``SCREENING_COLUMN_CORRECTIONS``, default
``data/kolonner/rettelser.json``) with its log beside it (``rettelser.log.csv``); both are small
and written whole, through a temporary file, so a crash never leaves half a file.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from screening.config import DATA_DIR
from screening.errors import ScreeningError
from screening.template.spec import READ_COLUMNS, Column
from screening.text import fold

NOT_USED = "ikke brugt"  # what the sender's column is read as when it is not used
_READABLE = {c.code: c for c in READ_COLUMNS}


class UnknownColumn(ScreeningError, ValueError):
    """A correction names a column the template does not have."""


def corrections_path() -> Path:
    return Path(
        os.environ.get("SCREENING_COLUMN_CORRECTIONS", DATA_DIR / "kolonner" / "rettelser.json")
    )


def header_key(header: str) -> str:
    """Headers compare by meaning: case, spacing and æ/ae do not matter."""
    return " ".join(fold(header).split())


@dataclass(frozen=True)
class Correction:
    municipality: str
    header: str  # as the sender wrote it (with its group: «Økonomi › Potentiale»)
    code: str  # a column code, or NOT_USED
    by: str
    at: str

    def column(self) -> Column | None:
        return None if self.code == NOT_USED else _READABLE[self.code]


def load(path: Path | None = None) -> dict[str, dict[str, Correction]]:
    """municipality -> header key -> its correction."""
    path = path or corrections_path()
    if not path.is_file():
        return {}
    raw = json.loads(path.read_text(encoding="utf-8"))
    return {
        municipality: {key: Correction(**entry) for key, entry in entries.items()}
        for municipality, entries in raw.items()
    }


def fingerprint(path: Path | None = None) -> str:
    """Changes when a correction does: a reading cached before it must be redone."""
    path = path or corrections_path()
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12] if path.is_file() else ""


def save(
    municipality: str,
    header: str,
    code: str,
    by: str,
    was: str | None = None,
    path: Path | None = None,
) -> Correction:
    """Record that ``municipality``'s column ``header`` is ``code`` (or NOT_USED), and log it."""
    if code != NOT_USED and code not in _READABLE:
        raise UnknownColumn(
            f"«{code}» er ikke en af skabelonens kolonner. Vælg en kolonne fra listen, eller "
            f"«{NOT_USED}»."
        )
    path = path or corrections_path()
    at = datetime.now(UTC).isoformat(timespec="seconds")
    correction = Correction(municipality, header, code, by, at)
    stored = {m: {k: vars(c) for k, c in e.items()} for m, e in load(path).items()}
    stored.setdefault(municipality, {})[header_key(header)] = vars(correction)
    path.parent.mkdir(parents=True, exist_ok=True)
    _write_whole(path, json.dumps(stored, ensure_ascii=False, indent=2, sort_keys=True))
    log = path.with_suffix(".log.csv")
    new_log = not log.is_file()
    with open(log, "a", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        if new_log:
            writer.writerow(["tidspunkt", "af", "kommune", "kolonne", "læst som før", "rettet til"])
        writer.writerow([at, by, municipality, header, was or "", code])
    return correction


def _write_whole(path: Path, text: str) -> None:
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=path.parent, delete=False, suffix=".tmp"
    ) as handle:
        handle.write(text)
    os.replace(handle.name, path)


def apply(layout, municipality: str | None, path: Path | None = None) -> dict[int, Correction]:
    """Apply ``municipality``'s corrections to ``layout``'s columns, in place; returns the
    corrected columns by index. A header is found as written with its group, or alone."""
    mine = load(path).get(municipality or "", {})
    if not mine:
        return {}
    applied: dict[int, Correction] = {}
    for index, label in enumerate(layout.labels):
        if not label:
            continue
        correction = mine.get(header_key(layout.shown_header(index))) or mine.get(header_key(label))
        if correction is None:
            continue
        column = correction.column()
        for other in [i for i, c in layout.columns.items() if column and c.code == column.code]:
            del layout.columns[other]  # a column is read from one place only
        if column is None:
            layout.columns.pop(index, None)
        else:
            layout.columns[index] = column
        layout.goals_by_values.discard(index)
        applied[index] = correction
    layout.columns = dict(sorted(layout.columns.items()))
    return applied
