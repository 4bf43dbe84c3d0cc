"""Benchmark the screening pipeline at national scale and print JSON.

    uv run python -m benchmarks.run                      # 98 × 300, baseline, Dagster run
    uv run python -m benchmarks.run --scale-check        # … and 24 × 300 to see how time grows
    uv run python -m benchmarks.run --table              # cost-growth table (Markdown)
    uv run python -m benchmarks.run --municipalities 4 --tasks 20 --no-dagster

Each measurement runs in a fresh process (spawned), so one's memory does not count in the
next one's peak and imports are not timed; ``--in-process`` skips that (tests). A watchdog ends
a measurement whose memory passes ``--memory-limit-mib`` instead of letting the machine run out.
Generated data is cached under ``data/benchmark/`` by (municipalities, tasks, seed).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from benchmarks import report
from benchmarks.baseline import run_baseline_for
from benchmarks.data import BENCHMARK_DIR, ensure_round
from screening.config import CONFIG_DIR

SCORING = CONFIG_DIR / "scoring.toml"
TABLE_SIZES = ((4, 20), (4, 300), (16, 300), (49, 300), (98, 300))
DEFAULT_MEMORY_LIMIT_MIB = 12 * 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__)
    parser.add_argument("--municipalities", type=int, default=98)
    parser.add_argument("--tasks", type=int, default=300, help="tasks per municipality")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--scale-check",
        action="store_true",
        help="also run a quarter of the municipalities and compare the growth of time",
    )
    parser.add_argument("--scale-municipalities", type=int, default=None)
    parser.add_argument("--table", action="store_true", help="print the cost-growth table")
    parser.add_argument("--table-repeats", type=int, default=3, help="runs per size (median)")
    parser.add_argument(
        "--repeats", type=int, default=3, help="pipeline and baseline runs (medians are reported)"
    )
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--no-dagster", action="store_true")
    parser.add_argument("--no-incremental", action="store_true")
    parser.add_argument("--no-decisions", action="store_true", help="skip the decision store")
    parser.add_argument(
        "--no-upload", action="store_true", help="skip inbox → published list (run worker)"
    )
    parser.add_argument(
        "--profile", action="store_true", help="pyinstrument the stages of missed targets"
    )
    parser.add_argument("--in-process", action="store_true", help="no fresh process per part")
    parser.add_argument("--data-dir", type=Path, default=BENCHMARK_DIR)
    parser.add_argument("--memory-limit-mib", type=int, default=DEFAULT_MEMORY_LIMIT_MIB)
    parser.add_argument("--out", type=Path, help="also write the JSON here")
    args = parser.parse_args(argv)
    runner = Runner(isolate=not args.in_process, memory_limit_mib=args.memory_limit_mib)
    if args.table:
        result = growth_table(runner, args.seed, args.data_dir, args.table_repeats)
        text = result["markdown"]
    else:
        result = benchmark(
            args.municipalities,
            args.tasks,
            args.seed,
            runner=runner,
            data_root=args.data_dir,
            baseline=not args.no_baseline,
            dagster=not args.no_dagster,
            incremental=not args.no_incremental,
            decisions=not args.no_decisions,
            upload=not args.no_upload,
            scale_municipalities=(
                (args.scale_municipalities or max(1, round(args.municipalities / 4)))
                if args.scale_check
                else None
            ),
            profile=args.profile,
            repeats=args.repeats,
        )
        text = json.dumps(result, indent=2, ensure_ascii=False)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    print(text)
    return 0


class Runner:
    """Runs one measurement, in a fresh spawned process unless ``isolate`` is off."""

    def __init__(self, isolate: bool = True, memory_limit_mib: int = DEFAULT_MEMORY_LIMIT_MIB):
        self.isolate = isolate
        self.memory_limit_mib = memory_limit_mib

    def __call__(self, work: Callable, *args, **kwargs) -> dict:
        if not self.isolate:
            return work(*args, **kwargs)
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(
            max_workers=1,
            mp_context=context,
            initializer=_watch_memory,
            initargs=(self.memory_limit_mib,),
        ) as pool:
            try:
                return pool.submit(work, *args, **kwargs).result()
            except BrokenProcessPool:
                return {
                    "error": f"the measurement process died; its memory passed "
                    f"{self.memory_limit_mib} MiB (the watchdog's limit) or it was killed"
                }


def _watch_memory(limit_mib: int) -> None:
    """End this process if its resident memory passes ``limit_mib``."""

    def watch() -> None:
        while True:
            with open("/proc/self/status") as status:
                for line in status:
                    if line.startswith("VmRSS:") and int(line.split()[1]) > limit_mib * 1024:
                        print(f"benchmark watchdog: over {limit_mib} MiB", file=sys.stderr)
                        os._exit(3)
            time.sleep(0.05)

    if Path("/proc/self/status").exists():
        threading.Thread(target=watch, daemon=True).start()


def benchmark(
    municipalities: int,
    tasks: int,
    seed: int = 0,
    *,
    runner: Runner | None = None,
    data_root: Path = BENCHMARK_DIR,
    baseline: bool = True,
    dagster: bool = True,
    incremental: bool = True,
    scale_municipalities: int | None = None,
    profile: bool = False,
    rerank_repeats: int = 20,
    sensitivity_repeats: int = 5,
    repeats: int = 3,
    decisions: bool = True,
    upload: bool = True,
) -> dict:
    from benchmarks.pipeline import run_pipeline

    runner = runner or Runner()
    generated, generation_s = ensure_round(municipalities, tasks, seed, data_root)
    result: dict = {
        "case": f"{municipalities} municipalities × {tasks} tasks, seed {seed}",
        "data": str(generated.folder),
        "generation_s": None if generation_s is None else round(generation_s, 2),
        "generation_note": "cached" if generation_s is None else "generated in this run",
        "machine": _machine(),
        "isolation": "each part in a fresh spawned process"
        if runner.isolate
        else "all parts in this process",
    }
    # The machines are shared and noisy: the pipeline and the baseline run ``repeats`` times,
    # each in a fresh process, and their medians are reported. The dashboard path and the
    # partial refresh (medians of their own repetitions) come from the first run.
    first = runner(
        run_pipeline,
        generated,
        SCORING,
        rerank_repeats=rerank_repeats,
        sensitivity_repeats=sensitivity_repeats,
        incremental=incremental,
    )
    runs = [first] + [
        runner(run_pipeline, generated, SCORING, **_QUICK) for _ in range(max(0, repeats - 1))
    ]
    result["pipeline"] = _median_of(runs, keep_from=first)
    if baseline:
        result["baseline"] = report.median_baseline(
            [runner(run_baseline_for, generated, SCORING) for _ in range(max(1, repeats))]
        )
        ours = report._ingest_s(result["pipeline"])
        if ours and "read_s" in result["baseline"]:
            result["baseline"]["ingest_ratio_ours_over_baseline"] = round(
                ours / result["baseline"]["read_s"], 4
            )
            result["baseline"]["total_ratio_ours_over_baseline"] = round(
                result["pipeline"]["total_s"] / result["baseline"]["total_s"], 4
            )
        # The floor: calamine alone, what the ratio could reach with no work of ours at all.
        from benchmarks.floor import calamine_floor

        result["ingest_floor"] = runner(calamine_floor, generated, repeats)
        if "one_core_s" in result["ingest_floor"] and "read_s" in result["baseline"]:
            floor = result["ingest_floor"]
            for cores in ("one_core", "two_threads"):
                floor[f"{cores}_ratio_baseline_over_floor"] = round(
                    result["baseline"]["read_s"] / floor[f"{cores}_s"], 2
                )
    if dagster:
        from benchmarks.dagster_run import run_dagster

        result["dagster"] = runner(run_dagster, generated)
    if upload:
        from benchmarks.upload_to_list import measure as upload_to_list

        result["upload_to_list"] = {
            "sample": runner(upload_to_list, "sample", data_root),
            "national": runner(upload_to_list, "national", data_root),
        }
    if scale_municipalities:
        small_round, _ = ensure_round(scale_municipalities, tasks, seed, data_root)
        small = _median_of(
            [runner(run_pipeline, small_round, SCORING, **_QUICK) for _ in range(max(1, repeats))]
        )
        result["scale_check"] = (
            report.scale_check(small, result["pipeline"])
            if "error" not in small and "error" not in result["pipeline"]
            else {"error": small.get("error") or result["pipeline"].get("error")}
        )
    if decisions:
        from benchmarks.decisions import measure as measure_decisions

        result["decisions"] = runner(measure_decisions)
    result["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    result["targets"] = report.targets(result)
    result["targets_missed"] = [k for k, t in result["targets"].items() if t["met"] is False]
    if profile and result["targets_missed"]:
        from benchmarks.profile import STAGES_FOR_TARGET, profile_stages

        stages = {s for t in result["targets_missed"] for s in STAGES_FOR_TARGET.get(t, ())}
        if stages:
            result["profiles"] = runner(
                profile_stages, generated, SCORING, stages, generated.folder / "profiles"
            )
    return result


_QUICK = {"rerank_repeats": 3, "sensitivity_repeats": 1, "incremental": False}


def _median_of(runs: list[dict], keep_from: dict | None = None) -> dict:
    failed = [run for run in runs if "error" in run]
    if failed:
        return failed[0]
    median = report.median_run(runs)
    for key in ("dashboard", "incremental", "after_pipeline_peak_rss_mib"):
        if keep_from and key in keep_from:
            median[key] = keep_from[key]
    return median


def growth_table(
    runner: Runner, seed: int = 0, data_root: Path = BENCHMARK_DIR, repeats: int = 3
) -> dict:
    """The pipeline ``repeats`` times at each of TABLE_SIZES (each run in a fresh process), and
    the Markdown table of the medians of time and memory per stage."""
    from benchmarks.pipeline import run_pipeline

    rows = []
    for municipalities, tasks in TABLE_SIZES:
        generated, _ = ensure_round(municipalities, tasks, seed, data_root)
        runs = [
            runner(
                run_pipeline,
                generated,
                SCORING,
                rerank_repeats=3,
                sensitivity_repeats=1,
                incremental=False,
            )
            for _ in range(repeats)
        ]
        failed = [run for run in runs if "error" in run]
        if failed:
            rows.append(
                failed[0] | {"municipalities": municipalities, "tasks_per_municipality": tasks}
            )
        else:
            rows.append(report.median_run(runs))
    complete = [r for r in rows if "error" not in r]
    return {
        "machine": _machine(),
        "repetitions": f"median of {repeats} runs per size, each in a fresh process",
        "rows": rows,
        "markdown": report.markdown_table(complete)
        + f"\n\nMedians of {repeats} runs per size; the total is the median of the runs' totals."
        + "".join(
            f"\n\n{r['municipalities']} × {r['tasks_per_municipality']}: {r['error']}"
            for r in rows
            if "error" in r
        ),
    }


def _machine() -> dict:
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        # Other processes on the machine slow every wall time; the CPU times move less.
        "load_average_1_5_15_min": [round(x, 2) for x in os.getloadavg()],
    }


if __name__ == "__main__":
    sys.exit(main())
