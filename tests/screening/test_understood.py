"""What the sender is shown before the file counts: each column and what it was read as, the
rows set aside, the task count and totals; and the project group's correction of a column,
saved for the municipality's later files and logged."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from benchmarks.intake_townhall import load_set
from pipelines.cli import main
from screening.config import CONFIG_DIR, load_screening_config
from screening.intake import column_corrections
from screening.intake.column_corrections import NOT_USED, UnknownColumn
from screening.intake.reader import read_submission
from screening.intake.submissions import reader_key

NORDJYLLAND = load_set("nordjylland")
CONFIG = load_screening_config(CONFIG_DIR / "nordjylland.toml")
HJOERRING = NORDJYLLAND.folder / "Hjørring Kommune screening.xlsx"
FREDERIKSHAVN = NORDJYLLAND.folder / "frederikshavn_driftsfaellesskaber.xlsx"


@pytest.fixture(autouse=True)
def corrections(tmp_path: Path, monkeypatch) -> Path:
    path = tmp_path / "kolonner" / "rettelser.json"
    monkeypatch.setenv("SCREENING_COLUMN_CORRECTIONS", str(path))
    return path


def test_each_column_rows_set_aside_count_and_totals_are_shown():
    understood = read_submission(HJOERRING, CONFIG).understood
    read_as = {c.header: (c.read_as, c.how) for c in understood.columns}
    assert read_as["Mål og rationale › Økonomisk gevinst"] == (
        "Mål: Økonomisk effektivisering",
        "ud fra Ja/Nej i kolonnen",
    )
    assert read_as["Økonomi › Årsværk"][0] == "Årsværk"
    assert understood.header_rows == (4, 5)
    kinds = {r.kind_name for r in understood.set_aside}
    assert kinds == {"overskrift", "sumrække", "note"}
    assert understood.tasks == 22
    assert understood.totals == pytest.approx(NORDJYLLAND.totals[HJOERRING.name])
    lines = understood.lines()
    assert lines[0].startswith("Sådan er filen læst (arket «Screening», overskrifter i række 4")
    assert any(
        line.startswith("  række 6 er en overskrift «Økonomi og Personale»") for line in lines
    )


def test_validate_prints_the_reading(capsys, monkeypatch):
    monkeypatch.setenv("SCREENING_CONFIG", str(CONFIG_DIR / "nordjylland.toml"))
    main(["validate", "--no-feedback", str(FREDERIKSHAVN)])
    out = capsys.readouterr().out
    assert "kolonne C «Organisatorisk enhed» → Fagområde (ud fra overskriftens ord)" in out
    assert "række 26 er en sumrække «Total» og er ikke læst som opgave" in out
    assert "21 opgaver; i alt udgiftsbase (kr.) 68.200.000" in out


def test_a_correction_holds_for_the_municipalitys_later_files_and_is_logged(corrections: Path):
    before = reader_key(CONFIG)
    column_corrections.save("Frederikshavn", "Kontakt", NOT_USED, "Karen", was="Kontaktperson")
    submission = read_submission(FREDERIKSHAVN, CONFIG)
    [contact] = [c for c in submission.understood.columns if c.header == "Kontakt"]
    assert (contact.read_as, contact.how) == (NOT_USED, "rettet af projektgruppen")
    assert submission.tasks["contact"].is_null().all()
    assert any("som projektgruppen har rettet" in f.message for f in submission.findings)
    assert reader_key(CONFIG) != before  # cached readings are redone
    with open(corrections.with_suffix(".log.csv"), encoding="utf-8") as handle:
        [header, line] = list(csv.reader(handle))
    assert line[1:] == ["Karen", "Frederikshavn", "Kontakt", "Kontaktperson", NOT_USED]
    # Another municipality's file with the same header is read as before.
    other = read_submission(NORDJYLLAND.folder / "Rebild Kommune skabelon.xlsx", CONFIG)
    assert not any("projektgruppen har rettet" in f.message for f in other.findings)


def test_a_correction_can_move_a_column(corrections: Path):
    column_corrections.save("Frederikshavn", "Kontakt", "remarks", "Karen")
    tasks = read_submission(FREDERIKSHAVN, CONFIG).tasks
    assert set(tasks["remarks"].to_list()) == {"Lars Kristensen"}


def test_a_correction_to_an_unknown_column_is_refused(corrections: Path):
    with pytest.raises(UnknownColumn, match="er ikke en af skabelonens kolonner"):
        column_corrections.save("Frederikshavn", "Kontakt", "telefon", "Karen")
    assert not corrections.exists()
