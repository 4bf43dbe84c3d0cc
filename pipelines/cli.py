"""The ``screening`` command: make templates, validate filled ones, run the pipeline, start it all.

Heavy imports (Dagster) happen inside the commands that need them, so ``screening template`` and
``screening validate`` answer at once.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cli import columns as columns_cli
from cli import decisions as decisions_cli
from cli import documents as documents_cli
from cli import matching as matching_cli
from cli import operations as operations_cli
from screening.config import load_screening_config
from screening.intake.findings import ERROR


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="screening", description="Screening af opgaver til driftsfællesskaber."
    )
    commands = parser.add_subparsers(dest="command", required=True)

    template = commands.add_parser("template", help="Lav en tom screeningsskabelon (xlsx).")
    template.add_argument("--municipality", required=True, help="Kommunens navn, fx Tønder.")
    template.add_argument("--out", required=True, type=Path, help="Filnavn, fx tønder.xlsx.")

    validate = commands.add_parser("validate", help="Tjek udfyldte skabeloner.")
    validate.add_argument("paths", nargs="+", type=Path)
    validate.add_argument(
        "--out-dir",
        type=Path,
        help="Mappe til de kommenterede kopier (… - rettelser.xlsx); standard: ved siden af "
        "filen, men aldrig i skabelon- eller indbakkemappen (så i data/rettelser/).",
    )
    validate.add_argument("--no-feedback", action="store_true", help="Lav ingen kommenteret kopi.")

    commands.add_parser("run", help="Dan bruttolisten: kør hele Dagster-grafen.")

    up = commands.add_parser("up", help="Kør pipelinen og start dashboard og Dagster UI.")
    up.add_argument("--dashboard-port", type=int, default=8501)
    up.add_argument("--dagster-port", type=int, default=3000)

    decisions_cli.add_commands(commands)
    columns_cli.add_commands(commands)
    documents_cli.add_commands(commands)
    operations_cli.add_commands(commands)
    matching_cli.add_commands(commands)

    args = parser.parse_args(argv)
    handlers = {
        "template": _template,
        "validate": _validate,
        "run": _run,
        "up": _up,
        "decisions": decisions_cli.run,
        "snapshot": decisions_cli.run,
        "demo": decisions_cli.run,
        "export": documents_cli.run,
        "import": documents_cli.run,
        "annex": documents_cli.run,
        "columns": columns_cli.run,
        **dict.fromkeys(operations_cli.COMMANDS, operations_cli.run),
        "rematch": matching_cli.run,
    }
    return handlers[args.command](args)


def _template(args: argparse.Namespace) -> int:
    from screening.intake.sender import find_municipality
    from screening.template.writer import write_template

    config = load_screening_config()
    name = find_municipality(args.municipality, config)  # «Tønder Kommune», «tonder»
    if name is None:
        print(
            f"Ukendt kommune «{args.municipality}». Vælg en af: "
            + ", ".join(config.municipality_names()),
            file=sys.stderr,
        )
        return 2
    path = write_template(args.out, name, config.round.id)
    print(f"Skabelon til {name} Kommune ({config.round.label}) skrevet til {path}")
    return 0


def _validate(args: argparse.Namespace) -> int:
    from screening.intake.feedback import feedback_path, write_feedback
    from screening.intake.reader import read_submission

    config = load_screening_config()
    errors = 0
    for path in args.paths:
        if not path.is_file():
            print(f"Fejl: {path}: filen findes ikke.")
            errors += 1
            continue
        submission = read_submission(path, config)
        for finding in submission.findings:
            print(finding.describe())
        n_errors = sum(f.severity == ERROR for f in submission.findings)
        errors += n_errors
        verdict = (
            "AFVIST – intet fra filen kommer med på bruttolisten"
            if submission.rejected
            else f"{submission.tasks.height} opgaver godkendt"
        )
        print(
            f"{path.name}: {verdict}; {n_errors} fejl, "
            f"{len(submission.findings) - n_errors} advarsler."
        )
        if submission.understood is not None:
            for line in submission.understood.lines():
                print(f"  {line}")
        if not submission.rejected:
            for line in _comparison_lines(path, submission, config):
                print(f"  {line}")
        if submission.findings and not args.no_feedback:
            out_dir = args.out_dir or _feedback_dir_for(path)
            out = write_feedback(path, submission, feedback_path(path, out_dir))
            print(f"  Kommenteret kopi med rettelser: {out}")
    return 1 if errors else 0


def _comparison_lines(path: Path, submission, config) -> list[str]:
    """What the file would change if sent now, against the municipality's current file in the
    templates folder (and the shared candidates it would leave, from the last published list)."""
    from screening.config import templates_dir, warehouse_path
    from screening.intake.earlier_runs import predict, tasks_after
    from screening.intake.outcomes import DUPLICATE, RESENT
    from screening.intake.submissions import read_folder

    archive = templates_dir()
    received = [
        r
        for r in read_folder(archive, config)
        if (archive / r.archived_as).resolve() != path.resolve()  # not against itself
    ]
    outcome, change = predict(received, submission, _published_candidates(warehouse_path()))
    municipality = submission.municipality
    if outcome.status == DUPLICATE:
        return [f"Filen er magen til {municipality}s gældende fil og ændrer intet («dublet»)."]
    lines = []
    if outcome.status == RESENT:
        lines.append(
            f"Filen er en tidligere fil fra {municipality}: sendt igen bliver den gældende igen "
            "(«genindsendt»)."
        )
    if change is not None:
        lines.append(change.describe())
        if change.removes_most:
            lines.append(
                "Bemærk: filen fjerner mere end halvdelen af de gældende opgaver. Lagt i "
                "indbakken tæller den uden at spørge."
            )
        lines += matching_cli.effect_lines(tasks_after(received, submission), municipality)
    return lines


def _published_candidates(warehouse: Path):
    from screening import store

    published = store.published_path(warehouse)
    if not published.is_file():
        return None
    try:
        with store.connect(published, read_only=True) as con:
            if "screening_tasks" not in store.table_names(con):
                return None
            return con.execute(
                "SELECT task_id, candidate_id, municipality FROM screening_tasks"
            ).pl()
    except Exception:  # an unreadable copy only costs the list of candidates left
        return None


def _feedback_dir_for(path: Path) -> Path | None:
    """Beside the file, unless that is a folder the pipeline reads: a copy there would be read
    as a new submission on the next run."""
    from screening.config import feedback_dir, inbox_dir, templates_dir

    read_folders = {templates_dir().resolve(), inbox_dir().resolve()}
    return feedback_dir() if path.resolve().parent in read_folders else None


def _run(args: argparse.Namespace) -> int:
    from pipelines.run import run_screening, summarise

    result = run_screening()
    print(summarise(result))
    return 0 if result.success else 1


def _up(args: argparse.Namespace) -> int:
    from pipelines.serve import serve

    return serve(dashboard_port=args.dashboard_port, dagster_port=args.dagster_port)


if __name__ == "__main__":
    sys.exit(main())
