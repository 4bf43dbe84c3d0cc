"""A new file from a municipality says what it changes before it counts, an earlier file sent
again rolls back to it, and only a copy of the current file is a «dublet»."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest

from screening.config import DATA_DIR, load_screening_config
from screening.intake.earlier_runs import predict
from screening.intake.outcomes import Received, outcomes, statuses
from screening.intake.reader import read_submission
from screening.intake.submissions import current_tasks, submissions_table
from screening.template.writer import write_template

CONFIG = load_screening_config()
TOENDER = tomllib.loads((DATA_DIR / "sample" / "toender.toml").read_text(encoding="utf-8"))["tasks"]
START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("toender")
    corrected = [dict(TOENDER[0], cost_base_dkk=9_999_000), *TOENDER[1:]]
    return {
        "full": write_template(folder / "tønder.xlsx", "Tønder", "2026", TOENDER),
        "five": write_template(folder / "tønder kort.xlsx", "Tønder", "2026", TOENDER[:5]),
        "corrected": write_template(folder / "tønder rettet.xlsx", "Tønder", "2026", corrected),
    }


def arrivals(files: dict[str, Path], *names: str) -> list[Received]:
    """The files received one hour apart, in this order (a name may come twice)."""
    return [
        Received(
            read_submission(files[name], CONFIG), f"{i:02d}__{name}", START + timedelta(hours=i)
        )
        for i, name in enumerate(names)
    ]


def test_a_short_file_says_which_tasks_it_removes(files):
    received = arrivals(files, "full", "five")
    assert statuses(received) == ["erstattet", "modtaget"]
    row = submissions_table(received, CONFIG).row(1, named=True)
    assert (row["replaces"], row["tasks_added"], row["tasks_removed"]) == ("00__full", 0, 11)
    assert "I forhold til den gældende fil (16 opgaver): 0 tilføjet, 11 fjernet" in row["changes"]
    assert f"«{TOENDER[15]['title']}»" in row["changes"] or "flere" in row["changes"]
    # An inbox file has no one to ask: it counts, and says what it removed.
    assert current_tasks(received).height == 5


def test_a_corrected_figure_is_a_change_not_a_removal(files):
    received = arrivals(files, "full", "corrected")
    row = submissions_table(received, CONFIG).row(1, named=True)
    assert (row["tasks_added"], row["tasks_removed"], row["tasks_changed"]) == (0, 0, 1)
    assert f"«{TOENDER[0]['title']}» (Årlig udgiftsbase (kr.))" in row["changes"]


def test_sending_an_earlier_file_again_rolls_back_to_it(files):
    received = arrivals(files, "full", "five", "full")
    assert statuses(received) == ["erstattet", "erstattet", "genindsendt"]
    assert current_tasks(received).height == 16
    row = submissions_table(received, CONFIG).row(2, named=True)
    assert (row["tasks_added"], row["tasks_removed"]) == (11, 0)


def test_only_a_copy_of_the_current_file_is_a_duplicate(files):
    assert statuses(arrivals(files, "full", "full")) == ["modtaget", "dublet"]
    assert statuses(arrivals(files, "full", "five", "five")) == ["erstattet", "modtaget", "dublet"]


@pytest.mark.parametrize(
    "names",
    [
        ("full",),
        ("full", "full"),
        ("full", "five"),
        ("full", "five", "full"),
        ("full", "five", "five"),
        ("five", "corrected", "full", "five"),
    ],
)
def test_the_prediction_is_what_the_archive_then_says(files, names):
    received = arrivals(files, *names)
    for k in range(len(received)):
        outcome, change = predict(received[:k], received[k].submission)
        expected = outcomes(received[: k + 1])[-1]
        assert outcome.status == expected.status
        assert outcome.replaces == expected.replaces
        table = submissions_table(received[: k + 1], CONFIG).row(k, named=True)
        if change is not None:
            assert len(change.removed) == (table["tasks_removed"] or 0)


def test_removing_most_tasks_and_the_candidates_left_are_named(files):
    full, five = (read_submission(files[n], CONFIG) for n in ("full", "five"))
    removed = full.tasks["task_id"].to_list()[5]
    candidates = pl.DataFrame(
        {
            "task_id": [removed, "haderslev:x", "aabenraa:y"],
            "candidate_id": ["K-1", "K-1", "K-1"],
            "municipality": ["Tønder", "Haderslev", "Aabenraa"],
        }
    )
    _, change = predict([Received(full, "a", START)], five, candidates)
    assert change.removes_most
    [left] = change.leaves
    assert left.others == ("Aabenraa", "Haderslev")
    assert "Kommunen forlader kandidaterne" in change.describe()
