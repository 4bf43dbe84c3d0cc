"""A full, read-only or closed disk gets a Danish message that says what to do; other errors
are not mistaken for one."""

from __future__ import annotations

import errno
import os

import pytest

from screening.faults import disk_message


@pytest.mark.parametrize(
    ("error", "says"),
    [
        (OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)), "Disken er fuld"),
        (OSError(errno.EFBIG, os.strerror(errno.EFBIG)), "Disken er fuld"),
        (OSError(errno.EROFS, os.strerror(errno.EROFS)), "skrivebeskyttet"),
        (PermissionError(errno.EACCES, "Permission denied"), "ikke adgang til at skrive"),
        # DuckDB and Dagster carry the operating system's error only as text.
        ('IO Error: Could not write file "x.duckdb": No space left on device', "Disken er fuld"),
        ("[Errno 30] Read-only file system: '/data/inbox/x.xlsx'", "skrivebeskyttet"),
    ],
)
def test_disk_errors_get_a_danish_message_naming_the_folder(error, says: str) -> None:
    message = disk_message(error, "/data/inbox")
    assert message is not None and says in message
    assert "/data/inbox" in message and "prøv igen" in message


def test_other_errors_are_not_disk_errors() -> None:
    assert disk_message(ValueError("bad value"), "/data") is None
    assert disk_message(OSError(errno.ENOENT, "No such file or directory"), "/data") is None
