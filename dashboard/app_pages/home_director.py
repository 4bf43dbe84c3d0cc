"""Direktionens forside: the municipality's own candidates and those it could join, with the
priorities the directorate has set (phase 1)."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard.common import data, decision_store
from dashboard.decisions import priority_table
from dashboard.ranking import tables
from dashboard.shell import homes, language, page_paths
from screening.decisions import state
from screening.i18n import _

MUNICIPALITY_KEY = "home_director_municipality"
SHOWN = (
    tables.RANK_HEADER,
    tables.TITLE_HEADER,
    tables.MUNICIPALITIES_HEADER,
    priority_table.PRIORITY_HEADER,
    priority_table.COMMENT_HEADER,
    priority_table.CHANGED_BY_HEADER,
)

homes.greeting(
    _("Direktionens forside"),
    _(
        "Her er jeres kommunes egne kandidater på bruttolisten og dem, I kan være med i, med "
        "jeres prioriteringer."
    ),
)
path, gross_list = data.gross_list_or_stop()
st.caption(data.publication_caption(path))
municipality = homes.municipality(MUNICIPALITY_KEY)
table = priority_table.phase1_table(
    gross_list, state.priorities(decision_store.events()), municipality
)
own = table.filter(pl.col(priority_table.PROPOSED_HEADER) == priority_table.OWN_PROPOSAL)
others = table.filter(pl.col(priority_table.PROPOSED_HEADER) == priority_table.COULD_JOIN)
prioritised = table.filter(pl.col(priority_table.PRIORITY_HEADER) != priority_table.NOT_SET)

columns = st.columns(3)
columns[0].metric(_("Egne kandidater"), own.height, border=True)
columns[1].metric(_("Kandidater, I kan være med i"), others.height, border=True)
columns[2].metric(
    _("Prioriteret"),
    _("{done} af {total}").format(done=prioritised.height, total=table.height),
    border=True,
)

COLUMNS = {
    tables.RANK_HEADER: st.column_config.NumberColumn(width=50),
    tables.TITLE_HEADER: st.column_config.TextColumn(width=260),
}
st.subheader(_("{municipality}s egne kandidater").format(municipality=municipality))
st.dataframe(
    language.table(own.select(SHOWN), priority_table.LABEL_COLUMNS),
    hide_index=True,
    column_config=language.config(COLUMNS),
)
st.subheader(_("Kandidater, {municipality} kan være med i").format(municipality=municipality))
st.dataframe(
    language.table(others.select(SHOWN), priority_table.LABEL_COLUMNS),
    hide_index=True,
    column_config=language.config(COLUMNS),
)
st.page_link(
    page_paths.PRIORITIES,
    label=_("Prioritér på siden Prioritering"),
    icon=":material/low_priority:",
)
