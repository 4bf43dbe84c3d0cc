"""The targeted analysis on «Fase 3»: the analysis record and each municipality's figures."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.phase3 import saving_view as saving
from dashboard.phase3.tables import label
from dashboard.shell import identity
from screening.decisions import rights
from screening.i18n import _
from screening.phase3 import record
from screening.phase3.business_case import MunicipalityFigures
from screening.phase3.state import Phase3Candidate, Record
from screening.vocabulary import (
    DISTRIBUTION_KEYS,
    LEGAL_VEHICLES,
    RISK_LEVELS,
)

SAVE_ANALYSIS = "Gem analysen"
SAVE_FIGURES = "Gem tallene"


def _lines(text: str) -> list[str]:
    return [line.strip(" -•\t") for line in (text or "").splitlines() if line.strip(" -•\t")]


def analysis_form(candidate: Phase3Candidate, current: Record) -> None:
    """The analysis text: rationale, advantages, disadvantages, risks, vehicle, key."""
    if saving.refused(rights.PHASE3):
        return
    doc = current.details
    cid = candidate.candidate_id
    seen_key = f"phase3_seen|analysis|{cid}"
    version = saving.seen_version(seen_key, current.version)
    levels = {t.code: _(t.label) for t in RISK_LEVELS}
    with st.form(f"phase3_analysis|{cid}"):
        rationale = st.text_area(
            _("Rationalet gjort konkret"), doc.get("rationale", ""), max_chars=2000,
            key=f"phase3_rationale|{cid}",
        )  # fmt: skip
        left, right = st.columns(2)
        advantages = left.text_area(
            _("Fordele (én pr. linje)"), "\n".join(doc.get("advantages", [])),
            key=f"phase3_advantages|{cid}",
        )  # fmt: skip
        disadvantages = right.text_area(
            _("Ulemper (én pr. linje)"), "\n".join(doc.get("disadvantages", [])),
            key=f"phase3_disadvantages|{cid}",
        )  # fmt: skip
        risks = st.data_editor(
            pd.DataFrame(
                [
                    {
                        "risk": r["risk"],
                        "likelihood": levels.get(r["likelihood"]),
                        "impact": levels.get(r["impact"]),
                        "mitigation": r["mitigation"],
                    }
                    for r in doc.get("risks", [])
                ],
                columns=["risk", "likelihood", "impact", "mitigation"],
            ),
            num_rows="dynamic",
            hide_index=True,
            key=f"phase3_risks|{cid}",
            column_config={
                "risk": st.column_config.TextColumn(_("Risiko"), width="large"),
                "likelihood": st.column_config.SelectboxColumn(
                    _("Sandsynlighed"), options=list(levels.values())
                ),
                "impact": st.column_config.SelectboxColumn(
                    _("Konsekvens"), options=list(levels.values())
                ),
                "mitigation": st.column_config.TextColumn(_("Tiltag"), width="large"),
            },
        )
        vehicles = saving.options(LEGAL_VEHICLES)
        vehicle = st.selectbox(
            _("Juridisk form"), vehicles,
            index=vehicles.index(doc["legal_vehicle"]) if doc.get("legal_vehicle") else None,
            format_func=lambda c: label(LEGAL_VEHICLES, c), key=f"phase3_vehicle|{cid}",
            placeholder=_("Vælg"),
        )  # fmt: skip
        coalition = list(candidate.coalition)
        host = st.selectbox(
            _("Værtskommune (ved aftale med en værtskommune)"), coalition,
            index=coalition.index(doc["host_municipality"])
            if doc.get("host_municipality") in coalition else None,
            key=f"phase3_host|{cid}", placeholder=_("Ingen"),
        )  # fmt: skip
        legal_basis = st.text_input(
            _("Hjemmel for at dele myndighedsudøvelse")
            + (_(" (skal udfyldes)") if candidate.authority_exercise else ""),
            doc.get("legal_basis", ""), key=f"phase3_basis|{cid}",
        )  # fmt: skip
        approval = st.text_input(
            _("Tilsynsmyndighedens godkendelse (ved § 60-fællesskab): dato og journalnummer"),
            doc.get("supervisory_approval", ""), key=f"phase3_approval|{cid}",
        )  # fmt: skip
        keys = saving.options(DISTRIBUTION_KEYS)
        key = st.selectbox(
            _("Valgt fordelingsnøgle"), keys,
            index=keys.index(doc["distribution_key"]) if doc.get("distribution_key") else None,
            format_func=lambda c: label(DISTRIBUTION_KEYS, c), key=f"phase3_key|{cid}",
            placeholder=_("Ikke valgt"),
        )  # fmt: skip
        if st.form_submit_button(_(SAVE_ANALYSIS), type="primary"):
            codes = {v: k for k, v in levels.items()}
            rows = [
                {
                    "risk": r.get("risk") or "",
                    "likelihood": codes.get(r.get("likelihood")),
                    "impact": codes.get(r.get("impact")),
                    "mitigation": r.get("mitigation") or "",
                }
                for r in risks.to_dict("records")
                if isinstance(r.get("risk"), str)
            ]
            saving.save(
                lambda: record.record_analysis(
                    saving.engine(),
                    identity.current_user(),
                    candidate,
                    rationale=rationale,
                    advantages=_lines(advantages),
                    disadvantages=_lines(disadvantages),
                    risks=rows,
                    legal_vehicle=vehicle,
                    host_municipality=host,
                    legal_basis=legal_basis,
                    supervisory_approval=approval,
                    distribution_key=key,
                    expected_version=version,
                ),  # fmt: skip
                _("Analysen er gemt."),
                seen_key,
            )


FIGURE_COLUMNS = ("baseline_cost", "expected_gain", "running_cost", "one_off_cost", "usage")


def figures_form(
    candidate: Phase3Candidate, entered: list[MunicipalityFigures], current: Record
) -> None:
    """Each coalition municipality's figures with their source, in one table."""
    if saving.refused(rights.PHASE3):
        return
    cid = candidate.candidate_id
    seen_key = f"phase3_seen|figures|{cid}"
    version = saving.seen_version(seen_key, current.version)
    frame = pd.DataFrame(
        [
            {
                "municipality": f.municipality,
                **{c: getattr(f, c) for c in FIGURE_COLUMNS},
                "source": f.source,
            }
            for f in entered
        ]
    )
    money = {"format": "localized", "min_value": 0, "step": 10_000}
    with st.form(f"phase3_figures|{cid}"):
        edited = st.data_editor(
            frame,
            hide_index=True,
            num_rows="fixed",
            key=f"phase3_figures_table|{cid}",
            column_config={
                "municipality": st.column_config.TextColumn(_("Kommune"), disabled=True),
                "baseline_cost": st.column_config.NumberColumn(
                    _("Udgiftsbase pr. år (kr.)"), **money
                ),
                "expected_gain": st.column_config.NumberColumn(
                    _("Forventet gevinst pr. år (kr.)"), format="localized", step=10_000
                ),
                "running_cost": st.column_config.NumberColumn(
                    _("Løbende udgift pr. år (kr.)"), **money
                ),
                "one_off_cost": st.column_config.NumberColumn(_("Engangsudgift (kr.)"), **money),
                "usage": st.column_config.NumberColumn(_("Forbrug"), min_value=0),
                "source": st.column_config.TextColumn(_("Kilde"), width="large"),
            },
        )
        unit = st.text_input(
            _("Forbrugets enhed (fx IT-brugere, sager, fakturaer)"),
            current.details.get("usage_unit", ""), key=f"phase3_unit|{cid}",
        )  # fmt: skip
        if st.form_submit_button(_(SAVE_FIGURES), type="primary"):
            rows = [
                MunicipalityFigures(
                    r["municipality"],
                    **{
                        c: None if pd.isna(r[c]) else float(r[c])
                        for c in FIGURE_COLUMNS
                        if c != "running_cost"
                    },
                    running_cost=0.0 if pd.isna(r["running_cost"]) else float(r["running_cost"]),
                    source=r["source"] if isinstance(r["source"], str) else "",
                )  # fmt: skip
                for r in edited.to_dict("records")
            ]
            saving.save(
                lambda: record.record_figures(
                    saving.engine(),
                    identity.current_user(),
                    candidate,
                    rows,
                    usage_unit=unit,
                    expected_version=version,
                ),  # fmt: skip
                _("Tallene er gemt."),
                seen_key,
            )
