"""What to tell a person when the disk, not the data, is the problem: full, read-only, no access.

The pipeline, the upload page and the CLI all meet the same few disk errors; one Danish text for
each says what happened and what to do, instead of an English traceback. The error may be an
``OSError`` or the text of one (DuckDB's IOException, a Dagster step failure), so both are read.
"""

from __future__ import annotations

import errno
import re
from pathlib import Path

from screening.i18n import _

_ERRNO_IN_TEXT = re.compile(r"\[Errno (\d+)\]")
# DuckDB reports the operating system's error as text only.
_TEXTS = {
    "No space left on device": errno.ENOSPC,
    "Disk quota exceeded": errno.EDQUOT,
    "File too large": errno.EFBIG,
    "Read-only file system": errno.EROFS,
    "Permission denied": errno.EACCES,
}
_FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
_NO_WRITE = (errno.EROFS,)
_NO_ACCESS = (errno.EACCES, errno.EPERM)


def error_number(error: BaseException | str) -> int | None:
    """The operating system's error number behind ``error``, if it names one."""
    if isinstance(error, OSError) and error.errno is not None:
        return error.errno
    text = str(error)
    if match := _ERRNO_IN_TEXT.search(text):
        return int(match.group(1))
    return next((number for phrase, number in _TEXTS.items() if phrase in text), None)


def disk_message(error: BaseException | str, where: Path | str) -> str | None:
    """A message in the reader's language for a full, read-only or inaccessible disk at
    ``where``; None otherwise."""
    number = error_number(error)
    if number in _FULL:
        return _(
            "Disken er fuld, så der kunne ikke skrives i {where}. Intet er gået tabt: det, der "
            "var gemt før, er uændret. Frigør plads på disken (eller bed IT om det), og prøv igen."
        ).format(where=where)
    if number in _NO_WRITE:
        return _(
            "Disken med {where} er skrivebeskyttet, så der kunne ikke skrives. Intet er gået "
            "tabt. Bed IT om at gøre mappen skrivbar igen, og prøv igen."
        ).format(where=where)
    if number in _NO_ACCESS:
        return _(
            "Programmet har ikke adgang til at skrive i {where}. Intet er gået tabt. Bed IT om "
            "skriveadgang til mappen, og prøv igen."
        ).format(where=where)
    return None
