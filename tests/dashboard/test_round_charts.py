"""The timeline stays readable at national scale: per-municipality milestones become one row
each, showing the most pressing status and how many municipalities are done."""

from __future__ import annotations

from datetime import date

import polars as pl

from dashboard.rounds.charts import timeline
from screening.rounds.status import MILESTONE_STATUS_SCHEMA


def _rows(n_municipalities: int) -> pl.DataFrame:
    base = {k: None for k in MILESTONE_STATUS_SCHEMA}
    rows = [
        {**base, "milestone": "mandate_approved", "position": 1, "status": "done",
         "planned_start": date(2026, 5, 1), "planned_end": date(2026, 5, 18)},
    ]  # fmt: skip
    for i in range(n_municipalities):
        rows.append(
            {**base, "milestone": "screening", "position": 3, "municipality": f"Kommune {i:02d}",
             "status": "overdue" if i == 7 else "done", "planned_start": date(2026, 9, 1),
             "planned_end": date(2026, 11, 27 if i else 20)}
        )  # fmt: skip
    return pl.DataFrame(rows, schema=MILESTONE_STATUS_SCHEMA)


def test_four_municipalities_get_a_row_each() -> None:
    figure = timeline(_rows(4), date(2026, 12, 2), "Milepæle")
    labels = [label for trace in figure.data for label in trace.y]
    assert len(labels) == 5 and "Screening – Kommune 03" in labels


def test_ninety_eight_municipalities_share_one_row_showing_the_late_one() -> None:
    figure = timeline(_rows(98), date(2026, 12, 2), "Milepæle")
    labels = {label: trace.name for trace in figure.data for label in trace.y}
    assert labels == {"Kommissorium": "Udført", "! Screening": "Forsinket"}
    (late,) = [t for t in figure.data if t.name == "Forsinket"]
    assert "97 af 98 kommuner udført" in late.hovertext[0]
    assert late.base[0] == "2026-09-01"  # the earliest start, and the latest deadline:
    assert late.x[0] == (date(2026, 11, 28) - date(2026, 9, 1)).days * 86_400_000


def test_the_date_axis_names_the_months_in_the_readers_language() -> None:
    from screening import i18n

    figure = timeline(_rows(4), date(2026, 12, 2), "Milepæle")
    danish = list(figure.layout.xaxis.ticktext)
    assert danish and all(t.split()[0] in MONTHS_DA for t in danish), danish
    try:
        i18n.use_language("en")
        english = list(timeline(_rows(4), date(2026, 12, 2), "Milestones").layout.xaxis.ticktext)
    finally:
        i18n.use_language("da")
    assert len(english) == len(danish) and not set(english) & set(danish) - {""}


MONTHS_DA = {
    "jan.",
    "feb.",
    "mar.",
    "apr.",
    "maj",
    "jun.",
    "jul.",
    "aug.",
    "sep.",
    "okt.",
    "nov.",
    "dec.",
}
