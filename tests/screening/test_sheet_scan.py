"""The guard reads a worksheet's last row, formulas and merged ranges from its bytes without a
Python call per element; whatever a sheet holds, it reports what a full parse of the sheet
reports, so a comment, a CDATA section or a processing instruction cannot make a long sheet look
short or hide a formula."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from corpus import CASES, CONFIG, PAYROLL, official

from screening.intake import file_guard, sheet_xml
from screening.intake.reader import read_submission
from screening.template.spec import TASK_SHEET

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
TASK_PART = "xl/worksheets/sheet1.xml"


def _sheet(rows: str, before: str = "", after: str = "", prefix: str = "") -> bytes:
    p = f"{prefix}:" if prefix else ""
    xmlns = f"xmlns:{prefix}" if prefix else "xmlns"
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{before}<{p}worksheet {xmlns}="{MAIN}">'
        f"<{p}sheetData>{rows}</{p}sheetData>{after}</{p}worksheet>"
    ).encode()


def _rows(numbers, prefix: str = "") -> str:
    p = f"{prefix}:" if prefix else ""
    return "".join(
        f'<{p}row r="{n}"><{p}c r="A{n}" t="inlineStr"><{p}is><{p}t>opgave {n}</{p}t></{p}is>'
        f"</{p}c></{p}row>"
        for n in numbers
    )


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    return official(tmp_path_factory.mktemp("template") / "ok.xlsx", PAYROLL)


def _with_sheet(source: Path, target: Path, xml: bytes) -> Path:
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as changed:
        for member in original.infolist():
            data = xml if member.filename == TASK_PART else original.read(member.filename)
            changed.writestr(member.filename, data, zipfile.ZIP_DEFLATED)
    return target


def _facts(path: Path) -> tuple[int, dict, list]:
    facts = file_guard.inspect(path)
    return facts.last_rows[TASK_SHEET], facts.formulas[TASK_SHEET], facts.merged[TASK_SHEET]


def _parsed(path: Path) -> tuple[int, dict, list]:
    """The same facts from expat with a handler per element (the reference reading)."""
    with zipfile.ZipFile(path) as archive:
        facts = sheet_xml._parse_sheet(archive, TASK_PART, float("inf"))
    return facts.last_row, facts.formulas, facts.merged


SHEETS = {
    "plain rows": (_sheet(_rows(range(1, 8))), 7),
    "rows without numbers count on": (
        _sheet(_rows([1, 2]) + "<row><c><v>1</v></c></row><row/>"),
        4,
    ),
    "a gap in the numbers": (_sheet(_rows([1, 2, 40])), 40),
    "row breaks after the rows": (
        _sheet(_rows([1, 2, 3]), after='<rowBreaks count="1"><brk id="2"/></rowBreaks>'),
        3,
    ),
    "a row number late among the attributes": (
        _sheet('<row spans="1:3"\n  ht="15"\tr = "12" ><c r="A12"><v>1</v></c></row>'),
        12,
    ),
    "a prefixed sheet": (_sheet(_rows(range(1, 6), prefix="x"), prefix="x"), 5),
    "a comment hiding a short last row": (_sheet(_rows(range(1, 30)) + '<!-- <row r="2"> -->'), 29),
    "a comment holding rows": (_sheet(_rows([1, 2]) + '<!-- <row r="9000"/> -->'), 2),
    "CDATA holding a row": (
        _sheet(
            _rows([1]) + '<row r="2"><c r="A2" t="inlineStr"><is><t><![CDATA[<row r="7000">]]>'
            "</t></is></c></row>"
        ),
        2,
    ),
    "a processing instruction holding a row": (
        _sheet(_rows([1, 2, 3]) + '<?note <row r="8000"> ?>'),
        3,
    ),
    "a stylesheet instruction before the sheet": (
        _sheet(_rows([1, 2]), before='<?xml-stylesheet href="<row r=9>"?>'),
        2,
    ),
    "a row number written as a character reference": (
        _sheet(_rows([1]) + '<row r="&#55;0"><c r="A70"><v>1</v></c></row>'),
        70,
    ),
    "rows across the first chunk's end": (_sheet(_rows(range(1, 1500))), 1499),
}


@pytest.mark.parametrize("xml,last_row", SHEETS.values(), ids=SHEETS.keys())
def test_the_last_row_is_what_a_parser_reads(xml, last_row, template, tmp_path: Path):
    path = _with_sheet(template, tmp_path / "tønder.xlsx", xml)
    assert _facts(path) == _parsed(path)
    assert _facts(path)[0] == last_row


def test_a_row_split_at_every_chunk_boundary_is_counted_once(template, tmp_path: Path):
    """Rows whose tags straddle the ends of the doubling chunks (64 KiB, then 128 KiB …)."""
    for shift in range(0, 40, 7):
        xml = _sheet(_rows(range(1, 6000)), before=" " * shift)
        path = _with_sheet(template, tmp_path / f"tønder-{shift}.xlsx", xml)
        assert _facts(path)[0] == 5999


def test_formulas_and_merged_ranges_in_a_prefixed_sheet_are_found(template, tmp_path: Path):
    rows = (
        '<x:row r="3"><x:c r="B3"><x:f>SUM(C1:C2)</x:f><x:v>4</x:v></x:c></x:row>'
        '<x:row r="4"><x:c r="C4"><x:f t="shared" si="0"/><x:v>1</x:v></x:c></x:row>'
    )
    xml = _sheet(rows, after='<x:mergeCells><x:mergeCell ref="A1:C1"/></x:mergeCells>', prefix="x")
    path = _with_sheet(template, tmp_path / "tønder.xlsx", xml)
    assert _facts(path) == (4, {(3, "B"): "SUM(C1:C2)", (4, "C"): ""}, ["A1:C1"])


def test_a_utf16_sheet_is_read_by_the_parser(template, tmp_path: Path):
    xml = _sheet(_rows([1, 2, 3])).decode().replace('encoding="UTF-8"', 'encoding="UTF-16"')
    path = _with_sheet(template, tmp_path / "tønder.xlsx", xml.encode("utf-16"))
    assert _facts(path)[0] == 3


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_every_corpus_sheet_gives_the_parsers_facts(case, tmp_path: Path):
    path = case.write(tmp_path)
    if not zipfile.is_zipfile(path):
        return
    try:
        facts = file_guard.inspect(path)
    except file_guard.Refused:
        return
    with zipfile.ZipFile(path) as archive:
        names = {m.filename for m in archive.infolist()}
        parts = sheet_xml.sheet_parts(archive, names, float("inf"))
        for sheet, part in parts.items():
            parsed = sheet_xml._parse_sheet(archive, part, float("inf"))
            assert facts.last_rows[sheet] == parsed.last_row, sheet
            assert facts.formulas[sheet] == parsed.formulas, sheet
            assert facts.merged[sheet] == parsed.merged, sheet


def test_a_damaged_member_outside_the_sheets_is_still_refused(template, tmp_path: Path):
    """The zip's checksums are checked on every member, the sheets while they are scanned."""
    path = tmp_path / "tønder.xlsx"
    path.write_bytes(template.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/styles.xml")
    data = bytearray(path.read_bytes())
    # The stored data of styles.xml starts after its local header: 30 bytes, then the name and
    # the extra field, whose lengths the header holds at bytes 26-29.
    lengths = data[info.header_offset + 26 : info.header_offset + 30]
    start = info.header_offset + 30 + int.from_bytes(lengths[:2], "little")
    start += int.from_bytes(lengths[2:], "little")
    data[start + info.compress_size // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    submission = read_submission(path, CONFIG)
    assert submission.rejected
    assert "Filen er beskadiget" in submission.findings[0].message
