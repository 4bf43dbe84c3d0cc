"""Text a municipality writes, printed in the committee annex: a 150-character unbroken title
wraps inside its column (every column stays on the page), and a right-to-left override cannot
turn «slx.exe» into «exe.xls»."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import polars as pl
import pytest
from docx import Document

from screening.decisions import record, state
from screening.decisions.store import open_store, read_events
from screening.documents.annex import build_annex, write_annex

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils (scripts/test.sh installs it)"
)

LONG_TITLE = "Fællesdriftafløn" * 9 + "SLUT12"  # 150 characters, no space anywhere
assert len(LONG_TITLE) == 150
SPOOFED_TITLE = "Affald \u202eslx.exe"


@pytest.fixture(scope="module")
def annexes(tmp_path_factory, users, config) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile_annex")
    engine = open_store(f"sqlite:///{folder / 'decisions.sqlite'}")
    gross_list = pl.DataFrame(
        {
            "candidate_id": ["K-aabenraa:lang", "K-aabenraa:bidi"],
            "rank": [1, 2],
            "score": [71.5, 40.25],
            "title": [LONG_TITLE, SPOOFED_TITLE],
            "municipalities": [["Aabenraa", "Tønder"], ["Aabenraa"]],
            "task_ids": [["aabenraa:lang"], ["aabenraa:bidi"]],
            "potential_dkk": [1_250_000.0, 10_000.0],
        }
    )
    record.freeze_snapshot(
        engine,
        users["aabenraa.projektgruppe"],
        "Liste med lange titler",
        gross_list,
        state.priorities(read_events(engine)),
    )
    content = build_annex(engine, config, "Aabenraa")
    return {s: write_annex(content, folder / f"Aabenraa{s}") for s in (".pdf", ".docx")}


def _words(pdf: Path) -> tuple[float, list[tuple[str, float, float]]]:
    """The page width and every word on the PDF's pages with its left and right edge."""
    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    root = ElementTree.fromstring(html.replace("<!DOCTYPE html>", ""))
    namespace = {"x": "http://www.w3.org/1999/xhtml"}
    pages = root.findall(".//x:page", namespace)
    width = float(pages[0].get("width"))
    words = [
        (w.text or "", float(w.get("xMin")), float(w.get("xMax")))
        for w in root.findall(".//x:word", namespace)
    ]
    return width, words


def test_a_150_character_word_wraps_and_every_column_stays_on_the_page(annexes) -> None:
    width, words = _words(annexes[".pdf"])
    off_page = [(text, x_max) for text, _x_min, x_max in words if x_max > width - 20]
    assert off_page == []
    headers = {text for text, _x_min, _x_max in words}
    for header in ("Nr.", "Kandidat", "Score", "Fase"):
        assert header in headers
    # The title is all there, wrapped over several lines of its column.
    pieces = [text for text, _x_min, _x_max in words if "Fællesdrift" in text or "SLUT" in text]
    assert len(pieces) > 1
    flowing = subprocess.run(
        ["pdftotext", str(annexes[".pdf"]), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert LONG_TITLE in "".join(flowing.replace("\u200b", "").split())


def test_a_right_to_left_override_is_not_printed(annexes) -> None:
    flowing = subprocess.run(
        ["pdftotext", str(annexes[".pdf"]), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "\u202e" not in flowing
    assert "slx.exe" in flowing.replace("\u200b", "")
    document = Document(str(annexes[".docx"]))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert any(c.replace("\u200b", "") == "Affald slx.exe" for c in cells)
    assert not any("\u202e" in c for c in cells)
