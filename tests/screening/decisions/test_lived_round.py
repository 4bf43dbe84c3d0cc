"""A round as it is lived: four municipalities send, resend, add a row, remove one and correct a
description, in random order, between and during the directorates' priorities and the
committees' decisions, recorded in a real decision store (SQLite and PostgreSQL). After every
run:

- every task that was there before is still in its candidate (nothing re-clusters it);
- no candidate id that carries a decision disappears, unless every task it had was removed by
  its municipality;
- a decision needs attention only through the decider's own municipality changing its task (or
  a candidate whose every task was removed); this round has no project-group merge or split.

Once as a fixed, seeded sequence, and as a property over random sequences (hypothesis).
"""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from screening.decisions.record import POLITICAL, PRIORITY
from screening.decisions.store import open_store
from tests.screening.decisions.sample_round import TOENDER_EXTRA, LivedRound

FOUR = ("Aabenraa", "Haderslev", "Sønderborg", "Tønder")
FILE_EVENTS = ("send", "add", "remove", "correct")
DECISION_EVENTS = ("prioritise", "decide")
PRIORITY_VALUES = ("høj", "middel", "lav", "fravalgt")


def apply(lived: LivedRound, kind: str, municipality: str, pick: int) -> bool:
    """One event of the round; True when it was a file (a run follows)."""
    rows = lived.files[municipality]
    if kind == "send":
        lived.send(municipality)  # the first file, or the same rows once more
    elif kind == "add":
        extra = next(
            (r for r in TOENDER_EXTRA if r["title"] not in {x["title"] for x in rows}), None
        )
        lived.send(municipality, rows + ([extra] if extra else []))
    elif kind == "remove":
        keep = [r for i, r in enumerate(rows) if i != pick % len(rows)] if len(rows) > 1 else rows
        lived.send(municipality, keep)
    elif kind == "correct":
        at = pick % len(rows)
        corrected = dict(rows[at], description=rows[at]["description"] + " Tallene er rettet.")
        lived.send(municipality, [corrected if i == at else r for i, r in enumerate(rows)])
    elif lived.tasks is not None:
        candidates = lived.gross_list()["candidate_id"].to_list()
        candidate = candidates[pick % len(candidates)]
        if kind == "prioritise":
            lived.prioritise(municipality, candidate, PRIORITY_VALUES[pick % 4])
        else:
            lived.freeze()  # the committee decides on the list as presented
            lived.decide_politically(municipality, candidate)
    return kind in FILE_EVENTS


def decided_candidates(lived: LivedRound) -> set[str]:
    events = lived.events()
    return set(events.filter(pl.col("kind").is_in([PRIORITY, POLITICAL]))["candidate_id"])


def check(lived: LivedRound, before: pl.DataFrame | None, decided: set[str]) -> None:
    after = lived.tasks
    if before is not None:
        was = dict(before.select("task_id", "candidate_id").iter_rows())
        now = dict(after.select("task_id", "candidate_id").iter_rows())
        moved = {t: (c, now[t]) for t, c in was.items() if t in now and now[t] != c}
        assert moved == {}, "a task that was there before changed candidate"
        previous_members = before.group_by("candidate_id").agg("task_id")
        withdrawn = {
            c for c, tasks in previous_members.iter_rows() if not any(t in now for t in tasks)
        }
        gone = (decided & set(was.values())) - set(now.values())
        assert gone <= withdrawn, "a decided candidate disappeared with tasks still sent"
    on_list = set(after["candidate_id"])
    for row in lived.attention().iter_rows(named=True):
        own = row["municipality"] in row["caused_by"]
        withdrawn_candidate = row["candidate_id"] not in on_list and row["cause"].startswith(
            tuple(f"{m} har fjernet" for m in FOUR)
        )
        assert own or withdrawn_candidate, f"stranded by someone else's file: {row}"


def live(lived: LivedRound, events: list[tuple[str, str, int]]) -> None:
    for kind, municipality, pick in events:
        if kind in FILE_EVENTS and kind != "send" and not lived.sent_by(municipality):
            kind = "send"  # a municipality's first file comes before its corrections
        decided = decided_candidates(lived)
        before = lived.tasks
        if apply(lived, kind, municipality, pick):
            lived.run()
            check(lived, before, decided)


def seeded_round(seed: int) -> list[tuple[str, str, int]]:
    rng = random.Random(seed)
    first = [("send", m, 0) for m in rng.sample(FOUR, 2)]  # two files before the first run
    rest = [
        (rng.choice(FILE_EVENTS + DECISION_EVENTS * 2), rng.choice(FOUR), rng.randrange(100))
        for _ in range(18)
    ]
    return first + rest


def test_a_lived_round_keeps_every_task_and_decision_where_it_was(tmp_path, store_url):
    lived = LivedRound(tmp_path / "skabeloner", open_store(store_url))
    live(lived, seeded_round(2026))
    assert lived.tasks["municipality"].n_unique() >= 3
    assert len(decided_candidates(lived)) >= 3


EVENT = st.tuples(
    st.sampled_from(FILE_EVENTS + DECISION_EVENTS), st.sampled_from(FOUR), st.integers(0, 99)
)


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(events=st.lists(EVENT, min_size=3, max_size=8))
def test_any_sequence_of_files_and_decisions_keeps_them_where_they_were(store_url, events):
    # One store for every example: each example reads only the decisions it wrote itself.
    with tempfile.TemporaryDirectory() as folder:
        lived = LivedRound(Path(folder) / "skabeloner", open_store(store_url))
        live(lived, [("send", "Aabenraa", 0), *events])
