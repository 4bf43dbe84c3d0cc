"""Politiske beslutninger (fase 2): a committee secretary records the municipality's decisions on
the newest frozen gross list; everyone sees each candidate's coalition, the steering group's
coordinated list of all municipalities, and the candidates that go on to phase 3.

A decision is recorded with the version of it the secretary saw on screen, so a decision someone
else recorded meanwhile is never overwritten: the page shows who decided what instead.
"""

from __future__ import annotations

from datetime import date

import polars as pl
import streamlit as st

from dashboard.common import data, decision_store, formatting, forms, safe_text
from dashboard.decisions import phase_tables, snapshot_tables
from dashboard.documents import downloads_view
from dashboard.ranking import tables
from dashboard.shell import identity, language, page_paths
from screening.coalition import load_coalition_rule
from screening.decisions import rights, state
from screening.decisions.record import (
    POLITICAL,
    InvalidDecision,
    find_candidate,
    record_political_decision,
)
from screening.i18n import _
from screening.vocabulary import POLITICAL_DECISIONS

MUNICIPALITY_KEY = snapshot_tables.PHASE2_MUNICIPALITY_KEY
CANDIDATE_KEY = snapshot_tables.CANDIDATE_KEY
DECISION_KEY = snapshot_tables.DECISION_KEY
COMMITTEE_KEY = snapshot_tables.COMMITTEE_KEY
MEETING_KEY = "phase2_meeting"
AGENDA_KEY = "phase2_agenda"
REMARK_KEY = "phase2_remark"
SEEN_KEY = "phase2_seen"  # (municipality, candidate, version) as shown when the form was drawn
RESULT_KEY = "phase2_result"
SAVE_LABEL = snapshot_tables.POLITICAL_SAVE_LABEL


def _record(candidate, value, municipality: str, version: int, snapshot_id: str) -> None:
    user = identity.acting_user()
    if st.session_state.get(CANDIDATE_KEY) != candidate.candidate_id:
        # The choice changed in the same moment as the click: the version shown was another
        # candidate's, so saving could overwrite a decision the secretary has not seen.
        raise InvalidDecision(_("Kandidaten blev skiftet, da du gemte. Tjek den, og gem igen."))
    if not value:
        raise InvalidDecision(_("Vælg udvalgets beslutning."))
    record_political_decision(
        decision_store.engine(),
        user,
        candidate,
        value,
        committee=st.session_state.get(COMMITTEE_KEY, ""),
        meeting_date=st.session_state.get(MEETING_KEY) or "",
        agenda_item=st.session_state.get(AGENDA_KEY, ""),
        comment=st.session_state.get(REMARK_KEY, ""),
        expected_version=version,
        municipality=municipality,
        snapshot_id=snapshot_id,
    )


@language.in_readers_language
def _save(frozen: pl.DataFrame, snapshot_id: str) -> None:
    """Record the decision in the form with the version shown (runs before the rerun)."""
    municipality, candidate_id, version = st.session_state[SEEN_KEY]
    candidate = find_candidate(frozen, candidate_id)
    value = st.session_state.get(DECISION_KEY)
    saves = forms.Saves(RESULT_KEY)
    saved = saves.attempt(
        lambda: _record(candidate, value, municipality, version, snapshot_id),
        done=_("Gemt for {municipality}: {title} – «{value}».").format(
            municipality=municipality,
            title=safe_text.markdown(candidate.title),
            value=_(value) if value else "",
        ),
        about=candidate.title,
    )
    saves.keep()
    if saved or saves.conflicts:
        # After a conflict the message shows the colleague's decision, and the next save is
        # made knowing it.
        st.session_state.pop(SEEN_KEY, None)
    if not saved:
        return
    # Ready for the next item of the same meeting: same committee and date, next candidate.
    ids = frozen["candidate_id"].to_list()
    st.session_state[CANDIDATE_KEY] = ids[min(ids.index(candidate_id) + 1, len(ids) - 1)]
    # Set, not deleted: a deleted key would let the browser send the old value back.
    st.session_state[DECISION_KEY] = None
    st.session_state[AGENDA_KEY] = ""
    st.session_state[REMARK_KEY] = ""


def _form(frozen: pl.DataFrame, political: pl.DataFrame, municipality: str, snapshot_id: str):
    options = {
        row["candidate_id"]: tables.candidate_option(row) for row in frozen.iter_rows(named=True)
    }
    if st.session_state.get(CANDIDATE_KEY) not in options:
        st.session_state[CANDIDATE_KEY] = next(iter(options))
    candidate_id = st.selectbox(
        _("Kandidat"),
        list(options),
        format_func=options.get,
        key=CANDIDATE_KEY,
        placeholder=_("Vælg"),
    )
    current = political.filter(
        pl.col("municipality") == municipality, pl.col("candidate_id") == candidate_id
    )
    decided = current.row(0, named=True) if current.height else None
    if decided:
        meeting = phase_tables.danish_date(decided["meeting_date"])
        st.text(
            _("Registreret nu: «{label}» ({committee}, {meeting}) af {who} {when}.").format(
                label=_(decided["label"]),
                committee=decided["committee"],
                meeting=meeting,
                who=decided["user_name"],
                when=phase_tables.when(decided["recorded_at"]),
            )
        )
    else:
        st.text(
            _("{municipality} har ikke registreret en beslutning om kandidaten endnu.").format(
                municipality=municipality
            )
        )
    # The version is taken when the secretary first sees this candidate, not on every rerun: a
    # click in the form reruns the page, and refreshing here would absorb a colleague's decision
    # made meanwhile, which the save would then overwrite.
    seen = st.session_state.get(SEEN_KEY)
    if not seen or seen[:2] != (municipality, candidate_id):
        version = decided["version"] if decided else 0
        st.session_state[SEEN_KEY] = (municipality, candidate_id, version)
    # The store is given the Danish label whatever the reader's language; the words are the
    # reader's, worded in the run (Streamlit may call a format function without its language).
    decisions = {t.label: _(t.label) for t in POLITICAL_DECISIONS}
    st.radio(
        _("Udvalgets beslutning"),
        list(decisions),
        format_func=decisions.get,
        index=None,
        horizontal=True,
        key=DECISION_KEY,
    )
    committee, meeting, agenda = st.columns([2, 1, 1])
    if COMMITTEE_KEY not in st.session_state:
        used = political.filter(pl.col("municipality") == municipality).sort("recorded_at")
        st.session_state[COMMITTEE_KEY] = used["committee"][-1] if used.height else ""
    committee.text_input(_("Udvalg"), key=COMMITTEE_KEY, placeholder=_("Fx Økonomiudvalget"))
    meeting.date_input(_("Mødedato"), value=date.today(), format="DD.MM.YYYY", key=MEETING_KEY)
    agenda.text_input(_("Dagsordenspunkt"), key=AGENDA_KEY, placeholder=_("Fx 7"))
    st.text_area(_("Bemærkning"), key=REMARK_KEY, max_chars=2000, height=80)
    st.button(_(SAVE_LABEL), type="primary", on_click=_save, args=(frozen, snapshot_id))


st.title(_("Politiske beslutninger"))
path, gross_list = data.gross_list_or_stop()
st.markdown(
    _(
        "Fase 2: hver kommunes politiske udvalg beslutter, hvilke kandidater på den fastfrosne "
        "bruttoliste kommunen vil have analyseret. Udvalgssekretariatet registrerer beslutningen "
        "med udvalg, mødedato og dagsordenspunkt. En kandidat går videre til fase 3, når "
        "{rule} har besluttet «ønsker at gå videre» (gruppens regel i config/screening.toml)."
    ).format(rule=load_coalition_rule().text())
)
snapshots = decision_store.snapshots(with_rows=True)
if not snapshots:
    st.info(
        _(
            "Der er ingen fastfrosset bruttoliste endnu. De politiske beslutninger træffes om "
            "listen, som den blev forelagt; projektgruppen fastfryser den under «Fastfrosne "
            "lister»."
        ),
        icon="ℹ️",
    )
    st.page_link(page_paths.SNAPSHOTS, label=_("Til Fastfrosne lister"), icon=":material/ac_unit:")
    st.stop()
newest = snapshots[-1]
frozen = snapshot_tables.snapshot_rows(newest)
st.caption(
    _("Den fastfrosne liste «{label}», fastfrosset {when} af {who} ({candidates}).").format(
        label=safe_text.markdown(newest["label"]),
        when=phase_tables.when(newest["frozen_at"]),
        who=safe_text.markdown(newest["frozen_by_name"]),
        candidates=formatting.count(newest["n_candidates"], "kandidat", "kandidater"),
    )
)

municipalities = data.participating_municipalities()
municipality = identity.municipality_picker(municipalities, MUNICIPALITY_KEY)
log = decision_store.events()
political = state.political_decisions(log)
status = state.phase_status(frozen, log)

st.subheader(_("Registrér en beslutning for {municipality}").format(municipality=municipality))
forms.show_result(RESULT_KEY)
refusal = identity.refusal(identity.current_user(), rights.POLITICAL, municipality)
if refusal:
    st.info(refusal, icon="🔒")
else:
    _form(frozen, political, municipality, newest["snapshot_id"])

# Measured against today's list: a decision on a candidate since split or merged is ambiguous.
own_attention = state.decisions_needing_attention(
    gross_list, log, data.screening_tasks(path)
).filter(pl.col("municipality") == municipality, pl.col("kind") == POLITICAL)
if not own_attention.is_empty():
    # One sentence per number, since English agrees the verb with it.
    one = _(
        "Én beslutning fra {municipality} gælder en kandidat, der siden er delt eller slået "
        "sammen. Se den efter, og registrér den igen, når en ny liste er fastfrosset."
    ).format(municipality=municipality)
    many = _(
        "{decisions} fra {municipality} gælder en kandidat, der siden er delt eller slået "
        "sammen. Se dem efter, og registrér dem igen, når en ny liste er fastfrosset."
    ).format(
        decisions=formatting.count(own_attention.height, "beslutning", "beslutninger"),
        municipality=municipality,
    )
    st.warning(one if own_attention.height == 1 else many, icon="⚠️")
    st.dataframe(language.headers(phase_tables.attention_table(own_attention)), hide_index=True)

st.subheader(_("{municipality}s beslutninger").format(municipality=municipality))
st.dataframe(
    language.table(
        snapshot_tables.phase2_table(frozen, political, status, municipality),
        snapshot_tables.LABEL_COLUMNS,
    ),
    hide_index=True,
    column_config=language.config(
        {
            tables.RANK_HEADER: st.column_config.NumberColumn(width=50),
            tables.TITLE_HEADER: st.column_config.TextColumn(width=240),
            snapshot_tables.DECISION_HEADER: st.column_config.TextColumn(width=150),
            snapshot_tables.COMMITTEE_HEADER: st.column_config.TextColumn(width=140),
        }
    ),
)

advancing = snapshot_tables.phase3_list(frozen, status)
st.subheader(_("Går videre til fase 3"))
st.metric(
    _("Kandidater med {rule}, der vil gå videre").format(rule=load_coalition_rule().text()),
    _("{n} af {total}").format(n=advancing.height, total=frozen.height),
    border=True,
)
if advancing.is_empty():
    st.info(
        _("Ingen kandidater har endnu {rule}, der har besluttet «ønsker at gå videre».").format(
            rule=load_coalition_rule().text()
        )
    )
else:
    st.dataframe(language.headers(advancing), hide_index=True)

st.subheader(_("Styregruppens koordinerede liste"))
st.markdown(
    _("Alle kommuners beslutninger side om side. Styregruppen samler dem til én liste for fase 3.")
)
st.dataframe(
    # Each municipality's column holds its decision's label.
    language.table(
        snapshot_tables.coordinated_table(frozen, political, status, municipalities),
        municipalities,
    ),
    hide_index=True,
    column_config=language.config(
        {
            tables.RANK_HEADER: st.column_config.NumberColumn(width=50),
            **{m: st.column_config.TextColumn(width=150) for m in municipalities},
        }
    ),
)

downloads_view.meeting_documents(2, municipality, None)
