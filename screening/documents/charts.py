"""The annex's charts: Plotly figures drawn to PNG offline with Kaleido and Debian's chromium.

Kaleido 1.x drives a Chrome it finds through choreographer, which honours ``BROWSER_PATH``; we
point it at ``/usr/bin/chromium`` unless the environment says otherwise. Plotly's own bundled
``plotly.min.js`` is what Kaleido loads by default; MathJax, which it would fetch from a CDN, is
switched off, so drawing needs no network.

Starting chromium is most of the cost of a drawing (3-5 s on these machines against a few tenths
of a second per chart), so one browser is started on the first drawing and kept open for the
life of the process, on an event loop of its own thread. Requests from any thread (two users
asking at once) are queued by Kaleido for its tabs; a browser that failed is closed and the next
drawing starts a new one.

A drawn chart is kept by its figure (:func:`drawn_png`): the score chart of a frozen list is the
same in every municipality's annex, and the funnel until the next decision, so each is drawn
once, not once per annex.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import hashlib
import os
import threading
from collections import OrderedDict
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path

import plotly.graph_objects as go
import polars as pl

from screening.errors import ScreeningError
from screening.i18n import _

DEBIAN_CHROMIUM = "/usr/bin/chromium"
WIDTH, HEIGHT, SCALE = 900, 480, 2
# Two tabs: an annex's two charts are drawn side by side, and a second annex waits for a tab
# instead of for a browser of its own.
TABS = 2
START_SECONDS = 60
DRAW_SECONDS = 120
FONT = "Liberation Sans, DejaVu Sans, Arial, sans-serif"
KEEP_DRAWN = 32  # charts kept per process: two per frozen list and state of the decisions


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
    """Each figure as PNG bytes, drawn by the process's browser; :class:`ChartsUnavailable` if
    there is none or it fails."""
    if not figures:
        return []
    browser = os.environ.get("BROWSER_PATH") or DEBIAN_CHROMIUM
    if not Path(browser).is_file():
        raise ChartsUnavailable(
            _("Diagrammerne kan ikke tegnes: browseren {path} findes ikke.").format(path=browser)
        )
    os.environ.setdefault("BROWSER_PATH", browser)
    try:
        return _RENDERER.draw(figures)
    except Exception as error:  # kaleido/choreographer raise many kinds
        raise ChartsUnavailable(
            _("Diagrammerne kunne ikke tegnes: {error}").format(error=error or type(error).__name__)
        ) from error


def drawn_png(figures: list[go.Figure]) -> list[bytes]:
    """Each figure as PNG bytes, as :func:`render_png` draws it, but a figure drawn before in
    this process (the same data, texts and layout) is not drawn again."""
    keys = [hashlib.sha256(figure.to_json().encode()).hexdigest() for figure in figures]
    with _drawn_lock:
        images = {key: _drawn[key] for key in keys if key in _drawn}
    missing = {key: figure for key, figure in zip(keys, figures, strict=True) if key not in images}
    if missing:
        images.update(zip(missing, render_png(list(missing.values())), strict=True))
    with _drawn_lock:
        for key in keys:
            _drawn[key] = images[key]
            _drawn.move_to_end(key)
        while len(_drawn) > KEEP_DRAWN:
            _drawn.popitem(last=False)
    return [images[key] for key in keys]


def forget_drawn() -> None:
    """Forget the drawn charts, so the next annex draws its own (for the benchmark)."""
    with _drawn_lock:
        _drawn.clear()


def warm_up() -> None:
    """Start the browser in the background, so that the first annex of a process (a queue
    worker's, the dashboard's) does not wait for chromium either; failures are left to the
    drawing that follows, which reports them."""

    def start() -> None:
        with contextlib.suppress(Exception):
            _RENDERER.open()

    threading.Thread(target=start, name="annex-charts-start", daemon=True).start()


class _Renderer:
    """One Kaleido browser for the process, on an event loop running in a thread of its own
    (the caller may already run an event loop: the dashboard does)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._kaleido = None
        self.started = 0  # browsers started, for the tests

    def draw(self, figures: list[go.Figure]) -> list[bytes]:
        loop, browser = self.open()
        opts = {"format": "png", "scale": SCALE}

        async def draw_all() -> list[bytes]:
            return list(await asyncio.gather(*(browser.calc_fig(f, opts=opts) for f in figures)))

        try:
            future = asyncio.run_coroutine_threadsafe(draw_all(), loop)
            return future.result(timeout=DRAW_SECONDS * len(figures))
        except BaseException:
            self._discard(browser)
            raise

    def open(self):
        """The event loop and the open browser, started if there is none."""
        with self._lock:
            if self._kaleido is not None:
                return self._loop, self._kaleido
            if self._loop is None:
                self._loop = asyncio.new_event_loop()
                threading.Thread(
                    target=self._loop.run_forever, name="annex-charts", daemon=True
                ).start()
                atexit.register(self.close)

            async def start():
                import kaleido  # imported here: only the annex needs it

                browser = kaleido.Kaleido(n=TABS, mathjax=False, timeout=DRAW_SECONDS)
                await browser.open()
                return browser

            future = asyncio.run_coroutine_threadsafe(start(), self._loop)
            try:
                self._kaleido = future.result(timeout=START_SECONDS)
            except FutureTimeout:
                future.cancel()
                raise
            self.started += 1
            return self._loop, self._kaleido

    def _discard(self, browser) -> None:
        """Close a browser that failed, unless another thread already replaced it."""
        with self._lock:
            if self._kaleido is not browser:
                return
            self._kaleido = None
        self._close(browser)

    def _close(self, browser) -> None:
        if self._loop is None or browser is None:
            return
        # Closing a broken browser may fail too: nothing more to do about it then.
        with contextlib.suppress(Exception):
            asyncio.run_coroutine_threadsafe(browser.close(), self._loop).result(timeout=10)

    def close(self) -> None:
        """Close the browser (at the process's exit, and for tests)."""
        with self._lock:
            browser, self._kaleido = self._kaleido, None
        self._close(browser)


_RENDERER = _Renderer()
_drawn: OrderedDict[str, bytes] = OrderedDict()
_drawn_lock = threading.Lock()
