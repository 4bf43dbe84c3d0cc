"""Random town-hall layouts built from the variants real files have (title lines, a front
sheet, one- or two-row headers with merged group cells, goals as one Ja/Nej or X column per goal
or as one list column, section headings, subtotals with and without a label, «I alt», notes,
hidden rows, comments): the reader never raises, every task row comes through, no heading, sum
or note becomes a task, and the annotated copy is written."""

from __future__ import annotations

import tempfile
from pathlib import Path

import openpyxl
from corpus import CONFIG, ROUND
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.comments import Comment

from screening.intake.feedback import write_feedback
from screening.intake.reader import read_submission
from screening.template.spec import META_MUNICIPALITY, META_ROUND, METADATA_SHEET

TASKS = [
    ("Lønadministration", "Lønudbetaling og refusioner.", "Løn og personale", "re"),
    ("Hjælpemiddeldepot", "Udlån og rengøring af hjælpemidler.", "Ældre og sundhed", "ra"),
    ("Byggesagsbehandling", "Byggetilladelser og tilsyn.", "Teknik og miljø", "sq"),
    ("IT-drift", "Servere, netværk og support.", "IT og digitalisering", "rv"),
    ("Indkøb og udbud", "Fælles udbud af varer.", "Økonomi", "e"),
    ("Vintertjeneste", "Snerydning og saltning.", "Teknik og miljø", "r"),
]
GOALS = {
    "r": "Rationel drift",
    "e": "Økonomisk gevinst",
    "s": "Specialister",
    "v": "Mindre sårbarhed",
    "q": "Kvalitet",
    "a": "Borgernes adgang",
}
HEADINGS = ["Teknik og Miljø", "Social og Sundhed", "Administration", "Børn og Unge"]
SUM_LABELS = ["I alt", "Total", "Sum", "I alt for området", "Subtotal"]
NOTES = ["* Tal fra regnskab 2025.", "Kilde: Økonomiafdelingen.", "NB: potentialet er et skøn."]

block = st.fixed_dictionaries(
    {
        "heading": st.one_of(st.none(), st.sampled_from(HEADINGS)),
        "merged_heading": st.booleans(),
        "tasks": st.lists(st.sampled_from(range(len(TASKS))), min_size=1, max_size=3),
        "subtotal": st.sampled_from([None, "labelled", "unlabelled"]),
        "blank_after": st.booleans(),
        "hidden_task": st.booleans(),
    }
)
layout = st.fixed_dictionaries(
    {
        "title_lines": st.integers(0, 3),
        "front_sheet": st.booleans(),
        "header": st.sampled_from(["single", "two_rows_merged", "group_row"]),
        "goals": st.sampled_from(["ja_nej", "x", "list"]),
        "service_area_column": st.booleans(),
        "blocks": st.lists(block, min_size=1, max_size=4),
        "total": st.one_of(st.none(), st.sampled_from(SUM_LABELS)),
        "notes": st.lists(st.sampled_from(NOTES), max_size=2),
        "comments": st.booleans(),
    }
)


def write(path: Path, spec: dict) -> set[int]:
    """The workbook ``spec`` describes; returns the Excel rows that hold tasks."""
    book = openpyxl.Workbook()
    if spec["front_sheet"]:
        front = book.active
        front.title = "Forside"
        front.append(["Tønder Kommune"])
        front.append(["Kontaktperson", "Mette Hansen"])
        sheet = book.create_sheet("Screening")
    else:
        sheet = book.active
        sheet.title = "Ark1"
    for i in range(spec["title_lines"]):
        sheet.append([f"Screening af driftsfællesskaber, linje {i + 1}"])
    lead = ["Opgave", "Beskrivelse"] + (["Fagområde"] if spec["service_area_column"] else [])
    goal_headers = list(GOALS.values()) if spec["goals"] != "list" else ["Mål"]
    tail = ["Opgavetype", "Samdriftsform"]
    amounts = ["Udgiftsbase (kr.)", "Årsværk", "Potentiale"]
    first = sheet.max_row + 1 if spec["title_lines"] else 1
    if spec["header"] == "single":
        sheet.append([*lead, *goal_headers, *tail, *amounts])
    else:
        goal_group = ["Mål og rationale"] + [None] * (len(goal_headers) - 1)
        top = [*lead, *goal_group, *tail, "Økonomi", None, None]
        below = [None] * len(lead) + goal_headers + [None] * len(tail) + amounts
        if spec["header"] == "group_row":
            top = ["Opgaven"] + [None] * (len(lead) - 1) + goal_group + ["Samarbejde", None]
            top += ["Økonomi", None, None]
            below = [*lead, *goal_headers, *tail, *amounts]
        sheet.append(top)
        sheet.append(below)
        if spec["header"] == "two_rows_merged":
            width = len(top)
            for c, value in enumerate(top, start=1):
                if value and c <= len(lead) or len(lead) + len(goal_headers) < c <= width - 3:
                    sheet.merge_cells(
                        start_row=first, start_column=c, end_row=first + 1, end_column=c
                    )
            g0 = len(lead) + 1
            if len(goal_headers) > 1:
                sheet.merge_cells(
                    start_row=first,
                    start_column=g0,
                    end_row=first,
                    end_column=g0 + len(goal_headers) - 1,
                )
            sheet.merge_cells(
                start_row=first, start_column=width - 2, end_row=first, end_column=width
            )
    width = len(lead) + len(goal_headers) + len(tail) + len(amounts)
    task_rows, all_sums, seen = set(), [0.0, 0.0, 0.0], 0
    for b in spec["blocks"]:
        if b["heading"]:
            sheet.append([b["heading"]])
            if b["merged_heading"]:
                r = sheet.max_row
                sheet.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
        sums = [0.0, 0.0, 0.0]
        for n, index in enumerate(b["tasks"]):
            seen += 1
            title, description, area, goals = TASKS[index]
            cost, fte, potential = 1_000_000.0 * (seen + 1), float(seen), 50_000.0 * seen
            if spec["goals"] == "list":
                goal_cells = [", ".join(GOALS[g] for g in goals)]
            else:
                mark = ("Ja", "Nej") if spec["goals"] == "ja_nej" else ("X", None)
                goal_cells = [mark[0] if g in goals else mark[1] for g in GOALS]
            values = [f"{title} {seen}", description]
            values += [area] if spec["service_area_column"] else []
            values += [*goal_cells, "Organisering", "Partnerskab", cost, fte, potential]
            sheet.append(values)
            task_rows.add(sheet.max_row)
            if spec["comments"] and n == 0:
                sheet.cell(sheet.max_row, 1).comment = Comment("Tjek tallene", "Mette")
            if b["hidden_task"] and n == 0:
                sheet.row_dimensions[sheet.max_row].hidden = True
            sums = [s + v for s, v in zip(sums, (cost, fte, potential), strict=True)]
        all_sums = [s + v for s, v in zip(all_sums, sums, strict=True)]
        if b["subtotal"]:
            label = "I alt" if b["subtotal"] == "labelled" else None
            sheet.append([label] + [None] * (width - 4) + sums)
        if b["blank_after"]:
            sheet.append([])
    if spec["total"]:
        sheet.append([spec["total"]] + [None] * (width - 4) + all_sums)
    for note in spec["notes"]:
        sheet.append([note])
    meta = book.create_sheet(METADATA_SHEET)
    meta.append([META_MUNICIPALITY, "Tønder"])
    meta.append([META_ROUND, ROUND])
    book.save(path)
    return task_rows


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spec=layout)
def test_random_layouts_read_every_task_and_nothing_else(spec):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "tønder.xlsx"
        task_rows = write(path, spec)
        submission = read_submission(path, CONFIG)
        described = "\n".join(f.describe() for f in submission.findings)
        assert not submission.rejected, described
        read_rows = set(submission.tasks["source_row"].to_list())
        assert read_rows == task_rows, described
        write_feedback(path, submission, Path(folder) / "rettelser.xlsx")
