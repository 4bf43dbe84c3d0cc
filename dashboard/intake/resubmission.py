"""What an uploaded file will change, said before it is sent (no Streamlit here).

The prediction applies the pipeline's own rule (``screening.intake.earlier_runs.predict``) to the
archive as the last run published it, plus the files already waiting in the inbox, so the upload
page says what the next run will do: «modtaget», «genindsendt» (an earlier file, current again)
or «dublet» (the current file once more), which tasks the file adds, removes and changes, and
(through the run's own matching) which candidates it joins, leaves or creates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import polars as pl

from screening import store
from screening.config import ScreeningConfig
from screening.decisions.effects import FileEffects, file_effects
from screening.decisions.match_decisions import match_overrides
from screening.i18n import _
from screening.intake.earlier_runs import predict, received_from_tables, tasks_after
from screening.intake.inbox import safe_name
from screening.intake.outcomes import DUPLICATE, REJECTED, RESENT, Outcome, Received
from screening.intake.reader import read_submission
from screening.intake.resubmission import Change
from screening.intake.submission import Submission
from screening.matching.overrides import effective

ARCHIVE_TABLES = ("submissions", "findings", "submission_tasks")


@dataclass(frozen=True)
class Prediction:
    outcome: Outcome
    change: Change | None
    effects: FileEffects | None = None  # what the file does to the list at the next run

    @property
    def status(self) -> str:
        return self.outcome.status

    @property
    def needs_confirmation(self) -> bool:
        return self.change is not None and self.change.removes_most


def archive(published: Path | None) -> tuple[list[Received], pl.DataFrame | None]:
    """The received files and the task -> candidate table of the last published run."""
    if published is None or not Path(published).is_file():
        return [], None
    with store.connect(published, read_only=True) as con:
        names = set(store.table_names(con))
        if not set(ARCHIVE_TABLES) <= names:
            return [], None
        tables = [store.read_table(con, name) for name in ARCHIVE_TABLES]
        candidates = (
            con.execute("SELECT task_id, candidate_id, municipality FROM screening_tasks").pl()
            if "screening_tasks" in names
            else None
        )
    return received_from_tables(*tables), candidates


def waiting_in_inbox(inbox: Path, config: ScreeningConfig) -> list[Received]:
    """Files in the inbox the next run will receive before an upload sent now (it archives
    them in name order, each at the time it moves it)."""
    if not Path(inbox).is_dir():
        return []
    now = datetime.now(UTC)
    waiting = sorted(
        p for p in Path(inbox).iterdir() if p.is_file() and not p.name.startswith((".", "~$"))
    )
    return [
        Received(
            read_submission(p, config, display_name=safe_name(p.name)),
            p.name,
            now + timedelta(microseconds=i),
        )
        for i, p in enumerate(waiting)
    ]


def prediction(
    submission: Submission,
    published: Path | None,
    inbox: Path | None = None,
    config: ScreeningConfig | None = None,
    events: pl.DataFrame | None = None,
) -> Prediction:
    """What the next run will make of the file; with the decision log (``events``), also
    what it does to the list (the run's own matching, :mod:`screening.decisions.effects`)."""
    received, candidates = archive(published)
    if inbox is not None and config is not None:
        received = [*received, *waiting_in_inbox(inbox, config)]
    outcome, change = predict(received, submission, candidates)
    effects = None
    if events is not None and outcome.status not in (DUPLICATE, REJECTED):
        overrides = effective(match_overrides(events, fresh_request=True))
        effects, _after = file_effects(
            store.read_published_table(published, "screening_tasks"),
            tasks_after(received, submission),
            submission.municipality,
            overrides,
            events,
        )
    return Prediction(outcome, change, effects)


def status_sentence(prediction: Prediction, municipality: str | None) -> str | None:
    """What the status means, when it is not a plain first or new file."""
    if prediction.status == DUPLICATE:
        return _(
            "Filen er magen til {municipality}s gældende fil og **ændrer intet** (status «dublet»)."
        ).format(municipality=municipality)
    if prediction.status == RESENT:
        return _(
            "Filen er en tidligere fil fra {municipality}, sendt igen: den bliver **gældende "
            "igen** (status «genindsendt»), og bruttolisten går tilbage til dens opgaver."
        ).format(municipality=municipality)
    return None


def comparison_rows(change: Change) -> pl.DataFrame:
    """One row per task the file adds, removes or changes, for a table on the page."""
    rows = (
        [(_("Tilføjes"), title, "") for title in change.added]
        + [(_("Fjernes"), title, "") for title in change.removed]
        + [(_("Ændres"), title, ", ".join(fields)) for title, fields in change.changed.items()]
    )
    return pl.DataFrame(
        rows,
        schema={_("Ændring"): pl.String, _("Opgave"): pl.String, _("Felter"): pl.String},
        orient="row",
    )


def confirmation_label(change: Change, municipality: str | None) -> str:
    return _(
        "Ja, filen skal erstatte {municipality}s gældende fil og fjerne {removed} af dens "
        "{current} opgaver."
    ).format(municipality=municipality, removed=len(change.removed), current=change.n_current)
