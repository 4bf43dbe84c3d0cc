"""Look at a received file before any spreadsheet library parses it.

Limits are checked on what the file says about itself (byte size, the zip directory's
uncompressed sizes) so a hostile file is refused before it can fill memory. Macros are never run:
the reader (calamine) only reads cell values. Formula cells and merged cells are found in the
sheet XML so the reader can warn about them precisely.
"""

from __future__ import annotations

import time
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from screening.errors import ScreeningError
from screening.intake import sheet_xml

MAX_FILE_BYTES = 25 * 1024 * 1024  # a real template with 300 tasks is well under 1 MB
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100  # ordinary xlsx parts compress 5-20x; a zip bomb compresses 1000x
MAX_TASK_ROWS = 5_000
# The sheet XML is scanned in one linear pass (about 1 s for 10 MB of cells); a file that takes
# longer than this is refused rather than allowed to hold up the reading.
MAX_SCAN_SECONDS = 20.0
# Columns × rows a sheet may span: a template has 22 × 5,000; a reader holds about 32 bytes a
# cell, so this is about 130 MB.
MAX_SHEET_CELLS = 4_000_000

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".ods")
TEXT_SUFFIXES = (".csv",)
ACCEPTED_SUFFIXES = SPREADSHEET_SUFFIXES + TEXT_SUFFIXES

OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_MAGIC = b"PK"
# Excel stores an encrypted workbook in an OLE2 container with a stream of this name; the
# container's directory spells stream names in UTF-16LE (MS-CFB 2.6.1), so look for both.
ENCRYPTED_STREAM = "EncryptedPackage"
ENCRYPTED_MARKERS = (ENCRYPTED_STREAM.encode("ascii"), ENCRYPTED_STREAM.encode("utf-16-le"))
# What a damaged zip can raise while its members are read back (zlib: a broken deflate stream).
_DAMAGED_ZIP = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    OSError,
    KeyError,
    RuntimeError,  # an encrypted zip member
    NotImplementedError,  # a compression method zipfile does not know
    ValueError,
)
DAMAGED_MESSAGE = (
    "Filen er beskadiget og kan ikke åbnes. Åbn den i Excel (vælg «Reparer», hvis Excel "
    "spørger), gem den som .xlsx og send den igen."
)


class Refused(ScreeningError):
    """The file cannot be read; the message says why, in Danish, and how to fix it."""


@dataclass
class FileFacts:
    has_macros: bool = False
    # sheet name -> {(excel row, column letter): formula text}
    formulas: dict[str, dict[tuple[int, str], str]] = field(default_factory=dict)
    # sheet name -> {(excel row, column letter): an error value stored with no formula}
    errors: dict[str, dict[tuple[int, str], str]] = field(default_factory=dict)
    # sheet name -> merged ranges such as "A1:C1"
    merged: dict[str, list[str]] = field(default_factory=dict)
    # sheet name -> Excel number of its last row (xlsx only)
    last_rows: dict[str, int] = field(default_factory=dict)

    def too_long(self) -> bool:
        """A sheet longer than a template can be: read it no further than the reader does."""
        return any(n > MAX_TASK_ROWS + 50 for n in self.last_rows.values())


def inspect(path: Path) -> FileFacts:
    """Raise :class:`Refused` for a file that must not be parsed; else what is worth knowing."""
    suffix = path.suffix.lower()
    if suffix not in ACCEPTED_SUFFIXES:
        raise Refused(
            f"Filtypen «{path.suffix or 'ingen'}» kan ikke læses. Gem skabelonen som "
            "Excel-projektmappe (.xlsx) og send den igen."
        )
    size = path.stat().st_size
    if size == 0:
        raise Refused("Filen er tom (0 byte). Gem skabelonen igen i Excel, og send den igen.")
    if size > MAX_FILE_BYTES:
        raise Refused(
            f"Filen fylder {size / 1024 / 1024:.0f} MB; grænsen er "
            f"{MAX_FILE_BYTES // 1024 // 1024} MB. Fjern billeder og ekstra ark, eller del "
            "opgaverne på flere filer."
        )
    if suffix in TEXT_SUFFIXES:
        return FileFacts()
    with open(path, "rb") as handle:
        head = handle.read(8)
    if head == OLE2_MAGIC:
        content = path.read_bytes()
        if any(marker in content for marker in ENCRYPTED_MARKERS):
            raise Refused(
                "Filen er beskyttet med adgangskode, så den kan ikke læses. Fjern adgangskoden "
                "i Excel (Filer › Oplysninger › Beskyt projektmappe › Krypter med adgangskode: "
                "slet adgangskoden), gem og send filen igen."
            )
        raise Refused(
            "Filen er i det gamle Excel-format (.xls) eller et andet ikke-understøttet format. "
            "Åbn den i Excel og gem den som Excel-projektmappe (.xlsx)."
        )
    if not zipfile.is_zipfile(path):
        if head.startswith(ZIP_MAGIC):
            # It starts like a zip (every .xlsx does) but has no directory: cut off in transit.
            raise Refused(DAMAGED_MESSAGE)
        raise Refused(
            "Filen er ikke et regneark, selv om navnet slutter på "
            f"«{path.suffix}» (måske en tekstfil, der er omdøbt). Åbn skabelonen i Excel, gem "
            "den som .xlsx og send den igen."
        )
    try:
        with zipfile.ZipFile(path) as archive:
            return _inspect_zip(archive)
    except sheet_xml.OverBudget as error:
        raise Refused(
            f"Filen kunne ikke tjekkes inden for {MAX_SCAN_SECONDS:.0f} sekunder, så den er "
            "ikke læst. En udfyldt skabelon tjekkes på under et sekund: brug den udleverede "
            "skabelon, kopiér kun opgaverne ind (Indsæt › Værdier), og send den igen."
        ) from error
    except _DAMAGED_ZIP as error:
        raise Refused(DAMAGED_MESSAGE) from error


def _refuse_far_cells(sheet_name: str, sheet: sheet_xml.SheetFacts) -> None:
    """A sheet whose cells span more than :data:`MAX_SHEET_CELLS` (one stray cell far to the
    right of many rows) would take gigabytes to lay out: refused, naming the cell."""
    if sheet.widest is None:
        return
    column, ref = sheet.widest
    if (column + 1) * max(sheet.last_row, 1) <= MAX_SHEET_CELLS:
        return
    raise Refused(
        f"Arket «{sheet_name}» har indhold i cellen {ref}, langt til højre for opgavetabellen, "
        "så arket er for stort til at læse. Slet indholdet i den celle (eller slet kolonnerne "
        "til højre for tabellen), gem filen, og send den igen."
    )


def _inspect_zip(archive: zipfile.ZipFile) -> FileFacts:
    members = archive.infolist()
    total = sum(m.file_size for m in members)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise Refused(
            f"Filen pakker ud til {total / 1024 / 1024:.0f} MB; grænsen er "
            f"{MAX_UNCOMPRESSED_BYTES // 1024 // 1024} MB. Filen er ikke en almindelig skabelon."
        )
    for member in members:
        if member.compress_size and member.file_size / member.compress_size > MAX_COMPRESSION_RATIO:
            raise Refused(
                "Filen er pakket usædvanligt hårdt (mulig «zip-bombe») og åbnes ikke af "
                "sikkerhedshensyn. Brug den udleverede skabelon."
            )
    names = {m.filename for m in members}
    facts = FileFacts(has_macros=any(n.lower().endswith("vbaproject.bin") for n in names))
    deadline = time.monotonic() + MAX_SCAN_SECONDS
    parts = sheet_xml.sheet_parts(archive, names, deadline)
    for sheet_name, part in parts.items():
        sheet = sheet_xml.scan_sheet(archive, part, deadline)
        _refuse_far_cells(sheet_name, sheet)
        facts.formulas[sheet_name] = sheet.formulas
        facts.errors[sheet_name] = sheet.errors
        facts.merged[sheet_name] = sheet.merged
        facts.last_rows[sheet_name] = sheet.last_row
    # A damaged member is found by its CRC, checked when it is read to its end: the parts above
    # were, so only the others are read here (once each, not twice as zipfile.testzip would).
    scanned = set(parts.values())
    if parts:
        scanned |= {sheet_xml.WORKBOOK, sheet_xml.WORKBOOK_RELS}
    for member in members:
        if member.filename not in scanned:
            with archive.open(member) as content:
                while content.read(1 << 20):
                    pass
    return facts
