"""From a file landing in the inbox to the published warehouse holding it, through the run
worker (:mod:`pipelines.worker`), as ``screening up`` runs it.

    uv run python -m benchmarks.upload_to_list [--national 0]

The round is built first (a full run, not timed) and the worker is started (Dagster imported,
before the clock, as in a worker that has been up for a while). Then one municipality's revised
file is moved into the inbox, and the clock runs until the dashboard's copy of the warehouse
lists that file's checksum: the worker's next look at the inbox, the file standing still for one
look, the run's settling wait for a file written just now, the job (the new file read,
everything matched and scored again), and publishing. Sample:
the project's four templates, the first with one task's description changed; national: the
generated 98 × 300 round, the first municipality's rows redrawn.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

from benchmarks.data import BENCHMARK_DIR, ensure_round
from screening.config import DATA_DIR

TARGETS_S = {"sample": 5.0, "national": 15.0}
SAMPLE_TEMPLATES = DATA_DIR / "templates"


def _environment(folder: Path, templates: Path, config: Path | None) -> None:
    shutil.copytree(templates, folder / "templates")
    os.environ.update(
        {
            "SCREENING_TEMPLATES": str(folder / "templates"),
            "SCREENING_DB": str(folder / "warehouse.duckdb"),
            "SCREENING_INBOX": str(folder / "inbox"),
            "SCREENING_OVERRIDES": str(folder / "overrides.csv"),
            "SCREENING_DECISIONS_URL": f"sqlite:///{folder / 'decisions.sqlite'}",
        }
    )
    if config is None:
        os.environ.pop("SCREENING_CONFIG", None)
    else:
        os.environ["SCREENING_CONFIG"] = str(config)
    os.environ.pop("DAGSTER_HOME", None)  # an ephemeral instance, not a real Dagster home
    (folder / "inbox").mkdir()


def _revised_sample(target: Path) -> Path:
    import openpyxl

    from screening.template.spec import TASK_SHEET

    source = sorted(SAMPLE_TEMPLATES.glob("*.xlsx"))[0]
    book = openpyxl.load_workbook(source)
    sheet = book[TASK_SHEET]
    headers = [cell.value for cell in sheet[1]]
    column = headers.index("Beskrivelse") + 1
    row = next(r for r in range(3, sheet.max_row + 1) if sheet.cell(r, 1).value)
    sheet.cell(row, column).value = f"{sheet.cell(row, column).value or ''} (rettet)"
    book.save(target)
    return target


def _published_version() -> tuple[int, int] | None:
    """The published copy's inode and time: it changes only when a run publishes."""
    from screening import store
    from screening.config import warehouse_path

    try:
        info = store.published_path(warehouse_path()).stat()
    except FileNotFoundError:
        return None
    return info.st_ino, info.st_mtime_ns


def _published_holds(sha256: str) -> bool:
    from screening import store
    from screening.config import warehouse_path

    published = store.published_path(warehouse_path())
    if not published.exists():
        return False
    try:
        with store.connect(published, read_only=True) as con:
            # Compared here, not bound as a parameter: DuckDB's first bound Python value imports
            # pandas (seconds), which a dashboard has loaded long before and the clock must not
            # count.
            held = con.execute("SELECT DISTINCT sha256 FROM submissions").fetchall()
            return (sha256,) in held
    except Exception:  # the copy is being replaced at this moment: look again
        return False


def _wait_for(sha256: str, timeout_s: float) -> float:
    """Seconds until the published copy holds ``sha256``. The copy is opened only when a run
    has replaced it: opening it every few milliseconds would cost the run it measures, which
    shares this process, a good part of its CPU time."""
    start = time.perf_counter()
    seen = _published_version()
    while time.perf_counter() - start < timeout_s:
        version = _published_version()
        if version != seen:
            seen = version
            if _published_holds(sha256):
                break
        time.sleep(0.02)
    return time.perf_counter() - start


def measure(scale: str, data_root: Path = BENCHMARK_DIR, timeout_s: float = 300) -> dict:
    """Seconds from the revised file in the inbox to the published copy holding it."""
    from pipelines.run import run_screening
    from pipelines.worker import POLL_SECONDS, Worker
    from screening.intake.submission import file_sha256

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if scale == "sample":
            _environment(folder, SAMPLE_TEMPLATES, None)
            revised = _revised_sample(folder / "aabenraa-rettet.xlsx")
        else:
            from benchmarks.synthetic import write_resubmission

            generated, _ = ensure_round(98, 300, 0, data_root)
            _environment(folder, generated.templates_dir, generated.config_path)
            revised = write_resubmission(generated, 0, folder / "revideret.xlsx")
        start = time.perf_counter()
        worker = Worker()
        import_s = time.perf_counter() - start
        start = time.perf_counter()
        if not run_screening().success:
            return {"error": "the first run failed"}
        first_run_s = time.perf_counter() - start
        sha256 = file_sha256(revised)
        stop = threading.Event()
        serving = threading.Thread(target=worker.serve, args=(stop,), daemon=True)
        serving.start()
        time.sleep(2 * POLL_SECONDS)  # the worker has looked at the empty inbox
        # Written just now, as the upload page writes it: the run waits for such a file to
        # stand still for its settling time (screening.intake.inbox.SETTLE_SECONDS), and that
        # wait is part of what the user waits. A rename within one file system: it appears whole.
        os.utime(revised)
        revised.rename(folder / "inbox" / revised.name)
        cpu = time.process_time()
        seconds = _wait_for(sha256, timeout_s)
        # The worker runs in this process: its CPU time is the run's, whatever the load.
        cpu_s = time.process_time() - cpu
        held = _published_holds(sha256)
        stop.set()
        serving.join(timeout=timeout_s)
    return {
        "scale": scale,
        "upload_to_list_s": round(seconds, 3) if held else None,
        "cpu_s": round(cpu_s, 3),
        "target_s": TARGETS_S[scale],
        "worker_runs": worker.runs,
        "worker_start_s_not_timed": round(import_s, 3),
        "first_full_run_s_not_timed": round(first_run_s, 3),
        "poll_seconds": POLL_SECONDS,
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.upload_to_list", description=__doc__
    )
    parser.add_argument("--national", type=int, default=1, help="0: the sample round only")
    args = parser.parse_args(argv)
    from benchmarks.run import Runner

    runner = Runner()
    result = {"sample": runner(measure, "sample")}
    if args.national:
        result["national"] = runner(measure, "national")
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
