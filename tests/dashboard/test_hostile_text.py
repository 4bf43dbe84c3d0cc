"""Text from a municipality's file is shown as text on every page, in a real browser.

A round where every task's title, description, partners, barriers, contact and remarks carry a
Markdown image, a ``javascript:`` link, HTML with an id and a style, and a ``<style>`` block,
and a file sent under a name full of the same. Every page is opened in Chromium (the candidate
page for several candidates, the upload page with a hostile file); no page may fetch anything
from a foreign host, and no element may carry an injected id, link, image or style. Plotly
figures are checked in the browser too: no label or hover text may hold a live tag.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from dashboard_sample_round import ROUND, TEMPLATES
from live_dashboard import EXCEPTION, dashboard, settle
from playwright.sync_api import Page, expect

from dashboard.common import queries
from pipelines.run import run_screening
from screening import store
from screening.config import CONFIG_DIR
from screening.template.writer import write_template

pytestmark = pytest.mark.slow  # a hostile round built and every page read in Chromium

FOREIGN = "evil.invalid"
MARKER = "pwn"
TITLE_PAYLOAD = (
    f' ![x](http://{FOREIGN}/t.png) [klik](javascript:alert(1)) <b id="{MARKER}-t">fed</b>'
)
TEXT_PAYLOAD = (
    f" ![x](http://{FOREIGN}/d.png) [klik](javascript:alert(1)) <http://{FOREIGN}/auto>"
    f' <img src="http://{FOREIGN}/i.png"> <a href="http://{FOREIGN}/a">link</a>'
    f' <span style="color:red" id="{MARKER}-s">rød</span> :red[rød] $x^2$'
    f" <style>/*{MARKER}*/ body {{ background: red }}</style> &amp; **fed**"
)
STREAMLIT_ICONS = "fonts.gstatic.com"
HOSTILE_NAME = f"![x](http:{FOREIGN}:n.png) <b id={MARKER}-n>.xlsx"
PAGES = ("overblik", "bruttoliste", "vaegte", "scenarier", "indsats-og-vaerdi", "datakvalitet")

# Every attribute that can fetch, link or restyle, and every injected id or style block.
FIND_INJECTED = """() => {
    const bad = [];
    for (const el of document.querySelectorAll('*')) {
        for (const attr of el.attributes) {
            const value = attr.value.toLowerCase();
            const fetches = /^(href|src|srcset|xlink:href|style|action|poster)$/.test(attr.name);
            if (fetches && (value.includes('evil.invalid') || value.includes('javascript:'))) {
                bad.push(`${el.tagName} ${attr.name}=${attr.value}`);
            }
            if (attr.name === 'id' && value.startsWith('pwn')) bad.push(`${el.tagName} ${value}`);
        }
    }
    for (const style of document.querySelectorAll('style')) {
        if (style.textContent.includes('pwn')) bad.push('style block');
    }
    return bad;
}"""
# Plotly keeps each figure on its element. A string holding a raw "<" and the payload's text is
# a live tag (the charts' own <b> and <br> carry none of it); escaped, it holds "&lt;" instead.
FIND_LIVE_CHART_TEXT = """() => {
    const bad = [];
    const walk = (value) => {
        if (typeof value === 'string') {
            const payload = /evil\\.invalid|pwn|javascript:/.test(value);
            if (payload && value.includes('<')) bad.push(value);
        } else if (value && typeof value === 'object') {
            for (const key of Object.keys(value)) walk(value[key]);
        }
    };
    for (const plot of document.querySelectorAll('.js-plotly-plot')) {
        walk(plot.data);
        walk(plot.layout);
    }
    return bad;
}"""


def _hostile(task: dict) -> dict:
    texts = {code: f"{task.get(code) or ''}{TEXT_PAYLOAD}" for code in ("description", "remarks")}
    short = {
        code: f"{task.get(code) or ''}{TEXT_PAYLOAD}"[:290] for code in ("partners", "contact")
    }
    barriers = f"{TEXT_PAYLOAD} {TEXT_PAYLOAD}"
    return {**task, **texts, **short, "barriers": barriers, "title": task["title"] + TITLE_PAYLOAD}


@pytest.fixture(scope="module")
def hostile_round(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    root = tmp_path_factory.mktemp("hostile_round")
    env = {
        "SCREENING_TEMPLATES": str(root / "templates"),
        "SCREENING_DB": str(root / "warehouse.duckdb"),
        "SCREENING_INBOX": str(root / "inbox"),
        "SCREENING_OVERRIDES": str(root / "matches.csv"),
        "SCREENING_WEIGHTS": str(root / "scoring.toml"),
    }
    (root / "scoring.toml").write_bytes((CONFIG_DIR / "scoring.toml").read_bytes())
    (root / "templates").mkdir()
    for municipality, tasks in TEMPLATES.items():
        write_template(
            root / "templates" / f"{municipality}.xlsx",
            municipality,
            ROUND,
            [_hostile(t) for t in tasks],
        )
    (root / "inbox").mkdir()
    tønder = [_hostile(t) for t in TEMPLATES["Tønder"]]
    write_template(root / "inbox" / HOSTILE_NAME, "Tønder", ROUND, tønder)
    with pytest.MonkeyPatch.context() as patch:
        for name, value in env.items():
            patch.setenv(name, value)
        patch.delenv("DAGSTER_HOME", raising=False)
        assert run_screening().success
    return env


@pytest.fixture(scope="module")
def hostile_url(hostile_round: dict[str, str], tmp_path_factory) -> Iterator[str]:
    with dashboard(tmp_path_factory.mktemp("streamlit"), hostile_round) as url:
        yield url


@pytest.fixture
def watched_page(page: Page) -> tuple[Page, list[str]]:
    """A page and the list of every request it made to a host other than the dashboard's."""
    foreign: list[str] = []

    def note(request) -> None:
        if urlsplit(request.url).hostname not in ("127.0.0.1", None):
            foreign.append(request.url)

    page.on("request", note)
    return page, foreign


def _assert_nothing_rendered(page: Page, foreign: list[str], where: str) -> None:
    settle(page)
    page.wait_for_timeout(500)
    assert page.locator(EXCEPTION).count() == 0, where
    assert page.evaluate(FIND_INJECTED) == [], where
    assert page.evaluate(FIND_LIVE_CHART_TEXT) == [], where
    assert [url for url in foreign if FOREIGN in url] == [], where
    # Nothing else leaves the machine either, but Streamlit's own icons (page_icon, st.page_link
    # icons), which it fetches from Google's font server: not the municipalities' doing.
    assert {urlsplit(url).hostname for url in foreign} <= {STREAMLIT_ICONS}, where


def _candidate_ids(env: dict[str, str]) -> list[str]:
    published = store.published_path(Path(env["SCREENING_DB"]))
    return queries.read_gross_list(published)["candidate_id"].to_list()


def test_no_page_renders_a_municipalitys_text(
    watched_page: tuple[Page, list[str]], hostile_url: str, hostile_round: dict[str, str]
) -> None:
    page, foreign = watched_page
    for path in PAGES:
        page.goto(f"{hostile_url}/{path}")
        expect(page.locator("h1").first).to_be_visible(timeout=30_000)
        _assert_nothing_rendered(page, foreign, path)
    # A picker's options are drawn only when it is opened.
    page.goto(f"{hostile_url}/bruttoliste")
    page.get_by_role("combobox", name="Kandidat").click()
    expect(page.get_by_role("option").first).to_be_visible(timeout=30_000)
    _assert_nothing_rendered(page, foreign, "bruttoliste, kandidatvælgeren åben")
    ids = _candidate_ids(hostile_round)
    for candidate_id in [*ids[:3], ids[-1]]:
        page.goto(f"{hostile_url}/kandidat?kandidat={candidate_id}")
        expect(page.get_by_role("heading", name="Kommunernes forslag")).to_be_visible(
            timeout=30_000
        )
        _assert_nothing_rendered(page, foreign, f"kandidat {candidate_id}")
    # Every text a project-group page shows: the review of uncertain links and its history.
    page.goto(f"{hostile_url}/sammenkobling")
    expect(page.locator("h1").first).to_be_visible(timeout=30_000)
    _assert_nothing_rendered(page, foreign, "sammenkobling")


def test_the_upload_page_shows_a_hostile_file_as_text(
    watched_page: tuple[Page, list[str]], hostile_url: str, tmp_path: Path
) -> None:
    page, foreign = watched_page
    written = write_template(
        tmp_path / "upload.xlsx", "Tønder", ROUND, [_hostile(t) for t in TEMPLATES["Tønder"]]
    )
    page.goto(f"{hostile_url}/indsend")
    expect(page.get_by_role("heading", name="Indsend skabelon")).to_be_visible(timeout=30_000)
    page.locator('input[type="file"]').set_input_files(
        {
            "name": HOSTILE_NAME,
            "mimeType": "application/octet-stream",
            "buffer": written.read_bytes(),
        }
    )
    expect(page.get_by_text("vil blive modtaget", exact=False)).to_be_visible(timeout=60_000)
    _assert_nothing_rendered(page, foreign, "indsend")
