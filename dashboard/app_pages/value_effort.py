"""Indsats og værdi: potential against implementation effort, and which candidates the group can
take to phase 3 (targeted analysis) with the capacity it has."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard.common import data, decision_store
from dashboard.decisions import priority_charts
from dashboard.ranking import tables, value_effort
from dashboard.ranking.value_effort import (
    AUTHORITY_LABEL,
    BUDGET_LABEL,
    BUDGET_TOGGLE_LABEL,
    CAPACITY_LABEL,
)
from dashboard.shell import language
from screening.coalition import load_coalition_rule
from screening.decisions import state
from screening.i18n import _
from screening.ranking.portfolio import select_for_phase3

# Figures are Danish text, so they are right-aligned by hand to read like numbers.
COLUMNS = {
    tables.RANK_HEADER: st.column_config.NumberColumn(width="small"),
    tables.TITLE_HEADER: st.column_config.TextColumn(width="medium"),
    tables.SCORE_HEADER: st.column_config.TextColumn(alignment="right"),
    value_effort.EFFORT_HEADER: st.column_config.TextColumn(alignment="right"),
    value_effort.REASON_HEADER: st.column_config.TextColumn(width="large"),
}

st.title(_("Indsats og værdi"))
path, gross_list = data.gross_list_or_stop()
st.caption(data.publication_caption(path))
st.markdown(
    _(
        "Hvor meget giver hver kandidat, og hvor meget kræver den? Punkterne viser det skønnede "
        "potentiale mod indsatsen for at gennemføre fællesskabet; jo større punkt, jo flere "
        "kommuner. Den effektive front forbinder de kandidater, som ingen anden slår på både "
        "potentiale og indsats."
    )
)

frame = value_effort.value_and_effort(gross_list)
# The chart comes first on the page but rings the chosen candidates, which the inputs below decide.
chart = st.container()

st.subheader(_("Udvælgelse til fase 3"))
inputs = st.columns([2, 2, 2], vertical_alignment="bottom")
capacity = inputs[0].number_input(
    _(CAPACITY_LABEL),
    min_value=1,
    max_value=max(gross_list.height, 1),
    value=value_effort.DEFAULT_CAPACITY,
)
use_budget = inputs[1].checkbox(_(BUDGET_TOGGLE_LABEL))
budget = (
    float(inputs[1].number_input(_(BUDGET_LABEL), min_value=1, value=40, step=5))
    if use_budget
    else None
)
exclude_authority = inputs[2].checkbox(
    _(AUTHORITY_LABEL),
    help=_(
        "Myndighedsudøvelse kan kun lægges i fællesskab med andre kommuner, hvis en lov giver "
        "hjemmel. Uden markering vælges de, men begrundelsen gør opmærksom på det."
    ),
)
# Before phase 2 the proposers stand in for the willing; once a committee has decided, only the
# municipalities that decided «ønsker at gå videre» count (the same rule as the phase status).
log = decision_store.events_if_available()
decided_politically = log is not None and not state.political_decisions(log).is_empty()
candidates = (
    value_effort.with_willing_municipalities(
        gross_list, decision_store.phase_status(gross_list, log, data.screening_tasks(path))
    )
    if decided_politically
    else gross_list
)
selection = select_for_phase3(
    candidates,
    int(capacity),
    effort_budget=budget,
    exclude_authority_exercise=exclude_authority,
)
if decided_politically:
    selection = value_effort.willing_reasons(selection, load_coalition_rule().minimum())
    st.info(value_effort.willing_method_text(), icon="🏛️")
municipalities_header = (
    value_effort.WILLING_HEADER if decided_politically else tables.N_MUNICIPALITIES_HEADER
)
chosen = selection.filter(pl.col("selected"))

chart.plotly_chart(priority_charts.value_against_effort(frame, chosen["candidate_id"].to_list()))
chart.caption(
    _(
        "Indsatsen er kompleksitet (1–5) gange (1 + tidshorisont i år, højst 5). Kandidater uden "
        "skønnet potentiale står ved 0 kr. Ringede punkter er valgt til fase 3 nedenfor."
    )
)

st.markdown(f"**{value_effort.selection_summary(selection)}**")
if chosen.is_empty():
    st.info(
        _(
            "Ingen kandidater kan gå videre med de valgte rammer. Hæv indsatsrammen, eller se "
            "begrundelserne nedenfor."
        )
    )
else:
    st.dataframe(
        language.headers(value_effort.selection_table(chosen, municipalities_header)),
        hide_index=True,
        column_config=language.config(COLUMNS),
    )
with st.expander(_("Kandidater, der ikke er valgt, og hvorfor")):
    st.dataframe(
        language.headers(
            value_effort.selection_table(
                selection.filter(~pl.col("selected")), municipalities_header
            )
        ),
        hide_index=True,
        column_config=language.config(COLUMNS),
    )
st.markdown(value_effort.method_text(decided_politically))

with st.expander(_("Den effektive front")):
    st.dataframe(language.headers(value_effort.frontier_table(frame)), hide_index=True)
