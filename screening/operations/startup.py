"""What the dashboard refuses to start with: a guessable login secret, or an open demo.

The login cookie is signed with ``[auth] cookie_secret``; anyone who knows the secret can sign a
cookie for anyone, administrator included, without the identity provider being asked. So a
secret that is missing, short or the example's placeholder stops the dashboard before any page
reads the cookie. Demo mode lets anyone pick any user, so it is served only on the machine's own
loopback address unless the operator says ``SCREENING_DEMO=1`` on purpose.

The checks are pure, so the dashboard and ``screening doctor`` give the same verdict.
"""

from __future__ import annotations

import ipaddress
import math
import os
from collections.abc import Mapping

# 32 random bytes: what ``secrets.token_hex(32)`` (64 hex characters) gives.
MIN_SECRET_BITS = 256
# The example file's value, and the word every placeholder there contains.
EXAMPLE_SECRET = "REPLACE-WITH-64-RANDOM-HEX-CHARACTERS"
PLACEHOLDER_MARK = "REPLACE"
MAKE_SECRET = 'python -c "import secrets; print(secrets.token_hex(32))"'
DEMO_SWITCH = "SCREENING_DEMO"

REFUSAL_TITLE = "Dashboardet er ikke startet"


def _secret_bits(secret: str) -> float:
    """A generous estimate of the randomness in ``secret``: its length times the bits of the
    smallest alphabet it is written in (hex, letters and digits, or anything)."""
    if all(ch in "0123456789abcdefABCDEF" for ch in secret):
        per_char = 4.0
    elif all(ch.isascii() and (ch.isalnum() or ch in "-_") for ch in secret):
        per_char = 6.0
    else:
        per_char = math.log2(94)
    # A secret of few distinct characters ("aaaa…", "abab…") is not random, however long.
    if len(set(secret)) < 8:
        return 0.0
    return len(secret) * per_char


def cookie_secret_problem(auth: Mapping[str, object] | None) -> str | None:
    """Why the ``[auth]`` section's cookie secret cannot be trusted (Danish), or None."""
    if auth is None:
        return None
    secret = auth.get("cookie_secret")
    fix = (
        f"Lav en ny med `{MAKE_SECRET}`, skriv den som «cookie_secret» under [auth] i "
        ".streamlit/secrets.toml (den samme på alle dashboard-processer), og start igen."
    )
    if not isinstance(secret, str) or not secret.strip():
        return f"Login er sat op, men «cookie_secret» mangler. {fix}"
    if PLACEHOLDER_MARK in secret.upper() or secret == EXAMPLE_SECRET:
        return (
            "«cookie_secret» er stadig eksempelfilens pladsholder. Med den kan enhver lave en "
            f"login-cookie for enhver bruger. {fix}"
        )
    if _secret_bits(secret) < MIN_SECRET_BITS:
        return (
            "«cookie_secret» er for kort eller for lidt tilfældig (mindre end 32 tilfældige "
            f"bytes), så en login-cookie kan gættes. {fix}"
        )
    return None


def is_loopback(address: str | None) -> bool:
    """Whether the server listens only on this machine (no address = every interface)."""
    if not address:
        return False
    if address.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(address.strip("[] ")).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to anything


def demo_opened(environ: Mapping[str, str] | None = None) -> bool:
    """Whether the operator has said on purpose that the demo may be reached from outside."""
    return (environ if environ is not None else os.environ).get(DEMO_SWITCH, "").strip() == "1"


def demo_exposure_problem(
    address: str | None, environ: Mapping[str, str] | None = None
) -> str | None:
    """Why demo mode may not run on ``address`` (Danish), or None."""
    if is_loopback(address) or demo_opened(environ):
        return None
    where = f"adressen {address}" if address else "alle netværkskort"
    return (
        f"Dashboardet kører i demo-tilstand, hvor alle kan vælge enhver bruger, og lytter på "
        f"{where}. Demo-tilstand er kun tilladt på 127.0.0.1. Start med `--server.address "
        f"127.0.0.1`, sæt login op (se docs/drift.md), eller sæt {DEMO_SWITCH}=1, hvis "
        "demoen bevidst skal kunne nås udefra."
    )


DEMO_BANNER = (
    "Åben demo: alle, der kan nå denne adresse, kan vælge enhver bruger og registrere i "
    "brugerens navn. Brug den ikke til rigtige beslutninger."
)


def startup_problem(
    auth: Mapping[str, object] | None, address: str | None, environ: Mapping[str, str] | None = None
) -> str | None:
    """The one reason the dashboard must not start (Danish), or None.

    ``auth`` is the ``[auth]`` section when login is configured (None: demo mode)."""
    if auth is not None:
        return cookie_secret_problem(auth)
    return demo_exposure_problem(address, environ)
