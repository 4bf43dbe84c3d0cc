"""Run the dashboard in AppTest the way a browser does, and read what a page shows."""

from __future__ import annotations

import json
import re
from pathlib import Path

from dashboard_sample_round import APP
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from dashboard.shell import audiences, page_paths

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


def open_page(
    page: str,
    query_params: dict[str, str] | None = None,
    session_state: dict[str, object] | None = None,
    timeout: float = 60,
) -> AppTest:
    """Open the page's address the way a browser does: one run of the entry, which frames the
    page through st.navigation.

    AppTest's ``switch_page`` finds a page only after a first run has registered the pages, and
    that run draws the default page, which a browser opening the address never draws (and which
    was a third of the dashboard tests' time). st.Page names a page by a hash of its address, so
    the run asks for that hash at once; the assertion after it proves the entry knew the page.
    ``session_state`` is what the session holds before it (the reader's language, the user).
    """
    at = AppTest.from_file(str(APP), default_timeout=timeout)
    for key, value in (session_state or {}).items():
        at.session_state[key] = value
    at._page_hash = calc_hash(audiences.PAGES[page].url_path)
    at.query_params.update(query_params or {})
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    shown = at._registered_pages.get(at._page_hash, {}).get("script_path", "")
    assert Path(shown).resolve() == (APP.parent / page).resolve(), (page, shown)
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
