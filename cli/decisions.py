"""``screening decisions …``, ``screening snapshot …`` and ``screening demo``: the decision store
from the command line, for committee secretaries' scripts.

The user is named with ``--as`` (an id from ``config/users.toml``); the municipality is always
the user's own. A write the user may not make, or a value that is not allowed, exits with code 2
and the Danish reason on standard error.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys

import polars as pl

from screening import store as warehouse
from screening.config import DATA_DIR, load_screening_config, warehouse_path
from screening.decisions import record, state
from screening.decisions.record import InvalidDecision, NotAllowed
from screening.decisions.snapshots import frozen_candidates
from screening.decisions.store import Conflict, StoreError, open_store, read_events, read_snapshots
from screening.decisions.users import UsersFileError, load_users
from screening.demo.cycle import write_demo_cycle
from screening.intake.outcomes import CURRENT
from screening.intake.submission import file_sha256
from screening.safe_cells import csv_cell

REFUSED = 2


class _SafeWriter:
    """csv.writer whose text cells cannot run as formulas when the file is opened in a
    spreadsheet (titles and comments are the municipalities' own text)."""

    def __init__(self, stream):
        self._writer = csv.writer(stream)

    def writerow(self, row) -> None:
        self._writer.writerow([csv_cell(value) for value in row])


def add_commands(commands: argparse._SubParsersAction) -> None:
    decisions = commands.add_parser("decisions", help="Registrér og vis beslutninger (fase 1-2).")
    sub = decisions.add_subparsers(dest="decisions_command", required=True)
    rec = sub.add_parser("record", help="Registrér en prioritering (fase 1) eller beslutning (2).")
    rec.add_argument("--as", dest="user", required=True, help="Bruger-id fra config/users.toml.")
    rec.add_argument("--phase", type=int, choices=(1, 2), required=True)
    rec.add_argument("--candidate", required=True, help="Kandidatens id, som bruttolisten viser.")
    rec.add_argument("--value", required=True, help="Fx «høj» (fase 1), «udsat» (fase 2).")
    rec.add_argument("--comment", default="")
    rec.add_argument("--committee", help="Udvalget (fase 2).")
    rec.add_argument("--meeting-date", help="Mødedato, ÅÅÅÅ-MM-DD (fase 2).")
    rec.add_argument("--agenda-item", default="", help="Dagsordenspunkt (fase 2).")
    candidates = sub.add_parser(
        "candidates", help="Kandidaterne med id, placering og fase (CSV på standard output)."
    )
    candidates.add_argument(
        "--frozen", action="store_true", help="Den nyeste fastfrosne liste (fase 2)."
    )
    listing = sub.add_parser("list", help="Beslutningerne som CSV på standard output.")
    listing.add_argument("--phase", type=int, choices=(1, 2))
    listing.add_argument("--municipality")

    snapshot = commands.add_parser("snapshot", help="Fastfrys bruttolisten, eller vis de frosne.")
    snap = snapshot.add_subparsers(dest="snapshot_command", required=True)
    freeze = snap.add_parser("freeze", help="Fastfrys bruttolisten, som den forelægges.")
    freeze.add_argument("--as", dest="user", required=True)
    freeze.add_argument("--label", required=True, help="Fx «Forelagt KU 12. marts 2027».")
    snap.add_parser("list", help="De fastfrosne lister.")

    commands.add_parser(
        "demo", help="Skriv en demo-cyklus for prøverunden (kun i en tom database)."
    )


def run(args: argparse.Namespace) -> int:
    try:
        if args.command == "demo":
            return _demo()
        if args.command == "snapshot":
            return _freeze(args) if args.snapshot_command == "freeze" else _list_snapshots()
        if args.decisions_command == "candidates":
            return _candidates(args)
        return _record(args) if args.decisions_command == "record" else _list(args)
    except BrokenPipeError:  # the reader (e.g. `head`) stopped reading: not an error
        sys.stderr.close()
        return 0
    except (NotAllowed, InvalidDecision, Conflict, StoreError, UsersFileError, LookupError) as e:
        writes = (
            args.command == "demo"
            or "record" in (getattr(args, "decisions_command", None),)
            or getattr(args, "snapshot_command", None) == "freeze"
        )
        prefix = "Ikke gemt: " if writes and not str(e).startswith("Ikke gemt") else ""
        print(f"{prefix}{e}", file=sys.stderr)
        return REFUSED


def published_table(table: str) -> pl.DataFrame:
    """A table of the published warehouse, the copy the dashboard reads."""
    path = warehouse.published_path(warehouse_path())
    if not path.is_file():
        raise LookupError("Der er ingen bruttoliste endnu. Kør først «screening run».")
    with warehouse.connect(path, read_only=True) as con:
        if table not in warehouse.table_names(con):
            raise LookupError("Der er ingen bruttoliste endnu. Kør først «screening run».")
        return warehouse.read_table(con, table)


def user_by_id(user_id: str):
    """The user of `config/users.toml` a script acts as; a Danish refusal when unknown."""
    users = load_users(load_screening_config())
    if user_id not in users:
        raise LookupError(f"Ukendt bruger «{user_id}». Brugerne står i config/users.toml.")
    return users[user_id]


def _record(args: argparse.Namespace) -> int:
    user = user_by_id(args.user)
    engine = open_store()
    # Phase 2 decides on the list as presented to the committee, phase 1 on today's list.
    source = frozen_candidates(engine) if args.phase == 2 else published_table("gross_list")
    if source.is_empty():
        raise InvalidDecision(
            "Der er ingen fastfrosset bruttoliste endnu; projektgruppen fastfryser den først."
        )
    candidate = record.find_candidate(source, args.candidate)
    if args.phase == 1:
        event = record.record_priority(engine, user, candidate, args.value, args.comment)
    else:
        if not args.committee or not args.meeting_date:
            raise InvalidDecision("En politisk beslutning kræver --committee og --meeting-date.")
        event = record.record_political_decision(
            engine,
            user,
            candidate,
            args.value,
            committee=args.committee,
            meeting_date=args.meeting_date,
            agenda_item=args.agenda_item,
            comment=args.comment,
        )
    print(
        f"Gemt: {user.municipality}, fase {args.phase}, «{candidate.title}» → {args.value} "
        f"(version {event['version']})."
    )
    return 0


LIST_COLUMNS = (
    "fase",
    "kommune",
    "kandidat_id",
    "titel",
    "beslutning",
    "kommentar",
    "udvalg",
    "mødedato",
    "dagsordenspunkt",
    "registreret",
    "registreret_af",
)


def _list(args: argparse.Namespace) -> int:
    events = read_events(open_store())
    titles = {}
    try:
        gross_list = published_table("gross_list")
        titles = dict(zip(gross_list["candidate_id"], gross_list["title"], strict=True))
    except LookupError:
        pass
    writer = _SafeWriter(sys.stdout)
    writer.writerow(LIST_COLUMNS)
    for phase, frame in ((1, state.priorities(events)), (2, state.political_decisions(events))):
        if args.phase not in (None, phase):
            continue
        if args.municipality:
            frame = frame.filter(
                pl.col("municipality").str.to_lowercase() == args.municipality.lower()
            )
        for row in frame.sort("municipality", "candidate_id").iter_rows(named=True):
            writer.writerow(
                [
                    phase,
                    row["municipality"],
                    row["candidate_id"],
                    titles.get(row["candidate_id"], ""),
                    row["label"],
                    row["comment"] or "",
                    row["committee"] or "",
                    row["meeting_date"] or "",
                    row["agenda_item"] or "",
                    row["recorded_at"],
                    row["user_name"],
                ]
            )
    return 0


def _candidates(args: argparse.Namespace) -> int:
    engine = open_store()
    gross_list = frozen_candidates(engine) if args.frozen else published_table("gross_list")
    status = state.phase_status(gross_list, read_events(engine))
    writer = _SafeWriter(sys.stdout)
    writer.writerow(("kandidat_id", "placering", "titel", "kommuner", "fase", "vil_gå_videre"))
    for row in gross_list.join(status, on="candidate_id").sort("rank").iter_rows(named=True):
        writer.writerow(
            (
                row["candidate_id"],
                row["rank"],
                row["title"],
                ", ".join(row["municipalities"]),
                row["phase_label"],
                ", ".join(row["willing_municipalities"]),
            )
        )
    return 0


def _freeze(args: argparse.Namespace) -> int:
    user = user_by_id(args.user)
    engine = open_store()
    snapshot = record.freeze_snapshot(
        engine,
        user,
        args.label,
        published_table("gross_list"),
        state.priorities(read_events(engine)),
        provenance=_provenance(),
        round_id=load_screening_config().round.id,
    )
    print(f"Fastfrosset: «{snapshot['label']}» ({snapshot['snapshot_id']}).")
    return 0


def _provenance() -> dict:
    try:
        rows = published_table("gross_list_provenance").to_dicts()
    except LookupError:
        return {}
    return json.loads(json.dumps(rows[0], default=str)) if rows else {}


def _list_snapshots() -> int:
    writer = _SafeWriter(sys.stdout)
    writer.writerow(("id", "navn", "fastfrosset", "af", "kandidater"))
    for snapshot in read_snapshots(open_store()):
        writer.writerow(
            (
                snapshot["snapshot_id"],
                snapshot["label"],
                snapshot["frozen_at"],
                snapshot["frozen_by_name"],
                snapshot["n_candidates"],
            )
        )
    return 0


def _demo() -> int:
    if not _is_sample_round():
        # Invented decisions in a real round could never be removed from the append-only log.
        print(
            "Demoen skrives kun for prøverunden: bruttolisten er ikke bygget af prøvefilerne i "
            f"{SAMPLE_TEMPLATES}, så der er ikke skrevet noget."
        )
        return 0
    config = load_screening_config()
    message = write_demo_cycle(
        open_store(), published_table("gross_list"), load_users(config), config, _provenance()
    )
    print(message)
    return 0


SAMPLE_TEMPLATES = DATA_DIR / "templates"


def _is_sample_round() -> bool:
    """Whether the published gross list was built from the shipped sample files, and only them."""
    sample = {file_sha256(path) for path in SAMPLE_TEMPLATES.glob("*.xlsx")}
    try:
        submissions = published_table("submissions")
    except LookupError:
        return False
    current = set(submissions.filter(pl.col("status").is_in(CURRENT))["sha256"].to_list())
    return bool(current) and current <= sample
