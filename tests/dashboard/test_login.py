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

import dataclasses
import json
import re
import shutil
from collections.abc import Iterator

import pytest
from dashboard_sample_round import ScreeningRun
from live_dashboard import EXCEPTION, settle, stop
from login_flow import (
    PEOPLE,
    TENANT,
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
from screening.decisions.logins import UnknownLogin, user_from_claims
from screening.decisions.record import freeze_snapshot
from screening.decisions.store import dispose_all, open_store, read_events
from screening.decisions.users import UsersFileError, load_users, login_key

CONFIG = load_screening_config()
USERS = load_users(CONFIG)

# --- Claims to users, without a browser ----------------------------------------------------------


ISSUER = "https://login.example.dk/tenant-1/v2.0"
# The users file with the two kinds of immutable identifier a person may log in with.
KNOWN = {
    **USERS,
    "aabenraa.direktion": dataclasses.replace(
        USERS["aabenraa.direktion"], logins=(login_key(ISSUER, "sub", "x1"),)
    ),
    "admin": dataclasses.replace(
        USERS["admin"], logins=(login_key(TENANT, "oid", "0a0a0a0a-1111-2222-3333-444444444444"),)
    ),
}


def test_a_person_in_the_users_file_is_who_the_file_says_whatever_the_claims() -> None:
    user = user_from_claims(
        {"sub": "x1", "iss": ISSUER + "/", "name": "S", "roles": ["sekretariat.haderslev"]},
        CONFIG,
        KNOWN,
    )
    assert (user.name, user.municipality, user.roles) == ("Søren Kjær", "Aabenraa", ("direktion",))
    admin = user_from_claims(
        {"oid": "0a0a0a0a-1111-2222-3333-444444444444", "tid": TENANT, "sub": "pairwise-x"},
        CONFIG,
        KNOWN,
    )
    assert admin.roles == ("administrator",)


@pytest.mark.parametrize(
    "claims",
    [
        # What a user or a tenant can set: never enough to be someone in the file.
        {"sub": "m1", "iss": ISSUER, "email": "haderslev.projektgruppe"},
        {"sub": "m2", "iss": ISSUER, "upn": "ADMIN", "preferred_username": "admin"},
        {"sub": "aabenraa.direktion"},  # a subject without its issuer
        {"sub": "x1", "iss": "https://other.example.dk"},  # the subject from another issuer
        {"oid": "0a0a0a0a-1111-2222-3333-444444444444", "tid": "another-tenant", "sub": "m3"},
    ],
)
def test_a_person_is_never_matched_on_a_changeable_name(claims: dict) -> None:
    with pytest.raises(UnknownLogin, match="har ingen rolle i dashboardet"):
        user_from_claims(claims, CONFIG, KNOWN)


def test_logins_in_the_users_file_must_be_immutable_identifiers(tmp_path) -> None:
    users_file = tmp_path / "users.toml"
    users_file.write_text(
        '[[users]]\nid = "k"\nmunicipality = "Tønder Kommune"\nroles = ["direktion"]\n'
        'logins = ["karen.holm@toender.dk"]\n',
        encoding="utf-8",
    )
    with pytest.raises(UsersFileError, match="En e-mail eller et brugernavn kan ændres"):
        load_users(CONFIG, users_file)
    users_file.write_text(
        '[[users]]\nid = "k"\nmunicipality = "Tønder Kommune"\nroles = ["direktion"]\n'
        f'logins = [{{ tenant = "{TENANT}", oid = "abc" }}, '
        f'{{ issuer = "{ISSUER}", sub = "k" }}]\n',
        encoding="utf-8",
    )
    user = load_users(CONFIG, users_file)["k"]
    assert user.municipality == "Tønder"
    assert user_from_claims({"sub": "k", "iss": ISSUER}, CONFIG, {"k": user}) == user


@pytest.mark.parametrize("written", ["Tønder Kommune", "tonder", "toender", "TØNDER"])
def test_the_spellings_people_use_for_a_municipality_are_recognised(written: str) -> None:
    user = user_from_claims({"sub": "s", "roles": [f"sekretariat.{written}"]}, CONFIG, USERS)
    assert user.municipality == "Tønder"


def test_a_role_for_an_unknown_municipality_refuses_the_login_and_is_logged(caplog) -> None:
    # Never attached to the user's other municipality.
    with pytest.raises(UnknownLogin, match="«odense» er ikke en kommune i runden"):
        user_from_claims(
            {"sub": "s", "name": "Mads", "roles": ["direktion.aabenraa", "sekretariat.odense"]},
            CONFIG,
            USERS,
        )
    assert "sekretariat.odense" in caplog.text
    # A bare role without a municipality claim is refused the same way.
    with pytest.raises(UnknownLogin, match="ikke en kommune i runden"):
        user_from_claims(
            {"sub": "s", "roles": ["direktion.aabenraa", "sekretariat"]}, CONFIG, USERS
        )


def test_roles_in_two_spelt_municipalities_are_refused_not_merged() -> None:
    # «tonder» is Tønder: the user has roles in two municipalities, and acts for neither.
    with pytest.raises(UnknownLogin, match="handler for én kommune"):
        user_from_claims(
            {"sub": "t", "roles": ["direktion.aabenraa", "sekretariat.tonder"]}, CONFIG, USERS
        )


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
@pytest.mark.parametrize(
    ("sub", "reason"),
    [
        # E-mail, upn and preferred_username name the project group and the administrator.
        ("mallory", "har ingen rolle i dashboardet"),
        ("mads@odense.dk", "«odense» er ikke en kommune i runden"),
    ],
)
def test_a_login_that_names_someone_else_or_an_unknown_municipality_gets_no_access(
    page: Page, dashboard_url: str, sub: str, reason: str
) -> None:
    page.goto(dashboard_url)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_url(re.compile(r"/oauth2/authorize"), timeout=30_000)
    page.get_by_role("button", name=sub, exact=True).click()
    expect(page.get_by_role("heading", name="Ingen adgang")).to_be_visible(timeout=30_000)
    expect(page.get_by_text(reason, exact=False)).to_be_visible()
    # Logged in as themselves only, not as a user of ours («Navn (Kommune, Rolle)»); no data.
    name = next(person["name"] for person in PEOPLE if person["sub"] == sub)
    expect(page.get_by_text(f"Logget ind som {name}", exact=True)).to_be_visible()
    expect(page.locator('[data-testid="stDataFrame"]')).to_have_count(0)


@pytest.mark.slow
def test_an_entra_login_is_matched_on_its_object_id_in_the_tenant(
    page: Page, dashboard_url: str
) -> None:
    log_in(page, dashboard_url, "entra-pairwise-7f3e")
    expect(
        page.get_by_text("Logget ind som Marianne Friis (Tønder, Udvalgssekretariat)")
    ).to_be_visible()


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


# --- A login cookie signed by hand ---------------------------------------------------------------


def forge_login_cookie(secret: str, url: str) -> dict:
    """The cookie an attacker signs with a known secret: the administrator, never asked of the
    identity provider (Streamlit's own signing, as its server checks it)."""
    from streamlit.web.server.starlette.starlette_app_utils import create_signed_value

    claims = {
        "sub": "admin",
        "preferred_username": "admin",
        "upn": "ADMIN",
        "name": "Administrator",
        "origin": url,
        "is_logged_in": True,
        "provider": "default",
    }
    value = create_signed_value(secret, "_streamlit_user", json.dumps(claims)).decode()
    return {"name": "_streamlit_user", "value": value, "url": url}


@pytest.mark.slow
def test_with_the_example_secret_the_dashboard_refuses_to_run_so_a_forged_cookie_gets_nothing(
    page: Page,
    screening_run: ScreeningRun,
    identity_provider: str,
    login_store: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    from screening.operations.startup import EXAMPLE_SECRET, REFUSAL_TITLE

    server, url = serve_dashboard(
        tmp_path_factory.mktemp("placeholder_secret"),
        identity_provider,
        {**screening_run.env(), "SCREENING_DECISIONS_URL": login_store},
        cookie_secret=EXAMPLE_SECRET,
    )
    try:
        page.context.add_cookies([forge_login_cookie(EXAMPLE_SECRET, url)])
        page.goto(f"{url}/bruttoliste")
        expect(page.get_by_role("heading", name=REFUSAL_TITLE)).to_be_visible(timeout=30_000)
        expect(page.get_by_text("pladsholder", exact=False)).to_be_visible()
        settle(page)
        expect(page.get_by_text("Logget ind som", exact=False)).to_have_count(0)
        expect(page.locator('[data-testid="stDataFrame"]')).to_have_count(0)
        expect(page.locator('[data-testid="stSidebar"] a')).to_have_count(0)
    finally:
        stop(server)


@pytest.mark.slow
def test_a_cookie_signed_with_the_example_secret_is_no_login_where_the_secret_is_real(
    page: Page, dashboard_url: str
) -> None:
    page.context.add_cookies(
        [forge_login_cookie("REPLACE-WITH-64-RANDOM-HEX-CHARACTERS", dashboard_url)]
    )
    page.goto(dashboard_url)
    expect(page.get_by_role("button", name="Log ind")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("Logget ind som", exact=False)).to_have_count(0)
