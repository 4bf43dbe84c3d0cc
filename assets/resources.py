"""Dagster resources: where the warehouse and the templates are, and the IO manager that stores
every asset as a DuckDB table of the same name."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Self

import dagster as dg
import duckdb
import polars as pl
import sqlalchemy as sa
from pydantic import PrivateAttr

from screening import faults, store
from screening.config import ScreeningConfig, load_screening_config
from screening.decisions.record import ADOPTED_PROFILE, WEIGHT_PROFILE
from screening.decisions.store import open_store, read_events
from screening.decisions.weight_profiles import import_toml_profiles, with_saved_profiles
from screening.ranking.scoring import ScoringConfig, load_scoring_config


@contextmanager
def disk_errors_as_failure(where: Path) -> Iterator[None]:
    """A full or read-only disk fails the step with the Danish message alone: the traceback
    (a hundred lines of DuckDB and Dagster) tells the person at the keyboard nothing."""
    try:
        yield
    except (OSError, duckdb.Error) as error:
        message = faults.disk_message(error, where)
        if message is None:
            raise
        raise dg.Failure(description=message, allow_retries=False) from None


class ScreeningSettings(dg.ConfigurableResource):
    """Paths the pipeline reads from; defaults come from ``screening.config``."""

    templates_dir: str
    inbox_dir: str
    overrides: str
    screening_config: str
    scoring_config: str
    warehouse: str
    decisions_url: str

    def load_screening(self) -> ScreeningConfig:
        return load_screening_config(Path(self.screening_config))

    def decision_store(self) -> sa.Engine:
        return open_store(self.decisions_url)

    def load_scoring(self) -> ScoringConfig:
        """The scoring file's profiles plus those saved in the decision store, with the
        adopted profile as the default."""
        config = load_scoring_config(Path(self.scoring_config))
        engine = self.decision_store()
        import_toml_profiles(engine, config)
        events = read_events(engine, kinds=(WEIGHT_PROFILE, ADOPTED_PROFILE))
        return with_saved_profiles(config, events)


class WarehouseIOManager(dg.ConfigurableIOManager):
    """Each asset output is a Polars DataFrame stored as table ``<asset name>`` in DuckDB.

    One connection for the whole run, opened at the first table written or read and closed
    when the run ends: opening the file per input and output, and the checkpoint DuckDB makes
    when the last connection closes, were most of a small run's time. While it is open, the
    assets' own ``store.connect`` calls on the warehouse share it (DuckDB keeps one database
    per file and process) instead of opening the file again. Between runs nothing holds the
    file, so ``screening run`` or «Genberegn bruttolisten» in another process can take it
    (DuckDB's lock is exclusive across processes).

    A table read in a run is kept for the run's other steps (the gross list feeds eight): the
    frame as read back, so every step sees what it saw when each read the table itself."""

    database: str
    _connection: duckdb.DuckDBPyConnection | None = PrivateAttr(default=None)
    _read: dict[str, pl.DataFrame] = PrivateAttr(default_factory=dict)

    @contextmanager
    def yield_for_execution(self, context: dg.InitResourceContext) -> Iterator[Self]:
        try:
            yield self
        finally:
            connection, self._connection = self._connection, None
            self._read.clear()
            if connection is not None:
                connection.close()

    def _warehouse(self) -> duckdb.DuckDBPyConnection:
        # Opened on first use rather than when the run starts, so that a full or read-only disk
        # fails the step that writes, with its Danish message, as before.
        if self._connection is None:
            self._connection = store.connect(Path(self.database))
        return self._connection

    def handle_output(self, context: dg.OutputContext, obj: pl.DataFrame | None) -> None:
        if obj is None:
            return
        name = context.asset_key.path[-1]
        self._read.pop(name, None)
        with disk_errors_as_failure(Path(self.database).parent):
            store.write_table(self._warehouse(), name, obj)
        context.add_output_metadata(
            {
                "dagster/row_count": obj.height,
                "table": name,
                "preview": dg.MetadataValue.md(_markdown_preview(obj)),
            }
        )

    def load_input(self, context: dg.InputContext) -> pl.DataFrame:
        name = context.upstream_output.asset_key.path[-1]
        if name not in self._read:
            self._read[name] = store.read_table(self._warehouse(), name)
        return self._read[name]


def _markdown_preview(frame: pl.DataFrame, rows: int = 5) -> str:
    simple = [c for c, t in frame.schema.items() if not isinstance(t, pl.List)][:8]
    head = frame.select(simple).head(rows)
    lines = ["| " + " | ".join(simple) + " |", "|" + "---|" * len(simple)]
    lines += ["| " + " | ".join(str(v) for v in row) + " |" for row in head.iter_rows()]
    return "\n".join(lines)
