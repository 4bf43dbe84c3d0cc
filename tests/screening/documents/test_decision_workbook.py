"""A decision workbook goes out, is filled in Excel (openpyxl, as a person would) and comes
back: on SQLite and PostgreSQL, with the findings, refusals and conflicts a secretary meets."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import polars as pl
from document_payloads import PAYLOAD_TITLE

from screening.decisions import record, state
from screening.decisions.record import find_candidate
from screening.decisions.store import open_store, read_events
from screening.documents import workbook as wb
from screening.documents.decision_lists import decision_list
from screening.documents.workbook import write_decision_workbook
from screening.documents.workbook_import import import_decision_workbook, resolve_with_workbook
from screening.intake.findings import ERROR
from screening.template.writer import write_template


def export(engine, phase, gross_list, user, path: Path) -> Path:
    listing = decision_list(engine, phase, gross_list)
    write_decision_workbook(path, listing, read_events(engine), user.municipality, user)
    return path


def fill(path: Path, out: Path, values: dict[str, dict[str, object]]) -> Path:
    """Open the workbook and type into the named columns of the candidates' rows."""
    book = openpyxl.load_workbook(path)
    sheet = book[wb.DECISION_SHEET]
    headers = {cell.value: cell.column_letter for cell in sheet[1]}
    for row in sheet.iter_rows(min_row=2):
        typed = values.get(row[0].value)
        for header, value in (typed or {}).items():
            sheet[f"{headers[header]}{row[0].row}"] = value
    book.save(out)
    return out


def freeze(engine, users, gross_list):
    return record.freeze_snapshot(
        engine,
        users["aabenraa.projektgruppe"],
        "Forelagt KU 12. marts 2027",
        gross_list,
        state.priorities(read_events(engine)),
    )


def test_the_workbook_has_dropdowns_locked_keys_metadata_and_text_never_a_formula(
    store_url, users, gross_list, tmp_path
):
    engine = open_store(store_url)
    director = users["aabenraa.direktion"]
    record.record_priority(
        engine, director, find_candidate(gross_list, "K-aabenraa:loen"), "høj", "+45 mio. sparet"
    )
    path = export(engine, 1, gross_list, director, tmp_path / "aabenraa.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book[wb.DECISION_SHEET]
    headers = [c.value for c in sheet[1]]
    assert headers[:3] == ["Kandidat-id", "Liste-id", "Version"]
    assert {"Prioritet", "Kommentar", "Kommunens eget forslag"} <= set(headers)
    rows = {r[0].value: [c.value for c in r] for r in sheet.iter_rows(min_row=2)}
    loen = dict(zip(headers, rows["K-aabenraa:loen"], strict=True))
    assert (loen["Prioritet"], loen["Kommentar"], loen["Version"]) == ("Høj", "+45 mio. sparet", 1)
    assert sheet.protection.sheet  # the key columns cannot be edited
    assert sheet["A2"].protection.locked and not sheet["I2"].protection.locked
    dropdown = next(v for v in sheet.data_validations.dataValidation if "I2" in str(v.sqref))
    assert dropdown.formula1 == '"Høj,Middel,Lav,Vil gerne være med,Fravalgt"'
    assert book[wb.METADATA_SHEET].sheet_state == "hidden"
    properties = {p.name: p.value for p in book.custom_doc_props.props}
    assert properties["Kommune"] == "Aabenraa" and properties["Fase"] == "1"
    # The formula-looking title and comment are text cells; no sheet holds a formula.
    payload_row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "K-aabenraa:payload")
    title = payload_row[headers.index("Kandidat")]
    assert (title.value, title.data_type) == (PAYLOAD_TITLE, "s")
    with zipfile.ZipFile(path) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert sheets and not any(b"<f>" in archive.read(n) for n in sheets)


def test_a_filled_workbook_is_recorded_as_the_importer_once(store_url, users, config, tmp_path):
    engine = open_store(store_url)
    gross_list = pl.DataFrame(
        {
            "candidate_id": ["K-aabenraa:loen", "K-haderslev:vej"],
            "rank": [1, 2],
            "score": [71.5, 40.0],
            "title": ["Lønadministration", "Vejvedligehold"],
            "municipalities": [["Aabenraa", "Tønder"], ["Haderslev"]],
            "task_ids": [["aabenraa:loen"], ["haderslev:vej"]],
        }
    )
    director = users["aabenraa.direktion"]
    blank = export(engine, 1, gross_list, director, tmp_path / "aabenraa.xlsx")
    filled = fill(
        blank,
        tmp_path / "udfyldt.xlsx",
        {
            "K-aabenraa:loen": {"Prioritet": "Høj", "Kommentar": "Stort potentiale"},
            "K-haderslev:vej": {"Prioritet": "vil gerne være med"},
        },
    )
    result = import_decision_workbook(filled, engine, director, config, gross_list)
    assert not result.rejected and not result.conflicts and not result.findings
    assert len(result.recorded) == 2
    current = state.priorities(read_events(engine)).sort("candidate_id")
    assert current.select("candidate_id", "label", "comment", "user_name").rows() == [
        ("K-aabenraa:loen", "Høj", "Stort potentiale", "Søren Kjær"),
        ("K-haderslev:vej", "Vil gerne være med", None, "Søren Kjær"),
    ]
    n_events = read_events(engine).height
    again = import_decision_workbook(filled, engine, director, config, gross_list)
    assert again.already_imported and not again.recorded
    assert "allerede indlæst" in again.findings[0].message
    assert read_events(engine).height == n_events


def test_a_decision_changed_in_the_dashboard_meanwhile_is_a_conflict_not_overwritten(
    store_url, users, config, gross_list, tmp_path
):
    engine = open_store(store_url)
    director, colleague = users["aabenraa.direktion"], users["admin"]
    loen = find_candidate(gross_list, "K-aabenraa:loen")
    record.record_priority(engine, director, loen, "middel")
    blank = export(engine, 1, gross_list, director, tmp_path / "aabenraa.xlsx")
    # Someone changes it in the dashboard, with the version they saw, after the export.
    record.record_priority(
        engine, colleague, loen, "lav", expected_version=1, municipality="Aabenraa"
    )
    filled = fill(blank, tmp_path / "udfyldt.xlsx", {"K-aabenraa:loen": {"Prioritet": "Høj"}})
    result = import_decision_workbook(filled, engine, director, config, gross_list)
    assert not result.recorded and len(result.conflicts) == 1
    conflict = result.conflicts[0]
    assert (conflict.current_label, conflict.workbook["value"]) == ("Lav", "Høj")
    assert "«Lav»" in conflict.describe() and "«Høj»" in conflict.describe()
    assert state.priorities(read_events(engine))["label"].to_list() == ["Lav"]
    # The director sees both and chooses the workbook's value.
    resolve_with_workbook(engine, director, conflict, gross_list)
    newest = read_events(engine).filter(pl.col("kind") == "priority").row(-1, named=True)
    assert (newest["new_value"], newest["user_name"], newest["version"]) == (
        "high",
        "Søren Kjær",
        3,
    )


def test_findings_name_sheet_row_and_column_and_the_good_rows_go_in(
    store_url, users, config, gross_list, tmp_path
):
    engine = open_store(store_url)
    director = users["aabenraa.direktion"]
    blank = export(engine, 1, gross_list, director, tmp_path / "aabenraa.xlsx")
    filled = fill(
        blank,
        tmp_path / "udfyldt.xlsx",
        {
            "K-aabenraa:loen": {"Prioritet": "Meget høj"},
            "K-haderslev:vej": {"Prioritet": "Lav"},
        },
    )
    result = import_decision_workbook(filled, engine, director, config, gross_list)
    (finding,) = [f for f in result.findings if f.severity == ERROR]
    assert (finding.sheet, finding.row, finding.column, finding.header) == (
        "Beslutninger",
        2,
        "I",
        "Prioritet",
    )
    assert "«Meget høj» er ikke en tilladt værdi" in finding.describe()
    assert result.recorded == ["Vejvedligehold: Lav"]


def test_another_municipalitys_workbook_or_an_older_frozen_list_is_refused(
    store_url, users, config, gross_list, tmp_path
):
    engine = open_store(store_url)
    freeze(engine, users, gross_list)
    secretary = users["aabenraa.sekretariat"]
    blank = export(engine, 2, gross_list, secretary, tmp_path / "aabenraa-fase2.xlsx")
    filled = fill(
        blank,
        tmp_path / "udfyldt.xlsx",
        {
            "K-aabenraa:loen": {
                "Beslutning": "Ønsker at gå videre",
                "Udvalg": "Økonomiudvalget",
                "Mødedato": date(2027, 1, 21),
                "Dagsordenspunkt": "7",
            }
        },
    )
    other = import_decision_workbook(filled, engine, users["toender.sekretariat"], config, None)
    assert other.rejected and "Projektmappen er til Aabenraa" in other.findings[0].message
    freeze(engine, users, gross_list)  # a newer list is presented meanwhile
    older = import_decision_workbook(filled, engine, secretary, config, None)
    assert older.rejected and "Hent en ny projektmappe" in older.findings[0].message
    assert state.political_decisions(read_events(engine)).is_empty()


def test_phase_two_records_committee_and_meeting_and_asks_for_them(
    store_url, users, config, gross_list, tmp_path
):
    engine = open_store(store_url)
    snapshot = freeze(engine, users, gross_list)
    secretary = users["aabenraa.sekretariat"]
    blank = export(engine, 2, gross_list, secretary, tmp_path / "fase2.xlsx")
    filled = fill(
        blank,
        tmp_path / "udfyldt.xlsx",
        {
            "K-aabenraa:loen": {
                "Beslutning": "Ønsker at gå videre",
                "Udvalg": "Økonomiudvalget",
                "Mødedato": "21-01-2027",
                "Dagsordenspunkt": "7",
                "Bemærkning": "Enstemmigt",
            },
            "K-haderslev:vej": {"Beslutning": "Udsat"},
        },
    )
    result = import_decision_workbook(filled, engine, secretary, config, None)
    (missing,) = result.findings
    assert (missing.row, missing.header) == (3, "Udvalg")
    decided = state.political_decisions(read_events(engine)).row(0, named=True)
    assert decided["committee"] == "Økonomiudvalget"
    assert decided["meeting_date"] == "2027-01-21"
    assert decided["agenda_item"] == "7" and decided["comment"] == "Enstemmigt"
    assert decided["snapshot_id"] == snapshot["snapshot_id"]
    assert decided["user_name"] == secretary.name


def test_a_screening_template_or_a_damaged_file_is_not_a_decision_workbook(
    store_url, users, config, gross_list, tmp_path
):
    engine = open_store(store_url)
    director = users["aabenraa.direktion"]
    template = write_template(tmp_path / "aabenraa.xlsx", "Aabenraa", config.round.id)
    result = import_decision_workbook(template, engine, director, config, gross_list)
    assert result.rejected and "ikke en beslutningsprojektmappe" in result.findings[0].message
    broken = tmp_path / "afbrudt.xlsx"
    broken.write_bytes(
        export(engine, 1, gross_list, director, tmp_path / "ok.xlsx").read_bytes()[:900]
    )
    result = import_decision_workbook(broken, engine, director, config, gross_list)
    assert result.rejected and "beskadiget" in result.findings[0].message


def test_a_too_long_comment_is_named_in_its_own_column(
    store_url, users, config, gross_list, tmp_path
):
    engine = open_store(store_url)
    director = users["aabenraa.direktion"]
    blank = export(engine, 1, gross_list, director, tmp_path / "aabenraa.xlsx")
    filled = fill(
        blank,
        tmp_path / "udfyldt.xlsx",
        {"K-aabenraa:loen": {"Prioritet": "Høj", "Kommentar": "x" * 2001}},
    )
    result = import_decision_workbook(filled, engine, director, config, gross_list)
    (finding,) = result.findings
    assert (finding.row, finding.column, finding.header) == (2, "J", "Kommentar")
    assert "2.001 tegn" in finding.message and not result.recorded
