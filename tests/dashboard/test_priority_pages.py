"""AppTest runs of what helps prioritise: how sure ranks are on Bruttoliste, comparison and
tipping points on Kandidat, and the pages Vægte, Scenarier and Indsats og værdi.

They run against the sample round; the scoring file they read is the round's copy of
config/scoring.toml, and a test that saves a profile writes to a copy of its own.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import polars as pl
import pytest
from app_runner import figure, open_page, texts
from dashboard_sample_round import ScreeningRun
from streamlit.testing.v1 import AppTest

from dashboard.common import formatting, queries
from dashboard.common.data import OLDER_COPY_MESSAGE
from dashboard.ranking import tables
from dashboard.ranking.value_effort import (
    BUDGET_LABEL,
    BUDGET_TOGGLE_LABEL,
    CAPACITY_LABEL,
    EFFORT_HEADER,
    REASON_HEADER,
)
from dashboard.ranking.weights import CHANGE_HEADER, rank_change_text
from dashboard.shell import page_paths
from dashboard.shell.identity import USER_KEY
from screening import store
from screening.config import CONFIG_DIR
from screening.decisions.store import open_store, read_events
from screening.decisions.weight_profiles import saved_profiles, with_saved_profiles
from screening.ranking.portfolio import select_for_phase3
from screening.ranking.scenarios import compare_profiles
from screening.ranking.scoring import CRITERIA, CRITERION_LABELS, load_scoring_config
from screening.ranking.sensitivity import rank_tipping_points

CONFIG = load_scoring_config(CONFIG_DIR / "scoring.toml")
SAVE = "Gem som vægtprofil"


def published_copy(run: ScreeningRun, folder: Path, monkeypatch, *sql: str) -> None:
    """Point the app at a changed copy of the round's published file."""
    warehouse = folder / "warehouse.duckdb"
    target = store.published_path(warehouse)
    shutil.copy(run.published, target)
    with store.connect(target) as con:
        for statement in sql:
            con.execute(statement)
    monkeypatch.setenv("SCREENING_DB", str(warehouse))


def widget(widgets, label: str):
    # Elements are rebuilt on every run, so look the widget up afresh each time.
    return next(w for w in widgets if w.label == label)


def table_with(at: AppTest, header: str) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if header in d.value.columns)


# --- Bruttoliste and Kandidat ---------------------------------------------------------------------


def test_gross_list_shows_how_sure_each_rank_is(published: ScreeningRun) -> None:
    at = open_page(page_paths.GROSS_LIST)
    table = at.dataframe[0].value
    expected = published.gross_list
    assert table[tables.RANK_INTERVAL_HEADER].tolist() == [
        tables.rank_interval(low, high)
        for low, high in zip(expected["rank_p05"], expected["rank_p95"], strict=True)
    ]
    assert table[tables.TOP10_HEADER].tolist() == [formatting.share(p) for p in expected["p_top10"]]
    bars, dots = figure(at, 0)["data"]
    assert dots["x"] == expected["rank"].head(15).to_list()
    assert bars["x"][:2] == [expected["rank_p05"][0], expected["rank_p95"][0]]


def test_uncertain_matches_are_flagged(
    published: ScreeningRun, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    second = published.gross_list.row(1, named=True)
    published_copy(
        published, tmp_path, monkeypatch, "UPDATE gross_list SET needs_review = (rank = 2)"
    )
    at = open_page(page_paths.GROSS_LIST)
    table = at.dataframe[0].value
    flagged = table.loc[table[tables.MATCH_HEADER] == tables.UNCERTAIN_MATCH_FLAG]
    assert flagged[tables.TITLE_HEADER].tolist() == [second["title"]]
    at = open_page(page_paths.CANDIDATE, {page_paths.CANDIDATE_PARAM: second["candidate_id"]})
    assert any(tables.UNCERTAIN_MATCH_FLAG in w.value for w in at.warning)


def test_candidate_is_compared_with_the_next_and_any_other(published: ScreeningRun) -> None:
    top, second, last = (published.gross_list.row(i, named=True) for i in (0, 1, -1))
    at = open_page(page_paths.CANDIDATE)
    compare = at.selectbox(key=f"compare_{top['candidate_id']}")
    assert compare.label == "Sammenlign med" and compare.value == second["candidate_id"]
    traces = figure(at, 1)["data"]
    assert [t["name"] for t in traces] == [
        f"{c['rank']}. {c['title']}: {formatting.points(c['score'])} point" for c in (top, second)
    ]
    for trace, candidate in zip(traces, (top, second), strict=True):
        assert trace["y"] == list(CRITERION_LABELS.values())  # Danish criterion labels
        assert sum(trace["x"]) == pytest.approx(candidate["score"])  # the parts add up

    compare.set_value(last["candidate_id"]).run()
    assert not at.exception
    assert figure(at, 1)["data"][1]["name"].startswith(f"{last['rank']}. {last['title']}:")


def test_candidate_shows_its_tipping_points(published: ScreeningRun) -> None:
    top = published.top
    at = open_page(page_paths.CANDIDATE)
    table = table_with(at, "Forklaring")
    assert sorted(table["Kriterium"]) == sorted(CRITERION_LABELS[c] for c in CRITERIA)
    expected = rank_tipping_points(
        queries.read_candidate_values(published.published),
        CONFIG.profile(),
        CONFIG.authority_exercise_penalty,
        [top["candidate_id"]],
    ).sort("change_pp", nulls_last=True)
    assert table["Forklaring"].tolist() == expected["explanation"].to_list()
    assert "hvor mange procentpoint vægten skal flyttes" in texts(at)


def test_pages_explain_a_copy_without_criterion_values(
    published: ScreeningRun, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    published_copy(published, tmp_path, monkeypatch, "DROP TABLE candidate_values")
    at = open_page(page_paths.CANDIDATE)
    assert [h.value for h in at.header] == [published.top["title"]]
    assert OLDER_COPY_MESSAGE in [i.value for i in at.info]
    for page in (page_paths.WEIGHTS, page_paths.SCENARIOS):
        assert [i.value for i in open_page(page).info] == [OLDER_COPY_MESSAGE]


# --- Vægte ----------------------------------------------------------------------------------------


def test_weights_start_from_the_published_profile(published: ScreeningRun) -> None:
    at = open_page(page_paths.WEIGHTS)
    assert widget(at.selectbox, "Vægtprofil").value == CONFIG.default_profile
    table = at.dataframe[0].value
    assert table[tables.TITLE_HEADER].tolist() == published.gross_list["title"].to_list()
    assert set(table[CHANGE_HEADER]) == {"uændret"}

    widget(at.selectbox, "Vægtprofil").set_value("economy_first").run()
    economy = CONFIG.profiles["economy_first"].weights["potential"]
    assert widget(at.slider, CRITERION_LABELS["potential"]).value == economy


def test_all_weight_on_potential_puts_the_largest_potential_first(
    published: ScreeningRun,
) -> None:
    at = open_page(page_paths.WEIGHTS)
    for criterion in CRITERIA:
        widget(at.slider, CRITERION_LABELS[criterion]).set_value(
            100 if criterion == "potential" else 0
        )
    at.run()
    largest = published.gross_list.sort("potential_dkk", descending=True, nulls_last=True).row(
        0, named=True
    )
    assert largest["rank"] > 1, "the sample round should rank another candidate first"
    table = at.dataframe[0].value
    assert table[tables.TITLE_HEADER][0] == largest["title"]
    assert table[CHANGE_HEADER][0] == f"▲ {largest['rank'] - 1}"

    widget(at.button, "Tilbage til «Balanceret»").click().run()
    assert at.dataframe[0].value[tables.TITLE_HEADER][0] == published.top["title"]


def test_no_weight_at_all_is_explained(published: ScreeningRun) -> None:
    at = open_page(page_paths.WEIGHTS)
    for criterion in CRITERIA:
        widget(at.slider, CRITERION_LABELS[criterion]).set_value(0)
    at.run()
    assert any("Mindst ét kriterium" in w.value for w in at.warning)


def comparison(at: AppTest, a: str, b: str):
    return widget(at.select_slider, f"{CRITERION_LABELS[a]} over for {CRITERION_LABELS[b]}")


def test_contradicting_comparisons_show_the_consistency_warning(published: ScreeningRun) -> None:
    at = open_page(page_paths.WEIGHTS)
    # Potential over breadth, breadth over feasibility, feasibility over potential: a circle.
    comparison(at, "potential", "breadth").set_value(9.0)
    comparison(at, "breadth", "feasibility").set_value(9.0)
    comparison(at, "potential", "feasibility").set_value(1 / 9)
    at.run()
    warning = next(w.value for w in at.warning if "CR" in w.value)
    assert "ikke konsistente" in warning
    circle = ("Økonomisk potentiale", "Antal kommuner", "Gennemførlighed")
    hint = next(line for line in warning.splitlines() if line.startswith("- "))
    assert sum(label in hint for label in circle) == 2  # names one of the contradicting pairs
    assert widget(at.button, SAVE).disabled


def weights_page_as(user_id: str) -> AppTest:
    at = open_page(page_paths.WEIGHTS)
    at.selectbox(key=USER_KEY).set_value(user_id).run()
    return at


def test_a_directorate_saves_its_own_profile_from_the_comparisons(
    published: ScreeningRun, decision_store: str
) -> None:
    real = (CONFIG_DIR / "scoring.toml").read_text(encoding="utf-8")
    at = weights_page_as("haderslev.direktion")
    for slider in at.select_slider:
        slider.set_value(1.0)  # everything equally important
    at.run()
    assert not [w for w in at.warning if "CR" in w.value]
    widget(at.text_input, "Navn på den nye vægtprofil").input("Lige vægte")
    widget(at.button, SAVE).click().run()
    assert not at.exception

    saved = saved_profiles(read_events(open_store(decision_store)))
    owner, profile = saved["lige_vaegte"]
    assert (owner, profile.label) == ("Haderslev", "Lige vægte")
    assert profile.weights == pytest.approx({c: 100 / 7 for c in CRITERIA}, abs=0.01)
    message = " ".join(s.value for s in at.success)
    assert "«Lige vægte»" in message and "Haderslevs profil" in message
    assert widget(at.selectbox, "Vægtprofil").value == "lige_vaegte"
    assert (CONFIG_DIR / "scoring.toml").read_text(encoding="utf-8") == real


def test_a_profile_name_in_use_is_refused(published: ScreeningRun, decision_store: str) -> None:
    at = weights_page_as("haderslev.direktion")
    widget(at.text_input, "Navn på den nye vægtprofil").input("Balanceret")
    widget(at.button, SAVE).click().run()
    assert any("findes allerede" in e.value for e in at.error)
    assert read_events(open_store(decision_store)).is_empty()


def test_the_coordination_committee_cannot_save_a_profile(
    published: ScreeningRun, decision_store: str
) -> None:
    at = weights_page_as("haderslev.koordinationsudvalg")
    widget(at.text_input, "Navn på den nye vægtprofil").input("Udvalgets vægte")
    widget(at.button, SAVE).click().run()
    assert any("må ikke gemme en vægtprofil" in e.value for e in at.error)
    assert read_events(open_store(decision_store)).is_empty()


def test_the_project_group_chooses_the_profile_of_the_gross_list(
    published: ScreeningRun, decision_store: str
) -> None:
    at = weights_page_as("haderslev.projektgruppe")
    at.selectbox(key="weights_profile").set_value("economy_first").run()
    widget(at.button, "Brug denne profil til bruttolisten").click().run()
    assert not at.exception
    assert any("«Økonomi først» er valgt til bruttolisten" in s.value for s in at.success)
    config = with_saved_profiles(CONFIG, read_events(open_store(decision_store)))
    assert config.default_profile == "economy_first"


def test_two_project_group_members_choosing_at_once_the_second_sees_the_first(
    published: ScreeningRun, decision_store: str
) -> None:
    mine = weights_page_as("haderslev.projektgruppe")
    theirs = weights_page_as("toender.projektgruppe")
    theirs.selectbox(key="weights_profile").set_value("economy_first").run()
    widget(theirs.button, "Brug denne profil til bruttolisten").click().run()
    mine.selectbox(key="weights_profile").set_value("quality_citizens").run()
    widget(mine.button, "Brug denne profil til bruttolisten").click().run()
    assert any("Kirsten Vang" in e.value for e in mine.error)
    config = with_saved_profiles(CONFIG, read_events(open_store(decision_store)))
    assert config.default_profile == "economy_first"


# --- Scenarier ------------------------------------------------------------------------------------


def test_scenarios_show_how_ranks_move(published: ScreeningRun) -> None:
    at = open_page(page_paths.SCENARIOS)
    first, second = (
        widget(at.selectbox, label).value for label in ("Første profil", "Anden profil")
    )
    assert (first, second) == ("balanced", "economy_first")
    expected = compare_profiles(
        queries.read_candidate_values(published.published),
        CONFIG.profiles[first],
        CONFIG.profiles[second],
        CONFIG.authority_exercise_penalty,
    )
    moved = expected.filter(pl.col("rank_change") != 0)
    assert moved.height, "the two profiles should rank the sample round differently"
    titles = dict(published.gross_list.select("candidate_id", "title").iter_rows())
    table = at.dataframe[0].value
    assert table[tables.TITLE_HEADER].tolist() == [titles[c] for c in expected["candidate_id"]]
    assert table[CHANGE_HEADER].tolist() == [rank_change_text(c) for c in expected["rank_change"]]
    assert widget(at.metric, "Kandidater, der skifter plads").value == (
        f"{moved.height} af {expected.height}"
    )
    assert len(figure(at, 0)["data"]) == min(expected.height, 15)

    widget(at.selectbox, "Anden profil").set_value(first).run()
    assert any("to forskellige profiler" in i.value for i in at.info)


# --- Indsats og værdi -----------------------------------------------------------------------------


@pytest.mark.parametrize("capacity", [1, 3, 5])
def test_value_effort_chooses_exactly_the_capacity(published: ScreeningRun, capacity: int) -> None:
    at = open_page(page_paths.VALUE_EFFORT)
    widget(at.number_input, CAPACITY_LABEL).set_value(capacity).run()
    chosen = at.dataframe[0].value
    eligible = published.gross_list.filter(pl.col("n_municipalities") >= 2, pl.col("score") > 0)
    assert chosen[tables.TITLE_HEADER].tolist() == eligible["title"].head(capacity).to_list()
    assert f"{capacity} kandidat" in texts(at)
    traces = {trace["name"]: trace for trace in figure(at, 0)["data"]}
    assert len(traces["Valgt til fase 3"]["x"]) == capacity
    assert {"Effektiv front", "Kandidat", "Myndighedsudøvelse"} <= set(traces)
    assert "Sådan vælges kandidaterne" in texts(at)


def test_value_effort_keeps_to_an_effort_budget(published: ScreeningRun) -> None:
    at = open_page(page_paths.VALUE_EFFORT)
    widget(at.checkbox, BUDGET_TOGGLE_LABEL).check().run()
    widget(at.number_input, BUDGET_LABEL).set_value(15).run()
    chosen = at.dataframe[0].value
    expected = select_for_phase3(published.gross_list, 5, effort_budget=15.0).filter("selected")
    assert sorted(chosen[tables.TITLE_HEADER]) == sorted(expected["title"])
    efforts = [float(e.replace(",", ".")) for e in chosen[EFFORT_HEADER]]
    assert sum(efforts) <= 15.0
    assert all(reason.startswith("Valgt:") for reason in chosen[REASON_HEADER])
