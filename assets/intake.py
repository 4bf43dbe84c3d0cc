"""Intake assets: receive new files from the inbox and read every template in the archive."""

from pathlib import Path

import dagster as dg
from dagster import AssetExecutionContext

from assets.resources import ScreeningSettings
from screening import store
from screening.intake.earlier_runs import known_submissions
from screening.intake.inbox import (
    not_moved,
    receive_inbox,
    set_aside_irregular,
    waiting_files,
)
from screening.intake.submissions import (
    current_tasks,
    findings_table,
    read_folder,
    submission_tasks,
    submissions_table,
)

KINDS = {"duckdb", "polars"}


@dg.multi_asset(
    outs={
        "submissions": dg.AssetOut(
            description="Én række pr. modtaget fil: afsender, SHA-256, modtagelsestid og status.",
            kinds=KINDS,
        ),
        "findings": dg.AssetOut(
            description="Alle fund (fejl og advarsler) med fil, ark, række og kolonne.",
            kinds=KINDS,
        ),
        "submission_tasks": dg.AssetOut(
            description="Opgaverne i hver læsbar fil, også de erstattede (historik).",
            kinds=KINDS,
        ),
        "submitted_tasks": dg.AssetOut(
            description="Opgaverne fra hver kommunes gældende skabelon, læst og normaliseret.",
            kinds=KINDS,
        ),
    },
    group_name="intake",
)
def read_templates(context: AssetExecutionContext, settings: ScreeningSettings):
    """Move new files from the inbox into the archive, then read the archive.

    One asset over the whole archive rather than one partition per municipality: a run of all
    partitions costs one Dagster run each (98 at national scale), while reading a template takes
    milliseconds, and files read before are taken from the previous run's tables, so a
    resubmission re-reads only the new file.
    """
    config = settings.load_screening()
    archive = Path(settings.templates_dir)
    # A link put straight into the archive is set aside like one in the inbox, never followed.
    receipts = set_aside_irregular(archive, archive)
    receipts += receive_inbox(Path(settings.inbox_dir), archive)
    for receipt in receipts:
        if receipt.refused:
            context.log.warning(f"Ikke læst: {receipt.original_name}: {receipt.refused}")
        else:
            context.log.info(f"Modtaget {receipt.original_name} → {receipt.archived_as}")
    left = {r.original_name for r in not_moved(receipts)}
    for name in waiting_files(Path(settings.inbox_dir)):
        if name not in left:
            # Still being written: its size or time changed while we looked; the sensor sees
            # the change and starts another run, which takes it once it stands still.
            context.log.info(f"Venter på {name}: filen skrives stadig og hentes ved næste kørsel.")
    known = _previous_readings(Path(settings.warehouse), config)
    received = read_folder(archive, config, known, not_moved=not_moved(receipts))
    context.log.info(f"{len(received)} filer, {len(received) - len(known)} læst på ny")
    return (
        submissions_table(received, config),
        findings_table(received),
        submission_tasks(received),
        current_tasks(received),
    )


def _previous_readings(warehouse: Path, config):
    if not warehouse.exists():
        return {}
    with store.connect(warehouse) as con:
        tables = set(store.table_names(con))
        if not {"submissions", "findings", "submission_tasks"} <= tables:
            return {}
        try:
            return known_submissions(
                store.read_table(con, "submissions"),
                store.read_table(con, "findings"),
                store.read_table(con, "submission_tasks"),
                config,
            )
        except Exception:  # an older table layout: read everything again rather than fail
            return {}


ASSETS = [read_templates]
