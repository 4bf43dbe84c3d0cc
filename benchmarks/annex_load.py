"""«Overblik» while four users make committee annexes at once, before and after the annex desk.

    uv run python -m benchmarks.annex_load [--repeats 3]

The sample round is run into a temporary folder and its gross list frozen. «Overblik» is
rendered as a browser's session gets it (AppTest, in the same process as the annexes, as one
dashboard process serves every session): alone, then while four threads each draw an annex for
a different municipality — «before»: each drawing at once (what every click did); «after»:
through :mod:`screening.documents.annex_desk` (one drawing at a time). Reported: the median
«Overblik» time in each case, and how long the four annexes took.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import tempfile
import threading
import time
from pathlib import Path

from screening.config import DATA_DIR, load_screening_config

APP = Path(__file__).resolve().parents[1] / "dashboard" / "streamlit_app.py"
AUDIENCES = ("Aabenraa", "Haderslev", "Sønderborg", "Tønder")


def _overview_ms() -> float:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()
    at.switch_page("app_pages/overview.py")
    start = time.perf_counter()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return (time.perf_counter() - start) * 1000


def _draw_directly(engine, config, audience: str, folder: Path) -> None:
    from screening.documents.annex import build_annex, write_annex

    write_annex(build_annex(engine, config, audience), folder / f"{audience}.pdf")


def _draw_at_the_desk(engine, config, audience: str, folder: Path) -> None:
    from screening.documents import annex_desk

    annex_desk.annex_file(engine, config, audience, ".pdf")


def _under_load(draw, engine, config, folder: Path, repeats: int) -> tuple[float, float]:
    threads = [
        threading.Thread(target=draw, args=(engine, config, audience, folder))
        for audience in AUDIENCES
    ]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    times = []
    while any(t.is_alive() for t in threads) and len(times) < repeats:
        times.append(_overview_ms())
    for thread in threads:
        thread.join()
    return statistics.median(times), (time.perf_counter() - start) * 1000


def measure(repeats: int) -> dict:
    from dashboard.common import queries
    from pipelines.run import run_screening
    from screening.decisions import state
    from screening.decisions.record import freeze_snapshot
    from screening.decisions.store import open_store, read_events
    from screening.decisions.users import load_users
    from screening.store import published_path

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        shutil.copytree(DATA_DIR / "templates", root / "templates")
        os.environ.update(
            SCREENING_DB=str(root / "warehouse.duckdb"),
            SCREENING_TEMPLATES=str(root / "templates"),
            SCREENING_INBOX=str(root / "inbox"),
            SCREENING_DECISIONS_URL=f"sqlite:///{root / 'decisions.sqlite'}",
        )
        os.environ.pop("DAGSTER_HOME", None)
        assert run_screening().success
        config = load_screening_config()
        engine = open_store()
        gross_list = queries.read_gross_list(published_path(root / "warehouse.duckdb"))
        users = load_users(config)
        freeze_snapshot(
            engine,
            users["aabenraa.projektgruppe"],
            "KU",
            gross_list,
            state.priorities(read_events(engine)),
        )
        _overview_ms()  # warm: imports and caches, as a running dashboard has them
        alone = statistics.median(_overview_ms() for _ in range(repeats))
        before, before_annexes = _under_load(_draw_directly, engine, config, root, repeats)
        after, after_annexes = _under_load(_draw_at_the_desk, engine, config, root, repeats)
    return {
        "overview_ms_alone": round(alone),
        "overview_ms_four_annexes_before": round(before),
        "overview_ms_four_annexes_after": round(after),
        "four_annexes_ms_before": round(before_annexes),
        "four_annexes_ms_after": round(after_annexes),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=3)
    print(json.dumps(measure(parser.parse_args().repeats), indent=2))


if __name__ == "__main__":
    main()
