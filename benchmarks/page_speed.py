"""How long the dashboard's server takes to answer a filter or a weight change (issue 12).

    uv run python -m benchmarks.page_speed                    # the sample round and 98 × 300
    uv run python -m benchmarks.page_speed --national 0       # the sample round only
    uv run python -m benchmarks.page_speed --repeats 15 --out page_speed.json

The round is built the way production builds it (the Dagster job in this process, publishing the
dashboard's copy); the pages then run in Streamlit's ``AppTest``, which executes the page script
exactly as the server does for a browser, without the browser. What is timed is one rerun after
the user's change, from the widget's new value to the finished script run:

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


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def _no_exception(at) -> None:
    if at.exception:
        raise RuntimeError([e.value for e in at.exception])


def measure_pages(repeats: int) -> dict:
    """Median server time (ms) of a filter change and a weight change, in the current env."""
    from streamlit.testing.v1 import AppTest

    from dashboard import page_paths

    at = AppTest.from_file(str(APP), default_timeout=600)
    at.run()
    at.switch_page(page_paths.GROSS_LIST)
    first_open = _timed(at.run)
    _no_exception(at)
    municipality = next(m for m in at.multiselect if m.label == "Kommune")
    choice = municipality.options[0]
    filter_times = []
    for i in range(repeats + 1):  # the first change warms the caches and is not counted
        widget = next(m for m in at.multiselect if m.label == "Kommune")
        widget.set_value([] if i % 2 else [choice])
        elapsed = _timed(at.run)
        _no_exception(at)
        if i:
            filter_times.append(elapsed)
    n_rows = at.dataframe[0].value.shape[0]

    at.switch_page(page_paths.WEIGHTS)
    weights_open = _timed(at.run)
    _no_exception(at)
    slider = at.slider[0]
    low, high = slider.min, slider.max
    start_value = slider.value
    other = high if start_value != high else low
    weight_times = []
    for i in range(repeats + 1):
        at.slider[0].set_value(other if i % 2 == 0 else start_value)
        elapsed = _timed(at.run)
        _no_exception(at)
        if i:
            weight_times.append(elapsed)
    return {
        "first_open_gross_list_ms": round(first_open, 1),
        "first_open_weights_ms": round(weights_open, 1),
        "filter_change_ms_median": round(statistics.median(filter_times), 1),
        "filter_change_ms_all": [round(t, 1) for t in filter_times],
        "rows_after_last_filter_change": n_rows,
        "weight_change_ms_median": round(statistics.median(weight_times), 1),
        "weight_change_ms_all": [round(t, 1) for t in weight_times],
        "slider": at.slider[0].label,
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
