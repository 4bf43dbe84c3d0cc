"""The pure helpers behind the decision pages, over the sample round and a real decision store
(each test has its own, see ``conftest.decision_store``)."""

from __future__ import annotations

import polars as pl
from dashboard_sample_round import ScreeningRun

from dashboard.decisions import phase_tables, priority_table, snapshot_tables
from dashboard.decisions.snapshot_tables import ListVersion
from dashboard.ranking import charts, tables, value_effort
from screening.config import CONFIG_DIR, load_screening_config
from screening.decisions import state
from screening.decisions.record import (
    find_candidate,
    freeze_snapshot,
    record_political_decision,
    record_priority,
)
from screening.decisions.store import open_store, read_events
from screening.decisions.users import load_users
from screening.ranking.portfolio import select_for_phase3
from screening.vocabulary import MIN_WILLING_MUNICIPALITIES

USERS = load_users(load_screening_config())


def frozen_store(gross_list: pl.DataFrame):
    """The test's store with the gross list frozen, as phase-2 decisions need."""
    engine = open_store()
    freeze_snapshot(
        engine,
        USERS["haderslev.projektgruppe"],
        "Forelagt KU",
        gross_list,
        state.priorities(read_events(engine)),
    )
    return engine


def test_only_changed_rows_are_saved_and_a_priority_is_never_cleared(
    screening_run: ScreeningRun,
) -> None:
    gross_list = screening_run.gross_list
    engine = open_store()
    top = find_candidate(gross_list, gross_list["candidate_id"][0])
    record_priority(engine, USERS["aabenraa.direktion"], top, "Lav", "Først lav")
    seen = priority_table.phase1_table(
        gross_list, state.priorities(read_events(engine)), "Aabenraa"
    )
    assert seen["version"].to_list()[:2] == [1, 0]
    changes, refused = priority_table.priority_changes(
        seen,
        {
            "0": {"Kommentar": "Nu med begrundelse"},  # the comment alone: same priority again
            1: {"Prioritet": "Høj"},
            2: {"Prioritet": priority_table.NOT_SET},  # left as it was: no save, no complaint
            3: {"Kommentar": "Uden prioritet"},
        },
    )
    assert [(c.candidate_id, c.label, c.comment, c.expected_version) for c in changes] == [
        (top.candidate_id, "Lav", "Nu med begrundelse", 1),
        (gross_list["candidate_id"][1], "Høj", "", 0),
    ]
    assert len(refused) == 1 and refused[0].startswith(f"«{gross_list['title'][3]}»: vælg en")


def test_two_lists_with_the_same_name_can_be_compared(screening_run: ScreeningRun) -> None:
    rows = screening_run.gross_list
    later = rows.with_columns(rank=pl.col("rank").reverse()).filter(pl.col("rank") > 1)
    comparison = snapshot_tables.compare_lists(
        ListVersion("Forelagt KU", rows), ListVersion("Forelagt KU", later)
    )
    assert comparison.columns == [
        tables.TITLE_HEADER,
        "Nr. før: Forelagt KU",
        "Nr. efter: Forelagt KU",
        snapshot_tables.MOVE_HEADER,
    ]
    moves = comparison[snapshot_tables.MOVE_HEADER].to_list()
    assert moves[-1] == snapshot_tables.LEFT  # the last candidate got rank 1 and was dropped
    n = rows.height
    assert moves[0] == f"▲ {n - 3}"  # the second-to-last (n - 1) is now 2nd


def test_phase3_counts_the_willing_once_committees_decide(screening_run: ScreeningRun) -> None:
    gross_list = screening_run.gross_list
    engine = frozen_store(gross_list)
    top, second = (find_candidate(gross_list, gross_list["candidate_id"][i]) for i in (0, 1))
    for user in ("aabenraa.sekretariat", "haderslev.sekretariat"):
        record_political_decision(
            engine, USERS[user], top, "Ønsker at gå videre", "Økonomiudvalget", "2027-01-21"
        )
    status = state.phase_status(gross_list, read_events(engine))
    willing = value_effort.with_willing_municipalities(gross_list, status)
    assert willing.columns == [
        *(c for c in gross_list.columns if c not in ("municipalities", "n_municipalities")),
        "municipalities",
        "n_municipalities",
    ]
    selection = value_effort.willing_reasons(
        select_for_phase3(willing, 5), MIN_WILLING_MUNICIPALITIES
    )
    chosen = selection.filter(pl.col("selected"))
    assert chosen["candidate_id"].to_list() == [top.candidate_id]
    reason = selection.filter(pl.col("candidate_id") == second.candidate_id)["reason"][0]
    assert reason == (
        "Ingen kommuner har besluttet «ønsker at gå videre»; et driftsfællesskab kræver mindst "
        "to kommuner, der vil være med."
    )
    assert "Kun kandidater, som mindst to kommuner politisk har besluttet at gå videre med," in (
        value_effort.method_text(True)
    )
    assert value_effort.method_text(False).startswith(
        "**Sådan vælges kandidaterne.** Kun kandidater, som mindst to kommuner har foreslået, kan "
        "gå videre, fordi et driftsfællesskab kræver mindst to kommuner, der vil være med"
    )


def test_the_selection_method_states_the_groups_own_rule(tmp_path, monkeypatch) -> None:
    text = (CONFIG_DIR / "screening.toml").read_text(encoding="utf-8")
    config = tmp_path / "screening.toml"
    config.write_text(
        text.replace("min_willing = 2", "min_willing = 2\nmin_share = 0.75"),
        encoding="utf-8",
    )
    monkeypatch.setenv("SCREENING_CONFIG", str(config))
    assert "kræver mindst 3 af 4 kommuner, der vil være med" in value_effort.method_text(False)
    assert "når mindst 3 af 4 kommuner har besluttet" in value_effort.willing_method_text()
    assert "mindst to" not in value_effort.method_text(True)


def test_history_and_side_by_side_read_in_danish(screening_run: ScreeningRun) -> None:
    gross_list = screening_run.gross_list
    engine = frozen_store(gross_list)
    top = find_candidate(gross_list, gross_list["candidate_id"][0])
    record_political_decision(
        engine,
        USERS["toender.sekretariat"],
        top,
        "Udsat",
        "Økonomiudvalget",
        "2027-01-22",
        "Punkt 3",
        "Afventer budget",
    )
    log = read_events(engine)
    history = phase_tables.history_table(state.candidate_history(log, top.candidate_id))
    assert history.select("Hvad", "Kommune", "Fra", "Til", "Af", "Udvalg og møde").rows() == [
        (
            "Politisk beslutning (fase 2)",
            "Tønder",
            "–",
            "Udsat",
            "Marianne Friis (Udvalgssekretariat)",
            "Økonomiudvalget, 22.01.2027, pkt. 3",  # «Punkt 3» stored as 3
        )
    ]
    side_by_side = phase_tables.municipality_decisions(
        gross_list.row(0, named=True),
        ["Aabenraa", "Tønder"],
        state.priorities(log),
        state.political_decisions(log),
    )
    assert side_by_side["Politisk beslutning (fase 2)"].to_list() == ["–", "Udsat"]


def test_the_funnel_chart_shows_the_stages_in_danish(screening_run: ScreeningRun) -> None:
    status = state.phase_status(screening_run.gross_list, read_events(open_store()))
    (trace,) = charts.phase_funnel(state.funnel(status)).data
    assert trace.type == "funnel"
    assert list(trace.y) == [label for _, label in state.FUNNEL_STAGES]
    assert list(trace.x) == [screening_run.gross_list.height, 0, 0, 0, 0]
