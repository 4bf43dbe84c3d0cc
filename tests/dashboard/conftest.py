"""Shared fixtures for the dashboard tests: one real screening run, built once per session.

The data is made the way a real round is: filled templates are written with the template writer,
and the real Dagster job runs in this process (no mocks) and publishes the dashboard's copy.
Environment variables are set only while the job runs and, per test, through ``monkeypatch``, so
the other test folders never see these temporary paths.
"""

from __future__ import annotations

import pytest
from dashboard_sample_round import ScreeningRun, write_sample_templates

from dashboard import queries
from pipelines.run import run_screening
from screening import store


@pytest.fixture(scope="session")
def screening_run(tmp_path_factory: pytest.TempPathFactory) -> ScreeningRun:
    root = tmp_path_factory.mktemp("screening_round")
    templates, warehouse = root / "templates", root / "db" / "warehouse.duckdb"
    write_sample_templates(templates)
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SCREENING_TEMPLATES", str(templates))
        env.setenv("SCREENING_DB", str(warehouse))
        env.delenv("DAGSTER_HOME", raising=False)  # keep the run out of any real Dagster instance
        result = run_screening()
    assert result.success, "the screening job failed on the sample templates"
    published = store.published_path(warehouse)
    assert published.is_file(), "the job did not publish the dashboard's copy"
    return ScreeningRun(
        templates=templates,
        warehouse=warehouse,
        published=published,
        gross_list=queries.read_gross_list(published),
        screening_tasks=queries.read_screening_tasks(published),
    )


@pytest.fixture
def published(screening_run: ScreeningRun, monkeypatch: pytest.MonkeyPatch) -> ScreeningRun:
    """The sample round, with the environment pointing the app at it for this test only."""
    for name, value in screening_run.env().items():
        monkeypatch.setenv(name, value)
    return screening_run
