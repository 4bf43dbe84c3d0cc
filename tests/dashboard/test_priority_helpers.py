"""The prioritising pages' pure helpers: re-ranking, pairwise comparison, phase-3 tables, charts."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import polars as pl
import pytest
from dashboard_sample_round import ScreeningRun

from dashboard.common import formatting, queries
from dashboard.decisions import priority_charts
from dashboard.ranking import pairwise, tables, value_effort, weights
from screening import store
from screening.config import CONFIG_DIR, load_screening_config
from screening.decisions.record import InvalidDecision
from screening.decisions.store import open_store, read_events
from screening.decisions.users import load_users
from screening.decisions.weight_profiles import saved_profiles, with_saved_profiles
from screening.ranking.ahp import ahp_weights
from screening.ranking.portfolio import select_for_phase3
from screening.ranking.scenarios import compare_profiles
from screening.ranking.scoring import CRITERIA, CRITERION_LABELS, load_scoring_config

CONFIG = load_scoring_config(CONFIG_DIR / "scoring.toml")
PENALTY = CONFIG.authority_exercise_penalty


@pytest.fixture(scope="module")
def values(screening_run: ScreeningRun) -> pl.DataFrame:
    return queries.read_candidate_values(screening_run.published)


# --- re-ranking -----------------------------------------------------------------------------------


def test_the_published_profile_reproduces_the_published_ranks(
    screening_run: ScreeningRun, values: pl.DataFrame
) -> None:
    profile = weights.published_profile(CONFIG, screening_run.gross_list)
    assert profile is not None and profile.code == CONFIG.default_profile
    reranked = weights.rerank(values, screening_run.gross_list, profile, PENALTY)
    assert reranked["rank_change"].to_list() == [0] * screening_run.gross_list.height
    assert reranked["score"].to_list() == pytest.approx(screening_run.gross_list["score"].to_list())


def test_no_profile_is_claimed_when_the_weights_version_moved_on(
    screening_run: ScreeningRun,
) -> None:
    newer = dataclasses.replace(CONFIG, version="2099-1")
    assert weights.published_profile(newer, screening_run.gross_list) is None
    assert weights.starting_profile_code(newer, screening_run.gross_list) == newer.default_profile


def test_other_weights_keep_the_goal_weights() -> None:
    base = CONFIG.profiles["quality_citizens"]
    changed = weights.with_weights(base, {c: 1.0 for c in CRITERIA})
    assert changed.goal_weights == base.goal_weights
    assert changed.weight_shares() == pytest.approx({c: 1 / 7 for c in CRITERIA})
    assert weights.weight_shares_text({c: 0.0 for c in CRITERIA})["potential"] == "0 %"


def test_rank_changes_read_as_arrows() -> None:
    assert weights.rank_change_text(3) == "▲ 3"
    assert weights.rank_change_text(-2) == "▼ 2"
    assert weights.rank_change_text(0) == "uændret"
    assert weights.rank_change_text(None) == "–"
    assert weights.UP_COLOUR in weights.rank_change_style("▲ 3")
    assert weights.DOWN_COLOUR in weights.rank_change_style("▼ 2")
    assert weights.rank_change_style("uændret") == ""


def test_reranked_table_flags_authority_exercise(
    screening_run: ScreeningRun, values: pl.DataFrame
) -> None:
    reranked = weights.rerank(values, screening_run.gross_list, CONFIG.profile(), PENALTY)
    table = weights.reranked_table(reranked)
    flagged = table.filter(pl.col(tables.AUTHORITY_HEADER) == tables.AUTHORITY_FLAG)
    expected = screening_run.gross_list.filter(pl.col("authority_exercise"))["title"]
    assert flagged[tables.TITLE_HEADER].to_list() == expected.to_list()


def test_scenario_table_names_both_profiles(
    screening_run: ScreeningRun, values: pl.DataFrame
) -> None:
    first, second = CONFIG.profiles["balanced"], CONFIG.profiles["quality_citizens"]
    comparison = compare_profiles(values, first, second, PENALTY)
    table = weights.scenario_table(comparison, screening_run.gross_list, first.label, second.label)
    assert table.columns[1:3] == ["Nr. med «Balanceret»", "Nr. med «Kvalitet og borgere»"]
    assert table[table.columns[2]].to_list() == list(range(1, table.height + 1))


def test_tipping_table_puts_the_most_sensitive_criterion_first() -> None:
    tipping = pl.DataFrame(
        {
            "criterion_label": ["Opgavetype", "Antal kommuner", "Samdriftsform"],
            "share_pp": [10.0, 20.0, 10.0],
            "change_pp": [12.5, 3.4, None],
            "direction": ["up", "down", None],
            "moves": ["down", "up", None],
            "explanation": ["a", "b", "c"],
        }
    )
    table = weights.tipping_table(tipping)
    assert table["Kriterium"].to_list() == ["Antal kommuner", "Opgavetype", "Samdriftsform"]
    assert table[weights.TIPPING_HEADERS[2]].to_list() == [
        "sænkes 3,4 procentpoint",
        "hæves 12,5 procentpoint",
        "ingen inden for 0–100 %",
    ]
    assert table["Vægtandel nu"][0] == "20,0 %"
    assert table["Forklaring"].to_list() == [
        "Rykker en plads op, hvis vægten på Antal kommuner sænkes med 3,4 procentpoint "
        "(fra 20,0 til 16,6 %).",
        "Rykker en plads ned, hvis vægten på Opgavetype hæves med 12,5 procentpoint "
        "(fra 10,0 til 22,5 %).",
        "Placeringen ændres ikke, uanset vægten på Samdriftsform.",
    ]


# --- pairwise comparison --------------------------------------------------------------------------


def test_the_scale_and_its_wording() -> None:
    assert len(pairwise.SAATY_STEPS) == 17 and pairwise.SAATY_STEPS[8] == 1.0
    assert len(pairwise.criterion_pairs()) == 21
    pair = ("potential", "breadth")
    assert (
        pairwise.judgement_text(pair, 3.0)
        == "Økonomisk potentiale vægter 3 gange så højt som Antal kommuner"
    )
    assert (
        pairwise.judgement_text(pair, 1 / 5)
        == "Antal kommuner vægter 5 gange så højt som Økonomisk potentiale"
    )
    assert pairwise.judgement_text(pair, 1.0) == (
        "Økonomisk potentiale og Antal kommuner vægter lige højt"
    )


def test_ratios_move_to_the_nearest_step() -> None:
    assert pairwise.nearest_step(2.0) == 2.0
    assert pairwise.nearest_step(1.4) == 1.0
    assert pairwise.nearest_step(0.34) == pytest.approx(1 / 3)
    assert pairwise.nearest_step(50.0) == 9.0 and pairwise.nearest_step(0.001) == 1 / 9


def test_starting_judgements_say_what_the_profile_says() -> None:
    profile = weights.with_weights(CONFIG.profile(), {c: 10.0 for c in CRITERIA})
    assert set(pairwise.starting_judgements(profile).values()) == {1.0}
    lopsided = weights.with_weights(profile, {**profile.weights, "potential": 40.0, "breadth": 0})
    start = pairwise.starting_judgements(lopsided)
    assert start[("potential", "breadth")] == 9.0  # no weight at all: the end of the scale
    assert start[("goals", "potential")] == 1 / 4
    result = ahp_weights(pairwise.starting_judgements(CONFIG.profile()))
    assert result.is_consistent
    table = pairwise.weights_table(result, CONFIG.profile())
    assert table["Kriterium"].to_list() == [CRITERION_LABELS[c] for c in CRITERIA]
    assert table["Vægt i «Balanceret»"][3] == "20,0 %"


def test_consistency_is_explained_either_way() -> None:
    equal = ahp_weights({pair: 1.0 for pair in pairwise.criterion_pairs()})
    assert "hænger godt sammen" in pairwise.consistency_text(equal)
    assert pairwise.inconsistency_hints(equal) == []
    circle = {pair: 1.0 for pair in pairwise.criterion_pairs()}
    circle |= {("potential", "breadth"): 9.0, ("breadth", "feasibility"): 9.0}
    circle[("potential", "feasibility")] = 1 / 9
    contradicting = ahp_weights(circle)
    assert "ikke konsistente" in pairwise.consistency_text(contradicting)
    assert pairwise.inconsistency_hints(contradicting)


def test_profile_codes_come_from_the_name() -> None:
    assert pairwise.profile_code("Direktionens vægte 2026") == "direktionens_vaegte_2026"
    assert pairwise.profile_code("  Økonomi & IT! ") == "oekonomi_it"


def test_saving_a_profile(tmp_path: Path) -> None:
    engine = open_store(f"sqlite:///{tmp_path / 'decisions.sqlite'}")
    director = load_users(load_screening_config())["toender.direktion"]
    result = ahp_weights({pair: 1.0 for pair in pairwise.criterion_pairs()})
    base = CONFIG.profiles["economy_first"]
    saved = pairwise.save_profile(engine, director, result, " Lige vægte ", base, CONFIG)
    assert (saved.code, saved.label) == ("lige_vaegte", "Lige vægte")
    reread = with_saved_profiles(CONFIG, read_events(engine))
    assert reread.profiles["lige_vaegte"].goal_weights == base.goal_weights
    assert reread.default_profile == CONFIG.default_profile  # the list itself does not change
    for name in ("", "   ", "balanceret", "Økonomi først", "Lige vægte"):
        with pytest.raises(InvalidDecision):
            pairwise.save_profile(engine, director, result, name, base, CONFIG)
    assert saved_profiles(read_events(engine))["lige_vaegte"][0] == "Tønder"


# --- the gross-list table and the published copy --------------------------------------------------


def test_rank_interval_text() -> None:
    assert tables.rank_interval(3, 7) == "3–7"
    assert tables.rank_interval(4, 4) == "4"
    assert tables.rank_interval(None, 4) == "–"


def test_a_copy_without_uncertainty_columns_still_reads(
    screening_run: ScreeningRun, tmp_path: Path
) -> None:
    copy = tmp_path / "published.duckdb"
    shutil.copy(screening_run.published, copy)
    with store.connect(copy) as con:
        for column in queries.UNCERTAINTY_COLUMNS:
            con.execute(f"ALTER TABLE gross_list DROP COLUMN {column}")
    older = queries.read_gross_list(copy)
    assert older["title"].to_list() == screening_run.gross_list["title"].to_list()
    headers = tables.gross_list_table(older).columns
    assert tables.RANK_INTERVAL_HEADER not in headers and tables.MATCH_HEADER not in headers
    assert tables.RANK_INTERVAL_HEADER in tables.gross_list_table(screening_run.gross_list).columns


# --- phase 3 and charts ---------------------------------------------------------------------------


def test_value_and_effort_frame_and_tables(screening_run: ScreeningRun) -> None:
    frame = value_effort.value_and_effort(screening_run.gross_list)
    assert frame.height == screening_run.gross_list.height
    frontier = value_effort.frontier_table(frame)
    efforts = frame.filter(pl.col("on_frontier")).sort("effort")["effort"].to_list()
    assert frontier[value_effort.EFFORT_HEADER].to_list() == [
        formatting.quantity(e) for e in efforts
    ]
    blank = frame.filter(~pl.col("potential_known"))
    assert blank["value_dkk"].to_list() == [0.0] * blank.height  # unknown potential counts as 0

    selection = select_for_phase3(screening_run.gross_list, 2)
    assert value_effort.selection_summary(selection).startswith("2 kandidater valgt")
    table = value_effort.selection_table(selection.filter("selected"))
    assert table[tables.RANK_HEADER].to_list() == [1, 2]
    nothing = select_for_phase3(screening_run.gross_list, 3, effort_budget=0.5)
    assert value_effort.selection_summary(nothing).startswith("Ingen kandidater")


def test_rank_interval_chart_draws_one_bar_per_candidate(screening_run: ScreeningRun) -> None:
    gross_list = screening_run.gross_list
    bars, dots = priority_charts.rank_intervals(gross_list, top_n=3).data
    assert list(dots.x) == [1, 2, 3]
    assert list(bars.x) == [
        value
        for low, high in zip(gross_list["rank_p05"][:3], gross_list["rank_p95"][:3], strict=True)
        for value in (low, high, None)
    ]


def test_side_by_side_contributions_add_up_to_each_score(screening_run: ScreeningRun) -> None:
    first, second = (screening_run.gross_list.row(i, named=True) for i in (0, -1))
    figure = priority_charts.contributions_side_by_side(first, second)
    assert figure.layout.barmode == "group"
    for trace, candidate in zip(figure.data, (first, second), strict=True):
        assert sum(trace.x) == pytest.approx(candidate["score"])
        assert list(trace.y) == list(CRITERION_LABELS.values())


def test_slope_chart_colours_up_and_down(values: pl.DataFrame) -> None:
    comparison = compare_profiles(
        values, CONFIG.profiles["balanced"], CONFIG.profiles["economy_first"], PENALTY
    )
    figure = priority_charts.scenario_slopes(
        comparison.with_columns(pl.col("candidate_id").alias("title")), "A", "B", top_n=100
    )
    colours = [trace.line.color for trace in figure.data]
    expected = [
        weights.UP_COLOUR if c > 0 else weights.DOWN_COLOUR if c < 0 else "#7F7F7F"
        for c in comparison["rank_change"]
    ]
    assert colours == expected
    assert list(figure.layout.xaxis.ticktext) == ["A", "B"]


def test_value_effort_chart_marks_authority_and_the_chosen(screening_run: ScreeningRun) -> None:
    frame = value_effort.value_and_effort(screening_run.gross_list)
    chosen = screening_run.gross_list["candidate_id"].head(2).to_list()
    traces = {t.name: t for t in priority_charts.value_against_effort(frame, chosen).data}
    authority = screening_run.gross_list.filter(pl.col("authority_exercise")).height
    assert len(traces["Myndighedsudøvelse"].x) == authority
    assert len(traces["Kandidat"].x) == frame.height - authority
    assert len(traces["Valgt til fase 3"].x) == 2
    assert len(traces["Effektiv front"].x) == frame.filter("on_frontier").height
    assert "Valgt til fase 3" not in {
        t.name for t in priority_charts.value_against_effort(frame).data
    }
