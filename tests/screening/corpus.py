"""A corpus of messy and hostile screening files, generated on demand into a folder.

Each case is a small function that writes one file the way a real person (a colleague in a hurry,
a mail program, an old template, an attacker) produced it; its docstring says what happened. The
``@case`` decorator records what the intake must make of it:

- ``findings``: the exact findings, as (severity, Excel row, column letter), None where the
  finding names no row or column. Compared as a multiset, so one finding too many fails.
- ``rejected`` and ``says``: whether the whole file is refused, and text the user must read in
  the findings (for a refused file: in the refusing message).
- ``tasks``: every Excel row that must come through as a task, with values the user would check.
- ``sent_as``: the name a file was uploaded under, when it comes in through the inbox.

Files are written with the libraries made for them: xlsxwriter and openpyxl for .xlsx/.xlsm, the
csv module for .csv, odfpy for .ods (LibreOffice's format), zipfile for damaged zips.

Columns of the current template (1.0): A Opgave, B Beskrivelse, C Fagområde, D-I the six goals,
J Opgavetype, K Samdriftsform, L Myndighedsudøvelse, M Årlig udgiftsbase, N Årsværk,
O Skønnet potentiale, P Kompleksitet, Q Tidshorisont, R-U partners, barriers, contact, remarks,
V Funktion (kontoplan).
"""

from __future__ import annotations

import csv
import datetime as dt
import inspect
import struct
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from screening.config import ScreeningConfig, load_screening_config
from screening.intake import file_guard
from screening.template.spec import (
    COLUMNS,
    META_MUNICIPALITY,
    META_ROUND,
    META_VERSION,
    METADATA_SHEET,
    TASK_SHEET,
    TEMPLATE_VERSION,
)
from screening.template.writer import write_template
from screening.vocabulary import GOALS

CONFIG = load_screening_config()
ROUND = CONFIG.round.id
HEADERS = [c.header for c in COLUMNS]
HELP = [c.help for c in COLUMNS]

ERROR, WARNING = "error", "warning"
Expected = tuple[str, int | None, str | None]


@dataclass(frozen=True)
class Case:
    name: str
    story: str
    write: Callable[[Path], Path]
    findings: tuple[Expected, ...]
    rejected: bool = False
    says: tuple[str, ...] = ()
    tasks: Mapping[int, Mapping[str, object]] = field(default_factory=dict)
    sent_as: str | None = None
    config: ScreeningConfig = CONFIG  # the round and municipalities it is read against


CASES: list[Case] = []


def case(
    *findings: Expected,
    rejected: bool = False,
    says: str | tuple[str, ...] = (),
    tasks: Mapping[int, Mapping[str, object]] | None = None,
    sent_as: str | None = None,
    config: ScreeningConfig = CONFIG,
):
    def register(write: Callable[[Path], Path]) -> Callable[[Path], Path]:
        CASES.append(
            Case(
                name=write.__name__,
                story=inspect.getdoc(write) or "",
                write=write,
                findings=findings,
                rejected=rejected,
                says=(says,) if isinstance(says, str) else says,
                tasks=tasks or {},
                sent_as=sent_as,
                config=config,
            )
        )
        return write

    return register


# --- tasks as a person writes them (column code -> what is typed) -----------------------------

PAYROLL = {
    "title": "Lønadministration",
    "description": "Lønudbetaling, refusioner og indberetning for alle ansatte.",
    "service_area": "Løn og personale",
    "goal_economic_efficiency": "Ja",
    "goal_reduced_vulnerability": "Ja",
    "task_type": "Organisering",
    "cooperation_form": "Shared service",
    "authority_exercise": "Nej",
    "cost_base_dkk": 4_200_000,
    "fte": 7.5,
    "potential_dkk": 600_000,
    "complexity": 3,
    "time_horizon_years": 2,
    "partners": "Haderslev, Aabenraa",
    "contact": "Mette Hansen",
    "function": "6.45.51",
}
DEPOT = {
    "title": "Hjælpemiddeldepot",
    "description": "Udlån, rengøring og reparation af hjælpemidler.",
    "service_area": "Ældre og sundhed",
    "goal_rational_operation": "Ja",
    "goal_better_access": "Ja",
    "task_type": "Lokationer/anlæg",
    "cooperation_form": "Partnerskab",
    "authority_exercise": "Nej",
    "cost_base_dkk": 2_800_000,
    "fte": 4,
    "potential_dkk": 250_000,
    "complexity": 2,
    "time_horizon_years": 1,
    "function": "5.32.35",
}
BUILDING = {
    "title": "Byggesagstilsyn",
    "description": "Tilsyn med byggeprojekter og ibrugtagningstilladelser.",
    "service_area": "Teknik og miljø",
    "goal_specialist_competence": "Ja",
    "task_type": "Processer",
    "cooperation_form": "Netværk",
    "authority_exercise": "Ja",
    "cost_base_dkk": 1_900_000,
    "fte": 3,
    "complexity": 2,
    "function": "6.45.56",
}
# What the reader must make of them.
PAYROLL_READ = {
    "title": "Lønadministration",
    "municipality": "Tønder",
    "service_area": "payroll_hr",
    "goals": ["economic_efficiency", "reduced_vulnerability"],
    "task_type": "organisation",
    "cooperation_form": "shared_service",
    "authority_exercise": False,
    "cost_base_dkk": 4_200_000,
    "fte": 7.5,
    "potential_dkk": 600_000,
    "complexity": 3,
}
DEPOT_READ = {
    "title": "Hjælpemiddeldepot",
    "service_area": "elderly_health",
    "goals": ["rational_operation", "better_access"],
    "task_type": "locations",
    "cooperation_form": "partnership",
    "cost_base_dkk": 2_800_000,
}
BUILDING_READ = {
    "title": "Byggesagstilsyn",
    "task_type": "processes",
    "cooperation_form": "network",
    "authority_exercise": True,
}


def row(task: Mapping[str, object], **changes: object) -> list:
    """One task row in the current template's column order."""
    values = {**task, **changes}
    return [values.get(c.code) for c in COLUMNS]


@dataclass(frozen=True)
class Formula:
    """A formula cell with the value Excel cached when it last calculated."""

    text: str
    cached: object


STYLED_BLANK = object()  # an empty cell with a format, as Excel writes coloured empty cells


def workbook(
    path: Path,
    task_rows: list[list],
    *,
    municipality: str = "Tønder",
    screening_round: str = ROUND,
    version: str = TEMPLATE_VERSION,
    task_sheet: str = TASK_SHEET,
    metadata: bool = True,
    vba_project: Path | None = None,
    merge: tuple[str, str] | None = None,
    extra_sheets: Mapping[str, list[list]] | None = None,
) -> Path:
    """A workbook like the template: a task sheet whose first list is Excel row 1, and the
    metadata sheet «Om skabelonen». ``merge`` = (range, text) merges cells on the task sheet."""
    book = xlsxwriter.Workbook(str(path))
    bold = book.add_format({"bold": True})
    date = book.add_format({"num_format": "dd-mm-yyyy"})
    sheet = book.add_worksheet(task_sheet)
    for r, values in enumerate(task_rows):
        for c, value in enumerate(values):
            _write_cell(sheet, r, c, value, bold, date)
    if merge:
        sheet.merge_range(merge[0], merge[1], bold)
    for name, rows in (extra_sheets or {}).items():
        other = book.add_worksheet(name)
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                _write_cell(other, r, c, value, bold, date)
    if metadata:
        meta = book.add_worksheet(METADATA_SHEET)
        meta.write_string(0, 0, "Om skabelonen", bold)
        for r, (key, value) in enumerate(
            [
                (META_VERSION, version),
                (META_MUNICIPALITY, municipality),
                (META_ROUND, screening_round),
            ],
            start=2,
        ):
            meta.write_string(r, 0, key, bold)
            meta.write_string(r, 1, value)
    if vba_project:
        book.add_vba_project(str(vba_project))
    book.close()
    return path


def _write_cell(sheet, r: int, c: int, value, bold, date) -> None:
    if value is None:
        return
    if value is STYLED_BLANK:
        sheet.write_blank(r, c, None, bold)
    elif isinstance(value, Formula):
        sheet.write_formula(r, c, value.text, None, value.cached)
    elif isinstance(value, bool):
        sheet.write_boolean(r, c, value)
    elif isinstance(value, int | float):
        sheet.write_number(r, c, value)
    elif isinstance(value, dt.date):
        sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date)
    else:
        # write_string, not write: a text such as "=..." or "10 %" stays the text that was typed.
        sheet.write_string(r, c, str(value))


def template_rows(*tasks: Mapping[str, object], help_row: bool = True) -> list[list]:
    """Header row, the template's hint row, then one row per task (from Excel row 3)."""
    return [HEADERS, *([HELP] if help_row else []), *[row(t) for t in tasks]]


def official(path: Path, *tasks: Mapping[str, object], municipality: str = "Tønder") -> Path:
    """The real template from ``screening template``, filled in."""
    return write_template(path, municipality, ROUND, list(tasks))


def compound_file(streams: Mapping[str, bytes]) -> bytes:
    """An OLE2 compound file (MS-CFB version 3) with ``streams`` at its root: the container Excel
    writes for an old .xls workbook and for a password-protected workbook. Stream names are
    UTF-16LE in the directory, as Excel writes them. Each stream is padded to 4096 bytes so all
    of them live in ordinary 512-byte sectors and no mini stream is needed; at most three streams.
    """
    sector, free, end, fat_sector, no_stream = 512, 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    names = sorted(streams, key=lambda n: (len(n), n.upper()))  # the directory's sort order
    assert len(names) <= 3, "one directory sector holds the root and three streams"
    fat, body, starts, sizes = [fat_sector, end], b"", [], []
    for name in names:
        content = streams[name].ljust(4096, b"\0")
        count = -(-len(content) // sector)
        start = 2 + len(body) // sector  # sector 0 is the FAT, sector 1 the directory
        starts.append(start)
        sizes.append(len(content))
        fat += [start + i + 1 for i in range(count - 1)] + [end]
        body += content.ljust(count * sector, b"\0")
    assert len(fat) <= sector // 4
    fat += [free] * (sector // 4 - len(fat))

    def entry(name, kind, start, size, child=no_stream, left=no_stream, right=no_stream, red=False):
        encoded = name.encode("utf-16-le") + b"\0\0" if name else b""
        return struct.pack(
            "<64sHBBIII16sIQQIQ",
            encoded,
            len(encoded),
            kind,
            0 if red else 1,
            left,
            right,
            child,
            b"\0" * 16,
            0,
            0,
            0,
            start,
            size,
        )

    # A balanced tree of the streams (ids 1..n) under the root entry (id 0).
    middle = (len(names) + 1) // 2
    entries = [entry("Root Entry", 5, end, 0, child=middle if names else no_stream)]
    for index, name in enumerate(names, start=1):
        is_middle = index == middle
        entries.append(
            entry(
                name,
                2,
                starts[index - 1],
                sizes[index - 1],
                left=index - 1 if is_middle and index > 1 else no_stream,
                right=index + 1 if is_middle and index < len(names) else no_stream,
                red=not is_middle,
            )
        )
    entries += [entry("", 0, 0, 0)] * (4 - len(entries))
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        file_guard.OLE2_MAGIC,
        b"\0" * 16,
        0x003E,  # minor version
        0x0003,  # major version 3: 512-byte sectors
        0xFFFE,  # little-endian
        9,  # sector size 2**9
        6,  # mini sector size 2**6
        b"\0" * 6,
        0,  # directory sectors (always 0 in version 3)
        1,  # FAT sectors
        1,  # first directory sector
        0,  # transaction signature
        4096,  # mini stream cutoff
        end,  # first mini FAT sector: none
        0,
        end,  # first DIFAT sector: none
        0,
    ) + struct.pack("<109I", 0, *([free] * 108))
    return header + struct.pack(f"<{sector // 4}I", *fat) + b"".join(entries) + body


# --- the cases ----------------------------------------------------------------------------------


@case(tasks={3: PAYROLL_READ, 4: DEPOT_READ})
def official_template_filled_in(folder: Path) -> Path:
    """Tønder's finance officer fills in the template exactly as the project group sent it."""
    return official(folder / "tønder.xlsx", PAYROLL, DEPOT)


@case(tasks={2: PAYROLL_READ})
def headers_retyped_by_hand(folder: Path) -> Path:
    """Someone rebuilt the sheet from a printout: headers in capitals, extra spaces, line breaks,
    æ/ø/å written as ae/oe/aa and hyphens where the template has none."""
    headers = [
        "OPGAVE",
        " beskrivelse ",
        "Fagomraade",
        "maal: rationel drift",
        "Maal: Økonomisk  effektivisering",
        "MÅL: specialistkompetencer",
        "Mål - mindre sårbarhed",
        "Maal: hoejere kvalitet",
        "Mål: bedre adgang for borgerne",
        "Opgave type",
        "Samdrifts-form",
        "Myndigheds-\nudoevelse",
        "Aarlig udgiftsbase (DKK)",
        "AARSVAERK",
        "Skønnet potentiale (kr pr. år)",
        "Kompleksitet (1 - 5)",
        "Tidshorisont (aar)",
        "Relevante samarbejdskommuner",
        "Kendte barrierer",
        "Kontakt person",
        "Bemaerkninger",
    ]
    return workbook(folder / "tønder.xlsx", [headers, row(PAYROLL)])


@case(tasks={2: {**PAYROLL_READ, "goals": ["economic_efficiency"], "remarks": "Fra HR"}})
def english_headers(folder: Path) -> Path:
    """A consultant translated the headers to English for a Nordic benchmark and sent that copy;
    the goals are in one «Goals» column, the values still Danish."""
    headers = [
        "Task name",
        "Description",
        "Service area",
        "Goals",
        "Task type",
        "Cooperation form",
        "Authority exercise",
        "Annual cost (DKK)",
        "FTE",
        "Potential",
        "Complexity",
        "Comments",
    ]
    values = [
        PAYROLL["title"],
        PAYROLL["description"],
        "Løn og personale",
        "Økonomisk effektivisering",
        "Organisering",
        "Shared service",
        "Nej",
        4_200_000,
        7.5,
        600_000,
        3,
        "Fra HR",
    ]
    return workbook(folder / "tønder.xlsx", [headers, values])


OLD_HEADERS = [
    "Opgavenavn",
    "Kort beskrivelse",
    "Område",
    "Mål",
    "Type",
    "Samarbejdsform",
    "Udgiftsbase",
    "Antal årsværk",
    "Potentiale",
    "Kompleksitet",
]


def _old_row(title: str, goals: str, form: str = "Partnerskab") -> list:
    return [title, "Som beskrevet i 2014.", "Indkøb og udbud", goals, "Organisering", form]


@case(
    (WARNING, 1, None),
    tasks={
        2: {
            "title": "Fælles indkøb af kontorartikler",
            "goals": ["rational_operation", "reduced_vulnerability"],
            "cooperation_form": "partnership",
            "authority_exercise": None,
            "cost_base_dkk": 900_000,
        }
    },
    says="Kolonnen «Myndighedsudøvelse» mangler",
)
def older_template_version(folder: Path) -> Path:
    """Haderslev's 2014 paper form (template 0.9) re-used for this round: «Opgavenavn»,
    «Samarbejdsform», one «Mål» column with several goals, and no Myndighedsudøvelse column, so
    nobody has said whether the task is authority exercise."""
    values = _old_row("Fælles indkøb af kontorartikler", "rationel drift; sårbarhed")
    return workbook(
        folder / "tønder.xlsx",
        [OLD_HEADERS, [*values, 900_000, 1.5, 100_000, 2]],
        version="0.9",
    )


@case(
    (WARNING, 1, None),
    (WARNING, 4, "D"),
    (WARNING, 5, "D"),
    (WARNING, 5, "D"),
    tasks={
        2: {"goals": ["rational_operation", "reduced_vulnerability"]},
        3: {"goals": ["higher_quality", "better_access"]},
        4: {"goals": ["rational_operation"]},
        5: {"title": "Fælles energistyring", "goals": []},
    },
    says=("udeladt: grøn omstilling", "Der er ikke valgt et mål", "Rækken er kommet med"),
)
def several_goals_in_one_cell(folder: Path) -> Path:
    """In the old single «Mål» column people list goals the way they talk: with semicolons,
    «og», or a goal that is not on the list at all."""
    rows = [
        OLD_HEADERS,
        _old_row("Rammeaftaler for kontorartikler", "rationel drift; sårbarhed"),
        _old_row("Fælles vikarkorps", "Kvalitet og adgang"),
        _old_row("Fælles elbiler", "Rationel drift, grøn omstilling"),
        _old_row("Fælles energistyring", "miljø"),
    ]
    return workbook(folder / "tønder.xlsx", rows, version="0.9")


@case(
    (WARNING, 1, None),
    tasks={
        2: {"goals": ["economic_efficiency", "reduced_vulnerability"]},
        3: {"goals": ["rational_operation", "higher_quality"]},
    },
)
def goals_copied_from_the_instructions(folder: Path) -> Path:
    """The goals were copied with their full labels from the «Vejledning» sheet into the old
    «Mål» column, one per line (Alt+Enter) or with semicolons. The labels themselves contain
    «,», «/» and «og», which must not split them."""
    labels = {g.code: g.label for g in GOALS}
    rows = [
        OLD_HEADERS,
        _old_row(
            "Fælles lønkontor",
            f"{labels['economic_efficiency']}\n{labels['reduced_vulnerability']}",
        ),
        _old_row(
            "Fælles kørselskontor", f"{labels['rational_operation']}; {labels['higher_quality']}"
        ),
    ]
    return workbook(folder / "tønder.xlsx", rows, version="0.9")


@case(
    (WARNING, 4, "K"),
    (WARNING, 5, "K"),
    (WARNING, 6, "K"),
    (WARNING, 8, "K"),
    (WARNING, 8, "J"),
    tasks={
        3: {"cooperation_form": "shared_service"},
        4: {"cooperation_form": "shared_service"},
        5: {"cooperation_form": "shared_service"},
        6: {"cooperation_form": "joint_procurement"},
        7: {"cooperation_form": "joint_procurement"},
        8: {"cooperation_form": "network", "task_type": "systems"},
    },
    says="tolket som «Shared service»",
)
def cooperation_form_spelled_variously(folder: Path) -> Path:
    """Nobody used the dropdown: «Shared Service», «shared-service», «SSC», «Fællesudbud»,
    «fælles udbud», and «netvaerk» with the task type «IT-systemer». Case and spacing alone are
    no reason to warn; a different spelling is read, with a warning saying how."""
    spellings = ["Shared Service", "shared-service", "SSC", "Fællesudbud", "fælles udbud"]
    tasks = [
        {**PAYROLL, "title": f"Opgave {i}", "cooperation_form": s} for i, s in enumerate(spellings)
    ]
    network = {**PAYROLL, "title": "IT-drift", "cooperation_form": "netvaerk"}
    network["task_type"] = "IT-systemer"
    return official(folder / "tønder.xlsx", *tasks, network)


@case(
    (WARNING, 4, "M"),
    (WARNING, 5, "M"),
    (WARNING, 6, "M"),
    (WARNING, 6, "O"),
    tasks={
        3: {"cost_base_dkk": 1_250_000, "fte": 12.5, "potential_dkk": 125_000},
        4: {"cost_base_dkk": 1_250_000},
        5: {"cost_base_dkk": 1_500_000},
        6: {"cost_base_dkk": 2_000_000, "potential_dkk": 200_000},
    },
    says=("tolket som 1.500.000", "regnet om til 200.000 kr. (10 % af udgiftsbasen)"),
)
def danish_numbers_as_text(folder: Path) -> Path:
    """The number cells were formatted as text, so Excel kept what was typed: «1.250.000»,
    «1.250.000 kr.», «1,5 mio. kr.», «ca. 2 mio», «12,5» årsværk and a potential of «10 %».
    Plain Danish numbers are read as written; «kr.», «mio.» and «ca.» are read with a warning."""
    return official(
        folder / "tønder.xlsx",
        {**PAYROLL, "cost_base_dkk": "1.250.000", "fte": "12,5", "potential_dkk": "125.000"},
        {**PAYROLL, "title": "Løn 2", "cost_base_dkk": "1.250.000 kr."},
        {**PAYROLL, "title": "Løn 3", "cost_base_dkk": "1,5 mio. kr."},
        {**PAYROLL, "title": "Løn 4", "cost_base_dkk": "ca. 2 mio", "potential_dkk": "10 %"},
    )


@case(
    (WARNING, 3, "D"),
    (WARNING, 3, "F"),
    (WARNING, 4, "L"),
    tasks={
        3: {
            "goals": ["rational_operation", "economic_efficiency", "specialist_competence"],
            "authority_exercise": False,
        },
        4: {"goals": ["reduced_vulnerability", "higher_quality"], "authority_exercise": False},
        5: {"goals": ["better_access"], "authority_exercise": True},
    },
    says="tolket som «Ja»",
)
def yes_no_variants(folder: Path) -> Path:
    """Goals ticked with «x», «JA» and «✓», «nej» in lower case, «N», and Excel's own TRUE and
    FALSE from a checkbox column."""
    base = {k: v for k, v in PAYROLL.items() if not k.startswith("goal_")}
    return official(
        folder / "tønder.xlsx",
        {**base, "goal_rational_operation": "x", "goal_economic_efficiency": "JA"}
        | {"goal_specialist_competence": "✓", "authority_exercise": "nej"},
        {**base, "title": "B", "goal_reduced_vulnerability": True, "goal_higher_quality": "ja"}
        | {"goal_better_access": False, "authority_exercise": "N"},
        {**base, "title": "C", "goal_better_access": "Ja", "authority_exercise": True},
    )


@case(
    (WARNING, 5, "A"),
    (WARNING, 8, "C"),
    tasks={3: PAYROLL_READ, 6: DEPOT_READ, 10: BUILDING_READ},
    says="Rækken ligner en note",
)
def blank_and_note_rows(folder: Path) -> Path:
    """Blank rows to group the tasks, and notes written between them («NB: …», «Husk …»)."""
    rows = [
        HEADERS,
        HELP,
        row(PAYROLL),
        [],
        ["NB: tallene er fra budget 2025"],
        row(DEPOT),
        [],
        [None, None, "Husk at spørge Teknik om tallene"],
        [],
        row(BUILDING),
    ]
    return workbook(folder / "tønder.xlsx", rows)


@case(tasks={3: PAYROLL_READ, 5: DEPOT_READ})
def help_row_left_in_and_copied(folder: Path) -> Path:
    """The template's hint row is left in, and copied once more between the tasks when someone
    copied rows 1-2 to remember what goes where."""
    return workbook(folder / "tønder.xlsx", [HEADERS, HELP, row(PAYROLL), HELP, row(DEPOT)])


@case(tasks={4: PAYROLL_READ, 5: DEPOT_READ})
def title_row_added_above_headers(folder: Path) -> Path:
    """A title row was inserted above the headers in Excel and merged across the sheet."""
    path = official(folder / "tønder.xlsx", PAYROLL, DEPOT)
    book = openpyxl.load_workbook(path)
    sheet = book[TASK_SHEET]
    sheet.insert_rows(1)
    sheet["A1"] = "Screening af opgaver – Tønder Kommune, budget 2026"
    sheet.merge_cells("A1:H1")
    book.save(path)
    return path


@case(
    (ERROR, 4, "B"),
    rejected=True,
    says="Filen hedder «aabenraa_screening.xlsx», men skabelonen er udfyldt for Tønder",
)
def wrong_municipality_template(folder: Path) -> Path:
    """Aabenraa borrowed Tønder's template (it says Tønder on «Om skabelonen») and named the
    file after themselves."""
    return official(folder / "aabenraa_screening.xlsx", PAYROLL, municipality="Tønder")


@case((ERROR, 5, "B"), rejected=True, says="hører til screeningsrunde «2014»")
def template_from_another_round(folder: Path) -> Path:
    """The 2014 file from the shared drive was updated and sent again."""
    return workbook(folder / "tønder.xlsx", template_rows(PAYROLL), screening_round="2014")


@case((ERROR, 4, "B"), rejected=True, says="Kommunen «Vejle» i skabelonen er ikke en af")
def unknown_municipality(folder: Path) -> Path:
    """A neighbour outside the group (Vejle) heard about the screening and sent its tasks."""
    return workbook(folder / "vejle.xlsx", template_rows(PAYROLL), municipality="Vejle")


@case(
    (WARNING, None, None),
    tasks={3: PAYROLL_READ},
    says="Arket «Om skabelonen» mangler, så filen er læst som Tønders opgaver (ud fra filnavnet)",
)
def metadata_sheet_deleted(folder: Path) -> Path:
    """The protected metadata sheet was deleted to «clean up» the workbook; the file name still
    says Tønder."""
    return workbook(folder / "tønder.xlsx", template_rows(PAYROLL), metadata=False)


@case((ERROR, None, None), rejected=True, says="Det kan ikke ses, hvilken kommune filen kommer fra")
def metadata_sheet_deleted_and_no_name(folder: Path) -> Path:
    """The metadata sheet was deleted and the file called «opgaver.xlsx»: nothing says who sent
    it."""
    return workbook(folder / "opgaver.xlsx", template_rows(PAYROLL), metadata=False)


@case(
    (WARNING, None, None),
    tasks={2: {**PAYROLL_READ, "municipality": "Sønderborg"}},
    says="læst som Sønderborgs opgaver (ud fra filnavnet)",
)
def file_name_without_danish_letters(folder: Path) -> Path:
    """Sønderborg's own workbook, no metadata sheet, saved as «sonderborg.xlsx» by a mail
    program that drops Danish letters."""
    return workbook(folder / "sonderborg.xlsx", [HEADERS, row(PAYROLL)], metadata=False)


@case(
    (ERROR, None, None),
    rejected=True,
    says="Kolonnen «Kommune» siger Haderslev, men filen hedder «tønder.xlsx»",
)
def municipality_column_disagrees_with_file_name(folder: Path) -> Path:
    """Haderslev's rows, with a «Kommune» column saying so on every row, sent in a file named
    after Tønder: which is right cannot be told, so nothing is read."""
    rows = [["Kommune", *HEADERS], ["Haderslev Kommune", *row(PAYROLL)]]
    return workbook(folder / "tønder.xlsx", rows, metadata=False)


@case(
    (WARNING, None, None),
    tasks={2: {**PAYROLL_READ, "municipality": "Aabenraa"}},
    says="læst som Aabenraas opgaver (ud fra kolonnen «Kommune»)",
)
def municipality_column_names_the_sender(folder: Path) -> Path:
    """A file called «opgaver til screening.xlsx» without the metadata sheet, but with a
    «Kommune» column that says «Aabenraa Kommune» on every row."""
    rows = [["Kommune", *HEADERS], ["Aabenraa Kommune", *row(PAYROLL)]]
    return workbook(folder / "opgaver til screening.xlsx", rows, metadata=False)


@case(
    tasks={3: PAYROLL_READ},
)
def municipality_written_with_kommune(folder: Path) -> Path:
    """«Tønder Kommune» written on the metadata sheet instead of «Tønder»."""
    return workbook(folder / "tønder.xlsx", template_rows(PAYROLL), municipality="Tønder Kommune")


@case((ERROR, None, None), rejected=True, says="Filen er ikke et regneark")
def text_file_renamed_to_xlsx(folder: Path) -> Path:
    """Notes typed in Notepad, saved as «tønder.xlsx» to get past the upload form."""
    path = folder / "tønder.xlsx"
    path.write_text("Lønadministration; Shared service; 4,2 mio.\n", encoding="utf-8")
    return path


@case((ERROR, None, None), rejected=True, says="Filen er tom (0 byte)")
def empty_file(folder: Path) -> Path:
    """The upload broke off before any byte arrived."""
    path = folder / "tønder.xlsx"
    path.write_bytes(b"")
    return path


@case((ERROR, None, None), rejected=True, says="Filen er beskadiget")
def truncated_download(folder: Path) -> Path:
    """A real template cut off halfway by a mail gateway: it starts like an xlsx, but the zip's
    directory at the end is missing."""
    path = official(folder / "tønder.xlsx", PAYROLL)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


@case((ERROR, None, None), rejected=True, says="Filen er beskadiget")
def corrupted_in_transit(folder: Path) -> Path:
    """Bytes inside a compressed part were changed on the way (a broken USB stick): the zip's
    directory is intact, but the first part no longer decompresses."""
    path = official(folder / "tønder.xlsx", PAYROLL)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        first = archive.infolist()[0]
    assert first.compress_type == zipfile.ZIP_DEFLATED
    name_length, extra_length = struct.unpack("<HH", data[26:30])
    # 0b111: last block, block type 3, which deflate does not have.
    data[first.header_offset + 30 + name_length + extra_length] = 0x07
    path.write_bytes(bytes(data))
    return path


ENCRYPTION_INFO = (
    struct.pack("<HHI", 4, 4, 0x40) + b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
    b'<encryption xmlns="http://schemas.microsoft.com/office/2006/encryption">'
    b'<keyData saltSize="16" blockSize="16" keyBits="256" hashSize="64" '
    b'cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512"/>'
    b"</encryption>"
)


@case((ERROR, None, None), rejected=True, says="beskyttet med adgangskode")
def password_protected_workbook(folder: Path) -> Path:
    """The HR department always encrypts files with salary figures. An imitation of what Excel
    writes (msoffcrypto-tool is not installed): an OLE2 container with the streams
    «EncryptionInfo» (agile encryption, version 4.4) and «EncryptedPackage» (the 8-byte size of
    the encrypted xlsx, then its encrypted bytes), names in UTF-16LE as in Excel's directory."""
    package = struct.pack("<Q", 9_000) + bytes(range(256)) * 36
    path = folder / "tønder.xlsx"
    path.write_bytes(
        compound_file({"EncryptionInfo": ENCRYPTION_INFO, "EncryptedPackage": package})
    )
    return path


@case((ERROR, None, None), rejected=True, says="det gamle Excel-format (.xls)")
def old_xls_renamed_to_xlsx(folder: Path) -> Path:
    """An Excel 97-2003 workbook (an OLE2 container with a «Workbook» stream) renamed to .xlsx
    because the upload form only takes .xlsx."""
    biff_bof = struct.pack("<HHHH", 0x0809, 16, 0x0600, 0x0005) + b"\0" * 12
    path = folder / "tønder.xlsx"
    path.write_bytes(compound_file({"Workbook": biff_bof}))
    return path


@case((ERROR, None, None), rejected=True, says="Filtypen «.xls» kan ikke læses")
def xls_file(folder: Path) -> Path:
    """The template was saved as «Excel 97-2003-projektmappe (.xls)»."""
    path = folder / "tønder.xls"
    path.write_bytes(compound_file({"Workbook": b"\x09\x08\x10\x00\x00\x06\x05\x00"}))
    return path


@case(
    (WARNING, None, None),
    tasks={3: PAYROLL_READ},
    says="Filen indeholder makroer. De er ikke kørt",
)
def macro_enabled_workbook(folder: Path) -> Path:
    """Someone added a macro that fills in the contact person, and saved as .xlsm. The macro
    must never run; its project is a stand-in that would start a program if it did."""
    vba = folder / "vbaProject.bin"
    vba.write_bytes(
        compound_file({"PROJECT": b'ID="{00000000}"\r\nDocument=ThisWorkbook/&H00000000\r\n'})
        + b'Sub Auto_Open()\r\n    Shell "calc.exe"\r\nEnd Sub\r\n'
    )
    return workbook(folder / "tønder.xlsm", template_rows(PAYROLL), vba_project=vba)


@case(
    (WARNING, 3, "O"),
    (WARNING, 4, "O"),
    (WARNING, 5, "O"),
    tasks={
        3: {"potential_dkk": 420_000},
        4: {"potential_dkk": 280_000},
        5: {"title": "Byggesagstilsyn", "potential_dkk": None},
    },
    says=("formlen «=M3*0.1»; den beregnede værdi er brugt", "«=M5/N5/0», men den har ingen"),
)
def formula_cells(folder: Path) -> Path:
    """The potential is calculated: 10 % of the cost base. Row 4 has a coloured empty cell just
    before the formula; row 5's formula divides by zero and shows #DIV/0!."""
    rows = template_rows(
        {**PAYROLL, "potential_dkk": Formula("=M3*0.1", 420_000)},
        {**DEPOT, "fte": STYLED_BLANK, "potential_dkk": Formula("=M4*0.1", 280_000)},
        {**BUILDING, "potential_dkk": Formula("=M5/N5/0", "#DIV/0!")},
    )
    return workbook(folder / "tønder.xlsx", rows)


@case(
    (ERROR, 1, None),
    rejected=True,
    says=("«Opgave» mangler", "Overskriftscellerne A1:B1 er flettet"),
)
def merged_header_cells(folder: Path) -> Path:
    """«Opgave» and «Beskrivelse» were merged into one header cell to make it look tidier."""
    rows = template_rows(PAYROLL)
    rows[0] = [None, None, *HEADERS[2:]]
    return workbook(folder / "tønder.xlsx", rows, merge=("A1:B1", "Opgave og beskrivelse"))


@case((ERROR, None, None), rejected=True, says="Arket «Opgaver» findes ikke")
def workbook_without_task_sheet(folder: Path) -> Path:
    """The tasks were written as a list in a new sheet «Ark1», without the template's headers."""
    rows = [["Lønadministration", "Shared service"], ["Hjælpemiddeldepot", "Partnerskab"]]
    return workbook(folder / "tønder.xlsx", rows, task_sheet="Ark1")


@case(
    (WARNING, None, None),
    tasks={4: PAYROLL_READ},
    says="Opgaverne blev fundet på arket «Tønders opgaver»",
)
def task_sheet_renamed(folder: Path) -> Path:
    """The task sheet was renamed «Tønders opgaver», and a title row added above the headers."""
    rows = [["Tønder Kommune"], HEADERS, HELP, row(PAYROLL)]
    return workbook(folder / "tønder.xlsx", rows, task_sheet="Tønders opgaver")


@case(
    (ERROR, 4, "A"),
    tasks={3: PAYROLL_READ, 5: DEPOT_READ},
    says="Rækken er en gentagelse af række 3",
)
def duplicated_task_row(folder: Path) -> Path:
    """A row was pasted twice when tasks were collected from two departments."""
    return official(folder / "tønder.xlsx", PAYROLL, PAYROLL, DEPOT)


@case(
    (WARNING, 4, "A"),
    tasks={3: {"title": "Lønadministration"}, 4: {"title": "Lønadministration", "fte": 2}},
    says="Opgaven har samme navn som række 3",
)
def same_title_different_content(folder: Path) -> Path:
    """Two different tasks both called «Lønadministration» (pay for teachers, pay for the rest)."""
    return official(folder / "tønder.xlsx", PAYROLL, {**PAYROLL, "fte": 2})


@case(
    (ERROR, 3, "A"),
    tasks={4: DEPOT_READ},
    says="Teksten er 171 tegn; højst 150 tegn er tilladt",
)
def overlong_title(folder: Path) -> Path:
    """The whole description was pasted into the task name."""
    title = ("Lønadministration med refusioner og indberetning til eIndkomst; " * 3)[:171]
    return official(folder / "tønder.xlsx", {**PAYROLL, "title": title}, DEPOT)


@case(
    (ERROR, None, None),
    rejected=True,
    says="Filen har 6000 opgaverækker (række 3 til 6002); grænsen er 5000 opgaver pr. fil",
)
def far_too_many_rows(folder: Path) -> Path:
    """An export from the finance system with every account line (6,000 rows) pasted into the
    task sheet. Refused before the rows are read into tasks, with the real number of rows."""
    assert file_guard.MAX_TASK_ROWS == 5_000
    rows = [row(PAYROLL, title=f"Konto {i}") for i in range(6_000)]
    return workbook(folder / "tønder.xlsx", [HEADERS, HELP, *rows])


@case((ERROR, None, None), rejected=True, says="mulig «zip-bombe»")
def zip_bomb(folder: Path) -> Path:
    """A file built to exhaust memory: an xlsx-like zip whose sheet unpacks from 50 KB to 50 MB
    of zeros. Refused on the zip directory's sizes, before anything is unpacked."""
    path = folder / "tønder.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook/>')
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            for _ in range(50):
                member.write(bytes(1024 * 1024))
    return path


def _ods(path: Path, sheets: Mapping[str, list[list]]) -> Path:
    """A real OpenDocument spreadsheet, as LibreOffice Calc saves it, written with odfpy."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    for name, rows in sheets.items():
        table = Table(name=name)
        for values in rows:
            table_row = TableRow()
            for value in values:
                if isinstance(value, int | float) and not isinstance(value, bool):
                    cell = TableCell(valuetype="float", value=value)
                    cell.addElement(P(text=str(value)))
                else:
                    cell = TableCell(valuetype="string")
                    if value not in (None, ""):
                        cell.addElement(P(text=str(value)))
                table_row.addElement(cell)
            table.addElement(table_row)
        document.spreadsheet.addElement(table)
    document.save(str(path))
    return path


@case(tasks={3: PAYROLL_READ, 4: DEPOT_READ})
def ods_from_libreoffice(folder: Path) -> Path:
    """Tønder's officer opened the template in LibreOffice Calc and saved it in its own format,
    .ods, with the task sheet and the metadata sheet intact."""
    metadata = [
        ["Om skabelonen"],
        [],
        [META_VERSION, TEMPLATE_VERSION],
        [META_MUNICIPALITY, "Tønder"],
        [META_ROUND, ROUND],
    ]
    return _ods(
        folder / "tønder.ods",
        {TASK_SHEET: template_rows(PAYROLL, DEPOT), METADATA_SHEET: metadata},
    )


@case(tasks={3: PAYROLL_READ, 4: DEPOT_READ})
def ods_saved_under_an_xlsx_name(folder: Path) -> Path:
    """Saved from LibreOffice as .ods, then renamed .xlsx by hand so the upload would take it:
    read by what the file holds, not by its name."""
    ods = ods_from_libreoffice(folder)
    return ods.rename(folder / "tønder.xlsx")


@case(tasks={3: PAYROLL_READ, 4: DEPOT_READ})
def xlsx_saved_under_an_ods_name(folder: Path) -> Path:
    """The template filled in Excel and renamed .ods: read as the .xlsx it is."""
    return official_template_filled_in(folder).rename(folder / "tønder.ods")


def _csv(path: Path, rows: list[list], encoding: str, delimiter: str) -> Path:
    with open(path, "w", encoding=encoding, newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


@case(
    (WARNING, None, None),
    tasks={
        2: {**PAYROLL_READ, "fte": 7.5, "partners": "Haderslev, Aabenraa"},
        3: {**DEPOT_READ, "potential_dkk": 250_000.5},
    },
    says="CSV-filen er læst som Tønders skabelon",
)
def csv_utf8_semicolons(folder: Path) -> Path:
    """Saved from Danish Excel as «CSV UTF-8 (semikolonsepareret)»: a byte-order mark, «;»
    between fields and decimal commas («7,5»; «250.000,50»)."""
    rows = [
        HEADERS,
        row(PAYROLL, fte="7,5"),
        row(DEPOT, potential_dkk="250.000,50"),
    ]
    return _csv(folder / "Tønder.csv", rows, "utf-8-sig", ";")


@case(
    (WARNING, None, None),
    tasks={
        2: {**PAYROLL_READ, "municipality": "Haderslev", "fte": 7.5},
        3: {**DEPOT_READ, "description": "Udlån, rengøring og reparation af hjælpemidler."},
    },
    says="CSV-filen er læst som Haderslevs skabelon",
)
def csv_windows1252_commas(folder: Path) -> Path:
    """Exported by an old script in Windows-1252 with «,» between fields; the fields that hold
    a comma themselves («7,5», «Haderslev, Aabenraa») are quoted."""
    rows = [HEADERS, row(PAYROLL, fte="7,5"), row(DEPOT)]
    return _csv(folder / "haderslev-opgaver.csv", rows, "cp1252", ",")


@case(
    (WARNING, None, None),
    tasks={2: {**PAYROLL_READ, "fte": 7.5}, 3: DEPOT_READ},
    says="CSV-filen er læst som Tønders skabelon",
)
def csv_unicode_text_with_tabs(folder: Path) -> Path:
    """Saved from Excel as «Unicode-tekst» and renamed .csv: UTF-16 with a byte-order mark and
    tabs between fields."""
    rows = [HEADERS, row(PAYROLL, fte="7,5"), row(DEPOT)]
    return _csv(folder / "tønder.csv", rows, "utf-16", "\t")


@case(
    (WARNING, None, None),
    tasks={2: {**PAYROLL_READ, "fte": 7.5}, 3: DEPOT_READ},
    says="CSV-filen er læst som Tønders skabelon",
)
def csv_with_old_mac_line_ends(folder: Path) -> Path:
    """Exported by an old Mac program: a «\\r» alone at the end of each line."""
    path = folder / "tønder.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=";", lineterminator="\r").writerows(
            [HEADERS, row(PAYROLL, fte="7,5"), row(DEPOT)]
        )
    return path


@case((ERROR, None, None), rejected=True, says="En CSV-fil har ingen oplysninger om afsenderen")
def csv_without_municipality_in_name(folder: Path) -> Path:
    """A CSV called «opgaver.csv»: nothing in it says which municipality sent it."""
    return _csv(folder / "opgaver.csv", [HEADERS, row(PAYROLL)], "utf-8", ";")


@case((ERROR, None, None), rejected=True, says="Tegnene i CSV-filen kan ikke læses")
def csv_in_unknown_encoding(folder: Path) -> Path:
    """A CSV from a Mac program in an old encoding: bytes that are neither UTF-8 nor
    Windows-1252 (0x81, 0x8D)."""
    path = folder / "tønder.csv"
    path.write_bytes(";".join(HEADERS[:3]).encode("cp1252") + b"\r\nL\x81n;\x8d;x\r\n")
    return path


@case(
    (WARNING, 1, xl_col_to_name(len(HEADERS))),
    tasks={3: PAYROLL_READ},
    says="Kolonnen genkendes ikke",
)
def unknown_extra_column(folder: Path) -> Path:
    """An extra column «Afdeling» was added after the template's last column."""
    rows = template_rows(PAYROLL)
    rows[0] = [*HEADERS, "Afdeling"]
    rows[2] = [*rows[2], "Løn og Personale"]
    return workbook(folder / "tønder.xlsx", rows)


@case(
    (WARNING, 4, "J"),
    tasks={3: PAYROLL_READ, 4: {**BUILDING_READ, "task_type": None}, 5: DEPOT_READ},
    says=(
        "Værdien findes ikke på listen. Vælg en af: «Processer»",
        "regnet som tom; rækken er kommet med",
    ),
)
def invalid_vocabulary_value(folder: Path) -> Path:
    """One task type typed as «Outsourcing», which is not one of the four task types."""
    return official(
        folder / "tønder.xlsx", PAYROLL, {**BUILDING, "task_type": "Outsourcing"}, DEPOT
    )


@case(
    (WARNING, 3, "B"),
    (WARNING, 4, "L"),
    tasks={
        3: {**PAYROLL_READ, "description": None},
        4: {**BUILDING_READ, "authority_exercise": None},
        5: DEPOT_READ,
    },
    says=(
        "«Beskrivelse» er ikke udfyldt",
        "«Myndighedsudøvelse» er ikke udfyldt (Ja eller Nej)",
    ),
)
def required_field_missing(folder: Path) -> Path:
    """The description was left for later, and another row has no answer on authority."""
    return official(
        folder / "tønder.xlsx",
        {**PAYROLL, "description": None},
        {**BUILDING, "authority_exercise": None},
        DEPOT,
    )


@case(
    (WARNING, 3, "P"),
    (WARNING, 4, "P"),
    tasks={
        3: {**PAYROLL_READ, "complexity": None},
        4: {**BUILDING_READ, "complexity": None},
        5: DEPOT_READ,
    },
    says="Skriv et helt tal mellem 1 og 5",
)
def complexity_out_of_range(folder: Path) -> Path:
    """Complexity rated 7 «because it is really hard», and «2,5» as a compromise."""
    return official(
        folder / "tønder.xlsx",
        {**PAYROLL, "complexity": 7},
        {**BUILDING, "complexity": "2,5"},
        DEPOT,
    )


@case(
    (WARNING, 3, "M"),
    tasks={3: {**PAYROLL_READ, "cost_base_dkk": None}, 4: DEPOT_READ},
    says="Skriv et tal på mindst 0",
)
def negative_cost_base(folder: Path) -> Path:
    """The cost base copied from the accounts with its sign: income is negative there."""
    return official(folder / "tønder.xlsx", {**PAYROLL, "cost_base_dkk": -4_200_000}, DEPOT)


@case(
    (WARNING, 3, "O"),
    tasks={3: {**PAYROLL_READ, "cost_base_dkk": None, "potential_dkk": None}, 4: DEPOT_READ},
    says="Potentialet er angivet i procent, men udgiftsbasen mangler",
)
def percent_potential_without_cost_base(folder: Path) -> Path:
    """The potential is «10 %», but nobody knew the cost base, so 10 % of nothing."""
    return official(
        folder / "tønder.xlsx",
        {**PAYROLL, "cost_base_dkk": None, "potential_dkk": "10 %"},
        DEPOT,
    )


@case(
    (WARNING, 3, "N"),
    tasks={3: {**PAYROLL_READ, "fte": None}, 4: DEPOT_READ},
    says="Excel har gjort tallet til en dato",
)
def excel_turned_number_into_date(folder: Path) -> Path:
    """«7.5» typed in a Danish Excel became the date 7 May: the årsværk cell holds a date."""
    rows = template_rows({**PAYROLL, "fte": dt.date(2026, 5, 7)}, DEPOT)
    return workbook(folder / "tønder.xlsx", rows)


@case(
    (WARNING, None, None),
    tasks={3: PAYROLL_READ},
    sent_as="..\\..\\Tønder: skabelon?.XLSX",
    says="Filnavnet «..\\..\\Tønder: skabelon?.XLSX» indeholdt tegn",
)
def odd_file_name_through_inbox(folder: Path) -> Path:
    """Uploaded from a Windows browser that sent the whole path, with a colon and a question
    mark in the name. The archived name is safe; the original is kept in the receipt log."""
    return official(folder / "upload.xlsx", PAYROLL)


@case(
    (ERROR, None, None),
    rejected=True,
    says="CSV-filen kan ikke læses (en celle er alt for lang",
)
def csv_with_a_giant_cell(folder: Path) -> Path:
    """A CSV where a whole report (200,000 characters) ended up in one description cell."""
    rows = [HEADERS, row(PAYROLL, description="x" * 200_000)]
    return _csv(folder / "tønder.csv", rows, "utf-8", ";")


@case(
    (WARNING, 3, "J"),
    tasks={3: {"service_area": "payroll_hr", "task_type": None}, 4: DEPOT_READ},
    says="Værdien findes ikke på listen",
)
def control_characters_pasted(folder: Path) -> Path:
    """Text pasted from Word brought vertical tabs into cells, and a text that looks like a
    formula into the remarks. The service area «Løn<VT>og HR» is still «Løn og HR»; the task type
    «Out<VT>sourcing» is not a task type. Neither may break the reader or the annotated copy."""
    pasted = {
        "service_area": "Løn\x0bog HR",
        "task_type": "Out\x0bsourcing",
        "remarks": '=HYPERLINK("http://example.invalid")',
    }
    return workbook(folder / "tønder.xlsx", template_rows({**PAYROLL, **pasted}, DEPOT))


@case(
    (ERROR, None, None),
    rejected=True,
    sent_as="tønder - rettelser.xlsx",
    says="Filen er en kommenteret kopi med rettelser",
)
def annotated_copy_sent_back(folder: Path) -> Path:
    """The annotated copy «tønder - rettelser.xlsx» from «screening validate» was sent in
    instead of the corrected file. It holds Tønder's rows, so read as a submission it would
    replace the file it comments on."""
    return official(folder / "tønder - rettelser.xlsx", PAYROLL)


@case((ERROR, None, None), rejected=True, says="slet arket «Rettelser»")
def annotated_copy_renamed(folder: Path) -> Path:
    """The annotated copy, renamed «tønder ny.xlsx»: its first sheet is still «Rettelser»."""
    rettelser = [["Rettelser til tønder.xlsx"], ["1 opgaver er modtaget."]]
    return workbook(
        folder / "tønder ny.xlsx", template_rows(PAYROLL), extra_sheets={"Rettelser": rettelser}
    )


@case(
    (WARNING, 3, "O"),
    (WARNING, 4, "M"),
    (WARNING, 4, "O"),
    (WARNING, 5, "M"),
    (WARNING, 5, "M"),
    (WARNING, 5, "N"),
    (WARNING, 6, "Q"),
    tasks={
        3: {"potential_dkk": 2_500_000, "cost_base_dkk": 1_000_000},
        4: {"cost_base_dkk": 24_000, "fte": 55},
        5: {"cost_base_dkk": 1_500_000_000, "fte": 2000},
        6: {"time_horizon_years": None},
        7: {"title": "Kantine"},
        8: {"title": "Arkiv"},
        9: {"title": "Bogbus"},
    },
    says=(
        "er større end udgiftsbasen",
        "Er beløbet skrevet i 1.000 kr.?",
        "gange større end det typiske",
        "2027 ligner et årstal",
    ),
)
def implausible_figures(folder: Path) -> Path:
    """Figures that read fine but can hardly be meant: a potential of 2.500.000 kr. on a cost
    base of 1.000.000 kr.; a cost base in thousands of kroner (24.000 for 55 årsværk); 1,5
    mia. kr. and 2.000 årsværk for street lighting; the year «2027» as the time horizon. «1,5
    mia.» is also noted as read, and the 2.000 kr. potential in thousands too."""
    figures = [
        {
            **PAYROLL,
            "title": "Erhvervsservice",
            "cost_base_dkk": 1_000_000,
            "fte": 2,
            "potential_dkk": 2_500_000,
        },
        {
            **PAYROLL,
            "title": "Rengøring",
            "cost_base_dkk": 24_000,
            "fte": 55,
            "potential_dkk": 2_000,
        },
        {
            **PAYROLL,
            "title": "Gadebelysning",
            "cost_base_dkk": "1,5 mia.",
            "fte": 2000,
            "potential_dkk": 300_000,
        },
        {
            **PAYROLL,
            "title": "Naturpleje",
            "cost_base_dkk": 900_000,
            "fte": 2,
            "time_horizon_years": 2027,
        },
        {**PAYROLL, "title": "Kantine", "cost_base_dkk": 1_700_000, "fte": 4},
        {**PAYROLL, "title": "Arkiv", "cost_base_dkk": 2_100_000, "fte": 3},
        {**PAYROLL, "title": "Bogbus", "cost_base_dkk": 700_000, "fte": 1},
    ]
    return official(folder / "tønder.xlsx", *figures)


# --- four workbooks from town halls that never saw the template (data/realism) ---------------
# Read against their own round (Herning, Holstebro, Ringkøbing-Skjern, Lemvig). Their findings
# are in data/realism/expected_findings.csv, one line each, as read when the set was added;
# every line was checked by hand against the workbook (each an interpretation the sender
# should see).

REALISM = Path(__file__).parent / "data" / "realism"


def _realism_findings(name: str) -> tuple[Expected, ...]:
    with open(REALISM / "expected_findings.csv", encoding="utf-8", newline="") as handle:
        return tuple(
            (line["severity"], int(line["row"]) if line["row"] else None, line["column"] or None)
            for line in csv.DictReader(handle)
            if line["file"] == name
        )


def _realism_config() -> ScreeningConfig:
    from benchmarks.intake_realism import CONFIG as REALISM_CONFIG

    return REALISM_CONFIG


def _copy(name: str) -> Callable[[Path], Path]:
    def write(folder: Path) -> Path:
        target = folder / name
        target.write_bytes((REALISM / name).read_bytes())
        return target

    return write


HERNING = "Herning Kommune - driftsfællesskaber.xlsx"
HOLSTEBRO = "holstebro_screening.xlsx"
RINGKOEBING_SKJERN = "ringkobing-skjern opgaver.xlsx"
LEMVIG = "Lemvig Kommune forslag.xlsx"


@case(
    *_realism_findings(HERNING),
    config=_realism_config(),
    tasks={
        **{r: {"municipality": "Herning"} for r in range(5, 26) if r != 12},
        4: {
            "title": "Lønadministration",
            "service_area": "other",
            "service_area_written": "Administration",
            "goals": ["rational_operation"],
            "task_type": "organisation",
            "cooperation_form": "shared_service",
            "cost_base_dkk": 4_200_000,
            "time_horizon_years": 2,
        },
        12: {"title": "Drift af gadebelysning", "cost_base_dkk": 1_500_000_000, "fte": 2000},
    },
    says=(
        "læst som Hernings opgaver (ud fra kolonnen «Kommune»)",
        "«Andet (ikke genkendt)» med jeres ord",
        "600 gange større end det typiske",
    ),
)
def realism_herning(folder: Path) -> Path:
    """Herning's own workbook: a title row above the headers, a «Kommune» column, its own
    headers («Udgift pr. år», «Forventet gevinst»), «Administration» and «Staben» as service
    areas, «Mere rationel drift» as a goal, and 1,5 mia. kr. and 2.000 årsværk for street
    lighting."""
    return _copy(HERNING)(folder)


@case(
    *_realism_findings(HOLSTEBRO),
    config=_realism_config(),
    tasks={
        **{r: {"municipality": "Holstebro"} for r in range(3, 22)},
        2: {
            "title": "Lønkontor - udbetaling af løn",
            "service_area": "finance",
            "goals": ["economic_efficiency"],
            "cooperation_form": "shared_service",
            "potential_dkk": 380_000,
            "time_horizon_years": None,
        },
    },
    says=("«Hvad går opgaven ud på»", "2026 ligner et årstal"),
)
def realism_holstebro(folder: Path) -> Path:
    """Holstebro's sheet «Opgaver 2026»: «Forvaltning», «Forslag til samdrift», «Antal
    medarbejdere», «Besparelse pr. år» and «Hvornår kan det ske» as headers, «SSC» and
    «Erfa-gruppe» as cooperation forms, «10 %» as potential and the year 2026 as horizon."""
    return _copy(HOLSTEBRO)(folder)


@case(
    *_realism_findings(RINGKOEBING_SKJERN),
    config=_realism_config(),
    tasks={
        **{r: {"municipality": "Ringkøbing-Skjern"} for r in range(2, 22) if r != 15},
        15: {"title": "Rengøringsservice", "cost_base_dkk": 24_000, "fte": 55},
        19: {"title": "Turistinformation", "potential_dkk": None},
    },
    says=("Er beløbet skrevet i 1.000 kr.?", "er større end udgiftsbasen"),
)
def realism_ringkoebing_skjern(folder: Path) -> Path:
    """Ringkøbing-Skjern's file, named «ringkobing-skjern opgaver.xlsx» without «ø»: one row in
    thousands of kroner, a potential above its cost base, a negative potential and a negative
    time horizon."""
    return _copy(RINGKOEBING_SKJERN)(folder)


@case(
    *_realism_findings(LEMVIG),
    config=_realism_config(),
    tasks={
        **{r: {"municipality": "Lemvig"} for r in range(3, 23)},
        2: {"title": "Lønbehandling og refusioner", "goals": ["reduced_vulnerability"]},
    },
    says=("læst som Lemvigs opgaver (ud fra filnavnet)", "«Hvorfor»"),
)
def realism_lemvig(folder: Path) -> Path:
    """Lemvig's file has no «Kommune» column: the municipality is in the file name. Its headers
    are «Afdeling», «Hvorfor», «Kategori», «Samarbejdsmodel» and «Tidsperspektiv»."""
    return _copy(LEMVIG)(folder)


def cells_left_open_in_a_comment(path: Path, n_tags: int) -> Path:
    """The official template whose task sheet ends with an XML comment holding one ``<f>`` and
    ``n_tags`` unclosed ``<c>`` tags. A comment is ignored by every XML reader, so the file is an
    ordinary template with two tasks; a scan that searches from each ``<c`` for its ``</c>`` reads
    to the end of the sheet each time, so its time grows with the square of ``n_tags``. The sheet
    is stored uncompressed, as an attacker would, so the zip checks pass it."""
    official(path.with_suffix(".tmp.xlsx"), PAYROLL, DEPOT)
    source = path.with_suffix(".tmp.xlsx")
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w") as crafted:
        for member in original.infolist():
            data = original.read(member.filename)
            if member.filename == "xl/worksheets/sheet1.xml":
                tags = "".join(f'<c r="{_column(i)}{i % 997 + 1}">' for i in range(n_tags))
                data += f"<!-- <f> {tags} -->".encode()
                crafted.writestr(member.filename, data, zipfile.ZIP_STORED)
            else:
                crafted.writestr(member, data, zipfile.ZIP_DEFLATED)
    source.unlink()
    return path


def _column(index: int) -> str:
    letters = ""
    index = index % 700 + 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# The crafted sheet at the sizes the timing test compares; 64,000 tags is the 0.7-0.8 MB file
# that held the dashboard for minutes when the formula scan was a regular expression.
CRAFTED_SIZES = (4_000, 16_000, 64_000)


@case(tasks={3: PAYROLL_READ, 4: DEPOT_READ})
def comment_with_unclosed_cells_small(folder: Path) -> Path:
    """An attacker ended the task sheet with an XML comment holding one ``<f>`` and 4,000
    unclosed ``<c>`` tags, to make a cell scan search to the end of the sheet from every tag."""
    return cells_left_open_in_a_comment(folder / "tønder.xlsx", CRAFTED_SIZES[0])


@case(tasks={3: PAYROLL_READ, 4: DEPOT_READ})
def comment_with_unclosed_cells_medium(folder: Path) -> Path:
    """The same crafted comment with 16,000 unclosed ``<c>`` tags (a 0.2 MB file), which took
    13 s to check when every tag made the scan read to the end of the sheet."""
    return cells_left_open_in_a_comment(folder / "tønder.xlsx", CRAFTED_SIZES[1])


@case(tasks={3: PAYROLL_READ, 4: DEPOT_READ})
def comment_with_unclosed_cells_large(folder: Path) -> Path:
    """The crafted comment with 64,000 unclosed ``<c>`` tags: the 0.8 MB file that, uploaded on
    «Indsend skabelon», stopped the dashboard answering anyone for about five minutes."""
    return cells_left_open_in_a_comment(folder / "tønder.xlsx", CRAFTED_SIZES[2])


@case(
    (WARNING, 3, "A"),
    (WARNING, 3, "U"),
    tasks={
        3: {"title": "Lønadministration", "remarks": "Fra HR-afdelingen"},
        4: DEPOT_READ,
    },
    says="usynlige styretegn (fx NUL), som er fjernet",
)
def nul_characters_in_text(folder: Path) -> Path:
    """A title exported from an old case system ended in NUL characters, and a remark had an
    escape character (ESC) from a terminal in it. Stored as they were, they broke the copy and the
    dashboard; they are removed, and the sender is told."""
    rows = template_rows(
        {**PAYROLL, "title": "Lønadministration\x00\x00", "remarks": "Fra HR-\x1bafdelingen"},
        DEPOT,
    )
    return workbook(folder / "tønder.xlsx", rows)
