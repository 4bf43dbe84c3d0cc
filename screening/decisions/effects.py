"""What a file, or a fresh matching, would do to the candidates and to the recorded decisions,
said before it happens.

Both run the pipeline's own matching (:func:`screening.matching.placement.match_round`) on what
the next run will see, against the last run's task table, so the preview is what the next run
does: which candidates the file's municipality would join, leave or create, which candidates of
other municipalities would change membership (none, except through the municipality's own
near-duplicate or a removal), how many recorded decisions would come to need attention, and the
question to ask about each near-duplicate of the municipality's own task.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from screening.danish import number as danish_number
from screening.decisions.state import decisions_needing_attention
from screening.matching.candidates import Overrides
from screening.matching.placement import Matching, match_round

PLACED_COLUMNS = ("task_id", "candidate_id", "placement", "beside_task_id")


def candidate_table(tasks: pl.DataFrame) -> pl.DataFrame:
    """Candidates as the decision functions read them: id, title (the first task's),
    municipalities and task ids."""
    return (
        tasks.sort("task_id")
        .group_by("candidate_id", maintain_order=True)
        .agg(
            pl.col("title").first(),
            pl.col("municipality").unique().sort().alias("municipalities"),
            pl.col("task_id").sort().alias("task_ids"),
        )
        .sort("candidate_id")
    )


def matched(tasks: pl.DataFrame, matching: Matching) -> pl.DataFrame:
    """The task table a run writes (screening_tasks): the tasks with how they were placed."""
    bare = tasks.drop([c for c in PLACED_COLUMNS if c != "task_id" and c in tasks.columns])
    return bare.join(matching.placed.select(PLACED_COLUMNS), on="task_id")


def new_attention(
    before: pl.DataFrame | None, after: pl.DataFrame, events: pl.DataFrame
) -> pl.DataFrame:
    """The decisions that need attention after, and did not before."""
    later = decisions_needing_attention(candidate_table(after), events, after)
    if before is None or before.is_empty():
        return later
    earlier = decisions_needing_attention(candidate_table(before), events, before)
    return later.join(earlier, on=["kind", "municipality", "candidate_id"], how="anti")


@dataclass(frozen=True)
class NearDuplicate:
    """A new row that looks like a task its own municipality already has in a candidate."""

    task_id: str
    title: str
    own_task_id: str
    own_title: str
    candidate_id: str
    candidate_title: str
    others: tuple[str, ...]  # the other municipalities in that candidate

    def question(self) -> str:
        together = f" sammen med {_and(self.others)}" if self.others else ""
        return (
            f"«{self.title}» ligner jeres egen «{self.own_title}», som er med i kandidaten "
            f"«{self.candidate_title}»{together}. Er det den samme opgave?"
        )


@dataclass(frozen=True)
class FileEffects:
    """What one municipality's file does to the list at the next run."""

    municipality: str
    joins: tuple[tuple[str, str], ...] = ()  # (task title, candidate title) shared with others
    creates: tuple[str, ...] = ()  # titles of the tasks that become candidates of their own
    leaves: tuple[tuple[str, str], ...] = ()  # (task title, candidate title) it leaves
    others_changed: tuple[str, ...] = ()  # other municipalities' candidates whose members change
    attention: int = 0  # recorded decisions that would need attention
    near_duplicates: tuple[NearDuplicate, ...] = field(default_factory=tuple)

    def lines(self) -> list[str]:
        """The effect on the list, in Danish, one sentence a line."""
        lines = []
        if self.joins:
            lines.append(
                "Kommer med i kandidaterne "
                + ", ".join(f"«{c}» (med «{t}»)" for t, c in self.joins)
                + "."
            )
        if self.creates:
            lines.append(
                "Bliver nye kandidater: " + ", ".join(f"«{t}»" for t in self.creates) + "."
            )
        if self.leaves:
            lines.append(
                "Forlader kandidaterne " + ", ".join(f"«{c}» («{t}»)" for t, c in self.leaves) + "."
            )
        lines.append(
            "Andre kommuners kandidater, der ændrer sig: "
            + (", ".join(f"«{c}»" for c in self.others_changed) if self.others_changed else "ingen")
            + "."
        )
        lines.append(
            "Registrerede beslutninger, der vil kræve opmærksomhed: "
            + (danish_number(self.attention) if self.attention else "ingen")
            + "."
        )
        for near in self.near_duplicates:
            lines.append(
                near.question()
                + " Uden svar lægges den ved siden af jeres egen; svar «saml» eller «adskil» "
                "på «Sammenkobling»."
            )
        return lines


def file_effects(
    tasks_now: pl.DataFrame | None,
    tasks_next: pl.DataFrame,
    municipality: str,
    overrides: Overrides | None,
    events: pl.DataFrame,
) -> tuple[FileEffects, pl.DataFrame]:
    """What the next run does once the municipality's file has arrived: ``tasks_now`` is the
    last run's task table (with candidate_id), ``tasks_next`` the tasks the next run will match
    (:func:`screening.intake.earlier_runs.tasks_after`). Also returns the next run's task table."""
    matching = match_round(tasks_next, overrides, tasks_now)
    after = matched(tasks_next, matching)
    before = tasks_now if tasks_now is not None else after.head(0)
    # A retitled task is the same task under a new id.
    was = dict(matching.placed.select("task_id", "previous_task_id").drop_nulls().iter_rows())
    now_id = {old: new for new, old in was.items()}
    title = dict(candidate_table(after).select("candidate_id", "title").iter_rows())
    title_before = dict(candidate_table(before).select("candidate_id", "title").iter_rows())
    municipalities = dict(
        candidate_table(after).select("candidate_id", "municipalities").iter_rows()
    )
    home_before = dict(before.select("task_id", "candidate_id").iter_rows())
    own = after.filter(pl.col("municipality") == municipality)
    own_before = before.filter(pl.col("municipality") == municipality)
    joins, creates = [], []
    for row in own.iter_rows(named=True):
        if home_before.get(was.get(row["task_id"], row["task_id"])) == row["candidate_id"]:
            continue
        shared = [m for m in municipalities[row["candidate_id"]] if m != municipality]
        if shared:
            joins.append((row["title"], title[row["candidate_id"]]))
        else:
            creates.append(row["title"])
    home_after = dict(after.select("task_id", "candidate_id").iter_rows())
    leaves = [
        (row["title"], title_before[row["candidate_id"]])
        for row in own_before.iter_rows(named=True)
        if home_after.get(now_id.get(row["task_id"], row["task_id"])) != row["candidate_id"]
        and before.filter(
            (pl.col("candidate_id") == row["candidate_id"])
            & (pl.col("municipality") != municipality)
        ).height
    ]
    near = _near_duplicates(after, municipality, title, municipalities)
    return (
        FileEffects(
            municipality,
            joins=tuple(joins),
            creates=tuple(creates),
            leaves=tuple(leaves),
            others_changed=(
                _others_changed(before, after, municipality, title, title_before)
                if tasks_now is not None
                else ()
            ),
            attention=new_attention(tasks_now, after, events).height,
            near_duplicates=near,
        ),
        after,
    )


def _others_changed(before, after, municipality, title, title_before) -> tuple[str, ...]:
    """Candidates whose other municipalities' tasks are not the same before and after (one that
    only gains or loses the file's own tasks is the file's effect, said above)."""

    def others(tasks: pl.DataFrame) -> dict[str, frozenset[str]]:
        rows = tasks.filter(pl.col("municipality") != municipality)
        return {
            c: frozenset(t) for c, t in rows.group_by("candidate_id").agg("task_id").iter_rows()
        }

    then, now = others(before), others(after)
    changed = {c for c in then.keys() | now.keys() if then.get(c) != now.get(c)}
    return tuple(sorted(title.get(c) or title_before.get(c) or c for c in changed))


def _near_duplicates(after, municipality, title, municipalities) -> tuple[NearDuplicate, ...]:
    rows = after.filter(
        (pl.col("municipality") == municipality) & pl.col("beside_task_id").is_not_null()
    )
    title_of = dict(after.select("task_id", "title").iter_rows())
    return tuple(
        NearDuplicate(
            task_id=row["task_id"],
            title=row["title"],
            own_task_id=row["beside_task_id"],
            own_title=title_of.get(row["beside_task_id"], row["beside_task_id"]),
            candidate_id=row["candidate_id"],
            candidate_title=title[row["candidate_id"]],
            others=tuple(m for m in municipalities[row["candidate_id"]] if m != municipality),
        )
        for row in rows.iter_rows(named=True)
    )


def _and(names: tuple[str, ...]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " og " + names[-1]


@dataclass(frozen=True)
class FreshEffects:
    """What a fresh matching from scratch would change, shown before it is applied."""

    moves: pl.DataFrame  # task_id, municipality, title, candidate_id, fresh_candidate_id
    attention: int  # recorded decisions that would need attention

    def describe(self, limit: int = 10) -> str:
        if self.moves.is_empty():
            return "En sammenkobling forfra ændrer intet: alle opgaver bliver i deres kandidat."
        shown = [
            f"«{r['title']}» ({r['municipality']})"
            for r in self.moves.head(limit).iter_rows(named=True)
        ]
        more = self.moves.height - len(shown)
        n = self.moves.height
        return (
            f"En sammenkobling forfra flytter {danish_number(n)} "
            + ("opgave" if n == 1 else "opgaver")
            + " til en anden kandidat: "
            + ", ".join(shown)
            + (f" og {more} flere" if more else "")
            + ". Registrerede beslutninger, der vil kræve opmærksomhed: "
            + (danish_number(self.attention) if self.attention else "ingen")
            + "."
        )


def fresh_effects(
    tasks: pl.DataFrame, overrides: Overrides | None, events: pl.DataFrame
) -> FreshEffects:
    """What a fresh matching of the last run's tasks (``tasks``, with candidate_id) changes."""
    after = matched(tasks, match_round(tasks, overrides, tasks, fresh=True))
    moves = (
        tasks.select("task_id", "municipality", "title", "candidate_id")
        .join(
            after.select("task_id", pl.col("candidate_id").alias("fresh_candidate_id")),
            on="task_id",
        )
        .filter(pl.col("candidate_id") != pl.col("fresh_candidate_id"))
        .sort("municipality", "title")
    )
    return FreshEffects(moves, new_attention(tasks, after, events).height)
