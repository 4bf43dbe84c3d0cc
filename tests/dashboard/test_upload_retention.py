"""Indsend skabelon lets go of an upload's bytes once the check is done.

Each session holding a 24 MB upload kept 30-45 MB after its tab closed. The checked file now waits
in a private temporary file until «Send»; the session keeps only its path and hash.
"""

from __future__ import annotations

import dataclasses
import io
import os
import stat
import time
from pathlib import Path

import pytest
from app_runner import as_read, open_page
from dashboard_sample_round import ROUND, TEMPLATES, ScreeningRun
from streamlit.testing.v1 import AppTest

from dashboard.intake import held_upload
from dashboard.shell import page_paths
from dashboard.shell.identity import USER_KEY
from screening.template.writer import write_template

FEW_KB = 16 * 1024


def largest_bytes(value: object, seen: set[int] | None = None) -> int:
    """The largest bytes-like object reachable from ``value`` (dicts, sequences, dataclasses)."""
    seen = seen if seen is not None else set()
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
    return max((largest_bytes(child, seen) for child in children), default=0)


def session_largest_bytes(at: AppTest) -> int:
    return max((largest_bytes(at.session_state[key]) for key in at.session_state), default=0)


@pytest.fixture
def inbox(published: ScreeningRun, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "inbox"
    monkeypatch.setenv("SCREENING_INBOX", str(folder))
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path / "tmp"))  # the system temp dir
    return folder


def held_files() -> list[Path]:
    return sorted(held_upload.folder().iterdir())


def test_a_checked_upload_leaves_no_bytes_in_the_session_and_still_sends_unchanged(
    inbox: Path, tmp_path: Path
) -> None:
    template = write_template(
        tmp_path / "haderslev.xlsx", "Haderslev", ROUND, TEMPLATES["Haderslev"]
    )
    at = open_page(page_paths.SUBMIT_TEMPLATE)
    at.selectbox(key=USER_KEY).set_value("haderslev.projektgruppe").run()
    at.file_uploader[0].upload("Haderslev maj.xlsx", template.read_bytes()).run()
    assert not at.exception
    assert "vil blive **modtaget**: 6 opgaver" in at.success[0].value
    assert session_largest_bytes(at) < FEW_KB
    # The file and its annotated copy wait on disk, for this user's eyes only.
    kept = held_files()
    assert len(kept) == 2
    assert all(stat.S_IMODE(path.stat().st_mode) == 0o600 for path in kept)
    assert stat.S_IMODE(held_upload.folder().stat().st_mode) == 0o700
    assert not at.file_uploader[0].value  # the uploader's own copy is let go too
    assert "Hent kopi med rettelser" in [d.label for d in at.get("download_button")]

    [send] = [b for b in at.button if b.label == "Send til projektgruppen"]
    send.click().run()
    assert not at.exception
    assert (inbox / "Haderslev maj.xlsx").read_bytes() == template.read_bytes()
    assert len(held_files()) == 1  # the sent file is gone; the annotated copy stays for download
    assert session_largest_bytes(at) < FEW_KB


def test_a_new_file_replaces_the_kept_one(inbox: Path, tmp_path: Path) -> None:
    first = write_template(tmp_path / "første.xlsx", "Haderslev", ROUND, TEMPLATES["Haderslev"])
    second = write_template(tmp_path / "anden.xlsx", "Tønder", ROUND, TEMPLATES["Tønder"])
    at = open_page(page_paths.SUBMIT_TEMPLATE)
    at.file_uploader[0].upload("første.xlsx", first.read_bytes()).run()
    kept_first = held_files()
    at.file_uploader[0].upload("anden.xlsx", second.read_bytes()).run()
    assert not at.exception
    assert any("Tjekket fil: «anden.xlsx»" in as_read(c.value) for c in at.caption)
    kept_second = held_files()
    assert not set(kept_first) & set(kept_second)
    assert len(kept_second) == 2


def test_files_older_than_a_few_hours_are_swept(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    old, new = held_upload.hold(b"gammel"), held_upload.hold(b"ny")
    hours_ago = time.time() - (held_upload.MAX_AGE_HOURS + 1) * 3600
    os.utime(old.path, (hours_ago, hours_ago))
    assert held_upload.sweep() == 1
    assert not old.path.exists()
    assert new.read() == b"ny"
    with pytest.raises(held_upload.HeldFileGone, match="Læg filen her igen"):
        old.read()
