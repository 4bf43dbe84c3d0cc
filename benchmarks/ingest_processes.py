"""The national round read in two processes instead of one, to see what the wall time would gain
and what the CPU time would cost; the product reads in one process (two threads).

    uv run python -m benchmarks.ingest_processes [--repeats 3]

Each measurement runs in a fresh process, one process and two in turns. The two are forked after
the imports (so they do not import again) and each reads every other file; their readings are
pickled back and the round's four tables built from them, as ``benchmarks.ingest`` times «ours».
CPU time is the parent's and the children's together.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.data import BENCHMARK_DIR, ensure_round
from benchmarks.ingest import round_tables


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


_CONFIG: list = []  # the round's configuration, set before the fork so the children have it


def _read(path: Path):
    from screening.intake.reader import read_submission

    return read_submission(path, _CONFIG[0])


def measure_once(folder: Path, config_path: Path, processes: int) -> dict:
    import screening.intake.reader  # noqa: F401  (imported before the clock, and before the fork)
    from screening.config import load_screening_config
    from screening.intake.submissions import Received

    config = load_screening_config(config_path)
    _CONFIG[:] = [config]
    files = sorted(folder.glob("*.xlsx"))
    start, cpu = time.perf_counter(), _cpu()
    if processes == 1:
        read = [_read(path) for path in files]
    else:
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            read = pool.map(_read, files, chunksize=7)
    received = [
        Received(submission, path.name, datetime.fromtimestamp(path.stat().st_mtime, UTC))
        for submission, path in zip(read, files, strict=True)
    ]
    tables = round_tables(received, config)
    return {
        "s": time.perf_counter() - start,
        "cpu_s": _cpu() - cpu,
        "tasks": tables["current_tasks"].height,
        "findings": tables["findings_table"].height,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.ingest_processes")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--part", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.part:
        folder, config_path, processes = args.part
        print(json.dumps(measure_once(Path(folder), Path(config_path), int(processes))))
        return 0
    generated, _ = ensure_round(98, 300, 0, BENCHMARK_DIR)
    runs: dict[int, list[dict]] = {1: [], 2: []}
    for _ in range(args.repeats):
        for processes in runs:
            done = subprocess.run(
                [sys.executable, "-m", "benchmarks.ingest_processes", "--part"]
                + [str(generated.templates_dir), str(generated.config_path), str(processes)],
                capture_output=True,
                text=True,
                check=True,
            )
            runs[processes].append(json.loads(done.stdout.strip().splitlines()[-1]))
    result = {
        f"{processes} process{'es' if processes > 1 else ''}": {
            key: round(statistics.median(run[key] for run in found), 3) for key in ("s", "cpu_s")
        }
        | {"all": [(round(run["s"], 2), round(run["cpu_s"], 2)) for run in found]}
        for processes, found in runs.items()
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
