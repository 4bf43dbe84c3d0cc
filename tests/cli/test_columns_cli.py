"""`screening columns correct` as a project group's script uses it: the correction is saved and
logged for the municipality's later files, and only its own project group (or an administrator)
may make it."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.cli import main
from screening.intake import column_corrections


@pytest.fixture
def corrections(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "kolonner" / "rettelser.json"
    monkeypatch.setenv("SCREENING_COLUMN_CORRECTIONS", str(path))
    return path


def correct(user: str, municipality: str = "Tønder") -> int:
    return main(
        [
            "columns",
            "correct",
            "--municipality",
            municipality,
            "--header",
            "Kontakt",
            "--read-as",
            column_corrections.NOT_USED,
            "--as",
            user,
        ]
    )


def test_the_municipalitys_own_project_group_corrects_a_column(corrections: Path, capsys) -> None:
    assert correct("toender.projektgruppe") == 0
    assert "«Kontakt»" in capsys.readouterr().out
    saved = column_corrections.load(corrections)["Tønder"]
    assert [(c.header, c.code, c.by) for c in saved.values()] == [
        ("Kontakt", column_corrections.NOT_USED, "toender.projektgruppe")
    ]
    assert "toender.projektgruppe" in corrections.with_suffix(".log.csv").read_text("utf-8")


def test_another_municipalitys_project_group_is_refused(corrections: Path, capsys) -> None:
    assert correct("haderslev.projektgruppe") == 2
    assert "kun for Haderslev" in capsys.readouterr().out
    assert not corrections.exists()


def test_an_unknown_user_is_refused(corrections: Path, capsys) -> None:
    assert correct("nobody") == 2
    assert "Ukendt bruger «nobody»" in capsys.readouterr().out
    assert not corrections.exists()
