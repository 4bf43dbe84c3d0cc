"""Settings every test shares.

No test may write the product's own decision store (``data/decisions.sqlite``): the whole
session points ``SCREENING_DECISIONS_URL`` at a temporary SQLite file, set before any
session-scoped fixture runs a pipeline; a test that needs a store of its own sets it again.
"""

from __future__ import annotations

import os

import pytest


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
