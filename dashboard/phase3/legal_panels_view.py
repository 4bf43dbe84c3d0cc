"""The legal panels of the phase-3 page: the approval route of a § 60 cooperation with its
notices, the legal feasibility screen, and what happens if a member leaves."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard.common import safe_text
from dashboard.phase3 import legal_tables, legal_view, tables
from screening.i18n import _
from screening.phase3 import legal, state
from screening.phase3.state import Phase3Candidate, Record
from screening.vocabulary import APPROVAL_ROUTES


def route_panel(
    candidate: Phase3Candidate, events: pl.DataFrame, current: Record, chosen: str | None
) -> None:
    """The route, its figures and source, the approval or the notices, and what is due."""
    if current.value == state.ESTABLISHED:
        with st.expander(_("En kommune træder ud, eller fællesskabet ophæves")):
            legal_view.change_form(candidate, state.joined(events, candidate))
    if chosen != legal.SECTION_60:
        return
    route = legal.route(events, candidate.candidate_id)
    st.subheader(_("Godkendelsesvej"))
    for term in APPROVAL_ROUTES:
        mark = "✓ " if term.code == route.details.get("route") else ""
        st.markdown(f"**{mark}{_(term.label)}** – {_(term.explanation)}")
    if route.version:
        st.dataframe(legal_tables.size_table(route), hide_index=True)
        st.caption(
            _("Kilde: {source}. Registreret af {who} {when}.").format(
                source=safe_text.markdown(route.details.get("source")),
                who=route.user_name,
                when=tables.when(route.recorded_at),
            )
        )
        if route.details.get("approval_reference"):
            st.markdown(
                _("**Ankestyrelsens godkendelse:** {date}, {ref}").format(
                    date=route.details.get("approval_date"),
                    ref=safe_text.markdown(route.details["approval_reference"]),
                )
            )
    for notice in legal.notices(events, candidate.candidate_id).values():
        st.markdown(
            _("**Orientering af Ankestyrelsen:** {date}, {ref}").format(
                date=notice.details.get("sent_on"),
                ref=safe_text.markdown(notice.details.get("reference")),
            )
        )
    due = legal.notices_due(events, candidate.candidate_id, current.value == state.ESTABLISHED)
    for line in due:
        st.warning(line, icon=":material/mail:")
    with st.expander(_("Registrér størrelse og godkendelsesvej"), expanded=not route.version):
        legal_view.route_form(candidate, route)
    if route.details.get("route") == legal.NOTIFICATION:
        with st.expander(_("Registrér en orientering af Ankestyrelsen"), expanded=bool(due)):
            legal_view.notice_form(candidate)


def screen_panel(candidate: Phase3Candidate, events: pl.DataFrame) -> None:
    """The checklist with each answer, who gave it and when, and the form for a new answer."""
    st.markdown(
        _(
            "Kan kandidaten overhovedet gennemføres? Projektgruppen besvarer hvert spørgsmål med "
            "«ok», «åbent spørgsmål» eller «hindring», med en note og en kilde. Så længe et svar "
            "er «hindring», kan kandidaten hverken anbefales eller besluttes etableret."
        )
    )
    answers = legal.answers(events, candidate.candidate_id)
    st.dataframe(legal_tables.checklist_table(answers), hide_index=True)
    legal_view.checklist_form(candidate, answers)


def exit_panel(candidate: Phase3Candidate, scenarios: pl.DataFrame) -> None:
    """Each member's leaving and the others' shares after it, beside the exit terms."""
    scenarios = scenarios.filter(pl.col("candidate_id") == candidate.candidate_id)
    if scenarios.is_empty():
        st.info(
            _(
                "Vises, når kandidaten er anbefalet eller besluttet etableret, og alle "
                "kommuners tal er indtastet."
            ),
            icon="ℹ️",
        )
    else:
        st.markdown(
            _(
                "Hvis én kommune træder ud: koalitionens nettogevinst pr. år, og hvad hver af de "
                "andre så får efter den valgte fordelingsnøgle."
            )
        )
        st.dataframe(legal_tables.exit_frame(scenarios), hide_index=True)
        terms = scenarios.row(0, named=True)
        if terms["exit_terms"]:
            st.markdown(
                _("**Vilkår for udtræden i serviceaftalen ({n} måneders varsel):** {t}").format(
                    n=terms["notice_months"], t=safe_text.markdown(terms["exit_terms"])
                )
            )
