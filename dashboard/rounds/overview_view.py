"""The round plan on the overview page, for the coordination committee: the timeline of the
round's milestones (today marked, late items red) and each municipality's status.

Derived live, through :func:`screening.rounds.current.round_status` (the function the
warehouse assets call), from the published submissions, the gross list and the decision
store: a template or a decision recorded a moment ago is counted at the next rerun.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import streamlit as st

from dashboard.common import data, decision_store
from dashboard.rounds import charts
from dashboard.shell import page_paths
from screening.config import load_screening_config, round_plan_path, today
from screening.decisions.store import EVENT_SCHEMA
from screening.i18n import _, date_text
from screening.intake.submissions import SUBMISSION_SCHEMA
from screening.rounds.current import RoundStatus, round_status
from screening.rounds.plan import PlanError
from screening.rounds.status import DANISH_TIME
from screening.vocabulary import MILESTONE_STATUSES, by_code

EMPTY_SUBMISSIONS = pl.DataFrame(schema=SUBMISSION_SCHEMA)


def current_status(path: Path | None, gross_list: pl.DataFrame) -> RoundStatus | None:
    """The running round's status now, or None (and a message) when the plan cannot be read."""
    submissions = data.submissions(path) if path is not None else EMPTY_SUBMISSIONS
    events, problem = decision_store.read_quietly()
    if events is None:
        st.warning(
            _("{problem} Rundeplanens beslutninger vises derfor ikke lige nu.").format(
                problem=problem
            ),
            icon="⚠️",
        )
        events = pl.DataFrame(schema=EVENT_SCHEMA)
        snapshots: list = []
    else:
        snapshots = decision_store.snapshots(with_rows=True)
    try:
        return round_status(
            load_screening_config(),
            round_plan_path(),
            submissions,
            gross_list,
            events,
            snapshots,
            today(),
        )
    except PlanError as error:
        st.error(str(error), icon="⚠️")
        return None


def days_text(days: int | None) -> str:
    if days is None:
        return ""
    if days < 0:
        return _("{n} dage over fristen").format(n=-days) if days != -1 else _("1 dag over fristen")
    if days == 0:
        return _("fristen er i dag")
    return _("{n} dage tilbage").format(n=days) if days != 1 else _("1 dag tilbage")


def _milestone_cell(milestones: pl.DataFrame, code: str, municipality: str) -> str:
    row = milestones.filter(
        (pl.col("milestone") == code) & (pl.col("municipality") == municipality)
    )
    if row.is_empty():
        return ""
    first = row.row(0, named=True)
    label = _(by_code(MILESTONE_STATUSES)[first["status"]].label)
    return f"{label}: {first['progress']}" if first["progress"] else label


def municipality_table(status: RoundStatus) -> pl.DataFrame:
    """One row per municipality: the template, its errors, the deadline, and how far the
    directorate and the committees are."""
    rows = []
    for row in status.submissions.iter_rows(named=True):
        if row["accepted"]:
            when = date_text(row["accepted_at"].astimezone(DANISH_TIME), "medium")
            deadline = (
                _("godkendt {n} dage efter fristen").format(n=row["days_late"])
                if row["days_late"]
                else _("godkendt inden fristen")
            )
        else:
            when = ""
            deadline = days_text(row["days_left"])
        rows.append(
            {
                _("Kommune"): row["municipality"],
                _("Skabelon"): _(row["status_label"]),
                _("Modtaget"): (
                    date_text(row["last_received_at"].astimezone(DANISH_TIME), "medium")
                    if row["arrived"]
                    else _("Nej")
                ),
                _("Godkendt"): when or _("Nej"),
                _("Åbne fejl"): row["open_errors"],
                _("Frist"): date_text(row["deadline"], "medium") if row["deadline"] else "",
                _("Dage tilbage"): deadline,
                _("Direktion"): _milestone_cell(
                    status.milestones, "directorate_treatment", row["municipality"]
                ),
                _("Politisk behandling"): _milestone_cell(
                    status.milestones, "political_treatment", row["municipality"]
                ),
            }
        )
    return pl.DataFrame(rows)


def render(path: Path | None, gross_list: pl.DataFrame) -> None:
    """The round's timeline and the municipalities' status (the overview page calls this)."""
    st.subheader(_("Rundeplan"))
    status = current_status(path, gross_list)
    if status is None:
        return
    late = status.milestones.filter(pl.col("status") == "overdue")
    if late.height:
        st.warning(
            _("{n} milepæle er forsinkede: fristen er overskredet, og de er ikke udført.").format(
                n=late.height
            ),
            icon="⏰",
        )
    st.plotly_chart(
        charts.timeline(
            status.milestones,
            status.today,
            _("{label}: milepæle").format(label=status.label),
        ),
        key="round_timeline",
    )
    st.caption(
        _(
            "Status afledes af data, hvor det kan: screening er udført, når kommunens skabelon er "
            "godkendt; direktionens behandling, når alle kommunens egne kandidater er "
            "prioriteret; den politiske behandling, når udvalgene har besluttet om dem på den "
            "fastfrosne liste. De øvrige markerer projektgruppen som udført. I dag: {day}."
        ).format(day=date_text(status.today))
    )
    st.markdown("**" + _("Kommunernes status") + "**")
    # What the committee follows first, in view at 1280 px: the template's state, the days
    # left and how far the directorate and the committee are; the dates after.
    table = municipality_table(status)
    first = [
        _(name)
        for name in (
            "Kommune",
            "Skabelon",
            "Dage tilbage",
            "Direktion",
            "Politisk behandling",
            "Åbne fejl",
        )
    ]
    st.dataframe(
        table.select(*first, pl.exclude(*first)) if not table.is_empty() else table,
        hide_index=True,
        key="round_municipalities",
        column_config={
            _("Kommune"): st.column_config.TextColumn(width=100, pinned=True),
            _("Skabelon"): st.column_config.TextColumn(width=150),
            _("Dage tilbage"): st.column_config.TextColumn(width=150),
            _("Direktion"): st.column_config.TextColumn(width=150),
            _("Politisk behandling"): st.column_config.TextColumn(width=150),
            _("Åbne fejl"): st.column_config.NumberColumn(width=80),
        },
    )
    st.page_link(
        page_paths.ROUND_PLAN,
        label=_("Til rundeplanen og påmindelserne"),
        icon=":material/event_note:",
    )
