"""A template filled in by hand, dropped in the inbox, ends up in screening_tasks with exactly the
values the person meant; the file is archived unchanged, and the inbox sensor starts that run."""

import hashlib
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines.definitions import build_definitions
from pipelines.run import run_screening
from screening.config import DATA_DIR, load_screening_config
from screening.intake.reader import read_submission
from screening.template.writer import write_template

CONFIG = load_screening_config()

# What a person types, and what the gross list must hold afterwards.
TYPED = [
    {
        "title": "Fælles vagtcentral",
        "description": "Alarmer og udkald døgnet rundt for brand og redning.",
        "service_area": "Beredskab",
        "goal_reduced_vulnerability": "Ja",
        "goal_higher_quality": "x",
        "task_type": "Organisering",
        "cooperation_form": "shared-service",
        "authority_exercise": "Nej",
        "cost_base_dkk": "1,5 mio. kr.",
        "fte": "3,5",
        "potential_dkk": "10 %",
        "complexity": 2,
        "time_horizon_years": 1,
        "contact": "Mette Hansen, meha@toender.dk",
    },
    {
        "title": "Skadedyrsbekæmpelse",
        "description": "Rottebekæmpelse på kommunens arealer og hos borgere.",
        "service_area": "Teknik og miljø",
        "goal_rational_operation": "Ja",
        "task_type": "Processer",
        "cooperation_form": "Fællesudbud",
        "authority_exercise": "ja",
        "cost_base_dkk": 820000,
        "potential_dkk": "80.000",
    },
]
MEANT = {
    "Fælles vagtcentral": {
        "service_area": "emergency",
        "goals": ["reduced_vulnerability", "higher_quality"],
        "task_type": "organisation",
        "cooperation_form": "shared_service",
        "authority_exercise": False,
        "cost_base_dkk": 1_500_000.0,
        "fte": 3.5,
        "potential_dkk": 150_000.0,
        "complexity": 2,
        "time_horizon_years": 1.0,
        "contact": "Mette Hansen, meha@toender.dk",
    },
    "Skadedyrsbekæmpelse": {
        "service_area": "technical_environment",
        "goals": ["rational_operation"],
        "task_type": "processes",
        "cooperation_form": "joint_procurement",
        "authority_exercise": True,
        "cost_base_dkk": 820_000.0,
        "fte": None,
        "potential_dkk": 80_000.0,
    },
}


@pytest.fixture
def environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    paths = {
        "templates": tmp_path / "templates",
        "inbox": tmp_path / "inbox",
        "db": tmp_path / "warehouse.duckdb",
    }
    paths["inbox"].mkdir()
    paths["templates"].mkdir()
    for name in ("aabenraa", "haderslev", "soenderborg"):
        (paths["templates"] / f"{name}.xlsx").write_bytes(
            (DATA_DIR / "templates" / f"{name}.xlsx").read_bytes()
        )
    monkeypatch.setenv("SCREENING_TEMPLATES", str(paths["templates"]))
    monkeypatch.setenv("SCREENING_INBOX", str(paths["inbox"]))
    monkeypatch.setenv("SCREENING_DB", str(paths["db"]))
    monkeypatch.setenv("SCREENING_OVERRIDES", str(tmp_path / "matches.csv"))
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    return paths


def sensor_says(defs: dg.Definitions):
    sensor = defs.resolve_sensor_def("inbox_sensor")
    with dg.build_sensor_context(resources=defs.resources) as context:
        return sensor(context)


def test_filled_template_round_trip_through_the_inbox(environment, tmp_path: Path):
    filled = write_template(tmp_path / "tønder.xlsx", "Tønder", CONFIG.round.id, TYPED)
    checked = read_submission(filled, CONFIG)
    assert not [f for f in checked.findings if f.severity == "error"]
    sent = environment["inbox"] / "Tønder screening.xlsx"
    sent.write_bytes(filled.read_bytes())
    sha = hashlib.sha256(sent.read_bytes()).hexdigest()

    defs = build_definitions()
    assert isinstance(sensor_says(defs), dg.RunRequest)  # a file waits: the sensor asks for a run
    assert run_screening().success
    assert list(environment["inbox"].iterdir()) == []
    assert isinstance(sensor_says(defs), dg.SkipReason)  # nothing left to do

    with duckdb.connect(str(environment["db"]), read_only=True) as con:
        archived, status = con.execute(
            "SELECT archived_as, status FROM submissions WHERE sha256 = ?", [sha]
        ).fetchone()
        rows = con.execute(
            "SELECT * FROM screening_tasks WHERE municipality = 'Tønder' ORDER BY source_row"
        ).pl()
    assert status == "modtaget"
    archived_file = environment["templates"] / archived
    assert hashlib.sha256(archived_file.read_bytes()).hexdigest() == sha  # archived unchanged
    assert rows["title"].to_list() == list(MEANT)
    for task in rows.iter_rows(named=True):
        for column, value in MEANT[task["title"]].items():
            assert task[column] == (pytest.approx(value) if isinstance(value, float) else value), (
                task["title"],
                column,
            )
        assert task["candidate_id"] is not None


def test_sensor_run_key_is_the_same_for_the_same_waiting_files(environment):
    (environment["inbox"] / "a.xlsx").write_bytes(b"x")
    (environment["inbox"] / "~$a.xlsx").write_bytes(b"lock")  # Excel's lock file is no file
    defs = build_definitions()
    first, second = sensor_says(defs), sensor_says(defs)
    assert isinstance(first, dg.RunRequest) and first.run_key == second.run_key
    (environment["inbox"] / "a.xlsx").unlink()
    assert isinstance(sensor_says(defs), dg.SkipReason)


@pytest.mark.slow  # whole runs of the job
def test_resubmission_that_only_corrects_a_figure_reuses_the_matching(environment, tmp_path):
    import tomllib

    toender = tomllib.loads((DATA_DIR / "sample" / "toender.toml").read_text(encoding="utf-8"))
    tasks = toender["tasks"]
    write_template(environment["templates"] / "toender.xlsx", "Tønder", CONFIG.round.id, tasks)
    assert run_screening().success
    with duckdb.connect(str(environment["db"]), read_only=True) as con:
        before = dict(con.execute("SELECT task_id, candidate_id FROM screening_tasks").fetchall())

    corrected = [dict(tasks[0], cost_base_dkk=9_999_000), *tasks[1:]]
    sent = tmp_path / "tønder rettet.xlsx"
    write_template(sent, "Tønder", CONFIG.round.id, corrected)
    (environment["inbox"] / sent.name).write_bytes(sent.read_bytes())
    result = run_screening()
    assert result.success
    [inputs] = [
        m
        for m in result.asset_materializations_for_node("match_candidates")
        if m.asset_key.path[-1] == "match_inputs"
    ]
    assert inputs.metadata["genbrugt"].value is True  # the matching was not redone

    with duckdb.connect(str(environment["db"]), read_only=True) as con:
        after = dict(con.execute("SELECT task_id, candidate_id FROM screening_tasks").fetchall())
        [(cost,)] = con.execute(
            "SELECT cost_base_dkk FROM screening_tasks WHERE municipality = 'Tønder' AND title = ?",
            [tasks[0]["title"]],
        ).fetchall()
    assert after == before
    assert cost == pytest.approx(9_999_000)  # the corrected figure reached the gross list's input


@pytest.mark.slow
def test_rollback_through_the_inbox_and_the_prediction_is_what_the_run_does(environment, tmp_path):
    """Tønder sends a short file (it counts, and says what it removed), then its full file
    again (current again: «genindsendt»), then that file once more («dublet»). Before each, the
    upload page's prediction is made from the published copy; the run then does exactly that."""
    import tomllib

    from dashboard.intake.resubmission import prediction
    from screening import store

    tasks = tomllib.loads((DATA_DIR / "sample" / "toender.toml").read_text(encoding="utf-8"))
    full = write_template(tmp_path / "tønder.xlsx", "Tønder", CONFIG.round.id, tasks["tasks"])
    short = write_template(
        tmp_path / "tønder kort.xlsx", "Tønder", CONFIG.round.id, tasks["tasks"][:5]
    )
    (environment["inbox"] / "tønder.xlsx").write_bytes(full.read_bytes())
    assert run_screening().success
    published = store.published_path(environment["db"])

    def send(path: Path, name: str) -> str:
        predicted = prediction(
            read_submission(path, CONFIG, display_name=name),
            published,
            environment["inbox"],
            CONFIG,
        )
        (environment["inbox"] / name).write_bytes(path.read_bytes())
        assert run_screening().success
        with duckdb.connect(str(environment["db"]), read_only=True) as con:
            status, removed = con.execute(
                "SELECT status, tasks_removed FROM submissions ORDER BY received_at DESC LIMIT 1"
            ).fetchone()
        assert predicted.status == status
        assert (len(predicted.change.removed) if predicted.change else None) == removed
        return status

    def toender_tasks() -> int:
        with duckdb.connect(str(environment["db"]), read_only=True) as con:
            return con.execute(
                "SELECT count(*) FROM screening_tasks WHERE municipality = 'Tønder'"
            ).fetchone()[0]

    assert send(short, "tønder kort.xlsx") == "modtaget"
    assert toender_tasks() == 5
    with duckdb.connect(str(environment["db"]), read_only=True) as con:
        [(changes,)] = con.execute(
            "SELECT changes FROM submissions WHERE file = 'tønder kort.xlsx'"
        ).fetchall()
    assert "11 fjernet" in changes
    assert send(full, "tønder igen.xlsx") == "genindsendt"
    assert toender_tasks() == 16
    assert send(full, "tønder en gang til.xlsx") == "dublet"
    assert toender_tasks() == 16


def test_a_long_name_and_a_symlink_are_one_finding_each_and_the_run_succeeds(
    environment, tmp_path: Path
):
    """A 235-byte name once made every run fail with «File name too long»; a symlink in the
    inbox was archived and its target (/etc/passwd) read."""
    long_name = "Tønder økonomi" + "ø" * 107 + ".xlsx"
    filled = write_template(tmp_path / "tønder.xlsx", "Tønder", CONFIG.round.id, TYPED)
    (environment["inbox"] / long_name).write_bytes(filled.read_bytes())
    (environment["inbox"] / "passwd.xlsx").symlink_to("/etc/passwd")
    (environment["templates"] / "shadow.xlsx").symlink_to("/etc/shadow")
    assert isinstance(sensor_says(build_definitions()), dg.RunRequest)

    assert run_screening().success
    assert list(environment["inbox"].iterdir()) == []
    with duckdb.connect(str(environment["db"]), read_only=True) as con:
        submissions = con.execute("SELECT file, status, n_errors FROM submissions").fetchall()
        findings = con.execute("SELECT file, message FROM findings WHERE file_level").fetchall()
        tønder = con.execute("SELECT count(*) FROM screening_tasks WHERE municipality = 'Tønder'")
        n_tønder = tønder.fetchone()[0]
    by_file = {file: (status, errors) for file, status, errors in submissions}
    assert by_file["passwd.xlsx"] == ("afvist", 1) and by_file["shadow.xlsx"] == ("afvist", 1)
    [kept_as] = [f for f in by_file if f.startswith("Tønder økonomi")]
    assert by_file[kept_as] == ("modtaget", 0) and len(kept_as.encode()) <= 120
    assert n_tønder == len(TYPED)
    assert sorted(file for file, _ in findings) == ["passwd.xlsx", "shadow.xlsx"]
    assert all("genvej (symbolsk link)" in message for _, message in findings)
    root_hash = hashlib.sha256(Path("/etc/passwd").read_bytes()).hexdigest()
    with duckdb.connect(str(environment["db"]), read_only=True) as con:
        assert not con.execute("SELECT 1 FROM submissions WHERE sha256 = ?", [root_hash]).fetchall()
