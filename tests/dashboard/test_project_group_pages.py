"""AppTest runs of the project group's pages: Datakvalitet, Indsend skabelon and Sammenkobling.

They run against the sample round, whose archive holds a replaced draft, a rejected file, a
duplicate and a file with one held-back row; decisions and uploads go to per-test folders.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
import pytest
import sqlalchemy as sa
from app_runner import as_read, open_page, texts
from dashboard_sample_round import (
    CURRENT_FILES,
    DUPLICATE_FILE,
    REJECTED_FILE,
    ROUND,
    SUPERSEDED_FILE,
    TEMPLATES,
    ScreeningRun,
)
from streamlit.testing.v1 import AppTest

from dashboard.common import queries
from dashboard.common.data import NO_DATA_MESSAGE, OLDER_COPY_MESSAGE
from dashboard.intake import template_view, upload
from dashboard.matching import review
from dashboard.shell import page_paths
from dashboard.shell.identity import USER_KEY
from screening import store
from screening.config import load_screening_config
from screening.decisions.match_decisions import match_overrides
from screening.decisions.store import open_store, read_events
from screening.intake.inbox import LOOK_INTERVAL_SECONDS
from screening.matching.overrides import MERGE, SPLIT
from screening.template.writer import template_bytes, write_template

FILES_NEWEST_FIRST = [
    DUPLICATE_FILE,
    REJECTED_FILE,
    CURRENT_FILES["Tønder"],
    CURRENT_FILES["Sønderborg"],
    CURRENT_FILES["Haderslev"],
    CURRENT_FILES["Aabenraa"],
    SUPERSEDED_FILE,
]
FINDING_COLUMNS = ["Alvor", "Ark", "Række", "Kolonne", "Overskrift", "Fundet", "Besked"]


def statuses(table) -> list[str]:
    # The status is a one-item list, shown as a coloured tag.
    return [list(cell)[0] for cell in table["Status"]]


def findings_shown(at: AppTest):
    """The findings as the reader reads them: a static table of text, so nothing is cut."""
    table = next(t.value for t in at.table if list(t.value.columns) == FINDING_COLUMNS)
    return table.map(as_read)


def button(at: AppTest, label: str, index: int = 0):
    return [b for b in at.button if b.label == label][index]


# --- Datakvalitet -------------------------------------------------------------------------------


def test_data_quality_lists_every_file_newest_first(published: ScreeningRun) -> None:
    at = open_page(page_paths.DATA_QUALITY)
    table = at.dataframe[0].value
    assert table["Fil (som sendt)"].tolist() == FILES_NEWEST_FIRST
    assert statuses(table) == [
        "dublet",
        "afvist",
        "modtaget",
        "modtaget",
        "modtaget",
        "modtaget",
        "erstattet",
    ]
    # Received 2 November 08.30 UTC: 09.30 in Denmark, written the Danish way.
    assert table["Modtaget"].tolist()[-1] == "02.11.2026 kl. 09.30"
    haderslev = table.loc[table["Fil (som sendt)"] == CURRENT_FILES["Haderslev"]].iloc[0]
    # Row 7's complexity «høj» is a warning now: the row comes through.
    assert (haderslev["Opgaver"], haderslev["Fejl"], haderslev["Advarsler"]) == (6, 0, 2)
    assert len(haderslev["SHA-256 (kort)"]) == 12
    assert "en fejl på filniveau afviser hele filen" in texts(at)


def test_municipality_filter_keeps_the_replaced_file_as_history(published: ScreeningRun) -> None:
    at = open_page(page_paths.DATA_QUALITY)
    at.selectbox(key="quality_municipality").set_value("Tønder").run()
    assert not at.exception
    table = at.dataframe[0].value
    assert table["Fil (som sendt)"].tolist() == [CURRENT_FILES["Tønder"], SUPERSEDED_FILE]
    assert statuses(table) == ["modtaget", "erstattet"]


def test_a_file_that_replaced_another_says_what_it_changed(published: ScreeningRun) -> None:
    """Tønder's current file came after its one-task draft: the page says what it added."""
    at = open_page(page_paths.DATA_QUALITY)
    at.selectbox(key="quality_submission").set_value(CURRENT_FILES["Tønder"]).run()
    assert not at.exception
    shown = as_read(texts(at)).replace("\u2060", "")  # the titles in it are escaped
    assert "I forhold til den gældende fil (1 opgave): 3 tilføjet, 0 fjernet, 0 ændret." in shown


def test_choosing_a_file_shows_its_findings_in_file_order(published: ScreeningRun) -> None:
    at = open_page(page_paths.DATA_QUALITY)
    at.selectbox(key="quality_submission").set_value(CURRENT_FILES["Haderslev"]).run()
    findings = findings_shown(at)
    percent, complexity = findings.to_dict("records")
    assert (percent["Alvor"], percent["Række"], percent["Kolonne"]) == ("Advarsel", "6", "O")
    assert percent["Besked"].startswith("Potentialet er angivet i procent")
    assert complexity == {
        "Alvor": "Advarsel",
        "Ark": "Opgaver",
        "Række": "7",
        "Kolonne": "P",
        "Overskrift": "Kompleksitet (1-5)",
        "Fundet": "høj",
        "Besked": "Skriv et helt tal mellem 1 og 5 (1 = enkel, 5 = meget kompleks). Cellen "
        "kunne ikke læses og er regnet som tom; rækken er kommet med.",
    }
    assert "Filen er Haderslevs gældende fil: 6 opgaver er med." in texts(at)


def test_a_rejected_file_names_the_file_level_error(published: ScreeningRun) -> None:
    at = open_page(page_paths.DATA_QUALITY)
    at.selectbox(key="quality_submission").set_value(REJECTED_FILE).run()
    (finding,) = findings_shown(at).to_dict("records")
    assert finding["Alvor"] == "Fejl (hele filen)"
    assert (finding["Ark"], finding["Række"], finding["Kolonne"]) == ("Om skabelonen", "5", "B")
    assert finding["Besked"] == (
        f"Skabelonen hører til screeningsrunde «2014», men den aktuelle runde er «{ROUND}». "
        f"Hent en ny skabelon til runde {ROUND} og flyt opgaverne over."
    )
    assert ":red-badge[afvist] Filen er afvist" in texts(at)


def test_provenance_names_the_files_the_list_was_built_from(published: ScreeningRun) -> None:
    at = open_page(page_paths.DATA_QUALITY)
    files = next(d.value for d in at.dataframe if "SHA-256" in d.value.columns)
    assert sorted(files["Fil (som sendt)"]) == sorted(CURRENT_FILES.values())
    submissions = queries.read_submissions(published.published)
    current = submissions.filter(pl.col("status") == "modtaget")["sha256"].to_list()
    assert sorted(files["SHA-256"]) == sorted(current)
    assert f"**Vægtprofil:** {published.top['weight_profile']}" in texts(at)
    assert "**Kodeversion:**" in texts(at)


@pytest.mark.parametrize(
    ("page", "table"),
    [(page_paths.DATA_QUALITY, "findings"), (page_paths.MATCH_REVIEW, "candidate_links")],
)
def test_a_copy_from_an_older_pipeline_asks_for_a_new_run(
    page: str,
    table: str,
    screening_run: ScreeningRun,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    warehouse = tmp_path / "warehouse.duckdb"
    published = store.published_path(warehouse)
    shutil.copy(screening_run.published, published)
    with store.connect(published) as con:
        con.execute(f"DROP TABLE {table}")
    monkeypatch.setenv("SCREENING_DB", str(warehouse))
    at = open_page(page)
    assert [i.value for i in at.info] == [OLDER_COPY_MESSAGE]


# --- Indsend skabelon ---------------------------------------------------------------------------


@pytest.fixture
def inbox(published: ScreeningRun, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "inbox"
    monkeypatch.setenv("SCREENING_INBOX", str(folder))
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))  # where a checked upload waits
    return folder


def submit_page_as(user_id: str) -> AppTest:
    at = open_page(page_paths.SUBMIT_TEMPLATE)
    at.selectbox(key=USER_KEY).set_value(user_id).run()
    return at


def test_only_the_municipalitys_project_group_sends_its_file(
    inbox: Path, tmp_path: Path, decision_store: str
) -> None:
    """An anonymous upload of an empty template once removed all of Haderslev's tasks."""
    template = write_template(
        tmp_path / "haderslev.xlsx", "Haderslev", ROUND, TEMPLATES["Haderslev"]
    )
    for user_id, reason in (
        (None, "kun læse"),
        ("toender.projektgruppe", "for Haderslev, kun for Tønder"),
        ("haderslev.direktion", "kræver rollen «projektgruppe»"),
    ):
        at = submit_page_as(user_id) if user_id else open_page(page_paths.SUBMIT_TEMPLATE)
        at.file_uploader[0].upload("skabelon.xlsx", template.read_bytes()).run()
        assert any(reason in i.value for i in at.info), user_id
        assert button(at, "Send til projektgruppen").disabled
    assert not inbox.exists() or not list(inbox.iterdir())
    at = submit_page_as("haderslev.projektgruppe")
    at.file_uploader[0].upload("skabelon.xlsx", template.read_bytes()).run()
    button(at, "Send til projektgruppen").click().run()
    assert [p.name for p in inbox.iterdir()] == ["skabelon.xlsx"]
    log = read_events(open_store(decision_store), kinds=("upload",))
    assert log.select("user_name", "municipality", "new_value").rows() == [
        ("Karen Holm", "Haderslev", "skabelon.xlsx")
    ]


def test_submit_page_works_before_any_gross_list(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SCREENING_DB", str(tmp_path / "warehouse.duckdb"))
    at = open_page(page_paths.SUBMIT_TEMPLATE)
    uploader = at.file_uploader[0]
    assert uploader.label == "Udfyldt skabelon"
    assert {t.lstrip(".") for t in uploader.allowed_type} == {"xlsx", "xlsm", "ods", "csv"}
    assert "Send til projektgruppen" in texts(at)
    assert NO_DATA_MESSAGE not in [i.value for i in at.info]


def test_uploading_shows_the_verdict_and_sending_puts_the_file_in_the_inbox(
    inbox: Path, tmp_path: Path
) -> None:
    template = write_template(
        tmp_path / "haderslev.xlsx", "Haderslev", ROUND, TEMPLATES["Haderslev"]
    )
    at = submit_page_as("haderslev.projektgruppe")
    at.file_uploader[0].upload("Haderslev maj.xlsx", template.read_bytes()).run()
    assert not at.exception
    assert "vil blive **modtaget**: 6 opgaver" in at.success[0].value
    assert "Se de 2 advarsler efter" in at.success[0].value
    findings = findings_shown(at)
    assert findings[["Række", "Kolonne"]].values.tolist() == [["6", "O"], ["7", "P"]]
    # Beside the template's own downloads at the top of the page.
    assert "Hent kopi med rettelser" in [d.label for d in at.get("download_button")]

    button(at, "Send til projektgruppen").click().run()
    assert not at.exception
    assert [p.name for p in inbox.iterdir()] == ["Haderslev maj.xlsx"]
    assert (inbox / "Haderslev maj.xlsx").read_bytes() == template.read_bytes()
    # One message, with the name as sent and when it will be on the list.
    (sent,) = [as_read(s.value) for s in at.success if "er sendt" in as_read(s.value)]
    assert sent.startswith("«Haderslev maj.xlsx» er sendt.")
    # Nothing sent here has reached the list yet, so nothing is measured: the inbox sensor's
    # interval bounds the pickup, and the page says when the file is on the list.
    assert f"henter den inden for {LOOK_INTERVAL_SECONDS} sekunder" in sent
    assert "siden her siger til, når filen står på bruttolisten" in sent
    assert "genberegning" not in "\n".join(as_read(c.value) for c in at.caption)
    assert button(at, "Send til projektgruppen").disabled  # not twice from one session


def test_a_rejected_upload_cannot_be_sent_and_says_why(inbox: Path, tmp_path: Path) -> None:
    """A refused file changes nothing on the gross list, so it is not sent (a 150 MB
    file the checks refused was still written to the inbox)."""
    old_round = write_template(tmp_path / "tønder.xlsx", "Tønder", "2014", TEMPLATES["Tønder"])
    at = open_page(page_paths.SUBMIT_TEMPLATE)
    at.file_uploader[0].upload("tønder.xlsx", old_round.read_bytes()).run()
    assert not at.exception
    assert "vil blive **afvist**" in at.error[0].value
    assert "hører til screeningsrunde «2014»" in " ".join(findings_shown(at)["Besked"])
    assert any("kan ikke sendes" in w.value for w in at.warning)
    assert not [b for b in at.button if b.label == "Send til projektgruppen"]
    assert not inbox.exists() or not list(inbox.iterdir())


def test_the_upload_limit_is_the_products_own(inbox: Path) -> None:
    at = open_page(page_paths.SUBMIT_TEMPLATE)
    assert at.file_uploader[0].proto.max_upload_size_mb == 25


def test_a_copy_of_the_current_file_is_predicted_as_a_duplicate(
    published: ScreeningRun, inbox: Path
) -> None:
    current = (published.templates / CURRENT_FILES["Aabenraa"]).read_bytes()
    at = open_page(page_paths.SUBMIT_TEMPLATE)
    at.file_uploader[0].upload("aabenraa igen.xlsx", current).run()
    assert not at.exception
    assert "magen til kommunens gældende fil og **ændrer intet**" in at.success[0].value
    assert "(status «dublet»)" in at.info[0].value


def test_an_earlier_file_sent_again_is_predicted_to_roll_back(
    published: ScreeningRun, inbox: Path
) -> None:
    draft = (published.templates / SUPERSEDED_FILE).read_bytes()  # Tønder's one-task draft
    at = submit_page_as("toender.projektgruppe")
    at.file_uploader[0].upload("tønder første udkast.xlsx", draft).run()
    assert not at.exception
    assert "vil blive **gældende igen** («genindsendt»)" in at.success[0].value
    assert "I forhold til den gældende fil (4 opgaver): 0 tilføjet, 3 fjernet" in texts(at)
    # It removes 3 of Tønder's 4 tasks: sending needs an explicit yes.
    assert button(at, "Send til projektgruppen").disabled
    [confirm] = at.checkbox
    assert confirm.label == (
        "Ja, filen skal erstatte Tønders gældende fil og fjerne 3 af dens 4 opgaver."
    )
    confirm.check().run()
    assert not button(at, "Send til projektgruppen").disabled
    button(at, "Send til projektgruppen").click().run()
    assert [p.name for p in inbox.iterdir()] == ["tønder første udkast.xlsx"]


def test_the_comparison_lists_each_task_added_removed_and_changed(
    published: ScreeningRun, inbox: Path, tmp_path: Path
) -> None:
    tasks = TEMPLATES["Tønder"]
    changed = [dict(tasks[0], cost_base_dkk=9_999_000), *tasks[1:3]]
    path = write_template(tmp_path / "tønder.xlsx", "Tønder", ROUND, changed)
    at = submit_page_as("toender.projektgruppe")
    at.file_uploader[0].upload("tønder.xlsx", path.read_bytes()).run()
    assert not at.exception
    rows = at.dataframe[-1].value
    assert rows.values.tolist() == [
        ["Fjernes", tasks[3]["title"], ""],
        ["Ændres", tasks[0]["title"], "Årlig udgiftsbase (kr.)"],
    ]
    assert not at.checkbox  # 1 of 4 removed: no confirmation needed
    assert not button(at, "Send til projektgruppen").disabled


# --- Sammenkobling ------------------------------------------------------------------------------


PROJECT_GROUP = "haderslev.projektgruppe"  # Karen Holm


@pytest.fixture
def decisions(published: ScreeningRun, decision_store: str) -> sa.Engine:
    """The test's own decision store (conftest gives every test an empty one)."""
    return open_store(decision_store)


def recorded(engine: sa.Engine) -> pl.DataFrame:
    return match_overrides(read_events(engine))


def review_page() -> AppTest:
    """The review page as the project group sees it."""
    at = open_page(page_paths.MATCH_REVIEW)
    at.selectbox(key=USER_KEY).set_value(PROJECT_GROUP).run()
    return at


def review_link(published: ScreeningRun) -> dict:
    links = queries.read_candidate_links(published.published)
    (link,) = links.filter(pl.col("needs_review")).to_dicts()
    return link


def task_id(published: ScreeningRun, title: str, municipality: str) -> str:
    tasks = published.screening_tasks
    return tasks.filter((pl.col("title") == title) & (pl.col("municipality") == municipality))[
        "task_id"
    ].item()


def test_match_review_shows_both_tasks_of_an_uncertain_link(
    published: ScreeningRun, decisions: sa.Engine
) -> None:
    link = review_link(published)
    at = open_page(page_paths.MATCH_REVIEW)
    page = texts(at)
    assert "Rengøring af kommunale bygninger" in page
    assert "Rengøring og ejendomsservice" in page
    assert "**Aabenraa** · Ejendomme og anlæg" in page
    assert f"Sikkerhed **{round(link['confidence'] * 100)} %**" in page
    assert [b.label for b in at.button][:2] == ["Det er samme opgave", "Det er ikke samme opgave"]
    assert any("ikke truffet nogen beslutninger" in i.value for i in at.info)


def test_not_the_same_task_records_a_split_decision(
    published: ScreeningRun, decisions: sa.Engine
) -> None:
    link = review_link(published)
    at = review_page()
    next(t for t in at.text_input if t.label == "Note (valgfri)").input("Rengøring ≠ vicevært")
    button(at, "Det er ikke samme opgave").click().run()
    assert not at.exception

    rows = recorded(decisions).to_dicts()
    first, second = sorted((link["task_id"], link["other_task_id"]))
    assert [
        (r["action"], r["task_id"], r["other_task_id"], r["note"], r["decided_by"]) for r in rows
    ] == [(SPLIT, first, second, "Rengøring ≠ vicevært", "Karen Holm")]
    assert any(review.NEXT_RUN in s.value for s in at.success)
    history = at.dataframe[-1].value
    assert history["Beslutning"].tolist() == ["Ikke samme opgave (adskil)"]
    assert history["Status"].tolist() == [review.PENDING]
    assert any("Ingen koblinger venter på gennemsyn" in s.value for s in at.success)


def test_same_task_records_a_merge_decision(published: ScreeningRun, decisions: sa.Engine) -> None:
    at = review_page()
    button(at, "Det er samme opgave").click().run()
    assert recorded(decisions)["action"].to_list() == [MERGE]


def test_two_people_deciding_one_pair_the_second_sees_the_first(
    published: ScreeningRun, decisions: sa.Engine
) -> None:
    mine = review_page()  # both have the uncertain pair on screen, undecided
    theirs = open_page(page_paths.MATCH_REVIEW)
    theirs.selectbox(key=USER_KEY).set_value("toender.projektgruppe").run()
    button(theirs, "Det er samme opgave").click().run()
    assert any("Gemt" in s.value for s in theirs.success)
    button(mine, "Det er ikke samme opgave").click().run()
    (conflict,) = [e.value for e in mine.error]
    assert "Kirsten Vang" in as_read(conflict) and "saml" in as_read(conflict)
    assert recorded(decisions)["action"].to_list() == [MERGE]


def test_only_the_project_group_decides_matches(
    published: ScreeningRun, decisions: sa.Engine
) -> None:
    at = open_page(page_paths.MATCH_REVIEW)
    button(at, "Det er samme opgave").click().run()  # nobody chosen: read-only
    at.selectbox(key=USER_KEY).set_value("haderslev.direktion").run()
    assert any("kræver rollen «projektgruppe»" in i.value for i in at.info)
    button(at, "Det er samme opgave").click().run()
    assert any("kræver rollen «projektgruppe»" in e.value for e in at.error)
    assert recorded(decisions).is_empty()


def test_splitting_a_task_out_of_a_candidate(published: ScreeningRun, decisions: sa.Engine) -> None:
    payroll = published.gross_list.filter(pl.col("title") == "Lønadministration").row(0, named=True)
    toender = task_id(published, "Lønadministration", "Tønder")
    at = review_page()
    at.selectbox(key="review_candidate").set_value(payroll["candidate_id"]).run()
    next(s for s in at.selectbox if s.label == "Opgave, der ikke hører til").set_value(toender)
    button(at, "Tag opgaven ud af kandidaten").click().run()
    assert not at.exception
    rows = recorded(decisions)
    assert rows["action"].to_list() == [SPLIT] * 3
    others = {task_id(published, "Lønadministration", m) for m in ("Aabenraa", "Haderslev")}
    others.add(task_id(published, "Lønadministration", "Sønderborg"))
    pairs = {frozenset(p) for p in rows.select("task_id", "other_task_id").rows()}
    assert pairs == {frozenset((toender, other)) for other in others}


def test_merging_two_tasks_from_different_candidates(
    published: ScreeningRun, decisions: sa.Engine
) -> None:
    winter = task_id(published, "Vintertjeneste på kommuneveje", "Sønderborg")
    depot = task_id(published, "Hjælpemiddeldepot", "Tønder")
    at = review_page()
    at.selectbox(key="review_merge_first").set_value(winter).run()
    at.selectbox(key="review_merge_second").set_value(depot).run()
    assert not at.warning  # different municipalities: nothing to warn about
    at.text_input(key="review_merge_note").input("Samme depot")
    button(at, "Saml de to opgaver").click().run()
    rows = recorded(decisions).to_dicts()
    assert [(r["action"], r["task_id"], r["other_task_id"], r["note"]) for r in rows] == [
        (MERGE, *sorted((winter, depot)), "Samme depot")
    ]


def test_match_review_with_an_empty_gross_list(
    screening_run: ScreeningRun, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    warehouse = tmp_path / "warehouse.duckdb"
    published = store.published_path(warehouse)
    shutil.copy(screening_run.published, published)
    with store.connect(published) as con:
        for table in ("screening_tasks", "candidate_links", "gross_list"):
            con.execute(f"DELETE FROM {table}")
    monkeypatch.setenv("SCREENING_DB", str(warehouse))
    monkeypatch.setenv("SCREENING_OVERRIDES", str(tmp_path / "matches.csv"))
    at = open_page(page_paths.MATCH_REVIEW)
    assert any("Ingen koblinger venter" in s.value for s in at.success)
    assert any("ikke to kandidater" in i.value for i in at.info)


def test_the_submit_page_offers_the_blank_template_and_the_current_file(
    inbox: Path, published: ScreeningRun
) -> None:
    """A finance clerk gets the template beside the upload, not from the command line."""
    at = submit_page_as("haderslev.projektgruppe")
    downloads = {d.label: d for d in at.get("download_button")}
    assert {"Hent tom skabelon", "Hent den gældende fil"} <= set(downloads)
    assert at.selectbox(key=template_view.MUNICIPALITY_KEY).value == "Haderslev"
    # The current file as Haderslev sent it, under the name it gave.
    assert "«screening_2.xlsx», som Haderslev sendte den" in downloads["Hent den gældende fil"].help
    # The blank template is Haderslev's own for this round: it reads as such, with no tasks.
    blank = template_bytes("Haderslev", load_screening_config().round.id)
    check = upload.check_upload("Skabelon Haderslev.xlsx", blank, load_screening_config())
    assert check.submission.municipality == "Haderslev"
    assert check.submission.tasks.is_empty()


def test_the_upload_shows_how_the_file_was_read_and_takes_a_column_correction(
    inbox: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An extra column «Intern note» is «ikke brugt»; Haderslev's project group says it holds
    remarks, and the file (and Haderslev's later files) are read so, with the correction logged."""
    import json

    import openpyxl

    from screening.template.spec import TASK_SHEET

    corrections = tmp_path / "kolonner" / "rettelser.json"
    monkeypatch.setenv("SCREENING_COLUMN_CORRECTIONS", str(corrections))
    path = write_template(tmp_path / "haderslev.xlsx", "Haderslev", ROUND, TEMPLATES["Haderslev"])
    book = openpyxl.load_workbook(path)
    sheet = book[TASK_SHEET]
    extra = sheet.max_column + 1
    sheet.cell(1, extra, "Intern note")
    sheet.cell(3, extra, "Drøftet i direktionen")
    book.save(path)
    at = submit_page_as("haderslev.projektgruppe")
    at.file_uploader[0].upload("haderslev.xlsx", path.read_bytes()).run()
    assert not at.exception
    reading = next(t.value for t in at.table if "Læst som" in t.value.columns)
    row = reading[reading["Overskrift i filen"].map(as_read) == "Intern note"]
    assert row["Læst som"].tolist() == ["ikke brugt"]
    assert "6 opgaver" in texts(at)
    next(s for s in at.selectbox if s.label == "Kolonne i filen").set_value("Intern note")
    next(s for s in at.selectbox if s.label == "Skal læses som").set_value("Bemærkninger")
    button(at, "Gem rettelsen").click().run()
    assert not at.exception
    assert any("læses «Intern note» nu som «Bemærkninger»" in as_read(s.value) for s in at.success)
    reading = next(t.value for t in at.table if "Læst som" in t.value.columns)
    row = reading[reading["Overskrift i filen"].map(as_read) == "Intern note"]
    assert row[["Læst som", "Hvordan"]].values.tolist() == [
        ["Bemærkninger", "rettet af projektgruppen"]
    ]
    saved = json.loads(corrections.read_text(encoding="utf-8"))
    assert saved["Haderslev"]["intern note"]["by"] == "haderslev.projektgruppe"
    assert corrections.with_suffix(".log.csv").read_text(encoding="utf-8").count("\n") == 2
