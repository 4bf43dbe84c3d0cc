"""Run the dashboard in AppTest the way a browser does, and read what a page shows."""

from __future__ import annotations

import json
import re

from dashboard_sample_round import APP
from streamlit.testing.v1 import AppTest

from dashboard.shell import page_paths

# Every page that shows the published round.
PAGES = (
    page_paths.OVERVIEW,
    page_paths.GROSS_LIST,
    page_paths.CANDIDATE,
    page_paths.DATA_QUALITY,
    page_paths.MATCH_REVIEW,
    page_paths.WEIGHTS,
    page_paths.SCENARIOS,
    page_paths.VALUE_EFFORT,
    page_paths.PRIORITIES,
    page_paths.SNAPSHOTS,
    page_paths.POLITICAL,
    page_paths.MUNICIPAL_RANKINGS,
)


def open_page(page: str, query_params: dict[str, str] | None = None) -> AppTest:
    """Run the app the way a browser does: the entry frames the page through st.navigation."""
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()  # switch_page needs the pages st.navigation registers on the first run
    at.switch_page(page)
    at.query_params.update(query_params or {})
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> str:
    parts = [
        e.value
        for kind in ("title", "header", "subheader", "markdown", "caption")
        for e in at.get(kind)
    ]
    return "\n".join(str(p) for p in parts)


def as_read(markdown: str) -> str:
    """Markdown source as the reader sees it: the backslash escapes of safe_text gone."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown)


def figure(at: AppTest, index: int) -> dict:
    """The ``index``-th Plotly chart on the page, as the figure JSON the browser receives."""
    return json.loads(at.get("plotly_chart")[index].proto.spec)
