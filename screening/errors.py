"""The one base of the domain's exceptions: each carries a Danish message a page can show as is.

Pages and commands catch :class:`ScreeningError` and show ``str(error)``; the subclasses say what
kind of refusal it was (a conflict, a missing right, a broken file) for code that treats them
differently. Each subclass keeps its older built-in base (``ValueError``, ``PermissionError`` …)
so callers that caught those still do.
"""

from __future__ import annotations


class ScreeningError(Exception):
    """A refusal or failure the user can act on; ``str(error)`` is Danish and says what to do."""
