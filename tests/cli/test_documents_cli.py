"""Documents for meetings from the command line, on a real round whose templates carry text
that looks like spreadsheet formulas (OWASP's CSV-injection payloads, in the task titles a
municipality writes): the workbook goes out, is filled with openpyxl and comes back; the
annexes are written; and no csv or xlsx we write lets the payloads run as formulas."""

from __future__ import annotations

import csv
import io
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

from pipelines.cli import main
from pipelines.run import run_screening
from screening.config import DATA_DIR, load_screening_config
from screening.documents import workbook as wb
from screening.template.writer import write_template

PAYLOADS = (
    '=HYPERLINK("http://evil.invalid/x";"Se opgaven")',
    "+45 kørsel til specialskoler",
    "-Fælles vagtcentral",
    "@SUM(A1) borgerservice",
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def payload_task(title: str, **extra) -> dict:
    return {
        "title": title,
        "description": "=1+1 " + title,
        "service_area": "IT og digitalisering",
        "task_type": "Systemer (IT)",
        "cooperation_form": "Shared service",
        "goal_economic_efficiency": "Ja",
        "authority_exercise": "Nej",
        "cost_base_dkk": 1_000_000,
        "potential_dkk": 100_000,
        **extra,
    }


@pytest.fixture(scope="module")
def hostile_round(tmp_path_factory) -> Path:
    """The sample round, with the payload tasks added to Aabenraa's and Tønder's files."""
    import tomllib

    root = tmp_path_factory.mktemp("documents")
    templates = root / "templates"
    shutil.copytree(DATA_DIR / "templates", templates)
    config = load_screening_config()
    for code, name in (("aabenraa", "Aabenraa"), ("toender", "Tønder")):
        sample = tomllib.loads((DATA_DIR / "sample" / f"{code}.toml").read_text("utf-8"))
        tasks = [*sample["tasks"], *(payload_task(p) for p in PAYLOADS)]
        if code == "aabenraa":
            # A finding on a payload row: the annotated copy must keep the row as text too.
            tasks.append(payload_task('=WEBSERVICE("http://evil.invalid")', service_area="=A1"))
        write_template(templates / f"{code}.xlsx", name, config.round.id, tasks)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SCREENING_DB", str(root / "warehouse.duckdb"))
        patch.setenv("SCREENING_TEMPLATES", str(templates))
        patch.setenv("SCREENING_INBOX", str(root / "inbox"))
        patch.setenv("SCREENING_DECISIONS_URL", f"sqlite:///{root / 'decisions.sqlite'}")
        patch.delenv("DAGSTER_HOME", raising=False)
        assert run_screening().success
    return root


@pytest.fixture
def cli(hostile_round: Path, monkeypatch: pytest.MonkeyPatch, capsys):
    monkeypatch.setenv("SCREENING_DB", str(hostile_round / "warehouse.duckdb"))
    monkeypatch.setenv("SCREENING_TEMPLATES", str(hostile_round / "templates"))
    monkeypatch.setenv("SCREENING_INBOX", str(hostile_round / "inbox"))
    monkeypatch.setenv("SCREENING_FEEDBACK", str(hostile_round / "rettelser"))
    monkeypatch.setenv("SCREENING_DECISIONS_URL", f"sqlite:///{hostile_round / 'decisions.sqlite'}")

    def run(*argv: str) -> tuple[int, str, str]:
        code = main([str(a) for a in argv])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def csv_rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def payload_id(cli, payload: str) -> str:
    code, out, _ = cli("decisions", "candidates")
    assert code == 0
    return next(r["kandidat_id"] for r in csv_rows(out) if payload in r["titel"])


def no_formulas(path: Path) -> None:
    with zipfile.ZipFile(path) as archive:
        parts = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert parts
        for part in parts:
            assert b"<f>" not in archive.read(part) and b"<f " not in archive.read(part), part


def test_payloads_from_templates_are_neutralised_in_every_csv(cli):
    code, out, _ = cli("decisions", "candidates")
    titles = [r["titel"] for r in csv_rows(out)]
    for payload in PAYLOADS:
        assert "'" + payload in titles  # quoted, so a spreadsheet shows it as text
    assert not any(t.startswith(FORMULA_STARTS) for t in titles)
    candidate = payload_id(cli, PAYLOADS[0])
    assert (
        cli(
            "decisions",
            "record",
            "--as",
            "aabenraa.direktion",
            "--phase",
            "1",
            "--candidate",
            candidate,
            "--value",
            "høj",
            "--comment",
            "=cmd|' /C calc'!A0",
        )[0]
        == 0
    )
    code, out, _ = cli("decisions", "list", "--phase", "1")
    (row,) = [r for r in csv_rows(out) if r["kandidat_id"] == candidate]
    assert row["titel"] == "'" + PAYLOADS[0]
    assert row["kommentar"] == "'=cmd|' /C calc'!A0"
    freeze = ("snapshot", "freeze", "--as", "aabenraa.projektgruppe", "--label", "@KU marts")
    assert cli(*freeze)[0] == 0
    code, out, _ = cli("snapshot", "list")
    assert [r["navn"] for r in csv_rows(out)][-1] == "'@KU marts"


def test_workbooks_and_annotated_copies_hold_the_payloads_as_text(cli, hostile_round, tmp_path):
    path = tmp_path / "aabenraa.xlsx"
    code, out, err = cli(
        "export", "decisions", "--as", "aabenraa.direktion", "--phase", "1", "--out", path
    )
    assert code == 0, err
    no_formulas(path)
    sheet = openpyxl.load_workbook(path)[wb.DECISION_SHEET]
    cells = {c.value: c.data_type for row in sheet.iter_rows(min_row=2) for c in row}
    for payload in PAYLOADS:
        assert cells[payload] == "s"
    # The annotated copy of the municipality's own file (it has a finding on a payload row).
    code, out, _ = cli("validate", hostile_round / "templates" / "aabenraa.xlsx")
    copy = hostile_round / "rettelser" / "aabenraa - rettelser.xlsx"
    assert copy.is_file(), out
    no_formulas(copy)
    book = openpyxl.load_workbook(copy)
    values = {c.value for s in book.worksheets for row in s.iter_rows() for c in row}
    assert '=WEBSERVICE("http://evil.invalid")' in values and "=A1" in values


def test_a_workbook_goes_out_is_filled_and_comes_back_once(cli, tmp_path):
    out_path = tmp_path / "tønder-fase1.xlsx"
    code, out, err = cli(
        "export", "decisions", "--as", "toender.direktion", "--phase", "1", "--out", out_path
    )
    assert code == 0 and "Projektmappe til Tønder, fase 1" in out, err
    book = openpyxl.load_workbook(out_path)
    sheet = book[wb.DECISION_SHEET]
    headers = {c.value: c.column_letter for c in sheet[1]}
    first = sheet["A2"].value
    sheet[f"{headers['Prioritet']}2"] = "Middel"
    sheet[f"{headers['Kommentar']}2"] = "Drøftet på direktionsmødet"
    sheet[f"{headers['Prioritet']}3"] = "Ukendt"
    filled = tmp_path / "tønder-udfyldt.xlsx"
    book.save(filled)
    code, out, err = cli("import", "decisions", "--as", "toender.direktion", filled)
    assert code == 1  # one row has an error; the good one went in
    assert "Registreret:" in out and "række 3, kolonne" in out and "«Ukendt»" in out
    code, out, _ = cli("decisions", "list", "--phase", "1", "--municipality", "Tønder")
    (row,) = [r for r in csv_rows(out) if r["kandidat_id"] == first]
    assert (row["beslutning"], row["kommentar"]) == ("Middel", "Drøftet på direktionsmødet")
    assert row["registreret_af"] == "Ole Brandt"  # the importing user
    sheet[f"{headers['Prioritet']}3"] = "Lav"
    book.save(filled)
    assert cli("import", "decisions", "--as", "toender.direktion", filled)[0] == 0
    code, out, _ = cli("import", "decisions", "--as", "toender.direktion", filled)
    assert code == 0 and "allerede indlæst" in out
    code, _, err = cli("import", "decisions", "--as", "aabenraa.direktion", filled)
    assert code == 2 and "Projektmappen er til Tønder" in err


def test_annexes_are_written_as_pdf_and_word_and_refusals_exit_2(cli, tmp_path):
    assert cli("snapshot", "freeze", "--as", "aabenraa.projektgruppe", "--label", "KU")[0] == 0
    for name in ("bilag.pdf", "bilag.docx"):
        code, out, err = cli("annex", "--municipality", "Tønder", "--out", tmp_path / name)
        assert code == 0 and (tmp_path / name).stat().st_size > 10_000, err
    code, _, err = cli("annex", "--municipality", "Ribe", "--out", tmp_path / "x.pdf")
    assert code == 2 and "Ukendt kommune «Ribe»" in err
    code, _, err = cli("annex", "--municipality", "Tønder", "--out", tmp_path / "x.odt")
    assert code == 2 and ".pdf eller .docx" in err
