"""«Genberegn bruttolisten»: the project group starts the real screening job from the dashboard.

Each test runs on a copy of the sample round of its own, so the job's writes touch nothing the
other tests read. The run is a real child process running the Dagster job; nothing is mocked.
"""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import pytest
from app_runner import open_page
from recompute_run import PROJECT_GROUP, RUN_SECONDS, wait_until_done

from dashboard.recompute import runner
from dashboard.shell import page_paths
from dashboard.shell.identity import USER_KEY
from screening.config import load_screening_config
from screening.decisions.rights import NotAllowed
from screening.decisions.users import load_users

USERS = load_users(load_screening_config())


@pytest.mark.slow
def test_a_recompute_builds_the_list_anew_and_says_what_it_made(own_round: Path) -> None:
    before = own_round.stat().st_mtime_ns
    runner.start(PROJECT_GROUP)
    # A second start while the first runs is refused, not queued: the lock is the child's.
    with pytest.raises(runner.AlreadyRunning, match="Karen Holm genberegner allerede"):
        runner.start(USERS["toender.projektgruppe"])
    assert runner.status().running
    assert "En genberegning er i gang" in runner.when_on_list()

    done = wait_until_done()
    assert done.success, done.summary
    assert done.started_by == "Karen Holm"
    assert done.steps_total > 0 and done.steps_done == done.steps_total
    assert "Kandidater på bruttolisten" in done.summary
    # No server paths for the readers; the administrator's details keep them.
    assert "Databasen" not in done.summary and str(own_round.parent) not in done.summary
    assert "Databasen:" in done.details
    assert own_round.stat().st_mtime_ns > before  # the dashboard's copy was published anew
    assert "ved næste genberegning" in runner.when_on_list()


def test_only_the_project_group_may_recompute(own_round: Path) -> None:
    with pytest.raises(NotAllowed, match="må ikke genberegne bruttolisten"):
        runner.start(USERS["haderslev.direktion"])
    assert not runner.status().running
    assert not runner.status_path().exists()


@pytest.mark.slow
def test_a_run_that_was_killed_frees_the_way_for_the_next(own_round: Path) -> None:
    runner.start(PROJECT_GROUP)
    deadline = time.monotonic() + RUN_SECONDS
    while "pid" not in (raw := json.loads(runner.status_path().read_text())):
        assert time.monotonic() < deadline
        time.sleep(0.2)
    os.kill(raw["pid"], signal.SIGKILL)
    current = wait_until_done()
    assert current.success is None  # stopped without a result, and said so
    runner.start(PROJECT_GROUP)  # the lock died with the run
    assert wait_until_done().success


@pytest.mark.slow
def test_the_home_shows_the_run_while_it_runs_and_its_result_after(own_round: Path) -> None:
    at = open_page(page_paths.HOME_PROJECT_GROUP)
    at.selectbox(key=USER_KEY).set_value(PROJECT_GROUP.id).run()
    at.button(key="recompute_start").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.button(key="recompute_start").disabled  # one run at a time, from here too
    (progress,) = at.get("progress")
    assert "Genberegner bruttolisten" in progress.proto.text
    wait_until_done()
    at.run()
    assert any(
        "Bruttolisten blev genberegnet" in s.value and "Karen Holm" in s.value for s in at.success
    )
    assert not at.button(key="recompute_start").disabled


def test_the_recompute_time_is_told_on_the_readers_clock() -> None:
    """«genberegnet …» beside «data udgivet …»: one clock (Danish time, not the server's UTC)
    and one way of writing it, in the reader's language."""
    from datetime import UTC, datetime

    from dashboard.common import formatting
    from screening import i18n

    moment = datetime(2026, 12, 6, 14, 23, tzinfo=UTC)  # 15.23 in Denmark
    assert runner.clock(moment) == formatting.timestamp(moment) == "06.12.2026 kl. 15.23"
    try:
        i18n.use_language("en")
        assert runner.clock(moment) == "06/12/2026 15:23"
    finally:
        i18n.use_language("da")
