"""Texts folded for comparison (:func:`screening.text.fold`) a whole sheet's column at a time,
each distinct text once for as long as the process lives: titles and descriptions repeat across
a round's files, and the reader folds a sheet's titles for the task ids and again, with the
descriptions, for the function proposals."""

from __future__ import annotations

import polars as pl

from screening.text import fold_expr

_folded: dict[str, str] = {}
_MAX_REMEMBERED = 100_000  # a long-lived process reads many rounds' texts


def folded(texts: list[str]) -> list[str]:
    """``fold`` of each text, computed as one Polars column for the texts not seen before."""
    if len(_folded) > _MAX_REMEMBERED:
        _folded.clear()
    new = [text for text in dict.fromkeys(texts) if text not in _folded]
    if new:
        column = (
            pl.Series("text", new, dtype=pl.String).to_frame().select(fold_expr(pl.col("text")))
        )
        _folded.update(zip(new, column["text"].to_list(), strict=True))
    return [_folded[text] for text in texts]
