"""Does this checkout's reader read every file exactly as another commit's does?

    uv run python -m benchmarks.identical main     # or any commit or branch

Reads the benchmark's 98 × 300 round, the sample templates (``data/templates``) and every case of
the messy corpus (``tests/screening/corpus.py``, ``corpus_layouts.py``) with both readers, each
in a fresh process (the other commit's ``screening/`` and ``config/`` taken from git, as
``benchmarks.ingest --against`` does), and compares, frame for frame: the round's four tables
(``submissions_table``, ``findings_table``, ``submission_tasks``, ``current_tasks``) and each
file's tasks, findings (severity, place, value and message, in order) and reading
(:class:`screening.intake.understood.Understood`). The files are written once and read by both,
so their hashes agree. Exits 1 and names what differs when anything does.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.data import BENCHMARK_DIR, ensure_round
from benchmarks.ingest import PROJECT, _checkout, round_tables

SAMPLE_TEMPLATES = PROJECT / "data" / "templates"
CORPUS = PROJECT / "tests" / "screening"


def _corpus_cases() -> list:
    sys.path.insert(0, str(CORPUS))
    import corpus_layouts  # noqa: F401  (registers its cases into CASES)
    from corpus import CASES

    return CASES


def write_corpus(folder: Path) -> None:
    """Each corpus case's file in a folder of its own (``folder/NN``), as test_corpus reads it:
    through the inbox when it was uploaded under a name of its own."""
    from screening.intake.inbox import receive

    written = []
    for number, case in enumerate(_corpus_cases()):
        where = folder / f"{number:03d}"
        where.mkdir(parents=True)
        path = case.write(where)
        written.append(str(path))
        if case.sent_as is not None:
            receive(path, where / "arkiv", original_name=case.sent_as)
    (folder / "written.json").write_text(json.dumps(written))


def read_everything(round_folder: Path, round_config: Path, corpus: Path, out: Path) -> None:
    """Run in the measured checkout's process: every reading, pickled as Polars frames."""
    from screening.config import load_screening_config
    from screening.intake.findings import findings_frame
    from screening.intake.reader import read_submission
    from screening.intake.submissions import read_folder

    frames: dict[str, object] = {}

    def keep(name: str, submission) -> None:
        frames[f"{name}: tasks"] = submission.tasks
        frames[f"{name}: findings"] = findings_frame(submission.findings)
        frames[f"{name}: reading"] = repr(
            (
                submission.municipality,
                submission.screening_round,
                submission.template_version,
                submission.rejected,
                submission.understood,
            )
        )

    for label, folder, config in (
        ("round", round_folder, load_screening_config(round_config)),
        ("sample", SAMPLE_TEMPLATES, load_screening_config()),
    ):
        received = read_folder(folder, config)
        for name, table in round_tables(received, config).items():
            frames[f"{label}: {name}"] = table
        for one in received:
            keep(f"{label} {one.archived_as}", one.submission)
    written = json.loads((corpus / "written.json").read_text())
    for number, case in enumerate(_corpus_cases()):
        where = corpus / f"{number:03d}"
        if case.sent_as is None:
            keep(f"corpus {case.name}", read_submission(Path(written[number]), case.config))
        else:
            [received] = read_folder(where / "arkiv", case.config)
            keep(f"corpus {case.name}", received.submission)
    out.write_bytes(pickle.dumps(frames))


def _read_in(code_root: Path, round_folder, round_config, corpus, out: Path) -> dict:
    # The code root first on the path: the other commit's screening/ where it is read.
    env = os.environ | {"PYTHONPATH": os.pathsep.join([str(code_root), str(PROJECT)])}
    subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks.identical",
            "--part",
            *map(str, (round_folder, round_config, corpus, out)),
        ],
        cwd=code_root,
        env=env,
        check=True,
    )
    return pickle.loads(out.read_bytes())


def compare(theirs: dict, ours: dict) -> list[str]:
    """What differs, one line per frame (or reading)."""
    from polars.testing import assert_frame_equal

    differences = [f"{name}: only in one" for name in sorted(set(theirs) ^ set(ours))]
    for name in theirs.keys() & ours.keys():
        a, b = theirs[name], ours[name]
        if isinstance(a, str):
            if a != b:
                differences.append(f"{name}: {a!r} != {b!r}")
            continue
        try:
            assert_frame_equal(a, b, check_exact=True)
        except AssertionError as error:
            differences.append(f"{name}: {str(error).splitlines()[0]}")
    return sorted(differences)


def check(revision: str, municipalities: int = 98, tasks: int = 300) -> int:
    generated, _ = ensure_round(municipalities, tasks, 0, BENCHMARK_DIR)
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        corpus = tmp_path / "corpus"
        write_corpus(corpus)
        (tmp_path / "other").mkdir()
        other = _checkout(revision, (tmp_path / "other").resolve())
        args = (generated.templates_dir, generated.config_path, corpus)
        theirs = _read_in(other, *args, tmp_path / "theirs.pickle")
        ours = _read_in(PROJECT, *args, tmp_path / "ours.pickle")
        shutil.rmtree(corpus)
    differences = compare(theirs, ours)
    files = len({name.split(":")[0] for name in ours})
    if differences:
        print(f"{len(differences)} of {len(ours)} frames differ from {revision}:")
        print("\n".join(differences[:50]))
        return 1
    cases = len([name for name in ours if name.startswith("corpus") and name.endswith(": tasks")])
    print(
        f"identical to {revision}: {len(ours)} frames and readings over {files} files and "
        f"round tables (the {municipalities} × {tasks} round, the sample, {cases} corpus cases)"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.identical", description=__doc__)
    parser.add_argument("revision", nargs="?", default="main")
    parser.add_argument("--municipalities", type=int, default=98)
    parser.add_argument("--tasks", type=int, default=300)
    parser.add_argument("--part", nargs=4, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.part:
        read_everything(*args.part)
        return 0
    return check(args.revision, args.municipalities, args.tasks)


if __name__ == "__main__":
    sys.exit(main())
