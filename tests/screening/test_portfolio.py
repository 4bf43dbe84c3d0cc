"""Value against effort, and which candidates the group can take to phase 3."""

import itertools

import numpy as np
import polars as pl
import pytest

from screening.config import CONFIG_DIR
from screening.intake.submission import TASK_SCHEMA
from screening.ranking.gross_list import build_gross_list
from screening.ranking.portfolio import efficient_frontier, knapsack, select_for_phase3
from screening.ranking.scoring import load_scoring_config

CONFIG = load_scoring_config(CONFIG_DIR / "scoring.toml")


def gross_list(rows: list[dict]) -> pl.DataFrame:
    """A gross-list-shaped frame; rank follows the order of ``rows``."""
    defaults = {
        "score": 50.0,
        "potential_dkk": 500_000.0,
        "complexity": 3.0,
        "time_horizon_years": 2.0,
        "n_municipalities": 2,
        "authority_exercise": False,
    }
    filled = [
        defaults | {"candidate_id": r["title"], "rank": i + 1} | r for i, r in enumerate(rows)
    ]
    return pl.DataFrame(filled)


def random_gross_list(n: int, seed: int) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    rows = [
        {
            "title": f"k{i:02d}",
            "score": float(s),
            "potential_dkk": float(rng.integers(0, 20)) * 100_000,
            "complexity": float(rng.integers(1, 6)),
            "time_horizon_years": float(rng.integers(0, 5)),
            "n_municipalities": int(rng.integers(1, 5)),
        }
        for i, s in enumerate(sorted(rng.uniform(-10, 80, n), reverse=True))
    ]
    return gross_list(rows)


def test_effort_grows_with_complexity_and_time_and_blanks_count_as_the_middle():
    frame = gross_list(
        [
            {"title": "hurtig", "complexity": 1.0, "time_horizon_years": 0.0},
            {"title": "tung", "complexity": 5.0, "time_horizon_years": 4.0},
            {"title": "ukendt", "complexity": None, "time_horizon_years": None},
            {"title": "tastefejl", "complexity": 2.0, "time_horizon_years": 50.0},
        ]
    )
    efforts = dict(efficient_frontier(frame).select("candidate_id", "effort").iter_rows())
    assert efforts == {"hurtig": 1.0, "tung": 25.0, "ukendt": 3 * 3.5, "tastefejl": 2 * 6.0}


def test_a_dominated_candidate_is_not_on_the_frontier():
    frame = gross_list(
        [
            {"title": "løn", "potential_dkk": 900_000.0, "complexity": 2.0},  # effort 6
            {"title": "arkiv", "potential_dkk": 800_000.0, "complexity": 3.0},  # effort 9
            {"title": "it", "potential_dkk": 3_000_000.0, "complexity": 5.0},  # effort 15
            {"title": "udbud", "potential_dkk": 3_000_000.0, "complexity": 5.0},  # same as it
            # same value as løn, more effort (8 instead of 6)
            {"title": "vej", "potential_dkk": 9e5, "complexity": 2.0, "time_horizon_years": 3.0},
        ]
    )
    frontier = efficient_frontier(frame)
    on = dict(frontier.select("candidate_id", "on_frontier").iter_rows())
    assert on == {"løn": True, "arkiv": False, "it": True, "udbud": True, "vej": False}
    by = dict(frontier.select("candidate_id", "dominated_by").iter_rows())
    assert by["arkiv"] == "løn" and by["vej"] == "løn"


@pytest.mark.parametrize("seed", range(5))
def test_the_frontier_matches_the_definition_on_random_lists(seed):
    frontier = efficient_frontier(random_gross_list(40, seed))
    points = frontier.select("effort", "value_dkk").rows()
    for (effort, value), on in zip(points, frontier["on_frontier"], strict=True):
        dominated = any(e <= effort and v >= value and (e < effort or v > value) for e, v in points)
        assert on is not dominated


def test_capacity_k_takes_the_k_best_that_two_municipalities_want():
    frame = gross_list(
        [
            {"title": "løn", "score": 70.0, "n_municipalities": 4},
            {"title": "havn", "score": 65.0, "n_municipalities": 1},
            {"title": "byggesag", "score": 60.0, "authority_exercise": True},
            {"title": "it", "score": 55.0},
            {"title": "arkiv", "score": 40.0},
        ]
    )
    chosen = select_for_phase3(frame, capacity=3)
    selected = chosen.filter(pl.col("selected"))
    assert selected["candidate_id"].to_list() == ["løn", "byggesag", "it"]
    reasons = dict(chosen.select("candidate_id", "reason").iter_rows())
    assert reasons["løn"] == (
        "Nr. 1 på bruttolisten med 70,0 point; blandt de 3 bedst placerede, der kan gå videre."
    )
    assert "mindst to kommuner" in reasons["havn"]
    assert "myndighedsudøvelse" in reasons["byggesag"]
    assert reasons["arkiv"].startswith("Ikke plads: der er kapacitet til 3 målrettede analyser")
    # Without the two-municipality rule the single-municipality harbour comes in.
    relaxed = select_for_phase3(frame, capacity=3, require_two_municipalities=False)
    assert relaxed.filter("selected")["candidate_id"].to_list() == ["løn", "havn", "byggesag"]
    strict = select_for_phase3(frame, capacity=3, exclude_authority_exercise=True)
    assert strict.filter("selected")["candidate_id"].to_list() == ["løn", "it", "arkiv"]


def test_capacity_works_on_a_real_gross_list():
    schema = TASK_SCHEMA | {"candidate_id": pl.String}
    municipalities = ("Aabenraa", "Haderslev", "Sønderborg", "Tønder")
    rows = [
        {"task_id": f"{m}:{c}", "municipality": m, "title": c, "goals": ["economic_efficiency"]}
        | {"task_type": "organisation", "cooperation_form": "shared_service", "candidate_id": c}
        | {"potential_dkk": 100_000.0 * (i + 1), "complexity": 3, "time_horizon_years": 2.0}
        for i, c in enumerate(["løn", "it", "jura", "vej", "hjælpemidler", "tandregulering"])
        for m in municipalities[: 2 + i % 3]
    ]
    tasks = pl.DataFrame([{k: r.get(k) for k in schema} for r in rows], schema=schema)
    listed = build_gross_list(tasks, CONFIG, n_participants=4)
    chosen = select_for_phase3(listed, capacity=4)
    assert chosen["selected"].sum() == 4
    assert chosen.filter(pl.col("selected"))["rank"].to_list() == [1, 2, 3, 4]


def best_total_by_brute_force(frame, capacity, budget):
    eligible = frame.filter((pl.col("n_municipalities") >= 2) & (pl.col("score") > 0))
    items = list(zip(eligible["score"], eligible["effort"], strict=True))
    best = 0.0
    for size in range(1, (capacity or len(items)) + 1):
        for subset in itertools.combinations(items, size):
            if sum(e for _, e in subset) <= budget:
                best = max(best, sum(s for s, _ in subset))
    return best


@pytest.mark.parametrize(("seed", "capacity"), [(0, 3), (1, 4), (2, None), (3, 2), (4, 5)])
def test_the_effort_budget_choice_is_the_best_possible(seed, capacity):
    frame = random_gross_list(14, seed)
    budget = 40.0
    chosen = select_for_phase3(frame, capacity, effort_budget=budget)
    selected = chosen.filter(pl.col("selected"))
    assert selected["effort"].sum() <= budget
    assert capacity is None or selected.height <= capacity
    assert selected["score"].sum() == pytest.approx(
        best_total_by_brute_force(chosen, capacity, budget)
    )
    assert all("indsatspoint brugt" in r for r in selected["reason"])


def test_a_candidate_bigger_than_the_whole_budget_is_told_so():
    frame = gross_list(
        [
            {"title": "it", "score": 80.0, "complexity": 5.0, "time_horizon_years": 4.0},
            {"title": "løn", "score": 50.0, "complexity": 2.0, "time_horizon_years": 1.0},
        ]
    )
    chosen = select_for_phase3(frame, capacity=2, effort_budget=10.0)
    reasons = dict(chosen.select("candidate_id", "reason").iter_rows())
    assert chosen.filter(pl.col("selected"))["candidate_id"].to_list() == ["løn"]
    assert reasons["it"] == "Indsatsen (25,0 indsatspoint) er større end hele rammen (10,0)."


def test_knapsack_prefers_two_small_items_to_one_big_one():
    assert knapsack(np.array([10.0, 6.0, 6.0]), np.array([4, 2, 2]), budget=4) == [1, 2]
    assert knapsack(np.array([10.0, 6.0, 6.0]), np.array([4, 2, 2]), budget=4, max_items=1) == [0]
