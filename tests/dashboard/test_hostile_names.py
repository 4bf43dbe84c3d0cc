"""Names and comments users write are shown as written on every page that shows them.

The browser test (test_hostile_text.py) covers text from municipalities' files; these AppTest
runs cover what users write in the dashboard itself: a frozen list's name, a weight profile's
name, a priority's comment, a comment on a phase-3 analysis, and a column header the project
group corrects. Each is written through its domain function with a Markdown image, a
``javascript:`` link and HTML in it, and no Markdown element on the pages showing it may keep an
image or a link unescaped. (A round-plan change's
comment is stored but shown on no page; the plan's milestones and owners are fixed codes.)
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import openpyxl
import pytest
from app_runner import open_page
from dashboard_sample_round import ROUND, TEMPLATES, ScreeningRun
from streamlit.testing.v1 import AppTest
from test_municipal_rankings_page import SCORING, save_favouring

from dashboard.shell import page_paths
from dashboard.shell.identity import USER_KEY
from screening.config import load_screening_config
from screening.decisions import state
from screening.decisions.record import find_candidate, freeze_snapshot, record_priority
from screening.decisions.store import open_store, read_events
from screening.decisions.users import load_users
from screening.decisions.weight_profiles import adopt_profile, save_weight_profile
from screening.demo.cycle import write_demo_cycle
from screening.phase3 import state as phase3_state
from screening.phase3.coalition_record import record_comment
from screening.template.spec import TASK_SHEET
from screening.template.writer import write_template

HOSTILE = "![x](http://127.0.0.1:9/x.png) [klik](javascript:alert(1)) <b>fed</b>"
USERS = load_users(load_screening_config())
MARKDOWN_ELEMENTS = (
    "markdown",
    "caption",
    "title",
    "header",
    "subheader",
    "info",
    "warning",
    "success",
    "error",
    "toast",
)


def shown_as_markdown(at: AppTest) -> list[str]:
    """Every string Streamlit renders as Markdown on the page: elements and labels."""
    values = [str(e.value) for kind in MARKDOWN_ELEMENTS for e in at.get(kind)]
    values += [e.label for e in at.get("metric")]
    values += [e.proto.label for e in at.get("expandable")]
    return values


def shown_as_text(at: AppTest) -> str:
    """Tables and choices, which show plain text and need no escape."""
    parts = [e.value.to_string() for kind in ("dataframe", "table") for e in at.get(kind)]
    parts += [
        str(o)
        for kind in ("selectbox", "radio", "multiselect")
        for e in at.get(kind)
        for o in e.options
    ]
    return "\n".join(parts)


def assert_shown_as_written(at: AppTest, where: str, must_show: bool = True) -> None:
    assert not at.exception, [e.value for e in at.exception]
    hostile = [value for value in shown_as_markdown(at) if "klik" in value]
    # A page named for the text must show it somewhere, or the test proves nothing.
    if must_show:
        assert hostile or "klik" in shown_as_text(at), f"{where}: the name is not shown at all"
    for value in hostile:
        assert "![" not in value and "](" not in value, f"{where}: {value!r}"


def page_as(page: str, user_id: str, query_params: dict[str, str] | None = None) -> AppTest:
    at = open_page(page, query_params)
    at.selectbox(key=USER_KEY).set_value(user_id).run()
    return at


@pytest.fixture
def written(published: ScreeningRun, decision_store: str) -> ScreeningRun:
    """A frozen list, a weight profile and a priority comment, each named hostilely."""
    engine = open_store(decision_store)
    top = published.gross_list.row(0, named=True)
    record_priority(
        engine,
        USERS["aabenraa.direktion"],
        find_candidate(published.gross_list, top["candidate_id"]),
        "Høj",
        HOSTILE,
    )
    save_favouring(engine, USERS["aabenraa.direktion"], "potential", f"Aabenraa {HOSTILE}")
    shared = SCORING.profile()
    shared = save_weight_profile(
        engine,
        USERS["haderslev.projektgruppe"],
        dataclasses.replace(shared, code="faelles", label=f"Fælles {HOSTILE}"),
        SCORING,
        for_municipality=False,
    )
    adopt_profile(engine, USERS["admin"], shared.code, SCORING)
    freeze_snapshot(
        engine,
        USERS["haderslev.projektgruppe"],
        f"KU {HOSTILE}",
        published.gross_list,
        state.priorities(read_events(engine)),
    )
    return published


@pytest.mark.parametrize(
    ("page", "user_id"),
    [
        (page_paths.HOME_SECRETARY, "aabenraa.sekretariat"),
        (page_paths.SNAPSHOTS, "admin"),
        (page_paths.POLITICAL, "aabenraa.sekretariat"),
        (page_paths.WEIGHTS, "aabenraa.direktion"),
        (page_paths.MUNICIPAL_RANKINGS, "admin"),
        (page_paths.PRIORITIES, "aabenraa.direktion"),
    ],
)
def test_a_hostile_name_is_shown_as_written(written: ScreeningRun, page: str, user_id: str) -> None:
    assert_shown_as_written(page_as(page, user_id), page)


EVERY_PAGE = [
    getattr(page_paths, name)
    for name in dir(page_paths)
    if isinstance(getattr(page_paths, name), str)
    and getattr(page_paths, name).startswith("app_pages/")
    and name not in ("LOGIN", "NO_ACCESS", "SUBMIT_TEMPLATE")
]


@pytest.mark.parametrize("page", sorted(set(EVERY_PAGE)))
def test_no_page_renders_a_hostile_name(written: ScreeningRun, page: str) -> None:
    """Wherever else the names turn up (the adopted profile on the gross list, the frozen list
    on the political page …), they are escaped too, for each user picked on the page in turn."""
    at = open_page(page)
    for user_id in ("admin", "aabenraa.direktion", "aabenraa.sekretariat"):
        at.selectbox(key=USER_KEY).set_value(user_id).run()
        assert_shown_as_written(at, f"{page} as {user_id}", must_show=False)


def test_a_hostile_priority_comment_is_shown_as_written_on_the_candidate_page(
    written: ScreeningRun,
) -> None:
    top = written.gross_list.row(0, named=True)
    at = page_as(
        page_paths.CANDIDATE,
        "aabenraa.direktion",
        {page_paths.CANDIDATE_PARAM: top["candidate_id"]},
    )
    assert_shown_as_written(at, "candidate")


def test_a_hostile_phase3_comment_is_shown_as_written(published: ScreeningRun) -> None:
    engine = open_store()
    write_demo_cycle(engine, published.gross_list, USERS, load_screening_config())
    log = read_events(engine)
    candidate = phase3_state.phase3_candidates(published.gross_list, log)[0]
    member = candidate.coalition[0]
    director = next(
        u for u in USERS.values() if u.municipality == member and u.id.endswith(".direktion")
    )
    record_comment(engine, director, candidate, HOSTILE)
    at = page_as(
        page_paths.PHASE3_ANALYSES,
        "toender.koordinationsudvalg",
        {page_paths.CANDIDATE_PARAM: candidate.candidate_id},
    )
    assert_shown_as_written(at, "phase3 analyses")


def test_a_hostile_column_header_is_shown_as_written_when_corrected(
    published: ScreeningRun, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The project group's column correction names the column as the file wrote it."""
    monkeypatch.setenv("SCREENING_COLUMN_CORRECTIONS", str(tmp_path / "kolonner.json"))
    monkeypatch.setenv("SCREENING_INBOX", str(tmp_path / "inbox"))
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))  # where the upload waits
    path = write_template(tmp_path / "haderslev.xlsx", "Haderslev", ROUND, TEMPLATES["Haderslev"])
    book = openpyxl.load_workbook(path)
    sheet = book[TASK_SHEET]
    extra = sheet.max_column + 1
    sheet.cell(1, extra, f"Note {HOSTILE}")
    sheet.cell(3, extra, "Drøftet i direktionen")
    book.save(path)
    at = page_as(page_paths.SUBMIT_TEMPLATE, "haderslev.projektgruppe")
    at.file_uploader[0].upload("haderslev.xlsx", path.read_bytes()).run()
    assert_shown_as_written(at, "upload")
    next(s for s in at.selectbox if s.label == "Kolonne i filen").set_value(f"Note {HOSTILE}")
    next(s for s in at.selectbox if s.label == "Skal læses som").set_value("Bemærkninger")
    next(b for b in at.button if b.label == "Gem rettelsen").click().run()
    assert any("nu som «Bemærkninger»" in s.value for s in at.success)
    assert_shown_as_written(at, "correction")
