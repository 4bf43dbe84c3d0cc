"""AppTest runs of the legal panels of «Fase 3» on the sample round with the demo cycle: the
project group answers the legal screen and a hindrance refuses «anbefalet» with its reason; the
established IT operation shows its § 60 a route, its notice, and the exit scenarios."""

from __future__ import annotations

import pytest
from app_runner import open_page
from dashboard_sample_round import ScreeningRun
from test_phase3_pages import PROJECT_GROUP, as_user, candidates, submit, table_with

from dashboard.phase3.status_view import SAVE_STATUS
from dashboard.shell import page_paths
from screening.config import load_screening_config
from screening.decisions.store import open_store, read_events
from screening.decisions.users import load_users
from screening.demo.cycle import write_demo_cycle
from screening.phase3 import legal, state


@pytest.fixture
def demo(published: ScreeningRun) -> ScreeningRun:
    config = load_screening_config()
    write_demo_cycle(open_store(), published.gross_list, load_users(config), config)
    return published


def test_a_hindrance_answered_on_the_page_refuses_the_recommendation(demo) -> None:
    candidate = candidates(demo)["analysis_in_progress"]  # the joint tender, in analysis
    cid = candidate.candidate_id
    at = as_user(
        open_page(page_paths.PHASE3_ANALYSES, {page_paths.CANDIDATE_PARAM: cid}), PROJECT_GROUP
    )
    assert any("**Juridisk parathed:** Åbne spørgsmål" in m.value for m in at.markdown)
    at.selectbox(key=f"legal_item|{cid}").set_value("staff")
    at.radio(key=f"legal_value|{cid}").set_value("obstacle")
    at.text_area(key=f"legal_note|{cid}").input("Overenskomsterne kan ikke forenes.")
    at.text_input(key=f"legal_source|{cid}").input("Virksomhedsoverdragelsesloven")
    submit(at, "Gem svaret")
    assert "Svaret er gemt." in [s.value for s in at.success]
    answers = table_with(at, "Spørgsmål")
    staff = answers[answers["Spørgsmål"] == "Personale"].iloc[0]
    assert staff["Svar"] == "✗ Hindring" and staff["Besvaret af"] == "Karen Holm"
    assert legal.readiness(read_events(open_store()), cid) == "obstacle"
    at.radio(key=f"phase3_status_value|{cid}").set_value("recommended")
    at.text_area(key=f"phase3_status_reason|{cid}").input("Positiv.")
    submit(at, SAVE_STATUS)
    assert any("hindring ved «Personale»" in e.value for e in at.error)
    assert state.status(read_events(open_store()), cid).value == "analysis_in_progress"


def test_the_established_operation_shows_its_route_notice_and_exit_scenarios(demo) -> None:
    candidate = candidates(demo)["established"]
    at = open_page(page_paths.PHASE3_ANALYSES, {page_paths.CANDIDATE_PARAM: candidate.candidate_id})
    assert not at.exception
    shown = " ".join(m.value for m in at.markdown)
    assert "✓ Orientering af Ankestyrelsen (§ 60 a)" in shown
    assert "Orientering af Ankestyrelsen:** 2027-06-20" in shown
    exits = table_with(at, "Hvis denne kommune træder ud")
    assert list(exits["Hvis denne kommune træder ud"]) == list(
        state.joined(read_events(open_store()), candidate)
    )
    assert "12 måneders varsel" in shown


def test_follow_up_shows_the_frozen_baseline_and_a_correction_needs_a_reason(demo) -> None:
    operation = candidates(demo)["established"]
    cid = operation.candidate_id
    at = as_user(open_page(page_paths.FOLLOW_UP, {page_paths.CANDIDATE_PARAM: cid}), PROJECT_GROUP)
    frozen = table_with(at, "Fastfrosset")
    members = state.joined(read_events(open_store()), operation)
    assert list(frozen["Kommune"]) == sorted(members)
    against = table_with(at, "Ændring mod baseline")
    assert len(against) == 2 * len(members)  # two years of follow-up against the baseline
    at.selectbox(key=f"baseline_who|{cid}").set_value(members[0])
    at.number_input(key=f"baseline_cost|{cid}").set_value(1_000_000.0)
    submit(at, "Ret baseline")
    assert any("begrundelse" in e.value for e in at.error)
    at.text_input(key=f"baseline_why|{cid}").input("Husleje manglede")
    submit(at, "Ret baseline")
    assert "Baseline er rettet." in [s.value for s in at.success]
    frozen = table_with(at, "Fastfrosset")
    assert frozen[frozen["Kommune"] == members[0]].iloc[0]["Rettet fordi"] == "Husleje manglede"


def test_the_gross_list_and_the_candidate_page_show_the_legal_readiness(demo) -> None:
    log = read_events(open_store())
    register = candidates(demo)["abandoned"]  # the demo's hindrance
    at = open_page(page_paths.GROSS_LIST)
    assert not at.exception
    shown = table_with(at, "Juridisk parathed")
    by_title = dict(zip(shown["Forslag"], shown["Juridisk parathed"], strict=True))
    assert by_title[register.title] == "Hindring"
    assert set(by_title.values()) <= {"Ikke vurderet", "Åbne spørgsmål", "Hindring", "Afklaret"}
    page = open_page(page_paths.CANDIDATE, {page_paths.CANDIDATE_PARAM: register.candidate_id})
    assert any("**Juridisk parathed:** Hindring" in m.value for m in page.markdown)
    answers = table_with(page, "Spørgsmål")
    assert answers.iloc[0]["Svar"] == "✗ Hindring"
    assert legal.readiness(log, register.candidate_id) == "obstacle"
