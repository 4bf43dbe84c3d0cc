"""Uploaded files kept on disk between the check and «Send», so no session holds their bytes.

A checked upload (and its annotated copy) is written to a private folder under the system's
temporary directory, readable by this user only and named by its SHA-256 (plus a random part, so
two sessions with the same file never delete each other's copy). The session keeps only the path
and the hash. Files older than a few hours are swept at each check, so the file of a tab that was
closed does not live on. No Streamlit here.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from screening.errors import ScreeningError
from screening.i18n import _

FOLDER_NAME = "screening-uploads"
MAX_AGE_HOURS = 3  # longer than anyone spends between checking a file and sending it


class HeldFileGone(ScreeningError, FileNotFoundError):
    """The kept copy is gone: it was sent, replaced, or swept after MAX_AGE_HOURS."""


@dataclass(frozen=True)
class HeldFile:
    """A file's bytes on disk; only this small record is kept in a session."""

    path: Path
    sha256: str
    size: int

    def read(self) -> bytes:
        """The bytes exactly as kept; refused when the file is gone or no longer the same."""
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            raise HeldFileGone(_gone_message()) from None
        if hashlib.sha256(data).hexdigest() != self.sha256:
            raise HeldFileGone(_gone_message())
        return data

    def release(self) -> None:
        self.path.unlink(missing_ok=True)


def _gone_message() -> str:
    return _(
        "Den tjekkede fil er ikke gemt længere (den er sendt, erstattet eller var ældre end "
        "{hours} timer). Læg filen her igen."
    ).format(hours=MAX_AGE_HOURS)


def folder() -> Path:
    """The private folder under the system's temporary directory, made on first use."""
    path = Path(tempfile.gettempdir()) / FOLDER_NAME
    path.mkdir(mode=0o700, exist_ok=True)
    if path.is_symlink() or not path.is_dir():
        raise OSError(f"{path} er ikke en almindelig mappe")
    return path


def hold(data: bytes) -> HeldFile:
    """Write ``data`` to a new private file (0600) and return the record of it."""
    sha256 = hashlib.sha256(data).hexdigest()
    path = folder() / f"{sha256}-{secrets.token_hex(8)}"
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return HeldFile(path=path, sha256=sha256, size=len(data))


def sweep(max_age_hours: float = MAX_AGE_HOURS) -> int:
    """Delete kept files older than ``max_age_hours``; returns how many went."""
    cutoff = time.time() - max_age_hours * 3600
    removed = 0
    for path in folder().iterdir():
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except FileNotFoundError:  # another session swept it first
            continue
    return removed
