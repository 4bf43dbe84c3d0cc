"""The upload page's logic without Streamlit: check a template, send it to the inbox.

Real workbooks from the template writer: a good one, one with a bad row and one for the wrong
round. A sent file must be byte for byte what was uploaded, and the pipeline must read it the way
the check did.
"""

from __future__ import annotations

import errno
import io
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import openpyxl
import pytest
from dashboard_sample_round import ROUND, TEMPLATES

from dashboard.intake.upload import check_upload
from screening.config import PROJECT_ROOT, load_screening_config
from screening.intake import sandbox
from screening.intake.feedback import FEEDBACK_SHEET
from screening.intake.file_guard import MAX_FILE_BYTES
from screening.intake.inbox import receive_inbox, safe_name, send_to_inbox, waiting_files
from screening.intake.submissions import read_folder
from screening.template.writer import write_template


@pytest.fixture
def good(tmp_path: Path) -> bytes:
    return write_template(tmp_path / "good.xlsx", "Tønder", ROUND, TEMPLATES["Tønder"]).read_bytes()


@pytest.fixture
def bad_row(tmp_path: Path) -> bytes:
    # Haderslev's sample file: row 7 has the complexity «høj», row 6 a potential in per cent.
    tasks = TEMPLATES["Haderslev"]
    return write_template(tmp_path / "bad.xlsx", "Haderslev", ROUND, tasks).read_bytes()


@pytest.fixture
def wrong_round(tmp_path: Path) -> bytes:
    tasks = TEMPLATES["Tønder"]
    return write_template(tmp_path / "old.xlsx", "Tønder", "2014", tasks).read_bytes()


def test_a_good_template_is_accepted_without_findings(good: bytes) -> None:
    check = check_upload("tønder.xlsx", good)
    assert not check.rejected
    assert check.submission.municipality == "Tønder"
    assert check.submission.tasks.height == len(TEMPLATES["Tønder"])
    assert check.submission.findings == []
    assert check.verdict() == (
        "Filen fra Tønder vil blive **modtaget**: 4 opgaver kommer med på bruttolisten."
    )


def test_a_doubtful_row_comes_through_with_a_warning_and_is_annotated(bad_row: bytes) -> None:
    check = check_upload("haderslev.xlsx", bad_row)
    assert not check.rejected
    # «høj» as complexity no longer holds the row back: read as empty, warned.
    assert check.held_back_rows == []
    assert check.submission.tasks.height == len(TEMPLATES["Haderslev"])
    warning = next(f for f in check.submission.findings if f.column == "P")
    assert (warning.severity, warning.sheet, warning.row, warning.value) == (
        "warning",
        "Opgaver",
        7,
        "høj",
    )
    assert "Se de 2 advarsler efter" in check.verdict()

    assert check.feedback_name == "haderslev - rettelser.xlsx"
    annotated = openpyxl.load_workbook(io.BytesIO(check.feedback))
    assert annotated.sheetnames[0] == FEEDBACK_SHEET
    assert warning.message in annotated["Opgaver"]["P7"].comment.text


def test_a_file_for_the_wrong_round_is_rejected(wrong_round: bytes) -> None:
    check = check_upload("tønder.xlsx", wrong_round)
    assert check.rejected
    (finding,) = check.submission.findings
    assert finding.file_level and finding.value == "2014"
    assert "afvist" in check.verdict()
    # The annotated copy is offered for a rejected file too: that is when it helps most.
    assert openpyxl.load_workbook(io.BytesIO(check.feedback)).sheetnames[0] == FEEDBACK_SHEET


def test_a_file_that_is_not_a_workbook_gets_a_verdict_not_an_exception() -> None:
    check = check_upload("tønder.xlsx", b"this is not a spreadsheet")
    assert check.rejected
    assert check.submission.findings[0].file_level


def test_the_file_is_known_by_a_safe_name() -> None:
    check = check_upload("../../Tønder: udkast.csv", b"")
    assert check.name == safe_name("../../Tønder: udkast.csv")
    assert "/" not in check.name and ":" not in check.name
    assert check.feedback_name == f"{Path(check.name).stem} - rettelser.xlsx"


def test_sending_writes_the_file_unchanged_and_never_overwrites(
    good: bytes, bad_row: bytes, tmp_path: Path
) -> None:
    inbox = tmp_path / "inbox"
    first = send_to_inbox("Tønder maj.xlsx", good, inbox)
    second = send_to_inbox("Tønder maj.xlsx", bad_row, inbox)
    third = send_to_inbox("Tønder maj.xlsx", good, inbox)
    assert [first.name, second.name, third.name] == [
        "Tønder maj.xlsx",
        "Tønder maj-2.xlsx",
        "Tønder maj-3.xlsx",
    ]
    assert first.read_bytes() == good and second.read_bytes() == bad_row
    # No half-written staging file is left for the pipeline to find.
    assert not [p.name for p in inbox.iterdir() if p.name.startswith(".upload-")]
    assert waiting_files(inbox) == sorted(p.name for p in (first, second, third))
    # Received, each is known by the name it was sent as, never «-2».
    receipts = receive_inbox(inbox, tmp_path / "archive", settle_seconds=0)
    assert [r.original_name for r in receipts] == ["Tønder maj.xlsx"] * 3
    assert list(inbox.iterdir()) == []  # the notes of the sent names went with the files


def test_a_name_with_a_path_stays_in_the_inbox(good: bytes, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    sent = send_to_inbox("../../etc/tønder.xlsx", good, inbox)
    assert sent.parent == inbox and sent.name == "tønder.xlsx"


def test_the_pipeline_reads_a_sent_file_as_the_check_did(bad_row: bytes, tmp_path: Path) -> None:
    check = check_upload("Haderslev maj.xlsx", bad_row)
    inbox, archive = tmp_path / "inbox", tmp_path / "archive"
    send_to_inbox("Haderslev maj.xlsx", bad_row, inbox)
    receive_inbox(inbox, archive)
    (received,) = read_folder(archive, load_screening_config())
    assert received.submission.file == check.name
    assert received.submission.sha256 == check.submission.sha256
    assert received.submission.findings == check.submission.findings


def test_the_streamlit_upload_limit_is_the_products_own() -> None:
    """The browser refuses what the product would refuse, instead of Streamlit's 200 MB."""
    config = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text("utf-8"))
    assert config["server"]["maxUploadSize"] * 1024 * 1024 == MAX_FILE_BYTES


def test_a_check_that_runs_out_of_time_is_stopped_with_a_danish_message() -> None:
    started = time.monotonic()
    with pytest.raises(sandbox.OverBudget, match="inden for 1 sekunder"):
        sandbox.run_limited("time:sleep", (30,), seconds=1, memory_bytes=sandbox.CHECK_MEMORY_BYTES)
    assert time.monotonic() - started < 10


def test_a_check_that_needs_too_much_memory_is_stopped_with_a_danish_message() -> None:
    with pytest.raises(sandbox.OverBudget, match="mere end 1536 MB hukommelse"):
        sandbox.run_limited("builtins:bytearray", (4 << 30,), seconds=30, memory_bytes=1536 << 20)


def test_a_file_over_the_limit_is_refused_without_being_read() -> None:
    check = check_upload("tønder.xlsx", bytes(MAX_FILE_BYTES + 1))
    assert check.rejected and check.feedback is None
    assert "grænsen er 25 MB" in check.submission.findings[0].message


def test_a_full_disk_while_sending_leaves_no_half_file(good: bytes, tmp_path: Path) -> None:
    """The staging file is written first; when the disk fills up (a file-size limit here), it
    is removed again, so the pipeline never finds half a file and the inbox is as before."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    script = (
        "import resource, sys\n"
        "from pathlib import Path\n"
        "from screening.intake.inbox import send_to_inbox\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (1000, 1000))\n"
        "try:\n"
        "    send_to_inbox('tønder.xlsx', Path(sys.argv[1]).read_bytes(), Path(sys.argv[2]))\n"
        "except OSError as error:\n"
        "    print(error.errno)\n"
    )
    upload = tmp_path / "upload.xlsx"
    upload.write_bytes(good)
    done = subprocess.run(
        [sys.executable, "-c", script, str(upload), str(inbox)], capture_output=True, text=True
    )
    assert done.stdout.strip() == str(errno.EFBIG), done.stderr
    assert list(inbox.iterdir()) == []


def test_a_workbook_with_merged_cells_gets_its_annotated_copy() -> None:
    """The upload page's copy is written by the same code as validate's: a merged header and
    merged section headings once stopped the check («Tjekket af filen stoppede uventet»)."""
    from screening.config import CONFIG_DIR

    folder = PROJECT_ROOT / "tests" / "screening" / "data" / "townhall" / "nordjylland"
    name = "Jammerbugt Kommune opgaveliste.xlsx"
    config = load_screening_config(CONFIG_DIR / "nordjylland.toml")
    check = check_upload(name, (folder / name).read_bytes(), config)
    assert not check.rejected
    assert check.submission.tasks.height == 21
    book = openpyxl.load_workbook(io.BytesIO(check.feedback))
    assert book.sheetnames[0] == FEEDBACK_SHEET
    assert book["Opgaveliste"]["A2"].comment is not None  # a heading merged across the row
