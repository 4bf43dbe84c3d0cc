"""The round plan as a chart: a pure function from the milestone statuses to a Plotly timeline.

No Streamlit here, so the chart can be built and checked in a plain test. Each row is a
milestone (one per municipality where each municipality does it), coloured by its status;
late rows (overdue, or done after the deadline) carry a red outline and a «!» so they stand
out in print too, and today is a dashed line.
"""

from __future__ import annotations

from datetime import date, timedelta

import plotly.graph_objects as go
import polars as pl
from babel import dates as babel_dates

from dashboard.common import safe_text
from screening import i18n
from screening.i18n import _, date_text
from screening.vocabulary import MILESTONE_STATUSES, MILESTONES, by_code

DANISH_SEPARATORS = ",."
STATUS_COLOURS = {
    "done": "#548235",
    "done_late": "#C55A11",
    "in_progress": "#2E75B6",
    "overdue": "#C00000",
    "planned": "#A6A6A6",
    "not_recorded": "#D9D9D9",
}
LATE = ("overdue", "done_late")
TODAY_COLOUR = "#1F1F1F"


def row_label(milestone: str, municipality: str | None) -> str:
    label = _(by_code(MILESTONES)[milestone].short)
    return f"{label} – {municipality}" if municipality else label


# More municipalities than this, and each per-municipality milestone is one row for them all
# (a national round's 98 rows per milestone would make the chart metres long).
MAX_MUNICIPALITY_ROWS = 8
# The status a summary row shows: the most pressing among the municipalities'.
URGENCY = ("overdue", "in_progress", "planned", "not_recorded", "done_late", "done")


def summarised(milestones: pl.DataFrame) -> pl.DataFrame:
    """One row per milestone when more than ``MAX_MUNICIPALITY_ROWS`` municipalities take part:
    its earliest start, latest deadline, the most pressing status, and how many are done."""
    municipalities = milestones["municipality"].drop_nulls().n_unique()
    if municipalities <= MAX_MUNICIPALITY_ROWS:
        return milestones
    whole = milestones.filter(pl.col("municipality").is_null())
    urgency = {code: rank for rank, code in enumerate(URGENCY)}
    each = (
        milestones.filter(pl.col("municipality").is_not_null())
        .with_columns(pl.col("status").replace_strict(urgency, return_dtype=pl.Int64).alias("_u"))
        .group_by("milestone", maintain_order=True)
        .agg(
            pl.col("position").first(),
            pl.col("planned_start").min(),
            pl.col("planned_end").max(),
            pl.col("status").sort_by("_u").first(),
            pl.col("status").is_in(["done", "done_late"]).sum().alias("_done"),
            pl.len().alias("_n"),
        )
    )
    text = _("{done} af {total} kommuner udført")
    each = each.with_columns(
        pl.struct("_done", "_n")
        .map_elements(lambda r: text.format(done=r["_done"], total=r["_n"]), return_dtype=pl.String)
        .alias("progress")
    )
    return pl.concat([whole, each.drop("_done", "_n")], how="diagonal_relaxed")


def date_ticks(first: date, last: date) -> tuple[list[str], list[str]]:
    """Ticks for a date axis, named in the reader's language («okt. 2026», «Oct 2026»): Plotly
    would name the months in English whatever the page's language. The first of each month, or
    each Monday when the span is under three months."""
    if (last - first).days >= 90:
        days = [
            date(year, month, 1)
            for year in range(first.year, last.year + 1)
            for month in range(1, 13)
            if first <= date(year, month, 1) <= last
        ]
        pattern = "MMM y"
    else:
        monday = first + timedelta(days=(7 - first.weekday()) % 7)
        days = [monday + timedelta(weeks=n) for n in range((last - monday).days // 7 + 1)]
        pattern = "d. MMM" if i18n.current_language() == "da" else "d MMM"
    return (
        [d.isoformat() for d in days],
        [babel_dates.format_date(d, pattern, locale=i18n.current_locale()) for d in days],
    )


def timeline(milestones: pl.DataFrame, today: date | None, title: str) -> go.Figure:
    """A Gantt chart of the round's milestones (``status.MILESTONE_STATUS_SCHEMA`` rows), with
    ``today`` marked (None for a closed round)."""
    ordered = summarised(milestones).sort(["position", "municipality"], nulls_last=False)
    labels = [
        ("! " if row["status"] in LATE else "") + row_label(row["milestone"], row["municipality"])
        for row in ordered.iter_rows(named=True)
    ]
    figure = go.Figure()
    statuses = by_code(MILESTONE_STATUSES)
    for status, colour in STATUS_COLOURS.items():
        rows = [
            (label, row)
            for label, row in zip(labels, ordered.iter_rows(named=True), strict=True)
            if row["status"] == status
        ]
        if not rows:
            continue
        # A bar per milestone: base at the start, length in milliseconds (Plotly's date unit);
        # a one-day milestone still gets a visible day.
        starts = [row["planned_start"] for _label, row in rows]
        lengths = [
            ((row["planned_end"] + timedelta(days=1)) - row["planned_start"]).days * 86_400_000
            for _label, row in rows
        ]
        hover = [
            "<br>".join(
                safe_text.chart(part)
                for part in (
                    label,
                    f"{date_text(row['planned_start'])} – {date_text(row['planned_end'])}",
                    _(statuses[status].label),
                    row["progress"] or "",
                )
                if part
            )
            for label, row in rows
        ]
        figure.add_trace(
            go.Bar(
                name=_(statuses[status].label),
                y=[safe_text.chart(label) for label, _row in rows],
                x=lengths,
                base=[s.isoformat() for s in starts],
                orientation="h",
                marker={
                    "color": colour,
                    "line": {
                        "color": "#C00000" if status in LATE else colour,
                        "width": 3 if status in LATE else 0,
                    },
                },
                hovertext=hover,
                hoverinfo="text",
            )
        )
    figure.update_yaxes(
        categoryorder="array",
        categoryarray=[safe_text.chart(label) for label in labels],
        autorange="reversed",
    )
    ends = [e for e in ordered["planned_end"].to_list() if e is not None]
    starts_all = [b for b in ordered["planned_start"].to_list() if b is not None]
    if starts_all and ends:
        values, texts = date_ticks(min(starts_all), max(ends) + timedelta(days=1))
        figure.update_xaxes(type="date", tickvals=values, ticktext=texts)
    else:
        figure.update_xaxes(type="date")
    if today is not None:
        # A shape and a separate annotation: add_vline's own annotation fails on date axes.
        figure.add_shape(
            type="line",
            x0=today.isoformat(),
            x1=today.isoformat(),
            y0=0,
            y1=1,
            yref="paper",
            line={"color": TODAY_COLOUR, "dash": "dash", "width": 2},
        )
        figure.add_annotation(
            x=today.isoformat(),
            y=1,
            yref="paper",
            text=safe_text.chart(_("I dag, {day}").format(day=date_text(today, "medium"))),
            showarrow=False,
            yanchor="bottom",
        )
    figure.update_layout(
        title=title,
        barmode="overlay",
        separators=DANISH_SEPARATORS,
        height=max(320, 26 * len(labels) + 120),
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        legend={"orientation": "h", "y": -0.08},
    )
    return figure
