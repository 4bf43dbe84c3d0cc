"""Python 3.11's ``ast.parse`` made safe against a collection in the middle of a parse.

Streamlit parses every page script with ``ast.parse``, and Python 3.11 formats every traceback
with it too. In 3.11 the parser keeps its depth count in one interpreter-wide place: when the
garbage collector runs during a parse and a finalizer formats a traceback (SQLAlchemy logs one
when it cleans up a connection another thread opened), the inner parse resets the count and
the outer one fails with «SystemError: AST constructor recursion depth mismatch». The user then
sees that error instead of the page. Python 3.12 counts per call and needs none of this.

``install()`` wraps ``ast.parse`` so that no collection can start while a parse runs: nothing
else runs Python code inside the parser, so nothing can nest.
"""

from __future__ import annotations

import ast
import gc
import sys
import threading

_lock = threading.Lock()
_parsing = 0  # parses running now, in any thread
_collector_was_on = True
_original_parse = ast.parse


def _parse(*args, **kwargs):
    global _parsing, _collector_was_on
    with _lock:
        if _parsing == 0:
            _collector_was_on = gc.isenabled()
            gc.disable()
        _parsing += 1
    try:
        return _original_parse(*args, **kwargs)
    finally:
        with _lock:
            _parsing -= 1
            if _parsing == 0 and _collector_was_on:
                gc.enable()


def install() -> None:
    if sys.version_info < (3, 12) and ast.parse is _original_parse:
        ast.parse = _parse
