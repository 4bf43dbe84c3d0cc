"""Runder: the screening rounds over the years. Pick an earlier round to read its gross list and
plan, and see its candidates beside this round's: proposed again, new, no longer proposed, and
what has been established since. Nothing of an earlier round is carried onto this one."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard.common import data, decision_store, formatting, forms, queries, safe_text
from dashboard.rounds import charts, overview_view
from dashboard.shell import identity, language
from screening.config import load_screening_config, rounds_dir
from screening.decisions import rights, state
from screening.i18n import _
from screening.rounds.archive import RoundFileError, current_round, earlier_rounds
from screening.rounds.closing import close_round
from screening.rounds.comparison import candidate_texts, compare_rounds, comparison_counts
from screening.rounds.status import round_events
from screening.vocabulary import COOPERATION_FORMS, ROUND_COMPARISON, TASK_TYPES, short_of

ROUND_KEY = "rounds_round"
CONFIRM_KEY = "rounds_close_confirmed"
CLOSE_RESULT_KEY = "rounds_close_result"
CLOSE_LABEL = "Afslut og gem runden"
FILTER_KEY = "rounds_comparison_filter"


@st.cache_data(show_spinner=False)
def _comparison(previous: pl.DataFrame, current: pl.DataFrame) -> pl.DataFrame:
    return compare_rounds(previous, current)


def _labels(codes: pl.Series, translate) -> pl.Series:
    """``translate`` applied here, in the reader's thread: Polars's ``map_elements`` may run on
    a worker thread, which does not know the reader's language."""
    return pl.Series([translate(code) if code is not None else None for code in codes.to_list()])


def _list_table(candidates: pl.DataFrame) -> pl.DataFrame:
    return candidates.select(
        pl.col("rank").alias(_("Nr.")),
        pl.col("title").alias(_("Kandidat")),
        pl.col("municipalities").list.join(", ").alias(_("Kommuner")),
        pl.lit(
            _labels(candidates["task_type"], lambda c: _(short_of(TASK_TYPES, c))), pl.String
        ).alias(_("Opgavetype")),
        pl.lit(
            _labels(candidates["cooperation_form"], lambda c: _(short_of(COOPERATION_FORMS, c))),
            pl.String,
        ).alias(_("Samdriftsform")),
        pl.col("assessment").fill_null("").alias(_("Rundens vurdering")),
        pl.col("established").fill_null("").alias(_("Etableret siden")),
    )


def _comparison_table(comparison: pl.DataFrame, previous_label: str, label: str) -> pl.DataFrame:
    return comparison.select(
        pl.lit(_labels(comparison["comparison_label"], _), pl.String).alias(_("Sammenligning")),
        pl.col("previous_title").fill_null("").alias(previous_label),
        pl.col("previous_assessment").fill_null("").alias(_("Vurdering dengang")),
        pl.col("established").fill_null("").alias(_("Etableret siden")),
        pl.col("title").fill_null("").alias(label),
        pl.col("rank").cast(pl.String).fill_null("").alias(_("Nr. nu")),
        pl.col("municipalities").list.join(", ").fill_null("").alias(_("Kommuner nu")),
        pl.col("confidence").alias(_("Lighed")),
    )


@language.in_readers_language
def _close(status) -> None:
    def close():
        events = decision_store.events()
        return close_round(
            decision_store.engine(),
            identity.acting_user(),
            status,
            config.municipality_names(),
            decision_store.snapshots(with_rows=True),
            state.political_decisions(round_events(events, status.started)),
            rounds_dir(),
            status.today,
        )

    saves = forms.Saves(CLOSE_RESULT_KEY)
    saves.attempt(
        close,
        done=lambda closed: _("{label} er afsluttet med {n} kandidater og gemt i {folder}.").format(
            label=safe_text.markdown(status.label),
            n=closed.n_candidates,
            folder=safe_text.markdown(closed.folder),
        ),
    )
    saves.keep()


def _closing(status) -> None:
    """The project group closes the round when it is over: the frozen list and what was
    decided go into the round's own folder, read beside the next round."""
    st.markdown("**" + _("Afslut runden") + "**")
    forms.show_result(CLOSE_RESULT_KEY)
    refusal = identity.refusal(identity.current_user(), rights.ROUND_PLAN)
    if refusal:
        st.caption(refusal)
        return
    st.caption(
        _(
            "Når runden er slut, gemmes den nyeste fastfrosne liste, kommunernes beslutninger og "
            "planen i rundens egen mappe. Næste runde (ny «round» i config/screening.toml) viser "
            "den ved siden af sin egen; intet overføres."
        )
    )
    confirmed = st.checkbox(_("Ja, runden er slut"), key=CONFIRM_KEY)
    st.button(_(CLOSE_LABEL), disabled=not confirmed, on_click=_close, args=(status,))


config = load_screening_config()
st.title(_("Runder"))
try:
    archived = earlier_rounds(rounds_dir(), config.round.id)
except RoundFileError as error:
    st.error(str(error), icon="⚠️")
    archived = []
this_round = current_round(config)
labels = {this_round.id: _("{label} (igangværende)").format(label=this_round.label)}
labels |= {r.round.id: r.round.label for r in archived}
if not archived:
    st.info(_("Der er ingen tidligere runder i {folder}.").format(folder=rounds_dir()))
chosen = st.selectbox(
    _("Runde"),
    list(labels),
    index=1 if archived else 0,
    format_func=labels.get,
    key=ROUND_KEY,
    placeholder=_("Vælg"),
)

path = queries.published_database()
published = path if path.is_file() and data.has_tables(path, "gross_list") else None
gross_list = data.gross_list(published) if published else pl.DataFrame()

if chosen == this_round.id:
    st.subheader(this_round.label)
    st.write(
        _("{n} kandidater på bruttolisten.").format(n=formatting.number(gross_list.height))
        if published
        else _("Der er endnu ikke dannet en bruttoliste i denne runde.")
    )
    status = overview_view.current_status(published, gross_list)
    if status is not None:
        st.plotly_chart(
            charts.timeline(status.milestones, status.today, _("Milepæle")),
            key="rounds_timeline",
        )
        _closing(status)
    st.stop()

earlier = next(r for r in archived if r.round.id == chosen)
st.subheader(earlier.round.label)
if earlier.round.note:
    st.caption(safe_text.markdown(earlier.round.note))
columns = st.columns(3)
columns[0].metric(_("Kandidater på bruttolisten"), formatting.number(earlier.candidates.height))
columns[1].metric(_("Kommuner"), formatting.number(len(earlier.round.municipalities)))
established = earlier.candidates.filter(pl.col("established").is_not_null())
columns[2].metric(_("Etableret siden"), formatting.number(established.height))
st.plotly_chart(
    charts.timeline(earlier.milestones, None, _("Milepæle (afsluttet runde)")),
    key="earlier_timeline",
)
st.markdown("**" + _("Bruttolisten, som den blev forelagt") + "**")
st.dataframe(_list_table(earlier.candidates), hide_index=True, key="earlier_list")

st.subheader(
    _("{previous} ved siden af {current}").format(
        previous=earlier.round.label, current=this_round.label
    )
)
if gross_list.is_empty():
    st.info(_("Denne runde har endnu ingen bruttoliste at sammenligne med."))
    st.stop()
current = candidate_texts(gross_list, data.screening_tasks(published))
comparison = _comparison(earlier.candidates, current)
counts = comparison_counts(comparison)
metrics = st.columns(len(ROUND_COMPARISON))
for column, term in zip(metrics, ROUND_COMPARISON, strict=True):
    column.metric(_(term.label), formatting.number(counts[term.code]))
st.caption(
    _(
        "Kandidaterne er sammenlignet på titel, beskrivelse, fagområde og opgavetype, som "
        "opgaverne samles til kandidater. Intet fra {previous} er overført til denne runde: "
        "prioriteringer og beslutninger træffes på ny."
    ).format(previous=earlier.round.label)
)
shown = st.multiselect(
    _("Vis"),
    [t.code for t in ROUND_COMPARISON],
    default=[t.code for t in ROUND_COMPARISON],
    format_func=lambda code: _(next(t.label for t in ROUND_COMPARISON if t.code == code)),
    key=FILTER_KEY,
    placeholder=_("Vælg"),
)
st.dataframe(
    _comparison_table(
        comparison.filter(pl.col("comparison").is_in(shown)),
        earlier.round.label,
        this_round.label,
    ),
    hide_index=True,
    key="rounds_comparison",
    column_config={_("Lighed"): st.column_config.NumberColumn(format="%.2f")},
)
