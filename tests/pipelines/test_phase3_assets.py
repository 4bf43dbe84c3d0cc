"""The phase-3 warehouse tables, materialized in-process by the whole graph on the sample
templates after the demo cycle wrote phase 3 into the decision store (SQLite and PostgreSQL)."""

from __future__ import annotations

import shutil

import duckdb
import pytest

from pipelines.run import run_screening
from screening import store
from screening.config import DATA_DIR, load_screening_config
from screening.decisions.store import open_store, read_events
from screening.decisions.users import load_users
from screening.demo.cycle import write_demo_cycle
from screening.phase3.follow_up import follow_up_table
from screening.phase3.settings import load_phase3_settings


@pytest.mark.slow
def test_phase3_portfolio_and_follow_up_reach_the_warehouse(tmp_path, monkeypatch, store_url):
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copytree(DATA_DIR / "templates", tmp_path / "templates")
    for name, value in {
        "SCREENING_DB": warehouse,
        "SCREENING_TEMPLATES": tmp_path / "templates",
        "SCREENING_INBOX": tmp_path / "inbox",
        "SCREENING_OVERRIDES": tmp_path / "matches.csv",
        "SCREENING_DECISIONS_URL": store_url,
    }.items():
        monkeypatch.setenv(name, str(value))
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    assert run_screening().success
    with store.connect(warehouse, read_only=True) as con:
        gross_list = store.read_table(con, "gross_list")
        assert con.execute("SELECT count(*) FROM follow_up").fetchone() == (0,)
    config = load_screening_config()
    engine = open_store(store_url)
    write_demo_cycle(engine, gross_list, load_users(config), config)

    assert run_screening().success
    with duckdb.connect(str(warehouse), read_only=True) as con:
        portfolio = con.execute(
            "SELECT title, status, coalition, joined, distribution_key, net_annual_gain_dkk, "
            "payback_years, net_present_value_dkk FROM phase3_portfolio WHERE status IS NOT NULL "
            "ORDER BY status"
        ).fetchall()
        follow_up = con.execute(
            "SELECT year, municipality, expected_gain_dkk, realised_gain_dkk FROM follow_up "
            "ORDER BY year, municipality"
        ).fetchall()
    statuses = {row[1] for row in portfolio}
    assert statuses == {"established", "abandoned", "analysis_in_progress"}
    established = next(row for row in portfolio if row[1] == "established")
    assert established[3] == established[2]  # every coalition municipality joined
    assert established[4] == "usage" and established[5] > 0 and established[7] > 0
    # Two years for every member, the same figures the page shows.
    members = len(established[3])
    assert [row[0] for row in follow_up] == [2028] * members + [2029] * members
    live = follow_up_table(
        gross_list,
        read_events(engine),
        {m.name: m.population for m in config.municipalities},
        load_phase3_settings(),
    ).sort("year", "municipality")
    assert follow_up == [
        (r["year"], r["municipality"], r["expected_gain_dkk"], r["realised_gain_dkk"])
        for r in live.iter_rows(named=True)
    ]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        readiness = dict(
            con.execute(
                "SELECT title, any_value(legal_readiness) FROM legal_screen "
                "WHERE title IN (SELECT title FROM phase3_portfolio WHERE status IS NOT NULL) "
                "GROUP BY title"
            ).fetchall()
        )
        baselines = con.execute(
            "SELECT municipality, baseline_cost_dkk, source FROM benefit_baseline "
            "ORDER BY municipality"
        ).fetchall()
        against = con.execute(
            "SELECT year, municipality, baseline_cost_dkk, realised_change_dkk FROM follow_up "
            "ORDER BY year, municipality"
        ).fetchall()
        exits = con.execute(
            "SELECT leaving_municipality, len(remaining), notice_months FROM exit_scenarios"
        ).fetchall()
    # The demo: IT clear, the register's hindrance, the joint tender's open question.
    assert sorted(readiness.values()) == ["clear", "obstacle", "open_questions"]
    assert [b[0] for b in baselines] == sorted(established[3])
    assert all(b[1] > 0 and b[2] for b in baselines)
    # Two years against the frozen baseline; the saving is the realised gain the demo wrote.
    assert all(row[2] > 0 and row[3] is not None for row in against)
    assert sorted(e[0] for e in exits) == sorted(established[3])
    assert {(e[1], e[2]) for e in exits} == {(members - 1, 12)}
