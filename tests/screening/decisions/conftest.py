"""Users and a small gross list for the decision-store tests; ``store_url`` (SQLite and
PostgreSQL) is in tests/conftest.py."""

from __future__ import annotations

import polars as pl
import pytest

from screening.config import load_screening_config
from screening.decisions.users import User, load_users


@pytest.fixture(scope="session")
def users() -> dict[str, User]:
    return load_users(load_screening_config())


@pytest.fixture
def gross_list() -> pl.DataFrame:
    """A small gross list: one candidate shared by Aabenraa and Tønder, one of Haderslev's."""
    return pl.DataFrame(
        {
            "candidate_id": ["K-aabenraa:loen", "K-haderslev:vej"],
            "rank": [1, 2],
            "score": [71.5, 40.0],
            "title": ["Lønadministration", "Vejvedligehold"],
            "municipalities": [["Aabenraa", "Tønder"], ["Haderslev"]],
            "task_ids": [["aabenraa:loen", "toender:loenadministration"], ["haderslev:vej"]],
        }
    )
