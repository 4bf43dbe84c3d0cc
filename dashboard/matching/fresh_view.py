"""«Beregn sammenkobling forfra» on «Sammenkobling»: what a fresh matching from scratch would
change, shown before the project group asks for it; the request is logged with that difference
and the next run applies it (:func:`screening.decisions.record.record_fresh_matching`)."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard.common import decision_store, formatting, safe_text
from dashboard.shell import identity, language
from screening.decisions import rights
from screening.decisions.effects import fresh_effects
from screening.decisions.match_decisions import match_overrides
from screening.decisions.record import record_fresh_matching
from screening.errors import ScreeningError
from screening.i18n import _
from screening.matching.overrides import effective

SHOWN_KEY = "fresh_matching_shown"
DONE_KEY = "fresh_matching_done"


def moves_table(moves: pl.DataFrame, titles: dict[str, str]) -> pl.DataFrame:
    """The tasks a fresh matching would move, as the project group reads them."""
    return pl.DataFrame(
        {
            "Kommune": moves["municipality"],
            "Opgave": moves["title"],
            "Kandidat nu": [titles.get(c, c) for c in moves["candidate_id"]],
            "Kandidat forfra": moves["fresh_candidate_id"],
        },
        schema=dict.fromkeys(("Kommune", "Opgave", "Kandidat nu", "Kandidat forfra"), pl.String),
    )


def show_fresh_matching(tasks: pl.DataFrame, gross_list: pl.DataFrame, log: pl.DataFrame) -> None:
    st.markdown(
        _(
            "Hver kørsel beholder kandidaterne, som de er, og placerer kun nye og ændrede "
            "opgaver, så en kommunes nye rækker aldrig flytter de andres beslutninger. En "
            "sammenkobling forfra kobler alle opgaver på ny, fx ved starten af en runde. Se "
            "først, hvad den ændrer."
        )
    )
    if done := st.session_state.pop(DONE_KEY, None):
        st.success(done, icon=":material/check_circle:")
    if st.button(_("Beregn sammenkobling forfra"), icon=":material/refresh:", key="fresh_show"):
        st.session_state[SHOWN_KEY] = True
    if not st.session_state.get(SHOWN_KEY):
        return
    with st.spinner(_("Beregner sammenkoblingen forfra …")):
        effects = fresh_effects(tasks, effective(match_overrides(log)), log)
    if effects.moves.is_empty():
        st.info(_("En sammenkobling forfra ændrer intet: alle opgaver bliver i deres kandidat."))
    else:
        st.warning(
            _(
                "En sammenkobling forfra flytter {tasks} opgaver til en anden kandidat. "
                "Registrerede beslutninger, der vil kræve opmærksomhed: {decisions}."
            ).format(
                tasks=formatting.number(effects.moves.height),
                decisions=(
                    formatting.number(effects.attention) if effects.attention else _("ingen")
                ),
            ),
            icon=":material/warning:",
        )
        titles = dict(gross_list.select("candidate_id", "title").iter_rows())
        st.dataframe(language.headers(moves_table(effects.moves, titles)), hide_index=True)
    user = identity.current_user()
    refusal = identity.refusal(user, rights.MATCH)
    if refusal:
        st.info(refusal, icon="🔒")
    note = st.text_input(_("Hvorfor (gemmes i loggen)"), key="fresh_note")
    if st.button(
        _("Ja, beregn sammenkoblingen forfra ved næste kørsel"),
        type="primary",
        disabled=refusal is not None,
        key="fresh_apply",
    ):
        try:
            record_fresh_matching(decision_store.engine(), user, effects.describe(), note)
        except ScreeningError as error:
            st.error(safe_text.markdown(str(error)))
            return
        st.session_state.pop(SHOWN_KEY, None)
        st.session_state[DONE_KEY] = _(
            "Gemt: sammenkoblingen beregnes forfra, næste gang bruttolisten dannes på ny."
        )
        st.rerun()
