"""Overblik: the headline numbers of the screening round and where the candidates come from."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard.common import data, decision_store, formatting
from dashboard.decisions import phase_tables
from dashboard.ranking import charts
from dashboard.rounds.overview_view import render as render_round_overview
from dashboard.shell import homes, language, page_paths
from screening.coalition import load_coalition_rule
from screening.decisions import state
from screening.i18n import _
from screening.intake.submissions import submitted_municipalities


def _where_candidates_stand(gross_list: pl.DataFrame, tasks: pl.DataFrame) -> None:
    """The funnel over the phases and the decisions a regrouping made ambiguous, derived live
    from the decision store, so a decision recorded a moment ago is already counted."""
    st.subheader(_("Hvor står kandidaterne?"))
    log = decision_store.events_if_available()
    if log is None:
        return
    status = decision_store.phase_status(gross_list, log, tasks)
    funnel, attention_column = st.columns([3, 2])
    funnel.plotly_chart(charts.phase_funnel(state.funnel(status)))
    funnel.caption(
        _(
            "Screenet: på bruttolisten. Prioriteret: mindst én direktion har prioriteret "
            "kandidaten (fravalg tæller ikke). Valgt politisk: mindst ét udvalg ønsker at gå "
            "videre. I målrettet analyse: {rule} ønsker at gå videre. Etableret registreres i "
            "fase 3."
        ).format(rule=load_coalition_rule().text())
    )
    attention = state.decisions_needing_attention(gross_list, log, tasks)
    with attention_column:
        st.markdown(_("**Kræver opmærksomhed**"))
        if attention.is_empty():
            st.success(
                _("Ingen beslutninger er blevet tvetydige af en ny sammenkobling."), icon="✅"
            )
        else:
            # One sentence per number, since English agrees the verb with it.
            one = _(
                "Én beslutning gælder en kandidat, der siden er delt eller slået sammen. "
                "Kommunen skal tage stilling igen."
            )
            many = _(
                "{decisions} gælder en kandidat, der siden er delt eller slået sammen. "
                "Kommunen skal tage stilling igen."
            ).format(decisions=formatting.count(attention.height, "beslutning", "beslutninger"))
            st.warning(one if attention.height == 1 else many, icon="⚠️")
            st.dataframe(language.headers(phase_tables.attention_table(attention)), hide_index=True)
    st.page_link(
        page_paths.PRIORITIES,
        label=_("Til prioriteringen (fase 1)"),
        icon=":material/low_priority:",
    )


st.title(_("Overblik"))
homes.welcome()
path = data.published_database_or_stop()
st.caption(data.publication_caption(path))

figures = data.key_figures(path)
participants = data.participating_municipalities()
gross_list = data.gross_list(path)

columns = st.columns(5)
columns[0].metric(
    _("Kandidater på bruttolisten"),
    formatting.number(figures.n_candidates),
    help=_("Forslag, efter at ens opgaver fra flere kommuner er samlet til én kandidat."),
    border=True,
)
columns[1].metric(
    _("Indsendte opgaver"),
    formatting.number(figures.n_tasks),
    help=_("Opgaver fra kommunernes gældende skabeloner, som kom igennem valideringen."),
    border=True,
)
columns[2].metric(
    _("Kommuner, der har indsendt"),
    # The same count as the round status's «Godkendt» below (one domain function).
    _("{n} af {total}").format(
        n=len(submitted_municipalities(data.submissions(path), participants)),
        total=len(participants),
    ),
    border=True,
)
columns[3].metric(
    _("Foreslået af mindst 2 kommuner"),
    formatting.number(figures.n_shared_candidates),
    help=_("Et driftsfællesskab kræver {rule}, der vil være med.").format(
        rule=load_coalition_rule().text()
    ),
    border=True,
)
columns[4].metric(
    _("Samlet skønnet potentiale"),
    formatting.kroner_compact(figures.total_potential_dkk),
    help=_("Summen af kommunernes skøn over den årlige gevinst (kr. pr. år)."),
    border=True,
)

if gross_list.is_empty():
    st.info(_(data.EMPTY_GROSS_LIST_MESSAGE))
    st.stop()

left, right = st.columns(2)
left.plotly_chart(charts.candidates_per_municipality(gross_list, participants))
right.plotly_chart(charts.score_histogram(gross_list))
left.plotly_chart(charts.candidates_per_task_type(gross_list))
right.plotly_chart(charts.candidates_per_cooperation_form(gross_list))

st.page_link(
    page_paths.GROSS_LIST, label=_("Se hele bruttolisten"), icon=":material/format_list_numbered:"
)


_where_candidates_stand(gross_list, data.screening_tasks(path))
render_round_overview(path, gross_list)  # the round's timeline and each municipality's status

with st.expander(_("Modtagne skabeloner")):
    submissions = data.submissions(path).select(
        pl.col("municipality").alias("Kommune"),
        pl.col("file").alias("Fil"),
        pl.col("status").alias("Status"),
        pl.col("n_tasks").alias("Opgaver"),
        pl.col("n_errors").alias("Fejl"),
        pl.col("n_warnings").alias("Advarsler"),
    )
    st.dataframe(language.table(submissions, ["Status"]), hide_index=True)
    st.page_link(
        page_paths.DATA_QUALITY,
        label=_("Se fund og historik under Datakvalitet"),
        icon=":material/fact_check:",
    )
