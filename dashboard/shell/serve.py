"""``streamlit run`` with the start page rehearsed once before the server answers.

Streamlit runs the app's script only when the first visitor comes, so everything the start page
needs would otherwise be done while that visitor waits: importing the libraries (polars, DuckDB,
SQLAlchemy and its SQLite dialect, Plotly's figure classes, Babel), reading the published copy
and opening the decision store into the pages' caches, and Streamlit's own first-use costs (its
emoji table, the image reader behind the page icon, a look at the call stack). Seconds on a small
machine. Here every page's modules are imported and the start page's script is run once in this
process, the way a visitor's session runs it (Streamlit's ``AppTest``), after the configuration
is read and before the server binds its port: the caches it fills are the process's, so the first
visitor finds them warm, and the health check answers only once that is done.

Use it as ``python -m dashboard.shell.serve run dashboard/streamlit_app.py [options]``, with the
same options as ``streamlit run`` (``screening up`` does).
"""

from __future__ import annotations

import gc
import logging
import sys
import time
from pathlib import Path

# A cold first run takes 3-6 s of CPU (20 s of wall time seen on a two-core machine at load 17);
# one that has not finished by then (a decision store that does not answer) is stopped at its
# next Streamlit call and the server starts without it, so its first visitor sees what the page
# reports.
REHEARSAL_TIMEOUT_S = 60

# Streamlit warns when its API is used outside a visitor's session or before its server exists:
# the pages' modules declare their caches as they are imported, and AppTest sets up its session
# state. The preparation does both on purpose, so those warnings are kept out of the log.
OUTSIDE_A_SESSION_WARNINGS = (
    "streamlit.runtime.scriptrunner_utils.script_run_context",
    "streamlit.runtime.caching.cache_data_api",
)

_log = logging.getLogger(__name__)


def rehearse(script: str) -> None:
    """Run the app's script once without a browser: the start page a visitor without a user
    sees, its libraries imported and its caches filled. A failure is logged and left to the
    first visitor's run, which shows it on the page."""
    from streamlit.runtime import Runtime
    from streamlit.testing.v1 import AppTest

    try:
        run = AppTest.from_file(str(Path(script).resolve())).run(timeout=REHEARSAL_TIMEOUT_S)
        if run.exception:
            _log.warning("the start page's rehearsal stopped: %s", run.exception[0].message)
    except Exception:
        _log.warning("the start page could not be rehearsed", exc_info=True)
    finally:
        # AppTest stands a stand-in runtime up for its run and takes it down only after a run
        # that ended in time; left behind, the server could not create its own.
        Runtime._instance = None


def _silence(record: logging.LogRecord) -> bool:
    return False


def prepare(script: str) -> None:
    """Everything a visitor would otherwise wait for, done before the server answers: every
    page's modules imported (``warm_up``, which the first page would otherwise start in the
    background, where it competes with the next visitor), then the start page rehearsed."""
    from dashboard.shell import warm_up

    started = time.perf_counter()
    # A filter, not a level: Streamlit sets its loggers' levels as it creates them.
    quieted = [logging.getLogger(name) for name in OUTSIDE_A_SESSION_WARNINGS]
    for logger in quieted:
        logger.addFilter(_silence)
    try:
        warm_up.import_now()
        rehearse(script)
    finally:
        for logger in quieted:
            logger.removeFilter(_silence)
    # Everything loaded so far lives as long as the process. Frozen, it is left out of the
    # full garbage collection Streamlit does after every script run (``runner.postScriptGC``),
    # which would otherwise walk all of it after every page.
    gc.freeze()
    _log.info("dashboard prepared in %.1f s", time.perf_counter() - started)


def _rehearsed(run):
    """Streamlit's ``bootstrap.run``, preceded by :func:`prepare`: the configuration and its
    command-line options are loaded by then, and no port is bound yet."""

    def run_after_rehearsal(main_script_path: str, *args, **kwargs):
        prepare(main_script_path)
        return run(main_script_path, *args, **kwargs)

    return run_after_rehearsal


def main() -> None:
    from streamlit.web import bootstrap, cli

    bootstrap.run = _rehearsed(bootstrap.run)
    sys.argv = ["streamlit", *sys.argv[1:]]
    cli.main()


if __name__ == "__main__":
    main()
