"""Shared fixtures for the dashboard tests: one real screening run, built once per session.

The data is made the way a real round is: filled templates are written with the template writer,
and the real Dagster job runs in this process (no mocks) and publishes the dashboard's copy.
Environment variables are set only while the job runs and, per test, through ``monkeypatch``, so
the other test folders never see these temporary paths.
"""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest
from dashboard_sample_round import ScreeningRun, write_sample_templates

from dashboard.common import queries
from pipelines.run import run_screening
from screening import store
from screening.config import CONFIG_DIR
from screening.decisions.store import dispose_all


@pytest.fixture(scope="session")
def screening_run(tmp_path_factory: pytest.TempPathFactory) -> ScreeningRun:
    root = tmp_path_factory.mktemp("screening_round")
    warehouse = root / "db" / "warehouse.duckdb"
    run = ScreeningRun(
        templates=root / "templates",
        warehouse=warehouse,
        published=store.published_path(warehouse),
        inbox=root / "inbox",
        overrides=root / "overrides" / "matches.csv",
        weights=root / "config" / "scoring.toml",
        gross_list=pl.DataFrame(),
        screening_tasks=pl.DataFrame(),
    )
    write_sample_templates(run.templates)
    run.weights.parent.mkdir(parents=True)
    shutil.copyfile(CONFIG_DIR / "scoring.toml", run.weights)
    with pytest.MonkeyPatch.context() as env:
        for name, value in run.env().items():
            env.setenv(name, value)
        env.delenv("DAGSTER_HOME", raising=False)  # keep the run out of any real Dagster instance
        result = run_screening()
    assert result.success, "the screening job failed on the sample templates"
    assert run.published.is_file(), "the job did not publish the dashboard's copy"
    return dataclasses.replace(
        run,
        gross_list=queries.read_gross_list(run.published),
        screening_tasks=queries.read_screening_tasks(run.published),
    )


@pytest.fixture(autouse=True)
def decision_store(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[str]:
    """Every test gets an empty decision store of its own, never the project's
    data/decisions.sqlite: the pages read it live, so a test that forgot would write there."""
    url = decisions_url(tmp_path)
    monkeypatch.setenv("SCREENING_DECISIONS_URL", url)
    yield url
    dispose_all()


def decisions_url(folder: Path) -> str:
    return f"sqlite:///{folder / 'decisions.sqlite'}"


@pytest.fixture
def published(screening_run: ScreeningRun, monkeypatch: pytest.MonkeyPatch) -> ScreeningRun:
    """The sample round, with the environment pointing the app at it for this test only."""
    for name, value in screening_run.env().items():
        monkeypatch.setenv(name, value)
    return screening_run
