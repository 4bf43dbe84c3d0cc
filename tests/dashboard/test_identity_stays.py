"""The demo user stays who they are: across page changes, after a reload (the address keeps
them), and picking one on the first page opens that role's home. A visitor without a user is
told what the product is and how to begin."""

from __future__ import annotations

from app_runner import open_page, texts
from dashboard_sample_round import APP, ScreeningRun
from streamlit.testing.v1 import AppTest

from dashboard.shell import page_paths
from dashboard.shell.homes import WELCOME
from dashboard.shell.identity import READ_ONLY_TEXT, USER_KEY, USER_PARAM

DIRECTOR = "haderslev.direktion"


def test_a_visitor_is_told_what_this_is_and_picking_a_user_opens_their_home(
    published: ScreeningRun,
) -> None:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert WELCOME in [m.value for m in at.markdown]
    assert WELCOME.count(". ") + WELCOME.endswith(".") == 2  # two sentences
    assert at.title[0].value == "Overblik"

    at.selectbox(key=USER_KEY).set_value(DIRECTOR).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Direktionens forside"
    assert "Velkommen, Anders Fog." in texts(at)
    assert at.query_params[USER_PARAM] == DIRECTOR
    assert WELCOME not in [m.value for m in at.markdown]


def test_the_user_survives_a_page_change_and_a_reload(published: ScreeningRun) -> None:
    at = open_page(page_paths.GROSS_LIST)
    at.selectbox(key=USER_KEY).set_value(DIRECTOR).run()
    assert at.title[0].value == "Bruttoliste"  # picked on another page: the reader stays there
    # Opening a candidate (what a row click does) and going on to the priorities.
    at.switch_page(page_paths.CANDIDATE).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key=USER_KEY).value == DIRECTOR
    at.switch_page(page_paths.PRIORITIES).run()
    assert at.selectbox(key=USER_KEY).value == DIRECTOR
    assert READ_ONLY_TEXT not in [i.value for i in at.info]

    # A reload is a new session with only the address: it still knows the director.
    reloaded = AppTest.from_file(str(APP), default_timeout=60)
    reloaded.query_params[USER_PARAM] = DIRECTOR
    reloaded.run()
    reloaded.switch_page(page_paths.PRIORITIES).run()
    assert not reloaded.exception, [e.value for e in reloaded.exception]
    assert reloaded.selectbox(key=USER_KEY).value == DIRECTOR
    assert READ_ONLY_TEXT not in [i.value for i in reloaded.info]
    assert reloaded.data_editor  # the director's table, editable

    # «Ingen» takes the user out of the address again.
    reloaded.selectbox(key=USER_KEY).set_value("").run()
    assert USER_PARAM not in reloaded.query_params
    assert READ_ONLY_TEXT in [i.value for i in reloaded.info]
