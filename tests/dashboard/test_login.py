"""Login end to end: a real OIDC round trip from ``st.login`` to a local identity provider and back.

``oidc-provider-mock`` plays the municipality's Microsoft Entra ID: it serves discovery, the
authorisation page, tokens and the ID token with the claims we give each test person. The
dashboard runs as ``streamlit run`` with an ``[auth]`` section in a secrets file of the test's
own, exactly as in production; Chromium (Playwright) clicks through the provider's page. Who
each person is comes either from ``config/users.toml`` (the subject is a user id there) or from
the ID token's app roles and municipality claim.

The pure claims mapping is tested first, without a browser.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import secrets
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from dashboard_sample_round import APP, ScreeningRun
from playwright.sync_api import Browser, Page, expect, sync_playwright
from test_browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    EXCEPTION,
    _free_port,
    _settle,
    _wait_until_healthy,
)

from screening.config import CONFIG_DIR, load_screening_config
from screening.decisions import state
from screening.decisions.record import freeze_snapshot
from screening.decisions.store import dispose_all, open_store, read_events
from screening.decisions.users import (
    UnknownLogin,
    UsersFileError,
    load_users,
    login_key,
    user_from_claims,
)

CONFIG = load_screening_config()
USERS = load_users(CONFIG)

# --- Claims to users, without a browser ----------------------------------------------------------


ISSUER = "https://login.example.dk/tenant-1/v2.0"
TENANT = "7d9b5a1e-0000-4000-8000-00000000c0de"
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

PASSWORD = "not-a-secret-only-for-this-test"
# 32 random bytes, as the dashboard demands; shared by every dashboard of the test run, as
# processes behind one proxy must.
COOKIE_SECRET = secrets.token_hex(32)
# The people the provider knows; their buttons on its authorisation page are named by «sub».
PEOPLE = [
    # In config/users.toml by id: the file says who they are.
    {"sub": "haderslev.projektgruppe", "email": "karen.holm@haderslev.dk", "name": "Karen Holm"},
    {"sub": "aabenraa.sekretariat", "email": "lone.bogh@aabenraa.dk", "name": "Lone Bøgh"},
    {"sub": "haderslev.sekretariat", "email": "birthe@haderslev.dk", "name": "Birthe Sønderby"},
    # Not in the file: app roles as Entra ID sends them.
    {
        "sub": "anders.fog@haderslev.dk",
        "email": "anders.fog@haderslev.dk",
        "name": "Anders Fog",
        "roles": ["direktion.haderslev"],
    },
    {
        "sub": "niels.hoj@toender.dk",
        "email": "niels.hoj@toender.dk",
        "name": "Niels Høj",
        "roles": ["koordinationsudvalg"],
        "municipality": "Tønder",
    },
    {"sub": "gaest@example.dk", "email": "gaest@example.dk", "name": "En gæst"},
    # In the file by Entra ID's object id within the tenant; the subject means nothing.
    {
        "sub": "entra-pairwise-7f3e",
        "oid": "5b8f0c2e-0000-4000-8000-000000000001",
        "tid": TENANT,
        "name": "Tove Lund",
    },
    # Claims anyone can set, naming people in the file: they pick no one.
    {
        "sub": "mallory",
        "email": "haderslev.projektgruppe",
        "upn": "ADMIN",
        "preferred_username": "admin",
        "name": "Mallory",
    },
    # A role for a municipality not in the round: refused, not attached to Aabenraa.
    {
        "sub": "mads@odense.dk",
        "name": "Mads",
        "roles": ["direktion.aabenraa", "sekretariat.odense"],
    },
]
# Who in config/users.toml logs in as whom at the test's provider (the provider's issuer is
# known only once it runs; serve_dashboard writes the file).
FILE_LOGINS = {
    "haderslev.projektgruppe": "haderslev.projektgruppe",
    "aabenraa.sekretariat": "aabenraa.sekretariat",
    "haderslev.sekretariat": "haderslev.sekretariat",
}
ENTRA_LOGINS = {"toender.sekretariat": "5b8f0c2e-0000-4000-8000-000000000001"}


def users_file_for(identity_provider: str, folder: Path) -> Path:
    """config/users.toml with each test person's immutable identifier at this provider."""
    import urllib.request

    with urllib.request.urlopen(f"{identity_provider}/.well-known/openid-configuration") as reply:
        issuer = json.load(reply)["issuer"]
    lines = []
    for line in (CONFIG_DIR / "users.toml").read_text(encoding="utf-8").splitlines():
        lines.append(line)
        user_id = (
            line.removeprefix('id = "').removesuffix('"') if line.startswith("id = ") else None
        )
        if user_id in FILE_LOGINS:
            lines.append(f'logins = [{{ issuer = "{issuer}", sub = "{FILE_LOGINS[user_id]}" }}]')
        if user_id in ENTRA_LOGINS:
            lines.append(f'logins = [{{ tenant = "{TENANT}", oid = "{ENTRA_LOGINS[user_id]}" }}]')
    path = folder / "users.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _start(command: list[str], log: Path, env: dict[str, str]) -> subprocess.Popen:
    with open(log, "w") as output:
        return subprocess.Popen(
            command, env=env, cwd=APP.parents[1], stdout=output, stderr=subprocess.STDOUT
        )


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="module")
def identity_provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = _free_port()
    log = tmp_path_factory.mktemp("oidc") / "oidc.log"
    command = [sys.executable, "-m", "oidc_provider_mock", "--port", str(port)]
    for person in PEOPLE:
        command += ["--user-claims", json.dumps(person, ensure_ascii=False)]
    provider = _start(command, log, dict(os.environ))
    url = f"http://127.0.0.1:{port}"
    try:
        import time
        import urllib.request

        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{url}/.well-known/openid-configuration", timeout=2):
                    break
            except OSError:
                if provider.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"the identity provider did not start:\n{log.read_text()}")
                time.sleep(0.3)
        yield url
    finally:
        _stop(provider)


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


def serve_dashboard(
    folder: Path,
    identity_provider: str,
    env: dict[str, str],
    public_url: str | None = None,
    cookie_secret: str = COOKIE_SECRET,
) -> tuple[subprocess.Popen, str]:
    """``streamlit run`` with an ``[auth]`` section pointing at ``identity_provider``; every
    dashboard of a test shares the cookie secret, as processes behind one proxy must. Behind a
    proxy, ``public_url`` is the proxy's address, which the login returns to."""
    port = _free_port()
    own_url = f"http://127.0.0.1:{port}"
    folder.mkdir(parents=True, exist_ok=True)
    secrets = folder / "secrets.toml"
    # What .streamlit/secrets.example.toml documents for Entra ID, pointed at the local provider.
    users_file = users_file_for(identity_provider, folder)
    secrets.write_text(
        "[auth]\n"
        f'redirect_uri = "{public_url or own_url}/oauth2callback"\n'
        f'cookie_secret = "{cookie_secret}"\n'
        'client_id = "driftsfaellesskaber-dashboard"\n'
        f'client_secret = "{PASSWORD}"\n'
        f'server_metadata_url = "{identity_provider}/.well-known/openid-configuration"\n',
        encoding="utf-8",
    )
    log = folder / "streamlit.log"
    server = _start(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(APP),
            "--server.headless",
            "true",
            "--server.address",
            "127.0.0.1",
            "--server.port",
            str(port),
            "--secrets.files",
            str(secrets),
        ],
        log,
        {
            **{k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"},  # runs stay private
            "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
            "SCREENING_USERS": str(users_file),
            **env,
        },
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_healthy(url, server, log)
    except BaseException:
        _stop(server)
        raise
    return server, url


@pytest.fixture(scope="module")
def dashboard_url(
    screening_run: ScreeningRun,
    identity_provider: str,
    login_store: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[str]:
    server, url = serve_dashboard(
        tmp_path_factory.mktemp("login_dashboard"),
        identity_provider,
        {**screening_run.env(), "SCREENING_DECISIONS_URL": login_store},
    )
    try:
        yield url
    finally:
        _stop(server)


@pytest.fixture(scope="module")
def browser(dashboard_url: str) -> Iterator[Browser]:
    if not CHROMIUM.is_file():
        pytest.fail(f"Chromium is missing at {CHROMIUM}; install it with apt-get install chromium")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


# Opened at a page's address, Streamlit's frontend first looks for its server under that address
# (/politiske-beslutninger/_stcore/health), gets 404 and then finds it at the root: Streamlit's
# own probing on every deep link, not a fault of a page.
STREAMLIT_PROBE = re.compile(r"^http://127\.0\.0\.1:\d+/[^_][^/]*/_stcore/(health|host-config)$")


@pytest.fixture
def page(browser: Browser, dashboard_url: str) -> Iterator[Page]:
    """A fresh browser profile per test (no login cookie), failing on any console error of the
    dashboard. (The test provider's own page loads a stylesheet from a CDN this machine cannot
    reach; that page is the stand-in for Entra ID's, not ours.)"""
    context = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="da-DK")
    opened = context.new_page()
    errors: list[str] = []

    def on_console(message) -> None:
        where = message.location.get("url", "") if message.location else ""
        if STREAMLIT_PROBE.search(where):
            return
        if message.type == "error" and opened.url.startswith(dashboard_url):
            errors.append(f"{message.text} ({where})")

    opened.on("console", on_console)
    opened.on("pageerror", lambda error: errors.append(str(error)))
    yield opened
    context.close()
    assert errors == [], f"console errors: {errors}"


def log_in(page: Page, dashboard_url: str, sub: str) -> None:
    page.goto(dashboard_url)
    expect(page.get_by_role("button", name="Log ind")).to_be_visible(timeout=30_000)
    # Demo mode is gone once an identity provider is configured.
    expect(page.get_by_text("Demo-tilstand")).to_have_count(0)
    page.get_by_role("button", name="Log ind").click()
    # The provider's own page: choose the person, as a user picks their account.
    page.wait_for_url(re.compile(r"/oauth2/authorize"), timeout=30_000)
    page.get_by_role("button", name=sub, exact=True).click()
    page.wait_for_url(re.compile(rf"^{re.escape(dashboard_url)}"), timeout=30_000)
    expect(page.get_by_text("Logget ind som", exact=False)).to_be_visible(timeout=30_000)
    _settle(page)


def sidebar_links(page: Page) -> list[str]:
    # Each link's text is its icon's name and then its label.
    return [
        text.split("\n")[-1].strip()
        for text in page.locator('[data-testid="stSidebar"] a').all_inner_texts()
    ]


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
    page: Page, dashboard_url: str, sub: str, home: str, who: str, uses: str, not_used: str
) -> None:
    log_in(page, dashboard_url, sub)
    expect(page.get_by_role("heading", name=home, exact=True)).to_be_visible(timeout=30_000)
    expect(page.get_by_text(f"Logget ind som {who}")).to_be_visible()
    links = sidebar_links(page)
    assert uses in links and not_used not in links, links
    assert page.locator(EXCEPTION).count() == 0


def test_logging_out_returns_to_the_login(page: Page, dashboard_url: str) -> None:
    log_in(page, dashboard_url, "haderslev.projektgruppe")
    page.get_by_role("button", name="Log ud").click()
    # The provider ends its session too (Entra ID signs out there; the mock asks to confirm).
    page.wait_for_url(re.compile(r"/oauth2/end_session"), timeout=30_000)
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(re.compile(rf"^{re.escape(dashboard_url)}"), timeout=30_000)
    expect(page.get_by_role("button", name="Log ind")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("Logget ind som", exact=False)).to_have_count(0)


def test_a_login_without_a_role_sees_no_data(page: Page, dashboard_url: str) -> None:
    page.goto(dashboard_url)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_url(re.compile(r"/oauth2/authorize"), timeout=30_000)
    page.get_by_role("button", name="gaest@example.dk", exact=True).click()
    expect(page.get_by_role("heading", name="Ingen adgang")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("har ingen rolle i dashboardet", exact=False)).to_be_visible()
    page.goto(f"{dashboard_url}/bruttoliste")
    expect(page.get_by_role("heading", name="Ingen adgang")).to_be_visible(timeout=30_000)
    expect(page.locator('[data-testid="stDataFrame"]')).to_have_count(0)


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


def test_an_entra_login_is_matched_on_its_object_id_in_the_tenant(
    page: Page, dashboard_url: str
) -> None:
    log_in(page, dashboard_url, "entra-pairwise-7f3e")
    expect(
        page.get_by_text("Logget ind som Marianne Friis (Tønder, Udvalgssekretariat)")
    ).to_be_visible()


def test_a_write_for_another_municipality_is_refused(page: Page, dashboard_url: str) -> None:
    log_in(page, dashboard_url, "aabenraa.sekretariat")
    page.get_by_role("link", name="Politiske beslutninger").click()
    expect(page.get_by_role("heading", name="Politiske beslutninger")).to_be_visible(timeout=30_000)
    _settle(page)
    page.get_by_role("combobox", name="Kommune").click()
    page.get_by_role("option", name="Haderslev", exact=True).click()
    _settle(page)
    refusal = page.get_by_text(
        "Lone Bøgh må ikke registrere politiske beslutninger for Haderslev, kun for Aabenraa."
    )
    # Both ways of writing are refused: the decision form and the filled workbook's import.
    expect(refusal).to_have_count(2)
    expect(refusal.first).to_be_visible()
    expect(page.get_by_role("button", name="Gem beslutning")).to_have_count(0)


def open_political_decisions(page: Page) -> None:
    page.get_by_role("link", name="Politiske beslutninger").click()
    expect(page.get_by_role("heading", name="Politiske beslutninger")).to_be_visible(timeout=30_000)
    _settle(page)


def choose_candidate(page: Page, candidate: dict) -> None:
    page.get_by_role("combobox", name="Kandidat").click()
    rank = candidate["rank"]
    page.get_by_role(
        "option", name=re.compile(rf"^{rank}\. {re.escape(candidate['title'])} ")
    ).click()
    _settle(page)


def decide_to_go_on(page: Page, municipality: str) -> None:
    page.get_by_text("Ønsker at gå videre", exact=True).first.click()
    page.get_by_label("Udvalg", exact=True).fill("Økonomiudvalget")
    page.get_by_label("Dagsordenspunkt").fill("Punkt 7")
    page.get_by_role("button", name="Gem beslutning").click()
    _settle(page)
    expect(page.get_by_text(f"Gemt for {municipality}:", exact=False)).to_be_visible()


def expect_recorded(page: Page, by: str) -> None:
    expect(
        page.get_by_text("Registreret nu: «Ønsker at gå videre» (Økonomiudvalget", exact=False)
    ).to_be_visible(timeout=30_000)
    expect(page.get_by_text(f"af {by}", exact=False).first).to_be_visible()


def test_a_political_decision_made_after_login_is_there_after_a_reload(
    page: Page, dashboard_url: str, screening_run: ScreeningRun
) -> None:
    top = screening_run.top
    log_in(page, dashboard_url, "aabenraa.sekretariat")
    open_political_decisions(page)
    choose_candidate(page, top)
    decide_to_go_on(page, "Aabenraa")

    page.reload()  # a new session: still logged in (the cookie), the decision from the store
    expect(page.get_by_role("heading", name="Politiske beslutninger")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("Logget ind som Lone Bøgh", exact=False)).to_be_visible()
    choose_candidate(page, top)
    expect_recorded(page, "Lone Bøgh")
    assert page.locator(EXCEPTION).count() == 0


def test_the_project_group_recomputes_the_list_and_watches_it_happen(
    page: Page, dashboard_url: str
) -> None:
    log_in(page, dashboard_url, "haderslev.projektgruppe")
    page.get_by_role("button", name="Genberegn bruttolisten").click()
    # The progress refreshes by itself while the run goes on; nobody reloads the page.
    expect(page.get_by_text("Genberegner bruttolisten", exact=False)).to_be_visible(timeout=30_000)
    expect(page.get_by_role("button", name="Genberegn bruttolisten")).to_be_disabled()
    expect(page.get_by_text("Bruttolisten blev genberegnet", exact=False)).to_be_visible(
        timeout=240_000
    )
    expect(page.get_by_text("Kandidater på bruttolisten:", exact=False)).to_be_visible()
    expect(page.get_by_role("button", name="Genberegn bruttolisten")).to_be_enabled()
    assert page.locator(EXCEPTION).count() == 0


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
        _settle(page)
        expect(page.get_by_text("Logget ind som", exact=False)).to_have_count(0)
        expect(page.locator('[data-testid="stDataFrame"]')).to_have_count(0)
        expect(page.locator('[data-testid="stSidebar"] a')).to_have_count(0)
    finally:
        _stop(server)


def test_a_cookie_signed_with_the_example_secret_is_no_login_where_the_secret_is_real(
    page: Page, dashboard_url: str
) -> None:
    page.context.add_cookies(
        [forge_login_cookie("REPLACE-WITH-64-RANDOM-HEX-CHARACTERS", dashboard_url)]
    )
    page.goto(dashboard_url)
    expect(page.get_by_role("button", name="Log ind")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("Logget ind som", exact=False)).to_have_count(0)
