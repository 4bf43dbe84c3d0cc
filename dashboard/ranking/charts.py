"""Charts of the gross list: pure functions from a DataFrame (or one candidate) to a Plotly figure.

No Streamlit here, so every chart can be built and checked in a plain test. Axis texts and
categories are the Danish labels from :mod:`screening.vocabulary`; numbers use Danish separators.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import accumulate

import plotly.graph_objects as go
import polars as pl

from dashboard.common import formatting, safe_text
from screening import i18n
from screening.i18n import N_, _
from screening.ranking.scoring import CONTRIBUTION_COLUMNS, CRITERION_LABELS
from screening.vocabulary import COOPERATION_FORMS, TASK_TYPES, Term, short_of

# Plotly's "separators" is decimal mark then thousands mark: Danish is "," and ".".
DANISH_SEPARATORS = ",."
SHARED_COLOUR, SINGLE_COLOUR = "#1F4E79", "#9DC3E6"
TOTAL_LABEL = N_("Score i alt")
CANDIDATES_AXIS = N_("Antal kandidater")


BODY_FONT_SIZE = 16  # Streamlit's body text, in px
BODY_COLOUR = "#31333F"  # Streamlit's body text colour


def layout(figure: go.Figure, title: str, height: int = 320) -> go.Figure:
    figure.update_layout(
        title=title,
        separators=DANISH_SEPARATORS if i18n.current_language() == "da" else ".,",
        height=height,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
    )
    return figure


def _counts_in_vocabulary_order(
    gross_list: pl.DataFrame, column: str, terms: tuple[Term, ...]
) -> tuple[list[str], list[int]]:
    counts = dict(gross_list.group_by(column).len().iter_rows())
    # Every term is shown, also with 0, so an empty category is visible rather than missing;
    # codes outside the vocabulary are kept at the end so nothing silently disappears.
    codes = [t.code for t in terms] + sorted(c for c in counts if c not in {t.code for t in terms})
    return [_(short_of(terms, c)) if short_of(terms, c) else _("Ikke angivet") for c in codes], [
        counts.get(c, 0) for c in codes
    ]


def _category_bar(labels: list[str], counts: list[int], title: str) -> go.Figure:
    figure = go.Figure(
        go.Bar(x=counts, y=labels, orientation="h", text=counts, marker_color=SHARED_COLOUR)
    )
    figure.update_yaxes(autorange="reversed")  # first vocabulary term at the top
    figure.update_xaxes(title=_(CANDIDATES_AXIS), dtick=1 if max(counts, default=0) <= 10 else None)
    return layout(figure, title)


def candidates_per_task_type(gross_list: pl.DataFrame) -> go.Figure:
    labels, counts = _counts_in_vocabulary_order(gross_list, "task_type", TASK_TYPES)
    return _category_bar(labels, counts, _("Kandidater pr. opgavetype"))


def candidates_per_cooperation_form(gross_list: pl.DataFrame) -> go.Figure:
    labels, counts = _counts_in_vocabulary_order(gross_list, "cooperation_form", COOPERATION_FORMS)
    return _category_bar(labels, counts, _("Kandidater pr. samdriftsform"))


def candidates_per_municipality(
    gross_list: pl.DataFrame, municipalities: Sequence[str] = ()
) -> go.Figure:
    """Stacked bars: candidates each municipality shares with others, and its own alone.

    ``municipalities`` (the participants, in configured order) are always shown, so a
    municipality that has not submitted yet stands out with an empty bar.
    """
    per_municipality = (
        gross_list.select("municipalities", (pl.col("n_municipalities") >= 2).alias("shared"))
        .explode("municipalities")
        .group_by("municipalities", "shared")
        .len()
    )
    found = per_municipality["municipalities"].drop_nulls().unique().sort().to_list()
    names = list(municipalities) + [m for m in found if m not in municipalities]
    counts = {(m, shared): n for m, shared, n in per_municipality.iter_rows()}
    figure = go.Figure()
    for shared, name, colour in (
        (True, _("Foreslået af flere kommuner"), SHARED_COLOUR),
        (False, _("Kun foreslået af kommunen selv"), SINGLE_COLOUR),
    ):
        figure.add_trace(
            go.Bar(
                x=[counts.get((m, shared), 0) for m in names],
                y=[safe_text.chart(m) for m in names],
                orientation="h",
                name=name,
                marker_color=colour,
            )
        )
    figure.update_layout(barmode="stack", legend={"orientation": "h", "y": -0.25})
    figure.update_yaxes(autorange="reversed")
    figure.update_xaxes(title=_(CANDIDATES_AXIS))
    return layout(figure, _("Kandidater pr. kommune"))


def score_histogram(gross_list: pl.DataFrame) -> go.Figure:
    figure = go.Figure(
        go.Histogram(x=gross_list["score"].to_list(), xbins={"size": 5}, marker_color=SHARED_COLOUR)
    )
    figure.update_xaxes(title=_("Score (point)"))
    figure.update_yaxes(title=_(CANDIDATES_AXIS))
    figure.update_layout(bargap=0.05)
    return layout(figure, _("Fordeling af score"))


def contribution_rows(candidate: dict) -> list[tuple[str, float]]:
    """(Danish criterion label, points) for every part of the score, in the scorer's order."""
    return [
        (_(CRITERION_LABELS[column.removeprefix("contrib_")]), float(candidate[column] or 0.0))
        for column in CONTRIBUTION_COLUMNS
    ]


def score_contributions(candidate: dict) -> go.Figure:
    """A horizontal waterfall: each criterion's points stack up to the bar «Score i alt».

    A waterfall rather than separate bars so the reader sees the parts add up to the score,
    and the authority-exercise deduction visibly pulls it back.
    """
    rows = contribution_rows(candidate)
    labels = [label for label, _ in rows] + [_(TOTAL_LABEL)]
    values = [value for _, value in rows]
    total = float(candidate["score"])
    figure = go.Figure(
        go.Waterfall(
            orientation="h",
            y=labels,
            x=[*values, total],
            measure=["relative"] * len(values) + ["total"],
            text=[formatting.points(v) for v in (*values, total)],
            textposition="outside",
            increasing={"marker": {"color": SINGLE_COLOUR}},
            decreasing={"marker": {"color": "#C00000"}},
            totals={"marker": {"color": SHARED_COLOUR}},
            connector={"line": {"color": "#7F7F7F", "width": 1}},
        )
    )
    figure.update_yaxes(autorange="reversed")  # criteria from the top, the total at the bottom
    # Room for the text outside the bars; the running sum peaks before the deduction.
    running = list(accumulate(values))
    low, high = min(0.0, *running, total), max(0.0, *running, total)
    figure.update_xaxes(title=_("Point"), range=[low - 5, high * 1.15 + 5])
    return layout(
        figure,
        _("Scorens dele: {points} point i alt").format(points=formatting.points(total)),
        height=420,
    )


def phase_funnel(funnel: pl.DataFrame) -> go.Figure:
    """How far the candidates have come: screened → prioritised → selected politically → in
    analysis → established, from :func:`screening.decisions.state.funnel`."""
    figure = go.Figure(
        go.Funnel(
            y=[_(label) for label in funnel["label"].to_list()],
            x=funnel["candidates"].to_list(),
            textinfo="value",
            textfont={"size": BODY_FONT_SIZE + 2},
            marker={"color": SHARED_COLOUR},
            hovertemplate=_("%{y}: %{x} kandidater<extra></extra>"),
        )
    )
    # The stage labels in the body text's size and colour: the committee reads them on a
    # projector from across the room, not as small grey axis text.
    figure.update_yaxes(tickfont={"size": BODY_FONT_SIZE, "color": BODY_COLOUR})
    return layout(figure, _("Hvor langt er kandidaterne nået?"), height=360)
