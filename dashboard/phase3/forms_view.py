"""The project group's and the coalition's forms on «Fase 3» and «Opfølgning».

Every save goes through :mod:`screening.phase3.record`, which checks the user's right; a refusal
here is a courtesy. Each form remembers the version of the record the user first saw, so a
colleague's change made meanwhile is shown as a conflict and never overwritten.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pandas as pd
import streamlit as st

from dashboard.common import decision_store, safe_text
from dashboard.phase3.tables import label
from dashboard.shell import identity
from screening.decisions import rights
from screening.decisions.record import InvalidDecision
from screening.decisions.rights import NotAllowed
from screening.decisions.store import Conflict, StoreError
from screening.i18n import _
from screening.phase3 import record
from screening.phase3.business_case import MunicipalityFigures
from screening.phase3.state import Phase3Candidate, Record
from screening.vocabulary import (
    DISTRIBUTION_KEYS,
    JOIN_DECISIONS,
    LEGAL_VEHICLES,
    PHASE3_STATUSES,
    PHASE3_TRANSITIONS,
    PRICING_TYPES,
    RISK_LEVELS,
    by_code,
)

RESULT_KEY = "phase3_result"
# The forms' buttons (Danish source texts; tests find the buttons by them).
SAVE_ANALYSIS = "Gem analysen"
SAVE_FIGURES = "Gem tallene"
SAVE_STATUS = "Skift status"
SAVE_JOIN = "Registrér beslutningen"
SAVE_COMMENT = "Send kommentaren"
SAVE_AGREEMENT = "Gem serviceaftalen"
SAVE_FOLLOW_UP = "Gem opfølgningen"


def show_result() -> None:
    if result := st.session_state.pop(RESULT_KEY, None):
        kind, text = result
        if kind == "success":
            st.success(text, icon="✅")
        else:
            st.error(text, icon="⚠️")


def seen_version(key: str, current: int) -> int:
    """The version shown when the user first saw this record, kept across reruns: a click in
    a form reruns the page, and taking the version afresh would absorb a colleague's change."""
    if key not in st.session_state:
        st.session_state[key] = current
    return st.session_state[key]


def _save(write: Callable[[], object], done: str, seen_key: str | None) -> None:
    try:
        write()
    except Conflict as error:
        if seen_key:
            st.session_state.pop(seen_key, None)  # the next save is made knowing the change
        st.session_state[RESULT_KEY] = ("error", safe_text.markdown(str(error)))
    except (NotAllowed, InvalidDecision, StoreError) as error:
        st.session_state[RESULT_KEY] = ("error", safe_text.markdown(str(error)))
    else:
        if seen_key:
            st.session_state.pop(seen_key, None)
        st.session_state[RESULT_KEY] = ("success", done)
    st.rerun()


def _refused(action: str, municipality: str | None = None) -> bool:
    refusal = identity.refusal(identity.current_user(), action, municipality)
    if refusal:
        st.info(refusal, icon="🔒")
    return bool(refusal)


def _options(terms) -> list[str]:
    return [t.code for t in terms]


def status_form(candidate: Phase3Candidate, current: Record) -> None:
    """The next step of the status, with why."""
    if _refused(rights.PHASE3):
        return
    allowed = PHASE3_TRANSITIONS.get(current.value, ())
    if not allowed:
        st.caption(_("Status er endelig."))
        return
    seen_key = f"phase3_seen|status|{candidate.candidate_id}"
    version = seen_version(seen_key, current.version)
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
            _save(
                lambda: record.record_status(
                    _engine(),
                    identity.current_user(),
                    candidate,
                    value,
                    reason,
                    expected_version=version,
                ),  # fmt: skip
                _("Status er nu «{status}».").format(status=label(PHASE3_STATUSES, value)),
                seen_key,
            )


def _lines(text: str) -> list[str]:
    return [line.strip(" -•\t") for line in (text or "").splitlines() if line.strip(" -•\t")]


def analysis_form(candidate: Phase3Candidate, current: Record) -> None:
    """The analysis text: rationale, advantages, disadvantages, risks, vehicle, key."""
    if _refused(rights.PHASE3):
        return
    doc = current.details
    cid = candidate.candidate_id
    seen_key = f"phase3_seen|analysis|{cid}"
    version = seen_version(seen_key, current.version)
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
        vehicles = _options(LEGAL_VEHICLES)
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
        keys = _options(DISTRIBUTION_KEYS)
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
            _save(
                lambda: record.record_analysis(
                    _engine(),
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
    if _refused(rights.PHASE3):
        return
    cid = candidate.candidate_id
    seen_key = f"phase3_seen|figures|{cid}"
    version = seen_version(seen_key, current.version)
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
            _save(
                lambda: record.record_figures(
                    _engine(),
                    identity.current_user(),
                    candidate,
                    rows,
                    usage_unit=unit,
                    expected_version=version,
                ),  # fmt: skip
                _("Tallene er gemt."),
                seen_key,
            )


def join_form(candidate: Phase3Candidate, joins: dict[str, Record]) -> None:
    """The user's municipality's own decision to join."""
    user = identity.current_user()
    municipality = user.municipality if user else None
    if _refused(rights.PHASE3_JOIN, municipality):
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
    version = seen_version(seen_key, current.version)
    with st.form(f"phase3_join|{cid}"):
        st.markdown(_("**{municipality}s beslutning**").format(municipality=municipality))
        value = st.radio(
            _("Beslutning"), _options(JOIN_DECISIONS),
            format_func=lambda c: label(JOIN_DECISIONS, c), horizontal=True,
            key=f"phase3_join_value|{cid}",
        )  # fmt: skip
        committee = st.text_input(_("Udvalg eller byråd"), key=f"phase3_join_committee|{cid}")
        meeting = st.date_input(
            _("Mødedato"), value=date.today(), format="DD.MM.YYYY", key=f"phase3_join_date|{cid}"
        )
        comment = st.text_input(_("Bemærkning"), key=f"phase3_join_comment|{cid}")
        if st.form_submit_button(_(SAVE_JOIN), type="primary"):
            _save(
                lambda: record.record_join(
                    _engine(),
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
    if _refused(rights.PHASE3_COMMENT, municipality):
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
            _save(
                lambda: record.record_comment(_engine(), user, candidate, text),
                _("Kommentaren er sendt."),
                None,
            )


def agreement_form(candidate: Phase3Candidate, current: Record) -> None:
    """The service agreement: catalogue, principles, carry-over and the terms for leaving."""
    if _refused(rights.PHASE3):
        return
    doc = current.details
    cid = candidate.candidate_id
    seen_key = f"phase3_seen|agreement|{cid}"
    version = seen_version(seen_key, current.version)
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
            _save(
                lambda: record.record_service_agreement(
                    _engine(),
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


def follow_up_form(
    candidate: Phase3Candidate,
    members: list[str],
    years: list[int],
    recorded: dict[tuple[int, str], Record],
) -> None:
    """A follow-up milestone: the realised gain of one member in one year."""
    if _refused(rights.PHASE3):
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
        year = a.selectbox(_("År"), choices, key=f"p3f_year|{cid}")
        municipality = b.selectbox(_("Kommune"), members, key=f"p3f_municipality|{cid}")
        realised = c.number_input(
            _("Realiseret nettogevinst (kr.)"), step=10_000.0, value=None,
            key=f"p3f_realised|{cid}",
        )  # fmt: skip
        note = st.text_input(_("Note (hvad forklarer afvigelsen)"), key=f"p3f_note|{cid}")
        if st.form_submit_button(_(SAVE_FOLLOW_UP), type="primary"):
            versions = shown if shown is not None else st.session_state[shown_key]
            version = versions.get((year, municipality), 0)
            _save(
                lambda: record.record_follow_up(
                    _engine(),
                    identity.current_user(),
                    candidate,
                    year=int(year),
                    municipality=municipality,
                    realised_gain=realised,
                    note=note,
                    expected_version=version,
                ),  # fmt: skip
                _("Opfølgningen for {municipality} {year} er gemt.").format(
                    municipality=municipality, year=year
                ),
                shown_key,
            )


def pricing_types_text() -> str:
    """The four pricing types explained, for the page."""
    return "\n".join(
        f"- **{_(t.label)}**: {_(t.explanation)}" for t in by_code(PRICING_TYPES).values()
    )


def _engine():
    return decision_store.engine()
