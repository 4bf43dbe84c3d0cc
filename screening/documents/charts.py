"""The annex's charts: Plotly figures drawn to PNG offline with Kaleido and Debian's chromium.

Kaleido 1.x drives a Chrome it finds through choreographer, which honours ``BROWSER_PATH``; we
point it at ``/usr/bin/chromium`` unless the environment says otherwise. Plotly's own bundled
``plotly.min.js`` is what Kaleido loads by default; MathJax, which it would fetch from a CDN, is
switched off, so drawing needs no network. All figures of one annex are drawn in one browser
session (starting chromium is most of the cost).
"""

from __future__ import annotations

import asyncio
import os
import threading
from pathlib import Path

import plotly.graph_objects as go
import polars as pl

from screening.errors import ScreeningError
from screening.i18n import _

DEBIAN_CHROMIUM = "/usr/bin/chromium"
WIDTH, HEIGHT, SCALE = 900, 480, 2
FONT = "Liberation Sans, DejaVu Sans, Arial, sans-serif"


class ChartsUnavailable(ScreeningError, RuntimeError):
    """The charts could not be drawn (no browser); the annex says so instead of showing them."""


def _layout(figure: go.Figure, title: str, height: int = HEIGHT) -> go.Figure:
    figure.update_layout(
        title={"text": title, "x": 0.01},
        template="plotly_white",
        font={"family": FONT, "size": 14},
        margin={"l": 10, "r": 20, "t": 60, "b": 40},
        height=height,
        width=WIDTH,
        showlegend=False,
        separators=",.",  # Danish: decimal comma, thousands point
    )
    return figure


def score_chart(ranked: pl.DataFrame, top: int = 15) -> go.Figure:
    """The top candidates by score, the highest on top."""
    rows = ranked.sort("rank").head(top)
    labels = [f"{r}. {_short(t)}" for r, t in zip(rows["rank"], rows["title"], strict=True)]
    figure = go.Figure(
        go.Bar(
            x=rows["score"].to_list()[::-1],
            y=labels[::-1],
            orientation="h",
            marker_color="#1F4E79",
            texttemplate="%{x:.1f}",
            textposition="outside",
        )
    )
    # A deduction for authority exercise can take a score below 0: the axis shows it.
    low = min(0.0, *(rows["score"].drop_nulls().to_list() or [0.0]))
    figure.update_xaxes(title=_("Score (point, højst 100)"), range=[low - 5 if low < 0 else 0, 105])
    figure.update_yaxes(automargin=True)
    return _layout(
        figure,
        _("De {n} højest placerede kandidater").format(n=rows.height),
        height=max(360, 28 * rows.height + 120),
    )


def funnel_chart(funnel: pl.DataFrame) -> go.Figure:
    figure = go.Figure(
        go.Funnel(
            y=funnel["label"].to_list(),
            x=funnel["candidates"].to_list(),
            marker={"color": "#2E75B6"},
            textinfo="value",
        )
    )
    figure.update_yaxes(automargin=True)
    return _layout(figure, _("Hvor kandidaterne står"), height=380)


def _short(title: str, limit: int = 48) -> str:
    return title if len(title) <= limit else title[: limit - 1] + "…"


def render_png(figures: list[go.Figure]) -> list[bytes]:
    """Each figure as PNG bytes, in one chromium session; :class:`ChartsUnavailable` if none."""
    if not figures:
        return []
    browser = os.environ.get("BROWSER_PATH") or DEBIAN_CHROMIUM
    if not Path(browser).is_file():
        raise ChartsUnavailable(
            _("Diagrammerne kan ikke tegnes: browseren {path} findes ikke.").format(path=browser)
        )
    os.environ.setdefault("BROWSER_PATH", browser)
    result: dict[str, object] = {}

    def draw() -> None:
        # A thread of its own: the caller may already run an event loop (the dashboard).
        try:
            result["images"] = asyncio.run(_draw(figures))
        except Exception as error:  # kaleido/choreographer raise many kinds
            result["error"] = error

    thread = threading.Thread(target=draw, name="annex-charts")
    thread.start()
    thread.join()
    if "error" in result:
        raise ChartsUnavailable(
            _("Diagrammerne kunne ikke tegnes: {error}").format(error=result["error"])
        )
    return result["images"]  # type: ignore[return-value]


async def _draw(figures: list[go.Figure]) -> list[bytes]:
    import kaleido  # imported here: only the annex needs it

    opts = {"format": "png", "scale": SCALE}
    async with kaleido.Kaleido(n=1, mathjax=False, timeout=120) as k:
        return [await k.calc_fig(figure, opts=opts) for figure in figures]
