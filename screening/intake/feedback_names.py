"""The names that mark an annotated copy (its findings sheet, its file name), apart from the
module that writes it: the reader needs only these, and writing a copy brings openpyxl, which a
reading process should not pay to import."""

from __future__ import annotations

from pathlib import Path

FEEDBACK_SHEET = "Rettelser"
FEEDBACK_SUFFIX = " - rettelser"


def feedback_path(path: Path, out_dir: Path | None = None) -> Path:
    return (out_dir or path.parent) / f"{path.stem}{FEEDBACK_SUFFIX}.xlsx"


def is_feedback_name(name: str) -> bool:
    """«haderslev - rettelser.xlsx», also as archived («20261201T…__haderslev - rettelser.xlsx»)
    or saved again by Excel with a number («… - rettelser (2).xlsx»)."""
    stem = Path(name).stem.casefold().rstrip(" )0123456789(")
    return stem.endswith(FEEDBACK_SUFFIX)


def is_feedback_workbook(sheets: dict[str, list[list]]) -> bool:
    """A workbook that holds the list of findings the annotated copy carries (first, as written;
    but Excel lets anyone move a sheet)."""
    rows = sheets.get(FEEDBACK_SHEET)
    title = rows[0][0] if rows and rows[0] else None
    return isinstance(title, str) and title.startswith(f"{FEEDBACK_SHEET} til ")
