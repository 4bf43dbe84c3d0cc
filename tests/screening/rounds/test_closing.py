"""Closing the running round writes it as an earlier round's folder, which the next round
reads back beside its own; a closed round is never overwritten."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from screening.config import load_screening_config
from screening.decisions import record, state
from screening.decisions.record import find_candidate
from screening.decisions.rights import NotAllowed
from screening.decisions.store import EVENT_SCHEMA, open_store, read_events, read_snapshots
from screening.decisions.users import load_users
from screening.demo.rounds import write_demo_marks
from screening.intake.submissions import SUBMISSION_SCHEMA
from screening.rounds.archive import earlier_rounds, read_round
from screening.rounds.closing import CannotClose, close_round
from screening.rounds.comparison import compare_rounds
from screening.rounds.current import round_status

CONFIG = load_screening_config()
USERS = load_users(CONFIG)
GROSS = pl.DataFrame(
    {
        "candidate_id": ["K-it", "K-loen"],
        "rank": [1, 2],
        "score": [70.0, 50.0],
        "title": ["IT-drift", "Lønadministration «løn»"],
        "titles": [["IT-drift", "Drift af servere"], ["Lønadministration «løn»"]],
        "municipalities": [["Aabenraa", "Tønder"], ["Haderslev"]],
        "task_ids": [["aabenraa:it", "toender:it"], ["haderslev:loen"]],
        "service_area": ["it_digital", "payroll_hr"],
        "task_type": ["systems", "organisation"],
        "cooperation_form": ["shared_service", "shared_service"],
    }
)


def _status(engine, plan: Path):
    return round_status(
        CONFIG,
        plan,
        pl.DataFrame(schema=SUBMISSION_SCHEMA),
        GROSS,
        read_events(engine).cast(EVENT_SCHEMA),
        read_snapshots(engine, with_rows=True),
        date(2027, 6, 1),
    )


def test_a_closed_round_is_read_back_as_an_earlier_round(store_url: str, tmp_path: Path) -> None:
    engine = open_store(store_url)
    plan = tmp_path / "plan.toml"
    plan.write_text(
        f'round = "{CONFIG.round.id}"\n[[milestones]]\ncode = "mandate_approved"\n'
        "start = 2026-05-04\nend = 2026-05-18\n",
        encoding="utf-8",
    )
    group = USERS["aabenraa.projektgruppe"]
    with pytest.raises(CannotClose, match="ingen fastfrosset bruttoliste"):
        close_round(
            engine, group, _status(engine, plan), [], [], pl.DataFrame(), tmp_path, date.today()
        )
    record.freeze_snapshot(
        engine, group, "Forelagt KU", GROSS, state.priorities(read_events(engine)),
        round_id=CONFIG.round.id,
    )  # fmt: skip
    for user_id in ("aabenraa.sekretariat", "toender.sekretariat"):
        record.record_political_decision(
            engine, USERS[user_id], find_candidate(GROSS, "K-it"), "ønsker at gå videre",
            committee="Økonomiudvalget", meeting_date="2027-02-01",
        )  # fmt: skip
    status = _status(engine, plan)
    political = state.political_decisions(read_events(engine))
    with pytest.raises(NotAllowed):
        close_round(
            engine, USERS["aabenraa.direktion"], status, CONFIG.municipality_names(),
            read_snapshots(engine, with_rows=True), political, tmp_path, date(2027, 6, 1),
        )  # fmt: skip
    closed = close_round(
        engine, group, status, CONFIG.municipality_names(),
        read_snapshots(engine, with_rows=True), political, tmp_path, date(2027, 6, 1),
    )  # fmt: skip
    assert closed.n_candidates == 2

    back = read_round(tmp_path / CONFIG.round.id)  # the file read back with tomllib
    assert back.round.label == CONFIG.round.label
    assert back.candidates["title"].to_list() == ["IT-drift", "Lønadministration «løn»"]
    it = back.candidates.row(0, named=True)
    assert it["assessment"] == "Ønsker at gå videre: Aabenraa, Tønder"
    assert it["municipalities"] == ["Aabenraa", "Tønder"]
    mandate = back.milestones.filter(pl.col("milestone") == "mandate_approved")
    assert mandate["status"].to_list() == ["not_recorded"]  # never marked done: not invented
    assert "Mette Lund" in back.round.note
    # The next round compares with it: the same candidates are proposed again.
    current = GROSS.with_columns(description=pl.col("titles").list.join(". "))
    compared = compare_rounds(back.candidates, current)
    assert compared["comparison"].to_list() == ["proposed_again", "proposed_again"]
    # While the round is still the one in config, its folder is not an «earlier» round.
    assert earlier_rounds(tmp_path, running=CONFIG.round.id) == []
    assert [r.round.id for r in earlier_rounds(tmp_path)] == [CONFIG.round.id]
    with pytest.raises(CannotClose, match="overskrives aldrig"):
        close_round(
            engine, group, status, CONFIG.municipality_names(),
            read_snapshots(engine, with_rows=True), political, tmp_path, date(2027, 6, 2),
        )  # fmt: skip
    (event,) = read_events(engine).filter(pl.col("kind") == "round_closed").iter_rows(named=True)
    assert event["user_name"] == "Mette Lund"


def test_the_demo_marks_the_milestones_behind_the_sample_round(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SCREENING_TODAY", "2026-12-02")
    engine = open_store(store_url)
    assert write_demo_marks(engine, USERS, CONFIG) == 2
    marks = read_events(engine).filter(pl.col("kind") == "round_milestone")
    assert sorted(marks["subject"]) == [
        f"{CONFIG.round.id}|mandate_approved|*",
        f"{CONFIG.round.id}|screening_tool|*",
    ]
    assert set(marks["user_role"]) == {"projektgruppe"}
