"""The round plan in a real browser: ``streamlit run`` as a subprocess, Chromium through
Playwright, on the sample round with the day fixed at 14 December 2026 (after the sample
plan's screening deadline). The overview draws the timeline with today and the late
milestones; Rundeplan offers Sønderborg's reminder (its newest file is refused); Runder opens
2014 beside 2026."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from dashboard_sample_round import APP, ScreeningRun
from playwright.sync_api import Page, expect, sync_playwright
from test_browser import CHROMIUM, CHROMIUM_ARGS, _free_port, _settle, _wait_until_healthy


@pytest.fixture(scope="module")
def round_dashboard(
    screening_run: ScreeningRun, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    port = _free_port()
    log = tmp_path_factory.mktemp("streamlit_rounds") / "streamlit.log"
    env = {
        **os.environ,
        **screening_run.env(),
        "SCREENING_DECISIONS_URL": f"sqlite:///{log.parent / 'decisions.sqlite'}",
        "SCREENING_TODAY": "2026-12-14",
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
    }
    command = [
        sys.executable, "-m", "streamlit", "run", str(APP), "--server.headless", "true",
        "--server.address", "127.0.0.1", "--server.port", str(port),
    ]  # fmt: skip
    with open(log, "w") as output:
        server = subprocess.Popen(
            command, env=env, cwd=APP.parents[1], stdout=output, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_healthy(url, server, log)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


@pytest.fixture(scope="module")
def page(round_dashboard: str) -> Iterator[Page]:
    assert CHROMIUM.is_file(), f"Chromium is missing at {CHROMIUM}"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser.new_page(viewport={"width": 1600, "height": 1100}, locale="da-DK")
        browser.close()


def test_the_round_plan_in_the_browser(page: Page, round_dashboard: str, tmp_path: Path) -> None:
    page.goto(round_dashboard)  # the overview is the default page
    expect(page.get_by_role("heading", name="Rundeplan")).to_be_visible(timeout=30_000)
    _settle(page)
    timeline = page.locator(".js-plotly-plot").filter(has_text="milepæle")
    expect(timeline).to_contain_text("I dag, 14. dec. 2026")
    expect(timeline).to_contain_text("! Kommissorium")  # late: not marked done, date passed
    expect(timeline).to_contain_text("Screening – Tønder")
    expect(page.get_by_text("Kommunernes status")).to_be_visible()
    page.screenshot(path=tmp_path / "overblik.png", full_page=True)

    page.goto(f"{round_dashboard}/rundeplan")
    expect(page.get_by_role("heading", name="Påmindelser")).to_be_visible(timeout=30_000)
    _settle(page)
    reminder = page.locator('[data-testid="stCode"]')
    expect(reminder).to_contain_text("Sønderborg Kommune")
    expect(reminder).to_contain_text("Sønderborg runde 2014.xlsx")

    page.goto(f"{round_dashboard}/runder")
    expect(page.get_by_role("heading", name="Screening 2014", exact=True)).to_be_visible(
        timeout=30_000
    )
    _settle(page)
    expect(page.get_by_text("Screening 2014 ved siden af Screeningsrunde 2026")).to_be_visible()
