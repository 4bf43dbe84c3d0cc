"""Import the rest of the dashboard in the background once the first page has been drawn.

A fresh server imports a module the first time a page needs it, and the libraries behind some
pages take seconds (SciPy for the matching, pandas for Streamlit's tables, openpyxl for
workbooks). The first page imports only what it draws, so a visitor sees it quickly; once it
has been drawn, one background thread per process imports every other dashboard module, so the
next page a visitor opens finds its libraries loaded. The page scripts in ``app_pages/`` are
not imported (Streamlit runs them); the modules they use are. A server started through
``dashboard/shell/serve.py`` imports them all before it answers (:func:`import_now`), so there
the background import never starts.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
import threading

import dashboard

# Streamlit's page scripts draw when run; the entry is already running.
NOT_IMPORTED = ("dashboard.app_pages", "dashboard.streamlit_app")
# The browser draws the first page's elements after the script has sent them; the imports
# wait this long so they do not compete with that on a small machine.
DELAY_S = 2.0

_started = False
_lock = threading.Lock()
_log = logging.getLogger(__name__)


def dashboard_modules() -> list[str]:
    """Every module of the dashboard apart from the page scripts and the entry."""
    return [
        module.name
        for module in pkgutil.walk_packages(dashboard.__path__, "dashboard.")
        if not module.name.startswith(NOT_IMPORTED)
    ]


def import_all() -> None:
    """Import every dashboard module; one that fails is left for its page to report."""
    for name in dashboard_modules():
        try:
            importlib.import_module(name)
        except Exception:  # the page that needs it shows the error to its reader
            _log.warning("warm-up could not import %s", name, exc_info=True)


def import_now() -> None:
    """Import every dashboard module in this thread, before any visitor has come (the server's
    preparation, ``dashboard/shell/serve.py``), so that no first page starts the background one."""
    global _started
    with _lock:
        _started = True
    import_all()


def start(delay_s: float = DELAY_S) -> threading.Thread | None:
    """Start the background import (after ``delay_s``) once per process; the thread, or None
    if already started."""
    global _started
    with _lock:  # two sessions' first runs may end at the same moment
        if _started:
            return None
        _started = True
    thread = threading.Timer(delay_s, import_all)
    thread.name, thread.daemon = "dashboard-warm-up", True
    thread.start()
    return thread
