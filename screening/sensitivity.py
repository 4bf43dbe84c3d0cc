"""How sure is a rank? Weight sensitivity of the gross list.

The score is linear in the criterion weight shares ``s``: ``score = 100 * V @ s + penalty``, where
``V`` holds each candidate's criterion values (see :mod:`screening.scoring`). The goals value
depends only on the goal weights, which stay fixed here, and the authority-exercise penalty is a
fixed additive term, so both are computed once.

Perturbation (:func:`rank_intervals`): ``draws`` weight vectors are drawn from a Dirichlet
distribution with ``alpha = concentration * s``. Its mean is the profile's shares; the larger the
concentration, the closer the draws stay to them (with 100, a share of 0.20 varies with a standard
deviation of about 0.04). All draws are scored in one matrix product and ranked by sorting packed
integer keys (score quantised to 1e-9 points in the high bits, the candidate's base position in
the low bits), which sorts faster than ``argsort`` and breaks ties exactly like the gross list
(score, then candidate_id). The result per candidate is the 5th, 50th and 95th percentile of its
rank over the draws and the share of draws in which it is in the top ``k``.

One weight at a time (:func:`rank_tipping_points`): moving criterion ``c``'s share by ``t`` and
rescaling the others proportionally gives every candidate a score linear in ``t``:
``score_i(t) = score_i + t * 100 * (v_ic - R_i / (1 - s_c))`` with ``R_i`` the candidate's value
from the other criteria. Two lines cross at ``t = (a_j - a_i) / (b_i - b_j)``, so the smallest move
that changes a candidate's rank is found in closed form, without bisection. The cost is one
``m x n`` array per criterion (``m`` candidates asked about, ``n`` in the list).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import polars as pl

from screening.scoring import CRITERIA, CRITERION_LABELS, WeightProfile, goal_share_column

DEFAULT_DRAWS = 1_000
DEFAULT_CONCENTRATION = 100.0
DEFAULT_TOP_K = 10
SCORE_RESOLUTION = 1e-9  # points; scores closer than this count as tied (floating-point noise)
_CHUNK_DRAWS = 50  # bounds memory (50 x 30,000 keys = 12 MB) and gives threads work to share


def _score_terms(
    values: pl.DataFrame, profile: WeightProfile, authority_exercise_penalty: float
) -> tuple[pl.DataFrame, np.ndarray, np.ndarray, np.ndarray]:
    """Candidates in gross-list order, their criterion values, penalty terms and base scores.

    The base score repeats score_values' arithmetic step by step (same products, summed in the
    same order), so it is bit-for-bit the gross list's score.
    """
    goal_shares = profile.goal_shares()
    value_goals = pl.sum_horizontal(
        [pl.col(goal_share_column(g)) * share for g, share in goal_shares.items()]
    )
    frame = values.with_columns(value_goals.alias("value_goals"))
    shares = profile.weight_shares()
    contributions = [
        pl.col(f"value_{c}") * shares[c] * 100 for c in CRITERIA
    ] + [-pl.col("authority_share") * authority_exercise_penalty]
    frame = frame.with_columns(pl.sum_horizontal(contributions).alias("_score"))
    frame = frame.sort(["_score", "candidate_id"], descending=[True, False])
    # sum_horizontal reads a missing value as 0; so must the matrix.
    matrix = frame.select(pl.col([f"value_{c}" for c in CRITERIA]).fill_null(0.0)).to_numpy()
    matrix = matrix.astype(np.float64)
    penalty = -frame["authority_share"].to_numpy() * authority_exercise_penalty
    return frame.select("candidate_id"), matrix, penalty, frame["_score"].to_numpy()


def weight_draws(
    profile: WeightProfile,
    draws: int = DEFAULT_DRAWS,
    concentration: float = DEFAULT_CONCENTRATION,
    seed: int | np.random.Generator = 0,
) -> np.ndarray:
    """``draws x len(CRITERIA)`` weight shares around the profile, each row summing to 1."""
    rng = np.random.default_rng(seed)
    shares = np.array([profile.weight_shares()[c] for c in CRITERIA])
    # A criterion with no weight stays at zero (Dirichlet needs alpha > 0).
    positive = shares > 0
    result = np.zeros((draws, len(CRITERIA)))
    result[:, positive] = rng.dirichlet(concentration * shares[positive], size=draws)
    return result


def _rank_block(
    criterion_matrix: np.ndarray,
    penalty: np.ndarray,
    weight_shares: np.ndarray,
    ranks: np.ndarray,
) -> None:
    """Rank every candidate under each row of ``weight_shares``; write into ``ranks`` (in place).

    Candidates must be in base order so the position in the key breaks ties like the gross list.
    """
    n = criterion_matrix.shape[0]
    index_bits = max(int(n - 1).bit_length(), 1)
    # Bounds hold for every weight vector: each score is a convex combination of values in
    # [0, 1] times 100, plus the candidate's own penalty.
    high = 100.0 * float(criterion_matrix.max(initial=0.0))
    low = float((penalty + 100.0 * criterion_matrix.min(axis=1, initial=1.0)).min(initial=0.0))
    resolution = max(SCORE_RESOLUTION, (high - low) / 2.0 ** (63 - index_bits))
    # key = (high - score) / resolution: one matrix product with a column of ones for the
    # constant, so the largest score gets the smallest key.
    augmented = np.column_stack([-100.0 * criterion_matrix, high - penalty]) / resolution
    weights = np.column_stack([weight_shares, np.ones(len(weight_shares))])
    keys = (weights @ augmented.T).clip(0).astype(np.uint64)
    keys <<= np.uint64(index_bits)
    keys |= np.arange(n, dtype=np.uint64)
    keys.sort(axis=1)
    order = (keys & np.uint64((1 << index_bits) - 1)).astype(np.intp)
    positions = np.broadcast_to(np.arange(1, n + 1, dtype=ranks.dtype), order.shape)
    np.put_along_axis(ranks, order, positions, axis=1)


def ranks_for_weights(
    values: pl.DataFrame,
    profile: WeightProfile,
    authority_exercise_penalty: float,
    weight_shares: np.ndarray,
    workers: int = 2,
) -> tuple[pl.DataFrame, np.ndarray]:
    """Candidates in gross-list order and their ranks (``draws x candidates``, 1 = best) under
    each row of ``weight_shares``; the goal weights are the profile's."""
    candidates, matrix, penalty, _ = _score_terms(values, profile, authority_exercise_penalty)
    weight_shares = np.atleast_2d(np.asarray(weight_shares, dtype=np.float64))
    n = len(candidates)
    ranks = np.empty((len(weight_shares), n), dtype=np.min_scalar_type(max(n, 1)))
    blocks = [
        slice(start, start + _CHUNK_DRAWS) for start in range(0, len(weight_shares), _CHUNK_DRAWS)
    ]
    # numpy releases the GIL in the product, the sort and the scatter, so threads use both cores;
    # each block writes its own rows, so the result does not depend on scheduling.
    with ThreadPoolExecutor(max_workers=max(workers, 1)) as pool:
        list(pool.map(lambda b: _rank_block(matrix, penalty, weight_shares[b], ranks[b]), blocks))
    return candidates, ranks


def rank_intervals(
    values: pl.DataFrame,
    profile: WeightProfile,
    authority_exercise_penalty: float,
    *,
    draws: int = DEFAULT_DRAWS,
    concentration: float = DEFAULT_CONCENTRATION,
    top_k: int = DEFAULT_TOP_K,
    seed: int | np.random.Generator = 0,
    workers: int = 2,
) -> pl.DataFrame:
    """Per candidate: base rank, rank percentiles 5/50/95 over Dirichlet weight draws, and
    ``p_top_k``, the share of draws in which it is among the ``top_k`` best.

    Percentiles are ranks that occurred (the inverted CDF), so they are whole numbers.
    """
    shares = weight_draws(profile, draws, concentration, seed)
    candidates, ranks = ranks_for_weights(
        values, profile, authority_exercise_penalty, shares, workers
    )
    n = len(candidates)
    if n == 0:
        return candidates.with_columns(
            *[pl.lit(None, pl.Int64).alias(c) for c in ("rank", "rank_p05", "rank_median")],
            pl.lit(None, pl.Int64).alias("rank_p95"),
            pl.lit(None, pl.Float64).alias("p_top_k"),
        )
    # Smallest rank r with at least q of the draws at or below r: sorted position ceil(q*N) - 1.
    kth = [max(int(np.ceil(q * draws)) - 1, 0) for q in (0.05, 0.5, 0.95)]
    per_candidate = np.partition(np.ascontiguousarray(ranks.T), kth, axis=1)[:, kth]
    p_top = (ranks <= top_k).mean(axis=0)
    return candidates.with_columns(
        pl.int_range(1, n + 1).alias("rank"),
        pl.Series("rank_p05", per_candidate[:, 0], pl.Int64),
        pl.Series("rank_median", per_candidate[:, 1], pl.Int64),
        pl.Series("rank_p95", per_candidate[:, 2], pl.Int64),
        pl.Series("p_top_k", p_top, pl.Float64),
    )


def rank_tipping_points(
    values: pl.DataFrame,
    profile: WeightProfile,
    authority_exercise_penalty: float,
    candidate_ids: list[str] | None = None,
) -> pl.DataFrame:
    """For each candidate and criterion: the smallest move of that criterion's weight share, in
    percentage points, that changes the candidate's rank, with the other weights rescaled
    proportionally.

    Columns: candidate_id, rank, criterion, criterion_label, share_pp (current share), change_pp
    (null when no move within 0-100 % changes the rank), direction ("up"/"down" for the weight),
    moves ("up"/"down" for the rank), crossed_candidate_id and a Danish explanation.
    ``candidate_ids`` limits the candidates asked about (all by default); for a list of tens of
    thousands ask about the ones on screen, since the work is candidates asked x list length.
    """
    candidates, matrix, penalty, score = _score_terms(values, profile, authority_exercise_penalty)
    ids = candidates["candidate_id"].to_numpy()
    n = len(ids)
    wanted = np.arange(n) if candidate_ids is None else np.flatnonzero(np.isin(ids, candidate_ids))
    shares = np.array([profile.weight_shares()[c] for c in CRITERIA])
    rows: list[tuple] = []
    for c, criterion in enumerate(CRITERIA):
        share = float(shares[c])
        if share >= 1.0:  # nothing else to rescale against
            continue
        others = (score - penalty) / 100.0 - share * matrix[:, c]
        slope = 100.0 * (matrix[:, c] - others / (1.0 - share))
        block = max(1, 2_000_000 // max(n, 1))  # bounds the m x n arrays to ~16 MB each
        for start in range(0, len(wanted), block):
            rows += _crossings(wanted[start : start + block], score, slope, share, criterion, ids)
    schema = {
        "candidate_id": pl.String,
        "rank": pl.Int64,
        "criterion": pl.String,
        "change_pp": pl.Float64,
        "direction": pl.String,
        "moves": pl.String,
        "crossed_candidate_id": pl.String,
    }
    frame = pl.DataFrame(rows, schema=schema, orient="row").with_columns(
        pl.col("criterion").replace_strict(CRITERION_LABELS).alias("criterion_label"),
        pl.col("criterion")
        .replace_strict({c: 100 * float(s) for c, s in zip(CRITERIA, shares, strict=True)})
        .alias("share_pp"),
    )
    columns = ["candidate_id", "rank", "criterion", "criterion_label", "share_pp", "change_pp"]
    return (
        frame.with_columns(_explanation())
        .select(*columns, "direction", "moves", "crossed_candidate_id", "explanation")
        .sort(["rank", "change_pp"], nulls_last=True)
    )


def _crossings(
    mine: np.ndarray,
    score: np.ndarray,
    slope: np.ndarray,
    share: float,
    criterion: str,
    ids: np.ndarray,
) -> list[tuple]:
    """The first crossing, weight up or down, between each candidate in ``mine`` and any other."""
    everyone = np.arange(len(score))
    gap = score[mine, None] - score[None, :]  # d(0) = a_i - a_j
    turn = slope[mine, None] - slope[None, :]  # d'(t) = b_i - b_j
    ahead = mine[:, None] < everyone[None, :]  # gross-list order, so ties are included
    behind = mine[:, None] > everyone[None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        t = -gap / turn
    # The order flips where d(t) changes sign: going up if d falls while ahead or rises while
    # behind. The share must stay inside (0, 1): at 0 % or 100 % lines often meet in a tie that
    # the candidate_id decides, which is no real change of rank (the margin absorbs rounding).
    up = ((ahead & (turn < 0)) | (behind & (turn > 0))) & (t < 1.0 - share - 1e-9)
    down = ((ahead & (turn > 0)) | (behind & (turn < 0))) & (-t < share - 1e-9)
    t_up = np.where(up, t, np.inf)
    t_down = np.where(down, -t, np.inf)
    j_up, j_down = t_up.argmin(axis=1), t_down.argmin(axis=1)
    rows_index = np.arange(len(mine))
    best_up = t_up[rows_index, j_up].clip(0)
    best_down = t_down[rows_index, j_down].clip(0)
    rows = []
    for k, position in enumerate(mine.tolist()):
        if np.isinf(best_up[k]) and np.isinf(best_down[k]):
            rows.append((ids[position], position + 1, criterion, None, None, None, None))
            continue
        going_up = bool(best_up[k] <= best_down[k])
        crossed = int(j_up[k] if going_up else j_down[k])
        change = float(best_up[k] if going_up else best_down[k])
        # The candidate loses a place if it was ahead of the one it crosses.
        moves = "down" if position < crossed else "up"
        direction = "up" if going_up else "down"
        rows.append(
            (ids[position], position + 1, criterion, 100 * change, direction, moves, ids[crossed])
        )
    return rows


def _explanation() -> pl.Expr:
    def dk(expr: pl.Expr) -> pl.Expr:
        return expr.round(1).cast(pl.String).str.replace(r"\.", ",")

    new_share = pl.when(pl.col("direction") == "up").then(
        pl.col("share_pp") + pl.col("change_pp")
    ).otherwise(pl.col("share_pp") - pl.col("change_pp"))
    return (
        pl.when(pl.col("change_pp").is_null())
        .then(
            pl.format(
                "Placeringen ændres ikke, uanset vægten på {}.", pl.col("criterion_label")
            )
        )
        .otherwise(
            pl.format(
                "Rykker en plads {}, hvis vægten på {} {} med {} procentpoint (fra {} til {} %).",
                pl.when(pl.col("moves") == "up").then(pl.lit("op")).otherwise(pl.lit("ned")),
                pl.col("criterion_label"),
                pl.when(pl.col("direction") == "up")
                .then(pl.lit("hæves"))
                .otherwise(pl.lit("sænkes")),
                dk(pl.col("change_pp")),
                dk(pl.col("share_pp")),
                dk(new_share),
            )
        )
        .alias("explanation")
    )
