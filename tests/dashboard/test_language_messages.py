"""Both languages, whole: what the domain says on a page reads in the reader's language.

A refusal («… må ikke …»), why a decision needs attention, why phase 3 refuses a status, why a
reminder mail was not sent: the domain words these sentences when a page asks, so an English
reader reads them in English while the decision log keeps its Danish. Each test walks a page in
English as a user would, asserts the English sentence the user reads, and finds no Danish
sentence among the page's messages. What people wrote (names, municipalities, task titles) is
theirs and read as written; the reminder mail itself is Danish, as the municipality receives it.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from app_runner import as_read, open_page
from dashboard_sample_round import CURRENT_FILES, ROUND, TEMPLATES, ScreeningRun
from mail_server import mail_server as running_mail_server
from mail_server import users_with_a_contact
from streamlit.testing.v1 import AppTest

from dashboard.decisions.priority_table import PHASE1_MUNICIPALITY_KEY, PRIORITY_SAVE_LABEL
from dashboard.phase3.analysis_view import SAVE_ANALYSIS
from dashboard.phase3.status_view import SAVE_STATUS
from dashboard.shell import language, page_paths
from dashboard.shell.identity import USER_KEY
from screening import i18n, store
from screening.config import load_screening_config
from screening.decisions import state
from screening.decisions.store import open_store, read_events
from screening.decisions.users import load_users
from screening.demo.cycle import write_demo_cycle
from screening.phase3 import state as phase3_state
from screening.template.writer import write_template

DIRECTOR = "aabenraa.direktion"  # Søren Kjær
OTHER_DIRECTOR = "haderslev.direktion"  # Anders Fog
PROJECT_GROUP = "haderslev.projektgruppe"  # Karen Holm
# Words only a Danish sentence has (an English one has none of them).
DANISH = re.compile(r"\b(ikke|og|må|skal|kan|har|er|den|det|der|som|til|af|eller)\b|[æøå]", re.I)


def _en(text: str) -> str:
    return i18n.catalogue("en").get(text, text)


def _theirs(run: ScreeningRun) -> list[str]:
    """What people wrote, longest first: names, municipalities, task and candidate titles."""
    config = load_screening_config()
    written = {
        *config.municipality_names(),
        *(user.name for user in load_users(config).values()),
        *run.gross_list["title"].to_list(),
        *run.screening_tasks["title"].to_list(),
    }
    return sorted(written, key=len, reverse=True)


def _messages(at: AppTest) -> list[str]:
    """Every message box and caption on the page (and in the sidebar), and the help of buttons."""
    found = [
        _read(e.value)
        for kind in ("error", "warning", "info", "success", "caption")
        for e in at.get(kind)
    ]
    return found + [b.help for b in at.button if b.help]


def _errors(at: AppTest) -> list[str]:
    return [_read(e.value) for e in at.error]


def _read(markdown: str) -> str:
    """A message as the reader reads it: no escapes, no invisible word joiners."""
    return as_read(markdown).replace("\u2060", "")


@contextmanager
def _test_thread_in(code: str) -> Iterator[None]:
    """AppTest formats a picked option in the test's thread, not the page's: read it there in
    the page's language too."""
    i18n.use_language(code)
    try:
        yield
    finally:
        i18n.use_language(i18n.DEFAULT_LANGUAGE)


def _danish(at: AppTest, run: ScreeningRun) -> list[str]:
    """The page's messages that still hold a Danish sentence, once people's own words are out."""
    danish = []
    for message in _messages(at):
        text = re.sub(r"«[^»]*»", "", message)  # a quoted value is the user's or the file's
        for written in _theirs(run):
            text = text.replace(written, "")
        if DANISH.search(text):
            danish.append(message)
    return danish


def _open(page: str, user_id: str | None = None, params: dict[str, str] | None = None) -> AppTest:
    state = {language.LANGUAGE_KEY: "en", **({USER_KEY: user_id} if user_id else {})}
    return open_page(page, params, session_state=state, timeout=90)


def _click(at: AppTest, danish_label: str) -> AppTest:
    next(b for b in at.button if b.label == _en(danish_label)).click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _save_priority(at: AppTest, edits: dict[int, dict[str, str]]) -> AppTest:
    (editor,) = at.data_editor
    at.session_state[editor.key] = {"edited_rows": edits, "added_rows": [], "deleted_rows": []}
    return _click(at, PRIORITY_SAVE_LABEL)


def test_a_refused_priority_reads_in_english(published: ScreeningRun) -> None:
    at = _open(page_paths.PRIORITIES, OTHER_DIRECTOR)
    at.selectbox(key=PHASE1_MUNICIPALITY_KEY).set_value("Aabenraa").run()
    assert (
        "Anders Fog may not record the directorate's priorities for Aabenraa, only for Haderslev."
        in [i.value for i in at.info]
    )
    assert not _danish(at, published), _danish(at, published)
    # The write function refuses too, in the words of the reader who pressed the button.
    at = _open(page_paths.PRIORITIES, DIRECTOR)
    at.session_state[USER_KEY] = OTHER_DIRECTOR
    _save_priority(at, {0: {"Priority": "High"}})
    assert any(
        "Anders Fog may not record the directorate's priorities for Aabenraa" in e
        for e in _errors(at)
    ), _errors(at)
    assert not _danish(at, published), _danish(at, published)
    assert read_events(open_store()).is_empty()


def test_a_colleagues_change_meanwhile_reads_in_english(published: ScreeningRun) -> None:
    mine = _open(page_paths.PRIORITIES, DIRECTOR)
    theirs = _open(page_paths.PRIORITIES, "admin")
    theirs.selectbox(key=PHASE1_MUNICIPALITY_KEY).set_value("Aabenraa").run()
    _save_priority(theirs, {0: {"Priority": "Low"}})
    _save_priority(mine, {0: {"Priority": "High"}})
    (conflict,) = _errors(mine)
    assert "Not saved: Administrator (Sønderborg) changed the decision to «Low» " in conflict
    assert re.search(r"\d\d/\d\d/\d{4} \d\d:\d\d while you were editing", conflict), conflict
    assert not _danish(mine, published), _danish(mine, published)
    # The log keeps the code, whatever language the colleague saved in.
    assert state.priorities(read_events(open_store()))["priority"].to_list() == ["low"]


def test_why_a_decision_needs_attention_reads_in_english(
    published: ScreeningRun, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    top = published.top
    _save_priority(_open(page_paths.PRIORITIES, DIRECTOR), {0: {"Priority": "High"}})
    # A later run merges the top candidate into another: its tasks now sit under a new id.
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copy(published.published, store.published_path(warehouse))
    with store.connect(store.published_path(warehouse)) as con:
        con.execute(
            "UPDATE gross_list SET candidate_id = 'K-samlet', title = 'Løn og personale samlet' "
            f"WHERE candidate_id = '{top['candidate_id']}'"
        )
    monkeypatch.setenv("SCREENING_DB", str(warehouse))

    at = _open(page_paths.OVERVIEW, DIRECTOR)
    assert any(
        "One decision concerns a candidate that has since been split or merged" in w.value
        for w in at.warning
    ), [w.value for w in at.warning]
    table = next(d.value for d in at.dataframe if "Why" in d.value.columns)
    assert table["Why"].tolist() == [
        "The candidate no longer exists; its tasks now belong to another."
    ]
    settle = _en("Sådan afgøres den")
    assert table[settle].tolist() == [
        "Record the decision again on the candidate the tasks now belong to."
    ]
    for column in ("Why", settle, _en("Hvem ændrede den")):
        assert not [v for v in table[column] if v and DANISH.search(v)], table[column]
    assert not _danish(at, published), _danish(at, published)
    # The same sentence, in Danish, for a Danish reader of the same log.
    danish = open_page(page_paths.OVERVIEW, session_state={USER_KEY: DIRECTOR}, timeout=90)
    shown = next(d.value for d in danish.dataframe if "Hvorfor" in d.value.columns)
    assert shown["Hvorfor"].tolist() == [
        "Kandidaten findes ikke længere; dens opgaver hører nu til en anden."
    ]
    assert _danish(danish, published), "the check would not see a Danish sentence"


def test_a_refused_phase3_status_reads_in_english(published: ScreeningRun) -> None:
    config = load_screening_config()
    write_demo_cycle(open_store(), published.gross_list, load_users(config), config)
    log = read_events(open_store())
    candidate = next(
        c
        for c in phase3_state.phase3_candidates(published.gross_list, log)
        if phase3_state.status(log, c.candidate_id).value is None
    )
    cid = candidate.candidate_id
    at = _open(page_paths.PHASE3_ANALYSES, PROJECT_GROUP, {page_paths.CANDIDATE_PARAM: cid})
    with _test_thread_in("en"):
        at.radio(key=f"phase3_status_value|{cid}").set_value("analysis_in_progress")
        at.text_area(key=f"phase3_status_reason|{cid}").input("Sent to analysis.")
        _click(at, SAVE_STATUS)
        at.text_area(key=f"phase3_rationale|{cid}").input("One shared function.")
        at.selectbox(key=f"phase3_vehicle|{cid}").set_value("host_municipality")
        _click(at, SAVE_ANALYSIS)
        # Without the figures, «recommended» is refused with the reasons, in English.
        at.radio(key=f"phase3_status_value|{cid}").set_value("recommended")
        at.text_area(key=f"phase3_status_reason|{cid}").input("Positive.")
        _click(at, SAVE_STATUS)
    (refusal,) = _errors(at)
    assert "Cannot become «Recommended»: " in refusal, refusal
    assert "Expected annual gain and one-off cost are missing for " in refusal
    assert not _danish(at, published), _danish(at, published)
    assert phase3_state.status(read_events(open_store()), cid).value == "analysis_in_progress"


def test_the_reminder_without_and_with_a_failing_mail_server_reads_in_english(
    published: ScreeningRun, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SCREENING_TODAY", "2026-12-14")
    monkeypatch.delenv("SCREENING_SMTP_URL", raising=False)
    at = _open(page_paths.ROUND_PLAN, PROJECT_GROUP)
    at.selectbox(key="round_plan_reminder_municipality").set_value("Sønderborg").run()
    captions = [c.value for c in at.caption]
    assert (
        "Reminders can be sent as e-mail once the administrator has set the environment variable "
        "SCREENING_SMTP_URL"
    ) in " ".join(captions)
    assert not _danish(at, published), _danish(at, published)

    # An address that is not a mail server's: the page says what is wrong, in English.
    monkeypatch.setenv("SCREENING_SMTP_URL", "https://mail.kommune.dk")
    at.run()
    assert any(
        w.value.startswith("SCREENING_SMTP_URL must be an address such as smtp://")
        for w in at.warning
    ), [w.value for w in at.warning]
    assert not _danish(at, published), _danish(at, published)

    monkeypatch.setenv("SCREENING_USERS", str(users_with_a_contact(tmp_path)))
    with running_mail_server() as (_inbox, port):
        # A director reads the plan; the button says why it is not theirs to press.
        monkeypatch.setenv("SCREENING_SMTP_URL", f"smtp://127.0.0.1:{port}?from=pg@haderslev.dk")
        director = _open(page_paths.ROUND_PLAN, DIRECTOR)
        director.selectbox(key="round_plan_reminder_municipality").set_value("Sønderborg").run()
        send = next(b for b in director.button if b.label == "Send reminder now")
        assert send.disabled
        assert send.help == (
            "Søren Kjær may not change the round plan: it takes the role «project group»."
        )
        assert not _danish(director, published), _danish(director, published)
    # The server is gone when the project group presses: nothing is sent, and it says why.
    at = _open(page_paths.ROUND_PLAN, PROJECT_GROUP)
    at.selectbox(key="round_plan_reminder_municipality").set_value("Sønderborg").run()
    _click(at, "Send påmindelse nu")
    assert any(
        "The reminder to Sønderborg was not sent: the mail server 127.0.0.1 answered" in e
        for e in _errors(at)
    ), _errors(at)
    assert not _danish(at, published), _danish(at, published)


def test_a_files_findings_read_in_english_on_data_quality(published: ScreeningRun) -> None:
    """The findings the reader stored in Danish are shown in English, with what the file holds
    (the header, the cell's text, the template's hint) said back as written."""
    at = _open(page_paths.DATA_QUALITY, PROJECT_GROUP)
    with _test_thread_in("en"):
        at.selectbox(key="quality_submission").set_value(CURRENT_FILES["Haderslev"]).run()
    assert not at.exception, [e.value for e in at.exception]
    table = next(t.value for t in at.table if "Message" in t.value.columns).map(as_read)
    percent, complexity = table.to_dict("records")
    assert percent["Message"].startswith("The potential is given as a percentage and has been")
    assert (complexity["Header"], complexity["Found"]) == ("Kompleksitet (1-5)", "høj")
    assert complexity["Message"] == (
        "Write a whole number between 1 and 5 (1 = enkel, 5 = meget kompleks). The cell could "
        "not be read and has been taken as empty; the row is included."
    )
    for message in table["Message"]:
        assert not DANISH.search(re.sub(r"«[^»]*»|\([^)]*\)", "", message)), message


def test_what_a_file_changed_reads_in_english_on_data_quality(published: ScreeningRun) -> None:
    at = _open(page_paths.DATA_QUALITY, PROJECT_GROUP)
    with _test_thread_in("en"):
        at.selectbox(key="quality_submission").set_value(CURRENT_FILES["Tønder"]).run()
    assert not at.exception, [e.value for e in at.exception]
    shown = [_read(m.value) for m in at.markdown]
    assert any(
        "Compared with the current file (1 task): 3 added, 0 removed, 0 changed." in text
        for text in shown
    ), shown
    assert not any("I forhold til" in text for text in shown)


def test_an_upload_reads_in_english_before_it_is_sent(
    published: ScreeningRun, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The project group's check of a file, in English: the verdict, what the file changes
    against the current one, and each finding."""
    monkeypatch.setenv("SCREENING_INBOX", str(tmp_path / "inbox"))
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    template = write_template(
        tmp_path / "haderslev.xlsx", "Haderslev", ROUND, TEMPLATES["Haderslev"][:4]
    )
    at = _open(page_paths.SUBMIT_TEMPLATE, PROJECT_GROUP)
    at.file_uploader[0].upload("Haderslev maj.xlsx", template.read_bytes()).run()
    assert not at.exception, [e.value for e in at.exception]
    verdict = _read(at.success[0].value)
    assert "will be **received**, with 4 tasks on the gross list." in verdict
    shown = [_read(m.value) for m in at.markdown]
    assert "Compared with the current file (6 tasks): 0 added, 2 removed, 0 changed." in shown
    table = next(t.value for t in at.table if "Message" in t.value.columns).map(as_read)
    assert table["Message"].tolist() == [
        "The potential is given as a percentage and has been converted to DKK 200,000 (5% of "
        "the cost base)."
    ]
    assert _danish(at, published) == []
