"""«Send påmindelse nu» under the round plan's reminder: the e-mail through the municipality's
SMTP server (``SCREENING_SMTP_URL``), logged in the decision log; without a server, how to set
one up (the text to copy stays above). Below it the automatic reminders: what the schedule does,
the next one per municipality and the ones sent."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard.common import decision_store, forms, safe_text
from dashboard.rounds import reminder_tables as tables
from dashboard.shell import identity, language
from screening.config import read_screening_file, screening_config_path
from screening.decisions import rights
from screening.decisions.store import EVENT_SCHEMA
from screening.i18n import _
from screening.rounds.current import RoundStatus
from screening.rounds.mail import SETUP_TEXT, MailError, recipients, send_reminder, smtp_server
from screening.rounds.reminder_schedule import (
    ReminderSettingsError,
    next_reminders,
    planned_reminders,
    reminder_settings,
    sent_reminders,
    still_screening,
)
from screening.rounds.status import round_events

RESULT_KEY = "reminder_mail_result"


@language.in_readers_language
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


def render_automatic(status: RoundStatus, setup_shown: bool) -> None:
    """What the automatic reminder does, the next one per municipality and the ones sent in
    the round (from the decision log). ``setup_shown``: the mail server's setup is explained
    just above (beside a reminder text), so it is named only briefly here."""
    st.markdown("**" + _("Automatiske påmindelser") + "**")
    path = screening_config_path()
    try:
        settings = reminder_settings(read_screening_file(path), path.name)
    except ReminderSettingsError as problem:
        st.warning(str(problem), icon="⚠️")
        return
    st.caption(tables.schedule_text(settings))
    try:
        configured = smtp_server() is not None
    except MailError:
        configured = False  # the warning above names what is wrong with the address
    if not configured:
        st.caption(
            _("De automatiske påmindelser sendes også først, når SCREENING_SMTP_URL er sat.")
            if setup_shown
            else _(
                "De automatiske påmindelser sendes først, når administratoren har sat "
                "miljøvariablen SCREENING_SMTP_URL til kommunens mailserver, fx "
                "smtp://bruger:adgangskode@mail.kommune.dk:587?starttls=true"
                "&from=screening@kommune.dk."
            )
        )
    events, _problem = decision_store.read_quietly()  # the page has said so if unreadable
    mine = round_events(
        events if events is not None else pl.DataFrame(schema=EVENT_SCHEMA), status.started
    )
    municipalities = status.submissions["municipality"].to_list()
    users = identity.users()
    if settings.offsets():
        st.dataframe(
            tables.next_table(
                municipalities,
                set(still_screening(status.milestones)),
                next_reminders(
                    planned_reminders(status.round_id, status.milestones, settings),
                    mine,
                    status.today,
                ),
                {m: recipients(users, m) for m in municipalities},
                status.today,
            ),
            hide_index=True,
            key="round_plan_next_reminders",
        )
    st.markdown("**" + _("Sendte påmindelser") + "**")
    sent = sent_reminders(mine)
    if sent.is_empty():
        st.caption(_("Ingen påmindelser er sendt i runden endnu."))
    else:
        st.dataframe(tables.sent_table(sent), hide_index=True, key="round_plan_sent_reminders")
