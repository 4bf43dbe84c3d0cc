"""Earlier rounds beside this one: the shipped 2014 round, the comparison of two rounds'
candidates, and the reminder a late municipality gets."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from screening.config import DATA_DIR
from screening.intake.findings import FINDINGS_SCHEMA
from screening.rounds.archive import RoundFileError, earlier_rounds, read_round
from screening.rounds.comparison import compare_rounds, comparison_counts
from screening.rounds.reminder import needs_reminder, reminder_text
from screening.rounds.status import MILESTONE_STATUS_SCHEMA


def test_the_shipped_2014_round_holds_the_real_facts() -> None:
    (screening_2014,) = earlier_rounds(DATA_DIR / "rounds")
    assert screening_2014.round.label == "Screening 2014"
    candidates = screening_2014.candidates
    assert candidates.height == 27  # the 2014 screening found 27 tasks or areas
    promising = candidates.filter(pl.col("assessment") == "Mest lovende")["title"].to_list()
    assert promising == ["IT-drift og fælles IT-systemer", "Fælles indkøb og udbud"]
    considered = candidates.filter(pl.col("assessment") == "Overvejet")["title"].to_list()
    assert considered == ["Tilsyn med byggeprojekter", "Tandregulering"]
    procurement = candidates.filter(pl.col("title") == "Fælles indkøb og udbud").row(0, named=True)
    assert "Sydjysk Udbudssamarbejde" in procurement["established"]
    mandate = screening_2014.milestones.filter(pl.col("milestone") == "mandate_approved")
    assert mandate["done_at"].to_list() == [date(2014, 5, 19)]
    # What is not known is not invented: the political treatment is not recorded.
    political = screening_2014.milestones.filter(pl.col("milestone") == "political_treatment")
    assert set(political["status"]) == {"not_recorded"}


def _candidates(rows: list[tuple]) -> pl.DataFrame:
    return pl.DataFrame(
        [
            {
                "candidate_id": cid,
                "rank": rank,
                "title": title,
                "description": description,
                "municipalities": municipalities,
                "service_area": area,
                "task_type": task_type,
                "assessment": None,
                "established": established,
            }
            for rank, (cid, title, description, municipalities, area, task_type, established) in (
                enumerate(rows, start=1)
            )
        ]
    )


def test_two_rounds_side_by_side_proposed_again_new_dropped_and_established() -> None:
    then = _candidates(
        [
            ("A", "IT-drift", "Fælles drift af servere og netværk.", ["Aabenraa", "Tønder"],
             "it_digital", "systems", "Formelt IT-samarbejde fra 2022"),
            ("B", "Lønadministration", "Lønudbetaling i et fælles lønkontor.", ["Haderslev"],
             "payroll_hr", "organisation", None),
            ("C", "Parkdrift", "Fælles maskinpark til parker og grønne områder.", ["Tønder"],
             "roads_parks", "locations", None),
        ]
    )  # fmt: skip
    now = _candidates(
        [
            ("K1", "Drift af servere", "Drift af servere, netværk og backup.", ["Aabenraa"],
             "it_digital", "systems", None),
            ("K2", "Fælles lønkontor", "Lønudbetaling og lønindberetning.", ["Haderslev"],
             "payroll_hr", "organisation", None),
            ("K3", "Musikskole", "Undervisning i musik for børn og unge.", ["Tønder"],
             "culture_leisure", "organisation", None),
        ]
    ).drop("assessment", "established")  # fmt: skip
    comparison = compare_rounds(then, now)
    seen = {
        (row["previous_title"], row["title"]): row["comparison"]
        for row in comparison.iter_rows(named=True)
    }
    assert seen == {
        ("IT-drift", "Drift af servere"): "established_since",
        ("Lønadministration", "Fælles lønkontor"): "proposed_again",
        ("Parkdrift", None): "dropped",
        (None, "Musikskole"): "new",
    }
    assert comparison_counts(comparison) == {
        "established_since": 1,
        "proposed_again": 1,
        "dropped": 1,
        "new": 1,
    }


def test_an_earlier_rounds_file_with_an_unknown_municipality_names_the_candidate(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "2010"
    folder.mkdir()
    (folder / "round.toml").write_text(
        '[round]\nid = "2010"\nmunicipalities = ["Aabenraa"]\n'
        '[[milestones]]\ncode = "mandate_approved"\nend = 2010-05-01\n'
        '[[candidates]]\ntitle = "Løn"\nmunicipalities = ["Haderslev"]\n',
        encoding="utf-8",
    )
    with pytest.raises(RoundFileError, match="kandidat nr. 1 \\(«Løn»\\): kommunen «Haderslev»"):
        read_round(folder)


def _milestones(rows: list[dict]) -> pl.DataFrame:
    base = {k: None for k in MILESTONE_STATUS_SCHEMA}
    return pl.DataFrame([{**base, **row} for row in rows], schema=MILESTONE_STATUS_SCHEMA)


def test_the_reminder_names_the_missing_file_the_open_errors_and_the_overdue_treatment() -> None:
    submission = {
        "municipality": "Sønderborg",
        "arrived": True,
        "accepted": False,
        "open_errors": 2,
        "open_errors_file": "sønderborg.xlsx",
        "open_errors_archived_as": "20261125__sønderborg.xlsx",
        "deadline": date(2026, 11, 27),
        "days_left": -5,
    }
    findings = pl.DataFrame(
        [
            {
                "severity": "error",
                "file": "sønderborg.xlsx",
                "sheet": "Metadata",
                "row": 3,
                "column": "B",
                "header": "Runde",
                "value": "2014",
                "message": "Filen er til runde «2014», men den aktuelle runde er «2026».",
                "file_level": True,
                "archived_as": "20261125__sønderborg.xlsx",
            },
            {
                "severity": "error",
                "file": "sønderborg.xlsx",
                "sheet": "Opgaver",
                "row": 7,
                "column": "A",
                "header": "Opgave",
                "value": None,
                "message": "Rækken har ikke et navn på opgaven.",
                "file_level": False,
                "archived_as": "20261125__sønderborg.xlsx",
            },
            {  # another municipality's: not in this e-mail
                "severity": "error",
                "file": "tønder.xlsx",
                "message": "Noget andet.",
                "archived_as": "x",
            },
        ],
        schema={**FINDINGS_SCHEMA, "archived_as": pl.String},
    )
    milestones = _milestones(
        [
            {
                "milestone": "screening",
                "municipality": "Sønderborg",
                "status": "overdue",
                "planned_end": date(2026, 11, 27),
                "days_left": -5,
                "progress": "1 fil(er) modtaget, ingen godkendt",
            },
            {
                "milestone": "directorate_treatment",
                "municipality": "Sønderborg",
                "status": "overdue",
                "planned_end": date(2026, 11, 30),
                "days_left": -2,
                "progress": "3 of 18 own candidates prioritised",  # the page may be in English
                "n_recorded": 3,
                "n_expected": 18,
            },
        ]
    )
    assert needs_reminder(submission, milestones)
    text = reminder_text(
        "Screeningsrunde 2026", submission, milestones, findings, date(2026, 12, 2), "Karen Holm"
    )
    assert text.startswith(
        "Emne: Påmindelse fra projektgruppen – Screeningsrunde 2026, Sønderborg Kommune"
    )
    assert "Fristen var 27. november 2026, og den er overskredet med 5 dage." in text
    assert "Rettelse af 2 fejl i filen «sønderborg.xlsx»" in text
    assert "ark «Metadata», række 3, kolonne B (Runde): Filen er til runde «2014»" in text
    assert "ark «Opgaver», række 7, kolonne A (Opgave): Rækken har ikke et navn" in text
    assert "Noget andet" not in text
    assert (
        "Behandling i direktionen: fristen var 30. november 2026 (2 dage siden). "
        "Status: 3 af 18 egne kandidater prioriteret." in text
    )
    assert text.rstrip().endswith("Karen Holm\nProjektgruppen")


def test_no_reminder_for_a_municipality_with_nothing_missing() -> None:
    submission = {
        "municipality": "Aabenraa",
        "arrived": True,
        "accepted": True,
        "open_errors": 0,
        "open_errors_file": None,
        "open_errors_archived_as": None,
        "deadline": date(2026, 11, 27),
        "days_left": None,
    }
    milestones = _milestones(
        [{"milestone": "screening", "municipality": "Aabenraa", "status": "done"}]
    )
    assert not needs_reminder(submission, milestones)
    assert reminder_text("R", submission, milestones, pl.DataFrame(), date(2026, 12, 2)) is None
