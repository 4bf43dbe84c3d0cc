"""Danish throughout, English as a switch: every text of the dashboard has an English entry, the
pages open in English without an error, and numbers and dates follow the reader's language.

The texts are found the way a translator's tool finds them, with Babel's extraction over the
source (the ``_()`` and ``N_()`` calls, and the words given to ``formatting.count``), so a text
added without a translation fails here, not in front of an English-speaking reader.
"""

from __future__ import annotations

import ast
import re
import tomllib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from app_runner import open_page
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po
from dashboard_sample_round import ScreeningRun
from streamlit.testing.v1 import AppTest

from dashboard.common import formatting, queries
from dashboard.ranking.weights import tipping_table
from dashboard.shell import language, page_paths
from dashboard.shell.identity import USER_KEY
from screening import i18n, vocabulary
from screening.config import CONFIG_DIR
from screening.decisions import state
from screening.decisions.store import open_store, read_events
from screening.i18n import _
from screening.ranking.scoring import load_scoring_config
from screening.ranking.sensitivity import rank_tipping_points
from screening.template.spec import COLUMNS

ROOT = Path(__file__).resolve().parents[2]
# Every module of the dashboard: the shell, the pages and each feature folder.
CONVERTED = sorted((ROOT / "dashboard").rglob("*.py"))
# The domain's modules: the refusals, reasons and statuses they word reach the pages too. The
# intake (the template reader) has its own catalogue test.
DOMAIN = sorted(
    path
    for path in (ROOT / "screening").rglob("*.py")
    if "intake" not in path.relative_to(ROOT).parts
)
KEYWORDS = {"_": None, "N_": None, "count": (2, 3)}
TOOL_NAMES = re.compile(r"dagster|pipeline|sensor|duckdb|screening run|streamlit", re.IGNORECASE)
PLACEHOLDER = re.compile(r"(?<!\{)\{(\w*)[^{}]*\}(?!\})")


def _texts(paths: list[Path] = CONVERTED) -> dict[str, str]:
    """Every Danish source text of ``paths`` (the dashboard's modules) -> where it is."""
    found: dict[str, str] = {}
    for path in paths:
        for line, message, _comments, _context in extract_from_file("python", path, KEYWORDS):
            for text in message if isinstance(message, tuple) else (message,):
                if text:
                    found.setdefault(text, f"{path.relative_to(ROOT)}:{line}")
    return found


def _english() -> dict[str, str]:
    """The union of every English catalogue, as the running dashboard reads them."""
    entries: dict[str, str] = {}
    for path in sorted((ROOT / "screening" / "locale" / "en").glob("*.po")):
        entries.update(_catalogue(path.name))
    return entries


def _catalogue(name: str) -> dict[str, str]:
    with (ROOT / "screening" / "locale" / "en" / name).open("rb") as handle:
        return {m.id: m.string for m in read_po(handle) if m.id and m.string}


def test_every_text_of_the_dashboard_has_an_english_entry() -> None:
    texts, english = _texts(), _english()
    assert len(texts) > 400, "the extraction found too few texts; is the file list right?"
    missing = {text: where for text, where in texts.items() if text not in english}
    assert not missing, "No English for:\n" + "\n".join(f"{w}: {t!r}" for t, w in missing.items())


def test_every_text_the_domain_words_for_a_page_has_an_english_entry() -> None:
    """A refusal («… må ikke …»), a reason why a decision needs attention, a phase-3 problem:
    worded in the domain, read on a page."""
    texts, english = _texts(DOMAIN), _english()
    assert len(texts) > 300, "the extraction found too few texts; is the file list right?"
    missing = {text: where for text, where in texts.items() if text not in english}
    assert not missing, "No English for:\n" + "\n".join(f"{w}: {t!r}" for t, w in missing.items())


def test_every_english_entry_still_has_its_danish_text() -> None:
    """An entry whose Danish the code no longer writes is a translation nobody reads, which the
    next change of wording would be mistaken for. Every msgid is a text in the code or the
    settings (the template's headers included, which are built from the goals); the findings'
    templates are held to the checks' code by their own test."""
    written = {column.header for column in COLUMNS}
    for folder in ("screening", "dashboard", "cli", "pipelines", "assets"):
        for path in (ROOT / folder).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            written |= {
                node.value
                for node in ast.walk(tree)
                if isinstance(node, ast.Constant) and isinstance(node.value, str)
            }
    for path in [*(ROOT / "config").rglob("*.toml"), *(ROOT / "screening").rglob("*.toml")]:
        written |= set(strings_in(tomllib.loads(path.read_text(encoding="utf-8"))))
    findings = _catalogue("findings.po")
    stale = sorted(text for text in _english() if text not in written and text not in findings)
    assert stale == []


def strings_in(value: object) -> Iterator[str]:
    """Every string in a parsed settings file or JSON value, however deeply nested."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)


def test_translations_keep_the_placeholders() -> None:
    english = _english()
    wrong = {
        text: english[text]
        for text in {**_texts(DOMAIN), **_texts()}
        if text in english
        and sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(english[text]))
    }
    assert not wrong, wrong


def test_no_tool_names_in_what_a_user_reads() -> None:
    named = {where: text for text, where in _texts().items() if TOOL_NAMES.search(text)}
    assert not named, named


def test_numbers_money_and_times_follow_the_language() -> None:
    moment = datetime(2026, 7, 1, 10, 0, tzinfo=UTC)
    try:
        i18n.use_language("en")
        assert formatting.kroner(1_250_000) == "DKK 1,250,000"
        assert formatting.kroner_compact(8_270_000) == "DKK 8.3m"
        assert formatting.number(7.5, decimals=1) == "7.5"
        assert formatting.share(0.3745) == "37%"
        assert formatting.timestamp(moment) == "01/07/2026 12:00"
        assert formatting.count(1, "opgave", "opgaver") == "1 task"
        assert formatting.and_listing([6, 9, 12]) == "6, 9 and 12"
        i18n.use_language("da")
        assert formatting.kroner(1_250_000) == "1.250.000 kr."
        assert formatting.timestamp(moment) == "01.07.2026 kl. 12.00"
        assert formatting.and_listing([6, 9, 12]) == "6, 9 og 12"
    finally:
        i18n.use_language("da")


PAGES = {
    page_paths.OVERVIEW: "Overview",
    page_paths.GROSS_LIST: "Gross list",
    page_paths.DATA_QUALITY: "Data quality",
    page_paths.SUBMIT_TEMPLATE: "Submit template",
    page_paths.MATCH_REVIEW: "Matching",
    page_paths.WEIGHTS: "Weights",
    page_paths.SCENARIOS: "Scenarios",
    page_paths.VALUE_EFFORT: "Effort and value",
    page_paths.PRIORITIES: "Prioritisation",
    page_paths.SNAPSHOTS: "Frozen lists",
    page_paths.POLITICAL: "Political decisions",
    page_paths.MUNICIPAL_RANKINGS: "The municipalities' rankings",
}


def _open_in(code: str, page: str) -> AppTest:
    return open_page(page, session_state={language.LANGUAGE_KEY: code})


@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_opens_in_english(published: ScreeningRun, page: str) -> None:
    at = _open_in("en", page)
    assert at.title[0].value == PAGES[page]
    # The switch itself reads in the chosen language, and stays on it from page to page.
    assert at.radio(key=language.LANGUAGE_KEY).value == "en"
    assert at.radio(key=language.LANGUAGE_KEY).label == "Language"


def test_overview_in_english_uses_english_words_and_numbers(published: ScreeningRun) -> None:
    at = _open_in("en", page_paths.OVERVIEW)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Candidates on the gross list"] == str(published.gross_list.height)
    assert re.fullmatch(r"DKK \d+(\.\d)?m", metrics["Total estimated potential"])
    danish = _open_in("da", page_paths.OVERVIEW)
    danish_metrics = {m.label: m.value for m in danish.metric}
    assert re.fullmatch(r"\d+(,\d)? mio\. kr\.", danish_metrics["Samlet skønnet potentiale"])


def test_the_gross_list_shows_english_headers_and_labels(published: ScreeningRun) -> None:
    at = _open_in("en", page_paths.GROSS_LIST)
    table = at.dataframe[0].value
    assert {"No.", "Proposal", "Score", "Task type", "Exercise of public authority"} <= set(
        table.columns
    )
    assert set(table["Task type"]) <= {
        "Processes",
        "Systems (IT)",
        "Organisation",
        "Locations/facilities",
    }


def test_every_word_of_the_vocabulary_has_an_english_entry() -> None:
    """Labels, short labels and explanations are shown wherever their code is; a letter code
    (the pricing types A–D) reads the same in both languages."""
    english = i18n.catalogue("en")
    terms = [
        term
        for value in vars(vocabulary).values()
        if isinstance(value, tuple) and value and isinstance(value[0], vocabulary.Term)
        for term in value
    ]
    words = {w for t in terms for w in (t.label, t.short, t.explanation) if len(w or "") > 1}
    assert len(words) > 150
    assert not sorted(words - set(english))


def test_every_picker_names_its_placeholder_in_the_readers_language() -> None:
    """Streamlit's own «Choose an option» is English; its ``placeholder`` argument is the one
    sanctioned way to word it, so every selectbox and multiselect passes it."""
    missing = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path in CONVERTED
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in ("selectbox", "multiselect")
        and "placeholder" not in {k.arg for k in node.keywords}
    ]
    assert not missing, missing


DIRECTOR, OTHER_DIRECTOR = "aabenraa.direktion", "haderslev.direktion"


def _prioritise(code: str, user_id: str, edits: dict[str, str]) -> AppTest:
    """A director in ``code`` sets the first row's cells by their headers as shown, and saves."""
    at = _open_in(code, page_paths.PRIORITIES)
    at.selectbox(key=USER_KEY).set_value(user_id).run()
    at.switch_page(page_paths.PRIORITIES).run()
    (editor,) = at.data_editor
    at.session_state[editor.key] = {"edited_rows": {0: edits}, "added_rows": [], "deleted_rows": []}
    save = _("Gem prioriteringer") if code == "da" else "Save priorities"
    next(b for b in at.button if b.label == save).click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_prioritering_in_english_shows_english_and_saves_the_danish_code(
    published: ScreeningRun,
) -> None:
    at = _prioritise("da", DIRECTOR, {"Prioritet": "Høj", "Kommentar": "Klar gevinst"})
    english = _prioritise("en", OTHER_DIRECTOR, {"Priority": "High", "Comment": "Clear gain"})
    assert any("Saved: 1 priority" in s.value for s in english.success), english.info
    (editor,) = english.data_editor
    shown = editor.value
    assert {"No.", "Proposal", "Priority", "Comment", "The municipality's relation"} <= set(
        shown.columns
    ), shown.columns
    assert shown["Priority"].iloc[0] == "High"
    offered = {_en(t.label) for t in vocabulary.PRIORITIES}
    assert set(shown["Priority"]) <= offered | {"Not prioritised"}
    assert set(shown["The municipality's relation"]) <= {"Own proposal", "Can take part"}
    # The page tells the reader to use the column by the name it shows.
    assert any("«Priority»" in m.value for m in english.markdown)
    # The store holds the same code whichever language the director edited in.
    stored = state.priorities(read_events(open_store()))
    assert dict(zip(stored["municipality"], stored["priority"], strict=True)) == {
        "Aabenraa": "high",
        "Haderslev": "high",
    }
    assert at.data_editor[0].value["Prioritet"].iloc[0] == "Høj"


def _en(text: str) -> str:
    return i18n.catalogue("en").get(text, text)


def test_candidate_fields_and_the_demo_block_in_english(published: ScreeningRun) -> None:
    at = _open_in("en", page_paths.CANDIDATE)
    facts = "\n".join(m.value for m in at.markdown)
    for field in ("Complexity (1-5)", "FTE", "Exercise of public authority"):
        assert f"**{field}:**" in facts, field
    assert re.search(r"\*\*Exercise of public authority:\*\* (Yes|No)\b", facts)
    picker = at.selectbox(key=USER_KEY)
    assert picker.label == "Demo mode: choose a user"
    assert picker.options[0] == "None (read only)"
    assert "Karen Holm (Haderslev, Project group)" in picker.options
    assert "Demo mode" in [s.value for s in at.sidebar.subheader]


def test_tipping_points_explained_in_the_readers_language(published: ScreeningRun) -> None:
    config = load_scoring_config(CONFIG_DIR / "scoring.toml")
    points = rank_tipping_points(
        queries.read_candidate_values(published.published),
        config.profile(),
        config.authority_exercise_penalty,
        [published.top["candidate_id"]],
    )
    danish = tipping_table(points)["Forklaring"].to_list()
    assert sorted(danish) == sorted(points["explanation"].to_list())  # the domain's own words
    try:
        i18n.use_language("en")
        english = tipping_table(points)["Forklaring"].to_list()
    finally:
        i18n.use_language("da")
    assert all(re.match(r"(Moves one place|The place does not change)", e) for e in english)
    assert not [e for e in english if re.search("[æøå]", e)], english


def test_english_texts_name_columns_and_values_as_shown() -> None:
    """A text that quotes a column or a value («Priority», «resent») quotes it as the English
    reader sees it, not its Danish source. The findings about a file are the exception: they
    quote the Danish template the sender has open in Excel («Add the column «Fagområde»»), so
    the sender finds the column the message names."""
    english = _english()
    findings = _catalogue("findings.po")
    # A file name, written the same in both languages.
    same_in_both = {"Koordinationsudvalget"}
    quoted_danish = {
        text: quoted
        for danish, text in english.items()
        if danish not in findings
        for quoted in re.findall(r"«([^»{}]+)»", text)
        if quoted in english and english[quoted] != quoted and quoted not in same_in_both
    }
    assert not quoted_danish, quoted_danish


def test_every_button_callback_runs_in_the_readers_language() -> None:
    """Streamlit runs a button's callback before the page sets the run's language; a callback
    that writes must first take the reader's, or its message is Danish to an English reader."""
    undecorated = []
    for path in CONVERTED:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        defined = {n.name: n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            for keyword in node.keywords:
                callback = keyword.value
                if keyword.arg != "on_click" or not isinstance(callback, ast.Name):
                    continue
                function = defined.get(callback.id)
                decorators = [ast.unparse(d) for d in function.decorator_list] if function else []
                if "language.in_readers_language" not in decorators:
                    undecorated.append(f"{path.relative_to(ROOT)}:{node.lineno} {callback.id}")
    assert not undecorated, undecorated
