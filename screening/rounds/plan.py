"""The round plan: the mandate's milestones with planned dates and owners, and changes to it.

The plan starts from ``config/round_plan.toml``; a milestone the file leaves out gets a date from
the mandate's own spacing (:data:`DEFAULT_OFFSETS`, the 2014 calendar counted from the day the
mandate was approved). The project group's changes to it, kept in the decision store, are in
:mod:`screening.rounds.plan_changes`.

Per-municipality milestones (screening, the directorate's treatment, the political treatment)
have one row per municipality, so one municipality can be given its own deadline.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import polars as pl

from screening.errors import ScreeningError
from screening.i18n import _
from screening.vocabulary import MILESTONE_OWNERS, MILESTONES, Milestone, by_code

# Days from the mandate's approval, as the 2014 mandate laid out its calendar (approved by the
# coordination committee 19 May 2014; phase 1 May–December, phase 2 January–February 2015,
# phase 3 from March 2015): (start, end) per milestone.
DEFAULT_OFFSETS: dict[str, tuple[int, int]] = {
    "mandate_approved": (-21, 0),  # 28 April – 19 May 2014
    "screening_tool": (0, 42),  # to 30 June
    "screening": (43, 134),  # July – September
    "gross_list": (135, 165),  # October
    "directorate_treatment": (166, 195),  # November
    "steering_group_informed": (196, 203),  # early December
    "committee_receives": (204, 214),  # the committee's December meeting
    "political_treatment": (231, 284),  # 5 January – 27 February 2015
    "wishes_coordinated": (287, 316),  # March 2015
    "targeted_analyses": (287, 578),  # from March 2015
}

PLAN_SCHEMA = {
    "round_id": pl.String,
    "milestone": pl.String,
    "municipality": pl.String,  # null for a milestone of the whole round
    "phase": pl.Int64,
    "position": pl.Int64,  # the mandate's order
    "planned_start": pl.Date,
    "planned_end": pl.Date,
    "owner": pl.String,
    "plan_version": pl.Int64,  # 0: as in the file; the version a changed row is at
    "changed_by": pl.String,
    "changed_at": pl.String,
    "done_on": pl.Date,  # marked done by hand (only MARKED_BY_HAND milestones)
    "marked_by": pl.String,
    "mark_version": pl.Int64,
}


class PlanError(ScreeningError, ValueError):
    """The plan file cannot be read; the message names the file, the milestone and the field."""


@dataclass(frozen=True)
class PlannedMilestone:
    code: str
    start: date
    end: date
    owner: str
    # A municipality's own deadline (per-municipality milestones only).
    end_for: tuple[tuple[str, date], ...] = ()

    @property
    def milestone(self) -> Milestone:
        return by_code(MILESTONES)[self.code]


@dataclass(frozen=True)
class RoundPlan:
    round_id: str
    milestones: tuple[PlannedMilestone, ...]
    source: str  # where it came from, for the page's caption

    def rows(self, municipalities: list[str]) -> pl.DataFrame:
        """One row per milestone, and per municipality where each municipality does it."""
        rows = []
        for position, planned in enumerate(self.milestones, start=1):
            milestone = planned.milestone
            own = dict(planned.end_for)
            for municipality in municipalities if milestone.per_municipality else [None]:
                rows.append(
                    {
                        "round_id": self.round_id,
                        "milestone": planned.code,
                        "municipality": municipality,
                        "phase": milestone.phase,
                        "position": position,
                        "planned_start": planned.start,
                        "planned_end": own.get(municipality, planned.end),
                        "owner": planned.owner,
                        "plan_version": 0,
                    }
                )
        return pl.DataFrame(rows, schema=PLAN_SCHEMA)


def default_plan(round_id: str, mandate_approved: date, source: str = "") -> RoundPlan:
    """The mandate's sequence with its 2014 spacing, counted from the day of approval."""
    return RoundPlan(
        round_id,
        tuple(
            PlannedMilestone(
                m.code,
                mandate_approved + timedelta(days=DEFAULT_OFFSETS[m.code][0]),
                mandate_approved + timedelta(days=DEFAULT_OFFSETS[m.code][1]),
                m.default_owner,
            )
            for m in MILESTONES
        ),
        source or "standardplan",
    )


def _date(value: Any, where: str, field: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise PlanError(
            _(
                "{where}: «{field}» = «{value}» er ikke en dato. Skriv den som ÅÅÅÅ-MM-DD, fx "
                "2026-11-27."
            ).format(where=where, field=field, value=value)
        ) from None


def plan_from_toml(raw: dict[str, Any], name: str, round_id: str) -> RoundPlan:
    """The plan in a parsed TOML document (``config/round_plan.toml`` or an earlier round's
    ``round.toml``); ``name`` is the file's name for messages."""
    entries = raw.get("milestones", [])
    known = by_code(MILESTONES)
    given: dict[str, dict[str, Any]] = {}
    for number, entry in enumerate(entries, start=1):
        where = _("{file}, milepæl nr. {number}").format(file=name, number=number)
        code = str(entry.get("code", "")).strip()
        if code not in known:
            raise PlanError(
                _("{where}: ukendt milepæl «{code}». Brug en af: {known}.").format(
                    where=where, code=code, known=", ".join(known)
                )
            )
        if code in given:
            raise PlanError(
                _("{where}: milepælen «{code}» står to gange.").format(where=where, code=code)
            )
        given[code] = {
            **entry,
            "_where": _("{file}, milepæl «{code}»").format(file=name, code=code),
        }
    anchor_entry = given.get("mandate_approved")
    if anchor_entry is None:
        raise PlanError(
            _(
                "{name}: milepælen «mandate_approved» (kommissorium godkendt) mangler; de andre "
                "milepæles datoer regnes fra den, når de ikke står i filen."
            ).format(name=name)
        )
    anchor = _date(anchor_entry.get("end"), anchor_entry["_where"], "end")
    default = {p.code: p for p in default_plan(round_id, anchor).milestones}
    owners = by_code(MILESTONE_OWNERS)
    planned = []
    for milestone in MILESTONES:
        entry = given.get(milestone.code)
        if entry is None:
            planned.append(default[milestone.code])
            continue
        where = entry["_where"]
        start = _date(entry.get("start", default[milestone.code].start), where, "start")
        end = _date(entry.get("end", default[milestone.code].end), where, "end")
        if end < start:
            raise PlanError(
                _("{where}: slutdatoen {end} ligger før startdatoen {start}.").format(
                    where=where, end=end, start=start
                )
            )
        owner = str(entry.get("owner", milestone.default_owner))
        if owner not in owners:
            raise PlanError(
                _("{where}: ukendt ansvarlig «{owner}». Brug en af: {known}.").format(
                    where=where, owner=owner, known=", ".join(owners)
                )
            )
        end_for = tuple(
            (str(municipality), _date(value, where, f"end_for.{municipality}"))
            for municipality, value in (entry.get("end_for") or {}).items()
        )
        if end_for and not milestone.per_municipality:
            raise PlanError(
                _(
                    "{where}: «end_for» (en kommunes egen frist) gælder kun milepæle, som hver "
                    "kommune udfører: {known}"
                ).format(
                    where=where,
                    known=", ".join(m.code for m in MILESTONES if m.per_municipality),
                )
            )
        planned.append(PlannedMilestone(milestone.code, start, end, owner, end_for))
    return RoundPlan(round_id, tuple(planned), name)


def load_plan(path: Path, round_id: str, fallback_start: date) -> RoundPlan:
    """The running round's plan from ``path``; without the file, the default plan from
    ``fallback_start``. A file for another round is refused: its dates would be silently
    wrong for this one."""
    if not path.is_file():
        return default_plan(round_id, fallback_start, f"standardplan (ingen {path.name})")
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise PlanError(
            _("Rundeplanen {path} kan ikke læses: {error}.").format(path=path.name, error=error)
        ) from None
    planned_round = str(raw.get("round", round_id))
    if planned_round != round_id:
        raise PlanError(
            _(
                "Rundeplanen {path} er til runde «{planned_round}», men den aktuelle runde "
                "(config/screening.toml) er «{round_id}». Ret «round» i {path}."
            ).format(path=path.name, planned_round=planned_round, round_id=round_id)
        )
    return plan_from_toml(raw, path.name, round_id)
