"""``screening doctor``: the checks an operator runs after every change, in Danish.

Modelled on ``brew doctor``: each check says what it found and, when something is wrong, what to
do. A failed check makes the command exit non-zero; a warning does not.
"""

from __future__ import annotations

import os
import shutil
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from screening.config import (
    PROJECT_ROOT,
    decisions_url,
    load_screening_config,
    users_path,
    warehouse_path,
)
from screening.operations import integrity, startup

OK, WARN, FAIL = "ok", "advarsel", "fejl"
MIN_FREE_BYTES = 1 << 30  # 1 GiB: room for a night's backup and a run's warehouse copy


@dataclass(frozen=True)
class Finding:
    check: str
    status: str
    message: str

    def line(self) -> str:
        mark = {OK: "✓", WARN: "!", FAIL: "✗"}[self.status]
        return f"{mark} {self.check}: {self.message}"


def streamlit_dir() -> Path:
    return Path(os.environ.get("SCREENING_STREAMLIT_DIR", PROJECT_ROOT / ".streamlit"))


def _toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}


def check_secret() -> Finding:
    name = "Login-hemmelighed"
    try:
        secrets = _toml(streamlit_dir() / "secrets.toml")
    except tomllib.TOMLDecodeError as error:
        return Finding(name, FAIL, f".streamlit/secrets.toml kan ikke læses: {error}.")
    auth = secrets.get("auth")
    if auth is None:
        return Finding(name, OK, "intet login sat op: dashboardet kører i demo-tilstand.")
    problem = startup.cookie_secret_problem(auth)
    return (
        Finding(name, FAIL, problem)
        if problem
        else Finding(name, OK, "cookie_secret er lang og tilfældig.")
    )


def check_bind_address() -> Finding:
    name = "Adresse"
    try:
        config = _toml(streamlit_dir() / "config.toml")
        auth = _toml(streamlit_dir() / "secrets.toml").get("auth")
    except tomllib.TOMLDecodeError as error:
        return Finding(name, FAIL, f"Streamlits opsætning kan ikke læses: {error}.")
    # Streamlit takes the environment before its config file (and a command-line flag before
    # both, which a check run beside it cannot see).
    address = os.environ.get("STREAMLIT_SERVER_ADDRESS") or config.get("server", {}).get("address")
    if auth is None:
        problem = startup.demo_exposure_problem(address)
        if problem:
            return Finding(name, FAIL, problem)
        if not startup.is_loopback(address):
            return Finding(
                name,
                WARN,
                f"demoen er åben på {address or 'alle netværkskort'} ({startup.DEMO_SWITCH}=1).",
            )
    elif not startup.is_loopback(address):
        return Finding(
            name,
            WARN,
            f"dashboardet lytter på {address or 'alle netværkskort'}; sørg for, at kun "
            "proxyen kan nå det.",
        )
    return Finding(name, OK, f"dashboardet lytter på {address}.")


def check_users() -> Finding:
    from screening.decisions.logins import load_groups
    from screening.decisions.users import UsersFileError, load_users

    name = "Brugerfilen"
    try:
        config = load_screening_config()
        users = load_users(config)
        groups = load_groups(config)
    except UsersFileError as error:
        return Finding(name, FAIL, str(error))
    return Finding(
        name, OK, f"{users_path()} kan læses: {len(users)} brugere, {len(groups)} grupper."
    )


def _store():
    from screening.decisions.store import open_store

    return open_store(decisions_url())


def check_store_integrity() -> Finding:
    name = "Beslutningsdatabasen"
    try:
        problems = integrity.integrity_problems(_store())
    except Exception as error:  # the store's own Danish message, or the driver's
        return Finding(name, FAIL, str(error))
    if problems:
        return Finding(name, FAIL, " ".join(problems))
    return Finding(name, OK, "integritetstjekket er i orden, og loggens triggere er på plads.")


def check_application_role() -> Finding:
    name = "Programmets databasebruger"
    try:
        problems = integrity.application_role_problems(_store())
    except Exception as error:
        return Finding(name, FAIL, str(error))
    if problems:
        return Finding(name, FAIL, " ".join(problems))
    if decisions_url().startswith("sqlite"):
        return Finding(
            name,
            OK,
            "SQLite: filens rettigheder beskytter loggen; kun programmets bruger bør kunne "
            "skrive i dens mappe.",
        )
    return Finding(name, OK, "kan kun læse og tilføje; ikke ændre, slette eller fjerne loggen.")


def check_warehouse_agrees() -> Finding:
    name = "Lager og beslutninger"
    from screening.store import published_path

    warehouse = integrity.warehouse_extent(published_path(warehouse_path()))
    try:
        at = warehouse.last_event_id if warehouse else None
        store = integrity.store_extent(_store(), at)
    except Exception as error:
        return Finding(name, FAIL, str(error))
    problem = integrity.went_backwards(store, warehouse)
    if problem:
        return Finding(name, FAIL, problem)
    if warehouse is None:
        return Finding(name, OK, f"{store.events} beslutninger; bruttolisten er ikke kørt endnu.")
    return Finding(
        name, OK, f"{store.events} beslutninger; bruttolisten har læst {warehouse.events}."
    )


def check_disk() -> Finding:
    name = "Diskplads"
    folder = warehouse_path().parent
    while not folder.exists():
        folder = folder.parent
    free = shutil.disk_usage(folder).free
    gib = free / (1 << 30)
    if free < MIN_FREE_BYTES:
        return Finding(
            name,
            FAIL,
            f"kun {gib:.1f} GiB fri ved {folder}; frigør plads (gamle backups, logfiler).",
        )
    return Finding(name, OK, f"{gib:.1f} GiB fri ved {folder}.")


def check_workbook_key() -> Finding:
    from screening.documents.workbook_keys import KEY_SETTING, uses_demo_key

    name = "Projektmappernes nøgle"
    if not uses_demo_key():
        return Finding(name, OK, f"{KEY_SETTING} er sat.")
    status = FAIL if _toml(streamlit_dir() / "secrets.toml").get("auth") is not None else WARN
    return Finding(
        name,
        status,
        f"{KEY_SETTING} er ikke sat, så projektmappernes nøgler signeres med demoens offentlige "
        'nøgle. Sæt den til en lang tilfældig værdi (fx python -c "import secrets; '
        'print(secrets.token_hex(32))").',
    )


CHECKS: tuple[Callable[[], Finding], ...] = (
    check_secret,
    check_bind_address,
    check_users,
    check_store_integrity,
    check_application_role,
    check_warehouse_agrees,
    check_disk,
    check_workbook_key,
)


def run_checks() -> list[Finding]:
    return [check() for check in CHECKS]
