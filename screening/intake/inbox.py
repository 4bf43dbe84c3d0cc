"""Receive files: move them from the inbox into the archive, unchanged, and log each receipt.

The archive is the templates folder the pipeline reads. Files are never deleted or overwritten:
each gets a name that starts with its time of receipt, and a line in ``receipts.jsonl`` records
the name it was sent under, its SHA-256 and the time.
"""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from screening.intake.submission import file_sha256

RECEIPTS_FILE = "receipts.jsonl"
_STAMP = "%Y%m%dT%H%M%S%fZ"
_UNSAFE = re.compile(r"[^\w.\- ]+", flags=re.UNICODE)


@dataclass(frozen=True)
class Receipt:
    archived_as: str
    original_name: str
    sha256: str
    received_at: datetime


def safe_name(name: str) -> str:
    """A file name that cannot leave the folder or confuse a shell: no path parts, no control
    characters; Danish letters kept."""
    name = unicodedata.normalize("NFC", name.replace("\\", "/").split("/")[-1])
    name = _UNSAFE.sub("_", name).strip(" .")
    return (name or "fil")[-120:]


def receive(
    path: Path, archive: Path, original_name: str | None = None, now: datetime | None = None
) -> Receipt:
    """Move ``path`` into ``archive`` under a new unique name and log the receipt."""
    archive.mkdir(parents=True, exist_ok=True)
    now = now or datetime.now(UTC)
    original = original_name or path.name
    stem = f"{now.strftime(_STAMP)}__{safe_name(original)}"
    target, counter = archive / stem, 1
    while target.exists():
        counter += 1
        target = archive / f"{now.strftime(_STAMP)}-{counter}__{safe_name(original)}"
    receipt = Receipt(target.name, original, file_sha256(path), now)
    shutil.move(str(path), target)
    with open(archive / RECEIPTS_FILE, "a", encoding="utf-8") as log:
        log.write(
            json.dumps({**receipt.__dict__, "received_at": now.isoformat()}, ensure_ascii=False)
            + "\n"
        )
    return receipt


def receive_inbox(inbox: Path, archive: Path) -> list[Receipt]:
    """Move every file waiting in ``inbox`` into the archive."""
    if not inbox.is_dir():
        return []
    # "~$…" is Excel's lock file for a workbook someone has open: not a submission.
    waiting = sorted(
        p for p in inbox.iterdir() if p.is_file() and not p.name.startswith((".", "~$"))
    )
    return [receive(path, archive) for path in waiting]


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
