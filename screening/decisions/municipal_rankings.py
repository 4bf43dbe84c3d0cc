"""The municipalities' own rankings side by side, a group profile, and where they disagree.

Each directorate may save its own weight profile (sliders or pairwise comparison, AHP). The
coordination committee sees the gross list ranked under each municipality's newest profile, the
ranking under a group profile, and the candidates whose ranks differ most between the
municipalities first.

The group profile follows the usual way of pooling AHP judgements (Aczél and Saaty; Forman and
Peniwati's «aggregation of individual judgements»): the element-wise geometric mean of the
municipalities' comparison matrices, whose principal eigenvector gives the weights. When a
profile was set with sliders rather than comparisons, its weights are pooled instead by their
normalised geometric mean, which for consistent judgements gives the same result.
"""

from __future__ import annotations

import json
import math

import numpy as np
import polars as pl

from screening.decisions.record import WEIGHT_PROFILE
from screening.decisions.state import current
from screening.i18n import _
from screening.ranking.ahp import ahp_weights
from screening.ranking.scoring import CRITERIA, WeightProfile, score_values
from screening.vocabulary import GOALS

GROUP_PROFILE_CODE = "group"
GROUP_PROFILE_LABEL = "Fælles profil (geometrisk gennemsnit)"


def municipal_profiles(
    events: pl.DataFrame, municipalities: list[str]
) -> dict[str, tuple[WeightProfile, np.ndarray | None]]:
    """Each municipality's newest saved profile, with its AHP comparison matrix if it has one."""
    saved = current(events, WEIGHT_PROFILE).sort("event_id")
    found: dict[str, tuple[WeightProfile, np.ndarray | None]] = {}
    for row in saved.iter_rows(named=True):
        owner, code = row["subject"].split("|", 1)
        if owner not in municipalities:
            continue
        raw = json.loads(row["new_value"])
        matrix = np.array(raw["ahp_matrix"]) if raw.get("ahp_matrix") else None
        found[owner] = (
            WeightProfile(code, raw["label"], raw["weights"], raw["goal_weights"]),
            matrix,
        )
    return found


def group_profile(profiles: dict[str, tuple[WeightProfile, np.ndarray | None]]) -> WeightProfile:
    """One profile for the group: geometric mean of the judgements (AHP) or of the weights."""
    if not profiles:
        raise ValueError(_("Ingen kommune har gemt en vægtprofil endnu."))
    matrices = [matrix for _profile, matrix in profiles.values()]
    if all(m is not None and m.shape == (len(CRITERIA), len(CRITERIA)) for m in matrices):
        pooled = np.exp(np.mean([np.log(m) for m in matrices], axis=0))
        weights = ahp_weights(
            {
                (CRITERIA[i], CRITERIA[j]): float(pooled[i, j])
                for i in range(len(CRITERIA))
                for j in range(i + 1, len(CRITERIA))
            }
        ).weights
    else:
        weights = _geometric_mean([p.weight_shares() for p, _m in profiles.values()])
    goal_weights = _geometric_mean(
        [p.goal_shares() for p, _m in profiles.values()], keys=[g.code for g in GOALS]
    )
    return WeightProfile(
        GROUP_PROFILE_CODE,
        GROUP_PROFILE_LABEL,
        {c: round(weights[c] * 100, 2) for c in CRITERIA},
        goal_weights,
    )


def _geometric_mean(shares: list[dict[str, float]], keys=CRITERIA) -> dict[str, float]:
    # A zero weight would make the geometric mean zero for everyone; a tiny floor keeps one
    # municipality's "not at all" a strong pull down rather than a veto.
    floor = 1e-6
    means = {
        k: math.exp(sum(math.log(max(s.get(k, 0.0), floor)) for s in shares) / len(shares))
        for k in keys
    }
    total = sum(means.values())
    return {k: v / total for k, v in means.items()}


def rankings_side_by_side(
    candidate_values: pl.DataFrame,
    profiles: dict[str, WeightProfile],
    authority_exercise_penalty: float,
) -> pl.DataFrame:
    """One row per candidate with its rank under each profile (one column per name), the
    spread between the best and worst of them, most disagreed-about first."""
    ranked = candidate_values.select("candidate_id")
    for name, profile in profiles.items():
        ranks = score_values(candidate_values, profile, authority_exercise_penalty).select(
            "candidate_id", pl.col("rank").alias(name)
        )
        ranked = ranked.join(ranks, on="candidate_id")
    names = list(profiles)
    return ranked.with_columns(
        (pl.max_horizontal(names) - pl.min_horizontal(names)).alias("rank_spread")
    ).sort(["rank_spread", "candidate_id"], descending=[True, False])
