"""The decision store's tables, in SQLAlchemy Core, for SQLite and PostgreSQL alike.

Two tables, both append-only (the database refuses UPDATE and DELETE, see the migrations):

- ``decision_events``: every decision is one event — who (user id, name, role, municipality),
  when, what (kind and subject), the old and the new value, and why. ``version`` counts the events
  of one subject; ``(kind, subject, version)`` is unique, so two people changing the same
  decision at once cannot both win: the second insert fails and becomes a conflict to show.
- ``gross_list_snapshots``: the gross list as presented to the coordination committee, frozen
  with its ranks, scores, contributions, weights, sources and the phase-1 priorities of the
  moment, as a JSON document.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

decision_events = sa.Table(
    "decision_events",
    metadata,
    sa.Column("event_id", sa.Integer, primary_key=True, autoincrement=True),
    # ISO 8601 in UTC with microseconds: sorts as text on both databases.
    sa.Column("recorded_at", sa.String(40), nullable=False),
    sa.Column("kind", sa.String(40), nullable=False),
    sa.Column("subject", sa.String(500), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("phase", sa.Integer),
    sa.Column("municipality", sa.String(120)),  # whose decision it is
    sa.Column("candidate_id", sa.String(500)),
    sa.Column("old_value", sa.Text),
    sa.Column("new_value", sa.Text),
    sa.Column("reason", sa.Text),
    sa.Column("details", sa.Text),  # JSON: committee, meeting date, the candidate's tasks, …
    sa.Column("user_id", sa.String(120), nullable=False),
    sa.Column("user_name", sa.String(200), nullable=False),
    sa.Column("user_role", sa.String(40), nullable=False),
    sa.Column("user_municipality", sa.String(120)),
    sa.UniqueConstraint("kind", "subject", "version", name="uq_decision_events_version"),
    sa.Index("ix_decision_events_kind_subject", "kind", "subject"),
    sa.Index("ix_decision_events_candidate", "candidate_id"),
)

gross_list_snapshots = sa.Table(
    "gross_list_snapshots",
    metadata,
    sa.Column("snapshot_id", sa.String(80), primary_key=True),
    sa.Column("label", sa.String(300), nullable=False),
    sa.Column("round_id", sa.String(40)),
    sa.Column("frozen_at", sa.String(40), nullable=False),
    sa.Column("frozen_by_id", sa.String(120), nullable=False),
    sa.Column("frozen_by_name", sa.String(200), nullable=False),
    sa.Column("n_candidates", sa.Integer, nullable=False),
    sa.Column("provenance", sa.Text),  # JSON: what the list was built from
    sa.Column("rows", sa.Text, nullable=False),  # JSON: one object per candidate
)
