"""The decision workbook a secretary sends to a directorate or a committee, and gets back.

One sheet «Beslutninger» holds the list the municipality decides on (today's gross list in
phase 1, the frozen list in phase 2) with the municipality's current decisions filled in: a
dropdown of the allowed values, a comment, and in phase 2 the committee, the meeting date and the
agenda item. The key columns (candidate id, list id and the version of each decision as
exported) are locked with sheet protection, so the import can tell which decision a row is, and
whether someone changed it in the dashboard since the workbook was made. A hidden, locked sheet
«Om projektmappen» and the workbook's custom document properties name the municipality, the
phase and the list. Every text cell is written as a string, never as a formula, whatever it
begins with (:data:`screening.safe_cells.XLSXWRITER_OPTIONS`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
import xlsxwriter

from screening.decisions.store import now
from screening.decisions.users import User
from screening.documents.decision_lists import DecisionList, current_decisions
from screening.i18n import _
from screening.safe_cells import XLSXWRITER_OPTIONS
from screening.vocabulary import POLITICAL_DECISIONS, PRIORITIES
from screening.xlsx_formats import WRAP, shared_formats

DECISION_SHEET = "Beslutninger"
INSTRUCTIONS_SHEET = "Vejledning"
METADATA_SHEET = "Om projektmappen"
DOCUMENT_KIND = "Beslutningsprojektmappe"
HEADER_ROW = 1  # Excel row of the headers; the candidates follow from row 2

META_KIND = "Dokument"
META_MUNICIPALITY = "Kommune"
META_PHASE = "Fase"
META_LIST_ID = "Liste-id"
META_LIST_LABEL = "Liste"
META_EXPORTED_AT = "Hentet"
META_EXPORTED_BY = "Hentet af"

# Column codes -> Danish headers. The import finds the columns by these headers.
ID = "candidate_id"
LIST_ID = "list_id"
VERSION = "version"
RANK = "rank"
TITLE = "title"
MUNICIPALITIES = "municipalities"
OWN = "own"
SCORE = "score"
VALUE = "value"
COMMENT = "comment"
COMMITTEE = "committee"
MEETING_DATE = "meeting_date"
AGENDA_ITEM = "agenda_item"

HEADERS = {
    ID: "Kandidat-id",
    LIST_ID: "Liste-id",
    VERSION: "Version",
    RANK: "Placering",
    TITLE: "Kandidat",
    MUNICIPALITIES: "Kommuner",
    OWN: "Kommunens eget forslag",
    SCORE: "Score",
    VALUE: "Prioritet",
    COMMENT: "Kommentar",
    COMMITTEE: "Udvalg",
    MEETING_DATE: "Mødedato",
    AGENDA_ITEM: "Dagsordenspunkt",
}
PHASE2_VALUE_HEADER = "Beslutning"
PHASE2_COMMENT_HEADER = "Bemærkning"
KEY_COLUMNS = (ID, LIST_ID, VERSION)


def columns(phase: int) -> list[str]:
    shown = [ID, LIST_ID, VERSION, RANK, TITLE, MUNICIPALITIES, OWN, SCORE, VALUE, COMMENT]
    if phase == 2:
        shown = [c for c in shown if c != OWN] + [COMMITTEE, MEETING_DATE, AGENDA_ITEM]
    return shown


def header(code: str, phase: int) -> str:
    if phase == 2 and code == VALUE:
        return PHASE2_VALUE_HEADER
    if phase == 2 and code == COMMENT:
        return PHASE2_COMMENT_HEADER
    return HEADERS[code]


def terms(phase: int):
    return PRIORITIES if phase == 1 else POLITICAL_DECISIONS


@dataclass(frozen=True)
class ExportedWorkbook:
    path: Path
    municipality: str
    phase: int
    list_id: str
    n_candidates: int
    n_decided: int


def write_decision_workbook(
    path: Path,
    decision_list: DecisionList,
    events: pl.DataFrame,
    municipality: str,
    user: User,
) -> ExportedWorkbook:
    """Write the workbook for ``municipality`` and the list's phase, with its current decisions."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    phase = decision_list.phase
    decided = current_decisions(events, phase, municipality)
    exported_at = now()
    workbook = xlsxwriter.Workbook(str(path), XLSXWRITER_OPTIONS)
    title = _("Beslutninger fase {phase} – {municipality}").format(
        phase=phase, municipality=municipality
    )
    workbook.set_properties(
        {
            "title": title,
            "subject": decision_list.label,
            "author": user.name,
            "company": municipality,
            "keywords": f"{DOCUMENT_KIND}, {decision_list.list_id}",
            "comments": _("Udfyldes og sendes tilbage til projektgruppen."),
        }
    )
    metadata = [
        (META_KIND, DOCUMENT_KIND),
        (META_MUNICIPALITY, municipality),
        (META_PHASE, str(phase)),
        (META_LIST_ID, decision_list.list_id),
        (META_LIST_LABEL, decision_list.label),
        (META_EXPORTED_AT, exported_at),
        (META_EXPORTED_BY, f"{user.name} ({user.id})"),
    ]
    for key, value in metadata:
        workbook.set_custom_property(key, value)
    formats = _formats(workbook)
    sheet = workbook.add_worksheet(DECISION_SHEET)
    _write_decisions(sheet, formats, decision_list, decided, municipality)
    _write_instructions(workbook.add_worksheet(INSTRUCTIONS_SHEET), formats, phase, municipality)
    meta = workbook.add_worksheet(METADATA_SHEET)
    for row, (key, value) in enumerate(metadata):
        meta.write_string(row, 0, key, formats["bold"])
        meta.write_string(row, 1, value)
    meta.set_column(0, 0, 16)
    meta.set_column(1, 1, 50)
    meta.protect()
    meta.hide()
    sheet.activate()
    workbook.close()
    return ExportedWorkbook(
        path,
        municipality,
        phase,
        decision_list.list_id,
        decision_list.candidates.height,
        sum(1 for c in decision_list.candidates["candidate_id"] if c in decided),
    )


def _formats(workbook: xlsxwriter.Workbook) -> dict[str, Any]:
    return {
        **shared_formats(workbook),
        "key": workbook.add_format({"font_color": "#595959", "bg_color": "#F2F2F2"}),
        "locked": workbook.add_format(WRAP),
        "score": workbook.add_format({"num_format": "0.0", "valign": "top"}),
        "open": workbook.add_format({"locked": False, "bg_color": "#FFF2CC", **WRAP}),
        "open_date": workbook.add_format(
            {"locked": False, "bg_color": "#FFF2CC", "num_format": "dd-mm-yyyy", "valign": "top"}
        ),
    }


WIDTHS = {
    ID: 26,
    LIST_ID: 18,
    VERSION: 8,
    RANK: 9,
    TITLE: 40,
    MUNICIPALITIES: 28,
    OWN: 12,
    SCORE: 8,
    VALUE: 22,
    COMMENT: 40,
    COMMITTEE: 26,
    MEETING_DATE: 12,
    AGENDA_ITEM: 18,
}
OPEN_COLUMNS = (VALUE, COMMENT, COMMITTEE, MEETING_DATE, AGENDA_ITEM)


def _write_decisions(sheet, formats, decision_list: DecisionList, decided: dict, municipality):
    phase = decision_list.phase
    shown = columns(phase)
    first = HEADER_ROW  # 0-based index of the first candidate row
    last = first + max(decision_list.candidates.height, 1) - 1
    labels = [t.label for t in terms(phase)]
    for col, code in enumerate(shown):
        sheet.write_string(HEADER_ROW - 1, col, header(code, phase), formats["header"])
        hidden = code == VERSION
        sheet.set_column(col, col, WIDTHS[code], None, {"hidden": hidden})
    for offset, row in enumerate(decision_list.candidates.sort("rank").iter_rows(named=True)):
        r = first + offset
        current = decided.get(row["candidate_id"]) or {}
        cells = {
            ID: row["candidate_id"],
            LIST_ID: decision_list.list_id,
            TITLE: row["title"],
            MUNICIPALITIES: ", ".join(row["municipalities"]),
            OWN: _("Ja") if municipality in row["municipalities"] else _("Nej"),
            VALUE: current.get("label") or "",
            COMMENT: current.get("comment") or "",
            COMMITTEE: current.get("committee") or "",
            AGENDA_ITEM: current.get("agenda_item") or "",
        }
        for col, code in enumerate(shown):
            fmt = formats["open"] if code in OPEN_COLUMNS else formats["locked"]
            if code in KEY_COLUMNS:
                fmt = formats["key"]
            if code == VERSION:
                sheet.write_number(r, col, int(current.get("version") or 0), fmt)
            elif code == RANK:
                sheet.write_number(r, col, int(row["rank"]), fmt)
            elif code == SCORE:
                sheet.write_number(r, col, float(row["score"] or 0.0), formats["score"])
            elif code == MEETING_DATE:
                meeting = current.get("meeting_date")
                if meeting:
                    sheet.write_datetime(r, col, date.fromisoformat(meeting), formats["open_date"])
                else:
                    sheet.write_blank(r, col, None, formats["open_date"])
            else:
                # write_string, never write(): a title beginning with «=» stays text.
                sheet.write_string(r, col, str(cells[code]), fmt)
    value_col = shown.index(VALUE)
    sheet.data_validation(
        first,
        value_col,
        last,
        value_col,
        {
            "validate": "list",
            "source": labels,
            "error_title": _("Ugyldig værdi"),
            "error_message": _("Vælg en værdi fra listen: {values}.").format(
                values=", ".join(labels)
            ),
        },
    )
    if phase == 2:
        date_col = shown.index(MEETING_DATE)
        sheet.data_validation(
            first,
            date_col,
            last,
            date_col,
            {
                "validate": "date",
                "criteria": "between",
                "minimum": date(2000, 1, 1),
                "maximum": date(2100, 12, 31),
                "error_title": _("Ugyldig dato"),
                "error_message": _("Skriv mødedatoen som dd-mm-åååå, fx 21-01-2027."),
            },
        )
    for code in (COMMENT, AGENDA_ITEM, COMMITTEE):
        if code in shown:
            col = shown.index(code)
            sheet.data_validation(
                first,
                col,
                last,
                col,
                {
                    "validate": "length",
                    "criteria": "<=",
                    "value": 2000,
                    "error_message": _("Højst 2000 tegn."),
                },
            )
    sheet.set_row(HEADER_ROW - 1, 32)
    sheet.freeze_panes(HEADER_ROW, shown.index(TITLE) + 1)
    sheet.autofilter(HEADER_ROW - 1, 0, last, len(shown) - 1)
    # Locked key columns: the import needs them unchanged to know which decision a row is.
    sheet.protect("", {"autofilter": True, "sort": False, "select_locked_cells": True})


def _write_instructions(sheet, formats, phase: int, municipality: str) -> None:
    sheet.set_column(0, 0, 26)
    sheet.set_column(1, 1, 100)
    value = header(VALUE, phase)
    comment = header(COMMENT, phase)
    allowed = ", ".join(f"«{t.label}»" for t in terms(phase))
    lines = [
        (_("Beslutninger om bruttolisten"), ""),
        (
            "",
            _("Projektmappe for {municipality} Kommune, fase {phase}.").format(
                municipality=municipality, phase=phase
            ),
        ),
        (
            _("Sådan gør I"),
            _(
                "Udfyld de gule felter på arket «{sheet}»: vælg «{value}» fra listen i hver "
                "række, I vil beslutte, og skriv evt. en {comment}. Rækker, I ikke ændrer, "
                "bliver ikke ændret. Gem filen som .xlsx og send den tilbage til "
                "projektgruppen, som indlæser den."
            ).format(sheet=DECISION_SHEET, value=value, comment=comment.lower()),
        ),
        (_("Tilladte værdier"), allowed),
    ]
    if phase == 2:
        lines.append(
            (
                _("Udvalg og møde"),
                _(
                    "Skriv for hver beslutning udvalget, mødedatoen (dd-mm-åååå) og gerne "
                    "dagsordenspunktet. En beslutning uden udvalg eller mødedato bliver ikke "
                    "registreret."
                ),
            )
        )
    lines += [
        (
            _("Grå kolonner"),
            _(
                "Kandidat-id og liste-id er låst: de fortæller, hvilken beslutning rækken er. "
                "Ret dem ikke, og kopiér ikke rækker ind fra en anden projektmappe."
            ),
        ),
        (
            _("Ændret i dashboardet?"),
            _(
                "Har nogen ændret en beslutning i dashboardet, efter projektmappen blev hentet, "
                "bliver projektmappens værdi ikke gemt oven i den. Indlæsningen viser begge "
                "værdier, så I kan vælge."
            ),
        ),
        (
            _("En beslutning kan ikke slettes"),
            _("Et tomt felt ændrer intet. Vælg en anden værdi, hvis beslutningen skal ændres."),
        ),
    ]
    for row, (key, text) in enumerate(lines):
        sheet.write_string(row, 0, key, formats["title"] if row == 0 else formats["bold"])
        if text:
            sheet.write_string(row, 1, text, formats["wrap"])
