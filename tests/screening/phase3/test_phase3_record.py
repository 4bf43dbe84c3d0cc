"""The phase-3 record as its users meet it, on SQLite and PostgreSQL: who may write what, the
rules a recommendation and an establishment must meet, the history, and no silent overwrite."""

from __future__ import annotations

from datetime import date

import pytest

from screening.decisions import record as decisions
from screening.decisions import state as decision_state
from screening.decisions.record import InvalidDecision, NotAllowed, find_candidate
from screening.decisions.store import Conflict, open_store, read_events
from screening.phase3 import coalition_record, operation_record, record, state
from screening.phase3.business_case import MunicipalityFigures
from screening.phase3.follow_up import follow_up_table
from screening.phase3.portfolio import portfolio
from screening.phase3.settings import Phase3Settings

PROJECT_GROUP = "haderslev.projektgruppe"  # Karen Holm


def _figures(candidate, gain=1_000_000.0):
    return [
        MunicipalityFigures(m, 10e6, gain, 1.5e6, 100_000.0, usage=100.0 * (i + 1), source="Skøn")
        for i, m in enumerate(candidate.coalition)
    ]


def _analysed(engine, users, candidate, **extra):
    pg = users[PROJECT_GROUP]
    record.record_status(engine, pg, candidate, "analyse i gang", "Sendt til analyse af KU.")
    record.record_analysis(
        engine,
        pg,
        candidate,
        rationale="Én drift i stedet for tre.",
        advantages=["Mindre sårbar"],
        disadvantages=["Mindre lokal råderet"],
        risks=[
            {"risk": "Forsinkelse", "likelihood": "middel", "impact": "høj", "mitigation": "Faser"}
        ],
        legal_vehicle=extra.pop("legal_vehicle", "aftale med en værtskommune"),
        **extra,
    )
    record.record_figures(engine, pg, candidate, _figures(candidate), usage_unit="brugere")


def test_the_analysis_is_recorded_with_who_and_its_status_history(store_url, users, it):
    engine = open_store(store_url)
    _analysed(engine, users, it, host_municipality="Aabenraa", distribution_key="forbrug")
    record.record_status(engine, users[PROJECT_GROUP], it, "anbefalet", "Positiv business case.")
    events = read_events(engine)
    doc = state.analysis(events, "K-it")
    assert doc.details["legal_vehicle"] == "host_municipality"
    assert doc.details["distribution_key"] == "usage"
    assert doc.details["risks"][0] == {
        "risk": "Forsinkelse",
        "likelihood": "medium",
        "impact": "high",
        "mitigation": "Faser",
    }
    history = state.status_history(events, "K-it")
    assert history.select("old_value", "new_value", "reason", "user_name").rows() == [
        (None, "analysis_in_progress", "Sendt til analyse af KU.", "Karen Holm"),
        ("analysis_in_progress", "recommended", "Positiv business case.", "Karen Holm"),
    ]


def test_a_candidate_with_authority_exercise_needs_its_legal_basis(store_url, users, register):
    engine = open_store(store_url)
    _analysed(engine, users, register)
    pg = users[PROJECT_GROUP]
    with pytest.raises(InvalidDecision, match="myndighedsudøvelse.*hjemmel"):
        record.record_status(engine, pg, register, "anbefalet", "God idé.")
    assert state.status(read_events(engine), "K-cpr").value == "analysis_in_progress"
    doc = state.analysis(read_events(engine), "K-cpr")
    record.record_analysis(
        engine,
        pg,
        register,
        rationale="Én registrering.",
        legal_vehicle="host_municipality",
        legal_basis="Lov om X § 1, stk. 2 (eksempel)",
        expected_version=doc.version,
    )
    record.record_status(engine, pg, register, "anbefalet", "Hjemlen er fundet.")
    assert state.status(read_events(engine), "K-cpr").value == "recommended"


def test_establishment_needs_two_municipalities_own_decisions_to_join(store_url, users, it):
    engine = open_store(store_url)
    _analysed(engine, users, it)
    pg = users[PROJECT_GROUP]
    record.record_status(engine, pg, it, "anbefalet", "Positiv.")
    with pytest.raises(InvalidDecision, match="tiltræde"):
        record.record_status(engine, pg, it, "besluttet etableret", "Vedtaget.")
    for secretary in ("aabenraa.sekretariat", "toender.sekretariat"):
        coalition_record.record_join(
            engine,
            users[secretary],
            it,
            "tiltræder",
            committee="Byrådet",
            meeting_date="2027-06-14",
        )
    record.record_status(engine, pg, it, "besluttet etableret", "To byråd har tiltrådt.")
    events = read_events(engine)
    assert state.joined(events, it) == ["Aabenraa", "Tønder"]
    assert state.established(events) == ["K-it"]
    # The status is final: an established operation cannot be «opgivet» by a click.
    with pytest.raises(InvalidDecision, match="endelig"):
        record.record_status(engine, pg, it, "opgivet", "Fortrudt.")


def test_a_section_60_community_needs_the_supervisory_authoritys_approval(store_url, users, it):
    engine = open_store(store_url)
    _analysed(engine, users, it, legal_vehicle="§ 60-fællesskab")
    pg = users[PROJECT_GROUP]
    record.record_status(engine, pg, it, "anbefalet", "Positiv.")
    for secretary in ("aabenraa.sekretariat", "haderslev.sekretariat"):
        coalition_record.record_join(
            engine,
            users[secretary],
            it,
            "tiltræder",
            committee="Byrådet",
            meeting_date="2027-06-14",
        )
    with pytest.raises(InvalidDecision, match="tilsynsmyndighedens godkendelse"):
        record.record_status(engine, pg, it, "besluttet etableret", "Vedtaget.")


def test_only_the_project_group_writes_the_analysis(store_url, users, it):
    engine = open_store(store_url)
    for user_id in ("aabenraa.direktion", "toender.koordinationsudvalg", "aabenraa.sekretariat"):
        with pytest.raises(NotAllowed, match="projektgruppe"):
            record.record_analysis(engine, users[user_id], it, rationale="Mit forslag")
        with pytest.raises(NotAllowed):
            record.record_status(engine, users[user_id], it, "analyse i gang", "Start")
    assert read_events(engine).is_empty()


def test_the_coalition_comments_each_for_itself_and_others_are_refused(store_url, users, it):
    engine = open_store(store_url)
    coalition_record.record_comment(engine, users["toender.direktion"], it, "Fint.")
    # Sønderborg is not in the coalition; Haderslev's director may not write for Tønder.
    with pytest.raises(NotAllowed, match="ikke i koalitionen"):
        coalition_record.record_comment(engine, users["soenderborg.direktion"], it, "Vi vil også.")
    with pytest.raises(NotAllowed, match="kun for Haderslev"):
        coalition_record.record_comment(
            engine, users["haderslev.direktion"], it, "Hej", municipality="Tønder"
        )
    with pytest.raises(NotAllowed):
        coalition_record.record_comment(
            engine, users["toender.koordinationsudvalg"], it, "Læser kun"
        )
    comments = state.comments(read_events(engine), "K-it")
    assert comments.select("municipality", "user_name", "new_value").rows() == [
        ("Tønder", "Ole Brandt", "Fint.")
    ]


def test_a_municipality_decides_to_join_only_for_itself(store_url, users, it):
    engine = open_store(store_url)
    with pytest.raises(NotAllowed, match="kun for Aabenraa"):
        coalition_record.record_join(
            engine,
            users["aabenraa.sekretariat"],
            it,
            "tiltræder",
            committee="Byrådet",
            meeting_date=date(2027, 6, 1),
            municipality="Tønder",
        )
    with pytest.raises(NotAllowed, match="ikke i koalitionen"):
        coalition_record.record_join(
            engine,
            users["soenderborg.sekretariat"],
            it,
            "tiltræder",
            committee="B",
            meeting_date="2027-06-01",
        )
    with pytest.raises(NotAllowed, match="sekretariat"):
        coalition_record.record_join(
            engine,
            users["aabenraa.projektgruppe"],
            it,
            "tiltræder",
            committee="B",
            meeting_date="2027-06-01",
        )
    assert read_events(engine).is_empty()


def test_a_colleagues_change_is_a_conflict_never_overwritten(store_url, users, it):
    engine = open_store(store_url)
    _analysed(engine, users, it)
    seen = state.analysis(read_events(engine), "K-it").version
    # Karen saves first; Jørgen, who opened the same version, is refused and shown her value.
    record.record_analysis(
        engine, users[PROJECT_GROUP], it, rationale="Karens", legal_vehicle="forening",
        expected_version=seen,
    )  # fmt: skip
    with pytest.raises(Conflict, match="Karen Holm.*«Karens»"):
        record.record_analysis(
            engine, users["soenderborg.projektgruppe"], it, rationale="Jørgens",
            expected_version=seen,
        )  # fmt: skip
    assert state.analysis(read_events(engine), "K-it").details["rationale"] == "Karens"
    # The same for the status: both saw «analyse i gang».
    status_seen = state.status(read_events(engine), "K-it").version
    record.record_status(
        engine, users[PROJECT_GROUP], it, "opgivet", "For dyrt.", expected_version=status_seen
    )
    with pytest.raises(Conflict, match="Opgivet"):
        record.record_status(
            engine, users["admin"], it, "anbefalet", "Positiv.", expected_version=status_seen
        )
    assert state.status(read_events(engine), "K-it").value == "abandoned"


def test_figures_are_checked_and_name_the_municipality(store_url, users, it):
    engine = open_store(store_url)
    pg = users[PROJECT_GROUP]
    with pytest.raises(InvalidDecision, match="Tønder, engangsudgift"):
        record.record_figures(engine, pg, it, [MunicipalityFigures("Tønder", 1e6, 1e5, -5)])
    with pytest.raises(InvalidDecision, match="Sønderborg er ikke i koalitionen"):
        record.record_figures(engine, pg, it, [MunicipalityFigures("Sønderborg", 1e6, 1e5, 5)])
    assert read_events(engine).is_empty()


def test_follow_up_and_the_portfolio_from_the_log(store_url, users, it, gross_list):
    engine = open_store(store_url)
    _analysed(engine, users, it, distribution_key="lige andele")
    pg = users[PROJECT_GROUP]
    with pytest.raises(InvalidDecision, match="ikke besluttet etableret"):
        operation_record.record_follow_up(
            engine, pg, it, year=2028, municipality="Aabenraa", realised_gain=1
        )
    record.record_status(engine, pg, it, "anbefalet", "Positiv.")
    for secretary in ("aabenraa.sekretariat", "haderslev.sekretariat", "toender.sekretariat"):
        coalition_record.record_join(
            engine,
            users[secretary],
            it,
            "tiltræder",
            committee="Byrådet",
            meeting_date="2027-06-14",
        )
    record.record_status(engine, pg, it, "besluttet etableret", "Alle har tiltrådt.")
    operation_record.record_service_agreement(
        engine, pg, it, supplier="Aabenraa Kommune", start_year=2028,
        services=[{"name": "Drift", "quality": "99,8 %", "quantity": "600 servere",
                   "pricing_type": "C", "price": "Efter nøgle"}],
    )  # fmt: skip
    operation_record.record_follow_up(
        engine, pg, it, year=2029, municipality="Tønder", realised_gain=450_000, note="Forsinket"
    )
    events = read_events(engine)
    table = follow_up_table(it_list(gross_list), events, {}, Phase3Settings(0.0, 10))
    # From the first year of the agreement to the last followed up, every member: 2 × 3 rows.
    assert table.height == 6
    tønder = table.filter(year=2029, municipality="Tønder").row(0, named=True)
    # Equal shares of the coalition's net gain: 3 × 900.000 / 3.
    assert tønder["expected_gain_dkk"] == 900_000
    assert tønder["realised_gain_dkk"] == 450_000
    assert tønder["deviation_dkk"] == -450_000 and tønder["deviation_share"] == -0.5
    assert table.filter(year=2028)["realised_gain_dkk"].is_null().all()


def it_list(gross_list):
    return gross_list.filter(gross_list["candidate_id"] == "K-it")


def test_the_phase3_list_comes_from_the_phase2_decisions(store_url, users, gross_list):
    engine = open_store(store_url)
    decisions.freeze_snapshot(
        engine,
        users[PROJECT_GROUP],
        "KU",
        gross_list,
        decision_state.priorities(read_events(engine)),
    )
    for user_id in ("aabenraa.sekretariat", "toender.sekretariat"):
        decisions.record_political_decision(
            engine, users[user_id], find_candidate(gross_list, "K-cpr"), "ønsker at gå videre",
            committee="ØU", meeting_date="2027-01-19",
        )  # fmt: skip
    (candidate,) = state.phase3_candidates(gross_list, read_events(engine))
    assert candidate.candidate_id == "K-cpr"
    assert candidate.coalition == ("Aabenraa", "Tønder")
    assert candidate.authority_exercise
    in_phase3 = portfolio(gross_list, read_events(engine), Phase3Settings())
    assert in_phase3.select("title", "status").rows() == [("Folkeregister", None)]
