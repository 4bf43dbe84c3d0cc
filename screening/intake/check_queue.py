"""A fair queue for template checks: one check at a time per process, smallest file first.

Reading a 100,000-row file takes seconds of CPU; two of them at once used to make everyone
else's ordinary template wait many times longer. Here one check runs at a time; each user has
one place in the queue (a second tab waits behind the first), and when the slot frees, the
smallest waiting file goes first, so an ordinary template is never stuck behind the big ones
for longer than one check.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

_condition = threading.Condition()
_running: set[str] = set()
_waiting: list[_Ticket] = []
_arrivals = itertools.count()


@dataclass(order=True)
class _Ticket:
    size: int
    arrival: int
    owner: str = field(compare=False)


def _next_turn() -> _Ticket | None:
    if _running:
        return None
    free = [t for t in _waiting if t.owner not in _running]
    return min(free) if free else None


def waiting_count() -> int:
    with _condition:
        return len(_waiting)


@contextmanager
def turn(owner: str, size: int, waiting: Callable[[int], None] | None = None) -> Iterator[None]:
    """Hold the check slot for ``owner``'s file of ``size`` bytes. If the caller has to wait,
    ``waiting`` is called once with the number of checks ahead of it, before it waits."""
    with _condition:
        ticket = _Ticket(size, next(_arrivals), owner)
        # One place per user: a ticket of the same owner already queued keeps its place.
        while any(t.owner == owner for t in _waiting):
            _condition.wait()
        _waiting.append(ticket)
        if _next_turn() is not ticket and waiting is not None:
            ahead = len(_running) + sum(1 for t in _waiting if t < ticket)
            _condition.release()
            try:
                waiting(max(ahead, 1))
            finally:
                _condition.acquire()
        while _next_turn() is not ticket:
            _condition.wait()
        _waiting.remove(ticket)
        _running.add(owner)
    try:
        yield
    finally:
        with _condition:
            _running.discard(owner)
            _condition.notify_all()
