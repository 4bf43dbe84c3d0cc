"""What the row reader says about a cell it could not read as written: the Danish wording of
its warnings and errors, shared by the row reader (:mod:`screening.intake.task_rows`) and the
column pass (:mod:`screening.intake.row_scan`)."""

from __future__ import annotations

import datetime as dt

from screening.intake.parsing import parse_number
from screening.template.spec import Column
from screening.text import cell_text
from screening.vocabulary import OTHER_SERVICE_AREA

# Excel keeps an error value in the file in English («#N/A»), and a Danish Excel shows it in
# Danish («#I/T»): what the sender sees in the cell is what a finding names.
_ERRORS_IN_DANISH = {
    "#N/A": "#I/T",
    "#VALUE!": "#VÆRDI!",
    "#REF!": "#REFERENCE!",
    "#DIV/0!": "#DIVISION/0!",
    "#NAME?": "#NAVN?",
    "#NULL!": "#NUL!",
}


def error_value_shown(stored: str) -> str:
    """An error value as a Danish Excel shows it (one it does not rename, as stored)."""
    return _ERRORS_IN_DANISH.get(stored, stored)


def missing_message(column: Column) -> str:
    if column.code == "title":
        return f"«{column.header}» skal udfyldes ({column.help}); rækken er holdt tilbage."
    return (
        f"«{column.header}» er ikke udfyldt ({column.help}). Rækken er kommet med; udfyld "
        "feltet, så opgaven kan sammenlignes og prioriteres."
    )


def unreadable_message(column: Column, value: object) -> str:
    return (
        f"{invalid_message(column, value)} Cellen kunne ikke læses og er regnet som tom; "
        "rækken er kommet med."
    )


def other_service_area_message(value: object) -> str:
    return (
        f"Fagområdet «{cell_text(value)}» svarer ikke til et af skabelonens fagområder. "
        f"Opgaven er kommet med under «{OTHER_SERVICE_AREA.label}» med jeres ord. Vælg et "
        "fagområde fra listen, hvis et af dem passer."
    )


def unknown_goals_message(unknown: list[str]) -> str:
    return (
        f"Disse mål blev ikke genkendt og er udeladt: {', '.join(unknown)}. "
        "Brug målene fra skabelonens liste."
    )


def interpreted_message(note: str) -> str:
    return f"Værdien er {note}. Ret cellen, hvis det ikke er det, I mente."


def invalid_message(column: Column, value: object = None) -> str:
    if column.code == "function":
        return (
            "Funktionen findes ikke i kontoplanens liste. Skriv funktionens nummer (fx "
            "6.45.51) eller navn, eller vælg den fra listen."
        )
    if column.kind == "choice":
        allowed = ", ".join(f"«{t.label}»" for t in column.choices)
        return f"Værdien findes ikke på listen. Vælg en af: {allowed}."
    if column.kind == "flag":
        return "Skriv «Ja» eller «Nej»."
    bounds = ""
    if column.minimum is not None and column.maximum is not None:
        bounds = f" mellem {column.minimum:g} og {column.maximum:g}"
    elif column.minimum is not None:
        bounds = f" på mindst {column.minimum:g}"
    if isinstance(value, dt.date):
        # Danish Excel reads "7.5" as 7 May: the person typed a number and got a date.
        return (
            "Excel har gjort tallet til en dato. Skriv tallet med komma (fx 7,5), og sæt "
            "cellens format til Tal eller Standard."
        )
    if column.code == "time_horizon_years" and isinstance(value, int | float | str):
        number = parse_number(value).value
        if number is not None and 2000 <= number <= 2100:
            return (
                f"{int(number)} ligner et årstal. Skriv antal år fra beslutning til "
                "fuld effekt, fx 2."
            )
    whole = " helt" if column.kind == "integer" else ""
    example = (
        f", fx {column.help.split('fx ')[-1]}" if "fx " in column.help else f" ({column.help})"
    )
    return f"Skriv et{whole} tal{bounds}{example}."
