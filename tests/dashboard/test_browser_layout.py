"""What a director notices at once, checked in a real browser at 1280×720 and 1920×1080.

Streamlit runs as a subprocess on 127.0.0.1 and Chromium opens the pages through the sidebar, as
a user does. Each test asserts what a reader would see: no key figure or label cut with «…», no
word broken in the middle, the gross list's flags on screen and more than ten rows at a time,
Danish where Streamlit writes its own English, a broken file's findings with their whole
message, and nothing fetched from any host but the dashboard's own. Screenshots are saved beside
the test's temporary files for a human to look at.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import polars as pl
import pytest
from dashboard_sample_round import ScreeningRun
from live_dashboard import dashboard
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.slow  # every page in Chromium at two sizes

VIEWPORTS = {"1280x720": (1280, 720), "1920x1080": (1920, 1080)}
EXCEPTION = '[data-testid="stException"]'
STREAMLIT_ENGLISH = (
    "Drag and drop",
    "200MB",
    "per file",
    "Browse files",
    "Page not found",
    "Select...",
    "+Enter to apply",
)

# The words of an element that the browser laid out over two lines: a word broken mid-word.
BROKEN_WORDS = """
(element) => {
  const broken = [];
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const re = /\\S+/g;
    let match;
    while ((match = re.exec(node.nodeValue)) !== null) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
      if (tops.size > 1) broken.push(match[0]);
    }
  }
  return broken;
}
"""


@pytest.fixture(scope="module")
def dashboard_url(
    screening_run: ScreeningRun, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("streamlit_layout")
    env = {
        **screening_run.env(),
        "SCREENING_DECISIONS_URL": f"sqlite:///{folder / 'decisions.sqlite'}",
    }
    with dashboard(folder, env) as url:
        yield url


class Watched:
    """A browser page that records every request leaving 127.0.0.1 and every console error."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.outside: list[str] = []
        self.console_errors: list[str] = []
        page.on("request", self._request)
        page.on("console", self._console)

    def _request(self, request) -> None:
        host = urlparse(request.url).hostname
        if request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            return
        self.outside.append(request.url)

    def _console(self, message) -> None:
        if message.type == "error":
            self.console_errors.append(message.text)


@pytest.fixture(scope="module", params=list(VIEWPORTS))
def browser(request, chromium: Browser, dashboard_url: str) -> Iterator[tuple[Watched, str]]:
    width, height = VIEWPORTS[request.param]
    context = chromium.new_context(viewport={"width": width, "height": height}, locale="da-DK")
    page = context.new_page()
    watched = Watched(page)
    # The front page, then every page through the sidebar: one session, as a user has.
    page.goto(dashboard_url)
    expect(page.get_by_role("heading", name="Overblik")).to_be_visible(timeout=30_000)
    yield watched, request.param
    context.close()


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("layout_screenshots")


def _settle(page: Page) -> None:
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=30_000)
    page.wait_for_timeout(700)


def _open(page: Page, link: str, heading: str) -> None:
    page.get_by_role("link", name=link, exact=True).click()
    expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible(timeout=30_000)
    _settle(page)


def _cut(page: Page, selector: str) -> list[str]:
    """The texts of ``selector`` wider than their box (Streamlit ends them in «…»)."""
    cut = []
    for element in page.locator(selector).all():
        wider, text = element.evaluate(
            "e => [[e, ...e.querySelectorAll('*')].some(x => x.scrollWidth > x.clientWidth + 1),"
            " e.innerText]"
        )
        if wider:
            cut.append(text)
    return cut


def _broken_words(page: Page, selector: str) -> list[str]:
    return [w for e in page.locator(selector).all() for w in e.evaluate(BROKEN_WORDS)]


def _nothing_wrong(watched: Watched) -> None:
    page = watched.page
    assert page.locator(EXCEPTION).count() == 0
    assert watched.outside == [], f"fetched from outside 127.0.0.1: {watched.outside}"
    assert watched.console_errors == [], watched.console_errors
    body = page.locator("body").inner_text()
    assert not [e for e in STREAMLIT_ENGLISH if e in body], body


def test_key_figures_are_whole(browser, screenshots: Path, screening_run: ScreeningRun) -> None:
    watched, size = browser
    page = watched.page
    _open(page, "Overblik", "Overblik")
    metrics = page.locator('[data-testid="stMetric"]')
    expect(metrics).to_have_count(5)
    assert _cut(page, '[data-testid="stMetricLabel"]') == []
    assert _cut(page, '[data-testid="stMetricValue"]') == []
    assert _broken_words(page, '[data-testid="stMetric"], h1, h2, h3') == []
    expect(metrics.filter(has_text="Kandidater på bruttolisten")).to_contain_text(
        str(screening_run.gross_list.height)
    )
    expect(metrics.filter(has_text="Samlet skønnet potentiale")).to_contain_text("mio. kr.")
    page.screenshot(path=screenshots / f"overblik_{size}.png")

    top = screening_run.top
    page.get_by_role("link", name="Kandidat", exact=True).click()
    expect(page.get_by_role("heading", name=top["title"], exact=True)).to_be_visible(timeout=30_000)
    _settle(page)
    assert _cut(page, '[data-testid="stMetricLabel"]') == []
    assert _cut(page, '[data-testid="stMetricValue"]') == []
    assert _broken_words(page, '[data-testid="stMetric"], h1, h2, h3') == []
    page.screenshot(path=screenshots / f"kandidat_{size}.png")
    _nothing_wrong(watched)


def test_the_gross_list_shows_its_flags_and_many_rows(
    browser, screenshots: Path, screening_run: ScreeningRun
) -> None:
    watched, size = browser
    page = watched.page
    _open(page, "Bruttoliste", "Bruttoliste")
    table = page.locator('[data-testid="stDataFrame"]').first
    expect(table).to_be_visible()
    # The grid draws only the columns in view (its accessible table mirrors them), a moment
    # after the frame itself on a busy machine.
    headers = table.locator('th[role="columnheader"]')
    expect(headers.filter(has_text="Forslag").first).to_be_attached()
    visible = headers.all_inner_texts()
    for header in ("Nr.", "Forslag", "Score", "Fase", "Myndighedsudøvelse", "Sammenkobling"):
        assert header in visible, visible
    rows = {
        r
        for r in table.locator("td[role=gridcell]").evaluate_all(
            "cells => cells.map(c => c.id.split('-').pop())"
        )
    }
    assert len(rows) >= min(screening_run.gross_list.height, 20), len(rows)
    assert _cut(page, '[data-testid="stWidgetLabel"]') == []
    page.screenshot(path=screenshots / f"bruttoliste_{size}.png")
    _nothing_wrong(watched)


# Each table's columns its reader acts on, which must be on screen without scrolling sideways.
KEY_COLUMNS = {
    ("Bruttoliste", "Bruttoliste"): (
        "Nr.",
        "Forslag",
        "Score",
        "Rang ved andre vægte",
        "Fase",
        "Myndighedsudøvelse",
        "Sammenkobling",
    ),
    ("Prioritering", "Prioritering"): ("Nr.", "Forslag", "Prioritet", "Kommentar"),
    ("Koordinationsudvalgets forside", "Koordinationsudvalgets forside"): (
        "Nr.",
        "Forslag",
        "Fase",
        "Vil gå videre",
        "Besluttet politisk af",
    ),
    ("Overblik", "Overblik", "Dage tilbage"): (
        "Kommune",
        "Skabelon",
        "Dage tilbage",
        "Direktion",
        "Politisk behandling",
    ),
}


def test_each_table_shows_the_columns_its_reader_acts_on(browser, screenshots: Path) -> None:
    watched, size = browser
    page = watched.page
    for (link, heading, *marked_by), wanted in KEY_COLUMNS.items():
        _open(page, link, heading)
        tables = page.locator('[data-testid="stDataFrame"]')
        for header in marked_by:  # the page's table with this column, when it has several
            tables = tables.filter(has=page.locator(f'th:text-is("{header}")'))
        table = tables.first
        table.scroll_into_view_if_needed()
        expect(table).to_be_visible()
        # The grid draws only the columns in view (its accessible table mirrors them).
        headers = table.locator('th[role="columnheader"]')
        expect(headers.first).to_be_attached(timeout=30_000)
        visible = headers.all_inner_texts()
        assert [h for h in wanted if h not in visible] == [], (link, size, visible)
        page.screenshot(path=screenshots / f"kolonner_{link}_{size}.png")
    _nothing_wrong(watched)


def test_the_funnel_reads_from_across_the_room(browser) -> None:
    """The committee's funnel on a projector: stage labels at body size (16 px) or larger."""
    watched, size = browser
    page = watched.page
    _open(page, "Koordinationsudvalgets forside", "Koordinationsudvalgets forside")
    chart = page.locator('[data-testid="stPlotlyChart"]').first
    expect(chart).to_contain_text("Etableret")
    sizes = chart.locator("g.ytick text").evaluate_all(
        "ticks => ticks.map(t => parseFloat(getComputedStyle(t).fontSize))"
    )
    assert sizes and min(sizes) >= 16, (size, sizes)
    _nothing_wrong(watched)


def test_our_csv_download_replaces_the_toolbar(browser, tmp_path: Path, screening_run) -> None:
    watched, _size = browser
    page = watched.page
    _open(page, "Bruttoliste", "Bruttoliste")
    table = page.locator('[data-testid="stDataFrame"]').first
    table.hover()
    page.wait_for_timeout(300)
    expect(page.get_by_role("button", name="Download as CSV")).to_have_count(0)
    with page.expect_download() as download:
        page.get_by_role("button", name="Hent som CSV").click()
    saved = tmp_path / "bruttoliste.csv"
    download.value.save_as(saved)
    read = pl.read_csv(saved, separator=";", encoding="utf8", decimal_comma=True)
    assert read.columns[:5] == ["Nr.", "Forslag", "Score", "Rang ved andre vægte", "Fase"]
    assert read.schema["Score"] == pl.Float64  # a number Excel sums, not text
    assert read["Forslag"].to_list() == screening_run.gross_list["title"].to_list()
    assert saved.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads æ, ø, å as written
    _nothing_wrong(watched)


def test_value_effort_names_the_candidates(browser, screenshots: Path) -> None:
    watched, size = browser
    page = watched.page
    _open(page, "Indsats og værdi", "Indsats og værdi")
    chart = page.locator('[data-testid="stPlotlyChart"]').first
    expect(chart).to_contain_text("1. ")  # the top candidate is named beside its point
    expect(chart).to_contain_text("mio. kr.")
    chart.screenshot(path=screenshots / f"indsats_og_vaerdi_{size}.png")
    _nothing_wrong(watched)


def test_a_broken_upload_shows_its_findings_in_danish(
    browser, screenshots: Path, tmp_path: Path
) -> None:
    watched, size = browser
    page = watched.page
    _open(page, "Indsend skabelon", "Indsend skabelon")
    uploader = page.locator('[data-testid="stFileUploaderDropzone"]')
    expect(uploader).to_contain_text("Højst 25 MB pr. fil")
    expect(uploader.locator("button")).to_have_text(re.compile("Vælg fil"))
    broken = tmp_path / "tønder.xlsx"
    broken.write_bytes(b"Dette er ikke et regneark, men en tekstfil med forkert endelse.")
    page.locator('input[type="file"]').set_input_files(broken)
    findings = page.locator('[data-testid="stTable"]')
    expect(findings).to_be_visible(timeout=30_000)
    _settle(page)
    expect(findings).to_contain_text("Fejl (hele filen)")
    assert "None" not in findings.inner_text()
    # The whole message is on screen: the table wraps it instead of ending it in «…».
    assert _cut(page, '[data-testid="stTable"] td') == []
    assert _broken_words(page, '[data-testid="stTable"]') == []
    expect(page.get_by_text("afvist", exact=False).first).to_be_visible()
    page.screenshot(path=screenshots / f"indsend_{size}.png")
    _nothing_wrong(watched)


def test_an_unknown_address_says_so_in_danish(browser, dashboard_url: str) -> None:
    watched, _size = browser
    page = watched.page
    page.goto(f"{dashboard_url}/findes-ikke")
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Siden findes ikke", timeout=30_000)
    assert "Page not found" not in dialog.inner_text()
    assert watched.outside == []


def test_a_bookmark_to_the_front_pages_own_address_opens_it(browser, dashboard_url: str) -> None:
    # The front page is served at the root; its own address, as bookmarked from the menu's link
    # or from a login where it is not the front page, must open it too, not «page not found».
    watched, _size = browser
    page = watched.page
    page.goto(f"{dashboard_url}/overblik")
    expect(page.get_by_role("heading", name="Overblik")).to_be_visible(timeout=30_000)
    _settle(page)
    expect(page.get_by_role("dialog")).to_have_count(0)
    assert "Siden findes ikke" not in page.inner_text("body")
    assert watched.outside == []


def test_the_switch_turns_the_pages_english(browser, dashboard_url: str) -> None:
    watched, _size = browser
    page = watched.page
    page.goto(dashboard_url)
    expect(page.get_by_role("heading", name="Overblik")).to_be_visible(timeout=30_000)
    _settle(page)
    page.get_by_text("English", exact=True).click()
    expect(page.get_by_role("heading", name="Overview")).to_be_visible(timeout=30_000)
    _settle(page)
    expect(page.locator('[data-testid="stMetric"]').first).to_contain_text(
        "Candidates on the gross list"
    )
    assert _cut(page, '[data-testid="stMetricLabel"]') == []
    assert _cut(page, '[data-testid="stMetricValue"]') == []
    page.get_by_text("Dansk", exact=True).click()
    expect(page.get_by_role("heading", name="Overblik")).to_be_visible(timeout=30_000)
    assert watched.outside == []
