"""What SQLite's ``synchronous=FULL`` costs per decision, against ``NORMAL``, in one run.

    uv run python -m benchmarks.durability [--records 300]

Two SQLite stores in a temporary folder, the same code, one switched back to ``NORMAL``; each
round records one priority in each store, alternately, so both see the same machine load. The
figure is the median of ``record_priority`` (rights, vocabulary, optimistic concurrency and one
committed insert) per store.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

import polars as pl
import sqlalchemy as sa

from screening.decisions import record
from screening.decisions.store import open_store
from screening.decisions.users import User

DIRECTOR = User("d", "Direktør", "Aabenraa", ("direktion",))
VALUES = ("høj", "middel", "lav")


def _normal(engine: sa.Engine) -> sa.Engine:
    @sa.event.listens_for(engine, "connect")
    def _back_to_normal(dbapi_connection, _record) -> None:  # after the store's own pragmas
        dbapi_connection.execute("PRAGMA synchronous=NORMAL")

    engine.dispose()  # new connections, with both listeners
    return engine


def measure(records: int) -> dict:
    candidates = [f"K-{i:04d}" for i in range(records)]
    gross_list = pl.DataFrame(
        {
            "candidate_id": candidates,
            "rank": list(range(1, records + 1)),
            "score": [50.0] * records,
            "title": [f"Opgave {i}" for i in range(records)],
            "municipalities": [["Aabenraa"]] * records,
            "task_ids": [[c] for c in candidates],
        }
    )
    with tempfile.TemporaryDirectory() as folder:
        stores = {
            "FULL": open_store(f"sqlite:///{Path(folder) / 'full.sqlite'}"),
            "NORMAL": _normal(open_store(f"sqlite:///{Path(folder) / 'normal.sqlite'}")),
        }
        for name, engine in stores.items():
            with engine.connect() as connection:
                mode = connection.exec_driver_sql("PRAGMA synchronous").scalar()
            assert mode == {"FULL": 2, "NORMAL": 1}[name], (name, mode)
        times: dict[str, list[float]] = {name: [] for name in stores}
        for i, candidate_id in enumerate(candidates):
            candidate = record.find_candidate(gross_list, candidate_id)
            for name, engine in stores.items():
                start = time.perf_counter()
                record.record_priority(engine, DIRECTOR, candidate, VALUES[i % 3])
                times[name].append((time.perf_counter() - start) * 1000)
        for engine in stores.values():
            engine.dispose()
    full, normal = statistics.median(times["FULL"]), statistics.median(times["NORMAL"])
    return {
        "records": records,
        "median_ms_full": round(full, 2),
        "median_ms_normal": round(normal, 2),
        "extra_ms_per_decision": round(full - normal, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=300)
    print(json.dumps(measure(parser.parse_args().records), indent=2))


if __name__ == "__main__":
    main()
