"""The start-up guards: which login secrets and which demo addresses the dashboard refuses."""

from __future__ import annotations

import secrets
import tomllib
from pathlib import Path

import pytest

from screening.operations.startup import (
    EXAMPLE_SECRET,
    cookie_secret_problem,
    demo_exposure_problem,
    startup_problem,
)

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(
    ("secret", "reason"),
    [
        (None, "mangler"),
        ("", "mangler"),
        (EXAMPLE_SECRET, "pladsholder"),
        ("replace-me-with-something-long-and-random-please-0123456789", "pladsholder"),
        (secrets.token_hex(16), "for kort"),  # 16 random bytes
        ("not-a-secret-only-for-this-test-cookie", "for kort"),
        ("a" * 200, "for kort"),  # long, but not random
    ],
    # Named, not by value: the random secrets differ in every process that collects them.
    ids=["none", "empty", "example", "placeholder", "16-bytes", "phrase", "one-letter"],
)
def test_a_guessable_cookie_secret_is_refused_with_what_to_do(secret, reason) -> None:
    problem = cookie_secret_problem({} if secret is None else {"cookie_secret": secret})
    assert problem is not None and reason in problem
    assert "secrets.token_hex(32)" in problem


@pytest.mark.parametrize(
    "secret", [secrets.token_hex(32), secrets.token_urlsafe(32)], ids=["hex", "urlsafe"]
)
def test_32_random_bytes_are_accepted(secret: str) -> None:
    assert cookie_secret_problem({"cookie_secret": secret}) is None


def test_the_example_files_secret_is_the_one_refused() -> None:
    example = tomllib.loads((ROOT / ".streamlit/secrets.example.toml").read_text("utf-8"))
    assert example["auth"]["cookie_secret"] == EXAMPLE_SECRET
    assert cookie_secret_problem(example["auth"]) is not None


def test_the_dashboard_listens_only_on_this_machine_by_default() -> None:
    config = tomllib.loads((ROOT / ".streamlit/config.toml").read_text("utf-8"))
    assert config["server"]["address"] == "127.0.0.1"


@pytest.mark.parametrize("address", [None, "", "0.0.0.0", "::", "10.0.0.11", "bruttoliste.dk"])
def test_demo_mode_is_refused_off_loopback(address) -> None:
    problem = demo_exposure_problem(address, {})
    assert problem is not None and "SCREENING_DEMO=1" in problem
    # Said on purpose, it runs (and every page shows a banner: test_startup_pages.py).
    assert demo_exposure_problem(address, {"SCREENING_DEMO": "1"}) is None


@pytest.mark.parametrize("address", ["127.0.0.1", "127.0.1.1", "::1", "localhost"])
def test_demo_mode_runs_on_loopback(address: str) -> None:
    assert demo_exposure_problem(address, {}) is None


def test_with_login_the_address_is_the_proxys_business_but_the_secret_is_ours() -> None:
    good = {"cookie_secret": secrets.token_hex(32)}
    assert startup_problem(good, "0.0.0.0", {}) is None
    assert startup_problem({"cookie_secret": EXAMPLE_SECRET}, "127.0.0.1", {}) is not None
