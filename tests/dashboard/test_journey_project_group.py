"""The project group's day in Chromium at 1280×720, from a fresh start (the sample round and the
demo cycle, as ``screening up`` leaves them, with the run worker beside the dashboard and the day
fixed at 14 December 2026, after the screening deadline): Haderslev's project group downloads its
blank template on «Indsend skabelon», fills it in (the project's own template writer, read back
by its reader), uploads it, reads the preview and sends it; the run worker puts it on the list
by itself; then «Send påmindelse nu» mails Sønderborg, which is late, through a real SMTP server
the test starts (aiosmtpd on 127.0.0.1).

A dashboard of its own: the sent file changes the gross list every other journey reads."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from dashboard_sample_round import ROUND, TEMPLATES, ScreeningRun
from live_dashboard import (
    EXCEPTION,
    USER_PICKER,
    Journey,
    dashboard,
    settle,
    start,
    stop,
)
from mail_server import SØNDERBORG_CONTACT, Inbox, users_with_a_contact
from mail_server import mail_server as running_mail_server
from playwright.sync_api import Page, expect

from screening.config import load_screening_config
from screening.intake.reader import read_submission
from screening.template.spec import goal_column_code
from screening.template.writer import write_template
from screening.vocabulary import COOPERATION_FORMS, SERVICE_AREAS, TASK_TYPES, label_of

pytestmark = pytest.mark.slow  # a dashboard, the run worker and a run in Chromium

NEW_TASK = {
    "title": "Fælles vagtcentral",
    "description": "Alarmer og udkald døgnet rundt for brand og redning.",
    "service_area": label_of(SERVICE_AREAS, "emergency"),
    "task_type": label_of(TASK_TYPES, "organisation"),
    "cooperation_form": label_of(COOPERATION_FORMS, "shared_service"),
    "authority_exercise": False,
    "cost_base_dkk": 3_200_000,
    "fte": 4,
    "potential_dkk": 350_000,
    "complexity": 3,
    "time_horizon_years": 2,
    goal_column_code("rational_operation"): True,
}
SØNDERBORG = SØNDERBORG_CONTACT
ON_THE_LIST_SECONDS = 180  # a run takes 10–30 s here; more when both cores are busy


@pytest.fixture(scope="module")
def mail() -> Iterator[tuple[Inbox, int]]:
    with running_mail_server() as server:
        yield server


@pytest.fixture(scope="module")
def app(
    fresh_start: tuple[ScreeningRun, dict[str, str]],
    mail: tuple[Inbox, int],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[str, ScreeningRun]]:
    run, env = fresh_start
    folder = tmp_path_factory.mktemp("journey_project_group")
    # Sønderborg's project group with a contact address, as «email» in config/users.toml gives it.
    env = {
        **env,
        "SCREENING_USERS": str(users_with_a_contact(folder)),
        "SCREENING_TODAY": "2026-12-14",
        "SCREENING_SMTP_URL": f"smtp://127.0.0.1:{mail[1]}?from=pg%40haderslev.dk",
    }
    # The run worker, as `screening up` starts it beside the dashboard.
    worker = start(
        [sys.executable, "-m", "pipelines.worker"],
        folder / "worker.log",
        {**{k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"}, **env},
    )
    try:
        with dashboard(folder, env) as url:
            yield url, run
    finally:
        stop(worker)


def go_to(page: Page, link: str, heading: str) -> None:
    page.get_by_role("link", name=link, exact=True).click()
    expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible(timeout=30_000)
    settle(page)


def test_the_project_group_sends_its_template_and_reminds_a_late_municipality(
    journey: Journey, app, mail: tuple[Inbox, int], tmp_path: Path, record_property
) -> None:
    url, run = app
    inbox, _port = mail
    page = journey.page
    n = run.gross_list.height
    with journey.step("første side"):
        page.goto(url)
        expect(page.get_by_role("heading", name="Overblik")).to_be_visible(timeout=60_000)
        settle(page)  # drawn to the end, so picking a user is timed on its own
    with journey.step("vælg bruger"):
        box = page.get_by_role("combobox", name=USER_PICKER)
        expect(box).to_be_in_viewport()
        box.click()
        page.get_by_role("option", name="Karen Holm (Haderslev, Projektgruppe)").click()
        expect(page.get_by_role("heading", name="Projektgruppens forside")).to_be_visible(
            timeout=30_000
        )
        settle(page)

    with journey.step("indsend skabelon"):
        go_to(page, "Indsend skabelon", "Indsend skabelon")
    with journey.step("hent tom skabelon"):
        with page.expect_download() as download:
            page.get_by_role("button", name="Hent tom skabelon").click()
        blank = tmp_path / "tom" / download.value.suggested_filename
        download.value.save_as(blank)
    journey.screenshot("projektgruppe-indsend")
    assert blank.name == f"Skabelon Haderslev {ROUND}.xlsx"
    config = load_screening_config()
    template = read_submission(blank, config)
    assert (template.municipality, template.screening_round) == ("Haderslev", ROUND)
    assert template.tasks.is_empty()

    # Filled in: Haderslev's tasks as before and one new, in the file as downloaded, written
    # with the project's template writer for the municipality and round the blank names.
    filled = write_template(
        tmp_path / blank.name,
        template.municipality,
        template.screening_round,
        [*TEMPLATES["Haderslev"], NEW_TASK],
    )
    read_back = read_submission(filled, config)
    assert not read_back.rejected
    assert NEW_TASK["title"] in read_back.tasks["title"].to_list()

    with journey.step("upload og forhåndsvisning"):
        page.locator('input[type="file"]').set_input_files(filled)
        expect(page.get_by_text(f"Tjekket fil: «{blank.name}»", exact=False)).to_be_visible(
            timeout=60_000
        )
        settle(page)
    changes = page.get_by_role("heading", name="Ændringer i forhold til Haderslevs gældende fil")
    expect(changes).to_be_visible()
    expect(page.get_by_text(NEW_TASK["title"]).first).to_be_attached()
    page.mouse.move(1270, 700)  # no button's help left open over the page
    changes.scroll_into_view_if_needed()
    journey.screenshot("projektgruppe-forhaandsvisning")

    with journey.step("send"):
        page.get_by_role("button", name="Send til projektgruppen").click()
        sent = page.get_by_text(f"«{blank.name}» er sendt.", exact=False)
        expect(sent).to_be_visible(timeout=30_000)
    promised = sent.inner_text()
    assert "bruttolisten" in promised, promised  # when it will be on the list

    # The sender stays on the page; the run worker brings the file and the message says so by
    # itself, with how long it took.
    with journey.step("på listen"):
        listed = page.get_by_text(f"«{blank.name}» står nu på bruttolisten", exact=False)
        expect(listed).to_be_visible(timeout=ON_THE_LIST_SECONDS * 1000)
        settle(page)
    took = re.search(r"(\d+) sekunder efter du sendte den", listed.inner_text())
    assert took is not None, listed.inner_text()
    record_property("sent_to_listed", f"{took[1]} s; promised: {promised}")
    listed.scroll_into_view_if_needed()
    journey.screenshot("projektgruppe-sendt")

    with journey.step("overblik"):
        go_to(page, "Overblik", "Overblik")
    candidates = page.locator('[data-testid="stMetric"]').filter(has_text="Kandidater på")
    expect(candidates.locator('[data-testid="stMetricValue"]')).to_have_text(str(n + 1))
    go_to(page, "Bruttoliste", "Bruttoliste")
    picker = page.get_by_role("combobox", name="Kandidat")
    picker.click()
    page.keyboard.type("vagtcentral")
    expect(
        page.get_by_role("option", name=re.compile(rf"^\d+\. {NEW_TASK['title']} "))
    ).to_be_visible()
    page.keyboard.press("Escape")
    go_to(page, "Datakvalitet", "Datakvalitet")
    # The file under the name it was sent as, received, with its seven task rows.
    received = (
        page.locator('[data-testid="stDataFrame"]')
        .first.locator("tr")
        .filter(has=page.locator("td", has_text=blank.name))
    )
    expect(received.locator("td").filter(has_text=re.compile("^modtaget$"))).to_have_count(1)
    expect(received.locator("td").filter(has_text=re.compile("^7$"))).to_have_count(1)
    journey.screenshot("projektgruppe-datakvalitet")

    with journey.step("rundeplan"):
        go_to(page, "Rundeplan", "Rundeplan")
    reminder_to = page.get_by_role("combobox", name="Påmindelse til")
    reminder_to.scroll_into_view_if_needed()
    reminder_to.click()
    page.get_by_role("option", name="Sønderborg", exact=True).click()
    settle(page)
    text = page.locator('[data-testid="stCode"]')
    expect(text).to_contain_text("Sønderborg Kommune")
    with journey.step("send påmindelse"):
        page.get_by_role("button", name="Send påmindelse nu").click()
        done = page.get_by_text("Påmindelsen er sendt til", exact=False)
        expect(done).to_be_visible(timeout=30_000)
    # (the page puts an invisible word joiner in an address, so it never becomes a link)
    assert SØNDERBORG in done.inner_text().replace("\u2060", "")
    done.scroll_into_view_if_needed()
    journey.screenshot("projektgruppe-paamindelse")
    (envelope,) = inbox.envelopes
    assert envelope.rcpt_tos == [SØNDERBORG]
    message = message_from_bytes(envelope.content, policy=policy.default)
    assert message["Subject"].endswith("Sønderborg Kommune")
    assert "Karen Holm" in message.get_body().get_content()
    assert page.locator(EXCEPTION).count() == 0
