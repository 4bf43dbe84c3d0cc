"""The ingest part of the pipeline benchmark on its own: reading and validating a round's files
(ours), the pandas + openpyxl baseline, and calamine alone (the floor), with wall and CPU time.

    uv run python -m benchmarks.ingest                        # 98 × 300, medians of 3
    uv run python -m benchmarks.ingest --against main         # … and an earlier commit's reader
    uv run python -m benchmarks.ingest --profile              # pyinstrument, files one by one
    uv run python -m benchmarks.ingest --steps [--against main]  # CPU time of each reader step

«Ours» is what ``benchmarks.run`` times as read + validate/normalise: ``read_folder`` (with a
second reading process for a round this large, :mod:`screening.intake.second_reader`) and the
four tables built from it; its CPU time includes the second process's. Each measurement runs
in a fresh process, so no cache of an earlier one helps it and imports are not timed (but the
second process's are: it starts within the measurement); the parts run in turns, ``--repeats``
times, and medians are reported. The machines are shared: CPU time (``time.process_time``, all
threads of the process, and its ended children's) moves far less with the load than wall time,
so both are given, and ratios measured side by side in one run are the figures to compare.

``--against REV`` takes ``screening/`` and ``config/`` of that commit from git into a temporary
folder and measures its reader the same way, in turns with this checkout's.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.data import BENCHMARK_DIR, ensure_round

PROJECT = Path(__file__).resolve().parent.parent


def round_tables(received: list, config) -> dict[str, object]:
    """The four tables the pipeline's first stage builds from a round's readings (as
    ``assets/intake.py`` does), by name. Through the functions every measured commit has, so
    ``--against`` and ``benchmarks.identical`` can run it on an earlier one."""
    from screening.intake.submissions import (
        current_tasks,
        findings_table,
        submission_tasks,
        submissions_table,
    )

    return {
        "submissions_table": submissions_table(received, config),
        "findings_table": findings_table(received),
        "submission_tasks": submission_tasks(received),
        "current_tasks": current_tasks(received),
    }


def ours(folder: Path, config_path: Path) -> dict:
    """Read and validate every file of ``folder`` as the pipeline benchmark's first stage does."""
    # read_folder imports the reader on its first call (to keep it out of the dashboard's pages):
    # imported here, so the reader's imports (about 0.35 s of CPU) are not timed, as the
    # baseline's pandas is not.
    import screening.intake.reader  # noqa: F401
    from screening.config import load_screening_config
    from screening.intake.submissions import read_folder

    config = load_screening_config(config_path)
    start, cpu = time.perf_counter(), _cpu_with_children()
    tables = round_tables(read_folder(folder, config), config)
    return {
        "s": time.perf_counter() - start,
        "cpu_s": _cpu_with_children() - cpu,
        "tasks": tables["current_tasks"].height,
        "findings": tables["findings_table"].height,
    }


def _cpu_with_children() -> float:
    """CPU time of this process's threads and of its ended child processes (a second reader)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def baseline(folder: Path, config_path: Path) -> dict:
    # pandas imports its openpyxl reader on the first read_excel: imported here, untimed too.
    import openpyxl  # noqa: F401

    from benchmarks.baseline import read_templates

    start, cpu = time.perf_counter(), time.process_time()
    tasks = read_templates(folder)
    return {
        "s": time.perf_counter() - start,
        "cpu_s": time.process_time() - cpu,
        "tasks": len(tasks),
    }


def floor(folder: Path, config_path: Path) -> dict:
    from benchmarks.floor import calamine_floor

    class _Round:  # calamine_floor takes a generated round; it only needs the folder
        templates_dir = folder

    result = calamine_floor(_Round, repeats=1)
    result.pop("repetitions")  # one run here; the median is taken over the fresh processes
    return result


# The reader's steps, as ``reader`` calls them: CPU time is what moves least with the load.
STEPS = (
    "file_sha256",
    "inspect",
    "load_workbook",
    "find_layout",  # before the reader looked at every task sheet (task_sheets)
    "task_sheets",
    "read_sender",
    "remove_control_characters",
    "_remove_control_characters",  # its name before it had a module of its own
    "read_tasks",  # the task rows, in a module of their own (task_sheet)
    "_read_tasks",  # its name while it was part of the reader
    "scan_rows",
    "read_task_row",
    "plausibility_findings",
    "propose_functions",
    "task_columns",
    "task_table",
    "_task_table",  # before the task table was built from the column pass's columns
)


def steps(folder: Path, config_path: Path) -> dict:
    """CPU seconds of each reader step, the files read one after the other (one thread, so the
    process's CPU time inside a step is that step's). ``read_tasks`` holds the steps after it."""
    import importlib
    from contextlib import ExitStack

    from benchmarks.measure import timed_calls
    from screening.config import load_screening_config
    from screening.intake import reader

    # Where each step is called from: the reader, or (since it has one) the task rows' module.
    callers = [reader]
    if importlib.util.find_spec("screening.intake.task_sheet") is not None:
        callers.append(importlib.import_module("screening.intake.task_sheet"))
    config = load_screening_config(config_path)
    files = sorted(folder.glob("*.xlsx"))
    with ExitStack() as stack:
        owners = {
            name: reader.file_guard
            if name == "inspect"
            else next((m for m in callers if hasattr(m, name)), None)
            for name in STEPS
        }
        timers = {
            name: stack.enter_context(timed_calls(owner, name))
            for name, owner in owners.items()
            if owner is not None
        }
        cpu = time.process_time()
        for path in files:
            reader.read_submission(path, config)
        total = time.process_time() - cpu
    return {"read_submission_cpu_s": total} | {
        f"{name}_cpu_s": timer.cpu_seconds for name, timer in timers.items()
    }


PARTS = {"ours": ours, "baseline": baseline, "floor": floor, "steps": steps}


def _in_fresh_process(part: str, folder: Path, config_path: Path, code_root: Path) -> dict:
    # The code root first on the path: an earlier commit's screening/ where one is measured.
    env = os.environ | {"PYTHONPATH": os.pathsep.join([str(code_root), str(PROJECT)])}
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.ingest", "--part", part, str(folder), str(config_path)],
        cwd=code_root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1:]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def _checkout(revision: str, folder: Path) -> Path:
    """``screening/`` and ``config/`` of ``revision`` (and this checkout's benchmarks)."""
    archive = subprocess.run(
        ["git", "archive", revision, "screening", "config"],
        cwd=PROJECT,
        capture_output=True,
        check=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    (folder / "benchmarks").symlink_to(PROJECT / "benchmarks")
    return folder


def measure(
    municipalities: int = 98,
    tasks: int = 300,
    repeats: int = 3,
    against: str | None = None,
    data_root: Path = BENCHMARK_DIR,
    with_steps: bool = False,
) -> dict:
    generated, _ = ensure_round(municipalities, tasks, 0, data_root)
    folder, config_path = generated.templates_dir, generated.config_path
    load_before = [round(x, 2) for x in os.getloadavg()]
    runs: dict[str, list[dict]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        roots = {"ours": PROJECT}
        if against:
            roots[f"ours at {against}"] = _checkout(against, Path(tmp))
        for _ in range(repeats):
            for name, root in roots.items():
                runs.setdefault(name, []).append(
                    _in_fresh_process("ours", folder, config_path, root)
                )
                if with_steps:
                    runs.setdefault(f"{name}: steps", []).append(
                        _in_fresh_process("steps", folder, config_path, root)
                    )
            runs.setdefault("baseline", []).append(
                _in_fresh_process("baseline", folder, config_path, PROJECT)
            )
            runs.setdefault("floor", []).append(
                _in_fresh_process("floor", folder, config_path, PROJECT)
            )
    result: dict = {
        "case": f"{municipalities} × {tasks}",
        "files": len(list(folder.glob("*.xlsx"))),
    }
    for name, found in runs.items():
        good = [run for run in found if "error" not in run]
        if not good:
            result[name] = found[0]
            continue
        keys = [k for k, v in good[0].items() if isinstance(v, float)]
        result[name] = {k: round(statistics.median(r[k] for r in good), 3) for k in keys} | {
            k: v for k, v in good[0].items() if not isinstance(v, float)
        }
    base = result["baseline"]
    for name in roots:
        mine = result[name]
        if "s" in mine and "s" in base:
            mine["ratio_baseline_over_this_wall"] = round(base["s"] / mine["s"], 2)
            mine["ratio_baseline_over_this_cpu"] = round(base["cpu_s"] / mine["cpu_s"], 2)
    if "one_core_s" in result["floor"]:
        for cores in ("one_core", "two_threads"):
            result["floor"][f"{cores}_ratio_baseline_over_floor_wall"] = round(
                base["s"] / result["floor"][f"{cores}_s"], 2
            )
            result["floor"][f"{cores}_ratio_baseline_over_floor_cpu"] = round(
                base["cpu_s"] / result["floor"][f"{cores}_cpu_s"], 2
            )
    result["repetitions"] = f"median of {repeats}, each part in a fresh process, in turns"
    result["load_average_before_after"] = [load_before, [round(x, 2) for x in os.getloadavg()]]
    return result


def profile(municipalities: int = 98, tasks: int = 300, data_root: Path = BENCHMARK_DIR) -> str:
    """pyinstrument over the files read one after the other (one thread: a readable tree)."""
    from pyinstrument import Profiler

    from screening.config import load_screening_config
    from screening.intake.reader import read_submission

    generated, _ = ensure_round(municipalities, tasks, 0, data_root)
    config = load_screening_config(generated.config_path)
    files = sorted(generated.templates_dir.glob("*.xlsx"))
    profiler = Profiler(interval=0.001)
    start, cpu = time.perf_counter(), time.process_time()
    profiler.start()
    for path in files:
        read_submission(path, config)
    profiler.stop()
    head = (
        f"{len(files)} files one after the other: {time.perf_counter() - start:.2f} s wall, "
        f"{time.process_time() - cpu:.2f} s CPU (with the profiler)\n"
    )
    return head + profiler.output_text(unicode=True, color=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.ingest", description=__doc__)
    parser.add_argument("--municipalities", type=int, default=98)
    parser.add_argument("--tasks", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--against", help="an earlier commit or branch whose reader to compare")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--steps", action="store_true", help="also the CPU time of each step")
    parser.add_argument("--part", choices=PARTS, help=argparse.SUPPRESS)
    parser.add_argument("where", nargs="*", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.part:
        print(json.dumps(PARTS[args.part](*args.where)))
    elif args.profile:
        print(profile(args.municipalities, args.tasks))
    else:
        result = measure(
            args.municipalities, args.tasks, args.repeats, args.against, with_steps=args.steps
        )
        print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
