"""The automatic reminder end to end: the schedule's tick asks for a run, the run (in process,
with the project's Definitions) mails the late municipality through a real SMTP server
(aiosmtpd on 127.0.0.1, started here) and logs it; a second run the same day sends nothing,
and two runs at once send one e-mail. Without SCREENING_SMTP_URL the run says so and sends
nothing."""

from __future__ import annotations

import shutil
import threading
from datetime import datetime
from email import message_from_bytes, policy
from pathlib import Path
from zoneinfo import ZoneInfo

import dagster as dg
import pytest
from mail_server import Inbox
from mail_server import mail_server as running_mail_server

from pipelines.definitions import build_definitions
from pipelines.run import run_screening
from screening.config import CONFIG_DIR, DATA_DIR, load_screening_config
from screening.decisions.store import dispose_all, open_store, read_events
from screening.decisions.users import load_users
from screening.rounds.automatic import (
    NO_SERVER,
    published_round_status,
    send_due_reminders,
)
from screening.rounds.mail import REMINDER_SENT, smtp_server
from screening.rounds.reminder_schedule import ReminderSettings

TODAY = "2026-12-14"  # three days after the sample plan's screening deadline (11 December)
ADDRESSES = {
    "aabenraa.projektgruppe": "pg@aabenraa.dk",
    "haderslev.projektgruppe": "pg@haderslev.dk",
    "soenderborg.projektgruppe": "pg@sonderborg.dk",
    "toender.projektgruppe": "pg@toender.dk",
}


@pytest.fixture
def late_round(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The sample round with Tønder's template missing, published, on 14 December; every
    project group with an e-mail address in the users file."""
    templates = tmp_path / "templates"
    templates.mkdir()
    for name in ("aabenraa.xlsx", "haderslev.xlsx", "soenderborg.xlsx"):  # Tønder is late
        shutil.copyfile(DATA_DIR / "templates" / name, templates / name)
    users = (CONFIG_DIR / "users.toml").read_text(encoding="utf-8")
    for user_id, address in ADDRESSES.items():
        users = users.replace(f'id = "{user_id}"', f'id = "{user_id}"\nemail = "{address}"')
    (tmp_path / "users.toml").write_text(users, encoding="utf-8")
    for name, value in {
        "SCREENING_DB": tmp_path / "warehouse.duckdb",
        "SCREENING_TEMPLATES": templates,
        "SCREENING_INBOX": tmp_path / "inbox",
        "SCREENING_OVERRIDES": tmp_path / "matches.csv",
        "SCREENING_DECISIONS_URL": f"sqlite:///{tmp_path / 'decisions.sqlite'}",
        "SCREENING_USERS": tmp_path / "users.toml",
        "SCREENING_TODAY": TODAY,
    }.items():
        monkeypatch.setenv(name, str(value))
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    monkeypatch.delenv("SCREENING_SMTP_URL", raising=False)
    assert run_screening().success
    yield tmp_path
    dispose_all()


@pytest.fixture
def mail_server(monkeypatch: pytest.MonkeyPatch):
    with running_mail_server() as (inbox, port):
        url = f"smtp://127.0.0.1:{port}?from=screening@haderslev.dk"
        monkeypatch.setenv("SCREENING_SMTP_URL", url)
        yield inbox


def run_reminders(
    instance: dg.DagsterInstance, tags: dict[str, str] | None = None
) -> tuple[dg.ExecuteInProcessResult, list[str]]:
    """One run of the job the schedule starts, and the lines it logged."""
    job = build_definitions().resolve_job_def("reminder_job")
    result = job.execute_in_process(instance=instance, tags=tags)
    lines = [
        entry.user_message
        for entry in instance.all_logs(result.run_id)
        if entry.step_key == "send_reminders" and entry.dagster_event is None
    ]
    return result, lines


@pytest.mark.slow
def test_the_schedule_mails_the_late_municipality_once_and_logs_it(
    late_round: Path, mail_server: Inbox
) -> None:
    morning = datetime(2026, 12, 14, 8, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))
    with dg.instance_for_test() as instance:
        schedule = build_definitions().resolve_schedule_def("reminder_schedule")
        tick = schedule.evaluate_tick(
            dg.build_schedule_context(instance=instance, scheduled_execution_time=morning)
        )
        (request,) = tick.run_requests  # the morning's run of the reminder job
        assert schedule.job_name == "reminder_job"

        result, lines = run_reminders(instance, request.tags)
        assert result.success
        (envelope,) = mail_server.envelopes
        assert envelope.rcpt_tos == ["pg@toender.dk"]  # only the municipality that is late
        mail = message_from_bytes(envelope.content, policy=policy.default)
        assert mail["Subject"] == (
            "Påmindelse fra projektgruppen – Screeningsrunde 2026, Tønder Kommune"
        )
        body = mail.get_body().get_content()
        assert body.startswith("Kære kolleger i Tønder Kommune")
        assert "vi har ikke modtaget nogen fil" in body
        assert "Fristen var 11. december 2026, og den er overskredet med 3 dage." in body
        assert "Denne påmindelse er sendt automatisk 1 dag efter fristen." in body
        assert any("Tønder: påmindelse sendt til pg@toender.dk" in line for line in lines)

        (logged,) = read_events(open_store(), kinds=(REMINDER_SENT,)).iter_rows(named=True)
        assert logged["municipality"] == "Tønder" and logged["new_value"] == "pg@toender.dk"
        assert logged["user_name"] == "Automatisk påmindelse"
        assert logged["reason"].startswith("Automatisk påmindelse 1 dag efter fristen")

        # The same morning again (a rerun, a restarted daemon): nothing more is sent.
        result, lines = run_reminders(instance)
        assert result.success
        assert len(mail_server.envelopes) == 1
        assert lines == ["Ingen påmindelser skal sendes i dag (2026-12-14)."]
        assert read_events(open_store(), kinds=(REMINDER_SENT,)).height == 1


@pytest.mark.slow
def test_two_runs_at_once_send_one_e_mail(late_round: Path, mail_server: Inbox) -> None:
    config = load_screening_config()
    engine = open_store()
    status, findings = published_round_status(
        config,
        CONFIG_DIR / "round_plan.toml",
        late_round / "warehouse.published.duckdb",
        engine,
        datetime.fromisoformat(TODAY).date(),
    )
    users, server = load_users(config), smtp_server()
    start = threading.Barrier(2)
    outcomes: list = []

    def run() -> None:
        start.wait()
        outcomes.extend(
            send_due_reminders(engine, status, findings, users, server, ReminderSettings())
        )

    runs = [threading.Thread(target=run) for _ in range(2)]
    for thread in runs:
        thread.start()
    for thread in runs:
        thread.join()
    assert len(mail_server.envelopes) == 1
    assert sum(o.sent for o in outcomes) == 1
    assert read_events(engine, kinds=(REMINDER_SENT,)).height == 1


@pytest.mark.slow
def test_without_a_mail_server_the_run_says_how_to_set_it_up(
    late_round: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with dg.instance_for_test() as instance:
        result, lines = run_reminders(instance)
        assert result.success
        assert lines == [NO_SERVER]
        # A wrong address fails the run with what to write, not a traceback.
        monkeypatch.setenv("SCREENING_SMTP_URL", "mail.kommune.dk")
        job = build_definitions().resolve_job_def("reminder_job")
        failed = job.execute_in_process(instance=instance, raise_on_error=False)
    assert not failed.success
    (failure,) = [e for e in failed.all_events if e.is_step_failure]
    assert "SCREENING_SMTP_URL skal være en adresse som smtp://" in (
        failure.step_failure_data.user_failure_data.description
    )
    assert read_events(open_store(), kinds=(REMINDER_SENT,)).is_empty()
