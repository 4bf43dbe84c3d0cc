"""What a new file from a municipality changes against its current one, before it counts.

A task is the same task in both files when it has the same id (municipality and title, see
task_table.task_ids), so a row moved or a figure corrected is a change, not a removal plus an
addition. The comparison also names the candidates the municipality would leave: a removed task
that shares a candidate with other municipalities takes this municipality off that candidate.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from screening.danish import number as danish_number
from screening.template.spec import COLUMNS_BY_CODE

# What a task is, as the gross list sees it; where it sits in the file is not a change.
_NOT_COMPARED = ("task_id", "municipality", "source_file", "source_row", "section")
_FIELD_LABELS = {
    "goals": "Mål",
    "service_area_written": COLUMNS_BY_CODE["service_area"].header,
}
MOST = 0.5  # removing more than this share of the current tasks needs an explicit yes


@dataclass(frozen=True)
class LeftCandidate:
    """A candidate shared with other municipalities that a removed task takes this one off."""

    title: str  # the removed task's title
    others: tuple[str, ...]  # the other municipalities on the candidate


@dataclass(frozen=True)
class Change:
    """A file against the municipality's current one (``n_current`` = 0: its first file)."""

    n_current: int
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: dict[str, tuple[str, ...]] = field(default_factory=dict)  # title -> field labels
    leaves: tuple[LeftCandidate, ...] = ()

    @property
    def removes_most(self) -> bool:
        return self.n_current > 0 and len(self.removed) > MOST * self.n_current

    @property
    def is_first(self) -> bool:
        return self.n_current == 0

    def summary(self) -> str:
        """One Danish sentence: «Fjerner 11 af 16 opgaver, tilføjer 0 og ændrer 2.»"""
        if self.is_first:
            return f"Kommunens første fil: {_tasks(len(self.added))}."
        return (
            f"I forhold til den gældende fil ({_tasks(self.n_current)}): "
            f"{len(self.added)} tilføjet, {len(self.removed)} fjernet, "
            f"{len(self.changed)} ændret."
        )

    def describe(self, limit: int = 10) -> str:
        """The summary and the titles: what the project group reads on the submission."""
        parts = [self.summary()]
        if self.removed:
            parts.append(f"Fjernet: {_titles(self.removed, limit)}.")
        if self.added and not self.is_first:
            parts.append(f"Tilføjet: {_titles(self.added, limit)}.")
        if self.changed:
            shown = [f"«{t}» ({', '.join(f)})" for t, f in list(self.changed.items())[:limit]]
            more = len(self.changed) - len(shown)
            parts.append(
                "Ændret: " + ", ".join(shown) + (f" og {more} flere" if more else "") + "."
            )
        if self.leaves:
            left = [f"«{c.title}» (med {', '.join(c.others)})" for c in self.leaves[:limit]]
            # «; » between them: each names its municipalities with commas.
            parts.append("Kommunen forlader kandidaterne " + "; ".join(left) + ".")
        return " ".join(parts)


def _tasks(n: int) -> str:
    return f"{danish_number(n)} opgave" if n == 1 else f"{danish_number(n)} opgaver"


def _titles(titles: tuple[str, ...], limit: int) -> str:
    shown = ", ".join(f"«{t}»" for t in titles[:limit])
    more = len(titles) - limit
    return shown + (f" og {more} flere" if more > 0 else "")


def compare_tasks(
    new: pl.DataFrame, current: pl.DataFrame, candidates: pl.DataFrame | None = None
) -> Change:
    """``new`` against ``current`` (one municipality's tasks, TASK_SCHEMA). ``candidates``, if
    given, is the last gross list's task -> candidate table (task_id, candidate_id,
    municipality), to name the shared candidates a removed task leaves."""
    if current.is_empty():
        return Change(0, added=tuple(new["title"].to_list()))
    new_by_id = {row["task_id"]: row for row in new.iter_rows(named=True)}
    old_by_id = {row["task_id"]: row for row in current.iter_rows(named=True)}
    added = tuple(new_by_id[i]["title"] for i in new_by_id if i not in old_by_id)
    removed_ids = [i for i in old_by_id if i not in new_by_id]
    changed: dict[str, tuple[str, ...]] = {}
    for task_id, old in old_by_id.items():
        if (row := new_by_id.get(task_id)) is None:
            continue
        fields = [
            _FIELD_LABELS.get(code) or COLUMNS_BY_CODE[code].header
            for code in old
            if code not in _NOT_COMPARED and old[code] != row.get(code)
        ]
        if fields:
            changed[row["title"]] = tuple(dict.fromkeys(fields))
    return Change(
        n_current=len(old_by_id),
        added=added,
        removed=tuple(old_by_id[i]["title"] for i in removed_ids),
        changed=changed,
        leaves=_left_candidates(removed_ids, old_by_id, candidates),
    )


def _left_candidates(removed_ids, old_by_id, candidates) -> tuple[LeftCandidate, ...]:
    if candidates is None or candidates.is_empty() or not removed_ids:
        return ()
    candidate_of = dict(candidates.select("task_id", "candidate_id").iter_rows())
    members = candidates.group_by("candidate_id").agg(pl.col("municipality").unique().sort())
    municipalities_of = dict(members.iter_rows())
    left = []
    for task_id in removed_ids:
        candidate = candidate_of.get(task_id)
        own = old_by_id[task_id]["municipality"]
        others = tuple(m for m in municipalities_of.get(candidate, []) if m != own)
        if others:
            left.append(LeftCandidate(old_by_id[task_id]["title"], others))
    return tuple(left)
