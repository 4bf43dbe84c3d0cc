"""Who sent a template and for which round.

The template's metadata sheet says it. A file without one (a municipality's own workbook, or a
CSV) is read as the municipality its «Kommune» column names, when all its rows agree, or else
the one its file name names, for the current round, with a warning saying so. A file is
rejected only when these sources disagree (its rows would land under the wrong municipality)
or none of them names a participating municipality.

Municipality names are compared loosely: case, «Kommune», æ/ae, ø/oe/o and å/aa/a ignored, so
«Tønder Kommune», «sonderborg» and «soenderborg» are all recognised.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from screening.config import ScreeningConfig
from screening.intake.findings import WARNING
from screening.intake.sheets import RawWorkbook
from screening.intake.submission import Submission
from screening.template.spec import META_MUNICIPALITY, META_ROUND, META_VERSION, METADATA_SHEET
from screening.text import cell_text, fold, is_blank

MUNICIPALITY_COLUMN = "Kommune"


def municipality_key(text: str) -> str:
    """«Tønder Kommune», «tonder», «TOENDER» -> one key: folded, «kommune(s)» dropped, ø/oe/o,
    æ/ae/a and å/aa/a made one letter, no spaces or hyphens."""
    words = [w for w in fold(text).split() if w not in ("kommune", "kommunes")]
    key = "".join(words)
    return key.replace("oe", "o").replace("ae", "a").replace("aa", "a")


def find_municipality(text: str, config: ScreeningConfig) -> str | None:
    """The participating municipality ``text`` names (its own name, loosely), or None."""
    names = _by_key(tuple(m.name for m in config.municipalities))
    return names.get(municipality_key(text)) if text else None


@functools.lru_cache(maxsize=8)
def _by_key(names: tuple[str, ...]) -> dict[str, str]:
    # Once per round's list, not once per file.
    return {municipality_key(name): name for name in names}


def read_sender(
    workbook: RawWorkbook,
    submission: Submission,
    config: ScreeningConfig,
    column_values: list[str] | None = None,
) -> bool:
    """Who sent the file and for which round; False (and the file rejected) when that cannot
    be told or the sources disagree. ``column_values`` are the task rows' «Kommune» cells,
    when the task sheet has that column."""
    sheet = next((n for n in workbook.sheets if fold(n) == fold(METADATA_SHEET)), None)
    from_column = _from_column(column_values, submission, config)
    if from_column is False:
        return False
    if workbook.is_csv or sheet is None:
        return _without_metadata(workbook, submission, config, from_column)
    meta: dict[str, tuple[str, int]] = {}
    for number, row in enumerate(workbook.sheets[sheet], start=1):
        if len(row) >= 2 and not is_blank(row[0]):
            meta[fold(cell_text(row[0]))] = (cell_text(row[1]), number)
    submission.template_version = meta.get(fold(META_VERSION), ("", 0))[0] or None
    municipality, municipality_row = meta.get(fold(META_MUNICIPALITY), ("", 0))
    where = {
        "sheet": sheet,
        "row": municipality_row or None,
        "column": "B",
        "header": META_MUNICIPALITY,
        "value": municipality,
    }
    found = find_municipality(municipality, config)
    if found is None:
        submission.reject(
            f"Kommunen «{municipality}» i skabelonen er ikke en af de deltagende kommuner ("
            + ", ".join(config.municipality_names())
            + "). Brug skabelonen, som projektgruppen har udleveret til jeres kommune.",
            **where,
        )
        return False
    submission.municipality = found
    named = municipality_in_file_name(submission.file, config)
    if named and named != submission.municipality:
        submission.reject(
            f"Filen hedder «{submission.file}», men skabelonen er udfyldt for "
            f"{submission.municipality}. Send {named}s egen skabelon, eller omdøb filen, hvis "
            "indholdet er rigtigt.",
            **where,
        )
        return False
    if from_column and from_column != submission.municipality:
        submission.reject(
            f"Kolonnen «{MUNICIPALITY_COLUMN}» siger {from_column}, men skabelonen er udfyldt "
            f"for {submission.municipality}. Ret kolonnen eller arket «{METADATA_SHEET}», så de "
            "nævner samme kommune.",
            **where,
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


def _from_column(values: list[str] | None, submission: Submission, config: ScreeningConfig):
    """The one municipality the «Kommune» column names; None without such a column (or with
    only blank cells); False, with the file rejected, when its rows disagree or name a
    municipality outside the group."""
    written = sorted({v for v in values or [] if v.strip()})
    if not written:
        return None
    found = {v: find_municipality(v, config) for v in written}
    unknown = [v for v, name in found.items() if name is None]
    if unknown:
        submission.reject(
            f"Kolonnen «{MUNICIPALITY_COLUMN}» nævner «{unknown[0]}», som ikke er en af de "
            "deltagende kommuner (" + ", ".join(config.municipality_names()) + "). Skriv "
            "jeres kommunes navn i kolonnen, eller slet kolonnen.",
            value=unknown[0],
        )
        return False
    names = sorted(set(found.values()))
    if len(names) > 1:
        submission.reject(
            f"Kolonnen «{MUNICIPALITY_COLUMN}» nævner flere kommuner ({', '.join(names)}). "
            "Send én fil pr. kommune.",
        )
        return False
    return names[0]


def _without_metadata(workbook, submission, config, from_column: str | None) -> bool:
    named = municipality_in_file_name(submission.file, config)
    if from_column and named and from_column != named:
        submission.reject(
            f"Kolonnen «{MUNICIPALITY_COLUMN}» siger {from_column}, men filen hedder "
            f"«{submission.file}». Omdøb filen, eller ret kolonnen, så de nævner samme kommune."
        )
        return False
    municipality = from_column or named
    if municipality is None:
        if workbook.is_csv:
            submission.reject(
                "En CSV-fil har ingen oplysninger om afsenderen. Sæt kommunens navn i filnavnet "
                "(fx «tønder.csv»), tilføj kolonnen «Kommune», eller brug Excel-skabelonen."
            )
        else:
            submission.reject(
                f"Det kan ikke ses, hvilken kommune filen kommer fra: arket «{METADATA_SHEET}» "
                f"mangler, der er ingen kolonne «{MUNICIPALITY_COLUMN}», og filnavnet nævner "
                "ingen af de deltagende kommuner (" + ", ".join(config.municipality_names()) + "). "
                "Sæt kommunens navn i filnavnet (fx «tønder.xlsx»), eller brug skabelonen."
            )
        return False
    submission.municipality = municipality
    submission.screening_round = config.round.id
    source = f"kolonnen «{MUNICIPALITY_COLUMN}»" if from_column else "filnavnet"
    if workbook.is_csv:
        submission.add(
            WARNING,
            f"CSV-filen er læst som {municipality}s skabelon til runde "
            f"{config.round.id} (ud fra {source}). Brug helst Excel-skabelonen.",
        )
    else:
        submission.add(
            WARNING,
            f"Arket «{METADATA_SHEET}» mangler, så filen er læst som {municipality}s opgaver "
            f"(ud fra {source}) til den aktuelle runde, {config.round.id}. Ret det, hvis det "
            "er forkert; brug gerne skabelonen næste gang.",
        )
    return True


def municipality_in_file_name(file_name: str, config: ScreeningConfig) -> str | None:
    """The one participating municipality the file name names («sonderborg.xlsx»,
    «Ringkøbing-Skjern Kommune forslag.xlsx»), or None when it names none or several."""
    # The archive puts the time of receipt in front («20261201T…__tønder.xlsx»).
    stem = Path(file_name).stem.split("__")[-1]
    words = [w for w in re.split(r"[^0-9a-z]+", fold(stem)) if w]
    keys = _by_key(tuple(m.name for m in config.municipalities))
    found = {
        keys[key]
        for n in (1, 2, 3)
        for i in range(len(words) - n + 1)
        if (key := municipality_key(" ".join(words[i : i + n]))) in keys
    }
    return found.pop() if len(found) == 1 else None
