"""How sure is a rank? Weight sensitivity of the gross list.

The score is linear in the criterion weight shares ``s``: ``score = 100 * V @ s + penalty``, where
``V`` holds each candidate's criterion values (see :mod:`screening.ranking.scoring`). The goals
value depends only on the goal weights, which stay fixed here, and the authority-exercise penalty
is a fixed additive term, so both are computed once.

Perturbation (:func:`rank_intervals`): ``draws`` weight vectors are drawn from a Dirichlet
distribution with ``alpha = concentration * s``. Its mean is the profile's shares; the larger the
concentration, the closer the draws stay to them (with 100, a share of 0.20 varies with a standard
deviation of about 0.04). Each block of draws is scored in one matrix product and ranked by
sorting packed integer keys (score quantised to 1e-9 points in the high bits, the candidate's base
position in the low bits), which is faster than ``argsort`` and breaks ties exactly like the gross
list (score, then candidate_id); blocks run in threads. The result per candidate is the 5th, 50th
and 95th percentile of its rank over the draws and the share of draws in which it is in the top
``k``.

One weight at a time (:func:`rank_tipping_points`): moving criterion ``c``'s share by ``t`` and
rescaling the others proportionally gives every candidate a score linear in ``t``:
``score_i(t) = score_i + t * 100 * (v_ic - R_i / (1 - s_c))`` with ``R_i`` the candidate's value
from the other criteria. Two lines cross at ``t = (a_j - a_i) / (b_i - b_j)``, so the smallest move
that changes a candidate's rank is found in closed form, without bisection. The cost is one
``m x n`` array per criterion (``m`` candidates asked about, ``n`` in the list).
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import polars as pl

from screening.danish import number as dk
from screening.ranking.scoring import CRITERIA, CRITERION_LABELS, WeightProfile, goal_share_column

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
    contributions = [pl.col(f"value_{c}") * shares[c] * 100 for c in CRITERIA] + [
        -pl.col("authority_share") * authority_exercise_penalty
    ]
    frame = frame.with_columns(pl.sum_horizontal(contributions).alias("_score"))
    frame = frame.sort(["_score", "candidate_id"], descending=[True, False])
    # sum_horizontal reads a missing value as 0; so must the matrix.
    matrix = frame.select(pl.col([f"value_{c}" for c in CRITERIA]).fill_null(0.0)).to_numpy()
    penalty = -frame["authority_share"].fill_null(0.0).to_numpy() * authority_exercise_penalty
    return (
        frame.select("candidate_id"),
        matrix.astype(np.float64),
        penalty,
        frame["_score"].to_numpy(),
    )


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


def _in_threads(work: Callable[[slice], object], total: int, block: int, workers: int) -> None:
    """Run ``work`` over slices of ``range(total)`` in threads: numpy releases the GIL in the
    product, sorts and scatter. Each slice writes only its own output, so order is irrelevant."""
    slices = [slice(start, start + block) for start in range(0, total, block)]
    with ThreadPoolExecutor(max_workers=max(workers, 1)) as pool:
        list(pool.map(work, slices))


def _product(weight_shares: np.ndarray, per_criterion: np.ndarray) -> np.ndarray:
    """``draws x candidates``: each draw's shares, plus a constant 1, times ``per_criterion``
    (``len(CRITERIA) + 1`` rows). einsum rather than ``@``: with 8 terms the product is
    memory-bound, and BLAS threads spinning after each call would take the cores the sorts need."""
    weights = np.column_stack([weight_shares, np.ones(len(weight_shares))])
    return np.einsum("dc,cn->dn", weights, per_criterion)


def _key_terms(criterion_matrix: np.ndarray, penalty: np.ndarray) -> tuple[np.ndarray, int]:
    """Rows whose product with ``[shares, 1]`` is ``(high - score) / resolution``, a number that
    is smallest for the best score and fits beside the candidate's position in 64 bits."""
    n = criterion_matrix.shape[0]
    index_bits = max(int(n - 1).bit_length(), 1)
    # Bounds for every weight vector: a score is 100 times a convex combination of the
    # candidate's values plus its own penalty. One point of margin keeps every key positive.
    high = 100.0 * float(criterion_matrix.max(initial=0.0)) + 1.0
    low = float((penalty + 100.0 * criterion_matrix.min(axis=1, initial=1.0)).min(initial=0.0))
    resolution = max(SCORE_RESOLUTION, (high - low) / 2.0 ** (63 - index_bits))
    terms = np.vstack([-100.0 * criterion_matrix.T, high - penalty]) / resolution
    return terms, index_bits


def _rank_block(
    key_terms: np.ndarray, index_bits: int, weight_shares: np.ndarray, ranks: np.ndarray
) -> None:
    """Rank every candidate under each row of ``weight_shares``; write into ``ranks`` (in place).

    Candidates must be in base order so the position in the key breaks ties like the gross list.
    """
    n = key_terms.shape[1]
    packed = _product(weight_shares, key_terms).astype(np.uint64)
    packed <<= np.uint64(index_bits)
    packed |= np.arange(n, dtype=np.uint64)
    packed.sort(axis=1)
    packed &= np.uint64((1 << index_bits) - 1)
    order = packed.view(np.int64)  # positions < 2**63, so the bits read the same
    positions = np.broadcast_to(np.arange(1, n + 1, dtype=ranks.dtype), order.shape)
    np.put_along_axis(ranks, order, positions, axis=1)


def scores_for_weights(
    values: pl.DataFrame,
    profile: WeightProfile,
    authority_exercise_penalty: float,
    weight_shares: np.ndarray,
) -> tuple[pl.DataFrame, np.ndarray]:
    """Candidates in gross-list order and their scores (``draws x candidates``) under each row of
    ``weight_shares`` (criterion shares in CRITERIA order); the goal weights are the profile's."""
    candidates, matrix, penalty, _ = _score_terms(values, profile, authority_exercise_penalty)
    shares = np.atleast_2d(np.asarray(weight_shares, dtype=np.float64))
    # The penalty rides along as the row with weight 1.
    return candidates, _product(shares, np.vstack([100.0 * matrix.T, penalty]))


def ranks_for_weights(
    values: pl.DataFrame,
    profile: WeightProfile,
    authority_exercise_penalty: float,
    weight_shares: np.ndarray,
    workers: int = 2,
) -> tuple[pl.DataFrame, np.ndarray]:
    """Candidates in gross-list order and their ranks (``draws x candidates``, 1 = best) under
    each row of ``weight_shares``; ties are broken like the gross list's."""
    candidates, matrix, penalty, _ = _score_terms(values, profile, authority_exercise_penalty)
    weight_shares = np.atleast_2d(np.asarray(weight_shares, dtype=np.float64))
    key_terms, index_bits = _key_terms(matrix, penalty)
    n = len(candidates)
    ranks = np.empty((len(weight_shares), n), dtype=np.min_scalar_type(max(n, 1)))

    def rank(block: slice) -> None:
        _rank_block(key_terms, index_bits, weight_shares[block], ranks[block])

    _in_threads(rank, len(weight_shares), _CHUNK_DRAWS, workers)
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
    # Smallest rank r with at least q of the draws at or below r: sorted position ceil(q*N) - 1.
    kth = [max(int(np.ceil(q * draws)) - 1, 0) for q in (0.05, 0.5, 0.95)]
    by_candidate = np.ascontiguousarray(ranks.T)
    # A full sort of each candidate's ranks: small integers sort faster than np.partition selects.
    _in_threads(lambda block: by_candidate[block].sort(axis=1), n, 4_096, workers)
    per_candidate = by_candidate[:, kth]
    p_top = (ranks <= top_k).mean(axis=0)
    return candidates.with_columns(
        pl.int_range(1, n + 1).alias("rank"),
        *[
            pl.Series(name, per_candidate[:, k], pl.Int64)
            for k, name in enumerate(("rank_p05", "rank_median", "rank_p95"))
        ],
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
    wanted = np.flatnonzero(np.isin(ids, ids if candidate_ids is None else candidate_ids))
    shares = np.array([profile.weight_shares()[c] for c in CRITERIA])
    rows: list[tuple] = []
    for c, criterion in enumerate(CRITERIA):
        share = float(shares[c])
        if share >= 1.0:  # nothing else to rescale against
            continue
        others = (score - penalty) / 100.0 - share * matrix[:, c]
        slope = 100.0 * (matrix[:, c] - others / (1.0 - share))
        block = max(1, 2_000_000 // max(len(ids), 1))  # bounds the m x n arrays to ~16 MB each
        for start in range(0, len(wanted), block):
            rows += _crossings(wanted[start : start + block], score, slope, share, criterion, ids)
    names = "candidate_id rank criterion criterion_label share_pp change_pp direction moves"
    types = {"rank": pl.Int64, "share_pp": pl.Float64, "change_pp": pl.Float64}
    extra = ["crossed_candidate_id", "explanation"]
    schema = {c: types.get(c, pl.String) for c in [*names.split(), *extra]}
    frame = pl.DataFrame(rows, schema=schema, orient="row")
    return frame.sort(["rank", "change_pp"], nulls_last=True)


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
    best_up, best_down = t_up.min(axis=1).clip(0), t_down.min(axis=1).clip(0)
    label, share_pp = CRITERION_LABELS[criterion], 100 * share
    rows = []
    for k, position in enumerate(mine.tolist()):
        head = (ids[position], position + 1, criterion, label, share_pp)
        if np.isinf(best_up[k]) and np.isinf(best_down[k]):
            explanation = f"Placeringen ændres ikke, uanset vægten på {label}."
            rows.append((*head, None, None, None, None, explanation))
            continue
        going_up = bool(best_up[k] <= best_down[k])
        crossed = int(j_up[k] if going_up else j_down[k])
        change_pp = 100 * float(best_up[k] if going_up else best_down[k])
        # The candidate loses a place if it was ahead of the one it crosses.
        moves = "down" if position < crossed else "up"
        new_share = share_pp + change_pp if going_up else share_pp - change_pp
        explanation = (
            f"Rykker en plads {'ned' if moves == 'down' else 'op'}, hvis vægten på {label} "
            f"{'hæves' if going_up else 'sænkes'} med {dk(change_pp, 1)} procentpoint "
            f"(fra {dk(share_pp, 1)} til {dk(new_share, 1)} %)."
        )
        direction = "up" if going_up else "down"
        rows.append((*head, change_pp, direction, moves, ids[crossed], explanation))
    return rows
