"""Sekretariatets forside: the municipality's political decisions (phase 2) on the newest frozen
list, and the documents for the committee's meeting."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard.common import data, decision_store, safe_text
from dashboard.decisions import snapshot_tables
from dashboard.documents import downloads_view
from dashboard.ranking import tables
from dashboard.shell import homes, language, page_paths
from screening.decisions import state
from screening.i18n import _

MUNICIPALITY_KEY = "home_secretary_municipality"

homes.greeting(
    _("Sekretariatets forside"),
    _(
        "Her er jeres udvalgs beslutninger om kandidaterne på den fastfrosne bruttoliste og "
        "dokumenterne til mødet."
    ),
)
path, gross_list = data.gross_list_or_stop()
municipality = homes.municipality(MUNICIPALITY_KEY)
snapshots = decision_store.snapshots(with_rows=True)

st.subheader(_("{municipality}s politiske beslutninger").format(municipality=municipality))
if not snapshots:
    st.info(
        _(
            "Der er ingen fastfrosset bruttoliste endnu. Udvalgene beslutter om listen, som den "
            "blev forelagt; projektgruppen fastfryser den."
        )
    )
else:
    newest = snapshots[-1]
    frozen = snapshot_tables.snapshot_rows(newest)
    log = decision_store.events()
    political = state.political_decisions(log)
    decided = political.filter(pl.col("municipality") == municipality)
    st.metric(
        _("Kandidater, udvalget har besluttet om"),
        _("{done} af {total}").format(done=decided.height, total=frozen.height),
        border=True,
    )
    st.caption(
        _("På den fastfrosne liste «{label}».").format(label=safe_text.markdown(newest["label"]))
    )
    st.dataframe(
        language.table(
            snapshot_tables.phase2_table(
                frozen, political, state.phase_status(frozen, log), municipality
            ),
            snapshot_tables.LABEL_COLUMNS,
        ),
        hide_index=True,
        column_config=language.config(
            {
                tables.RANK_HEADER: st.column_config.NumberColumn(width=50),
                tables.TITLE_HEADER: st.column_config.TextColumn(width=240),
            }
        ),
    )
st.page_link(page_paths.POLITICAL, label=_("Registrér beslutninger"), icon=":material/gavel:")

# The committee's decisions are phase 2: its workbook and annex are made on the frozen list.
downloads_view.meeting_documents(2, municipality, None)
