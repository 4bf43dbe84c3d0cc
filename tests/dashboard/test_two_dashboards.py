"""Two dashboard processes, one PostgreSQL decision store: what happens behind a proxy.

Two real ``streamlit run`` processes (as two machines would run them) share one PostgreSQL
database. Aabenraa's committee secretary logs in on the first and records that Aabenraa wants to
go on with the top candidate; Haderslev's logs in on the second, in a browser of her own, and
records the same for Haderslev. The second process counts both (the candidate has its coalition
of two), and so does the first when its page is opened again: each decision made in one
process is read by the other from the shared store.

Needs a PostgreSQL server: ``source scripts/postgres_for_tests.sh`` starts one and sets
SCREENING_TEST_POSTGRES_URL (CI does); without it the test is skipped locally and fails in CI.
"""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from dashboard_sample_round import ScreeningRun
from live_dashboard import EXCEPTION, free_port, start, stop, wait_until_healthy
from login_flow import (
    choose_candidate,
    decide_to_go_on,
    expect_recorded,
    log_in,
    open_political_decisions,
    serve_dashboard,
)
from playwright.sync_api import Browser, Page, expect

from screening.config import load_screening_config
from screening.decisions import state
from screening.decisions.record import freeze_snapshot
from screening.decisions.store import dispose_all, open_store, read_events
from screening.decisions.users import load_users

pytestmark = pytest.mark.slow  # four dashboards, a proxy and logins in Chromium

USERS = load_users(load_screening_config())
POSTGRES = os.environ.get("SCREENING_TEST_POSTGRES_URL")


@pytest.fixture(scope="module")
def postgres_store(screening_run: ScreeningRun) -> Iterator[str]:
    """A fresh PostgreSQL database with the gross list frozen (phase 2 decides on it)."""
    if not POSTGRES:
        if os.environ.get("CI"):
            pytest.fail("CI skal køre testen mod PostgreSQL (test.sh starter den).")
        pytest.skip("ingen PostgreSQL-server (source scripts/postgres_for_tests.sh)")
    name = f"t_two_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f"CREATE DATABASE {name}"))
    url = sa.make_url(POSTGRES).set(database=name).render_as_string(hide_password=False)
    engine = open_store(url)
    freeze_snapshot(
        engine,
        USERS["haderslev.projektgruppe"],
        "Forelagt KU 12. marts",
        screening_run.gross_list,
        state.priorities(read_events(engine)),
    )
    dispose_all()
    yield url
    with admin.connect() as connection:
        connection.execute(sa.text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()


@pytest.fixture(scope="module")
def dashboard_url(
    screening_run: ScreeningRun,
    identity_provider: str,
    postgres_store: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[str]:
    """The first dashboard (``strict_page`` checks its console)."""
    server, url = serve_dashboard(
        tmp_path_factory.mktemp("first"),
        identity_provider,
        {**screening_run.env(), "SCREENING_DECISIONS_URL": postgres_store},
    )
    try:
        yield url
    finally:
        stop(server)


@pytest.fixture(scope="module")
def second_dashboard_url(
    screening_run: ScreeningRun,
    identity_provider: str,
    postgres_store: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[str]:
    server, url = serve_dashboard(
        tmp_path_factory.mktemp("second"),
        identity_provider,
        {**screening_run.env(), "SCREENING_DECISIONS_URL": postgres_store},
    )
    try:
        yield url
    finally:
        stop(server)


def coalitions(screen: Page):
    return screen.locator('[data-testid="stMetric"]').filter(has_text="mindst to kommuner")


def test_a_decision_made_in_one_dashboard_appears_in_the_other(
    strict_page: Page,
    chromium: Browser,
    dashboard_url: str,
    second_dashboard_url: str,
    screening_run: ScreeningRun,
) -> None:
    top, n = screening_run.top, screening_run.gross_list.height
    log_in(strict_page, dashboard_url, "aabenraa.sekretariat")
    open_political_decisions(strict_page)
    choose_candidate(strict_page, top)
    decide_to_go_on(strict_page, "Aabenraa")
    expect(coalitions(strict_page)).to_contain_text(f"0 af {n}")  # one municipality is no coalition

    other = chromium.new_context(viewport={"width": 1600, "height": 1000}, locale="da-DK")
    try:
        second = other.new_page()
        log_in(second, second_dashboard_url, "haderslev.sekretariat")
        open_political_decisions(second)
        choose_candidate(second, top)
        decide_to_go_on(second, "Haderslev")
        # Aabenraa's decision, made in the other process, completes the coalition here.
        expect(coalitions(second)).to_contain_text(f"1 af {n}")
        assert second.locator(EXCEPTION).count() == 0
    finally:
        other.close()

    # And Haderslev's decision, made in the second process, is counted in the first.
    strict_page.reload()
    expect(strict_page.get_by_role("heading", name="Politiske beslutninger")).to_be_visible(
        timeout=30_000
    )
    expect(coalitions(strict_page)).to_contain_text(f"1 af {n}", timeout=30_000)


PROXY = Path(__file__).with_name("sticky_proxy.py")


@pytest.fixture(scope="module")
def behind_a_proxy(
    screening_run: ScreeningRun,
    identity_provider: str,
    postgres_store: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[str]:
    """Two more dashboards with the proxy's address as their login address, and the proxy."""
    proxy_port = free_port()
    public = f"http://127.0.0.1:{proxy_port}"
    env = {**screening_run.env(), "SCREENING_DECISIONS_URL": postgres_store}
    servers = [
        serve_dashboard(tmp_path_factory.mktemp(f"behind{n}"), identity_provider, env, public)
        for n in (0, 1)
    ]
    log = tmp_path_factory.mktemp("proxy") / "proxy.log"
    proxy = start(
        [sys.executable, str(PROXY), str(proxy_port), *(url for _s, url in servers)],
        log,
        dict(os.environ),
    )
    try:
        wait_until_healthy(public, proxy, log)
        yield public
    finally:
        stop(proxy)
        for server, _url in servers:
            stop(server)


def test_behind_a_sticky_proxy_a_login_holds_on_either_process(
    chromium: Browser,
    behind_a_proxy: str,
    screening_run: ScreeningRun,
) -> None:
    """The proxy keeps a browser on one process; sent to the other one (as when a machine is
    taken out), the browser is still logged in and sees the decision made on the first."""
    context = chromium.new_context(viewport={"width": 1600, "height": 1000}, locale="da-DK")
    screen = context.new_page()
    errors: list[str] = []
    screen.on("pageerror", lambda error: errors.append(str(error)))
    try:
        third = screening_run.gross_list.row(2, named=True)
        log_in(screen, behind_a_proxy, "aabenraa.sekretariat")
        (sticky,) = [c for c in context.cookies() if c["name"] == "backend"]
        served_by = context.request.get(f"{behind_a_proxy}/_stcore/health").headers["x-backend"]
        assert served_by == sticky["value"]  # the proxy keeps the browser on its process
        open_political_decisions(screen)
        choose_candidate(screen, third)
        decide_to_go_on(screen, "Aabenraa")

        other = "1" if sticky["value"] == "0" else "0"
        context.add_cookies([{"name": "backend", "value": other, "url": behind_a_proxy}])
        screen.goto(f"{behind_a_proxy}/politiske-beslutninger")
        expect(screen.get_by_text("Logget ind som Lone Bøgh", exact=False)).to_be_visible(
            timeout=30_000
        )
        choose_candidate(screen, third)
        expect_recorded(screen, "Lone Bøgh")
        served_by = context.request.get(f"{behind_a_proxy}/_stcore/health").headers["x-backend"]
        assert served_by == other  # and this page came from the other process
        assert screen.locator(EXCEPTION).count() == 0
    finally:
        context.close()
    assert errors == []
