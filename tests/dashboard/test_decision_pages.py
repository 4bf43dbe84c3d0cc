"""AppTest runs of the decision pages (phases 1–2) against the sample round and a real store."""

from __future__ import annotations

from app_runner import open_page
from dashboard_sample_round import ScreeningRun

from dashboard import page_paths
from dashboard.identity import USER_KEY


def test_director_records_a_priority(published: ScreeningRun) -> None:
    at = open_page(page_paths.PRIORITIES)
    at.selectbox(key=USER_KEY).set_value("aabenraa.direktion").run()
    print(
        [e.key for e in at.get("arrow_data_frame")],
        at.data_editor if hasattr(at, "data_editor") else None,
    )
    editor = at.data_editor[0]
    print(editor.key, editor.value.head())
    at.session_state[editor.key] = {
        "edited_rows": {0: {"Prioritet": "Høj", "Kommentar": "Vigtig"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    next(b for b in at.button if b.label == "Gem prioriteringer").click().run()
    print(
        [s.value for s in at.success], [e.value for e in at.error], [e.value for e in at.exception]
    )
    print(at.data_editor[0].value.head())
