"""Sending a template for a municipality: only that municipality's project group may, and every
file sent is recorded in the decision log with who sent it.

(An anonymous upload of an empty template named «skabelon.xlsx» once removed all 19 of
Haderslev's tasks from the list; the right is checked here, in the write, not by hiding a
button.)
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from screening.decisions import rights
from screening.decisions.append import authorise
from screening.decisions.store import StoreError
from screening.decisions.users import User
from screening.i18n import _
from screening.intake.inbox import send_to_inbox
from screening.intake.submission import Submission

UPLOAD = "upload"  # the kind of event in the log


def send_upload(
    engine: sa.Engine, user: User, submission: Submission, name: str, data: bytes, inbox: Path
) -> Path:
    """Put the checked file in the inbox for the pipeline, as ``user``; returns where it went.

    Raises ``NotAllowed`` (Danish) unless the user is the project group of the municipality the
    file is for; nothing is written then.
    """
    writer = authorise(user, rights.UPLOAD, submission.municipality)
    if submission.municipality is None:
        raise rights.NotAllowed(
            _("Filen siger ikke, hvilken kommune den er fra, så den sendes ikke.")
        )
    target = send_to_inbox(name, data, inbox)
    try:
        writer.append(
            engine,
            kind=UPLOAD,
            subject=submission.sha256,
            new_value=target.name,
            municipality=submission.municipality,
            details={"file": name, "sha256": submission.sha256, "tasks": submission.tasks.height},
        )
    except StoreError as error:
        raise StoreError(
            _(
                "Filen er sendt som «{target}» og bliver læst, men det blev ikke registreret i "
                "beslutningsloggen, hvem der sendte den ({error}). Send den ikke igen."
            ).format(target=target.name, error=error)
        ) from error
    return target
