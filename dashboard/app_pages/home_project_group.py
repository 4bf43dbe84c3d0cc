"""Projektgruppens forside: the received files and their findings, the matches waiting for review,
the frozen lists, and «Genberegn bruttolisten»."""

from __future__ import annotations

import streamlit as st

from dashboard.common import data, decision_store
from dashboard.decisions import snapshot_tables
from dashboard.intake import quality
from dashboard.matching import review
from dashboard.recompute import panel_view
from dashboard.shell import homes, language, page_paths
from screening.decisions.match_decisions import match_overrides
from screening.i18n import _

homes.greeting(
    _("Projektgruppens forside"),
    _(
        "Her er skabelonerne, der er modtaget, og deres fund, de sammenkoblinger, der venter på "
        "jer, de fastfrosne lister, og knappen, der danner bruttolisten på ny."
    ),
)
panel_view.panel()

path = data.published_database_or_stop()
st.caption(data.publication_caption(path))

st.subheader(_("Modtagne skabeloner"))
data.tables_or_stop(path, "submissions", "findings")
submissions = data.submissions(path)
missing = quality.missing_municipalities(submissions, data.participating_municipalities())
if missing:
    st.warning(
        _("Ingen gældende skabelon fra {municipalities} endnu.").format(
            municipalities=", ".join(missing)
        ),
        icon="⚠️",
    )
if submissions.is_empty():
    st.info(_("Der er endnu ikke modtaget nogen skabeloner."))
else:
    st.dataframe(
        language.headers(quality.submissions_table(quality.newest_first(submissions))),
        hide_index=True,
        column_config=language.config(
            {
                quality.STATUS_HEADER: st.column_config.MultiselectColumn(
                    options=[_(s) for s in quality.STATUSES],
                    color=[quality.STATUS_COLOURS[s] for s in quality.STATUSES],
                    width="small",
                ),
            }
        ),
    )
st.page_link(
    page_paths.DATA_QUALITY, label=_("Se fundene under Datakvalitet"), icon=":material/fact_check:"
)
st.page_link(
    page_paths.SUBMIT_TEMPLATE, label=_("Indsend en skabelon"), icon=":material/upload_file:"
)

st.subheader(_("Sammenkobling"))
if data.has_tables(path, "screening_tasks", "candidate_links"):
    decided = review.latest_decisions(match_overrides(decision_store.events()))
    items = review.review_items(data.candidate_links(path), data.screening_tasks(path))
    waiting = [item for item in items if item.pair not in decided]
    if waiting:
        st.markdown(
            _("**{n} par af opgaver venter på jeres afgørelse:** er det samme opgave?").format(
                n=len(waiting)
            )
        )
    else:
        st.success(_("Ingen koblinger venter på gennemsyn."), icon=":material/check_circle:")
st.page_link(page_paths.MATCH_REVIEW, label=_("Til Sammenkobling"), icon=":material/join_inner:")

st.subheader(_("Fastfrosne lister"))
snapshots = decision_store.snapshots()
if snapshots:
    st.dataframe(language.headers(snapshot_tables.snapshots_table(snapshots)), hide_index=True)
else:
    st.info(_("Bruttolisten er ikke fastfrosset endnu."))
st.page_link(page_paths.SNAPSHOTS, label=_("Til Fastfrosne lister"), icon=":material/ac_unit:")
