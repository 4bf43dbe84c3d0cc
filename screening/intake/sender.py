"""Who sent a template and for which round, read from its metadata sheet (or, for a CSV, its
file name). A mismatch rejects the whole file: its rows would land under the wrong municipality.
"""

from __future__ import annotations

from pathlib import Path

from screening.config import ScreeningConfig
from screening.intake.findings import WARNING
from screening.intake.sheets import RawWorkbook
from screening.intake.submission import Submission
from screening.template.spec import META_MUNICIPALITY, META_ROUND, META_VERSION, METADATA_SHEET
from screening.text import cell_text, fold, is_blank


def read_sender(workbook: RawWorkbook, submission: Submission, config: ScreeningConfig) -> bool:
    """Who sent the file and for which round; a mismatch rejects the file."""
    names = {fold(m.name): m.name for m in config.municipalities}
    if workbook.is_csv:
        return _csv_metadata(workbook, submission, config, names)
    sheet = next((n for n in workbook.sheets if fold(n) == fold(METADATA_SHEET)), None)
    if sheet is None:
        submission.reject(
            f"Arket «{METADATA_SHEET}» mangler, så det kan ikke ses, hvilken kommune filen kommer "
            "fra. Hent en ny skabelon med «screening template» og flyt opgaverne over."
        )
        return False
    meta: dict[str, tuple[str, int]] = {}
    for number, row in enumerate(workbook.sheets[sheet], start=1):
        if len(row) >= 2 and not is_blank(row[0]):
            meta[fold(cell_text(row[0]))] = (cell_text(row[1]), number)
    submission.template_version = meta.get(fold(META_VERSION), ("", 0))[0] or None
    municipality, municipality_row = meta.get(fold(META_MUNICIPALITY), ("", 0))
    if fold(municipality) not in names:
        submission.reject(
            f"Kommunen «{municipality}» i skabelonen er ikke en af de deltagende kommuner ("
            + ", ".join(config.municipality_names())
            + "). Brug skabelonen, som projektgruppen har udleveret til jeres kommune.",
            sheet=sheet,
            row=municipality_row or None,
            column="B",
            header=META_MUNICIPALITY,
            value=municipality,
        )
        return False
    submission.municipality = names[fold(municipality)]
    named = _municipality_in_file_name(submission.file, names)
    if named and named != submission.municipality:
        submission.reject(
            f"Filen hedder «{submission.file}», men skabelonen er udfyldt for "
            f"{submission.municipality}. Send {named}s egen skabelon, eller omdøb filen, hvis "
            "indholdet er rigtigt.",
            sheet=sheet,
            row=municipality_row or None,
            column="B",
            header=META_MUNICIPALITY,
            value=municipality,
        )
        return False
    screening_round, round_row = meta.get(fold(META_ROUND), ("", 0))
    submission.screening_round = screening_round
    if screening_round != config.round.id:
        submission.reject(
            f"Skabelonen hører til screeningsrunde «{screening_round}», men den aktuelle runde "
            f"er «{config.round.id}». Hent en ny skabelon til runde {config.round.id} og flyt "
            "opgaverne over.",
            sheet=sheet,
            row=round_row or None,
            column="B",
            header=META_ROUND,
            value=screening_round,
        )
        return False
    return True


def _csv_metadata(workbook, submission, config, names) -> bool:
    named = _municipality_in_file_name(submission.file, names)
    if named is None:
        submission.reject(
            "En CSV-fil har ingen oplysninger om afsenderen. Sæt kommunens navn i filnavnet "
            "(fx «tønder.csv»), eller brug Excel-skabelonen."
        )
        return False
    submission.municipality = named
    submission.screening_round = config.round.id
    submission.add(
        WARNING,
        f"CSV-filen er læst som {named}s skabelon til runde "
        f"{config.round.id} (ud fra filnavnet). Brug helst Excel-skabelonen.",
    )
    return True


def _municipality_in_file_name(file_name: str, names: dict[str, str]) -> str | None:
    words = set(fold(Path(file_name).stem).split())
    found = {name for key, name in names.items() if key.replace(" ", "") in words}
    return found.pop() if len(found) == 1 else None
