"""Phase-3 assets: the targeted analyses, the legal screen, the established operations'
frozen baselines and follow-up, and the exit scenarios, copied from the decision store into the
warehouse through the same domain functions the pages call (:mod:`screening.phase3.portfolio`,
:mod:`~screening.phase3.follow_up`, :mod:`~screening.phase3.legal`,
:mod:`~screening.phase3.baseline`, :mod:`~screening.phase3.exits`).
"""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import polars as pl

from assets.resources import ScreeningSettings
from screening.coalition import load_coalition_rule
from screening.decisions.store import EVENT_SCHEMA
from screening.phase3 import baseline, exits, legal
from screening.phase3.follow_up import follow_up_table
from screening.phase3.portfolio import portfolio
from screening.phase3.settings import load_phase3_settings

KINDS = {"duckdb", "polars"}


@dg.asset(group_name="phase3", kinds=KINDS)
def phase3_portfolio(
    settings: ScreeningSettings, gross_list: pl.DataFrame, decision_log: pl.DataFrame
) -> pl.DataFrame:
    """One row per candidate in phase 3: status, coalition, business case, distribution key."""
    return portfolio(
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
    return follow_up_table(
        gross_list,
        decision_log.cast(EVENT_SCHEMA),
        {m.name: m.population for m in config.municipalities},
        load_phase3_settings(Path(settings.screening_config)),
    )


@dg.asset(group_name="phase3", kinds=KINDS)
def legal_screen(gross_list: pl.DataFrame, decision_log: pl.DataFrame) -> pl.DataFrame:
    """One row per candidate and question of the legal screen, with the newest answer."""
    return legal.legal_screen_table(gross_list, decision_log.cast(EVENT_SCHEMA))


@dg.asset(group_name="phase3", kinds=KINDS)
def benefit_baseline(decision_log: pl.DataFrame) -> pl.DataFrame:
    """One row per established operation and member: the baseline frozen when it was decided,
    as corrected since (with the reason)."""
    return baseline.baseline_table(decision_log.cast(EVENT_SCHEMA))


@dg.asset(group_name="phase3", kinds=KINDS)
def exit_scenarios(
    settings: ScreeningSettings, gross_list: pl.DataFrame, decision_log: pl.DataFrame
) -> pl.DataFrame:
    """One row per recommended or established operation and leaving member: the remaining
    members' shares under the chosen key, beside the exit terms."""
    config = settings.load_screening()
    return exits.exit_scenarios(
        gross_list,
        decision_log.cast(EVENT_SCHEMA),
        {m.name: m.population for m in config.municipalities},
        load_phase3_settings(Path(settings.screening_config)),
        load_coalition_rule(Path(settings.screening_config)).minimum(),
    )


ASSETS = [phase3_portfolio, follow_up, legal_screen, benefit_baseline, exit_scenarios]
