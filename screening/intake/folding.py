"""Texts folded for comparison (:func:`screening.text.fold`) a whole sheet's column at a time,
each distinct text once for as long as the process lives: titles and descriptions repeat across
a round's files, and the reader folds a sheet's titles for the task ids and again, with the
descriptions, for the function proposals."""

from __future__ import annotations

from screening.text import fold

_folded: dict[str, str] = {}
_MAX_REMEMBERED = 100_000  # a long-lived process reads many rounds' texts


def folded(texts: list[str]) -> list[str]:
    """``fold`` of each text, for the texts not seen before."""
    if len(_folded) > _MAX_REMEMBERED:
        _folded.clear()
    new = [text for text in dict.fromkeys(texts) if text not in _folded]
    if new:
        # Danish written with the letters of a Danish keyboard (nearly every text) has nothing
        # for the Unicode normalisations to do: those texts take the shorter folding (a test
        # holds it equal), the others the whole one.
        _folded.update((text, _fold(text)) for text in new)
    return [_folded[text] for text in texts]


def _fold(text: str) -> str:
    try:
        latin = text.encode("latin-1")
    except UnicodeEncodeError:
        return fold(text)
    # Anything but ASCII and æ, ø, å (either case) needs the normalisations.
    if not latin.isascii() and not latin.translate(None, _DANISH_LETTERS).isascii():
        return fold(text)
    return _fold_plain(latin)


_DANISH_LETTERS = "æøåÆØÅ".encode("latin-1")

# Text of ASCII and æøå is Latin-1, one byte a letter: lowercased, æøå marked by a byte of their
# own (spelled out after) and anything but a-z and 0-9 a space, in one table look-up a byte.
_PLAIN_BYTES = bytearray(b" " * 256)
for _byte in b"abcdefghijklmnopqrstuvwxyz0123456789":
    _PLAIN_BYTES[_byte] = _byte
for _byte in b"ABCDEFGHIJKLMNOPQRSTUVWXYZ":
    _PLAIN_BYTES[_byte] = _byte + 32
for _letters, _mark in (("æÆ", 1), ("øØ", 2), ("åÅ", 3)):
    for _letter in _letters.encode("latin-1"):
        _PLAIN_BYTES[_letter] = _mark
_PLAIN_TABLE = bytes(_PLAIN_BYTES)


def _fold_plain(latin: bytes) -> str:
    """:func:`screening.text.fold` for text of ASCII and æøå only: lowercase and æøå spelled
    out, it is ASCII, which NFC and NFKD leave as it is, with no combining marks; runs of
    anything else are one space, none at the ends."""
    folded = latin.translate(_PLAIN_TABLE)
    if b"\x01" in folded or b"\x02" in folded or b"\x03" in folded:
        folded = folded.replace(b"\x01", b"ae").replace(b"\x02", b"oe").replace(b"\x03", b"aa")
    return b" ".join(folded.split()).decode("ascii")
