"""Receiving files: each lands in the archive unchanged, under a timestamped name that cannot
escape the archive or overwrite anything, and the name it was sent under is kept in the log."""

from __future__ import annotations

import hashlib
import json
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from corpus import CONFIG, PAYROLL, official

from screening.intake.inbox import (
    RECEIPTS_FILE,
    not_moved,
    read_receipts,
    receive,
    receive_inbox,
    safe_name,
)
from screening.intake.submissions import read_folder

NOW = datetime(2026, 3, 2, 9, 15, 0, 123456, tzinfo=UTC)
STAMP = "20260302T091500123456Z"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    inbox, archive = tmp_path / "inbox", tmp_path / "archive"
    inbox.mkdir()
    return inbox, archive


def test_a_file_is_moved_unchanged_under_a_timestamped_name(folders):
    inbox, archive = folders
    sent = official(inbox / "Tønder screening.xlsx", PAYROLL)
    digest = sha256(sent)
    receipt = receive(sent, archive, now=NOW)
    assert not sent.exists()
    assert receipt.archived_as == f"{STAMP}__Tønder screening.xlsx"
    assert sha256(archive / receipt.archived_as) == digest == receipt.sha256
    assert receipt.original_name == "Tønder screening.xlsx"
    assert receipt.received_at == NOW


def test_each_receipt_is_logged_with_original_name_checksum_and_time(folders):
    inbox, archive = folders
    first = receive(official(inbox / "tønder.xlsx", PAYROLL), archive, now=NOW)
    second = receive(
        official(inbox / "upload.tmp.xlsx", {**PAYROLL, "fte": 2}),
        archive,
        original_name="Tønder (rettet).xlsx",
        now=NOW,
    )
    lines = (archive / RECEIPTS_FILE).read_text(encoding="utf-8").splitlines()
    logged = [json.loads(line) for line in lines]
    assert logged == [
        {
            "archived_as": first.archived_as,
            "original_name": "tønder.xlsx",
            "sha256": first.sha256,
            "received_at": NOW.isoformat(),
        },
        {
            "archived_as": second.archived_as,
            "original_name": "Tønder (rettet).xlsx",
            "sha256": second.sha256,
            "received_at": NOW.isoformat(),
        },
    ]
    assert "Tønder" in lines[1]  # the log is readable UTF-8, not \\u escapes
    assert read_receipts(archive) == {first.archived_as: first, second.archived_as: second}


def test_nothing_is_ever_overwritten(folders):
    inbox, archive = folders
    archive.mkdir()
    earlier = archive / f"{STAMP}__tønder.xlsx"
    earlier.write_bytes(b"received earlier")
    names = set()
    for version in range(3):
        sent = official(inbox / "tønder.xlsx", {**PAYROLL, "fte": version + 1})
        digest = sha256(sent)
        receipt = receive(sent, archive, now=NOW)  # same name, same instant
        assert sha256(archive / receipt.archived_as) == digest
        names.add(receipt.archived_as)
    assert len(names) == 3 and earlier.name not in names
    assert earlier.read_bytes() == b"received earlier"
    assert names == {f"{STAMP}-{n}__tønder.xlsx" for n in (2, 3, 4)}


@pytest.mark.parametrize(
    ("sent_as", "kept_as"),
    [
        ("../../etc/passwd.xlsx", "passwd.xlsx"),
        ("Tønder\\skabelon?.xlsx", "skabelon_.xlsx"),
        ("C:\\Users\\mette\\Skrivebord\\Tønder.xlsx", "Tønder.xlsx"),
        ("/etc/cron.d/x", "x"),
        ("..", "fil"),
        ("tønder\n.xlsx", "tønder_.xlsx"),
        ("~$tønder.xlsx", "_tønder.xlsx"),
        (".skjult.xlsx", "skjult.xlsx"),
        ("a" * 300 + ".xlsx", "a" * 115 + ".xlsx"),
    ],
)
def test_a_hostile_name_stays_inside_the_archive(folders, sent_as: str, kept_as: str):
    inbox, archive = folders
    sent = official(inbox / "upload.xlsx", PAYROLL)
    receipt = receive(sent, archive, original_name=sent_as, now=NOW)
    target = archive / receipt.archived_as
    assert target.resolve().parent == archive.resolve()
    assert receipt.archived_as == f"{STAMP}__{kept_as}"
    assert safe_name(sent_as) == kept_as
    assert read_receipts(archive)[receipt.archived_as].original_name == sent_as
    # Nothing was written anywhere but the archive.
    assert sorted(p.name for p in archive.parent.iterdir()) == ["archive", "inbox"]


def test_danish_letters_are_kept_in_one_normal_form():
    decomposed = "To\u0308nder.xlsx"  # as a Mac may send «Tönder»
    assert safe_name(decomposed) == "Tönder.xlsx"
    assert safe_name("Sønderborg – skabelon.xlsx") == "Sønderborg _ skabelon.xlsx"
    assert safe_name("") == safe_name(" . ") == "fil"


def test_the_findings_name_the_file_as_it_was_sent(folders):
    inbox, archive = folders
    sent = official(inbox / "upload.xlsx", {**PAYROLL, "task_type": "Outsourcing"})
    receive(sent, archive, original_name="Tønder\\skabelon?.xlsx", now=NOW)
    [received] = read_folder(archive, CONFIG)
    messages = [f.message for f in received.submission.findings]
    assert received.submission.file == "skabelon_.xlsx"
    assert received.archived_as == f"{STAMP}__skabelon_.xlsx"
    assert received.received_at == NOW
    assert any(
        "Filnavnet «Tønder\\skabelon?.xlsx» indeholdt tegn" in m and STAMP in m for m in messages
    )


def test_receiving_the_inbox_skips_hidden_files_and_excel_lock_files(folders):
    inbox, archive = folders
    official(inbox / "tønder.xlsx", PAYROLL)
    official(inbox / "haderslev.xlsx", PAYROLL, municipality="Haderslev")
    (inbox / ".DS_Store").write_bytes(b"\0")
    (inbox / "~$tønder.xlsx").write_bytes(b"Mette Hansen")  # Excel has tønder.xlsx open
    receipts = receive_inbox(inbox, archive)
    assert sorted(r.original_name for r in receipts) == ["haderslev.xlsx", "tønder.xlsx"]
    assert sorted(p.name for p in inbox.iterdir()) == [".DS_Store", "~$tønder.xlsx"]
    assert receive_inbox(inbox / "findes ikke", archive) == []


# --- names of any length, links, files still being written: each once broke or misled a run ---


def test_a_name_too_long_for_the_file_system_is_shortened_and_kept_in_full(folders):
    """235 bytes (every «ø» is two): with the time stamp the archived name once passed the 255
    bytes a file name may have, and every run failed with «File name too long»."""
    inbox, archive = folders
    sent_as = "Tønder økonomi" + "ø" * 107 + ".xlsx"
    assert len(sent_as.encode()) == 235
    receipt = receive(official(inbox / "upload.xlsx", PAYROLL), archive, sent_as, now=NOW)
    assert len(receipt.archived_as.encode()) <= 150
    assert receipt.archived_as.startswith(f"{STAMP}__Tønder økonomiøø")
    assert receipt.archived_as.endswith(".xlsx")
    assert read_receipts(archive)[receipt.archived_as].original_name == sent_as
    [received] = read_folder(archive, CONFIG)
    assert received.submission.tasks.height == 1


@pytest.mark.parametrize("length", [1, 40, 119, 120, 121, 250, 255])
def test_every_name_a_file_system_can_deliver_is_archived(folders, length: int):
    inbox, archive = folders
    name = ("å" * length)[: 255 // 2 - 5] + ".xlsx"
    assert len(safe_name(name).encode()) <= 120
    receipt = receive(official(inbox / "upload.xlsx", PAYROLL), archive, name, now=NOW)
    assert (archive / receipt.archived_as).is_file()


def test_a_symlink_in_the_inbox_is_set_aside_and_never_followed(folders, tmp_path: Path):
    inbox, archive = folders
    secret = tmp_path / "hemmelig.txt"
    secret.write_text("root:x:0:0")
    (inbox / "tønder.xlsx").symlink_to(secret)
    official(inbox / "haderslev.xlsx", PAYROLL, municipality="Haderslev")
    receipts = receive_inbox(inbox, archive, settle_seconds=0)
    assert sorted(r.original_name for r in receipts) == ["haderslev.xlsx", "tønder.xlsx"]
    [link] = [r for r in receipts if r.refused]
    assert link.sha256 == "" and "genvej (symbolsk link)" in link.refused
    assert (archive / link.archived_as).is_symlink()  # moved as the link, the target untouched
    assert secret.read_text() == "root:x:0:0" and list(inbox.iterdir()) == []
    received = read_folder(archive, CONFIG)
    by_file = {r.submission.file: r.submission for r in received}
    assert by_file["tønder.xlsx"].rejected and by_file["tønder.xlsx"].tasks.is_empty()
    assert by_file["haderslev.xlsx"].tasks.height == 1
    assert hashlib.sha256(secret.read_bytes()).hexdigest() not in {
        r.submission.sha256 for r in received
    }


def test_a_symlink_in_the_templates_folder_is_one_finding_not_a_reading(folders, tmp_path):
    _, archive = folders
    archive.mkdir()
    official(archive / "haderslev.xlsx", PAYROLL, municipality="Haderslev")
    (archive / "passwd.xlsx").symlink_to("/etc/passwd")
    received = read_folder(archive, CONFIG)
    [link] = [r for r in received if r.submission.rejected]
    assert link.submission.file == "passwd.xlsx" and link.submission.sha256 == ""
    assert len(link.submission.findings) == 1
    assert "genvej" in link.submission.findings[0].message


def test_a_file_still_being_written_is_left_until_it_is_complete(folders):
    """A copy in progress: taken only once its size and time stood still, and the receipt's
    checksum is that of the bytes in the archive."""
    inbox, archive = folders
    complete = official(inbox.parent / "tønder.xlsx", PAYROLL).read_bytes()
    growing = inbox / "tønder.xlsx"
    stop = threading.Event()

    def write_slowly() -> None:
        with open(growing, "wb") as handle:
            for start in range(0, len(complete), 512):
                if stop.is_set():
                    return
                handle.write(complete[start : start + 512])
                handle.flush()
                time.sleep(0.2)

    writer = threading.Thread(target=write_slowly)
    writer.start()
    try:
        time.sleep(0.3)
        assert receive_inbox(inbox, archive, settle_seconds=1.0) == []
        assert growing.exists()
    finally:
        writer.join()
    [receipt] = receive_inbox(inbox, archive, settle_seconds=1.0)
    archived = (archive / receipt.archived_as).read_bytes()
    assert archived == complete
    assert receipt.sha256 == hashlib.sha256(archived).hexdigest()
    [received] = read_folder(archive, CONFIG)
    assert not received.submission.rejected and received.submission.tasks.height == 1


def test_a_file_that_cannot_be_moved_is_one_finding_and_the_others_are_taken(folders):
    inbox, archive = folders
    """As when the archive's disk is read-only: here the archive's path is taken by a file."""
    inbox, archive = folders
    official(inbox / "haderslev.xlsx", PAYROLL, municipality="Haderslev")
    official(inbox / "tønder.xlsx", PAYROLL)
    archive.write_bytes(b"")
    receipts = receive_inbox(inbox, archive, settle_seconds=0)
    assert sorted(r.original_name for r in not_moved(receipts)) == ["haderslev.xlsx", "tønder.xlsx"]
    assert all("kunne ikke flyttes" in r.refused for r in receipts)
    assert sorted(p.name for p in inbox.iterdir()) == ["haderslev.xlsx", "tønder.xlsx"]
    received = read_folder(archive, CONFIG, not_moved=not_moved(receipts))
    assert [len(r.submission.findings) for r in received] == [1, 1]
    assert all(r.submission.rejected for r in received)
