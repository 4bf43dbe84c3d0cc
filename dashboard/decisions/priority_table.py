"""Phase 1: the table a directorate edits, and the saves its edits ask for (pure functions, no
Streamlit). The page is ``app_pages/priorities.py``; the writes go through
:func:`screening.decisions.record.record_priority`.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from dashboard.common import formatting
from dashboard.decisions.phase_tables import when
from dashboard.ranking import tables
from screening.i18n import N_, _
from screening.vocabulary import PRIORITIES

# The page's widget keys and labels; tests find the widgets by them.
PHASE1_MUNICIPALITY_KEY = "phase1_municipality"
PRIORITY_SAVE_LABEL = N_("Gem prioriteringer")

PRIORITY_HEADER = N_("Prioritet")
COMMENT_HEADER = N_("Kommentar")
CHANGED_BY_HEADER = N_("Senest ændret af")
CHANGED_AT_HEADER = N_("Ændret")
PROPOSED_HEADER = N_("Kommunens forhold")
OWN_PROPOSAL, COULD_JOIN = N_("Eget forslag"), N_("Kan være med")
PRIORITY_LABELS = [t.label for t in PRIORITIES]
NOT_SET = N_(
    "Ikke prioriteret"
)  # shown, not offered: a priority cannot be taken back, only changed
# The columns holding labels, shown in the reader's language (``language.table``), and the
# labels an edited column can hold, mapped back to Danish before a save.
LABEL_COLUMNS = (PRIORITY_HEADER, PROPOSED_HEADER)
EDITED_OPTIONS = {PRIORITY_HEADER: [*PRIORITY_LABELS, NOT_SET]}


def phase1_table(
    gross_list: pl.DataFrame, priorities: pl.DataFrame, municipality: str
) -> pl.DataFrame:
    """Every candidate in rank order, with ``municipality``'s current priority, its comment, who
    set it and when, and the ``version`` it had (what a save must name to detect a conflict).

    A municipality prioritises its own proposals and may join the others', so all are listed.
    """
    own = priorities.filter(pl.col("municipality") == municipality)
    current = {row["candidate_id"]: row for row in own.iter_rows(named=True)}
    rows = []
    for candidate in gross_list.sort("rank").iter_rows(named=True):
        decided = current.get(candidate["candidate_id"], {})
        rows.append(
            {
                "candidate_id": candidate["candidate_id"],
                "version": decided.get("version", 0),
                tables.RANK_HEADER: candidate["rank"],
                tables.TITLE_HEADER: candidate["title"],
                tables.MUNICIPALITIES_HEADER: formatting.listing(candidate["municipalities"]),
                PROPOSED_HEADER: OWN_PROPOSAL
                if municipality in (candidate["municipalities"] or [])
                else COULD_JOIN,
                PRIORITY_HEADER: decided.get("label") or NOT_SET,
                COMMENT_HEADER: decided.get("comment") or "",
                CHANGED_BY_HEADER: decided.get("user_name") or "",
                CHANGED_AT_HEADER: when(decided.get("recorded_at")),
            }
        )
    schema = {
        "candidate_id": pl.String,
        "version": pl.Int64,
        tables.RANK_HEADER: pl.Int64,
        tables.TITLE_HEADER: pl.String,
        tables.MUNICIPALITIES_HEADER: pl.String,
        PROPOSED_HEADER: pl.String,
        PRIORITY_HEADER: pl.String,
        COMMENT_HEADER: pl.String,
        CHANGED_BY_HEADER: pl.String,
        CHANGED_AT_HEADER: pl.String,
    }
    return pl.DataFrame(rows, schema=schema)


@dataclass(frozen=True)
class PriorityChange:
    candidate_id: str
    title: str
    label: str
    comment: str
    expected_version: int  # the version the user saw; the store refuses the save if it moved


def priority_changes(
    seen: pl.DataFrame, edited_rows: dict
) -> tuple[list[PriorityChange], list[str]]:
    """The saves the user's edits ask for, and the edits that cannot be saved (Danish reasons).

    ``edited_rows`` is ``st.data_editor``'s edit state: ``{row position: {header: new value}}``
    over the table the user saw. An unchanged row is no save, so nothing is recorded twice.
    """
    changes, refused = [], []
    for position, edits in sorted(edited_rows.items(), key=lambda item: int(item[0])):
        row = seen.row(int(position), named=True)
        label = edits.get(PRIORITY_HEADER, row[PRIORITY_HEADER])
        comment = (edits.get(COMMENT_HEADER, row[COMMENT_HEADER]) or "").strip()
        if label == row[PRIORITY_HEADER] and comment == (row[COMMENT_HEADER] or "").strip():
            continue
        if not label or label == NOT_SET:
            refused.append(
                _(
                    "«{title}»: vælg en prioritet. En prioritering kan ikke fjernes igen; vælg "
                    "«Fravalgt», hvis kommunen ikke ønsker kandidaten."
                ).format(title=row[tables.TITLE_HEADER])
            )
            continue
        changes.append(
            PriorityChange(
                row["candidate_id"], row[tables.TITLE_HEADER], label, comment, row["version"]
            )
        )
    return changes, refused
