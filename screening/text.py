"""Text compared by meaning: the folding and blank-cell tests that intake, matching and the
dashboard share, kept below all of them so none imports another for it."""

from __future__ import annotations

import functools
import re
import unicodedata

import polars as pl


@functools.lru_cache(maxsize=1 << 16)  # templates repeat the same few values in every row
def fold(text: str) -> str:
    """Compare text by meaning: case, accents, æøå spellings, punctuation and spacing ignored."""
    # NFC first: "å" typed on a Mac can arrive as "a" + a combining ring, and must become "aa".
    text = unicodedata.normalize("NFC", text).strip().lower()
    text = text.replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def fold_expr(text: pl.Expr) -> pl.Expr:
    """Column version of :func:`fold` (same result, tested): for a whole column at once."""
    return (
        text.str.normalize("NFC")  # "å" typed as "a" + combining ring must fold to "aa"
        .str.to_lowercase()
        .str.replace_all("æ", "ae", literal=True)
        .str.replace_all("ø", "oe", literal=True)
        .str.replace_all("å", "aa", literal=True)
        .str.normalize("NFKD")
        .str.replace_all(r"\p{M}", "")
        .str.replace_all(r"[^a-z0-9]+", " ")
        .str.strip_chars()
    )


# Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): invisible, and
# they reorder what follows, so «Affald \u202eslx.exe» reads «Affald exe.xls».
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def without_bidi_controls(text: str) -> str:
    """``text`` without bidirectional control characters, so it reads in the order it is stored."""
    return BIDI_CONTROLS.sub("", text)


def has_bidi_controls(text: object) -> bool:
    return isinstance(text, str) and BIDI_CONTROLS.search(text) is not None


def holds_bidi_controls(text: str) -> bool:
    """:func:`has_bidi_controls` for a long text (a column's cells joined): text that Latin-1
    can hold (nearly all Danish) holds none, and telling so copies it once, where the pattern
    looks at every character (about 150 µs for a column of descriptions)."""
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return BIDI_CONTROLS.search(text) is not None
    return False


def breakable(text: str, every: int = 24) -> str:
    """``text`` with an invisible break opportunity (U+200B) after every ``every`` characters
    of an unbroken word, so a long word wraps inside a narrow table column."""
    return re.sub(rf"\S{{{every}}}(?=\S)", lambda match: match.group(0) + "\u200b", text)


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def compact(text: str) -> str:
    """Folded and without spaces: "Fællesudbud" and "fælles udbud" are the same words."""
    return fold(text).replace(" ", "")
