"""A committee secretary's script, run as its own process by test_concurrent_decisions.py:
records N phase-1 priorities as one director, through the domain's write function.

Usage: python decision_writer.py USER_ID N TAG  (reads SCREENING_DB and SCREENING_DECISIONS_URL)
"""

from __future__ import annotations

import sys
import time

from screening import store
from screening.config import load_screening_config, warehouse_path
from screening.decisions import record
from screening.decisions.store import open_store
from screening.decisions.users import load_users

VALUES = ("høj", "middel", "lav", "vil gerne være med", "fravalgt")


def main(user_id: str, n: int, tag: str) -> None:
    user = load_users(load_screening_config())[user_id]
    with store.connect(store.published_path(warehouse_path()), read_only=True) as con:
        gross_list = store.read_table(con, "gross_list").sort("rank")
    engine = open_store()
    candidates = gross_list["candidate_id"].to_list()
    for i in range(n):
        candidate = record.find_candidate(gross_list, candidates[i % len(candidates)])
        record.record_priority(engine, user, candidate, VALUES[i % len(VALUES)], f"{tag}-{i}")
        time.sleep(0.05)  # spread over the run, as people clicking would be
    print("done", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3])
