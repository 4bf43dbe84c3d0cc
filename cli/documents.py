"""``screening export decisions``, ``screening import decisions`` and ``screening annex``: the
documents for meetings from the command line.

The user is named with ``--as`` (an id from ``config/users.toml``); a workbook is always the
user's own municipality's. A refusal (no right, no frozen list, a workbook for another
municipality or list) exits with code 2 and the Danish reason on standard error; an import
that left conflicts or rows with errors exits with code 1 after listing them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cli.decisions import REFUSED, published_table, user_by_id
from screening.config import load_screening_config
from screening.decisions.record import InvalidDecision, NotAllowed
from screening.decisions.store import Conflict, StoreError, open_store, read_events
from screening.decisions.users import UsersFileError
from screening.i18n import _


def add_commands(commands: argparse._SubParsersAction) -> None:
    export = commands.add_parser("export", help=_("Hent dokumenter (beslutningsprojektmapper)."))
    export_sub = export.add_subparsers(dest="export_command", required=True)
    out = export_sub.add_parser(
        "decisions", help=_("Projektmappe til kommunens beslutninger i en fase (xlsx).")
    )
    out.add_argument("--as", dest="user", required=True, help=_("Bruger-id fra config/users.toml."))
    out.add_argument("--phase", type=int, choices=(1, 2), required=True)
    out.add_argument("--out", type=Path, required=True, help=_("Filnavn, fx aabenraa-fase1.xlsx."))

    imp = commands.add_parser("import", help=_("Indlæs udfyldte dokumenter."))
    imp_sub = imp.add_subparsers(dest="import_command", required=True)
    back = imp_sub.add_parser("decisions", help=_("Indlæs en udfyldt beslutningsprojektmappe."))
    back.add_argument("--as", dest="user", required=True)
    back.add_argument("path", type=Path)

    annex = commands.add_parser("annex", help=_("Dagsordensbilag som PDF eller Word (docx)."))
    annex.add_argument(
        "--municipality",
        required=True,
        help=_("Kommunens navn, eller «Koordinationsudvalget» for det samlede bilag."),
    )
    annex.add_argument("--snapshot", help=_("Den fastfrosne listes id (standard: den nyeste)."))
    annex.add_argument("--out", type=Path, required=True, help=_("bilag.pdf eller bilag.docx."))


def run(args: argparse.Namespace) -> int:
    try:
        if args.command == "export":
            return _export(args)
        if args.command == "import":
            return _import(args)
        return _annex(args)
    except (NotAllowed, InvalidDecision, Conflict, StoreError, UsersFileError, LookupError) as e:
        print(str(e), file=sys.stderr)
        return REFUSED


def _gross_list_or_none():
    try:
        return published_table("gross_list")
    except LookupError:
        return None


def _export(args: argparse.Namespace) -> int:
    from screening.documents.decision_lists import decision_list
    from screening.documents.workbook import write_decision_workbook

    user = user_by_id(args.user)
    engine = open_store()
    listing = decision_list(engine, args.phase, _gross_list_or_none())
    exported = write_decision_workbook(
        args.out, listing, read_events(engine), user.municipality, user
    )
    print(
        _(
            "Projektmappe til {municipality}, fase {phase} («{label}», {n} kandidater, {k} med "
            "en beslutning) skrevet til {path}"
        ).format(
            municipality=exported.municipality,
            phase=exported.phase,
            label=listing.label,
            n=exported.n_candidates,
            k=exported.n_decided,
            path=exported.path,
        )
    )
    return 0


def _import(args: argparse.Namespace) -> int:
    from screening.documents.workbook_import import import_decision_workbook

    user = user_by_id(args.user)
    if not args.path.is_file():
        raise LookupError(_("Filen {path} findes ikke.").format(path=args.path))
    result = import_decision_workbook(
        args.path, open_store(), user, load_screening_config(), _gross_list_or_none()
    )
    for finding in result.findings:
        print(finding.describe(), file=sys.stderr if result.rejected else sys.stdout)
    if result.rejected:
        print(result.summary(), file=sys.stderr)
        return REFUSED
    for line in result.recorded:
        print(_("Registreret: {line}").format(line=line))
    for conflict in result.conflicts:
        print(_("Konflikt: {text}").format(text=conflict.describe()))
    if result.conflicts:
        print(
            _(
                "Konflikterne løses på siden «{page}» i dashboardet (indlæs filen dér, og vælg "
                "for hver), eller ved at hente en ny projektmappe."
            ).format(page=_("Prioritering") if result.phase == 1 else _("Politiske beslutninger"))
        )
    print(result.summary())
    has_errors = any(f.severity == "error" for f in result.findings)
    return 1 if result.conflicts or has_errors else 0


def _annex(args: argparse.Namespace) -> int:
    from screening.documents.annex import build_annex, write_annex

    suffix = args.out.suffix.lower()
    if suffix not in (".pdf", ".docx"):
        raise LookupError(_("Skriv et filnavn, der slutter på .pdf eller .docx."))
    engine = open_store()
    content = build_annex(engine, load_screening_config(), args.municipality, args.snapshot)
    path = write_annex(content, args.out)
    print(_("Dagsordensbilag ({title}) skrevet til {path}").format(title=content.title, path=path))
    return 0
