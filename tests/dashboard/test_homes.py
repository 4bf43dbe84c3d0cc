"""The four audiences' homes and menus, in AppTest (demo mode: the user picked in the sidebar).

What each home shows is read back against the published sample round and decisions written to
the test's own store through the real domain functions.
"""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import polars as pl
import pytest
from app_runner import open_page, texts
from dashboard_sample_round import ScreeningRun
from streamlit.testing.v1 import AppTest

from dashboard.decisions import priority_table, snapshot_tables
from dashboard.ranking import tables
from dashboard.recompute import runner
from dashboard.shell import audiences, page_paths
from dashboard.shell.identity import READ_ONLY_TEXT, USER_KEY
from screening.config import load_screening_config
from screening.decisions import state
from screening.decisions.record import find_candidate, freeze_snapshot, record_political_decision
from screening.decisions.store import open_store, read_events
from screening.decisions.users import load_users
from screening.i18n import catalogue

USERS = load_users(load_screening_config())


def as_user(at: AppTest, user_id: str) -> AppTest:
    at.selectbox(key=USER_KEY).set_value(user_id).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def titles(user_id: str) -> list[str]:
    return [
        audiences.PAGES[path].title
        for _section, paths in audiences.menu(USERS[user_id])
        for path in paths
    ]


def test_each_role_is_shown_the_pages_it_uses_and_its_own_home_first() -> None:
    director = titles("haderslev.direktion")
    assert director[0] == "Direktionens forside"
    assert "Prioritering" in director
    assert {"Sammenkobling", "Indsend skabelon", "Politiske beslutninger"}.isdisjoint(director)

    secretary = titles("haderslev.sekretariat")
    assert secretary[0] == "Sekretariatets forside"
    assert "Politiske beslutninger" in secretary
    assert {"Prioritering", "Sammenkobling", "Vægte"}.isdisjoint(secretary)

    project_group = titles("haderslev.projektgruppe")
    assert project_group[0] == "Projektgruppens forside"
    assert {"Indsend skabelon", "Datakvalitet", "Sammenkobling", "Fastfrosne lister"} <= set(
        project_group
    )
    assert "Prioritering" not in project_group

    committee = titles("toender.koordinationsudvalg")
    assert committee[0] == "Koordinationsudvalgets forside"
    assert {"Indsend skabelon", "Prioritering", "Sammenkobling"}.isdisjoint(committee)

    administrator = titles("admin")
    assert administrator[:4] == [
        "Projektgruppens forside",
        "Direktionens forside",
        "Sekretariatets forside",
        "Koordinationsudvalgets forside",
    ]
    assert len(administrator) == len(audiences.PAGES) - 2  # all but login and «ingen adgang»


def test_the_project_groups_home_lists_the_files_the_waiting_matches_and_the_recompute(
    published: ScreeningRun,
) -> None:
    at = as_user(open_page(page_paths.HOME_PROJECT_GROUP), "haderslev.projektgruppe")
    shown = texts(at)
    assert "Velkommen, Karen Holm." in shown
    files = at.dataframe[0].value
    assert set(files["Kommune"]) == {"Aabenraa", "Haderslev", "Sønderborg", "Tønder"}
    # The sample's cleaning tasks are alike enough to wait for the project group's review.
    assert "par af opgaver venter på jeres afgørelse" in shown
    start = next(b for b in at.button if b.label == runner.BUTTON_LABEL)
    assert not start.disabled
    assert "Bruttolisten er ikke fastfrosset endnu." in [i.value for i in at.info]


def test_only_the_project_group_may_recompute(published: ScreeningRun) -> None:
    at = as_user(open_page(page_paths.HOME_PROJECT_GROUP), "haderslev.direktion")
    start = next(b for b in at.button if b.label == runner.BUTTON_LABEL)
    assert start.disabled
    assert any("må ikke genberegne bruttolisten" in i.value for i in at.info)


def test_the_directors_home_shows_own_candidates_and_those_to_join(
    published: ScreeningRun,
) -> None:
    at = as_user(open_page(page_paths.HOME_DIRECTOR), "haderslev.direktion")
    gross_list = published.gross_list
    own = gross_list.filter(pl.col("municipalities").list.contains("Haderslev"))
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Egne kandidater"] == str(own.height)
    assert metrics["Kandidater, I kan være med i"] == str(gross_list.height - own.height)
    assert metrics["Prioriteret"] == f"0 af {gross_list.height}"
    own_table, others_table = at.dataframe[0].value, at.dataframe[1].value
    assert set(own_table[tables.TITLE_HEADER]) == set(own["title"])
    assert set(own_table[priority_table.PRIORITY_HEADER]) == {priority_table.NOT_SET}
    assert others_table.shape[0] == gross_list.height - own.height


def test_the_secretarys_home_shows_the_committees_decisions(
    published: ScreeningRun, decision_store: str
) -> None:
    engine = open_store(decision_store)
    top = published.top
    freeze_snapshot(
        engine,
        USERS["haderslev.projektgruppe"],
        "Forelagt KU 12. marts",
        published.gross_list,
        state.priorities(read_events(engine)),
    )
    record_political_decision(
        engine,
        USERS["aabenraa.sekretariat"],
        find_candidate(published.gross_list, top["candidate_id"]),
        "ønsker at gå videre",
        committee="Økonomiudvalget",
        meeting_date="2026-03-12",
    )
    at = as_user(open_page(page_paths.HOME_SECRETARY), "aabenraa.sekretariat")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Kandidater, udvalget har besluttet om"] == (
        f"1 af {published.gross_list.height}"
    )
    decisions = at.dataframe[0].value
    row = decisions[decisions[tables.TITLE_HEADER] == top["title"]].iloc[0]
    assert row[snapshot_tables.DECISION_HEADER] == "Ønsker at gå videre"
    assert row[snapshot_tables.COMMITTEE_HEADER] == "Økonomiudvalget"
    assert "Dokumenter til møder" in [s.value for s in at.subheader]


def test_the_committees_home_shows_the_funnel_every_candidate_and_value_against_effort(
    published: ScreeningRun,
) -> None:
    at = as_user(open_page(page_paths.HOME_COMMITTEE), "toender.koordinationsudvalg")
    assert len(at.get("plotly_chart")) == 2  # the funnel and value against effort
    stands = at.dataframe[0].value
    assert list(stands[tables.TITLE_HEADER]) == published.gross_list.sort("rank")["title"].to_list()
    assert set(stands["Fase"]) == {"Fase 1"}  # nothing decided yet
    # The committee writes nothing: no button on its home.
    assert not at.button


@pytest.mark.parametrize(
    "page",
    [
        page_paths.HOME_PROJECT_GROUP,
        page_paths.HOME_DIRECTOR,
        page_paths.HOME_SECRETARY,
        page_paths.HOME_COMMITTEE,
    ],
)
def test_a_home_without_a_user_only_reads(published: ScreeningRun, page: str) -> None:
    at = open_page(page)
    assert READ_ONLY_TEXT in [i.value for i in at.info]


ROOT = Path(__file__).resolve().parents[2]
LOGIN_MODULES = [
    "dashboard/shell/identity.py",
    "dashboard/shell/audiences.py",
    "dashboard/shell/homes.py",
    "dashboard/recompute/runner.py",
    "dashboard/recompute/panel_view.py",
    "dashboard/app_pages/login.py",
    "dashboard/app_pages/no_access.py",
    *(f"dashboard/app_pages/{p.name}" for p in (ROOT / "dashboard/app_pages").glob("home_*.py")),
    "screening/decisions/users.py",
]


def _texts_in(module: str) -> list[str]:
    tree = ast.parse((ROOT / module).read_text(encoding="utf-8"))
    return [
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", None) == "_"
        and node.args
        and isinstance(node.args[0], ast.Constant)
    ]


def test_every_text_of_the_login_and_the_homes_has_its_english() -> None:
    english = catalogue("en")
    texts_ = [t for module in LOGIN_MODULES for t in _texts_in(module)]
    texts_ += [spec.title for spec in audiences.PAGES.values()]
    texts_ += [title for title, _paths in audiences.SECTIONS]
    assert len(texts_) > 60
    assert [t for t in texts_ if t not in english] == []


def test_the_example_secrets_name_every_key_the_login_needs() -> None:
    example = tomllib.loads((ROOT / ".streamlit/secrets.example.toml").read_text("utf-8"))
    assert set(example["auth"]) == {
        "redirect_uri",
        "cookie_secret",
        "client_id",
        "client_secret",
        "server_metadata_url",
    }
    assert example["auth"]["redirect_uri"].endswith("/oauth2callback")
    # Only the example is committed; a real secrets file must stay out of git.
    assert ".streamlit/secrets.toml" in (ROOT / ".gitignore").read_text().splitlines()
