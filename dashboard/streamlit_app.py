"""Entry of the dashboard: page settings and navigation over the pages in ``app_pages/``.

Run with ``streamlit run dashboard/streamlit_app.py``. Nothing is read here at import time; each
page resolves the published database itself, so tests can point ``SCREENING_DB`` elsewhere. The
pages, their sections and who sees which are in ``dashboard/shell/audiences.py``.
"""

from __future__ import annotations

import streamlit as st

from dashboard.common import decision_store
from dashboard.shell import audiences, identity, language, page_style, warm_up
from screening.i18n import _
from screening.operations import startup

st.set_page_config(
    page_title="Driftsfællesskaber – bruttoliste", page_icon=str(page_style.FAVICON), layout="wide"
)
# Before anything reads the login cookie or draws a page: a guessable cookie secret would let
# anyone sign a login for anyone, and an open demo lets anyone pick any user.
problem = identity.startup_problem()
if problem:
    st.title(startup.REFUSAL_TITLE)
    st.error(problem, icon="🛑")
    st.stop()
language.choose()  # before any page draws, so its texts are in the reader's language
page_style.apply()

# Who the user is decides the menu and the home page (dashboard/shell/audiences.py); in demo mode
# the sidebar's picker, after a login the identity provider's claims (dashboard/shell/identity.py).
# The picker comes first, in the entry, so the chosen user sits at the top of the sidebar and
# follows the reader from page to page.
login_mode = identity.login_configured()
identity.sidebar()
user = identity.current_user()
navigation = audiences.navigation(login_mode, user, identity.login_problem())
if identity.chosen_just_now() and user is not None and navigation.url_path == "":
    # A user picked on the first page opens that role's home.
    st.switch_page((audiences.homes_for(user) or [navigation])[0])
if identity.demo_is_open():
    st.warning(_(startup.DEMO_BANNER), icon="⚠️")
# A store restored from an older backup must not pass for the newest: the project group, who
# can have the missing decisions recorded again, is told on every page.
project_group = user and (user.has("projektgruppe") or user.has("administrator"))
if project_group and (backwards := decision_store.went_backwards()):
    st.error(backwards, icon="⏪")
try:
    navigation.run()
finally:
    # Once the first page is drawn, the modules of the other pages are imported in the
    # background (once per process), so the next page does not wait for them.
    warm_up.start()
