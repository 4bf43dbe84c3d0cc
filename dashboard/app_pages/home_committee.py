"""Koordinationsudvalgets forside: the funnel of where the candidates stand, each candidate's
phase and coalition, and value against effort. The committee reads everything and writes
nothing."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard.common import data, decision_store
from dashboard.decisions import phase_tables, priority_charts
from dashboard.ranking import charts, tables, value_effort
from dashboard.shell import homes, language, page_paths
from screening.decisions import state
from screening.i18n import _

homes.greeting(
    _("Koordinationsudvalgets forside"),
    _(
        "Her ser I, hvor kandidaterne står i de tre faser, hvilke kommuner der vil være med i "
        "hver, og hvad de giver mod den indsats, de kræver."
    ),
)
path, gross_list = data.gross_list_or_stop()
st.caption(data.publication_caption(path))
log = decision_store.events()
status = decision_store.phase_status(gross_list, log, data.screening_tasks(path))

st.subheader(_("Hvor står kandidaterne?"))
st.plotly_chart(charts.phase_funnel(state.funnel(status)))

st.subheader(_("Hver kandidats fase"))
ranked = gross_list.sort("rank")
stands = pl.concat(
    [
        ranked.select(
            pl.col("rank").alias(tables.RANK_HEADER), pl.col("title").alias(tables.TITLE_HEADER)
        ),
        phase_tables.status_table(
            ranked["candidate_id"],
            status,
            state.priorities(log),
            state.political_decisions(log),
        ),
    ],
    how="horizontal",
)
# What the committee decides on first, in view at 1280 px: the phase, who wants to go on and
# who has decided; who prioritised it (a long list) last. Number and name stay pinned.
stands = stands.select(
    tables.RANK_HEADER,
    tables.TITLE_HEADER,
    phase_tables.PHASE_HEADER,
    phase_tables.COALITION_HEADER,
    phase_tables.DECIDED_HEADER,
    phase_tables.ATTENTION_HEADER,
    phase_tables.PRIORITISED_HEADER,
    phase_tables.OPTED_OUT_HEADER,
)
st.dataframe(
    language.headers(stands),
    hide_index=True,
    column_config=language.config(
        {
            tables.RANK_HEADER: st.column_config.NumberColumn(width=45, pinned=True),
            tables.TITLE_HEADER: st.column_config.TextColumn(width=200, pinned=True),
            phase_tables.PHASE_HEADER: st.column_config.TextColumn(width=80),
            phase_tables.COALITION_HEADER: st.column_config.TextColumn(width=170),
            phase_tables.DECIDED_HEADER: st.column_config.TextColumn(width=230),
        }
    ),
)

st.subheader(_("Værdi mod indsats"))
st.plotly_chart(priority_charts.value_against_effort(value_effort.value_and_effort(gross_list), []))
st.page_link(
    page_paths.VALUE_EFFORT,
    label=_("Udvælgelse til fase 3 under Indsats og værdi"),
    icon=":material/scatter_plot:",
)
st.page_link(
    page_paths.POLITICAL, label=_("Kommunernes politiske beslutninger"), icon=":material/gavel:"
)
