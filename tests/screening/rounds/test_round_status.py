"""Where the round stands, derived from what is recorded: real templates read by the intake,
real decisions written to the decision store (SQLite and PostgreSQL), on days the test fixes."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl
import pytest

from screening.config import load_screening_config
from screening.decisions import record
from screening.decisions.record import find_candidate
from screening.decisions.rights import NotAllowed
from screening.decisions.store import (
    EVENT_SCHEMA,
    Conflict,
    open_store,
    read_events,
    read_snapshots,
)
from screening.decisions.users import load_users
from screening.intake.submissions import read_folder, submissions_table
from screening.rounds.current import round_status
from screening.rounds.plan import PlanError, load_plan
from screening.rounds.plan_changes import record_milestone_mark, record_plan_change
from screening.template.spec import goal_column_code
from screening.template.writer import write_template
from screening.vocabulary import COOPERATION_FORMS, SERVICE_AREAS, TASK_TYPES, label_of

CONFIG = load_screening_config()
ROUND = CONFIG.round.id
DEADLINE = date(2026, 11, 27)
PLAN = f"""
round = "{ROUND}"

[[milestones]]
code = "mandate_approved"
start = 2026-05-04
end = 2026-05-18

[[milestones]]
code = "screening"
start = 2026-09-01
end = {DEADLINE.isoformat()}
[milestones.end_for]
"Tønder" = 2026-12-04

[[milestones]]
code = "directorate_treatment"
start = 2026-12-01
end = 2026-12-18
"""


@pytest.fixture(scope="module")
def users():
    return load_users(CONFIG)


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    path = tmp_path / "round_plan.toml"
    path.write_text(PLAN, encoding="utf-8")
    return path


def _task(title: str, description: str) -> dict:
    return {
        "title": title,
        "description": description,
        "service_area": label_of(SERVICE_AREAS, "it_digital"),
        "task_type": label_of(TASK_TYPES, "systems"),
        "cooperation_form": label_of(COOPERATION_FORMS, "shared_service"),
        goal_column_code("economic_efficiency"): True,
    }


def _received(path: Path, when: datetime) -> None:
    os.utime(path, (when.timestamp(), when.timestamp()))


def archive(folder: Path) -> pl.DataFrame:
    """Aabenraa on time, Haderslev two days late, Sønderborg's only file for the wrong round,
    nothing from Tønder: the submissions table the intake makes of it."""
    on_time = write_template(
        folder / "aabenraa.xlsx", "Aabenraa", ROUND, [_task("IT-drift", "Servere og net.")]
    )
    _received(on_time, datetime(2026, 11, 20, 9, tzinfo=UTC))
    late = write_template(
        folder / "haderslev.xlsx", "Haderslev", ROUND, [_task("IT-drift", "Drift af servere.")]
    )
    _received(late, datetime(2026, 11, 29, 9, tzinfo=UTC))
    wrong = write_template(
        folder / "sønderborg.xlsx", "Sønderborg", "2014", [_task("IT-drift", "Servere.")]
    )
    _received(wrong, datetime(2026, 11, 25, 9, tzinfo=UTC))
    return submissions_table(read_folder(folder, CONFIG), CONFIG)


def status_on(day: date, plan: Path, submissions: pl.DataFrame, engine=None, gross=None):
    events = read_events(engine) if engine is not None else pl.DataFrame()
    return round_status(
        CONFIG,
        plan,
        submissions,
        gross if gross is not None else pl.DataFrame(),
        events if engine is not None else _no_events(),
        read_snapshots(engine, with_rows=True) if engine is not None else [],
        day,
    )


def _no_events() -> pl.DataFrame:
    return pl.DataFrame(schema=EVENT_SCHEMA)


def _row(frame: pl.DataFrame, **where) -> dict:
    for column, value in where.items():
        frame = frame.filter(pl.col(column) == value)
    (row,) = frame.iter_rows(named=True)
    return row


def test_screening_is_done_when_the_accepted_submission_exists_and_late_when_after_the_deadline(
    tmp_path: Path, plan_file: Path
) -> None:
    submissions = archive(tmp_path / "templates")
    status = status_on(date(2026, 12, 2), plan_file, submissions)
    screening = status.milestones.filter(pl.col("milestone") == "screening")
    by_municipality = dict(zip(screening["municipality"], screening["status"], strict=True))
    assert by_municipality == {
        "Aabenraa": "done",  # accepted on 20 November, deadline 27 November
        "Haderslev": "done_late",  # accepted on 29 November
        "Sønderborg": "overdue",  # its only file is refused, and the deadline has passed
        "Tønder": "in_progress",  # nothing yet, but its own deadline is 4 December
    }
    sub = status.submissions
    assert _row(sub, municipality="Haderslev")["days_late"] == 2
    sønderborg = _row(sub, municipality="Sønderborg")
    assert (sønderborg["arrived"], sønderborg["accepted"]) == (True, False)
    assert sønderborg["open_errors"] >= 1 and sønderborg["open_errors_file"] == "sønderborg.xlsx"
    assert sønderborg["days_left"] == -5  # 27 November to 2 December: five days overdue
    tønder = _row(sub, municipality="Tønder")
    assert (tønder["arrived"], tønder["status_label"], tønder["days_left"]) == (
        False,
        "Ikke modtaget",
        2,
    )
    # The gross list cannot be whole while two municipalities are missing.
    gross = _row(status.milestones, milestone="gross_list")
    assert gross["status"] != "done" and gross["progress"].startswith("2 af 4")


def test_before_the_deadline_a_refused_file_is_in_progress_with_days_left(
    tmp_path, plan_file
) -> None:
    submissions = archive(tmp_path / "templates")
    status = status_on(date(2026, 11, 21), plan_file, submissions)
    row = _row(status.milestones, milestone="screening", municipality="Sønderborg")
    assert (row["status"], row["days_left"]) == ("in_progress", 6)
    assert _row(status.submissions, municipality="Sønderborg")["days_left"] == 6


def test_the_directorates_treatment_follows_the_recorded_priorities(
    tmp_path: Path, plan_file: Path, store_url: str, users
) -> None:
    engine = open_store(store_url)
    gross = pl.DataFrame(
        {
            "candidate_id": ["K-it", "K-loen"],
            "rank": [1, 2],
            "score": [70.0, 50.0],
            "title": ["IT-drift", "Løn"],
            "municipalities": [["Aabenraa", "Haderslev"], ["Aabenraa"]],
            "task_ids": [["aabenraa:it", "haderslev:it"], ["aabenraa:loen"]],
        }
    )
    submissions = archive(tmp_path / "templates")

    def aabenraa_on(day: date) -> dict:
        status = status_on(day, plan_file, submissions, engine, gross)
        return _row(status.milestones, milestone="directorate_treatment", municipality="Aabenraa")

    assert aabenraa_on(date(2026, 11, 30))["status"] == "planned"
    director = users["aabenraa.direktion"]
    record.record_priority(engine, director, find_candidate(gross, "K-it"), "høj")
    halfway = aabenraa_on(date(2026, 12, 2))
    assert (halfway["status"], halfway["progress"]) == (
        "in_progress",
        "1 af 2 egne kandidater prioriteret",
    )
    assert aabenraa_on(date(2026, 12, 19))["status"] == "overdue"
    record.record_priority(engine, director, find_candidate(gross, "K-loen"), "lav")
    done = aabenraa_on(date(2026, 12, 19))
    # Recorded today (after 18 December's deadline only if the test runs later than that).
    assert done["status"] in ("done", "done_late") and done["done_at"] is not None


def test_decisions_recorded_before_the_round_began_are_not_this_rounds(
    tmp_path: Path, store_url: str, users
) -> None:
    """A store serves round after round: a priority recorded before the plan began belongs to
    the earlier round and does not count here."""
    engine = open_store(store_url)
    gross = pl.DataFrame(
        {
            "candidate_id": ["K-it"],
            "rank": [1],
            "score": [70.0],
            "title": ["IT-drift"],
            "municipalities": [["Aabenraa"]],
            "task_ids": [["aabenraa:it"]],
        }
    )
    director = users["aabenraa.direktion"]
    record.record_priority(engine, director, find_candidate(gross, "K-it"), "høj")
    later_round = tmp_path / "later.toml"
    later_round.write_text(
        f'round = "{ROUND}"\n[[milestones]]\ncode = "mandate_approved"\nstart = 2099-01-05\n'
        "end = 2099-02-02\n",
        encoding="utf-8",
    )
    status = status_on(date(2099, 3, 1), later_round, archive(tmp_path / "t"), engine, gross)
    row = _row(status.milestones, milestone="directorate_treatment", municipality="Aabenraa")
    assert row["progress"] == "0 af 1 egne kandidater prioriteret"


def test_the_project_group_moves_a_deadline_and_a_colleagues_change_is_not_overwritten(
    tmp_path: Path, plan_file: Path, store_url: str, users
) -> None:
    engine = open_store(store_url)
    submissions = archive(tmp_path / "templates")
    group = users["haderslev.projektgruppe"]
    record_plan_change(
        engine,
        group,
        ROUND,
        "screening",
        "Sønderborg",
        date(2026, 9, 1),
        date(2026, 12, 11),
        "projektgruppe",
        expected_version=0,
    )
    status = status_on(date(2026, 12, 2), plan_file, submissions, engine)
    moved = _row(status.milestones, milestone="screening", municipality="Sønderborg")
    assert (moved["planned_end"], moved["status"], moved["changed_by"]) == (
        date(2026, 12, 11),
        "in_progress",
        "Karen Holm",
    )
    assert _row(status.submissions, municipality="Sønderborg")["days_left"] == 9
    # A colleague who saw the plan before that change cannot silently move it back.
    with pytest.raises(Conflict, match="Karen Holm"):
        record_plan_change(
            engine,
            users["aabenraa.projektgruppe"],
            ROUND,
            "screening",
            "Sønderborg",
            date(2026, 9, 1),
            date(2026, 11, 27),
            "projektgruppe",
            expected_version=0,
        )
    with pytest.raises(NotAllowed, match="ændre rundeplanen"):
        record_plan_change(
            engine,
            users["aabenraa.direktion"],
            ROUND,
            "screening",
            None,
            date(2026, 9, 1),
            date(2027, 1, 1),
            "projektgruppe",
        )


def test_a_milestone_the_data_cannot_show_is_marked_done_by_the_project_group(
    tmp_path: Path, plan_file: Path, store_url: str, users
) -> None:
    engine = open_store(store_url)
    submissions = archive(tmp_path / "templates")
    before = status_on(date(2026, 12, 2), plan_file, submissions, engine)
    assert _row(before.milestones, milestone="mandate_approved")["status"] == "overdue"
    record_milestone_mark(
        engine, users["toender.projektgruppe"], ROUND, "mandate_approved", date(2026, 5, 18)
    )
    after = _row(
        status_on(date(2026, 12, 2), plan_file, submissions, engine).milestones,
        milestone="mandate_approved",
    )
    assert (after["status"], after["done_at"]) == ("done", date(2026, 5, 18))
    assert after["marked_by"] == users["toender.projektgruppe"].name


def test_a_plan_file_with_an_unknown_milestone_or_for_another_round_says_what_to_fix(
    tmp_path: Path,
) -> None:
    wrong = tmp_path / "round_plan.toml"
    wrong.write_text(
        f'round = "{ROUND}"\n[[milestones]]\ncode = "mandate_approved"\nend = 2026-05-18\n'
        '[[milestones]]\ncode = "screeningen"\nend = 2026-11-27\n',
        encoding="utf-8",
    )
    with pytest.raises(PlanError, match="milepæl nr. 2: ukendt milepæl «screeningen»"):
        load_plan(wrong, ROUND, date(2026, 1, 1))
    other = tmp_path / "other.toml"
    other.write_text('round = "2030"\n', encoding="utf-8")
    with pytest.raises(PlanError, match="til runde «2030»"):
        load_plan(other, ROUND, date(2026, 1, 1))


def test_milestones_left_out_follow_the_mandates_sequence(tmp_path: Path) -> None:
    only_mandate = tmp_path / "round_plan.toml"
    only_mandate.write_text(
        f'round = "{ROUND}"\n[[milestones]]\ncode = "mandate_approved"\nend = 2026-05-18\n',
        encoding="utf-8",
    )
    plan = load_plan(only_mandate, ROUND, date(2026, 1, 1))
    ends = [m.end for m in plan.milestones]
    assert ends == sorted(ends), "the default keeps the mandate's order"
    by_code = {m.code: m for m in plan.milestones}
    assert by_code["political_treatment"].start.year == 2027  # phase 2 in the new year, as 2015
