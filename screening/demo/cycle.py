"""A demo cycle for the sample round, so a new user's first start shows a populated funnel.

Written through the same write functions and as the sample's users (``config/users.toml``):
each directorate prioritises its own candidates and a few it would join and saves its own
weight profile (so the municipalities' rankings can be set side by side), the project group
freezes the list as presented to the coordination committee, and each municipality's committee
decides on the frozen list, so some candidates have two or more willing municipalities and some
have one. Nothing is written when the store already holds decisions, and the command writes
it only for the shipped sample round (a real round's log, being append-only, could never be
rid of invented decisions).
"""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import polars as pl
import sqlalchemy as sa

from screening.config import ScreeningConfig, scoring_config_path
from screening.decisions import record, state
from screening.decisions.record import Candidate
from screening.decisions.store import read_events
from screening.decisions.users import User
from screening.decisions.weight_profiles import save_weight_profile
from screening.demo.phase3 import write_phase3_demo
from screening.demo.rounds import write_demo_marks
from screening.ranking.scoring import CRITERIA, load_scoring_config

FIRST_MEETING = date(2027, 1, 19)


def has_decisions(engine: sa.Engine) -> bool:
    """Any decision at all, a match decision or a saved profile included: the demo is for a
    store nobody has used yet."""
    return not read_events(engine).is_empty()


def write_demo_cycle(
    engine: sa.Engine,
    gross_list: pl.DataFrame,
    users: dict[str, User],
    config: ScreeningConfig,
    provenance: dict | None = None,
) -> str:
    """Write the demo cycle; returns a Danish line on what was written (or why not)."""
    if has_decisions(engine):
        return "Beslutningsdatabasen har allerede beslutninger; demoen er ikke skrevet."
    if gross_list.is_empty():
        return "Bruttolisten er tom; demoen er ikke skrevet."
    municipalities = config.municipality_names()
    directors = {m: _user(users, m, "direktion") for m in municipalities}
    secretaries = {m: _user(users, m, "sekretariat") for m in municipalities}
    project_group = _user(users, municipalities[0], "projektgruppe")
    ranked = gross_list.sort("rank")
    candidates = [_candidate(row) for row in ranked.iter_rows(named=True)]

    n_priorities = 0
    for index, municipality in enumerate(municipalities):
        for candidate, value in _priorities(candidates, municipality, index):
            record.record_priority(engine, directors[municipality], candidate, value)
            n_priorities += 1

    snapshot = record.freeze_snapshot(
        engine,
        project_group,
        "Bruttoliste forelagt Koordinationsudvalget (demo)",
        gross_list,
        state.priorities(read_events(engine)),
        provenance=provenance,
        round_id=config.round.id,
    )

    prio = state.priorities(read_events(engine))
    n_political = 0
    for index, municipality in enumerate(municipalities):
        meeting = FIRST_MEETING + timedelta(days=7 * index)
        mine = prio.filter(pl.col("municipality") == municipality)
        for item, row in enumerate(mine.iter_rows(named=True), start=1):
            decision = {
                "high": "ønsker at gå videre",
                "would_join": "ønsker at gå videre",
                "medium": "udsat",
            }.get(row["priority"], "ønsker ikke")
            record.record_political_decision(
                engine,
                secretaries[municipality],
                next(c for c in candidates if c.candidate_id == row["candidate_id"]),
                decision,
                committee="Økonomiudvalget",
                meeting_date=meeting,
                agenda_item=str(item),
                snapshot_id=snapshot["snapshot_id"],
            )
            n_political += 1
    n_profiles = _weight_profiles(engine, directors)
    write_demo_marks(engine, users, config)  # the round plan's milestones behind the sample
    phase3 = write_phase3_demo(engine, gross_list, users, config)
    return (
        f"Demo skrevet: {n_priorities} prioriteringer fra {len(municipalities)} direktioner, "
        f"den fastfrosne liste «{snapshot['label']}», {n_political} politiske beslutninger og "
        f"{n_profiles} kommuners egne vægtprofiler. " + phase3
    )


def _weight_profiles(engine: sa.Engine, directors: dict[str, User]) -> int:
    """Each directorate's own weight profile, one of the shipped ones leaned a little its own
    way, so «Kommunernes rangordener» has rankings to set side by side."""
    scoring = load_scoring_config(scoring_config_path())
    shipped = list(scoring.profiles.values())
    for index, (municipality, director) in enumerate(directors.items()):
        base = shipped[index % len(shipped)]
        leaning = CRITERIA[index % len(CRITERIA)]
        weights = {c: w * (1.5 if c == leaning else 1.0) for c, w in base.weights.items()}
        save_weight_profile(
            engine,
            director,
            dataclasses.replace(base, label=f"{municipality}s vægte (demo)", weights=weights),
            scoring,
        )
    return len(directors)


def _user(users: dict[str, User], municipality: str, role: str) -> User:
    for user in users.values():
        if user.municipality == municipality and user.has(role):
            return user
    raise LookupError(f"Brugerfilen har ingen bruger med rollen «{role}» i {municipality}.")


def _candidate(row: dict) -> Candidate:
    return Candidate(
        row["candidate_id"], row["title"], tuple(row["task_ids"]), tuple(row["municipalities"])
    )


def _priorities(candidates: list[Candidate], municipality: str, index: int):
    """A plausible directorate: its shared candidates high or medium by rank, its own one-offs
    low, the lowest-ranked one dropped, and two shared candidates it did not propose joined."""
    own = [c for c in candidates if municipality in c.municipalities]
    shared = [c for c in own if len(c.municipalities) >= 2]
    for position, candidate in enumerate(shared):
        # Each municipality keeps a different few at «middel», so coalitions differ.
        yield candidate, "middel" if (position + index) % 4 == 3 else "høj"
    singles = [c for c in own if len(c.municipalities) < 2]
    for candidate in singles[:-1][:3]:
        yield candidate, "lav"
    if singles:
        yield singles[-1], "fravalgt"
    others = [c for c in candidates if municipality not in c.municipalities]
    for candidate in others[index : index + 2]:
        yield candidate, "vil gerne være med"
