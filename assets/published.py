"""The dashboard's copy of the warehouse: published once every table of the run is written."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import dagster as dg

from assets.resources import ScreeningSettings, disk_errors_as_failure
from screening import store


def published_warehouse_after(tables: Sequence[dg.AssetsDefinition]) -> dg.AssetsDefinition:
    """The asset that publishes the copy, waiting for every table ``tables`` write: built from
    the asset list itself, so a new asset is published without a second list to keep."""

    @dg.asset(
        group_name="gross_list",
        kinds={"duckdb"},
        deps=[key for table in tables for key in table.keys],
    )
    def published_warehouse(settings: ScreeningSettings) -> dg.MaterializeResult:
        """Copy of the finished tables for the dashboard, replaced in one atomic step."""
        with disk_errors_as_failure(Path(settings.warehouse).parent):
            target = store.publish(Path(settings.warehouse))
        return dg.MaterializeResult(metadata={"path": str(target)})

    return published_warehouse
