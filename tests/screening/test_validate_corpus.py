"""`screening validate` on every corpus file and every town-hall file: a verdict and, where the
file has findings, the annotated copy; never a traceback."""

from __future__ import annotations

from pathlib import Path

import corpus_layouts  # noqa: F401  (registers its cases into CASES)
import pytest
from corpus import CASES, Case

from benchmarks.intake_townhall import SETS, load_set
from pipelines.cli import main
from screening.config import CONFIG_DIR


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_validate_gives_a_verdict_on_every_corpus_file(case: Case, tmp_path: Path, capsys):
    path = case.write(tmp_path)
    code = main(["validate", "--out-dir", str(tmp_path / "ud"), str(path)])
    out = capsys.readouterr()
    assert code in (0, 1)
    assert "Traceback" not in out.out + out.err
    assert f"{path.name}: " in out.out


@pytest.mark.parametrize("set_name", SETS)
def test_validate_reads_every_town_hall_file(set_name, tmp_path: Path, capsys, monkeypatch):
    townhall = load_set(set_name)
    monkeypatch.setenv("SCREENING_CONFIG", str(CONFIG_DIR / f"{set_name}.toml"))
    paths = [str(townhall.folder / name) for name in townhall.files]
    assert main(["validate", "--out-dir", str(tmp_path), *paths]) == 0
    out = capsys.readouterr().out
    assert out.count("Sådan er filen læst") == len(paths)
    assert len(list(tmp_path.glob("* - rettelser.xlsx"))) == len(paths)
