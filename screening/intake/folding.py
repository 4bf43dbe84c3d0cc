"""Texts folded for comparison (:func:`screening.text.fold`) a whole sheet's column at a time,
each distinct text once for as long as the process lives: titles and descriptions repeat across
a round's files, and the reader folds a sheet's titles for the task ids and again, with the
descriptions, for the function proposals."""

from __future__ import annotations

import re

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
        other = _not_plain(new)
        plain = [text for i, text in enumerate(new) if i not in other] if other else new
        _folded.update(zip(plain, _fold_plain_all(plain), strict=True))
        _folded.update((new[i], fold(new[i])) for i in other)
    return [_folded[text] for text in texts]


def _not_plain(texts: list[str]) -> set[int]:
    """The positions of the texts that need the whole folding, found in one pass over them all
    joined where no text holds the separator (nearly always)."""
    joined = _SEPARATOR.join(texts)
    try:
        encoded = joined.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        encoded = None
    if encoded is None or joined.count(_SEPARATOR) != len(texts) - 1:
        return {i for i, text in enumerate(texts) if _NOT_PLAIN.search(text)}
    # What is left of the UTF-8 bytes without ASCII and æøå's bytes, text by text: a text with
    # anything left needs the whole folding. A few passes over bytes, where a pattern's search
    # looks at each character in turn (a fifth of folding a sheet's texts). UTF-8 spells æøå
    # (either case) as 0xC3 and one of six bytes; any other character leaves a byte behind.
    left = encoded.translate(None, _PLAIN_UTF8).split(_SEPARATOR.encode())
    return {i for i, rest in enumerate(left) if rest}


_PLAIN_UTF8 = bytes(b for b in range(0x80) if b != ord("\x04")) + bytes(
    sorted({byte for letter in "æøåÆØÅ" for byte in letter.encode("utf-8")})
)


# Anything but ASCII and æ, ø, å (either case) needs the normalisations; and the separator
# below may not be cut, so a text holding it is folded alone.
_NOT_PLAIN = re.compile(r"[^\x00-\x03\x05-\x7fæøåÆØÅ]")
_SEPARATOR = "\x04"


def _fold_plain_all(texts: list[str]) -> list[str]:
    """:func:`screening.text.fold` of texts of ASCII and æøå only (a test holds it equal), in a
    few passes over them all joined rather than a few per text: lowercase and æøå spelled out,
    such text is ASCII, which NFC and NFKD leave as it is, with no combining marks; runs of
    anything else are one space, none at the ends."""
    if not texts:
        return []
    folded = _SEPARATOR.join(texts).encode("latin-1").translate(_PLAIN_ALL_TABLE)
    if b"\x01" in folded or b"\x02" in folded or b"\x03" in folded:
        folded = folded.replace(b"\x01", b"ae").replace(b"\x02", b"oe").replace(b"\x03", b"aa")
    # Runs of spaces made one (the separator is no space, so no run spans two texts), then the
    # spaces at each text's ends dropped. Halving the runs a few times over takes a few passes
    # over the bytes, where splitting at them and joining again makes an object of every word.
    while b"  " in folded:
        folded = folded.replace(b"  ", b" ")
    folded = folded.strip(b" ").replace(b" \x04", b"\x04").replace(b"\x04 ", b"\x04")
    return folded.decode("ascii").split(_SEPARATOR)


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
_PLAIN_BYTES[4] = 4  # the separator between texts folded together stays itself
_PLAIN_ALL_TABLE = bytes(_PLAIN_BYTES)
