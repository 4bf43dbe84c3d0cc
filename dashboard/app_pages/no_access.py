"""Ingen adgang: a person logged in whom neither the users file nor the claims give a role."""

from __future__ import annotations

import streamlit as st

from dashboard.shell import identity
from screening.i18n import _

st.title(_("Ingen adgang"))
st.warning(identity.login_problem() or _("Du har ingen rolle i dashboardet."), icon="🔒")
st.button(_("Log ud"), icon=":material/logout:", on_click=st.logout, key="logout_no_access")
