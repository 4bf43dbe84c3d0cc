"""The coalition on «Fase 3»: each municipality's decision to join, and the coalition's comments."""

from __future__ import annotations

from datetime import date

import streamlit as st

from dashboard.phase3 import saving_view as saving
from dashboard.phase3.tables import label
from dashboard.shell import identity
from screening.decisions import rights
from screening.i18n import _
from screening.phase3 import coalition_record
from screening.phase3.state import Phase3Candidate, Record
from screening.vocabulary import (
    JOIN_DECISIONS,
)

SAVE_JOIN = "Registrér beslutningen"
SAVE_COMMENT = "Send kommentaren"


def join_form(candidate: Phase3Candidate, joins: dict[str, Record]) -> None:
    """The user's municipality's own decision to join."""
    user = identity.current_user()
    municipality = user.municipality if user else None
    if saving.refused(rights.PHASE3_JOIN, municipality):
        return
    if municipality not in candidate.coalition and not user.has("administrator"):
        st.info(
            _("{municipality} er ikke i koalitionen, så kommunen træffer ikke beslutning her.")
            .format(municipality=municipality),
            icon="🔒",
        )  # fmt: skip
        return
    cid = candidate.candidate_id
    seen_key = f"phase3_seen|join|{municipality}|{cid}"
    current = joins.get(municipality) or Record()
    version = saving.seen_version(seen_key, current.version)
    with st.form(f"phase3_join|{cid}"):
        st.markdown(_("**{municipality}s beslutning**").format(municipality=municipality))
        value = st.radio(
            _("Beslutning"), saving.options(JOIN_DECISIONS),
            format_func=lambda c: label(JOIN_DECISIONS, c), horizontal=True,
            key=f"phase3_join_value|{cid}",
        )  # fmt: skip
        committee = st.text_input(_("Udvalg eller byråd"), key=f"phase3_join_committee|{cid}")
        meeting = st.date_input(
            _("Mødedato"), value=date.today(), format="DD.MM.YYYY", key=f"phase3_join_date|{cid}"
        )
        comment = st.text_input(_("Bemærkning"), key=f"phase3_join_comment|{cid}")
        if st.form_submit_button(_(SAVE_JOIN), type="primary"):
            saving.save(
                lambda: coalition_record.record_join(
                    saving.engine(),
                    user,
                    candidate,
                    value,
                    committee=committee,
                    meeting_date=meeting,
                    comment=comment,
                    municipality=municipality,
                    expected_version=version,
                ),  # fmt: skip
                _("Gemt for {municipality}: «{value}».").format(
                    municipality=municipality, value=label(JOIN_DECISIONS, value)
                ),
                seen_key,
            )


def comment_form(candidate: Phase3Candidate) -> None:
    user = identity.current_user()
    municipality = user.municipality if user else None
    if saving.refused(rights.PHASE3_COMMENT, municipality):
        return
    if municipality not in candidate.coalition and not user.has("administrator"):
        st.info(
            _("Kun koalitionens kommuner kommenterer analysen ({coalition}).").format(
                coalition=", ".join(candidate.coalition)
            ),
            icon="🔒",
        )
        return
    with st.form(f"phase3_comment|{candidate.candidate_id}", clear_on_submit=True):
        text = st.text_area(
            _("Kommentar fra {municipality}").format(municipality=municipality),
            max_chars=2000,
            key=f"phase3_comment_text|{candidate.candidate_id}",
        )
        if st.form_submit_button(_(SAVE_COMMENT)):
            saving.save(
                lambda: coalition_record.record_comment(saving.engine(), user, candidate, text),
                _("Kommentaren er sendt."),
                None,
            )
