"""Score and rank candidates for the gross list.

Each criterion gives a value in [0, 1]; its contribution is ``weight_share * 100 * value``, where
``weight_share`` is the criterion's weight over the sum of weights. The legal screen subtracts a
penalty for authority exercise. The score is exactly the sum of the contributions, so a reader can
always see why a candidate ranks where it does.

Normalisation:
- goals: per goal, the share of the candidate's source tasks that tick it, weighted by the
  profile's goal weights;
- task type and cooperation form: the configured value of each source task's choice, averaged;
- potential: log(1 + summed potential) / log(1 + the largest candidate's), so one very large
  candidate does not flatten the rest;
- relative potential: summed potential / summed cost base, capped (``relative_potential_cap``);
- breadth: (municipalities proposing - 1) / (participating municipalities - 1);
- feasibility: mean of (5 - complexity) / 4 and 1 - time horizon / cap; missing figures count as
  the middle value 0.5, so a blank cell neither helps nor hurts.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from screening.vocabulary import GOALS

CRITERIA: tuple[str, ...] = (
    "goals",
    "task_type",
    "cooperation_form",
    "potential",
    "relative_potential",
    "breadth",
    "feasibility",
)
CRITERION_LABELS: dict[str, str] = {
    "goals": "Mål og rationale",
    "task_type": "Opgavetype",
    "cooperation_form": "Samdriftsform",
    "potential": "Økonomisk potentiale",
    "relative_potential": "Potentiale i forhold til udgiftsbase",
    "breadth": "Antal kommuner",
    "feasibility": "Gennemførlighed",
    "legal_screen": "Myndighedsudøvelse (fradrag)",
}
CONTRIBUTION_COLUMNS: tuple[str, ...] = tuple(f"contrib_{c}" for c in (*CRITERIA, "legal_screen"))


@dataclass(frozen=True)
class WeightProfile:
    """A named set of weights: one per criterion, and one per goal inside the goals criterion."""

    code: str
    label: str
    weights: dict[str, float]
    goal_weights: dict[str, float]

    def weight_shares(self) -> dict[str, float]:
        total = sum(self.weights[c] for c in CRITERIA) or 1.0
        return {c: self.weights[c] / total for c in CRITERIA}

    def goal_shares(self) -> dict[str, float]:
        total = sum(self.goal_weights.values()) or 1.0
        return {g: w / total for g, w in self.goal_weights.items()}


@dataclass(frozen=True)
class ScoringConfig:
    version: str
    profiles: dict[str, WeightProfile]
    default_profile: str
    task_type_values: dict[str, float]
    cooperation_form_values: dict[str, float]
    relative_potential_cap: float
    time_horizon_cap_years: float
    authority_exercise_penalty: float

    def profile(self, code: str | None = None) -> WeightProfile:
        return self.profiles[code or self.default_profile]


def _profile(code: str, raw: dict, path: Path) -> WeightProfile:
    missing = [c for c in CRITERIA if c not in raw["weights"]]
    unknown_goals = set(raw["goal_weights"]) - {g.code for g in GOALS}
    if missing or unknown_goals:
        raise ValueError(
            f"{path}: profilen «{code}»: vægte mangler for {', '.join(missing) or '-'}; "
            f"ukendte mål: {', '.join(sorted(unknown_goals)) or '-'}"
        )
    return WeightProfile(
        code=code,
        label=raw["label"],
        weights={c: float(raw["weights"][c]) for c in CRITERIA},
        goal_weights={g.code: float(raw["goal_weights"].get(g.code, 0.0)) for g in GOALS},
    )


def load_scoring_config(path: Path) -> ScoringConfig:
    raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    return ScoringConfig(
        version=str(raw["version"]),
        profiles={code: _profile(code, p, path) for code, p in raw["profiles"].items()},
        default_profile=raw["default_profile"],
        task_type_values={k: float(v) for k, v in raw["task_type_values"].items()},
        cooperation_form_values={k: float(v) for k, v in raw["cooperation_form_values"].items()},
        relative_potential_cap=float(raw["normalisation"]["relative_potential_cap"]),
        time_horizon_cap_years=float(raw["normalisation"]["time_horizon_cap_years"]),
        authority_exercise_penalty=float(raw["legal_screen"]["authority_exercise_penalty"]),
    )


def goal_share_column(goal_code: str) -> str:
    return f"goal_share_{goal_code}"


def criterion_values(
    screening_tasks: pl.DataFrame, config: ScoringConfig, n_participants: int
) -> pl.DataFrame:
    """One row per candidate: each criterion's value in [0, 1], independent of the weights.

    The goals criterion is kept as one share per goal (``goal_share_<goal>``) so a new weight
    profile re-ranks without going back to the tasks.
    """
    tasks = screening_tasks.with_columns(
        *[
            pl.col("goals").list.contains(g.code).cast(pl.Float64).alias(goal_share_column(g.code))
            for g in GOALS
        ],
        pl.col("task_type").replace_strict(config.task_type_values, default=0.0).alias("_type"),
        pl.col("cooperation_form")
        .replace_strict(config.cooperation_form_values, default=0.0)
        .alias("_form"),
        ((5 - pl.col("complexity")) / 4).fill_null(0.5).alias("_complexity"),
        (1 - (pl.col("time_horizon_years") / config.time_horizon_cap_years).clip(0, 1))
        .fill_null(0.5)
        .alias("_horizon"),
    )
    per_candidate = tasks.group_by("candidate_id").agg(
        *[pl.col(goal_share_column(g.code)).mean() for g in GOALS],
        pl.col("_type").mean().alias("value_task_type"),
        pl.col("_form").mean().alias("value_cooperation_form"),
        ((pl.col("_complexity").mean() + pl.col("_horizon").mean()) / 2).alias("value_feasibility"),
        pl.col("municipality").n_unique().alias("n_municipalities"),
        sum_or_null("potential_dkk"),
        sum_or_null("cost_base_dkk"),
        pl.col("authority_exercise")
        .cast(pl.Float64)
        .mean()
        .fill_null(0.0)
        .alias("authority_share"),
    )
    largest = per_candidate["potential_dkk"].max() or 0.0
    log_largest = math.log1p(largest) or 1.0
    breadth_span = max(n_participants - 1, 1)
    return per_candidate.with_columns(
        (pl.col("potential_dkk").log1p() / log_largest)
        .clip(0, 1)
        .fill_null(0.0)
        .alias("value_potential"),
        pl.when(pl.col("cost_base_dkk") > 0)
        .then(
            (
                pl.col("potential_dkk") / pl.col("cost_base_dkk") / config.relative_potential_cap
            ).clip(0, 1)
        )
        .otherwise(0.0)
        .fill_null(0.0)
        .alias("value_relative_potential"),
        ((pl.col("n_municipalities") - 1) / breadth_span).clip(0, 1).alias("value_breadth"),
    )


def sum_or_null(column: str) -> pl.Expr:
    """Sum over the source tasks; null when none gave the figure, so a blank never reads as 0."""
    return (
        pl.when(pl.col(column).is_not_null().any())
        .then(pl.col(column).sum())
        .otherwise(None)
        .alias(column)
    )


def score_values(
    values: pl.DataFrame, profile: WeightProfile, authority_exercise_penalty: float
) -> pl.DataFrame:
    """Contributions, score and rank (1 = best) for one weight profile; cheap enough to redo
    for every change of weights."""
    goal_shares = profile.goal_shares()
    shares = profile.weight_shares()
    value_goals = pl.sum_horizontal(
        [pl.col(goal_share_column(g)) * share for g, share in goal_shares.items()]
    )
    scored = values.with_columns(value_goals.alias("value_goals")).with_columns(
        *[(pl.col(f"value_{c}") * shares[c] * 100).alias(f"contrib_{c}") for c in CRITERIA],
        # + 0.0 turns IEEE -0.0 (no penalty) into a plain 0.0.
        (-pl.col("authority_share") * authority_exercise_penalty + 0.0).alias(
            "contrib_legal_screen"
        ),
    )
    scored = scored.with_columns(pl.sum_horizontal(CONTRIBUTION_COLUMNS).alias("score"))
    # Ties broken by candidate_id so the same inputs always give the same order.
    return scored.sort(["score", "candidate_id"], descending=[True, False]).with_columns(
        pl.int_range(1, pl.len() + 1).alias("rank")
    )
