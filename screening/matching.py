"""Group tasks that several municipalities propose into one candidate.

Town halls name the same task differently ("Lønadministration", "Løn- og personaleadministration",
"Fælles lønkontor"), so titles are compared by meaning, not letter by letter:

1. Text is folded (case, punctuation, æ/ae, ø/oe, å/aa), stop words dropped and a few domain
   synonyms mapped to one word (``SYNONYMS``).
2. Each title and each description becomes a TF-IDF vector of its words and of the character
   4-grams inside each word; the 4-grams let compounds match their parts ("lønadministration"
   shares "#løn" and "admi" with "løn- og personaleadministration"), and IDF makes words every
   task has ("drift", "kommunal") count for little.
3. Candidate pairs come from a sparse product of the title vectors, so the cost grows with the
   number of similar pairs, not with all pairs; no blocking on service area, because
   municipalities file the same task under different areas.
4. A pair's confidence combines title similarity, description similarity, and whether service
   area and task type agree (``WEIGHTS``). Pairs from the same municipality are never linked.
5. Links are accepted strongest first; two groups join only if no municipality would then have
   two tasks in one candidate and the project group has not split them (overrides). Links with a
   confidence in ``REVIEW_BAND`` are marked for review.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

import numpy as np
import polars as pl
from scipy import sparse

from screening.parsing import fold

WEIGHTS = {"title": 0.45, "description": 0.35, "service_area": 0.15, "task_type": 0.05}
LINK_THRESHOLD = 0.33
REVIEW_BAND = (0.33, 0.45)  # accepted, but shown to the project group for a second look
# Only pairs this similar in title, or in description, are scored at all (sparse search).
CANDIDATE_MIN_TITLE = 0.15
CANDIDATE_MIN_DESCRIPTION = 0.15

# Words that say nothing about which task it is, in folded form (see parsing.fold).
STOP_WORDS = frozenset(
    "og i af til for med fra paa den det de en et samt om under ved hele alle vores "
    "faelles kommunal kommunale kommunalt kommunens kommunerne opgave opgaver".split()
)
# Different words municipalities use for the same task, mapped to one (folded forms).
SYNONYMS = {
    "snerydning": "vintertjeneste",
    "glatfoerebekaempelse": "vintertjeneste",
    "saltning": "vintertjeneste",
    "vintervedligeholdelse": "vintertjeneste",
    "cpr": "folkeregister",
    "folkeregistrering": "folkeregister",
    "ortodonti": "tandregulering",
    "journalisering": "esdh",
    "lonudbetaling": "loen",
}

LINK_SCHEMA = {
    "task_id": pl.String,
    "other_task_id": pl.String,
    "confidence": pl.Float64,
    "title_similarity": pl.Float64,
    "description_similarity": pl.Float64,
    "source": pl.String,  # "beregnet" (computed) or "projektgruppen" (an override)
    "accepted": pl.Boolean,
    "needs_review": pl.Boolean,
}
LINK_SCHEMA_COMPUTED = {
    k: v for k, v in LINK_SCHEMA.items() if k not in ("accepted", "needs_review")
}


def match_words(text: str | None) -> list[str]:
    words = [w for w in fold(text or "").split() if w not in STOP_WORDS and len(w) > 1]
    return [SYNONYMS.get(w, w) for w in words]


def _features(words: list[str]) -> list[str]:
    features = [f"w:{w}" for w in words]
    for word in words:
        padded = f"#{word}#"
        features += [padded[i : i + 4] for i in range(max(len(padded) - 3, 1))]
    return features


def tfidf(texts: list[str | None]) -> sparse.csr_matrix:
    """Rows L2-normalised TF-IDF vectors of words and in-word character 4-grams."""
    docs = [Counter(_features(match_words(t))) for t in texts]
    df = Counter(f for doc in docs for f in doc)
    n = len(docs)
    index = {f: i for i, f in enumerate(df)}
    idf = {f: math.log((1 + n) / (1 + d)) + 1 for f, d in df.items()}
    rows, cols, vals = [], [], []
    for r, doc in enumerate(docs):
        weights = {f: (1 + math.log(c)) * idf[f] for f, c in doc.items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        for f, w in weights.items():
            rows.append(r)
            cols.append(index[f])
            vals.append(w / norm)
    return sparse.csr_matrix((vals, (rows, cols)), shape=(n, max(len(index), 1)))


def _similar_pairs(matrix: sparse.csr_matrix, minimum: float, chunk: int = 2000):
    """(i, j, cosine) for i < j with cosine >= minimum, computed a block of rows at a time."""
    transposed = matrix.T.tocsc()
    found_i, found_j, found_s = [], [], []
    for start in range(0, matrix.shape[0], chunk):
        product = (matrix[start : start + chunk] @ transposed).tocoo()
        keep = (product.data >= minimum) & (product.row + start < product.col)
        found_i.append(product.row[keep] + start)
        found_j.append(product.col[keep])
        found_s.append(product.data[keep])
    if not found_i:
        return np.array([], int), np.array([], int), np.array([])
    return np.concatenate(found_i), np.concatenate(found_j), np.concatenate(found_s)


def task_links(
    tasks: pl.DataFrame,
    weights: dict[str, float] = WEIGHTS,
    threshold: float = LINK_THRESHOLD,
) -> pl.DataFrame:
    """Every pair of tasks from different municipalities similar enough to be one candidate,
    with its confidence (accepted or not is decided in :func:`assign_candidates`)."""
    if tasks.height < 2:
        return pl.DataFrame(schema=LINK_SCHEMA_COMPUTED)
    titles = tfidf(tasks["title"].to_list())
    # The description vector includes the title: some write the essence only in the title.
    descriptions = tfidf(
        [f"{t or ''} {d or ''}" for t, d in zip(tasks["title"], tasks["description"], strict=True)]
    )
    pairs = np.unique(
        np.concatenate(
            [
                np.stack(_similar_pairs(titles, CANDIDATE_MIN_TITLE)[:2], axis=1),
                np.stack(_similar_pairs(descriptions, CANDIDATE_MIN_DESCRIPTION)[:2], axis=1),
            ]
        ),
        axis=0,
    )
    i, j = pairs[:, 0], pairs[:, 1]
    municipality = tasks["municipality"].to_numpy()
    different = municipality[i] != municipality[j]
    i, j = i[different], j[different]
    title_sim = _row_dot(titles, i, j)
    description_sim = _row_dot(descriptions, i, j)
    area = tasks["service_area"].to_numpy()
    task_type = tasks["task_type"].to_numpy()
    confidence = (
        weights["title"] * title_sim
        + weights["description"] * description_sim
        + weights["service_area"] * (area[i] == area[j])
        + weights["task_type"] * (task_type[i] == task_type[j])
    )
    keep = confidence >= threshold
    ids = tasks["task_id"].to_numpy()
    return pl.DataFrame(
        {
            "task_id": ids[i[keep]],
            "other_task_id": ids[j[keep]],
            "confidence": np.round(confidence[keep], 4),
            "title_similarity": np.round(title_sim[keep], 4),
            "description_similarity": np.round(description_sim[keep], 4),
            "source": "beregnet",
        },
        schema=LINK_SCHEMA_COMPUTED,
    ).sort(["confidence", "task_id", "other_task_id"], descending=[True, False, False])


def _row_dot(matrix: sparse.csr_matrix, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    if len(i) == 0:
        return np.array([])
    return np.asarray(matrix[i].multiply(matrix[j]).sum(axis=1)).ravel()


@dataclass(frozen=True)
class Overrides:
    """The project group's decisions: pairs that are one candidate, and pairs that are not."""

    merge: tuple[tuple[str, str], ...] = ()
    split: tuple[tuple[str, str], ...] = ()


def assign_candidates(
    tasks: pl.DataFrame, links: pl.DataFrame, overrides: Overrides = Overrides()
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """task_id -> candidate_id, and the links marked accepted / needs review.

    Strongest links first; a link joins two groups only if they share no municipality and no
    split override separates them. Merge overrides are applied first and always hold.
    """
    ids = tasks["task_id"].to_list()
    known = set(ids)
    parent = {t: t for t in ids}
    members = {t: {t} for t in ids}
    municipalities = dict(zip(ids, ({m} for m in tasks["municipality"]), strict=True))
    apart = {frozenset(p) for p in overrides.split if set(p) <= known}

    def root(t: str) -> str:
        while parent[t] != t:
            parent[t] = parent[parent[t]]
            t = parent[t]
        return t

    def separated(a: str, b: str) -> bool:
        return any(frozenset((x, y)) in apart for x in members[a] for y in members[b])

    def join(a: str, b: str) -> None:
        small, large = sorted((a, b), key=lambda r: len(members[r]))
        parent[small] = large
        members[large] |= members.pop(small)
        municipalities[large] |= municipalities.pop(small)

    override_rows = []
    for a, b in overrides.merge:
        if a in known and b in known:
            ra, rb = root(a), root(b)
            if ra != rb:
                join(ra, rb)
            override_rows.append((a, b))
    accepted = []
    for a, b in links.select("task_id", "other_task_id").iter_rows():
        ra, rb = root(a), root(b)
        ok = ra == rb or (not municipalities[ra] & municipalities[rb] and not separated(ra, rb))
        if ok and ra != rb:
            join(ra, rb)
        accepted.append(ok and frozenset((a, b)) not in apart)
    low, high = REVIEW_BAND
    marked = links.with_columns(
        pl.Series("accepted", accepted, dtype=pl.Boolean),
    ).with_columns(
        (pl.col("accepted") & (pl.col("confidence") < high) & (pl.col("confidence") >= low)).alias(
            "needs_review"
        )
    )
    if override_rows:
        marked = pl.concat(
            [
                marked,
                pl.DataFrame(
                    [
                        (a, b, 1.0, None, None, "projektgruppen", True, False)
                        for a, b in override_rows
                    ],
                    schema=LINK_SCHEMA,
                    orient="row",
                ),
            ]
        )
    # A candidate is named after its alphabetically first task, so ids are stable per input.
    first = {}
    for t in sorted(ids):
        first.setdefault(root(t), t)
    assignments = pl.DataFrame(
        {"task_id": ids, "candidate_id": [f"K-{first[root(t)]}" for t in ids]},
        schema={"task_id": pl.String, "candidate_id": pl.String},
    )
    return assignments, marked
