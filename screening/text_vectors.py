"""Task texts as TF-IDF vectors, built column-wise with Polars so national rounds stay fast.

Features are the words (after folding, stop words and synonyms) and the character 4-grams inside
each padded word ("#løn#" -> "#løn", "løn#"): the 4-grams let a compound match its parts.
Features that a large share of all texts have are dropped before weighting (like scikit-learn's
``max_df``): they say little about which task it is, and they would pair every task with every
other in the sparse search.
"""

from __future__ import annotations

import numpy as np
import polars as pl
from scipy import sparse

COMMON_FEATURE_SHARE = 0.02  # features in more than 2 % of texts are dropped ...
COMMON_FEATURE_MIN = 50  # ... unless that is fewer than 50 texts (a small round keeps them all)
NGRAM = 4


def fold_expr(text: pl.Expr) -> pl.Expr:
    """Column version of :func:`screening.parsing.fold` (same result, tested)."""
    return (
        text.str.to_lowercase()
        .str.replace_all("æ", "ae", literal=True)
        .str.replace_all("ø", "oe", literal=True)
        .str.replace_all("å", "aa", literal=True)
        .str.normalize("NFKD")
        .str.replace_all(r"\p{M}", "")
        .str.replace_all(r"[^a-z0-9]+", " ")
        .str.strip_chars()
    )


def match_words_frame(
    texts: list[str | None], stop_words: frozenset[str], synonyms: dict[str, str]
) -> pl.DataFrame:
    """(doc, word) rows: folded words without stop words, synonyms mapped to one word."""
    return (
        pl.DataFrame({"text": texts}, schema={"text": pl.String})
        .with_row_index("doc")
        .select("doc", fold_expr(pl.col("text").fill_null("")).str.split(" ").alias("word"))
        .explode("word")
        .filter((pl.col("word").str.len_chars() > 1) & ~pl.col("word").is_in(list(stop_words)))
        .with_columns(pl.col("word").replace(synonyms))
    )


def tfidf(
    texts: list[str | None], stop_words: frozenset[str], synonyms: dict[str, str]
) -> sparse.csr_matrix:
    """Rows L2-normalised TF-IDF vectors (sublinear term frequency, smoothed IDF)."""
    n = len(texts)
    words = match_words_frame(texts, stop_words, synonyms)
    padded = "#" + pl.col("word") + "#"
    grams = (
        words.with_columns(padded.alias("padded"))
        .with_columns(
            pl.int_ranges(0, (pl.col("padded").str.len_chars() - NGRAM + 1).clip(1)).alias("at")
        )
        .explode("at")
        .select("doc", pl.col("padded").str.slice(pl.col("at"), NGRAM).alias("feature"))
    )
    features = pl.concat([words.select("doc", ("w:" + pl.col("word")).alias("feature")), grams])
    counts = features.group_by("doc", "feature").len("count")
    limit = max(COMMON_FEATURE_MIN, int(COMMON_FEATURE_SHARE * n))
    df = counts.group_by("feature").len("df").filter(pl.col("df") <= limit)
    weighted = (
        counts.join(df, on="feature")
        .with_columns(
            (
                (1 + pl.col("count").cast(pl.Float64).log())
                * (((1 + n) / (1 + pl.col("df"))).log() + 1)
            ).alias("weight"),
            pl.col("feature").rank("dense").cast(pl.Int64).sub(1).alias("column"),
        )
        .with_columns(
            (pl.col("weight") / (pl.col("weight") ** 2).sum().over("doc").sqrt()).alias("weight")
        )
    )
    columns = int(weighted["column"].max() or 0) + 1 if weighted.height else 1
    return sparse.csr_matrix(
        (
            weighted["weight"].to_numpy(),
            (weighted["doc"].to_numpy().astype(np.int64), weighted["column"].to_numpy()),
        ),
        shape=(n, columns),
    )
