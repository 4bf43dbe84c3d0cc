"""Entry of the dashboard: page settings and navigation over the pages in ``app_pages/``.

Run with ``streamlit run dashboard/streamlit_app.py``. Nothing is read here at import time; each
page resolves the published database itself, so tests can point ``SCREENING_DB`` elsewhere. The
pages, their sections and who sees which are in ``dashboard/shell/audiences.py``.
"""

from __future__ import annotations

import streamlit as st

from dashboard.shell import audiences, identity, language, page_style

st.set_page_config(
    page_title="Driftsfællesskaber – bruttoliste", page_icon=str(page_style.FAVICON), layout="wide"
)
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
navigation.run()
