"""Rows under a task sheet's header that are not tasks: section headings, sums and notes.

Town halls group their tasks under headings («Teknik og Miljø»), close a block with a subtotal
and the sheet with «I alt», and write notes under the table. None of these is a task: a total
read as a task would double the municipality's figures on the gross list. Each is set aside with
a finding that says what it was taken for, so the sender sees nothing was dropped silently.

A row is set aside when:
- its first cell says it is a sum («I alt», «Total», «Sum», «Subtotal», «Hovedtotal», «Beløb i
  alt», «Tønder Kommune i alt»), or it has no title and another cell says so;
- it holds nothing but amounts and perhaps a label («Samlet», «Samlet for Tønder Kommune»), and
  its amounts equal the sum of the tasks above it (of its block, or of the whole sheet);
- it holds nothing but a title and amounts, and its amounts equal the sum of the rows under it
  up to the next such row (a heading carrying its block's sum, as Excel's outline puts it);
- it holds one text and nothing else: a note when it reads like one (a marker such as «NB» or
  «*», or a sentence), else a heading when it sits in the first or the title column;
- it is a line under the table: a short label ending in «:» and one more cell («Udarbejdet af:»,
  «Kilde:»), or a text and a date («Godkendt i direktionen», 12-03-2026);
- it repeats the header's labels (a second block under a copy of the header).
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from screening.intake.parsing import format_number, parse_number
from screening.template.spec import Column
from screening.text import cell_text, fold, is_blank

HEADING, SUM, NOTE = "heading", "sum", "note"
HEADER_AGAIN = "header"  # the header row written again lower down, over a second block
AMOUNT_CODES = ("cost_base_dkk", "fte", "potential_dkk")
_SUM_WORDS = frozenset(
    {"total", "totalt", "totaler", "sum", "summa", "subtotal", "ialt", "hovedtotal", "sammenlagt"}
)
# A label ending so («Beløb i alt», «Administration og IT I alt», «Grand total», «Samlet sum»)
# is a sum's when it is short; a task's title rarely ends in these words.
_SUM_ENDINGS = (["i", "alt"], ["ialt"], ["total"], ["totalt"], ["sum"])
_SUM_LABEL_MAX_WORDS = 6
_SUM_SIGNS = ("Σ", "∑")
_NOTE_STARTS = ("*", "†", "¹", "(1)", "1)", "kilde", "note", "nb", "obs", "bemaerk", "husk")
_HEADING_MAX_WORDS = 8
_LABEL_MAX_WORDS = 4


@dataclass(frozen=True)
class SetAside:
    kind: str  # HEADING, SUM or NOTE
    index: int  # the column of the cell that says so
    text: str


def is_sum_label(text: str) -> bool:
    """«I alt», «I alt Teknik og Miljø», «Total», «Sum», «Subtotal», «Hovedtotal», «Beløb i alt»,
    «Σ»: a label of a sum row."""
    if text.strip().startswith(_SUM_SIGNS):
        return True
    words = fold(text[:80]).split()
    if not words:
        return False
    if words[0] in _SUM_WORDS or words[:2] == ["i", "alt"]:
        return True
    return len(words) <= _SUM_LABEL_MAX_WORDS and any(
        words[-len(ending) :] == ending for ending in _SUM_ENDINGS
    )


def _reads_as_note(text: str) -> bool:
    folded = fold(text[:40])
    if text.lstrip().startswith(_NOTE_STARTS[:5]) or folded.startswith(_NOTE_STARTS[5:]):
        return True
    words = text.split()
    return "\n" in text.strip() or (len(words) > 4 and text.rstrip().endswith((".", ":")))


def set_aside(row: list, title_index: int) -> SetAside | None:
    """What a row is if it is not a task (see the module's rules), from its text alone; an
    unlabelled sum row needs the amounts above it (:class:`Blocks`)."""
    first = next((i for i, v in enumerate(row) if not is_blank(v)), None)
    if first is None:
        return None
    value = row[first]
    if not isinstance(value, str):
        return None
    text = cell_text(value)
    if first <= title_index and is_sum_label(text):
        return SetAside(SUM, first, text)
    others = [v for v in row[first + 1 :] if not is_blank(v)]
    if len(others) == 1 and first <= title_index and _is_footer_line(text, others[0]):
        return SetAside(NOTE, first, text)
    if others:
        return _labelled_elsewhere(row, first, title_index)
    if _reads_as_note(text):
        return SetAside(NOTE, first, text)
    if first <= title_index and len(text.split()) <= _HEADING_MAX_WORDS:
        return SetAside(HEADING, first, text)
    return SetAside(NOTE, first, text)


def _is_footer_line(label: str, other: object) -> bool:
    """«Udarbejdet af:» | «Økonomi, marts 2026», «Godkendt i direktionen» | 12-03-2026."""
    short_label = label.rstrip().endswith(":") and len(label.split()) <= _LABEL_MAX_WORDS
    return short_label or isinstance(other, dt.date | dt.time)


def repeats_header(row: list, labels: list[str]) -> bool:
    """Most of the row's filled cells hold the header's labels, each under its own (a copy of
    the header row holds them as written)."""
    filled = [i for i, v in enumerate(row) if not is_blank(v)]
    if len(filled) < 3:
        return False
    same = sum(
        1 for i in filled if i < len(labels) and labels[i] and cell_text(row[i]) == labels[i]
    )
    return same * 2 > len(filled)


def _labelled_elsewhere(row: list, first: int, title_index: int) -> SetAside | None:
    """A sum row without a title whose label is in another column («I alt» in «Beskrivelse»)."""
    if title_index < len(row) and not is_blank(row[title_index]):
        return None
    for index in range(first, len(row)):
        value = row[index]
        if isinstance(value, str) and not is_blank(value) and is_sum_label(cell_text(value)):
            return SetAside(SUM, index, cell_text(value))
    return None


@dataclass
class Blocks:
    """The amounts of the tasks read so far: of the block since the last heading or sum, and of
    the whole sheet; a sum row is compared with both. The tasks are summed when a sum is asked
    for (most sheets ask once, at the end), in the order they were added."""

    amount_columns: dict[int, str]  # column index -> amount code
    # (tasks, code) -> each task's amount; a task is a dict unless told otherwise
    amounts_of: Callable[[list, str], list] = lambda tasks, code: [t.get(code) for t in tasks]
    tasks_in_block: int = 0
    tasks_in_sheet: int = 0
    _block: dict[str, float] = field(default_factory=dict)
    _sheet: dict[str, float] = field(default_factory=dict)
    _pending: list = field(default_factory=list)  # tasks added since the last sum

    @classmethod
    def of(cls, columns: dict[int, Column], amounts_of=None) -> Blocks:
        amount_columns = {i: c.code for i, c in columns.items() if c.code in AMOUNT_CODES}
        return cls(amount_columns, amounts_of) if amounts_of else cls(amount_columns)

    def add(self, *tasks) -> None:
        self._pending.extend(tasks)
        self.tasks_in_block += len(tasks)
        self.tasks_in_sheet += len(tasks)

    @property
    def block(self) -> dict[str, float]:
        self._settle()
        return self._block

    @property
    def sheet(self) -> dict[str, float]:
        self._settle()
        return self._sheet

    def _settle(self) -> None:
        # The same additions in the same order as one task at a time, so the same sums.
        if not self._pending:
            return
        for code, times in Counter(self.amount_columns.values()).items():
            amounts = [amount or 0.0 for amount in self.amounts_of(self._pending, code)]
            if times > 1:  # two columns read as one amount: each task's counted as often
                amounts = [amount for amount in amounts for _ in range(times)]
            self._block[code] = functools.reduce(operator.add, amounts, self._block.get(code, 0.0))
            self._sheet[code] = functools.reduce(operator.add, amounts, self._sheet.get(code, 0.0))
        self._pending = []

    def close_block(self) -> None:
        self._settle()
        self._block, self.tasks_in_block = {}, 0

    def amounts(self, row: list) -> dict[str, float]:
        """The row's readable amounts, by code."""
        return _amounts(row, self.amount_columns)

    def sums_what(self, amounts: dict[str, float]) -> str | None:
        """«blok» or «ark» when ``amounts`` are the sum of the block's or the sheet's tasks."""
        if not amounts:
            return None
        for name, sums in (("blok", self.block), ("ark", self.sheet)):
            if sums and all(abs(sums.get(code, 0.0) - v) <= 0.5 for code, v in amounts.items()):
                return name
        return None

    def sum_row(self, row: list, title_index: int) -> SetAside | None:
        """A row of nothing but amounts and perhaps a label («Samlet») whose amounts are the sum
        of the tasks above: a sum row, whatever its label says."""
        filled = {i for i, v in enumerate(row) if not is_blank(v)}
        amounts = filled & set(self.amount_columns)
        labels = filled - amounts
        # The label is in the title column, or, without a title, in any one other column.
        if not amounts or len(labels) > 1 or (title_index in filled and labels != {title_index}):
            return None
        sums = self.sums_what(self.amounts(row))
        if sums is None:
            return None
        label = cell_text(row[min(labels)]) if labels else ""
        # A titled row equal to one task above is more likely a task with the same figures.
        if label and (self.tasks_in_block if sums == "blok" else self.tasks_in_sheet) < 2:
            return None
        return SetAside(SUM, min(filled), label)


def headings_with_sums(
    rows: list[list], candidates: list[int], title_index: int, amount_columns: dict[int, str]
) -> set[int]:
    """Of ``candidates`` (rows of nothing but a title and amounts), those whose amounts are the
    sum of the titled rows under them, up to the next candidate, heading, blank row or sum row."""
    found = set()
    for n, start in enumerate(candidates):
        end = candidates[n + 1] if n + 1 < len(candidates) else len(rows)
        own = _amounts(rows[start], amount_columns)
        totals: dict[str, float] = {}
        below = 0
        for row in rows[start + 1 : end]:
            title = row[title_index] if title_index < len(row) else None
            filled = sum(not is_blank(v) for v in row)
            if filled == 0 or (filled == 1 and not is_blank(title)):
                break  # a blank row or the next heading ends the block
            if is_blank(title):
                continue
            if isinstance(title, str) and is_sum_label(cell_text(title)):
                break
            below += 1
            for code, value in _amounts(row, amount_columns).items():
                totals[code] = totals.get(code, 0.0) + value
        if below >= 2 and all(abs(totals.get(code, 0.0) - v) <= 0.5 for code, v in own.items()):
            found.add(start)
    return found


def is_bare(row: list, title_index: int, amount_columns: dict[int, str]) -> bool:
    """A title and amounts, and nothing else."""
    filled = {i for i, v in enumerate(row) if not is_blank(v)}
    amounts = filled & set(amount_columns)
    return bool(amounts) and filled - amounts == {title_index}


def _amounts(row: list, amount_columns: dict[int, str]) -> dict[str, float]:
    found = {}
    for index, code in amount_columns.items():
        if index < len(row) and not is_blank(row[index]):
            number = parse_number(row[index]).value
            if number is not None:
                found[code] = number
    return found


def set_aside_message(aside: SetAside, row: list, excel_row: int, blocks: Blocks) -> str:
    """What the row was taken for, in the sender's terms (before ``blocks`` closes the block)."""
    if aside.kind == HEADING:
        message = (
            f"Række {excel_row} er en overskrift og er ikke læst som en opgave; opgaverne under "
            "den har den med som gruppering."
        )
        if blocks.amounts(row):
            message += " " + "Tallene i den er summen af opgaverne under den og er ikke talt med."
        return message
    if aside.kind == HEADER_AGAIN:
        return (
            f"Række {excel_row} gentager overskrifterne og er ikke læst som en opgave; "
            "opgaverne under den er læst med skabelonens kolonner som ovenfor."
        )
    if aside.kind == NOTE:
        return (
            f"Række {excel_row} er en note og er ikke læst som en opgave. Flyt teksten til "
            "«Bemærkninger», hvis den hører til en opgave."
        )
    message = f"Række {excel_row} er en sumrække og er ikke talt med."
    amounts = blocks.amounts(row)
    # Above the first task there is nothing to compare with.
    if amounts and (blocks.block or blocks.sheet) and blocks.sums_what(amounts) is None:
        sums = blocks.block or blocks.sheet
        differing = [
            f"{_AMOUNT_NAMES[code]} {format_number(value)} (opgaverne: "
            f"{format_number(sums.get(code, 0.0))})"
            for code, value in amounts.items()
            if abs(sums.get(code, 0.0) - value) > 0.5
        ]
        message += (
            " Dens tal svarer ikke til summen af opgaverne over den: "
            + "; ".join(differing)
            + ". Tjek, om en opgave mangler eller står to gange."
        )
    return message


_AMOUNT_NAMES = {"cost_base_dkk": "udgiftsbase", "fte": "årsværk", "potential_dkk": "potentiale"}
