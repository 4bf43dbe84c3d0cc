"""Logging in through a real OpenID Connect round trip, and what a committee secretary then does.

``oidc-provider-mock`` plays the municipality's Microsoft Entra ID (the ``identity_provider``
fixture in conftest.py starts it knowing ``PEOPLE``); ``serve_dashboard`` starts the dashboard
with an ``[auth]`` section in a secrets file of its own, exactly as in production. The login
tests and the two-dashboards tests share these steps.
"""

from __future__ import annotations

import json
import re
import secrets
import subprocess
import urllib.request
from pathlib import Path

from live_dashboard import settle, start_dashboard
from playwright.sync_api import Page, expect

from screening.config import CONFIG_DIR

PASSWORD = "not-a-secret-only-for-this-test"
# 32 random bytes, as the dashboard demands; shared by every dashboard of the test run, as
# processes behind one proxy must.
COOKIE_SECRET = secrets.token_hex(32)
TENANT = "7d9b5a1e-0000-4000-8000-00000000c0de"
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
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "users.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# Opened at a page's address, Streamlit's frontend first looks for its server under that address
# (/politiske-beslutninger/_stcore/health), gets 404 and then finds it at the root: Streamlit's
# own probing on every deep link, not a fault of a page.
STREAMLIT_PROBE = re.compile(r"^http://127\.0\.0\.1:\d+/[^_][^/]*/_stcore/(health|host-config)$")


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
    secrets_file = folder / "secrets.toml"
    users_file = users_file_for(identity_provider, folder)

    def with_secrets(own_url: str) -> list[str]:
        # What .streamlit/secrets.example.toml documents for Entra ID, pointed at the provider.
        secrets_file.write_text(
            "[auth]\n"
            f'redirect_uri = "{public_url or own_url}/oauth2callback"\n'
            f'cookie_secret = "{cookie_secret}"\n'
            'client_id = "driftsfaellesskaber-dashboard"\n'
            f'client_secret = "{PASSWORD}"\n'
            f'server_metadata_url = "{identity_provider}/.well-known/openid-configuration"\n',
            encoding="utf-8",
        )
        return ["--secrets.files", str(secrets_file)]

    return start_dashboard(folder, {"SCREENING_USERS": str(users_file), **env}, with_secrets)


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
    settle(page)


def open_political_decisions(page: Page) -> None:
    page.get_by_role("link", name="Politiske beslutninger").click()
    expect(page.get_by_role("heading", name="Politiske beslutninger")).to_be_visible(timeout=30_000)
    settle(page)


def choose_candidate(page: Page, candidate: dict) -> None:
    page.get_by_role("combobox", name="Kandidat").click()
    rank = candidate["rank"]
    page.get_by_role(
        "option", name=re.compile(rf"^{rank}\. {re.escape(candidate['title'])} ")
    ).click()
    settle(page)


def decide_to_go_on(page: Page, municipality: str) -> None:
    page.get_by_text("Ønsker at gå videre", exact=True).first.click()
    page.get_by_label("Udvalg", exact=True).fill("Økonomiudvalget")
    page.get_by_label("Dagsordenspunkt").fill("Punkt 7")
    page.get_by_role("button", name="Gem beslutning").click()
    settle(page)
    expect(page.get_by_text(f"Gemt for {municipality}:", exact=False)).to_be_visible()


def expect_recorded(page: Page, by: str) -> None:
    expect(
        page.get_by_text("Registreret nu: «Ønsker at gå videre» (Økonomiudvalget", exact=False)
    ).to_be_visible(timeout=30_000)
    expect(page.get_by_text(f"af {by}", exact=False).first).to_be_visible()
