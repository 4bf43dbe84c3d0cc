"""Where the round stands: each milestone's status, derived from what is recorded, on a given
day (each municipality's submission is in :mod:`screening.rounds.submission_status`).

«Screening» is done for a municipality when its accepted submission exists; «Behandling i
direktionen» when its directorate has prioritised every candidate the municipality proposed;
«Politisk behandling» when its committees have decided on every one of them on the frozen list;
«Bruttoliste samlet» when every municipality has screened; «forelagt Koordinationsudvalget» when
the list is frozen. The rest the project group marks done (:mod:`screening.rounds.plan_changes`).

``today`` is always a parameter: the clock is read at the edges (``screening.config.today``),
so a test can stand on the day before a deadline and on the day after.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import polars as pl

from screening.coalition import load_coalition_rule
from screening.decisions.snapshots import snapshot_frame
from screening.i18n import _
from screening.intake.outcomes import ACCEPTED, CURRENT, RESENT, SUPERSEDED
from screening.rounds.plan import PLAN_SCHEMA
from screening.vocabulary import (
    MILESTONE_STATUSES,
    label_of,
)

DANISH_TIME = ZoneInfo("Europe/Copenhagen")
# The statuses a file has once it was accepted (also when later replaced by a newer one).
WAS_ACCEPTED = (ACCEPTED, RESENT, SUPERSEDED)
PROCEED = "proceed"
# How far a municipality has come with its own candidates (Danish source texts; the reminder
# e-mail uses them untranslated).
PRIORITISED = "{n} af {total} egne kandidater prioriteret"
DECIDED_POLITICALLY = "{n} af {total} egne kandidater besluttet politisk"

MILESTONE_STATUS_SCHEMA = {
    **{k: v for k, v in PLAN_SCHEMA.items() if k not in ("marked_by", "mark_version")},
    "status": pl.String,
    "status_label": pl.String,
    "derived": pl.Boolean,  # the status comes from the data, not from a mark
    "done_at": pl.Date,
    "progress": pl.String,  # what is recorded so far, in the reader's language
    "n_recorded": pl.Int64,  # candidates decided so far (the directorate's, the committees')
    "n_expected": pl.Int64,  # ... of the municipality's own candidates
    "days_left": pl.Int64,  # planned end - today (negative: days overdue); null when done
    "marked_by": pl.String,
    "mark_version": pl.Int64,
}


@dataclass
class RoundEvidence:
    """What is recorded in the round, as the statuses need it."""

    municipalities: list[str]
    submissions: pl.DataFrame  # the intake's submissions table
    gross_list: pl.DataFrame  # candidate_id, municipalities
    priorities: pl.DataFrame  # state.priorities of the round's events
    political: pl.DataFrame  # state.political_decisions of the round's events
    snapshots: list[dict[str, Any]] = field(default_factory=list)  # the round's, oldest first
    _frozen: pl.DataFrame | None = None
    _progress: dict = field(default_factory=dict)

    def progress(self, kind: str) -> dict:
        """:func:`progress_by_municipality` of the priorities (on the gross list) or of the
        political decisions (on the newest frozen list), computed once per kind."""
        if kind not in self._progress:
            if kind == "priorities":
                self._progress[kind] = progress_by_municipality(self.gross_list, self.priorities)
            else:
                self._progress[kind] = progress_by_municipality(
                    self.frozen_candidates(), self.political
                )
        return self._progress[kind]

    def frozen_candidates(self) -> pl.DataFrame:
        """The newest frozen list's candidates, parsed once (a national list is 4,700 rows and
        every municipality's political treatment asks for it)."""
        if self._frozen is None:
            self._frozen = snapshot_frame(self.snapshots[-1])
        return self._frozen


def round_events(events: pl.DataFrame, started: date) -> pl.DataFrame:
    """The decisions that belong to a round whose plan began on ``started``: those recorded
    since. One decision store serves round after round, and an earlier round's priorities
    must not count as this round's (nothing carried over silently)."""
    since = datetime(started.year, started.month, started.day, tzinfo=DANISH_TIME)
    return events.filter(pl.col("recorded_at") >= since.astimezone(UTC).isoformat())


def round_snapshots(snapshots: list[dict[str, Any]], round_id: str) -> list[dict[str, Any]]:
    """The frozen lists of the round (a list frozen before rounds were recorded has none)."""
    return [s for s in snapshots if s.get("round_id") in (round_id, None)]


def local_day(moment: Any) -> date | None:
    if moment is None:
        return None
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    if isinstance(moment, datetime):
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.astimezone(DANISH_TIME).date()
    return moment


@dataclass(frozen=True)
class Derived:
    done_at: date | None
    started: bool
    progress: str
    recorded: int | None = None
    expected: int | None = None


def _screening(evidence: RoundEvidence, municipality: str) -> Derived:
    mine = evidence.submissions.filter(pl.col("municipality") == municipality)
    accepted = mine.filter(pl.col("status").is_in(WAS_ACCEPTED))
    current = mine.filter(pl.col("status").is_in(CURRENT))
    if current.height:
        return Derived(local_day(accepted["received_at"].min()), True, _("Skabelon godkendt"))
    if mine.height:
        return Derived(None, True, _("{n} fil(er) modtaget, ingen godkendt").format(n=mine.height))
    return Derived(None, False, _("Ingen skabelon modtaget"))


def progress_by_municipality(candidates: pl.DataFrame, decisions: pl.DataFrame) -> dict:
    """Per municipality: (its own candidates, how many it has decided, when it last decided),
    in one join for all municipalities (a national round has 98 and 4,700 candidates)."""
    if candidates.is_empty():
        return {}
    own = candidates.select("candidate_id", pl.col("municipalities").alias("municipality")).explode(
        "municipality"
    )
    decided = decisions.select("municipality", "candidate_id", "recorded_at").unique(
        ["municipality", "candidate_id"]
    )
    table = (
        own.join(decided, on=["municipality", "candidate_id"], how="left")
        .group_by("municipality")
        .agg(
            pl.len().alias("total"),
            pl.col("recorded_at").is_not_null().sum().alias("done"),
            pl.col("recorded_at").max().alias("last"),
        )
    )
    return {row["municipality"]: row for row in table.iter_rows(named=True)}


def _decided(progress: dict, municipality: str, what: str, none_yet: str) -> Derived:
    row = progress.get(municipality)
    if row is None or not row["total"]:
        return Derived(None, False, none_yet)
    n, total = int(row["done"]), int(row["total"])
    text = what.format(n=n, total=total)
    if n >= total:
        return Derived(local_day(row["last"]), True, text, n, total)
    return Derived(None, n > 0, text, n, total)


def derive(evidence: RoundEvidence, milestone: str, municipality: str | None) -> Derived | None:
    """What the data says about one milestone; None when the data cannot tell."""
    if milestone == "screening" and municipality:
        return _screening(evidence, municipality)
    if milestone == "gross_list":
        parts = [_screening(evidence, m) for m in evidence.municipalities]
        n = sum(p.done_at is not None for p in parts)
        progress = _("{n} af {total} kommuner har en godkendt skabelon").format(
            n=n, total=len(parts)
        )
        if parts and n == len(parts):
            return Derived(max(p.done_at for p in parts if p.done_at), True, progress)
        return Derived(None, n > 0, progress)
    if milestone == "directorate_treatment" and municipality:
        return _decided(
            evidence.progress("priorities"),
            municipality,
            _(PRIORITISED),
            _("Ingen egne kandidater endnu"),
        )
    if milestone == "committee_receives":
        if evidence.snapshots:
            first = evidence.snapshots[0]
            return Derived(
                local_day(first["frozen_at"]),
                True,
                _("Fastfrosset: «{label}»").format(label=first["label"]),
            )
        return Derived(None, False, _("Bruttolisten er ikke fastfrosset endnu"))
    if milestone == "political_treatment" and municipality:
        if not evidence.snapshots:
            return Derived(None, False, _("Venter på den fastfrosne bruttoliste"))
        return _decided(
            evidence.progress("political"),
            municipality,
            _(DECIDED_POLITICALLY),
            _("Ingen egne kandidater på den fastfrosne liste"),
        )
    if milestone == "targeted_analyses":
        willing = evidence.political.filter(pl.col("decision") == PROCEED)
        counts = willing.group_by("candidate_id").agg(pl.col("municipality").n_unique().alias("n"))
        rule = load_coalition_rule()
        n = counts.filter(pl.col("n") >= rule.minimum()).height
        return Derived(
            None, n > 0, _("{n} kandidater med {rule}, der vil").format(n=n, rule=rule.text())
        )
    return None


def status_of(done_at: date | None, started: bool, start: date, end: date, today: date) -> str:
    """The status code of a milestone (see ``MILESTONE_STATUSES``)."""
    if done_at is not None:
        return "done" if done_at <= end else "done_late"
    if today > end:
        return "overdue"
    if started or today >= start:
        return "in_progress"
    return "planned"


def milestone_statuses(plan: pl.DataFrame, evidence: RoundEvidence, today: date) -> pl.DataFrame:
    """Each row of the plan (with changes applied) with its status on ``today``."""
    rows = []
    for row in plan.iter_rows(named=True):
        derived = derive(evidence, row["milestone"], row["municipality"])
        if derived is not None and row["done_on"] is None:
            done_at, started, progress, from_data = (
                derived.done_at,
                derived.started,
                derived.progress,
                True,
            )
        else:
            marked = row["done_on"]
            done_at, started = marked, marked is not None or bool(derived and derived.started)
            progress = (
                _("Markeret udført af {name}").format(name=row["marked_by"])
                if marked
                else (derived.progress if derived else "")
            )
            from_data = False
        status = status_of(done_at, started, row["planned_start"], row["planned_end"], today)
        rows.append(
            {
                **row,
                "status": status,
                "status_label": label_of(MILESTONE_STATUSES, status),
                "derived": from_data,
                "done_at": done_at,
                "progress": progress,
                "n_recorded": derived.recorded if derived else None,
                "n_expected": derived.expected if derived else None,
                "days_left": None if done_at else (row["planned_end"] - today).days,
            }
        )
    return pl.DataFrame(rows, schema=MILESTONE_STATUS_SCHEMA)
