"""The column-by-column pass reads a row exactly as the row-by-row reader does: same task, same
warnings. It only takes the rows it can read without an error, and leaves the rest."""

from pathlib import Path

import pytest

from benchmarks.synthetic import generate
from screening.intake.findings import WARNING, Finding
from screening.intake.reader import match_headers
from screening.intake.row_scan import scan_rows
from screening.intake.sheets import load_workbook
from screening.intake.task_rows import (
    RowContext,
    is_help_row,
    is_note_row,
    read_task_row,
)
from screening.text import is_blank


@pytest.fixture(scope="module")
def generated_sheets(tmp_path_factory) -> list[tuple[str, list[list]]]:
    # Generated templates carry what real ones do: Danish numbers as text, goals spelled out,
    # labels with typos, blank required cells, out-of-range values.
    folder = Path(tmp_path_factory.mktemp("round"))
    generated = generate(folder, municipalities=4, tasks=60, seed=3)
    return [
        (path.name, load_workbook(path).sheets["Opgaver"])
        for path in sorted(generated.templates_dir.glob("*.xlsx"))
    ]


def test_every_row_the_scan_reads_matches_the_row_reader(generated_sheets):
    taken = left = warned = in_percent = 0
    for name, rows in generated_sheets:
        columns = match_headers(rows[0])
        # A cell with a formula is explained by the row reader.
        ctx = RowContext(name, "Opgaver", "Aabenraa", formulas={(5, "A"): "=B5"})
        scan = scan_rows(rows, 1, columns, ctx)
        for offset, scanned in enumerate(scan.clean):
            if scan.skip[offset]:
                continue
            expected = read_task_row(rows[offset + 1], offset + 2, columns, ctx)
            if scanned is None:
                left += 1
                continue
            taken += 1
            warned += bool(scanned[1])
            in_percent += scan.percent[offset]
            assert scanned == expected
            # Field for field, in the same order, as pickling to the other reading process sees.
            assert [list(vars(f).items()) for f in scanned[1]] == [
                list(vars(f).items()) for f in expected[1]
            ]
    # Both paths were exercised, warnings and potentials in percent included.
    assert taken > 100 and warned > 10 and left > 0 and in_percent > 0


def test_hint_blank_and_note_rows_are_found_as_the_row_reader_finds_them(generated_sheets):
    name, rows = generated_sheets[0]
    columns = match_headers(rows[0])
    width = max(columns) + 1
    hint = [None] * width
    for index, column in columns.items():
        hint[index] = column.help
    note = ["NB: tallene er fra 2025"] + [None] * (width - 1)
    sheet = [rows[0], hint, [None] * width, note, *rows[1:], hint[:5]]
    scan = scan_rows(sheet, 1, columns, RowContext(name, "Opgaver", "Aabenraa"))
    expected_skip = [
        all(is_blank(v) for v in row) or is_help_row(row, columns) for row in sheet[1:]
    ]
    assert scan.skip == expected_skip
    assert scan.skip[:3] == [True, True, False]  # hint, blank; the note is not skipped ...
    assert scan.one_cell[2] and is_note_row(sheet[3])  # ... but read as a note


def test_a_finding_made_at_once_is_the_one_its_constructor_makes():
    made = Finding.at_once(severity=WARNING, file="tønder.xlsx", message="Tjek cellen.", row=3)
    expected = Finding(WARNING, "tønder.xlsx", "Tjek cellen.", row=3)
    assert made == expected and hash(made) == hash(expected)
    assert list(vars(made).items()) == list(vars(expected).items())
