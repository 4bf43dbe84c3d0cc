"""A screening round lived as the project group lives it, for the tests of candidates that stay
put: the sample municipalities' files written as real templates and read by the intake, each run
matched by the pipeline's own function with the previous run's table, and decisions recorded in
a real decision store."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl
import sqlalchemy as sa

from screening.config import DATA_DIR, load_screening_config
from screening.decisions import record, state
from screening.decisions.effects import FileEffects, file_effects
from screening.decisions.match_decisions import match_overrides
from screening.decisions.record import find_candidate
from screening.decisions.store import read_events
from screening.decisions.users import load_users
from screening.intake.earlier_runs import tasks_after
from screening.intake.reader import read_submission
from screening.intake.submissions import current_tasks, read_folder
from screening.matching.overrides import effective
from screening.matching.placement import Matching, match_round
from screening.template.writer import write_template

CONFIG = load_screening_config()
USERS = load_users(CONFIG)
CODES = {m.name: m.code for m in CONFIG.municipalities}


def sample_files() -> dict[str, list[dict[str, Any]]]:
    """Each sample municipality's rows, as in data/sample/*.toml."""
    files = {}
    for path in sorted((DATA_DIR / "sample").glob("*.toml")):
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        files[raw["municipality"]] = list(raw["tasks"])
    return files


# Tønder's three extra rows; the first is its winter service once more, in other words.
TOENDER_EXTRA = [
    {
        "title": "Vintertjeneste og snerydning",
        "description": "Saltning og snerydning af kommunevej med egne biler og vognmænd på "
        "kontrakt. Fælles saltdepoter og udkald over kommunegrænsen kan give bedre udnyttelse "
        "af materiellet.",
        "service_area": "Veje, parker og grønne områder",
        "goal_rational_operation": "Ja",
        "task_type": "Lokationer/anlæg",
        "cooperation_form": "Partnerskab",
        "authority_exercise": "Nej",
    },
    {
        "title": "Kantklipning og græsslåning",
        "description": "Græsslåning langs kommunale veje og i byernes parker med egne maskiner.",
        "service_area": "Veje, parker og grønne områder",
        "goal_rational_operation": "Ja",
        "task_type": "Processer",
        "cooperation_form": "Netværk",
        "authority_exercise": "Nej",
    },
    {
        "title": "Tolkebistand",
        "description": "Bestilling og betaling af tolke til borgersamtaler i jobcenter og "
        "sundhedspleje.",
        "service_area": "Borgerservice",
        "goal_economic_efficiency": "Ja",
        "task_type": "Processer",
        "cooperation_form": "Fælles udbud",
        "authority_exercise": "Nej",
    },
]


def gross_list(tasks_with_candidates: pl.DataFrame) -> pl.DataFrame:
    """The candidates as the decision pages see them (title, municipalities, tasks, a rank)."""
    return (
        tasks_with_candidates.sort("task_id")
        .group_by("candidate_id")
        .agg(
            pl.col("title").first(),
            pl.col("municipality").unique().sort().alias("municipalities"),
            pl.col("task_id").sort().alias("task_ids"),
        )
        .sort("candidate_id")
        .with_row_index("rank", offset=1)
        .with_columns(pl.col("rank").cast(pl.Int64), pl.lit(50.0).alias("score"))
    )


@dataclass
class LivedRound:
    """The archive folder, the decision store and the last run's task table."""

    folder: Path
    engine: sa.Engine
    files: dict[str, list[dict[str, Any]]] = field(default_factory=sample_files)
    tasks: pl.DataFrame | None = None  # the last run's tasks with their candidate
    matching: Matching | None = None  # the last run's matching
    sent: int = 0
    senders: set[str] = field(default_factory=set)
    since: int = 0  # decisions up to this event belong to an earlier round in the same store
    readings: dict = field(default_factory=dict)  # files read before, as a run reuses them

    def __post_init__(self) -> None:
        events = read_events(self.engine)
        self.since = int(events["event_id"].max() or 0) if events.height else 0

    def events(self) -> pl.DataFrame:
        return read_events(self.engine).filter(pl.col("event_id") > self.since)

    def send(self, municipality: str, rows: list[dict[str, Any]] | None = None) -> None:
        """The municipality sends its file (its current rows unless others are given)."""
        if rows is not None:
            self.files[municipality] = rows
        self.sent += 1
        self.senders.add(municipality)
        name = f"{self.sent:03d}_{CODES[municipality]}.xlsx"
        write_template(self.folder / name, municipality, CONFIG.round.id, self.files[municipality])

    def sent_by(self, municipality: str) -> bool:
        return municipality in self.senders

    def preview(
        self, municipality: str, rows: list[dict[str, Any]]
    ) -> tuple[FileEffects, pl.DataFrame]:
        """What the upload page says the file would do, before it is sent."""
        path = write_template(
            self.folder.parent / "upload" / f"{CODES[municipality]}.xlsx",
            municipality,
            CONFIG.round.id,
            rows,
        )
        received = read_folder(self.folder, CONFIG, self.readings)
        overrides = effective(match_overrides(self.events(), fresh_request=True))
        return file_effects(
            self.tasks,
            tasks_after(received, read_submission(path, CONFIG)),
            municipality,
            overrides,
            self.events(),
        )

    def send_all(self) -> None:
        for municipality in self.files:
            self.send(municipality)

    def run(self, fresh: bool = False) -> pl.DataFrame:
        """One run of the matching, as the pipeline does it."""
        received = read_folder(self.folder, CONFIG, self.readings)
        self.readings = {(r.archived_as, r.submission.sha256): r.submission for r in received}
        submitted = current_tasks(received)
        overrides = effective(match_overrides(self.events(), fresh_request=True))
        self.matching = match_round(submitted, overrides, self.tasks, fresh=fresh)
        placed = self.matching.placed.select(
            "task_id", "candidate_id", "placement", "beside_task_id"
        )
        self.tasks = submitted.join(placed, on="task_id")  # as the asset screening_tasks
        return self.tasks

    def gross_list(self) -> pl.DataFrame:
        return gross_list(self.tasks)

    def candidate_of(self, municipality: str, title: str) -> str:
        row = self.tasks.filter(
            (pl.col("municipality") == municipality) & (pl.col("title") == title)
        )
        return row["candidate_id"].item()

    def members(self, candidate_id: str) -> list[tuple[str, str]]:
        row = self.tasks.filter(pl.col("candidate_id") == candidate_id).sort("municipality")
        return row.select("municipality", "title").rows()

    def prioritise(self, municipality: str, candidate_id: str, value: str = "høj") -> None:
        user = USERS[f"{CODES[municipality]}.direktion"]
        record.record_priority(
            self.engine, user, find_candidate(self.gross_list(), candidate_id), value
        )

    def freeze(self) -> None:
        events = self.events()
        record.freeze_snapshot(
            self.engine,
            USERS["aabenraa.projektgruppe"],
            f"Forelagt nr. {self.sent}",
            self.gross_list(),
            state.priorities(events),
        )

    def decide_politically(self, municipality: str, candidate_id: str) -> None:
        user = USERS[f"{CODES[municipality]}.sekretariat"]
        record.record_political_decision(
            self.engine,
            user,
            find_candidate(self.gross_list(), candidate_id),
            "ønsker at gå videre",
            committee="Økonomiudvalget",
            meeting_date="2027-01-21",
        )

    def task_id(self, municipality: str, title: str) -> str:
        row = self.tasks.filter(
            (pl.col("municipality") == municipality) & (pl.col("title") == title)
        )
        return row["task_id"].item()

    def decide_match(self, action: str, one: tuple[str, str], other: tuple[str, str]) -> None:
        """The project group's «saml» or «adskil» for two tasks (municipality, title)."""
        record.record_match_override(
            self.engine,
            USERS["aabenraa.projektgruppe"],
            action,
            self.task_id(*one),
            self.task_id(*other),
        )

    def attention(self) -> pl.DataFrame:
        return state.decisions_needing_attention(self.gross_list(), self.events(), self.tasks)
