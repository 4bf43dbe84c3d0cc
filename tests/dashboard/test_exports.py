"""The files people take to Excel and to the agenda, opened as they open them: the gross list's
CSV (amounts and scores as numbers a spreadsheet sums), and the committee annexes (Word read
with python-docx, PDF with poppler's pdftotext): the agenda item without a doubled «pkt.», and
the score scale stated as it is (a deduction can take a score below 0)."""

from __future__ import annotations

import io
import re
import subprocess
from datetime import date

import polars as pl
import pytest
from dashboard_sample_round import ScreeningRun
from docx import Document

from dashboard.common.downloads import csv_bytes
from dashboard.ranking import tables
from screening.config import load_screening_config
from screening.decisions import record, state
from screening.decisions.record import agenda_item_number, find_candidate
from screening.decisions.store import open_store, read_events
from screening.decisions.users import load_users
from screening.documents import charts
from screening.documents.annex import build_annex, write_annex

POTENTIAL = "Skønnet potentiale (kr. pr. år)"


def test_the_gross_list_csv_holds_numbers_excel_sums(published: ScreeningRun) -> None:
    gross_list = published.gross_list.sort("rank")
    data = csv_bytes(tables.gross_list_file(gross_list))
    text = data.decode("utf-8-sig")
    assert "kr." not in "\n".join(text.splitlines()[1:])  # the unit is in the header only
    # Read the way Danish Excel does: semicolons, decimal commas.
    read = pl.read_csv(io.BytesIO(data), separator=";", decimal_comma=True)
    assert read.schema["Score"] == pl.Float64
    assert read.schema[POTENTIAL] == pl.Int64
    assert read[POTENTIAL].sum() == round(gross_list["potential_dkk"].sum())
    assert read["Score"].to_list() == gross_list["score"].round(1).to_list()
    # A negative score is a number, not text with a leading apostrophe.
    assert "'-" not in text


@pytest.mark.slow  # an annex drawn and printed by a real browser
def test_the_annex_prints_the_agenda_item_once_and_says_why_a_score_can_be_negative(
    published: ScreeningRun, tmp_path
) -> None:
    config = load_screening_config()
    users = load_users(config)
    engine = open_store()
    gross_list = published.gross_list
    top = find_candidate(gross_list, published.top["candidate_id"])
    record.freeze_snapshot(
        engine,
        users["haderslev.projektgruppe"],
        "Forelagt KU",
        gross_list,
        state.priorities(read_events(engine)),
    )
    # The form's own example used to invite «Punkt 14»; stored, it is the number.
    record.record_political_decision(
        engine,
        users["aabenraa.sekretariat"],
        top,
        "ønsker at gå videre",
        committee="Økonomiudvalget",
        meeting_date=date(2027, 1, 21),
        agenda_item="Punkt 14",
    )
    (decision,) = state.political_decisions(read_events(engine)).iter_rows(named=True)
    assert decision["agenda_item"] == "14"
    assert [agenda_item_number(t) for t in ("pkt. 3", "Pkt 3", "punkt nr. 3", "3", "")] == [
        "3",
        "3",
        "3",
        "3",
        "",
    ]

    content = build_annex(engine, config, "Aabenraa")
    word = "\n".join(
        cell.text
        for table in Document(str(write_annex(content, tmp_path / "bilag.docx"))).tables
        for row in table.rows
        for cell in row.cells
    ) + "\n".join(p.text for p in Document(str(tmp_path / "bilag.docx")).paragraphs)
    pdf = subprocess.run(
        ["pdftotext", str(write_annex(content, tmp_path / "bilag.pdf")), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for text in (word, re.sub(r"\s+", " ", pdf)):
        assert "pkt. 14" in text
        assert "pkt. Punkt" not in text and "pkt. pkt." not in text
        assert "0–100" not in text
        assert "derfor kan en score være negativ" in text

    # The score chart's axis reaches below 0 when a score does.
    ranked = pl.DataFrame({"rank": [1, 2], "title": ["A", "B"], "score": [71.5, -8.6]})
    axis = charts.score_chart(ranked).layout.xaxis
    assert axis.range[0] < -8.6 and axis.title.text == "Score (point, højst 100)"
