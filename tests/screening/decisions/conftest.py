"""Each decision-store test runs against SQLite and against a real PostgreSQL server.

`scripts/test.sh` starts the server and sets SCREENING_TEST_POSTGRES_URL; every test gets a
fresh database of its own. Without the server the PostgreSQL cases are skipped locally, but fail
in CI, where both must pass.
"""

from __future__ import annotations

import os
import uuid

import polars as pl
import pytest
import sqlalchemy as sa

from screening.config import load_screening_config
from screening.decisions.store import dispose_all
from screening.decisions.users import User, load_users

POSTGRES = os.environ.get("SCREENING_TEST_POSTGRES_URL")


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'decisions.sqlite'}"
    else:
        if not POSTGRES:
            if os.environ.get("CI"):
                pytest.fail("CI skal køre beslutningstestene mod PostgreSQL (test.sh starter den).")
            pytest.skip("ingen PostgreSQL-server (scripts/test.sh starter en)")
        name = f"t_{uuid.uuid4().hex[:12]}"
        admin = sa.create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(sa.text(f"CREATE DATABASE {name}"))
        yield sa.make_url(POSTGRES).set(database=name).render_as_string(hide_password=False)
        dispose_all()
        with admin.connect() as connection:
            connection.execute(sa.text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()
    dispose_all()


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
