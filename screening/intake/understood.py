"""What the reader understood of a file, shown before the file counts: each of the file's columns
and what it was read as (or «ikke brugt»), the rows set aside as headings, sums or notes, the
number of tasks and the economic totals as read. The sender compares it with what they meant;
the project group corrects a wrong column (see :mod:`screening.intake.column_corrections`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from screening.danish import number as danish_number
from screening.intake.column_corrections import NOT_USED
from screening.intake.row_kinds import HEADER_AGAIN, HEADING, NOTE, SUM

SET_ASIDE_NAMES = {
    HEADING: "overskrift",
    SUM: "sumrække",
    NOTE: "note",
    HEADER_AGAIN: "gentagne overskrifter",
}
# How a column came to be read as what it is.
AS_WRITTEN = "overskriften som i skabelonen"
BY_WORDS = "ud fra overskriftens ord"
BY_VALUES = "ud fra Ja/Nej i kolonnen"
CORRECTED = "rettet af projektgruppen"
SENDER = "afsenderens kommune"
TOTAL_NAMES = {
    "cost_base_dkk": "udgiftsbase (kr.)",
    "fte": "årsværk",
    "potential_dkk": "potentiale (kr.)",
}


@dataclass(frozen=True)
class ColumnReading:
    letter: str  # the column's letter in the sheet
    header: str  # as the sender wrote it, group first («Økonomi › Årsværk»)
    read_as: str  # the template's header it was read as, or «ikke brugt»
    code: str | None  # the column's code, None when not used
    how: str  # AS_WRITTEN, BY_WORDS, BY_VALUES, CORRECTED or SENDER; "" when not used


@dataclass(frozen=True)
class SetAsideRow:
    row: int  # Excel row
    kind: str  # HEADING, SUM, NOTE or HEADER_AGAIN
    text: str

    @property
    def kind_name(self) -> str:
        return SET_ASIDE_NAMES[self.kind]


@dataclass
class Understood:
    sheet: str | None
    header_rows: tuple[int, ...]  # Excel rows
    columns: list[ColumnReading] = field(default_factory=list)
    set_aside: list[SetAsideRow] = field(default_factory=list)
    tasks: int = 0
    totals: dict[str, float] = field(default_factory=dict)  # amount code -> sum of the tasks
    # (Excel row, function) proposed from a task's words where it names no function
    proposed: list[tuple[int, str]] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The reading in Danish, one line each, as ``screening validate`` prints it."""
        rows = " og ".join(str(r) for r in self.header_rows)
        where = f"arket «{self.sheet}», " if self.sheet else ""
        lines = [f"Sådan er filen læst ({where}overskrifter i række {rows}):"]
        for c in self.columns:
            how = f" ({c.how})" if c.how and c.how != AS_WRITTEN else ""
            lines.append(f"  kolonne {c.letter} «{c.header}» → {c.read_as}{how}")
        for r in self.set_aside:
            text = f" «{' '.join(r.text.split())}»" if r.text else ""
            lines.append(f"  række {r.row} er en {r.kind_name}{text} og er ikke læst som opgave")
        totals = ", ".join(
            f"{TOTAL_NAMES[code]} {danish_number(value, 0 if float(value).is_integer() else 1)}"
            for code, value in self.totals.items()
        )
        for row, function in self.proposed:
            lines.append(f"  række {row}: foreslået funktion i kontoplanen {function}")
        lines.append(f"  {self.tasks} opgaver" + (f"; i alt {totals}" if totals else ""))
        return lines


def not_used(letter: str, header: str, how: str = "") -> ColumnReading:
    return ColumnReading(letter, header, NOT_USED, None, how)
