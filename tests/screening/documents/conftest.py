"""Users and a small gross list (with a title that looks like a formula) for the document
tests; ``store_url`` (SQLite and PostgreSQL) is in tests/conftest.py."""

from __future__ import annotations

import polars as pl
import pytest
from document_payloads import PAYLOAD_TITLE

from screening.config import load_screening_config
from screening.decisions.users import User, load_users


@pytest.fixture(scope="session")
def config():
    return load_screening_config()


@pytest.fixture(scope="session")
def users(config) -> dict[str, User]:
    return load_users(config)


@pytest.fixture
def gross_list() -> pl.DataFrame:
    """Three candidates: one shared by Aabenraa and Tønder, one of Haderslev's, and one whose
    title a municipality wrote as a formula."""
    return pl.DataFrame(
        {
            "candidate_id": ["K-aabenraa:loen", "K-haderslev:vej", "K-aabenraa:payload"],
            "rank": [1, 2, 3],
            "score": [71.5, 40.25, 12.0],
            "title": ["Lønadministration", "Vejvedligehold", PAYLOAD_TITLE],
            "municipalities": [["Aabenraa", "Tønder"], ["Haderslev"], ["Aabenraa"]],
            "task_ids": [
                ["aabenraa:loen", "toender:loenadministration"],
                ["haderslev:vej"],
                ["aabenraa:payload"],
            ],
            "potential_dkk": [1_250_000.0, None, 10_000.0],
        }
    )
