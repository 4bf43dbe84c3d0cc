"""Read the published copy of the warehouse into Polars frames.

The dashboard never opens the file the pipeline writes: DuckDB's lock is exclusive across
processes, so the pipeline publishes an atomic copy (see :mod:`screening.store`) and every query
here opens that copy read-only for as short a time as possible. No Streamlit in this module, so
the queries can be used and tested without a running app.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from screening import store
from screening.config import warehouse_path
from screening.intake.submission import TASK_SCHEMA
from screening.ranking.gross_list import GROSS_LIST_SCHEMA


def published_database() -> Path:
    """Where the dashboard reads from; resolved per call so ``SCREENING_DB`` can change."""
    return store.published_path(warehouse_path())


def has_data(path: Path) -> bool:
    """True when a gross list has been published, even an empty one."""
    if not path.is_file():
        return False
    with store.connect(path, read_only=True) as con:
        return "gross_list" in store.table_names(con)


def table_names(path: Path) -> list[str]:
    with store.connect(path, read_only=True) as con:
        return store.table_names(con)


def _read(path: Path, sql: str, parameters: list | None = None) -> pl.DataFrame:
    with store.connect(path, read_only=True) as con:
        return con.execute(sql, parameters or []).pl()


# Figures every source task left blank: the gross list stores their sum, which is 0, and a
# reader would take «0 kr.» for a real estimate. They are read back as missing instead.
BLANKABLE_FIGURES = ("cost_base_dkk", "fte", "potential_dkk")


# How sure the match and the rank are (see screening.ranking.gross_list): read when the published
# copy has them, so a copy from before they existed still shows the gross list.
UNCERTAINTY_COLUMNS = (
    "match_confidence",
    "needs_review",
    "rank_p05",
    "rank_median",
    "rank_p95",
    "p_top10",
)


def read_gross_list(path: Path) -> pl.DataFrame:
    """The ranked gross list, best first, with the uncertainty columns the copy has."""
    counts = ", ".join(f'count("{c}") AS "{c}"' for c in BLANKABLE_FIGURES)
    with store.connect(path, read_only=True) as con:
        present = {
            row[0]
            for row in con.execute(
                "SELECT column_name FROM duckdb_columns() WHERE table_name = 'gross_list'"
            ).fetchall()
        }
        wanted = [*GROSS_LIST_SCHEMA, *(c for c in UNCERTAINTY_COLUMNS if c in present)]
        columns = ", ".join(
            f'CASE WHEN known."{c}" > 0 THEN g."{c}" END AS "{c}"'
            if c in BLANKABLE_FIGURES
            else f'g."{c}"'
            for c in wanted
        )
        return con.execute(
            f"WITH known AS (SELECT candidate_id, {counts} FROM screening_tasks "
            "GROUP BY candidate_id) "
            f"SELECT {columns} FROM gross_list AS g LEFT JOIN known USING (candidate_id) "
            "ORDER BY g.rank"
        ).pl()


def read_candidate_values(path: Path) -> pl.DataFrame:
    """Each candidate's criterion values before weights: what re-ranking starts from."""
    return _read(path, "SELECT * FROM candidate_values ORDER BY candidate_id")


def _task_columns(path: Path) -> str:
    """The task columns to select; one a copy from an older pipeline lacks (so far only text
    columns, such as service_area_written) is read as empty rather than failing the page."""
    with store.connect(path, read_only=True) as con:
        present = {row[0] for row in con.execute("DESCRIBE screening_tasks").fetchall()}
    return ", ".join(
        f'"{c}"' if c in present else f'CAST(NULL AS VARCHAR) AS "{c}"'
        for c in (*TASK_SCHEMA, "candidate_id", "placement", "beside_task_id")
    )


def read_screening_tasks(path: Path) -> pl.DataFrame:
    """Every submitted task with the candidate it was matched into."""
    columns = _task_columns(path)
    return _read(path, f"SELECT {columns} FROM screening_tasks ORDER BY municipality, source_row")


def read_candidate_tasks(path: Path, candidate_id: str) -> pl.DataFrame:
    """The source tasks behind one candidate, grouped by municipality."""
    columns = _task_columns(path)
    return _read(
        path,
        f"SELECT {columns} FROM screening_tasks WHERE candidate_id = ? "
        "ORDER BY municipality, source_row",
        [candidate_id],
    )


def read_submissions(path: Path) -> pl.DataFrame:
    """Every received template with its status, by municipality, newest first."""
    return _read(path, "SELECT * FROM submissions ORDER BY municipality, received_at DESC")


def read_findings(path: Path) -> pl.DataFrame:
    """Every finding of every received file, keyed by the archived file and its SHA-256."""
    return _read(path, "SELECT * FROM findings")


def read_provenance(path: Path) -> pl.DataFrame:
    """What the published gross list was built from (one row; none before the first run)."""
    return _read(path, "SELECT * FROM gross_list_provenance")


def read_candidate_links(path: Path) -> pl.DataFrame:
    """The matcher's links between tasks, strongest first, and the project group's own."""
    return _read(
        path, "SELECT * FROM candidate_links ORDER BY confidence DESC, task_id, other_task_id"
    )


def read_match_overrides(path: Path) -> pl.DataFrame:
    """The project group's decisions as the last run read them (to tell what is still pending)."""
    return _read(path, "SELECT * FROM match_overrides")


@dataclass(frozen=True)
class KeyFigures:
    n_candidates: int
    n_tasks: int
    n_shared_candidates: int  # proposed by at least two municipalities
    total_potential_dkk: float


def key_figures(path: Path) -> KeyFigures:
    """The headline numbers of the overview, counted in the database in one visit."""
    with store.connect(path, read_only=True) as con:
        n_candidates, n_shared, potential = con.execute(
            "SELECT count(*), count(*) FILTER (n_municipalities >= 2), "
            "coalesce(sum(potential_dkk), 0) FROM gross_list"
        ).fetchone()
        n_tasks = con.execute("SELECT count(*) FROM screening_tasks").fetchone()[0]
    return KeyFigures(
        n_candidates=n_candidates,
        n_tasks=n_tasks,
        n_shared_candidates=n_shared,
        total_potential_dkk=float(potential),
    )
