"""Fastfrosne lister: the project group freezes the gross list as presented to the coordination
committee, lists the frozen lists, and compares two of them (or one with today's list).

A frozen list never changes; phase-2 decisions refer to the newest one. Freezing goes through
:func:`screening.decisions.record.freeze_snapshot`, which checks the right itself.
"""

from __future__ import annotations

import streamlit as st

from dashboard.common import data, decision_store, formatting, forms, safe_text
from dashboard.decisions import snapshot_tables
from dashboard.decisions.snapshot_tables import ListVersion
from dashboard.shell import identity, language, page_paths
from screening.config import load_screening_config
from screening.decisions import rights, state
from screening.decisions.record import freeze_snapshot
from screening.i18n import _

LABEL_KEY = snapshot_tables.SNAPSHOT_LABEL_KEY
RESULT_KEY = "snapshot_result"
FREEZE_LABEL = snapshot_tables.FREEZE_LABEL
NAME_LABEL = _("Navn på den fastfrosne liste")
TODAY = "today"


@language.in_readers_language
def _freeze(path, gross_list) -> None:
    label = st.session_state.get(LABEL_KEY, "")
    provenance = data.provenance(path) if data.has_tables(path, "gross_list_provenance") else None
    saves = forms.Saves(RESULT_KEY)
    if saves.attempt(
        lambda: freeze_snapshot(
            decision_store.engine(),
            identity.acting_user(),
            label,
            gross_list,
            state.priorities(decision_store.events()),
            provenance.row(0, named=True) if provenance is not None and provenance.height else None,
            load_screening_config().round.id,
        ),
        done=lambda frozen: _("Bruttolisten er fastfrosset som «{label}» med {candidates}.").format(
            label=safe_text.markdown(frozen["label"]),
            candidates=formatting.count(gross_list.height, "kandidat", "kandidater"),
        ),
    ):
        st.session_state[LABEL_KEY] = ""
    saves.keep()


st.title(_("Fastfrosne lister"))
path, gross_list = data.gross_list_or_stop()
st.caption(data.publication_caption(path))
st.markdown(
    _(
        "Når bruttolisten forelægges Koordinationsudvalget, fastfryser projektgruppen den: "
        "placeringer, score, vægte, kilder og direktionernes prioriteringer gemmes, som de er nu, "
        "og ændres aldrig siden. De politiske udvalgs beslutninger i fase 2 henviser til den "
        "nyeste fastfrosne liste."
    )
)

st.subheader(_("Fastfrys bruttolisten"))
forms.show_result(RESULT_KEY)
refusal = identity.refusal(identity.current_user(), rights.SNAPSHOT)
if refusal:
    st.info(refusal, icon="🔒")
else:
    name, button = st.columns([4, 1], vertical_alignment="bottom")
    name.text_input(NAME_LABEL, key=LABEL_KEY, placeholder=_("Fx «Forelagt KU 12. marts»"))
    button.button(_(FREEZE_LABEL), type="primary", on_click=_freeze, args=(path, gross_list))

snapshots = decision_store.snapshots(with_rows=True)
st.subheader(_("Lister, der er fastfrosset"))
if not snapshots:
    st.info(_("Der er ingen fastfrosne lister endnu."))
    st.stop()
st.dataframe(language.headers(snapshot_tables.snapshots_table(snapshots)), hide_index=True)

st.subheader(_("Sammenlign to lister"))
by_id = {s["snapshot_id"]: s for s in snapshots}
choices = [TODAY, *reversed(by_id)]  # today first, then the newest snapshot


def _option(choice: str) -> str:
    return (
        _(snapshot_tables.TODAY_LABEL)
        if choice == TODAY
        else snapshot_tables.snapshot_option(by_id[choice])
    )


def _version(choice: str) -> ListVersion:
    if choice == TODAY:
        return ListVersion(_(snapshot_tables.TODAY_LABEL), gross_list)
    return ListVersion(by_id[choice]["label"], snapshot_tables.snapshot_rows(by_id[choice]))


left, right = st.columns(2)
before = left.selectbox(
    _("Før"), choices, index=1, format_func=_option, key="compare_before", placeholder=_("Vælg")
)
after = right.selectbox(
    _("Efter"), choices, index=0, format_func=_option, key="compare_after", placeholder=_("Vælg")
)
if before == after:
    st.info(_("Vælg to forskellige lister for at se, hvad der har flyttet sig."))
else:
    comparison = snapshot_tables.compare_lists(_version(before), _version(after))
    st.write(f"**{snapshot_tables.movement_summary(comparison)}**")
    st.dataframe(language.headers(comparison), hide_index=True)

st.page_link(
    page_paths.POLITICAL, label=_("Videre til de politiske beslutninger"), icon=":material/gavel:"
)
