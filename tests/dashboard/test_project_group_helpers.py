"""Pure helpers behind the project group's pages: Danish times, findings order, decisions."""

from __future__ import annotations

from datetime import UTC, datetime

import polars as pl
from dashboard_sample_round import ScreeningRun

from dashboard.common import formatting, queries
from dashboard.intake import quality
from dashboard.matching import review
from screening.intake.findings import ERROR, WARNING, Finding, findings_frame
from screening.matching.overrides import MERGE, OVERRIDE_SCHEMA, SPLIT


def test_times_are_shown_in_danish_time_summer_and_winter() -> None:
    assert formatting.timestamp(datetime(2026, 7, 1, 10, 0, tzinfo=UTC)) == "01.07.2026 kl. 12.00"
    assert formatting.timestamp(datetime(2026, 1, 5, 10, 0, tzinfo=UTC)) == "05.01.2026 kl. 11.00"
    assert formatting.timestamp(None) == formatting.MISSING


def test_counts_and_lists_read_as_danish() -> None:
    assert formatting.count(1, "opgave", "opgaver") == "1 opgave"
    assert formatting.count(0, "opgave", "opgaver") == "0 opgaver"
    assert formatting.and_listing([6, 9, 12]) == "6, 9 og 12"
    assert formatting.and_listing([7]) == "7"
    assert formatting.share(0.3745) == "37 %"


def test_findings_put_errors_first_and_name_file_level_errors() -> None:
    findings = findings_frame(
        [
            Finding(WARNING, "f.xlsx", "advarsel", sheet="Opgaver", row=4, column="C"),
            Finding(ERROR, "f.xlsx", "rækkefejl", sheet="Opgaver", row=9, column="B"),
            Finding(ERROR, "f.xlsx", "rækkefejl tidligere", sheet="Opgaver", row=5, column="P"),
            Finding(ERROR, "f.xlsx", "filfejl", file_level=True),
        ]
    )
    table = quality.findings_table(findings)
    assert table["Besked"].to_list() == ["filfejl", "rækkefejl tidligere", "rækkefejl", "advarsel"]
    assert table["Alvor"].to_list() == ["Fejl (hele filen)", "Fejl", "Fejl", "Advarsel"]
    assert table["Række"].to_list() == [None, 5, 9, 4]


def test_participants_without_a_current_file_are_named(screening_run: ScreeningRun) -> None:
    submissions = queries.read_submissions(screening_run.published)
    assert quality.missing_municipalities(submissions, ["Aabenraa", "Tønder"]) == []
    assert quality.missing_municipalities(submissions, ["Aabenraa", "Fanø"]) == ["Fanø"]


def _decisions(*rows: tuple[str, str, str, str]) -> pl.DataFrame:
    return pl.DataFrame(
        [
            {"action": a, "task_id": t, "other_task_id": o, "note": None, "decided_by": None}
            | {"decided_at": at}
            for a, t, o, at in rows
        ],
        schema=OVERRIDE_SCHEMA,
    )


def test_the_newest_decision_per_pair_wins_and_pending_ones_are_marked() -> None:
    decisions = _decisions(
        (MERGE, "a:x", "b:x", "2026-11-20T09:00:00+00:00"),
        (SPLIT, "b:x", "a:x", "2026-11-21T09:00:00+00:00"),
    )
    applied = decisions.head(1)  # the last run read only the first decision
    latest = review.latest_decisions(decisions)
    assert latest[frozenset(("a:x", "b:x"))]["action"] == SPLIT
    tasks = pl.DataFrame(
        {"task_id": ["a:x", "b:x"], "title": ["Løn", "Lønkontor"], "municipality": ["A", "B"]}
    )
    table = review.decisions_table(decisions, tasks, applied)
    assert table["Beslutning"].to_list() == [
        review.ACTION_LABELS[SPLIT],
        review.ACTION_LABELS[MERGE],
    ]
    assert table["Status"].to_list() == [review.PENDING, review.APPLIED]
    assert table["Opgave"].to_list() == ["Lønkontor (B)", "Løn (A)"]
    assert table["Tidspunkt"].to_list()[0] == "21.11.2026 kl. 10.00"


def test_splitting_out_pairs_the_task_with_every_other_task() -> None:
    members = pl.DataFrame({"task_id": ["a:løn", "b:løn", "c:løn"]})
    assert review.split_pairs(members, "b:løn") == [("b:løn", "a:løn"), ("b:løn", "c:løn")]


def test_review_shows_the_joins_that_change_the_list_first_then_the_near_misses() -> None:
    tasks = pl.DataFrame({"task_id": list("abcdef"), "title": list("ABCDEF")})
    links = pl.DataFrame(
        [
            # task, other, confidence, accepted, joined
            ("a", "b", 0.29, True, True),
            ("a", "c", 0.25, True, True),
            ("b", "c", 0.22, True, False),  # inside a group already joined: changes nothing
            ("d", "e", 0.27, False, False),
            ("d", "f", 0.19, False, False),
        ],
        schema=["task_id", "other_task_id", "confidence", "accepted", "joined"],
        orient="row",
    ).with_columns(
        pl.lit(0.1).alias("title_similarity"),
        pl.lit(0.1).alias("description_similarity"),
        pl.lit("beregnet").alias("source"),
        pl.lit(True).alias("needs_review"),
    )
    items = review.review_items(links, tasks)
    assert [(i.task["task_id"], i.other["task_id"]) for i in items] == [
        ("a", "c"),  # the weakest join first
        ("a", "b"),
        ("b", "c"),
        ("d", "e"),  # then what was not joined, closest to joining first
        ("d", "f"),
    ]
