"""The service agreement on «Opfølgning»: catalogue, principles, carry-over, terms for leaving."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from dashboard.phase3 import saving_view as saving
from dashboard.shell import identity
from screening.decisions import rights
from screening.i18n import _
from screening.phase3 import operation_record
from screening.phase3.state import Phase3Candidate, Record
from screening.vocabulary import (
    PRICING_TYPES,
    by_code,
)

SAVE_AGREEMENT = "Gem serviceaftalen"


def agreement_form(candidate: Phase3Candidate, current: Record) -> None:
    """The service agreement: catalogue, principles, carry-over and the terms for leaving."""
    if saving.refused(rights.PHASE3):
        return
    doc = current.details
    cid = candidate.candidate_id
    seen_key = f"phase3_seen|agreement|{cid}"
    version = saving.seen_version(seen_key, current.version)
    types = [t.code for t in PRICING_TYPES]
    with st.form(f"phase3_agreement|{cid}"):
        left, right = st.columns(2)
        supplier = left.text_input(_("Leverandør"), doc.get("supplier", ""), key=f"p3a_sup|{cid}")
        start = right.number_input(
            _("Første driftsår"), 2000, 2100, int(doc.get("start_year") or date.today().year + 1),
            key=f"p3a_start|{cid}",
        )  # fmt: skip
        services = st.data_editor(
            pd.DataFrame(
                doc.get("services") or [],
                columns=["name", "quality", "quantity", "pricing_type", "price"],
            ),
            num_rows="dynamic",
            hide_index=True,
            key=f"p3a_services|{cid}",
            column_config={
                "name": st.column_config.TextColumn(_("Ydelse")),
                "quality": st.column_config.TextColumn(_("Kvalitet")),
                "quantity": st.column_config.TextColumn(_("Mængde")),
                "pricing_type": st.column_config.SelectboxColumn(_("Pristype"), options=types),
                "price": st.column_config.TextColumn(_("Pris")),
            },
        )
        budget = st.number_input(
            _("Årligt budget (kr.)"), min_value=0.0, step=100_000.0,
            value=float(doc.get("annual_budget") or 0.0), key=f"p3a_budget|{cid}",
        )  # fmt: skip
        cost_price = st.text_area(
            _("Selvkostprincippet"), doc.get("cost_price", ""), key=f"p3a_cost|{cid}"
        )
        zero = st.text_area(
            _("Nulresultatprincippet"), doc.get("zero_result", ""), key=f"p3a_zero|{cid}"
        )
        a, b, c = st.columns(3)
        share = a.number_input(
            _("Overskud der føres over (%)"), 0, 100,
            int(round(doc.get("surplus_share", 0.8) * 100)),
            key=f"p3a_share|{cid}",
        )  # fmt: skip
        cap = b.number_input(
            _("Højst (% af budgettet)"), 0, 100, int(round(doc.get("surplus_cap", 0.04) * 100)),
            key=f"p3a_cap|{cid}",
        )  # fmt: skip
        notice = c.number_input(
            _("Opsigelsesvarsel (måneder)"), 0, 120, int(doc.get("notice_months", 12)),
            key=f"p3a_notice|{cid}",
        )  # fmt: skip
        deficit = st.text_input(_("Underskud"), doc.get("deficit", ""), key=f"p3a_deficit|{cid}")
        exit_terms = st.text_area(
            _("Vilkår for at træde ud"), doc.get("exit_terms", ""), key=f"p3a_exit|{cid}"
        )
        if st.form_submit_button(_(SAVE_AGREEMENT), type="primary"):
            catalogue = [
                {k: (v if isinstance(v, str) else "") for k, v in row.items()}
                for row in services.to_dict("records")
            ]
            saving.save(
                lambda: operation_record.record_service_agreement(
                    saving.engine(),
                    identity.current_user(),
                    candidate,
                    supplier=supplier,
                    start_year=int(start),
                    services=catalogue,
                    annual_budget=budget or None,
                    cost_price=cost_price,
                    zero_result=zero,
                    surplus_share=share / 100,
                    surplus_cap=cap / 100,
                    deficit=deficit,
                    notice_months=int(notice),
                    exit_terms=exit_terms,
                    expected_version=version,
                ),  # fmt: skip
                _("Serviceaftalen er gemt."),
                seen_key,
            )


def pricing_types_text() -> str:
    """The four pricing types explained, for the page."""
    return "\n".join(
        f"- **{_(t.label)}**: {_(t.explanation)}" for t in by_code(PRICING_TYPES).values()
    )
