"""The decision store: one SQLAlchemy engine behind a URL, created and migrated on first use.

SQLite is the embedded default (``data/decisions.sqlite``, WAL mode so readers never wait for
a writer, and a busy timeout so writers queue instead of failing); PostgreSQL serves many users
through the same code. The analytic warehouse (DuckDB) stays Dagster's alone; this store takes
the users' writes, many at once, and Dagster reads it into the warehouse.

Every write is an append of one event (:func:`append_event`) with optimistic concurrency: the
writer says which version of the decision it saw; if someone else has written since, the write
is refused with :class:`Conflict`, which carries the other person's event so the page can show it.
"""

from __future__ import annotations

import fcntl
import json
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import polars as pl
import sqlalchemy as sa

from screening.config import decisions_url
from screening.decisions.schema import decision_events, gross_list_snapshots
from screening.errors import ScreeningError
from screening.i18n import _, current_language

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
ANY_VERSION = -1  # "whatever is current": for imports and scripts that saw no earlier value

_engines: dict[str, sa.Engine] = {}
_engines_lock = threading.Lock()


class StoreError(ScreeningError):
    """The decision store cannot be reached or used; the message is Danish and says what to do."""


class Conflict(ScreeningError):
    """Someone else changed the same decision since the writer last saw it."""

    def __init__(self, current: dict[str, Any], shown_value: str | None = None):
        self.current = current
        super().__init__(conflict_message(current, shown_value))


@dataclass(frozen=True)
class Actor:
    """Who writes: copied onto every event, so the log never depends on the users file."""

    user_id: str
    name: str
    role: str
    municipality: str | None


def open_store(url: str | None = None) -> sa.Engine:
    """The engine for ``url`` (default: the product's setting), migrated to the newest schema."""
    url = url or decisions_url()
    with _engines_lock:
        engine = _engines.get(url)
        if engine is None:
            engine = _create_engine(url)
            _migrate(engine)
            _engines[url] = engine
    return engine


def migrate_store(url: str) -> str:
    """Bring the store at ``url`` (the owner's address) to the newest schema; the revision."""
    from alembic.runtime.migration import MigrationContext

    engine = _create_engine(url)
    try:
        _migrate(engine)
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision() or ""
    finally:
        engine.dispose()


def dispose_all() -> None:
    """Close every engine (tests, and processes that fork)."""
    with _engines_lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()


def _create_engine(url: str) -> sa.Engine:
    parsed = sa.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, connect_args={"timeout": 30})

        @sa.event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")  # readers never block the writer
            cursor.execute("PRAGMA busy_timeout=30000")  # writers queue instead of failing
            # FULL: a decision the page confirmed as «Gemt» survives a power cut or an OS crash
            # (NORMAL in WAL mode may lose the last commits); it costs an fsync per commit.
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.close()

        return engine
    return sa.create_engine(url, pool_pre_ping=True)


def _alembic_config(connection: sa.Connection) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def _migrate(engine: sa.Engine) -> None:
    """Bring the schema to the newest revision; an older file upgrades itself here."""
    # Alembic is imported here, on the first open, not with this module: the module's readers
    # and types serve processes and pages that never open a store.
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
    try:
        with engine.connect() as connection:
            if MigrationContext.configure(connection).get_current_revision() == head:
                return
        with _migration_lock(engine) as connection:
            # Checked again under the lock: another process may have migrated meanwhile.
            if MigrationContext.configure(connection).get_current_revision() != head:
                from alembic import command

                command.upgrade(_alembic_config(connection), "head")
            connection.commit()
    except sa.exc.DatabaseError as error:  # unreachable, read-only, or a schema not ours
        if getattr(error.orig, "sqlstate", None) == "42501":  # insufficient privilege
            # The application role may not change the schema, by design: the owner migrates.
            raise StoreError(
                _(
                    "Beslutningsdatabasen skal opdateres til en ny version, og programmets "
                    "databasebruger må (med vilje) ikke ændre den. "
                    "Kør «screening store migrate» med ejerens adresse i "
                    "SCREENING_DECISIONS_ADMIN_URL, og start igen."
                )
            ) from error
        raise StoreError(
            _(
                "Beslutningsdatabasen kan ikke åbnes ({address}): {orig}. Tjek adressen i "
                "SCREENING_DECISIONS_URL, og at der er skriveadgang."
            ).format(address=engine.url.render_as_string(), orig=error.orig)
        ) from error


class _migration_lock:
    """One migrator at a time: a file lock beside a SQLite file, an advisory lock in PostgreSQL."""

    def __init__(self, engine: sa.Engine):
        self.engine = engine
        self.handle = None
        self.connection: sa.Connection | None = None

    def __enter__(self) -> sa.Connection:
        url = self.engine.url
        if url.get_backend_name() == "sqlite" and url.database not in (None, ":memory:"):
            self.handle = open(f"{url.database}.migrate.lock", "w")  # noqa: SIM115
            fcntl.flock(self.handle, fcntl.LOCK_EX)
        self.connection = self.engine.connect()
        if url.get_backend_name() == "postgresql":
            self.connection.execute(sa.text("SELECT pg_advisory_lock(7240311)"))
        return self.connection

    def __exit__(self, exc_type, *exc) -> None:
        assert self.connection is not None
        try:
            if exc_type is not None:
                self.connection.rollback()  # an aborted PostgreSQL transaction refuses the unlock
            if self.engine.url.get_backend_name() == "postgresql":
                self.connection.execute(sa.text("SELECT pg_advisory_unlock(7240311)"))
                self.connection.commit()
            self.connection.close()
        except sa.exc.DBAPIError:
            # The advisory lock belongs to the database session: dropping the connection (not
            # returning it to the pool) ends the session and so releases the lock. The error
            # that brought us here, if any, is the one worth reporting.
            self.connection.invalidate()
            if exc_type is None:
                raise
        finally:
            if self.handle is not None:
                fcntl.flock(self.handle, fcntl.LOCK_UN)
                self.handle.close()


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def latest_event(connection: sa.Connection, kind: str, subject: str) -> dict[str, Any] | None:
    row = (
        connection.execute(
            sa.select(decision_events)
            .where(decision_events.c.kind == kind, decision_events.c.subject == subject)
            .order_by(decision_events.c.version.desc())
            .limit(1)
        )
        .mappings()
        .first()
    )
    return dict(row) if row else None


def append_event(
    engine: sa.Engine,
    actor: Actor,
    *,
    kind: str,
    subject: str,
    new_value: str | None,
    expected_version: int = ANY_VERSION,
    phase: int | None = None,
    municipality: str | None = None,
    candidate_id: str | None = None,
    reason: str | None = None,
    details: dict[str, Any] | None = None,
    snapshot: dict[str, Any] | None = None,
    first_records: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Append one decision; the old value is whatever was current. Returns the stored event.

    ``expected_version`` is the version the writer saw (0: no decision yet). If the decision has
    moved on since, nothing is written and :class:`Conflict` says who changed it to what.
    ``snapshot``, a row of ``gross_list_snapshots``, is written in the same transaction.
    ``first_records`` (each with kind, subject, new_value and optionally phase, municipality,
    candidate_id, reason, details) are written in the same transaction too, each only if its
    subject has no event yet: what a decision sets once, such as the baselines it freezes.
    """
    fields = _event_fields(
        actor,
        kind=kind,
        subject=subject,
        new_value=new_value,
        phase=phase,
        municipality=municipality,
        candidate_id=candidate_id,
        reason=reason,
        details=details,
    )
    firsts = [_event_fields(actor, **record) for record in first_records or ()]
    for _attempt in range(5):
        try:
            return _append_once(engine, fields, expected_version, snapshot, firsts)
        except sa.exc.IntegrityError:
            # Two writers read the same version at once; the unique (kind, subject, version)
            # let the other one win. A writer who named the version it saw gets a conflict;
            # one who asked for "whatever is current" simply goes again on top of the winner.
            if expected_version != ANY_VERSION:
                with engine.connect() as connection:
                    raise Conflict(latest_event(connection, kind, subject) or {}) from None
        except sa.exc.OperationalError as error:
            raise StoreError(
                _(
                    "Beslutningen blev ikke gemt: beslutningsdatabasen svarer ikke ({orig}). Prøv "
                    "igen om lidt; fortsætter det, så kontakt projektgruppens administrator."
                ).format(orig=error.orig)
            ) from error
    raise StoreError(_("Beslutningen blev ikke gemt: for mange samtidige ændringer. Prøv igen."))


def _event_fields(
    actor: Actor,
    *,
    kind: str,
    subject: str,
    new_value: str | None,
    phase: int | None = None,
    municipality: str | None = None,
    candidate_id: str | None = None,
    reason: str | None = None,
    details: dict[str, Any] | None = None,
) -> dict[str, Any]:
    return {
        "kind": kind,
        "subject": subject,
        "phase": phase,
        "municipality": municipality,
        "candidate_id": candidate_id,
        "new_value": new_value,
        "reason": reason or None,
        "details": json.dumps(details, ensure_ascii=False) if details else None,
        "user_id": actor.user_id,
        "user_name": actor.name,
        "user_role": actor.role,
        "user_municipality": actor.municipality,
    }


def _append_once(
    engine: sa.Engine,
    fields: dict[str, Any],
    expected_version: int,
    snapshot: dict[str, Any] | None = None,
    firsts: list[dict[str, Any]] = (),
) -> dict:
    with engine.begin() as connection:
        current = latest_event(connection, fields["kind"], fields["subject"])
        version = current["version"] if current else 0
        if expected_version != ANY_VERSION and expected_version != version:
            raise Conflict(current or {})
        event = {
            **fields,
            "recorded_at": now(),
            "version": version + 1,
            "old_value": current["new_value"] if current else None,
        }
        if snapshot is not None:
            # The frozen list and its log entry in one transaction: a list frozen without its
            # entry would be missing from the audit trail.
            connection.execute(sa.insert(gross_list_snapshots).values(**snapshot))
        result = connection.execute(sa.insert(decision_events).values(**event))
        for first in firsts:
            # The decision and what it sets once stand or fall together: a status written
            # without its baselines would leave the gains with nothing to be measured against.
            if latest_event(connection, first["kind"], first["subject"]) is None:
                connection.execute(
                    sa.insert(decision_events).values(
                        **first, recorded_at=event["recorded_at"], version=1, old_value=None
                    )
                )
        return {**event, "event_id": result.inserted_primary_key[0]}


def already_imported(engine: sa.Engine, key: str) -> bool:
    with engine.connect() as connection:
        return latest_event(connection, "import", key) is not None


def any_imported(engine: sa.Engine, prefix: str) -> bool:
    """Whether anything whose key starts with ``prefix`` was imported."""
    with engine.connect() as connection:
        found = connection.execute(
            sa.select(decision_events.c.event_id)
            .where(decision_events.c.kind == "import", decision_events.c.subject.startswith(prefix))
            .limit(1)
        ).first()
    return found is not None


def import_once(engine: sa.Engine, actor: Actor, key: str, events: list[dict[str, Any]]) -> bool:
    """Append ``events`` and a marker named ``key`` in one transaction, unless ``key`` was
    imported before (by this or another process). True when this call imported them."""
    if already_imported(engine, key):
        return False
    try:
        with engine.begin() as connection:
            versions: dict[tuple[str, str], int] = {}
            recorded_at = now()
            for fields in [{"kind": "import", "subject": key, "new_value": key}, *events]:
                kind, subject = fields["kind"], fields["subject"]
                if (kind, subject) not in versions:
                    current = latest_event(connection, kind, subject)
                    versions[(kind, subject)] = current["version"] if current else 0
                versions[(kind, subject)] += 1
                details = fields.get("details")
                connection.execute(
                    sa.insert(decision_events).values(
                        **{k: v for k, v in fields.items() if k not in ("details", "user_name")},
                        details=json.dumps(details, ensure_ascii=False) if details else None,
                        recorded_at=recorded_at,
                        version=versions[(kind, subject)],
                        user_id=actor.user_id,
                        user_name=fields.get("user_name", actor.name),
                        user_role=actor.role,
                        user_municipality=actor.municipality,
                    )
                )
    except sa.exc.IntegrityError:
        return False  # another process imported the same file at the same moment
    return True


# A moment in a message, in Danish time, as the reader's language writes it.
_MESSAGE_TIME = {"da": "%d.%m.%Y kl. %H.%M", "en": "%d/%m/%Y %H:%M"}


def danish_time(recorded_at: str) -> str:
    """«02.12.2026 kl. 07.12» (da) or «02/12/2026 07:12» (en), in Danish time, for messages."""
    moment = datetime.fromisoformat(recorded_at).astimezone(ZoneInfo("Europe/Copenhagen"))
    return moment.strftime(_MESSAGE_TIME[current_language()])


def conflict_message(current: dict[str, Any], shown_value: str | None = None) -> str:
    """Why a save was refused, in the reader's language: who changed the decision, to what
    (a label of the vocabulary reads in the reader's language too) and when."""
    if not current:
        return _(
            "En anden har ændret beslutningen samtidig. Indlæs siden igen og prøv en gang til."
        )
    who = current["user_name"]
    if current.get("user_municipality"):
        who += f" ({current['user_municipality']})"
    value = shown_value or current["new_value"]
    return _(
        "Ikke gemt: {who} har ændret beslutningen til «{value}» {when}, mens du "
        "redigerede. Se den nye værdi, og gem igen, hvis du stadig vil ændre den."
    ).format(
        who=who,
        value=_(value) if value else _("(ingen)"),
        when=danish_time(current["recorded_at"]),
    )


EVENT_SCHEMA = {
    "event_id": pl.Int64,
    "recorded_at": pl.String,
    "kind": pl.String,
    "subject": pl.String,
    "version": pl.Int64,
    "phase": pl.Int64,
    "municipality": pl.String,
    "candidate_id": pl.String,
    "old_value": pl.String,
    "new_value": pl.String,
    "reason": pl.String,
    "details": pl.String,
    "user_id": pl.String,
    "user_name": pl.String,
    "user_role": pl.String,
    "user_municipality": pl.String,
}


def read_events(engine: sa.Engine, kinds: tuple[str, ...] | None = None) -> pl.DataFrame:
    """The log in the order it was written (optionally only some kinds of decision)."""
    query = sa.select(decision_events).order_by(decision_events.c.event_id)
    if kinds:
        query = query.where(decision_events.c.kind.in_(kinds))
    return _read_rows(engine, query)


def _read_rows(engine: sa.Engine, query: sa.Select) -> pl.DataFrame:
    try:
        with engine.connect() as connection:
            rows = connection.execute(query).all()
    except sa.exc.OperationalError as error:
        raise StoreError(
            _("Beslutningerne kan ikke læses: beslutningsdatabasen svarer ikke ({orig}).").format(
                orig=error.orig
            )
        ) from error
    return pl.DataFrame(rows, schema=EVENT_SCHEMA, orient="row")


class EventLog:
    """The log kept in memory and topped up with what was appended since the last read.

    The log is append-only, so a reader only needs the new events: a page that reruns every
    second reads a handful of rows instead of the whole national round. PostgreSQL may commit
    ids out of order (a slower transaction holding a lower id), so each top-up looks back
    ``LOOKBACK`` ids and drops those it already has.
    """

    LOOKBACK = 1000

    def __init__(self, engine: sa.Engine):
        self.engine = engine
        self._lock = threading.Lock()
        self._events = pl.DataFrame(schema=EVENT_SCHEMA)

    def read(self) -> pl.DataFrame:
        with self._lock:
            newest = self._events["event_id"].max() if self._events.height else 0
            since = max(0, (newest or 0) - self.LOOKBACK)
            fresh = self._read_since(since)
            if newest and not self._still_holds(fresh, newest):
                # The store was replaced (restored from a backup, or the URL now points at
                # another database): what we hold is no longer its log, so read it afresh.
                self._events = pl.DataFrame(schema=EVENT_SCHEMA)
                fresh = self._read_since(0)
            fresh = fresh.filter(~pl.col("event_id").is_in(self._events["event_id"].implode()))
            if fresh.height:
                self._events = pl.concat([self._events, fresh]).sort("event_id")
            return self._events

    def _read_since(self, since: int) -> pl.DataFrame:
        return _read_rows(
            self.engine,
            sa.select(decision_events)
            .where(decision_events.c.event_id > since)
            .order_by(decision_events.c.event_id),
        )

    def _still_holds(self, fresh: pl.DataFrame, newest: int) -> bool:
        """Whether the newest event we hold is still in the store, unchanged."""
        ours = self._events.filter(pl.col("event_id") == newest)
        theirs = fresh.filter(pl.col("event_id") == newest)
        return theirs.height == 1 and theirs["recorded_at"][0] == ours["recorded_at"][0]


def read_snapshots(engine: sa.Engine, with_rows: bool = False) -> list[dict[str, Any]]:
    columns = [c for c in gross_list_snapshots.c if with_rows or c.name != "rows"]
    with engine.connect() as connection:
        rows = connection.execute(
            sa.select(*columns).order_by(gross_list_snapshots.c.frozen_at)
        ).mappings()
        return [dict(row) for row in rows]
