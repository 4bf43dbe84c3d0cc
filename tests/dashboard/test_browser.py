"""The dashboard in a real browser: ``streamlit run`` as a subprocess, Chromium through Playwright.

AppTest runs the scripts but not the frontend; this test catches what only a browser shows
(the page does not load, the table does not render, an exception box appears). Screenshots are
saved beside the test's temporary files for a human to look at.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest
from dashboard_sample_round import APP, ROUND, TEMPLATES, ScreeningRun
from playwright.sync_api import Page, expect, sync_playwright

from screening.template.writer import write_template

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
STARTUP_SECONDS = 60
EXCEPTION = '[data-testid="stException"]'


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_healthy(url: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"streamlit stopped during start-up:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return
        except OSError:
            pass
        time.sleep(0.5)
    pytest.fail(f"streamlit did not answer within {STARTUP_SECONDS} s:\n{log.read_text()}")


@pytest.fixture(scope="module")
def dashboard_url(
    screening_run: ScreeningRun, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    port = _free_port()
    log = tmp_path_factory.mktemp("streamlit") / "streamlit.log"
    env = {
        **os.environ,
        **screening_run.env(),
        # A decision store of this module's own: the pages read it live, and the last test writes.
        "SCREENING_DECISIONS_URL": f"sqlite:///{log.parent / 'decisions.sqlite'}",
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
    }
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP),
        "--server.headless",
        "true",
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
    ]
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
def browser_page(dashboard_url: str) -> Iterator[Page]:
    if not CHROMIUM.is_file():
        pytest.fail(
            f"Chromium is missing at {CHROMIUM}; the browser test needs it. "
            "Install it with: apt-get update && apt-get install -y chromium"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1600, "height": 1100}, locale="da-DK")
        yield page
        browser.close()


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("screenshots")


def _settle(page: Page) -> None:
    # Wait for the script run to end, so an exception raised late in the page is on screen too.
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=30_000)
    page.wait_for_timeout(500)


def test_gross_list_in_browser(
    browser_page: Page, dashboard_url: str, screening_run: ScreeningRun, screenshots: Path
) -> None:
    page, top = browser_page, screening_run.top
    page.goto(f"{dashboard_url}/bruttoliste")
    expect(page.get_by_role("heading", name="Bruttoliste")).to_be_visible(timeout=30_000)
    # The table draws on a canvas; the picker under it names the top candidate in plain text.
    expect(page.get_by_role("combobox", name="Kandidat")).to_have_value(
        re.compile(rf"^1\. {re.escape(top['title'])} "), timeout=30_000
    )
    expect(page.locator('[data-testid="stDataFrame"]')).to_be_visible()
    _settle(page)
    page.screenshot(path=screenshots / "bruttoliste.png", full_page=True)
    assert page.locator(EXCEPTION).count() == 0


def test_selecting_a_row_opens_the_candidate(
    browser_page: Page, dashboard_url: str, screening_run: ScreeningRun, screenshots: Path
) -> None:
    page = browser_page
    page.goto(f"{dashboard_url}/bruttoliste")
    table = page.locator('[data-testid="stDataFrame"]')
    expect(table).to_be_visible(timeout=30_000)
    _settle(page)
    second = screening_run.gross_list.row(1, named=True)
    box = table.bounding_box()
    assert box is not None
    # The row's tick box sits in the leftmost column; rows are about 35 px under a 35 px header.
    page.mouse.click(box["x"] + 16, box["y"] + 35 + 35 + 17)
    page.wait_for_url(re.compile(r"/kandidat\?kandidat="), timeout=30_000)
    expect(page.get_by_role("heading", name=second["title"], exact=True)).to_be_visible()
    _settle(page)
    assert page.locator(EXCEPTION).count() == 0
    # Back on the list, the old selection must not send the user straight back.
    page.get_by_role("link", name="Tilbage til bruttolisten").click()
    expect(page.get_by_role("heading", name="Bruttoliste")).to_be_visible(timeout=30_000)
    _settle(page)
    assert "/bruttoliste" in page.url


def test_the_demo_user_stays_through_a_row_click_and_a_reload(
    browser_page: Page, dashboard_url: str, screening_run: ScreeningRun
) -> None:
    page = browser_page
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{dashboard_url}/bruttoliste")
    table = page.locator('[data-testid="stDataFrame"]')
    expect(table).to_be_visible(timeout=30_000)
    _settle(page)
    # The picker is at the top of the sidebar: in view at 1280×720 without scrolling.
    expect(page.get_by_role("combobox", name=USER_PICKER)).to_be_in_viewport()
    _choose(page, USER_PICKER, "Søren Kjær (Aabenraa, Direktion)")
    box = table.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + 16, box["y"] + 35 + 35 + 17)
    page.wait_for_url(re.compile(r"/kandidat\?.*bruger=aabenraa\.direktion"), timeout=30_000)
    _settle(page)
    picker = page.get_by_role("combobox", name=USER_PICKER)
    expect(picker).to_have_value("Søren Kjær (Aabenraa, Direktion)")
    page.reload()
    expect(picker).to_have_value("Søren Kjær (Aabenraa, Direktion)", timeout=30_000)
    _settle(page)
    _go_to(page, "Prioritering", "Prioritering")
    expect(page.get_by_role("button", name="Gem prioriteringer")).to_be_visible(timeout=30_000)
    # Back to read-only for the tests after this one, which start without a user.
    _choose(page, USER_PICKER, "Ingen (kun læse)")
    assert "bruger=" not in page.url
    page.set_viewport_size({"width": 1600, "height": 1100})  # the module's page, as it was


def test_overview_in_browser(
    browser_page: Page, dashboard_url: str, screening_run: ScreeningRun, screenshots: Path
) -> None:
    page = browser_page
    page.goto(dashboard_url)
    expect(page.get_by_role("heading", name="Overblik")).to_be_visible(timeout=30_000)
    candidates = page.locator('[data-testid="stMetric"]').filter(has_text="Kandidater på")
    expect(candidates).to_contain_text(str(screening_run.gross_list.height))
    # The four charts of the gross list, the funnel of where the candidates stand, and the
    # round plan's timeline.
    expect(page.locator('[data-testid="stPlotlyChart"]')).to_have_count(6, timeout=30_000)
    _settle(page)
    page.screenshot(path=screenshots / "overblik.png", full_page=True)
    assert page.locator(EXCEPTION).count() == 0


def test_candidate_in_browser(
    browser_page: Page, dashboard_url: str, screening_run: ScreeningRun, screenshots: Path
) -> None:
    page = browser_page
    candidate = screening_run.gross_list.filter(pl.col("authority_exercise")).row(0, named=True)
    page.goto(f"{dashboard_url}/kandidat?kandidat={candidate['candidate_id']}")
    expect(page.get_by_role("heading", name=candidate["title"], exact=True)).to_be_visible(
        timeout=30_000
    )
    for municipality in candidate["municipalities"]:
        expect(page.get_by_role("heading", name=municipality, exact=True)).to_be_visible()
    expect(page.get_by_text("Myndighedsudøvelse.", exact=False).first).to_be_visible()
    # The score's parts, and the same beside another candidate's.
    expect(page.locator('[data-testid="stPlotlyChart"]')).to_have_count(2, timeout=30_000)
    _settle(page)
    page.screenshot(path=screenshots / "kandidat.png", full_page=True)
    # The app scrolls inside its own container, so the score chart needs a picture of its own.
    page.locator('[data-testid="stPlotlyChart"]').first.screenshot(
        path=screenshots / "kandidat_score.png"
    )
    assert page.locator(EXCEPTION).count() == 0


def test_project_group_pages_in_browser(
    browser_page: Page, dashboard_url: str, screenshots: Path
) -> None:
    page = browser_page
    page.goto(f"{dashboard_url}/datakvalitet")
    expect(page.get_by_role("heading", name="Datakvalitet")).to_be_visible(timeout=30_000)
    expect(page.locator('[data-testid="stDataFrame"]').first).to_be_visible(timeout=30_000)
    _settle(page)
    page.screenshot(path=screenshots / "datakvalitet.png", full_page=True)
    assert page.locator(EXCEPTION).count() == 0

    page.goto(f"{dashboard_url}/sammenkobling")
    expect(page.get_by_role("heading", name="Sammenkobling")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("Rengøring af kommunale bygninger").first).to_be_visible()
    expect(page.get_by_role("button", name="Det er ikke samme opgave")).to_be_visible()
    _settle(page)
    page.screenshot(path=screenshots / "sammenkobling.png", full_page=True)
    assert page.locator(EXCEPTION).count() == 0


def test_upload_in_browser(
    browser_page: Page, dashboard_url: str, screenshots: Path, tmp_path: Path
) -> None:
    page = browser_page
    template = write_template(
        tmp_path / "haderslev.xlsx", "Haderslev", ROUND, TEMPLATES["Haderslev"]
    )
    page.goto(f"{dashboard_url}/indsend")
    expect(page.get_by_role("heading", name="Indsend skabelon")).to_be_visible(timeout=30_000)
    page.locator('input[type="file"]').set_input_files(template)
    expect(page.get_by_text("Se de 2 advarsler efter", exact=False)).to_be_visible(timeout=30_000)
    expect(page.get_by_role("button", name="Hent kopi med rettelser")).to_be_visible()
    _settle(page)
    page.screenshot(path=screenshots / "indsend.png", full_page=True)
    assert page.locator(EXCEPTION).count() == 0


@pytest.mark.parametrize(
    ("url_path", "heading"),
    [("vaegte", "Vægte"), ("scenarier", "Scenarier"), ("indsats-og-vaerdi", "Indsats og værdi")],
)
def test_prioritising_pages_in_browser(
    browser_page: Page, dashboard_url: str, screenshots: Path, url_path: str, heading: str
) -> None:
    page = browser_page
    page.goto(f"{dashboard_url}/{url_path}")
    expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible(timeout=30_000)
    expect(page.locator('[data-testid="stDataFrame"]').first).to_be_visible(timeout=30_000)
    _settle(page)
    page.screenshot(path=screenshots / f"{url_path}.png", full_page=True)
    assert page.locator(EXCEPTION).count() == 0


def _choose(page: Page, label: str, option: str) -> None:
    """Pick ``option`` in the selectbox ``label``, the way a user does, and wait for the rerun.

    Scrolled into view first, as a reader scrolls the long sidebar before clicking: a click
    while the sidebar is still scrolling closes the list as it opens."""
    box = page.get_by_role("combobox", name=label)
    box.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    box.click()
    page.get_by_role("option", name=option, exact=True).click()
    _settle(page)


def _go_to(page: Page, link: str, heading: str) -> None:
    # Through the sidebar, not a new address: a fresh load would be a new session without the
    # chosen demo user, exactly as for a real user.
    page.get_by_role("link", name=link, exact=True).click()
    expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible(timeout=30_000)
    _settle(page)


# Widths of the columns before «Prioritet» on Prioritering (dashboard/app_pages/priorities.py).
PRIORITY_COLUMN_X = 45 + 220 + 75
USER_PICKER = "Demo-tilstand: vælg bruger"


def test_phases_1_and_2_in_browser(
    browser_page: Page, dashboard_url: str, screening_run: ScreeningRun, screenshots: Path
) -> None:
    """A director prioritises, the project group freezes, two committees want to go on: the
    candidate is on the phase-3 list and the funnel on «Overblik» counts it. Runs last in this
    module, since it is the only test that writes decisions."""
    page, top = browser_page, screening_run.top
    n = screening_run.gross_list.height
    page.goto(f"{dashboard_url}/prioritering")
    expect(page.get_by_role("heading", name="Prioritering", exact=True)).to_be_visible(
        timeout=30_000
    )
    _settle(page)
    expect(page.get_by_text("kun læse", exact=False).first).to_be_visible()
    expect(page.get_by_role("button", name="Gem prioriteringer")).to_have_count(0)

    # Phase 1: Aabenraa's director sets «Høj» on the top candidate, in the table itself.
    _choose(page, USER_PICKER, "Søren Kjær (Aabenraa, Direktion)")
    expect(page.get_by_role("button", name="Gem prioriteringer")).to_be_visible(timeout=30_000)
    _settle(page)
    table = page.locator('[data-testid="stDataFrame"]').first
    box = table.bounding_box()
    assert box is not None
    page.mouse.dblclick(box["x"] + PRIORITY_COLUMN_X, box["y"] + 35 + 17)
    page.get_by_role("option", name="Høj", exact=True).click()
    page.wait_for_timeout(500)  # the grid hands the edit to Streamlit
    page.screenshot(path=screenshots / "prioritering_redigeret.png", full_page=True)
    page.get_by_role("button", name="Gem prioriteringer").click()
    _settle(page)
    expect(page.get_by_text("Gemt: 1 prioritering.")).to_be_visible()
    expect(page.get_by_text(f"{top['title']}: Høj")).to_be_visible()
    expect(page.get_by_text("Aabenraa har prioriteret 1 af", exact=False)).to_be_visible()
    page.screenshot(path=screenshots / "prioritering.png", full_page=True)

    # The project group freezes the list as presented to the coordination committee.
    _go_to(page, "Fastfrosne lister", "Fastfrosne lister")
    _choose(page, USER_PICKER, "Karen Holm (Haderslev, Projektgruppe)")
    page.get_by_label("Navn på den fastfrosne liste").fill("Forelagt KU 12. marts")
    page.get_by_role("button", name="Fastfrys bruttolisten").click()
    _settle(page)
    expect(
        page.get_by_text("Bruttolisten er fastfrosset som «Forelagt KU 12. marts»")
    ).to_be_visible()
    page.screenshot(path=screenshots / "fastfrosne_lister.png", full_page=True)

    # Phase 2: Aabenraa's and Haderslev's committees want to go on with the top candidate.
    _go_to(page, "Politiske beslutninger", "Politiske beslutninger")
    first_option = re.compile(rf"^1\. {re.escape(top['title'])} ")
    for secretary, municipality in (
        ("Lone Bøgh (Aabenraa, Udvalgssekretariat)", "Aabenraa"),
        ("Birthe Sønderby (Haderslev, Udvalgssekretariat)", "Haderslev"),
    ):
        _choose(page, USER_PICKER, secretary)
        page.get_by_role("combobox", name="Kandidat").click()
        page.get_by_role("option", name=first_option).click()
        _settle(page)
        page.get_by_text("Ønsker at gå videre", exact=True).first.click()
        page.get_by_label("Udvalg", exact=True).fill("Økonomiudvalget")
        page.get_by_label("Dagsordenspunkt").fill("Punkt 7")
        page.get_by_role("button", name="Gem beslutning").click()
        _settle(page)
        expect(page.get_by_text(f"Gemt for {municipality}:", exact=False)).to_be_visible()
        # Ready for the next item of the same meeting: the decision and the item are cleared.
        expect(page.get_by_label("Dagsordenspunkt")).to_have_value("")
        expect(page.get_by_label("Udvalg", exact=True)).to_have_value("Økonomiudvalget")
    metric = page.locator('[data-testid="stMetric"]').filter(has_text="mindst to kommuner")
    expect(metric).to_contain_text(f"1 af {n}")
    page.screenshot(path=screenshots / "politiske_beslutninger.png", full_page=True)
    assert page.locator(EXCEPTION).count() == 0

    # Overblik: the funnel beside the four charts of the gross list (and the round's timeline).
    _go_to(page, "Overblik", "Overblik")
    expect(page.locator('[data-testid="stPlotlyChart"]')).to_have_count(6, timeout=30_000)
    funnel = page.locator('[data-testid="stPlotlyChart"]').nth(4)
    expect(funnel).to_contain_text("I målrettet analyse")
    funnel.screenshot(path=screenshots / "tragt.png")
    assert page.locator(EXCEPTION).count() == 0


def test_the_dashboard_answers_others_while_a_hostile_file_is_checked(
    browser_page: Page, dashboard_url: str, tmp_path: Path
) -> None:
    """A 0.8 MB workbook whose task sheet ends in a comment full of unclosed cells
    held the server for minutes while its upload was checked. One session uploads it; a second
    session opens «Overblik» meanwhile and must get its page at once, and the first its verdict."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "screening"))
    from corpus import CRAFTED_SIZES, cells_left_open_in_a_comment

    crafted = cells_left_open_in_a_comment(tmp_path / "tønder.xlsx", CRAFTED_SIZES[-1])
    uploader = browser_page
    reader = browser_page.context.browser.new_page(locale="da-DK")  # its own session
    try:
        uploader.goto(f"{dashboard_url}/indsend")
        expect(uploader.get_by_role("heading", name="Indsend skabelon")).to_be_visible(
            timeout=30_000
        )
        reader.goto(f"{dashboard_url}/indsend")  # the second session is open before the upload
        expect(reader.get_by_role("heading", name="Indsend skabelon")).to_be_visible(timeout=30_000)
        uploader.locator('input[type="file"]').set_input_files(crafted)
        started = time.monotonic()
        reader.goto(f"{dashboard_url}/overblik")
        expect(reader.get_by_role("heading", name="Overblik")).to_be_visible(timeout=15_000)
        expect(reader.locator('[data-testid="stPlotlyChart"]').first).to_be_visible(timeout=15_000)
        answered_in = time.monotonic() - started
        expect(uploader.get_by_text("vil blive modtaget", exact=False)).to_be_visible(
            timeout=30_000
        )
        assert answered_in < 15
        assert uploader.locator(EXCEPTION).count() == 0
    finally:
        reader.close()
