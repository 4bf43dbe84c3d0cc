"""On the upload page: what the file does to the gross list at the next run, and the question
about a row that looks like the municipality's own task in a candidate.

The figures come from :func:`screening.decisions.effects.file_effects` (the run's own
matching). The sender's answer is a match decision: «saml» (the same task, beside its own) or
«adskil» (a candidate of its own); without an answer the row joins beside its own task, as a
file from the inbox does.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from dashboard.common import decision_store, formatting, safe_text
from dashboard.shell import identity
from screening.decisions import rights
from screening.decisions.effects import FileEffects, NearDuplicate
from screening.decisions.record import record_match_override
from screening.errors import ScreeningError
from screening.i18n import N_, _
from screening.matching.overrides import MERGE, SPLIT

SAME = N_("Ja, det er den samme opgave")
OTHER = N_("Nej, det er en anden opgave")


def _quoted(titles) -> str:
    return ", ".join(f"«{safe_text.markdown(t)}»" for t in titles)


def show_effects(effects: FileEffects, answered: Callable[[], None]) -> None:
    """The effect on the list, one line each, then one question per near-duplicate;
    ``answered`` runs after an answer is saved (the page forgets its prediction)."""
    st.subheader(_("Virkning på bruttolisten"))
    lines = []
    if effects.joins:
        lines.append(
            _("Kommer med i kandidaterne {candidates}.").format(
                candidates=", ".join(
                    _("«{candidate}» (med «{task}»)").format(
                        candidate=safe_text.markdown(c), task=safe_text.markdown(t)
                    )
                    for t, c in effects.joins
                )
            )
        )
    if effects.creates:
        lines.append(_("Bliver nye kandidater: {tasks}.").format(tasks=_quoted(effects.creates)))
    if effects.leaves:
        lines.append(
            _("Forlader kandidaterne {candidates}.").format(
                candidates=_quoted(c for _t, c in effects.leaves)
            )
        )
    lines.append(
        _("Andre kommuners kandidater, der ændrer sig: {candidates}.").format(
            candidates=_quoted(effects.others_changed) if effects.others_changed else _("ingen")
        )
    )
    lines.append(
        _("Registrerede beslutninger, der vil kræve opmærksomhed: {n}.").format(
            n=formatting.number(effects.attention) if effects.attention else _("ingen")
        )
    )
    st.markdown("\n".join(f"- {line}" for line in lines))
    for near in effects.near_duplicates:
        _ask(near, answered)


def _ask(near: NearDuplicate, answered: Callable[[], None]) -> None:
    question = _(
        "«{title}» ligner jeres egen «{own}», som er med i kandidaten «{candidate}» sammen med "
        "{others}. Er det den samme opgave?"
    ).format(
        title=safe_text.markdown(near.title),
        own=safe_text.markdown(near.own_title),
        candidate=safe_text.markdown(near.candidate_title),
        others=formatting.and_listing(near.others),
    )
    st.warning(question, icon=":material/help:")
    choice = st.radio(
        _("Jeres svar"),
        [_(SAME), _(OTHER)],
        index=None,
        horizontal=True,
        key=f"near_duplicate_{near.task_id}",
    )
    st.caption(
        _(
            "Uden svar lægges rækken ved siden af jeres egen opgave i kandidaten, og "
            "projektgruppen kan skille dem ad på «Sammenkobling»."
        )
    )
    user = identity.current_user()
    refusal = identity.refusal(user, rights.MATCH)
    if refusal:
        st.caption(refusal)
    if st.button(
        _("Gem svaret"),
        key=f"near_duplicate_save_{near.task_id}",
        disabled=choice is None or refusal is not None,
    ):
        try:
            record_match_override(
                decision_store.engine(),
                user,
                MERGE if choice == _(SAME) else SPLIT,
                near.task_id,
                near.own_task_id,
                _("Svar ved indsendelse af filen"),
            )
        except ScreeningError as error:
            st.error(safe_text.markdown(str(error)))
            return
        answered()
        st.rerun()
