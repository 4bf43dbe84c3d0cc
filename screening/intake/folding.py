"""Texts folded for comparison (:func:`screening.text.fold`) a whole sheet's column at a time,
each distinct text once for as long as the process lives: titles and descriptions repeat across
a round's files, and the reader folds a sheet's titles for the task ids and again, with the
descriptions, for the function proposals."""

from __future__ import annotations

import re

import polars as pl

from screening.text import fold

_folded: dict[str, str] = {}
_MAX_REMEMBERED = 100_000  # a long-lived process reads many rounds' texts


def folded(texts: list[str]) -> list[str]:
    """``fold`` of each text, computed as one Polars column for the texts not seen before."""
    if len(_folded) > _MAX_REMEMBERED:
        _folded.clear()
    new = [text for text in dict.fromkeys(texts) if text not in _folded]
    if new:
        # Danish written with the letters of a Danish keyboard (nearly every text) has nothing
        # for the Unicode normalisations to do: those texts take the shorter folding (a test
        # holds it equal), the few others fold one by one.
        plain = [text for text in new if not _NOT_PLAIN.search(text)]
        if plain:
            column = (
                pl.Series("text", plain, dtype=pl.String)
                .to_frame()
                .select(_fold_plain_expr(pl.col("text")))
            )
            _folded.update(zip(plain, column["text"].to_list(), strict=True))
        if len(plain) < len(new):
            _folded.update((text, fold(text)) for text in new if text not in _folded)
    return [_folded[text] for text in texts]


# Anything but ASCII and æ, ø, å (either case), whose folding needs the normalisations.
_NOT_PLAIN = re.compile("[^\x00-\x7fæøåÆØÅ]")


def _fold_plain_expr(text: pl.Expr) -> pl.Expr:
    """:func:`screening.text.fold_expr` for text of ASCII and æøå only: lowercase and æøå
    spelled out, it is ASCII, which NFC and NFKD leave as it is, with no combining marks."""
    return (
        text.str.to_lowercase()
        .str.replace_all("æ", "ae", literal=True)
        .str.replace_all("ø", "oe", literal=True)
        .str.replace_all("å", "aa", literal=True)
        .str.replace_all(r"[^a-z0-9]+", " ")
        .str.strip_chars()
    )
