"""When a file sent on «Indsend skabelon» will be on the gross list, said from what it has taken
on this installation (pure, no Streamlit; :mod:`dashboard.intake.sent_view` shows it).

Two parts take the time: the pickup (from «Send» until a run moves the file out of the inbox:
within a second with the run worker, up to the inbox sensor's interval without it) and the run
(from the pickup until the published copy has the file). Both are measured from the last file
sent here that took the way: the decision log's upload time, the published submissions'
``received_at`` and the published copy's time. Where nothing is measured yet, the sensor's
interval is the setting that bounds the pickup. Once the file is on the list, the message says
how long it took.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

import polars as pl

from screening.i18n import _

# A longer gap is not one file's way but a later run's (a recompute an hour later republishes).
MEASURABLE = timedelta(minutes=10)


def _seconds(gap: timedelta) -> float | None:
    return gap.total_seconds() if timedelta(0) <= gap <= MEASURABLE else None


def _sent_and_received(uploads: pl.DataFrame, submissions: pl.DataFrame) -> dict | None:
    """The newest file sent here that a run has received: when sent, when received. Only files
    sent through the page count: a file found in the templates folder has its own time as its
    «received», which says nothing about a run."""
    if uploads.is_empty() or submissions.is_empty():
        return None
    received = (
        submissions.select("sha256", "received_at")
        .group_by("sha256")
        .agg(pl.col("received_at").min())
    )
    joined = (
        uploads.select(pl.col("subject").alias("sha256"), "recorded_at")
        .join(received, on="sha256")
        .sort("received_at")
    )
    if joined.is_empty():
        return None
    newest = joined.row(-1, named=True)
    return {"sent": datetime.fromisoformat(newest["recorded_at"]), **newest}


def last_pickup(uploads: pl.DataFrame, submissions: pl.DataFrame) -> float | None:
    """Seconds from «Send» to the pickup of the newest sent file a run has received.

    ``uploads``: the decision log's ``upload`` events (``subject`` the file's SHA-256,
    ``recorded_at`` when it was sent); ``submissions``: the published ``submissions``."""
    newest = _sent_and_received(uploads, submissions)
    return _seconds(newest["received_at"] - newest["sent"]) if newest else None


def last_run(
    uploads: pl.DataFrame, submissions: pl.DataFrame, published_at: datetime
) -> float | None:
    """Seconds the run that received the newest sent file took, from the pickup to the
    published copy."""
    newest = _sent_and_received(uploads, submissions)
    return _seconds(published_at - newest["received_at"]) if newest else None


def listed_at(
    submissions: pl.DataFrame, sha256: str, sent_at: datetime, published_at: datetime
) -> datetime | None:
    """When the file is on the list: the published copy's time, once a run after «Send» has
    published it."""
    if published_at < sent_at or submissions.is_empty():
        return None
    return published_at if sha256 in submissions["sha256"].to_list() else None


def _about(seconds: float) -> int:
    """Rounded up to whole 5 s: «cirka 10 sekunder» should not be 11."""
    return max(5, 5 * math.ceil(seconds / 5))


@dataclass(frozen=True)
class Expectation:
    pickup: float | None  # measured; None: not yet
    run: float | None
    sensor_interval: int  # the inbox sensor's setting, which bounds the pickup without the worker

    def text(self, name: str) -> str:
        """The message after «Send», for the sender (no server paths, no tool names)."""
        sent = _("«{name}» er sendt.").format(name=name)
        after = _("Så står filen også på siden «Datakvalitet».")
        if self.pickup is not None and self.run is not None:
            return " ".join(
                (
                    sent,
                    _(
                        "Den står på bruttolisten om cirka {seconds} sekunder: så lang tid tog "
                        "den sidste sendte fil (den blev hentet fra indbakken efter {pickup}, og "
                        "listen blev dannet på ny på {run} sekunder)."
                    ).format(
                        seconds=_about(self.pickup + self.run),
                        pickup=_seconds_text(self.pickup),
                        run=round(self.run),
                    ),
                    after,
                )
            )
        if self.run is not None:
            return " ".join(
                (
                    sent,
                    _(
                        "Den står på bruttolisten om højst cirka {seconds} sekunder: den "
                        "automatiske modtagelse henter nye filer inden for {interval} sekunder, "
                        "og sidste gang tog det {run} sekunder at danne listen på ny."
                    ).format(
                        seconds=_about(self.sensor_interval + self.run),
                        interval=self.sensor_interval,
                        run=round(self.run),
                    ),
                    after,
                )
            )
        return " ".join(
            (
                sent,
                _(
                    "Den automatiske modtagelse henter den inden for {interval} sekunder og "
                    "danner listen på ny; siden her siger til, når filen står på bruttolisten."
                ).format(interval=self.sensor_interval),
                after,
            )
        )


def _seconds_text(seconds: float) -> str:
    if seconds < 1.5:
        return _("under 2 sekunder")
    return _("{n} sekunder").format(n=round(seconds))


def listed_text(name: str, sent_at: datetime, listed: datetime) -> str:
    """The message once the file is on the list: how long it took."""
    took = max(0, round((listed - sent_at).total_seconds()))
    return (
        _("«{name}» står nu på bruttolisten, {seconds} sekunder efter du sendte den.").format(
            name=name, seconds=took
        )
        + " "
        + _("Så står filen også på siden «Datakvalitet».")
    )
