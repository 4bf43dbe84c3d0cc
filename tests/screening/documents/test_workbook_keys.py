"""A decision workbook's keys cannot be moved: the lock has a password that is in no file, each
row's key is signed, a moved key is refused by row while the rest counts, and two imports of one
file at once record it once (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading
import zipfile
from pathlib import Path

import openpyxl
from test_decision_workbook import export, fill

from screening.decisions import state
from screening.decisions.store import open_store, read_events
from screening.documents import workbook as wb
from screening.documents.workbook_import import import_decision_workbook
from screening.documents.workbook_keys import sheet_password
from screening.intake.findings import ERROR


def test_the_lock_has_a_password_kept_out_of_the_workbook_and_the_signature_is_hidden(
    store_url, users, gross_list, tmp_path
):
    engine = open_store(store_url)
    path = export(engine, 1, gross_list, users["aabenraa.direktion"], tmp_path / "a.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book[wb.DECISION_SHEET]
    assert sheet.protection.sheet and sheet.protection.password  # a hash, not the password
    headers = [c.value for c in sheet[1]]
    signature = headers.index("Signatur") + 1
    letter = openpyxl.utils.get_column_letter(signature)
    assert sheet.column_dimensions[letter].hidden
    assert sheet.cell(2, signature).protection.locked
    with zipfile.ZipFile(path) as archive:
        assert not any(sheet_password().encode() in archive.read(n) for n in archive.namelist())


def test_a_moved_key_is_refused_by_row_and_the_other_rows_count(
    store_url, users, config, gross_list, tmp_path
):
    engine = open_store(store_url)
    director = users["aabenraa.direktion"]
    blank = export(engine, 1, gross_list, director, tmp_path / "aabenraa.xlsx")
    filled = fill(
        blank,
        tmp_path / "udfyldt.xlsx",
        {
            "K-aabenraa:loen": {"Prioritet": "Lav"},
            "K-haderslev:vej": {"Prioritet": "Høj"},
        },
    )
    # The lock lifted (openpyxl ignores it) and «Lav» moved onto another candidate.
    book = openpyxl.load_workbook(filled)
    sheet = book[wb.DECISION_SHEET]
    moved = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "K-aabenraa:loen")
    moved[0].value = "K-aabenraa:payload"
    book.save(filled)
    result = import_decision_workbook(filled, engine, director, config, gross_list)
    (refused,) = [f for f in result.findings if f.severity == ERROR]
    assert (refused.sheet, refused.row, refused.column) == ("Beslutninger", moved[0].row, "A")
    assert "passer ikke til dens signatur" in refused.message
    assert result.recorded == ["Vejvedligehold: Høj"]
    current = dict(state.priorities(read_events(engine)).select("candidate_id", "label").rows())
    assert current == {"K-haderslev:vej": "Høj"}  # nothing on the payload candidate


def test_two_imports_of_one_workbook_at_once_record_it_once(
    store_url, users, config, gross_list, tmp_path
):
    engine = open_store(store_url)
    director = users["aabenraa.direktion"]
    blank = export(engine, 1, gross_list, director, tmp_path / "aabenraa.xlsx")
    values = {"K-aabenraa:loen": {"Prioritet": "Høj"}, "K-haderslev:vej": {"Prioritet": "Lav"}}
    filled = fill(blank, tmp_path / "udfyldt.xlsx", values)
    start = threading.Barrier(4)
    results = []

    def run() -> None:
        start.wait()
        results.append(import_decision_workbook(filled, engine, director, config, gross_list))

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    applied = [r for r in results if not r.already_imported]
    assert len(applied) == 1 and len(applied[0].recorded) == 2
    assert all(not r.conflicts for r in results)
    for other in (r for r in results if r.already_imported):
        assert "allerede indlæst" in other.summary()
    priorities = state.priorities(read_events(engine))
    assert priorities.height == 2


def test_a_workbook_without_signatures_is_refused_whole(
    store_url, users, config, gross_list, tmp_path: Path
):
    engine = open_store(store_url)
    director = users["aabenraa.direktion"]
    path = export(engine, 1, gross_list, director, tmp_path / "aabenraa.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book[wb.DECISION_SHEET]
    headers = [c.value for c in sheet[1]]
    sheet.delete_cols(headers.index("Signatur") + 1)
    book.save(path)
    result = import_decision_workbook(path, engine, director, config, gross_list)
    assert result.rejected and "«Signatur»" in result.findings[0].message
