"""The pages' way to the decision store: one engine per process, the log read fresh every run.

The engine is a ``st.cache_resource`` (a connection pool, keyed on the store's URL so tests and
``SCREENING_DECISIONS_URL`` can point elsewhere). The events are never cached: a decision someone
records shows on every page at the next rerun, without a pipeline run.
"""

from __future__ import annotations

from typing import Any

import polars as pl
import sqlalchemy as sa
import streamlit as st

from screening.config import decisions_url
from screening.decisions import state
from screening.decisions.store import StoreError, open_store, read_events, read_snapshots


@st.cache_resource(show_spinner=False)
def _engine(url: str) -> sa.Engine:
    return open_store(url)


def engine() -> sa.Engine:
    return _engine(decisions_url())


def _or_stop(read):
    try:
        return read()
    except StoreError as error:
        st.error(str(error), icon="⚠️")
        st.stop()
    except sa.exc.OperationalError as error:
        st.error(
            f"Beslutningerne kan ikke læses: beslutningsdatabasen svarer ikke ({error.orig}). "
            "Prøv igen om lidt.",
            icon="⚠️",
        )
        st.stop()


def events() -> pl.DataFrame:
    """The whole decision log as it is this moment (or the page stops with the Danish reason)."""
    return _or_stop(lambda: read_events(engine()))


def snapshots(with_rows: bool = False) -> list[dict[str, Any]]:
    """The frozen gross lists, oldest first."""
    return _or_stop(lambda: read_snapshots(engine(), with_rows=with_rows))


def phase_status(gross_list: pl.DataFrame, log: pl.DataFrame | None = None) -> pl.DataFrame:
    """Every candidate's phase, derived live from the published gross list and the log."""
    return state.phase_status(gross_list, events() if log is None else log)
