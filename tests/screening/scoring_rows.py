"""Task rows for the scoring tests: a plausible task each test changes only where it matters."""

import polars as pl

from screening.intake.submission import TASK_SCHEMA


def task(candidate: str, municipality: str, **overrides) -> dict:
    row = {
        "task_id": f"{municipality}:{candidate}",
        "municipality": municipality,
        "title": candidate,
        "description": "",
        "service_area": "payroll_hr",
        "goals": ["economic_efficiency"],
        "task_type": "organisation",
        "cooperation_form": "shared_service",
        "authority_exercise": False,
        "cost_base_dkk": 4_000_000.0,
        "fte": 6.0,
        "potential_dkk": 400_000.0,
        "complexity": 3,
        "time_horizon_years": 2.0,
        "candidate_id": candidate,
    }
    return row | overrides


def tasks_frame(rows: list[dict]) -> pl.DataFrame:
    schema = TASK_SCHEMA | {"candidate_id": pl.String}
    return pl.DataFrame([{k: r.get(k) for k in schema} for r in rows], schema=schema)
