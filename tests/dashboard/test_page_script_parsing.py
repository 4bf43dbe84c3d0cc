"""A page script parses even when the garbage collector runs a finalizer that formats a
traceback mid-parse, as SQLAlchemy does when it cleans up another thread's connection. On Python
3.11 without the dashboard's guard this fails every time with «AST constructor recursion depth
mismatch», and Streamlit shows that error instead of the page."""

from __future__ import annotations

import ast
import gc
import traceback
from pathlib import Path

import dashboard  # installs the guard, as the app does
from dashboard.shell import page_paths


class _LogsATracebackWhenCollected:
    def __init__(self) -> None:
        self.itself = self  # only the cyclic collector frees it

    def __del__(self) -> None:
        def deeper(n: int) -> str:
            if n:
                return deeper(n - 1)
            try:
                raise RuntimeError("a connection from another thread")
            except RuntimeError:
                return traceback.format_exc()  # 3.11 parses the failing line to underline it

        deeper(30)


def test_a_page_parses_while_the_collector_formats_tracebacks() -> None:
    source = (Path(dashboard.__file__).parent / page_paths.GROSS_LIST).read_text(encoding="utf-8")
    threshold = gc.get_threshold()
    gc.set_threshold(50)
    try:
        for _ in range(100):
            for _ in range(20):
                _LogsATracebackWhenCollected()
            ast.parse(source)
    finally:
        gc.set_threshold(*threshold)
        gc.collect()
    assert gc.isenabled()
