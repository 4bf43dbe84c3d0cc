"""Read what the guard needs from an xlsx's XML parts in one streaming pass.

Every part is fed to expat in chunks, so the time is linear in the part's size whatever it holds:
no regular expression runs from one tag to its end over the file's text (a search from each
``<c`` for its ``</c>`` went quadratic on a sheet ending in a comment full of unclosed tags).
Comments, processing instructions and CDATA are the parser's business, not ours. A DTD is
refused outright: an xlsx never has one, and entity declarations are how an XML file is made to
blow up in memory.

A worksheet is checked by expat without a Python call per element (its C code alone says the part
is well-formed), while a byte scan of the same chunks (:mod:`screening.intake.sheet_bytes`) looks
for the few things the guard reports; a part the scan cannot answer for (a formula, a merged
range, a comment, rare in a filled template) is parsed once more with Python handlers for the
exact answer.
"""

from __future__ import annotations

import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from xml.parsers import expat

from screening.errors import ScreeningError
from screening.intake.column_letters import column_index
from screening.intake.sheet_bytes import ByteScan

FIRST_CHUNK_BYTES = 1 << 16
WORKBOOK = "xl/workbook.xml"
WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"


class BadXml(ScreeningError, ValueError):
    """The part is not well-formed XML, declares a DTD, or took longer than its budget."""


class OverBudget(BadXml):
    """Scanning took longer than the time allowed for one file."""


@dataclass
class SheetFacts:
    # (excel row, column letter) -> formula text
    formulas: dict[tuple[int, str], str] = field(default_factory=dict)
    merged: list[str] = field(default_factory=list)
    last_row: int = 0
    # The cell furthest to the right, when a cell lies past column ZZ: (its column's 0-based
    # index, its reference). A spreadsheet reader lays a sheet out as a rectangle, so one stray
    # cell in XFD5000 costs 5,000 × 16,384 cells of memory.
    widest: tuple[int, str] | None = None
    # (excel row, column letter) -> an error value stored as the cell's value, with no formula
    # behind it («#I/T» pasted as a value): what a reader of values sees as blank.
    errors: dict[tuple[int, str], str] = field(default_factory=dict)


def _local(name: str) -> str:
    # With a namespace separator expat reports "uri local"; prefixed and plain tags look alike.
    return name.rpartition(" ")[2]


def _parser() -> expat.XMLParserType:
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def refuse(*_args) -> None:
        raise BadXml("an xlsx part must not declare a DTD or entities")

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    return parser


def _feed(
    parser: expat.XMLParserType,
    archive: zipfile.ZipFile,
    part: str,
    deadline: float,
    also: Callable[[bytes, bool], bool] | None = None,
) -> None:
    """Parse ``part`` to its end; ``also`` sees each chunk after the parser and may stop the
    reading early by returning True (then the part is parsed again, whole, by another parser)."""
    # expat before 2.6 scans an unfinished token (a huge comment, say) again from its start with
    # every chunk, so equal chunks would be quadratic again; chunks that double in size keep the
    # rescanning below twice the part's size, and still let the budget be checked between them.
    # Reading a member to its end also checks its CRC (zipfile raises BadZipFile).
    size = FIRST_CHUNK_BYTES
    with archive.open(part) as member:
        while chunk := member.read(size):
            if time.monotonic() > deadline:
                raise OverBudget(part)
            try:
                parser.Parse(chunk, False)
            except expat.ExpatError as error:
                raise BadXml(f"{part}: {error}") from error
            if also is not None and also(chunk, False):
                return
            size *= 2
    try:
        parser.Parse(b"", True)
    except expat.ExpatError as error:
        raise BadXml(f"{part}: {error}") from error
    if also is not None:
        also(b"", True)


def _reporting_parser(scan: ByteScan) -> expat.XMLParserType:
    """A checking parser that calls Python only for a processing instruction (whose «<?» the
    byte scan cannot tell from the XML declaration's)."""
    parser = _parser()

    def seen(*_args) -> None:
        scan.needs_parser = True

    parser.ProcessingInstructionHandler = seen
    return parser


def _split_ref(ref: str) -> tuple[int, str] | None:
    letters = ref.rstrip("0123456789")
    digits = ref[len(letters) :]
    if letters.isascii() and letters.isalpha() and letters.isupper() and digits.isdigit():
        return int(digits), letters
    return None


def scan_sheet(archive: zipfile.ZipFile, part: str, deadline: float) -> SheetFacts:
    """Formula cells, merged ranges and the last row number of one worksheet part."""
    scan = ByteScan()
    _feed(_reporting_parser(scan), archive, part, deadline, also=scan.take)
    if scan.needs_parser:
        return _parse_sheet(archive, part, deadline)
    return SheetFacts(last_row=scan.last_row)


def _parse_sheet(archive: zipfile.ZipFile, part: str, deadline: float) -> SheetFacts:
    """What :func:`scan_sheet` returns, read by expat with a Python call per element."""
    facts = SheetFacts()
    parser = _parser()
    cell: list[tuple[int, str] | None] = [None]
    is_error = [False]
    formula: list[str] = []
    shared_as: list[str | None] = [None]  # a shared formula's group, while in its <f>
    shared: dict[str, str] = {}  # a shared formula's group -> its text, written at its first cell
    value: list[str] = []

    def collect(text: str) -> None:
        formula.append(text)

    def collect_value(text: str) -> None:
        value.append(text)

    def start(name: str, attrs: dict[str, str]) -> None:
        tag = _local(name)
        if tag == "c":
            cell[0] = _split_ref(attrs.get("r", ""))
            is_error[0] = attrs.get("t") == "e"
            if cell[0] is not None and len(cell[0][1]) > 2:
                index = column_index(cell[0][1])
                if facts.widest is None or index > facts.widest[0]:
                    facts.widest = (index, f"{cell[0][1]}{cell[0][0]}")
        elif tag == "f" and cell[0] is not None:
            formula.clear()
            shared_as[0] = attrs.get("si") if attrs.get("t") == "shared" else None
            parser.CharacterDataHandler = collect
        elif tag == "v" and cell[0] is not None and is_error[0]:
            value.clear()
            parser.CharacterDataHandler = collect_value
        elif tag == "row":
            number = attrs.get("r", "")
            facts.last_row = int(number) if number.isdigit() else facts.last_row + 1
        elif tag == "mergeCell" and "ref" in attrs:
            facts.merged.append(attrs["ref"])

    def end(name: str) -> None:
        tag = _local(name)
        if tag == "f" and cell[0] is not None:
            parser.CharacterDataHandler = None
            text, group = "".join(formula), shared_as[0]
            # A shared formula is written once, at its first cell; the others name its group.
            if group is not None:
                text = shared.setdefault(group, text) if text else shared.get(group, text)
            facts.formulas[cell[0]] = text
        elif tag == "v" and cell[0] is not None and is_error[0]:
            parser.CharacterDataHandler = None
            if cell[0] not in facts.formulas:
                facts.errors[cell[0]] = "".join(value)
        elif tag == "c":
            cell[0] = None

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    _feed(parser, archive, part, deadline)
    return facts


def sheet_parts(archive: zipfile.ZipFile, names: set[str], deadline: float) -> dict[str, str]:
    """Sheet name -> its XML part, from the workbook and its relationships."""
    if WORKBOOK not in names or WORKBOOK_RELS not in names:
        return {}
    targets: dict[str, str] = {}
    sheets: list[tuple[str, str]] = []

    def relationship(name: str, attrs: dict[str, str]) -> None:
        if _local(name) == "Relationship" and "Id" in attrs and "Target" in attrs:
            targets[attrs["Id"]] = attrs["Target"].lstrip("/").removeprefix("xl/")

    def sheet(name: str, attrs: dict[str, str]) -> None:
        if _local(name) != "sheet" or "name" not in attrs:
            return
        # r:id is namespaced: expat names it "<relationships uri> id".
        rel_id = next((v for k, v in attrs.items() if " " in k and _local(k) == "id"), None)
        if rel_id is not None:
            sheets.append((attrs["name"], rel_id))

    rels = _parser()
    rels.StartElementHandler = relationship
    _feed(rels, archive, WORKBOOK_RELS, deadline)
    workbook = _parser()
    workbook.StartElementHandler = sheet
    _feed(workbook, archive, WORKBOOK, deadline)
    parts = {}
    for name, rel_id in sheets:
        part = "xl/" + targets.get(rel_id, "\0")
        if part in names:
            parts[name] = part
    return parts
