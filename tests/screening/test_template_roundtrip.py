"""A generated template, filled in as a person would, reads back to exactly those tasks."""

from pathlib import Path

import openpyxl
import pytest

from screening.config import load_screening_config
from screening.intake.reader import read_submission
from screening.template.spec import COLUMNS, FIRST_TASK_ROW, TASK_SHEET
from screening.template.writer import write_template

CONFIG = load_screening_config()

PAYROLL = {
    "title": "Lønadministration",
    "description": "Lønudbetaling, refusioner og lønindberetning for alle ansatte.",
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
    "partners": "Haderslev, Tønder",
    "contact": "Mette Hansen, meha@aabenraa.dk",
    "function": "6.45.51",
}


def test_blank_template_has_dropdowns_and_danish_headers(tmp_path: Path):
    path = write_template(tmp_path / "blank.xlsx", "Aabenraa", CONFIG.round.id)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook[TASK_SHEET]
    assert [c.value for c in sheet[1]][: len(COLUMNS)] == [c.header for c in COLUMNS]
    assert "Myndighedsudøvelse" in [c.value for c in sheet[1]]
    dropdown_columns = {
        sheet.cell(1, cell.min_col).value
        for dv in sheet.data_validations.dataValidation
        if dv.type == "list"
        for cell in dv.sqref.ranges
    }
    for header in ("Fagområde", "Opgavetype", "Samdriftsform", "Myndighedsudøvelse"):
        assert header in dropdown_columns
    assert {"Vejledning", "Om skabelonen"} <= set(workbook.sheetnames)


def test_filled_template_reads_back_every_value(tmp_path: Path):
    path = write_template(tmp_path / "aabenraa.xlsx", "Aabenraa", CONFIG.round.id, [PAYROLL])
    submission = read_submission(path, CONFIG)
    assert submission.findings == []
    task = submission.tasks.row(0, named=True)
    assert task["municipality"] == "Aabenraa"
    assert task["source_row"] == FIRST_TASK_ROW
    assert task["title"] == "Lønadministration"
    assert task["service_area"] == "payroll_hr"
    assert task["goals"] == ["economic_efficiency", "reduced_vulnerability"]
    assert task["task_type"] == "organisation"
    assert task["cooperation_form"] == "shared_service"
    assert task["authority_exercise"] is False
    assert task["cost_base_dkk"] == pytest.approx(4_200_000)
    assert task["fte"] == pytest.approx(7.5)
    assert task["complexity"] == 3
    assert task["function"] == "6.45.51"


def test_the_function_is_read_by_number_or_name_and_proposed_when_empty(tmp_path: Path):
    """The optional column «Funktion (kontoplan)»: a number or a name is read; left empty, the
    function the task's words point at is proposed, not filled in."""
    by_name = {**PAYROLL, "title": "IT-drift", "function": "Fælles IT og telefoni"}
    empty = {**PAYROLL, "title": "Vognpark", "description": "Kommunens biler.", "function": None}
    path = write_template(
        tmp_path / "a.xlsx", "Aabenraa", CONFIG.round.id, [PAYROLL, by_name, empty]
    )
    submission = read_submission(path, CONFIG)
    assert submission.tasks["function"].to_list() == ["6.45.51", "6.45.52", None]
    [proposal] = [f for f in submission.findings if "foreslået" in f.message]
    assert proposal.row == FIRST_TASK_ROW + 2
    assert proposal.header == "Funktion (kontoplan)"
    assert "Funktion foreslået: «2.22.01 Fælles funktioner»" in proposal.message
    dropdowns = openpyxl.load_workbook(path)[TASK_SHEET].data_validations.dataValidation
    assert any(
        openpyxl.load_workbook(path)[TASK_SHEET].cell(1, r.min_col).value == "Funktion (kontoplan)"
        for dv in dropdowns
        for r in dv.sqref.ranges
    )


def test_missing_title_holds_back_only_that_row(tmp_path: Path):
    untitled = {**PAYROLL, "title": None, "description": "Noget andet"}
    path = write_template(tmp_path / "a.xlsx", "Aabenraa", CONFIG.round.id, [PAYROLL, untitled])
    submission = read_submission(path, CONFIG)
    assert not submission.rejected
    assert submission.tasks["title"].to_list() == ["Lønadministration"]
    [finding] = submission.findings
    assert (finding.severity, finding.row, finding.header) == ("error", 4, "Opgave")
    assert finding.column == "A"


def test_missing_task_type_lets_the_row_through_with_a_warning(tmp_path: Path):
    broken = {**PAYROLL, "title": "Byggetilsyn", "task_type": None}
    path = write_template(tmp_path / "a.xlsx", "Aabenraa", CONFIG.round.id, [PAYROLL, broken])
    submission = read_submission(path, CONFIG)
    assert submission.tasks["title"].to_list() == ["Lønadministration", "Byggetilsyn"]
    assert submission.tasks["task_type"].to_list() == ["organisation", None]
    [finding] = submission.findings
    assert (finding.severity, finding.row, finding.header) == ("warning", 4, "Opgavetype")
    assert finding.column == "J"
    assert "«Opgavetype» er ikke udfyldt" in finding.message


def test_template_from_another_round_is_rejected(tmp_path: Path):
    path = write_template(tmp_path / "old.xlsx", "Tønder", "2014", [PAYROLL])
    submission = read_submission(path, CONFIG)
    assert submission.rejected
    assert submission.tasks.is_empty()
    assert "screeningsrunde «2014»" in submission.findings[0].message


def test_text_file_named_xlsx_is_rejected_with_a_message(tmp_path: Path):
    path = tmp_path / "notes.xlsx"
    path.write_text("ikke et regneark", encoding="utf-8")
    submission = read_submission(path, CONFIG)
    assert submission.rejected
    assert "Filen er ikke et regneark" in submission.findings[0].message
