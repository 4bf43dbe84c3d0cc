"""Intake assets: read every received template into submissions, findings and tasks."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from pipelines.resources import ScreeningSettings
from screening.submissions import current_tasks, findings_table, read_folder, submissions_table


@dg.multi_asset(
    outs={
        "submissions": dg.AssetOut(
            description="Én række pr. modtaget skabelon: afsender, SHA-256, status og antal fund.",
            kinds={"duckdb", "polars"},
        ),
        "findings": dg.AssetOut(
            description="Alle fund (fejl og advarsler) med fil, ark, række og kolonne.",
            kinds={"duckdb", "polars"},
        ),
        "submitted_tasks": dg.AssetOut(
            description="Opgaverne fra hver kommunes gældende skabelon, læst og normaliseret.",
            kinds={"duckdb", "polars"},
        ),
    },
    group_name="intake",
)
def read_templates(settings: ScreeningSettings):
    """Read the templates folder once; a rejected file yields findings but no tasks.

    One asset over the whole folder rather than one partition per municipality: a run of all
    partitions costs one Dagster run each (98 at national scale), while reading a template takes
    milliseconds.
    """
    received = read_folder(Path(settings.templates_dir), settings.load_screening())
    return submissions_table(received), findings_table(received), current_tasks(received)
