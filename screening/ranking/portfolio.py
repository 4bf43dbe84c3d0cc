"""Which candidates to analyse in phase 3: value against effort, and selection under capacity.

Effort. A candidate's implementation effort, in effort points (indsatspoint), is
``complexity * (1 + time horizon in years)``: complexity (1-5) says how heavy the work is while it
lasts, the time horizon how long it lasts, and the 1 makes an immediate task still cost its
complexity. The horizon is capped at 5 years, like the scoring's ``time_horizon_cap_years``, so a
mistyped 50 does not dwarf the rest. Missing figures count as the middle value (complexity 3, 2.5
years), the same rule the score uses. Effort therefore runs from 1 to 30.

Value. The estimated potential in DKK per year; an unknown potential counts as 0, since nothing can
be booked against it.

Efficient frontier. A candidate is on the frontier unless another has at least its value for at
most its effort and is strictly better in one of the two (Pareto dominance).

Selection for phase 3. The project group can run a limited number of targeted analyses. Candidates
proposed by fewer than two municipalities can be left out (a shared operation needs two willing
municipalities), authority exercise is flagged (or left out on request), and a candidate with a
score of 0 or less is never chosen, since it only lowers the total. With only a count limit the
best total score is simply the top ``capacity`` by rank. With an effort budget it is a 0/1
knapsack, solved exactly by dynamic programming over (analyses used, effort units used): effort is
rounded up to whole ``effort_unit`` so the chosen set never exceeds the budget.
"""

from __future__ import annotations

import math

import numpy as np
import polars as pl

from screening.coalition import load_coalition_rule
from screening.i18n import N_, _
from screening.i18n import number as dk

MIDDLE_COMPLEXITY = 3.0
MIDDLE_HORIZON_YEARS = 2.5
HORIZON_CAP_YEARS = 5.0
AUTHORITY_NOTE = N_(
    "Obs: opgaven indeholder myndighedsudøvelse, som kun kan lægges i fællesskab med "
    "andre kommuner, hvis en lov giver hjemmel."
)


def implementation_effort() -> pl.Expr:
    """Effort points from the gross list's ``complexity`` and ``time_horizon_years``."""
    complexity = pl.col("complexity").cast(pl.Float64).fill_null(MIDDLE_COMPLEXITY)
    horizon = pl.col("time_horizon_years").cast(pl.Float64).fill_null(MIDDLE_HORIZON_YEARS)
    horizon = horizon.clip(0, HORIZON_CAP_YEARS)
    return (complexity * (1 + horizon)).alias("effort")


def efficient_frontier(gross_list: pl.DataFrame) -> pl.DataFrame:
    """Every candidate with its effort, value (DKK/year), ``on_frontier`` and, when dominated,
    ``dominated_by``: a candidate with at least the value for at most the effort."""
    frame = gross_list.select("candidate_id", "title", "rank", "score").with_columns(
        gross_list.select(implementation_effort()).to_series(),
        gross_list["potential_dkk"].cast(pl.Float64).fill_null(0.0).alias("value_dkk"),
    )
    effort, value = frame["effort"].to_numpy(), frame["value_dkk"].to_numpy()
    ids = frame["candidate_id"].to_list()
    # Cheapest first, and within the same effort the most valuable first: then a candidate is
    # dominated exactly when an earlier one has a higher value, or an equal value for less effort.
    order = np.lexsort((-value, effort))
    dominated_by: list[str | None] = [None] * len(ids)
    best: int | None = None  # most valuable so far among strictly cheaper candidates
    group_best: int | None = None  # most valuable with the current effort
    for position, i in enumerate(order):
        if position > 0 and effort[i] != effort[order[position - 1]]:
            if best is None or value[group_best] > value[best]:
                best = group_best
            group_best = None
        if group_best is not None and value[group_best] > value[i]:
            dominated_by[i] = ids[group_best]
        elif best is not None and value[best] >= value[i]:
            dominated_by[i] = ids[best]
        if group_best is None:
            group_best = i
    dominated = pl.Series("dominated_by", dominated_by, pl.String)
    return frame.with_columns(dominated, dominated.is_null().alias("on_frontier")).sort("rank")


def _eligibility(
    gross_list: pl.DataFrame, require_two_municipalities: bool, exclude_authority_exercise: bool
) -> list[str | None]:
    """Why a candidate cannot go to phase 3 at all (None: it can)."""
    reasons: list[str | None] = []
    minimum = load_coalition_rule().minimum()
    for row in gross_list.iter_rows(named=True):
        n = row["n_municipalities"] or 0
        if require_two_municipalities and n < minimum:
            reasons.append(
                (
                    _(
                        "Kun foreslået af én kommune; et driftsfællesskab kræver {rule}, der vil "
                        "være med."
                    )
                    if n == 1
                    else _(
                        "Kun foreslået af {n} kommuner; et driftsfællesskab kræver {rule}, "
                        "der vil være med."
                    )
                ).format(n=n, rule=load_coalition_rule().text())
            )
        elif exclude_authority_exercise and row["authority_exercise"]:
            reasons.append(_("Fravalgt, fordi opgaven indeholder myndighedsudøvelse."))
        elif row["score"] is None or row["score"] <= 0:
            reasons.append(
                _("Scoren er 0 eller negativ, så kandidaten trækker den samlede score ned.")
            )
        else:
            reasons.append(None)
    return reasons


def knapsack(
    values: np.ndarray, weights: np.ndarray, budget: int, max_items: int | None = None
) -> list[int]:
    """Indices of the items with the largest total value, total weight <= ``budget`` and at most
    ``max_items`` items (0/1 knapsack, exact). Weights are whole units; values should be > 0.

    ``best[c, e]`` is the best total with at most ``c`` items and ``e`` units; items are added one
    at a time (a vectorised update of the whole table per item), and ``taken[i, c, e]`` records
    whether item ``i`` improved that cell, which is what the walk back reads. Ties keep the
    earlier item, so with items in rank order the better-ranked one wins.
    """
    if max_items == 0:
        return []
    layers = 1 if max_items is None else max_items + 1
    best = np.zeros((layers, budget + 1))
    taken = np.zeros((len(values), layers, budget + 1), dtype=bool)
    for i, (value, weight) in enumerate(zip(values, weights, strict=True)):
        if weight > budget:
            continue
        if layers == 1:
            candidate = best[:, : budget + 1 - weight] + value
            improves = candidate > best[:, weight:]
            taken[i, :, weight:] = improves
            best[:, weight:] = np.where(improves, candidate, best[:, weight:])
        else:
            candidate = best[:-1, : budget + 1 - weight] + value
            improves = candidate > best[1:, weight:]
            taken[i, 1:, weight:] = improves
            best[1:, weight:] = np.where(improves, candidate, best[1:, weight:])
    chosen, layer, units = [], layers - 1, budget
    for i in range(len(values) - 1, -1, -1):
        if taken[i, layer, units]:
            chosen.append(i)
            units -= int(weights[i])
            layer -= 0 if layers == 1 else 1
    return sorted(chosen)


def select_for_phase3(
    gross_list: pl.DataFrame,
    capacity: int | None,
    *,
    effort_budget: float | None = None,
    require_two_municipalities: bool = True,
    exclude_authority_exercise: bool = False,
    effort_unit: float = 0.5,
) -> pl.DataFrame:
    """Every candidate with ``effort``, ``selected`` and a ``reason`` in the reader's language;
    the chosen set is ``filter(pl.col("selected"))``. ``capacity`` is the number of targeted
    analyses the group can run (None: no limit); ``effort_budget`` an optional limit on total
    effort points."""
    if capacity is None and effort_budget is None:
        raise ValueError(_("Angiv enten en kapacitet (antal analyser) eller en indsatsramme."))
    frame = gross_list.sort("rank").with_columns(implementation_effort())
    blocked = _eligibility(frame, require_two_municipalities, exclude_authority_exercise)
    eligible = [i for i, reason in enumerate(blocked) if reason is None]
    scores = frame["score"].to_numpy()
    efforts = frame["effort"].to_numpy()
    ranks = frame["rank"].to_list()
    reasons = list(blocked)
    if effort_budget is None:
        chosen = set(eligible[:capacity])
        for i in eligible:
            if i in chosen:
                reasons[i] = _(
                    "Nr. {rank} på bruttolisten med {score} point; blandt de {capacity} bedst "
                    "placerede, der kan gå videre."
                ).format(rank=ranks[i], score=dk(scores[i], 1), capacity=capacity)
            else:
                reasons[i] = _(
                    "Ikke plads: der er kapacitet til {capacity} målrettede analyser, og "
                    "{capacity} kandidater, der kan gå videre, står højere på listen."
                ).format(capacity=capacity)
    else:
        # Round effort up (and the budget down) so the rounded plan never exceeds the real one.
        units = np.array([math.ceil(efforts[i] / effort_unit - 1e-9) for i in eligible], dtype=int)
        budget_units = int(math.floor(effort_budget / effort_unit + 1e-9))
        picked = knapsack(scores[eligible], units, budget_units, capacity)
        chosen = {eligible[k] for k in picked}
        used = sum(efforts[i] for i in chosen)
        limit = (
            _("{used} af {budget} indsatspoint brugt")
            if capacity is None
            else _("{used} af {budget} indsatspoint brugt, højst {capacity} analyser")
        ).format(used=dk(used, 1), budget=dk(effort_budget, 1), capacity=capacity)
        for i in eligible:
            if i in chosen:
                reasons[i] = _(
                    "Valgt: {score} point for {effort} indsatspoint; indgår i den kombination, "
                    "der giver den højeste samlede score ({limit})."
                ).format(score=dk(scores[i], 1), effort=dk(efforts[i], 1), limit=limit)
            elif efforts[i] > effort_budget:
                reasons[i] = _(
                    "Indsatsen ({effort} indsatspoint) er større end hele rammen ({budget})."
                ).format(effort=dk(efforts[i], 1), budget=dk(effort_budget, 1))
            else:
                reasons[i] = _(
                    "Ikke valgt: de valgte kandidater giver en højere samlet score inden for "
                    "rammen ({limit})."
                ).format(limit=limit)
    authority = frame["authority_exercise"].fill_null(False).to_list()
    reasons = [
        reason + (" " + _(AUTHORITY_NOTE) if authority[i] and i in chosen else "")
        for i, reason in enumerate(reasons)
    ]
    return (
        frame.select(
            "candidate_id",
            "rank",
            "title",
            "score",
            "effort",
            "n_municipalities",
            "authority_exercise",
        )
        .with_columns(
            pl.Series("selected", [i in chosen for i in range(frame.height)], pl.Boolean),
            pl.Series("reason", reasons, pl.String),
        )
        .sort(["selected", "rank"], descending=[True, False])
    )
