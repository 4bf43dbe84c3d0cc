"""Saved weight profiles live in the decision store: a directorate keeps its own, the project
group adopts one for the gross list, and the coordination committee compares the
municipalities' rankings with a group profile."""

from __future__ import annotations

import dataclasses

import numpy as np
import polars as pl
import pytest

from screening.config import CONFIG_DIR
from screening.decisions.municipal_rankings import (
    group_profile,
    municipal_profiles,
    rankings_side_by_side,
)
from screening.decisions.record import InvalidDecision, NotAllowed
from screening.decisions.store import open_store, read_events
from screening.decisions.weight_profiles import (
    adopt_profile,
    import_toml_profiles,
    save_weight_profile,
    with_saved_profiles,
)
from screening.ranking.ahp import ahp_profile, ahp_weights
from screening.ranking.scoring import CRITERIA, load_scoring_config

SCORING = load_scoring_config(CONFIG_DIR / "scoring.toml")


def judgements(favourite: str, strength: float) -> dict:
    """Every criterion equal, except ``favourite``, ``strength`` times as important as each."""
    return {
        (a, b): strength if a == favourite else (1 / strength if b == favourite else 1.0)
        for i, a in enumerate(CRITERIA)
        for b in CRITERIA[i + 1 :]
    }


def saved_ahp(engine, user, favourite, strength, label):
    result = ahp_weights(judgements(favourite, strength))
    profile = ahp_profile(result, "x", label, SCORING.profile())
    return save_weight_profile(
        engine, user, profile, SCORING, ahp_matrix=result.matrix.tolist()
    ), result


def test_a_directorate_saves_its_own_profile_and_the_project_group_adopts_it(store_url, users):
    engine = open_store(store_url)
    base = SCORING.profile()
    mine = dataclasses.replace(base, label="Haderslevs direktion 2026")
    saved = save_weight_profile(engine, users["haderslev.direktion"], mine, SCORING)
    assert saved.code == "haderslevs_direktion_2026"
    with pytest.raises(InvalidDecision, match="findes allerede"):
        save_weight_profile(engine, users["aabenraa.direktion"], mine, SCORING)
    with pytest.raises(NotAllowed):
        adopt_profile(engine, users["haderslev.direktion"], saved.code, SCORING)
    adopt_profile(engine, users["haderslev.projektgruppe"], saved.code, SCORING)
    config = with_saved_profiles(SCORING, read_events(engine))
    assert config.default_profile == "haderslevs_direktion_2026"
    assert config.profile().label == "Haderslevs direktion 2026"


def test_profiles_an_older_version_wrote_into_the_scoring_file_are_imported_once(store_url):
    engine = open_store(store_url)
    extra = dataclasses.replace(SCORING.profile(), code="direktionens_vaegte", label="Direktionens")
    older = dataclasses.replace(SCORING, profiles={**SCORING.profiles, extra.code: extra})
    assert import_toml_profiles(engine, older) == 1
    assert import_toml_profiles(engine, older) == 0
    config = with_saved_profiles(SCORING, read_events(engine))
    assert config.profiles["direktionens_vaegte"].label == "Direktionens"
    assert config.default_profile == SCORING.default_profile


def test_the_group_profile_pools_the_municipalities_judgements(store_url, users):
    engine = open_store(store_url)
    saved_ahp(engine, users["aabenraa.direktion"], "potential", 5, "Aabenraa økonomi")
    saved_ahp(engine, users["toender.direktion"], "breadth", 5, "Tønder bredde")
    profiles = municipal_profiles(read_events(engine), ["Aabenraa", "Tønder"])
    assert set(profiles) == {"Aabenraa", "Tønder"}
    group = group_profile(profiles)
    # Each favoured its own criterion equally strongly: pooled, the two weigh the same and more
    # than the criteria nobody favoured.
    assert group.weights["potential"] == pytest.approx(group.weights["breadth"], rel=1e-6)
    assert group.weights["potential"] > group.weights["feasibility"]
    pooled = np.sqrt(profiles["Aabenraa"][1] * profiles["Tønder"][1])
    expected = ahp_weights(
        {
            (CRITERIA[i], CRITERIA[j]): pooled[i, j]
            for i in range(len(CRITERIA))
            for j in range(i + 1, len(CRITERIA))
        }
    ).weights
    assert group.weights["potential"] == pytest.approx(expected["potential"] * 100, abs=0.01)


def test_rankings_side_by_side_put_the_most_disputed_candidate_first():
    values = pl.DataFrame(
        {
            "candidate_id": ["K-rig", "K-bred", "K-midt"],
            **{f"value_{c}": [0.5, 0.5, 0.5] for c in CRITERIA},
            "authority_share": [0.0, 0.0, 0.0],
            **{f"goal_share_{g}": [0.0, 0.0, 0.0] for g in SCORING.profile().goal_weights},
        }
    ).with_columns(
        pl.Series("value_potential", [1.0, 0.0, 0.5]),
        pl.Series("value_breadth", [0.0, 1.0, 0.5]),
    )
    economy = dataclasses.replace(
        SCORING.profile(), weights={c: (90 if c == "potential" else 1) for c in CRITERIA}
    )
    breadth = dataclasses.replace(
        SCORING.profile(), weights={c: (90 if c == "breadth" else 1) for c in CRITERIA}
    )
    side = rankings_side_by_side(values, {"Aabenraa": economy, "Tønder": breadth}, 10.0)
    assert side.columns[:3] == ["candidate_id", "Aabenraa", "Tønder"]
    first = side.row(0, named=True)
    assert first["rank_spread"] == 2
    assert {first["candidate_id"]} <= {"K-rig", "K-bred"}
    assert side.filter(pl.col("candidate_id") == "K-midt")["rank_spread"].item() == 0
