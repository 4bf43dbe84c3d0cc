"""Whether the decision store is whole, and whether it went backwards.

A store restored from an older copy has fewer events than the warehouse last read from it: the
dashboard and the next run must say so rather than show an old list as the newest. The same
comparison serves ``screening doctor``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from screening import store as warehouse_store
from screening.decisions.schema import decision_events
from screening.i18n import _

APPEND_ONLY_TRIGGERS = {
    "sqlite": {
        "decision_events_no_update",
        "decision_events_no_delete",
        "gross_list_snapshots_no_update",
        "gross_list_snapshots_no_delete",
    },
    "postgresql": {
        "decision_events_append_only",
        "decision_events_no_truncate",
        "gross_list_snapshots_append_only",
        "gross_list_snapshots_no_truncate",
    },
}


@dataclass(frozen=True)
class LogExtent:
    events: int
    last_event_id: int
    last_recorded_at: str | None = None  # of the last event: the same id may be reused


def store_extent(engine: sa.Engine, at_id: int | None = None) -> LogExtent:
    """How far the store's log reaches; ``last_recorded_at`` is that of event ``at_id`` (the
    warehouse's last), so a log replaced under the same ids is told apart."""
    with engine.connect() as connection:
        count, last = connection.execute(
            sa.select(sa.func.count(), sa.func.coalesce(sa.func.max(decision_events.c.event_id), 0))
        ).one()
        recorded_at = connection.execute(
            sa.select(decision_events.c.recorded_at).where(
                decision_events.c.event_id == (last if at_id is None else at_id)
            )
        ).scalar()
    return LogExtent(int(count), int(last), recorded_at)


def warehouse_extent(published: Path) -> LogExtent | None:
    """What the warehouse's published copy last read from the store, or None (no run yet)."""
    if not Path(published).is_file():
        return None
    try:
        with warehouse_store.connect(published, read_only=True) as con:
            if "decision_log" not in warehouse_store.table_names(con):
                return None
            count, last, recorded_at = con.execute(
                "SELECT count(*), coalesce(max(event_id), 0), arg_max(recorded_at, event_id) "
                "FROM decision_log"
            ).fetchone()
    except Exception:  # an unreadable copy is the dashboard's own message, not this one's
        return None
    return LogExtent(int(count), int(last), recorded_at)


def went_backwards(store: LogExtent, warehouse: LogExtent | None) -> str | None:
    """Why the store holds less than the warehouse last read (in the reader's language), or
    None: fewer events, or the warehouse's last event no longer the same in the store (``store``
    measured at the warehouse's last id)."""
    if warehouse is None:
        return None
    same_history = warehouse.events == 0 or store.last_recorded_at == warehouse.last_recorded_at
    if store.events >= warehouse.events and same_history:
        return None
    return _(
        "Beslutningsdatabasen har færre beslutninger ({events}, senest nr. {last}) end "
        "bruttolisten sidst læste ({read}, senest nr. {read_last}). Den er sandsynligvis "
        "gendannet fra en ældre backup, så beslutninger registreret siden da mangler. Tjek med "
        "driften, hvilken backup der er gendannet, og registrér de manglende beslutninger igen; "
        "kør derefter bruttolisten."
    ).format(
        events=store.events,
        last=store.last_event_id,
        read=warehouse.events,
        read_last=warehouse.last_event_id,
    )


def store_went_backwards(engine: sa.Engine, published: Path) -> str | None:
    """:func:`went_backwards` for the store behind ``engine`` and the warehouse's copy."""
    warehouse = warehouse_extent(published)
    if warehouse is None:
        return None
    return went_backwards(store_extent(engine, warehouse.last_event_id), warehouse)


def integrity_problems(engine: sa.Engine) -> list[str]:
    """What is wrong with the store's own structure (Danish), empty when it is whole."""
    backend = engine.url.get_backend_name()
    problems = []
    with engine.connect() as connection:
        if backend == "sqlite":
            rows = [r[0] for r in connection.exec_driver_sql("PRAGMA integrity_check")]
            if rows != ["ok"]:
                problems.append(
                    "SQLite-filens integritetstjek fejler: " + "; ".join(rows[:5]) + ". Gendan "
                    "fra den seneste backup («screening restore»)."
                )
            present = {
                r[0]
                for r in connection.exec_driver_sql(
                    "SELECT name FROM sqlite_master WHERE type = 'trigger'"
                )
            }
            enabled = present
        else:
            found = connection.execute(
                sa.text(
                    "SELECT tgname, tgenabled FROM pg_trigger "
                    "WHERE NOT tgisinternal AND tgrelid IN "
                    "('decision_events'::regclass, 'gross_list_snapshots'::regclass)"
                )
            ).all()
            present = {name for name, _state in found}
            enabled = {name for name, state in found if state != "D"}
    missing = APPEND_ONLY_TRIGGERS.get(backend, set()) - present
    disabled = (APPEND_ONLY_TRIGGERS.get(backend, set()) & present) - enabled
    if missing:
        problems.append(
            "Triggerne, der holder beslutningsloggen uændret, mangler: "
            + ", ".join(sorted(missing))
            + ". Nogen har fjernet dem; gendan fra backup, og kør «screening store migrate»."
        )
    if disabled:
        problems.append(
            "Triggerne, der holder beslutningsloggen uændret, er slået fra: "
            + ", ".join(sorted(disabled))
            + ". Slå dem til igen som ejer (ALTER TABLE … ENABLE TRIGGER), og find ud af hvem "
            "der slog dem fra."
        )
    return problems


def application_role_problems(engine: sa.Engine) -> list[str]:
    """Whether the role the product connects as could rewrite or drop the log (Danish)."""
    if engine.url.get_backend_name() != "postgresql":
        return []  # SQLite has no roles: the file's permissions protect it
    with engine.connect() as connection:
        superuser, owns, rights = connection.execute(
            sa.text(
                "SELECT r.rolsuper, "
                "pg_has_role(current_user, t.tableowner, 'MEMBER'), "
                "has_table_privilege('decision_events', 'UPDATE') "
                "OR has_table_privilege('decision_events', 'DELETE') "
                "OR has_table_privilege('decision_events', 'TRUNCATE') "
                "FROM pg_roles r, pg_tables t "
                "WHERE r.rolname = current_user AND t.tablename = 'decision_events'"
            )
        ).one()
    user = engine.url.username or "?"
    fix = (
        "Lad programmet logge ind som en bruger i rollen screening_app (CREATE ROLE … LOGIN IN "
        "ROLE screening_app), og brug ejeren kun i SCREENING_DECISIONS_ADMIN_URL til «screening "
        "store migrate». Se docs/drift.md."
    )
    if superuser:
        return [f"Programmet forbinder som superbrugeren «{user}», som kan alt. {fix}"]
    if owns:
        return [
            f"Programmet forbinder som «{user}», der ejer beslutningsloggen og kan slå dens "
            f"triggere fra eller slette den. {fix}"
        ]
    if rights:
        return [f"«{user}» må ændre eller slette i beslutningsloggen. {fix}"]
    return []
