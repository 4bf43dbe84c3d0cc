"""The round plan in a real browser: ``streamlit run`` as a subprocess, Chromium through
Playwright, on the sample round with the day fixed at 14 December 2026 (after the sample
plan's screening deadline). The overview draws the timeline with today and the late
milestones; Rundeplan offers Sønderborg's reminder (its newest file is refused); Runder opens
2014 beside 2026."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from dashboard_sample_round import ScreeningRun
from live_dashboard import dashboard, settle
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.slow  # a dashboard of its own in Chromium


@pytest.fixture(scope="module")
def round_dashboard(
    screening_run: ScreeningRun, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("streamlit_rounds")
    env = {
        **screening_run.env(),
        "SCREENING_DECISIONS_URL": f"sqlite:///{folder / 'decisions.sqlite'}",
        "SCREENING_TODAY": "2026-12-14",
    }
    with dashboard(folder, env) as url:
        yield url


def test_the_round_plan_in_the_browser(page: Page, round_dashboard: str, tmp_path: Path) -> None:
    page.goto(round_dashboard)  # the overview is the default page
    expect(page.get_by_role("heading", name="Rundeplan")).to_be_visible(timeout=30_000)
    settle(page)
    timeline = page.locator(".js-plotly-plot").filter(has_text="milepæle")
    expect(timeline).to_contain_text("I dag, 14. dec. 2026")
    expect(timeline).to_contain_text("! Kommissorium")  # late: not marked done, date passed
    expect(timeline).to_contain_text("Screening – Tønder")
    expect(page.get_by_text("Kommunernes status")).to_be_visible()
    page.screenshot(path=tmp_path / "overblik.png", full_page=True)

    page.goto(f"{round_dashboard}/rundeplan")
    expect(page.get_by_role("heading", name="Påmindelser")).to_be_visible(timeout=30_000)
    settle(page)
    reminder = page.locator('[data-testid="stCode"]')
    expect(reminder).to_contain_text("Sønderborg Kommune")
    expect(reminder).to_contain_text("Sønderborg runde 2014.xlsx")
    # The automatic reminders below: every column of the next-reminder table in view.
    upcoming = page.locator('[data-testid="stDataFrame"]').filter(
        has=page.locator('th:text-is("Næste automatiske påmindelse")')
    )
    upcoming.scroll_into_view_if_needed()
    headers = upcoming.locator('th[role="columnheader"]')
    expect(headers.first).to_be_attached(timeout=30_000)
    shown = headers.all_inner_texts()
    assert [
        h for h in ("Kommune", "Næste automatiske påmindelse", "Anledning", "Til") if h not in shown
    ] == []
    expect(page.get_by_text("Ingen påmindelser er sendt i runden endnu.")).to_be_visible()
    page.screenshot(path=tmp_path / "rundeplan.png", full_page=True)

    page.goto(f"{round_dashboard}/runder")
    expect(page.get_by_role("heading", name="Screening 2014", exact=True)).to_be_visible(
        timeout=30_000
    )
    settle(page)
    expect(page.get_by_text("Screening 2014 ved siden af Screeningsrunde 2026")).to_be_visible()
