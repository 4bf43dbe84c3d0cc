"""Who made a decision need attention («kræver opmærksomhed»), and how it is settled.

The causes are worded when they are asked for, never stored, so each reader reads them in
their own language.

Candidates stay put (:mod:`screening.matching.placement`), so a task leaves the candidate a
decision was made on only when its municipality changed it into another task or removed it, or
when the project group moved it («adskil», «saml», a fresh matching). Each flagged decision
names which, from the run's task table (how each task was placed) and the decision's tasks.
"""

from __future__ import annotations

import polars as pl

from screening.i18n import _

PROJECT_GROUP = "projektgruppen"


def causes(flagged: pl.DataFrame, home: pl.DataFrame, tasks: pl.DataFrame | None) -> pl.DataFrame:
    """Who made each flagged membership ambiguous, and how it is settled (one row per candidate
    and membership). A task that left moved because its municipality changed it so much that it
    is no longer the same task, or because the project group moved it («adskil», «saml», a
    fresh matching); a task that is gone was removed by its municipality."""
    # Here, not at the top: the placement module brings SciPy, which a page reading decisions
    # would otherwise import before it draws.
    from screening.matching.placement import CHANGED

    known = tasks if tasks is not None and not flagged.is_empty() else None
    info = {row["task_id"]: row for row in known.iter_rows(named=True)} if known is not None else {}
    now_home = dict(home.iter_rows())
    # A gone task's municipality, from the ids of the ones still here (ids are «code:title»).
    names = {t.split(":", 1)[0]: r.get("municipality") for t, r in info.items()}
    rows = []
    for row in flagged.iter_rows(named=True):
        who: list[str] = []
        what: list[str] = []
        changed_only = True  # every task that left was changed by its own municipality
        for task in row["task_ids"]:
            if task not in now_home:
                if row["on_list"]:
                    continue  # a partner withdrew: the candidate the others decided on stands
                municipality = names.get(task.split(":", 1)[0]) or task.split(":", 1)[0]
                who.append(municipality)
                what.append(
                    _("{municipality} har fjernet opgaven fra sin fil").format(
                        municipality=municipality
                    )
                )
                changed_only = False
            elif now_home[task] != row["candidate_id"]:
                task_row = info.get(task, {})
                if task_row.get("placement") == CHANGED:
                    who.append(task_row["municipality"])
                    what.append(
                        _(
                            "{municipality} har ændret «{title}», så den ikke længere er den samme "
                            "opgave"
                        ).format(municipality=task_row["municipality"], title=task_row["title"])
                    )
                else:
                    changed_only = False
                    who.append(PROJECT_GROUP)
                    what.append(
                        _("projektgruppen har delt kandidaten («adskil»)")
                        if row["on_list"]
                        else _(
                            "projektgruppen har samlet kandidaten med en anden («saml») eller "
                            "beregnet sammenkoblingen forfra"
                        )
                    )
        if row["on_list"]:
            settle = _(
                "Se kandidaten efter, og registrér beslutningen igen på den (eller på den "
                "kandidat, opgaven nu hører til); så er den afgjort."
            )
        elif row["elsewhere"]:
            settle = _("Registrér beslutningen igen på den kandidat, opgaverne nu hører til.")
        else:
            settle = _(
                "Opgaverne er ikke længere med. Er det en fejl, sender kommunen sin fil igen "
                "med opgaven; ellers kan beslutningen ikke gælde noget."
            )
        cause = "; ".join(dict.fromkeys(what))
        rows.append(
            (
                row["candidate_id"],
                row["members"],
                bool(what) and changed_only,
                sorted(set(who)),
                cause[:1].upper() + cause[1:] + "." if cause else None,
                settle,
            )
        )
    return pl.DataFrame(
        rows,
        schema={
            "candidate_id": pl.String,
            "members": pl.UInt64,
            "changed_only": pl.Boolean,
            "caused_by": pl.List(pl.String),
            "cause": pl.String,
            "settle": pl.String,
        },
        orient="row",
    )
