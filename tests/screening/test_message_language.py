"""A finding reads in the reader's language: every Danish message the template checks write has
its English, found by the message's template, whether the finding is fresh from the reader or
stored in the warehouse. What the sender wrote (a cell, a header, a sheet's or a file's name) is
said back as written; numbers are written the English way.

The corpus of real-world files (test_corpus.py) checks each message it gives; the tests here
check the messages no file there gives, and that the catalogue and the checks' code say the
same Danish."""

from __future__ import annotations

import ast
import datetime as dt
import errno
import re
from pathlib import Path

import pytest

from screening import i18n
from screening.intake import cell_messages, inbox, message_language, submissions
from screening.intake.file_guard import Refused, inspect
from screening.intake.message_language import FINDINGS_CATALOGUE, in_reader_language, translation
from screening.intake.resubmission import Change, LeftCandidate
from screening.intake.task_rows import parse_cell
from screening.template.spec import COLUMNS

INTAKE = Path(message_language.__file__).parent
# The intake's modules whose texts are not findings: the annotated copy's own sheet (Danish, as
# the municipality receives it), the command line's account of a reading, the page texts of the
# column corrections and the findings' labels (both in intake.po and read with ``_()``), the
# XML guard's own errors, which the file checks turn into the refusal of a damaged file, and the
# second reading process's line in the run's log.
NOT_FINDINGS = {
    "feedback",
    "feedback_names",  # the annotated copy's sheet and file names, as feedback's own
    "understood",
    "column_corrections",
    "findings",
    "message_language",
    "sheet_xml",
    "second_reader",
}
CHECKS = sorted(
    path.stem
    for path in INTAKE.glob("*.py")
    if path.stem not in NOT_FINDINGS and not path.stem.startswith("_")
)
# Words only a Danish sentence has.
DANISH = re.compile(r"\b(ikke|og|må|skal|kan|har|er|den|det|der|som|til|af|eller)\b|[æøå]", re.I)


def english(message: str) -> str:
    result = translation(message, "en")
    assert result.complete, f"no English template matches: {message}"
    return result.text


def danish_left(text: str) -> bool:
    """Whether a Danish sentence is left once the values said back as written are out."""
    return bool(DANISH.search(re.sub(r"«[^»]*»|\([^)]*\)", "", text)))


def catalogue_templates() -> list[tuple[str, str]]:
    from babel.messages.pofile import read_po

    with (i18n.CATALOGUE_DIR / "en" / FINDINGS_CATALOGUE).open("rb") as handle:
        return [(m.id, m.string) for m in read_po(handle) if m.id and m.string]


def test_every_text_the_checks_write_is_in_the_catalogue() -> None:
    """A message the checks write but the catalogue lacks would reach an English reader in
    Danish: every text in the checks' code (an f-string's fixed parts included) is part of a
    Danish template."""
    danish = "\n".join(template for template, _ in catalogue_templates())
    missing = []
    for name in CHECKS:
        source = (INTAKE / f"{name}.py").read_text(encoding="utf-8")
        tree = ast.parse(source)
        skipped = {id(node.body[0].value) for node in ast.walk(tree) if _has_docstring(node)}
        skipped |= {id(arg) for node in ast.walk(tree) if _is_regex_call(node) for arg in node.args}
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
                continue
            text = node.value
            if id(node) in skipped or len(text.strip()) < 8 or " " not in text.strip():
                continue
            if text not in danish and not translation(text, "en").complete:
                missing.append(f"{name}.py:{node.lineno}: {text}")
    assert missing == []


def _has_docstring(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef)
        and bool(node.body)
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    )


def _is_regex_call(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "re"
    )


def _example(name: str) -> tuple[str, str]:
    """A value for a placeholder, and how the English says it."""
    if name.endswith("_number"):
        return "1.234,5", "1,234.5"
    if name.endswith("_text"):
        return "filnavnet", "the file name"
    if name.endswith("_list"):
        return (
            "udgiftsbase 9.000.000 (opgaverne: 8.900.000); årsværk 3 (opgaverne: 2,5)",
            "cost base 9,000,000 (the tasks: 8,900,000); FTEs 3 (the tasks: 2.5)",
        )
    return f"Værdi {name}", f"Værdi {name}"


@pytest.mark.parametrize("template, english_template", catalogue_templates())
def test_each_template_is_read_back_as_itself(template: str, english_template: str) -> None:
    """No template hides another: a message written from a template, with any values, is
    matched by that template and said in its English."""
    names = re.findall(r"\{(\w+)\}", template)
    values = {name: _example(name) for name in names}
    message = template.format(**{name: danish for name, (danish, _) in values.items()})
    expected = english_template.format(**{name: eng for name, (_, eng) in values.items()})
    assert english(message) == expected


@pytest.mark.parametrize("column", COLUMNS, ids=lambda c: c.code)
def test_every_cell_message_reads_in_english(column) -> None:
    """What a cell check says of any column, for values people type: missing, unreadable (a
    year, a date, text, a number out of range) and interpreted."""
    typed = ["", "høj", "2026", "-3", 10**9, dt.date(2026, 5, 7), "1.500.000 (budget 2026)"]
    typed += ["ja tak", "Ja", "nej", "partnerskab ", "Skole", "7,5", "10 %"]
    messages = [cell_messages.missing_message(column)]
    for value in typed:
        messages.append(cell_messages.unreadable_message(column, value))
        parsed = parse_cell(column, value)
        if parsed.note:
            messages.append(cell_messages.interpreted_message(parsed.note))
    for message in messages:
        assert not danish_left(english(message)), english(message)


def test_refusals_no_file_in_the_corpus_gives_read_in_english(tmp_path: Path) -> None:
    too_big = tmp_path / "tønder.xlsx"
    with too_big.open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)
    with pytest.raises(Refused) as refused:
        inspect(too_big)
    messages = [
        str(refused.value),
        inbox.LINK_MESSAGE,
        inbox.SPECIAL_MESSAGE,
        inbox.cannot_move(OSError(errno.EACCES, "Permission denied")),
        submissions.unreadable(OSError(errno.EIO, "Input/output error")),
        "Der er ingen opgaver i filen. Skriv én opgave pr. række under overskrifterne.",
    ]
    for message in messages:
        assert not danish_left(english(message)), english(message)
    assert english(messages[0]).startswith("The file takes up 200 MB; the limit is")


def test_values_are_said_back_as_written_and_numbers_the_english_way() -> None:
    message = (
        "Række 11 er en sumrække og er ikke talt med. Dens tal svarer ikke til summen af "
        "opgaverne over den: udgiftsbase 9.000.000 (opgaverne: 8.900.000). Tjek, om en opgave "
        "mangler eller står to gange."
    )
    assert english(message) == (
        "Row 11 is a sum row and has not been counted. Its figures do not match the sum of the "
        "tasks above it: cost base 9,000,000 (the tasks: 8,900,000). Check whether a task is "
        "missing or listed twice."
    )
    interpreted = "Værdien er tolket som 0,50. Ret cellen, hvis det ikke er det, I mente."
    assert english(interpreted) == (
        "The value has been read as 0.50. Correct the cell if that is not what you meant."
    )
    moved = "Opgaverne blev fundet på arket «Ark 1. og 2.» i stedet for «Opgaver»."
    assert english(moved) == (
        "The tasks were found on the sheet «Ark 1. og 2.» instead of «Opgaver»."
    )


def test_a_danish_reader_reads_the_message_as_stored_and_an_unknown_one_stays_whole() -> None:
    message = "Filen er tom (0 byte). Gem skabelonen igen i Excel, og send den igen."
    i18n.use_language("da")
    assert in_reader_language(message) == message
    i18n.use_language("en")
    try:
        assert in_reader_language(message) == (
            "The file is empty (0 bytes). Save the template again in Excel and send it again."
        )
        # A message from a later version of the checks is shown in Danish, not lost.
        unknown = "En helt ny besked, som kataloget ikke kender endnu."
        assert in_reader_language(unknown) == unknown
        assert in_reader_language(None) is None
    finally:
        i18n.use_language(i18n.DEFAULT_LANGUAGE)


def test_what_a_file_changed_reads_in_english() -> None:
    """The summary stored with a file that replaced another, sentence by sentence; the titles
    (a full stop and «og» in them included) are said back as written."""
    titles = tuple(f"Løn og personale {n}. del" for n in range(12))
    change = Change(
        n_current=1234,
        added=titles,
        removed=("Drift af vejbelysning",),
        changed={"Fælles indkøb. Fase 2": ("Årsværk", "Kompleksitet (1-5)")},
        leaves=(LeftCandidate("Fælles lønkontor", ("Aabenraa", "Tønder")),),
    )
    text = english(change.describe())
    assert text.startswith(
        "Compared with the current file (1,234 tasks): 12 added, 1 removed, 1 changed. "
        "Removed: «Drift af vejbelysning». Added: «Løn og personale 0. del», "
    )
    assert "«Løn og personale 9. del» and 2 more. Changed: «Fælles indkøb. Fase 2» " in text
    assert text.endswith(
        "The municipality leaves the candidates «Fælles lønkontor» (with Aabenraa, Tønder)."
    )
    two = Change(
        2,
        removed=("Løn", "Drift"),
        leaves=(
            LeftCandidate("Løn, fælles", ("Aabenraa", "Tønder")),
            LeftCandidate("Drift (IT)", ("Haderslev",)),
        ),
    )
    assert english(two.describe()).endswith(
        "The municipality leaves the candidates «Løn, fælles» (with Aabenraa, Tønder); "
        "«Drift (IT)» (with Haderslev)."
    )
    first = english(Change(0, added=("A", "B")).describe())
    assert first == "The municipality’s first file: 2 tasks."
