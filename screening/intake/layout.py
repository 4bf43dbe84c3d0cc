"""Find a task sheet's header by meaning: which rows hold it and what each column is.

Town halls write their own layouts: title lines above the header, a header over two rows with a
group cell («Økonomi», «Mål og rationale», often merged) above its sub-columns, and goals as
one Ja/Nej (or X) column per goal, headed in the sender's own words. A column is read as:

1. a template header as written (or an alias, compared by meaning);
2. a goal, when every filled cell under it is a yes/no and its header names a goal
   («Kan give økonomisk gevinst» holding Ja/Nej is the goal, not the potential);
3. a column whose header words say what it holds (see ``reader.HEADER_WORDS``), first by its
   own header, then by its group and header together.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from screening.intake.parsing import parse_flag
from screening.intake.task_rows import is_help_row
from screening.template.spec import (
    GOAL_COLUMNS,
    INSTRUCTIONS_SHEET,
    LISTS_SHEET,
    METADATA_SHEET,
    Column,
    goal_column_code,
)
from screening.text import cell_text, fold, is_blank
from screening.vocabulary import GOALS, interpret_term

# The template's sheets beside the task sheet: never a task sheet, whatever their rows look like.
_TEMPLATE_SHEETS_BUT_TASKS = frozenset(
    fold(name) for name in (INSTRUCTIONS_SHEET, METADATA_SHEET, LISTS_SHEET)
)

HEADER_SEARCH_ROWS = 15  # the header is looked for in each sheet's first rows
_GOAL_COLUMN_BY_CODE = {c.code: c for c in GOAL_COLUMNS}
# How much of a goal column's filled cells must read as yes/no (a stray remark is allowed).
_FLAG_SHARE = 0.9


@dataclass
class Layout:
    """Where a sheet's tasks are and how its columns are read."""

    sheet: str
    header_rows: tuple[int, ...]  # 0-based indexes of the rows holding the header
    labels: list[str]  # per column: its header as written (the lower row's, if two)
    groups: list[str | None]  # per column: the group cell above it, if any
    label_rows: list[int]  # per column: the row its label was read from
    columns: dict[int, Column] = field(default_factory=dict)
    goals_by_values: set[int] = field(default_factory=set)  # read as goals by what they hold

    @property
    def header_index(self) -> int:
        """The last header row: the tasks start under it."""
        return self.header_rows[-1]

    def shown_header(self, index: int) -> str:
        """The column's header as the sender wrote it, group first («Økonomi › Årsværk»)."""
        label = self.labels[index] if index < len(self.labels) else ""
        group = self.groups[index] if index < len(self.groups) else None
        return f"{group} › {label}" if group and label and group != label else label


def find_layout(
    sheets: dict[str, list[list]], preferred: str, match, hidden: frozenset[str] = frozenset()
) -> Layout | None:
    """The task sheet and its header (see :func:`task_sheets`)."""
    found = task_sheets(sheets, preferred, match, hidden)
    return found[0] if found else None


def task_sheets(
    sheets: dict[str, list[list]], preferred: str, match, hidden: frozenset[str] = frozenset()
) -> list[Layout]:
    """Every sheet whose first rows hold a header ``match`` (row -> {index: Column}) reads as a
    task sheet's, the one to read first: a visible sheet before a hidden one (an old copy kept
    out of sight), one with rows under its header before an empty one (the template left empty
    and a filled copy beside it), ``preferred`` (the template's name) before others, and then
    the one with most rows. The template's other sheets are not looked at."""
    found = []
    for name, rows in sheets.items():
        if fold(name) in _TEMPLATE_SHEETS_BUT_TASKS:
            continue
        layout = _sheet_layout(name, rows, match)
        if layout is not None:
            found.append(layout)
    if len(found) < 2:
        return found
    rows_under = {layout.sheet: rows_under_header(sheets, layout) for layout in found}
    return sorted(
        found,
        key=lambda layout: (
            layout.sheet in hidden,
            rows_under[layout.sheet] == 0,
            fold(layout.sheet) != fold(preferred),
            -rows_under[layout.sheet],
        ),
    )


def rows_under_header(sheets: dict[str, list[list]], layout: Layout) -> int:
    """How many rows under the header have anything in them but the template's hints."""
    return sum(
        1
        for row in sheets[layout.sheet][layout.header_index + 1 :]
        if any(map(_has_value, row)) and not is_help_row(row, layout.columns)
    )


def _has_value(value) -> bool:
    return not is_blank(value)


def _sheet_layout(name: str, rows: list[list], match) -> Layout | None:
    for index in range(min(len(rows), HEADER_SEARCH_ROWS)):
        for rows_used in _header_shapes(rows, index):
            layout = _layout(name, rows, rows_used, match)
            if _is_task_header(layout.columns):
                return layout
    return None


def _is_task_header(columns: dict[int, Column]) -> bool:
    # A title column and at least two more it can read; a missing column is a warning later,
    # since a town hall's own sheet seldom has them all.
    codes = {c.code for c in columns.values()}
    return "title" in codes and len(codes - {"title"}) >= 2


def _header_shapes(rows: list[list], index: int) -> list[tuple[int, ...]]:
    """The ways row ``index`` can be a header: with the row under it as its sub-headers, with
    the row above as its group row, or alone."""
    shapes = []
    if index + 1 < len(rows) and _is_sub_header(rows[index], rows[index + 1]):
        shapes.append((index, index + 1))
    if index > 0 and _is_group_row(rows[index - 1], rows[index]):
        shapes.append((index - 1, index))
    shapes.append((index,))
    return shapes


def _filled(row: list) -> list[int]:
    return [i for i, v in enumerate(row) if not is_blank(v)]


def _is_sub_header(top: list, below: list) -> bool:
    """``below`` names the sub-columns of ``top``'s group cells: text only, in at least two
    columns left blank in ``top`` (a merged cell's value sits in its first column only), and
    nothing under ``top``'s first header (where a task row has its title)."""
    filled = _filled(below)
    if len(filled) < 2 or not all(isinstance(below[i], str) for i in filled):
        return False
    top_filled = _filled(top)
    if len(top_filled) < 2 or not filled or filled[0] <= top_filled[0]:
        return False
    under_blank = [i for i in filled if i >= len(top) or is_blank(top[i])]
    return len(under_blank) >= 2


def _is_group_row(above: list, row: list) -> bool:
    """``above`` holds group names over ``row``'s headers: two or more text cells, each over a
    filled header, with blanks between them where ``row`` is filled (a title line is one cell)."""
    filled = _filled(above)
    row_filled = set(_filled(row))
    if len(filled) < 2 or not all(isinstance(above[i], str) for i in filled):
        return False
    if not set(filled) <= row_filled:
        return False
    return len(row_filled - set(filled)) >= len(filled)


def _layout(name: str, rows: list[list], rows_used: tuple[int, ...], match) -> Layout:
    if len(rows_used) == 1:
        labels = [cell_text(v) for v in rows[rows_used[0]]]
        groups: list[str | None] = [None] * len(labels)
        label_rows = [rows_used[0]] * len(labels)
    else:
        top, below = rows[rows_used[0]], rows[rows_used[1]]
        width = max(len(top), len(below))
        labels, groups, label_rows, group = [], [], [], None
        for i in range(width):
            upper = cell_text(top[i]) if i < len(top) else ""
            lower = cell_text(below[i]) if i < len(below) else ""
            if upper and not lower:  # a header over both rows (merged down), not a group
                group = None
                labels.append(upper)
                label_rows.append(rows_used[0])
            else:
                group = upper or group  # a group cell spans the sub-columns to its right
                labels.append(lower)
                label_rows.append(rows_used[1])
            groups.append(group if lower else None)
    layout = Layout(name, rows_used, labels, groups, label_rows)
    body = rows[rows_used[-1] + 1 :]
    layout.columns = _read_columns(labels, groups, body, match, layout.goals_by_values)
    return layout


def _read_columns(labels, groups, body, match, goals_by_values: set[int]) -> dict[int, Column]:
    exact = match(labels, exact_only=True)
    taken = {c.code for c in exact.values()}
    columns = dict(exact)
    for index, label in enumerate(labels):
        if index in columns or not label:
            continue
        goal = _goal_by_values(label, groups[index], body, index)
        code = goal_column_code(goal) if goal else None
        if code and code not in taken:
            columns[index] = _GOAL_COLUMN_BY_CODE[code]
            taken.add(code)
            goals_by_values.add(index)
    rest = [label if i not in columns else "" for i, label in enumerate(labels)]
    # A header that says nothing alone may with its group: «Økonomi» › «I alt kr.».
    with_group = [
        f"{groups[i]} {label}" if groups[i] and label else "" for i, label in enumerate(labels)
    ]
    for headers in (rest, with_group):
        headers = [h if i not in columns else "" for i, h in enumerate(headers)]
        for index, column in match(headers, taken=taken).items():
            # A column of Ja/Nej is no amount and no list of goals, whatever its words say.
            if column.kind in _NOT_YES_NO and _holds_yes_no(body, index):
                continue
            columns.setdefault(index, column)
            taken.add(column.code)
    return dict(sorted(columns.items()))


_NOT_YES_NO = ("number", "integer", "choices", "choice")


def _holds_yes_no(body: list[list], index: int) -> bool:
    values = {v for row in body if index < len(row) and not is_blank(v := row[index])}
    if not values:
        return False
    flags = sum(parse_flag(v).ok and parse_flag(v).value is not None for v in values)
    return flags >= _FLAG_SHARE * len(values)


def _goal_by_values(label: str, group: str | None, body: list[list], index: int) -> str | None:
    """The goal a column names, when what it holds is yes/no, one answer per task."""
    found = interpret_term(label, GOALS)
    if found is None and group:
        found = interpret_term(f"{group} {label}", GOALS)
    if found is None or not _holds_yes_no(body, index):
        return None
    return found.term.code
