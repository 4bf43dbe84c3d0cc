"""The annex as a Word file (python-docx): A4, Word's own «Heading 1/2» styles (a screen reader
and the navigation pane follow them), tables whose header row repeats on every page, charts
with alternative text, page numbers in the footer, and Danish as the document's language."""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from screening.documents.annex import AnnexContent, Table, printable
from screening.i18n import _


def write_docx(content: AnnexContent, path: Path) -> Path:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Mm(18))
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    _language(document, content.language)
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10)
    properties = document.core_properties
    properties.title = content.title
    properties.subject = content.subtitle
    properties.language = content.language
    properties.keywords = f"{_('dagsordensbilag')}, {content.snapshot_id}"
    properties.author = _("Projektgruppen for driftsfællesskaber")
    _footer(section, content.title)

    document.add_heading(printable(content.title), level=1)
    document.add_paragraph(printable(content.subtitle))
    usable = section.page_width - section.left_margin - section.right_margin
    for part in content.sections:
        document.add_heading(printable(part.heading), level=2)
        for text in part.paragraphs:
            document.add_paragraph(printable(text))
        for chart in part.charts:
            document.add_picture(io.BytesIO(chart.png), width=usable)
            _alt_text(document, printable(chart.title), printable(chart.alt))
            caption = document.add_paragraph(chart.title, style="Caption")
            caption.alignment = WD_ALIGN_PARAGRAPH.LEFT
        for table in part.tables:
            _table(document, table, usable)
    document.save(str(path))
    return path


def _language(document, language: str) -> None:
    """Danish for proofing and for screen readers' pronunciation, on the default run style."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), language)
    lang.set(qn("w:eastAsia"), language)


def _field(run, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in when it lays out the page."""
    for kind, text in (("begin", None), (None, instruction), ("separate", None), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _footer(section, title: str) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run(_("Side") + " ")
    _field(paragraph.add_run(), "PAGE")
    paragraph.add_run(" " + _("af") + " ")
    _field(paragraph.add_run(), "NUMPAGES")


def _alt_text(document, title: str, description: str) -> None:
    """Alternative text on the picture just added (Word's «Alternativ tekst»)."""
    body = document.element.body
    doc_pr = body.xpath(".//wp:docPr")[-1]
    doc_pr.set("title", title)
    doc_pr.set("descr", description)


def _table(document, table: Table, usable) -> None:
    document.add_paragraph(printable(table.caption), style="Caption")
    grid = document.add_table(rows=1, cols=len(table.headers))
    grid.style = "Light Grid Accent 1"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = grid.rows[0]
    _repeat_header(header)
    # Each cell's width, text and size are set as the cell is filled: walking the table again
    # by columns and runs afterwards cost python-docx most of the Word annex's time.
    widths = [None] * len(table.headers)
    if table.widths:
        total = sum(table.widths)
        widths = [int(usable * share / total) for share in table.widths]
    _fill(header.cells, table.headers, widths, ())
    for values in table.rows:
        _fill(grid.add_row().cells, values, widths, table.numeric)
    document.add_paragraph()


def _fill(cells, values, widths, numeric) -> None:
    for index, (cell, text, width) in enumerate(zip(cells, values, widths, strict=True)):
        if width is not None:
            cell.width = width
        cell.text = printable(text)
        paragraph = cell.paragraphs[0]
        if index in numeric:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        for run in paragraph.runs:
            run.font.size = Pt(8.5)


def _repeat_header(row) -> None:
    """The header row repeats at the top of every page the table runs onto (and tells a screen
    reader which row holds the headers)."""
    properties = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    properties.append(element)
