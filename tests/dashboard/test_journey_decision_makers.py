"""The decision makers' day in Chromium at 1280×720, from a fresh start (the sample round and the
demo cycle, as ``screening up`` leaves them): a director prioritises a candidate with a comment,
a committee secretary takes the decision workbook out and back in and downloads the agenda
annex, and a member of the coordination committee follows the established count from the home
to the follow-up. One dashboard for the three: the director and the secretary each change a
decision of their own municipality, which changes no count the committee's journey compares
(it reads every figure it asserts from the live pages and the store)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from io import BytesIO
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


def pick_user(page: Page, name: str, home: str) -> None:
    """The demo picker at the top of the sidebar, as a visitor picks a role; that role's home
    opens."""
    box = page.get_by_role("combobox", name=USER_PICKER)
    expect(box).to_be_in_viewport(timeout=30_000)
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
    with journey.step("forside"):
        page.goto(url)
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
    page.mouse.dblclick(*cell(editor, 45 + 220 + 75, 2))
    page.get_by_role("option", name=label, exact=True).click()
    page.wait_for_timeout(300)
    page.mouse.dblclick(*cell(editor, 45 + 220 + 150 + 110, 2))
    page.keyboard.type(COMMENT)
    page.keyboard.press("Enter")
    page.wait_for_timeout(500)  # the grid hands the edits to Streamlit
    journey.screenshot("direktion-prioritering-redigeret")
    with journey.step("gem"):
        save.click()
        expect(page.get_by_text("Gemt: 1 prioritering.")).to_be_visible(timeout=30_000)
        settle(page)
    expect(page.get_by_text(f"{second['title']}: {label}", exact=False)).to_be_visible()

    with journey.step("genindlæs"):
        page.reload()
        expect(page.get_by_role("button", name="Gem prioriteringer")).to_be_visible(
            timeout=30_000
        )
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
