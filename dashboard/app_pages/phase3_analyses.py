"""Fase 3: the targeted analyses side by side for the coordination committee, and one analysis
in full for the project group to fill in: status with its history, the analysis, the business
case with its formula and sources, the distribution keys side by side, the legal vehicle, each
municipality's decision to join, and the coalition's comments.

The candidate comes from ``?kandidat=<candidate_id>`` (the candidate page links here), else
from the last choice in this session, else the first analysis.
"""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard.common import data, decision_store, safe_text
from dashboard.phase3 import (
    analysis_view,
    charts,
    coalition_view,
    legal_panels_view,
    status_view,
    tables,
)
from dashboard.phase3 import saving_view as saving
from dashboard.shell import page_paths
from screening.coalition import load_coalition_rule
from screening.config import load_screening_config
from screening.i18n import _, number
from screening.phase3 import exits, legal, state
from screening.phase3.business_case import MunicipalityFigures, business_case, shares_by_key
from screening.phase3.portfolio import portfolio
from screening.phase3.settings import SettingsError, load_phase3_settings
from screening.vocabulary import (
    DISTRIBUTION_KEYS,
    LEGAL_READINESS,
    LEGAL_VEHICLES,
)

CHOICE_KEY = "phase3_candidate"


def _settings():
    try:
        return load_phase3_settings()
    except SettingsError as error:
        st.error(str(error), icon="⚠️")
        st.stop()


def _from_screening(path, candidate: state.Phase3Candidate) -> list[MunicipalityFigures]:
    """Before the project group enters figures: each municipality's own screening figures,
    with the file and row they came from."""
    tasks = data.candidate_tasks(path, candidate.candidate_id)
    found = []
    for municipality in candidate.coalition:
        mine = tasks.filter(pl.col("municipality") == municipality)
        if mine.is_empty():
            found.append(
                MunicipalityFigures(municipality, source=_("Ikke i screeningen; skal indtastes."))
            )
            continue
        rows = ", ".join(
            _("{file} række {row}").format(file=r["source_file"], row=r["source_row"])
            for r in mine.iter_rows(named=True)
        )
        found.append(
            MunicipalityFigures(
                municipality,
                baseline_cost=mine["cost_base_dkk"].sum()
                if mine["cost_base_dkk"].count()
                else None,
                expected_gain=mine["potential_dkk"].sum()
                if mine["potential_dkk"].count()
                else None,
                fte=_sum(mine["fte"]) if "fte" in mine.columns else None,
                source=_("Screeningsskabelonen: {rows}").format(rows=rows),
            )
        )
    return found


def _sum(column: pl.Series) -> float | None:
    return float(column.sum()) if column.count() else None  # blank stays blank, not 0


def _choose(candidates: list[state.Phase3Candidate]) -> state.Phase3Candidate:
    ids = [c.candidate_id for c in candidates]
    wanted = st.query_params.get(page_paths.CANDIDATE_PARAM)
    if wanted in ids:
        st.session_state[CHOICE_KEY] = wanted
    elif st.session_state.get(CHOICE_KEY) not in ids:
        st.session_state[CHOICE_KEY] = ids[0]
    titles = {c.candidate_id: safe_text.plain(c.title) for c in candidates}
    chosen = st.selectbox(
        _("Vælg analyse"), ids, format_func=titles.get, key=CHOICE_KEY, placeholder=_("Vælg")
    )
    st.query_params[page_paths.CANDIDATE_PARAM] = chosen
    return candidates[ids.index(chosen)]


def _formula(settings) -> None:
    st.markdown(
        _(
            "**Sådan regnes business casen.** Nettogevinst pr. år = forventet gevinst pr. år − "
            "løbende udgift pr. år. Tilbagebetalingstid = engangsudgift / nettogevinst pr. år. "
            "Nutidsværdi over {h} år med en diskonteringsrente på {r} %:"
        ).format(h=settings.horizon_years, r=number(settings.discount_rate * 100, 1))
    )
    st.latex(
        r"\text{NV} = -E + G \cdot \sum_{t=1}^{H} \frac{1}{(1+r)^t}"
        rf" \qquad H = {settings.horizon_years},\ r = {settings.discount_rate:g}"
    )
    st.caption(
        _(
            "E er engangsudgiften (betalt ved start), G nettogevinsten pr. år (ved udgangen af "
            "hvert år). Rente og horisont står i config/screening.toml under [phase3]."
        )
    )


st.title(_("Fase 3 – målrettede analyser"))
st.markdown(
    _(
        "En kandidat, som {rule} har besluttet at gå videre med, får en målrettet "
        "analyse: rationalet gøres konkret, fordele og ulemper vejes, business casen regnes, og "
        "driftsfællesskabet etableres – eller opgives. Projektgruppen udfylder analysen; "
        "koalitionens kommuner kommenterer og træffer hver sin beslutning om at tiltræde."
    ).format(rule=load_coalition_rule().text())
)
path, gross_list = data.gross_list_or_stop()
log = decision_store.events()
settings = _settings()
populations = {m.name: m.population for m in load_screening_config().municipalities}
candidates = state.phase3_candidates(gross_list, log)
if not candidates:
    st.info(
        _(
            "Ingen kandidater er i fase 3 endnu. En kandidat kommer hertil, når {rule} "
            "har besluttet «ønsker at gå videre» under «Politiske beslutninger»."
        ).format(rule=load_coalition_rule().text()),
        icon="ℹ️",
    )
    st.page_link(
        page_paths.POLITICAL, label=_("Til Politiske beslutninger"), icon=":material/gavel:"
    )
    st.stop()

events = state.phase3_events(log)
in_phase3 = portfolio(gross_list, log, settings)
st.subheader(_("Analyserne side om side"))
st.dataframe(tables.portfolio_table(in_phase3), hide_index=True)
established = len(state.established(log))  # the funnel's «Etableret» reads the same
if established:
    st.page_link(
        page_paths.FOLLOW_UP,
        label=_("{n} etableret – se opfølgningen").format(n=established),
        icon=":material/trending_up:",
    )

st.divider()
saving.show_result()
candidate = _choose(candidates)
current = state.status(events, candidate.candidate_id)
st.header(safe_text.markdown(candidate.title))
st.markdown(
    _("**Koalition:** {coalition} · **Status:** {status} · **Juridisk parathed:** {ready}").format(
        coalition=", ".join(candidate.coalition),
        status=tables.status_label(current.value),
        ready=tables.label(LEGAL_READINESS, legal.readiness(events, candidate.candidate_id)),
    )
)
if candidate.authority_exercise:
    st.warning(
        _(
            "Opgaven indeholder myndighedsudøvelse. En kommune må kun overlade den til en anden, "
            "når en lov giver hjemmel; analysen skal angive hjemlen, ellers kan kandidaten ikke "
            "anbefales."
        ),
        icon=":material/gavel:",
    )
st.page_link(
    page_paths.CANDIDATE,
    label=_("Kandidatens opgaver og score"),
    icon=":material/search:",
    query_params={page_paths.CANDIDATE_PARAM: candidate.candidate_id},
)

analysis = state.analysis(events, candidate.candidate_id)
entered, figures_record = state.figures(events, candidate)
if not figures_record.version:
    entered = _from_screening(path, candidate)
doc = analysis.details

tabs = st.tabs(
    [
        _("Status"),
        _("Analyse"),
        _("Business case"),
        _("Fordelingsnøgle"),
        _("Juridisk form"),
        _("Juridisk screening"),
        _("Kommunernes beslutninger"),
        _("Hvis en kommune træder ud"),
        _("Kommentarer"),
    ]
)
with tabs[0]:
    history = state.status_history(events, candidate.candidate_id)
    if history.is_empty():
        st.info(_("Analysen er ikke startet endnu."), icon="ℹ️")
    else:
        st.dataframe(tables.history_table(history), hide_index=True)
    problems = state.recommendation_problems(events, candidate)
    if problems and current.value in (None, state.IN_ANALYSIS):
        st.markdown(_("**Før kandidaten kan anbefales:**"))
        st.markdown("\n".join(f"- {p}" for p in problems))
    screening = {
        f.municipality: {"cost_base": f.baseline_cost, "fte": f.fte, "source": f.source}
        for f in _from_screening(path, candidate)
    }
    status_view.status_form(candidate, current, screening)

with tabs[1]:
    st.markdown(_("**Rationalet gjort konkret**"))
    st.markdown(safe_text.markdown(doc.get("rationale")))
    left, right = st.columns(2)
    left.markdown(_("**Fordele**"))
    left.markdown("\n".join(f"- {safe_text.markdown(a)}" for a in doc.get("advantages", [])) or "–")
    right.markdown(_("**Ulemper**"))
    right.markdown(
        "\n".join(f"- {safe_text.markdown(d)}" for d in doc.get("disadvantages", [])) or "–"
    )
    st.markdown(_("**Risici**"))
    st.dataframe(tables.risk_table(doc.get("risks", [])), hide_index=True)
    if analysis.version:
        st.caption(
            _("Senest gemt af {who} {when} (version {v}).").format(
                who=safe_text.markdown(analysis.user_name),
                when=tables.when(analysis.recorded_at),
                v=analysis.version,
            )
        )
    with st.expander(_("Redigér analysen"), expanded=not analysis.version):
        analysis_view.analysis_form(candidate, analysis)

with tabs[2]:
    results, total = business_case(entered, settings)
    unit = figures_record.details.get("usage_unit", "")
    missing = [f.municipality for f in entered if not f.complete]
    a, b, c = st.columns(3)
    a.metric(
        _("Nettogevinst pr. år"),
        tables.MISSING if missing else tables.millions(total.net_annual_gain),
        border=True,
    )
    b.metric(
        _("Tilbagebetalingstid"),
        tables.MISSING if missing else tables.years(total.payback_years),
        border=True,
    )
    c.metric(
        _("Nutidsværdi over {h} år").format(h=settings.horizon_years),
        tables.MISSING if missing else tables.millions(total.net_present_value),
        border=True,
    )
    if missing:
        st.warning(
            _(
                "Koalitionens business case regnes, når alle kommuner har en forventet gevinst "
                "og en engangsudgift. Mangler for: {municipalities}."
            ).format(municipalities=", ".join(missing)),
            icon="⚠️",
        )
    if not figures_record.version:
        st.info(
            _(
                "Tallene er endnu ikke gemt i analysen: udgiftsbase og gevinst vises fra "
                "kommunernes screeningsskabeloner. Ret dem, og tilføj engangsudgift og løbende "
                "udgift."
            ),
            icon="ℹ️",
        )
    st.dataframe(tables.business_case_table(entered, results, total, unit), hide_index=True)
    _formula(settings)
    with st.expander(_("Redigér tallene"), expanded=False):
        analysis_view.figures_form(candidate, entered, figures_record)

with tabs[3]:
    st.markdown(
        _(
            "Koalitionens samlede engangsudgift, nettogevinst og nutidsværdi fordelt på "
            "kommunerne efter hver nøgle, side om side, så hver kommune kan se, hvad valget af "
            "nøgle betyder for den. Beløbene er fordelt i hele kroner, så de summer præcis til "
            "helheden. ✓ markerer den valgte nøgle."
        )
    )
    found, unavailable = shares_by_key(entered, populations, settings)
    if found:
        st.dataframe(tables.keys_table(found, doc.get("distribution_key")), hide_index=True)
        st.plotly_chart(charts.keys_chart(found), width="stretch")
    for key, reason in unavailable.items():
        st.caption(
            _("{key}: kan ikke bruges. {reason}").format(
                key=tables.label(DISTRIBUTION_KEYS, key), reason=reason
            )
        )

with tabs[4]:
    chosen = doc.get("legal_vehicle")
    for term in LEGAL_VEHICLES:
        mark = "✓ " if term.code == chosen else ""
        st.markdown(f"**{mark}{_(term.label)}** – {_(term.explanation)}")
    if chosen == "host_municipality" and doc.get("host_municipality"):
        st.markdown(_("**Værtskommune:** {m}").format(m=doc["host_municipality"]))
    if doc.get("legal_basis"):
        st.markdown(_("**Hjemmel:** {b}").format(b=safe_text.markdown(doc["legal_basis"])))
    if doc.get("supervisory_approval"):
        st.markdown(
            _("**Tilsynsmyndighedens godkendelse:** {a}").format(
                a=safe_text.markdown(doc["supervisory_approval"])
            )
        )
    legal_panels_view.route_panel(candidate, events, current, chosen)

with tabs[5]:
    legal_panels_view.screen_panel(candidate, events)

with tabs[6]:
    joins = state.joins(events, candidate)
    st.dataframe(tables.joins_table(joins, candidate.coalition), hide_index=True)
    coalition_view.join_form(candidate, joins)

with tabs[7]:
    legal_panels_view.exit_panel(
        candidate,
        exits.exit_scenarios(
            gross_list, log, populations, settings, load_coalition_rule().minimum()
        ),
    )

with tabs[8]:
    comments = state.comments(events, candidate.candidate_id)
    if comments.is_empty():
        st.caption(_("Ingen kommentarer endnu."))
    else:
        st.dataframe(tables.comments_table(comments), hide_index=True)
    coalition_view.comment_form(candidate)
