"""Read the task rows under the header of a template's task sheet.

Each cell is parsed by its column's kind; anything interpreted rather than read as written is a
warning, anything that cannot be read is an error that holds back that row (the rule is in
:mod:`screening.intake.findings`).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from screening.intake.cell_messages import (
    error_value_shown,
    interpreted_message,
    missing_message,
    other_service_area_message,
    unknown_goals_message,
    unreadable_message,
)
from screening.intake.column_letters import column_letter
from screening.intake.findings import ERROR, WARNING, Finding
from screening.intake.parsing import (
    Parsed,
    parse_choice,
    parse_choices,
    parse_flag,
    parse_number,
)
from screening.intake.percent_potential import apply_percent, in_percent
from screening.template.spec import COLUMNS_BY_CODE, GOAL_COLUMNS, READ_COLUMNS, Column
from screening.text import (
    cell_text,
    fold,
    has_bidi_controls,
    is_blank,
    without_bidi_controls,
)
from screening.vocabulary import GOALS, OTHER_SERVICE_AREA

NOTE_MARKERS = ("nb", "note", "bemaerk", "eksempel", "obs", "husk", "kommentar")


@dataclass
class RowContext:
    file: str
    sheet: str | None
    municipality: str | None
    formulas: dict[tuple[int, str], str] = field(default_factory=dict)
    # (excel row, column letter) -> an error value stored with no formula, as the file has it
    # («#N/A», which a Danish Excel shows as «#I/T»)
    errors: dict[tuple[int, str], str] = field(default_factory=dict)
    # A potential between 0 and 1 is a share of the cost base (see percent_potential), unless
    # the header counts the potential in a larger unit («0,6 mio. kr.»).
    shares: bool = True


_HELP_TEXTS = frozenset(fold(c.help) for c in READ_COLUMNS)
_LONGEST_HELP = max(len(c.help) for c in READ_COLUMNS) + 10  # longer cells are never hints
GOAL_CODES = frozenset(c.code for c in GOAL_COLUMNS)


def is_help_row(row: list, columns: dict[int, Column]) -> bool:
    """The template's hint row, or an instruction row copied from an older template."""
    filled = matches = 0
    for i in columns:
        if i < len(row) and not is_blank(value := row[i]):
            filled += 1
            matches += _is_help_text(value)
    return filled > 0 and matches >= max(2, (filled + 1) // 2)


@functools.lru_cache(maxsize=1 << 16)
def is_help_string(text: str) -> bool:
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
                column=column_letter(index),
                header=column.header,
                value=cell_text(value) or None,
            )
        )

    goals: set[str] = set()
    percent_of_cost: tuple[int, Column, object, float] | None = None
    for index, column in columns.items():
        value = row[index] if index < len(row) else None
        formula = ctx.formulas.get((excel_row, column_letter(index))) if ctx.formulas else None
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
            # The reader sees a formula's cached result; an error (#DIV/0!) reads as blank.
            note(
                WARNING,
                index,
                column,
                value,
                f"Cellen indeholder formlen «={formula}», men den har ingen beregnet værdi "
                "(eller giver en fejl som #DIVISION/0!), så cellen er læst som tom. Skriv værdien "
                "direkte.",
            )
        error = ctx.errors.get((excel_row, column_letter(index))) if ctx.errors else None
        if error is not None:
            error = error_value_shown(error)
            note(
                WARNING,
                index,
                column,
                error,
                f"Cellen indeholder fejlværdien «{error}» (fx fra en opslagsformel, der er "
                "indsat som værdi), så den er læst som tom. Skriv værdien direkte.",
            )
        if (
            column.code == "potential_dkk"
            and (percent := in_percent(value, ctx.shares)) is not None
        ):
            percent_of_cost = (index, column, value, percent)
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
        if column.code in GOAL_CODES:
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
        apply_percent(task, percent_of_cost, note)
    if not goals and any(c.code in GOAL_CODES or c.kind == "choices" for c in columns.values()):
        goal_index = next(
            i for i, c in columns.items() if c.code in GOAL_CODES or c.kind == "choices"
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
