"""A column correction changes how every later file of a municipality is read, so only that
municipality's project group (or an administrator) may make one, and the write itself refuses
anyone else, whichever door they come through."""

from __future__ import annotations

from pathlib import Path

import pytest

from screening.config import load_screening_config
from screening.decisions.columns import correct_column
from screening.decisions.rights import NotAllowed
from screening.decisions.users import load_users
from screening.intake import column_corrections

HEADER = "Kan give økonomisk gevinst"


@pytest.fixture
def corrections(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "kolonner" / "rettelser.json"
    monkeypatch.setenv("SCREENING_COLUMN_CORRECTIONS", str(path))
    return path


@pytest.mark.parametrize(
    "user_id", ["soenderborg.projektgruppe", "toender.direktion", "toender.koordinationsudvalg"]
)
def test_only_the_municipalitys_project_group_corrects_its_columns(
    corrections: Path, user_id: str
) -> None:
    users = load_users(load_screening_config())
    own = correct_column(
        users["toender.projektgruppe"], "Tønder", HEADER, column_corrections.NOT_USED
    )
    assert own.by == "toender.projektgruppe"
    before = corrections.read_bytes()
    with pytest.raises(NotAllowed):
        correct_column(users[user_id], "Tønder", HEADER, "potential_dkk")
    assert corrections.read_bytes() == before
    assert column_corrections.load()["Tønder"][column_corrections.header_key(HEADER)].code == (
        column_corrections.NOT_USED
    )
