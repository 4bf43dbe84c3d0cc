"""Read what the guard needs from an xlsx's XML parts in one streaming pass.

Every part is fed to expat in chunks, so the time is linear in the part's size whatever it holds:
no regular expression runs over the file's text (a search from each ``<c`` for its ``</c>`` went
quadratic on a sheet ending in a comment full of unclosed tags). Comments, processing
instructions and CDATA are the parser's business, not ours. A DTD is refused outright: an xlsx
never has one, and entity declarations are how an XML file is made to blow up in memory.
"""

from __future__ import annotations

import time
import zipfile
from dataclasses import dataclass, field
from xml.parsers import expat

from screening.errors import ScreeningError

FIRST_CHUNK_BYTES = 1 << 16


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


def _feed(parser: expat.XMLParserType, archive: zipfile.ZipFile, part: str, deadline: float):
    # expat before 2.6 scans an unfinished token (a huge comment, say) again from its start with
    # every chunk, so equal chunks would be quadratic again; chunks that double in size keep the
    # rescanning below twice the part's size, and still let the budget be checked between them.
    size = FIRST_CHUNK_BYTES
    with archive.open(part) as member:
        while chunk := member.read(size):
            if time.monotonic() > deadline:
                raise OverBudget(part)
            try:
                parser.Parse(chunk, False)
            except expat.ExpatError as error:
                raise BadXml(f"{part}: {error}") from error
            size *= 2
    try:
        parser.Parse(b"", True)
    except expat.ExpatError as error:
        raise BadXml(f"{part}: {error}") from error


def _split_ref(ref: str) -> tuple[int, str] | None:
    letters = ref.rstrip("0123456789")
    digits = ref[len(letters) :]
    if letters.isascii() and letters.isalpha() and letters.isupper() and digits.isdigit():
        return int(digits), letters
    return None


def scan_sheet(archive: zipfile.ZipFile, part: str, deadline: float) -> SheetFacts:
    """Formula cells, merged ranges and the last row number of one worksheet part."""
    facts = SheetFacts()
    parser = _parser()
    cell: list[tuple[int, str] | None] = [None]
    formula: list[str] = []

    def collect(text: str) -> None:
        formula.append(text)

    def start(name: str, attrs: dict[str, str]) -> None:
        tag = _local(name)
        if tag == "c":
            cell[0] = _split_ref(attrs.get("r", ""))
        elif tag == "f" and cell[0] is not None:
            formula.clear()
            parser.CharacterDataHandler = collect
        elif tag == "row":
            number = attrs.get("r", "")
            facts.last_row = int(number) if number.isdigit() else facts.last_row + 1
        elif tag == "mergeCell" and "ref" in attrs:
            facts.merged.append(attrs["ref"])

    def end(name: str) -> None:
        tag = _local(name)
        if tag == "f" and cell[0] is not None:
            parser.CharacterDataHandler = None
            facts.formulas[cell[0]] = "".join(formula)
        elif tag == "c":
            cell[0] = None

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    _feed(parser, archive, part, deadline)
    return facts


def sheet_parts(archive: zipfile.ZipFile, names: set[str], deadline: float) -> dict[str, str]:
    """Sheet name -> its XML part, from the workbook and its relationships."""
    if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
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
    _feed(rels, archive, "xl/_rels/workbook.xml.rels", deadline)
    workbook = _parser()
    workbook.StartElementHandler = sheet
    _feed(workbook, archive, "xl/workbook.xml", deadline)
    parts = {}
    for name, rel_id in sheets:
        part = "xl/" + targets.get(rel_id, "\0")
        if part in names:
            parts[name] = part
    return parts
