"""Corpus cases for the layouts town halls' own files have, and for what Excel lets a sheet hold
beside values: merged cells, comments, protection, hidden rows and columns, rich text.

Registered into :data:`corpus.CASES` when imported (test_corpus.py imports it), so every case
gets the corpus's checks: exact findings, the good rows' values, no crash in the reader or the
annotated copy. Written with openpyxl, which writes all of these the way Excel does.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import openpyxl
from corpus import (
    BUILDING,
    BUILDING_READ,
    DEPOT,
    DEPOT_READ,
    ERROR,
    HEADERS,
    HELP,
    PAYROLL,
    PAYROLL_READ,
    ROUND,
    WARNING,
    case,
    row,
)
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.comments import Comment
from xlsxwriter.utility import xl_col_to_name

from screening.template.spec import (
    COLUMNS,
    META_MUNICIPALITY,
    META_ROUND,
    METADATA_SHEET,
    TASK_SHEET,
)

COLUMN_CODES = [column.code for column in COLUMNS]


def save(path: Path, book: openpyxl.Workbook, municipality: str = "Tønder") -> Path:
    meta = book.create_sheet(METADATA_SHEET)
    meta.append([META_MUNICIPALITY, municipality])
    meta.append([META_ROUND, ROUND])
    book.save(path)
    return path


def task_sheet(rows: list[list], title: str = TASK_SHEET) -> openpyxl.Workbook:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for values in rows:
        sheet.append(values)
    return book


def amounts(cost: float, fte: float | None = None, potential: float | None = None, **cells):
    """A row holding only amounts (and whatever ``cells`` adds), in the template's columns."""
    return row({}, cost_base_dkk=cost, fte=fte, potential_dkk=potential, **cells)


@case(
    (WARNING, 3, "A"),
    (WARNING, 5, "A"),
    (WARNING, 7, "A"),
    (WARNING, 10, "M"),
    (WARNING, 11, "A"),
    (WARNING, 13, "A"),
    tasks={
        4: {**PAYROLL_READ, "section": "Økonomi og personale"},
        8: {**DEPOT_READ, "section": "Ældre og sundhed"},
        9: BUILDING_READ,
    },
    says=(
        "Række 3 er en overskrift",
        "Række 5 er en sumrække og er ikke talt med.",
        "Række 10 er en sumrække",
        "Dens tal svarer ikke til summen af opgaverne over den: udgiftsbase 9.000.000 "
        "(opgaverne: 8.900.000)",
        "Række 13 er en note",
    ),
)
def sections_sums_and_notes(folder: Path) -> Path:
    """The tasks grouped under section headings alone in column A, a subtotal «I alt» and one
    without a label (its amounts are the sum of the block above), a «Total» that does not add up
    (someone changed a figure after summing) and a footnote under the table."""
    rows = [
        HEADERS,
        HELP,
        ["Økonomi og personale"],
        row(PAYROLL),
        amounts(4_200_000, 7.5, 600_000, title="I alt"),
        [],
        ["Ældre og sundhed"],
        row(DEPOT),
        row(BUILDING),
        amounts(4_700_000, 7, 250_000),
        amounts(9_000_000, 14.5, 850_000, title="Total"),
        [],
        ["* Tallene er fra regnskab 2025."],
    ]
    return save(folder / "tønder.xlsx", task_sheet(rows))


@case(
    (WARNING, 5, "A"),
    (WARNING, 7, "A"),
    (WARNING, 8, "B"),
    tasks={3: PAYROLL_READ, 4: DEPOT_READ, 6: BUILDING_READ},
    says=(
        "Række 5 er en sumrække og er ikke talt med.",
        "Række 7 er en sumrække og er ikke talt med.",
        "Række 8 er en sumrække og er ikke talt med.",
    ),
)
def totals_labelled_in_other_words(folder: Path) -> Path:
    """Sum rows labelled as finance staff write them: a subtotal ending in «i alt», a total
    labelled «Samlet for Tønder Kommune» (no sum word, but its amounts are the sum of the tasks
    above) and a «Hovedtotal» written in the description's column, with no title."""
    rows = [
        HEADERS,
        HELP,
        row(PAYROLL),
        row(DEPOT),
        amounts(7_000_000, 11.5, 850_000, title="Løn og drift i alt"),
        row(BUILDING),
        amounts(8_900_000, 14.5, 850_000, title="Samlet for Tønder Kommune"),
        amounts(8_900_000, 14.5, 850_000, description="Hovedtotal"),
    ]
    return save(folder / "tønder.xlsx", task_sheet(rows))


@case(
    (WARNING, 3, "A"),
    (WARNING, 6, "A"),
    (WARNING, 8, "A"),
    tasks={
        4: {**PAYROLL_READ, "section": "Administration"},
        5: {**DEPOT_READ, "section": "Administration"},
        7: {**BUILDING_READ, "section": "Teknik"},
    },
    says=(
        "Række 3 er en overskrift og er ikke læst som en opgave; opgaverne under den har den med "
        "som gruppering. Tallene i den er summen af opgaverne under den og er ikke talt med.",
        "Række 6 er en overskrift og er ikke læst som en opgave; opgaverne under den har den med "
        "som gruppering.",
        "Række 8 er en sumrække og er ikke talt med.",
    ),
)
def headings_carrying_their_blocks_sums(folder: Path) -> Path:
    """Excel's outline with the summary rows above the details: a heading row carries the sum of
    the tasks under it in the amount columns, and would double them if read as a task."""
    rows = [
        HEADERS,
        HELP,
        amounts(7_000_000, 11.5, 850_000, title="Administration"),
        row(PAYROLL),
        row(DEPOT),
        ["Teknik"],
        row(BUILDING),
        amounts(8_900_000, 14.5, 850_000, title="Samlet"),
    ]
    return save(folder / "tønder.xlsx", task_sheet(rows))


def _in_units(headers: list[str], **units: str) -> list[str]:
    """The template's headers with the unit of the named amount columns changed."""
    return [units.get(code, header) for code, header in zip(COLUMN_CODES, headers, strict=True)]


@case(
    (WARNING, 1, "M"),
    (WARNING, 1, "M"),
    (WARNING, 1, "O"),
    (WARNING, 1, "O"),
    tasks={3: PAYROLL_READ, 4: DEPOT_READ},
    says=(
        "Overskriften siger, at beløbene er i tusinde kroner, så de er ganget med 1.000 og læst "
        "som kroner. Er de i hele kroner, så ret overskriften til skabelonens «Årlig "
        "udgiftsbase (kr.)».",
        "Overskriften siger, at beløbene er i millioner kroner, så de er ganget med 1.000.000",
    ),
)
def amounts_in_thousands_and_millions(folder: Path) -> Path:
    """A budget kept in thousands: the cost base's header says «(t.kr.)» and the potential's
    «(mio. kr.)», and the amounts are written in those units."""
    headers = _in_units(
        HEADERS,
        cost_base_dkk="Årlig udgiftsbase (t.kr.)",
        potential_dkk="Skønnet potentiale (mio. kr.)",
    )
    rows = [
        headers,
        HELP,
        row(PAYROLL, cost_base_dkk=4_200, potential_dkk=0.6),
        row(DEPOT, cost_base_dkk=2_800, potential_dkk=0.25),
    ]
    return save(folder / "tønder.xlsx", task_sheet(rows))


@case(
    (WARNING, 3, "O"),
    tasks={3: {**PAYROLL_READ, "potential_dkk": 420_000}, 4: DEPOT_READ},
    says="Potentialet 0,10 er læst som 10 % af udgiftsbasen og regnet om til 420.000 kr.",
)
def potential_typed_as_a_percentage(folder: Path) -> Path:
    """«10%» typed in «Skønnet potentiale»: Excel keeps 0,1 and formats the cell as percent,
    which a reader of the values alone would take for 10 øre."""
    book = task_sheet([HEADERS, HELP, row(PAYROLL, potential_dkk=0.1), row(DEPOT)])
    book.active["O3"].number_format = "0%"
    return save(folder / "tønder.xlsx", book)


@case(
    (WARNING, None, None),
    (WARNING, None, None),
    tasks={3: PAYROLL_READ, 4: DEPOT_READ},
    says=(
        "Opgaverne blev fundet på arket «Opgaver 2026» i stedet for «Opgaver».",
        "Det skjulte ark «Opgaver» har også en opgavetabel med 1 udfyldt række, som ikke er læst: "
        "kun arket «Opgaver 2026» er læst.",
    ),
)
def last_years_sheet_hidden_beside_this_years(folder: Path) -> Path:
    """Last year's «Opgaver» hidden (Format › Skjul ark) and this year's tasks on a visible
    «Opgaver 2026»: the visible sheet is read, and the hidden one is named."""
    book = task_sheet([HEADERS, HELP, row(BUILDING)])
    book.active.sheet_state = "hidden"
    this_year = book.create_sheet("Opgaver 2026")
    for values in (HEADERS, HELP, row(PAYROLL), row(DEPOT)):
        this_year.append(values)
    book.active = 1
    return save(folder / "tønder.xlsx", book)


@case(
    (WARNING, None, None),
    tasks={3: PAYROLL_READ},
    says="Arket «Opgaver Teknik» har også en opgavetabel med 2 udfyldte rækker, som ikke er læst",
)
def tasks_split_over_two_sheets(folder: Path) -> Path:
    """Each department's tasks on a sheet of its own with the template's header: one sheet is
    read, and the other is named with its rows, so no task goes missing unsaid."""
    book = task_sheet([HEADERS, HELP, row(PAYROLL)])
    other = book.create_sheet("Opgaver Teknik")
    for values in (HEADERS, HELP, row(DEPOT), row(BUILDING)):
        other.append(values)
    return save(folder / "tønder.xlsx", book)


@case(
    (WARNING, None, None),
    tasks={3: PAYROLL_READ, 4: DEPOT_READ},
    says="Opgaverne blev fundet på arket «Opgaver (2)» i stedet for «Opgaver».",
)
def filled_copy_beside_the_empty_template(folder: Path) -> Path:
    """«Flyt eller kopiér › Opret en kopi»: the tasks on «Opgaver (2)», the template's «Opgaver»
    left with its header and hints only."""
    book = task_sheet([HEADERS, HELP])
    copy = book.create_sheet("Opgaver (2)")
    for values in (HEADERS, HELP, row(PAYROLL), row(DEPOT)):
        copy.append(values)
    return save(folder / "tønder.xlsx", book)


@case(
    (WARNING, 4, "A"),
    (WARNING, 5, "A"),
    (WARNING, 8, "A"),
    (WARNING, 9, "A"),
    (WARNING, 10, "A"),
    tasks={3: PAYROLL_READ, 6: {**DEPOT_READ, "section": "Forslag fra Teknik"}},
    says=(
        "Række 5 gentager overskrifterne og er ikke læst som en opgave",
        "Række 8 er en note og er ikke læst som en opgave.",
        "Række 9 er en note og er ikke læst som en opgave.",
        "Række 10 er en note og er ikke læst som en opgave.",
    ),
)
def second_block_and_lines_under_the_table(folder: Path) -> Path:
    """A second block under a heading and a copy of the header row, and the lines a town hall
    writes under its table: who made it, the source, and when the directors approved it."""
    rows = [
        HEADERS,
        HELP,
        row(PAYROLL),
        ["Forslag fra Teknik"],
        HEADERS,
        row(DEPOT),
        [],
        ["Udarbejdet af:", "Økonomi og Personale, marts 2026"],
        ["Kilde:", "Budget 2026"],
        ["Godkendt i direktionen", datetime.date(2026, 3, 12)],
    ]
    return save(folder / "tønder.xlsx", task_sheet(rows))


@case(
    (WARNING, 3, "C"),
    (WARNING, 3, "M"),
    tasks={
        3: PAYROLL_READ,
        4: {**DEPOT_READ, "service_area": "payroll_hr", "cost_base_dkk": None},
    },
    says=(
        "Cellerne C3:C4 er flettet, så værdien er læst for rækkerne 3-4.",
        "Cellerne M3:M4 er flettet, så beløbet hører kun til række 3; de andre rækker i "
        "fletningen er læst uden beløb.",
    ),
)
def cells_merged_down_over_tasks(folder: Path) -> Path:
    """«Fagområde» merged over two tasks of the same area, which the sender sees on both rows,
    and a cost base merged over both (their sum, or the first one's: not spread)."""
    book = task_sheet(
        [HEADERS, HELP, row(PAYROLL), row(DEPOT, service_area=None, cost_base_dkk=None)]
    )
    book.active.merge_cells("C3:C4")
    book.active.merge_cells("M3:M4")
    return save(folder / "tønder.xlsx", book)


@case(
    (ERROR, None, None),
    rejected=True,
    says="Arket «Opgaver» har indhold i cellen XFD3000, langt til højre for opgavetabellen",
)
def stray_cell_far_to_the_right(folder: Path) -> Path:
    """A value typed by mistake in the sheet's last column, far below the tasks (Ctrl+→ and a
    key): read as a rectangle, the sheet would span 3,000 × 16,384 cells."""
    book = task_sheet([HEADERS, HELP, row(PAYROLL)])
    book.active["XFD3000"] = "x"
    return save(folder / "tønder.xlsx", book)


@case(
    (WARNING, 3, "M"),
    tasks={3: {**PAYROLL_READ, "cost_base_dkk": None}, 4: DEPOT_READ},
    says="Cellen indeholder fejlværdien «#I/T» (fx fra en opslagsformel, der er indsat som værdi)",
)
def error_value_pasted_as_a_value(folder: Path) -> Path:
    """A lookup's result pasted as values (Indsæt › Værdier) where the lookup failed: the cell
    holds the error «#N/A» itself, with no formula behind it."""
    book = task_sheet([HEADERS, HELP, row(PAYROLL, cost_base_dkk="#N/A"), row(DEPOT)])
    assert book.active["M3"].data_type == "e"
    return save(folder / "tønder.xlsx", book)


@case(
    (WARNING, 1, "H"),
    (WARNING, 1, "I"),
    tasks={2: {"title": "Lønadministration", "cost_base_dkk": 4_200_000, "fte": 7.5}},
    says=(
        "Kolonnen ligner også «Årlig udgiftsbase (kr.)», men kolonnen «Budget 2026 (kr.)» er læst "
        "som den, så denne er ikke læst.",
        "Kolonnen er læst som «Årlig udgiftsbase (kr.)»",
    ),
)
def a_budget_column_per_year(folder: Path) -> Path:
    """A town hall's own sheet with last year's and this year's budget side by side: this
    year's is the cost base, and last year's is named as not read."""
    header = ["Opgave", "Beskrivelse", "Fagområde", "Opgavetype", "Samdriftsform"]
    header += ["Myndighedsudøvelse", "Mål", "Budget 2025 (kr.)", "Budget 2026 (kr.)", "Årsværk"]
    task = ["Lønadministration", PAYROLL["description"], "Løn og personale", "Organisering"]
    task += ["Shared service", "Nej", "Økonomisk effektivisering", 4_000_000, 4_200_000, 7.5]
    return save(folder / "tønder.xlsx", task_sheet([header, task]))


_WITHOUT_COMPLEXITY = {k: v for k, v in PAYROLL_READ.items() if k != "complexity"}
GOAL_WORDS = ["Drift", "Kan spare penge", "Specialister", "Sårbarhed", "Kvalitet", "Borgerne"]


@case(
    *[(WARNING, 2, letter) for letter in "DEFGHI"],
    (WARNING, 3, "A"),
    tasks={
        4: {**_WITHOUT_COMPLEXITY, "section": "Administration"},
        5: {**DEPOT_READ, "section": "Administration"},
    },
    says=(
        "Kolonnen er læst som «Mål: Økonomisk effektivisering» (Ja, hvis målet gælder), fordi "
        "den har Ja/Nej ved opgaverne.",
        "Række 3 er en overskrift",
    ),
)
def merged_group_cells_over_two_header_rows(folder: Path) -> Path:
    """A header over two rows: «Mål og rationale» merged over one Ja/Nej column per goal in the
    sender's own words («Kan spare penge»), «Økonomi» merged over the amounts, the single
    columns merged down both rows, and a section heading merged across the whole row."""
    top = ["Opgave", "Beskrivelse", "Fagområde", "Mål og rationale", *[None] * 5]
    top += ["Opgavetype", "Samdriftsform", "Myndighedsudøvelse", "Økonomi", None, None]
    below = [None] * 3 + GOAL_WORDS + [None] * 3 + ["Udgiftsbase (kr.)", "Årsværk", "Potentiale"]
    book = task_sheet([top, below, ["Administration"]])
    sheet = book.active
    for letter in "ABCJKL":
        sheet.merge_cells(f"{letter}1:{letter}2")
    sheet.merge_cells("D1:I1")
    sheet.merge_cells("M1:O1")
    sheet.merge_cells("A3:O3")
    for task in (PAYROLL, DEPOT):
        values = row(task)[:15]
        goals = ["Ja" if task.get(c) == "Ja" else "Nej" for c in _GOAL_CODES]
        sheet.append([*values[:3], *goals, *values[9:15]])
    return save(folder / "tønder.xlsx", book)


_GOAL_CODES = [
    "goal_rational_operation",
    "goal_economic_efficiency",
    "goal_specialist_competence",
    "goal_reduced_vulnerability",
    "goal_higher_quality",
    "goal_better_access",
]


@case(
    tasks={
        3: {**PAYROLL_READ, "description": "I dag: Lønudbetaling, refusioner og indberetning."},
        4: DEPOT_READ,
    },
)
def comments_and_rich_text(folder: Path) -> Path:
    """Comments on the header and on task cells (the colleague's questions), and descriptions
    with a bold part in the same cell (rich text): the values are read as plain text."""
    book = task_sheet([HEADERS, HELP, row(PAYROLL), row(DEPOT)])
    sheet = book.active
    sheet["M1"].comment = Comment("Regnskab 2025", "Økonomi")
    sheet["A3"].comment = Comment("Er tallene de nyeste?", "Mette")
    sheet["B3"] = CellRichText(
        TextBlock(InlineFont(b=True), "I dag: "), "Lønudbetaling, refusioner og indberetning."
    )
    return save(folder / "tønder.xlsx", book)


@case(
    (WARNING, 1, xl_col_to_name(len(HEADERS))),
    tasks={3: PAYROLL_READ, 5: DEPOT_READ, 6: BUILDING_READ},
    says="Kolonnen genkendes ikke",
)
def protected_sheet_with_hidden_rows_and_columns(folder: Path) -> Path:
    """The task sheet is protected with a password, a column of internal notes is hidden, a
    blank spacer row is hidden, and one task sits in a row someone hid (it is still a task)."""
    rows = [
        [*HEADERS, "Intern note"],
        HELP,
        [*row(PAYROLL), "tjek"],
        [],
        row(DEPOT),
        row(BUILDING),
    ]
    book = task_sheet(rows)
    sheet = book.active
    sheet.column_dimensions[xl_col_to_name(len(HEADERS))].hidden = True
    sheet.row_dimensions[4].hidden = True
    sheet.row_dimensions[6].hidden = True
    sheet.protection.sheet = True
    sheet.protection.password = "tønder"
    return save(folder / "tønder.xlsx", book)
