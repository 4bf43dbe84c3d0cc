"""The first page a visitor opens is drawn without the libraries only other pages use.

A fresh dashboard process imports everything its first page needs before it can draw it; SciPy
(the matching), openpyxl and xlsxwriter (reading and writing workbooks) cost a visitor seconds
there and are needed only on later pages. Measured in a fresh interpreter, because this test
process has imported them long ago.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# What the entry and the overview (the start page in demo mode) import, module by module.
FIRST_PAGE_MODULES = (
    "dashboard.common.data",
    "dashboard.common.decision_store",
    "dashboard.common.formatting",
    "dashboard.decisions.phase_tables",
    "dashboard.ranking.charts",
    "dashboard.rounds.overview_view",
    "dashboard.shell.audiences",
    "dashboard.shell.homes",
    "dashboard.shell.identity",
    "dashboard.shell.language",
    "dashboard.shell.page_style",
    "screening.coalition",
    "screening.decisions.state",
    "screening.intake.submissions",
    "screening.operations.startup",
)
NOT_ON_THE_FIRST_PAGE = ("scipy", "sklearn", "openpyxl", "xlsxwriter", "dagster", "weasyprint")


def test_the_start_page_modules_leave_the_heavy_libraries_for_later():
    script = (
        "import importlib, sys\n"
        f"for name in {FIRST_PAGE_MODULES!r}:\n"
        "    importlib.import_module(name)\n"
        f"print(sorted(m for m in {NOT_ON_THE_FIRST_PAGE!r} if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]", result.stderr


@pytest.mark.slow  # every page's modules imported in a child process
def test_after_the_first_page_the_other_pages_modules_are_imported_once_in_the_background():
    script = (
        "import sys\n"
        "from dashboard.shell import warm_up\n"
        "thread = warm_up.start()\n"
        "again = warm_up.start()\n"
        "thread.join(timeout=300)\n"
        "missing = [m for m in warm_up.dashboard_modules() if m not in sys.modules]\n"
        "pages = 'dashboard.app_pages.overview' in sys.modules\n"
        "print(again, missing, 'scipy' in sys.modules, pages)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "None [] True False", result.stderr
