"""Switching weight profile re-ranks the list the way the profile's name promises."""

import polars as pl
from scoring_rows import task, tasks_frame

from screening.config import CONFIG_DIR
from screening.ranking.gross_list import build_gross_list
from screening.ranking.scenarios import compare_profiles
from screening.ranking.scoring import criterion_values, load_scoring_config

CONFIG = load_scoring_config(CONFIG_DIR / "scoring.toml")


def test_economy_first_lifts_the_big_saving_and_quality_lifts_the_citizen_task():
    tasks = tasks_frame(
        [
            task("udbud", "Tønder", potential_dkk=3_000_000.0, goals=["economic_efficiency"]),
            task(
                "borgerservice",
                "Tønder",
                potential_dkk=50_000.0,
                goals=["higher_quality", "better_access"],
            ),
        ]
    )
    values = criterion_values(tasks, CONFIG, n_participants=4)
    scenario = compare_profiles(
        values,
        CONFIG.profile("quality_citizens"),
        CONFIG.profile("economy_first"),
        CONFIG.authority_exercise_penalty,
    )
    ranks = {r["candidate_id"]: (r["rank_first"], r["rank_second"]) for r in scenario.to_dicts()}
    assert ranks["borgerservice"] == (1, 2)
    assert ranks["udbud"] == (2, 1)
    assert scenario.filter(pl.col("candidate_id") == "udbud")["rank_change"].item() == 1


def test_each_profile_reproduces_its_own_gross_list():
    tasks = tasks_frame([task("løn", m) for m in ("Aabenraa", "Tønder")] + [task("havn", "Tønder")])
    values = criterion_values(tasks, CONFIG, n_participants=4)
    for code in CONFIG.profiles:
        gross_list = build_gross_list(tasks, CONFIG, 4, profile=code)
        scenario = compare_profiles(
            values, CONFIG.profile(code), CONFIG.profile(code), CONFIG.authority_exercise_penalty
        )
        assert scenario["candidate_id"].to_list() == gross_list["candidate_id"].to_list()
        assert scenario["rank_change"].to_list() == [0, 0]
