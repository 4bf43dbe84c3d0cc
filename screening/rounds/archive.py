"""Earlier rounds: one folder each under ``data/rounds/`` (``SCREENING_ROUNDS``), read, never
written by the pipeline.

``data/rounds/<id>/round.toml`` holds what the round decided and kept: its label and
municipalities, its plan with what was done (``done = 2014-05-19``, or ``true`` when the day is
not known), and its gross list as presented (``[[candidates]]``: title, description,
municipalities, service area, task type, cooperation form, the round's assessment and, where a
shared operation came of it, ``established``). A round's own templates may lie beside it in
``templates/``; they are kept as files, not read again.

Why files and not the decision store: a list frozen in the store would be «the newest frozen
list» phase-2 decisions are made on, and an earlier round's decisions in the log would show as
«kræver opmærksomhed» on this round's candidates. An earlier round is read beside this one,
never into it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from screening.coalition import (
    CoalitionRule,
    CoalitionRuleError,
    load_coalition_rule,
    rule_from_toml,
)
from screening.config import ScreeningConfig
from screening.errors import ScreeningError
from screening.i18n import _
from screening.rounds.plan import PlanError, plan_from_toml
from screening.rounds.status import MILESTONE_STATUS_SCHEMA
from screening.vocabulary import (
    COOPERATION_FORMS,
    MILESTONE_STATUSES,
    SERVICE_AREAS,
    TASK_TYPES,
    by_code,
    label_of,
)

ROUND_FILE = "round.toml"

CANDIDATE_SCHEMA = {
    "candidate_id": pl.String,
    "rank": pl.Int64,
    "title": pl.String,
    "description": pl.String,
    "municipalities": pl.List(pl.String),
    "service_area": pl.String,
    "task_type": pl.String,
    "cooperation_form": pl.String,
    "assessment": pl.String,  # the round's own judgement, in Danish (e.g. «mest lovende»)
    "established": pl.String,  # what came of it, in Danish; null when nothing is recorded
    "established_year": pl.Int64,
}


class RoundFileError(ScreeningError, ValueError):
    """An earlier round's file cannot be read; the message names the file and the entry."""


@dataclass(frozen=True)
class Round:
    """A screening round: the running one (from config) or an earlier one (a folder)."""

    id: str
    label: str
    current: bool
    note: str = ""  # where the round's data come from, shown with it
    municipalities: tuple[str, ...] = ()
    folder: Path | None = None
    # The rule the round ran under; a closed round keeps its own in its round.toml.
    coalition: CoalitionRule = CoalitionRule()


@dataclass(frozen=True)
class ArchivedRound:
    round: Round
    candidates: pl.DataFrame  # CANDIDATE_SCHEMA
    milestones: pl.DataFrame  # the plan with status and done_at (see milestone_rows)


def current_round(config: ScreeningConfig) -> Round:
    return Round(
        config.round.id,
        config.round.label,
        True,
        municipalities=tuple(config.municipality_names()),
        coalition=load_coalition_rule(),
    )


def _check_code(value: Any, terms, where: str, field: str) -> str | None:
    if value in (None, ""):
        return None
    if str(value) not in by_code(terms):
        raise RoundFileError(
            _("{where}: «{field}» = «{value}» er ukendt. Brug en af: {known}.").format(
                where=where, field=field, value=value, known=", ".join(t.code for t in terms)
            )
        )
    return str(value)


def read_round(folder: Path) -> ArchivedRound:
    path = folder / ROUND_FILE
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise RoundFileError(
            _("{path}: kan ikke læses: {error}.").format(path=path, error=error)
        ) from None
    head = raw.get("round", {})
    round_id = str(head.get("id", folder.name))
    municipalities = tuple(str(m) for m in head.get("municipalities", []))
    try:
        rule = rule_from_toml(raw, f"{path.name} i {folder.name}", len(municipalities))
    except CoalitionRuleError as error:
        raise RoundFileError(str(error)) from None
    meta = Round(
        round_id,
        str(head.get("label", f"Runde {round_id}")),
        False,
        str(head.get("note", "")).strip(),
        municipalities,
        folder,
        rule,
    )
    rows = []
    for number, entry in enumerate(raw.get("candidates", []), start=1):
        where = _("{file} i {folder}, kandidat nr. {number}").format(
            file=path.name, folder=folder.name, number=number
        )
        title = str(entry.get("title", "")).strip()
        if not title:
            raise RoundFileError(_("{where}: «title» mangler.").format(where=where))
        unknown = [m for m in entry.get("municipalities", []) if m not in municipalities]
        if unknown:
            raise RoundFileError(
                _(
                    "{where} («{title}»): kommunen «{municipality}» står ikke i rundens "
                    "«municipalities»."
                ).format(where=where, title=title, municipality=unknown[0])
            )
        rows.append(
            {
                "candidate_id": str(entry.get("id") or f"{round_id}-{number:02d}"),
                "rank": int(entry.get("rank", number)),
                "title": title,
                "description": str(entry.get("description", "")),
                "municipalities": list(entry.get("municipalities", [])),
                "service_area": _check_code(
                    entry.get("service_area"), SERVICE_AREAS, where, "service_area"
                ),
                "task_type": _check_code(entry.get("task_type"), TASK_TYPES, where, "task_type"),
                "cooperation_form": _check_code(
                    entry.get("cooperation_form"), COOPERATION_FORMS, where, "cooperation_form"
                ),
                "assessment": entry.get("assessment"),
                "established": entry.get("established"),
                "established_year": entry.get("established_year"),
            }
        )
    try:
        plan = plan_from_toml(raw, f"{path.name} i {folder.name}", round_id)
    except PlanError as error:
        raise RoundFileError(str(error)) from None
    done = {
        str(entry.get("code")): entry.get("done")
        for entry in raw.get("milestones", [])
        if "done" in entry
    }
    return ArchivedRound(
        meta,
        pl.DataFrame(rows, schema=CANDIDATE_SCHEMA).sort("rank"),
        milestone_rows(plan.rows(list(municipalities)), done),
    )


def milestone_rows(plan: pl.DataFrame, done: dict[str, Any]) -> pl.DataFrame:
    """A closed round's milestones: done as recorded, «ikke registreret» otherwise (a closed
    round has no today to be late against, and nothing is guessed)."""
    rows = []
    for row in plan.iter_rows(named=True):
        mark = done.get(row["milestone"])
        status = "done" if mark else "not_recorded"
        rows.append(
            {
                **row,
                "status": status,
                "status_label": label_of(MILESTONE_STATUSES, status),
                "derived": False,
                "done_at": mark if isinstance(mark, date) else None,
                "progress": "",
                "n_recorded": None,
                "n_expected": None,
                "days_left": None,
            }
        )
    return pl.DataFrame(rows, schema=MILESTONE_STATUS_SCHEMA)


def earlier_rounds(folder: Path, running: str | None = None) -> list[ArchivedRound]:
    """Every round folder under ``folder`` (a folder without ``round.toml`` is not a round),
    newest first; the running round's own folder (once it is closed, before the next round is
    set in config) is not an earlier round."""
    if not folder.is_dir():
        return []
    found = [
        read_round(sub)
        for sub in sorted(folder.iterdir())
        if (sub / ROUND_FILE).is_file() and sub.name != running
    ]
    return sorted(found, key=lambda r: r.round.id, reverse=True)


def all_rounds(config: ScreeningConfig, folder: Path) -> list[Round]:
    """The running round first, then the earlier ones, newest first."""
    return [current_round(config), *(r.round for r in earlier_rounds(folder, config.round.id))]
