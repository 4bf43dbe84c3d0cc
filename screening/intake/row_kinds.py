"""Rows under a task sheet's header that are not tasks: section headings, sums and notes.

Town halls group their tasks under headings («Teknik og Miljø»), close a block with a subtotal
and the sheet with «I alt», and write notes under the table. None of these is a task: a total
read as a task would double the municipality's figures on the gross list. Each is set aside with
a finding that says what it was taken for, so the sender sees nothing was dropped silently.

A row is set aside when:
- its first cell says it is a sum («I alt», «Total», «Sum», «Subtotal»), or it has no title and
  its amounts equal the sum of the tasks above it (of its block, or of the whole sheet);
- it holds one text and nothing else: a note when it reads like one (a marker such as «NB» or
  «*», or a sentence), else a heading when it sits in the first or the title column.
"""

from __future__ import annotations

import functools
import operator
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from screening.intake.parsing import format_number, parse_number
from screening.template.spec import Column
from screening.text import cell_text, fold, is_blank

HEADING, SUM, NOTE = "heading", "sum", "note"
AMOUNT_CODES = ("cost_base_dkk", "fte", "potential_dkk")
_SUM_WORDS = frozenset({"total", "totalt", "totaler", "sum", "summa", "subtotal", "ialt"})
_NOTE_STARTS = ("*", "†", "¹", "(1)", "1)", "kilde", "note", "nb", "obs", "bemaerk", "husk")
_HEADING_MAX_WORDS = 8


@dataclass(frozen=True)
class SetAside:
    kind: str  # HEADING, SUM or NOTE
    index: int  # the column of the cell that says so
    text: str


def is_sum_label(text: str) -> bool:
    """«I alt», «I alt Teknik og Miljø», «Total», «Sum», «Subtotal»: a label of a sum row."""
    words = fold(text[:24]).split()
    if not words:
        return False
    return words[0] in _SUM_WORDS or words[:2] == ["i", "alt"]


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
    if any(not is_blank(v) for v in row[first + 1 :]):
        return None
    if _reads_as_note(text):
        return SetAside(NOTE, first, text)
    if first <= title_index and len(text.split()) <= _HEADING_MAX_WORDS:
        return SetAside(HEADING, first, text)
    return SetAside(NOTE, first, text)


@dataclass
class Blocks:
    """The amounts of the tasks read so far: of the block since the last heading or sum, and of
    the whole sheet; a sum row is compared with both. The tasks are summed when a sum is asked
    for (most sheets ask once, at the end), in the order they were added."""

    amount_columns: dict[int, str]  # column index -> amount code
    # (tasks, code) -> each task's amount; a task is a dict unless told otherwise
    amounts_of: Callable[[list, str], list] = lambda tasks, code: [t.get(code) for t in tasks]
    tasks_in_block: int = 0
    _block: dict[str, float] = field(default_factory=dict)
    _sheet: dict[str, float] = field(default_factory=dict)
    _pending: list = field(default_factory=list)  # tasks added since the last sum

    @classmethod
    def of(cls, columns: dict[int, Column], amounts_of=None) -> Blocks:
        amount_columns = {i: c.code for i, c in columns.items() if c.code in AMOUNT_CODES}
        return cls(amount_columns, amounts_of) if amounts_of else cls(amount_columns)

    def add(self, task) -> None:
        self._pending.append(task)
        self.tasks_in_block += 1

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
        found = {}
        for index, code in self.amount_columns.items():
            if index < len(row) and not is_blank(row[index]):
                number = parse_number(row[index]).value
                if number is not None:
                    found[code] = number
        return found

    def sums_what(self, amounts: dict[str, float]) -> str | None:
        """«blok» or «ark» when ``amounts`` are the sum of the block's or the sheet's tasks."""
        if not amounts:
            return None
        for name, sums in (("blok", self.block), ("ark", self.sheet)):
            if sums and all(abs(sums.get(code, 0.0) - v) <= 0.5 for code, v in amounts.items()):
                return name
        return None

    def is_unlabelled_sum(self, row: list, title_index: int) -> bool:
        """No title, nothing but amounts, and they are the sum of the tasks above."""
        if title_index < len(row) and not is_blank(row[title_index]):
            return False
        filled = {i for i, v in enumerate(row) if not is_blank(v)}
        if not filled or not filled <= set(self.amount_columns):
            return False
        return self.sums_what(self.amounts(row)) is not None


def set_aside_message(aside: SetAside, row: list, excel_row: int, blocks: Blocks) -> str:
    """What the row was taken for, in the sender's terms (before ``blocks`` closes the block)."""
    if aside.kind == HEADING:
        return (
            f"Række {excel_row} er en overskrift og er ikke læst som en opgave; opgaverne under "
            "den har den med som gruppering."
        )
    if aside.kind == NOTE:
        return (
            f"Række {excel_row} er en note og er ikke læst som en opgave. Flyt teksten til "
            "«Bemærkninger», hvis den hører til en opgave."
        )
    message = f"Række {excel_row} er en sumrække og er ikke talt med."
    amounts = blocks.amounts(row)
    if amounts and blocks.sums_what(amounts) is None:
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
