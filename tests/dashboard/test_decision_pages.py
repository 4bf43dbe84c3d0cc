"""AppTest runs of phases 1–2 as recorded decisions: Prioritering, Fastfrosne lister, Politiske
beslutninger, and the phase status they feed on Bruttoliste, Kandidat, Overblik and Indsats og
værdi.

Every test has an empty SQLite decision store of its own (``conftest.decision_store``); the
pages write to it through the real domain functions, and the tests read it back with the same
functions the Dagster assets use. Users are the sample ``config/users.toml``.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import polars as pl
import pytest
from app_runner import figure, open_page, texts
from dashboard_sample_round import ScreeningRun
from streamlit.testing.v1 import AppTest

from dashboard.decisions import phase_tables, priority_table, snapshot_tables
from dashboard.decisions.priority_table import PHASE1_MUNICIPALITY_KEY, PRIORITY_SAVE_LABEL
from dashboard.decisions.snapshot_tables import (
    CANDIDATE_KEY,
    COMMITTEE_KEY,
    DECISION_KEY,
    FREEZE_LABEL,
    PHASE2_MUNICIPALITY_KEY,
    POLITICAL_SAVE_LABEL,
    SNAPSHOT_LABEL_KEY,
)
from dashboard.ranking import tables, value_effort
from dashboard.shell import page_paths
from dashboard.shell.identity import READ_ONLY_TEXT, USER_KEY
from screening import store
from screening.decisions import state
from screening.decisions.store import open_store, read_events, read_snapshots

DIRECTOR = "aabenraa.direktion"  # Søren Kjær
OTHER_DIRECTOR = "haderslev.direktion"  # Anders Fog
PROJECT_GROUP = "haderslev.projektgruppe"  # Karen Holm
COMMITTEE = "toender.koordinationsudvalg"  # Niels Høj: reads everything, writes nothing


def as_user(at: AppTest, user_id: str) -> AppTest:
    at.selectbox(key=USER_KEY).set_value(user_id).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def editor(at: AppTest):
    (table,) = at.data_editor
    return table


def edit_priorities(at: AppTest, edits: dict[int, dict[str, str]]) -> None:
    """What a director does in the table: change cells, then press «Gem prioriteringer»."""
    key = editor(at).key
    at.session_state[key] = {"edited_rows": edits, "added_rows": [], "deleted_rows": []}
    button(at, PRIORITY_SAVE_LABEL).click().run()
    assert not at.exception, [e.value for e in at.exception]


def priorities_now() -> pl.DataFrame:
    return state.priorities(read_events(open_store()))


def table_with(at: AppTest, header: str) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if header in d.value.columns)


def row_of(table: pd.DataFrame, title: str) -> pd.Series:
    return table.loc[table[tables.TITLE_HEADER] == title].iloc[0]


# --- Demo mode and phase 1 ------------------------------------------------------------------------


def test_without_a_chosen_user_the_pages_only_read(published: ScreeningRun) -> None:
    at = open_page(page_paths.PRIORITIES)
    assert at.selectbox(key=USER_KEY).label == "Demo-tilstand: vælg bruger"
    assert "Demo-tilstand" in [s.value for s in at.sidebar.subheader]
    assert READ_ONLY_TEXT in [i.value for i in at.info]
    assert not at.data_editor
    assert PRIORITY_SAVE_LABEL not in [b.label for b in at.button]
    # Still the whole list to read, in rank order.
    assert at.dataframe[0].value[tables.TITLE_HEADER].tolist() == (
        published.gross_list["title"].to_list()
    )


def test_director_records_a_priority_and_it_shows_in_the_phase_status(
    published: ScreeningRun,
) -> None:
    top = published.top
    at = as_user(open_page(page_paths.PRIORITIES), DIRECTOR)
    assert at.selectbox(key=PHASE1_MUNICIPALITY_KEY).value == "Aabenraa"
    seen = editor(at).value
    assert seen[tables.TITLE_HEADER].tolist() == published.gross_list["title"].to_list()
    assert row_of(seen, top["title"])[priority_table.PROPOSED_HEADER] == priority_table.OWN_PROPOSAL

    edit_priorities(
        at, {0: {"Prioritet": "Høj", "Kommentar": "Klar gevinst; to ledige stillinger"}}
    )
    assert any("Gemt: 1 prioritering" in s.value for s in at.success)
    shown = row_of(editor(at).value, top["title"])
    assert shown["Prioritet"] == "Høj"
    assert shown["Kommentar"] == "Klar gevinst; to ledige stillinger"
    assert shown[priority_table.CHANGED_BY_HEADER] == "Søren Kjær"
    assert re.fullmatch(
        r"\d\d\.\d\d\.\d{4} kl\. \d\d\.\d\d", shown[priority_table.CHANGED_AT_HEADER]
    )
    stored = priorities_now()
    assert stored.select("municipality", "candidate_id", "priority").rows() == [
        ("Aabenraa", top["candidate_id"], "high")
    ]

    # Without a pipeline run, on every page: Bruttoliste …
    at.switch_page(page_paths.GROSS_LIST).run()
    listed = row_of(at.dataframe[0].value, top["title"])
    assert listed[phase_tables.PRIORITISED_HEADER] == "Aabenraa (Høj)"
    assert listed[phase_tables.PHASE_HEADER] == "Fase 1"
    # … and Kandidat, with the audit trail.
    at.switch_page(page_paths.CANDIDATE).run()
    history = table_with(at, "Af")
    assert history[["Hvad", "Kommune", "Fra", "Til", "Af"]].values.tolist() == [
        ["Prioritering (fase 1)", "Aabenraa", "–", "Høj", "Søren Kjær (Direktion)"]
    ]
    side_by_side = table_with(at, "Prioritet (fase 1)")
    assert dict(zip(side_by_side["Kommune"], side_by_side["Prioritet (fase 1)"], strict=True)) == {
        "Aabenraa": "Høj",
        "Haderslev": "–",
        "Sønderborg": "–",
        "Tønder": "–",
    }


def test_a_director_cannot_prioritise_for_another_municipality(published: ScreeningRun) -> None:
    at = as_user(open_page(page_paths.PRIORITIES), OTHER_DIRECTOR)
    assert at.selectbox(key=PHASE1_MUNICIPALITY_KEY).value == "Haderslev"
    at.selectbox(key=PHASE1_MUNICIPALITY_KEY).set_value("Aabenraa").run()
    refusal = (
        "Anders Fog må ikke registrere direktionens prioriteringer for Aabenraa, kun for Haderslev."
    )
    assert refusal in [i.value for i in at.info]
    assert not at.data_editor and PRIORITY_SAVE_LABEL not in [b.label for b in at.button]

    # The hidden button is a courtesy; the write function decides. Aabenraa's director has the
    # table open with an edit pending when the session turns into Haderslev's director.
    at = as_user(open_page(page_paths.PRIORITIES), DIRECTOR)
    at.session_state[USER_KEY] = OTHER_DIRECTOR
    edit_priorities(at, {0: {"Prioritet": "Høj"}})
    assert any(
        "Anders Fog må ikke registrere direktionens prioriteringer for Aabenraa" in e.value
        for e in at.error
    )
    assert not any("Gemt" in s.value for s in at.success)
    assert read_events(open_store()).is_empty()


def test_a_concurrent_change_is_not_overwritten(published: ScreeningRun) -> None:
    top = published.top
    mine = as_user(open_page(page_paths.PRIORITIES), DIRECTOR)
    # Meanwhile the administrator, in another browser, sets Aabenraa's priority to «Lav».
    theirs = as_user(open_page(page_paths.PRIORITIES), "admin")
    theirs.selectbox(key=PHASE1_MUNICIPALITY_KEY).set_value("Aabenraa").run()
    edit_priorities(theirs, {0: {"Prioritet": "Lav"}})
    assert any("Gemt: 1 prioritering" in s.value for s in theirs.success)

    edit_priorities(mine, {0: {"Prioritet": "Høj"}})
    (conflict,) = [e.value for e in mine.error]
    assert "Ikke gemt" in conflict and "Administrator" in conflict and "«Lav»" in conflict
    assert not any("Gemt:" in s.value for s in mine.success)
    # Nothing overwritten: the store and the page both show the other person's value.
    assert priorities_now()["priority"].to_list() == ["low"]
    assert row_of(editor(mine).value, top["title"])["Prioritet"] == "Lav"

    # Having seen it, the director may still change it: now on top of «Lav».
    edit_priorities(mine, {0: {"Prioritet": "Høj"}})
    assert any("Gemt: 1 prioritering" in s.value for s in mine.success)
    assert priorities_now()["priority"].to_list() == ["high"]


# --- Fastfrosne lister ----------------------------------------------------------------------------


def freeze(at: AppTest, label: str) -> AppTest:
    at.text_input(key=SNAPSHOT_LABEL_KEY).input(label)
    button(at, FREEZE_LABEL).click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_project_group_freezes_the_gross_list(published: ScreeningRun) -> None:
    n = published.gross_list.height
    at = as_user(open_page(page_paths.SNAPSHOTS), COMMITTEE)
    assert any("Niels Høj må ikke fastfryse bruttolisten" in i.value for i in at.info)
    assert FREEZE_LABEL not in [b.label for b in at.button]

    at = freeze(as_user(at, PROJECT_GROUP), "Forelagt KU 12. marts")
    assert any("Bruttolisten er fastfrosset" in s.value for s in at.success)
    listed = table_with(at, "Fastfrosset")
    assert listed[["Navn", "Af", "Kandidater"]].values.tolist() == [
        ["Forelagt KU 12. marts", "Karen Holm", n]
    ]
    (snapshot,) = read_snapshots(open_store())
    assert snapshot["label"] == "Forelagt KU 12. marts" and snapshot["n_candidates"] == n
    # Compared with today's list nothing has moved yet.
    comparison = table_with(at, snapshot_tables.MOVE_HEADER)
    assert set(comparison[snapshot_tables.MOVE_HEADER]) == {"uændret"}
    assert "0 kandidater har skiftet plads" in texts(at)


def test_an_empty_name_is_refused(published: ScreeningRun) -> None:
    at = freeze(as_user(open_page(page_paths.SNAPSHOTS), PROJECT_GROUP), "  ")
    assert any("Giv den fastfrosne liste et navn" in e.value for e in at.error)
    assert read_snapshots(open_store()) == []


# --- The whole cycle ------------------------------------------------------------------------------


def decide(at: AppTest, user_id: str, candidate_id: str, decision: str, committee: str) -> AppTest:
    """What a committee secretary does: pick the candidate, the decision and the committee."""
    as_user(at, user_id)
    at.selectbox(key=CANDIDATE_KEY).set_value(candidate_id).run()  # the form shows its decision
    at.radio(key=DECISION_KEY).set_value(decision)
    at.text_input(key=COMMITTEE_KEY).input(committee)
    button(at, POLITICAL_SAVE_LABEL).click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_a_full_cycle_from_priorities_to_the_phase3_list(published: ScreeningRun) -> None:
    gross_list = published.gross_list
    top = published.top
    n = gross_list.height

    # Phase 1: two directorates prioritise the top candidate.
    at = as_user(open_page(page_paths.PRIORITIES), DIRECTOR)
    edit_priorities(at, {0: {"Prioritet": "Høj"}})
    as_user(at, OTHER_DIRECTOR)
    edit_priorities(at, {0: {"Prioritet": "Middel"}, 1: {"Prioritet": "Fravalgt"}})
    assert any("Gemt: 2 prioriteringer" in s.value for s in at.success)

    # Before a frozen list there is nothing to decide politically.
    at.switch_page(page_paths.POLITICAL).run()
    assert any("Der er ingen fastfrosset bruttoliste endnu" in i.value for i in at.info)

    # The project group freezes the list as presented.
    at.switch_page(page_paths.SNAPSHOTS).run()
    freeze(as_user(at, PROJECT_GROUP), "Forelagt KU 12. marts")

    # Phase 2: Aabenraa and Haderslev want to go on, Tønder does not.
    at.switch_page(page_paths.POLITICAL).run()
    assert "Forelagt KU 12" in " ".join(c.value for c in at.caption)
    decide(
        at, "aabenraa.sekretariat", top["candidate_id"], "Ønsker at gå videre", "Økonomiudvalget"
    )
    assert any("Gemt for Aabenraa" in s.value for s in at.success)
    assert at.selectbox(key=PHASE2_MUNICIPALITY_KEY).value == "Aabenraa"
    decide(at, "toender.sekretariat", top["candidate_id"], "Ønsker ikke", "Økonomiudvalget")
    metric = next(m for m in at.metric if m.label.startswith("Kandidater med mindst to"))
    assert metric.value == f"0 af {n}"
    decide(
        at, "haderslev.sekretariat", top["candidate_id"], "Ønsker at gå videre", "Økonomiudvalget"
    )
    metric = next(m for m in at.metric if m.label.startswith("Kandidater med mindst to"))
    assert metric.value == f"1 af {n}"
    own = table_with(at, snapshot_tables.COMMITTEE_HEADER)
    assert row_of(own, top["title"])[snapshot_tables.DECISION_HEADER] == "Ønsker at gå videre"
    assert row_of(own, top["title"])[snapshot_tables.RECORDED_BY_HEADER] == "Birthe Sønderby"
    chosen = next(
        d.value
        for d in at.dataframe
        if list(d.value.columns) == ["Nr.", "Forslag", "Vil gå videre"]
    )
    assert chosen.values.tolist() == [[1, top["title"], "Aabenraa, Haderslev"]]
    coordinated = table_with(at, snapshot_tables.ADVANCES_HEADER)
    first = row_of(coordinated, top["title"])
    assert [first[m] for m in ("Aabenraa", "Haderslev", "Sønderborg", "Tønder")] == [
        "Ønsker at gå videre",
        "Ønsker at gå videre",
        "–",
        "Ønsker ikke",
    ]
    assert first[snapshot_tables.ADVANCES_HEADER] == snapshot_tables.ADVANCES_FLAG

    # Overblik's funnel counts it: 1 prioritised (the opt-out does not count), 1 selected
    # politically, 1 in analysis.
    at.switch_page(page_paths.OVERVIEW).run()
    funnel = figure(at, 4)["data"][0]
    assert funnel["y"] == [label for _, label in state.FUNNEL_STAGES]
    assert funnel["x"] == [n, 1, 1, 1, 0]

    # Bruttoliste: the candidate is in phase 3 with its coalition.
    at.switch_page(page_paths.GROSS_LIST).run()
    listed = row_of(at.dataframe[0].value, top["title"])
    assert listed[phase_tables.PHASE_HEADER] == "Fase 3"
    assert listed[phase_tables.COALITION_HEADER] == "Aabenraa, Haderslev"
    assert listed[phase_tables.DECIDED_HEADER] == (
        "Aabenraa (Ønsker at gå videre), Haderslev (Ønsker at gå videre), Tønder (Ønsker ikke)"
    )

    # Indsats og værdi now counts the willing municipalities, and says so.
    at.switch_page(page_paths.VALUE_EFFORT).run()
    assert value_effort.willing_method_text() in [i.value for i in at.info]
    assert "når mindst to kommuner har besluttet" in value_effort.willing_method_text()
    selected = at.dataframe[0].value
    assert selected[tables.TITLE_HEADER].tolist() == [top["title"]]
    assert selected[value_effort.WILLING_HEADER].tolist() == [2]
    held_back = row_of(at.dataframe[1].value, gross_list["title"][1])
    assert held_back[value_effort.REASON_HEADER].startswith("Ingen kommuner har besluttet")


# --- What moved, and what a regrouping made ambiguous --------------------------------------------


def published_copy(run: ScreeningRun, folder: Path, monkeypatch, *sql: str) -> None:
    """Point the app at a changed copy of the round's published file (a later pipeline run)."""
    warehouse = folder / "warehouse.duckdb"
    target = store.published_path(warehouse)
    shutil.copy(run.published, target)
    with store.connect(target) as con:
        for statement in sql:
            con.execute(statement)
    monkeypatch.setenv("SCREENING_DB", str(warehouse))


def test_a_snapshot_is_compared_with_a_later_list(
    published: ScreeningRun, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second, last = (published.gross_list.row(i, named=True) for i in (0, 1, -1))
    freeze(as_user(open_page(page_paths.SNAPSHOTS), PROJECT_GROUP), "Forelagt KU 12. marts")
    # The next run swaps the first two and drops the last candidate; a new one arrives.
    published_copy(
        published,
        tmp_path,
        monkeypatch,
        "UPDATE gross_list SET rank = CASE rank WHEN 1 THEN 2 WHEN 2 THEN 1 ELSE rank END",
        f"UPDATE gross_list SET candidate_id = 'K-ny', title = 'Ny kandidat' "
        f"WHERE rank = {last['rank']}",
    )
    at = open_page(page_paths.SNAPSHOTS)
    comparison = table_with(at, snapshot_tables.MOVE_HEADER)
    moves = dict(
        zip(comparison[tables.TITLE_HEADER], comparison[snapshot_tables.MOVE_HEADER], strict=True)
    )
    assert moves[first["title"]] == "▼ 1"
    assert moves[second["title"]] == "▲ 1"
    assert moves["Ny kandidat"] == snapshot_tables.ENTERED
    assert moves[last["title"]] == snapshot_tables.LEFT
    assert comparison[tables.TITLE_HEADER].iloc[-1] == last["title"]  # what left comes last
    assert "2 kandidater har skiftet plads · 1 ny · 1 udgået" in texts(at)


def test_a_regrouping_makes_a_decision_need_attention(
    published: ScreeningRun, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    top = published.top
    at = as_user(open_page(page_paths.PRIORITIES), DIRECTOR)
    edit_priorities(at, {0: {"Prioritet": "Høj"}})
    # A later run merges the top candidate into another: its tasks now sit under a new id.
    published_copy(
        published,
        tmp_path,
        monkeypatch,
        f"UPDATE gross_list SET candidate_id = 'K-samlet', title = 'Løn og personale samlet' "
        f"WHERE candidate_id = '{top['candidate_id']}'",
    )
    at.switch_page(page_paths.OVERVIEW).run()
    assert any("Én beslutning gælder en kandidat" in w.value for w in at.warning)
    attention = table_with(at, "Hvorfor")
    assert attention[
        ["Kommune", "Hvad", "Beslutning", "Opgaverne hører nu til"]
    ].values.tolist() == [["Aabenraa", "Prioritering (fase 1)", "Høj", "Løn og personale samlet"]]
    assert attention["Hvorfor"].iloc[0].startswith("Kandidaten findes ikke længere")
    # The directorate sees it on its own page too, and the new candidate is not prioritised.
    at.switch_page(page_paths.PRIORITIES).run()
    assert "Kræver opmærksomhed" in [s.value for s in at.subheader]
    assert row_of(editor(at).value, "Løn og personale samlet")["Prioritet"] == "Ikke prioriteret"


def test_a_concurrent_political_decision_is_not_overwritten(published: ScreeningRun) -> None:
    top = published.top
    at = freeze(as_user(open_page(page_paths.SNAPSHOTS), PROJECT_GROUP), "Forelagt KU 12. marts")
    at.switch_page(page_paths.POLITICAL).run()
    as_user(at, "aabenraa.sekretariat")
    assert "Aabenraa har ikke registreret en beslutning" in " ".join(t.value for t in at.text)
    # Meanwhile the administrator records Aabenraa's decision in another browser.
    other = as_user(open_page(page_paths.POLITICAL), "admin")
    other.selectbox(key=PHASE2_MUNICIPALITY_KEY).set_value("Aabenraa").run()
    decide(other, "admin", top["candidate_id"], "Ønsker ikke", "Byrådet")
    assert any("Gemt for Aabenraa" in s.value for s in other.success)

    at.radio(key=DECISION_KEY).set_value("Ønsker at gå videre")
    at.text_input(key=COMMITTEE_KEY).input("Økonomiudvalget")
    button(at, POLITICAL_SAVE_LABEL).click().run()
    (conflict,) = [e.value for e in at.error]
    assert "Ikke gemt" in conflict and "Administrator" in conflict and "«Ønsker ikke»" in conflict
    decided = state.political_decisions(read_events(open_store()))
    assert decided.select("municipality", "decision", "committee").rows() == [
        ("Aabenraa", "decline", "Byrådet")
    ]


def test_a_colleagues_decision_is_not_absorbed_by_clicks_in_the_form(
    published: ScreeningRun,
) -> None:
    """In a browser every click in the form reruns the page; the version the secretary saw must
    stay the one of when the candidate was opened, or the save would overwrite the colleague."""
    top = published.top
    at = freeze(as_user(open_page(page_paths.SNAPSHOTS), PROJECT_GROUP), "Forelagt KU 12. marts")
    at.switch_page(page_paths.POLITICAL).run()
    as_user(at, "aabenraa.sekretariat")
    other = as_user(open_page(page_paths.POLITICAL), "admin")
    other.selectbox(key=PHASE2_MUNICIPALITY_KEY).set_value("Aabenraa").run()
    decide(other, "admin", top["candidate_id"], "Ønsker ikke", "Byrådet")
    # The secretary's clicks, each a rerun, after the colleague saved.
    at.radio(key=DECISION_KEY).set_value("Ønsker at gå videre").run()
    at.text_input(key=COMMITTEE_KEY).input("Økonomiudvalget").run()
    button(at, POLITICAL_SAVE_LABEL).click().run()
    assert any("«Ønsker ikke»" in e.value for e in at.error)
    decided = state.political_decisions(read_events(open_store()))
    assert decided["decision"].to_list() == ["decline"]
    # Having seen the colleague's decision, the secretary may now change it knowingly.
    at.radio(key=DECISION_KEY).set_value("Ønsker at gå videre").run()
    button(at, POLITICAL_SAVE_LABEL).click().run()
    assert any("Gemt for Aabenraa" in s.value for s in at.success)
    decided = state.political_decisions(read_events(open_store()))
    assert decided["decision"].to_list() == ["proceed"]


def test_the_gross_list_still_shows_when_the_decision_store_is_down(
    published: ScreeningRun, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Nothing listens on port 9: the store cannot be reached.
    monkeypatch.setenv("SCREENING_DECISIONS_URL", "postgresql+psycopg://nobody@127.0.0.1:9/none")
    at = open_page(page_paths.GROSS_LIST)
    assert at.dataframe[0].value[tables.TITLE_HEADER].tolist() == (
        published.gross_list["title"].to_list()
    )
    assert phase_tables.PHASE_HEADER not in at.dataframe[0].value.columns
    (warning,) = [w.value for w in at.warning]
    assert warning.startswith("Beslutningsdatabasen kan ikke åbnes")
    assert "bruttolisten vises, som den er udgivet" in warning
    # A page that writes decisions says why it cannot, and shows no table to edit.
    at = open_page(page_paths.PRIORITIES)
    assert any(e.value.startswith("Beslutningsdatabasen kan ikke åbnes") for e in at.error)
    assert not at.data_editor
