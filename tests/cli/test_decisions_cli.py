"""The decision commands as a committee secretary's script uses them: `screening demo`,
`screening decisions record/list` and `screening snapshot freeze/list`, on a real published
gross list and a real decision store."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import polars as pl
import pytest

from pipelines.cli import main
from pipelines.run import run_screening
from screening.config import DATA_DIR
from screening.decisions import state
from screening.decisions.store import open_store, read_events


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("cli")
    shutil.copytree(DATA_DIR / "templates", root / "templates")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SCREENING_DB", str(root / "warehouse.duckdb"))
        patch.setenv("SCREENING_TEMPLATES", str(root / "templates"))
        patch.setenv("SCREENING_INBOX", str(root / "inbox"))
        patch.delenv("DAGSTER_HOME", raising=False)
        assert run_screening().success
    return root


@pytest.fixture
def cli(published: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys):
    monkeypatch.setenv("SCREENING_DB", str(published / "warehouse.duckdb"))
    url = f"sqlite:///{tmp_path / 'decisions.sqlite'}"
    monkeypatch.setenv("SCREENING_DECISIONS_URL", url)

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    run.url = url
    return run


def rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def gross_list_ids(published: Path) -> list[str]:
    from screening import store

    with store.connect(store.published_path(published / "warehouse.duckdb"), True) as con:
        return store.read_table(con, "gross_list").sort("rank")["candidate_id"].to_list()


def test_the_demo_writes_a_whole_cycle_once(cli, published):
    code, out, _ = cli("demo")
    assert code == 0 and out.startswith("Demo skrevet:")
    from screening import store

    with store.connect(store.published_path(published / "warehouse.duckdb"), True) as con:
        gross_list = store.read_table(con, "gross_list")
    status = state.phase_status(gross_list, read_events(open_store(cli.url)))
    assert status.filter(pl.col("n_willing") >= 2).height >= 2  # some go on to phase 3
    assert status.filter(pl.col("n_willing") == 1).height >= 1  # and some have one taker
    before = read_events(open_store(cli.url)).height
    code, out, _ = cli("demo")
    assert code == 0 and "allerede beslutninger" in out
    assert read_events(open_store(cli.url)).height == before
    code, out, _ = cli("snapshot", "list")
    assert [r["navn"] for r in rows(out)] == ["Bruttoliste forelagt Koordinationsudvalget (demo)"]


def test_the_demo_is_never_written_into_a_real_round(tmp_path, monkeypatch, capsys):
    from screening.config import load_screening_config
    from screening.template.writer import write_template

    templates = tmp_path / "templates"
    templates.mkdir()
    config = load_screening_config()
    task = {
        "title": "Lønadministration",
        "description": "Løn til 3.000 ansatte.",
        "service_area": "Løn og personale",
        "task_type": "Processer",
        "cooperation_form": "Shared service",
        "goal_economic_efficiency": "Ja",
    }
    write_template(templates / "tønder.xlsx", "Tønder", config.round.id, [task])
    monkeypatch.setenv("SCREENING_TEMPLATES", str(templates))
    monkeypatch.setenv("SCREENING_INBOX", str(tmp_path / "inbox"))
    monkeypatch.setenv("SCREENING_DB", str(tmp_path / "warehouse.duckdb"))
    monkeypatch.setenv("SCREENING_DECISIONS_URL", f"sqlite:///{tmp_path / 'd.sqlite'}")
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    assert run_screening().success
    capsys.readouterr()
    assert main(["demo"]) == 0
    assert "kun for prøverunden" in capsys.readouterr().out
    assert read_events(open_store(f"sqlite:///{tmp_path / 'd.sqlite'}")).is_empty()


def test_a_secretary_records_priorities_and_decisions_from_a_script(cli, published):
    top = gross_list_ids(published)[0]
    assert (
        cli(
            "decisions",
            "record",
            "--as",
            "toender.direktion",
            "--phase",
            "1",
            "--candidate",
            top,
            "--value",
            "høj",
            "--comment",
            "Vigtig",
        )[0]
        == 0
    )
    code, _, err = cli(
        "decisions",
        "record",
        "--as",
        "toender.sekretariat",
        "--phase",
        "2",
        "--candidate",
        top,
        "--value",
        "ønsker at gå videre",
        "--committee",
        "Økonomiudvalget",
        "--meeting-date",
        "2027-01-21",
    )
    assert code == 2 and "ingen fastfrosset bruttoliste" in err
    assert cli("snapshot", "freeze", "--as", "toender.projektgruppe", "--label", "KU marts")[0] == 0
    code, out, _ = cli(
        "decisions",
        "record",
        "--as",
        "toender.sekretariat",
        "--phase",
        "2",
        "--candidate",
        top,
        "--value",
        "ønsker at gå videre",
        "--committee",
        "Økonomiudvalget",
        "--meeting-date",
        "2027-01-21",
        "--agenda-item",
        "Punkt 4",
    )
    assert code == 0 and out.startswith("Gemt: Tønder, fase 2")
    code, out, _ = cli("decisions", "list", "--municipality", "Tønder")
    listed = rows(out)
    assert [(r["fase"], r["beslutning"]) for r in listed] == [
        ("1", "Høj"),
        ("2", "Ønsker at gå videre"),
    ]
    assert listed[1]["udvalg"] == "Økonomiudvalget" and listed[1]["dagsordenspunkt"] == "4"
    assert [r["registreret_af"] for r in listed] == ["Ole Brandt", "Marianne Friis"]
    code, out, _ = cli("decisions", "list", "--phase", "1")
    assert len(rows(out)) == 1


def test_the_candidates_are_listed_with_their_ids_and_phases(cli, published):
    code, out, _ = cli("decisions", "candidates")
    listed = rows(out)
    assert code == 0
    assert [r["kandidat_id"] for r in listed] == gross_list_ids(published)
    assert {r["fase"] for r in listed} == {"Fase 1"}
    code, out, _ = cli("decisions", "candidates", "--frozen")
    assert code == 0 and rows(out) == []  # nothing frozen yet


def test_a_write_the_user_may_not_make_exits_2_with_the_reason(cli, published):
    top = gross_list_ids(published)[0]
    code, _, err = cli(
        "decisions",
        "record",
        "--as",
        "haderslev.koordinationsudvalg",
        "--phase",
        "1",
        "--candidate",
        top,
        "--value",
        "høj",
    )
    assert code == 2 and "kræver rollen «direktion»" in err
    code, _, err = cli(
        "decisions", "record", "--as", "nogen", "--phase", "1", "--candidate", top, "--value", "høj"
    )
    assert code == 2 and "Ukendt bruger" in err
    code, _, err = cli(
        "decisions",
        "record",
        "--as",
        "haderslev.direktion",
        "--phase",
        "1",
        "--candidate",
        "K-findes-ikke",
        "--value",
        "høj",
    )
    assert code == 2 and "findes ikke på bruttolisten" in err
    assert read_events(open_store(cli.url)).is_empty()
