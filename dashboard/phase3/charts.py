"""The charts of «Fase 3» and «Opfølgning»: pure functions from frames to Plotly figures."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl
from plotly.subplots import make_subplots

from dashboard.common import safe_text
from dashboard.ranking.charts import DANISH_SEPARATORS
from screening.i18n import _, current_language, number
from screening.phase3.business_case import KeyShare
from screening.vocabulary import DISTRIBUTION_KEYS

EXPECTED_COLOUR = "#9DC3E6"
ABOVE_COLOUR, BELOW_COLOUR = "#2E7D32", "#C62828"  # realised at or above / below expected


def _separators() -> str:
    return DANISH_SEPARATORS if current_language() == "da" else ".,"


def _millions(value: float) -> str:
    return _("{amount} mio. kr.").format(amount=number(value / 1_000_000, decimals=2))


def follow_up_chart(table: pl.DataFrame) -> go.Figure:
    """Expected against realised net gain per year, one panel per municipality; each realised
    bar green at or above expected, red below, labelled with the deviation."""
    followed = table.filter(pl.col("realised_gain_dkk").is_not_null())
    municipalities = list(dict.fromkeys(table["municipality"].to_list()))
    figure = make_subplots(
        rows=1,
        cols=max(1, len(municipalities)),
        shared_yaxes=True,
        subplot_titles=[safe_text.chart(m) for m in municipalities],
    )
    for column, municipality in enumerate(municipalities, start=1):
        mine = table.filter(pl.col("municipality") == municipality).sort("year")
        done = followed.filter(pl.col("municipality") == municipality).sort("year")
        years = [str(y) for y in mine["year"]]
        figure.add_bar(
            x=years,
            y=mine["expected_gain_dkk"].to_list(),
            name=_("Forventet"),
            marker_color=EXPECTED_COLOUR,
            legendgroup="expected",
            showlegend=column == 1,
            hovertemplate=_("Forventet %{x}: %{y:,.0f} kr.") + "<extra></extra>",
            row=1,
            col=column,
        )
        deviations = done["deviation_dkk"].to_list()
        shares = done["deviation_share"].to_list()
        figure.add_bar(
            x=[str(y) for y in done["year"]],
            y=done["realised_gain_dkk"].to_list(),
            name=_("Realiseret"),
            marker_color=[ABOVE_COLOUR if d >= 0 else BELOW_COLOUR for d in deviations],
            text=[
                f"{'+' if d >= 0 else '−'}{_millions(abs(d))}"
                + (f" ({'+' if d >= 0 else '−'}{number(abs(s) * 100)} %)" if s is not None else "")
                for d, s in zip(deviations, shares, strict=True)
            ],
            textposition="outside",
            textfont={"size": 12},
            cliponaxis=False,
            legendgroup="realised",
            showlegend=column == 1,
            hovertemplate=_("Realiseret %{x}: %{y:,.0f} kr.") + "<extra></extra>",
            row=1,
            col=column,
        )
    figure.update_layout(
        title=_("Realiseret mod forventet nettogevinst pr. år"),
        barmode="group",
        separators=_separators(),
        height=380,
        margin={"l": 10, "r": 10, "t": 70, "b": 10},
        legend={"orientation": "h", "y": -0.15},
    )
    figure.update_yaxes(tickformat=",.0f")
    figure.update_yaxes(title_text=_("kr. pr. år"), col=1)
    return figure


def keys_chart(shares: list[KeyShare]) -> go.Figure:
    """Each municipality's net gain per year under each key, side by side."""
    figure = go.Figure()
    for term in DISTRIBUTION_KEYS:
        mine = [s for s in shares if s.key == term.code]
        if not mine:
            continue
        figure.add_bar(
            x=[safe_text.chart(s.municipality) for s in mine],
            y=[s.net_annual_gain for s in mine],
            name=_(term.label),
            hovertemplate="%{x}: %{y:,.0f} kr.<extra>" + _(term.label) + "</extra>",
        )
    figure.update_layout(
        title=_("Nettogevinst pr. år under hver fordelingsnøgle"),
        barmode="group",
        separators=_separators(),
        height=340,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        yaxis_title=_("kr. pr. år"),
        yaxis_tickformat=",.0f",
    )
    return figure
