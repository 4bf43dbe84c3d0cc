"""The guard's byte scan of a worksheet: its last row number, and whether Python must parse it.

It runs over the same chunks expat checks (:mod:`screening.intake.sheet_xml`) and only looks at
the text between one ``<`` and the next, so it is linear too. In a well-formed part without
comments, CDATA or processing instructions every ``<`` opens a tag, so what the scan finds is
exactly what a parser would; a part holding any of those, a formula, a merged range, an error
value or a cell far to the right is left to the parser (``needs_parser``).
"""

from __future__ import annotations

import re

# The byte scan looks for rare bytes with ``bytes.find`` and patterns that start at a rare byte,
# far quicker than a pattern tried at every «<». A match in text that only looks like a tag
# («kl:f 12») costs a parse, never a wrong answer.
_SPACE = (b" ", b"\t", b"\n", b"\r")
_TAG_ENDS = (*_SPACE, b">", b"/")
# A formula's tag name, «f» or «x:f»: the byte before «f» is checked by hand.
_FORMULA_NAME = re.compile(rb"f[\s/>]")
# Comments, CDATA (and a DTD, refused by the parser anyway), prefixed rows and merged ranges
# are left to the parser as well.
# Each a pattern of its own: sre finds a literal about twice as fast as ``bytes in`` finds a
# short one (0.15 ms less for a national file's sheet), and an alternation would be slower. A
# cell holding an error value (t="e") goes to the parser too, which alone reads its text.
_FOR_THE_PARSER = tuple(
    re.compile(re.escape(marker)) for marker in (b"<!", b":row", b"mergeCell", b't="e"', b"t='e'")
)
# A cell reference past column ZZ (three letters): rare enough that the sheet is then parsed to
# find the widest cell exactly. Searched from the literal «r="» (a pattern starting with a class
# would be tried at every space).
_FAR_COLUMN = re.compile(rb"""r=["'][A-Z]{3}[0-9]""")
# A row's start tag and its attributes, up to the next «<» or «>».
_ROW = re.compile(rb"<row[\s/>]([^<>]*)")
_ROW_NUMBER = re.compile(rb"""(?:^|\s)r\s*=\s*["'](\d+)["']""")


class ByteScan:
    """Last row number of a worksheet from its raw bytes, and whether Python must parse it.

    Chunks are cut at their last «<», so a tag split between two chunks is scanned whole with
    the next one; the carried tail only grows while chunks hold no «<», and chunks double, so
    the copying stays linear. Processing instructions are reported by expat
    (:func:`_reporting_parser`), which sets ``needs_parser`` too.
    """

    def __init__(self) -> None:
        self.tail = b""
        self.started = False
        self.needs_parser = False
        self.last_row = 0

    def take(self, chunk: bytes, final: bool) -> bool:
        """Scan one more chunk; True once the part must go to the parser."""
        if self.needs_parser:
            return True
        data = self.tail + chunk
        if not self.started and data.strip():
            self.started = True
            # Only UTF-8 (or an encoding in which ASCII's bytes mean the same) is scanned as
            # bytes; UTF-16 and the like go to the parser.
            head = data.removeprefix(b"\xef\xbb\xbf").lstrip()
            if b"\0" in data or not head.startswith(b"<"):
                self.needs_parser = True
                return True
        cut = len(data) if final else data.rfind(b"<")
        if cut < 0:
            cut = len(data)
        body, self.tail = data[:cut], data[cut:]
        if (
            _has_formula(body)
            or any(marker.search(body) for marker in _FOR_THE_PARSER)
            or _FAR_COLUMN.search(body)
        ):
            self.needs_parser = True
        else:
            self._rows(body)
        return self.needs_parser

    def _rows(self, body: bytes) -> None:
        # As the parser reads it: a row's r attribute, or one more than the row before. Every
        # row of a sheet Excel writes has r, so the last row's tag is usually all it takes.
        last = _last_row_tag(body)
        if last < 0:
            return
        rows = [_ROW.match(body, last).group(1)]
        if not _ROW_NUMBER.search(rows[0]):
            rows = _ROW.findall(body)
        for after, attributes in enumerate(reversed(rows)):
            number = _ROW_NUMBER.search(attributes)
            if number:
                self.last_row = int(number.group(1)) + after
                return
            if b"&" in attributes:  # a character reference the parser would resolve
                self.needs_parser = True
                return
        self.last_row += len(rows)


def _has_formula(body: bytes) -> bool:
    for found in _FORMULA_NAME.finditer(body):
        if found.start() and body[found.start() - 1] in b"<:":
            return True
    return False


def _last_row_tag(body: bytes) -> int:
    """Where the last «<row» start tag begins (not «<rowBreaks»), or -1."""
    end = len(body)
    while (found := body.rfind(b"<row", 0, end)) >= 0:
        if body[found + 4 : found + 5] in _TAG_ENDS:
            return found
        end = found
    return -1
