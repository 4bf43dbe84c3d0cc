"""Every text the rounds area shows has its English in screening/locale/en/rounds.po."""

from __future__ import annotations

from babel.messages.extract import extract_from_file

from dashboard.rounds import plan_table as table
from dashboard.rounds import reminder_tables
from screening.config import PROJECT_ROOT
from screening.i18n import catalogue
from screening.rounds.status import DECIDED_POLITICALLY, PRIORITISED
from screening.rounds.submission_status import SUBMISSION_LABELS
from screening.vocabulary import MILESTONE_OWNERS, MILESTONE_STATUSES, MILESTONES, ROUND_COMPARISON

SHOWN_THROUGH_UNDERSCORE = [
    "dashboard/rounds/overview_view.py",
    "dashboard/rounds/charts.py",
    "dashboard/rounds/plan_table.py",
    "dashboard/rounds/reminder_tables.py",
    "dashboard/rounds/reminder_view.py",
    "dashboard/app_pages/round_plan.py",
    "dashboard/app_pages/rounds.py",
    "screening/rounds/status.py",
]


def test_every_rounds_text_has_an_english_translation() -> None:
    english = catalogue("en")
    texts = {
        message
        for path in SHOWN_THROUGH_UNDERSCORE
        for _line, message, _comments, _context in extract_from_file(
            "python", str(PROJECT_ROOT / path), keywords={"_": None}
        )
    }
    texts |= {getattr(table, name) for name in dir(table) if name.endswith(("_HEADER", "_LABEL"))}
    texts |= {getattr(reminder_tables, n) for n in dir(reminder_tables) if n.endswith("_HEADER")}
    texts |= {
        text
        for terms in (MILESTONES, MILESTONE_STATUSES, MILESTONE_OWNERS, ROUND_COMPARISON)
        for term in terms
        for text in (term.label, term.short)
    }
    texts |= set(SUBMISSION_LABELS.values()) | {PRIORITISED, DECIDED_POLITICALLY}
    missing = sorted(t for t in texts if t not in english)
    assert not missing, missing
    # Placeholders survive translation.
    assert english["{n} dage tilbage"] == "{n} days left"
