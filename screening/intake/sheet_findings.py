"""The findings about a task sheet as a whole and the record of how it was read: how each header
was understood (or not), which columns are missing, a section heading used as the service area,
and the column-by-column reading shown before the file counts."""

from __future__ import annotations

from screening.intake.column_corrections import NOT_USED, Correction
from screening.intake.column_letters import column_letter
from screening.intake.findings import WARNING
from screening.intake.function_proposals import proposed_functions
from screening.intake.headers import column_by_words, interpreted_headers, is_municipality_header
from screening.intake.layout import Layout
from screening.intake.parsing import parse_choice
from screening.intake.understood import (
    AS_WRITTEN,
    BY_VALUES,
    BY_WORDS,
    CORRECTED,
    SENDER,
    ColumnReading,
    not_used,
)
from screening.template.spec import READ_COLUMNS
from screening.text import fold, is_blank
from screening.vocabulary import OTHER_SERVICE_AREA, SERVICE_AREAS, label_of


def column_readings(layout: Layout, corrected: dict[int, Correction]) -> list[ColumnReading]:
    by_words = set(interpreted_headers(layout.labels, layout.columns))
    readings = []
    for index, label in enumerate(layout.labels):
        if not label:
            continue
        letter, header = column_letter(index), layout.shown_header(index)
        column = layout.columns.get(index)
        if column is None:
            sender = is_municipality_header(label) and index not in corrected
            reading = not_used(letter, header, CORRECTED if index in corrected else "")
            if sender:
                reading = ColumnReading(letter, header, "Kommune", None, SENDER)
            readings.append(reading)
            continue
        how = (
            CORRECTED
            if index in corrected
            else BY_VALUES
            if index in layout.goals_by_values
            else BY_WORDS
            if index in by_words
            else AS_WRITTEN
        )
        readings.append(ColumnReading(letter, header, column.header, column.code, how))
    return readings


def use_section(task: dict, section: tuple[str, int], columns, ctx, submission) -> None:
    """Keep the heading a task was written under; where the sheet has no service-area column,
    it is the service area the sender grouped the task under."""
    heading, heading_row = section
    task["section"] = heading
    if any(c.code == "service_area" for c in columns.values()):
        return
    parsed = parse_choice(heading, SERVICE_AREAS)
    if parsed.ok and parsed.value:
        task["service_area"] = parsed.value
        read_as = f"læst som «{label_of(SERVICE_AREAS, parsed.value)}»"
    else:
        task["service_area"] = OTHER_SERVICE_AREA.code
        task["service_area_written"] = heading
        read_as = f"kommet med under «{OTHER_SERVICE_AREA.label}» med jeres ord"
    submission.add(
        WARNING,
        f"Arket har ingen kolonne til fagområde, så fagområdet er taget fra overskriften "
        f"«{heading}» i række {heading_row} og {read_as}. Tilføj kolonnen «Fagområde», hvis "
        "det ikke passer.",
        sheet=ctx.sheet,
        row=task["source_row"],
        value=heading,
    )


def warn_interpreted_headers(layout: Layout, excel_row, ctx, submission, corrected) -> None:
    for index, correction in corrected.items():
        column = layout.columns.get(index)
        read_as = f"«{column.header}»" if column else f"«{NOT_USED}»"
        submission.add(
            WARNING,
            f"Kolonnen er læst som {read_as}, som projektgruppen har rettet det for "
            f"{correction.municipality}s filer ({correction.by}, {correction.at[:10]}).",
            sheet=ctx.sheet,
            row=label_row(layout, index),
            column=column_letter(index),
            value=layout.shown_header(index),
        )
    for index in interpreted_headers(layout.labels, layout.columns):
        if index in corrected:
            continue
        column = layout.columns[index]
        by_values = index in layout.goals_by_values
        submission.add(
            WARNING,
            f"Kolonnen er læst som «{column.header}» ({column.help})"
            + (", fordi den har Ja/Nej ved opgaverne" if by_values else "")
            + ". Giv den skabelonens overskrift, hvis det ikke er det, den indeholder.",
            sheet=ctx.sheet,
            row=label_row(layout, index),
            column=column_letter(index),
            value=layout.shown_header(index),
        )


def label_row(layout: Layout, index: int) -> int:
    """The Excel row a column's header was read from."""
    rows = layout.label_rows
    return (rows[index] if index < len(rows) else layout.header_index) + 1


def warn_missing_columns(excel_row, columns, ctx, submission) -> None:
    codes = {c.code for c in columns.values()}
    has_goals = "goals" in codes or any(c.startswith("goal_") for c in codes)
    # authority_exercise has its own message (older templates lack it).
    missing = [
        c.header
        for c in READ_COLUMNS
        if c.required and c.code not in codes and c.code != "authority_exercise"
    ] + ([] if has_goals else ["Mål"])
    if missing:
        submission.add(
            WARNING,
            "Arket har ingen kolonne til "
            + ", ".join(f"«{h}»" for h in missing)
            + ", så opgaverne er læst uden. Tilføj kolonnen med skabelonens overskrift, så "
            "opgaverne kan sammenlignes og prioriteres.",
            sheet=ctx.sheet,
            row=excel_row,
        )


def warn_unknown_headers(layout: Layout, excel_row, ctx, submission, corrected) -> None:
    read_as = {column.code: index for index, column in layout.columns.items()}
    for index, value in enumerate(layout.labels):
        if is_municipality_header(value) or index in corrected:
            continue  # read for the sender (see sender.py), or set aside by the project group
        if index not in layout.columns and not is_blank(value):
            # «Budget 2025» beside «Budget 2026»: named with the column read instead, when that
            # one too was read by its words (beside the template's own header, the plain
            # message says enough).
            same = column_by_words(value)
            other = layout.shown_header(read_as[same.code]) if same and same.code in read_as else ""
            message = (
                f"Kolonnen ligner også «{same.header}», men kolonnen «{other}» er læst som den, "
                "så denne er ikke læst. Flyt indholdet til «Bemærkninger», hvis det skal med."
                if same is not None and other and fold(other) != fold(same.header)
                else "Kolonnen genkendes ikke og er ikke læst. Brug skabelonens "
                "overskrifter, eller flyt indholdet til «Bemærkninger»."
            )
            submission.add(
                WARNING,
                message,
                sheet=ctx.sheet,
                row=label_row(layout, index),
                column=column_letter(index),
                value=layout.shown_header(index),
            )


def propose_functions(tasks: dict[str, list], columns, ctx, submission) -> None:
    """A function for each task whose «Funktion (kontoplan)» is empty, from its words: proposed,
    never filled in (the sender decides); ``tasks`` are the sheet's tasks' columns. Where the
    municipality uses the column (a task has a function), each proposal is a warning on its
    cell; where it leaves the column empty throughout, the proposals are listed with the reading
    of the file instead, so a file that ignores the optional column is not covered in warnings."""
    index = next((i for i, c in columns.items() if c.code == "function"), None)
    uses_column = index is not None and any(tasks["function"])
    asking = [i for i, function in enumerate(tasks["function"]) if not function]
    titles, descriptions, rows = tasks["title"], tasks["description"], tasks["source_row"]
    proposals = proposed_functions([titles[i] for i in asking], [descriptions[i] for i in asking])
    for i, function in zip(asking, proposals, strict=True):
        if function is None:
            continue
        if submission.understood is not None:
            submission.understood.proposed.append((rows[i], function.label))
        if not uses_column:
            continue
        submission.add(
            WARNING,
            f"Funktion foreslået: «{function.label}» ud fra opgavens ord. Skriv den i "
            f"kolonnen «{columns[index].header}», eller den funktion, opgaven konteres på.",
            sheet=ctx.sheet,
            row=rows[i],
            column=column_letter(index),
            header=columns[index].header,
        )
