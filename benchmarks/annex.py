"""How long a committee annex takes, and two requests for it at once.

    uv run python -m benchmarks.annex [--candidates 42] [--repeats 5]

A frozen list of ``--candidates`` candidates (the sample round has 42) in a fresh SQLite store;
each annex is built (``build_annex``, charts included) and written as PDF. «A browser per annex»
closes the chart renderer before each annex, which is what drawing cost before the renderer was
kept open (a chromium started for every annex); «the process's browser» is the renderer as it is
used now, started once. Both run in this one process, medians of ``--repeats``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
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


def measure(candidates: int = 42, repeats: int = 5) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        engine, config, municipality = _store(folder, candidates)

        def annex(name: str) -> float:
            start = time.perf_counter()
            write_annex(build_annex(engine, config, municipality), folder / f"{name}.pdf")
            return time.perf_counter() - start

        annex("warm-up")  # imports and WeasyPrint's fonts, not the browser's start
        per_annex = []
        for i in range(repeats):
            charts._RENDERER.close()
            per_annex.append(annex(f"cold-{i}"))
        kept = [annex(f"warm-{i}") for i in range(repeats)]
        together: list[float] = []

        def one(i: int) -> None:
            together.append(annex(f"together-{i}"))

        start = time.perf_counter()
        threads = [threading.Thread(target=one, args=(i,)) for i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        both_s = time.perf_counter() - start
    return {
        "candidates": candidates,
        "annex_s_browser_per_annex_median": round(statistics.median(per_annex), 3),
        "annex_s_kept_browser_median": round(statistics.median(kept), 3),
        "two_at_once_s": round(both_s, 3),
        "two_at_once_each_s": sorted(round(t, 3) for t in together),
        "browsers_started": charts._RENDERER.started,
        "repetitions": f"median of {repeats}",
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.annex", description=__doc__)
    parser.add_argument("--candidates", type=int, default=42)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.candidates, args.repeats), indent=2))
    charts._RENDERER.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
