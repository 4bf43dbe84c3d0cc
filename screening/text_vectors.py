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
import snowballstemmer
from scipy import sparse

from screening.parsing import fold

COMMON_FEATURE_SHARE = 0.02  # features in more than 2 % of texts are dropped ...
COMMON_FEATURE_MIN = 50  # ... unless that is fewer than 50 texts (a small round keeps them all)
NGRAM = 4


def fold_expr(text: pl.Expr) -> pl.Expr:
    """Column version of :func:`screening.parsing.fold` (same result, tested)."""
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


# First parts of compounds in municipal task names, beside the words a round itself uses alone.
COMPOUND_HEADS = frozenset(
    fold(w)
    for w in """løn indkøb udbud hjælpemiddel hjælpemidler depot tand mad køkken jura arkiv drift
    kontor bygge byg tilsyn vej vinter tolk kreditor debitor faktura bogholderi sag dokument
    materiel maskine kort rotte skadedyr energi flåde pleje hjemme nat skole personale""".split()
)
# Last parts that many different tasks end in; as separate tokens they would pair
# "Energistyring" with "Flådestyring" (they still count inside the word's 4-grams).
GENERIC_PARTS = frozenset(
    fold(w)
    for w in """styring administration behandling service drift funktion kontor ordning center
    enhed opgaver opgave samarbejde indsats""".split()
)
MIN_PART = 3
_STEMMER = snowballstemmer.stemmer("danish")


def split_compound(word: str, lexicon: frozenset[str] | set[str]) -> list[str]:
    """Folded compound -> its parts, longest known first part first: "loenkontor" ->
    ["loen", "kontor"]; a linking s or e after the first part is dropped ("tolkebistand" ->
    ["tolk", "bistand"]). A word with no known first part is its own only part."""
    for cut in range(len(word) - MIN_PART, MIN_PART - 1, -1):
        head, rest = word[:cut], word[cut:]
        if head in lexicon:
            if rest[0] in "se" and len(rest) > MIN_PART and rest[1:] in lexicon:
                rest = rest[1:]
            return [head, *split_compound(rest, lexicon)]
    return [word]


def _word_parts(words: pl.Series) -> pl.DataFrame:
    """word -> the tokens it contributes: itself, its compound parts, and their stems."""
    unique = words.unique().drop_nulls().to_list()
    lexicon = {w for w in unique if len(w) >= MIN_PART + 1} | COMPOUND_HEADS
    rows = []
    for word in unique:
        parts = split_compound(word, lexicon) if len(word) >= 2 * MIN_PART else [word]
        if len(parts) > 1:
            parts = [p for p in parts if p not in GENERIC_PARTS]
        tokens = {word, *parts, *_STEMMER.stemWords(parts)}
        rows += [(word, token) for token in tokens if len(token) >= 2]
    return pl.DataFrame(rows, schema={"word": pl.String, "token": pl.String}, orient="row")


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
    tokens = words.join(_word_parts(words["word"]), on="word").select(
        "doc", ("w:" + pl.col("token")).alias("feature")
    )
    features = pl.concat([tokens, grams])
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
