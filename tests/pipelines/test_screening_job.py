"""The whole Dagster graph, materialized in-process on the sample templates into a real DuckDB
file, gives the gross list the directors would read."""

import shutil
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines.definitions import build_definitions
from pipelines.run import run_screening
from screening import store
from screening.config import DATA_DIR, load_screening_config

SAMPLE_TEMPLATES = DATA_DIR / "templates"
PUBLISHED = dg.AssetKey("published_warehouse")


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory, monkeypatch_module) -> Path:
    path = tmp_path_factory.mktemp("warehouse") / "warehouse.duckdb"
    # A copy: a run moves inbox files into the templates folder and must not alter the sample.
    templates = path.parent / "templates"
    shutil.copytree(SAMPLE_TEMPLATES, templates)
    monkeypatch_module.setenv("SCREENING_DB", str(path))
    monkeypatch_module.setenv("SCREENING_TEMPLATES", str(templates))
    # Never touch the real inbox, decisions or Dagster home from a test.
    monkeypatch_module.setenv("SCREENING_INBOX", str(path.parent / "inbox"))
    monkeypatch_module.setenv("SCREENING_OVERRIDES", str(path.parent / "matches.csv"))
    monkeypatch_module.delenv("DAGSTER_HOME", raising=False)
    result = run_screening()
    assert result.success
    checks = [
        e.asset_check_evaluation_data
        for e in result.all_events
        if e.event_type_value == "ASSET_CHECK_EVALUATION"
    ]
    assert checks and all(c.passed for c in checks), [c.check_name for c in checks if not c.passed]
    return path


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def query(path: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_definitions_load():
    defs = build_definitions()
    assert defs.resolve_job_def("screening_job") is not None


def test_every_municipality_reaches_the_gross_list(warehouse: Path):
    names = set(load_screening_config().municipality_names())
    found = {
        row[0] for row in query(warehouse, "SELECT DISTINCT unnest(municipalities) FROM gross_list")
    }
    assert found == names


def test_tasks_proposed_by_several_municipalities_become_one_candidate(warehouse: Path):
    shared = query(
        warehouse,
        "SELECT title, n_municipalities FROM gross_list WHERE n_municipalities >= 2",
    )
    assert len(shared) >= 5
    payroll = query(
        warehouse,
        "SELECT g.n_municipalities FROM screening_tasks t JOIN gross_list g USING (candidate_id) "
        "WHERE t.title ILIKE 'Lønadministration'",
    )
    assert payroll and payroll[0][0] >= 2


def test_gross_list_is_ranked_and_every_task_is_on_it(warehouse: Path):
    ranks = [r[0] for r in query(warehouse, "SELECT rank FROM gross_list ORDER BY rank")]
    assert ranks == list(range(1, len(ranks) + 1))
    n_tasks, n_without = query(
        warehouse,
        "SELECT count(*), count(*) FILTER (candidate_id IS NULL) FROM screening_tasks",
    )[0]
    submitted = query(warehouse, "SELECT sum(n_tasks) FROM submissions WHERE status = 'modtaget'")
    assert n_tasks == submitted[0][0] and n_without == 0


def test_authority_exercise_is_never_at_the_top(warehouse: Path):
    top = query(warehouse, "SELECT authority_exercise FROM gross_list WHERE rank <= 3")
    assert not any(flag for (flag,) in top)


def test_dashboard_copy_has_the_same_gross_list(warehouse: Path):
    published = store.published_path(warehouse)
    assert query(published, "SELECT candidate_id, rank FROM gross_list ORDER BY rank") == query(
        warehouse, "SELECT candidate_id, rank FROM gross_list ORDER BY rank"
    )


def test_the_dashboard_copy_waits_for_every_table_the_run_writes(warehouse: Path):
    """A table written after the copy was made would reach the dashboard one run late; the
    copy's dependencies come from the asset list, so a new asset cannot be forgotten."""
    graph = build_definitions().resolve_asset_graph()
    waited_for = {key.path[-1] for key in graph.get(PUBLISHED).parent_keys}
    tables = "SELECT table_name FROM information_schema.tables ORDER BY table_name"
    written = {name for (name,) in query(warehouse, tables)}
    assert written and written <= waited_for
    every_other_asset = {key.path[-1] for key in graph.get_all_asset_keys()} - {
        "published_warehouse"
    }
    assert waited_for == every_other_asset
    assert query(store.published_path(warehouse), tables) == query(warehouse, tables)


def test_same_inputs_give_an_identical_gross_list(warehouse: Path):
    columns = "candidate_id, rank, score, title, municipalities"
    before = query(warehouse, f"SELECT {columns} FROM gross_list ORDER BY rank")
    [(fingerprint, profile, code)] = query(
        warehouse,
        "SELECT inputs_fingerprint, weight_profile, code_version FROM gross_list_provenance",
    )
    assert run_screening().success
    assert query(warehouse, f"SELECT {columns} FROM gross_list ORDER BY rank") == before
    assert query(warehouse, "SELECT inputs_fingerprint FROM gross_list_provenance") == [
        (fingerprint,)
    ]
    assert profile == "Balanceret" and code


def test_project_group_split_survives_reruns(warehouse: Path, monkeypatch_module, tmp_path):
    from screening.matching.overrides import SPLIT, append_override

    [(payroll_a, payroll_b)] = query(
        warehouse,
        "SELECT a.task_id, b.task_id FROM screening_tasks a JOIN screening_tasks b "
        "USING (candidate_id) WHERE a.title = 'Lønadministration' "
        "AND b.title = 'Løn- og personaleadministration'",
    )
    overrides = tmp_path / "matches.csv"
    monkeypatch_module.setenv("SCREENING_OVERRIDES", str(overrides))
    append_override(overrides, SPLIT, payroll_a, payroll_b, note="To forskellige opgaver")
    for _ in range(2):  # the decision holds on every re-run
        assert run_screening().success
        candidates = query(
            warehouse,
            f"SELECT task_id, candidate_id FROM screening_tasks "
            f"WHERE task_id IN ('{payroll_a}', '{payroll_b}')",
        )
        assert len({c for _, c in candidates}) == 2
    monkeypatch_module.setenv("SCREENING_OVERRIDES", str(warehouse.parent / "matches.csv"))


def test_no_valid_templates_gives_an_empty_gross_list_not_a_crash(tmp_path: Path):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "noter.xlsx").write_text("ikke et regneark", encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SCREENING_TEMPLATES", str(templates))
        patch.setenv("SCREENING_DB", str(tmp_path / "warehouse.duckdb"))
        patch.setenv("SCREENING_INBOX", str(tmp_path / "inbox"))
        assert run_screening().success
    published = store.published_path(tmp_path / "warehouse.duckdb")
    assert query(published, "SELECT count(*) FROM gross_list") == [(0,)]
    assert query(published, "SELECT status FROM submissions") == [("afvist",)]
