"""The annex's charts are drawn with no network at all: Kaleido, Debian's chromium and
Plotly's bundled JavaScript run in a network namespace of their own that has no interfaces
(``unshare -n``), so a CDN fetch (MathJax, plotly.js) would fail the drawing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

SCRIPT = """
import polars as pl
from screening.documents import charts
funnel = pl.DataFrame({"label": ["Screenet", "I målrettet analyse"], "candidates": [42, 11]})
ranked = pl.DataFrame({"rank": [1, 2], "title": ["Indkøb og udbud", "IT-drift"],
                       "score": [88.6, 77.5]})
images = charts.render_png([charts.funnel_chart(funnel), charts.score_chart(ranked)])
assert all(image.startswith(b"\\x89PNG") and len(image) > 10_000 for image in images)
print(len(images))
"""


@pytest.mark.skipif(
    shutil.which("unshare") is None or os.geteuid() != 0, reason="needs root for unshare -n"
)
@pytest.mark.slow  # a real browser in a child process
def test_charts_are_drawn_without_any_network():
    done = subprocess.run(
        ["unshare", "-n", sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "2"
