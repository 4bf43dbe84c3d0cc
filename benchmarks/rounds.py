"""How long the round plan's statuses take at national scale: 98 municipalities, 4,700
candidates, about 66,000 decisions (phase 1 and 2) and a frozen list of 4,700 rows.

    uv run python -m benchmarks.rounds

Prints the median of three runs of :func:`screening.rounds.current.round_status`, what the
overview and Rundeplan call on every rerun, and of the timeline figure built from it.
"""

from __future__ import annotations

import json
import random
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import polars as pl

from screening.config import Municipality, ScreeningConfig, ScreeningRound
from screening.decisions.store import EVENT_SCHEMA
from screening.intake.submissions import SUBMISSION_SCHEMA
from screening.rounds.current import round_status


def national_round(seed: int = 1):
    rng = random.Random(seed)
    names = [f"Kommune {i:02d}" for i in range(98)]
    config = ScreeningConfig(
        ScreeningRound("2026", "Screeningsrunde 2026"),
        tuple(Municipality(n.lower(), n) for n in names),
    )
    candidates = [f"K-{i}" for i in range(4700)]
    proposers = [rng.sample(names, rng.choice([3, 5, 7, 9, 11])) for _ in candidates]
    gross = pl.DataFrame({"candidate_id": candidates, "municipalities": proposers})
    start = datetime(2026, 11, 1, tzinfo=UTC)
    columns = (
        "archived_as",
        "file",
        "municipality",
        "received_at",
        "status",
        "n_tasks",
        "n_errors",
    )
    submissions = pl.DataFrame(
        [(f"{n}.xlsx", f"{n}.xlsx", n, start, "modtaget", 300, 0) for n in names],
        schema={c: SUBMISSION_SCHEMA[c] for c in columns},
        orient="row",
    )
    events, event_id = [], 0
    for kind, value in (("priority", "high"), ("political_decision", "proceed")):
        for candidate, municipalities in zip(candidates, proposers, strict=True):
            for municipality in municipalities:
                event_id += 1
                events.append(
                    {
                        "event_id": event_id,
                        "recorded_at": (start + timedelta(seconds=event_id)).isoformat(),
                        "kind": kind,
                        "subject": f"{municipality}|{candidate}",
                        "version": 1,
                        "municipality": municipality,
                        "candidate_id": candidate,
                        "new_value": value,
                        "details": json.dumps({"title": candidate, "task_ids": [candidate]}),
                        "user_id": "u",
                        "user_name": "U",
                        "user_role": "direktion",
                    }
                )
    snapshot = {
        "snapshot_id": "S-1",
        "label": "Forelagt",
        "round_id": "2026",
        "frozen_at": start.isoformat(),
        "rows": json.dumps(
            [
                {"candidate_id": c, "municipalities": m, "rank": i}
                for i, (c, m) in enumerate(zip(candidates, proposers, strict=True), start=1)
            ]
        ),
    }
    return config, submissions, gross, pl.DataFrame(events, schema=EVENT_SCHEMA), [snapshot]


def main() -> None:
    from dashboard.rounds.charts import timeline  # the figure the pages draw

    config, submissions, gross, events, snapshots = national_round()
    plan = Path(tempfile.mkdtemp()) / "round_plan.toml"
    plan.write_text(
        'round = "2026"\n[[milestones]]\ncode = "mandate_approved"\n'
        "start = 2026-05-04\nend = 2026-05-18\n",
        encoding="utf-8",
    )
    status_times, chart_times = [], []
    for _ in range(3):
        began = time.perf_counter()
        status = round_status(
            config, plan, submissions, gross, events, snapshots, date(2026, 12, 2)
        )
        status_times.append(time.perf_counter() - began)
        began = time.perf_counter()
        timeline(status.milestones, status.today, "Milepæle")
        chart_times.append(time.perf_counter() - began)
    print(
        json.dumps(
            {
                "municipalities": len(config.municipalities),
                "candidates": gross.height,
                "decisions": events.height,
                "milestone_rows": status.milestones.height,
                "round_status_s": round(sorted(status_times)[1], 3),
                "timeline_s": round(sorted(chart_times)[1], 3),
            }
        )
    )


if __name__ == "__main__":
    main()
