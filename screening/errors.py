"""The one base of the domain's exceptions: each carries a message a page can show as is.

Pages and commands catch :class:`ScreeningError` and show ``str(error)``; the subclasses say what
kind of refusal it was (a conflict, a missing right, a broken file) for code that treats them
differently. Each subclass keeps its older built-in base (``ValueError``, ``PermissionError`` …)
so callers that caught those still do.

The message is written in Danish and worded through :func:`screening.i18n._` where it is raised,
so it reads in the language of the run that raised it: the reader's on a dashboard page, Danish
in a command or a Dagster run. A message is never stored; what the decision log keeps is Danish.
"""

from __future__ import annotations


class ScreeningError(Exception):
    """A refusal or failure the user can act on; ``str(error)`` says what to do, in the reader's
    language."""
