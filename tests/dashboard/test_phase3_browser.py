"""A new user follows a candidate from the gross list through phase 3 to its realised gains, in
a real browser: ``streamlit run`` as a subprocess with the demo cycle in its decision store,
Chromium through Playwright (the set-up of live_dashboard.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from dashboard_sample_round import ScreeningRun
from live_dashboard import EXCEPTION, dashboard, settle
from playwright.sync_api import Page, expect

from screening.config import load_screening_config
from screening.decisions.store import dispose_all, open_store, read_events
from screening.decisions.users import load_users
from screening.demo.cycle import write_demo_cycle
from screening.phase3 import state

pytestmark = pytest.mark.slow  # a dashboard and a walk through phase 3 in Chromium


@pytest.fixture(scope="module")
def demo_dashboard(
    screening_run: ScreeningRun, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, state.Phase3Candidate]]:
    folder = tmp_path_factory.mktemp("phase3_browser")
    url = f"sqlite:///{folder / 'decisions.sqlite'}"
    config = load_screening_config()
    engine = open_store(url)
    write_demo_cycle(engine, screening_run.gross_list, load_users(config), config)
    log = read_events(engine)
    established = next(
        c
        for c in state.phase3_candidates(screening_run.gross_list, log)
        if state.status(log, c.candidate_id).value == state.ESTABLISHED
    )
    dispose_all()
    with dashboard(folder, {**screening_run.env(), "SCREENING_DECISIONS_URL": url}) as address:
        yield address, established


def test_from_the_candidate_to_its_realised_gains(
    page: Page, demo_dashboard, tmp_path: Path
) -> None:
    address, candidate = demo_dashboard
    page.goto(f"{address}/kandidat?kandidat={candidate.candidate_id}")
    link = page.get_by_role("link", name="Den målrettede analyse (fase 3)")
    expect(link).to_be_visible(timeout=60_000)
    link.click()
    expect(page.get_by_role("heading", name="Fase 3 – målrettede analyser")).to_be_visible(
        timeout=30_000
    )
    expect(page.get_by_role("heading", name=candidate.title)).to_be_visible()
    page.get_by_role("tab", name="Business case").click()
    expect(page.get_by_text("Tilbagebetalingstid", exact=True)).to_be_visible()
    page.get_by_role("tab", name="Fordelingsnøgle").click()
    expect(page.locator(".js-plotly-plot").first).to_be_visible()
    settle(page)
    page.screenshot(path=tmp_path / "fase3.png", full_page=True)
    assert page.locator(EXCEPTION).count() == 0

    page.get_by_role("link", name="1 etableret – se opfølgningen").click()
    expect(
        page.get_by_role("heading", name="Opfølgning på etablerede driftsfællesskaber")
    ).to_be_visible(timeout=30_000)
    expect(page.get_by_role("heading", name="Realiseret mod forventet gevinst")).to_be_visible()
    chart = page.locator(".js-plotly-plot").first
    expect(chart).to_be_visible()
    # The first year fell short: its bars are drawn red.
    expect(chart.locator("g.point path[style*='rgb(198, 40, 40)']").first).to_be_attached()
    # The agreement's catalogue holds a type-D service, and the page explains type D. A data
    # grid's cells are drawn on a canvas; their text is in the grid's accessible table, which a
    # busy browser may not have laid out yet, so that one is checked as present.
    grid = page.locator('[data-testid="stDataFrame"]')
    expect(grid.get_by_text("Type D – projekt", exact=False).first).to_be_attached()
    explained = page.locator('[data-testid="stMarkdown"]').get_by_text("Type D – projekt")
    expect(explained.first).to_be_visible()
    settle(page)
    page.screenshot(path=tmp_path / "opfoelgning.png", full_page=True)
    assert page.locator(EXCEPTION).count() == 0
