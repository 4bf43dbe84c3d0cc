"""pyinstrument profiles of the stages behind a missed target, summarised as hot spots.

Each profile runs the stage once more at the same scale (the data of the earlier stages is
prepared outside the profiler). The summary lists the functions with the most time of their own
and the project functions with the most time including their callees; the full call tree is
written beside the data as text.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from pyinstrument import Profiler

from benchmarks.synthetic import SyntheticRound
from screening.config import load_screening_config
from screening.intake.submissions import current_tasks, read_folder
from screening.matching import candidates as matching
from screening.ranking.gross_list import build_gross_list
from screening.ranking.scoring import load_scoring_config

# Which stages to profile for which missed target.
STAGES_FOR_TARGET = {
    "templates_to_gross_list_s": ("ingest", "match"),
    "ingest_speedup_vs_pandas_openpyxl": ("ingest",),
    "scale_4x_data_at_most_5x_time": ("ingest", "match"),
    "peak_memory_mib": ("match",),
    "rerank_ms": (),
    "sensitivity_1000_draws_s": (),
}
TOP = 12


def profile_stages(
    generated: SyntheticRound, scoring_path: Path, stages: set[str], out_dir: Path
) -> dict:
    config = load_screening_config(generated.config_path)
    scoring = load_scoring_config(scoring_path)
    out_dir.mkdir(parents=True, exist_ok=True)
    summaries = {}
    profiler = Profiler(interval=0.001)
    profiler.start()
    tasks = current_tasks(read_folder(generated.templates_dir, config))
    profiler.stop()
    if "ingest" in stages:
        summaries["ingest"] = _summary(profiler, out_dir / "ingest.txt")
    if stages & {"match", "score"}:
        profiler = Profiler(interval=0.001)
        profiler.start()
        links = matching.task_links(tasks)
        assignments, _ = matching.assign_candidates(tasks, links)
        profiler.stop()
        if "match" in stages:
            summaries["match"] = _summary(profiler, out_dir / "match.txt")
        if "score" in stages:
            profiler = Profiler(interval=0.001)
            profiler.start()
            scored = tasks.join(assignments, on="task_id", how="left")
            build_gross_list(scored, scoring, len(config.municipalities))
            profiler.stop()
            summaries["score"] = _summary(profiler, out_dir / "score.txt")
    return summaries


def _summary(profiler: Profiler, text_path: Path) -> dict:
    text_path.write_text(profiler.output_text(unicode=True, color=False), encoding="utf-8")
    root = profiler.last_session.root_frame()
    own: dict[str, float] = defaultdict(float)
    inclusive: dict[str, float] = defaultdict(float)

    def walk(frame, stack: frozenset[str]) -> None:
        key = _key(frame)
        children_time = sum(child.time for child in frame.children)
        own[key] += max(frame.time - children_time, 0.0)
        project = "screening/" in (frame.file_path or "") or "benchmarks/" in (
            frame.file_path or ""
        )
        if project and key not in stack:  # recursion counts once
            inclusive[key] += frame.time
        for child in frame.children:
            walk(child, stack | {key})

    if root is None:
        return {}
    walk(root, frozenset())
    total = root.time or 1.0
    return {
        "duration_s": round(root.time, 3),
        "top_own_time": _top(own, total),
        "top_project_functions_inclusive": _top(inclusive, total),
        "call_tree": str(text_path),
    }


def _key(frame) -> str:
    if frame.is_synthetic and frame.parent is not None:
        frame = frame.parent
    return f"{frame.function} ({frame.file_path_short}:{frame.line_no})"


def _top(times: dict[str, float], total: float) -> list[dict]:
    ranked = sorted(times.items(), key=lambda item: item[1], reverse=True)[:TOP]
    return [{"function": k, "s": round(v, 3), "share": round(v / total, 3)} for k, v in ranked]
