"""«Send påmindelse nu» under the round plan's reminder: the e-mail through the municipality's
SMTP server (``SCREENING_SMTP_URL``), logged in the decision log; without a server, how to set
one up (the text to copy stays above)."""

from __future__ import annotations

import streamlit as st

from dashboard.common import decision_store, forms, safe_text
from dashboard.shell import identity
from screening.decisions import rights
from screening.i18n import _
from screening.rounds.mail import SETUP_TEXT, MailError, recipients, send_reminder, smtp_server

RESULT_KEY = "reminder_mail_result"


def _send(municipality: str, to: list[str], text: str, why: str) -> None:
    saves = forms.Saves(RESULT_KEY)
    saves.attempt(
        lambda: send_reminder(
            decision_store.engine(),
            identity.acting_user(),
            smtp_server(),
            municipality,
            to,
            text,
            why,
        ),
        done=safe_text.markdown(
            _("Påmindelsen er sendt til {to} og skrevet i beslutningsloggen.").format(
                to=", ".join(to)
            )
        ),
    )
    saves.keep()


def render(municipality: str, text: str, why: str) -> None:
    forms.show_result(RESULT_KEY)
    try:
        server = smtp_server()
    except MailError as problem:
        st.warning(str(problem), icon="⚠️")
        return
    if server is None:
        st.caption(_(SETUP_TEXT))
        return
    to = recipients(identity.users(), municipality)
    refusal = identity.refusal(identity.current_user(), rights.ROUND_PLAN)
    st.button(
        _("Send påmindelse nu"),
        icon=":material/send:",
        on_click=_send,
        args=(municipality, to, text, why),
        disabled=refusal is not None or not to,
        help=refusal
        or (
            _("Til {to}.").format(to=", ".join(to))
            if to
            else _(
                "Ingen e-mail-adresse til {m}s projektgruppe («email» i config/users.toml)."
            ).format(m=municipality)
        ),
    )
