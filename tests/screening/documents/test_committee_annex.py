"""The committee annex opened as an agenda system and a reader would: the PDF's text, pages,
size, bookmarks and tags read back with poppler (pdftotext, pdfinfo, pdfimages), the Word file
with python-docx; charts drawn for real with Kaleido and Debian's chromium."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from document_payloads import PAYLOAD_TITLE
from docx import Document

from screening.decisions import record, state
from screening.decisions.record import find_candidate
from screening.decisions.store import open_store, read_events
from screening.documents.annex import build_annex, write_annex
from screening.i18n import date_text

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils (scripts/test.sh installs it)"
)


@pytest.fixture(scope="module")
def annexes(tmp_path_factory, users, config) -> dict[str, Path]:
    import polars as pl

    folder = tmp_path_factory.mktemp("annex")
    engine = open_store(f"sqlite:///{folder / 'decisions.sqlite'}")
    gross_list = pl.DataFrame(
        {
            "candidate_id": ["K-aabenraa:loen", "K-haderslev:vej", "K-aabenraa:payload"],
            "rank": [1, 2, 3],
            "score": [71.5, 40.25, 12.0],
            "title": ["Lønadministration", "Vejvedligehold", PAYLOAD_TITLE],
            "municipalities": [["Aabenraa", "Tønder"], ["Haderslev"], ["Aabenraa"]],
            "task_ids": [["aabenraa:loen"], ["haderslev:vej"], ["aabenraa:payload"]],
            "potential_dkk": [1_250_000.0, None, 10_000.0],
        }
    )
    loen = find_candidate(gross_list, "K-aabenraa:loen")
    record.record_priority(engine, users["aabenraa.direktion"], loen, "høj")
    record.freeze_snapshot(
        engine,
        users["aabenraa.projektgruppe"],
        "Forelagt KU 12. marts 2027",
        gross_list,
        state.priorities(read_events(engine)),
        provenance={"weight_profile": "Balanceret", "submission_sha256": ["a", "b", "c", "d"]},
    )
    for municipality in ("Aabenraa", "Tønder"):
        record.record_political_decision(
            engine,
            users[f"{municipality.lower().replace('ø', 'oe')}.sekretariat"],
            loen,
            "ønsker at gå videre",
            committee="Økonomiudvalget",
            meeting_date=date(2027, 1, 21),
            agenda_item="7",
        )
    written = {}
    for audience in ("Aabenraa", "Koordinationsudvalget"):
        content = build_annex(engine, config, audience)
        for suffix in (".pdf", ".docx"):
            written[audience + suffix] = write_annex(content, folder / f"{audience}{suffix}")
    return written


def poppler(*argv: str) -> str:
    return subprocess.run(argv, capture_output=True, text=True, check=True).stdout


def test_the_pdf_is_tagged_a4_with_danish_numbers_dates_page_numbers_and_charts(annexes):
    pdf = annexes["Aabenraa.pdf"]
    info = poppler("pdfinfo", str(pdf))
    assert "Tagged:          yes" in info
    assert "(A4)" in info
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages")))
    assert 2 <= pages <= 6
    text = poppler("pdftotext", "-layout", str(pdf), "-")
    assert "Aabenraa Kommune" in text
    frozen = date_text(datetime.now(ZoneInfo("Europe/Copenhagen")))
    assert f"fastfrosset {frozen}" in text  # «fastfrosset 2. december 2026»
    assert "Forelagt KU 12. marts 2027" in text
    assert "71,5" in text and "1.250.000 kr." in text  # Danish decimals and money
    flowing = " ".join(poppler("pdftotext", str(pdf), "-").split())
    assert "Økonomiudvalget, 21. januar 2027, pkt. 7" in flowing
    assert f"Side 1 af {pages}" in text and f"Side {pages} af {pages}" in text
    # Shown as the text it is (a table cell may wrap it anywhere).
    assert PAYLOAD_TITLE.replace(" ", "") in flowing.replace(" ", "")
    images = poppler("pdfimages", "-list", str(pdf)).splitlines()[2:]
    assert len(images) >= 2  # the score chart and the funnel
    outline = poppler("pdfinfo", "-struct", str(pdf))
    assert "H1" in outline and "H2" in outline and "Table" in outline and "Figure" in outline


def test_the_pdf_has_bookmarks_from_its_headings(annexes):
    from pypdf import PdfReader

    outline = PdfReader(str(annexes["Aabenraa.pdf"])).outline
    titles = [item.title for item in _flatten(outline)]
    assert titles[0].startswith("Bilag: Bruttolisten")
    assert {"Om listen", "Nøgletal", "Den rangordnede bruttoliste"} <= set(titles)
    assert "Aabenraa Kommunes kandidater" in titles


def _flatten(items):
    for item in items:
        if isinstance(item, list):
            yield from _flatten(item)
        else:
            yield item


def test_the_word_annex_has_real_headings_tables_and_charts_with_alt_text(annexes):
    document = Document(str(annexes["Aabenraa.docx"]))
    headings = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")
    ]
    assert headings[0][0] == "Heading 1"
    assert ("Heading 2", "Aabenraa Kommunes kandidater") in headings
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    ranked = next(t for t in document.tables if t.rows[0].cells[1].text == "Kandidat")
    assert len(ranked.rows) == 1 + 3
    assert [c.text for c in ranked.rows[1].cells][:4] == [
        "1",
        "Lønadministration",
        "Aabenraa, Tønder",
        "71,5",
    ]
    own = document.tables[-1]
    own_rows = [[c.text for c in row.cells] for row in own.rows[1:]]
    assert (own_rows[0][:6]) == [
        "1",
        "Lønadministration",
        "Eget forslag",
        "Fase 3",
        "Høj",
        "Ønsker at gå videre",
    ]
    assert any(PAYLOAD_TITLE in row for row in own_rows)
    assert len(document.inline_shapes) == 2
    descriptions = document.element.body.xpath(".//wp:docPr/@descr")
    assert any("Lønadministration 71,5" in d for d in descriptions)
    footer = section.footer._element.xml
    assert "PAGE" in footer and "NUMPAGES" in footer
    assert document.core_properties.language == "da-DK"


def test_the_coordination_committees_annex_shows_every_municipalitys_decision(annexes):
    text = poppler("pdftotext", "-layout", str(annexes["Koordinationsudvalget.pdf"]), "-")
    assert "Koordinationsudvalget" in text
    assert "Kommunernes beslutninger" in text
    document = Document(str(annexes["Koordinationsudvalget.docx"]))
    matrix = document.tables[-1]
    assert [c.text for c in matrix.rows[0].cells] == [
        "Nr.",
        "Kandidat",
        "Aabenraa",
        "Haderslev",
        "Sønderborg",
        "Tønder",
    ]
    assert [c.text for c in matrix.rows[1].cells][2:] == ["Videre", "–", "–", "Videre"]
