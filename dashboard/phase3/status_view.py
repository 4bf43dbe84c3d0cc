"""The phase-3 status form: the next step of a candidate's status, with why."""

from __future__ import annotations

import streamlit as st

from dashboard.phase3 import saving_view as saving
from dashboard.phase3.tables import label
from dashboard.shell import identity
from screening.decisions import rights
from screening.i18n import _
from screening.phase3 import record
from screening.phase3.state import Phase3Candidate, Record
from screening.vocabulary import (
    PHASE3_STATUSES,
    PHASE3_TRANSITIONS,
)

SAVE_STATUS = "Skift status"


def status_form(candidate: Phase3Candidate, current: Record) -> None:
    """The next step of the status, with why."""
    if saving.refused(rights.PHASE3):
        return
    allowed = PHASE3_TRANSITIONS.get(current.value, ())
    if not allowed:
        st.caption(_("Status er endelig."))
        return
    seen_key = f"phase3_seen|status|{candidate.candidate_id}"
    version = saving.seen_version(seen_key, current.version)
    with st.form(f"phase3_status|{candidate.candidate_id}"):
        value = st.radio(
            _("Ny status"),
            list(allowed),
            format_func=lambda c: label(PHASE3_STATUSES, c),
            horizontal=True,
            key=f"phase3_status_value|{candidate.candidate_id}",
        )
        reason = st.text_area(
            _("Hvorfor (møde, beslutning, begrundelse)"),
            max_chars=2000,
            key=f"phase3_status_reason|{candidate.candidate_id}",
        )
        if st.form_submit_button(_(SAVE_STATUS), type="primary"):
            saving.save(
                lambda: record.record_status(
                    saving.engine(),
                    identity.current_user(),
                    candidate,
                    value,
                    reason,
                    expected_version=version,
                ),  # fmt: skip
                _("Status er nu «{status}».").format(status=label(PHASE3_STATUSES, value)),
                seen_key,
            )
