"""What each distinct value of a column reads as in the column pass
(:mod:`screening.intake.row_scan`): read once per column and value for as long as the process
lives, as templates repeat the same values down a column and across a round's files."""

from __future__ import annotations

import functools

from screening.intake.cell_messages import interpreted_message, unknown_goals_message
from screening.intake.parsing import parse_choices
from screening.intake.percent_potential import PERCENT
from screening.intake.task_rows import GOAL_CODES, parse_cell
from screening.template.spec import Column
from screening.text import cell_text


@functools.lru_cache(maxsize=64)
def cell_reader(column: Column):
    """value -> (what the task holds, readable here?, goals it names or None, warning or None).
    Not readable here: an error, which read_task_row reports, or a potential in percent, read
    once the row's cost base is (see percent_potential). Goal columns hold nothing of their
    own (their goals are collected), so their value is None.
    The warnings are worded as in read_task_row."""
    code = column.code

    @functools.lru_cache(maxsize=1 << 15, typed=True)
    def read(value: object) -> tuple[object, bool, frozenset[str] | None, str | None]:
        if code == "potential_dkk" and PERCENT.match(cell_text(value)):
            return None, False, None, None
        if column.kind == "choices":
            found, unknown = parse_choices(value, column.choices)
            return None, True, frozenset(found), unknown_goals_message(unknown) if unknown else None
        parsed = parse_cell(column, value)
        if not parsed.ok:
            return None, False, None, None
        warning = interpreted_message(parsed.note) if parsed.note else None
        if code in GOAL_CODES:
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
