"""The pages' way to the decision store: one engine per process, the log read fresh every run.

The engine is a ``st.cache_resource`` (a connection pool, keyed on the store's URL so tests and
``SCREENING_DECISIONS_URL`` can point elsewhere). So is the log, but it is topped up with what was
appended since on every read (the log is append-only, see :class:`EventLog`): a decision someone
records shows on every page at the next rerun, without a pipeline run, and a rerun reads a few
new rows rather than a national round's 67,000.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import sqlalchemy as sa
import streamlit as st

from dashboard.common import queries
from screening import i18n
from screening.config import decisions_url
from screening.decisions import state
from screening.decisions.store import EventLog, StoreError, open_store, read_snapshots
from screening.i18n import N_, _
from screening.operations import integrity


@st.cache_resource(show_spinner=False)
def _engine(url: str) -> sa.Engine:
    return open_store(url)


@st.cache_resource(show_spinner=False)
def _log(url: str) -> EventLog:
    return EventLog(_engine(url))


def engine() -> sa.Engine:
    return _engine(decisions_url())


@st.cache_data(ttl=30, show_spinner=False)
def _went_backwards(url: str, published: str, version: int, language: str) -> str | None:
    # ``language`` keys the cache: the message is worded in the reader's language.
    try:
        return integrity.store_went_backwards(_engine(url), Path(published))
    except (StoreError, sa.exc.SQLAlchemyError):
        return None  # an unreadable store has its own message on every page


def went_backwards() -> str | None:
    """Why the store holds less than the published list was built from (a restore from an
    older backup), in the reader's language, or None."""
    published = queries.published_database()
    version = published.stat().st_mtime_ns if published.is_file() else 0
    return _went_backwards(decisions_url(), str(published), version, i18n.current_language())


UNAVAILABLE_NOTE = N_(
    "Derfor vises kandidaternes faser og beslutninger ikke på denne side lige nu; "
    "bruttolisten vises, som den er udgivet."
)


def _read(read) -> tuple[Any, str | None]:
    """The result of ``read``, or None and the Danish reason the store could not be read."""
    try:
        return read(), None
    except StoreError as error:
        return None, str(error)
    except sa.exc.OperationalError as error:
        return None, (
            _(
                "Beslutningerne kan ikke læses: beslutningsdatabasen svarer ikke ({reason}). Prøv "
                "igen om lidt."
            ).format(reason=error.orig)
        )
    except OSError as error:  # the SQLite file's folder cannot be made or written
        return None, _("Beslutningsdatabasen kan ikke åbnes: {reason}.").format(reason=error)


def read_quietly() -> tuple[pl.DataFrame | None, str | None]:
    """The log and None, or None and the Danish reason it cannot be read (nothing shown)."""
    return _read(lambda: _log(decisions_url()).read())


def _or_stop(read):
    value, problem = _read(read)
    if problem:
        st.error(problem, icon="⚠️")
        st.stop()
    return value


def events() -> pl.DataFrame:
    """The whole decision log as it is this moment (or the page stops with the Danish reason)."""
    return _or_stop(lambda: _log(decisions_url()).read())


def events_if_available() -> pl.DataFrame | None:
    """The log for a page that is useful without it (the gross list, a candidate): when the
    store cannot be read, say so and go on without the phases rather than stop the page."""
    log, problem = _read(lambda: _log(decisions_url()).read())
    if problem:
        st.warning(f"{problem} {_(UNAVAILABLE_NOTE)}", icon="⚠️")
    return log


def snapshots(with_rows: bool = False) -> list[dict[str, Any]]:
    """The frozen gross lists, oldest first."""
    return _or_stop(lambda: read_snapshots(engine(), with_rows=with_rows))


def phase_status(
    gross_list: pl.DataFrame, log: pl.DataFrame | None = None, tasks: pl.DataFrame | None = None
) -> pl.DataFrame:
    """Every candidate's phase, derived live from the published gross list and the log (and
    the published task table, which says why a task moved)."""
    return state.phase_status(gross_list, events() if log is None else log, tasks)
