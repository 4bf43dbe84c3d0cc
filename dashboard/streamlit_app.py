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
login_mode = identity.login_configured()
navigation = audiences.navigation(login_mode, identity.current_user(), identity.login_problem())
# In the entry, so the chosen user follows the reader from page to page.
identity.sidebar()
navigation.run()
