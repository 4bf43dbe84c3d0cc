"""What the four homes share: the greeting, the municipality a home shows, and links onward."""

from __future__ import annotations

import streamlit as st

from dashboard.common import data, safe_text
from dashboard.shell import identity
from screening.decisions.users import User
from screening.i18n import _


def greeting(title: str, purpose: str) -> User | None:
    """The home's title and what it is for; the user it is for (None: read-only)."""
    st.title(title)
    user = identity.current_user()
    if user is not None:
        st.markdown(
            _("Velkommen, {name}.").format(name=safe_text.markdown(user.name)) + " " + purpose
        )
    else:
        st.markdown(purpose)
        st.info(_(identity.READ_ONLY_TEXT), icon="🔒")
    return user


def municipality(key: str) -> str:
    """The municipality the home is about: the user's own, another one only to read."""
    return identity.municipality_picker(data.participating_municipalities(), key)


WELCOME = (
    "Her samler kommunerne deres forslag til mulige driftsfællesskaber i én rangordnet "
    "bruttoliste og følger dem gennem de tre faser, fra screening til et etableret fællesskab. "
    "Vælg en bruger under «Demo-tilstand» øverst i sidepanelet for at begynde; du kommer så til "
    "den rolles forside."
)


def welcome() -> None:
    """What the product is and how to begin, for a visitor who has not picked a user."""
    if identity.current_user() is None and not identity.login_configured():
        st.markdown(_(WELCOME))
