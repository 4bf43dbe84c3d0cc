"""Users and a phase-3 candidate for the phase-3 tests; ``store_url`` (SQLite and PostgreSQL)
is in tests/conftest.py."""

from __future__ import annotations

import polars as pl
import pytest

from screening.config import load_screening_config
from screening.decisions.users import User, load_users
from screening.phase3.state import Phase3Candidate


@pytest.fixture(scope="session")
def users() -> dict[str, User]:
    return load_users(load_screening_config())


@pytest.fixture
def gross_list() -> pl.DataFrame:
    """IT operations proposed by three municipalities; a population register (authority
    exercise) by two."""
    return pl.DataFrame(
        {
            "candidate_id": ["K-it", "K-cpr"],
            "rank": [1, 2],
            "score": [80.0, 50.0],
            "title": ["IT-drift", "Folkeregister"],
            "municipalities": [["Aabenraa", "Haderslev", "Tønder"], ["Aabenraa", "Tønder"]],
            "task_ids": [["aabenraa:it", "haderslev:it", "toender:it"], ["aabenraa:cpr"]],
            "authority_exercise": [False, True],
        }
    )


@pytest.fixture
def it() -> Phase3Candidate:
    return Phase3Candidate(
        "K-it", "IT-drift", ("aabenraa:it",), ("Aabenraa", "Haderslev", "Tønder"), False, 1
    )


@pytest.fixture
def register() -> Phase3Candidate:
    return Phase3Candidate(
        "K-cpr", "Folkeregister", ("aabenraa:cpr",), ("Aabenraa", "Tønder"), True
    )
