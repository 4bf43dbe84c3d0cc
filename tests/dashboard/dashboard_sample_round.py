"""A small, realistic screening round for the dashboard tests: four filled templates.

Written through the real template writer with the Danish labels a municipality would pick, so the
pipeline reads them exactly as it reads real submissions. Modelled on the 2014 screening: payroll,
IT operations and procurement shared by several municipalities, orthodontics and an assistive-
device depot by two, building-case handling flagged as authority exercise, and a few tasks only
one municipality proposes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from screening.template import write_template
from screening.template_spec import goal_column_code
from screening.vocabulary import COOPERATION_FORMS, SERVICE_AREAS, TASK_TYPES, label_of

ROUND = "2026"
APP = Path(__file__).resolve().parents[2] / "dashboard" / "streamlit_app.py"


@dataclass(frozen=True)
class ScreeningRun:
    """A finished pipeline run: where its files are and what it published."""

    templates: Path
    warehouse: Path
    published: Path
    gross_list: pl.DataFrame
    screening_tasks: pl.DataFrame

    @property
    def top(self) -> dict:
        return self.gross_list.row(0, named=True)

    def env(self) -> dict[str, str]:
        return {"SCREENING_TEMPLATES": str(self.templates), "SCREENING_DB": str(self.warehouse)}


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
    potential: float | None = None,
    complexity: int | None = None,
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


def write_sample_templates(folder: Path) -> list[Path]:
    """One filled template per municipality in ``folder``."""
    return [
        write_template(folder / f"screening_{index}.xlsx", municipality, ROUND, tasks)
        for index, (municipality, tasks) in enumerate(TEMPLATES.items(), start=1)
    ]
