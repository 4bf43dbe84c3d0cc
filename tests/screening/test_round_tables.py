"""The round's tables of findings and of every submission's tasks, built once for the round:
each finding and task carries the file it came from, whatever mix of files was received."""

from __future__ import annotations

from corpus import CONFIG, DEPOT, PAYROLL, official

from screening.intake.submissions import (
    FINDINGS_TABLE_SCHEMA,
    SUBMISSION_TASK_SCHEMA,
    findings_table,
    read_folder,
    submission_tasks,
)


def test_each_finding_and_task_names_its_file(tmp_path):
    official(tmp_path / "a_toender.xlsx", PAYROLL, DEPOT)
    official(tmp_path / "b_toender.xlsx", DEPOT, municipality="Tønder")
    (tmp_path / "c_broken.xlsx").write_bytes(b"not a spreadsheet")
    received = read_folder(tmp_path, CONFIG)
    findings, tasks = findings_table(received), submission_tasks(received)
    assert findings.schema == FINDINGS_TABLE_SCHEMA
    assert tasks.schema == SUBMISSION_TASK_SCHEMA
    by_file = {r.archived_as: r.submission for r in received}
    assert sorted(tasks["archived_as"].to_list()) == sorted(
        name for name, s in by_file.items() for _ in range(s.tasks.height)
    )
    assert tasks.filter(archived_as="a_toender.xlsx")["title"].to_list() == [
        PAYROLL["title"],
        DEPOT["title"],
    ]
    for name, submission in by_file.items():
        mine = findings.filter(archived_as=name)
        assert mine["message"].to_list() == [f.message for f in submission.findings]
        assert set(mine["sha256"]) <= {submission.sha256}
    assert "c_broken.xlsx" in set(findings.filter(severity="error")["archived_as"])


def test_no_files_give_empty_tables():
    assert findings_table([]).schema == FINDINGS_TABLE_SCHEMA
    assert submission_tasks([]).schema == SUBMISSION_TASK_SCHEMA
