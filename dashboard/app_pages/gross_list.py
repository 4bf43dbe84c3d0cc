"""Bruttoliste: the ranked candidates, filtered and searched, with how sure each rank and match
is; choosing one opens its page."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import data, decision_store, page_paths, phase_tables, priority_charts, tables
from screening.decisions import state
from screening.template.spec import COLUMNS_BY_CODE, META_MUNICIPALITY
from screening.vocabulary import COOPERATION_FORMS, SERVICE_AREAS, TASK_TYPES, Term, label_of

SELECTION_KEY = "gross_list_selection"


def _vocabulary_filter(column, gross_list: pl.DataFrame, code: str, terms: tuple[Term, ...]):
    """A multiselect over the codes that occur in ``code``, shown with their Danish labels."""
    present = set(gross_list[code].drop_nulls().to_list())
    known = [t.code for t in terms if t.code in present]
    choices = known + sorted(present - set(known))
    return column.multiselect(
        COLUMNS_BY_CODE[code].header,
        choices,
        format_func=lambda value: label_of(terms, value),
        placeholder="Alle",
    )


def _open_candidate(candidate_id: str) -> None:
    st.switch_page(page_paths.CANDIDATE, query_params={page_paths.CANDIDATE_PARAM: candidate_id})


st.title("Bruttoliste")
path, gross_list = data.gross_list_or_stop()
first = gross_list.row(0, named=True)
st.caption(
    f"{data.publication_caption(path)} · vægtprofil «{first['weight_profile']}», "
    f"version {first['weights_version']}"
)

municipalities = sorted({m for names in gross_list["municipalities"].to_list() for m in names})
top = st.columns([2, 2, 2, 2])
chosen_municipalities = top[0].multiselect(META_MUNICIPALITY, municipalities, placeholder="Alle")
chosen_areas = _vocabulary_filter(top[1], gross_list, "service_area", SERVICE_AREAS)
chosen_types = _vocabulary_filter(top[2], gross_list, "task_type", TASK_TYPES)
chosen_forms = _vocabulary_filter(top[3], gross_list, "cooperation_form", COOPERATION_FORMS)
bottom = st.columns([4, 2, 2, 2], vertical_alignment="bottom")
search = bottom[0].text_input("Søg i opgavernes titler", placeholder="Fx løn, IT eller depot")
sort_option = bottom[1].selectbox("Sortér efter", list(tables.SORT_OPTIONS))
# Where each candidate stands, live from the decision store: a decision shows at the next rerun.
log = decision_store.events_if_available()
status = None if log is None else decision_store.phase_status(gross_list, log)
phase_labels = [] if status is None else status["phase_label"].unique().sort().to_list()
chosen_phases = bottom[2].multiselect(
    phase_tables.PHASE_HEADER, phase_labels, placeholder="Alle", disabled=status is None
)
shared_only = bottom[3].checkbox("Kun forslag fra mindst 2 kommuner")

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

st.write(f"**{shown.height} af {gross_list.height} kandidater** · vælg en række for at åbne den.")
if shown.is_empty():
    st.info("Ingen kandidater passer til de valgte filtre. Fjern et filter, eller ret søgningen.")
    st.stop()

readable = tables.gross_list_table(shown)
if status is not None:
    phase_columns = phase_tables.status_table(
        shown["candidate_id"], status, state.priorities(log), state.political_decisions(log)
    )
    # The phase beside the score, where a reader looks first; who decided what at the end.
    first_columns = [tables.RANK_HEADER, tables.TITLE_HEADER, tables.SCORE_HEADER]
    readable = pl.concat([readable, phase_columns], how="horizontal").select(
        *first_columns,
        phase_tables.PHASE_HEADER,
        pl.exclude(*first_columns, phase_tables.PHASE_HEADER),
    )
selection = st.dataframe(
    readable,
    hide_index=True,
    on_select="rerun",
    selection_mode="single-row",
    key=SELECTION_KEY,
    column_config={
        tables.RANK_HEADER: st.column_config.NumberColumn(width="small"),
        tables.TITLE_HEADER: st.column_config.TextColumn(width="medium"),
        **{name: st.column_config.TextColumn(alignment="right") for name in tables.AMOUNT_HEADERS},
        tables.N_MUNICIPALITIES_HEADER: st.column_config.NumberColumn(width="small"),
        tables.RANK_INTERVAL_HEADER: st.column_config.TextColumn(help=tables.RANK_INTERVAL_HELP),
        tables.TOP10_HEADER: st.column_config.TextColumn(help=tables.TOP10_HELP, alignment="right"),
        tables.MATCH_HEADER: st.column_config.TextColumn(help=tables.MATCH_HELP),
        phase_tables.PRIORITISED_HEADER: st.column_config.TextColumn(
            help="De direktioner, der har prioriteret kandidaten (fase 1), med deres prioritet."
        ),
        phase_tables.COALITION_HEADER: st.column_config.TextColumn(
            help="De kommuner, hvis udvalg har besluttet «ønsker at gå videre» (fase 2). Med "
            "mindst to går kandidaten videre til fase 3."
        ),
        phase_tables.ATTENTION_HEADER: st.column_config.TextColumn(
            help="En beslutning om kandidaten er blevet tvetydig, fordi kandidaten er delt eller "
            "slået sammen med en anden. Se «Overblik»."
        ),
    },
)
if selection.selection.rows:
    # The selection lives in widget state, which Streamlit drops once this page is left, so
    # coming back to the list does not bounce straight back to the candidate.
    _open_candidate(shown["candidate_id"][selection.selection.rows[0]])

# The same choice without the table, for keyboard and screen-reader users.
candidates = shown.select("candidate_id", "rank", "title", "municipalities", "authority_exercise")
options = {
    row["candidate_id"]: tables.candidate_option(row) for row in candidates.iter_rows(named=True)
}
pick, link = st.columns([4, 1], vertical_alignment="bottom")
picked = pick.selectbox("Kandidat", list(options), format_func=options.get)
with link:
    st.page_link(
        page_paths.CANDIDATE,
        label="Åbn kandidaten",
        icon=":material/search:",
        query_params={page_paths.CANDIDATE_PARAM: picked},
    )

if "rank_p05" in shown.columns:
    with st.expander("Hvor sikker er placeringen?", expanded=True):
        st.markdown(
            "Vægtene er et skøn. Derfor er bruttolisten også beregnet med 1.000 tilfældige "
            "variationer af vægtene omkring vægtprofilen. Bjælken viser den placering, kandidaten "
            "får i 90 % af variationerne, og prikken placeringen på bruttolisten. En kort bjælke "
            "betyder, at placeringen ikke afhænger af de præcise vægte."
        )
        st.plotly_chart(priority_charts.rank_intervals(shown.sort("rank")))
