"""Round assets: the screening rounds, the running round's milestones and each municipality's
submission status, in the warehouse for history and documents.

The statuses come from :func:`screening.rounds.current.round_status`, the function the
dashboard calls live, on the day of the run (``SCREENING_TODAY`` fixes the day for a test).
Earlier rounds are read from their folders (:mod:`screening.rounds.archive`).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import dagster as dg
import polars as pl

from assets.resources import ScreeningSettings
from screening.config import ScreeningConfig, today
from screening.decisions.store import EVENT_SCHEMA, read_snapshots
from screening.rounds.archive import ArchivedRound, earlier_rounds
from screening.rounds.current import RoundStatus, round_status
from screening.rounds.submission_status import SUBMISSION_LABELS, SUBMISSION_STATUS_SCHEMA
from screening.vocabulary import MILESTONE_OWNERS, MILESTONES, label_of

KINDS = {"duckdb", "polars"}


class RoundSettings(dg.ConfigurableResource):
    """Where the round plan and the earlier rounds are, and the day the statuses are for."""

    round_plan: str
    rounds_dir: str
    # YYYY-MM-DD; empty: the day of the run (screening.config.today: SCREENING_TODAY, else
    # today in Danish time).
    today: str = ""

    def day(self) -> date:
        return date.fromisoformat(self.today) if self.today else today()

    def earlier(self, running: str) -> list[ArchivedRound]:
        return earlier_rounds(Path(self.rounds_dir), running)


ROUNDS_SCHEMA = {
    "round_id": pl.String,
    "label": pl.String,
    "current": pl.Boolean,
    "planned_start": pl.Date,
    "planned_end": pl.Date,
    "n_municipalities": pl.Int64,
    "n_candidates": pl.Int64,
    "n_established": pl.Int64,  # candidates a shared operation came of (earlier rounds)
    "source": pl.String,
    "note": pl.String,
}


def _rounds_table(
    config: ScreeningConfig,
    status: RoundStatus,
    earlier_ones: list[ArchivedRound],
    n_candidates: int,
) -> pl.DataFrame:
    """One row per screening round: the running one and each earlier one kept."""
    rows = [
        {
            "round_id": config.round.id,
            "label": config.round.label,
            "current": True,
            "planned_start": status.milestones["planned_start"].min(),
            "planned_end": status.milestones["planned_end"].max(),
            "n_municipalities": len(config.municipalities),
            "n_candidates": n_candidates,
            "n_established": None,
            "source": status.plan.source,
            "note": "",
        }
    ]
    for earlier in earlier_ones:
        rows.append(
            {
                "round_id": earlier.round.id,
                "label": earlier.round.label,
                "current": False,
                "planned_start": earlier.milestones["planned_start"].min(),
                "planned_end": earlier.milestones["planned_end"].max(),
                "n_municipalities": len(earlier.round.municipalities),
                "n_candidates": earlier.candidates.height,
                "n_established": earlier.candidates.filter(
                    pl.col("established").is_not_null()
                ).height,
                "source": str(earlier.round.folder.name if earlier.round.folder else ""),
                "note": earlier.round.note,
            }
        )
    return pl.DataFrame(rows, schema=ROUNDS_SCHEMA)


MILESTONE_COLUMNS = [
    "round_id",
    "milestone",
    "milestone_label",
    "phase",
    "position",
    "municipality",
    "owner",
    "owner_label",
    "planned_start",
    "planned_end",
    "status",
    "status_label",
    "derived",
    "done_at",
    "progress",
    "days_left",
    "changed_by",
    "marked_by",
]


def _labelled(milestones: pl.DataFrame) -> pl.DataFrame:
    labels = {m.code: m.label for m in MILESTONES}
    owners = {t.code: label_of(MILESTONE_OWNERS, t.code) for t in MILESTONE_OWNERS}
    return milestones.with_columns(
        pl.col("milestone").replace_strict(labels, return_dtype=pl.String).alias("milestone_label"),
        pl.col("owner").replace_strict(owners, default=pl.col("owner")).alias("owner_label"),
    ).select(MILESTONE_COLUMNS)


def _milestones_table(status: RoundStatus, earlier_ones: list[ArchivedRound]) -> pl.DataFrame:
    frames = [_labelled(status.milestones)] + [_labelled(r.milestones) for r in earlier_ones]
    return pl.concat(frames, how="vertical")


def _submission_table(status: RoundStatus, earlier_ones: list[ArchivedRound]) -> pl.DataFrame:
    frames = [status.submissions]
    for earlier in earlier_ones:
        screened = earlier.milestones.filter(pl.col("milestone") == "screening")
        done = {row["municipality"]: row for row in screened.iter_rows(named=True)}
        rows = []
        for municipality in earlier.round.municipalities:
            row = done.get(municipality)
            accepted = row is not None and row["status"] == "done"
            rows.append(
                {
                    "round_id": earlier.round.id,
                    "municipality": municipality,
                    "arrived": accepted,
                    "accepted": accepted,
                    "n_tasks": earlier.candidates.filter(
                        pl.col("municipalities").list.contains(municipality)
                    ).height,
                    "open_errors": 0,
                    "deadline": row["planned_end"] if row else None,
                    "status": "accepted" if accepted else "missing",
                    "status_label": SUBMISSION_LABELS["accepted" if accepted else "missing"],
                }
            )
        frames.append(pl.DataFrame(rows, schema=SUBMISSION_STATUS_SCHEMA))
    return pl.concat(frames, how="vertical")


@dg.multi_asset(
    outs={
        "rounds": dg.AssetOut(
            description="Én række pr. screeningsrunde: den igangværende og hver tidligere.",
            kinds=KINDS,
        ),
        "round_milestones": dg.AssetOut(
            description="Én række pr. milepæl i hver runde (og pr. kommune, hvor hver kommune "
            "gør den): planlagte datoer, ansvarlig og status afledt af data på kørselsdagen.",
            kinds=KINDS,
        ),
        "submission_status": dg.AssetOut(
            description="Én række pr. kommune og runde: skabelon modtaget, godkendt, åbne fejl, "
            "hvornår, fristen og dage tilbage (negativt: overskredet).",
            kinds=KINDS,
        ),
    },
    group_name="rounds",
)
def round_tables(
    settings: ScreeningSettings,
    round_settings: RoundSettings,
    submissions: pl.DataFrame,
    gross_list: pl.DataFrame,
    decision_log: pl.DataFrame,
):
    """The rounds, their milestones and the municipalities' submissions, from one reading of
    the running round's status and the earlier rounds' folders."""
    config = settings.load_screening()
    status = round_status(
        config,
        Path(round_settings.round_plan),
        submissions,
        gross_list,
        decision_log.cast(EVENT_SCHEMA),
        read_snapshots(settings.decision_store(), with_rows=True),
        round_settings.day(),
    )
    earlier_ones = round_settings.earlier(config.round.id)
    return (
        _rounds_table(config, status, earlier_ones, gross_list.height),
        _milestones_table(status, earlier_ones),
        _submission_table(status, earlier_ones),
    )


ASSETS = [round_tables]
