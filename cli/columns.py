"""``screening columns``: the project group's corrections of how a municipality's columns are
read (see :mod:`screening.intake.column_corrections`), saved for its later files and logged."""

from __future__ import annotations

import argparse

from cli.decisions import user_by_id
from screening.config import load_screening_config
from screening.decisions.columns import correct_column
from screening.errors import ScreeningError
from screening.intake import column_corrections
from screening.intake.column_corrections import NOT_USED
from screening.intake.sender import find_municipality
from screening.template.spec import READ_COLUMNS


def add_commands(commands) -> None:
    columns = commands.add_parser(
        "columns", help="Ret, hvad en kommunes kolonne læses som (gemmes til kommunens filer)."
    )
    actions = columns.add_subparsers(dest="action", required=True)
    correct = actions.add_parser("correct", help="Ret én kolonne for én kommune.")
    correct.add_argument("--municipality", required=True, help="Kommunens navn, fx Hjørring.")
    correct.add_argument(
        "--header", required=True, help="Kolonnens overskrift, som kommunen skrev den."
    )
    correct.add_argument(
        "--read-as",
        required=True,
        help=f"Skabelonens kolonne (kode, fx potential_dkk) eller «{NOT_USED}». Koder: "
        + ", ".join(c.code for c in READ_COLUMNS),
    )
    correct.add_argument(
        "--as",
        dest="user",
        required=True,
        help="Bruger-id fra config/users.toml: kommunens projektgruppe eller en administrator.",
    )
    actions.add_parser("list", help="Vis de gemte rettelser.")


def run(args: argparse.Namespace) -> int:
    if args.action == "list":
        for municipality, entries in sorted(column_corrections.load().items()):
            for c in entries.values():
                print(f"{municipality}: «{c.header}» → {c.code} ({c.by}, {c.at})")
        return 0
    config = load_screening_config()
    name = find_municipality(args.municipality, config)
    if name is None:
        print(f"Ukendt kommune «{args.municipality}».")
        return 2
    try:
        user = user_by_id(args.user)
        saved = correct_column(user, name, args.header, args.read_as)
    except (ScreeningError, LookupError) as error:
        print(error)
        return 2
    print(
        f"Gemt: i {name}s filer læses kolonnen «{saved.header}» som {saved.code}. "
        f"Rettelsen er logget i {column_corrections.corrections_path().with_suffix('.log.csv')}."
    )
    return 0
