"""Sammenkobling: the project group decides which tasks are the same task across municipalities.

Each decision is recorded in the decision store as the chosen user (only the project group may
make it, checked in the write function); the pipeline applies the decisions on its next run, so
each shows in the gross list after it. Two people deciding one pair at once: the second is told
what the first decided, never silently overruled.
"""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard.common import data, decision_store, formatting, safe_text
from dashboard.matching import fresh_view, review
from dashboard.ranking import tables
from dashboard.recompute.runner import when_on_list
from dashboard.shell import identity, language
from screening.decisions import rights
from screening.decisions.match_decisions import match_overrides, pair_subject, pair_versions
from screening.decisions.record import record_match_override
from screening.errors import ScreeningError
from screening.i18n import _
from screening.matching.overrides import MERGE, SPLIT

FLASH_KEY = "review_flash"
SEEN_KEY = "review_seen_versions"


def _decide(action: str, pairs: list[tuple[str, str]], note: str, what: str) -> None:
    """Record one decision per pair as the chosen user, then rerun so every list shows it.

    Each names the version of the pair's decision the user saw (when the pair was first shown,
    else now), so a colleague's decision made meanwhile is a conflict, never overruled."""
    user = identity.current_user()
    if refusal := identity.refusal(user, rights.MATCH):
        st.error(refusal)
        return
    seen = st.session_state.setdefault(SEEN_KEY, {})
    try:
        for task_id, other_task_id in pairs:
            subject = pair_subject(task_id, other_task_id)
            record_match_override(
                decision_store.engine(),
                user,
                action,
                task_id,
                other_task_id,
                note.strip(),
                expected_version=seen.pop(subject, versions.get(subject, 0)),
            )
    except ScreeningError as error:
        st.error(safe_text.markdown(str(error)))
        return
    st.session_state[FLASH_KEY] = _("Gemt: {what}. {next_run}").format(
        what=what, next_run=_(review.NEXT_RUN)
    )
    st.rerun()


def _task_card(task: dict) -> None:
    st.markdown(
        f"**{safe_text.markdown(task['municipality'])}** · "
        f"{safe_text.markdown(formatting.service_area(task))}"
    )
    st.markdown(f"##### {safe_text.markdown(task['title'])}")
    st.markdown(safe_text.markdown(task["description"]))


def _review_item(item: review.ReviewItem, decided: dict | None, applied: pl.DataFrame) -> None:
    a, b = item.task["task_id"], item.other["task_id"]
    # The version of this pair's decision as the user first sees it (see _decide).
    subject = pair_subject(a, b)
    st.session_state.setdefault(SEEN_KEY, {}).setdefault(subject, versions.get(subject, 0))
    with st.container(border=True):
        left, right = st.columns(2)
        with left:
            _task_card(item.task)
        with right:
            _task_card(item.other)
        st.markdown(review.similarity_text(item))
        if decided:
            st.caption(review.decision_text(decided, applied))
        with st.form(key=f"review-{a}-{b}", clear_on_submit=True, border=False):
            note = st.text_input(
                _("Note (valgfri)"), placeholder=_("Fx hvorfor I har besluttet det")
            )
            same, different = st.columns(2)
            names = _("{first} og {second}").format(
                first=review.task_option(item.task), second=review.task_option(item.other)
            )
            if same.form_submit_button(_("Det er samme opgave"), icon=":material/link:"):
                _decide(MERGE, [(a, b)], note, _("{names} er samme opgave").format(names=names))
            if different.form_submit_button(
                _("Det er ikke samme opgave"), icon=":material/link_off:"
            ):
                _decide(
                    SPLIT, [(a, b)], note, _("{names} er ikke samme opgave").format(names=names)
                )


def _beside(rows: list[dict]) -> None:
    """Rows put beside their own municipality's task without asking: the project group
    confirms («saml») or separates («adskil») them."""
    for row in rows:
        with st.container(border=True):
            st.markdown(
                _(
                    "**{municipality}**: «{title}» ligner kommunens egen «{own}» og er lagt ved "
                    "siden af den i samme kandidat. Er det den samme opgave?"
                ).format(
                    municipality=safe_text.markdown(row["municipality"]),
                    title=safe_text.markdown(row["title"]),
                    own=safe_text.markdown(row["own_title"]),
                )
            )
            pair = [(row["task_id"], row["own_task_id"])]
            same, other = st.columns(2)
            if same.button(_("Det er samme opgave"), key=f"beside_same_{row['task_id']}"):
                _decide(MERGE, pair, "", _("samme opgave"))
            if other.button(_("Det er ikke samme opgave"), key=f"beside_other_{row['task_id']}"):
                _decide(SPLIT, pair, "", _("ikke samme opgave"))


def _to_review(items, latest, applied) -> None:
    if beside := review.beside_rows(tasks, latest):
        _beside(beside)
    st.caption(review.review_band_text())
    open_items = [i for i in items if i.pair not in latest]
    decided = [i for i in items if i.pair in latest]
    if not open_items:
        st.success(_("Ingen koblinger venter på gennemsyn."))
    for item in open_items:
        _review_item(item, None, applied)
    if decided:
        with st.expander(_("Allerede afgjort ({n}) – kan ændres").format(n=len(decided))):
            for item in decided:
                _review_item(item, latest[item.pair], applied)


def _split_out(gross_list: pl.DataFrame, tasks: pl.DataFrame) -> None:
    shared = gross_list.filter(pl.col("n_municipalities") >= 2)
    if shared.is_empty():
        st.info(_("Ingen kandidater er foreslået af flere kommuner."))
        return
    options = {
        row["candidate_id"]: tables.candidate_option(row) for row in shared.iter_rows(named=True)
    }
    candidate = st.selectbox(
        _("Kandidat"),
        list(options),
        format_func=options.get,
        key="review_candidate",
        placeholder=_("Vælg"),
    )
    members = tasks.filter(pl.col("candidate_id") == candidate)
    st.dataframe(language.headers(review.tasks_table(members)), hide_index=True)
    by_id = {row["task_id"]: row for row in members.iter_rows(named=True)}
    with st.form(key="review-split", clear_on_submit=True):
        task_id = st.selectbox(
            _("Opgave, der ikke hører til"),
            list(by_id),
            format_func=lambda t: review.task_option(by_id[t]),
            placeholder=_("Vælg"),
        )
        note = st.text_input(_("Note (valgfri)"), key="review_split_note")
        if st.form_submit_button(_("Tag opgaven ud af kandidaten"), icon=":material/call_split:"):
            _decide(
                SPLIT,
                review.split_pairs(members, task_id),
                note,
                _("{task} tages ud af kandidaten").format(task=review.task_option(by_id[task_id])),
            )


def _merge_two(gross_list: pl.DataFrame, tasks: pl.DataFrame) -> None:
    st.write(
        _(
            "Vælg to opgaver, som beregningen ikke har koblet, men som er den samme opgave. "
            "De kommer i samme kandidat, næste gang bruttolisten dannes på ny."
        )
    )
    if tasks["candidate_id"].n_unique() < 2:
        st.info(_("Der er ikke to kandidater at samle opgaver fra."))
        return
    candidate_titles = dict(gross_list.select("candidate_id", "title").iter_rows())
    # By title, so the same task from different municipalities sits together in the list.
    by_id = {
        row["task_id"]: row for row in tasks.sort("title", "municipality").iter_rows(named=True)
    }

    def describe(task_id: str) -> str:
        task = by_id[task_id]
        candidate = candidate_titles.get(task["candidate_id"], formatting.MISSING)
        return _("{task} – i kandidaten «{candidate}»").format(
            task=review.task_option(task), candidate=candidate
        )

    first_id = st.selectbox(
        _("Første opgave"),
        list(by_id),
        format_func=describe,
        key="review_merge_first",
        placeholder=_("Vælg"),
    )
    first = by_id[first_id]
    # Tasks from other municipalities first: that is the usual merge.
    others = sorted(
        (t for t, row in by_id.items() if row["candidate_id"] != first["candidate_id"]),
        key=lambda t: by_id[t]["municipality"] == first["municipality"],
    )
    second_id = st.selectbox(
        _("Anden opgave"),
        others,
        format_func=describe,
        key="review_merge_second",
        placeholder=_("Vælg"),
    )
    second = by_id[second_id]
    if second["municipality"] == first["municipality"]:
        st.warning(
            _(
                "Begge opgaver er fra {municipality}. En kandidat har normalt én opgave pr. "
                "kommune; saml dem kun, hvis de to rækker beskriver den samme opgave."
            ).format(municipality=safe_text.markdown(first["municipality"]))
        )
    with st.form(key="review-merge", clear_on_submit=True):
        note = st.text_input(_("Note (valgfri)"), key="review_merge_note")
        if st.form_submit_button(_("Saml de to opgaver"), icon=":material/merge:"):
            _decide(
                MERGE,
                [(first_id, second_id)],
                note,
                _("{first} og {second} samles").format(
                    first=review.task_option(first), second=review.task_option(second)
                ),
            )


def _decisions(decisions: pl.DataFrame, tasks: pl.DataFrame, applied: pl.DataFrame) -> None:
    if decisions.is_empty():
        st.info(_("Projektgruppen har endnu ikke truffet nogen beslutninger om sammenkobling."))
    else:
        st.dataframe(
            language.headers(review.decisions_table(decisions, tasks, applied)), hide_index=True
        )
    st.caption(
        _(
            "Beslutningerne gemmes i beslutningsdatabasen med navnet på den, der traf dem. Den "
            "nyeste beslutning om et par opgaver gælder, så en beslutning kan ændres ved at træffe "
            "en ny."
        )
    )


st.title(_("Sammenkobling"))
path = data.published_database_or_stop()
data.tables_or_stop(path, "screening_tasks", "candidate_links", "match_overrides")
st.caption(data.publication_caption(path))
st.markdown(
    _(
        "Her afgør projektgruppen, om opgaver fra forskellige kommuner er den samme opgave og "
        "derfor én kandidat på bruttolisten. {next_run}"
    ).format(next_run=_(review.NEXT_RUN))
)
if flash := st.session_state.pop(FLASH_KEY, None):
    st.success(flash, icon=":material/check_circle:")
    st.caption(when_on_list())  # when the decision reaches the list
if refusal := identity.refusal(identity.current_user(), rights.MATCH):
    st.info(
        _("{refusal} Kun projektgruppen træffer beslutninger om sammenkobling.").format(
            refusal=refusal
        )
    )

tasks = data.screening_tasks(path)
gross_list = data.gross_list(path)
applied = data.match_overrides(path)
log = decision_store.events()
decisions = match_overrides(log)
versions = pair_versions(log)
latest = review.latest_decisions(decisions)
items = review.review_items(data.candidate_links(path), tasks)

waiting, split, merge, history, afresh = st.tabs(
    [
        _("Til gennemsyn"),
        _("Kandidater med flere kommuner"),
        _("Saml to opgaver"),
        _("Beslutninger"),
        _("Forfra"),
    ]
)
with waiting:
    _to_review(items, latest, applied)
with split:
    _split_out(gross_list, tasks)
with merge:
    _merge_two(gross_list, tasks)
with history:
    _decisions(decisions, tasks, applied)
with afresh:
    fresh_view.show_fresh_matching(tasks, gross_list, log)
