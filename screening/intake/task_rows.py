"""Read the task rows under the header of a template's task sheet.

Each cell is parsed by its column's kind; anything interpreted rather than read as written is a
warning, anything that cannot be read is an error that holds back that row (the rule is in
:mod:`screening.intake.findings`).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field

import numpy as np
from xlsxwriter.utility import xl_col_to_name

from screening.intake.findings import ERROR, WARNING, Finding
from screening.intake.parsing import (
    Parsed,
    format_number,
    parse_choice,
    parse_choices,
    parse_flag,
    parse_number,
)
from screening.template.spec import COLUMNS_BY_CODE, GOAL_COLUMNS, READ_COLUMNS, Column
from screening.text import (
    BIDI_CONTROLS,
    cell_text,
    fold,
    has_bidi_controls,
    is_blank,
    without_bidi_controls,
)
from screening.vocabulary import GOALS, OTHER_SERVICE_AREA

NOTE_MARKERS = ("nb", "note", "bemaerk", "eksempel", "obs", "husk", "kommentar")
_PERCENT = re.compile(r"^\s*(ca\.?\s*)?(\d+(?:[.,]\d+)?)\s*(%|pct\.?|procent)\s*$", re.I)


@dataclass
class RowContext:
    file: str
    sheet: str | None
    municipality: str | None
    formulas: dict[tuple[int, str], str] = field(default_factory=dict)


_HELP_TEXTS = frozenset(fold(c.help) for c in READ_COLUMNS)
_LONGEST_HELP = max(len(c.help) for c in READ_COLUMNS) + 10  # longer cells are never hints
_GOAL_CODES = frozenset(c.code for c in GOAL_COLUMNS)


def is_help_row(row: list, columns: dict[int, Column]) -> bool:
    """The template's hint row, or an instruction row copied from an older template."""
    filled = matches = 0
    for i in columns:
        if i < len(row) and not is_blank(value := row[i]):
            filled += 1
            matches += _is_help_text(value)
    return filled > 0 and matches >= max(2, (filled + 1) // 2)


@functools.lru_cache(maxsize=1 << 16)
def _is_help_string(text: str) -> bool:
    # For text cells only, where the type cannot differ: an untyped cache key is the string
    # itself, several times cheaper than the (value, type) key of _is_help_text.
    return _is_help_text(text)


@functools.lru_cache(maxsize=1 << 16, typed=True)  # typed: 1 and True are different cells
def _is_help_text(value: object) -> bool:
    # Cached per distinct cell value: every task row asks this of every cell.
    return len(text := cell_text(value)) <= _LONGEST_HELP and fold(text) in _HELP_TEXTS


def is_note_row(row: list) -> bool:
    """A free-text note someone wrote between the tasks (one cell, starting like a note)."""
    filled = None
    for value in row:
        if not is_blank(value):
            if filled is not None:
                return False  # a second filled cell: a task row, not a note (the usual case)
            filled = value
    if not isinstance(filled, str):
        return False
    first_word = (fold(filled).split() or [""])[0]
    return first_word in NOTE_MARKERS


def read_task_row(row: list, excel_row: int, columns: dict[int, Column], ctx: RowContext):
    """The task in this row (or None when an error holds it back), and the row's findings."""
    task: dict = {
        "municipality": ctx.municipality,
        "source_file": ctx.file,
        "source_row": excel_row,
    }
    findings: list[Finding] = []

    def note(severity, index, column, value, message):
        findings.append(
            Finding(
                severity,
                ctx.file,
                message,
                sheet=ctx.sheet,
                row=excel_row,
                column=xl_col_to_name(index),
                header=column.header,
                value=cell_text(value) or None,
            )
        )

    goals: set[str] = set()
    percent_of_cost: tuple[int, Column, object, float] | None = None
    for index, column in columns.items():
        value = row[index] if index < len(row) else None
        formula = ctx.formulas.get((excel_row, xl_col_to_name(index))) if ctx.formulas else None
        if formula is not None and not is_blank(value):
            note(
                WARNING,
                index,
                column,
                value,
                f"Cellen indeholder formlen «={formula}»; den "
                "beregnede værdi er brugt. Skriv hellere tallet direkte.",
            )
        elif formula is not None:
            # The reader sees a formula's cached result; an error such as #DIV/0! reads as blank.
            note(
                WARNING,
                index,
                column,
                value,
                f"Cellen indeholder formlen «={formula}», men den har ingen beregnet værdi "
                "(eller giver en fejl som #DIV/0!), så cellen er læst som tom. Skriv værdien "
                "direkte.",
            )
        if column.code == "potential_dkk" and (match := _PERCENT.match(cell_text(value))):
            percent_of_cost = (index, column, value, float(match.group(2).replace(",", ".")))
            continue
        if column.kind == "choices":
            found, unknown = parse_choices(value, column.choices)
            goals.update(found)
            if unknown:
                note(WARNING, index, column, value, unknown_goals_message(unknown))
            continue
        parsed = _parse_cell_cached(column.code, type(value), value)
        if not parsed.ok:
            # Only the title is something a row cannot do without; any other cell that cannot
            # be read is left empty (or, for a service area, kept in the sender's words) and
            # the row goes on, with a warning saying so.
            if column.code == "service_area":
                task["service_area"] = OTHER_SERVICE_AREA.code
                task["service_area_written"] = cell_text(value)
                note(WARNING, index, column, value, other_service_area_message(value))
            else:
                note(WARNING, index, column, value, unreadable_message(column, value))
            continue
        if parsed.note:
            note(WARNING, index, column, value, interpreted_message(parsed.note))
        if column.code in _GOAL_CODES:
            if parsed.value:
                goals.add(column.code.removeprefix("goal_"))
            continue
        if parsed.value is None and column.required:
            severity = ERROR if column.code == "title" else WARNING
            note(severity, index, column, value, missing_message(column))
        if (
            column.max_length
            and isinstance(parsed.value, str)
            and len(parsed.value) > column.max_length
        ):
            note(
                ERROR,
                index,
                column,
                value[:60] + "…",
                f"Teksten er {len(parsed.value)} tegn; "
                f"højst {column.max_length} tegn er tilladt. Forkort den"
                + (" og flyt detaljer til «Beskrivelse»." if column.code == "title" else "."),
            )
            continue
        task[column.code] = parsed.value
    if percent_of_cost is not None:
        _apply_percent(task, percent_of_cost, note)
    if not goals and any(c.code in _GOAL_CODES or c.kind == "choices" for c in columns.values()):
        goal_index = next(
            i for i, c in columns.items() if c.code in _GOAL_CODES or c.kind == "choices"
        )
        goal_column = columns[goal_index]
        note(
            WARNING,
            goal_index,
            goal_column,
            None,
            "Der er ikke valgt et mål, så opgaven får ingen point for mål og rationale. Rækken "
            "er kommet med; skriv «Ja» i kolonnen for hvert mål, der gælder for opgaven.",
        )
    task.setdefault("service_area_written", None)
    task["goals"] = [g.code for g in GOALS if g.code in goals]
    if task.get("complexity") is not None:
        task["complexity"] = int(task["complexity"])
    if any(f.severity == ERROR for f in findings):
        return None, findings
    return task, findings


def missing_message(column: Column) -> str:
    if column.code == "title":
        return f"«{column.header}» skal udfyldes ({column.help}); rækken er holdt tilbage."
    return (
        f"«{column.header}» er ikke udfyldt ({column.help}). Rækken er kommet med; udfyld "
        "feltet, så opgaven kan sammenlignes og prioriteres."
    )


def unreadable_message(column: Column, value: object) -> str:
    return (
        f"{invalid_message(column, value)} Cellen kunne ikke læses og er regnet som tom; "
        "rækken er kommet med."
    )


def other_service_area_message(value: object) -> str:
    return (
        f"Fagområdet «{cell_text(value)}» svarer ikke til et af skabelonens fagområder. "
        f"Opgaven er kommet med under «{OTHER_SERVICE_AREA.label}» med jeres ord. Vælg et "
        "fagområde fra listen, hvis et af dem passer."
    )


def unknown_goals_message(unknown: list[str]) -> str:
    return (
        f"Disse mål blev ikke genkendt og er udeladt: {', '.join(unknown)}. "
        "Brug målene fra skabelonens liste."
    )


def interpreted_message(note: str) -> str:
    return f"Værdien er {note}. Ret cellen, hvis det ikke er det, I mente."


def _apply_percent(task: dict, percent_of_cost, note) -> None:
    index, column, value, percent = percent_of_cost
    cost_base = task.get("cost_base_dkk")
    if not cost_base:
        note(
            WARNING,
            index,
            column,
            value,
            "Potentialet er angivet i procent, men udgiftsbasen "
            "mangler, så potentialet er regnet som tomt. Udfyld «Årlig udgiftsbase (kr.)», eller "
            "skriv potentialet i kroner.",
        )
        return
    task[column.code] = cost_base * percent / 100
    note(
        WARNING,
        index,
        column,
        value,
        f"Potentialet er angivet i procent og regnet om til "
        f"{format_number(task[column.code])} kr. ({format_number(percent)} % af udgiftsbasen).",
    )


@functools.lru_cache(maxsize=1 << 15)
def _parse_cell_cached(code: str, value_type: type, value) -> Parsed:
    # Templates repeat the same values down a column (labels, "Ja", round numbers); parse each
    # distinct (column, value) once. The type is part of the key so 1 and True stay apart; the
    # column is keyed by its code, as hashing the whole column description costs more than the
    # parse it saves.
    return parse_cell(COLUMNS_BY_CODE[code], value)


# Invisible characters that reorder what follows («Affald \u202eslx.exe» reads «Affald exe.xls»).
BIDI_NOTE = (
    "læst uden usynlige tegn, der vender tekstens retning (de kan få fx «slx.exe» til at stå "
    "som «exe.xls»)"
)


def parse_cell(column: Column, value) -> Parsed:
    if column.kind == "choice":
        return parse_choice(value, column.choices)
    if column.kind == "flag":
        return parse_flag(value)
    if column.kind in ("number", "integer"):
        parsed = parse_number(value)
        if parsed.value is None:
            return parsed
        number = parsed.value
        too_low = column.minimum is not None and number < column.minimum
        too_high = column.maximum is not None and number > column.maximum
        not_whole = column.kind == "integer" and not float(number).is_integer()
        return Parsed(None, ok=False) if too_low or too_high or not_whole else parsed
    text = cell_text(value)
    if has_bidi_controls(text):
        return Parsed(without_bidi_controls(text).strip() or None, note=BIDI_NOTE)
    return Parsed(text or None)


def invalid_message(column: Column, value: object = None) -> str:
    if column.code == "function":
        return (
            "Funktionen findes ikke i kontoplanens liste. Skriv funktionens nummer (fx "
            "6.45.51) eller navn, eller vælg den fra listen."
        )
    if column.kind == "choice":
        allowed = ", ".join(f"«{t.label}»" for t in column.choices)
        return f"Værdien findes ikke på listen. Vælg en af: {allowed}."
    if column.kind == "flag":
        return "Skriv «Ja» eller «Nej»."
    bounds = ""
    if column.minimum is not None and column.maximum is not None:
        bounds = f" mellem {column.minimum:g} og {column.maximum:g}"
    elif column.minimum is not None:
        bounds = f" på mindst {column.minimum:g}"
    if isinstance(value, dt.date):
        # Danish Excel reads "7.5" as 7 May: the person typed a number and got a date.
        return (
            "Excel har gjort tallet til en dato. Skriv tallet med komma (fx 7,5), og sæt "
            "cellens format til Tal eller Standard."
        )
    if column.code == "time_horizon_years" and isinstance(value, int | float | str):
        number = parse_number(value).value
        if number is not None and 2000 <= number <= 2100:
            return (
                f"{int(number)} ligner et årstal. Skriv antal år fra beslutning til "
                "fuld effekt, fx 2."
            )
    whole = " helt" if column.kind == "integer" else ""
    example = (
        f", fx {column.help.split('fx ')[-1]}" if "fx " in column.help else f" ({column.help})"
    )
    return f"Skriv et{whole} tal{bounds}{example}."


@dataclass
class RowScan:
    """What a pass down each column tells about every row under the header, before any row is
    read one by one: rows to skip, rows that may be notes, and the task of each clean row."""

    skip: list[bool]  # blank, or the template's hint row
    one_cell: list[bool]  # exactly one filled cell: maybe a note (see is_note_row)
    # The task and its warnings, where read_task_row would find no error (nor a formula or a
    # percentage to explain); None for the rows it must read.
    clean: list[tuple[dict, list[Finding]] | None]


def scan_rows(rows: list[list], start: int, columns: dict[int, Column], ctx: RowContext):
    """Column by column, each distinct value read once: a national round has 600,000 cells
    and a handful of problems. What is known of a distinct value (blank, a hint, what the task
    holds, whether it reads cleanly, a warning) is spread to its rows by array indexing, and a
    row whose every cell reads cleanly gets its task here; any other row is read by
    :func:`read_task_row`, which reports what is wrong, so both give the same tasks and
    findings."""
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
    warnings: list[list] = [[] for _ in range(n)]
    text_filled = np.zeros(n, dtype=np.int64)
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
            for row in [row for row, w in enumerate(warning) if w is not None]:
                if ok_rows[row]:
                    warnings[row].append((index, column, cells[row], warning[row]))
            values[column.code] = held
            continue
        distinct, codes = _distinct(cells)
        blank = np.array([is_blank(v) for v in distinct], dtype=bool)[codes]
        filled += ~blank
        if column is None:
            continue
        table_filled += ~blank
        # Only text can be a hint (no hint is a number, a date or a yes/no).
        help_cells += np.array(
            [isinstance(v, str) and _is_help_string(v) for v in distinct], dtype=bool
        )[codes]
        held, ok, named, warning = _read_distinct(column, distinct)
        ok_rows = np.array(ok, dtype=bool)[codes]
        clean &= ok_rows
        warned = np.array([w is not None for w in warning], dtype=bool)
        if warned.any():
            for row in np.flatnonzero(warned[codes] & ok_rows).tolist():
                warnings[row].append((index, column, cells[row], warning[codes[row]]))
        if column.kind == "choices" or column.code in _GOAL_CODES:
            goals |= np.array([_goal_bits(g) for g in named], dtype=np.int64)[codes]
        else:
            values[column.code] = list(map(held.__getitem__, codes.tolist()))
    for excel_row, _ in ctx.formulas:
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
    tasks: list[tuple[dict, list[Finding]] | None] = [None] * n
    if "complexity" in values:
        values["complexity"] = [None if v is None else int(v) for v in values["complexity"]]
    held_rows = list(zip(*values.values(), strict=True)) if values else [()] * n
    # Rows read by read_task_row instead, which says what is wrong (a missing goal too).
    usable = clean & ~np.array(skip, dtype=bool) & (goals != 0)
    goal_bits = goals.tolist()
    for row in np.flatnonzero(usable).tolist():
        task = {
            "municipality": ctx.municipality,
            "source_file": ctx.file,
            "source_row": start + row + 1,
        }
        task.update(zip(values, held_rows[row], strict=True))
        task["goals"] = list(_goal_codes(goal_bits[row]))
        task["service_area_written"] = None  # a clean row's service area is one of ours
        findings = [
            Finding(
                WARNING,
                ctx.file,
                message,
                sheet=ctx.sheet,
                row=start + row + 1,
                column=xl_col_to_name(index),
                header=column.header,
                value=cell_text(value) or None,
            )
            for index, column, value, message in warnings[row]
        ]
        tasks[row] = (task, findings)
    return RowScan(skip, (filled == 1).tolist(), tasks)


_NUMBER_TYPES = (bool, int, float)


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
    """What :func:`_cell_reader` gives for each cell of a free-text column (what the task holds,
    readable here?, warning), and which cells are blank: for the usual cells (text without
    direction controls, or nothing) without a call per cell."""
    plain = set(map(type, cells)) <= {str, type(None)}
    if plain and not BIDI_CONTROLS.search("\n".join(filter(None, cells))):
        stripped = [v.strip() if v is not None else "" for v in cells]
        lengths = np.fromiter(map(len, stripped), dtype=np.int64, count=len(cells))
        ok = np.ones(len(cells), dtype=bool)
        if column.required:
            ok &= lengths > 0
        if column.max_length:
            ok &= lengths <= column.max_length
        return [text or None for text in stripped], ok, [None] * len(cells), lengths == 0
    held, ok, _, warning = zip(*map(_cell_reader(column), cells), strict=True)
    blank = np.array([is_blank(v) for v in cells], dtype=bool)
    return list(held), np.array(ok, dtype=bool), list(warning), blank


def _read_distinct(column: Column, distinct: list) -> tuple[tuple, tuple, tuple, tuple]:
    """:func:`_cell_reader` for each distinct value of a column; a plain number in a number
    column (the usual cell) is read here without a call of its own."""
    read = _cell_reader(column)
    if column.kind not in ("number", "integer"):
        return tuple(zip(*map(read, distinct), strict=True))
    low, high, whole = column.minimum, column.maximum, column.kind == "integer"
    found = []
    for value in distinct:
        if type(value) is float or type(value) is int:
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
def _goal_codes(bits: int) -> tuple[str, ...]:
    return tuple(goal.code for goal in GOALS if bits & _GOAL_BIT[goal.code])


@functools.lru_cache(maxsize=64)
def _cell_reader(column: Column):
    """value -> (what the task holds, readable here?, goals it names or None, warning or None).
    Not readable here: an error, a formula or a percentage, which read_task_row reports. Goal
    columns hold nothing of their own (their goals are collected), so their value is None.
    The warnings are worded as in read_task_row."""
    code = column.code

    @functools.lru_cache(maxsize=1 << 15, typed=True)
    def read(value: object) -> tuple[object, bool, frozenset[str] | None, str | None]:
        if code == "potential_dkk" and _PERCENT.match(cell_text(value)):
            return None, False, None, None
        if column.kind == "choices":
            found, unknown = parse_choices(value, column.choices)
            return None, True, frozenset(found), unknown_goals_message(unknown) if unknown else None
        parsed = parse_cell(column, value)
        if not parsed.ok:
            return None, False, None, None
        warning = interpreted_message(parsed.note) if parsed.note else None
        if code in _GOAL_CODES:
            goal = {code.removeprefix("goal_")} if parsed.value else ()
            return None, True, frozenset(goal), warning
        if parsed.value is None and column.required:
            return None, False, None, None
        too_long = (
            column.max_length
            and isinstance(parsed.value, str)
            and len(parsed.value) > column.max_length
        )
        return parsed.value, not too_long, None, warning

    return read
