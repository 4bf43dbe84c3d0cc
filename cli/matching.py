"""``screening rematch``: a fresh matching from scratch, as an explicit, logged action of the
project group. Without ``--as`` it only shows what it would change against the published list
(tasks that would move, decisions that would need attention); with ``--as`` the request is
recorded in the decision store with that difference, and the next run applies it.

Also the effect of a file on the list, as ``screening validate`` prints it.
"""

from __future__ import annotations

import argparse
import sys

import polars as pl

from cli.decisions import user_by_id
from screening import store as warehouse
from screening.config import warehouse_path
from screening.decisions import record
from screening.decisions.effects import file_effects, fresh_effects
from screening.decisions.match_decisions import match_overrides
from screening.decisions.record import InvalidDecision, NotAllowed
from screening.decisions.store import Conflict, StoreError, open_store, read_events
from screening.decisions.users import UsersFileError
from screening.matching.overrides import effective

REFUSED = 2


def add_commands(commands: argparse._SubParsersAction) -> None:
    rematch = commands.add_parser(
        "rematch",
        help="Beregn sammenkoblingen forfra: vis forskellen, og bed om den med --as.",
    )
    rematch.add_argument(
        "--as", dest="user", help="Projektgruppens bruger-id: gem anmodningen (ellers kun vis)."
    )
    rematch.add_argument("--note", default="", help="Hvorfor (gemmes i loggen).")


def run(args: argparse.Namespace) -> int:
    try:
        tasks = warehouse.read_published_table(
            warehouse.published_path(warehouse_path()), "screening_tasks"
        )
        if tasks is None:
            print("Der er ingen bruttoliste endnu. Kør først «screening run».", file=sys.stderr)
            return REFUSED
        engine = open_store()
        events = read_events(engine)
        effects = fresh_effects(tasks, effective(match_overrides(events)), events)
        print(effects.describe())
        if args.user is None:
            print("Intet er gemt. Bed om sammenkobling forfra med --as <projektgruppens bruger>.")
            return 0
        record.record_fresh_matching(engine, user_by_id(args.user), effects.describe(), args.note)
        print("Gemt: sammenkoblingen beregnes forfra ved næste kørsel («screening run»).")
        return 0
    except (NotAllowed, InvalidDecision, Conflict, StoreError, UsersFileError, LookupError) as e:
        print(f"Ikke gemt: {e}", file=sys.stderr)
        return REFUSED


def effect_lines(tasks_next: pl.DataFrame, municipality: str) -> list[str]:
    """What a file would do to the list at the next run, for ``screening validate``."""
    try:
        tasks_now = warehouse.read_published_table(
            warehouse.published_path(warehouse_path()), "screening_tasks"
        )
        events = read_events(open_store())
    except (StoreError, OSError) as error:
        return [f"Virkningen på bruttolisten kan ikke beregnes nu: {error}"]
    overrides = effective(match_overrides(events, fresh_request=True))
    effects, _ = file_effects(tasks_now, tasks_next, municipality, overrides, events)
    return effects.lines()
