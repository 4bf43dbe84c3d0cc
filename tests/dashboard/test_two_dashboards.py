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
import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from dashboard_sample_round import ScreeningRun
from playwright.sync_api import Page, expect
from test_login import (  # noqa: F401  (fixtures used by name)
    EXCEPTION,
    USERS,
    _stop,
    browser,
    choose_candidate,
    decide_to_go_on,
    expect_recorded,
    identity_provider,
    log_in,
    open_political_decisions,
    page,
    serve_dashboard,
)

from screening.decisions import state
from screening.decisions.record import freeze_snapshot
from screening.decisions.store import dispose_all, open_store, read_events

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
    identity_provider: str,  # noqa: F811
    postgres_store: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[str]:
    """The first dashboard (``page`` checks its console)."""
    server, url = serve_dashboard(
        tmp_path_factory.mktemp("first"),
        identity_provider,
        {**screening_run.env(), "SCREENING_DECISIONS_URL": postgres_store},
    )
    try:
        yield url
    finally:
        _stop(server)


@pytest.fixture(scope="module")
def second_dashboard_url(
    screening_run: ScreeningRun,
    identity_provider: str,  # noqa: F811
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
        _stop(server)


def coalitions(screen: Page):
    return screen.locator('[data-testid="stMetric"]').filter(has_text="mindst to kommuner")


def test_a_decision_made_in_one_dashboard_appears_in_the_other(
    page: Page,  # noqa: F811
    browser,  # noqa: F811
    dashboard_url: str,
    second_dashboard_url: str,
    screening_run: ScreeningRun,
) -> None:
    top, n = screening_run.top, screening_run.gross_list.height
    log_in(page, dashboard_url, "aabenraa.sekretariat")
    open_political_decisions(page)
    choose_candidate(page, top)
    decide_to_go_on(page, "Aabenraa")
    expect(coalitions(page)).to_contain_text(f"0 af {n}")  # one municipality is no coalition

    other = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="da-DK")
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
    page.reload()
    expect(page.get_by_role("heading", name="Politiske beslutninger")).to_be_visible(timeout=30_000)
    expect(coalitions(page)).to_contain_text(f"1 af {n}", timeout=30_000)
