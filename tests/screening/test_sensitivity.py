"""How firm is a rank: the weight draws reproduce the gross list, clear cases stay clear, and the
one-at-a-time tipping points are where the rank really changes."""

import time

import numpy as np
import polars as pl
import pytest

from screening.config import CONFIG_DIR
from screening.intake.submission import TASK_SCHEMA
from screening.ranking.gross_list import build_gross_list
from screening.ranking.scoring import (
    CRITERIA,
    WeightProfile,
    criterion_values,
    goal_share_column,
    load_scoring_config,
    score_values,
)
from screening.ranking.sensitivity import (
    rank_intervals,
    rank_tipping_points,
    ranks_for_weights,
    scores_for_weights,
    weight_draws,
)
from screening.vocabulary import GOALS

CONFIG = load_scoring_config(CONFIG_DIR / "scoring.toml")
PENALTY = CONFIG.authority_exercise_penalty
BALANCED = CONFIG.profile("balanced")


def synthetic_values(n: int, seed: int = 0, twins: int = 0) -> pl.DataFrame:
    """A criterion_values-shaped frame; ``twins`` candidates copy another's values exactly."""
    rng = np.random.default_rng(seed)
    columns: dict[str, object] = {"candidate_id": [f"k{i:05d}" for i in range(n)]}
    for goal in GOALS:
        columns[goal_share_column(goal.code)] = rng.choice([0.0, 0.5, 1.0], size=n)
    for criterion in CRITERIA[1:]:
        columns[f"value_{criterion}"] = rng.random(n)
    columns["authority_share"] = (rng.random(n) < 0.1).astype(float)
    frame = pl.DataFrame(columns)
    if twins:
        copies = frame.head(twins).with_columns(pl.format("{}_tvilling", "candidate_id"))
        frame = pl.concat([frame, copies])
    return frame


def shares(profile: WeightProfile) -> np.ndarray:
    return np.array([profile.weight_shares()[c] for c in CRITERIA])


def task(candidate: str, municipality: str, **overrides) -> dict:
    row = {
        "task_id": f"{municipality}:{candidate}",
        "municipality": municipality,
        "title": candidate,
        "service_area": "payroll_hr",
        "goals": ["economic_efficiency"],
        "task_type": "organisation",
        "cooperation_form": "shared_service",
        "authority_exercise": False,
        "cost_base_dkk": 4_000_000.0,
        "potential_dkk": 400_000.0,
        "complexity": 3,
        "time_horizon_years": 2.0,
        "candidate_id": candidate,
    }
    return row | overrides


@pytest.mark.parametrize("profile", ["balanced", "economy_first", "quality_citizens"])
def test_the_unperturbed_weights_reproduce_the_gross_list_exactly(profile):
    weights = CONFIG.profile(profile)
    values = synthetic_values(3_000, seed=1, twins=50)  # twins: exact ties, broken by id
    expected = score_values(values, weights, PENALTY)
    candidates, ranks = ranks_for_weights(values, weights, PENALTY, shares(weights))
    assert candidates["candidate_id"].to_list() == expected["candidate_id"].to_list()
    assert ranks[0].tolist() == expected["rank"].to_list()
    _, scores = scores_for_weights(values, weights, PENALTY, shares(weights))
    assert np.abs(scores[0] - expected["score"].to_numpy()).max() < 1e-9


def test_the_base_rank_is_the_gross_list_rank_for_real_tasks():
    rows = [task("løn", m) for m in ("Aabenraa", "Tønder", "Haderslev")]
    rows += [task("it", "Tønder", task_type="systems", potential_dkk=2_000_000.0)]
    rows += [task("byggesag", "Tønder", authority_exercise=True), task("arkiv", "Aabenraa")]
    schema = TASK_SCHEMA | {"candidate_id": pl.String}
    tasks = pl.DataFrame([{k: r.get(k) for k in schema} for r in rows], schema=schema)
    gross_list = build_gross_list(tasks, CONFIG, n_participants=4)
    values = criterion_values(tasks, CONFIG, n_participants=4)
    intervals = rank_intervals(values, BALANCED, PENALTY, draws=200, top_k=2)
    assert (
        intervals.select("candidate_id", "rank").rows()
        == gross_list.select("candidate_id", "rank").rows()
    )
    assert intervals.filter(pl.col("candidate_id") == "byggesag")["p_top_k"].item() == 0.0


def test_a_clear_leader_and_a_clear_trailer_keep_their_places():
    values = synthetic_values(200, seed=2)
    everything = [c for c in values.columns if c.startswith(("value_", "goal_share_"))]
    leader = (
        values.head(1)
        .with_columns(
            pl.lit("forrest").alias("candidate_id"), *[pl.lit(1.0).alias(c) for c in everything]
        )
        .with_columns(pl.lit(0.0).alias("authority_share"))
    )
    trailer = (
        values.head(1)
        .with_columns(
            pl.lit("bagerst").alias("candidate_id"), *[pl.lit(0.0).alias(c) for c in everything]
        )
        .with_columns(pl.lit(1.0).alias("authority_share"))
    )
    intervals = rank_intervals(pl.concat([values, leader, trailer]), BALANCED, PENALTY)
    first = intervals.row(0, named=True)
    last = intervals.row(-1, named=True)
    assert (first["candidate_id"], first["rank_p05"], first["rank_p95"]) == ("forrest", 1, 1)
    assert first["p_top_k"] == 1.0
    assert (last["candidate_id"], last["rank_p05"], last["rank_p95"]) == ("bagerst", 202, 202)
    assert last["p_top_k"] == 0.0
    # The draws scatter around the profile, so the base rank lies within p05..p95 for nearly all.
    inside = intervals.filter(pl.col("rank").is_between("rank_p05", "rank_p95"))
    assert inside.height >= 0.9 * intervals.height


def test_the_same_seed_gives_the_same_answer_and_another_seed_does_not():
    values = synthetic_values(500, seed=3)
    first = rank_intervals(values, BALANCED, PENALTY, seed=42)
    assert first.equals(rank_intervals(values, BALANCED, PENALTY, seed=42, workers=1))
    assert not first.equals(rank_intervals(values, BALANCED, PENALTY, seed=43))


def test_more_concentration_means_narrower_rank_intervals():
    values = synthetic_values(500, seed=4)
    width = pl.col("rank_p95") - pl.col("rank_p05")
    loose = rank_intervals(values, BALANCED, PENALTY, concentration=20).select(width.mean())
    tight = rank_intervals(values, BALANCED, PENALTY, concentration=2_000).select(width.mean())
    assert tight.item() < loose.item() / 3


def test_draws_centre_on_the_profile_and_keep_a_zero_weight_at_zero():
    profile = WeightProfile("uden_type", "Uden opgavetype", BALANCED.weights | {"task_type": 0}, {})
    draws = weight_draws(profile, draws=5_000, concentration=100, seed=1)
    assert np.allclose(draws.sum(axis=1), 1.0)
    assert np.all(draws[:, CRITERIA.index("task_type")] == 0)
    assert draws.mean(axis=0) == pytest.approx(shares(profile), abs=0.005)


def test_top_k_probabilities_add_up_to_k_at_scale(capsys):
    """A smoke test at full scale (not timed as a pass/fail: machines differ)."""
    values = synthetic_values(30_000, seed=5)
    start = time.perf_counter()
    intervals = rank_intervals(values, BALANCED, PENALTY, draws=1_000, top_k=10)
    elapsed = time.perf_counter() - start
    with capsys.disabled():
        print(f"\n1.000 vægtsæt x 30.000 kandidater: {elapsed:.2f} s")
    # Each draw has exactly ten candidates in its top ten.
    assert intervals["p_top_k"].sum() == pytest.approx(10.0)
    ordered = intervals.filter(
        (pl.col("rank_p05") <= pl.col("rank_median"))
        & (pl.col("rank_median") <= pl.col("rank_p95"))
    )
    assert ordered.height == 30_000


def two_candidates() -> pl.DataFrame:
    # A: strong on potential, weak on breadth; B: only breadth. With the balanced profile
    # (potential 20 %, breadth 20 %), A scores 100 * (0.2 + 0.2 * 0.4) = 28 and B 20.
    zeros = {c: [0.0, 0.0] for c in synthetic_values(1).columns if c != "candidate_id"}
    return pl.DataFrame(
        zeros
        | {"candidate_id": ["A", "B"], "value_potential": [1.0, 0.0], "value_breadth": [0.4, 1.0]}
    )


def test_the_tipping_point_is_where_the_two_score_lines_cross():
    points = rank_tipping_points(two_candidates(), BALANCED, PENALTY, candidate_ids=["A"])
    by_criterion = {row["criterion"]: row for row in points.iter_rows(named=True)}
    # Breadth up by t: A = 28 + 15t, B = 20 + 100t (the others shrink by (0.8 - t) / 0.8).
    breadth = by_criterion["breadth"]
    assert breadth["change_pp"] == pytest.approx(100 * 8 / 85)
    assert (breadth["direction"], breadth["moves"], breadth["crossed_candidate_id"]) == (
        "up",
        "down",
        "B",
    )
    assert breadth["explanation"] == (
        "Rykker en plads ned, hvis vægten på Antal kommuner hæves med 9,4 procentpoint "
        "(fra 20,0 til 29,4 %)."
    )
    # Potential down by t: A = 28 - 90t, B = 20 + 25t.
    assert by_criterion["potential"]["change_pp"] == pytest.approx(100 * 8 / 115)
    assert by_criterion["potential"]["direction"] == "down"
    assert points["change_pp"].min() == by_criterion["potential"]["change_pp"]


def shifted(profile: WeightProfile, criterion: str, change: float) -> WeightProfile:
    """The profile with one share moved by ``change`` and the others rescaled proportionally."""
    base = profile.weight_shares()
    share = base[criterion]
    weights = {c: s * (1 - share - change) / (1 - share) for c, s in base.items()}
    weights[criterion] = share + change
    return WeightProfile("flyttet", "Flyttet", weights, profile.goal_weights)


def test_moving_a_weight_just_past_the_tipping_point_changes_the_rank_and_not_before():
    values = synthetic_values(40, seed=6)
    points = rank_tipping_points(values, BALANCED, PENALTY).filter(pl.col("change_pp") > 0.01)
    assert points.height > 100
    for row in points.sample(30, seed=1).iter_rows(named=True):
        change = (1 if row["direction"] == "up" else -1) * row["change_pp"] / 100
        for factor, should_move in ((0.999, False), (1.001, True)):
            ranked = score_values(
                values, shifted(BALANCED, row["criterion"], change * factor), PENALTY
            )
            rank = ranked.filter(pl.col("candidate_id") == row["candidate_id"])["rank"].item()
            assert (rank != row["rank"]) is should_move, (row, factor)
