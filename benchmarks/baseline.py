"""The baseline: what a user would otherwise write with pandas and openpyxl.

Each template is read with ``pd.read_excel(engine="openpyxl")`` (the task sheet and the metadata
sheet in one call per file), the dropdown labels are mapped to codes, and the same weighted score
as :mod:`screening.ranking.scoring` is computed with the same weight profile. The baseline is
kinder to itself than the product is: it does not validate (a value that is not exactly a
dropdown label or a number is simply lost), it groups tasks by their lower-cased title instead
of matching them, and it writes nothing.
"""

from __future__ import annotations

import math
import time
from pathlib import Path

import numpy as np
import pandas as pd

from benchmarks.synthetic import SyntheticRound
from screening.config import load_screening_config
from screening.ranking.scoring import CRITERIA, ScoringConfig, load_scoring_config
from screening.template.spec import (
    COLUMNS,
    HELP_ROW,
    META_MUNICIPALITY,
    METADATA_SHEET,
    TASK_SHEET,
    goal_column_code,
)
from screening.vocabulary import COOPERATION_FORMS, GOALS, SERVICE_AREAS, TASK_TYPES

_HEADERS = {c.header: c.code for c in COLUMNS}
_LABELS = {
    column: {term.label: term.code for term in terms}
    for column, terms in (
        ("service_area", SERVICE_AREAS),
        ("task_type", TASK_TYPES),
        ("cooperation_form", COOPERATION_FORMS),
    )
}
_NUMBERS = ("cost_base_dkk", "fte", "potential_dkk", "complexity", "time_horizon_years")


def read_templates(folder: Path) -> pd.DataFrame:
    frames = []
    for path in sorted(Path(folder).glob("*.xlsx")):
        sheets = pd.read_excel(
            path,
            sheet_name=[TASK_SHEET, METADATA_SHEET],
            header=None,
            engine="openpyxl",
        )
        meta = sheets[METADATA_SHEET]
        municipality = meta.loc[meta[0] == META_MUNICIPALITY, 1].iloc[0]
        raw = sheets[TASK_SHEET]
        tasks = raw.iloc[HELP_ROW:].set_axis(raw.iloc[0], axis=1).rename(columns=_HEADERS)
        tasks = tasks.dropna(subset=["title"])
        frames.append(tasks.assign(municipality=municipality))
    return pd.concat(frames, ignore_index=True)


def score(tasks: pd.DataFrame, config: ScoringConfig, n_participants: int) -> pd.DataFrame:
    """The gross-list score per title group, with the criteria of screening.ranking.scoring."""
    tasks = tasks.copy()
    for column, labels in _LABELS.items():
        tasks[column] = tasks[column].map(labels)
    for column in _NUMBERS:
        tasks[column] = pd.to_numeric(tasks[column], errors="coerce")
    goal_columns = []
    for goal in GOALS:
        column = goal_column_code(goal.code)
        tasks[f"share_{goal.code}"] = (tasks[column] == "Ja").astype(float)
        goal_columns.append(f"share_{goal.code}")
    tasks["authority"] = (tasks["authority_exercise"] == "Ja").astype(float)
    tasks["type_value"] = tasks["task_type"].map(config.task_type_values).fillna(0.0)
    tasks["form_value"] = tasks["cooperation_form"].map(config.cooperation_form_values).fillna(0.0)
    tasks["complexity_value"] = ((5 - tasks["complexity"]) / 4).fillna(0.5)
    horizon = (tasks["time_horizon_years"] / config.time_horizon_cap_years).clip(0, 1)
    tasks["horizon_value"] = (1 - horizon).fillna(0.5)
    tasks["candidate"] = tasks["title"].astype(str).str.strip().str.lower()
    grouped = tasks.groupby("candidate")
    values = grouped[[*goal_columns, "type_value", "form_value", "authority"]].mean()
    values["complexity_value"] = grouped["complexity_value"].mean()
    values["horizon_value"] = grouped["horizon_value"].mean()
    values["potential"] = grouped["potential_dkk"].sum(min_count=1)
    values["cost_base"] = grouped["cost_base_dkk"].sum(min_count=1)
    values["n_municipalities"] = grouped["municipality"].nunique()
    profile = config.profile()
    goal_shares = profile.goal_shares()
    criterion = pd.DataFrame(index=values.index)
    criterion["goals"] = sum(values[f"share_{g}"] * s for g, s in goal_shares.items())
    criterion["task_type"] = values["type_value"]
    criterion["cooperation_form"] = values["form_value"]
    largest = math.log1p(values["potential"].max() or 0.0) or 1.0
    criterion["potential"] = (np.log1p(values["potential"]) / largest).clip(0, 1).fillna(0.0)
    relative = values["potential"] / values["cost_base"] / config.relative_potential_cap
    criterion["relative_potential"] = relative.where(values["cost_base"] > 0, 0.0).clip(0, 1)
    criterion["relative_potential"] = criterion["relative_potential"].fillna(0.0)
    span = max(n_participants - 1, 1)
    criterion["breadth"] = ((values["n_municipalities"] - 1) / span).clip(0, 1)
    criterion["feasibility"] = (values["complexity_value"] + values["horizon_value"]) / 2
    shares = profile.weight_shares()
    result = pd.DataFrame(index=values.index)
    result["score"] = sum(criterion[c] * shares[c] * 100 for c in CRITERIA)
    result["score"] -= values["authority"] * config.authority_exercise_penalty
    result = result.sort_values("score", ascending=False)
    result["rank"] = np.arange(1, len(result) + 1)
    return result


def run_baseline(folder: Path, config: ScoringConfig, n_participants: int) -> dict:
    """Read and score once (single run: reading is the expensive part)."""
    start = time.perf_counter()
    tasks = read_templates(folder)
    read_s = time.perf_counter() - start
    start = time.perf_counter()
    ranked = score(tasks, config, n_participants)
    score_s = time.perf_counter() - start
    return {
        "what": "pandas.read_excel(engine='openpyxl') per file, labels mapped, grouped by "
        "lower-cased title, same weighted score; no validation, no matching, no write",
        "read_s": round(read_s, 4),
        "score_s": round(score_s, 4),
        "total_s": round(read_s + score_s, 4),
        "tasks_read": len(tasks),
        "candidates": len(ranked),
        "repetitions": "single run",
    }


def run_baseline_for(generated: SyntheticRound, scoring_path: Path) -> dict:
    """The baseline on a generated round, with its participants and the project's weights."""
    n_participants = len(load_screening_config(generated.config_path).municipalities)
    return run_baseline(generated.templates_dir, load_scoring_config(scoring_path), n_participants)
