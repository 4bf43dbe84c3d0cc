"""Follow-up on «Opfølgning»: realised gains, cost and staff per municipality and year."""

from __future__ import annotations

from datetime import date

import streamlit as st

from dashboard.phase3 import saving_view as saving
from dashboard.shell import identity
from screening.decisions import rights
from screening.i18n import _
from screening.phase3 import operation_record
from screening.phase3.state import Phase3Candidate, Record

SAVE_FOLLOW_UP = "Gem opfølgningen"


def follow_up_form(
    candidate: Phase3Candidate,
    members: list[str],
    years: list[int],
    recorded: dict[tuple[int, str], Record],
) -> None:
    """A follow-up milestone: the realised gain of one member in one year."""
    if saving.refused(rights.PHASE3):
        return
    cid = candidate.candidate_id
    choices = sorted(set(years) | {max(years, default=date.today().year) + 1})
    # The versions as shown in the previous run, the one the user filled the form in: the run
    # that handles the click reads the log afresh and would absorb a colleague's figure.
    shown_key = f"phase3_seen|follow_up|{cid}"
    shown = st.session_state.get(shown_key)
    st.session_state[shown_key] = {k: r.version for k, r in recorded.items()}
    with st.form(f"phase3_follow_up|{cid}"):
        a, b, c = st.columns(3)
        year = a.selectbox(_("År"), choices, key=f"p3f_year|{cid}", placeholder=_("Vælg"))
        municipality = b.selectbox(
            _("Kommune"), members, key=f"p3f_municipality|{cid}", placeholder=_("Vælg")
        )
        realised = c.number_input(
            _("Realiseret nettogevinst (kr.)"), step=10_000.0, value=None,
            key=f"p3f_realised|{cid}",
        )  # fmt: skip
        d, e = st.columns(2)
        cost = d.number_input(
            _("Realiseret udgift til opgaven (kr.)"), min_value=0.0, step=10_000.0, value=None,
            key=f"p3f_cost|{cid}",
        )  # fmt: skip
        fte = e.number_input(
            _("Realiserede årsværk"), min_value=0.0, step=0.5, value=None, key=f"p3f_fte|{cid}"
        )
        note = st.text_input(_("Note (hvad forklarer afvigelsen)"), key=f"p3f_note|{cid}")
        if st.form_submit_button(_(SAVE_FOLLOW_UP), type="primary"):
            versions = shown if shown is not None else st.session_state[shown_key]
            version = versions.get((year, municipality), 0)
            saving.save(
                lambda: operation_record.record_follow_up(
                    saving.engine(),
                    identity.current_user(),
                    candidate,
                    year=int(year),
                    municipality=municipality,
                    realised_gain=realised,
                    realised_cost=cost,
                    realised_fte=fte,
                    note=note,
                    expected_version=version,
                ),  # fmt: skip
                _("Opfølgningen for {municipality} {year} er gemt.").format(
                    municipality=municipality, year=year
                ),
                shown_key,
            )
