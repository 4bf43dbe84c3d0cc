"""AppTest runs of «Fase 3» and «Opfølgning» on the sample round with the demo cycle written
into the test's own decision store (``conftest.decision_store``): what the coordination
committee reads, what the project group fills in, and the rights and conflicts of phases 1–2.
The pages write through the real domain functions; the tests read the store back with the same
functions the warehouse assets use."""

from __future__ import annotations

import pytest
from app_runner import as_read, figure, open_page, texts
from dashboard_sample_round import ScreeningRun
from streamlit.testing.v1 import AppTest

from dashboard.common.data import NO_DATA_MESSAGE
from dashboard.phase3 import charts
from dashboard.phase3.agreement_view import SAVE_AGREEMENT
from dashboard.phase3.analysis_view import SAVE_ANALYSIS, SAVE_FIGURES
from dashboard.phase3.coalition_view import SAVE_COMMENT, SAVE_JOIN
from dashboard.phase3.follow_up_view import SAVE_FOLLOW_UP
from dashboard.phase3.status_view import SAVE_STATUS
from dashboard.shell import page_paths
from dashboard.shell.identity import READ_ONLY_TEXT, USER_KEY
from screening.config import load_screening_config
from screening.decisions.store import open_store, read_events
from screening.decisions.users import load_users
from screening.demo.cycle import write_demo_cycle
from screening.phase3 import state

PROJECT_GROUP = "haderslev.projektgruppe"  # Karen Holm
OTHER_PROJECT_GROUP = "soenderborg.projektgruppe"  # Jørgen Møller
COMMITTEE = "toender.koordinationsudvalg"


@pytest.fixture
def demo(published: ScreeningRun) -> ScreeningRun:
    config = load_screening_config()
    write_demo_cycle(open_store(), published.gross_list, load_users(config), config)
    return published


def candidates(run: ScreeningRun) -> dict[str, state.Phase3Candidate]:
    """The phase-3 candidates by their status now."""
    log = read_events(open_store())
    found = {}
    for c in state.phase3_candidates(run.gross_list, log):
        found.setdefault(state.status(log, c.candidate_id).value, c)
    return found


def as_user(at: AppTest, user_id: str) -> AppTest:
    at.selectbox(key=USER_KEY).set_value(user_id).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def submit(at: AppTest, label: str) -> AppTest:
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def table_with(at: AppTest, header: str):
    return next(d.value for d in at.dataframe if header in d.value.columns)


def test_the_committee_follows_a_candidate_from_the_list_to_its_realised_gains(demo) -> None:
    by_status = candidates(demo)
    assert {"established", "abandoned", "analysis_in_progress"} <= set(by_status)
    established = by_status["established"]

    at = open_page(
        page_paths.PHASE3_ANALYSES, {page_paths.CANDIDATE_PARAM: established.candidate_id}
    )
    overview = table_with(at, "Tilbagebetaling")
    statuses = set(overview["Status"])
    assert {"Besluttet etableret", "Opgivet", "Analyse i gang", "Ikke startet"} <= statuses
    assert established.title in as_read(texts(at))
    history = table_with(at, "Hvorfor")
    assert list(history["Til"]) == ["Analyse i gang", "Anbefalet", "Besluttet etableret"]
    assert set(history["Hvem"]) == {"Mette Lund (Aabenraa)"}
    # The business case is computed and explained: metrics, the formula, the sources.
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Nettogevinst pr. år"].endswith("mio. kr.")
    assert "år" in metrics["Tilbagebetalingstid"]
    assert any("sum_{t=1}^{H}" in latex.value for latex in at.get("latex"))
    case = table_with(at, "Kilde")
    assert list(case["Kommune"]) == [*established.coalition, "Koalitionen i alt"]
    # Every key side by side, the chosen one (usage in the demo) marked.
    keys = table_with(at, "Lige andele")
    assert {"Indbyggertal", "Udgiftsbase", "Forbrug ✓", "Lige andele"} <= set(keys.columns)
    shares = keys[keys["Hvad"] == "Andel"]
    assert set(shares["Kommune"]) == set(established.coalition)
    for column in ("Indbyggertal", "Lige andele"):
        total = sum(float(v.replace(" %", "").replace(",", ".")) for v in shares[column])
        assert total == pytest.approx(100, abs=0.2)
    # Not logged in: the forms say why nothing can be changed.
    assert READ_ONLY_TEXT in [i.value for i in at.info]

    follow = open_page(page_paths.FOLLOW_UP)
    assert "Servicekatalog" in texts(follow)
    catalogue = table_with(follow, "Pristype")
    assert set(catalogue["Pristype"]) == {
        "Type A – vare med påslag",
        "Type B – grundniveau og forbrug",
        "Type C – fordelt efter nøgle",
        "Type D – projekt",
    }
    assert "80 % af et overskud" in texts(follow)
    gains = table_with(follow, "Realiseret gevinst")
    assert set(gains["År"]) == {"2028", "2029"} and len(gains) == 2 * len(established.coalition)
    chart = figure(follow, 0)
    realised = [t for t in chart["data"] if t["name"] == "Realiseret"]
    colours = [c for t in realised for c in t["marker"]["color"]]
    # The first year fell short in the demo: its bars are red, the deviation on each.
    assert charts.BELOW_COLOUR in colours
    assert all(text.startswith(("+", "−")) for t in realised for text in t["text"])


def test_the_project_group_writes_the_analysis_and_a_recommendation_needs_it(demo) -> None:
    candidate = candidates(demo)[None]  # on the phase-3 list, not yet started
    cid = candidate.candidate_id
    at = as_user(
        open_page(page_paths.PHASE3_ANALYSES, {page_paths.CANDIDATE_PARAM: cid}), PROJECT_GROUP
    )
    # Before the figures are in: the screening's figures with their file and row, and no total
    # that would read as the coalition's.
    assert table_with(at, "Kilde")["Kilde"].iloc[0].startswith(("Screeningsskabelonen", "Ikke i"))
    assert {m.value for m in at.metric} == {"–"}
    assert any("Mangler for" in w.value for w in at.warning)
    at.radio(key=f"phase3_status_value|{cid}").set_value("analysis_in_progress")
    at.text_area(key=f"phase3_status_reason|{cid}").input("Sendt til analyse af KU.")
    submit(at, SAVE_STATUS)
    assert "Status er nu «Analyse i gang»." in [s.value for s in at.success]
    at.text_area(key=f"phase3_rationale|{cid}").input("Én fælles funktion.")
    at.text_area(key=f"phase3_advantages|{cid}").input("Mindre sårbar\nBedre kvalitet")
    at.selectbox(key=f"phase3_vehicle|{cid}").set_value("host_municipality")
    submit(at, SAVE_ANALYSIS)
    log = read_events(open_store())
    doc = state.analysis(log, cid)
    assert doc.details["advantages"] == ["Mindre sårbar", "Bedre kvalitet"]
    assert doc.user_name == "Karen Holm"
    # Without the figures saved, «anbefalet» is refused with the reason, and nothing changes.
    at.radio(key=f"phase3_status_value|{cid}").set_value("recommended")
    at.text_area(key=f"phase3_status_reason|{cid}").input("Positiv.")
    submit(at, SAVE_STATUS)
    assert any("Mangler forventet årlig gevinst" in e.value for e in at.error)
    assert state.status(read_events(open_store()), cid).value == "analysis_in_progress"


def test_a_colleagues_save_meanwhile_is_a_conflict_not_overwritten(demo) -> None:
    candidate = candidates(demo)["analysis_in_progress"]
    cid = candidate.candidate_id
    params = {page_paths.CANDIDATE_PARAM: cid}
    karen = as_user(open_page(page_paths.PHASE3_ANALYSES, params), PROJECT_GROUP)
    jorgen = as_user(open_page(page_paths.PHASE3_ANALYSES, params), OTHER_PROJECT_GROUP)
    karen.text_area(key=f"phase3_rationale|{cid}").input("Karens rationale")
    submit(karen, SAVE_ANALYSIS)
    jorgen.text_area(key=f"phase3_rationale|{cid}").input("Jørgens rationale")
    submit(jorgen, SAVE_ANALYSIS)
    assert any("Karen Holm" in e.value and "Ikke gemt" in e.value for e in jorgen.error)
    assert state.analysis(read_events(open_store()), cid).details["rationale"] == "Karens rationale"


def test_only_the_coalition_comments_and_the_committee_reads(demo) -> None:
    candidate = candidates(demo)["established"]
    cid = candidate.candidate_id
    outsider = next(
        m for m in load_screening_config().municipality_names() if m not in candidate.coalition
    )
    params = {page_paths.CANDIDATE_PARAM: cid}
    at = as_user(open_page(page_paths.PHASE3_ANALYSES, params), f"{_code(outsider)}.direktion")
    assert any("Kun koalitionens kommuner" in i.value for i in at.info)
    assert not [b for b in at.button if b.label == SAVE_COMMENT]
    reader = as_user(open_page(page_paths.PHASE3_ANALYSES, params), COMMITTEE)
    assert not [b for b in reader.button if b.label in (SAVE_ANALYSIS, SAVE_STATUS, SAVE_COMMENT)]
    member = candidate.coalition[0]
    at = as_user(open_page(page_paths.PHASE3_ANALYSES, params), f"{_code(member)}.direktion")
    at.text_area(key=f"phase3_comment_text|{cid}").input("Husk budgetmødet.")
    submit(at, SAVE_COMMENT)
    comments = state.comments(read_events(open_store()), cid)
    assert ("Husk budgetmødet.", member) in comments.select("new_value", "municipality").rows()


def test_the_project_group_records_a_years_follow_up(demo) -> None:
    candidate = candidates(demo)["established"]
    cid = candidate.candidate_id
    at = as_user(open_page(page_paths.FOLLOW_UP), PROJECT_GROUP)
    at.selectbox(key=f"p3f_year|{cid}").set_value(2030)
    at.selectbox(key=f"p3f_municipality|{cid}").set_value(candidate.coalition[0])
    at.number_input(key=f"p3f_realised|{cid}").set_value(2_000_000.0)
    at.text_input(key=f"p3f_note|{cid}").input("Nyt licensudbud.")
    submit(at, SAVE_FOLLOW_UP)
    table = table_with(at, "Realiseret gevinst")
    row = table[(table["År"] == "2030") & (table["Kommune"] == candidate.coalition[0])].iloc[0]
    assert row["Realiseret gevinst"] == "2.000.000\xa0kr."
    assert row["Registreret af"] == "Karen Holm"
    # The years between are there too: 2030 for the other members, not followed up yet.
    assert (table[table["År"] == "2030"]["Realiseret gevinst"] == "Ikke fulgt op").sum() == (
        len(candidate.coalition) - 1
    )


def _code(municipality: str) -> str:
    return next(m.code for m in load_screening_config().municipalities if m.name == municipality)


def test_the_candidate_page_links_to_its_phase3_record(demo) -> None:
    candidate = candidates(demo)["established"]
    at = open_page(page_paths.CANDIDATE, {page_paths.CANDIDATE_PARAM: candidate.candidate_id})
    (link,) = [e.proto for e in at.get("page_link") if "fase 3" in e.proto.label]
    assert link.page == "fase-3"
    assert candidate.candidate_id.replace(":", "%3A") in link.query_string
    # Its phase-1–2 history reads as before; phase 3's own history is on «Fase 3», never as
    # raw codes here.
    history = table_with(at, "Hvad")
    assert set(history["Hvad"]) <= {"Prioritering (fase 1)", "Politisk beslutning (fase 2)"}


def edit_table(at: AppTest, key: str, edited: dict, added: list | None = None) -> None:
    """What a user does in a table: change cells (and add rows), before sending the form."""
    at.session_state[key] = {"edited_rows": edited, "added_rows": added or [], "deleted_rows": []}


def test_the_project_group_carries_a_candidate_from_analysis_to_established(demo) -> None:
    """Every form of the two pages, in the order the work happens, on a fresh candidate."""
    candidate = candidates(demo)[None]
    cid = candidate.candidate_id
    params = {page_paths.CANDIDATE_PARAM: cid}
    at = as_user(open_page(page_paths.PHASE3_ANALYSES, params), PROJECT_GROUP)
    at.radio(key=f"phase3_status_value|{cid}").set_value("analysis_in_progress")
    at.text_area(key=f"phase3_status_reason|{cid}").input("Sendt til analyse.")
    submit(at, SAVE_STATUS)
    at.text_area(key=f"phase3_rationale|{cid}").input("Én fælles funktion.")
    at.selectbox(key=f"phase3_vehicle|{cid}").set_value("host_municipality")
    at.selectbox(key=f"phase3_host|{cid}").set_value(candidate.coalition[0])
    at.text_input(key=f"phase3_basis|{cid}").input("Hjemmel (eksempel)")
    at.selectbox(key=f"phase3_key|{cid}").set_value("equal")
    submit(at, SAVE_ANALYSIS)
    # Each coalition municipality's one-off cost and gain, typed into the table.
    edit_table(
        at,
        f"phase3_figures_table|{cid}",
        {
            i: {"expected_gain": 400_000 + 100_000 * i, "one_off_cost": 600_000}
            for i in range(len(candidate.coalition))
        },
    )
    submit(at, SAVE_FIGURES)
    assert "Tallene er gemt." in [s.value for s in at.success]
    at.radio(key=f"phase3_status_value|{cid}").set_value("recommended")
    at.text_area(key=f"phase3_status_reason|{cid}").input("Positiv business case.")
    submit(at, SAVE_STATUS)
    assert "Status er nu «Anbefalet»." in [s.value for s in at.success], [e.value for e in at.error]
    for municipality in candidate.coalition:
        as_user(at, f"{_code(municipality)}.sekretariat")
        at.radio(key=f"phase3_join_value|{cid}").set_value("joins")
        at.text_input(key=f"phase3_join_committee|{cid}").input("Byrådet")
        submit(at, SAVE_JOIN)
    as_user(at, PROJECT_GROUP)
    at.radio(key=f"phase3_status_value|{cid}").set_value("established")
    at.text_area(key=f"phase3_status_reason|{cid}").input("Alle har tiltrådt.")
    submit(at, SAVE_STATUS)
    log = read_events(open_store())
    assert state.status(log, cid).value == "established"
    assert state.joined(log, candidate) == list(candidate.coalition)
    entered, _record = state.figures(log, candidate)
    assert [f.one_off_cost for f in entered] == [600_000] * len(candidate.coalition)

    follow = as_user(open_page(page_paths.FOLLOW_UP), PROJECT_GROUP)
    follow.selectbox(key="follow_up_operation").set_value(cid).run()
    follow.text_input(key=f"p3a_sup|{cid}").input(f"{candidate.coalition[0]} Kommune")
    edit_table(
        follow,
        f"p3a_services|{cid}",
        {},
        [{"name": "Sagsbehandling", "quality": "Svar inden 10 dage", "pricing_type": "B"}],
    )
    submit(follow, SAVE_AGREEMENT)
    assert "Serviceaftalen er gemt." in [s.value for s in follow.success], [
        e.value for e in follow.error
    ]
    terms = state.agreement(read_events(open_store()), cid).details
    assert terms["services"][0]["name"] == "Sagsbehandling"
    assert terms["services"][0]["pricing_type"] == "B"
    assert (terms["surplus_share"], terms["surplus_cap"], terms["notice_months"]) == (0.8, 0.04, 12)


@pytest.mark.parametrize("page", [page_paths.PHASE3_ANALYSES, page_paths.FOLLOW_UP])
def test_each_page_says_what_is_missing(page: str, published, tmp_path, monkeypatch) -> None:
    # No decisions yet: nothing in phase 3, and the page says how a candidate gets there.
    at = open_page(page)
    assert any("endnu" in i.value for i in at.info)
    assert not at.dataframe
    # No gross list at all: the message every page gives.
    monkeypatch.setenv("SCREENING_DB", str(tmp_path / "warehouse.duckdb"))
    at = open_page(page)
    assert [i.value for i in at.info] == [NO_DATA_MESSAGE]
