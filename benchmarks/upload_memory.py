"""What a session of «Indsend skabelon» keeps after checking a 24 MB upload.

    uv run python -m benchmarks.upload_memory [--mb 24]

The page is driven with Streamlit's ``AppTest`` against an empty round (temporary folders for the
warehouse, inbox and decision store): one upload of ``--mb`` MiB of random bytes named «.xlsx»
(refused at once as not a workbook, so the check itself costs nothing). Reported: the bytes held
by every bytes-like object reachable from the session's state after the check (the uploader's own
file, the check, anything else a page kept), and the files the page keeps on disk instead.
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import json
import os
import tempfile
from pathlib import Path

APP = Path(__file__).resolve().parents[1] / "dashboard" / "streamlit_app.py"


def retained_bytes(value: object, seen: set[int]) -> int:
    """The bytes held by bytes-like objects reachable from ``value``, each counted once."""
    if id(value) in seen:
        return 0
    seen.add(id(value))
    if isinstance(value, bytes | bytearray | memoryview):
        return len(value)
    if isinstance(value, io.BytesIO):
        return value.getbuffer().nbytes
    if isinstance(value, dict):
        children = [*value.keys(), *value.values()]
    elif isinstance(value, list | tuple | set | frozenset):
        children = list(value)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        children = [getattr(value, f.name) for f in dataclasses.fields(value)]
    else:
        return 0
    return sum(retained_bytes(child, seen) for child in children)


def measure(megabytes: int) -> dict[str, int]:
    from streamlit.testing.v1 import AppTest

    folder = Path(tempfile.mkdtemp(prefix="upload-memory-"))
    os.environ["SCREENING_DB"] = str(folder / "warehouse.duckdb")
    os.environ["SCREENING_INBOX"] = str(folder / "inbox")
    os.environ["SCREENING_DECISIONS_URL"] = f"sqlite:///{folder / 'decisions.sqlite'}"
    tempfile.tempdir = str(folder)  # where the page keeps a checked file
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()
    at.switch_page("app_pages/submit_template.py")
    at.run()
    at.file_uploader[0].upload("stor.xlsx", os.urandom(megabytes * 1024 * 1024)).run()
    assert not at.exception, [e.value for e in at.exception]
    seen: set[int] = set()
    in_session = sum(retained_bytes(at.session_state[key], seen) for key in at.session_state)
    on_disk = sum(p.stat().st_size for p in folder.glob("screening-uploads/*"))
    return {
        "upload_bytes": megabytes * 1024 * 1024,
        "session_bytes": in_session,
        "disk_bytes": on_disk,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=24)
    print(json.dumps(measure(parser.parse_args().mb), indent=2))


if __name__ == "__main__":
    main()
