"""Shape received files, their findings and the gross list's provenance for the data-quality page.

Pure functions over the published tables (no Streamlit), so what the page shows can be tested
without a running app. Times are shown in Danish time; hashes are shortened to 12 hex digits.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from dashboard.common import formatting, safe_text
from screening.i18n import N_, _
from screening.intake.findings import ERROR, SEVERITY_LABELS
from screening.intake.message_language import in_reader_language
from screening.intake.outcomes import ACCEPTED, CURRENT, DUPLICATE, REJECTED, RESENT, SUPERSEDED
from screening.ranking.provenance import CHANGED_MARK, CHANGED_WORD

RULE = N_(
    "**Sådan virker fundene:** en fejl på filniveau afviser hele filen, en fejl i en række holder "
    "kun den række tilbage, og en advarsel lader rækken komme igennem."
)

# Order in the badge legend: from what counts to what does not.
STATUSES = (ACCEPTED, RESENT, SUPERSEDED, DUPLICATE, REJECTED)
STATUS_COLOURS = {
    ACCEPTED: "green",
    RESENT: "green",
    SUPERSEDED: "gray",
    DUPLICATE: "orange",
    REJECTED: "red",
}
STATUS_MEANINGS = {
    ACCEPTED: N_("kommunens gældende fil; dens opgaver er med på bruttolisten"),
    RESENT: N_("en tidligere fil, sendt igen: den er kommunens gældende fil igen"),
    SUPERSEDED: N_("en ældre fil, som en nyere fil fra samme kommune har afløst"),
    DUPLICATE: N_("samme indhold som kommunens gældende fil; ændrer intet"),
    REJECTED: N_("en fejl på filniveau; intet fra filen kommer med på bruttolisten"),
}
UNKNOWN_SENDER = N_("Ukendt afsender")

MUNICIPALITY_HEADER = N_("Kommune")
FILE_HEADER = N_("Fil (som sendt)")
RECEIVED_HEADER = N_("Modtaget")
STATUS_HEADER = N_("Status")
SHA_HEADER = N_("SHA-256 (kort)")
FINDING_HEADERS = (
    N_("Alvor"),
    N_("Ark"),
    N_("Række"),
    N_("Kolonne"),
    N_("Overskrift"),
    N_("Fundet"),
    N_("Besked"),
)
FILE_LEVEL_LABEL = N_("Fejl (hele filen)")


def status_legend() -> str:
    """One line per status, each with its coloured badge (Streamlit Markdown)."""
    return "\n".join(
        f"- :{STATUS_COLOURS[s]}-badge[{_(s)}] {_(STATUS_MEANINGS[s])}" for s in STATUSES
    )


def status_badge(status: str) -> str:
    return f":{STATUS_COLOURS.get(status, 'blue')}-badge[{_(status)}]"


def newest_first(submissions: pl.DataFrame, municipality: str | None = None) -> pl.DataFrame:
    """Every received file, newest first; only ``municipality``'s when one is chosen."""
    if municipality is not None:
        submissions = submissions.filter(pl.col("municipality") == municipality)
    return submissions.sort(["received_at", "archived_as"], descending=True)


def municipality_choices(submissions: pl.DataFrame, participants: Sequence[str]) -> list[str]:
    """The participants in configured order, then any other sender found in the files."""
    found = submissions["municipality"].drop_nulls().unique().sort().to_list()
    return list(participants) + [m for m in found if m not in participants]


def missing_municipalities(submissions: pl.DataFrame, participants: Sequence[str]) -> list[str]:
    """Participants without a current (accepted) file: nothing of theirs is on the gross list."""
    current = set(submissions.filter(pl.col("status").is_in(CURRENT))["municipality"].to_list())
    return [m for m in participants if m not in current]


def submissions_table(submissions: pl.DataFrame) -> pl.DataFrame:
    """One readable row per received file, in the frame's order.

    The status is a one-item list, so the table can show it as a coloured tag.
    """
    rows = [
        {
            MUNICIPALITY_HEADER: row["municipality"] or _(UNKNOWN_SENDER),
            FILE_HEADER: row["file"],
            RECEIVED_HEADER: formatting.timestamp(row["received_at"]),
            STATUS_HEADER: [_(row["status"])],
            _("Opgaver"): row["n_tasks"],
            _("Fejl"): row["n_errors"],
            _("Advarsler"): row["n_warnings"],
            SHA_HEADER: formatting.short_hash(row["sha256"]),
        }
        for row in submissions.iter_rows(named=True)
    ]
    schema = {
        MUNICIPALITY_HEADER: pl.String,
        FILE_HEADER: pl.String,
        RECEIVED_HEADER: pl.String,
        STATUS_HEADER: pl.List(pl.String),
        _("Opgaver"): pl.Int64,
        _("Fejl"): pl.Int64,
        _("Advarsler"): pl.Int64,
        SHA_HEADER: pl.String,
    }
    return pl.DataFrame(rows, schema=schema)


def submission_option(row: dict) -> str:
    """How a file reads in a picker: ``"Haderslev · screening_2.xlsx · 03.11.2026 kl. 10.30"``."""
    return safe_text.plain(
        f"{row['municipality'] or _(UNKNOWN_SENDER)} · {row['file']} · "
        f"{formatting.timestamp(row['received_at'])} ({_(row['status'])})"
    )


def held_back_rows(findings: pl.DataFrame) -> list[int]:
    """Excel rows a row-level error holds back (the rest of the file still counts)."""
    rows = findings.filter(
        (pl.col("severity") == ERROR) & pl.col("file_level").not_() & pl.col("row").is_not_null()
    )["row"]
    return sorted(set(rows.to_list()))


def verdict(row: dict, held_back: Sequence[int] = ()) -> str:
    """What the file's status means for the gross list, in one or two sentences."""
    status, n_tasks = row["status"], row["n_tasks"]
    if status == REJECTED:
        return _(
            "Filen er afvist: en fejl på filniveau betyder, at intet fra den kommer med på "
            "bruttolisten. Ret fejlen, og send filen igen."
        )
    if status == SUPERSEDED:
        return _(
            "En nyere fil fra {municipality} har afløst denne; dens opgaver tæller ikke længere, "
            "men filen bliver her som historik."
        ).format(municipality=row["municipality"])
    if status == DUPLICATE:
        return _("Filen har samme indhold som kommunens gældende fil og ændrer intet.")
    tasks = formatting.count(n_tasks, "opgave", "opgaver")
    text = _("Filen er {municipality}s gældende fil: {tasks} er med.").format(
        municipality=row["municipality"], tasks=tasks
    )
    if status == RESENT:
        text = _(
            "Filen er sendt igen og er {municipality}s gældende fil igen: {tasks} er med."
        ).format(municipality=row["municipality"], tasks=tasks)
    if row.get("changes"):
        # It names the municipality's task titles, shown as written.
        text += " " + safe_text.markdown(in_reader_language(row["changes"]))
    if held_back:
        which = _("Række") if len(held_back) == 1 else _("Rækkerne")
        text += " " + _(
            "{which} {rows} er holdt tilbage på grund af fejl; ret fejlene, og send filen igen."
        ).format(which=which, rows=formatting.and_listing(held_back))
    return text


def findings_of(findings: pl.DataFrame, archived_as: str, sha256: str) -> pl.DataFrame:
    return findings.filter((pl.col("archived_as") == archived_as) & (pl.col("sha256") == sha256))


def findings_table(findings: pl.DataFrame) -> pl.DataFrame:
    """Findings as the sender reads them: errors first, then by place in the file.

    Takes the reader's columns (``screening.intake.findings.FINDINGS_SCHEMA``), so the upload page
    shows a fresh reading the same way as the archive's.
    """
    ordered = findings.sort(
        [pl.col("severity") != ERROR, pl.col("file_level").not_(), "sheet", "row", "column"],
        nulls_last=False,
    )
    alvor = [
        _(FILE_LEVEL_LABEL) if severity == ERROR and file_level else _(SEVERITY_LABELS[severity])
        for severity, file_level in ordered.select("severity", "file_level").iter_rows()
    ]
    return pl.DataFrame(
        {
            "Alvor": alvor,
            "Ark": ordered["sheet"].fill_null(""),
            "Række": ordered["row"],
            "Kolonne": ordered["column"].fill_null(""),
            "Overskrift": ordered["header"].fill_null(""),
            "Fundet": ordered["value"].fill_null(""),
            "Besked": [in_reader_language(m) for m in ordered["message"]],
        },
        schema={name: pl.Int64 if name == "Række" else pl.String for name in FINDING_HEADERS},
    )


def provenance_facts(provenance: dict) -> list[tuple[str, str]]:
    """(label, value) for what the gross list was built from, besides the files."""
    overrides = provenance["overrides_sha256"]
    return [
        (_("Dannet"), formatting.timestamp(provenance["built_at"])),
        (
            _("Vægtprofil"),
            _("{profile} (version {version})").format(
                profile=provenance["weight_profile"], version=provenance["weights_version"]
            ),
        ),
        (_("Vægtfilens SHA-256"), formatting.short_hash(provenance["weights_sha256"])),
        (
            _("Projektgruppens beslutninger om sammenkobling"),
            f"SHA-256 {formatting.short_hash(str(overrides))}" if overrides else _("ingen endnu"),
        ),
        (_("Kodeversion"), _code_version(provenance["code_version"])),
        (_("Fingeraftryk af filerne"), formatting.short_hash(provenance["inputs_fingerprint"])),
    ]


def _code_version(stored: str | None) -> str:
    """The commit, with the mark of a changed checkout in the reader's language."""
    if not stored:
        return formatting.MISSING
    commit, changed, _rest = stored.partition(CHANGED_MARK)
    return f"{commit}+{_(CHANGED_WORD)}" if changed else stored


def provenance_files(provenance: dict, submissions: pl.DataFrame) -> pl.DataFrame:
    """The files the gross list was built from, found by their SHA-256 among the current ones."""
    hashes = list(provenance["submission_sha256"] or [])
    current = submissions.filter(pl.col("status").is_in(CURRENT)).unique("sha256", keep="first")
    by_hash = {row["sha256"]: row for row in current.iter_rows(named=True)}
    rows = []
    for sha in hashes:
        row = by_hash.get(sha)
        rows.append(
            {
                MUNICIPALITY_HEADER: row["municipality"] if row else formatting.MISSING,
                FILE_HEADER: row["file"] if row else _("(ikke blandt de gældende filer)"),
                RECEIVED_HEADER: formatting.timestamp(row["received_at"])
                if row
                else formatting.MISSING,
                _("SHA-256"): sha,
            }
        )
    schema = {name: pl.String for name in (MUNICIPALITY_HEADER, FILE_HEADER, RECEIVED_HEADER)}
    return pl.DataFrame(rows, schema={**schema, _("SHA-256"): pl.String}).sort(MUNICIPALITY_HEADER)
