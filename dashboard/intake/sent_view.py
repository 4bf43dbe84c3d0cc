"""The message after «Send» on «Indsend skabelon»: when the file will be on the gross list, from
what it has taken here (:mod:`dashboard.intake.arrival`), and, once it is there, how long it
took. It looks again every few seconds, while the sender stays on the page, until the file is
there."""

from __future__ import annotations

from datetime import UTC, datetime

import polars as pl
import streamlit as st

from dashboard.common import data, decision_store, queries, safe_text
from dashboard.intake import arrival
from screening.decisions.uploads import UPLOAD
from screening.intake.inbox import LOOK_INTERVAL_SECONDS
from screening.intake.submissions import SUBMISSION_SCHEMA

LOOK_AGAIN_SECONDS = 2  # the worker puts a file on the list in seconds; look about as often


def _published() -> tuple[pl.DataFrame, datetime | None]:
    path = queries.published_database()
    if not path.is_file() or not data.has_tables(path, "submissions"):
        return pl.DataFrame(schema=SUBMISSION_SCHEMA), None
    return data.submissions(path), datetime.fromtimestamp(path.stat().st_mtime, UTC)


def _listed(
    sha256: str, sent_at: datetime
) -> tuple[pl.DataFrame, datetime | None, datetime | None]:
    submissions, published_at = _published()
    listed = arrival.listed_at(submissions, sha256, sent_at, published_at) if published_at else None
    return submissions, published_at, listed


def render(name: str, sha256: str, sent_at: datetime) -> None:
    """The message; it looks again every few seconds until the file is on the list."""
    was_listed = _listed(sha256, sent_at)[2] is not None
    st.fragment(_message, run_every=None if was_listed else LOOK_AGAIN_SECONDS)(
        name, sha256, sent_at, was_listed
    )


def _message(name: str, sha256: str, sent_at: datetime, was_listed: bool) -> None:
    shown = safe_text.markdown(name)
    submissions, published_at, listed = _listed(sha256, sent_at)
    if listed is not None:
        if not was_listed:
            st.rerun()  # the page once more, now without looking again
        st.success(arrival.listed_text(shown, sent_at, listed), icon=":material/done_all:")
        return
    events, _problem = decision_store.read_quietly()
    uploads = (
        events.filter(pl.col("kind") == UPLOAD)
        if events is not None
        else pl.DataFrame(schema={"subject": pl.String, "recorded_at": pl.String})
    )
    expectation = arrival.Expectation(
        pickup=arrival.last_pickup(uploads, submissions),
        run=arrival.last_run(uploads, submissions, published_at) if published_at else None,
        sensor_interval=LOOK_INTERVAL_SECONDS,
    )
    st.success(expectation.text(shown))
