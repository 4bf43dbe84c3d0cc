"""Login end to end: a real OIDC round trip from ``st.login`` to a local identity provider and back.

``oidc-provider-mock`` plays the municipality's Microsoft Entra ID: it serves discovery, the
authorisation page, tokens and the ID token with the claims we give each test person
(``login_flow.PEOPLE``). The dashboard runs as ``streamlit run`` with an ``[auth]`` section in a
secrets file of the test's own, exactly as in production; Chromium (Playwright) clicks through
the provider's page. Who each person is comes either from ``config/users.toml`` (the subject is
a user id there) or from the ID token's app roles and municipality claim.

The pure claims mapping is tested first, without a browser.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator

import pytest
from dashboard_sample_round import ScreeningRun
from live_dashboard import EXCEPTION, settle, stop
from login_flow import (
    choose_candidate,
    decide_to_go_on,
    expect_recorded,
    log_in,
    open_political_decisions,
    serve_dashboard,
)
from playwright.sync_api import Page, expect

from screening import store
from screening.config import load_screening_config
from screening.decisions import state
from screening.decisions.record import freeze_snapshot
from screening.decisions.store import dispose_all, open_store, read_events
from screening.decisions.users import UnknownLogin, load_users, user_from_claims

CONFIG = load_screening_config()
USERS = load_users(CONFIG)

# --- Claims to users, without a browser ----------------------------------------------------------


def test_a_person_in_the_users_file_is_who_the_file_says_whatever_the_claims() -> None:
    user = user_from_claims(
        {"sub": "x1", "preferred_username": "Aabenraa.Direktion", "roles": ["sekretariat"]},
        CONFIG,
        USERS,
    )
    assert (user.name, user.municipality, user.roles) == ("Søren Kjær", "Aabenraa", ("direktion",))


def test_app_roles_name_role_and_municipality() -> None:
    user = user_from_claims(
        {
            "sub": "9f1c",
            "preferred_username": "anne@soenderborg.dk",
            "name": "Anne Holm",
            "roles": ["direktion.soenderborg", "Other.App.Role"],
        },
        CONFIG,
        USERS,
    )
    assert (user.id, user.name, user.municipality, user.roles) == (
        "anne@soenderborg.dk",
        "Anne Holm",
        "Sønderborg",
        ("direktion",),
    )


def test_a_bare_app_role_takes_the_municipality_claim() -> None:
    user = user_from_claims(
        {"sub": "p", "email": "p@toender.dk", "roles": ["sekretariat"], "municipality": "Tønder"},
        CONFIG,
        USERS,
    )
    assert (user.municipality, user.roles) == ("Tønder", ("sekretariat",))


def test_a_login_without_roles_or_with_roles_in_two_municipalities_is_refused() -> None:
    with pytest.raises(UnknownLogin, match="har ingen rolle i dashboardet"):
        user_from_claims({"sub": "guest@example.dk"}, CONFIG, USERS)
    with pytest.raises(UnknownLogin, match="handler for én kommune"):
        user_from_claims(
            {"sub": "two", "roles": ["direktion.aabenraa", "direktion.haderslev"]}, CONFIG, USERS
        )


# --- The real round trip in a browser ------------------------------------------------------------


@pytest.fixture(scope="module")
def login_store(screening_run: ScreeningRun, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The module's decision store, with the gross list frozen (phase 2 decides on it)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('login_store') / 'decisions.sqlite'}"
    engine = open_store(url)
    freeze_snapshot(
        engine,
        USERS["haderslev.projektgruppe"],
        "Forelagt KU 12. marts",
        screening_run.gross_list,
        state.priorities(read_events(engine)),
    )
    dispose_all()
    return url


@pytest.fixture(scope="module")
def dashboard_url(
    screening_run: ScreeningRun,
    identity_provider: str,
    login_store: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[str]:
    # A copy of the round: the recompute test below publishes it anew, and the other modules of
    # this test process read the session's round after this one.
    folder = tmp_path_factory.mktemp("login_dashboard")
    shutil.copytree(screening_run.templates, folder / "round" / "templates")
    warehouse = folder / "round" / "db" / "warehouse.duckdb"
    warehouse.parent.mkdir(parents=True)
    shutil.copyfile(screening_run.published, store.published_path(warehouse))
    env = {
        **screening_run.env(),
        "SCREENING_TEMPLATES": str(folder / "round" / "templates"),
        "SCREENING_DB": str(warehouse),
        "SCREENING_INBOX": str(folder / "round" / "inbox"),
        "SCREENING_DECISIONS_URL": login_store,
    }
    server, url = serve_dashboard(folder, identity_provider, env)
    try:
        yield url
    finally:
        stop(server)


def sidebar_links(strict_page: Page) -> list[str]:
    # Each link's text is its icon's name and then its label.
    return [
        text.split("\n")[-1].strip()
        for text in strict_page.locator('[data-testid="stSidebar"] a').all_inner_texts()
    ]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("sub", "home", "who", "uses", "not_used"),
    [
        (
            "haderslev.projektgruppe",
            "Projektgruppens forside",
            "Karen Holm (Haderslev, Projektgruppe)",
            "Sammenkobling",
            "Prioritering",
        ),
        (
            "anders.fog@haderslev.dk",
            "Direktionens forside",
            "Anders Fog (Haderslev, Direktion)",
            "Prioritering",
            "Sammenkobling",
        ),
        (
            "aabenraa.sekretariat",
            "Sekretariatets forside",
            "Lone Bøgh (Aabenraa, Udvalgssekretariat)",
            "Politiske beslutninger",
            "Indsend skabelon",
        ),
        (
            "niels.hoj@toender.dk",
            "Koordinationsudvalgets forside",
            "Niels Høj (Tønder, Koordinationsudvalg)",
            "Kommunernes rangordener",
            "Indsend skabelon",
        ),
    ],
)
def test_each_role_logs_in_and_sees_its_own_home_and_menu(
    strict_page: Page, dashboard_url: str, sub: str, home: str, who: str, uses: str, not_used: str
) -> None:
    log_in(strict_page, dashboard_url, sub)
    expect(strict_page.get_by_role("heading", name=home, exact=True)).to_be_visible(timeout=30_000)
    expect(strict_page.get_by_text(f"Logget ind som {who}")).to_be_visible()
    # The menu is drawn with the home page's rerun, a moment after the heading on a busy machine.
    sidebar = strict_page.locator('[data-testid="stSidebar"]')
    expect(sidebar.get_by_role("link", name=uses).first).to_be_visible(timeout=30_000)
    links = sidebar_links(strict_page)
    assert uses in links and not_used not in links, links
    assert strict_page.locator(EXCEPTION).count() == 0


@pytest.mark.slow
def test_logging_out_returns_to_the_login(strict_page: Page, dashboard_url: str) -> None:
    log_in(strict_page, dashboard_url, "haderslev.projektgruppe")
    strict_page.get_by_role("button", name="Log ud").click()
    # The provider ends its session too (Entra ID signs out there; the mock asks to confirm).
    strict_page.wait_for_url(re.compile(r"/oauth2/end_session"), timeout=30_000)
    strict_page.get_by_role("button", name="End session").click()
    strict_page.wait_for_url(re.compile(rf"^{re.escape(dashboard_url)}"), timeout=30_000)
    expect(strict_page.get_by_role("button", name="Log ind")).to_be_visible(timeout=30_000)
    expect(strict_page.get_by_text("Logget ind som", exact=False)).to_have_count(0)


@pytest.mark.slow
def test_a_login_without_a_role_sees_no_data(strict_page: Page, dashboard_url: str) -> None:
    strict_page.goto(dashboard_url)
    strict_page.get_by_role("button", name="Log ind").click()
    strict_page.wait_for_url(re.compile(r"/oauth2/authorize"), timeout=30_000)
    strict_page.get_by_role("button", name="gaest@example.dk", exact=True).click()
    expect(strict_page.get_by_role("heading", name="Ingen adgang")).to_be_visible(timeout=30_000)
    expect(strict_page.get_by_text("har ingen rolle i dashboardet", exact=False)).to_be_visible()
    strict_page.goto(f"{dashboard_url}/bruttoliste")
    expect(strict_page.get_by_role("heading", name="Ingen adgang")).to_be_visible(timeout=30_000)
    expect(strict_page.locator('[data-testid="stDataFrame"]')).to_have_count(0)


@pytest.mark.slow
def test_a_write_for_another_municipality_is_refused(strict_page: Page, dashboard_url: str) -> None:
    log_in(strict_page, dashboard_url, "aabenraa.sekretariat")
    strict_page.get_by_role("link", name="Politiske beslutninger").click()
    expect(strict_page.get_by_role("heading", name="Politiske beslutninger")).to_be_visible(
        timeout=30_000
    )
    settle(strict_page)
    strict_page.get_by_role("combobox", name="Kommune").click()
    strict_page.get_by_role("option", name="Haderslev", exact=True).click()
    settle(strict_page)
    refusal = strict_page.get_by_text(
        "Lone Bøgh må ikke registrere politiske beslutninger for Haderslev, kun for Aabenraa."
    )
    # Both ways of writing are refused: the decision form and the filled workbook's import.
    expect(refusal).to_have_count(2)
    expect(refusal.first).to_be_visible()
    expect(strict_page.get_by_role("button", name="Gem beslutning")).to_have_count(0)


@pytest.mark.slow
def test_a_political_decision_made_after_login_is_there_after_a_reload(
    strict_page: Page, dashboard_url: str, screening_run: ScreeningRun
) -> None:
    top = screening_run.top
    log_in(strict_page, dashboard_url, "aabenraa.sekretariat")
    open_political_decisions(strict_page)
    choose_candidate(strict_page, top)
    decide_to_go_on(strict_page, "Aabenraa")

    strict_page.reload()  # a new session: still logged in (the cookie), the decision from the store
    expect(strict_page.get_by_role("heading", name="Politiske beslutninger")).to_be_visible(
        timeout=30_000
    )
    expect(strict_page.get_by_text("Logget ind som Lone Bøgh", exact=False)).to_be_visible()
    choose_candidate(strict_page, top)
    expect_recorded(strict_page, "Lone Bøgh")
    assert strict_page.locator(EXCEPTION).count() == 0


@pytest.mark.slow
def test_the_project_group_recomputes_the_list_and_watches_it_happen(
    strict_page: Page, dashboard_url: str
) -> None:
    log_in(strict_page, dashboard_url, "haderslev.projektgruppe")
    strict_page.get_by_role("button", name="Genberegn bruttolisten").click()
    # The progress refreshes by itself while the run goes on; nobody reloads the page.
    expect(strict_page.get_by_text("Genberegner bruttolisten", exact=False)).to_be_visible(
        timeout=30_000
    )
    expect(strict_page.get_by_role("button", name="Genberegn bruttolisten")).to_be_disabled()
    expect(strict_page.get_by_text("Bruttolisten blev genberegnet", exact=False)).to_be_visible(
        timeout=240_000
    )
    expect(strict_page.get_by_text("Kandidater på bruttolisten:", exact=False)).to_be_visible()
    expect(strict_page.get_by_role("button", name="Genberegn bruttolisten")).to_be_enabled()
    assert strict_page.locator(EXCEPTION).count() == 0
