"""Prioritering (fase 1): a directorate prioritises the gross list for its municipality.

The table is edited in place and saved with one button. Each save names the version of the
priority the director saw, so if someone else changed it meanwhile the store refuses it and the
page says who changed it to what; nothing is overwritten. The table the director edits is kept
in the session while edits are pending, so a rerun never swaps the versions under them.
"""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard.common import data, decision_store, formatting, forms, safe_text
from dashboard.decisions import phase_tables, priority_table
from dashboard.decisions.priority_table import COMMENT_HEADER, PRIORITY_HEADER
from dashboard.documents import downloads_view
from dashboard.ranking import tables
from dashboard.shell import identity, language, page_paths
from screening.decisions import rights, state
from screening.decisions.record import find_candidate, record_priority
from screening.i18n import _
from screening.vocabulary import PRIORITIES

MUNICIPALITY_KEY = priority_table.PHASE1_MUNICIPALITY_KEY
TABLE = forms.EditedTable("phase1")  # the table as the director saw it, per municipality and user
RESULT_KEY = "phase1_result"
SAVE_LABEL = priority_table.PRIORITY_SAVE_LABEL
HIDDEN = ("candidate_id", "version")


@language.in_readers_language
def _save(gross_list: pl.DataFrame) -> None:
    """Record every changed row with the version the director saw (runs before the rerun)."""
    municipality, _user_id = TABLE.about()
    seen, edits = TABLE.edits()
    # The editor shows the reader's language; the store is given the Danish labels it knows.
    changes, problems = priority_table.priority_changes(
        seen, language.danish_edits(edits, seen.columns, priority_table.EDITED_OPTIONS)
    )
    # The table's own problems are escaped here, once; those below are escaped as they arise.
    saves = forms.Saves(RESULT_KEY, problems=[safe_text.markdown(p) for p in problems])
    for change in changes:
        saves.attempt(
            lambda change=change: record_priority(
                decision_store.engine(),
                identity.acting_user(),
                find_candidate(gross_list, change.candidate_id),
                change.label,
                change.comment,
                expected_version=change.expected_version,
                municipality=municipality,
            ),
            done=f"{safe_text.markdown(change.title)}: {_(change.label)}",
            about=change.title,
        )
    saves.keep(
        heading=_("Gemt: {saved}.").format(
            saved=formatting.count(len(saves.saved), "prioritering", "prioriteringer")
        ),
        nothing_changed=not changes,
    )
    TABLE.renew()


st.title(_("Prioritering"))
path, gross_list = data.gross_list_or_stop()
st.caption(data.publication_caption(path))
st.markdown(
    _(
        "Fase 1: hver kommunes direktion prioriterer kandidaterne på bruttolisten – sine egne "
        "forslag og dem, kommunen kunne være med i. Vælg en prioritet i kolonnen «{column}», "
        "skriv evt. en kommentar, og tryk «{save}»."
    ).format(column=_(PRIORITY_HEADER), save=_(SAVE_LABEL))
)
with st.expander(_("Hvad betyder prioriteterne?")):
    st.markdown("\n".join(f"- **{_(t.label)}**: {_(t.explanation or t.label)}" for t in PRIORITIES))

municipality = identity.municipality_picker(data.participating_municipalities(), MUNICIPALITY_KEY)
user = identity.current_user()
refusal = identity.refusal(user, rights.PRIORITY, municipality)
log = decision_store.events()
fresh = priority_table.phase1_table(gross_list, state.priorities(log), municipality)
# What the director edits, the priority and the comment, right after the candidate's number
# and name (pinned), so both are on a 1280 px screen; who proposed it and who changed it after.
shown_columns = [
    tables.RANK_HEADER,
    tables.TITLE_HEADER,
    PRIORITY_HEADER,
    COMMENT_HEADER,
    priority_table.PROPOSED_HEADER,
    tables.MUNICIPALITIES_HEADER,
    priority_table.CHANGED_BY_HEADER,
    priority_table.CHANGED_AT_HEADER,
]
column_config = {
    tables.RANK_HEADER: st.column_config.NumberColumn(width=45, pinned=True),
    tables.TITLE_HEADER: st.column_config.TextColumn(width=220, pinned=True),
    tables.MUNICIPALITIES_HEADER: st.column_config.TextColumn(width=180),
    priority_table.PROPOSED_HEADER: st.column_config.TextColumn(width=110),
    priority_table.CHANGED_BY_HEADER: st.column_config.TextColumn(width=120),
    priority_table.CHANGED_AT_HEADER: st.column_config.TextColumn(width=130),
    PRIORITY_HEADER: st.column_config.SelectboxColumn(
        options=[_(label) for label in priority_table.PRIORITY_LABELS],
        width=150,
        help=_(
            "Høj, middel eller lav for kommunens egne forslag; «vil gerne være med» for en "
            "kandidat, kommunen ikke selv har foreslået; «fravalgt», hvis kommunen ikke ønsker den."
        ),
    ),
    COMMENT_HEADER: st.column_config.TextColumn(width=220, max_chars=2000),
}

forms.show_result(RESULT_KEY)
n_set = fresh.filter(pl.col(PRIORITY_HEADER) != priority_table.NOT_SET).height
st.write(
    _(
        "**{municipality}** har prioriteret {n} af {total} kandidater · {own} er kommunens egne "
        "forslag."
    ).format(
        municipality=municipality,
        n=n_set,
        total=gross_list.height,
        own=fresh.filter(
            pl.col(priority_table.PROPOSED_HEADER) == priority_table.OWN_PROPOSAL
        ).height,
    )
)

if refusal:
    st.info(refusal, icon="🔒")
    st.dataframe(
        language.table(fresh.select(shown_columns), priority_table.LABEL_COLUMNS),
        hide_index=True,
        column_config=language.config(column_config),
        key="phase1_read",
    )
else:
    st.data_editor(
        language.table(
            TABLE.shown(fresh, about=(municipality, user.id)), priority_table.LABEL_COLUMNS
        ),
        key=TABLE.editor_key(),
        hide_index=True,
        column_order=[_(c) for c in shown_columns],
        disabled=[_(c) for c in fresh.columns if c not in (PRIORITY_HEADER, COMMENT_HEADER)],
        column_config=language.config(column_config),
    )
    st.button(_(SAVE_LABEL), type="primary", on_click=_save, args=(gross_list,))
    st.caption(
        _(
            "Har en anden ændret en prioritering, mens du redigerede, gemmes din ændring ikke; "
            "siden viser i stedet, hvem der ændrede den til hvad."
        )
    )

own_attention = state.decisions_needing_attention(
    gross_list, log, data.screening_tasks(path)
).filter(pl.col("municipality") == municipality)
if not own_attention.is_empty():
    st.subheader(_("Kræver opmærksomhed"))
    st.warning(
        _(
            "Nogle af kommunens beslutninger gælder kandidater, der siden er delt eller slået "
            "sammen. Se dem efter, og registrér dem igen på de nye kandidater."
        ),
        icon="⚠️",
    )
    st.dataframe(language.headers(phase_tables.attention_table(own_attention)), hide_index=True)

downloads_view.meeting_documents(1, municipality, gross_list)

st.page_link(
    page_paths.SNAPSHOTS, label=_("Videre til de fastfrosne lister"), icon=":material/ac_unit:"
)
