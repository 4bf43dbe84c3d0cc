"""How long the dashboard's server takes to answer a filter or a weight change,
which a reader must feel as instant.

    uv run python -m benchmarks.page_speed                    # the sample round and 98 × 300
    uv run python -m benchmarks.page_speed --national 0       # the sample round only
    uv run python -m benchmarks.page_speed --repeats 15 --out page_speed.json

The round is built the way production builds it (the Dagster job in this process, publishing the
dashboard's copy); the pages then run in Streamlit's ``AppTest``, which executes the page script
exactly as the server does for a browser, without the browser. What is timed is the server's
script run after the user's change (Streamlit's ``ScriptRunner._run_script``: the page's code,
its queries and the serialising of every table and chart it sends), not the test harness that
reads the result; the harness's wall time is reported beside it (``…_wall_ms``):

- «Bruttoliste», a municipality chosen in the «Kommune» filter (and removed again);
- «Vægte», one criterion's slider moved (and moved back): the list re-ranked under new weights.

Targets: ≤ 200 ms on the sample round, ≤ 1 s at national scale (98 municipalities). Each figure
is the median of ``repeats`` changes after one warm-up, so the first run's caches do not count
(a user's first visit pays them once, as shown by ``first_open_ms``).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.data import BENCHMARK_DIR, ensure_round
from screening.config import CONFIG_DIR, DATA_DIR

APP = Path(__file__).resolve().parents[1] / "dashboard" / "streamlit_app.py"
SAMPLE_TEMPLATES = DATA_DIR / "templates"
TARGET_MS = {"sample": 200, "national": 1000}


def build_round(templates: Path, config: Path | None, folder: Path) -> dict[str, str]:
    """Run the screening job on ``templates`` into ``folder``; the environment the app needs."""
    from pipelines.run import run_screening

    env = {
        "SCREENING_TEMPLATES": str(templates),
        "SCREENING_DB": str(folder / "warehouse.duckdb"),
        "SCREENING_INBOX": str(folder / "inbox"),
        "SCREENING_OVERRIDES": str(folder / "overrides" / "matches.csv"),
        "SCREENING_DECISIONS_URL": f"sqlite:///{folder / 'decisions.sqlite'}",
        "SCREENING_WEIGHTS": str(folder / "scoring.toml"),
    }
    if config is not None:
        env["SCREENING_CONFIG"] = str(config)
    shutil.copyfile(CONFIG_DIR / "scoring.toml", folder / "scoring.toml")
    os.environ.pop("SCREENING_CONFIG", None)  # the sample round uses the project's own config
    os.environ.update(env)
    os.environ.pop("DAGSTER_HOME", None)  # an ephemeral instance, not a real Dagster home
    result = run_screening()
    if not result.success:
        raise RuntimeError("the screening job failed; no published copy to measure")
    return env


_script_runs: list[float] = []


def _time_script_runs() -> None:
    """Record the duration of every script run the server does (in ms), once per process."""
    from streamlit.runtime.scriptrunner import script_runner

    original = script_runner.ScriptRunner._run_script
    if getattr(original, "timed", False):
        return

    def timed(self, rerun_data):
        start = time.perf_counter()
        try:
            return original(self, rerun_data)
        finally:
            _script_runs.append((time.perf_counter() - start) * 1000)

    timed.timed = True
    script_runner.ScriptRunner._run_script = timed


def _timed(action: Callable[[], object]) -> tuple[float, float]:
    """(server script time, harness wall time) in ms of the rerun ``action`` triggers."""
    _script_runs.clear()
    start = time.perf_counter()
    action()
    wall = (time.perf_counter() - start) * 1000
    return sum(_script_runs), wall


def _no_exception(at) -> None:
    if at.exception:
        raise RuntimeError([e.value for e in at.exception])


def measure_pages(repeats: int) -> dict:
    """Median server time (ms) of a filter change and a weight change, in the current env."""
    from streamlit.testing.v1 import AppTest

    from dashboard.shell import page_paths

    _time_script_runs()
    at = AppTest.from_file(str(APP), default_timeout=600)
    at.run()
    at.switch_page(page_paths.GROSS_LIST)
    first_open, _wall = _timed(at.run)
    _no_exception(at)
    choice = next(m for m in at.multiselect if m.label == "Kommune").options[0]

    def choose_municipality(i: int) -> None:
        widget = next(m for m in at.multiselect if m.label == "Kommune")
        widget.set_value([] if i % 2 else [choice])

    filter_times = _changes(at, choose_municipality, repeats)
    n_rows = at.dataframe[0].value.shape[0]

    at.switch_page(page_paths.WEIGHTS)
    weights_open, _wall = _timed(at.run)
    _no_exception(at)
    slider = at.slider[0]
    start_value = slider.value
    other = slider.max if start_value != slider.max else slider.min

    def move_slider(i: int) -> None:
        at.slider[0].set_value(other if i % 2 == 0 else start_value)

    weight_times = _changes(at, move_slider, repeats)
    return {
        "first_open_gross_list_ms": round(first_open, 1),
        "first_open_weights_ms": round(weights_open, 1),
        **_summary("filter_change", filter_times),
        "rows_after_last_filter_change": n_rows,
        **_summary("weight_change", weight_times),
        "slider": at.slider[0].label,
    }


def _changes(at, change: Callable[[int], None], repeats: int) -> list[tuple[float, float]]:
    """``repeats`` changes and their reruns; the first change warms the caches, uncounted."""
    times = []
    for i in range(repeats + 1):
        change(i)
        elapsed = _timed(at.run)
        _no_exception(at)
        if i:
            times.append(elapsed)
    return times


def _summary(name: str, times: list[tuple[float, float]]) -> dict:
    server = [s for s, _w in times]
    return {
        f"{name}_ms_median": round(statistics.median(server), 1),
        f"{name}_ms_all": [round(s, 1) for s in server],
        f"{name}_wall_ms_median": round(statistics.median(w for _s, w in times), 1),
    }


def run_case(name: str, templates: Path, config: Path | None, repeats: int) -> dict:
    with tempfile.TemporaryDirectory(prefix=f"page_speed_{name}_") as tmp:
        start = time.perf_counter()
        build_round(templates, config, Path(tmp))
        built_s = time.perf_counter() - start
        result = {"case": name, "round_built_s": round(built_s, 1), **measure_pages(repeats)}
        from screening.decisions.store import dispose_all

        dispose_all()  # the SQLite file is deleted with the folder
    target = TARGET_MS[name]
    worst = max(result["filter_change_ms_median"], result["weight_change_ms_median"])
    result["target_ms"] = target
    result["met"] = worst <= target
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.page_speed", description=__doc__)
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--national", type=int, default=98, help="municipalities; 0 skips it")
    parser.add_argument("--tasks", type=int, default=300, help="tasks per municipality")
    parser.add_argument("--data-dir", type=Path, default=BENCHMARK_DIR)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    results = [run_case("sample", SAMPLE_TEMPLATES, None, args.repeats)]
    if args.national:
        generated, _ = ensure_round(args.national, args.tasks, 0, args.data_dir)
        results.append(
            run_case("national", generated.templates_dir, generated.config_path, args.repeats)
        )
    report = {
        "load_average_1_5_15_min": [round(x, 2) for x in os.getloadavg()],
        "cases": results,
    }
    text = json.dumps(report, indent=2, ensure_ascii=False)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
