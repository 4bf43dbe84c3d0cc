"""Charts for prioritising: how sure a rank is, two candidates' score parts, two weight profiles,
and value against effort. Pure functions from DataFrames to Plotly figures (no Streamlit)."""

from __future__ import annotations

from collections.abc import Collection

import plotly.graph_objects as go
import polars as pl

from dashboard.common import formatting, safe_text
from dashboard.ranking.charts import SHARED_COLOUR, SINGLE_COLOUR, contribution_rows, layout
from dashboard.ranking.weights import DOWN_COLOUR, UP_COLOUR
from screening.i18n import _

TOP_N = 15
NEUTRAL_COLOUR = "#7F7F7F"
AUTHORITY_COLOUR = "#C00000"
FRONTIER_COLOUR = "#ED7D31"
HOVER_COLUMNS = ("rank", "title", "value_dkk", "potential_known", "effort", "n_municipalities")


def _candidate_label(rank: int, title: str) -> str:
    # The rank makes the label unique: two candidates can have the same title. Escaped, as every
    # title in a chart: Plotly renders <a>, <span style> and the like in any string it shows.
    return f"{rank}. {safe_text.chart(title)}"


def rank_intervals(gross_list: pl.DataFrame, top_n: int = TOP_N) -> go.Figure:
    """Horizontal bars from the 5th to the 95th percentile of each candidate's rank under varied
    weights, with its rank on the gross list as a dot; the top ``top_n``, best at the top."""
    top = gross_list.sort("rank").head(top_n)
    labels = [_candidate_label(r, t) for r, t in zip(top["rank"], top["title"], strict=True)]
    lows, highs = top["rank_p05"].to_list(), top["rank_p95"].to_list()
    xs: list[int | None] = []
    ys: list[str | None] = []
    for label, low, high in zip(labels, lows, highs, strict=True):
        xs += [low, high, None]  # None breaks the line between candidates
        ys += [label, label, None]
    figure = go.Figure()
    figure.add_trace(
        go.Scatter(
            x=xs,
            y=ys,
            mode="lines",
            line={"color": SINGLE_COLOUR, "width": 10},
            name=_("Rang i 90 % af variationerne"),
            hoverinfo="skip",
        )
    )
    figure.add_trace(
        go.Scatter(
            x=top["rank"].to_list(),
            y=labels,
            mode="markers",
            marker={"color": SHARED_COLOUR, "size": 11},
            name=_("Placering på bruttolisten"),
            customdata=[
                f"{low}–{high}" if low != high else str(low)
                for low, high in zip(lows, highs, strict=True)
            ],
            hovertemplate=_("%{y}<br>Rang ved andre vægte: %{customdata}<extra></extra>"),
        )
    )
    figure.update_yaxes(autorange="reversed", categoryorder="array", categoryarray=labels)
    deepest = max([*top["rank"].to_list(), *(h for h in highs if h is not None), 1])
    figure.update_xaxes(
        title=_("Rang (1 = bedst)"), dtick=1 if deepest <= 30 else None, range=[0.5, deepest + 0.5]
    )
    figure.update_layout(legend={"orientation": "h", "y": -0.2})
    return layout(
        figure,
        _("Hvor sikker er placeringen? (top {n})").format(n=len(labels)),
        height=120 + 28 * len(labels),
    )


def contributions_side_by_side(first: dict, second: dict) -> go.Figure:
    """Grouped bars: each criterion's points for two candidates; each series sums to the score,
    which the legend names, so the reader sees where the difference comes from."""
    figure = go.Figure()
    for candidate, colour in ((first, SHARED_COLOUR), (second, FRONTIER_COLOUR)):
        rows = contribution_rows(candidate)
        figure.add_trace(
            go.Bar(
                x=[value for _, value in rows],
                y=[label for label, _ in rows],
                orientation="h",
                name=(
                    _("{candidate}: {points} point").format(
                        candidate=_candidate_label(candidate["rank"], candidate["title"]),
                        points=formatting.points(candidate["score"]),
                    )
                ),
                marker_color=colour,
                text=[formatting.points(value) for _, value in rows],
                textposition="outside",
            )
        )
    figure.update_layout(barmode="group", legend={"orientation": "h", "y": -0.15})
    figure.update_yaxes(autorange="reversed")
    figure.update_xaxes(title=_("Point"))
    return layout(figure, _("Scorens dele side om side"), height=520)


def scenario_slopes(
    comparison: pl.DataFrame, first_label: str, second_label: str, top_n: int = TOP_N
) -> go.Figure:
    """A slope chart: each candidate in the top ``top_n`` under either profile, its rank under
    the first profile on the left and under the second on the right; green up, red down."""
    shown = comparison.filter(
        (pl.col("rank_first") <= top_n) | (pl.col("rank_second") <= top_n)
    ).sort("rank_second")
    figure = go.Figure()
    for row in shown.iter_rows(named=True):
        change = row["rank_change"]
        colour = UP_COLOUR if change > 0 else DOWN_COLOUR if change < 0 else NEUTRAL_COLOUR
        figure.add_trace(
            go.Scatter(
                x=[0, 1],
                y=[row["rank_first"], row["rank_second"]],
                mode="lines+markers+text",
                line={"color": colour, "width": 2},
                marker={"color": colour, "size": 9},
                text=["", safe_text.chart(row["title"])],
                textposition="middle right",
                showlegend=False,
                # The title as data, never inside the template, where «%{…}» would be read.
                customdata=[safe_text.chart(row["title"])] * 2,
                hovertemplate=_("%{customdata}<br>Nr. %{y}<extra></extra>"),
            )
        )
    figure.update_xaxes(
        tickvals=[0, 1],
        ticktext=[safe_text.chart(first_label), safe_text.chart(second_label)],
        range=[-0.15, 2.2],
        showgrid=False,
    )
    deepest = max([*shown["rank_first"].to_list(), *shown["rank_second"].to_list(), 1])
    figure.update_yaxes(title=_("Rang"), autorange="reversed", dtick=1 if deepest <= 30 else None)
    return layout(
        figure,
        _("Placering med «{first}» og «{second}»").format(
            first=safe_text.chart(first_label), second=safe_text.chart(second_label)
        ),
        height=160 + 26 * deepest,
    )


def value_against_effort(frame: pl.DataFrame, selected: Collection[str] = ()) -> go.Figure:
    """Potential (DKK/year) against implementation effort; bubble size is the number of
    municipalities, authority exercise is marked, the efficient frontier is a line and the
    candidates chosen for phase 3 are ringed."""
    figure = go.Figure()
    frontier = frame.filter(pl.col("on_frontier")).sort("effort", "value_dkk")
    labelled = _label_positions(frame, _labelled_candidates(frame, selected))
    figure.add_trace(
        go.Scatter(
            x=frontier["effort"].to_list(),
            y=frontier["value_dkk"].to_list(),
            mode="lines",
            line={"color": FRONTIER_COLOUR, "width": 2, "shape": "hv"},
            name=_("Effektiv front"),
            hoverinfo="skip",
        )
    )
    for authority, name, colour, symbol in (
        (False, _("Kandidat"), SHARED_COLOUR, "circle"),
        (True, _("Myndighedsudøvelse"), AUTHORITY_COLOUR, "diamond"),
    ):
        group = frame.filter(pl.col("authority_exercise").fill_null(False) == authority)
        if group.is_empty():
            continue
        figure.add_trace(
            go.Scatter(
                x=group["effort"].to_list(),
                y=group["value_dkk"].to_list(),
                mode="markers+text",
                name=name,
                # Named on the chart itself, so it reads on a projector without hovering.
                text=[
                    _short_label(r, t) if c in labelled else ""
                    for c, r, t in group.select("candidate_id", "rank", "title").iter_rows()
                ],
                textposition=[
                    labelled.get(c, "top center") for c in group["candidate_id"].to_list()
                ],
                textfont={"size": 13, "color": "#1F1F1F"},
                cliponaxis=False,
                marker={
                    "color": colour,
                    "symbol": symbol,
                    "size": [10 + 6 * (n or 1) for n in group["n_municipalities"]],
                    "opacity": 0.8,
                    "line": {"color": "white", "width": 1},
                },
                customdata=[
                    [
                        _candidate_label(r, t),
                        formatting.kroner(v) if known else formatting.MISSING,
                        formatting.quantity(e),
                        n,
                    ]
                    for r, t, v, known, e, n in group.select(HOVER_COLUMNS).iter_rows()
                ],
                hovertemplate=(
                    _(
                        "%{customdata[0]}<br>Potentiale: %{customdata[1]} pr. år<br>"
                        "Indsats: %{customdata[2]} indsatspoint<br>Kommuner: %{customdata[3]}"
                        "<extra></extra>"
                    )
                ),
            )
        )
    chosen = frame.filter(pl.col("candidate_id").is_in(list(selected)))
    if not chosen.is_empty():
        figure.add_trace(
            go.Scatter(
                x=chosen["effort"].to_list(),
                y=chosen["value_dkk"].to_list(),
                mode="markers",
                name=_("Valgt til fase 3"),
                marker={
                    "symbol": "circle-open",
                    "size": [22 + 6 * (n or 1) for n in chosen["n_municipalities"]],
                    "color": "#2E7D32",
                    "line": {"width": 3},
                },
                hoverinfo="skip",
            )
        )
    figure.update_xaxes(title=_("Indsats (indsatspoint)"), rangemode="tozero")
    # Millions as the reader writes them («2 mio. kr.»), not Plotly's «2M» or «2.000.000».
    ticks = _million_ticks(frame["value_dkk"].max() or 0.0)
    figure.update_yaxes(
        title=_("Skønnet potentiale (mio. kr. pr. år)"),
        rangemode="tozero",
        tickvals=ticks,
        ticktext=[formatting.number(t / 1_000_000, 0 if t % 1_000_000 == 0 else 1) for t in ticks],
    )
    # Large enough to read on a projector at the back of a meeting room.
    figure.update_layout(legend={"orientation": "h", "y": -0.2}, font={"size": 14})
    return layout(figure, _("Værdi mod indsats"), height=560)


LABELLED_BY_VALUE = 5


def _labelled_candidates(frame: pl.DataFrame, selected: Collection[str]) -> set[str]:
    """The candidates named on the chart: the chosen and the largest potentials. All of them
    would overlap into an unreadable heap; the rest have their hover."""
    largest = frame.sort("value_dkk", descending=True, nulls_last=True).head(LABELLED_BY_VALUE)
    return {*selected, *largest["candidate_id"].to_list()}


def _label_positions(frame: pl.DataFrame, labelled: set[str]) -> dict[str, str]:
    """Above the point, or beside it when a label already sits just above (the highest first)."""
    points = (
        frame.filter(pl.col("candidate_id").is_in(list(labelled)))
        .sort("value_dkk", descending=True, nulls_last=True)
        .select("candidate_id", "effort", "value_dkk")
        .rows()
    )
    span = max((v or 0.0 for _c, _e, v in points), default=0.0) or 1.0
    placed: list[tuple[float, float]] = []
    positions: dict[str, str] = {}
    for candidate_id, effort, value in points:
        x, y = effort or 0.0, value or 0.0
        crowded = any(abs(x - px) < 3 and abs(y - py) < 0.12 * span for px, py in placed)
        positions[candidate_id] = "middle right" if crowded else "top center"
        placed.append((x, y))
    return positions


def _short_label(rank: int, title: str, width: int = 22) -> str:
    short = title if len(title) <= width else title[: width - 1].rstrip() + "…"
    return _candidate_label(rank, short)


def _million_ticks(highest: float) -> list[float]:
    """Round steps in millions (½, 1, 2, 5, 10, …) with at most eight ticks up to ``highest``."""
    for step in (0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500):
        if highest / (step * 1_000_000) <= 8:
            break
    count = int(highest // (step * 1_000_000)) + 2
    return [i * step * 1_000_000 for i in range(count)]
