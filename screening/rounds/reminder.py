"""A reminder the project group can copy into an e-mail to a municipality that is late or has
errors to fix, naming what is missing.

Always in Danish, whatever language the reader of the dashboard has chosen: it goes to a
Danish municipality. Dates are therefore formatted for da_DK here rather than in the reader's
locale.
"""

from __future__ import annotations

from datetime import date

import polars as pl
from babel.dates import format_date

from screening.rounds.status import DECIDED_POLITICALLY, PRIORITISED
from screening.vocabulary import MILESTONES, by_code

MAX_FINDINGS = 10  # more than this and the e-mail says how many more and where to see them
LATE_STATUSES = ("overdue",)
# What the e-mail says of a treatment in progress: always Danish (the page may be in English).
COUNTED = {"directorate_treatment": PRIORITISED, "political_treatment": DECIDED_POLITICALLY}


def danish_date(day: date) -> str:
    return format_date(day, format="d. MMMM y", locale="da_DK")


def _days(n: int) -> str:
    return f"{n} dag" if n == 1 else f"{n} dage"


def needs_reminder(submission: dict, milestones: pl.DataFrame) -> bool:
    """Late (a milestone of the municipality's overdue, or its template missing past the
    deadline) or with errors still to fix."""
    late = milestones.filter(
        (pl.col("municipality") == submission["municipality"])
        & pl.col("status").is_in(LATE_STATUSES)
    )
    return bool(submission["open_errors"]) or late.height > 0


def _finding_line(finding: dict) -> str:
    where = []
    if finding.get("sheet"):
        where.append(f"ark «{finding['sheet']}»")
    if finding.get("row") is not None:
        where.append(f"række {finding['row']}")
    if finding.get("column"):
        header = f" ({finding['header']})" if finding.get("header") else ""
        where.append(f"kolonne {finding['column']}{header}")
    place = ", ".join(where)
    return f"  - {place + ': ' if place else ''}{finding['message']}"


def reminder_text(
    round_label: str,
    submission: dict,
    milestones: pl.DataFrame,
    findings: pl.DataFrame,
    today: date,
    sender: str = "",
    note: str = "",
) -> str | None:
    """The e-mail (subject line first) for one municipality, or None when nothing is missing.

    ``submission`` is the municipality's row of ``submission_status``; ``milestones`` the round's
    milestone statuses; ``findings`` the intake's findings (the open ones are picked here);
    ``note`` a paragraph before the greeting (why an automatic reminder was sent)."""
    municipality = submission["municipality"]
    missing: list[str] = []
    deadline = submission["deadline"]
    if not submission["accepted"]:
        due = (
            f"Fristen var {danish_date(deadline)}, og den er overskredet med "
            f"{_days(-submission['days_left'])}."
            if deadline and submission["days_left"] is not None and submission["days_left"] < 0
            else (f"Fristen er {danish_date(deadline)}." if deadline else "")
        )
        if submission["arrived"]:
            missing.append(
                "En skabelon, der kan godkendes: den senest modtagne fil er afvist, så jeres "
                f"opgaver er ikke med på bruttolisten endnu. {due}".rstrip()
            )
        else:
            missing.append(
                f"Jeres udfyldte screeningsskabelon: vi har ikke modtaget nogen fil. {due}".rstrip()
            )
    if submission["open_errors"]:
        mine = findings.filter(
            (pl.col("archived_as") == submission["open_errors_archived_as"])
            & (pl.col("severity") == "error")
        )
        lines = [_finding_line(f) for f in mine.head(MAX_FINDINGS).iter_rows(named=True)]
        more = mine.height - len(lines)
        n = submission["open_errors"]
        text = (
            f"Rettelse af {n} {'fejl' if n != 1 else 'fejl'} i filen "
            f"«{submission['open_errors_file']}»:\n" + "\n".join(lines)
        )
        if more > 0:
            text += f"\n  - … og {more} fejl mere; se dem alle i kopien med rettelser."
        missing.append(text)
    labels = by_code(MILESTONES)
    late = milestones.filter(
        (pl.col("municipality") == municipality)
        & (pl.col("milestone") != "screening")
        & pl.col("status").is_in(LATE_STATUSES)
    )
    for row in late.iter_rows(named=True):
        line = (
            f"{labels[row['milestone']].label}: fristen var {danish_date(row['planned_end'])} "
            f"({_days(-row['days_left'])} siden)."
        )
        template = COUNTED.get(row["milestone"])
        if template and row["n_expected"]:
            line += (
                " Status: " + template.format(n=row["n_recorded"], total=row["n_expected"]) + "."
            )
        missing.append(line)
    if not missing:
        return None
    blank_line = "\n\n"
    body = "\n\n".join(f"- {item}" if not item.startswith("  ") else item for item in missing)
    return (
        f"Emne: Påmindelse fra projektgruppen – {round_label}, {municipality} Kommune\n\n"
        f"Kære kolleger i {municipality} Kommune\n\n"
        f"Her er status pr. {danish_date(today)} for {round_label}. Vi mangler følgende fra "
        f"jer:\n\n{body}\n\n"
        "Skabelonen sendes på siden «Indsend skabelon» i dashboardet eller lægges i "
        "indbakken. Hvert fund nævner ark, række og kolonne og siger, hvordan det rettes.\n\n"
        f"{note}{blank_line if note else ''}"
        "Venlig hilsen\n"
        f"{sender or 'Projektgruppen'}\n"
        f"{'Projektgruppen' if sender else ''}"
    ).rstrip() + "\n"
