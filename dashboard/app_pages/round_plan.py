"""Rundeplan: the running round's milestones with their dates, owners and statuses; the project
group changes dates and owners and marks what the data cannot show as done; and the reminders
to copy into an e-mail to a municipality that is late or has errors to fix, and the automatic
reminders (the next per municipality, the ones sent).

Every change goes through :mod:`screening.rounds.plan_changes`, which checks the right itself and
records who changed what, with the version the user saw (a colleague's change meanwhile is a
conflict, never overwritten).
"""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard.common import data, decision_store, forms, queries, safe_text
from dashboard.rounds import charts, overview_view, reminder_tables, reminder_view
from dashboard.rounds import plan_table as table
from dashboard.shell import identity, language
from screening.coalition import load_coalition_rule
from screening.config import load_screening_config
from screening.decisions import rights
from screening.i18n import _, date_text
from screening.rounds.plan_changes import (
    MARKED_BY_HAND,
    record_milestone_mark,
    record_plan_change,
)
from screening.rounds.reminder import danish_date, needs_reminder, reminder_text
from screening.vocabulary import MILESTONES, by_code

TABLE = forms.EditedTable("round_plan")
RESULT_KEY = "round_plan_result"
MARK_MILESTONE_KEY = "round_plan_mark_milestone"
MARK_DATE_KEY = "round_plan_mark_date"
REMINDER_KEY = "round_plan_reminder_municipality"


@language.in_readers_language
def _save(round_id: str) -> None:
    changes, problems = table.plan_changes(*TABLE.edits())
    saves = forms.Saves(RESULT_KEY, problems=[safe_text.markdown(p) for p in problems])
    for change in changes:
        saves.attempt(
            lambda change=change: record_plan_change(
                decision_store.engine(),
                identity.acting_user(),
                round_id,
                change.milestone,
                change.municipality,
                change.start,
                change.end,
                change.owner,
                expected_version=change.expected_version,
            ),
            done=safe_text.markdown(change.label),
            about=change.label,
        )
    saves.keep(heading=_("Gemt:"), nothing_changed=not changes)
    TABLE.renew()


@language.in_readers_language
def _mark(round_id: str, versions: dict[str, int], done: bool) -> None:
    code = st.session_state.get(MARK_MILESTONE_KEY)
    day = st.session_state.get(MARK_DATE_KEY)
    label = _(by_code(MILESTONES)[code].label)
    saves = forms.Saves(RESULT_KEY)
    saves.attempt(
        lambda: record_milestone_mark(
            decision_store.engine(),
            identity.acting_user(),
            round_id,
            code,
            day if done else None,
            expected_version=versions.get(code, 0),
        ),
        done=safe_text.markdown(
            _("{label} markeret som udført").format(label=label)
            if done
            else _("{label} markeret som ikke udført").format(label=label)
        ),
        about=label,
    )
    saves.keep(heading=_("Gemt:"))


config = load_screening_config()
st.title(_("Rundeplan"))
path = queries.published_database()
published = path if path.is_file() and data.has_tables(path, "submissions") else None
gross_list = data.gross_list(published) if published else pl.DataFrame()
status = overview_view.current_status(published, gross_list)
if status is None:
    st.stop()
st.caption(
    _("{label} · planen fra {source} · i dag {day}").format(
        label=config.round.label, source=status.plan.source, day=date_text(status.today)
    )
)
st.caption(
    _(
        "Gruppens regel for runden: en kandidat går videre, og et driftsfællesskab kan "
        "etableres, når {rule} vil være med (config/screening.toml). Reglen gemmes med runden, "
        "når den afsluttes."
    ).format(rule=load_coalition_rule().text())
)
forms.show_result(RESULT_KEY)
st.plotly_chart(
    charts.timeline(status.milestones, status.today, _("Milepæle")), key="plan_timeline"
)

st.subheader(_("Milepæle og frister"))
user = identity.current_user()
refusal = identity.refusal(user, rights.ROUND_PLAN)
fresh = table.plan_table(status.milestones)
shown = [c for c in fresh.columns if c not in table.HIDDEN]
column_config = {
    _(table.START_HEADER): st.column_config.DateColumn(format="DD.MM.YYYY"),
    _(table.END_HEADER): st.column_config.DateColumn(format="DD.MM.YYYY"),
    _(table.OWNER_HEADER): st.column_config.SelectboxColumn(options=table.owner_labels()),
}
if refusal:
    st.info(refusal, icon="🔒")
    st.dataframe(fresh.select(shown), hide_index=True, column_config=column_config)
else:
    st.data_editor(
        TABLE.shown(fresh),
        key=TABLE.editor_key(),
        hide_index=True,
        column_order=shown,
        disabled=[
            c
            for c in fresh.columns
            if c not in (_(table.START_HEADER), _(table.END_HEADER), _(table.OWNER_HEADER))
        ],
        column_config=column_config,
    )
    st.button(_(table.SAVE_LABEL), type="primary", on_click=_save, args=(config.round.id,))
    st.caption(
        _(
            "Hver ændring gemmes med, hvem der lavede den og hvornår. Har en anden ændret samme "
            "milepæl, mens du redigerede, gemmes din ændring ikke; siden viser hvem og hvad."
        )
    )
    st.markdown("**" + _("Milepæle, som data ikke kan vise") + "**")
    manual = [m.code for m in MILESTONES if m.code in MARKED_BY_HAND]
    versions = {
        row["milestone"]: row["mark_version"] or 0
        for row in status.milestones.filter(pl.col("milestone").is_in(manual)).iter_rows(named=True)
    }
    left, middle = st.columns(2)
    # Worded in the run: Streamlit may call a format function without the run's language.
    names = {code: _(by_code(MILESTONES)[code].label) for code in manual}
    left.selectbox(
        _("Milepæl"),
        manual,
        format_func=names.get,
        key=MARK_MILESTONE_KEY,
        placeholder=_("Vælg"),
    )
    middle.date_input(_("Udført den"), value=status.today, key=MARK_DATE_KEY, format="DD.MM.YYYY")
    buttons = st.columns(2)
    buttons[0].button(_(table.MARK_LABEL), on_click=_mark, args=(config.round.id, versions, True))
    buttons[1].button(
        _(table.UNMARK_LABEL), on_click=_mark, args=(config.round.id, versions, False)
    )

st.subheader(_("Påmindelser"))
findings = data.findings(published) if published else pl.DataFrame()
rows = {row["municipality"]: row for row in status.submissions.iter_rows(named=True)}
behind = [m for m, row in rows.items() if needs_reminder(row, status.milestones)]
if behind:
    st.warning(
        _("Mangler noget: {names}.").format(names=", ".join(behind)),
        icon="✉️",
    )
else:
    st.success(_("Ingen kommune er forsinket eller har fejl at rette."), icon="✅")
choices = list(rows)
if st.session_state.get(REMINDER_KEY) not in choices:
    st.session_state[REMINDER_KEY] = behind[0] if behind else choices[0]
chosen = st.selectbox(_("Påmindelse til"), choices, key=REMINDER_KEY, placeholder=_("Vælg"))
text = reminder_text(
    config.round.label,
    rows[chosen],
    status.milestones,
    findings
    if not findings.is_empty()
    else pl.DataFrame(schema={"archived_as": pl.String, "severity": pl.String}),
    status.today,
    sender=user.name if user and user.has("projektgruppe") else "",
)
if text is None:
    st.info(_("{name} mangler intet lige nu.").format(name=chosen))
else:
    st.caption(_("Kopiér teksten (knappen øverst til højre) ind i en e-mail."))
    st.code(text, language=None, wrap_lines=True)
    # Why, in the decision log's language (Danish), whatever the reader's.
    reminder_view.render(
        chosen, text, f"{reminder_tables.MANUAL_WHY} pr. {danish_date(status.today)}"
    )
reminder_view.render_automatic(status, setup_shown=text is not None)
