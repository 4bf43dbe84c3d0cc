"""The business case of a targeted analysis, and the distribution keys, as plain arithmetic.

Per municipality in the coalition the analysis holds today's annual cost of the task
(baseline), the expected gross annual gain, the annual running cost of the shared operation it
bears, and its one-off cost of getting there. From those:

- net annual gain = expected annual gain − running cost
- payback time (years) = one-off cost / net annual gain (none when the net gain is not positive)
- net present value = −one-off cost + net annual gain × Σ_{t=1..H} 1 / (1 + r)^t

with the discount rate r and horizon H from ``[phase3]`` in ``config/screening.toml``. The
one-off cost falls at the start (year 0), the gains at the end of each of the H years.

A distribution key shares the coalition's totals (one-off cost, net annual gain, net present
value) among its municipalities: by population, by cost base (the baseline), by usage (as
entered) or in equal shares. Amounts are shared in whole kroner by the largest remainder, so the
municipalities' shares add up to the whole exactly, under every key.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from screening.errors import ScreeningError
from screening.i18n import _
from screening.phase3.settings import Phase3Settings
from screening.vocabulary import DISTRIBUTION_KEYS

TOTAL = "total"  # the coalition's row among the municipalities' results


@dataclass(frozen=True)
class MunicipalityFigures:
    """One coalition municipality's inputs, each with where it came from."""

    municipality: str
    baseline_cost: float | None = None
    expected_gain: float | None = None
    one_off_cost: float | None = None
    running_cost: float = 0.0
    usage: float | None = None
    source: str = ""
    fte: float | None = None  # staff on the task today (årsværk), for the frozen baseline
    service_level: str = ""  # today's service level, in words, for the frozen baseline

    @property
    def complete(self) -> bool:
        return self.expected_gain is not None and self.one_off_cost is not None

    @property
    def net_annual_gain(self) -> float:
        return (self.expected_gain or 0.0) - (self.running_cost or 0.0)


@dataclass(frozen=True)
class Result:
    """The business case of one municipality, or of the whole coalition."""

    who: str
    one_off_cost: float
    net_annual_gain: float
    payback_years: float | None
    net_present_value: float


def annuity_factor(rate: float, horizon_years: int) -> float:
    """Σ_{t=1..H} 1/(1+r)^t: what a krone a year for H years is worth today."""
    if rate == 0:
        return float(horizon_years)
    return (1 - (1 + rate) ** -horizon_years) / rate


def payback_years(one_off_cost: float, net_annual_gain: float) -> float | None:
    """Years until the net gains have paid the one-off cost; None when they never do."""
    if one_off_cost <= 0:
        return 0.0
    if net_annual_gain <= 0:
        return None
    return one_off_cost / net_annual_gain


def net_present_value(
    one_off_cost: float, net_annual_gain: float, settings: Phase3Settings
) -> float:
    factor = annuity_factor(settings.discount_rate, settings.horizon_years)
    return -one_off_cost + net_annual_gain * factor


def result(who: str, one_off_cost: float, net_gain: float, settings: Phase3Settings) -> Result:
    return Result(
        who,
        one_off_cost,
        net_gain,
        payback_years(one_off_cost, net_gain),
        net_present_value(one_off_cost, net_gain, settings),
    )


def business_case(
    figures: list[MunicipalityFigures], settings: Phase3Settings
) -> tuple[list[Result], Result]:
    """Each municipality's business case as entered, and the coalition's total."""
    rows = [
        result(f.municipality, f.one_off_cost or 0.0, f.net_annual_gain, settings) for f in figures
    ]
    total = result(
        TOTAL,
        sum(r.one_off_cost for r in rows),
        sum(r.net_annual_gain for r in rows),
        settings,
    )
    return rows, total


class KeyUnavailable(ScreeningError, ValueError):
    """A key cannot be used with the figures at hand; the message says what is missing."""


def key_weights(
    key: str, figures: list[MunicipalityFigures], populations: dict[str, int | None]
) -> dict[str, float]:
    """Each municipality's weight under ``key`` (not yet normalised)."""
    names = [f.municipality for f in figures]
    if not names:
        raise KeyUnavailable(_("Koalitionen har ingen kommuner."))
    if key == "equal":
        return dict.fromkeys(names, 1.0)
    if key == "population":
        weights = {m: populations.get(m) for m in names}
        missing = [m for m, w in weights.items() if not w]
        what = _("indbyggertal i config/screening.toml")
    elif key == "cost_base":
        weights = {f.municipality: f.baseline_cost for f in figures}
        missing = [m for m, w in weights.items() if w is None]
        what = _("udgiftsbase")
    elif key == "usage":
        weights = {f.municipality: f.usage for f in figures}
        missing = [m for m, w in weights.items() if w is None]
        what = _("forbrug")
    else:
        raise KeyUnavailable(_("Ukendt fordelingsnøgle «{key}».").format(key=key))
    if missing:
        raise KeyUnavailable(
            _("Mangler {what} for {missing}.").format(what=what, missing=", ".join(missing))
        )
    if any(w < 0 for w in weights.values()) or sum(weights.values()) <= 0:
        raise KeyUnavailable(
            _("Der er intet at fordele efter: {what} er 0 for alle.").format(what=what)
        )
    return {m: float(w) for m, w in weights.items()}


def shares(weights: dict[str, float]) -> dict[str, float]:
    total = sum(weights.values())
    return {m: w / total for m, w in weights.items()}


def allocate(total: float, weights: dict[str, float]) -> dict[str, int]:
    """``total`` (rounded to whole kroner) shared by ``weights`` in whole kroner that add up to
    it exactly: each gets the whole part of its share, and the kroner left over go to the
    largest remainders (Hamilton's method; ties to the first named)."""
    whole = round(total)
    sign = -1 if whole < 0 else 1
    amount = abs(whole)
    parts = shares(weights)
    exact = {m: amount * s for m, s in parts.items()}
    floors = {m: math.floor(v) for m, v in exact.items()}
    left = amount - sum(floors.values())
    order = sorted(exact, key=lambda m: (-(exact[m] - floors[m]), list(exact).index(m)))
    for municipality in order[:left]:
        floors[municipality] += 1
    return {m: sign * v for m, v in floors.items()}


@dataclass(frozen=True)
class KeyShare:
    """One municipality's part of the coalition's totals under one key."""

    key: str
    municipality: str
    share: float
    one_off_cost: int
    net_annual_gain: int
    net_present_value: int


def shares_by_key(
    figures: list[MunicipalityFigures],
    populations: dict[str, int | None],
    settings: Phase3Settings,
) -> tuple[list[KeyShare], dict[str, str]]:
    """Every municipality's part under every key, and why a key could not be used."""
    _rows, total = business_case(figures, settings)
    found: list[KeyShare] = []
    unavailable: dict[str, str] = {}
    for term in DISTRIBUTION_KEYS:
        try:
            weights = key_weights(term.code, figures, populations)
        except KeyUnavailable as reason:
            unavailable[term.code] = str(reason)
            continue
        part = shares(weights)
        one_off = allocate(total.one_off_cost, weights)
        gain = allocate(total.net_annual_gain, weights)
        value = allocate(total.net_present_value, weights)
        found.extend(
            KeyShare(term.code, m, part[m], one_off[m], gain[m], value[m]) for m in weights
        )
    return found, unavailable


def carry_over(result: float, budget: float, surplus_share: float, cap_share: float) -> float:
    """What a year's result carries into the next year's budget, after the Swedish model: a
    share of a surplus (e.g. 80 %), at most a share of the budget (e.g. 4 %); a deficit in
    full."""
    if result < 0:
        return result
    return min(result * surplus_share, budget * cap_share)
