"""The one Dagster entry point: the Dagster UI, ``screening run`` and the tests load these
Definitions, so there is no second code path."""

from __future__ import annotations

import dagster as dg

from assets import decisions, gross_list, intake, phase3, rounds
from assets.checks import CHECKS
from assets.published import published_warehouse_after
from assets.resources import ScreeningSettings, WarehouseIOManager
from assets.rounds import RoundSettings
from pipelines.reminders import reminder_schedule
from pipelines.sensors import build_inbox_sensor
from screening.config import (
    decisions_url,
    inbox_dir,
    overrides_path,
    round_plan_path,
    rounds_dir,
    scoring_config_path,
    screening_config_path,
    templates_dir,
    warehouse_path,
)

# Every table the run writes, each stage's list kept in its own module; the published copy
# waits for all of them.
TABLES = [*intake.ASSETS, *gross_list.ASSETS, *decisions.ASSETS, *rounds.ASSETS, *phase3.ASSETS]
ASSETS = [*TABLES, published_warehouse_after(TABLES)]

screening_job = dg.define_asset_job(
    "screening_job",
    selection=dg.AssetSelection.all(),
    description="Læs skabelonerne, dan bruttolisten og udgiv den til dashboardet.",
)


def build_definitions() -> dg.Definitions:
    """Resolve paths when the definitions are built, so tests can point them elsewhere."""
    warehouse = str(warehouse_path())
    return dg.Definitions(
        assets=ASSETS,
        asset_checks=CHECKS,
        jobs=[screening_job],
        sensors=[build_inbox_sensor(screening_job)],
        schedules=[reminder_schedule],
        resources={
            "io_manager": WarehouseIOManager(database=warehouse),
            "settings": ScreeningSettings(
                templates_dir=str(templates_dir()),
                inbox_dir=str(inbox_dir()),
                overrides=str(overrides_path()),
                screening_config=str(screening_config_path()),
                scoring_config=str(scoring_config_path()),
                warehouse=warehouse,
                decisions_url=decisions_url(),
            ),
            "round_settings": RoundSettings(
                round_plan=str(round_plan_path()),
                rounds_dir=str(rounds_dir()),
            ),
        },
        # One process writes the warehouse at a time; DuckDB's lock allows no more, and on two
        # cores a process per step only adds start-up time.
        executor=dg.in_process_executor,
    )


defs = build_definitions()
