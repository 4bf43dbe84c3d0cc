"""Every text the documents area shows has its English entry in documents.po, with the same
placeholders, so switching to English never leaves a Danish sentence or breaks a format."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_file

from screening import i18n

ROOT = Path(__file__).resolve().parents[3]
FILES = [
    *sorted((ROOT / "screening" / "documents").glob("*.py")),
    ROOT / "cli" / "documents.py",
    ROOT / "dashboard" / "documents" / "downloads_view.py",
]


def test_every_documents_text_has_an_english_entry_with_the_same_placeholders():
    english = i18n.catalogue("en")
    texts = {
        m for f in FILES for _, m, _, _ in extract_from_file("python", str(f), keywords={"_": None})
    }
    assert len(texts) > 100
    missing = sorted(t for t in texts if t not in english)
    assert not missing
    for text in texts:
        assert set(re.findall(r"\{\w+\}", text)) == set(re.findall(r"\{\w+\}", english[text]))


def test_the_workbook_summary_reads_in_english():
    from screening.documents.workbook_import import WorkbookImport

    i18n.use_language("en")
    try:
        assert WorkbookImport("a.xlsx", "0").summary().startswith("a.xlsx: recorded 0 · unchanged")
    finally:
        i18n.use_language("da")
