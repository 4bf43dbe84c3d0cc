"""The score is the sum of its parts, and the parts move the rank the way a reader expects."""

import polars as pl
import pytest
from scoring_rows import task, tasks_frame

from screening.config import CONFIG_DIR
from screening.ranking.gross_list import build_gross_list
from screening.ranking.scoring import CONTRIBUTION_COLUMNS, load_scoring_config

CONFIG = load_scoring_config(CONFIG_DIR / "scoring.toml")


def test_contributions_add_up_exactly_to_the_score():
    tasks = tasks_frame(
        [
            task("løn", "Aabenraa"),
            task("løn", "Tønder", cost_base_dkk=None, complexity=None),
            task("it", "Tønder", task_type="systems", potential_dkk=2_000_000.0),
            task("havn", "Aabenraa", goals=[], cooperation_form="network"),
        ]
    )
    gross_list = build_gross_list(tasks, CONFIG, n_participants=4)
    total = gross_list.select(pl.sum_horizontal(CONTRIBUTION_COLUMNS)).to_series()
    assert total.to_list() == pytest.approx(gross_list["score"].to_list(), abs=1e-12)
    assert gross_list["rank"].to_list() == [1, 2, 3]


def test_a_task_proposed_by_more_municipalities_ranks_higher():
    tasks = tasks_frame(
        [task("løn", m) for m in ("Aabenraa", "Tønder", "Haderslev")] + [task("arkiv", "Tønder")]
    )
    gross_list = build_gross_list(tasks, CONFIG, n_participants=4)
    top = gross_list.row(0, named=True)
    assert (top["title"], top["n_municipalities"]) == ("løn", 3)
    assert top["municipalities"] == ["Aabenraa", "Haderslev", "Tønder"]


def test_authority_exercise_is_penalised_and_flagged():
    tasks = tasks_frame(
        [task("byggesag", "Tønder", authority_exercise=True), task("løn", "Tønder")]
    )
    gross_list = build_gross_list(tasks, CONFIG, n_participants=4)
    assert gross_list["title"].to_list() == ["løn", "byggesag"]
    flagged = gross_list.filter(pl.col("title") == "byggesag").row(0, named=True)
    assert flagged["authority_exercise"] is True
    assert flagged["contrib_legal_screen"] == pytest.approx(-CONFIG.authority_exercise_penalty)


def test_economics_are_summed_across_municipalities():
    tasks = tasks_frame([task("løn", "Aabenraa"), task("løn", "Tønder", potential_dkk=100_000.0)])
    row = build_gross_list(tasks, CONFIG, n_participants=4).row(0, named=True)
    assert row["potential_dkk"] == pytest.approx(500_000)
    assert row["cost_base_dkk"] == pytest.approx(8_000_000)
    assert row["fte"] == pytest.approx(12)
