"""One annex drawn at a time per process, and each drawn once.

Drawing an annex (charts, then PDF or Word layout) takes seconds of CPU. Four users asking at
once used to draw four at once, each slower, and every other page of the dashboard with them.
Here one worker draws at a time; the others wait their turn, and whoever asks for an annex that
was drawn already gets the same file at once. The cache key is the frozen list, the audience
(municipality or the coordination committee), the language, the format and the newest event of
the decision log, so a new decision gives a new annex and nothing stale is handed out.
"""

from __future__ import annotations

import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from screening.config import ScreeningConfig
from screening.decisions.schema import decision_events
from screening.documents.annex import build_annex, write_annex
from screening.documents.decision_lists import find_snapshot
from screening.i18n import current_language

KEEP = 32  # annexes kept per process: a round has a few frozen lists and 98 municipalities

_drawing = threading.Lock()  # the one worker
_cache: OrderedDict[tuple, bytes] = OrderedDict()
_cache_lock = threading.Lock()


@dataclass(frozen=True)
class Annex:
    data: bytes
    from_cache: bool


def _key(engine: sa.Engine, audience: str, suffix: str) -> tuple:
    snapshot = find_snapshot(engine)
    with engine.connect() as connection:
        newest = connection.execute(sa.select(sa.func.max(decision_events.c.event_id))).scalar()
    return (str(engine.url), snapshot["snapshot_id"], audience, current_language(), suffix, newest)


def _cached(key: tuple) -> bytes | None:
    with _cache_lock:
        data = _cache.get(key)
        if data is not None:
            _cache.move_to_end(key)
        return data


def busy() -> bool:
    """Whether another annex is being drawn now (the caller's will wait its turn)."""
    return _drawing.locked()


def annex_file(
    engine: sa.Engine,
    config: ScreeningConfig,
    audience: str,
    suffix: str,
    waiting: Callable[[], None] | None = None,
) -> Annex:
    """The annex for ``audience`` on the newest frozen list as bytes (``suffix`` ``.pdf`` or
    ``.docx``): from the cache, or drawn when it is this caller's turn. ``waiting`` is called
    once if the caller has to queue behind another drawing."""
    key = _key(engine, audience, suffix)
    if (data := _cached(key)) is not None:
        return Annex(data, True)
    if waiting is not None and busy():
        waiting()
    with _drawing:
        if (data := _cached(key)) is not None:  # drawn by the one before us in the queue
            return Annex(data, True)
        content = build_annex(engine, config, audience)
        with tempfile.TemporaryDirectory() as folder:
            data = write_annex(content, Path(folder) / f"bilag{suffix}").read_bytes()
    with _cache_lock:
        _cache[key] = data
        while len(_cache) > KEEP:
            _cache.popitem(last=False)
    return Annex(data, False)
