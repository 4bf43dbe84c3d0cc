"""How fast the decision store answers in a meeting, at national scale.

    uv run python -m benchmarks.decisions                 # SQLite in a temporary folder
    uv run python -m benchmarks.decisions --url postgresql+psycopg://…   # another store

Two figures, each against the target a meeting needs, each the median of repeated calls in one run:

- recording one decision (``record_priority``: rights, vocabulary, optimistic concurrency and one
  committed insert) into a store that already holds a national round's decisions, ≤ 50 ms;
- the phase status of the national list — 98 municipalities' priorities and political
  decisions on ~4,700 candidates — as a dashboard page gets it after a new decision: the log
  topped up with what arrived (``EventLog.read``) and the status derived (``phase_status``),
  ≤ 300 ms. The derivation alone and a first read of the whole log are reported too.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from pathlib import Path

import polars as pl
import sqlalchemy as sa

from benchmarks.synthetic import MUNICIPALITY_NAMES
from screening.config import Municipality, ScreeningConfig, ScreeningRound
from screening.decisions import record, state
from screening.decisions.schema import decision_events
from screening.decisions.store import EventLog, now, open_store, read_events
from screening.decisions.users import User

RECORD_TARGET_MS = 50
STATUS_TARGET_MS = 300


def national_gross_list(candidates: int = 4_700, seed: int = 0) -> pl.DataFrame:
    """Candidates as a national round has them: most proposed by one municipality, some by many."""
    rng = random.Random(seed)
    rows = []
    for i in range(candidates):
        k = 1 if rng.random() < 0.7 else rng.randint(2, 40)
        municipalities = sorted(rng.sample(MUNICIPALITY_NAMES, k))
        rows.append(
            {
                "candidate_id": f"K-{i:05d}",
                "rank": i + 1,
                "title": f"Kandidat {i}",
                "municipalities": municipalities,
                "task_ids": [f"{m}:{i}" for m in municipalities],
            }
        )
    return pl.DataFrame(rows)


def fill_store(engine: sa.Engine, gross_list: pl.DataFrame, seed: int = 0) -> int:
    """Each municipality prioritises its own candidates and decides on them politically."""
    rng = random.Random(seed)
    stamp = now()
    rows = []
    for candidate, municipalities, tasks in gross_list.select(
        "candidate_id", "municipalities", "task_ids"
    ).iter_rows():
        details = json.dumps({"task_ids": tasks})
        for municipality in municipalities:
            for kind, phase, value in (
                ("priority", 1, rng.choice(("high", "medium", "low", "opted_out"))),
                ("political_decision", 2, rng.choice(("proceed", "decline", "postponed"))),
            ):
                rows.append(
                    {
                        "recorded_at": stamp,
                        "kind": kind,
                        "subject": f"{municipality}|{candidate}",
                        "version": 1,
                        "phase": phase,
                        "municipality": municipality,
                        "candidate_id": candidate,
                        "new_value": value,
                        "details": details,
                        "user_id": f"{municipality}.bench",
                        "user_name": "Benchmark",
                        "user_role": "direktion" if phase == 1 else "sekretariat",
                        "user_municipality": municipality,
                    }
                )
    with engine.begin() as connection:
        connection.execute(sa.insert(decision_events), rows)
    return len(rows)


def measure(
    url: str | None = None, repeats: int = 200, status_repeats: int = 7, candidates: int = 4_700
) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        engine = open_store(url or f"sqlite:///{Path(folder) / 'decisions.sqlite'}")
        gross_list = national_gross_list(candidates)
        n_events = fill_store(engine, gross_list)
        director = User("bench.direktion", "Benchmark", "Aabenraa", ("direktion",))
        ids = gross_list["candidate_id"].to_list()
        record_ms = []
        for i in range(repeats):
            candidate = record.find_candidate(gross_list, ids[i % len(ids)])
            started = time.perf_counter()
            record.record_priority(engine, director, candidate, ("høj", "lav")[i % 2])
            record_ms.append((time.perf_counter() - started) * 1000)
        status_ms, derive_ms, first_read_ms = [], [], []
        for _ in range(status_repeats):
            started = time.perf_counter()
            read_events(engine)
            first_read_ms.append((time.perf_counter() - started) * 1000)
        log = EventLog(engine)
        log.read()  # a dashboard process reads the whole log once, then tops it up
        for i in range(status_repeats):
            # A decision arrives between two page reruns, as in a meeting.
            record.record_priority(
                engine, director, record.find_candidate(gross_list, ids[i]), "middel"
            )
            started = time.perf_counter()
            events = log.read()
            derive_started = time.perf_counter()
            status = state.phase_status(gross_list, events)
            done = time.perf_counter()
            status_ms.append((done - started) * 1000)
            derive_ms.append((done - derive_started) * 1000)
        engine.dispose()
    config = ScreeningConfig(
        ScreeningRound("bench", "Benchmark"),
        tuple(Municipality(m, m) for m in MUNICIPALITY_NAMES),
    )
    record_median = round(statistics.median(record_ms), 2)
    status_median = round(statistics.median(status_ms), 1)
    return {
        "store": engine.url.get_backend_name(),
        "municipalities": len(config.municipalities),
        "candidates": gross_list.height,
        "events_in_store": n_events + repeats + status_repeats,
        "advancing_candidates": int(status["advances"].sum()),
        "record_decision_ms_median": record_median,
        "record_decision_ms_p95": round(sorted(record_ms)[int(0.95 * len(record_ms))], 2),
        "phase_status_ms_median": status_median,
        "phase_status_derive_only_ms_median": round(statistics.median(derive_ms), 1),
        "whole_log_first_read_ms_median": round(statistics.median(first_read_ms), 1),
        "targets": {
            "record_decision_ms": {
                "target": f"≤ {RECORD_TARGET_MS} ms",
                "value": record_median,
                "met": record_median <= RECORD_TARGET_MS,
            },
            "phase_status_national_ms": {
                "target": f"≤ {STATUS_TARGET_MS} ms",
                "value": status_median,
                "met": status_median <= STATUS_TARGET_MS,
            },
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.decisions", description=__doc__)
    parser.add_argument("--url", help="SQLAlchemy URL of the store (default: a temporary SQLite)")
    parser.add_argument("--repeats", type=int, default=200)
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.url, args.repeats), indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
