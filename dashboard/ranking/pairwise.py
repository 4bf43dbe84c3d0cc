"""Pairwise comparison of the criteria (AHP) as the page Vægte asks for it, and saving the result.

Pure functions (no Streamlit); the maths lives in :mod:`screening.ranking.ahp`. Judgements are
given on Saaty's scale, 1/9 .. 9, and worded so they read as a Danish sentence in any
grammatical gender: «Økonomisk potentiale vægter 3 gange så højt som Antal kommuner».
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence

import polars as pl
import sqlalchemy as sa

from dashboard.common import formatting
from screening.decisions import weight_profiles
from screening.decisions.users import User
from screening.i18n import N_, _
from screening.ranking.ahp import CONSISTENCY_LIMIT, AhpResult, ahp_profile
from screening.ranking.scoring import CRITERIA, CRITERION_LABELS, ScoringConfig, WeightProfile

# 1/9, 1/8, ..., 1/2, 1, 2, ..., 9: the left criterion's importance over the right one's.
SAATY_STEPS: tuple[float, ...] = (
    *(1 / k for k in range(9, 1, -1)),
    1.0,
    *(float(k) for k in range(2, 10)),
)
Pair = tuple[str, str]


def criterion_pairs(criteria: Sequence[str] = CRITERIA) -> list[Pair]:
    """Every unordered pair once, in the scorer's order: 7 criteria give 21 comparisons."""
    return list(itertools.combinations(criteria, 2))


def judgement_text(pair: Pair, value: float) -> str:
    """How a step on the slider reads: the more important criterion first."""
    first, second = (_(CRITERION_LABELS[c]) for c in pair)
    if math.isclose(value, 1.0):
        return _("{first} og {second} vægter lige højt").format(first=first, second=second)
    if value > 1:
        return _("{first} vægter {n} gange så højt som {second}").format(
            first=first, second=second, n=round(value)
        )
    return _("{second} vægter {n} gange så højt som {first}").format(
        first=first, second=second, n=round(1 / value)
    )


def nearest_step(ratio: float) -> float:
    """The Saaty step closest to ``ratio`` on a log scale (ratios are multiplicative)."""
    ratio = min(max(ratio, SAATY_STEPS[0]), SAATY_STEPS[-1])
    return min(SAATY_STEPS, key=lambda step: abs(math.log(step / ratio)))


def starting_judgements(
    profile: WeightProfile, pairs: Iterable[Pair] | None = None
) -> dict[Pair, float]:
    """Judgements that say what ``profile`` says, so the comparison starts from known ground:
    each pair's weight ratio, moved to the nearest step of the scale."""
    judgements = {}
    for a, b in criterion_pairs() if pairs is None else pairs:
        weight_a, weight_b = profile.weights[a], profile.weights[b]
        if weight_a <= 0 or weight_b <= 0:
            ratio = 1.0 if weight_a == weight_b else (9.0 if weight_a > weight_b else 1 / 9)
        else:
            ratio = weight_a / weight_b
        judgements[(a, b)] = nearest_step(ratio)
    return judgements


WEIGHTS_HEADERS = (N_("Kriterium"), N_("Vægt fra sammenligningen"))


def weights_table(result: AhpResult, profile: WeightProfile) -> pl.DataFrame:
    """The derived weights beside the chosen profile's shares, both in per cent."""
    shares = profile.weight_shares()
    profile_header = _("Vægt i «{profile}»").format(profile=profile.label)
    return pl.DataFrame(
        {
            WEIGHTS_HEADERS[0]: [_(CRITERION_LABELS[c]) for c in result.criteria],
            WEIGHTS_HEADERS[1]: [percent(result.weights[c]) for c in result.criteria],
            profile_header: [percent(shares[c]) for c in result.criteria],
        }
    )


def percent(share: float) -> str:
    """``0.2345`` -> ``"23,5 %"``."""
    return f"{formatting.number(share * 100, 1)} %"


def consistency_text(result: AhpResult) -> str:
    ratio = formatting.number(result.consistency_ratio, 2)
    limit = formatting.number(CONSISTENCY_LIMIT, 2)
    if result.is_consistent:
        return _(
            "Sammenligningerne hænger godt sammen: konsistensforholdet (CR) er {ratio}, under "
            "grænsen på {limit}."
        ).format(ratio=ratio, limit=limit)
    return result.warning or ""


def inconsistency_hints(result: AhpResult) -> list[str]:
    """The judgements that contradict the others most, as sentences to act on."""
    return [judgement.message for judgement in result.inconsistent_judgements]


def profile_code(label: str) -> str:
    """A code from the name people give: «Direktionens vægte 2026» ->
    ``direktionens_vaegte_2026``."""
    return weight_profiles.profile_code(label)


def save_profile(
    engine: sa.Engine,
    user: User,
    result: AhpResult,
    label: str,
    base_profile: WeightProfile,
    config: ScoringConfig,
) -> WeightProfile:
    """Save the AHP weights as a new named profile in the decision store; returns the profile.

    A directorate's profile is its municipality's own (the coordination committee sees the
    municipalities' rankings side by side); the project group's is shared. The goal weights come
    from ``base_profile``, and the comparisons are kept with the profile, so a group profile can
    pool them. Raises ``InvalidDecision`` or ``NotAllowed`` with a Danish message.
    """
    label = label.strip()
    profile = ahp_profile(result, "ny", label, base_profile)
    return weight_profiles.save_weight_profile(
        engine,
        user,
        profile,
        config,
        for_municipality=not user.has("projektgruppe"),
        ahp_matrix=result.matrix.tolist(),
    )
