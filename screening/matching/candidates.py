"""Group tasks that several municipalities propose into one candidate.

Town halls name the same task differently ("Lønadministration", "Løn- og personaleadministration",
"Fælles lønkontor"), so titles are compared by meaning, not letter by letter:

1. Text is folded (case, punctuation, æ/ae, ø/oe, å/aa), stop words dropped and a few domain
   synonyms mapped to one word (``SYNONYMS``).
2. Each title and each description becomes a TF-IDF vector of its words and of the character
   4-grams inside each word; the 4-grams let compounds match their parts ("lønadministration"
   shares "#løn" and "admi" with "løn- og personaleadministration"), and IDF makes words every
   task has ("drift", "kommunal") count for little.
3. Candidate pairs come from a sparse product of the vectors (in chunks, on both cores), so the
   cost grows with the number of similar pairs, not with all pairs; no blocking on service
   area, because municipalities file the same task under different areas.
4. A pair's confidence combines title similarity, description similarity, and whether service
   area and task type agree (``WEIGHTS``). Pairs from the same municipality are never linked.
   A pair is a link when each task is the other's best match in that municipality and it is
   among the ``LINKS_PER_TASK`` strongest of either task in its band (``LINK_BANDS``): a task
   that 90 municipalities propose would otherwise bring 4,000 links where a few connect it.
5. Links are accepted strongest first; two groups join only if no municipality would then have
   two tasks in one candidate, the project group has not split them (overrides), and their
   average link across all pairs reaches ``GROUP_COHESION`` (average linkage: a near-miss that
   resembles one member does not join on that one link; in large groups the average is over
   the share of pairs that can carry a kept link). Two lone tasks become a candidate on a
   link of at least ``PAIR_CONFIDENCE``; joining a group, the task (or group) must itself be
   that similar to a member, and its link at least ``MEMBER_SHARE`` of the mean link inside the
   group: a task that resembles a tight group only on average («Personlige tillæg til
   pensionister» beside three population registers) stays out. Links with a confidence in
   ``REVIEW_BAND``, made or not, are marked for the project group to review.

Weights and thresholds were chosen on the labelled sets in tests/screening/data (pairwise F1 on
the sample round and on an independent set of 90 tasks from four other municipalities);
``python -m benchmarks.tune_matching`` prints them for a grid of thresholds, also on a
generated round whose true task families are known.
"""

from __future__ import annotations

import hashlib
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import polars as pl
from scipy import sparse

from screening.matching import functions
from screening.matching.text_vectors import tfidf_title_and_description

WEIGHTS = {"title": 0.20, "description": 0.65, "service_area": 0.10, "task_type": 0.05}
LINK_THRESHOLD = 0.18
PAIR_CONFIDENCE = 0.24  # two lone tasks become one candidate on a link this strong (or more)
GROUP_COHESION = 0.20  # average link needed to join two groups (see assign_candidates)
MEMBER_CONFIDENCE = PAIR_CONFIDENCE  # the joining link itself, as for two lone tasks
MEMBER_SHARE = 0.5  # ... and this share of the mean link inside the group it joins
REVIEW_BAND = (0.18, 0.30)  # accepted, but shown to the project group for a second look
LINKS_PER_TASK = 4  # strongest links kept per task and band (enough to connect a group)
TIE = 1e-9  # confidences this close are equal (float sums in another order differ by less)
LINK_BANDS = (0.8, 0.5)  # confidence bands: near copies, the same task named otherwise, the rest

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
    "loenudbetaling": "loen",
}

LINK_SCHEMA = {
    "task_id": pl.String,
    "other_task_id": pl.String,
    "confidence": pl.Float64,
    "title_similarity": pl.Float64,
    "description_similarity": pl.Float64,
    "source": pl.String,  # "beregnet" (computed) or "projektgruppen" (an override)
    "accepted": pl.Boolean,
    # The link joined two groups (it changed the list), as opposed to one inside a group
    # that other links had already formed, or one not accepted.
    "joined": pl.Boolean,
    "needs_review": pl.Boolean,
}
LINK_SCHEMA_COMPUTED = {
    k: v for k, v in LINK_SCHEMA.items() if k not in ("accepted", "joined", "needs_review")
}


MATCHED_COLUMNS = ("task_id", "municipality", "title", "description", "service_area", "task_type")


def inputs_fingerprint(tasks: pl.DataFrame, overrides: pl.DataFrame) -> str:
    """What a matching depends on: the settings above, the matched columns and the decisions.
    The same fingerprint means the same candidates, so a run can reuse the previous matching."""
    digest = hashlib.sha256(
        repr(
            (
                WEIGHTS,
                LINK_THRESHOLD,
                PAIR_CONFIDENCE,
                GROUP_COHESION,
                MEMBER_CONFIDENCE,
                MEMBER_SHARE,
                REVIEW_BAND,
                LINKS_PER_TASK,
            )
        ).encode()
    )
    digest.update(repr((sorted(STOP_WORDS), sorted(SYNONYMS.items()))).encode())
    digest.update(tasks.select(MATCHED_COLUMNS).sort("task_id").write_csv().encode())
    digest.update(overrides.write_csv().encode())
    return digest.hexdigest()


def task_links(
    tasks: pl.DataFrame,
    weights: dict[str, float] = WEIGHTS,
    threshold: float = LINK_THRESHOLD,
    per_task: int = LINKS_PER_TASK,
    chunk: int = 1000,
) -> pl.DataFrame:
    """Pairs of tasks from different municipalities similar enough to be one candidate, with
    their confidence (accepted or not is decided in :func:`assign_candidates`).

    A pair is kept when each task is the other's best match in that municipality, and when it
    is among the ``per_task`` strongest of at least one of its tasks in its band of confidence
    (see :func:`_strongest_per_task`): a task that 90 municipalities propose would otherwise
    bring 4,000 links, and the candidates need only enough of them to connect the group and to
    judge its cohesion.
    """
    if tasks.height < 2:
        return pl.DataFrame(schema=LINK_SCHEMA_COMPUTED)
    titles, descriptions = tfidf_title_and_description(
        tasks["title"].to_list(), tasks["description"].to_list(), STOP_WORDS, SYNONYMS
    )
    codes = tasks.select(
        pl.col("municipality").rank("dense").sub(1).alias("municipality"),
        pl.col("service_area").rank("dense").fill_null(0).alias("service_area"),
        pl.col("task_type").rank("dense").fill_null(0).alias("task_type"),
    )
    municipality, area, task_type = (codes[c].to_numpy().astype(np.int64) for c in codes.columns)
    n = tasks.height
    # Title and description similarity in one sparse product: [T | iD] @ [T | D]^T equals
    # T T^T + i D D^T, so each pair's title similarity (real part) and description similarity
    # (imaginary part) come out aligned, over the union of the two sparsity patterns. Only the
    # confidence is kept; the similarities are recomputed for the links kept, a fraction.
    # The chart of accounts' knowledge: its one-hot columns in the product bring the pairs that
    # name the same known task, however unlike their words (see functions.adjusted_text).
    evidence = functions.task_evidence(tasks)
    left = sparse.hstack([titles, evidence.known, 1j * descriptions]).tocsr()
    right = sparse.hstack([titles, functions.MARK * evidence.known, descriptions]).T.tocsc()
    best = np.zeros((n, int(municipality.max()) + 1))  # best confidence per task and municipality

    def rows(start: int) -> tuple[np.ndarray, ...]:
        product = (left[start : start + chunk] @ right).tocoo()
        text = weights["title"] * product.data.real + weights["description"] * product.data.imag
        text = evidence.adjusted_text(text, product.row + start, product.col, weights["title"])
        # Most pairs share a word part or two and nothing more: they cannot reach the threshold
        # even if service area and task type agree, and are dropped before anything else.
        reach = np.flatnonzero(text >= threshold - weights["service_area"] - weights["task_type"])
        i = product.row[reach].astype(np.int64) + start
        j = product.col[reach].astype(np.int64)
        confidence = (
            text[reach]
            + weights["service_area"] * (area[i] == area[j])
            + weights["task_type"] * (task_type[i] == task_type[j])
            - evidence.counter_evidence(i, j)
        ).round(9)  # the two rows of a pair sum in their own order: equal pairs must tie (TIE)
        keep = (confidence >= threshold) & (municipality[i] != municipality[j])
        at = np.flatnonzero(keep)
        np.maximum.at(best, (i[at], municipality[j[at]]), confidence[at])  # this chunk's own rows
        # Each pair comes out twice, from the row of either task; the row of the first is kept,
        # and only if it is that task's best in the other's municipality (half the mutual test
        # below, known here already: the chunk holds the task's whole row).
        keep = at[(i[at] < j[at]) & (confidence[at] >= best[i[at], municipality[j[at]]] - TIE)]
        return i[keep].astype(np.int32), j[keep].astype(np.int32), confidence[keep]

    # scipy's sparse product releases the GIL, so two threads use both cores.
    with ThreadPoolExecutor(max_workers=min(2, os.cpu_count() or 1)) as pool:
        parts = list(pool.map(rows, range(0, n, chunk)))
    i, j, confidence = (np.concatenate(p) for p in zip(*parts, strict=True))
    del parts
    # Mutual: i is j's best in i's municipality and j is i's best in j's municipality, whatever
    # the order of the tasks.
    mutual = (confidence >= best[i, municipality[j]] - TIE) & (
        confidence >= best[j, municipality[i]] - TIE
    )
    i, j, confidence = i[mutual], j[mutual], confidence[mutual]
    ids = tasks["task_id"]
    # Ranks of the task ids: ties are broken and links written by id, not by the order the
    # tasks came in, so the same tasks in another order give the same links.
    id_rank = ids.rank("ordinal").to_numpy().astype(np.int64)
    strongest = _strongest_per_task(i, j, confidence, per_task, id_rank)
    i, j, confidence = i[strongest], j[strongest], confidence[strongest]
    i, j = np.where(id_rank[i] < id_rank[j], i, j), np.where(id_rank[i] < id_rank[j], j, i)

    def similarity(vectors: sparse.csr_matrix) -> np.ndarray:  # of the kept pairs only
        return np.asarray(vectors[i].multiply(vectors[j]).sum(axis=1)).ravel()

    return (
        pl.DataFrame(
            {
                "task_id": ids.gather(i),
                "other_task_id": ids.gather(j),
                "confidence": confidence.round(4),
                "title_similarity": similarity(titles).round(4),
                "description_similarity": similarity(descriptions).round(4),
                "source": "beregnet",
            }
        )
        .cast(LINK_SCHEMA_COMPUTED)
        .sort(["confidence", "task_id", "other_task_id"], descending=[True, False, False])
    )


def _strongest_per_task(
    i: np.ndarray, j: np.ndarray, confidence: np.ndarray, per_task: int, id_rank: np.ndarray
) -> np.ndarray:
    """Mask of the links that are among the ``per_task`` strongest of task i or of task j in
    their band of confidence (``LINK_BANDS``). Per band, because a task that 60 municipalities
    copied word for word would otherwise fill its quota with copies and never keep a link to
    the other names the same task goes by. Ties go to the other task first by id."""
    both = np.concatenate([confidence, confidence])
    # One integer sort key: task and band, then confidence (strongest first, in steps of
    # 1e-7), then the other task's id rank; a single argsort of integers is several times
    # faster than a sort on three columns. Built in place: at national scale there are two
    # million link ends.
    other_bits = int(id_rank.max(initial=1)).bit_length()
    key = np.concatenate([i, j]).astype(np.int64) * (len(LINK_BANDS) + 1)
    key += np.searchsorted(-np.asarray(LINK_BANDS), -both, side="left")
    key <<= 24 + other_bits
    weaker = np.round((1 - both) * 1e7).astype(np.int64)  # 0 .. 1e7 < 2^24
    del both
    weaker <<= other_bits
    key |= weaker
    del weaker
    key |= id_rank[np.concatenate([j, i])]
    order = np.argsort(key)
    key = key[order] >> (24 + other_bits)  # task and band, in sorted order
    rank = np.arange(order.size) - np.searchsorted(key, key, side="left")
    del key
    keep = np.zeros(i.size, dtype=bool)
    keep[order[rank < per_task] % i.size] = True
    return keep


@dataclass(frozen=True)
class Overrides:
    """The project group's decisions: pairs that are one candidate, and pairs that are not."""

    merge: tuple[tuple[str, str], ...] = ()
    split: tuple[tuple[str, str], ...] = ()


def assign_candidates(
    tasks: pl.DataFrame,
    links: pl.DataFrame,
    overrides: Overrides = Overrides(),
    cohesion: float = GROUP_COHESION,
    pair_confidence: float = PAIR_CONFIDENCE,
    per_task: int = LINKS_PER_TASK,
    member_confidence: float | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """task_id -> candidate_id, and the links marked accepted / needs review.

    Strongest links first; a link joins two groups only if they share no municipality and no
    split override separates them. Merge overrides are applied first and always hold.
    """
    member_confidence = MEMBER_CONFIDENCE if member_confidence is None else member_confidence
    ids = tasks["task_id"].to_list()
    known = set(ids)
    parent = {t: t for t in ids}
    members = {t: {t} for t in ids}
    municipalities = dict(zip(ids, ({m} for m in tasks["municipality"]), strict=True))
    apart = {frozenset(p) for p in overrides.split if set(p) <= known}
    merged = {frozenset(p) for p in overrides.merge}

    def root(t: str) -> str:
        while parent[t] != t:
            parent[t] = parent[parent[t]]
            t = parent[t]
        return t

    def separated(a: str, b: str) -> bool:
        if not apart:  # the usual case: no split decisions, nothing to check
            return False
        return any(frozenset((x, y)) in apart for x in members[a] for y in members[b])

    pairs = list(zip(links["task_id"].to_list(), links["other_task_id"].to_list(), strict=True))
    confidences = links["confidence"].to_list()
    # Sum of link confidences between every two groups, kept up to date as groups join, so the
    # average-linkage test below is one lookup instead of a pass over all member pairs.
    between: dict[str, dict[str, float]] = {t: {} for t in ids}
    for (a, b), c in zip(pairs, links["confidence"].to_list(), strict=True):
        between[a][b] = between[a].get(b, 0.0) + c
        between[b][a] = between[b].get(a, 0.0) + c

    # Sum and count of the links seen so far inside each group (strongest first, so all at
    # least as strong as the link being tried): how alike a group's members are.
    inside: dict[str, tuple[float, int]] = {}

    def join(a: str, b: str, link: float | None = None) -> None:
        small, large = sorted((a, b), key=lambda r: len(members[r]))
        parent[small] = large
        members[large] |= members.pop(small)
        municipalities[large] |= municipalities.pop(small)
        (sum_a, n_a), (sum_b, n_b) = inside.pop(small, (0.0, 0)), inside.get(large, (0.0, 0))
        extra = (link, 1) if link is not None else (0.0, 0)
        inside[large] = (sum_a + sum_b + extra[0], n_a + n_b + extra[1])
        for other, total in between.pop(small).items():
            del between[other][small]
            if other != large:
                between[large][other] = between[large].get(other, 0.0) + total
                between[other][large] = between[other].get(large, 0.0) + total

    override_rows = []
    for a, b in overrides.merge:
        if a in known and b in known:
            ra, rb = root(a), root(b)
            if ra != rb:
                join(ra, rb)
            override_rows.append((a, b))

    def cohesive(ra: str, rb: str, confidence: float) -> bool:
        # Average linkage: joining two groups needs their average link across all pairs to
        # reach GROUP_COHESION (a missing link counts as 0), so a near-miss that resembles one
        # member of a group does not join on the strength of that one link. Two lone tasks
        # form a new candidate on a link of at least PAIR_CONFIDENCE.
        size = len(members[ra]) * len(members[rb])
        if size == 1:
            return confidence >= pair_confidence
        # Joining a group, a task must itself resemble a member: the strongest link between
        # the two (this one; links come strongest first) must reach MEMBER_CONFIDENCE, or a
        # task that resembles the group only on average would join through its neighbours.
        if confidence < member_confidence - TIE:
            return False
        # ... and be nearly as alike as the group's own members are to each other: a near-miss
        # («Personlige tillæg til pensionister» beside three population registers) links to
        # the group well below the group's own links.
        for root_ in (ra, rb):
            total, n = inside.get(root_, (0.0, 0))
            if n and confidence < MEMBER_SHARE * total / n - TIE:
                return False
        return between[ra].get(rb, 0.0) / (size * _kept_share(ra, rb)) >= cohesion

    def _kept_share(ra: str, rb: str) -> float:
        # task_links keeps each task's `per_task` strongest links per band, so in a group of
        # more than per_task + 1 tasks only part of the pairs can carry a link: a pair is kept
        # when it is among the strongest of either task, about 1 - (1 - k / (n - 1))^2 of the
        # pairs (counting one band: a group's links are mostly in one, so this errs low and
        # the test errs strict). The average is taken over that share, so it means the same in
        # a round of 4 municipalities (every pair kept) and of 98; it is 1 up to k + 1 tasks.
        partners = len(members[ra]) + len(members[rb]) - 1
        return 1 - (1 - min(1.0, per_task / partners)) ** 2

    accepted, joined = [], []
    for (a, b), confidence in zip(pairs, confidences, strict=True):
        # root() inlined for the usual case, a task whose parent is its group's root.
        ra, rb = parent[a], parent[b]
        if parent[ra] != ra:
            ra = root(ra)
        if parent[rb] != rb:
            rb = root(rb)
        if ra == rb:  # most links, once a large group has formed
            total, n = inside.get(ra, (0.0, 0))
            inside[ra] = (total + confidence, n + 1)
            accepted.append(True)
            joined.append(False)
            continue
        ok = (
            municipalities[ra].isdisjoint(municipalities[rb])
            and not separated(ra, rb)
            and cohesive(ra, rb, confidence)
        )
        if ok:
            join(ra, rb, confidence)
        accepted.append(ok)
        joined.append(ok)
    if apart:
        accepted = [ok and frozenset(p) not in apart for ok, p in zip(accepted, pairs, strict=True)]
        joined = [ok and now for ok, now in zip(accepted, joined, strict=True)]
    low, high = REVIEW_BAND
    # In the band, accepted or not: an uncertain link the matching left out is as worth a look
    # as one it made. Pairs the project group has decided on are not asked about again.
    decided = (
        [frozenset(p) in merged or frozenset(p) in apart for p in pairs]
        if merged or apart
        else [False] * len(pairs)
    )
    marked = (
        links.with_columns(
            pl.Series("accepted", accepted, dtype=pl.Boolean),
            pl.Series("joined", joined, dtype=pl.Boolean),
            pl.Series("_decided", decided, dtype=pl.Boolean),
        )
        .with_columns(
            (
                ~pl.col("_decided") & (pl.col("confidence") < high) & (pl.col("confidence") >= low)
            ).alias("needs_review")
        )
        .drop("_decided")
    )
    if override_rows:
        marked = pl.concat(
            [
                marked,
                pl.DataFrame(
                    [
                        (a, b, 1.0, None, None, "projektgruppen", True, True, False)
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
