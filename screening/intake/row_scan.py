"""The task rows under a sheet's header read column by column, before any row is read one by one.

A national round has 600,000 cells and a handful of problems. Each column's distinct values are
read once and what is known of them (blank, a hint, what the task holds, whether it reads
cleanly, a warning) is spread to the rows by array indexing. A row whose every cell reads
cleanly is a task whose values stay in the columns (no dict per task, see
:mod:`screening.intake.task_table`); any other row is read by
:func:`screening.intake.task_rows.read_task_row`, which reports what is wrong, and a test holds
both paths equal.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from screening.intake.cell_reader import cell_reader
from screening.intake.column_letters import column_letter
from screening.intake.findings import WARNING, Finding
from screening.intake.percent_potential import is_share, percent_cells, potential_of
from screening.intake.task_rows import (
    GOAL_CODES,
    RowContext,
    is_help_row,
    is_help_string,
)
from screening.template.spec import Column
from screening.text import cell_text, holds_bidi_controls, is_blank
from screening.vocabulary import GOALS


@dataclass
class RowScan:
    """What a pass down each column tells about every row under the header."""

    start: int  # index of the first row under the header
    ctx: RowContext
    skip: list[bool]  # blank, or the template's hint row
    one_cell: list[bool]  # exactly one filled cell: maybe a note (see is_note_row)
    # Rows whose task is read here: no error, nor a formula to explain, so read_task_row would
    # add nothing; the others are for it.
    usable: list[bool]
    # Rows read here as well, but with a potential written as a percentage (see percent_potential):
    # only rows the pass cannot read are looked at as maybe no task (a sum row, a note), and
    # these are looked at too, as before they were read here.
    percent: list[bool]
    values: dict[str, list]  # column code -> what each row's task holds
    goal_bits: list[int]  # per row, a bit per goal its cells name
    warnings: dict[int, list[tuple]]  # row -> (index, column, value, message) of its warnings

    def task(self, row: int) -> dict:
        """The task of a row read here, as read_task_row gives it."""
        task = {
            "municipality": self.ctx.municipality,
            "source_file": self.ctx.file,
            "source_row": self.start + row + 1,
        }
        task.update((code, held[row]) for code, held in self.values.items())
        task["goals"] = list(goal_codes(self.goal_bits[row]))
        task["service_area_written"] = None  # a clean row's service area is one of ours
        return task

    def findings(self, row: int) -> list[Finding]:
        """The warnings of a row read here, as read_task_row words them."""
        file, sheet, excel_row = self.ctx.file, self.ctx.sheet, self.start + row + 1
        return [
            Finding.at_once(
                severity=WARNING,
                file=file,
                message=message,
                sheet=sheet,
                row=excel_row,
                column=column_letter(index),
                header=column.header,
                value=cell_text(value) or None,
            )
            for index, column, value, message in self.warnings.get(row, ())
        ]

    @property
    def clean(self) -> Sequence[tuple[dict, list[Finding]] | None]:
        """Per row, the task and its warnings where the row is read here, else None."""
        return _CleanRows(self)


class _CleanRows(Sequence):
    def __init__(self, scan: RowScan) -> None:
        self._scan = scan

    def __len__(self) -> int:
        return len(self._scan.usable)

    def __getitem__(self, row):  # type: ignore[override]
        if isinstance(row, slice):
            return [self[i] for i in range(len(self))[row]]
        scan = self._scan
        read = scan.usable[row] or scan.percent[row]
        return (scan.task(row), scan.findings(row)) if read else None

    def __iter__(self) -> Iterator:
        return (self[i] for i in range(len(self)))


def scan_rows(rows: list[list], start: int, columns: dict[int, Column], ctx: RowContext):
    """Column by column, each distinct value read once (see the module's docstring)."""
    body = rows[start:]
    n = len(body)
    # Header columns past the longest row still count: their cells are blank, maybe required.
    width = max([len(r) for r in body] + [i + 1 for i in columns], default=0)
    # The sheet turned into columns in one step (calamine's rows are usually all as wide).
    by_column = list(
        zip(
            *(r if len(r) == width else [*r, *[None] * (width - len(r))] for r in body),
            strict=True,
        )
    )
    clean = np.ones(n, dtype=bool)
    filled = np.zeros(n, dtype=np.int64)
    table_filled = np.zeros(n, dtype=np.int64)
    help_cells = np.zeros(n, dtype=np.int64)
    goals = np.zeros(n, dtype=np.int64)  # per row, a bit per goal its cells name
    values: dict[str, list] = {}  # per column code, what each row's task holds
    warnings: dict[int, list] = {}
    text_filled = np.zeros(n, dtype=np.int64)
    in_percent = np.zeros(n, dtype=bool)
    percents: dict[int, tuple] = {}  # row -> its potential's (index, column, cell, percentage)
    # With two potential columns the row reader's rule for which one counts is its own.
    one_potential = [c.code for c in columns.values()].count("potential_dkk") == 1
    for index, cells in enumerate(by_column):
        column = columns.get(index)
        if column is not None and column.kind == "text":
            # Free text is mostly distinct: read cell by cell, and not folded to look for hints
            # (see below).
            held, ok_rows, warning, blank = _read_text_cells(column, cells)
            filled += ~blank
            table_filled += ~blank
            text_filled += ~blank
            clean &= ok_rows
            warned = [] if warning.count(None) == n else enumerate(warning)  # usually none
            for row in [row for row, w in warned if w is not None]:
                if ok_rows[row]:
                    warnings.setdefault(row, []).append((index, column, cells[row], warning[row]))
            values[column.code] = held
            continue
        distinct, codes = _distinct(cells)
        blank = _blank(distinct)[codes]
        filled += ~blank
        if column is None:
            continue
        table_filled += ~blank
        # Only text can be a hint (no hint is a number, a date or a yes/no).
        help_cells += np.array(
            [isinstance(v, str) and is_help_string(v) for v in distinct], dtype=bool
        )[codes]
        held, ok, named, warning = _read_distinct(column, distinct, ctx.shares)
        ok_rows = np.array(ok, dtype=bool)[codes]
        if column.code == "potential_dkk" and one_potential:
            # A percentage is read after the cost base, once every column is read (below).
            in_percent, percents = percent_cells(index, column, cells, distinct, ok, codes, ctx)
            ok_rows |= in_percent
        clean &= ok_rows
        warned = np.array([w is not None for w in warning], dtype=bool)
        if warned.any():
            for row in np.flatnonzero(warned[codes] & ok_rows).tolist():
                warnings.setdefault(row, []).append(
                    (index, column, cells[row], warning[codes[row]])
                )
        if column.kind == "choices" or column.code in GOAL_CODES:
            goals |= np.array([_goal_bits(g) for g in named], dtype=np.int64)[codes]
        else:
            values[column.code] = list(map(held.__getitem__, codes.tolist()))
    for excel_row, _ in [*ctx.formulas, *ctx.errors]:
        if 0 <= excel_row - 1 - start < n:
            clean[excel_row - 1 - start] = False
    # A hint row has hints in at least half its filled cells. Folding every title and
    # description to compare it with the hints would be the slowest part of reading, so
    # is_help_row only sees the rows that could reach half even if every filled free-text cell
    # were a hint (none, in a file without hint rows).
    could_be_hints = help_cells + text_filled >= np.maximum(2, (table_filled + 1) // 2)
    skip = (filled == 0).tolist()
    for row in np.flatnonzero(could_be_hints & (table_filled > 0)).tolist():
        skip[row] = is_help_row(body[row], columns)
    for row in np.flatnonzero(in_percent & clean).tolist():
        cost_base = values["cost_base_dkk"][row] if "cost_base_dkk" in values else None
        values["potential_dkk"][row], warning = potential_of(percents[row], cost_base)
        warnings.setdefault(row, []).append(warning)
    if "complexity" in values:
        values["complexity"] = [None if v is None else int(v) for v in values["complexity"]]
    # Rows read by read_task_row instead, which says what is wrong (a missing goal too).
    read = clean & ~np.array(skip, dtype=bool) & (goals != 0)
    usable, percent = (read & ~in_percent).tolist(), (read & in_percent).tolist()
    one_cell = (filled == 1).tolist()
    return RowScan(start, ctx, skip, one_cell, usable, percent, values, goals.tolist(), warnings)


_NUMBER_TYPES = (bool, int, float)


def _blank(values: list) -> np.ndarray:
    """:func:`is_blank` of each value, without a call per value (a test holds them equal)."""
    return np.array([v is None or (isinstance(v, str) and not v.strip()) for v in values], bool)


def _distinct(cells: tuple) -> tuple[list, np.ndarray]:
    """The column's distinct values, and each cell's position among them. 1, 1.0 and True are
    equal keys in Python, so a column holding more than one kind of number is keyed by type."""
    types = set(map(type, cells))
    if sum(t in types for t in _NUMBER_TYPES) > 1:
        keys = list(zip(map(type, cells), cells, strict=True))
        order = dict.fromkeys(keys)
        distinct = [value for _, value in order]
    else:
        keys = cells
        order = dict.fromkeys(keys)
        distinct = list(order)
    position = {key: i for i, key in enumerate(order)}
    codes = np.fromiter(map(position.__getitem__, keys), dtype=np.intp, count=len(cells))
    return distinct, codes


def _read_text_cells(column: Column, cells: tuple) -> tuple[list, np.ndarray, list, np.ndarray]:
    """What :func:`~screening.intake.cell_reader.cell_reader` gives for each cell of a free-text
    column (what the task holds, readable here?, warning), and which cells are blank: for the
    usual cells (text without direction controls, or nothing) without a call per cell."""
    plain = set(map(type, cells)) <= {str, type(None)}
    if plain and not holds_bidi_controls("\n".join(filter(None, cells))):
        stripped = [v.strip() if v is not None else "" for v in cells]
        lengths = np.fromiter(map(len, stripped), dtype=np.int64, count=len(cells))
        ok = np.ones(len(cells), dtype=bool)
        if column.required:
            ok &= lengths > 0
        if column.max_length:
            ok &= lengths <= column.max_length
        return [text or None for text in stripped], ok, [None] * len(cells), lengths == 0
    held, ok, _, warning = zip(*map(cell_reader(column), cells), strict=True)
    blank = np.array([is_blank(v) for v in cells], dtype=bool)
    return list(held), np.array(ok, dtype=bool), list(warning), blank


def _read_distinct(
    column: Column, distinct: list, shares: bool = True
) -> tuple[tuple, tuple, tuple, tuple]:
    """:func:`~screening.intake.cell_reader.cell_reader` for each distinct value of a column; a
    plain number in a number column (the usual cell) is read here without a call of its own."""
    read = cell_reader(column)
    if column.kind not in ("number", "integer"):
        return tuple(zip(*map(read, distinct), strict=True))
    low, high, whole = column.minimum, column.maximum, column.kind == "integer"
    found = []
    for value in distinct:
        if shares and column.code == "potential_dkk" and is_share(value):
            found.append((None, False, None, None))  # a share of the cost base: read_task_row
        elif type(value) is float or type(value) is int:
            number = float(value)
            fine = not (
                (low is not None and number < low)
                or (high is not None and number > high)
                or (whole and not number.is_integer())
            )
            found.append((number, True, None, None) if fine else (None, False, None, None))
        else:
            found.append(read(value))
    return tuple(zip(*found, strict=True))


_GOAL_BIT = {goal.code: 1 << i for i, goal in enumerate(GOALS)}


def _goal_bits(named: frozenset[str] | None) -> int:
    return sum(_GOAL_BIT[code] for code in named) if named else 0


@functools.lru_cache(maxsize=1 << 8)
def goal_codes(bits: int) -> tuple[str, ...]:
    return tuple(goal.code for goal in GOALS if bits & _GOAL_BIT[goal.code])
