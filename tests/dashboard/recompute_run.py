"""«Genberegn bruttolisten» from a test: who starts it, and waiting for the run to end.

The round each test recomputes is the ``own_round`` fixture in conftest.py (a copy of the sample).
"""

from __future__ import annotations

import time

from dashboard.recompute import runner
from screening.config import load_screening_config
from screening.decisions.users import load_users

PROJECT_GROUP = load_users(load_screening_config())["haderslev.projektgruppe"]
RUN_SECONDS = 240  # a full run takes 10–30 s on these machines; more when the cores are busy


def wait_until_done() -> runner.RecomputeStatus:
    deadline = time.monotonic() + RUN_SECONDS
    while (current := runner.status()).running:
        assert time.monotonic() < deadline, f"the run did not end:\n{runner.log_path().read_text()}"
        time.sleep(0.5)
    return current
