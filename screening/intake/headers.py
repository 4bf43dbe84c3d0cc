"""Match a sheet's headers to the template's columns by meaning: as written (case, spacing,
æ/ae, English and older template headers), and failing that by the words a header uses."""

from __future__ import annotations

import functools
import re

from screening.template.spec import READ_COLUMNS, Column
from screening.text import cell_text, fold, is_blank


def match_headers(
    row: list, exact_only: bool = False, taken: set[str] | frozenset[str] = frozenset()
) -> dict[int, Column]:
    """Column index -> column, matching headers by meaning (case, spacing, æøå, synonyms),
    and then, for the columns still missing, by the words a header uses (see
    :data:`HEADER_WORDS`; :func:`interpreted_headers` says which were read that way). Columns
    whose code is in ``taken`` are already found elsewhere."""
    matched: dict[int, Column] = {}
    codes = set(taken)
    for index, value in enumerate(row):
        column = _by_header().get(_header_key(cell_text(value)))
        if column is not None and column.code not in codes:
            matched[index] = column
            codes.add(column.code)
    if exact_only:
        return matched
    by_words: dict[str, list[tuple[int, Column]]] = {}
    for index, value in enumerate(row):
        if index in matched or is_blank(value) or is_municipality_header(value):
            continue
        column = column_by_words(cell_text(value))
        if column is not None and column.code not in codes:
            by_words.setdefault(column.code, []).append((index, column))
    # «Budget 2025», «Budget 2026»: the latest year's column; else the first from the left.
    chosen = [
        max(found, key=lambda pair: (_year(row[pair[0]]), -pair[0])) for found in by_words.values()
    ]
    matched.update(sorted(chosen, key=lambda pair: pair[0]))
    return matched


_YEAR = re.compile(r"\b(19|20)\d\d\b")


def _year(value) -> int:
    """The latest year a header names («Budget 2026 (kr.)»), or -1."""
    years = [int(found.group(0)) for found in _YEAR.finditer(cell_text(value))]
    return max(years, default=-1)


def interpreted_headers(row: list, columns: dict[int, Column]) -> list[int]:
    """The indexes of the headers that were matched by their words, not as written."""
    return [i for i in columns if _by_header().get(_header_key(cell_text(row[i]))) is None]


@functools.cache
def _by_header() -> dict[str, Column]:
    by_header: dict[str, Column] = {}
    for column in READ_COLUMNS:
        for header in (column.header, *column.aliases):
            by_header.setdefault(_header_key(header), column)
    return by_header


# The words town halls' own headers use for each column (folded word beginnings), tried in this
# order, for a header none of the template's names matches: «Hvad går opgaven ud på»,
# «Forvaltning», «Hvorfor», «Samarbejdsmodel», «Antal medarbejdere», «Besparelse pr. år».
HEADER_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("description", ("beskriv", "omfatter", "ud paa", "indhold")),
    # «Organisatorisk enhed»: the unit that runs the task says its service area.
    (
        "service_area",
        ("fagomr", "omraade", "forvaltning", "afdeling", "sektor", "enhed", "organisatorisk"),
    ),
    ("cooperation_form", ("samdrift", "samarbejdsform", "samarbejdsmodel", "model", "form")),
    ("task_type", ("opgavetype", "type", "kategori")),
    ("goals", ("maal", "formaal", "rationale", "hvorfor", "begrundelse")),
    ("authority_exercise", ("myndighed",)),
    ("cost_base_dkk", ("udgift", "budget", "omkostning", "forbrug")),
    ("fte", ("aarsvaerk", "medarbejder", "ansatte", "fte", "normering")),
    ("potential_dkk", ("potentiale", "besparelse", "gevinst", "effektivisering")),
    ("complexity", ("kompleksitet", "svaerhed")),
    ("time_horizon_years", ("tidshorisont", "tidsperspektiv", "hvornaar", "tidsplan")),
    ("partners", ("samarbejdskommune", "partner")),
    ("barriers", ("barriere", "hindring", "udfordring")),
    ("contact", ("kontakt", "ansvarlig")),
    ("remarks", ("bemaerk", "kommentar", "note")),
)
_READ_BY_CODE = {c.code: c for c in READ_COLUMNS}


@functools.lru_cache(maxsize=1 << 12)
def column_by_words(header: str) -> Column | None:
    text = fold(header)
    words = text.split()
    for code, beginnings in HEADER_WORDS:
        for beginning in beginnings:
            if " " in beginning:
                if f" {beginning} " in f" {text} ":
                    return _READ_BY_CODE[code]
            elif any(w.startswith(beginning) for w in words):
                return _READ_BY_CODE[code]
    return None


def is_municipality_header(value: object) -> bool:
    return fold(cell_text(value)) in ("kommune", "kommunenavn", "kommunens navn", "afsender")


# Headers repeat from file to file (most are the template's own): each is keyed once.
@functools.lru_cache(maxsize=1 << 12)
def _header_key(text: str) -> str:
    # "Årlig udgiftsbase (kr.)" and "aarlig udgiftsbase kr" are the same header.
    return re.sub(r"\b(kr|dkk|i kr)\b", "", fold(text)).replace(" ", "")
