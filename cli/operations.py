"""``screening doctor``, ``screening store migrate``, ``screening backup`` and ``screening
restore``: the operator's commands (docs/drift.md)."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from screening.errors import ScreeningError

COMMANDS = ("doctor", "store", "backup", "restore")


def add_commands(commands: argparse._SubParsersAction) -> None:
    commands.add_parser(
        "doctor", help="Tjek opsætningen: login, adresse, brugere, database, backup-plads."
    )
    store = commands.add_parser("store", help="Beslutningsdatabasen.")
    store_commands = store.add_subparsers(dest="store_command", required=True)
    store_commands.add_parser(
        "migrate",
        help="Opdatér skemaet som ejer (SCREENING_DECISIONS_ADMIN_URL, ellers "
        "SCREENING_DECISIONS_URL).",
    )
    backup = commands.add_parser("backup", help="Tag en backup af beslutninger og opsætning.")
    backup.add_argument("--out", required=True, type=Path, help="En ny, tom mappe.")
    restore = commands.add_parser("restore", help="Gendan beslutningsdatabasen fra en backup.")
    restore.add_argument("folder", type=Path, help="Backupmappen (med manifest.json).")
    restore.add_argument(
        "--as", dest="who", default=None, help="Hvem gendanner (standard: brugeren på maskinen)."
    )


def run(args: argparse.Namespace) -> int:
    try:
        return {"doctor": _doctor, "store": _migrate, "backup": _backup, "restore": _restore}[
            args.command
        ](args)
    except ScreeningError as error:
        print(f"Fejl: {error}", file=sys.stderr)
        return 1


def _doctor(args: argparse.Namespace) -> int:
    from screening.operations.doctor import FAIL, run_checks

    findings = run_checks()
    for finding in findings:
        print(finding.line())
    failed = [f for f in findings if f.status == FAIL]
    print(
        f"{len(failed)} problem(er) skal rettes." if failed else "Alt er i orden.",
        file=sys.stderr if failed else sys.stdout,
    )
    return 1 if failed else 0


def _migrate(args: argparse.Namespace) -> int:
    from screening.config import decisions_admin_url, decisions_url
    from screening.decisions.store import migrate_store

    url = decisions_admin_url() or decisions_url()
    revision = migrate_store(url)
    print(f"Beslutningsdatabasen er på skemaversion {revision}.")
    return 0


def _backup(args: argparse.Namespace) -> int:
    from screening.config import decisions_url
    from screening.operations.backup import backup

    manifest = backup(args.out, decisions_url())
    print(
        f"Backup skrevet til {args.out}: {manifest['events']} beslutninger (senest nr. "
        f"{manifest['last_event_id']}), {len(manifest['files'])} filer med SHA-256 i "
        "manifest.json."
    )
    return 0


def _restore(args: argparse.Namespace) -> int:
    from screening.config import decisions_admin_url, decisions_url
    from screening.decisions.store import Actor
    from screening.operations.backup import restore

    url = decisions_url()
    if not url.startswith("sqlite"):
        url = decisions_admin_url() or url  # pg_restore replaces tables: the owner's work
    who = args.who or getpass.getuser()
    event = restore(args.folder, url, Actor(who, who, "drift", None))
    print(
        f"Beslutningsdatabasen er {event['new_value']}; registreret som hændelse nr. "
        f"{event['event_id']}."
    )
    return 0
