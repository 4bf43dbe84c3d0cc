"""How long a committee annex takes, in wall time and in this process's CPU time, and a second
request for the same annex at once.

    uv run python -m benchmarks.annex [--candidates 42] [--repeats 5]
    uv run python -m benchmarks.annex --against 6a350e2   # the same runs on an earlier commit

A frozen list of ``--candidates`` candidates (the sample round has 42) in a fresh SQLite store;
each annex is built (``build_annex``, charts included) and written as PDF (or Word), in this one
process, medians of ``--repeats``:

- «a browser per annex»: the chart renderer closed before each annex (a chromium started for it),
  what an annex cost before the renderer was kept open;
- «charts drawn»: the process's browser draws the annex's two charts;
- «charts drawn before»: the same frozen list's charts were drawn for an earlier annex (another
  municipality's, or the Word file after the PDF) and are not drawn again;
- «two requests at once»: two users ask the annex desk for the same annex at the same moment.

CPU seconds are the whole process's (``time.process_time``); the charts' drawing runs in
chromium, so it shows in the wall time only. On a shared machine the CPU time is the steadier
figure. ``--against COMMIT`` runs this same script on that commit's code (``git archive`` into a
temporary folder), right after this checkout's, so both are measured in the same conditions.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import polars as pl

from screening.config import load_screening_config
from screening.decisions import record, state
from screening.decisions.store import open_store, read_events
from screening.decisions.users import load_users
from screening.documents import charts
from screening.documents.annex import build_annex, write_annex


def _store(folder: Path, candidates: int):
    config = load_screening_config()
    users = load_users(config)
    names = config.municipality_names()
    engine = open_store(f"sqlite:///{folder / 'decisions.sqlite'}")
    gross_list = pl.DataFrame(
        {
            "candidate_id": [f"K-{i}" for i in range(candidates)],
            "rank": list(range(1, candidates + 1)),
            "score": [90.0 - i * 80 / candidates for i in range(candidates)],
            "title": [f"Opgave nummer {i}" for i in range(candidates)],
            "municipalities": [[names[i % len(names)]] for i in range(candidates)],
            "task_ids": [[f"t{i}"] for i in range(candidates)],
            "potential_dkk": [1_000_000.0 + i for i in range(candidates)],
        }
    )
    freezer = users["aabenraa.projektgruppe"]
    record.freeze_snapshot(
        engine, freezer, "Benchmark", gross_list, state.priorities(read_events(engine))
    )
    return engine, config, names[0]


def _forget_charts() -> None:
    # An earlier commit (``--against``) has no kept charts: there every annex draws its own.
    forget = getattr(charts, "forget_drawn", None)
    if forget is not None:
        forget()


def _timed(work: Callable[[], object]) -> tuple[float, float]:
    start, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - start, time.process_time() - cpu


def _medians(runs: list[tuple[float, float]]) -> dict[str, float]:
    return {
        "wall_s": round(statistics.median(r[0] for r in runs), 3),
        "cpu_s": round(statistics.median(r[1] for r in runs), 3),
    }


def measure(candidates: int = 42, repeats: int = 5) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        engine, config, municipality = _store(folder, candidates)

        def annex(name: str, suffix: str = ".pdf") -> None:
            write_annex(build_annex(engine, config, municipality), folder / f"{name}{suffix}")

        annex("warm-up")  # imports, WeasyPrint's fonts and the browser's start
        annex("warm-up", ".docx")

        def after(prepare: Callable[[], None], name: str, suffix: str = ".pdf"):
            runs = []
            for i in range(repeats):
                prepare()
                runs.append(_timed(lambda i=i: annex(f"{name}-{i}", suffix)))
            return _medians(runs)

        def closed() -> None:
            charts._RENDERER.close()
            _forget_charts()

        browser_per_annex = after(closed, "cold")
        charts_drawn = after(_forget_charts, "drawn")
        charts_drawn_before = after(lambda: None, "kept")
        word = after(lambda: None, "kept", ".docx")
        content = build_annex(engine, config, municipality)

        def stage(work: Callable[[int], object]) -> dict[str, float]:
            return _medians([_timed(lambda i=i: work(i)) for i in range(repeats)])

        build = stage(lambda i: build_annex(engine, config, municipality))
        pdf = stage(lambda i: write_annex(content, folder / f"w{i}.pdf"))
        docx = stage(lambda i: write_annex(content, folder / f"w{i}.docx"))
        at_once = _same_annex_at_once(engine, config, municipality)
    return {
        "candidates": candidates,
        "annex_pdf_browser_per_annex": browser_per_annex,
        "annex_pdf_charts_drawn": charts_drawn,
        "annex_pdf_charts_drawn_before": charts_drawn_before,
        "annex_docx_charts_drawn_before": word,
        "stages_charts_drawn_before": {"build_annex": build, "write_pdf": pdf, "write_docx": docx},
        "same_annex_twice_at_once": at_once,
        "browsers_started": charts._RENDERER.started,
        "repetitions": f"median of {repeats}",
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def _same_annex_at_once(engine, config, municipality: str) -> dict:
    """Two users ask the annex desk for the same annex at the same moment (charts drawn)."""
    try:
        from screening.documents import annex_desk
    except ImportError:  # an earlier commit without the desk
        return {}
    _forget_charts()
    start = threading.Barrier(2)
    answers: dict[int, tuple[float, bool]] = {}

    def ask(i: int) -> None:
        start.wait()
        began = time.perf_counter()
        annex = annex_desk.annex_file(engine, config, municipality, ".pdf")
        answers[i] = (time.perf_counter() - began, annex.from_cache)

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    drawn, waited = sorted(answers.values(), key=lambda a: a[1])
    return {
        "first_drawn_s": round(drawn[0], 3),
        "second_from_cache": waited[1],
        "second_done_after_s": round(waited[0], 3),
    }


def _against(commit: str, argv: list[str]) -> dict:
    """This script run on ``commit``'s code, in a fresh process."""
    root = Path(__file__).resolve().parents[1]
    with tempfile.TemporaryDirectory() as tmp:
        archive = subprocess.run(
            ["git", "-C", str(root), "archive", commit], capture_output=True, check=True
        )
        subprocess.run(["tar", "-x", "-C", tmp], input=archive.stdout, check=True)
        # The same measuring code, on the earlier commit's product code.
        (Path(tmp) / "benchmarks" / "annex.py").write_text(Path(__file__).read_text())
        done = subprocess.run(
            [sys.executable, "-m", "benchmarks.annex", *argv],
            cwd=tmp,  # first on the path: the commit's packages, not this checkout's
            capture_output=True,
            text=True,
            check=True,
        )
    return json.loads(done.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.annex", description=__doc__)
    parser.add_argument("--candidates", type=int, default=42)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--against", help="also run on this earlier commit, after this checkout")
    args = parser.parse_args(argv)
    result = {"this_checkout": measure(args.candidates, args.repeats)}
    charts._RENDERER.close()
    if args.against:
        passed = ["--candidates", str(args.candidates), "--repeats", str(args.repeats)]
        result[args.against] = _against(args.against, passed)["this_checkout"]
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
