"""Backups of the decision store that restore: a consistent copy, a manifest, and a checked
restore that says in the log that it happened.

``backup`` copies the store while it is in use (SQLite's online backup API; ``pg_dump`` for
PostgreSQL), the users file, the configuration and the earlier rounds, and writes
``manifest.json``: the time, the log's event count and last event id, and the SHA-256 of every
file. ``restore`` checks the manifest first, refuses while a dashboard or a run holds the store,
writes the copy back through SQLite's backup API (so the live file's write-ahead log is
handled, never left beside an older file), runs the integrity check and appends a «gendannet
fra backup …» event naming who, when and which backup.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

from screening.config import CONFIG_DIR, rounds_dir, users_path
from screening.decisions.store import Actor, StoreError, append_event, dispose_all, open_store
from screening.errors import ScreeningError
from screening.operations import integrity

MANIFEST = "manifest.json"
SQLITE_COPY = "decisions.sqlite"
POSTGRES_COPY = "decisions.dump"
RESTORE_KIND = "restore"


class BackupError(ScreeningError):
    """A backup or restore cannot be made; the Danish message says why and what to do."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def postgres_tool(name: str) -> str:
    """``pg_dump`` or ``pg_restore``: on the PATH, or the newest in Debian's folders."""
    found = shutil.which(name) or next(
        iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None
    )
    if found is None:
        raise BackupError(
            f"{name} findes ikke på maskinen. Installér PostgreSQL's klientprogrammer "
            "(apt-get install postgresql-client) i samme version som serveren."
        )
    return found


def _libpq_url(url: sa.URL) -> str:
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def backup(out: Path, url: str) -> dict:
    """Write a backup of the store at ``url`` and the files beside it into the new folder
    ``out``; returns the manifest."""
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise BackupError(f"Mappen {out} findes og er ikke tom; vælg en ny mappe til backuppen.")
    out.mkdir(parents=True, exist_ok=True)
    engine = open_store(url)
    parsed = engine.url
    if parsed.get_backend_name() == "sqlite":
        store_file = SQLITE_COPY
        source = sqlite3.connect(parsed.database)
        target = sqlite3.connect(out / SQLITE_COPY)
        try:
            with target:
                source.backup(target)  # a consistent copy while others read and write
        finally:
            target.close()
            source.close()
    else:
        store_file = POSTGRES_COPY
        subprocess.run(
            [
                postgres_tool("pg_dump"),
                "--format=custom",
                "--file",
                str(out / POSTGRES_COPY),
                _libpq_url(parsed),
            ],
            check=True,
            capture_output=True,
        )
    # Counted after the copy: the copy holds at least these events.
    extent = integrity.store_extent(engine)
    for source_path, name in ((users_path(), "users.toml"),):
        if source_path.is_file():
            shutil.copy2(source_path, out / name)
    if CONFIG_DIR.is_dir():
        shutil.copytree(CONFIG_DIR, out / "config")
    if rounds_dir().is_dir():
        shutil.copytree(rounds_dir(), out / "rounds")
    files = {
        str(path.relative_to(out)): _sha256(path)
        for path in sorted(out.rglob("*"))
        if path.is_file()
    }
    manifest = {
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "store": parsed.get_backend_name(),
        "store_url": parsed.render_as_string(hide_password=True),
        "store_file": store_file,
        "events": extent.events,
        "last_event_id": extent.last_event_id,
        "files": files,
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False), "utf-8")
    return manifest


def read_manifest(folder: Path) -> dict:
    """The manifest, after checking every file it names is there with its SHA-256."""
    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST).read_text("utf-8"))
    except FileNotFoundError:
        raise BackupError(f"{folder} er ikke en backup: {MANIFEST} mangler.") from None
    except ValueError as error:
        raise BackupError(f"{folder / MANIFEST} kan ikke læses: {error}.") from None
    for name, expected in manifest.get("files", {}).items():
        path = folder / name
        if not path.is_file():
            raise BackupError(f"Backuppen er ufuldstændig: {name} mangler i {folder}.")
        if _sha256(path) != expected:
            raise BackupError(
                f"Backuppen er ændret eller beskadiget: {name} har ikke den SHA-256, "
                "manifestet angiver. Brug en anden backup."
            )
    if manifest.get("store_file") not in manifest.get("files", {}):
        raise BackupError(f"Manifestet i {folder} nævner ingen kopi af beslutningsdatabasen.")
    return manifest


def _holders(database: Path) -> list[int]:
    """The processes (other than this one) with the SQLite file or its WAL open."""
    names = {str(database.resolve()), f"{database.resolve()}-wal", f"{database.resolve()}-shm"}
    holders = []
    for fd_dir in glob.glob("/proc/[0-9]*/fd"):
        pid = int(fd_dir.split("/")[2])
        if pid == os.getpid():
            continue
        try:
            links = {os.readlink(os.path.join(fd_dir, fd)) for fd in os.listdir(fd_dir)}
        except OSError:
            continue  # gone, or another user's
        if links & names:
            holders.append(pid)
    return holders


def restore(folder: Path, url: str, actor: Actor) -> dict:
    """Put the backup in ``folder`` back as the store at ``url``; returns the restore event."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    parsed = sa.make_url(url)
    if manifest["store"] != parsed.get_backend_name():
        raise BackupError(
            f"Backuppen er af en {manifest['store']}-database, men SCREENING_DECISIONS_URL "
            f"peger på {parsed.get_backend_name()}."
        )
    dispose_all()
    if parsed.get_backend_name() == "sqlite":
        _restore_sqlite(folder / manifest["store_file"], Path(parsed.database))
    else:
        _restore_postgres(folder / manifest["store_file"], parsed)
    engine = open_store(url)
    problems = integrity.integrity_problems(engine)
    if problems:
        raise BackupError("Den gendannede database er ikke i orden: " + " ".join(problems))
    return append_event(
        engine,
        actor,
        kind=RESTORE_KIND,
        subject=f"backup:{manifest['created_at']}",
        new_value=(
            f"gendannet fra backup {folder.name} (taget {manifest['created_at']}, "
            f"{manifest['events']} beslutninger, senest nr. {manifest['last_event_id']})"
        ),
        details={"folder": str(folder.resolve()), "manifest": manifest["files"][MANIFEST]}
        if MANIFEST in manifest["files"]
        else {"folder": str(folder.resolve())},
    )


def _restore_sqlite(copy: Path, database: Path) -> None:
    holders = _holders(database) if database.exists() else []
    if holders:
        raise BackupError(
            f"Beslutningsdatabasen {database} er åben i andre programmer (proces "
            f"{', '.join(map(str, holders))}): stop dashboardet og Dagster først, og gendan så."
        )
    source = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
    target = sqlite3.connect(database)
    try:
        target.execute("PRAGMA journal_mode=WAL")
        with target:
            source.backup(target)  # page by page through the live file's own journal
        target.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        target.close()
        source.close()


def _restore_postgres(dump: Path, url: sa.URL) -> None:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            others = connection.execute(
                sa.text(
                    # Client sessions only: autovacuum visits the database too.
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
                )
            ).scalar()
    finally:
        engine.dispose()
    if others:
        raise BackupError(
            f"Beslutningsdatabasen har {others} andre forbindelser: stop dashboardet og "
            "Dagster først, og gendan så."
        )
    completed = subprocess.run(
        [
            postgres_tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--single-transaction",
            "--dbname",
            _libpq_url(url),
            str(dump),
        ],
        capture_output=True,
        text=True,
    )
    if completed.returncode != 0:
        raise StoreError(f"pg_restore mislykkedes: {completed.stderr.strip()[:500]}")
