"""Receive files: move them from the inbox into the archive, unchanged, and log each receipt.

The archive is the templates folder the pipeline reads. Files are never deleted or overwritten:
each gets a name that starts with its time of receipt, and a line in ``receipts.jsonl`` records
the name it was sent under (in full), its SHA-256 (of the archived bytes) and the time.
:func:`send_to_inbox` is how the product's own upload puts a file there (written hidden, then
linked into place, so it is never taken half-written).

Only regular files are taken. A symlink (or a pipe, a device) is never followed: it is moved
aside into ``.afviste/`` in the archive and logged with the reason, which becomes a finding. A
file is taken only once its size and modification time have stood still for
:data:`SETTLE_SECONDS`, so a file still being copied in is not archived half-written.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import time
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import count
from pathlib import Path

from screening.intake.submission import file_sha256

RECEIPTS_FILE = "receipts.jsonl"
SET_ASIDE_DIR = ".afviste"  # hidden, so neither the sensor nor the reader takes it for a file
NOT_MOVED_PREFIX = "indbakke/"
SETTLE_SECONDS = 2.0
# Archived names are the time stamp, "__" and this; 120 bytes leaves room under the 255 bytes
# a file name may have on every file system we meet (ext4, NTFS, SMB shares).
NAME_MAX_BYTES = 120
_SUFFIX_MAX_CHARS = 10
_STAMP = "%Y%m%dT%H%M%S%fZ"
_UNSAFE = re.compile(r"[^\w.\- ]+", flags=re.UNICODE)

LINK_MESSAGE = (
    "Filen er en genvej (symbolsk link) og ikke selve filen, så den er ikke læst og er lagt til "
    "side. Læg selve regnearket i indbakken, eller send det på siden «Indsend skabelon»."
)
SPECIAL_MESSAGE = (
    "Det modtagne er ikke en almindelig fil, så det er ikke læst og er lagt til side. Læg selve "
    "regnearket i indbakken, eller send det på siden «Indsend skabelon»."
)


@dataclass(frozen=True)
class Receipt:
    archived_as: str
    original_name: str
    sha256: str
    received_at: datetime
    refused: str | None = None  # why it was set aside unread, in Danish; None for a file taken


SENT_AS_SUFFIX = ".sendt-som"


def safe_name(name: str) -> str:
    """A file name that cannot leave the folder or confuse a shell: no path parts, no control
    characters, at most :data:`NAME_MAX_BYTES` bytes in UTF-8; Danish letters kept."""
    name = unicodedata.normalize("NFC", name.replace("\\", "/").split("/")[-1])
    name = _UNSAFE.sub("_", name).strip(" .")
    return _shorten(name or "fil", NAME_MAX_BYTES)


def _shorten(name: str, limit: int) -> str:
    """Cut the name to ``limit`` bytes, keeping its extension (the reader goes by it)."""
    if len(name.encode("utf-8")) <= limit:
        return name
    stem, suffix = os.path.splitext(name)
    if len(suffix) > _SUFFIX_MAX_CHARS:
        stem, suffix = name, ""
    room = limit - len(suffix.encode("utf-8"))
    # Cut on a character, never inside one: "ø" is two bytes.
    return stem.encode("utf-8")[:room].decode("utf-8", errors="ignore").rstrip(" .") + suffix


def _target(archive: Path, original: str, now: datetime) -> Path:
    target, counter = archive / f"{now.strftime(_STAMP)}__{safe_name(original)}", 1
    while os.path.lexists(target):
        counter += 1
        target = archive / f"{now.strftime(_STAMP)}-{counter}__{safe_name(original)}"
    return target


def _log(archive: Path, receipt: Receipt) -> None:
    entry = {**receipt.__dict__, "received_at": receipt.received_at.isoformat()}
    if receipt.refused is None:
        del entry["refused"]
    with open(archive / RECEIPTS_FILE, "a", encoding="utf-8") as log:
        log.write(json.dumps(entry, ensure_ascii=False) + "\n")


def receive(
    path: Path, archive: Path, original_name: str | None = None, now: datetime | None = None
) -> Receipt:
    """Move ``path`` into ``archive`` under a new unique name and log the receipt."""
    archive.mkdir(parents=True, exist_ok=True)
    now = now or datetime.now(UTC)
    original = original_name or path.name
    target = _target(archive, original, now)
    shutil.move(str(path), target)
    # The checksum is of what was archived, so the receipt always matches the archived bytes.
    receipt = Receipt(target.name, original, file_sha256(target), now)
    _log(archive, receipt)
    return receipt


def set_aside(path: Path, archive: Path, reason: str, now: datetime | None = None) -> Receipt:
    """Move ``path`` itself (a link as the link, never its target) into ``.afviste/``, logged."""
    aside = archive / SET_ASIDE_DIR
    aside.mkdir(parents=True, exist_ok=True)
    now = now or datetime.now(UTC)
    target = _target(aside, path.name, now)
    os.rename(path, target)  # renames the entry itself; a symlink's target is never opened
    receipt = Receipt(f"{SET_ASIDE_DIR}/{target.name}", path.name, "", now, refused=reason)
    _log(archive, receipt)
    return receipt


def not_regular_reason(path: Path) -> str | None:
    """Why ``path`` is not a file to read (a link, a pipe, a device); None for a regular file."""
    mode = os.lstat(path).st_mode
    if stat.S_ISREG(mode):
        return None
    return LINK_MESSAGE if stat.S_ISLNK(mode) else SPECIAL_MESSAGE


def is_candidate(entry: os.DirEntry) -> bool:
    """Anything in a folder but a subfolder, hidden names and Excel's lock files (~$name)."""
    return not entry.name.startswith((".", "~$")) and not entry.is_dir(follow_symlinks=False)


def set_aside_irregular(folder: Path, archive: Path) -> list[Receipt]:
    """Move every link, pipe or device in ``folder`` aside into the archive's ``.afviste/``."""
    if not folder.is_dir():
        return []
    receipts = []
    with os.scandir(folder) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            if is_candidate(entry) and entry.name != RECEIPTS_FILE:
                reason = not_regular_reason(Path(entry.path))
                if not reason:
                    continue
                try:
                    receipts.append(set_aside(Path(entry.path), archive, reason))
                except OSError:
                    # Cannot be moved (a read-only disk): still one finding, never followed.
                    now, where = datetime.now(UTC), f"{NOT_MOVED_PREFIX}{entry.name}"
                    receipts.append(Receipt(where, entry.name, "", now, refused=reason))
    return receipts


def settled(paths: list[Path], settle_seconds: float = SETTLE_SECONDS) -> list[Path]:
    """The files whose size and modification time have not changed for ``settle_seconds``.

    Waits at most ``settle_seconds`` once, for files changed just now; a file still changing
    after that is left for the next run.
    """

    def signature(path: Path) -> tuple[int, int] | None:
        try:
            info = os.lstat(path)
        except FileNotFoundError:
            return None
        return info.st_size, info.st_mtime_ns

    before = {p: signature(p) for p in paths}
    ages = [time.time() - s[1] / 1e9 for s in before.values() if s is not None]
    youngest = min(ages, default=settle_seconds)
    if youngest < settle_seconds:
        time.sleep(min(settle_seconds, settle_seconds - youngest))
    return [p for p in paths if before[p] is not None and signature(p) == before[p]]


def receive_inbox(
    inbox: Path, archive: Path, settle_seconds: float = SETTLE_SECONDS
) -> list[Receipt]:
    """Move every settled regular file waiting in ``inbox`` into the archive.

    Links and other irregular entries are set aside (a logged receipt with ``refused``). A file
    that cannot be moved gets an unlogged receipt with ``refused`` (see :func:`not_moved`): it
    stays in the inbox and is tried again on the next run, and it never stops the others.
    """
    if not inbox.is_dir():
        return []
    receipts = set_aside_irregular(inbox, archive)
    with os.scandir(inbox) as entries:
        waiting = sorted(Path(e.path) for e in entries if is_candidate(e))
    for path in settled([p for p in waiting if not_regular_reason(p) is None], settle_seconds):
        try:
            receipts.append(receive(path, archive, original_name=_sent_as(path)))
            _sent_as_note(path).unlink(missing_ok=True)
        except OSError as error:
            now = datetime.now(UTC)
            where = f"{NOT_MOVED_PREFIX}{path.name}"
            receipts.append(Receipt(where, path.name, "", now, refused=cannot_move(error)))
    return receipts


# How often the inbox sensor looks for new files; the upload page tells the sender from it when
# the file will be on the list (one look plus one run of the job on a sample-sized round).
LOOK_INTERVAL_SECONDS = 15


def waiting_files(inbox: Path) -> list[str]:
    """Names of the files still waiting in ``inbox`` (hidden files and lock files excepted)."""
    if not inbox.is_dir():
        return []
    with os.scandir(inbox) as entries:
        return sorted(e.name for e in entries if is_candidate(e))


def not_moved(receipts: list[Receipt]) -> list[Receipt]:
    """The receipts of files left in the inbox because they could not be moved (not logged)."""
    return [r for r in receipts if r.archived_as.startswith(NOT_MOVED_PREFIX)]


def cannot_move(error: OSError) -> str:
    return (
        f"Filen kunne ikke flyttes fra indbakken til arkivet ({error.strerror or error}), så "
        "den er ikke læst endnu. Den ligger stadig i indbakken og prøves igen ved næste "
        "kørsel; bliver fejlen ved, så tjek at arkivmappen kan skrives, og at disken ikke er fuld."
    )


def read_receipts(archive: Path) -> dict[str, Receipt]:
    """Archived name -> receipt, for the files that came through the inbox."""
    log = archive / RECEIPTS_FILE
    if not log.exists():
        return {}
    receipts = {}
    for line in log.read_text(encoding="utf-8").splitlines():
        if line.strip():
            raw = json.loads(line)
            raw["received_at"] = datetime.fromisoformat(raw["received_at"])
            receipts[raw["archived_as"]] = Receipt(**raw)
    return receipts


def send_to_inbox(name: str, data: bytes, inbox: Path) -> Path:
    """Write ``data`` unchanged into ``inbox`` as ``safe_name(name)``; never overwrite a file.

    A taken name gets ``-2``, ``-3``, … before the extension. The bytes are written to a hidden
    file first (the inbox sensor skips names starting with ".") and then linked into place, so
    the pipeline never picks up half a file, and a name taken meanwhile is never overwritten.
    """
    inbox = Path(inbox)
    inbox.mkdir(parents=True, exist_ok=True)
    wanted = Path(safe_name(name))
    staging = inbox / f".upload-{uuid.uuid4().hex}"
    try:
        # Inside the try: a disk that fills up while writing leaves no half file behind.
        staging.write_bytes(data)
        for number in count(1):
            target = inbox / (
                wanted.name if number == 1 else f"{wanted.stem}-{number}{wanted.suffix}"
            )
            if _place(staging, target):
                if number > 1:
                    # The name the sender gave, for the receipt: lists show their name, not
                    # «-2». Read well within the settle time, so the file is never read without.
                    _sent_as_note(target).write_text(wanted.name, encoding="utf-8")
                return target
    finally:
        staging.unlink(missing_ok=True)
    raise AssertionError("unreachable")


def _sent_as_note(path: Path) -> Path:
    """The hidden note beside an inbox file sent under a name that was taken (the sensor and
    the reader skip hidden names)."""
    return path.with_name(f".{path.name}{SENT_AS_SUFFIX}")


def _sent_as(path: Path) -> str | None:
    """The name the file was sent as, when the inbox had to give it another."""
    try:
        return _sent_as_note(path).read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


def _place(staging: Path, target: Path) -> bool:
    """Give ``staging`` the name ``target`` unless that name is taken; False when it is."""
    try:
        os.link(staging, target)  # fails on an existing name instead of replacing it
        return True
    except FileExistsError:
        return False
    except OSError:
        # A file system without hard links: claim the name exclusively, then write.
        try:
            with open(target, "xb") as handle:
                handle.write(staging.read_bytes())
            return True
        except FileExistsError:
            return False
