"""The legal forms of a phase-3 candidate: an answer to the legal screen, the size and approval
route of a § 60 cooperation, a notice to Ankestyrelsen, a member's withdrawal or the ending, and
a correction of a frozen baseline. Each saves through :mod:`dashboard.phase3.saving_view`."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from dashboard.phase3 import saving_view as saving
from dashboard.phase3.tables import label
from dashboard.shell import identity
from screening.decisions import rights
from screening.i18n import _
from screening.phase3 import baseline_record, legal, legal_record
from screening.phase3.log import Entry
from screening.phase3.state import Phase3Candidate
from screening.vocabulary import LEGAL_ANSWERS, LEGAL_CHECKLIST, NOTICE_OCCASIONS


def checklist_form(candidate, answers: dict[str, Entry]) -> None:
    """One answer to one question of the legal screen, with a note and a source."""
    if saving.refused(rights.PHASE3):
        return
    cid = candidate.candidate_id
    with st.form(f"legal_answer|{cid}"):
        item = st.selectbox(
            _("Spørgsmål"), saving.options(LEGAL_CHECKLIST),
            format_func=lambda c: label(LEGAL_CHECKLIST, c), key=f"legal_item|{cid}",
            placeholder=_("Vælg"),
        )  # fmt: skip
        answer = st.radio(
            _("Svar"), saving.options(LEGAL_ANSWERS), horizontal=True,
            format_func=lambda c: label(LEGAL_ANSWERS, c), key=f"legal_value|{cid}",
        )  # fmt: skip
        note = st.text_area(
            _("Note (hvad er afklaret, åbent eller i vejen)"), key=f"legal_note|{cid}"
        )
        source = st.text_input(_("Kilde (lov, notat, vejledning)"), key=f"legal_source|{cid}")
        if st.form_submit_button(_("Gem svaret"), type="primary"):
            seen_key = f"phase3_seen|legal|{cid}|{item}"
            version = saving.seen_version(seen_key, answers[item].version)
            saving.save(
                lambda: legal_record.record_legal_answer(
                    saving.engine(),
                    identity.current_user(),
                    candidate,
                    item,
                    answer,
                    note=note,
                    source=source,
                    expected_version=version,
                ),  # fmt: skip
                _("Svaret er gemt."),
                seen_key,
            )


def route_form(candidate: Phase3Candidate, route: Entry) -> None:
    """The § 60 cooperation's size in two consecutive accounting years, their source and the
    approval's date and reference when it is not small."""
    if saving.refused(rights.PHASE3):
        return
    cid = candidate.candidate_id
    seen_key = f"phase3_seen|route|{cid}"
    version = saving.seen_version(seen_key, route.version)
    doc = route.details
    this_year = date.today().year
    years = doc.get("years") or [
        {"year": this_year + 1, "balance_sum": None, "turnover": None, "fte": None},
        {"year": this_year + 2, "balance_sum": None, "turnover": None, "fte": None},
    ]
    money = {"format": "localized", "min_value": 0, "step": 100_000}
    with st.form(f"legal_route|{cid}"):
        edited = st.data_editor(
            pd.DataFrame(years), hide_index=True, num_rows="fixed", key=f"legal_years|{cid}",
            column_config={
                "year": st.column_config.NumberColumn(_("Regnskabsår"), format="%d", step=1),
                "balance_sum": st.column_config.NumberColumn(_("Balancesum (kr.)"), **money),
                "turnover": st.column_config.NumberColumn(
                    _("Nettoomsætning eller brutto drifts- og anlægsudgifter (kr.)"), **money
                ),
                "fte": st.column_config.NumberColumn(_("Heltidsbeskæftigede"), min_value=0),
            },
        )  # fmt: skip
        source = st.text_input(
            _("Hvor tallene kommer fra (budget, regnskab)"), doc.get("source", ""),
            key=f"legal_route_source|{cid}",
        )  # fmt: skip
        left, right = st.columns(2)
        approved_on = left.date_input(
            _("Ankestyrelsens godkendelse: dato (kun § 60)"), value=None,
            key=f"legal_approval_date|{cid}",
        )  # fmt: skip
        reference = right.text_input(
            _("Ankestyrelsens godkendelse: journalnummer (kun § 60)"),
            doc.get("approval_reference") or "", key=f"legal_approval_ref|{cid}",
        )  # fmt: skip
        if st.form_submit_button(_("Gem størrelse og godkendelsesvej"), type="primary"):
            rows = [
                {k: (None if pd.isna(v) else v) for k, v in r.items()}
                for r in edited.to_dict("records")
            ]
            saving.save(
                lambda: legal_record.record_approval_route(
                    saving.engine(),
                    identity.current_user(),
                    candidate,
                    years=rows,
                    source=source,
                    approval_date=approved_on or doc.get("approval_date"),
                    approval_reference=reference,
                    expected_version=version,
                ),  # fmt: skip
                _("Godkendelsesvejen er gemt."),
                seen_key,
            )


def notice_form(candidate: Phase3Candidate) -> None:
    """A notice to Ankestyrelsen of the entry, a withdrawal or the ending (§ 60 a, stk. 3)."""
    if saving.refused(rights.PHASE3):
        return
    cid = candidate.candidate_id
    with st.form(f"legal_notice|{cid}"):
        occasion = st.radio(
            _("Orientering om"), saving.options(NOTICE_OCCASIONS), horizontal=True,
            format_func=lambda c: label(NOTICE_OCCASIONS, c), key=f"legal_notice_what|{cid}",
        )  # fmt: skip
        municipality = st.selectbox(
            _("Kommunen, der træder ud (ved udtræden)"), list(candidate.coalition), index=None,
            key=f"legal_notice_who|{cid}", placeholder=_("Ingen"),
        )  # fmt: skip
        sent_on = st.date_input(_("Dato"), key=f"legal_notice_date|{cid}")
        reference = st.text_input(_("Journalnummer eller reference"), key=f"legal_notice_ref|{cid}")
        if st.form_submit_button(_("Gem orienteringen"), type="primary"):
            saving.save(
                lambda: legal_record.record_notice(
                    saving.engine(),
                    identity.current_user(),
                    candidate,
                    occasion,
                    sent_on=sent_on,
                    reference=reference,
                    municipality=municipality,
                ),  # fmt: skip
                _("Orienteringen er gemt."),
                None,
            )


def change_form(candidate: Phase3Candidate, members: list[str]) -> None:
    """A member's withdrawal from the established operation, or its ending, as decided."""
    if saving.refused(rights.PHASE3):
        return
    cid = candidate.candidate_id
    with st.form(f"legal_change|{cid}"):
        occasion = st.radio(
            _("Ændring"), [legal.WITHDRAWAL, legal.ENDING], horizontal=True,
            format_func=lambda c: label(NOTICE_OCCASIONS, c), key=f"legal_change_what|{cid}",
        )  # fmt: skip
        municipality = st.selectbox(
            _("Kommunen, der træder ud"), members, index=None, key=f"legal_change_who|{cid}",
            placeholder=_("Ingen"),
        )  # fmt: skip
        decided_on = st.date_input(_("Besluttet den"), key=f"legal_change_date|{cid}")
        reason = st.text_input(
            _("Beslutningen (møde og dagsordenspunkt)"), key=f"legal_change_why|{cid}"
        )
        if st.form_submit_button(_("Gem ændringen"), type="primary"):
            saving.save(
                lambda: legal_record.record_cooperation_change(
                    saving.engine(),
                    identity.current_user(),
                    candidate,
                    occasion,
                    decided_on=decided_on,
                    reason=reason,
                    municipality=municipality,
                ),  # fmt: skip
                _("Ændringen er gemt."),
                None,
            )


def correction_form(candidate: Phase3Candidate, members: list[str]) -> None:
    """A correction of one member's frozen baseline, with the reason."""
    if saving.refused(rights.PHASE3):
        return
    cid = candidate.candidate_id
    with st.form(f"baseline_correction|{cid}"):
        municipality = st.selectbox(
            _("Kommune"), members, key=f"baseline_who|{cid}", placeholder=_("Vælg")
        )
        left, right = st.columns(2)
        cost = left.number_input(
            _("Udgiftsbase pr. år (kr.)"), min_value=0.0, value=None, step=10_000.0,
            key=f"baseline_cost|{cid}",
        )  # fmt: skip
        fte = right.number_input(
            _("Årsværk"), min_value=0.0, value=None, step=0.5, key=f"baseline_fte|{cid}"
        )
        reason = st.text_input(
            _("Hvorfor rettes baseline (skal udfyldes)"), key=f"baseline_why|{cid}"
        )
        if st.form_submit_button(_("Ret baseline"), type="primary"):
            saving.save(
                lambda: baseline_record.record_baseline_correction(
                    saving.engine(),
                    identity.current_user(),
                    candidate,
                    municipality,
                    cost_base=cost,
                    fte=fte,
                    reason=reason,
                ),  # fmt: skip
                _("Baseline er rettet."),
                None,
            )
