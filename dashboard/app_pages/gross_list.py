"""Bruttoliste: the ranked candidates, filtered and searched, with how sure each rank and match
is; choosing one opens its page."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import streamlit as st

from dashboard.common import data, decision_store, downloads
from dashboard.decisions import phase_tables, priority_charts
from dashboard.ranking import tables
from dashboard.shell import language, page_paths
from screening.coalition import load_coalition_rule
from screening.decisions import state
from screening.i18n import _, current_language
from screening.phase3 import legal
from screening.template.spec import COLUMNS_BY_CODE, META_MUNICIPALITY
from screening.vocabulary import COOPERATION_FORMS, SERVICE_AREAS, TASK_TYPES, Term, label_of

SELECTION_KEY = "gross_list_selection"
ROW_KEY = "__candidate_id"
ROW_HEIGHT = 35
VISIBLE_ROWS = 25
LEGAL_HEADER = "Juridisk parathed"  # from the legal screen, one value per candidate


def _vocabulary_filter(column, gross_list: pl.DataFrame, code: str, terms: tuple[Term, ...]):
    """A multiselect over the codes that occur in ``code``, shown with their Danish labels."""
    present = set(gross_list[code].drop_nulls().to_list())
    known = [t.code for t in terms if t.code in present]
    choices = known + sorted(present - set(known))
    return column.multiselect(
        _(COLUMNS_BY_CODE[code].header),
        choices,
        format_func=lambda value: _(label_of(terms, value)),
        placeholder=_("Alle"),
    )


@st.cache_resource(show_spinner=False, max_entries=4)  # shared, not copied per rerun
def _readable_list(path: str, version: int, language: str, _gross_list: pl.DataFrame):
    """The whole list as the table shows it, formatted once per published copy and language:
    formatting a national list's 4,700 rows is most of a rerun, and a filter only takes rows
    from it. Keyed by candidate, so rows are taken by id, never by position."""
    return tables.gross_list_table(_gross_list).with_columns(
        _gross_list["candidate_id"].alias(ROW_KEY)
    )


def _readable_rows(path: Path, gross_list: pl.DataFrame, shown: pl.DataFrame) -> pl.DataFrame:
    try:
        version = path.stat().st_mtime_ns
    except FileNotFoundError:  # replaced this moment: format this run's rows directly
        return tables.gross_list_table(shown)
    formatted = _readable_list(str(path), version, current_language(), gross_list)
    return (
        shown.select(pl.col("candidate_id").alias(ROW_KEY))
        .join(formatted, on=ROW_KEY, how="left", maintain_order="left")
        .drop(ROW_KEY)
    )


def _open_candidate(candidate_id: str) -> None:
    st.switch_page(page_paths.CANDIDATE, query_params={page_paths.CANDIDATE_PARAM: candidate_id})


st.title(_("Bruttoliste"))
path, gross_list = data.gross_list_or_stop()
first = gross_list.row(0, named=True)
st.caption(
    _("{published} · vægtprofil «{profile}», version {version}").format(
        published=data.publication_caption(path),
        profile=first["weight_profile"],
        version=first["weights_version"],
    )
)

municipalities = sorted({m for names in gross_list["municipalities"].to_list() for m in names})
top = st.columns([2, 2, 2, 2])
chosen_municipalities = top[0].multiselect(
    _(META_MUNICIPALITY), municipalities, placeholder=_("Alle")
)
chosen_areas = _vocabulary_filter(top[1], gross_list, "service_area", SERVICE_AREAS)
chosen_types = _vocabulary_filter(top[2], gross_list, "task_type", TASK_TYPES)
chosen_forms = _vocabulary_filter(top[3], gross_list, "cooperation_form", COOPERATION_FORMS)
bottom = st.columns([3, 3, 2, 2], vertical_alignment="bottom")
search = bottom[0].text_input(_("Søg i opgavernes titler"), placeholder=_("Fx løn, IT eller depot"))
sort_option = bottom[1].selectbox(
    _("Sortér efter"), list(tables.SORT_OPTIONS), format_func=_, placeholder=_("Vælg")
)
# Where each candidate stands, live from the decision store: a decision shows at the next rerun.
log = decision_store.events_if_available()
status = (
    None
    if log is None
    else decision_store.phase_status(gross_list, log, data.screening_tasks(path))
)
phase_labels = [] if status is None else status["phase_label"].unique().sort().to_list()
chosen_phases = bottom[2].multiselect(
    _(phase_tables.PHASE_HEADER),
    phase_labels,
    format_func=_,
    placeholder=_("Alle"),
    disabled=status is None,
)
shared_only = bottom[3].checkbox(_("Kun forslag fra mindst 2 kommuner"))

shown = tables.sort_gross_list(
    tables.filter_gross_list(
        gross_list,
        tables.GrossListFilter(
            municipalities=chosen_municipalities,
            service_areas=chosen_areas,
            task_types=chosen_types,
            cooperation_forms=chosen_forms,
            shared_only=shared_only,
            search=search,
        ),
    ),
    sort_option,
)
if chosen_phases:
    in_phase = status.filter(pl.col("phase_label").is_in(chosen_phases))["candidate_id"]
    shown = shown.filter(pl.col("candidate_id").is_in(in_phase.to_list()))

st.write(
    _("**{shown} af {total} kandidater** · vælg en række for at åbne den.").format(
        shown=shown.height, total=gross_list.height
    )
)
if shown.is_empty():
    st.info(
        _("Ingen kandidater passer til de valgte filtre. Fjern et filter, eller ret søgningen.")
    )
    st.stop()

readable = _readable_rows(path, gross_list, shown)
for_file = tables.gross_list_file(shown, readable)
if status is not None:
    phase_columns = phase_tables.status_table(
        shown["candidate_id"], status, state.priorities(log), state.political_decisions(log)
    )
    readable = pl.concat([readable, phase_columns], how="horizontal")
    for_file = pl.concat([for_file, phase_columns], how="horizontal")
    readiness = legal.readiness_by_candidate(log, shown["candidate_id"].to_list())
    legal_column = pl.Series(_(LEGAL_HEADER), [_(t) for t in readiness["legal_readiness_label"]])
    readable = readable.with_columns(legal_column)
    for_file = for_file.with_columns(legal_column)
# What a director reads before deciding to scroll sideways, on a 1280 px screen without
# scrolling: rank, name, score and how sure the rank is, the phase, and the two flags that say
# «look closer» (authority exercise cannot simply be handed over; an uncertain match may be two
# different tasks).
first_columns = [
    name
    for name in (
        tables.RANK_HEADER,
        tables.TITLE_HEADER,
        tables.SCORE_HEADER,
        tables.RANK_INTERVAL_HEADER,
        phase_tables.PHASE_HEADER,
        tables.AUTHORITY_HEADER,
        tables.MATCH_HEADER,
    )
    if name in readable.columns
]
readable = readable.select(*first_columns, pl.exclude(*first_columns))
for_file = for_file.select(*first_columns, pl.exclude(*first_columns))
selection = st.dataframe(
    language.headers(readable),
    hide_index=True,
    # Up to 25 rows at a time instead of Streamlit's ten; the page scrolls for the rest.
    height=ROW_HEIGHT * (min(readable.height, VISIBLE_ROWS) + 1) + 3,
    row_height=ROW_HEIGHT,
    on_select="rerun",
    selection_mode="single-row",
    key=SELECTION_KEY,
    column_config=language.config(
        {
            tables.RANK_HEADER: st.column_config.NumberColumn(width=40, pinned=True),
            tables.TITLE_HEADER: st.column_config.TextColumn(width=220, pinned=True),
            **{
                name: st.column_config.TextColumn(alignment="right")
                for name in tables.AMOUNT_HEADERS
            },
            tables.SCORE_HEADER: st.column_config.TextColumn(width=55, alignment="right"),
            phase_tables.PHASE_HEADER: st.column_config.TextColumn(width=70),
            tables.AUTHORITY_HEADER: st.column_config.TextColumn(width=130),
            tables.N_MUNICIPALITIES_HEADER: st.column_config.NumberColumn(width="small"),
            tables.RANK_INTERVAL_HEADER: st.column_config.TextColumn(
                help=_(tables.RANK_INTERVAL_HELP), width=95
            ),
            tables.TOP10_HEADER: st.column_config.TextColumn(
                help=_(tables.TOP10_HELP), alignment="right"
            ),
            tables.MATCH_HEADER: st.column_config.TextColumn(help=_(tables.MATCH_HELP), width=150),
            phase_tables.PRIORITISED_HEADER: st.column_config.TextColumn(
                help=_(
                    "De direktioner, der har prioriteret kandidaten (fase 1), med deres prioritet."
                )
            ),
            phase_tables.COALITION_HEADER: st.column_config.TextColumn(
                help=_(
                    "De kommuner, hvis udvalg har besluttet «ønsker at gå videre» (fase 2). Med "
                    "{rule} går kandidaten videre til fase 3."
                ).format(rule=load_coalition_rule().text())
            ),
            phase_tables.ATTENTION_HEADER: st.column_config.TextColumn(
                help=_(
                    "En beslutning om kandidaten er blevet tvetydig, fordi kandidaten er delt "
                    "eller slået sammen med en anden. Se «Overblik»."
                )
            ),
        }
    ),
)
downloads.csv_button(language.headers(for_file), _("bruttoliste.csv"))
if selection.selection.rows:
    # The selection lives in widget state, which Streamlit drops once this page is left, so
    # coming back to the list does not bounce straight back to the candidate.
    _open_candidate(shown["candidate_id"][selection.selection.rows[0]])

# The same choice without the table, for keyboard and screen-reader users.
candidates = shown.select("candidate_id", "rank", "title", "municipalities", "authority_exercise")
options = tables.candidate_options(candidates)
pick, link = st.columns([4, 1], vertical_alignment="bottom")
picked = pick.selectbox(
    _("Kandidat"), list(options), format_func=options.get, placeholder=_("Vælg")
)
with link:
    st.page_link(
        page_paths.CANDIDATE,
        label=_("Åbn kandidaten"),
        icon=":material/search:",
        query_params={page_paths.CANDIDATE_PARAM: picked},
    )

if "rank_p05" in shown.columns:
    with st.expander(_("Hvor sikker er placeringen?"), expanded=True):
        st.markdown(
            _(
                "Vægtene er et skøn. Derfor er bruttolisten også beregnet med 1.000 tilfældige "
                "variationer af vægtene omkring vægtprofilen. Bjælken viser den placering, "
                "kandidaten får i 90 % af variationerne, og prikken placeringen på bruttolisten. "
                "En kort bjælke betyder, at placeringen ikke afhænger af de præcise vægte."
            )
        )
        st.plotly_chart(priority_charts.rank_intervals(shown.sort("rank")))
