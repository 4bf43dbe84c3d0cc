"""The dashboard in a real browser: ``streamlit run`` as a subprocess, Chromium through Playwright.

AppTest runs the scripts but not the frontend; this test catches what only a browser shows
(the page does not load, the table does not render, an exception box appears). Screenshots are
saved beside the test's temporary files for a human to look at.
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest
from dashboard_sample_round import ROUND, TEMPLATES, ScreeningRun
from live_dashboard import EXCEPTION, USER_PICKER, choose, dashboard, settle
from playwright.sync_api import Page, expect

from screening.template.writer import write_template

pytestmark = pytest.mark.slow  # a dashboard and every page in Chromium


@pytest.fixture(scope="module")
def dashboard_url(
    screening_run: ScreeningRun, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("streamlit")
    # A decision store of this module's own: the pages read it live, and the last test writes.
    env = {
        **screening_run.env(),
        "SCREENING_DECISIONS_URL": f"sqlite:///{folder / 'decisions.sqlite'}",
    }
    with dashboard(folder, env) as url:
        yield url


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("screenshots")


def test_gross_list_in_browser(
    page: Page, dashboard_url: str, screening_run: ScreeningRun, screenshots: Path
) -> None:
    top = screening_run.top
    page.goto(f"{dashboard_url}/bruttoliste")
    expect(page.get_by_role("heading", name="Bruttoliste")).to_be_visible(timeout=30_000)
    # The table draws on a canvas; the picker under it names the top candidate in plain text.
    expect(page.get_by_role("combobox", name="Kandidat")).to_have_value(
        re.compile(rf"^1\. {re.escape(top['title'])} "), timeout=30_000
    )
    expect(page.locator('[data-testid="stDataFrame"]')).to_be_visible()
    settle(page)
    page.screenshot(path=screenshots / "bruttoliste.png", full_page=True)
    assert page.locator(EXCEPTION).count() == 0


def test_selecting_a_row_opens_the_candidate(
    page: Page, dashboard_url: str, screening_run: ScreeningRun, screenshots: Path
) -> None:
    page.goto(f"{dashboard_url}/bruttoliste")
    table = page.locator('[data-testid="stDataFrame"]')
    expect(table).to_be_visible(timeout=30_000)
    settle(page)
    second = screening_run.gross_list.row(1, named=True)
    box = table.bounding_box()
    assert box is not None
    # The row's tick box sits in the leftmost column; rows are about 35 px under a 35 px header.
    page.mouse.click(box["x"] + 16, box["y"] + 35 + 35 + 17)
    page.wait_for_url(re.compile(r"/kandidat\?kandidat="), timeout=30_000)
    expect(page.get_by_role("heading", name=second["title"], exact=True)).to_be_visible()
    settle(page)
    assert page.locator(EXCEPTION).count() == 0
    # Back on the list, the old selection must not send the user straight back.
    page.get_by_role("link", name="Tilbage til bruttolisten").click()
    expect(page.get_by_role("heading", name="Bruttoliste")).to_be_visible(timeout=30_000)
    settle(page)
    assert "/bruttoliste" in page.url


def test_the_demo_user_stays_through_a_row_click_and_a_reload(
    page: Page, dashboard_url: str, screening_run: ScreeningRun
) -> None:
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{dashboard_url}/bruttoliste")
    table = page.locator('[data-testid="stDataFrame"]')
    expect(table).to_be_visible(timeout=30_000)
    settle(page)
    # The picker is at the top of the sidebar: in view at 1280×720 without scrolling.
    expect(page.get_by_role("combobox", name=USER_PICKER)).to_be_in_viewport()
    choose(page, USER_PICKER, "Søren Kjær (Aabenraa, Direktion)")
    box = table.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + 16, box["y"] + 35 + 35 + 17)
    page.wait_for_url(re.compile(r"/kandidat\?.*bruger=aabenraa\.direktion"), timeout=30_000)
    settle(page)
    picker = page.get_by_role("combobox", name=USER_PICKER)
    expect(picker).to_have_value("Søren Kjær (Aabenraa, Direktion)")
    page.reload()
    expect(picker).to_have_value("Søren Kjær (Aabenraa, Direktion)", timeout=30_000)
    settle(page)
    _go_to(page, "Prioritering", "Prioritering")
    expect(page.get_by_role("button", name="Gem prioriteringer")).to_be_visible(timeout=30_000)
    # Back to read-only: the address forgets the user.
    choose(page, USER_PICKER, "Ingen (kun læse)")
    # The address changes when the page has rerun, a moment after the choice.
    expect(page).not_to_have_url(re.compile(r"bruger="), timeout=30_000)


def test_the_language_switch_keeps_the_user_and_words_streamlit_in_the_readers_language(
    page: Page, dashboard_url: str
) -> None:
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{dashboard_url}/bruttoliste")
    expect(page.get_by_role("heading", name="Bruttoliste")).to_be_visible(timeout=30_000)
    settle(page)
    # Streamlit's instruction under a text being typed, in Danish (it has no setting for it).
    page.get_by_label("Søg i opgavernes titler").fill("løn")
    expect(page.get_by_text("Tryk Enter for at bruge")).to_be_visible(timeout=10_000)
    assert "Press Enter" not in page.locator("body").inner_text()
    page.get_by_label("Søg i opgavernes titler").press("Enter")
    settle(page)
    choose(page, USER_PICKER, "Søren Kjær (Aabenraa, Direktion)")
    page.get_by_text("English", exact=True).click()
    english_picker = page.get_by_role("combobox", name="Demo mode: choose a user")
    expect(english_picker).to_have_value(
        "Søren Kjær (Aabenraa, Board of directors)", timeout=30_000
    )
    settle(page)
    _go_to(page, "Prioritisation", "Prioritisation")
    expect(page.get_by_role("button", name="Save priorities")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("in the column «Priority»", exact=False)).to_be_visible()
    page.get_by_text("Dansk", exact=True).click()
    expect(page.get_by_role("combobox", name=USER_PICKER)).to_have_value(
        "Søren Kjær (Aabenraa, Direktion)", timeout=30_000
    )
    expect(page.get_by_role("button", name="Gem prioriteringer")).to_be_visible(timeout=30_000)


def test_overview_in_browser(
    page: Page, dashboard_url: str, screening_run: ScreeningRun, screenshots: Path
) -> None:
    page.goto(dashboard_url)
    expect(page.get_by_role("heading", name="Overblik")).to_be_visible(timeout=30_000)
    candidates = page.locator('[data-testid="stMetric"]').filter(has_text="Kandidater på")
    expect(candidates).to_contain_text(str(screening_run.gross_list.height))
    # The four charts of the gross list, the funnel of where the candidates stand, and the
    # round plan's timeline.
    expect(page.locator('[data-testid="stPlotlyChart"]')).to_have_count(6, timeout=30_000)
    settle(page)
    page.screenshot(path=screenshots / "overblik.png", full_page=True)
    assert page.locator(EXCEPTION).count() == 0


def test_candidate_in_browser(
    page: Page, dashboard_url: str, screening_run: ScreeningRun, screenshots: Path
) -> None:
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
    settle(page)
    page.screenshot(path=screenshots / "kandidat.png", full_page=True)
    # The app scrolls inside its own container, so the score chart needs a picture of its own.
    page.locator('[data-testid="stPlotlyChart"]').first.screenshot(
        path=screenshots / "kandidat_score.png"
    )
    assert page.locator(EXCEPTION).count() == 0


def test_project_group_pages_in_browser(page: Page, dashboard_url: str, screenshots: Path) -> None:
    page.goto(f"{dashboard_url}/datakvalitet")
    expect(page.get_by_role("heading", name="Datakvalitet")).to_be_visible(timeout=30_000)
    expect(page.locator('[data-testid="stDataFrame"]').first).to_be_visible(timeout=30_000)
    settle(page)
    page.screenshot(path=screenshots / "datakvalitet.png", full_page=True)
    assert page.locator(EXCEPTION).count() == 0

    page.goto(f"{dashboard_url}/sammenkobling")
    expect(page.get_by_role("heading", name="Sammenkobling")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("Rengøring af kommunale bygninger").first).to_be_visible()
    expect(page.get_by_role("button", name="Det er ikke samme opgave")).to_be_visible()
    settle(page)
    page.screenshot(path=screenshots / "sammenkobling.png", full_page=True)
    assert page.locator(EXCEPTION).count() == 0


def test_upload_in_browser(
    page: Page, dashboard_url: str, screenshots: Path, tmp_path: Path
) -> None:
    template = write_template(
        tmp_path / "haderslev.xlsx", "Haderslev", ROUND, TEMPLATES["Haderslev"]
    )
    page.goto(f"{dashboard_url}/indsend")
    expect(page.get_by_role("heading", name="Indsend skabelon")).to_be_visible(timeout=30_000)
    page.locator('input[type="file"]').set_input_files(template)
    expect(page.get_by_text("Se de 2 advarsler efter", exact=False)).to_be_visible(timeout=30_000)
    expect(page.get_by_role("button", name="Hent kopi med rettelser")).to_be_visible()
    settle(page)
    page.screenshot(path=screenshots / "indsend.png", full_page=True)
    assert page.locator(EXCEPTION).count() == 0


@pytest.mark.parametrize(
    ("url_path", "heading"),
    [("vaegte", "Vægte"), ("scenarier", "Scenarier"), ("indsats-og-vaerdi", "Indsats og værdi")],
)
def test_prioritising_pages_in_browser(
    page: Page, dashboard_url: str, screenshots: Path, url_path: str, heading: str
) -> None:
    page.goto(f"{dashboard_url}/{url_path}")
    expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible(timeout=30_000)
    expect(page.locator('[data-testid="stDataFrame"]').first).to_be_visible(timeout=30_000)
    settle(page)
    page.screenshot(path=screenshots / f"{url_path}.png", full_page=True)
    assert page.locator(EXCEPTION).count() == 0


def _go_to(page: Page, link: str, heading: str) -> None:
    # Through the sidebar, not a new address: a fresh load would be a new session without the
    # chosen demo user, exactly as for a real user.
    page.get_by_role("link", name=link, exact=True).click()
    expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible(timeout=30_000)
    settle(page)


# Widths of the columns before «Prioritet» on Prioritering (dashboard/app_pages/priorities.py).
PRIORITY_COLUMN_X = 45 + 220 + 75


def test_phases_1_and_2_in_browser(
    page: Page, dashboard_url: str, screening_run: ScreeningRun, screenshots: Path
) -> None:
    """A director prioritises, the project group freezes, two committees want to go on: the
    candidate is on the phase-3 list and the funnel on «Overblik» counts it. Runs last in this
    module, since it is the only test that writes decisions."""
    top = screening_run.top
    n = screening_run.gross_list.height
    page.goto(f"{dashboard_url}/prioritering")
    expect(page.get_by_role("heading", name="Prioritering", exact=True)).to_be_visible(
        timeout=30_000
    )
    settle(page)
    expect(page.get_by_text("kun læse", exact=False).first).to_be_visible()
    expect(page.get_by_role("button", name="Gem prioriteringer")).to_have_count(0)

    # Phase 1: Aabenraa's director sets «Høj» on the top candidate, in the table itself.
    choose(page, USER_PICKER, "Søren Kjær (Aabenraa, Direktion)")
    expect(page.get_by_role("button", name="Gem prioriteringer")).to_be_visible(timeout=30_000)
    settle(page)
    table = page.locator('[data-testid="stDataFrame"]').first
    box = table.bounding_box()
    assert box is not None
    page.mouse.dblclick(box["x"] + PRIORITY_COLUMN_X, box["y"] + 35 + 17)
    page.get_by_role("option", name="Høj", exact=True).click()
    page.wait_for_timeout(500)  # the grid hands the edit to Streamlit
    page.screenshot(path=screenshots / "prioritering_redigeret.png", full_page=True)
    page.get_by_role("button", name="Gem prioriteringer").click()
    settle(page)
    expect(page.get_by_text("Gemt: 1 prioritering.")).to_be_visible()
    expect(page.get_by_text(f"{top['title']}: Høj")).to_be_visible()
    expect(page.get_by_text("Aabenraa har prioriteret 1 af", exact=False)).to_be_visible()
    page.screenshot(path=screenshots / "prioritering.png", full_page=True)

    # The project group freezes the list as presented to the coordination committee.
    _go_to(page, "Fastfrosne lister", "Fastfrosne lister")
    choose(page, USER_PICKER, "Karen Holm (Haderslev, Projektgruppe)")
    page.get_by_label("Navn på den fastfrosne liste").fill("Forelagt KU 12. marts")
    page.get_by_role("button", name="Fastfrys bruttolisten").click()
    settle(page)
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
        choose(page, USER_PICKER, secretary)
        page.get_by_role("combobox", name="Kandidat").click()
        page.get_by_role("option", name=first_option).click()
        settle(page)
        page.get_by_text("Ønsker at gå videre", exact=True).first.click()
        page.get_by_label("Udvalg", exact=True).fill("Økonomiudvalget")
        page.get_by_label("Dagsordenspunkt").fill("Punkt 7")
        page.get_by_role("button", name="Gem beslutning").click()
        settle(page)
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
    page: Page, dashboard_url: str, tmp_path: Path
) -> None:
    """A 0.8 MB workbook whose task sheet ends in a comment full of unclosed cells
    held the server for minutes while its upload was checked. One session uploads it; a second
    session opens «Overblik» meanwhile and must get its page at once, and the first its verdict."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "screening"))
    from corpus import CRAFTED_SIZES, cells_left_open_in_a_comment

    crafted = cells_left_open_in_a_comment(tmp_path / "tønder.xlsx", CRAFTED_SIZES[-1])
    uploader = page
    reader = page.context.browser.new_page(locale="da-DK")  # its own session
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
