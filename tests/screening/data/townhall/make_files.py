"""Write the town-hall evaluation sets: each municipality's screening as its staff sent it.

Two sets of municipalities outside the sample's four, each with its own config:

- ``nordjylland/`` (config/nordjylland.toml): six North Jutland municipalities, 126 task rows.
  The REPORTED set: it was written before the reader was changed and nothing was tuned on it.
- ``fyn/`` (config/fyn.toml): three Funen municipalities, 42 task rows. The TUNING set: look at
  this one while changing the reader or the matching, never at the reported one.

``tasks.txt`` in each folder holds the task rows (municipality, the section the sender grouped the
task under, title, description, true group). This script lays each municipality's rows out in the
layout its own staff use (front sheet, title lines, two-row headers with merged group cells,
section rows, subtotals and «I alt», footnotes, one Ja/Nej or X column per goal in their own
words, organisational units, amounts with a note in brackets, «delvis»), and writes beside them:

- ``truth.csv``: every row under each file's header: file, sheet, Excel row, what the row is
  (task, heading, subtotal, total, footnote), municipality, title and true group of a task;
- ``totals.csv``: the file's own «I alt» (cost base, årsværk, potential), where it has one.

The figures (cost base, årsværk, potential, goals, task type, form) are not in ``tasks.txt``:
they are drawn from the task's group and a generator seeded by its title, so a rerun gives the
same bytes. Run ``python tests/screening/data/townhall/make_files.py`` after editing; the files
are committed so the tests need no generation step.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import xlsxwriter
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font

HERE = Path(__file__).parent
CREATED = dt.datetime(2026, 12, 1, 9, 0)
GOAL_KEYS = "reasvq"  # rational, economic, specialist, vulnerability, quality, access
GOAL_LABELS = {
    "r": "Mere rationel drift",
    "e": "Økonomisk effektivisering",
    "s": "Kompetenceudnyttelse",
    "v": "Mindre sårbarhed",
    "q": "Højere kvalitet",
    "a": "Bedre adgang for borgerne",
}
# group -> goals, task type, cooperation form, authority exercise as the sender writes it
GROUPS = {
    "loen": ("ev", "Organisering", "Shared service", "Nej"),
    "bogholderi": ("re", "Processer", "Shared service", "Nej"),
    "indkoeb": ("e", "Organisering", "Fælles udbud", "Nej"),
    "jura": ("sv", "Organisering", "Netværk", "Nej"),
    "forsikring": ("e", "Processer", "Fælles udbud", "Nej"),
    "it_drift": ("rv", "Systemer", "Shared service", "Nej"),
    "gis": ("s", "Systemer", "Partnerskab", "Nej"),
    "vognpark": ("re", "Lokationer/anlæg", "Partnerskab", "Nej"),
    "vintertjeneste": ("r", "Lokationer/anlæg", "Partnerskab", "Nej"),
    "byggesag": ("sq", "Processer", "Netværk", "Ja"),
    "skadedyr": ("r", "Processer", "Partnerskab", "Delvis"),
    "vandloeb": ("r", "Lokationer/anlæg", "Partnerskab", "Delvis (regulativer)"),
    "mad": ("re", "Lokationer/anlæg", "Partnerskab", "Nej"),
    "hjaelpemidler": ("ra", "Lokationer/anlæg", "Partnerskab", "Nej"),
    "misbrug": ("sq", "Organisering", "Partnerskab", "Ja"),
    "tolk": ("e", "Processer", "Fælles udbud", "Nej"),
    "tandregulering": ("sq", "Lokationer/anlæg", "Shared service", "Nej"),
    "ppr": ("sv", "Organisering", "Netværk", "delvis - visitation bliver lokalt"),
    "plejefamilie": ("sq", "Organisering", "Partnerskab", "Ja"),
    "folkeregister": ("a", "Processer", "Netværk", "Ja"),
    "arkiv": ("s", "Organisering", "Partnerskab", "Nej"),
    "energi": ("es", "Systemer", "Partnerskab", "Nej"),
    "befordring": ("e", "Processer", "Fælles udbud", "Delvis"),
}
SINGLE = ("q", "Processer", "Netværk", "Nej")


@dataclass
class Task:
    municipality: str
    section: str
    title: str
    description: str
    group: str
    goals: str = ""
    task_type: str = ""
    form: str = ""
    authority: str = ""
    cost: int = 0
    fte: float = 0.0
    potential: int = 0
    horizon: int = 1

    def __post_init__(self) -> None:
        goals, self.task_type, self.form, self.authority = GROUPS.get(self.group, SINGLE)
        self.goals = goals
        rng = random.Random(self.title)
        self.cost = rng.randrange(8, 120) * 50_000
        self.fte = max(0.5, round(self.cost / 600_000 * 2) / 2)
        self.potential = round(self.cost * rng.choice((0.05, 0.08, 0.1, 0.12, 0.15)), -4)
        self.horizon = rng.choice((1, 2, 2, 3))


@dataclass
class Truth:
    file: str
    rows: list[dict] = field(default_factory=list)
    totals: dict | None = None

    def add(self, sheet: str, row: int, kind: str, task: Task | None = None) -> None:
        self.rows.append(
            {
                "file": self.file,
                "sheet": sheet,
                "row": row,
                "kind": kind,
                "municipality": task.municipality if task else "",
                "title": task.title if task else "",
                "group": task.group if task else "",
            }
        )

    def total(self, tasks: list[Task]) -> dict:
        self.totals = {"file": self.file, **sums(tasks)}
        return self.totals


def sums(tasks: list[Task]) -> dict:
    return {
        "cost_base_dkk": sum(t.cost for t in tasks),
        "fte": sum(t.fte for t in tasks),
        "potential_dkk": sum(t.potential for t in tasks),
    }


def read_tasks(folder: Path) -> dict[str, list[Task]]:
    by_municipality: dict[str, list[Task]] = {}
    with open(folder / "tasks.txt", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="|"):
            by_municipality.setdefault(row["municipality"], []).append(Task(**row))
    return by_municipality


def sections(tasks: list[Task]) -> list[tuple[str, list[Task]]]:
    ordered: dict[str, list[Task]] = {}
    for task in tasks:
        ordered.setdefault(task.section, []).append(task)
    return list(ordered.items())


def goal_names(task: Task) -> str:
    return ", ".join(GOAL_LABELS[g] for g in task.goals)


def amount_with_note(value: float, note: str | None) -> str | float:
    if note is None:
        return value
    text = f"{value:,.0f}".replace(",", ".")
    return f"{text} ({note})"


# --- the layouts ------------------------------------------------------------------------------


def front_and_two_row_header(path: Path, tasks: list[Task], truth: Truth) -> None:
    """A front sheet, two title lines, a header over rows 4-5 with merged «Mål og rationale» and
    «Økonomi» group cells above their sub-columns, one Ja/Nej column per goal in the sender's
    words, no service-area column (the section heading says it), a subtotal after each section,
    «I alt» at the bottom and footnotes under it."""
    municipality = tasks[0].municipality
    goal_headers = {
        "r": "Bedre drift og udnyttelse af materiel",
        "e": "Økonomisk gevinst",
        "s": "Specialistviden",
        "v": "Mindre sårbar",
        "q": "Bedre kvalitet",
        "a": "Bedre service for borgerne",
    }
    with xlsxwriter.Workbook(path) as book:
        book.set_properties({"created": CREATED})
        bold = book.add_format({"bold": True})
        front = book.add_worksheet("Forside")
        front.write(0, 0, f"{municipality} Kommune", bold)
        front.write(2, 0, "Kontaktperson")
        front.write(2, 1, "Karen Thomsen, Økonomi og Personale")
        front.write(3, 0, "Telefon")
        front.write(3, 1, "72 33 33 33")
        front.write(4, 0, "Dato")
        front.write(4, 1, "1. december 2026")
        sheet = book.add_worksheet("Screening")
        name = "Screening"
        sheet.write(0, 0, f"{municipality} Kommune – screening af mulige driftsfællesskaber", bold)
        sheet.write(1, 0, "Udfyldt af Økonomi og Personale, december 2026")
        single = ["Opgave", "Beskrivelse"]
        for c, text in enumerate(single):
            sheet.merge_range(3, c, 4, c, text, bold)
        sheet.merge_range(3, 2, 3, 7, "Mål og rationale", bold)
        for c, key in enumerate(GOAL_KEYS, start=2):
            sheet.write(4, c, goal_headers[key], bold)
        for c, text in enumerate(["Opgavetype", "Samdriftsform", "Myndighedsudøvelse"], start=8):
            sheet.merge_range(3, c, 4, c, text, bold)
        sheet.merge_range(3, 11, 3, 13, "Økonomi", bold)
        for c, text in enumerate(["Udgiftsbase (kr.)", "Årsværk", "Potentiale"], start=11):
            sheet.write(4, c, text, bold)
        r = 5
        for section, members in sections(tasks):
            sheet.write(r, 0, section, bold)
            truth.add(name, r + 1, "heading")
            r += 1
            for task in members:
                goals = ["Ja" if k in task.goals else "Nej" for k in GOAL_KEYS]
                values = [task.title, task.description, *goals, task.task_type, task.form]
                sheet.write_row(r, 0, [*values, task.authority, task.cost, task.fte])
                sheet.write(r, 13, task.potential)
                truth.add(name, r + 1, "task", task)
                r += 1
            subtotal = sums(members)
            sheet.write(r, 0, f"I alt {section}", bold)
            sheet.write_row(r, 11, list(subtotal.values()), bold)
            truth.add(name, r + 1, "subtotal")
            r += 2  # a blank row after each block
        sheet.write(r, 0, "I alt", bold)
        sheet.write_row(r, 11, list(truth.total(tasks).values())[1:], bold)
        truth.add(name, r + 1, "total")
        sheet.write(r + 2, 0, "* Udgiftsbasen er regnskab 2025 inkl. overhead.")
        truth.add(name, r + 3, "footnote")
        sheet.write(r + 3, 0, "Kilde: fagforvaltningerne, november 2026.")
        truth.add(name, r + 4, "footnote")


def ark1_goal_columns_and_units(path: Path, tasks: list[Task], truth: Truth) -> None:
    """Sheet «Ark1», title lines, the header in row 4; an organisational-unit column, one Ja/Nej
    column per goal in the sender's words (one of them speaks of economic gain), amounts with a
    note in brackets, «delvis» authority exercise, a «Total» row and a note under it."""
    goal_headers = {
        "r": "Rationel drift?",
        "e": "Kan give økonomisk gevinst",
        "s": "Udnytter specialister",
        "v": "Mindre sårbarhed",
        "q": "Højere kvalitet",
        "a": "Borgernes adgang",
    }
    headers = [
        "Opgave",
        "Beskrivelse",
        "Organisatorisk enhed",
        *goal_headers.values(),
        "Type",
        "Samdriftsform",
        "Myndighed",
        "Udgift (kr.)",
        "Årsværk",
        "Potentiale (kr.)",
        "Kontakt",
    ]
    with xlsxwriter.Workbook(path) as book:
        book.set_properties({"created": CREATED})
        bold = book.add_format({"bold": True})
        sheet = book.add_worksheet("Ark1")
        sheet.write(0, 0, "Frederikshavn Kommune", bold)
        sheet.write(1, 0, "Forslag til driftsfællesskaber – screening 2026")
        sheet.write_row(3, 0, headers, bold)
        for r, task in enumerate(tasks, start=4):
            note = "budget 2026" if r % 3 == 0 else ("skøn" if r % 5 == 0 else None)
            goals = ["Ja" if k in task.goals else "Nej" for k in GOAL_KEYS]
            cells = [
                task.title,
                task.description,
                task.section,
                *goals,
                task.task_type,
                task.form,
                task.authority,
                amount_with_note(task.cost, note),
                task.fte,
                task.potential,
                "Lars Kristensen",
            ]
            for c, value in enumerate(cells):
                sheet.write(r, c, value)
            truth.add("Ark1", r + 1, "task", task)
        r = 4 + len(tasks)
        sheet.write(r, 0, "Total", bold)
        sheet.write_row(r, 12, list(truth.total(tasks).values())[1:], bold)
        truth.add("Ark1", r + 1, "total")
        sheet.write(r + 2, 0, "Note: tallene er fra budget 2026 og afrundet.")
        truth.add("Ark1", r + 3, "footnote")


def csv_sections_and_sum(path: Path, tasks: list[Task], truth: Truth) -> None:
    """An Excel-exported Windows-1252 CSV with «;»: a title line, section rows (a heading alone
    in the first column), blank rows between blocks, a «Sum» row and footnotes."""
    sheet = path.stem
    rows: list[list] = [["Brønderslev Kommune - forslag til driftsfællesskaber"], []]
    rows.append(
        [
            "Opgave",
            "Beskrivelse",
            "Mål",
            "Opgavetype",
            "Samarbejdsform",
            "Myndighedsudøvelse",
            "Årlig udgift",
            "Årsværk",
            "Potentiale",
        ]
    )
    for section, members in sections(tasks):
        rows.append([section])
        truth.add(sheet, len(rows), "heading")
        for task in members:
            rows.append(
                [
                    task.title,
                    task.description,
                    goal_names(task),
                    task.task_type,
                    task.form,
                    task.authority,
                    f"{task.cost:,.0f}".replace(",", "."),
                    str(task.fte).replace(".", ","),
                    f"{task.potential:,.0f}".replace(",", "."),
                ]
            )
            truth.add(sheet, len(rows), "task", task)
        rows.append([])
    total = truth.total(tasks)
    rows.append(
        [
            "Sum",
            "",
            "",
            "",
            "",
            "",
            f"{total['cost_base_dkk']:,.0f}".replace(",", "."),
            str(total["fte"]).replace(".", ","),
            f"{total['potential_dkk']:,.0f}".replace(",", "."),
        ]
    )
    truth.add(sheet, len(rows), "total")
    rows.append(["* Tallene er fra regnskab 2025.\nPotentialet er et groft skøn."])
    truth.add(sheet, len(rows), "footnote")
    with open(path, "w", encoding="cp1252", newline="") as handle:
        csv.writer(handle, delimiter=";", quoting=csv.QUOTE_MINIMAL).writerows(rows)


def protected_with_merged_sections(path: Path, tasks: list[Task], truth: Truth) -> None:
    """A front sheet with contact details; the task sheet is protected, has comments, a hidden
    column and a hidden blank row, rich text in descriptions, each section heading in a cell
    merged across the whole row, an unlabelled subtotal (the sums of the rows above) after each
    section, and «I alt» at the bottom."""
    book = openpyxl.Workbook()
    front = book.active
    front.title = "Forside"
    front.append(["Jammerbugt Kommune – screening af opgaver"])
    front.append([])
    front.append(["Kontaktperson", "Peter Vestergaard"])
    front.append(["E-mail", "pv@jammerbugt.dk"])
    front.append(["Dato", dt.date(2026, 12, 1)])
    sheet = book.create_sheet("Opgaveliste")
    name = sheet.title
    headers = [
        "Opgave",
        "Intern ID",
        "Beskrivelse",
        "Mål",
        "Opgavetype",
        "Samdriftsform",
        "Myndighedsudøvelse",
        "Årlig udgiftsbase (kr.)",
        "Årsværk",
        "Skønnet potentiale (kr. pr. år)",
    ]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet["H1"].comment = Comment("Regnskab 2025, inkl. overhead", "Økonomi")
    sheet.column_dimensions["B"].hidden = True
    r = 2
    for section, members in sections(tasks):
        sheet.cell(r, 1, section).font = Font(bold=True, size=12)
        sheet.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(headers))
        sheet.cell(r, 1).alignment = Alignment(horizontal="center")
        truth.add(name, r, "heading")
        r += 1
        for i, task in enumerate(members):
            description = (
                CellRichText(TextBlock(InlineFont(b=True), "I dag: "), task.description)
                if i % 2 == 0
                else task.description
            )
            values = [
                task.title,
                f"J-{r:03d}",
                description,
                goal_names(task),
                task.task_type,
                task.form,
                task.authority,
                task.cost,
                task.fte,
                task.potential,
            ]
            for c, value in enumerate(values, start=1):
                sheet.cell(r, c, value)
            if i == 0:
                sheet.cell(r, 1).comment = Comment("Drøftet i direktionen", "PV")
            truth.add(name, r, "task", task)
            r += 1
        for c, value in enumerate(sums(members).values(), start=8):
            sheet.cell(r, c, value).font = Font(italic=True)
        truth.add(name, r, "subtotal")
        r += 1
        sheet.row_dimensions[r].hidden = True  # a hidden spacer row
        r += 1
    sheet.cell(r, 1, "I alt").font = Font(bold=True)
    for c, value in enumerate(list(truth.total(tasks).values())[1:], start=8):
        sheet.cell(r, c, value).font = Font(bold=True)
    truth.add(name, r, "total")
    sheet.protection.sheet = True
    sheet.protection.password = "jammer"
    book.properties.created = CREATED
    book.properties.modified = CREATED
    book.save(path)


def x_marks_two_row_header(path: Path, tasks: list[Task], truth: Truth) -> None:
    """A two-row header without merged cells (group names in row 1 over the first of their
    columns), goals marked with X, a «Forvaltning» column, «delvis» authority, «I alt»."""
    goal_headers = ["Drift", "Økonomi", "Specialister", "Sårbarhed", "Kvalitet", "Borgerne"]
    top = ["Opgaven", "", "", "Formål (sæt X)", "", "", "", "", ""]
    top += ["Samarbejde", "", "", "Økonomi", "", ""]
    second = ["Opgave", "Beskrivelse", "Forvaltning", *goal_headers]
    second += ["Opgavetype", "Samdriftsform", "Myndighedsudøvelse"]
    second += ["Udgiftsbase", "Årsværk", "Potentiale"]
    with xlsxwriter.Workbook(path) as book:
        book.set_properties({"created": CREATED})
        bold = book.add_format({"bold": True})
        sheet = book.add_worksheet("Opgaver")
        sheet.write_row(0, 0, top, bold)
        sheet.write_row(1, 0, second, bold)
        for r, task in enumerate(tasks, start=2):
            goals = ["X" if k in task.goals else "" for k in GOAL_KEYS]
            cells = [task.title, task.description, task.section, *goals]
            cells += [task.task_type, task.form, task.authority, task.cost, task.fte]
            cells += [task.potential]
            for c, value in enumerate(cells):
                if value != "":
                    sheet.write(r, c, value)
            truth.add("Opgaver", r + 1, "task", task)
        r = 2 + len(tasks)
        sheet.write(r, 0, "I alt", bold)
        sheet.write_row(r, 12, list(truth.total(tasks).values())[1:], bold)
        truth.add("Opgaver", r + 1, "total")


def official_template_with_total(path: Path, tasks: list[Task], truth: Truth) -> None:
    """The official template from ``screening template``, filled in, with the sender's own «I
    alt» row added under the tasks and a note under that."""
    from screening.template.spec import COLUMNS, FIRST_TASK_ROW, TASK_SHEET
    from screening.template.writer import write_template

    goal_codes = dict(
        zip(
            GOAL_KEYS,
            (
                "rational_operation",
                "economic_efficiency",
                "specialist_competence",
                "reduced_vulnerability",
                "higher_quality",
                "better_access",
            ),
            strict=True,
        )
    )
    rows = []
    for task in tasks:
        row = {
            "title": task.title,
            "description": task.description,
            "service_area": task.section,
            "task_type": task.task_type,
            "cooperation_form": task.form,
            "authority_exercise": task.authority,
            "cost_base_dkk": task.cost,
            "fte": task.fte,
            "potential_dkk": task.potential,
            "time_horizon_years": task.horizon,
        }
        for key in task.goals:
            row[f"goal_{goal_codes[key]}"] = "Ja"
        rows.append(row)
    write_template(path, tasks[0].municipality, "2026", rows)
    book = openpyxl.load_workbook(path)
    sheet = book[TASK_SHEET]
    for offset, task in enumerate(tasks):
        truth.add(TASK_SHEET, FIRST_TASK_ROW + offset, "task", task)
    r = FIRST_TASK_ROW + len(tasks)
    codes = [c.code for c in COLUMNS]
    sheet.cell(r, 1, "I alt")
    for code, value in list(truth.total(tasks).items())[1:]:
        sheet.cell(r, codes.index(code) + 1, value)
    truth.add(TASK_SHEET, r, "total")
    sheet.cell(r + 2, 1, "Tallene er fra regnskab 2025.")
    truth.add(TASK_SHEET, r + 2, "footnote")
    book.properties.created = CREATED
    book.properties.modified = CREATED
    book.save(path)


# municipality -> (file name as sent, layout)
NORDJYLLAND = {
    "Hjørring": ("Hjørring Kommune screening.xlsx", front_and_two_row_header),
    "Frederikshavn": ("frederikshavn_driftsfaellesskaber.xlsx", ark1_goal_columns_and_units),
    "Brønderslev": ("Brønderslev Kommune forslag.csv", csv_sections_and_sum),
    "Jammerbugt": ("Jammerbugt Kommune opgaveliste.xlsx", protected_with_merged_sections),
    "Vesthimmerland": ("Vesthimmerland screening 2026.xlsx", x_marks_two_row_header),
    "Rebild": ("Rebild Kommune skabelon.xlsx", official_template_with_total),
}
FYN = {
    "Assens": ("Assens Kommune screening.xlsx", front_and_two_row_header),
    "Nyborg": ("Nyborg Kommune forslag.csv", csv_sections_and_sum),
    "Kerteminde": ("Kerteminde opgaver.xlsx", protected_with_merged_sections),
}
SETS = {"nordjylland": NORDJYLLAND, "fyn": FYN}


def write_set(name: str) -> list[Path]:
    folder = HERE / name
    tasks = read_tasks(folder)
    truths, written = [], []
    for municipality, (file_name, layout) in SETS[name].items():
        truth = Truth(file_name)
        layout(folder / file_name, tasks[municipality], truth)
        truths.append(truth)
        written.append(folder / file_name)
    with open(folder / "truth.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, list(truths[0].rows[0]))
        writer.writeheader()
        for truth in truths:
            writer.writerows(truth.rows)
    with open(folder / "totals.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, ["file", "cost_base_dkk", "fte", "potential_dkk"])
        writer.writeheader()
        writer.writerows(t.totals for t in truths if t.totals)
    return written


if __name__ == "__main__":
    for set_name in SETS:
        for written_path in write_set(set_name):
            print(written_path)
