"""What the phase-3 forms share: the result after a save, the version a user first saw, a
courtesy refusal, and the save itself through :mod:`dashboard.common.forms`.

Every save goes through a phase-3 write (see :mod:`screening.phase3.writes`), which checks the
user's right; a refusal here is a courtesy. Each form remembers the version of the record the
user first saw, so a colleague's change made meanwhile is shown as a conflict and never
overwritten.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from dashboard.common import decision_store, forms
from dashboard.shell import identity

RESULT_KEY = "phase3_result"


def show_result() -> None:
    forms.show_result(RESULT_KEY)


def seen_version(key: str, current: int) -> int:
    """The version shown when the user first saw this record, kept across reruns: a click in
    a form reruns the page, and taking the version afresh would absorb a colleague's change."""
    if key not in st.session_state:
        st.session_state[key] = current
    return st.session_state[key]


def save(write: Callable[[], object], done: str, seen_key: str | None) -> None:
    saves = forms.Saves(RESULT_KEY)
    saved = saves.attempt(write, done=done)
    saves.keep()
    if seen_key and (saved or saves.conflicts):
        st.session_state.pop(seen_key, None)  # the next save is made knowing the change
    st.rerun()


def refused(action: str, municipality: str | None = None) -> bool:
    refusal = identity.refusal(identity.current_user(), action, municipality)
    if refusal:
        st.info(refusal, icon="🔒")
    return bool(refusal)


def options(terms) -> list[str]:
    return [t.code for t in terms]


def engine():
    return decision_store.engine()
