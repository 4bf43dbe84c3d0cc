"""AppTest runs of the round plan: the timeline and the municipalities' status on Overblik, the
page Rundeplan (plan edits, marks, reminders) and the page Runder (2014 beside 2026).

The sample round's archive (dashboard_sample_round.py) has every municipality's file from
early November, Sønderborg's later file for the wrong round (refused, so errors are open), and
the shipped plan (config/round_plan.toml: screening deadline 11 December). The day is fixed
with SCREENING_TODAY; each test has an empty decision store of its own.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from email import message_from_bytes, policy

import pandas as pd
import polars as pl
import pytest
from app_runner import as_read, open_page
from dashboard_sample_round import ScreeningRun
from mail_server import mail_server as running_mail_server
from mail_server import users_with_a_contact
from streamlit.testing.v1 import AppTest

from dashboard.rounds import plan_table as table
from dashboard.shell import page_paths
from dashboard.shell.identity import USER_KEY
from dashboard.shell.language import LANGUAGE_KEY
from screening.config import DATA_DIR, load_screening_config
from screening.decisions import record
from screening.decisions.record import find_candidate
from screening.decisions.store import open_store, read_events
from screening.decisions.users import load_users
from screening.rounds.archive import read_round

TODAY = "2026-12-14"
PROJECT_GROUP = "haderslev.projektgruppe"  # Karen Holm
DIRECTOR = "aabenraa.direktion"


@pytest.fixture
def on_day(published: ScreeningRun, monkeypatch: pytest.MonkeyPatch) -> ScreeningRun:
    monkeypatch.setenv("SCREENING_TODAY", TODAY)
    return published


def as_user(at: AppTest, user_id: str) -> AppTest:
    at.selectbox(key=USER_KEY).set_value(user_id).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def round_table(at: AppTest) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if "Åbne fejl" in d.value.columns)


def timeline(at: AppTest) -> dict:
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    return next(c for c in charts if "milepæle" in str(c["layout"].get("title", "")).lower())


def test_the_overview_shows_the_rounds_timeline_and_each_municipalitys_status(on_day) -> None:
    at = open_page(page_paths.OVERVIEW)
    assert "Rundeplan" in [s.value for s in at.subheader]
    chart = timeline(at)
    (today_line,) = [s for s in chart["layout"]["shapes"] if s["type"] == "line"]
    assert today_line["x0"] == TODAY
    statuses = {trace["name"] for trace in chart["data"]}
    # The mandate and the screening tool are not marked done and their dates have passed.
    assert "Forsinket" in statuses and "Udført" in statuses
    late = next(t for t in chart["data"] if t["name"] == "Forsinket")
    assert all(label.startswith("! ") for label in late["y"])
    assert late["marker"]["line"]["width"] == 3
    assert any("forsinkede" in w.value for w in at.warning)

    status = round_table(at).set_index("Kommune")
    assert list(status.index) == ["Aabenraa", "Haderslev", "Sønderborg", "Tønder"]
    assert set(status["Godkendt"]) != {"Nej"}
    # Sønderborg's newest file is for the wrong round: accepted earlier, errors still open.
    assert status.loc["Sønderborg", "Skabelon"] == "Godkendt, fejl at rette"
    assert status.loc["Sønderborg", "Åbne fejl"] >= 1
    assert status.loc["Aabenraa", "Åbne fejl"] == 0
    assert status.loc["Aabenraa", "Dage tilbage"] == "godkendt inden fristen"


def test_the_status_changes_when_a_directorate_records_a_priority(on_day) -> None:
    at = open_page(page_paths.OVERVIEW)
    before = round_table(at).set_index("Kommune").loc["Aabenraa", "Direktion"]
    assert before.startswith("Planlagt: 0 af ")
    own = on_day.gross_list.filter(
        on_day.gross_list["municipalities"].list.contains("Aabenraa")
    ).sort("rank")
    users = load_users(load_screening_config())
    record.record_priority(
        open_store(),
        users[DIRECTOR],
        find_candidate(on_day.gross_list, own["candidate_id"][0]),
        "høj",
    )
    at.run()
    after = round_table(at).set_index("Kommune").loc["Aabenraa", "Direktion"]
    assert after == f"I gang: 1 af {own.height} egne kandidater prioriteret"


def test_the_project_group_moves_a_deadline_and_marks_the_mandate_approved(on_day) -> None:
    at = as_user(open_page(page_paths.ROUND_PLAN), PROJECT_GROUP)
    (editor,) = at.data_editor
    shown = editor.value
    row = shown.index[shown[table.MILESTONE_HEADER] == "Screening – Tønder"][0]
    at.session_state[editor.key] = {
        "edited_rows": {int(row): {table.END_HEADER: "2026-12-18"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    next(b for b in at.button if b.label == table.SAVE_LABEL).click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Screening – Tønder" in s.value for s in at.success)
    log = read_events(open_store())
    (change,) = log.filter(log["kind"] == "round_plan").iter_rows(named=True)
    assert change["user_name"] == "Karen Holm"
    assert json.loads(change["new_value"])["end"] == "2026-12-18"
    (editor,) = at.data_editor
    moved = editor.value.set_index(table.MILESTONE_HEADER).loc["Screening – Tønder"]
    assert pd.Timestamp(moved[table.END_HEADER]).date() == date(2026, 12, 18)
    assert moved[table.CHANGED_HEADER] == "Karen Holm"

    at.selectbox(key="round_plan_mark_milestone").set_value("mandate_approved").run()
    at.date_input(key="round_plan_mark_date").set_value(date(2026, 5, 18)).run()
    next(b for b in at.button if b.label == table.MARK_LABEL).click().run()
    assert any("Kommissorium godkendt markeret som udført" in s.value for s in at.success)
    plan = editor_rows(at)
    assert plan.loc["Kommissorium", table.STATUS_HEADER] == "Udført"


def test_a_deadline_moved_in_english_is_saved(on_day) -> None:
    """The editor's headers are the reader's; the save finds them in the reader's language."""
    at = as_user(
        open_page(page_paths.ROUND_PLAN, session_state={LANGUAGE_KEY: "en"}), PROJECT_GROUP
    )
    (editor,) = at.data_editor
    shown = editor.value
    row = shown.index[shown["Milestone"] == "Screening – Tønder"][0]
    at.session_state[editor.key] = {
        "edited_rows": {int(row): {"Deadline": "2026-12-18"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    next(b for b in at.button if b.label == "Save the round plan").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert [s.value for s in at.success][0].startswith("Saved:")
    log = read_events(open_store())
    (change,) = log.filter(log["kind"] == "round_plan").iter_rows(named=True)
    assert json.loads(change["new_value"])["end"] == "2026-12-18"


def editor_rows(at: AppTest) -> pd.DataFrame:
    (editor,) = at.data_editor
    return editor.value.set_index(table.MILESTONE_HEADER)


def test_a_director_reads_the_plan_but_cannot_change_it(on_day) -> None:
    at = as_user(open_page(page_paths.ROUND_PLAN), DIRECTOR)
    assert not at.data_editor
    assert any("ændre rundeplanen" in i.value for i in at.info)
    assert table.SAVE_LABEL not in [b.label for b in at.button]


def test_the_reminder_for_sønderborg_names_its_refused_file_and_the_error(on_day) -> None:
    at = as_user(open_page(page_paths.ROUND_PLAN), PROJECT_GROUP)
    assert any("Sønderborg" in w.value for w in at.warning)
    at.selectbox(key="round_plan_reminder_municipality").set_value("Sønderborg").run()
    (code,) = at.code
    text = code.value
    assert text.startswith(
        "Emne: Påmindelse fra projektgruppen – Screeningsrunde 2026, Sønderborg Kommune"
    )
    assert "Sønderborg runde 2014.xlsx" in text
    assert "2014" in text and "Karen Holm" in text
    at.selectbox(key="round_plan_reminder_municipality").set_value("Aabenraa").run()
    assert not at.code
    assert any("Aabenraa mangler intet" in i.value for i in at.info)


def test_the_2014_round_opens_beside_this_one(on_day) -> None:
    at = open_page(page_paths.ROUNDS)
    assert at.selectbox(key="rounds_round").value == "2014"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Kandidater på bruttolisten"] == "27"
    assert metrics["Etableret siden"] == "2"
    comparison = next(d.value for d in at.dataframe if "Sammenligning" in d.value.columns)
    established = comparison[comparison["Sammenligning"] == "Etableret siden"]
    assert list(established["Screening 2014"]) == [
        "IT-drift og fælles IT-systemer",
        "Fælles indkøb og udbud",
    ]
    matched = comparison[
        (comparison["Screening 2014"] != "") & (comparison["Screeningsrunde 2026"] != "")
    ]
    # Every candidate of either round once: 27 then, the gross list now, pairs counted once.
    assert len(comparison) == 27 + on_day.gross_list.height - len(matched)
    assert {"Foreslået igen", "Ny i denne runde"} <= set(comparison["Sammenligning"])
    at.selectbox(key="rounds_round").set_value("2026").run()
    assert not at.exception
    assert "Screeningsrunde 2026" in [s.value for s in at.subheader]


def test_the_project_group_closes_the_round_into_its_own_folder(
    on_day, monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    rounds = tmp_path / "rounds"
    shutil.copytree(DATA_DIR / "rounds", rounds)
    monkeypatch.setenv("SCREENING_ROUNDS", str(rounds))
    users = load_users(load_screening_config())
    record.freeze_snapshot(
        open_store(),
        users[PROJECT_GROUP],
        "Forelagt Koordinationsudvalget",
        on_day.gross_list,
        pl.DataFrame(
            schema={"candidate_id": pl.String, "municipality": pl.String, "priority": pl.String}
        ),
        round_id="2026",
    )
    at = as_user(open_page(page_paths.ROUNDS), PROJECT_GROUP)
    at.selectbox(key="rounds_round").set_value("2026").run()
    close = next(b for b in at.button if b.label == "Afslut og gem runden")
    assert close.disabled  # not before the confirmation
    at.checkbox(key="rounds_close_confirmed").check().run()
    next(b for b in at.button if b.label == "Afslut og gem runden").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("er afsluttet med" in s.value for s in at.success)
    kept = read_round(rounds / "2026")
    assert kept.candidates.height == on_day.gross_list.height
    assert (rounds / "2014" / "round.toml").is_file()  # the earlier round untouched


def test_the_project_group_sends_a_reminder_by_e_mail(on_day, tmp_path, monkeypatch) -> None:
    """Without a mail server the page says how to set one up; with one (a real aiosmtpd server
    on 127.0.0.1), «Send påmindelse nu» sends the text shown and the log says to whom and why."""

    from screening.rounds.mail import REMINDER_SENT, SETUP_TEXT

    at = as_user(open_page(page_paths.ROUND_PLAN), PROJECT_GROUP)
    at.selectbox(key="round_plan_reminder_municipality").set_value("Sønderborg").run()
    assert SETUP_TEXT in [c.value for c in at.caption]

    monkeypatch.setenv("SCREENING_USERS", str(users_with_a_contact(tmp_path)))

    with running_mail_server() as (inbox, port):
        monkeypatch.setenv("SCREENING_SMTP_URL", f"smtp://127.0.0.1:{port}?from=pg@haderslev.dk")
        at = as_user(open_page(page_paths.ROUND_PLAN), PROJECT_GROUP)
        at.selectbox(key="round_plan_reminder_municipality").set_value("Sønderborg").run()
        (shown,) = at.code
        send = next(b for b in at.button if b.label == "Send påmindelse nu")
        assert send.help == "Til projektgruppe@sonderborg.dk."
        send.click().run()
        assert not at.exception, [e.value for e in at.exception]
    (envelope,) = inbox.envelopes
    assert envelope.rcpt_tos == ["projektgruppe@sonderborg.dk"]
    # Read as a mail program does: the subject and the text shown on the page.
    mail = message_from_bytes(envelope.content, policy=policy.default)
    assert mail["Subject"] == shown.value.splitlines()[0].removeprefix("Emne: ")
    assert "Sønderborg runde 2014.xlsx" in mail.get_body().get_content()
    assert any(
        "Påmindelsen er sendt til projektgruppe@sonderborg.dk"
        in as_read(s.value).replace("\u2060", "")  # safe_text keeps @ from linking
        for s in at.success
    )
    (logged,) = read_events(open_store(), kinds=(REMINDER_SENT,)).iter_rows(named=True)
    assert logged["user_name"] == "Karen Holm" and logged["municipality"] == "Sønderborg"
    assert logged["reason"].startswith("Påmindelse fra rundeplanen pr. 14. december 2026")
