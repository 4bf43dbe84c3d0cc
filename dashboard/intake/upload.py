"""Check an uploaded template and hand it to the pipeline through the inbox (no Streamlit here).

The check reads the file exactly as the pipeline will (same reader, same name), so the verdict on
the upload page is the verdict the file gets on the data-quality page after the next run. It runs
in a child process with a time and memory budget (screening.intake.sandbox), so no upload can
make the dashboard stop answering others. Sending writes the bytes unchanged into the inbox; the
pipeline, not the dashboard, archives and reads it, and the dashboard never writes to the database.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from pathlib import Path

from dashboard.common import formatting
from dashboard.intake import quality
from screening.config import ScreeningConfig, load_screening_config
from screening.i18n import _
from screening.intake import sandbox
from screening.intake.feedback import feedback_path
from screening.intake.file_guard import MAX_FILE_BYTES
from screening.intake.findings import WARNING, findings_frame
from screening.intake.inbox import safe_name
from screening.intake.outcomes import DUPLICATE, RESENT
from screening.intake.submission import Submission

ACCEPTED_TYPES = ("xlsx", "xlsm", "ods", "csv")
MAX_UPLOAD_MB = MAX_FILE_BYTES // (1024 * 1024)  # Streamlit's megabytes are MiB
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Two checks at a time, one per core: more uploads at once wait their turn instead of crowding
# out the server (and the other engineers' work on a shared machine).
_CHECKS_AT_ONCE = threading.BoundedSemaphore(2)


@dataclass(frozen=True)
class UploadCheck:
    """The reader's verdict on one uploaded file, and the annotated copy to download."""

    name: str  # the name the pipeline will know the file by
    submission: Submission
    feedback: bytes | None  # None when the check ran out of its budget
    feedback_name: str

    @property
    def rejected(self) -> bool:
        return self.submission.rejected

    @property
    def held_back_rows(self) -> list[int]:
        """Excel rows an error holds back (the rest of the file still counts)."""
        return quality.held_back_rows(findings_frame(self.submission.findings))

    @property
    def n_warnings(self) -> int:
        return sum(f.severity == WARNING for f in self.submission.findings)

    def verdict(self, status: str | None = None) -> str:
        """The verdict in one or two sentences; ``status`` is the predicted status (see
        dashboard.intake.resubmission), so a copy of the current file is not called «modtaget»."""
        submission = self.submission
        if self.rejected:
            return _(
                "Filen vil blive **afvist**: der er en fejl på filniveau, så intet fra den kommer "
                "med på bruttolisten. Ret fejlen nedenfor, og prøv igen."
            )
        sender = (
            _(" fra {municipality}").format(municipality=submission.municipality)
            if submission.municipality
            else ""
        )
        if status == DUPLICATE:
            return _(
                "Filen{sender} er magen til kommunens gældende fil og **ændrer intet** («dublet»)."
            ).format(sender=sender)
        tasks = formatting.count(submission.tasks.height, "opgave", "opgaver")
        outcome = _("**gældende igen** («genindsendt»)") if status == RESENT else _("**modtaget**")
        text = _("Filen{sender} vil blive {outcome}: {tasks} kommer med på bruttolisten.").format(
            sender=sender, outcome=outcome, tasks=tasks
        )
        rows = self.held_back_rows
        if rows:
            which = _("Række") if len(rows) == 1 else _("Rækkerne")
            text += " " + _("{which} {rows} holdes tilbage på grund af fejl.").format(
                which=which, rows=formatting.and_listing(rows)
            )
        if self.n_warnings == 1:
            text += _(" Se advarslen efter; den holder intet tilbage.")
        elif self.n_warnings:
            text += " " + _("Se de {n} advarsler efter; de holder intet tilbage.").format(
                n=self.n_warnings
            )
        return text


def check_upload(name: str, data: bytes, config: ScreeningConfig | None = None) -> UploadCheck:
    """Read ``data`` as the file ``name`` and write the annotated copy; nothing is kept on disk."""
    config = config or load_screening_config()
    received_as = safe_name(name)
    with _CHECKS_AT_ONCE:
        try:
            submission, feedback = sandbox.check_in_child(received_as, data, config)
        except sandbox.OverBudget as over:
            sha256 = hashlib.sha256(data).hexdigest()
            submission = Submission(file=received_as, sha256=sha256).reject(str(over))
            feedback = None
    return UploadCheck(
        name=received_as,
        submission=submission,
        feedback=feedback,
        feedback_name=feedback_path(Path(received_as)).name,
    )
