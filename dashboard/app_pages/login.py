"""Log ind: the first page without a login, when an identity provider is configured.

The login itself is Streamlit's OIDC flow (``st.login``): the municipality's identity provider
(Microsoft Entra ID in production) asks who the person is and sends them back here, and
``dashboard/shell/identity.py`` reads their municipality and roles.
"""

from __future__ import annotations

import streamlit as st

from screening.i18n import _

st.title(_("Driftsfællesskaber – bruttoliste"))
st.markdown(
    _(
        "Log ind med din kommunes konto for at se bruttolisten og arbejde med den. Efter "
        "login ser du forsiden for din rolle: projektgruppe, direktion, udvalgssekretariat "
        "eller koordinationsudvalg."
    )
)
st.button(_("Log ind"), type="primary", icon=":material/login:", on_click=st.login, key="login")
