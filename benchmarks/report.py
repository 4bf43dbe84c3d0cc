"""The pipeline's speed targets checked against a benchmark result, and the cost-growth table."""

from __future__ import annotations

import statistics

STAGES = ("read", "validate_normalise", "match", "score", "write")
STAGE_HEADERS = ("read", "validate + normalise", "match", "score", "write")
MEMORY_STAGES = ("read_validate_normalise", "match", "score", "write")
MIB_PER_GIB = 1024


def _target(value, limit: float, at_most: bool, unit: str, measured_as: str) -> dict:
    met = None if value is None else (value <= limit if at_most else value >= limit)
    return {
        "target": f"{'≤' if at_most else '≥'} {limit:g} {unit}".strip(),
        "value": value,
        "met": met,
        "measured_as": measured_as,
    }


def targets(result: dict) -> dict:
    """Each target with its measured value and whether it is met (None: not measured)."""
    pipeline = result.get("pipeline") or {}
    dashboard = pipeline.get("dashboard") or {}
    baseline = result.get("baseline") or {}
    dagster = result.get("dagster") or {}
    scale = result.get("scale_check") or {}
    ingest = _ingest_s(pipeline)
    speedup = round(baseline["read_s"] / ingest, 2) if baseline.get("read_s") and ingest else None
    peaks = [p for p in (pipeline.get("process_peak_rss_mib"), dagster.get("process_peak_rss_mib"))]
    peaks = [p for p in peaks if p is not None]
    found = {
        "templates_to_gross_list_s": _target(
            pipeline.get("total_s"),
            10,
            True,
            "s",
            "read → validate/normalise → match → score → write + publish, domain functions "
            "in one process, single run",
        ),
        "ingest_speedup_vs_pandas_openpyxl": _target(
            speedup,
            10,
            False,
            "×",
            "baseline read_s / our (read + validate_normalise) s",
        ),
        "scale_4x_data_at_most_5x_time": _target(
            scale.get("time_ratio_over_allowed"),
            1.0,
            True,
            "",
            "time ratio / (1.25 × data ratio); ≤ 1 means 4× the data took ≤ 5× the time",
        ),
        "rerank_ms": _target(
            dashboard.get("rerank_ms_median"),
            100,
            True,
            "ms",
            "screening.ranking.scoring.score_values with another profile, median",
        ),
        "sensitivity_1000_draws_s": _target(
            dashboard.get("sensitivity_s_median"),
            2,
            True,
            "s",
            "screening.ranking.sensitivity.rank_intervals(draws=1000), median",
        ),
        "peak_memory_mib": _target(
            max(peaks) if peaks else None,
            MIB_PER_GIB,
            True,
            "MiB",
            "largest process peak RSS of the in-process pipeline and the Dagster run",
        ),
    }
    decisions = result.get("decisions") or {}
    for name, target in (decisions.get("targets") or {}).items():
        found[name] = {**target, "measured_as": "benchmarks.decisions, median in one run"}
    return found


def _ingest_s(pipeline: dict) -> float | None:
    stages = pipeline.get("stages_s") or {}
    if "read" not in stages:
        return None
    return stages["read"] + stages["validate_normalise"]


def scale_check(small: dict, large: dict) -> dict:
    """How time grows with the data: the ratio of totals against the ratio of tasks read."""
    data_ratio = large["tasks_read"] / small["tasks_read"]
    time_ratio = large["total_s"] / small["total_s"]
    allowed = 1.25 * data_ratio
    return {
        "small": f"{small['municipalities']} × {small['tasks_per_municipality']}",
        "large": f"{large['municipalities']} × {large['tasks_per_municipality']}",
        "data_ratio": round(data_ratio, 2),
        "time_ratio": round(time_ratio, 2),
        "allowed_time_ratio": round(allowed, 2),
        "time_ratio_over_allowed": round(time_ratio / allowed, 3),
        "stage_time_ratios": {
            stage: round(large["stages_s"][stage] / small["stages_s"][stage], 2)
            if small["stages_s"][stage]
            else None
            for stage in STAGES
        },
        "small_total_s": small["total_s"],
        "large_total_s": large["total_s"],
    }


def median_run(runs: list[dict]) -> dict:
    """One run_pipeline result whose times and peaks are the medians over ``runs``."""
    median = runs[len(runs) // 2] | {}

    def mid(values: list[float]) -> float:
        return statistics.median(values)

    for key in ("stages_s", "stage_details_s", "stage_peak_rss_mib"):
        median[key] = {name: mid([run[key][name] for run in runs]) for name in runs[0][key]}
    median["total_s"] = mid([run["total_s"] for run in runs])
    median["process_peak_rss_mib"] = mid([run["process_peak_rss_mib"] for run in runs])
    median["repetitions"] = f"median of {len(runs)} runs"
    return median


def median_baseline(runs: list[dict]) -> dict:
    """One baseline result whose times are the medians over ``runs``."""
    failed = [run for run in runs if "read_s" not in run]
    if failed:
        return failed[0]
    median = runs[0] | {}
    for key in ("read_s", "score_s", "total_s"):
        median[key] = round(statistics.median(run[key] for run in runs), 4)
    median["repetitions"] = f"median of {len(runs)} runs"
    return median


def markdown_table(rows: list[dict]) -> str:
    """Time and peak memory per stage for each size (rows are run_pipeline results)."""
    head = ["municipalities × tasks", "tasks read", "candidates", *STAGE_HEADERS, "total"]
    lines = [_row(head), _row(["---"] * 3 + ["--:"] * (len(head) - 3))]
    for r in rows:
        stages = r["stages_s"]
        lines.append(
            _row(
                [
                    f"{r['municipalities']} × {r['tasks_per_municipality']}",
                    f"{r['tasks_read']:,}",
                    f"{r['candidates']:,}",
                    *[_seconds(stages[s]) for s in STAGES],
                    f"**{_seconds(r['total_s'])}**",
                ]
            )
        )
    memory_head = [
        "municipalities × tasks",
        "read + validate",
        "match",
        "score",
        "write",
        "process",
    ]
    lines += ["", _row(memory_head), _row(["---"] + ["--:"] * (len(memory_head) - 1))]
    for r in rows:
        peaks = r["stage_peak_rss_mib"]
        lines.append(
            _row(
                [
                    f"{r['municipalities']} × {r['tasks_per_municipality']}",
                    *[f"{peaks[s]:,.0f} MiB" for s in MEMORY_STAGES],
                    f"{r['process_peak_rss_mib']:,.0f} MiB",
                ]
            )
        )
    return "\n".join(lines)


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _seconds(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"
