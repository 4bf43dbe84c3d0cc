"""Kandidat: one candidate's source tasks side by side, why it scores as it does, how it
compares with another candidate, and how far the weights must move to change its place.

The candidate comes from ``?kandidat=<candidate_id>`` (links from the gross list, shareable),
else from the last choice in this session, else the top of the gross list.
"""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard.common import data, decision_store, formatting, safe_text
from dashboard.decisions import phase_tables, priority_charts
from dashboard.phase3 import legal_tables, legal_view
from dashboard.phase3 import saving_view as phase3_saving
from dashboard.ranking import charts, tables, weights
from dashboard.shell import language, page_paths
from screening.coalition import load_coalition_rule
from screening.decisions import state
from screening.decisions.record import Candidate
from screening.i18n import _
from screening.phase3 import legal
from screening.phase3 import state as phase3_state  # its own history is on «Fase 3»
from screening.ranking.scoring import CRITERION_LABELS
from screening.ranking.sensitivity import rank_tipping_points
from screening.template.spec import COLUMNS_BY_CODE
from screening.vocabulary import (
    COOPERATION_FORMS,
    GOALS,
    LEGAL_READINESS,
    NO_LABEL,
    TASK_TYPES,
    YES_LABEL,
    label_of,
    short_of,
)

CHOICE_KEY = "candidate_choice"
MAX_COLUMNS = 4  # more municipalities than this wrap onto a new row of cards


def _header(code: str) -> str:
    return _(COLUMNS_BY_CODE[code].header)


def _remember_choice() -> None:
    # Runs before the rerun, so the query parameter already names the new choice when read.
    st.query_params[page_paths.CANDIDATE_PARAM] = st.session_state[CHOICE_KEY]


def _choose_candidate(gross_list: pl.DataFrame) -> dict:
    ids = gross_list["candidate_id"].to_list()
    wanted = st.query_params.get(page_paths.CANDIDATE_PARAM)
    if wanted in ids:
        st.session_state[CHOICE_KEY] = wanted
    elif st.session_state.get(CHOICE_KEY) not in ids:
        if wanted:
            st.warning(
                _(
                    "Kandidaten i linket findes ikke på den aktuelle bruttoliste, "
                    "så nr. 1 vises i stedet."
                )
            )
        st.session_state[CHOICE_KEY] = ids[0]
    options = {
        row["candidate_id"]: tables.candidate_option(row)
        for row in gross_list.iter_rows(named=True)
    }
    chosen = st.selectbox(
        _("Vælg kandidat"),
        ids,
        format_func=options.get,
        key=CHOICE_KEY,
        on_change=_remember_choice,
        placeholder=_("Vælg"),
    )
    st.query_params[page_paths.CANDIDATE_PARAM] = chosen
    return gross_list.row(ids.index(chosen), named=True)


def _task_card(task: dict) -> None:
    with st.container(border=True):
        st.markdown(f"**{safe_text.markdown(task['title'])}**")
        st.markdown(safe_text.markdown(task["description"]))
        goals = ", ".join(_(short_of(GOALS, g)) for g in task["goals"] or [])
        authority = _(YES_LABEL if task["authority_exercise"] else NO_LABEL)
        facts = [
            (_header("cost_base_dkk"), formatting.kroner(task["cost_base_dkk"])),
            (_header("fte"), formatting.quantity(task["fte"])),
            (_header("potential_dkk"), formatting.kroner(task["potential_dkk"])),
            (_header("cooperation_form"), _(label_of(COOPERATION_FORMS, task["cooperation_form"]))),
            (_header("task_type"), _(label_of(TASK_TYPES, task["task_type"]))),
            (_header("service_area"), formatting.service_area(task)),
            (_(CRITERION_LABELS["goals"]), goals or formatting.MISSING),
            (_header("authority_exercise"), authority),
            (_header("complexity"), formatting.number(task["complexity"])),
            (_header("time_horizon_years"), formatting.quantity(task["time_horizon_years"])),
        ]
        st.markdown("\n".join(f"- **{label}:** {value}" for label, value in facts))
        for code in ("partners", "barriers", "remarks", "contact"):
            if task[code]:
                st.markdown(f"**{_header(code)}:** {safe_text.markdown(task[code])}")


def _source_tasks(tasks: pl.DataFrame) -> None:
    municipalities = tasks["municipality"].unique(maintain_order=True).to_list()
    for start in range(0, len(municipalities), MAX_COLUMNS):
        row = municipalities[start : start + MAX_COLUMNS]
        for column, municipality in zip(st.columns(len(row)), row, strict=True):
            with column:
                st.subheader(safe_text.markdown(municipality))
                for task in tasks.filter(pl.col("municipality") == municipality).iter_rows(
                    named=True
                ):
                    _task_card(task)


def _phase_status(candidate: dict, status: dict, log: pl.DataFrame) -> None:
    """Where the candidate stands in phases 1 and 2, each municipality's decisions beside each
    other, and every change to them (the audit trail), newest first."""
    st.subheader(_("Status i faserne"))
    willing = status["willing_municipalities"]
    coalition = formatting.listing(willing) or _("ingen endnu")
    st.markdown(
        _("**{phase}** · vil gå videre: {coalition} ({n} af mindst {needed})").format(
            phase=_(status["phase_label"]),
            coalition=coalition,
            n=len(willing),
            needed=load_coalition_rule().minimum(),
        )
    )
    if status["advances"]:  # on the phase-3 list: its targeted analysis is one click away
        st.page_link(page_paths.PHASE3_ANALYSES, label=_("Den målrettede analyse (fase 3)"), icon=":material/analytics:", query_params={page_paths.CANDIDATE_PARAM: candidate["candidate_id"]})  # noqa: E501  # fmt: skip
    if status["needs_attention"]:
        st.warning(
            _(
                "**Kræver opmærksomhed.** Mindst én beslutning om kandidaten er blevet tvetydig, "
                "fordi kandidaten siden er delt eller slået sammen. Se listen på «Overblik»."
            ),
            icon="⚠️",
        )
    st.dataframe(
        language.headers(
            phase_tables.municipality_decisions(
                candidate,
                data.participating_municipalities(),
                state.priorities(log),
                state.political_decisions(log),
            )
        ),
        hide_index=True,
    )
    st.subheader(_("Beslutningshistorik"))
    history = state.candidate_history(phase3_state.without_phase3(log), candidate["candidate_id"])
    if history.is_empty():
        st.info(_("Der er endnu ikke registreret beslutninger om kandidaten."))
    else:
        st.dataframe(language.headers(phase_tables.history_table(history)), hide_index=True)


def _legal_screen(candidate: dict, log: pl.DataFrame) -> None:
    """The legal feasibility screen: its readiness, each answer, and the form to answer."""
    st.subheader(_("Juridisk screening"))
    cid = candidate["candidate_id"]
    st.markdown(
        _("**Juridisk parathed:** {ready}").format(
            ready=_(label_of(LEGAL_READINESS, legal.readiness(log, cid)))
        )
    )
    answers = legal.answers(log, cid)
    st.dataframe(legal_tables.checklist_table(answers), hide_index=True)
    phase3_saving.show_result()
    with st.expander(_("Besvar et spørgsmål")):
        legal_view.checklist_form(
            Candidate(cid, candidate["title"], tuple(candidate["task_ids"]), ()), answers
        )


def _compare(gross_list: pl.DataFrame, candidate: dict) -> None:
    st.subheader(_("Sammenlign med en anden kandidat"))
    others = gross_list.filter(pl.col("candidate_id") != candidate["candidate_id"])
    if others.is_empty():
        st.info(_("Der er ingen andre kandidater på bruttolisten at sammenligne med."))
        return
    ids = others["candidate_id"].to_list()
    # The neighbour just below (or above, for the last): the comparison people usually want.
    neighbour = min(candidate["rank"], len(ids)) - 1
    options = {
        row["candidate_id"]: tables.candidate_option(row) for row in others.iter_rows(named=True)
    }
    other_id = st.selectbox(
        _("Sammenlign med"),
        ids,
        index=neighbour,
        format_func=options.get,
        key=f"compare_{candidate['candidate_id']}",  # each candidate remembers its own comparison
        placeholder=_("Vælg"),
    )
    other = others.row(ids.index(other_id), named=True)
    st.plotly_chart(priority_charts.contributions_side_by_side(candidate, other))


def _tipping_points(path, gross_list: pl.DataFrame, candidate: dict) -> None:
    st.subheader(_("Hvor robust er placeringen?"))
    if not data.has_tables(path, "candidate_values"):
        st.info(_(data.OLDER_COPY_MESSAGE), icon="ℹ️")
        return
    config = data.scoring_config()
    profile = weights.published_profile(config, gross_list)
    if profile is None:
        st.info(
            _(
                "Vægtprofilen «{profile}» (version {version}), som bruttolisten er beregnet med, "
                "findes ikke længere uændret i vægtfilen. Vippepunkterne vises igen, når "
                "bruttolisten er dannet på ny."
            ).format(
                profile=safe_text.markdown(candidate["weight_profile"]),
                version=safe_text.markdown(candidate["weights_version"]),
            ),
            icon="ℹ️",
        )
        return
    tipping = rank_tipping_points(
        data.candidate_values(path),
        profile,
        config.authority_exercise_penalty,
        [candidate["candidate_id"]],
    )
    st.markdown(
        _(
            "For hvert kriterium: hvor mange procentpoint vægten skal flyttes, før kandidaten "
            "skifter plads på bruttolisten. De øvrige vægte justeres forholdsmæssigt, så de "
            "tilsammen stadig er 100 %. Jo mindre flytning der skal til, desto mere usikker er "
            "placeringen."
        )
    )
    st.dataframe(
        language.headers(weights.tipping_table(tipping)),
        hide_index=True,
        column_config=language.config(
            {_("Forklaring"): st.column_config.TextColumn(width="large")}
        ),
    )


st.title(_("Kandidat"))
path, gross_list = data.gross_list_or_stop()

candidate = _choose_candidate(gross_list)
st.header(safe_text.markdown(candidate["title"]))
st.markdown(
    _("**Kommuner:** {names}").format(
        names=safe_text.markdown(formatting.listing(candidate["municipalities"]))
    )
)
if candidate["authority_exercise"]:
    st.warning(
        _(
            "**{flag}.** Mindst én kommune har markeret opgaven som myndighedsudøvelse. En kommune "
            "må ikke overlade myndighedsudøvelse til en anden kommune, medmindre en lov tillader "
            "det; scoren er derfor trukket ned, og det retlige grundlag skal afklares, før "
            "forslaget går videre."
        ).format(flag=_(tables.AUTHORITY_FLAG))
    )
if candidate.get("needs_review"):
    st.warning(
        _(
            "**{flag}.** Mindst én af koblingerne mellem kommunernes opgaver er usikker; "
            "projektgruppen bør se den efter under «Sammenkobling»."
        ).format(flag=_(tables.UNCERTAIN_MATCH_FLAG))
    )

figures = st.columns(5)
figures[0].metric(
    _("Placering"),
    _("{rank} af {total}").format(rank=candidate["rank"], total=gross_list.height),
    border=True,
)
figures[1].metric(_("Score"), formatting.points(candidate["score"]), border=True)
figures[2].metric(_("Antal kommuner"), candidate["n_municipalities"], border=True)
figures[3].metric(
    _("Skønnet potentiale pr. år"),
    formatting.kroner_compact(candidate["potential_dkk"]),
    border=True,
)
figures[4].metric(
    _("Udgiftsbase pr. år"), formatting.kroner_compact(candidate["cost_base_dkk"]), border=True
)

st.subheader(_("Kommunernes forslag"))
_source_tasks(data.candidate_tasks(path, candidate["candidate_id"]))

st.subheader(_("Hvorfor denne score?"))
chart, parts = st.columns([3, 2])
chart.plotly_chart(charts.score_contributions(candidate))
contributions = charts.contribution_rows(candidate)
parts.dataframe(
    language.headers(
        pl.DataFrame(
            {
                _("Kriterium"): [label for label, _ in contributions] + [_(charts.TOTAL_LABEL)],
                _("Point"): [formatting.points(v) for _, v in contributions]
                + [formatting.points(candidate["score"])],
            }
        )
    ),
    hide_index=True,
)
parts.caption(
    _(
        "Vægtprofil «{profile}», version {version}. Scoren er summen af bidragene; fradraget for "
        "myndighedsudøvelse trækker fra."
    ).format(
        profile=safe_text.markdown(candidate["weight_profile"]),
        version=safe_text.markdown(candidate["weights_version"]),
    )
)
if (log := decision_store.events_if_available()) is not None:
    _phase_status(
        candidate,
        decision_store.phase_status(gross_list, log, data.screening_tasks(path))
        .filter(pl.col("candidate_id") == candidate["candidate_id"])
        .row(0, named=True),
        log,
    )
    _legal_screen(candidate, log)
_compare(gross_list, candidate)
_tipping_points(path, gross_list, candidate)
st.page_link(
    page_paths.GROSS_LIST,
    label=_("Tilbage til bruttolisten"),
    icon=":material/format_list_numbered:",
)
