"""The frozen baseline and the exit scenarios, on SQLite and PostgreSQL, with figures worked
out by hand: the baseline is frozen at «besluttet etableret», changed only with a reason, and
follow-up is measured against it; each member's leaving gives the others' shares."""

from __future__ import annotations

import pytest

from screening.decisions.record import InvalidDecision
from screening.decisions.store import open_store, read_events
from screening.errors import ScreeningError
from screening.phase3 import baseline, coalition_record, operation_record, record, state
from screening.phase3.baseline_record import record_baseline_correction
from screening.phase3.business_case import MunicipalityFigures
from screening.phase3.exits import exit_scenarios
from screening.phase3.follow_up import follow_up_table
from screening.phase3.settings import Phase3Settings

PROJECT_GROUP = "haderslev.projektgruppe"
POPULATIONS = {"Aabenraa": 59_000, "Haderslev": 56_000, "Tønder": 37_000}
SCREENING = {
    "Haderslev": {"cost_base": 7_000_000.0, "fte": 6.0, "source": "haderslev.xlsx række 4"},
}


def _established(engine, users, it, key="indbyggertal"):
    pg = users[PROJECT_GROUP]
    record.record_status(engine, pg, it, "analyse i gang", "Start.")
    record.record_analysis(
        engine, pg, it, rationale="Én drift.", legal_vehicle="aftale med en værtskommune",
        host_municipality="Aabenraa", distribution_key=key,
    )  # fmt: skip
    figures = [
        # Aabenraa's baseline from the analysis; Haderslev's cost and staff are not in the
        # analysis, so they come from its screening.
        MunicipalityFigures("Aabenraa", 10e6, 1e6, 1.5e6, 100_000.0, source="Regnskab 2026",
                            fte=12.0, service_level="Svar inden 4 timer"),
        MunicipalityFigures("Haderslev", None, 1e6, 1.5e6, 100_000.0, source="Skøn"),
        MunicipalityFigures("Tønder", 5e6, 1e6, 1.5e6, 100_000.0, source="Regnskab 2026",
                            fte=4.0),
    ]  # fmt: skip
    record.record_figures(engine, pg, it, figures)
    record.record_status(engine, pg, it, "anbefalet", "Positiv.")
    for secretary in ("aabenraa.sekretariat", "haderslev.sekretariat", "toender.sekretariat"):
        coalition_record.record_join(
            engine, users[secretary], it, "tiltræder", committee="Byrådet",
            meeting_date="2027-06-14",
        )  # fmt: skip
    record.record_status(
        engine, pg, it, "besluttet etableret", "Vedtaget.", screening_baselines=SCREENING
    )


def test_the_baseline_is_frozen_at_establishment_and_corrected_only_with_a_reason(
    store_url, users, it, gross_list
):
    engine = open_store(store_url)
    _established(engine, users, it)
    table = baseline.baseline_table(read_events(engine))
    rows = {r["municipality"]: r for r in table.iter_rows(named=True)}
    assert (rows["Aabenraa"]["baseline_cost_dkk"], rows["Aabenraa"]["baseline_fte"]) == (10e6, 12)
    assert rows["Aabenraa"]["service_level"] == "Svar inden 4 timer"
    assert rows["Aabenraa"]["source"] == "Analysen: Regnskab 2026"
    assert (rows["Haderslev"]["baseline_cost_dkk"], rows["Haderslev"]["baseline_fte"]) == (7e6, 6)
    assert rows["Haderslev"]["cost_base_from"] == "screening"
    assert rows["Haderslev"]["source"] == "haderslev.xlsx række 4"
    pg = users[PROJECT_GROUP]
    with pytest.raises(InvalidDecision, match="begrundelse"):
        record_baseline_correction(engine, pg, it, "Tønder", cost_base=5.5e6, reason=" ")
    record_baseline_correction(
        engine, pg, it, "Tønder", cost_base=5.5e6, reason="Husleje manglede i regnskabet"
    )
    corrected = baseline.baseline_table(read_events(engine)).filter(
        baseline.baseline_table(read_events(engine))["municipality"] == "Tønder"
    )
    assert corrected.select("baseline_cost_dkk", "version", "corrected_because").row(0) == (
        5.5e6,
        2,
        "Husleje manglede i regnskabet",
    )
    # Follow-up against the baseline: Tønder spent 5.1 mio. in 2028 and 4.9 mio. in 2029.
    for year, cost in ((2028, 5.1e6), (2029, 4.9e6)):
        operation_record.record_follow_up(
            engine, pg, it, year=year, municipality="Tønder", realised_gain=cost * 0.1,
            realised_cost=cost, realised_fte=3.5,
        )  # fmt: skip
    follow = follow_up_table(gross_list, read_events(engine), POPULATIONS, Phase3Settings())
    mine = follow.filter(follow["municipality"] == "Tønder").sort("year")
    columns = ("year", "baseline_cost_dkk", "realised_cost_dkk", "realised_change_dkk")
    assert mine.select(columns).rows() == [
        (2028, 5.5e6, 5.1e6, 400_000.0),
        (2029, 5.5e6, 4.9e6, 600_000.0),
    ]
    assert mine["baseline_fte"].to_list() == [4.0, 4.0]


def test_an_establishment_whose_baselines_cannot_be_written_is_not_recorded(tmp_path, users, it):
    """The status and the baselines it freezes are one write: if the store refuses the
    baselines (here a trigger stands in for a disk that fills up), the candidate is not
    «besluttet etableret» either, so it is never established without figures to measure by."""
    engine = open_store(f"sqlite:///{tmp_path / 'decisions.sqlite'}")
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "CREATE TRIGGER refuse_baselines BEFORE INSERT ON decision_events "
            f"WHEN NEW.kind = '{baseline.BASELINE}' BEGIN SELECT RAISE(ABORT, 'disk full'); END"
        )
    with pytest.raises(ScreeningError):
        _established(engine, users, it)
    events = read_events(engine)
    assert state.status(events, it.candidate_id).value == state.RECOMMENDED
    assert baseline.baseline_table(events).is_empty()


def test_a_baseline_cannot_be_corrected_before_it_is_frozen(store_url, users, it):
    engine = open_store(store_url)
    with pytest.raises(InvalidDecision, match="ingen fastfrosset baseline"):
        record_baseline_correction(
            engine, users[PROJECT_GROUP], it, "Tønder", cost_base=1.0, reason="Fejl"
        )


def test_each_members_leaving_gives_the_others_shares_by_hand(store_url, users, it, gross_list):
    engine = open_store(store_url)
    _established(engine, users, it)
    operation_record.record_service_agreement(
        engine, users[PROJECT_GROUP], it, supplier="Aabenraa", start_year=2028,
        services=[{"name": "Drift", "pricing_type": "C"}], notice_months=24,
        exit_terms="Udtræden med 24 måneders varsel til et årsskifte; andel af anlæg betales.",
    )  # fmt: skip
    table = exit_scenarios(gross_list, read_events(engine), POPULATIONS, Phase3Settings(), 2)
    assert table["leaving_municipality"].to_list() == ["Aabenraa", "Haderslev", "Tønder"]
    tønder = table.filter(table["leaving_municipality"] == "Tønder").row(0, named=True)
    # Net gain 900,000 each; 2,700,000 by population 59:56:37 (152,000) -> 1,048,026.3 /
    # 994,736.8 / 657,236.8; the two kroner left go to the largest remainders (Haderslev, Tønder).
    assert tønder["net_annual_gain_before_dkk"] == 2_700_000
    assert [s["net_annual_gain_dkk"] for s in tønder["shares_before"]] == [
        1_048_026,
        994_737,
        657_237,
    ]
    # Without Tønder: 1,800,000 by 59:56 (115,000) -> 923,478.3 / 876,521.7 -> Haderslev gets
    # the krone left.
    assert tønder["net_annual_gain_after_dkk"] == 1_800_000
    assert tønder["shares_after"] == [
        {"municipality": "Aabenraa", "net_annual_gain_dkk": 923_478},
        {"municipality": "Haderslev", "net_annual_gain_dkk": 876_522},
    ]
    assert tønder["below_minimum"] is False
    assert tønder["notice_months"] == 24
    assert tønder["exit_terms"].startswith("Udtræden med 24 måneders varsel")
    # With a rule of three, any leaving leaves the operation below the group's minimum.
    strict = exit_scenarios(gross_list, read_events(engine), POPULATIONS, Phase3Settings(), 3)
    assert strict["below_minimum"].to_list() == [True, True, True]
