"""A small, realistic screening round for the dashboard tests: four filled templates and history.

Written through the real template writer with the Danish labels a municipality would pick, so the
pipeline reads them exactly as it reads real submissions. Modelled on the 2014 screening: payroll,
IT operations and procurement shared by several municipalities, orthodontics and an assistive-
device depot by two, building-case handling flagged as authority exercise, and a few tasks only
one municipality proposes. Cleaning (Aabenraa) and «Rengøring og ejendomsservice» (Haderslev) are
alike enough to be linked, but only just, so the link waits for the project group's review.

Beside the four current files the archive holds what a real round accumulates: Tønder's first
draft (later replaced), a Sønderborg file for the wrong round (rejected), and Aabenraa's file sent
twice (a duplicate). Haderslev's file has one row the reader holds back and one it converts.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import polars as pl

from screening.template.spec import goal_column_code
from screening.template.writer import write_template
from screening.vocabulary import COOPERATION_FORMS, SERVICE_AREAS, TASK_TYPES, label_of

ROUND = "2026"
APP = Path(__file__).resolve().parents[2] / "dashboard" / "streamlit_app.py"


@dataclass(frozen=True)
class ScreeningRun:
    """A finished pipeline run: where its files are and what it published."""

    templates: Path
    warehouse: Path
    published: Path
    inbox: Path
    overrides: Path
    weights: Path  # a copy of config/scoring.toml, so no test can write the real one
    gross_list: pl.DataFrame
    screening_tasks: pl.DataFrame

    @property
    def top(self) -> dict:
        return self.gross_list.row(0, named=True)

    def env(self) -> dict[str, str]:
        # Inbox and decisions too: left unset, they would be the project's real data/ folders.
        return {
            "SCREENING_TEMPLATES": str(self.templates),
            "SCREENING_DB": str(self.warehouse),
            "SCREENING_INBOX": str(self.inbox),
            "SCREENING_OVERRIDES": str(self.overrides),
            "SCREENING_WEIGHTS": str(self.weights),
        }


def _task(
    title: str,
    description: str,
    service_area: str,
    task_type: str,
    cooperation_form: str,
    goals: tuple[str, ...],
    *,
    authority: bool = False,
    cost: float | None = None,
    fte: float | None = None,
    potential: float | str | None = None,
    complexity: int | str | None = None,
    horizon: float | None = None,
    contact: str | None = None,
) -> dict:
    task = {
        "title": title,
        "description": description,
        "service_area": label_of(SERVICE_AREAS, service_area),
        "task_type": label_of(TASK_TYPES, task_type),
        "cooperation_form": label_of(COOPERATION_FORMS, cooperation_form),
        "authority_exercise": authority,
        "cost_base_dkk": cost,
        "fte": fte,
        "potential_dkk": potential,
        "complexity": complexity,
        "time_horizon_years": horizon,
        "contact": contact,
    }
    task.update({goal_column_code(goal): True for goal in goals})
    return task


def _payroll(cost: float, fte: float, potential: float, contact: str) -> dict:
    return _task(
        "Lønadministration",
        "Lønudbetaling, lønindberetning og refusioner for alle kommunens medarbejdere.",
        "payroll_hr",
        "organisation",
        "shared_service",
        ("economic_efficiency", "reduced_vulnerability"),
        cost=cost,
        fte=fte,
        potential=potential,
        complexity=3,
        horizon=2,
        contact=contact,
    )


def _it_operations(cost: float, potential: float) -> dict:
    return _task(
        "IT-drift og servere",
        "Drift af servere, netværk og fagsystemer i kommunens eget serverrum.",
        "it_digital",
        "systems",
        "shared_service",
        ("rational_operation", "specialist_competence", "reduced_vulnerability"),
        cost=cost,
        fte=6,
        potential=potential,
        complexity=4,
        horizon=3,
    )


def _procurement(potential: float) -> dict:
    return _task(
        "Fælles udbud af kontorartikler og IT-udstyr",
        "Udbud og indkøbsaftaler på kontorartikler, pc'er og skærme.",
        "procurement",
        "organisation",
        "joint_procurement",
        ("economic_efficiency",),
        cost=3_000_000,
        fte=1.5,
        potential=potential,
        complexity=2,
        horizon=1,
    )


def _building_cases() -> dict:
    return _task(
        "Byggesagsbehandling",
        "Behandling af byggeansøgninger og tilsyn med byggeri.",
        "technical_environment",
        "processes",
        "partnership",
        ("specialist_competence", "higher_quality"),
        authority=True,
        cost=4_500_000,
        fte=8,
        potential=400_000,
        complexity=3,
        horizon=2,
    )


TEMPLATES: dict[str, list[dict]] = {
    "Aabenraa": [
        _payroll(2_800_000, 6, 350_000, "Lone Jensen, lj@aabenraa.dk"),
        _it_operations(9_000_000, 1_200_000),
        _procurement(600_000),
        _building_cases(),
        _task(
            "Rengøring af kommunale bygninger",
            "Daglig rengøring af rådhuse, skoler og daginstitutioner.",
            "buildings_facilities",
            "locations",
            "partnership",
            ("rational_operation",),
            cost=12_000_000,
            fte=30,
            potential=600_000,
            complexity=2,
            horizon=2,
        ),
        _task(
            "Hjælpemiddeldepot",
            "Udlån, rengøring og reparation af kørestole, rollatorer og senge.",
            "elderly_health",
            "locations",
            "shared_service",
            ("rational_operation", "better_access"),
            cost=5_200_000,
            fte=7,
            potential=520_000,
            complexity=3,
            horizon=2,
        ),
    ],
    "Haderslev": [
        _payroll(2_500_000, 5.5, 300_000, "Søren Østergaard, soeo@haderslev.dk"),
        _it_operations(8_000_000, 900_000),
        _procurement(550_000),
        _task(
            "Rengøring og ejendomsservice",
            "Vicevært, pedelopgaver og vinduespudsning på kommunens ejendomme.",
            "buildings_facilities",
            "organisation",
            "partnership",
            ("rational_operation",),
            cost=4_000_000,
            fte=9,
            potential="5 %",  # read, with a warning, as 5 % of the cost base
            complexity=2,
            horizon=2,
        ),
        # Held back by the reader: the complexity is a word, not 1-5 (the one row error).
        _task(
            "Kantinedrift",
            "Kantine og mødeforplejning på rådhuset.",
            "buildings_facilities",
            "organisation",
            "network",
            ("economic_efficiency",),
            complexity="høj",
        ),
        _task(
            "Tandregulering",
            "Specialiseret tandpleje og tandregulering af børn og unge.",
            "children_youth",
            "organisation",
            "partnership",
            ("specialist_competence", "higher_quality"),
            cost=6_000_000,
            fte=9,
            potential=450_000,
            complexity=3,
            horizon=3,
        ),
    ],
    "Sønderborg": [
        _payroll(3_400_000, 7.5, 420_000, "Åse Møller, aam@sonderborg.dk"),
        _procurement(800_000),
        _task(
            "Tandregulering",
            "Tandregulering for børn og unge på kommunens specialklinik.",
            "children_youth",
            "organisation",
            "partnership",
            ("specialist_competence",),
            cost=7_000_000,
            fte=10,
            potential=500_000,
            complexity=3,
            horizon=3,
        ),
        _task(
            "Vintertjeneste på kommuneveje",
            "Saltning og snerydning af kommuneveje og cykelstier.",
            "roads_parks",
            "locations",
            "network",
            ("rational_operation",),
            # Economics deliberately left blank: the dashboard must show «–», not 0 kr.
        ),
    ],
    "Tønder": [
        _payroll(1_600_000, 3.5, 180_000, "Bjørn Kær, bk@toender.dk"),
        _it_operations(4_500_000, 500_000),
        _building_cases(),
        _task(
            "Hjælpemiddeldepot",
            "Depot for kørestole, senge og andre hjælpemidler til borgere.",
            "elderly_health",
            "locations",
            "shared_service",
            ("rational_operation",),
            cost=2_400_000,
            fte=3,
            potential=200_000,
            complexity=2,
            horizon=2,
        ),
    ],
}


# Without a receipt log the pipeline takes a file's time of receipt from its modification time;
# fixed times make the order of receipt (and so each file's status) certain.
FIRST_RECEIPT = datetime(2026, 11, 2, 8, 30, tzinfo=UTC)  # 09.30 in Denmark (CET)

# File names as a municipality would send them (the archive keeps them, so the page shows them).
CURRENT_FILES = {
    "Aabenraa": "screening_1.xlsx",
    "Haderslev": "screening_2.xlsx",
    "Sønderborg": "screening_3.xlsx",
    "Tønder": "screening_4.xlsx",
}
SUPERSEDED_FILE = "Tønder første udkast.xlsx"
REJECTED_FILE = "Sønderborg runde 2014.xlsx"
DUPLICATE_FILE = "screening_1 igen.xlsx"


def _received(path: Path, hours_after_first: float) -> Path:
    moment = (FIRST_RECEIPT + timedelta(hours=hours_after_first)).timestamp()
    os.utime(path, (moment, moment))
    return path


def write_sample_templates(folder: Path) -> list[Path]:
    """The round's archive: the current file per municipality and the history around them."""
    folder.mkdir(parents=True, exist_ok=True)
    draft = write_template(folder / SUPERSEDED_FILE, "Tønder", ROUND, TEMPLATES["Tønder"][:1])
    written = [_received(draft, 0)]
    for hours, (municipality, tasks) in enumerate(TEMPLATES.items(), start=24):
        path = write_template(folder / CURRENT_FILES[municipality], municipality, ROUND, tasks)
        written.append(_received(path, hours))
    old_round = TEMPLATES["Sønderborg"]
    rejected = write_template(folder / REJECTED_FILE, "Sønderborg", "2014", old_round)
    written.append(_received(rejected, 48))
    again = shutil.copyfile(folder / CURRENT_FILES["Aabenraa"], folder / DUPLICATE_FILE)
    written.append(_received(again, 49))
    return written
