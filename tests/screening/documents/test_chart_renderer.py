"""The annex charts are drawn by one browser kept open for the process: a second annex does not
start another chromium, two users asking at the same moment both get their charts, and a
browser that went away is replaced on the next drawing."""

from __future__ import annotations

import shutil
import threading

import polars as pl
import pytest

from screening.documents import charts

pytestmark = pytest.mark.skipif(
    shutil.which("chromium") is None and not charts.Path(charts.DEBIAN_CHROMIUM).is_file(),
    reason="needs Debian's chromium",
)

FUNNEL = pl.DataFrame({"label": ["Screenet", "I målrettet analyse"], "candidates": [42, 11]})
RANKED = pl.DataFrame(
    {"rank": [1, 2], "title": ["Indkøb og udbud", "IT-drift"], "score": [88.6, 77.5]}
)


def _figures():
    return [charts.score_chart(RANKED), charts.funnel_chart(FUNNEL)]


def _pngs(images: list[bytes]) -> bool:
    return len(images) == 2 and all(i.startswith(b"\x89PNG") and len(i) > 10_000 for i in images)


def test_two_requests_at_once_share_one_browser_and_get_their_own_charts():
    started = charts._RENDERER.started
    first = charts.render_png(_figures())
    results: dict[int, list[bytes]] = {}
    funnel_alone = charts.render_png([charts.funnel_chart(FUNNEL)])

    def draw(i: int) -> None:
        # One asks for both charts, the other for the funnel alone: neither gets the other's.
        results[i] = charts.render_png(_figures() if i == 0 else [charts.funnel_chart(FUNNEL)])

    threads = [threading.Thread(target=draw, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert _pngs(first) and _pngs(results[0])
    assert results[1] == funnel_alone
    assert results[0][1] == funnel_alone[0]
    assert charts._RENDERER.started - started <= 1  # none if an earlier test started it


@pytest.mark.slow  # a real browser started twice
def test_a_closed_browser_is_replaced_on_the_next_drawing():
    charts.render_png(_figures())
    started = charts._RENDERER.started
    charts._RENDERER.close()
    assert _pngs(charts.render_png(_figures()))
    assert charts._RENDERER.started == started + 1
