"""Phase-3 assets: the targeted analyses and the established operations' follow-up, copied from
the decision store into the warehouse through the same domain functions the pages call
(:func:`screening.phase3.state.portfolio` and :func:`~screening.phase3.state.follow_up_table`).
"""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import polars as pl

from assets.resources import ScreeningSettings
from screening.decisions.store import EVENT_SCHEMA
from screening.phase3 import state
from screening.phase3.settings import load_phase3_settings

KINDS = {"duckdb", "polars"}


@dg.asset(group_name="phase3", kinds=KINDS)
def phase3_portfolio(
    settings: ScreeningSettings, gross_list: pl.DataFrame, decision_log: pl.DataFrame
) -> pl.DataFrame:
    """One row per candidate in phase 3: status, coalition, business case, distribution key."""
    return state.portfolio(
        gross_list,
        decision_log.cast(EVENT_SCHEMA),
        load_phase3_settings(Path(settings.screening_config)),
    )


@dg.asset(group_name="phase3", kinds=KINDS)
def follow_up(
    settings: ScreeningSettings, gross_list: pl.DataFrame, decision_log: pl.DataFrame
) -> pl.DataFrame:
    """One row per established operation, year and member municipality: expected against
    realised net gain, and the deviation."""
    config = settings.load_screening()
    return state.follow_up_table(
        gross_list,
        decision_log.cast(EVENT_SCHEMA),
        {m.name: m.population for m in config.municipalities},
        load_phase3_settings(Path(settings.screening_config)),
    )


ASSETS = [phase3_portfolio, follow_up]
