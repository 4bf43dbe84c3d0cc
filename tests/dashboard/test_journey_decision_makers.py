"""The decision makers' day in Chromium at 1280×720, from a fresh start (the sample round and the
demo cycle, as ``screening up`` leaves them): a director prioritises a candidate with a comment,
a committee secretary takes the decision workbook out and back in and downloads the agenda
annex, and a member of the coordination committee follows the established count from the home
to the follow-up. One dashboard for the three: the director and the secretary each change a
decision of their own municipality, and the committee's journey compares the pages with each
other and with the store, so it holds whichever of the three runs first."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from dashboard_sample_round import ScreeningRun
from live_dashboard import EXCEPTION, USER_PICKER, Journey, dashboard, settle
from playwright.sync_api import Locator, Page, expect
from pypdf import PdfReader

from screening.decisions import state
from screening.decisions.store import open_store, read_events
from screening.documents import workbook as wb
from screening.phase3 import state as phase3_state

pytestmark = pytest.mark.slow  # three audiences' days in Chromium

ROW_HEIGHT = 35  # the grid's header and each row
COMMENT = "Drøftet på direktionsmødet 12. januar; lønsystemerne skal afklares først"


@pytest.fixture(scope="module")
def app(
    fresh_start: tuple[ScreeningRun, dict[str, str]], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, ScreeningRun, str]]:
    run, env = fresh_start
    with dashboard(tmp_path_factory.mktemp("journey_decisions"), env) as url:
        yield url, run, env["SCREENING_DECISIONS_URL"]


def first_page(journey: Journey, url: str) -> None:
    """A visitor's first page: the overview, which says what this is and how to begin."""
    with journey.step("første side"):
        journey.page.goto(url)
        expect(journey.page.get_by_role("heading", name="Overblik")).to_be_visible(timeout=60_000)
        settle(journey.page)  # drawn to the end, so picking a user is timed on its own


def pick_user(page: Page, name: str, home: str) -> None:
    """The demo picker at the top of the sidebar, as a visitor picks a role; that role's home
    opens."""
    box = page.get_by_role("combobox", name=USER_PICKER)
    expect(box).to_be_in_viewport()
    box.click()
    page.get_by_role("option", name=re.compile(rf"^{re.escape(name)} \(")).click()
    expect(page.get_by_role("heading", name=home, exact=True)).to_be_visible(timeout=30_000)
    settle(page)


def go_to(page: Page, link: str, heading: str) -> None:
    page.get_by_role("link", name=link, exact=True).click()
    expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible(timeout=30_000)
    settle(page)


def columns_on_screen(table: Locator) -> list[str]:
    """The headers the grid draws, which are only those in view (its accessible table mirrors
    them)."""
    table.scroll_into_view_if_needed()
    headers = table.locator('th[role="columnheader"]')
    expect(headers.first).to_be_attached(timeout=30_000)
    return headers.all_inner_texts()


def cell(table: Locator, x: float, row: int) -> tuple[float, float]:
    """Where on the screen the middle of data row ``row`` (1 = the first) is, ``x`` from the
    grid's left edge."""
    box = table.bounding_box()
    assert box is not None
    return box["x"] + x, box["y"] + ROW_HEIGHT * row + ROW_HEIGHT / 2


def test_the_director_prioritises_a_candidate_with_a_comment(journey: Journey, app) -> None:
    url, run, store_url = app
    page = journey.page
    second = run.gross_list.sort("rank").row(1, named=True)
    first_page(journey, url)
    with journey.step("vælg bruger"):
        pick_user(page, "Anders Fog", "Direktionens forside")
    expect(page.get_by_text("Velkommen, Anders Fog.", exact=False)).to_be_visible()

    with journey.step("bruttoliste"):
        go_to(page, "Bruttoliste", "Bruttoliste")
    grid = page.locator('[data-testid="stDataFrame"]').first
    on_screen = columns_on_screen(grid)
    for header in ("Nr.", "Forslag", "Score", "Rang ved andre vægte", "Fase"):
        assert header in on_screen, on_screen
    journey.screenshot("direktion-bruttoliste")

    with journey.step("række → kandidat"):
        page.mouse.click(*cell(grid, 16, 2))  # the row's tick box, leftmost
        page.wait_for_url(re.compile(r"/kandidat\?.*bruger=haderslev\.direktion"), timeout=30_000)
        expect(page.get_by_role("heading", name=second["title"], exact=True)).to_be_visible()
        settle(page)
    for municipality in second["municipalities"]:
        expect(page.get_by_role("heading", name=municipality, exact=True)).to_be_visible()
    expect(page.get_by_role("combobox", name=USER_PICKER)).to_have_value(
        re.compile(r"^Anders Fog ")
    )
    journey.screenshot("direktion-kandidat")

    with journey.step("prioritering"):
        go_to(page, "Prioritering", "Prioritering")
        save = page.get_by_role("button", name="Gem prioriteringer")
        expect(save).to_be_visible(timeout=30_000)
    editor = page.locator('[data-testid="stDataFrame"]').first
    on_screen = columns_on_screen(editor)
    for header in ("Nr.", "Forslag", "Prioritet", "Kommentar"):
        assert header in on_screen, on_screen
    before = state.priorities(read_events(open_store(store_url))).filter(
        (pl.col("candidate_id") == second["candidate_id"]) & (pl.col("municipality") == "Haderslev")
    )
    label = "Lav" if before["label"].to_list() == ["Høj"] else "Høj"

    # The second row (the list's order): «Prioritet» after Nr. (45 px) and Forslag (220 px),
    # «Kommentar» after Prioritet (150 px).
    row = editor.locator("tr", has=page.locator("td", has_text=second["title"]))
    page.mouse.dblclick(*cell(editor, 45 + 220 + 75, 2))
    page.get_by_role("option", name=label, exact=True).click()
    expect(row.locator("td").filter(has_text=re.compile(rf"^{label}$"))).to_have_count(1)
    page.mouse.dblclick(*cell(editor, 45 + 220 + 150 + 110, 2))
    comment_box = page.locator("textarea.gdg-input")  # the grid's editor over the cell
    expect(comment_box).to_be_visible()
    comment_box.fill(COMMENT)
    page.keyboard.press("Enter")
    expect(row.locator("td").filter(has_text=COMMENT)).to_have_count(1)
    page.wait_for_timeout(500)  # the grid hands the edits to Streamlit
    with journey.step("gem"):
        save.click()
        expect(page.get_by_text("Gemt: 1 prioritering.")).to_be_visible(timeout=30_000)
        settle(page)
    expect(page.get_by_text(f"{second['title']}: {label}", exact=False)).to_be_visible()

    with journey.step("genindlæs"):
        page.reload()
        expect(page.get_by_role("button", name="Gem prioriteringer")).to_be_visible(timeout=30_000)
        settle(page)
    editor = page.locator('[data-testid="stDataFrame"]').first
    # After the reload, as saved: the priority and the comment in the candidate's row.
    row = editor.locator("tr", has=page.locator("td", has_text=second["title"]))
    expect(row.locator("td").filter(has_text=re.compile(rf"^{label}$"))).to_have_count(1)
    expect(row.locator("td").filter(has_text=COMMENT)).to_have_count(1)
    journey.screenshot("direktion-prioritering-gemt")
    saved = state.priorities(read_events(open_store(store_url))).filter(
        (pl.col("candidate_id") == second["candidate_id"]) & (pl.col("municipality") == "Haderslev")
    )
    assert saved.select("label", "comment", "user_name").row(0) == (label, COMMENT, "Anders Fog")
    assert page.locator(EXCEPTION).count() == 0


def test_the_secretary_takes_the_workbook_out_and_back_and_gets_the_annex(
    journey: Journey, app, tmp_path: Path
) -> None:
    url, run, store_url = app
    page = journey.page
    first_page(journey, url)
    with journey.step("vælg bruger"):
        pick_user(page, "Birthe Sønderby", "Sekretariatets forside")
    with journey.step("politiske beslutninger"):
        go_to(page, "Politiske beslutninger", "Politiske beslutninger")
    expect(page.get_by_role("heading", name="Haderslevs beslutninger")).to_be_visible()
    advancing = page.locator('[data-testid="stMetric"]').filter(has_text="vil gå videre")
    expect(advancing).to_contain_text(re.compile(r"\d+ af \d+"))
    journey.screenshot("sekretariat-beslutninger")

    with journey.step("hent projektmappe"):
        with page.expect_download() as download:
            page.get_by_role("button", name="Hent projektmappe (fase 2)").click()
        workbook = tmp_path / download.value.suggested_filename
        download.value.save_as(workbook)
    assert workbook.name == "beslutninger-fase2-haderslev.xlsx"

    # Filled in as in Excel: the first candidate Haderslev has not said yes to gets a yes from
    # Økonomiudvalget's meeting, item 7.
    book = openpyxl.load_workbook(workbook)
    sheet = book[wb.DECISION_SHEET]
    headers = {c.value: c.column for c in sheet[1]}
    row = next(
        r
        for r in range(2, sheet.max_row + 1)
        if sheet.cell(r, headers["Kandidat"]).value
        and sheet.cell(r, headers["Beslutning"]).value != "Ønsker at gå videre"
    )
    title = sheet.cell(row, headers["Kandidat"]).value
    for header, value in {
        "Beslutning": "Ønsker at gå videre",
        "Udvalg": "Økonomiudvalget",
        "Mødedato": "21-01-2027",
        "Dagsordenspunkt": "7",
    }.items():
        sheet.cell(row, headers[header]).value = value
    book.save(workbook)

    with journey.step("indlæs projektmappe"):
        page.locator('[data-testid="stFileUploader"]').locator(
            'input[type="file"]'
        ).set_input_files(workbook)
        settle(page)
        page.get_by_role("button", name="Indlæs", exact=True).click()
        expect(page.get_by_text("registreret 1 · uændret", exact=False)).to_be_visible(
            timeout=30_000
        )
        settle(page)
    decided = state.political_decisions(read_events(open_store(store_url))).filter(
        (pl.col("municipality") == "Haderslev") & (pl.col("title") == title)
    )
    assert decided.select("user_name", "committee", "meeting_date").row(0) == (
        "Birthe Sønderby",
        "Økonomiudvalget",
        "2027-01-21",
    )

    with journey.step("dagsordensbilag"):
        page.get_by_role("button", name="Lav dagsordensbilag").click()
        annex_button = page.get_by_role("button", name="Hent dagsordensbilag-haderslev.pdf")
        expect(annex_button).to_be_visible(timeout=90_000)
        with page.expect_download() as download:
            annex_button.click()
        pdf = download.value.path()
    annex_button.scroll_into_view_if_needed()
    journey.screenshot("sekretariat-dagsordensbilag")
    text = re.sub(r"\s+", " ", "".join(p.extract_text() for p in PdfReader(pdf).pages))
    assert "Haderslev" in text and title in text, text[:2000]
    assert "Økonomiudvalget" in text and "pkt. 7" in text, text[:2000]
    established = len(phase3_state.established(read_events(open_store(store_url))))
    assert f"og {established} er besluttet etableret" in text, text[:2000]
    assert page.locator(EXCEPTION).count() == 0


# Each drawn text of the chart with the height on screen it is drawn at (an SVG text has no
# innerText).
SVG_TEXTS = """texts => texts.map(t => {
  const box = t.getBoundingClientRect();
  return [t.textContent, box.top + box.height / 2];
})"""


def funnel_drawn(chart: Locator) -> dict[str, int]:
    """The numbers the funnel draws in its bars, by stage: each bar's text with the stage label
    level with it on the axis."""
    expect(chart).to_contain_text("Etableret", timeout=30_000)
    stages = chart.locator("g.ytick text").evaluate_all(SVG_TEXTS)
    values = chart.locator("text.bartext").evaluate_all(SVG_TEXTS)
    assert len(values) == len(stages), (stages, values)
    return {
        stage: int(min(values, key=lambda drawn, at=at: abs(drawn[1] - at))[0])
        for stage, at in stages
    }


def rows_on_screen(table: Locator) -> int:
    return len(
        set(
            table.locator("td[role=gridcell]").evaluate_all(
                "cells => cells.map(c => c.id.split('-').pop())"
            )
        )
    )


def test_the_committee_follows_the_established_count_to_the_follow_up(
    journey: Journey, app
) -> None:
    url, run, store_url = app
    page = journey.page
    established = len(phase3_state.established(read_events(open_store(store_url))))
    assert established == 1  # the demo cycle establishes one operation
    first_page(journey, url)
    with journey.step("vælg bruger"):
        pick_user(page, "Jens Aagaard", "Koordinationsudvalgets forside")
    on_home = funnel_drawn(page.locator('[data-testid="stPlotlyChart"]').first)
    assert on_home["Etableret"] == established
    journey.screenshot("udvalg-forside")
    phases = page.locator('[data-testid="stDataFrame"]').first
    on_screen = columns_on_screen(phases)
    for header in ("Nr.", "Forslag", "Fase", "Vil gå videre", "Besluttet politisk af"):
        assert header in on_screen, on_screen
    journey.screenshot("udvalg-hver-kandidats-fase", phases)

    with journey.step("overblik"):
        go_to(page, "Overblik", "Overblik")
    funnel = page.locator('[data-testid="stPlotlyChart"]').filter(
        has_text="Hvor langt er kandidaterne nået?"
    )
    assert funnel_drawn(funnel) == on_home

    with journey.step("fase 3"):
        go_to(page, "Fase 3", "Fase 3 – målrettede analyser")
    to_follow_up = page.get_by_role("link", name=f"{established} etableret – se opfølgningen")
    expect(to_follow_up).to_be_visible()
    # Every candidate in phase 3 (analysed, established or given up) is a row of the portfolio.
    portfolio = page.locator('[data-testid="stDataFrame"]').first
    assert "Status" in columns_on_screen(portfolio)
    assert rows_on_screen(portfolio) == on_home["I målrettet analyse"]
    journey.screenshot("udvalg-fase3")

    with journey.step("opfølgning"):
        to_follow_up.click()
        expect(
            page.get_by_role("heading", name="Opfølgning på etablerede driftsfællesskaber")
        ).to_be_visible(timeout=30_000)
        settle(page)
    overview = page.locator('[data-testid="stDataFrame"]').first
    assert "Driftsfællesskab" in columns_on_screen(overview)
    assert rows_on_screen(overview) == established
    journey.screenshot("udvalg-opfoelgning")
    assert page.locator(EXCEPTION).count() == 0
