"""The «Genberegn bruttolisten» panel of the project group's home: the button, the run's
progress while it runs (refreshed every two seconds) and its result when it has ended."""

from __future__ import annotations

import streamlit as st

from dashboard.common import safe_text
from dashboard.recompute import runner
from dashboard.shell import identity, language
from screening.decisions import rights
from screening.decisions.rights import NotAllowed
from screening.errors import ScreeningError
from screening.i18n import _

FLASH_KEY = "recompute_flash"
REFRESH_SECONDS = 2


@language.in_readers_language
def _start() -> None:
    user = identity.current_user()
    try:
        if user is None:
            raise NotAllowed(_(identity.READ_ONLY_TEXT))
        runner.start(user)
    except ScreeningError as reason:
        st.session_state[FLASH_KEY] = str(reason)


def _result(current: runner.RecomputeStatus) -> None:
    if current.started_at is None:
        st.caption(_("Bruttolisten er ikke genberegnet herfra endnu."))
        return
    finished = runner.clock(current.finished_at or current.started_at)
    if current.success:
        st.success(
            _("Bruttolisten blev genberegnet {when} (startet af {who}).").format(
                when=finished, who=safe_text.markdown(current.started_by)
            ),
            icon=":material/check_circle:",
        )
    elif current.success is None:
        st.warning(
            _(
                "Genberegningen, som {who} startede {when}, stoppede uden resultat. Start den igen."
            ).format(
                who=safe_text.markdown(current.started_by), when=runner.clock(current.started_at)
            ),
            icon="⚠️",
        )
    else:
        st.error(
            _("Genberegningen {when} lykkedes ikke. Bruttolisten er uændret.").format(
                when=finished
            ),
            icon="⚠️",
        )
    if current.summary:
        st.text(current.summary)
    user = identity.current_user()
    if current.details and user is not None and user.has("administrator"):
        with st.expander(_("Detaljer for administratoren")):
            st.text(current.details)


def _progress(was_running: bool) -> None:
    current = runner.status()
    if current.running:
        text = (
            _("Genberegner bruttolisten … starter kørslen, 0 af {total} trin (startet af {who})")
            if current.preparing
            else _("Genberegner bruttolisten … {done} af {total} trin (startet af {who})")
        )
        st.progress(
            current.progress,
            text=text.format(
                done=current.steps_done,
                total=current.steps_total or "?",
                who=safe_text.markdown(current.started_by),
            ),
        )
    elif was_running:
        st.rerun()  # the whole page: the button comes back, and the new list is read
    else:
        _result(current)


def panel() -> None:
    st.subheader(_("Genberegn bruttolisten"))
    st.markdown(
        _(
            "Danner bruttolisten på ny ud fra de modtagne skabeloner, sammenkoblingerne og den "
            "valgte vægtprofil. Det tager typisk under et minut; siden viser, hvor langt den er."
        )
    )
    current = runner.status()
    refusal = identity.refusal(identity.current_user(), rights.RECOMPUTE)
    st.button(
        _(runner.BUTTON_LABEL),
        type="primary",
        icon=":material/refresh:",
        disabled=refusal is not None or current.running,
        on_click=_start,
        key="recompute_start",
    )
    if refusal:
        st.info(refusal, icon="🔒")
    if flash := st.session_state.pop(FLASH_KEY, None):
        st.error(flash, icon="⚠️")
    st.fragment(_progress, run_every=REFRESH_SECONDS if current.running else None)(current.running)
