"""The matching's effect on the pages: the upload page says what a file does to the gross list
and asks about a row that looks like the municipality's own task in a candidate; «Sammenkobling»
shows what a fresh matching would change before the project group asks for it."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from app_runner import open_page, texts
from dashboard_sample_round import ROUND, TEMPLATES, ScreeningRun
from streamlit.testing.v1 import AppTest

from dashboard.matching import review
from dashboard.shell import page_paths
from dashboard.shell.identity import USER_KEY
from screening.decisions.match_decisions import match_overrides
from screening.decisions.record import MATCH_FRESH
from screening.decisions.store import open_store, read_events
from screening.matching.overrides import SPLIT
from screening.template.writer import write_template

PAYROLL_AGAIN = dict(
    TEMPLATES["Tønder"][0],
    title="Løn- og personaleadministration",
    description="Lønudbetaling, lønindberetning og refusioner for alle medarbejdere.",
)


@pytest.fixture
def inbox(published: ScreeningRun, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "inbox"
    monkeypatch.setenv("SCREENING_INBOX", str(folder))
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))  # where a checked upload waits
    return folder


def page_as(path: str, user_id: str) -> AppTest:
    at = open_page(path)
    at.selectbox(key=USER_KEY).set_value(user_id).run()
    return at


def test_the_upload_page_says_what_the_file_does_and_asks_about_a_near_duplicate(
    inbox: Path, tmp_path: Path, decision_store: str
) -> None:
    rows = [*TEMPLATES["Tønder"], PAYROLL_AGAIN]
    template = write_template(tmp_path / "tønder.xlsx", "Tønder", ROUND, rows)
    at = page_as(page_paths.SUBMIT_TEMPLATE, "toender.projektgruppe")
    at.file_uploader[0].upload("tønder.xlsx", template.read_bytes()).run()
    assert not at.exception
    page = texts(at)
    assert "Virkning på bruttolisten" in page
    assert "Andre kommuners kandidater, der ændrer sig: ingen." in page
    assert "Registrerede beslutninger, der vil kræve opmærksomhed: ingen." in page
    [question] = [w.value for w in at.warning if "Er det den samme opgave?" in w.value]
    assert "ligner jeres egen «Lønadministration»" in question.replace("\\", "")
    radio = next(r for r in at.radio if r.label == "Jeres svar")
    radio.set_value("Nej, det er en anden opgave").run()
    next(b for b in at.button if b.label == "Gem svaret").click().run()
    assert not at.exception
    [decision] = match_overrides(read_events(open_store(decision_store))).to_dicts()
    assert decision["action"] == SPLIT
    assert {decision["task_id"], decision["other_task_id"]} == {
        "toender:loenadministration",
        "toender:loen-og-personaleadministration",
    }
    # Asked again with the answer known: no question, the row becomes its own candidate.
    assert not [w for w in at.warning if "Er det den samme opgave?" in w.value]


def test_a_fresh_matching_is_shown_before_it_is_asked_for(
    published: ScreeningRun, decision_store: str
) -> None:
    at = page_as(page_paths.MATCH_REVIEW, "haderslev.projektgruppe")
    next(b for b in at.button if b.label == "Beregn sammenkobling forfra").click().run()
    assert not at.exception
    assert any("En sammenkobling forfra ændrer intet" in i.value for i in at.info)
    next(b for b in at.button if "beregn sammenkoblingen forfra" in b.label).click().run()
    assert not at.exception
    [request] = read_events(open_store(decision_store), kinds=(MATCH_FRESH,)).to_dicts()
    assert request["user_name"] == "Karen Holm"
    assert any("beregnes forfra" in s.value for s in at.success)


def test_a_row_put_beside_its_own_task_waits_for_the_project_group_until_decided() -> None:
    tasks = pl.DataFrame(
        {
            "task_id": ["toender:vinter", "toender:glatfoere", "haderslev:vinter"],
            "municipality": ["Tønder", "Tønder", "Haderslev"],
            "title": ["Vintertjeneste", "Glatførebekæmpelse", "Vintertjeneste på veje"],
            "candidate_id": ["K-h", "K-h", "K-h"],
            "beside_task_id": ["toender:glatfoere", None, None],
        }
    )
    [row] = review.beside_rows(tasks, {})
    assert (row["title"], row["own_title"]) == ("Vintertjeneste", "Glatførebekæmpelse")
    decided = {frozenset(("toender:vinter", "toender:glatfoere")): {"action": SPLIT}}
    assert review.beside_rows(tasks, decided) == []
