"""``screening validate``: its findings, and where it puts the annotated copy."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.cli import main
from screening.config import load_screening_config
from screening.intake.submissions import read_folder
from screening.template.writer import write_template

PAYROLL = {
    "title": "Lønadministration",
    "description": "Lønudbetaling for alle ansatte.",
    "service_area": "Løn og personale",
    "goal_economic_efficiency": "Ja",
    "task_type": "Organisation",  # read as «Organisering», with a warning: a copy is made
    "cooperation_form": "Shared service",
    "authority_exercise": "Nej",
}


@pytest.fixture
def folders(tmp_path: Path, monkeypatch) -> tuple[Path, Path]:
    templates, feedback = tmp_path / "templates", tmp_path / "rettelser"
    templates.mkdir()
    monkeypatch.setenv("SCREENING_TEMPLATES", str(templates))
    monkeypatch.setenv("SCREENING_INBOX", str(tmp_path / "inbox"))
    monkeypatch.setenv("SCREENING_FEEDBACK", str(feedback))
    monkeypatch.setenv("SCREENING_DB", str(tmp_path / "warehouse.duckdb"))
    return templates, feedback


def test_the_copy_of_a_file_in_the_templates_folder_is_written_outside_it(folders, capsys):
    templates, feedback = folders
    path = write_template(templates / "tønder.xlsx", "Tønder", "2026", [PAYROLL])
    assert main(["validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert "tolket som «Organisering»" in out
    assert (feedback / "tønder - rettelser.xlsx").is_file()
    assert sorted(p.name for p in templates.iterdir()) == ["tønder.xlsx"]
    # And the next run reads one submission, not two.
    [received] = read_folder(templates, load_screening_config())
    assert received.submission.tasks.height == 1


def test_the_copy_of_a_file_elsewhere_is_written_beside_it(folders, tmp_path: Path):
    path = write_template(tmp_path / "tønder.xlsx", "Tønder", "2026", [PAYROLL])
    assert main(["validate", str(path)]) == 0
    assert (tmp_path / "tønder - rettelser.xlsx").is_file()


def test_a_copy_left_in_the_templates_folder_is_not_a_submission(folders, tmp_path: Path):
    templates, _ = folders
    path = write_template(templates / "tønder.xlsx", "Tønder", "2026", [PAYROLL])
    main(["validate", str(path), "--out-dir", str(templates)])  # asked for, explicitly
    received = read_folder(templates, load_screening_config())
    copy = next(r for r in received if r.archived_as == "tønder - rettelser.xlsx")
    assert copy.submission.rejected and copy.submission.tasks.is_empty()
    assert "kommenteret kopi med rettelser" in copy.submission.findings[0].message


def test_validate_says_what_a_file_changes_against_the_current_one(folders, tmp_path, capsys):
    templates, _ = folders
    lon = dict(PAYROLL, task_type="Organisering")
    depot = dict(lon, title="Hjælpemiddeldepot")
    kontor = dict(lon, title="Kørselskontor")
    write_template(templates / "tønder.xlsx", "Tønder", "2026", [lon, depot, kontor])
    short = write_template(tmp_path / "tønder ny.xlsx", "Tønder", "2026", [lon])
    assert main(["validate", str(short), "--no-feedback"]) == 0
    out = capsys.readouterr().out
    assert "I forhold til den gældende fil (3 opgaver): 0 tilføjet, 2 fjernet, 0 ændret." in out
    assert "Fjernet: «Hjælpemiddeldepot», «Kørselskontor»." in out
    assert "fjerner mere end halvdelen" in out
    again = templates / "tønder.xlsx"
    assert main(["validate", str(again), "--no-feedback"]) == 0  # itself is not compared
    assert "Kommunens første fil" in capsys.readouterr().out


def test_a_template_is_made_for_tonder_kommune_written_any_way(tmp_path: Path, capsys):
    out = tmp_path / "t.xlsx"
    assert main(["template", "--municipality", "Tønder Kommune", "--out", str(out)]) == 0
    assert "Skabelon til Tønder Kommune" in capsys.readouterr().out
    assert main(["template", "--municipality", "Vejle", "--out", str(out)]) == 2
