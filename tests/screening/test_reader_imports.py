"""What a reading process pays before its first file: the reader's column letters are Excel's,
and importing the reader brings neither openpyxl nor xlsxwriter (they write copies, not read)."""

from __future__ import annotations

import subprocess
import sys

from xlsxwriter.utility import xl_col_to_name

from screening.intake.column_letters import column_index, column_letter


def test_column_letters_are_excels_for_every_column():
    # 16,384 columns is as wide as an Excel sheet goes.
    assert [column_letter(i) for i in range(16_384)] == [xl_col_to_name(i) for i in range(16_384)]


def test_a_column_s_letters_lead_back_to_it():
    assert [column_index(column_letter(i)) for i in range(16_384)] == list(range(16_384))


def test_importing_the_reader_leaves_the_workbook_writers_out():
    code = (
        "import sys, screening.intake.reader; "
        "print(sorted(m for m in ('openpyxl', 'xlsxwriter') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
