"""The dashboard's server rehearses its start page before it answers, so the first visitor's page
imports nothing and reads no file the rehearsal did not already read (dashboard/shell/serve.py).

Measured in a fresh interpreter, because this test process has imported everything long ago.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from dashboard_sample_round import APP, ScreeningRun
from streamlit import runtime

from dashboard.shell import serve

ROOT = Path(__file__).resolve().parents[2]


def test_after_the_rehearsal_the_first_visitors_page_imports_nothing(
    published: ScreeningRun,
) -> None:
    script = (
        "import json, sys\n"
        "from streamlit.testing.v1 import AppTest\n"
        "from dashboard.shell import serve\n"
        f"serve.prepare({str(APP)!r})\n"
        "before = set(sys.modules)\n"
        f"page = AppTest.from_file({str(APP)!r}).run(timeout=60)\n"
        "print(json.dumps({\n"
        "    'imported': sorted(set(sys.modules) - before),\n"
        "    'titles': [title.value for title in page.title],\n"
        "    'exceptions': [error.message for error in page.exception],\n"
        "}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    visit = json.loads(result.stdout.strip().splitlines()[-1])
    assert visit["exceptions"] == []
    assert visit["titles"] == ["Overblik"]
    assert visit["imported"] == [], result.stderr


def test_a_rehearsal_that_runs_out_of_time_still_lets_the_server_start(
    published: ScreeningRun, monkeypatch
) -> None:
    monkeypatch.setattr(serve, "REHEARSAL_TIMEOUT_S", 0.001)
    serve.rehearse(str(APP))
    assert not runtime.exists()  # the server creates its own runtime next
