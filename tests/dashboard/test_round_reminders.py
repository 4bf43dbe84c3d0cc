"""The automatic reminders on the page «Rundeplan»: what the schedule does, the next reminder per
municipality and the ones the decision log says were sent.

The sample round (every municipality's template accepted) with a fifth municipality, Vejen,
that has sent nothing; on 14 December, three days past the deadline, the automatic reminder
has mailed Vejen through a real SMTP server (aiosmtpd on 127.0.0.1).
"""

from __future__ import annotations

import re
from datetime import date

import pandas as pd
import pytest
from app_runner import open_page
from dashboard_sample_round import ScreeningRun
from mail_server import mail_server as running_mail_server

from dashboard.shell import language, page_paths
from dashboard.shell.identity import USER_KEY
from screening.config import CONFIG_DIR, load_screening_config, round_plan_path
from screening.decisions.store import open_store, read_events
from screening.decisions.users import load_users
from screening.rounds.automatic import published_round_status, send_due_reminders
from screening.rounds.mail import REMINDER_SENT, SETUP_TEXT, smtp_server
from screening.rounds.reminder_schedule import ReminderSettings

TODAY = date(2026, 12, 14)


@pytest.fixture
def with_vejen(published: ScreeningRun, tmp_path, monkeypatch: pytest.MonkeyPatch) -> ScreeningRun:
    config = (CONFIG_DIR / "screening.toml").read_text(encoding="utf-8")
    config += '\n[[municipalities]]\ncode = "vejen"\nname = "Vejen"\npopulation = 42000\n'
    (tmp_path / "screening.toml").write_text(config, encoding="utf-8")
    users = (CONFIG_DIR / "users.toml").read_text(encoding="utf-8")
    users += (
        '\n[[users]]\nid = "vejen.projektgruppe"\nname = "Vibeke Vang"\nmunicipality = "Vejen"\n'
        'roles = ["projektgruppe"]\nemail = "pg@vejen.dk"\n'
    )
    (tmp_path / "users.toml").write_text(users, encoding="utf-8")
    monkeypatch.setenv("SCREENING_CONFIG", str(tmp_path / "screening.toml"))
    monkeypatch.setenv("SCREENING_USERS", str(tmp_path / "users.toml"))
    monkeypatch.setenv("SCREENING_TODAY", TODAY.isoformat())
    return published


def table_with(at, header: str) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if header in d.value.columns)


def test_the_round_plan_shows_the_next_automatic_reminders_and_those_sent(
    with_vejen: ScreeningRun, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = open_page(page_paths.ROUND_PLAN)
    at.selectbox(key=USER_KEY).set_value("haderslev.projektgruppe").run()
    captions = " ".join(c.value for c in at.caption)
    assert "Hver morgen kl. 8 sendes en påmindelse automatisk" in captions
    assert "7 dage før og 1 og 7 dage efter screeningsfristen" in captions
    # No mail server yet: the page says the automatic ones wait for it too, briefly beside
    # the setup note under Vejen's reminder text, in full where no text is shown.
    assert SETUP_TEXT in captions
    assert "De automatiske påmindelser sendes også først, når SCREENING_SMTP_URL er sat." in (
        captions
    )
    at.selectbox(key="round_plan_reminder_municipality").set_value("Aabenraa").run()
    assert "Aabenraa mangler intet lige nu." in [i.value for i in at.info]
    assert (
        "De automatiske påmindelser sendes først, når administratoren har sat miljøvariablen "
        "SCREENING_SMTP_URL til kommunens mailserver"
    ) in " ".join(c.value for c in at.caption)
    upcoming = table_with(at, "Næste automatiske påmindelse").set_index("Kommune")
    assert upcoming.loc["Vejen", "Næste automatiske påmindelse"] == "ved næste morgenkørsel"
    assert upcoming.loc["Vejen", "Anledning"] == "1 dag efter fristen"
    assert upcoming.loc["Vejen", "Til"] == "pg@vejen.dk"
    assert upcoming.loc["Tønder", "Næste automatiske påmindelse"] == (
        "Ingen: screeningen er afsluttet"
    )
    assert upcoming.loc["Tønder", "Til"] == ""  # none goes, so no address is missing
    assert "Ingen påmindelser er sendt i runden endnu." in captions

    # The morning's run sends it (the function the schedule's run calls).
    with running_mail_server() as (inbox, port):
        monkeypatch.setenv("SCREENING_SMTP_URL", f"smtp://127.0.0.1:{port}?from=pg@haderslev.dk")
        config = load_screening_config()
        status, findings = published_round_status(
            config, round_plan_path(), with_vejen.published, open_store(), TODAY
        )
        outcomes = send_due_reminders(
            open_store(),
            status,
            findings,
            load_users(config),
            smtp_server(),
            ReminderSettings(),
        )
    assert [o.municipality for o in outcomes if o.sent] == ["Vejen"]
    assert [e.rcpt_tos for e in inbox.envelopes] == [["pg@vejen.dk"]]

    at.run()
    assert not at.exception, [e.value for e in at.exception]
    upcoming = table_with(at, "Næste automatiske påmindelse").set_index("Kommune")
    assert upcoming.loc["Vejen", "Næste automatiske påmindelse"] == "18. dec. 2026"
    assert upcoming.loc["Vejen", "Anledning"] == "7 dage efter fristen"
    sent = table_with(at, "Sendt af")
    assert sent[["Kommune", "Til", "Sendt af"]].values.tolist() == [
        ["Vejen", "pg@vejen.dk", "Automatisk påmindelse"]
    ]
    assert sent.loc[0, "Hvorfor"].startswith("Automatisk påmindelse 1 dag efter fristen")
    assert re.fullmatch(r"\d\d\.\d\d\.\d{4} kl\. \d\d\.\d\d", sent.loc[0, "Sendt"])  # Danish time


def test_the_automatic_reminders_read_in_english(with_vejen: ScreeningRun) -> None:
    at = open_page(page_paths.ROUND_PLAN, session_state={language.LANGUAGE_KEY: "en"})
    upcoming = table_with(at, "Next automatic reminder").set_index("Municipality")
    assert upcoming.loc["Vejen", "Next automatic reminder"] == "at the next morning run"
    assert upcoming.loc["Vejen", "Occasion"] == "1 day after the deadline"
    assert upcoming.loc["Tønder", "Next automatic reminder"] == "None: the screening is done"
    captions = " ".join(c.value for c in at.caption)
    assert "7 days before and 1 and 7 days after the screening deadline" in captions


def test_a_sent_reminder_says_why_in_english(
    with_vejen: ScreeningRun, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The log keeps why in Danish, as the mail said it; an English reader reads it in English,
    worded again from the automatic reminder's occasion and deadline."""
    with running_mail_server() as (_inbox, port):
        monkeypatch.setenv("SCREENING_SMTP_URL", f"smtp://127.0.0.1:{port}?from=pg@haderslev.dk")
        config = load_screening_config()
        status, findings = published_round_status(
            config, round_plan_path(), with_vejen.published, open_store(), TODAY
        )
        send_due_reminders(
            open_store(), status, findings, load_users(config), smtp_server(), ReminderSettings()
        )
    at = open_page(page_paths.ROUND_PLAN, session_state={language.LANGUAGE_KEY: "en"})
    sent = table_with(at, "Sent by")
    assert sent[["Municipality", "To", "Sent by"]].values.tolist() == [
        ["Vejen", "pg@vejen.dk", "Automatic reminder"]
    ]
    assert re.fullmatch(
        r"Automatic reminder 1 day after the deadline \(\d+ \w+ \d{4}\): "
        r"the screening is not finished\.",
        sent.loc[0, "Why"],
    ), sent.loc[0, "Why"]
    # The decision log is unchanged: Danish, as the mail said it.
    (logged,) = read_events(open_store(), kinds=(REMINDER_SENT,))["reason"].to_list()
    assert logged.startswith("Automatisk påmindelse 1 dag efter fristen")
