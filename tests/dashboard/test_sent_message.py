"""The message after «Send» on «Indsend skabelon» says when the file will be on the gross list
from what it took here last time, and, once it is there, how long it took.

The pure part is checked on frames; the page on a copy of the sample round, where the real job
(run in this process, as the run worker runs it) takes the sent file from the inbox.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest
from app_runner import as_read, open_page
from dashboard_sample_round import ROUND, TEMPLATES
from live_dashboard import EXCEPTION, dashboard, settle
from playwright.sync_api import expect

from dashboard.intake import arrival
from dashboard.shell import page_paths
from dashboard.shell.identity import USER_KEY
from pipelines.run import run_screening
from screening.template.writer import write_template

SENT = datetime(2026, 12, 1, 9, 0, 0, tzinfo=UTC)


def submissions(*rows: tuple[str, datetime]) -> pl.DataFrame:
    return pl.DataFrame(
        [{"sha256": sha, "received_at": at} for sha, at in rows],
        schema={"sha256": pl.String, "received_at": pl.Datetime("us", "UTC")},
    )


def uploads(*rows: tuple[str, datetime]) -> pl.DataFrame:
    return pl.DataFrame(
        [{"subject": sha, "recorded_at": at.isoformat()} for sha, at in rows],
        schema={"subject": pl.String, "recorded_at": pl.String},
    )


def test_the_expected_time_is_what_the_last_file_took() -> None:
    received = submissions(("old", SENT - timedelta(days=30)), ("a", SENT + timedelta(seconds=1)))
    published_at = SENT + timedelta(seconds=8)
    sent = uploads(("a", SENT))
    assert arrival.last_pickup(sent, received) == 1.0
    assert arrival.last_run(sent, received, published_at) == 7.0
    # A copy published an hour after the last file arrived is a later run: nothing measured.
    assert arrival.last_run(sent, received, SENT + timedelta(hours=1)) is None
    # Only files sent here count: a file in the templates folder says nothing about a run.
    never = uploads(("never-arrived", SENT))
    assert arrival.last_pickup(never, received) is None
    assert arrival.last_run(never, received, published_at) is None

    measured = arrival.Expectation(pickup=1.0, run=7.0, sensor_interval=15).text("x.xlsx")
    assert measured.startswith("«x.xlsx» er sendt. Den står på bruttolisten om cirka 10 sekunder")
    assert "hentet fra indbakken efter under 2 sekunder" in measured
    assert "dannet på ny på 7 sekunder" in measured
    # The worker not measured yet: the sensor's interval bounds the pickup.
    bounded = arrival.Expectation(pickup=None, run=7.0, sensor_interval=15).text("x")
    assert "om højst cirka 25 sekunder" in bounded and "inden for 15 sekunder" in bounded
    unknown = arrival.Expectation(pickup=None, run=None, sensor_interval=15).text("x")
    assert "siger til, når filen står på bruttolisten" in unknown

    # On the list once a run after «Send» has published it.
    assert arrival.listed_at(received, "a", SENT, published_at) == published_at
    assert arrival.listed_at(received, "a", SENT, SENT - timedelta(seconds=1)) is None
    assert arrival.listed_at(received, "b", SENT, published_at) is None
    assert arrival.listed_text("x.xlsx", SENT, published_at).startswith(
        "«x.xlsx» står nu på bruttolisten, 8 sekunder efter du sendte den."
    )


def sent_message(at) -> str:
    (message,) = [
        as_read(s.value)
        for s in at.success
        if "er sendt" in as_read(s.value) or "står nu på" in as_read(s.value)
    ]
    return message


def send(at, path: Path, name: str) -> None:
    at.file_uploader[0].upload(name, path.read_bytes()).run()
    next(b for b in at.button if b.label == "Send til projektgruppen").click().run()
    assert not at.exception, [e.value for e in at.exception]


@pytest.mark.slow
def test_the_sender_is_told_when_the_file_is_on_the_list_and_how_long_it_took(
    own_round: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))  # where a checked upload waits
    first = write_template(tmp_path / "h1.xlsx", "Haderslev", ROUND, TEMPLATES["Haderslev"])
    at = open_page(page_paths.SUBMIT_TEMPLATE)
    at.selectbox(key=USER_KEY).set_value("haderslev.projektgruppe").run()
    send(at, first, "Haderslev maj.xlsx")
    assert "siden her siger til" in sent_message(at)  # nothing measured here yet

    assert run_screening().success  # the run the worker starts when the file stands still
    at.run()
    listed = sent_message(at)
    assert listed.startswith("«Haderslev maj.xlsx» står nu på bruttolisten, ")
    took = int(listed.split(", ")[1].split(" ")[0])
    assert 0 <= took < 600

    # The next file is promised what this one took.
    tasks = [dict(task) for task in TEMPLATES["Haderslev"]]
    tasks[0]["description"] += " Rettet i juni."
    second = write_template(tmp_path / "h2.xlsx", "Haderslev", ROUND, tasks)
    at = open_page(page_paths.SUBMIT_TEMPLATE)
    at.selectbox(key=USER_KEY).set_value("haderslev.projektgruppe").run()
    send(at, second, "Haderslev juni.xlsx")
    promised = sent_message(at)
    assert promised.startswith("«Haderslev juni.xlsx» er sendt. Den står på bruttolisten om cirka")
    assert "så lang tid tog den sidste sendte fil" in promised


@pytest.mark.slow
def test_in_the_browser_the_message_turns_to_on_the_list_by_itself(
    own_round: Path, page, tmp_path: Path
) -> None:
    """The sender only waits: when the run (here in this process, as the run worker does) has
    published the file, the message says so without a click."""
    env = {
        name: os.environ[name]
        for name in (
            "SCREENING_TEMPLATES",
            "SCREENING_DB",
            "SCREENING_INBOX",
            "SCREENING_OVERRIDES",
            "SCREENING_WEIGHTS",
            "SCREENING_DECISIONS_URL",
        )
    }
    template = write_template(tmp_path / "h.xlsx", "Haderslev", ROUND, TEMPLATES["Haderslev"])
    with dashboard(tmp_path / "streamlit", env) as url:
        page.goto(f"{url}/indsend?bruger=haderslev.projektgruppe")
        expect(page.get_by_role("heading", name="Indsend skabelon")).to_be_visible(timeout=30_000)
        page.locator('input[type="file"]').set_input_files(template)
        send = page.get_by_role("button", name="Send til projektgruppen")
        expect(send).to_be_enabled(timeout=30_000)
        send.click()
        expect(page.get_by_text("«h.xlsx» er sendt.", exact=False)).to_be_visible(timeout=30_000)
        settle(page)
        assert run_screening().success
        expect(page.get_by_text("«h.xlsx» står nu på bruttolisten", exact=False)).to_be_visible(
            timeout=30_000
        )
        assert page.locator(EXCEPTION).count() == 0
