"""The one way a user's write enters the decision log.

:func:`authorise` checks the user's right before anything else is looked at and names the
writer; :meth:`Writer.append` appends the event with the version the user saw, so a decision
changed by someone else meanwhile is refused as a :class:`~screening.decisions.store.Conflict`
worded with the other person's value as the user knows it (its Danish label, not its code).
A value that cannot be recorded is refused with :class:`InvalidDecision`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from screening.decisions import rights, store
from screening.decisions.store import Actor, Conflict
from screening.decisions.users import User
from screening.errors import ScreeningError
from screening.vocabulary import Term, label_of


class InvalidDecision(ScreeningError, ValueError):
    """The decision cannot be recorded as given; the message says what to change, in Danish."""


@dataclass(frozen=True)
class Writer:
    """A user cleared for one kind of write; every event they append carries who they are."""

    actor: Actor

    def append(
        self, engine: sa.Engine, terms: tuple[Term, ...] = (), **fields: Any
    ) -> dict[str, Any]:
        """Append one event (fields as :func:`screening.decisions.store.append_event`); a
        conflict names the colleague's value by its label in ``terms`` where it has one."""
        try:
            return store.append_event(engine, self.actor, **fields)
        except Conflict as conflict:
            value = conflict.current.get("new_value")
            raise Conflict(
                conflict.current, label_of(terms, value) if terms and value else None
            ) from None


def authorise(user: User, action: str, municipality: str | None = None) -> Writer:
    """The writer ``user`` is for ``action``; raises :class:`~screening.decisions.rights.NotAllowed`
    (Danish) when the user may not make it, before any value is read."""
    role = rights.check(user, action, municipality)
    return Writer(Actor(user.id, user.name, role, user.municipality))
