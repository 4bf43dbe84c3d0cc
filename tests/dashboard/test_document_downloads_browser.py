"""«Dokumenter til møder» in a real browser: a director downloads the phase-1 workbook from
«Prioritering», fills it in (openpyxl, as Excel would), uploads it and sees what was recorded
and the row that was not; a colleague's change since the export comes back as a conflict the
director resolves with a button; a committee secretary does the same
with the phase-2 workbook on the frozen list; and the committee annex is made and downloaded
as PDF."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from dashboard_sample_round import ScreeningRun
from live_dashboard import EXCEPTION, USER_PICKER, choose, dashboard, settle
from playwright.sync_api import Page, expect

from screening.config import load_screening_config
from screening.decisions import record, state
from screening.decisions.record import find_candidate
from screening.decisions.store import open_store, read_events
from screening.decisions.users import load_users
from screening.documents import workbook as wb

pytestmark = pytest.mark.slow  # workbooks and an annex through Chromium


@pytest.fixture(scope="module")
def app(screening_run: ScreeningRun, tmp_path_factory) -> Iterator[tuple[str, str]]:
    folder = tmp_path_factory.mktemp("documents_app")
    store_url = f"sqlite:///{folder / 'decisions.sqlite'}"
    env = {**screening_run.env(), "SCREENING_DECISIONS_URL": store_url}
    with dashboard(folder, env) as url:
        yield url, store_url


def fill(path: Path, values: dict[int, dict[str, str]]) -> None:
    book = openpyxl.load_workbook(path)
    sheet = book[wb.DECISION_SHEET]
    headers = {c.value: c.column_letter for c in sheet[1]}
    for row, typed in values.items():
        for header, value in typed.items():
            sheet[f"{headers[header]}{row}"] = value
    book.save(path)


def test_a_director_exports_fills_imports_and_resolves_a_conflict(
    page: Page, app, screening_run: ScreeningRun, tmp_path: Path
) -> None:
    url, store_url = app
    page.goto(f"{url}/prioritering")
    expect(page.get_by_role("heading", name="Prioritering", exact=True)).to_be_visible(
        timeout=30_000
    )
    settle(page)
    choose(page, USER_PICKER, "Søren Kjær (Aabenraa, Direktion)")
    expect(page.get_by_role("heading", name="Dokumenter til møder")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("button", name="Hent projektmappe (fase 1)").click()
    workbook = tmp_path / download.value.suggested_filename
    download.value.save_as(workbook)
    assert workbook.name == "beslutninger-fase1-aabenraa.xlsx"

    # Meanwhile a colleague sets the second candidate in the dashboard.
    engine = open_store(store_url)
    users = load_users(load_screening_config())
    second = find_candidate(screening_run.gross_list, screening_run.gross_list["candidate_id"][1])
    record.record_priority(engine, users["admin"], second, "lav", municipality="Aabenraa")

    fill(
        workbook,
        {
            2: {"Prioritet": "Høj", "Kommentar": "Fra direktionsmødet"},
            3: {"Prioritet": "Middel"},
            4: {"Prioritet": "Allerhøjeste"},
        },
    )
    uploader = page.locator('[data-testid="stFileUploader"]')
    uploader.locator('input[type="file"]').set_input_files(workbook)
    settle(page)
    page.get_by_role("button", name="Indlæs", exact=True).click()
    settle(page)
    expect(page.get_by_text("registreret 1 · uændret", exact=False)).to_be_visible()
    expect(page.get_by_text("konflikter 1 · rækker med fejl 1", exact=False)).to_be_visible()
    # (the page puts an invisible word joiner after «:», so no address becomes a link)
    expect(page.get_by_text(re.compile("^Lønadministration:\u2060? Høj$"))).to_be_visible()
    expect(
        page.get_by_text("Administrator ændrede beslutningen til «Lav»", exact=False)
    ).to_be_visible()
    page.screenshot(path=tmp_path / "indlaest.png", full_page=True)
    assert page.locator(EXCEPTION).count() == 0
    current = state.priorities(read_events(engine))
    assert current.filter(pl.col("candidate_id") == second.candidate_id)["label"].to_list() == [
        "Lav"
    ]
    page.get_by_role("button", name="Brug projektmappens «Middel»").click()
    settle(page)
    expect(page.get_by_text("Projektmappens værdi er registreret.")).to_be_visible()
    current = state.priorities(read_events(engine))
    row = current.filter(pl.col("candidate_id") == second.candidate_id).row(0, named=True)
    assert (row["label"], row["user_name"]) == ("Middel", "Søren Kjær")


def test_the_committee_annex_is_made_and_downloaded_as_pdf(
    page: Page, app, screening_run: ScreeningRun, tmp_path: Path
) -> None:
    url, store_url = app
    engine = open_store(store_url)
    users = load_users(load_screening_config())
    record.freeze_snapshot(
        engine,
        users["aabenraa.projektgruppe"],
        "Forelagt KU 12. marts 2027",
        screening_run.gross_list,
        state.priorities(read_events(engine)),
    )
    page.goto(f"{url}/politiske-beslutninger")
    expect(page.get_by_role("heading", name="Dokumenter til møder")).to_be_visible(timeout=30_000)
    settle(page)
    # A committee secretary: the phase-2 workbook out and back, on the frozen list.
    choose(page, USER_PICKER, "Lone Bøgh (Aabenraa, Udvalgssekretariat)")
    with page.expect_download() as download:
        page.get_by_role("button", name="Hent projektmappe (fase 2)").click()
    workbook = tmp_path / download.value.suggested_filename
    download.value.save_as(workbook)
    fill(
        workbook,
        {
            2: {
                "Beslutning": "Ønsker at gå videre",
                "Udvalg": "Økonomiudvalget",
                "Mødedato": "21-01-2027",
                "Dagsordenspunkt": "7",
            }
        },
    )
    page.locator('[data-testid="stFileUploader"]').locator('input[type="file"]').set_input_files(
        workbook
    )
    settle(page)
    page.get_by_role("button", name="Indlæs", exact=True).click()
    settle(page)
    expect(page.get_by_text("registreret 1 · uændret 0", exact=False)).to_be_visible()
    decided = state.political_decisions(read_events(engine)).row(0, named=True)
    assert (decided["user_name"], decided["committee"], decided["meeting_date"]) == (
        "Lone Bøgh",
        "Økonomiudvalget",
        "2027-01-21",
    )
    page.get_by_role("radiogroup", name="Dagsordensbilag til").get_by_text(
        "Koordinationsudvalget"
    ).click()
    settle(page)
    page.get_by_role("button", name="Lav dagsordensbilag").click()
    download_button = page.get_by_role(
        "button", name="Hent dagsordensbilag-koordinationsudvalget.pdf"
    )
    expect(download_button).to_be_visible(timeout=90_000)
    with page.expect_download() as download:
        download_button.click()
    pdf = tmp_path / "bilag.pdf"
    download.value.save_as(pdf)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "Koordinationsudvalget" in text and "Forelagt KU 12. marts 2027" in text
    assert screening_run.top["title"] in text
    assert page.locator(EXCEPTION).count() == 0
