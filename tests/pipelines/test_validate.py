"""``screening validate``: its findings, and where it puts the annotated copy."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.cli import main
from screening import store
from screening.config import load_screening_config
from screening.decisions.record import MATCH_FRESH
from screening.decisions.store import open_store, read_events
from screening.intake.submissions import current_tasks, read_folder
from screening.matching.placement import match_round
from screening.template.writer import write_template
from scripts.make_sample_templates import make_sample_templates
from tests.screening.decisions.sample_round import TOENDER_EXTRA, sample_files

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


def published_sample_round(templates: Path, warehouse: Path) -> None:
    """The sample round sent and matched as a run publishes it (its task table)."""
    make_sample_templates(out_dir=templates)
    tasks = current_tasks(read_folder(templates, load_screening_config()))
    placed = match_round(tasks).placed.select(
        "task_id", "candidate_id", "placement", "beside_task_id"
    )
    with store.connect(warehouse) as con:
        store.write_table(con, "screening_tasks", tasks.join(placed, on="task_id"))
    store.publish(warehouse)


def test_validate_says_what_a_file_does_to_the_list_and_asks_about_a_near_duplicate(
    folders, tmp_path, capsys, monkeypatch
):
    monkeypatch.setenv("SCREENING_DECISIONS_URL", f"sqlite:///{tmp_path / 'decisions.sqlite'}")
    templates, _ = folders
    published_sample_round(templates, tmp_path / "warehouse.duckdb")
    rows = sample_files()["Tønder"] + TOENDER_EXTRA
    path = write_template(tmp_path / "tønder ny.xlsx", "Tønder", "2026", rows)
    assert main(["validate", str(path), "--no-feedback"]) == 0
    out = capsys.readouterr().out
    assert "3 tilføjet, 0 fjernet, 0 ændret" in out
    assert "Bliver nye kandidater: «Kantklipning og græsslåning»." in out
    assert "Andre kommuners kandidater, der ændrer sig: ingen." in out
    assert "Registrerede beslutninger, der vil kræve opmærksomhed: ingen." in out
    assert (
        "«Vintertjeneste og snerydning» ligner jeres egen «Glatførebekæmpelse og snerydning», "
        "som er med i kandidaten «Vintertjeneste på kommunale veje» sammen med Haderslev og "
        "Sønderborg. Er det den samme opgave?"
    ) in out


def test_a_fresh_matching_shows_the_difference_and_is_logged(
    folders, tmp_path, capsys, monkeypatch
):
    monkeypatch.setenv("SCREENING_DECISIONS_URL", f"sqlite:///{tmp_path / 'decisions.sqlite'}")
    templates, _ = folders
    published_sample_round(templates, tmp_path / "warehouse.duckdb")
    assert main(["rematch"]) == 0
    out = capsys.readouterr().out
    assert "En sammenkobling forfra ændrer intet" in out
    assert "Intet er gemt" in out
    assert main(["rematch", "--as", "toender.direktion"]) == 2  # not the project group
    assert "må ikke afgøre sammenkobling" in capsys.readouterr().err
    assert main(["rematch", "--as", "toender.projektgruppe", "--note", "Ny runde"]) == 0
    assert "beregnes forfra ved næste kørsel" in capsys.readouterr().out
    [request] = read_events(open_store(), kinds=(MATCH_FRESH,)).iter_rows(named=True)
    assert (request["user_id"], request["reason"]) == ("toender.projektgruppe", "Ny runde")
    assert "ændrer intet" in request["details"]
