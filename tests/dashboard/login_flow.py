"""Logging in through a real OpenID Connect round trip, and what a committee secretary then does.

``oidc-provider-mock`` plays the municipality's Microsoft Entra ID (the ``identity_provider``
fixture in conftest.py starts it knowing ``PEOPLE``); ``serve_dashboard`` starts the dashboard
with an ``[auth]`` section in a secrets file of its own, exactly as in production. The login
tests and the two-dashboards tests share these steps.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from live_dashboard import settle, start_dashboard
from playwright.sync_api import Page, expect

PASSWORD = "not-a-secret-only-for-this-test"
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
]

# Opened at a page's address, Streamlit's frontend first looks for its server under that address
# (/politiske-beslutninger/_stcore/health), gets 404 and then finds it at the root: Streamlit's
# own probing on every deep link, not a fault of a page.
STREAMLIT_PROBE = re.compile(r"^http://127\.0\.0\.1:\d+/[^_][^/]*/_stcore/(health|host-config)$")


def serve_dashboard(
    folder: Path, identity_provider: str, env: dict[str, str], public_url: str | None = None
) -> tuple[subprocess.Popen, str]:
    """``streamlit run`` with an ``[auth]`` section pointing at ``identity_provider``; every
    dashboard of a test shares the cookie secret, as processes behind one proxy must. Behind a
    proxy, ``public_url`` is the proxy's address, which the login returns to."""
    secrets = folder / "secrets.toml"

    def with_secrets(own_url: str) -> list[str]:
        # What .streamlit/secrets.example.toml documents for Entra ID, pointed at the provider.
        secrets.write_text(
            "[auth]\n"
            f'redirect_uri = "{public_url or own_url}/oauth2callback"\n'
            f'cookie_secret = "{PASSWORD}-cookie"\n'
            'client_id = "driftsfaellesskaber-dashboard"\n'
            f'client_secret = "{PASSWORD}"\n'
            f'server_metadata_url = "{identity_provider}/.well-known/openid-configuration"\n',
            encoding="utf-8",
        )
        return ["--secrets.files", str(secrets)]

    return start_dashboard(folder, env, with_secrets)


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
