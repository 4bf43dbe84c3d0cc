"""The one way a dashboard form saves: each write tried, refusals and conflicts kept, the result
shown once after the rerun.

Every write goes through a domain function that checks the user's right and the version the user
saw; those raise :class:`~screening.errors.ScreeningError` with a Danish message. A
:class:`~screening.decisions.store.Conflict` (a colleague changed the same thing meanwhile) is
told apart, because the page then drops the version it remembered so the next save is made
knowing the change. Messages come from the domain and may quote a municipality's text, so they are
escaped here, once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import polars as pl
import streamlit as st

from dashboard.common import safe_text
from screening import faults
from screening.decisions.store import Conflict
from screening.errors import ScreeningError
from screening.i18n import _


@dataclass
class Saves:
    """What one click of a form saved and what it refused, kept for the page after the rerun."""

    result_key: str
    saved: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def attempt(
        self,
        write: Callable[[], Any],
        done: str | Callable[[Any], str],
        about: str | None = None,
    ) -> bool:
        """Run one write. ``done`` (Markdown the caller escaped, or a function of what the write
        returned) is shown when it is saved; ``about`` (plain text, e.g. a candidate's title)
        names what a refusal concerns."""
        try:
            written = write()
        except Conflict as conflict:
            self.conflicts.append(_line(about, conflict))
            return False
        except ScreeningError as error:
            self.problems.append(_line(about, error))
            return False
        except OSError as error:  # the disk, not the data: a full or read-only folder
            self.problems.append(
                _line(about, faults.disk_message(error, error.filename or "") or error)
            )
            return False
        self.saved.append(done(written) if callable(done) else done)
        return True

    def keep(self, heading: str | None = None, nothing_changed: bool = False) -> None:
        """Hold the result for :func:`show_result`; ``heading`` goes above a list of what was
        saved (a form saving one thing shows its ``done`` text alone)."""
        st.session_state[self.result_key] = {
            "heading": heading,
            "saved": self.saved,
            "errors": self.conflicts + self.problems,
            "unchanged": nothing_changed and not self.saved and not self.problems,
        }


def _line(about: str | None, error: Exception) -> str:
    message = safe_text.markdown(str(error))
    return f"{safe_text.markdown(about)}: {message}" if about else message


def show_result(result_key: str) -> None:
    """The last save's result, once: what was saved, then each refusal or conflict."""
    result = st.session_state.pop(result_key, None)
    if not result:
        return
    if result["saved"]:
        heading = result["heading"]
        text = (
            heading + "\n\n" + "\n".join(f"- {line}" for line in result["saved"])
            if heading
            else "\n\n".join(result["saved"])
        )
        st.success(text, icon="✅")
    for line in result["errors"]:
        st.error(line, icon="⚠️")
    if result["unchanged"]:
        st.info(_("Der var ingen ændringer at gemme."))


@dataclass(frozen=True)
class EditedTable:
    """A table edited in place (``st.data_editor``) and saved with one button.

    The rows the user saw are kept while an edit is pending, so the versions a save names are
    those the user saw, never ones a rerun fetched meanwhile. After a save, or when the table
    is about something else (another municipality, another user), a new editor starts: edits
    made on the last one must not land on this one.
    """

    name: str

    @property
    def _seen_key(self) -> str:
        return f"{self.name}_seen"

    def editor_key(self) -> str:
        seen = st.session_state.get(self._seen_key) or {"generation": 0}
        return f"{self.name}_editor_{seen['generation']}"

    def shown(self, fresh: pl.DataFrame, about: tuple = ()) -> pl.DataFrame:
        """The table to draw: ``fresh`` unless an edit of the same table is pending."""
        seen = st.session_state.get(self._seen_key) or {"generation": 0}
        generation = seen["generation"] + (seen.get("about", about) != about)
        pending = st.session_state.get(f"{self.name}_editor_{generation}", {}).get("edited_rows")
        if not pending or generation != seen["generation"] or "table" not in seen:
            seen = {"generation": generation, "about": about, "table": fresh}
            st.session_state[self._seen_key] = seen
        return seen["table"]

    def edits(self) -> tuple[pl.DataFrame, dict[int, dict]]:
        """The table as the user saw it, and their edits to it (row -> column -> value)."""
        seen = st.session_state[self._seen_key]
        editor = st.session_state.get(f"{self.name}_editor_{seen['generation']}", {})
        return seen["table"], editor.get("edited_rows", {})

    def about(self) -> tuple:
        """What the table the user edited was about, as given to :meth:`shown`."""
        return st.session_state[self._seen_key].get("about", ())

    def renew(self) -> None:
        """Start a new editor over the current log: the user sees the others' values at once."""
        seen = st.session_state[self._seen_key]
        st.session_state[self._seen_key] = {"generation": seen["generation"] + 1}
