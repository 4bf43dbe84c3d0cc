"""The write of a column correction, with the writer's right checked where it is written.

The corrections themselves live with the reader (:mod:`screening.intake.column_corrections`),
which may not know users or rights; this is the one door the page and the command go through.
Correcting how a municipality's file is read needs the same right as sending that file: the
municipality's project group, or an administrator.
"""

from __future__ import annotations

from screening.decisions import rights
from screening.decisions.users import User
from screening.intake import column_corrections
from screening.intake.column_corrections import Correction


def correct_column(
    user: User, municipality: str, header: str, read_as: str, was: str | None = None
) -> Correction:
    """Record that ``municipality``'s column ``header`` is read as ``read_as`` (a column code,
    or «ikke brugt»); :class:`~screening.decisions.rights.NotAllowed` before anything is written
    when ``user`` may not."""
    rights.check(user, rights.UPLOAD, municipality)
    return column_corrections.save(municipality, header, read_as, user.id, was=was)
