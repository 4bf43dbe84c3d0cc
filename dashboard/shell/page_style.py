"""The dashboard's few style rules, for what Streamlit's defaults cut or break at 1280×720.

Streamlit cuts a metric's label and value with «…» when its column is narrow, and lets words
break anywhere, so «Kandidater på bruttolisten» became «Kandidater på bru…» and a long Danish
compound broke mid-word. The rules here let labels wrap between words, shrink a key figure's
value to its box instead of cutting it, and keep words whole.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

FAVICON = Path(__file__).parents[1] / "static" / "favicon.png"

CSS = """
<style>
/* A key figure's label wraps between words instead of ending in «…». */
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] * {
  white-space: normal !important;
  overflow: visible !important;
  text-overflow: clip !important;
}
/* Widget labels (a checkbox's too) wrap between words instead of ending in «…». */
[data-testid="stWidgetLabel"] *, [data-testid="stCheckbox"] label * {
  white-space: normal !important;
  overflow: visible !important;
  text-overflow: clip !important;
}
/* The value shrinks with the width of the screen rather than being cut. */
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * {
  font-size: clamp(1.25rem, 1.7vw, 2rem) !important;
  white-space: nowrap !important;
  overflow: visible !important;
  text-overflow: clip !important;
}
/* Words stay whole: Danish compounds are long, and «bruttolis-ten» cannot be read. */
h1, h2, h3, h4, p, li, label, [data-testid="stMetric"] * {
  word-break: normal !important;
  overflow-wrap: normal !important;
}
/* Less empty room above the title, so more of the list fits on a laptop screen. */
[data-testid="stMainBlockContainer"] { padding-top: 2.5rem !important; }
</style>
"""


def apply() -> None:
    """The style rules, once per run (in the entry, so every page has them)."""
    st.html(CSS)
