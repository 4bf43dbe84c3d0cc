"""The business case's arithmetic and the distribution keys, against hand-computed cases and
properties that must hold for any figures."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from screening.phase3.business_case import (
    KeyUnavailable,
    MunicipalityFigures,
    allocate,
    annuity_factor,
    business_case,
    carry_over,
    key_weights,
    shares_by_key,
)
from screening.phase3.settings import Phase3Settings, SettingsError, load_phase3_settings
from screening.vocabulary import DISTRIBUTION_KEYS

POPULATIONS = {"Aabenraa": 59000, "Haderslev": 56000, "Sønderborg": 74000, "Tønder": 37000}


def test_a_hand_computed_business_case():
    # Net gain 1.000.000 − 200.000 = 800.000 a year; one-off 1.600.000 paid back in 2 years.
    # NPV at 5 % over 3 years: −1.600.000 + 800.000 × (1/1,05 + 1/1,05² + 1/1,05³)
    #                        = −1.600.000 + 800.000 × 2,723248 = 578.598,4
    settings = Phase3Settings(discount_rate=0.05, horizon_years=3)
    figures = [MunicipalityFigures("Tønder", 5e6, 1_000_000, 1_600_000, running_cost=200_000)]
    (tønder,), total = business_case(figures, settings)
    assert tønder.net_annual_gain == 800_000
    assert tønder.payback_years == pytest.approx(2.0)
    assert tønder.net_present_value == pytest.approx(578_598.4, abs=0.5)
    assert total.net_present_value == pytest.approx(tønder.net_present_value)


def test_the_coalitions_total_is_the_sum_of_its_municipalities():
    settings = Phase3Settings(0.035, 10)
    figures = [
        MunicipalityFigures("Aabenraa", 14.5e6, 1.9e6, 3.0e6, running_cost=0.2e6),
        MunicipalityFigures("Haderslev", 13.2e6, 1.7e6, 2.7e6, running_cost=0.2e6),
    ]
    rows, total = business_case(figures, settings)
    assert total.one_off_cost == 5.7e6
    assert total.net_annual_gain == pytest.approx(3.2e6)
    assert total.payback_years == pytest.approx(5.7 / 3.2)
    assert total.net_present_value == pytest.approx(sum(r.net_present_value for r in rows))


def test_no_payback_when_the_net_gain_is_not_positive_and_none_needed_without_one_off():
    settings = Phase3Settings(0.035, 10)
    (loses,), _ = business_case(
        [MunicipalityFigures("Tønder", None, 100_000, 500_000, running_cost=150_000)], settings
    )
    assert loses.payback_years is None
    assert loses.net_present_value < -500_000
    (free,), _ = business_case([MunicipalityFigures("Tønder", None, 100_000, 0)], settings)
    assert free.payback_years == 0.0


def test_without_discounting_the_npv_is_the_plain_sum():
    assert annuity_factor(0.0, 7) == 7
    settings = Phase3Settings(0.0, 4)
    (row,), _ = business_case([MunicipalityFigures("Tønder", None, 250_000, 400_000)], settings)
    assert row.net_present_value == 4 * 250_000 - 400_000


def test_each_key_shares_as_it_says():
    figures = [
        MunicipalityFigures("Aabenraa", 3e6, 1e6, 1e6, usage=300),
        MunicipalityFigures("Tønder", 1e6, 1e6, 1e6, usage=100),
    ]
    assert key_weights("equal", figures, POPULATIONS) == {"Aabenraa": 1.0, "Tønder": 1.0}
    assert key_weights("cost_base", figures, POPULATIONS) == {"Aabenraa": 3e6, "Tønder": 1e6}
    assert key_weights("usage", figures, POPULATIONS) == {"Aabenraa": 300, "Tønder": 100}
    assert key_weights("population", figures, POPULATIONS) == {"Aabenraa": 59000, "Tønder": 37000}
    found, unavailable = shares_by_key(figures, POPULATIONS, Phase3Settings(0.0, 1))
    assert unavailable == {}
    # Usage 300:100 → Aabenraa carries three quarters of the 2.000.000 one-off cost.
    usage = {s.municipality: s for s in found if s.key == "usage"}
    assert usage["Aabenraa"].one_off_cost == 1_500_000
    assert usage["Tønder"].one_off_cost == 500_000
    assert usage["Aabenraa"].share == pytest.approx(0.75)


def test_a_key_without_its_figures_says_what_is_missing():
    figures = [MunicipalityFigures("Aabenraa", None, 1e6, 1e6), MunicipalityFigures("Tønder")]
    with pytest.raises(KeyUnavailable, match="udgiftsbase for Aabenraa, Tønder"):
        key_weights("cost_base", figures, POPULATIONS)
    _found, unavailable = shares_by_key(figures, {"Aabenraa": 59000}, Phase3Settings())
    assert set(unavailable) == {"cost_base", "usage", "population"}
    assert "Tønder" in unavailable["population"]


def test_allocation_in_whole_kroner_adds_up_exactly():
    # 100 kr. in three equal parts: 34 + 33 + 33, never 33 + 33 + 33.
    assert allocate(100, {"a": 1, "b": 1, "c": 1}) == {"a": 34, "b": 33, "c": 33}
    assert allocate(-100, {"a": 1, "b": 1, "c": 1}) == {"a": -34, "b": -33, "c": -33}
    assert allocate(10, {"a": 0, "b": 1}) == {"a": 0, "b": 10}


amounts = st.floats(min_value=0, max_value=1e9, allow_nan=False)
municipality_figures = st.lists(
    st.tuples(amounts, st.floats(-1e8, 1e8), amounts, amounts, st.floats(1, 1e6)),
    min_size=2,
    max_size=6,
)


@given(municipality_figures, st.floats(0, 0.2), st.integers(1, 30))
def test_under_every_key_the_shares_add_up_to_the_whole(rows, rate, horizon):
    names = ["Aabenraa", "Haderslev", "Sønderborg", "Tønder", "Esbjerg", "Vejen"][: len(rows)]
    figures = [
        MunicipalityFigures(m, base + 1, gain, one_off, running_cost=running, usage=usage)
        for m, (base, gain, one_off, running, usage) in zip(names, rows, strict=True)
    ]
    populations = {m: 10_000 + 1_000 * i for i, m in enumerate(names)}
    settings = Phase3Settings(rate, horizon)
    found, unavailable = shares_by_key(figures, populations, settings)
    _rows, total = business_case(figures, settings)
    assert unavailable == {}
    for term in DISTRIBUTION_KEYS:
        mine = [s for s in found if s.key == term.code]
        assert [s.municipality for s in mine] == names
        assert sum(s.share for s in mine) == pytest.approx(1.0)
        assert sum(s.one_off_cost for s in mine) == round(total.one_off_cost)
        assert sum(s.net_annual_gain for s in mine) == round(total.net_annual_gain)
        assert sum(s.net_present_value for s in mine) == round(total.net_present_value)


@given(st.integers(-(10**12), 10**12), st.lists(st.floats(0, 1e6), min_size=1, max_size=8))
def test_each_part_is_within_a_krone_of_its_exact_share(total, weights):
    weights = [w + 1e-3 for w in weights]
    named = {f"m{i}": w for i, w in enumerate(weights)}
    parts = allocate(total, named)
    assert sum(parts.values()) == total
    for name, weight in named.items():
        assert abs(parts[name] - total * weight / sum(weights)) < 1


def test_a_surplus_carries_over_capped_and_a_deficit_in_full():
    # The Swedish model: 80 % of a surplus, at most 4 % of the budget; a deficit in full.
    assert carry_over(100_000, 10_000_000, 0.8, 0.04) == 80_000
    assert carry_over(1_000_000, 10_000_000, 0.8, 0.04) == 400_000
    assert carry_over(-250_000, 10_000_000, 0.8, 0.04) == -250_000


def test_settings_come_from_the_config_and_bad_ones_are_named(tmp_path):
    settings = load_phase3_settings()
    assert 0 < settings.discount_rate < 1 and settings.horizon_years >= 1
    path = tmp_path / "screening.toml"
    path.write_text("[phase3]\ndiscount_rate = 3.5\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="discount_rate = 3.5.*0.035"):
        load_phase3_settings(path)
    path.write_text("[round]\nid = '1'\n", encoding="utf-8")
    assert load_phase3_settings(path) == Phase3Settings()


def test_every_phase3_text_has_an_english_translation():
    """The catalogue covers the phase-3 vocabulary the pages show (one test that fails when a
    status, vehicle, key or pricing type is added without its English)."""
    from screening import i18n
    from screening.vocabulary import (
        JOIN_DECISIONS,
        LEGAL_VEHICLES,
        PHASE3_STATUSES,
        PRICING_TYPES,
        RISK_LEVELS,
    )

    english = i18n.catalogue("en")
    terms = (PHASE3_STATUSES, LEGAL_VEHICLES, DISTRIBUTION_KEYS, JOIN_DECISIONS, RISK_LEVELS)
    for term in [t for group in (*terms, PRICING_TYPES) for t in group]:
        assert term.label in english, term.label
        assert not term.explanation or term.explanation in english, term.explanation
