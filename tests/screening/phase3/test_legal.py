"""The legal route of a § 60 cooperation and the legal feasibility screen, on SQLite and
PostgreSQL: § 60 needs Ankestyrelsen's approval, a small one (§ 60 a) only a notice, and a
standing hindrance refuses a recommendation and an establishment, with the reason."""

from __future__ import annotations

import pytest

from screening.decisions.record import InvalidDecision
from screening.decisions.store import open_store, read_events
from screening.phase3 import coalition_record, legal, record, state
from screening.phase3.business_case import MunicipalityFigures
from screening.phase3.legal import YearFigures, is_small
from screening.phase3.legal_record import (
    record_approval_route,
    record_cooperation_change,
    record_legal_answer,
    record_notice,
)

PROJECT_GROUP = "haderslev.projektgruppe"
SMALL_YEARS = [
    # 2027: only the staff limit (50) exceeded; 2028: nothing exceeded -> small both years.
    {"year": 2027, "balance_sum": 12e6, "turnover": 30e6, "fte": 55},
    {"year": 2028, "balance_sum": 12e6, "turnover": 31e6, "fte": 48},
]
LARGE_YEARS = [
    # 2028 exceeds two limits (balance 45 > 44 mio., staff 60 > 50): not small.
    {"year": 2027, "balance_sum": 20e6, "turnover": 60e6, "fte": 40},
    {"year": 2028, "balance_sum": 45e6, "turnover": 60e6, "fte": 60},
]


def _recommended_section_60(engine, users, it):
    pg = users[PROJECT_GROUP]
    record.record_status(engine, pg, it, "analyse i gang", "Sendt til analyse.")
    record.record_analysis(
        engine, pg, it, rationale="Én IT-drift.", legal_vehicle="§ 60-fællesskab"
    )
    figures = [MunicipalityFigures(m, 10e6, 1e6, 1.5e6, 100_000.0) for m in it.coalition]
    record.record_figures(engine, pg, it, figures)
    record.record_status(engine, pg, it, "anbefalet", "Positiv business case.")
    for secretary in ("aabenraa.sekretariat", "haderslev.sekretariat"):
        coalition_record.record_join(
            engine, users[secretary], it, "tiltræder", committee="Byrådet",
            meeting_date="2027-06-14",
        )  # fmt: skip


def test_the_size_criteria_of_section_60_a_by_hand():
    # Two of three limits exceeded in one of the two years: not small.
    assert not is_small([YearFigures(2027, 45e6, 90e6, 10), YearFigures(2028, 1e6, 1e6, 1)])
    # One limit exceeded each year: small.
    assert is_small([YearFigures(2027, 45e6, 1e6, 10), YearFigures(2028, 1e6, 90e6, 10)])
    # Exactly on a limit is not over it.
    assert is_small([YearFigures(2027, 44e6, 89e6, 50), YearFigures(2028, 44e6, 89e6, 50)])
    # One year, or two years apart, is not «2 på hinanden følgende regnskabsår».
    assert not is_small([YearFigures(2027, 1e6, 1e6, 1)])
    assert not is_small([YearFigures(2026, 1e6, 1e6, 1), YearFigures(2028, 1e6, 1e6, 1)])


def test_a_large_section_60_cooperation_needs_the_approval(store_url, users, it):
    engine = open_store(store_url)
    _recommended_section_60(engine, users, it)
    pg = users[PROJECT_GROUP]
    with pytest.raises(InvalidDecision, match="registrér fællesskabets størrelse"):
        record.record_status(engine, pg, it, "besluttet etableret", "Vedtaget.")
    record_approval_route(engine, pg, it, years=LARGE_YEARS, source="Budget 2027–28")
    found = legal.route(read_events(engine), "K-it")
    assert found.value == "approval" and found.details["small"] is False
    with pytest.raises(InvalidDecision, match="tilsynsmyndighedens godkendelse.*journalnummer"):
        record.record_status(engine, pg, it, "besluttet etableret", "Vedtaget.")
    record_approval_route(
        engine,
        pg,
        it,
        years=LARGE_YEARS,
        source="Budget 2027–28",
        approval_date="2027-09-01",
        approval_reference="AST 27-12345",
    )
    record.record_status(engine, pg, it, "besluttet etableret", "Vedtaget.")
    assert state.established(read_events(engine)) == ["K-it"]


def test_a_small_one_needs_only_the_notice_and_owes_one_for_a_withdrawal(store_url, users, it):
    engine = open_store(store_url)
    _recommended_section_60(engine, users, it)
    pg = users[PROJECT_GROUP]
    record_approval_route(engine, pg, it, years=SMALL_YEARS, source="Budget 2027–28")
    events = read_events(engine)
    assert legal.route(events, "K-it").details["route"] == "notification"
    # A small one is not approved: an approval reference is refused, the notice is asked for.
    with pytest.raises(InvalidDecision, match="skal ikke godkendes"):
        record_approval_route(
            engine, pg, it, years=SMALL_YEARS, source="B", approval_reference="AST 1"
        )
    with pytest.raises(InvalidDecision, match="orienteres om indgåelsen"):
        record.record_status(engine, pg, it, "besluttet etableret", "Vedtaget.")
    record_notice(engine, pg, it, "indgåelse", sent_on="2027-08-20", reference="Brev 2027-08-20")
    record.record_status(engine, pg, it, "besluttet etableret", "Vedtaget.")
    events = read_events(engine)
    assert legal.notices_due(events, "K-it", established=True) == []
    record_cooperation_change(
        engine, pg, it, "udtræden", municipality="Haderslev", decided_on="2029-03-01",
        reason="Byrådet 1. marts 2029",
    )  # fmt: skip
    due = legal.notices_due(read_events(engine), "K-it", established=True)
    assert due == [
        "Orientér Ankestyrelsen om udtræden af Haderslev (besluttet 2029-03-01; § 60 a, stk. 3)."
    ]
    record_notice(
        engine, pg, it, "udtræden", municipality="Haderslev", sent_on="2029-03-10",
        reference="Brev 2029-03-10",
    )  # fmt: skip
    assert legal.notices_due(read_events(engine), "K-it", established=True) == []


def test_a_hindrance_refuses_recommendation_with_its_reason(store_url, users, it):
    engine = open_store(store_url)
    pg = users[PROJECT_GROUP]
    assert legal.readiness(read_events(engine), "K-it") == "no_answers"
    record.record_status(engine, pg, it, "analyse i gang", "Start.")
    record.record_analysis(engine, pg, it, rationale="Én drift.", legal_vehicle="forening")
    figures = [MunicipalityFigures(m, 10e6, 1e6, 1.5e6) for m in it.coalition]
    record.record_figures(engine, pg, it, figures)
    record_legal_answer(engine, pg, it, "udbud", "ok", source="Udbudslovens § 15")
    assert legal.readiness(read_events(engine), "K-it") == "open_questions"
    with pytest.raises(InvalidDecision, match="skriv i noten"):
        record_legal_answer(engine, pg, it, "personale", "hindring")
    record_legal_answer(
        engine, pg, it, "personale", "hindring", note="Overenskomsterne er forskellige",
        source="Virksomhedsoverdragelsesloven § 2",
    )  # fmt: skip
    events = read_events(engine)
    assert legal.readiness(events, "K-it") == "obstacle"
    with pytest.raises(InvalidDecision, match="hindring ved «Personale».*Overenskomsterne"):
        record.record_status(engine, pg, it, "anbefalet", "God idé.")
    assert state.status(read_events(engine), "K-it").value == "analysis_in_progress"
    # The answer is dated and attributed in the log, and replaced only by a newer answer.
    for item in ("myndighedsudøvelse og hjemmel", "databeskyttelse", "godkendelsesvej"):
        record_legal_answer(engine, pg, it, item, "ok")
    record_legal_answer(engine, pg, it, "aktindsigt", "åbent spørgsmål", note="Hvem svarer?")
    record_legal_answer(engine, pg, it, "personale", "ok", note="Ingen skifter arbejdsgiver")
    events = read_events(engine)
    assert legal.readiness(events, "K-it") == "open_questions"
    record.record_status(engine, pg, it, "anbefalet", "God idé.")
    history = events.filter(events["kind"] == "legal_screen", events["subject"] == "K-it|staff")
    assert history.select("old_value", "new_value", "user_name").rows() == [
        (None, "obstacle", "Karen Holm"),
        ("obstacle", "ok", "Karen Holm"),
    ]
    record_legal_answer(engine, pg, it, "aktindsigt", "ok")
    assert legal.readiness(read_events(engine), "K-it") == "clear"


def test_the_legal_screen_table_has_a_row_per_candidate_and_item(store_url, users, it, gross_list):
    engine = open_store(store_url)
    record_legal_answer(
        engine, users[PROJECT_GROUP], it, "udbud", "åbent spørgsmål", note="In-house?",
        source="Udbudsloven",
    )  # fmt: skip
    table = legal.legal_screen_table(gross_list, read_events(engine))
    assert table.height == 2 * 6
    row = table.filter(table["candidate_id"] == "K-it", table["item"] == "procurement").row(
        0, named=True
    )
    assert (row["answer_label"], row["note"], row["source"], row["answered_by"]) == (
        "Åbent spørgsmål",
        "In-house?",
        "Udbudsloven",
        "Karen Holm",
    )
    assert set(table.filter(table["candidate_id"] == "K-cpr")["legal_readiness"]) == {"no_answers"}
