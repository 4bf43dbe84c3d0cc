"""Project configuration read from ``config/``: the screening round, the municipalities and the
scoring weights. Paths to data files are resolved here too, so there is one place to look."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CONFIG_DIR = PROJECT_ROOT / "config"
DATA_DIR = PROJECT_ROOT / "data"


@dataclass(frozen=True)
class Municipality:
    code: str
    name: str
    population: int | None = None


@dataclass(frozen=True)
class ScreeningRound:
    id: str
    label: str


@dataclass(frozen=True)
class ScreeningConfig:
    round: ScreeningRound
    municipalities: tuple[Municipality, ...]

    def municipality_names(self) -> list[str]:
        return [m.name for m in self.municipalities]


def screening_config_path() -> Path:
    return Path(os.environ.get("SCREENING_CONFIG", CONFIG_DIR / "screening.toml"))


def read_screening_file(path: Path | None = None) -> dict[str, Any]:
    """Every section of ``config/screening.toml`` (or ``SCREENING_CONFIG``); the one reading of
    the file, so the round, the municipalities and the stages' own sections (``[phase3]``)
    always come from the same file."""
    return tomllib.loads((path or screening_config_path()).read_text(encoding="utf-8"))


def load_screening_config(path: Path | None = None) -> ScreeningConfig:
    raw = read_screening_file(path)
    return ScreeningConfig(
        round=ScreeningRound(id=str(raw["round"]["id"]), label=raw["round"]["label"]),
        municipalities=tuple(
            Municipality(code=m["code"], name=m["name"], population=m.get("population"))
            for m in raw["municipalities"]
        ),
    )


def warehouse_path() -> Path:
    """The DuckDB file the pipeline writes (``SCREENING_DB`` overrides)."""
    return Path(os.environ.get("SCREENING_DB", DATA_DIR / "warehouse.duckdb"))


def templates_dir() -> Path:
    """The folder of filled templates the pipeline reads (``SCREENING_TEMPLATES`` overrides)."""
    return Path(os.environ.get("SCREENING_TEMPLATES", DATA_DIR / "templates"))


def inbox_dir() -> Path:
    """Where new files arrive (upload page, or dropped by hand); ``SCREENING_INBOX`` overrides.
    The pipeline moves them into the templates folder, which is also the archive."""
    return Path(os.environ.get("SCREENING_INBOX", DATA_DIR / "inbox"))


def feedback_dir() -> Path:
    """Where ``screening validate`` writes the annotated copies of files that lie in a folder
    the pipeline reads (``SCREENING_FEEDBACK`` overrides): never among the submissions."""
    return Path(os.environ.get("SCREENING_FEEDBACK", DATA_DIR / "rettelser"))


def overrides_path() -> Path:
    """The project group's match decisions (``SCREENING_OVERRIDES`` overrides)."""
    return Path(os.environ.get("SCREENING_OVERRIDES", DATA_DIR / "overrides" / "matches.csv"))


def scoring_config_path() -> Path:
    return Path(os.environ.get("SCREENING_WEIGHTS", CONFIG_DIR / "scoring.toml"))


def decisions_url() -> str:
    """The decision store as a SQLAlchemy URL (``SCREENING_DECISIONS_URL`` overrides): a SQLite
    file by default, ``postgresql+psycopg://…`` for many users."""
    default = f"sqlite:///{DATA_DIR / 'decisions.sqlite'}"
    return os.environ.get("SCREENING_DECISIONS_URL", default)


def users_path() -> Path:
    """Who may do what (``SCREENING_USERS`` overrides)."""
    return Path(os.environ.get("SCREENING_USERS", CONFIG_DIR / "users.toml"))


def round_plan_path() -> Path:
    """The running round's plan: milestones and planned dates (``SCREENING_ROUND_PLAN``
    overrides)."""
    return Path(os.environ.get("SCREENING_ROUND_PLAN", CONFIG_DIR / "round_plan.toml"))


def rounds_dir() -> Path:
    """Earlier screening rounds, one folder each (``SCREENING_ROUNDS`` overrides)."""
    return Path(os.environ.get("SCREENING_ROUNDS", DATA_DIR / "rounds"))


def today() -> date:
    """Today in Danish time, or ``SCREENING_TODAY`` (YYYY-MM-DD): the round plan's clock is a
    setting, so a demo or a test can stand on a given day. Read at the edges only; the domain
    takes the day as a parameter."""
    fixed = os.environ.get("SCREENING_TODAY", "").strip()
    if fixed:
        return date.fromisoformat(fixed)
    return datetime.now(ZoneInfo("Europe/Copenhagen")).date()
