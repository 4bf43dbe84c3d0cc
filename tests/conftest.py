"""Settings every test shares.

Decision-store tests take ``store_url``: each runs against SQLite and against a real PostgreSQL
server. `scripts/test.sh` starts the server and sets SCREENING_TEST_POSTGRES_URL; every test gets
a fresh database of its own. Without the server the PostgreSQL cases are skipped locally, but
fail in CI, where both must pass.

No test may write the product's own decision store (``data/decisions.sqlite``): the whole
session points ``SCREENING_DECISIONS_URL`` at a temporary SQLite file, set before any
session-scoped fixture runs a pipeline; a test that needs a store of its own sets it again.
"""

from __future__ import annotations

import os
import sys
import uuid

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, settings

from screening.decisions.store import dispose_all

POSTGRES = os.environ.get("SCREENING_TEST_POSTGRES_URL")

# These machines set PYTHONDONTWRITEBYTECODE, so each test process (every pytest-xdist worker)
# would compile and assertion-rewrite every test module again, about 3 s of each worker's start.
# The installed packages and the product's modules are compiled at install
# (scripts/ensure_uv.sh); the tests' own are cached here, in the ignored __pycache__ folders,
# from the second run on.
sys.dont_write_bytecode = False

# Property tests check what is computed, not how fast: on a machine shared with browsers and a
# second worker, Hypothesis's per-example deadline and "too slow" check fail by the clock alone.
# Speed is the benchmark's job (benchmarks/README.md).
settings.register_profile("screening", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("screening")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The long modules first, so the two workers end together.

    scripts/test.sh hands out whole modules (``--dist loadfile``) in this order: a browser module
    of a minute or more left for last keeps one worker busy while the other waits. A module with
    more tests marked slow counts as longer; within a module the order stays as written.
    """
    slow_in: dict[str, int] = {}
    for item in items:
        slow_in.setdefault(item.nodeid.split("::")[0], 0)
        if item.get_closest_marker("slow"):
            slow_in[item.nodeid.split("::")[0]] += 1
    items.sort(key=lambda item: -slow_in[item.nodeid.split("::")[0]])


@pytest.fixture(scope="session", autouse=True)
def session_decision_store(tmp_path_factory: pytest.TempPathFactory):
    previous = os.environ.get("SCREENING_DECISIONS_URL")
    folder = tmp_path_factory.mktemp("decisions")
    os.environ["SCREENING_DECISIONS_URL"] = f"sqlite:///{folder / 'decisions.sqlite'}"
    yield
    if previous is None:
        os.environ.pop("SCREENING_DECISIONS_URL", None)
    else:
        os.environ["SCREENING_DECISIONS_URL"] = previous


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
