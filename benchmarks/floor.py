"""The physical floor of reading the templates: calamine alone, as the reader calls it, on every
file of a round, on one core (one file after the other) and on two (two threads, as
``read_folder`` reads). No file checks, no rows parsed in Python: what no amount of work in our
own code can go below on this machine."""

from __future__ import annotations

import statistics
import time
from concurrent.futures import ThreadPoolExecutor

from benchmarks.synthetic import SyntheticRound
from screening.intake.sheets import load_workbook


def calamine_floor(generated: SyntheticRound, repeats: int = 3) -> dict:
    files = sorted(generated.templates_dir.glob("*.xlsx"))
    load_workbook(files[0])  # the library loaded before the clock starts

    def one_core() -> None:
        for path in files:
            load_workbook(path)

    def two_cores() -> None:
        with ThreadPoolExecutor(max_workers=2) as pool:
            list(pool.map(load_workbook, files))

    result = {"files": len(files), "call": "screening.intake.sheets.load_workbook per file"}
    for name, work in (("one_core", one_core), ("two_threads", two_cores)):
        walls, cpus = [], []
        for _ in range(repeats):
            start, cpu = time.perf_counter(), time.process_time()
            work()
            walls.append(time.perf_counter() - start)
            cpus.append(time.process_time() - cpu)
        result[f"{name}_s"] = round(statistics.median(walls), 4)
        result[f"{name}_cpu_s"] = round(statistics.median(cpus), 4)
    result["repetitions"] = f"median of {repeats}"
    return result
