"""The operator's commands as IT runs them: `screening doctor` passes on the embedded default
and fails with the right message on each broken setup; `screening backup` → more decisions →
`screening restore` on SQLite and PostgreSQL; a store that went backwards is noticed."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
import sqlalchemy as sa

from pipelines.cli import main
from screening import store as warehouse
from screening.config import load_screening_config
from screening.decisions import record
from screening.decisions.record import find_candidate
from screening.decisions.store import dispose_all, open_store, read_events
from screening.decisions.users import load_users
from screening.operations.startup import EXAMPLE_SECRET

USERS = load_users(load_screening_config())
GROSS_LIST = pl.DataFrame(
    {
        "candidate_id": ["K-aabenraa:loen", "K-haderslev:vej"],
        "rank": [1, 2],
        "score": [71.5, 40.0],
        "title": ["Lønadministration", "Vejvedligehold"],
        "municipalities": [["Aabenraa", "Tønder"], ["Haderslev"]],
        "task_ids": [["aabenraa:loen"], ["haderslev:vej"]],
    }
)


@pytest.fixture
def operator(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys):
    """The embedded default in a folder of the test's own: SQLite store, no warehouse yet, the
    repository's .streamlit settings (demo mode on 127.0.0.1)."""
    streamlit = tmp_path / ".streamlit"
    streamlit.mkdir()
    root = Path(__file__).resolve().parents[2]
    (streamlit / "config.toml").write_text((root / ".streamlit/config.toml").read_text("utf-8"))
    monkeypatch.setenv("SCREENING_STREAMLIT_DIR", str(streamlit))
    monkeypatch.setenv("SCREENING_DB", str(tmp_path / "db" / "warehouse.duckdb"))
    monkeypatch.setenv("SCREENING_ROUNDS", str(tmp_path / "rounds"))
    monkeypatch.setenv("SCREENING_DECISIONS_URL", f"sqlite:///{tmp_path / 'decisions.sqlite'}")
    monkeypatch.delenv("SCREENING_DEMO", raising=False)

    def run(*argv: str) -> tuple[int, str]:
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out + err

    run.folder = tmp_path
    yield run
    dispose_all()


def decide(url: str, candidate: str, value: str, who: str = "aabenraa.direktion") -> None:
    record.record_priority(
        open_store(url), USERS[who], find_candidate(GROSS_LIST, candidate), value
    )


def test_doctor_passes_on_the_embedded_default(operator) -> None:
    code, out = operator("doctor")
    assert code == 0, out
    assert "Alt er i orden." in out
    assert "! Projektmappernes nøgle" in out  # the demo's public key: a warning, not a failure


def test_doctor_fails_on_the_example_secret(operator) -> None:
    (operator.folder / ".streamlit/secrets.toml").write_text(
        f'[auth]\ncookie_secret = "{EXAMPLE_SECRET}"\n', encoding="utf-8"
    )
    code, out = operator("doctor")
    assert code == 1
    assert "✗ Login-hemmelighed: «cookie_secret» er stadig eksempelfilens pladsholder" in out
    assert "secrets.token_hex(32)" in out
    # With login, the demo's workbook key is no longer good enough either.
    assert "✗ Projektmappernes nøgle" in out


def test_doctor_fails_on_a_demo_open_to_the_network(operator) -> None:
    config = operator.folder / ".streamlit/config.toml"
    config.write_text(config.read_text().replace('"127.0.0.1"', '"0.0.0.0"'), encoding="utf-8")
    code, out = operator("doctor")
    assert code == 1 and "✗ Adresse: Dashboardet kører i demo-tilstand" in out


def test_doctor_sees_the_address_streamlit_takes_from_the_environment(operator, monkeypatch):
    monkeypatch.setenv("STREAMLIT_SERVER_ADDRESS", "0.0.0.0")
    code, out = operator("doctor")
    assert code == 1 and "✗ Adresse: Dashboardet kører i demo-tilstand" in out


def test_doctor_fails_on_a_users_file_naming_an_unknown_municipality(operator, monkeypatch):
    users = operator.folder / "users.toml"
    users.write_text(
        '[[users]]\nid = "x"\nmunicipality = "Odense"\nroles = ["direktion"]\n', encoding="utf-8"
    )
    monkeypatch.setenv("SCREENING_USERS", str(users))
    code, out = operator("doctor")
    assert code == 1 and "✗ Brugerfilen" in out and "«Odense» deltager ikke i runden" in out


def test_doctor_fails_when_the_logs_triggers_are_gone(operator) -> None:
    url = f"sqlite:///{operator.folder / 'decisions.sqlite'}"
    decide(url, "K-aabenraa:loen", "høj")
    dispose_all()
    with sqlite3.connect(operator.folder / "decisions.sqlite") as raw:
        raw.execute("DROP TRIGGER decision_events_no_update")
    code, out = operator("doctor")
    assert code == 1
    assert (
        "✗ Beslutningsdatabasen: Triggerne, der holder beslutningsloggen uændret, mangler: " in out
    )
    assert "decision_events_no_update" in out


def publish_log(operator, events: pl.DataFrame) -> None:
    """The warehouse's published copy as a run leaves it, with the log it read."""
    path = warehouse.published_path(operator.folder / "db" / "warehouse.duckdb")
    path.parent.mkdir(parents=True, exist_ok=True)
    with warehouse.connect(path) as con:
        warehouse.write_table(con, "decision_log", events)


def test_doctor_fails_when_the_store_has_fewer_events_than_the_warehouse_read(operator):
    url = f"sqlite:///{operator.folder / 'decisions.sqlite'}"
    decide(url, "K-aabenraa:loen", "høj")
    decide(url, "K-haderslev:vej", "lav")
    publish_log(operator, read_events(open_store(url)))
    assert operator("doctor")[0] == 0
    # The store replaced by an older copy: one decision fewer.
    dispose_all()
    (operator.folder / "decisions.sqlite").unlink()
    decide(url, "K-aabenraa:loen", "høj")
    code, out = operator("doctor")
    assert code == 1
    assert "✗ Lager og beslutninger: Beslutningsdatabasen har færre beslutninger (1" in out


def test_backup_more_decisions_restore_on_sqlite(operator) -> None:
    drill(operator, f"sqlite:///{operator.folder / 'decisions.sqlite'}")


def test_backup_more_decisions_restore_on_postgresql(operator, store_url, monkeypatch) -> None:
    if not store_url.startswith("postgresql"):
        pytest.skip("the SQLite drill is its own test")
    monkeypatch.setenv("SCREENING_DECISIONS_URL", store_url)
    drill(operator, store_url)


def drill(operator, url: str) -> None:
    decide(url, "K-aabenraa:loen", "høj")
    decide(url, "K-haderslev:vej", "lav")
    backup = operator.folder / "backup-1"
    code, out = operator("backup", "--out", str(backup))
    assert code == 0, out
    manifest = json.loads((backup / "manifest.json").read_text("utf-8"))
    assert (manifest["events"], manifest["last_event_id"]) == (2, 2)
    assert manifest["store_file"] in manifest["files"] and "users.toml" in manifest["files"]
    decide(url, "K-aabenraa:loen", "lav")  # made after the backup, lost by the restore
    dispose_all()
    code, out = operator("restore", str(backup), "--as", "it-drift")
    assert code == 0, out
    assert "gendannet fra backup backup-1" in out
    events = read_events(open_store(url))
    assert events["kind"].to_list() == ["priority", "priority", "restore"]
    restored = events.row(-1, named=True)
    assert restored["user_id"] == "it-drift" and "backup-1" in restored["new_value"]
    # The restored store is whole (on PostgreSQL the tests connect as the superuser, which the
    # doctor rightly refuses as the application's role: its own test below).
    assert "✓ Beslutningsdatabasen: integritetstjekket er i orden" in operator("doctor")[1]


def test_a_changed_backup_is_refused(operator) -> None:
    url = f"sqlite:///{operator.folder / 'decisions.sqlite'}"
    decide(url, "K-aabenraa:loen", "høj")
    backup = operator.folder / "backup"
    operator("backup", "--out", str(backup))
    with open(backup / "decisions.sqlite", "ab") as copy:
        copy.write(b"\0")
    dispose_all()
    code, out = operator("restore", str(backup))
    assert code == 1 and "ikke den SHA-256, manifestet angiver" in out
    assert read_events(open_store(url)).height == 1


def test_restore_is_refused_while_another_process_holds_the_store(operator) -> None:
    database = operator.folder / "decisions.sqlite"
    decide(f"sqlite:///{database}", "K-aabenraa:loen", "høj")
    backup = operator.folder / "backup"
    operator("backup", "--out", str(backup))
    dispose_all()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import sqlite3,time; c=sqlite3.connect({str(database)!r}); "
            "c.execute('select 1'); print('held', flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        code, out = operator("restore", str(backup))
        assert code == 1 and "er åben i andre programmer" in out and str(holder.pid) in out
    finally:
        holder.kill()
        holder.wait()


def test_doctor_fails_when_the_application_connects_as_the_owner(operator, store_url, monkeypatch):
    if not store_url.startswith("postgresql"):
        pytest.skip("SQLite has no roles")
    monkeypatch.setenv("SCREENING_DECISIONS_URL", store_url)  # the tests' superuser
    code, out = operator("doctor")
    assert (
        code == 1 and "✗ Programmets databasebruger: Programmet forbinder som superbrugeren" in out
    )
    owner = sa.create_engine(store_url)
    with owner.begin() as connection:
        connection.execute(
            sa.text("ALTER TABLE decision_events DISABLE TRIGGER decision_events_append_only")
        )
    owner.dispose()
    code, out = operator("doctor")
    assert "er slået fra: decision_events_append_only" in out
