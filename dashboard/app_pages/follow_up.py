"""Opfølgning: the established shared operations, each with its service agreement (the service
catalogue with service levels and pricing types A–D, the cost-price and zero-result
principles, the carry-over of a surplus or deficit, the terms for leaving), and the realised
gains against the expected ones per year and municipality, with the deviation highlighted.
"""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard.common import data, decision_store, safe_text
from dashboard.phase3 import (
    agreement_view,
    charts,
    follow_up_view,
    legal_tables,
    legal_view,
    tables,
)
from dashboard.phase3 import saving_view as saving
from dashboard.shell import page_paths
from screening.config import load_screening_config
from screening.i18n import _, number
from screening.phase3 import baseline, state
from screening.phase3.business_case import carry_over
from screening.phase3.follow_up import follow_up_table
from screening.phase3.settings import SettingsError, load_phase3_settings
from screening.vocabulary import LEGAL_VEHICLES

CHOICE_KEY = "follow_up_operation"

st.title(_("Opfølgning på etablerede driftsfællesskaber"))
st.markdown(
    _(
        "Et driftsfællesskab, kommunerne har besluttet at etablere, styres af en serviceaftale "
        "og følges op år for år: den gevinst, hver kommune faktisk har hentet, mod den, "
        "analysen lovede (kommunens andel efter den valgte fordelingsnøgle)."
    )
)
path, gross_list = data.gross_list_or_stop()
log = decision_store.events()
try:
    settings = load_phase3_settings()
except SettingsError as error:
    st.error(str(error), icon="⚠️")
    st.stop()
populations = {m.name: m.population for m in load_screening_config().municipalities}
events = state.phase3_events(log)
operations = [
    c
    for c in state.phase3_candidates(gross_list, log)
    if state.status(events, c.candidate_id).value == state.ESTABLISHED
]
if not operations:
    st.info(
        _(
            "Der er ingen etablerede driftsfællesskaber endnu. En kandidat kommer hertil, når "
            "dens status på siden «Fase 3» er «Besluttet etableret»."
        ),
        icon="ℹ️",
    )
    st.page_link(page_paths.PHASE3_ANALYSES, label=_("Til Fase 3"), icon=":material/analytics:")
    st.stop()

table = follow_up_table(gross_list, log, populations, settings)
if not table.is_empty():
    overview = table.group_by("candidate_id", "title", maintain_order=True).agg(
        pl.col("expected_gain_dkk").filter(pl.col("realised_gain_dkk").is_not_null()).sum(),
        pl.col("realised_gain_dkk").sum(),
        pl.col("year").filter(pl.col("realised_gain_dkk").is_not_null()).n_unique(),
    )
    st.dataframe(
        pl.DataFrame(
            [
                {
                    _("Driftsfællesskab"): safe_text.plain(r["title"]),
                    _("År fulgt op"): r["year"],
                    _("Forventet i de år"): tables.kroner(r["expected_gain_dkk"]),
                    _("Realiseret"): tables.kroner(r["realised_gain_dkk"]),
                    _("Realiseret i % af forventet"): tables.percent(
                        r["realised_gain_dkk"] / r["expected_gain_dkk"]
                        if r["expected_gain_dkk"]
                        else None,
                        0,
                    ),
                }
                for r in overview.iter_rows(named=True)
            ]
        ),
        hide_index=True,
    )

saving.show_result()
ids = [c.candidate_id for c in operations]
if st.session_state.get(CHOICE_KEY) not in ids:
    wanted = st.query_params.get(page_paths.CANDIDATE_PARAM)
    st.session_state[CHOICE_KEY] = wanted if wanted in ids else ids[0]
titles = {c.candidate_id: safe_text.plain(c.title) for c in operations}
chosen = st.selectbox(
    _("Driftsfællesskab"), ids, format_func=titles.get, key=CHOICE_KEY, placeholder=_("Vælg")
)
operation = operations[ids.index(chosen)]
members = state.joined(events, operation)
doc = state.analysis(events, operation.candidate_id).details
agreement = state.agreement(events, operation.candidate_id)
terms = agreement.details

st.header(safe_text.markdown(operation.title))
st.markdown(
    _("**Kommuner:** {members} · **Juridisk form:** {vehicle}").format(
        members=", ".join(members),
        vehicle=tables.label(LEGAL_VEHICLES, doc.get("legal_vehicle")),
    )
)
st.page_link(
    page_paths.PHASE3_ANALYSES,
    label=_("Analysen og business casen"),
    icon=":material/analytics:",
    query_params={page_paths.CANDIDATE_PARAM: operation.candidate_id},
)

st.subheader(_("Realiseret mod forventet gevinst"))
mine = table.filter(pl.col("candidate_id") == operation.candidate_id)
if mine.filter(pl.col("realised_gain_dkk").is_not_null()).is_empty():
    st.info(_("Der er ikke fulgt op på gevinsterne endnu."), icon="ℹ️")
else:
    st.plotly_chart(charts.follow_up_chart(mine))
    below = mine.filter(pl.col("deviation_dkk") < 0)
    if below.height:
        st.warning(
            _("{n} af {total} opfølgninger ligger under det forventede (røde søjler).").format(
                n=below.height, total=mine["realised_gain_dkk"].count()
            ),
            icon=":material/trending_down:",
        )
if not mine.is_empty():
    st.dataframe(tables.follow_up_view(mine), hide_index=True)

st.subheader(_("Baseline: udgangspunktet før driftsfællesskabet"))
st.markdown(
    _(
        "Hver kommunes udgift, årsværk og serviceniveau for opgaven, fastfrosset da "
        "driftsfællesskabet blev besluttet etableret (fra analysen, ellers fra screeningen). Den "
        "kan kun rettes med en begrundelse, som gemmes i beslutningsloggen."
    )
)
frozen = baseline.baseline_table(log).filter(pl.col("candidate_id") == operation.candidate_id)
if frozen.is_empty():
    st.info(_("Der er ingen fastfrosset baseline for dette driftsfællesskab."), icon="ℹ️")
else:
    st.dataframe(legal_tables.baseline_frame(frozen), hide_index=True)
    against = mine.filter(pl.col("realised_cost_dkk").is_not_null())
    if not against.is_empty():
        st.dataframe(legal_tables.against_baseline_frame(against), hide_index=True)
    with st.expander(_("Ret en baseline")):
        legal_view.correction_form(operation, members)
with st.expander(_("Registrér en opfølgning"), expanded=False):
    recorded = state.follow_ups(events, operation.candidate_id)
    years = sorted({y for y in mine["year"].to_list()})
    follow_up_view.follow_up_form(operation, members, years, recorded)

st.subheader(_("Serviceaftale"))
if not agreement.version:
    st.info(_("Serviceaftalen er ikke skrevet endnu."), icon="ℹ️")
else:
    st.markdown(
        _("**Leverandør:** {supplier} · **Første driftsår:** {year}").format(
            supplier=safe_text.markdown(terms["supplier"]), year=terms["start_year"]
        )
    )
    st.markdown(_("**Servicekatalog** – hver ydelse med serviceniveau (kvalitet og mængde):"))
    st.dataframe(tables.catalogue_table(terms["services"]), hide_index=True)
st.markdown(_("**Pristyperne**"))
st.markdown(agreement_view.pricing_types_text())
if agreement.version:
    st.markdown(
        _("**Selvkostprincippet:** {text}").format(
            text=safe_text.markdown(terms.get("cost_price") or _("ikke beskrevet"))
        )
    )
    st.markdown(
        _("**Nulresultatprincippet:** {text}").format(
            text=safe_text.markdown(terms.get("zero_result") or _("ikke beskrevet"))
        )
    )
    budget = terms.get("annual_budget")
    share, cap = terms.get("surplus_share", 0.0), terms.get("surplus_cap", 0.0)
    text = _(
        "**Overførsel af resultat:** {share} % af et overskud føres over til næste år, dog "
        "højst {cap} % af budgettet. {deficit}"
    ).format(
        share=number(share * 100),
        cap=number(cap * 100),
        deficit=safe_text.markdown(terms.get("deficit") or ""),
    )
    st.markdown(text)
    if budget:
        surplus = budget * 0.1
        st.caption(
            _(
                "Eksempel med budgettet {budget}: et overskud på {surplus} giver {carried} til "
                "næste år; et underskud på {surplus} føres fuldt over ({deficit})."
            ).format(
                budget=tables.kroner(budget),
                surplus=tables.kroner(surplus),
                carried=tables.kroner(carry_over(surplus, budget, share, cap)),
                deficit=tables.kroner(carry_over(-surplus, budget, share, cap)),
            )
        )
    st.markdown(
        _("**Vilkår for at træde ud** ({months} måneders varsel): {text}").format(
            months=terms.get("notice_months"),
            text=safe_text.markdown(terms.get("exit_terms") or _("ikke beskrevet")),
        )
    )
with st.expander(_("Redigér serviceaftalen"), expanded=not agreement.version):
    agreement_view.agreement_form(operation, agreement)
