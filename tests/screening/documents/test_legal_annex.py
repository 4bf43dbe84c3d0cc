"""The annex's legal sections, on SQLite and PostgreSQL: every candidate's legal readiness with
what stands open or in the way, in both annexes, and the exit scenarios of an operation being
decided, in the annex of each member and of the coordination committee."""

from __future__ import annotations

from datetime import date

from screening.decisions import record, state
from screening.decisions.record import find_candidate
from screening.decisions.store import open_store, read_events
from screening.documents.annex import build_annex
from screening.phase3 import record as phase3_record
from screening.phase3 import state as phase3_state
from screening.phase3.business_case import MunicipalityFigures
from screening.phase3.legal_record import record_legal_answer

PROJECT_GROUP = "aabenraa.projektgruppe"


def _section(content, heading):
    return next(s for s in content.sections if s.heading == heading)


def test_both_annexes_show_legal_readiness_and_the_exit_scenarios(
    store_url, users, config, gross_list
):
    engine = open_store(store_url)
    loen = find_candidate(gross_list, "K-aabenraa:loen")
    record.freeze_snapshot(
        engine, users[PROJECT_GROUP], "Forelagt KU", gross_list,
        state.priorities(read_events(engine)),
    )  # fmt: skip
    for municipality in ("aabenraa", "toender"):
        record.record_political_decision(
            engine, users[f"{municipality}.sekretariat"], loen, "ønsker at gå videre",
            committee="Økonomiudvalget", meeting_date=date(2027, 1, 21),
        )  # fmt: skip
    pg = users[PROJECT_GROUP]
    record_legal_answer(engine, pg, loen, "personale", "åbent spørgsmål", note="Overgang?")
    (candidate,) = [
        c
        for c in phase3_state.phase3_candidates(gross_list, read_events(engine))
        if c.candidate_id == "K-aabenraa:loen"
    ]
    phase3_record.record_status(engine, pg, candidate, "analyse i gang", "Start.")
    phase3_record.record_analysis(
        engine, pg, candidate, rationale="Én lønfunktion.", legal_vehicle="forening",
        distribution_key="lige andele",
    )  # fmt: skip
    phase3_record.record_figures(
        engine,
        pg,
        candidate,
        [
            MunicipalityFigures("Aabenraa", 4e6, 500_000.0, 100_000.0),
            MunicipalityFigures("Tønder", 2e6, 300_000.0, 100_000.0),
        ],
    )
    phase3_record.record_status(engine, pg, candidate, "anbefalet", "Positiv.")
    for audience in ("Aabenraa", "Koordinationsudvalget"):
        content = build_annex(engine, config, audience, draw_charts=False)
        readiness = _section(content, "Juridisk parathed").tables[0]
        by_title = {row[1]: row for row in readiness.rows}
        assert by_title["Lønadministration"][2:] == [
            "Åbne spørgsmål",
            "Personale: Åbent spørgsmål (Overgang?)",
        ]
        assert by_title["Vejvedligehold"][2] == "Ikke vurderet"
        leaving = _section(content, "Hvis en kommune træder ud").tables[0]
        # Equal shares of 800,000: 400,000 each; if Tønder leaves, Aabenraa alone has 500,000.
        assert [row[:3] for row in leaving.rows] == [
            ["Lønadministration", "Aabenraa", "300.000\xa0kr."],
            ["Lønadministration", "Tønder", "500.000\xa0kr."],
        ]
        assert leaving.rows[1][3] == "Aabenraa: 400.000\xa0kr. → 500.000\xa0kr."
    # Haderslev is not a member: its annex has no exit scenarios.
    haderslev = build_annex(engine, config, "Haderslev", draw_charts=False)
    assert "Hvis en kommune træder ud" not in [s.heading for s in haderslev.sections]
