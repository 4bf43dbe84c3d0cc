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

from screening.text import fold, fold_expr

COMMON_FEATURE_SHARE = 0.005  # features in more than 0.5 % of texts are dropped ...
COMMON_FEATURE_MIN = 50  # ... unless that is fewer than 50 texts (a small round keeps them all)
NGRAM = 4


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


def _word_features(words: list[str]) -> sparse.csr_matrix:
    """words x features: how often each feature occurs in each distinct word. A round has a few
    thousand distinct words but hundreds of thousands of word occurrences, so features are
    built once per word and counted per text by one sparse product."""
    parts = _word_parts(pl.Series(words, dtype=pl.String))
    index = pl.DataFrame({"word": words}, schema={"word": pl.String}).with_row_index("w")
    tokens = index.join(parts, on="word").select("w", ("w:" + pl.col("token")).alias("feature"))
    grams = (
        index.with_columns(("#" + pl.col("word") + "#").alias("padded"))
        .with_columns(
            pl.int_ranges(0, (pl.col("padded").str.len_chars() - NGRAM + 1).clip(1)).alias("at")
        )
        .explode("at")
        .select("w", pl.col("padded").str.slice(pl.col("at"), NGRAM).alias("feature"))
    )
    pairs = pl.concat([tokens, grams]).with_columns(
        pl.col("feature").cast(pl.Categorical).to_physical().alias("f")
    )
    f = pairs["f"].to_numpy().astype(np.int64)
    f = np.unique(f, return_inverse=True)[1]  # dense feature ids, whatever the category ids
    return sparse.csr_matrix(
        (np.ones(pairs.height), (pairs["w"].to_numpy().astype(np.int64), f)),
        shape=(len(words), int(f.max()) + 1 if f.size else 1),
    )


def tfidf_title_and_description(
    titles: list[str | None],
    descriptions: list[str | None],
    stop_words: frozenset[str],
    synonyms: dict[str, str],
) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
    """TF-IDF vectors of the titles, and of title and description together (some write the
    essence only in the title). The words are split into features once for both."""
    n = len(titles)
    title_words = match_words_frame(titles, stop_words, synonyms)
    description_words = match_words_frame(descriptions, stop_words, synonyms)
    vocabulary = (
        pl.concat([title_words["word"], description_words["word"]])
        .unique(maintain_order=True)
        .to_list()
    )
    index = pl.DataFrame({"word": vocabulary}, schema={"word": pl.String}).with_row_index("w")

    def per_text(words: pl.DataFrame) -> sparse.csr_matrix:
        occurrences = words.join(index, on="word")
        return sparse.csr_matrix(
            (
                np.ones(occurrences.height),
                (occurrences["doc"].to_numpy().astype(np.int64), occurrences["w"].to_numpy()),
            ),
            shape=(n, len(vocabulary)),
        )  # duplicates are summed: word counts per text

    features = _word_features(vocabulary)
    in_titles = per_text(title_words)
    return (
        _weigh((in_titles @ features).tocsr()),
        _weigh(((in_titles + per_text(description_words)) @ features).tocsr()),
    )


def _weigh(counts: sparse.csr_matrix) -> sparse.csr_matrix:
    """Feature counts per text -> rows L2-normalised TF-IDF (sublinear term frequency, smoothed
    IDF), without the features too common to tell tasks apart."""
    n = counts.shape[0]
    counts.sum_duplicates()
    counts.eliminate_zeros()
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    limit = max(COMMON_FEATURE_MIN, int(COMMON_FEATURE_SHARE * n))
    idf = np.log((1 + n) / (1 + df)) + 1
    weights = (1 + np.log(counts.data)) * idf[counts.indices]
    weights[df[counts.indices] > limit] = 0.0
    vectors = sparse.csr_matrix((weights, counts.indices, counts.indptr), shape=counts.shape)
    vectors.eliminate_zeros()
    norms = np.sqrt(np.asarray(vectors.multiply(vectors).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1 / norms) @ vectors)
