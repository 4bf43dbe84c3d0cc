"""Both languages, whole: on every page each audience sees, the tables' headers and values and the
charts' axes, legends and categories read in the reader's language.

The sample round runs with the demo cycle in the store (priorities, a frozen list, the committees'
decisions, phase 3), so the decision tables hold real labels. What counts as Danish and as English
comes from the catalogues themselves: a text shown to an English reader that is a Danish source
text with another English entry was left untranslated; a text shown to a Danish reader that is
only an English entry leaked the other way; and a header, axis or legend with æ, ø or å shown to
an English reader has no entry at all. What users and municipalities wrote (titles, names, a
frozen list's label, a weight profile's name) is theirs and is read as written.
"""

from __future__ import annotations

import json
import re
import tomllib

import polars as pl
import pytest
from app_runner import as_read, open_page
from babel import dates as babel_dates
from dashboard_sample_round import ScreeningRun
from streamlit.testing.v1 import AppTest
from test_language import strings_in

from dashboard.common import data
from dashboard.shell import audiences, language
from dashboard.shell.identity import USER_KEY
from screening import i18n
from screening.config import load_screening_config, rounds_dir
from screening.decisions.store import open_store, read_events, read_snapshots
from screening.decisions.users import load_users
from screening.demo.cycle import write_demo_cycle
from screening.ranking.scoring import load_scoring_config

# One user of each audience (config/users.toml).
AUDIENCES = {
    "projektgruppe": "haderslev.projektgruppe",
    "direktion": "aabenraa.direktion",
    "sekretariat": "aabenraa.sekretariat",
    "koordinationsudvalg": "toender.koordinationsudvalg",
}
# A cell such as «Aabenraa (Høj)» or «Fase 2 · Videre» is read in its parts too.
PARTS = re.compile(r"[(),·:;]")
QUOTED = re.compile(r"«[^»]*»")  # a user's own words quoted in a header («Økonomi først»)
DANISH_LETTERS = re.compile(r"[æøåÆØÅ]")
NAMES = ("header", "axis", "legend")  # what names a column or a chart's parts


def _danish_only() -> set[str]:
    return {da for da, en in i18n.catalogue("en").items() if en != da}


def _english_only() -> set[str]:
    english = i18n.catalogue("en")
    return {en for da, en in english.items() if en != da and en not in english}


# A date axis without tick texts of ours: Plotly names its months in English whatever the page's
# language.
PLOTLY_MONTHS = "date axis with Plotly's own month names"


def _months(*locales: str) -> set[str]:
    """The month names of ``locales`` (CLDR, through Babel), abbreviated and whole."""
    return {
        name
        for locale in locales
        for width in ("abbreviated", "wide")
        for name in babel_dates.get_month_names(width, locale=locale).values()
    }


# A date axis names its months in the reader's language: the other language's month names are
# wrong (Plotly's own are English, as Babel's «en» writes them).
OTHER_MONTHS = {
    "en": _months("da_DK") - _months("en", "en_GB"),
    "da": _months("en", "en_GB") - _months("da_DK"),
}


def _shown(at: AppTest) -> list[tuple[str, str]]:
    """(where, text) for every table header and text value and every chart text on the page."""
    found: list[tuple[str, str]] = []
    for kind in ("dataframe", "data_editor"):
        for table in at.get(kind):
            frame = table.value
            found += [("header", str(name)) for name in frame.columns]
            for name in frame.columns:
                for value in frame[name].tolist():
                    items = value if isinstance(value, list | tuple) else [value]
                    found += [("value", item) for item in items if isinstance(item, str)]
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        layout = spec.get("layout", {})
        for name, axis in layout.items():
            if name.startswith(("xaxis", "yaxis")) and isinstance(axis, dict):
                title = (axis.get("title") or {}).get("text")
                found += [("axis", title)] if title else []
                found += [("axis", str(t)) for t in axis.get("ticktext") or []]
                if axis.get("type") == "date" and not axis.get("ticktext"):
                    found.append((PLOTLY_MONTHS, name))
        legend = ((layout.get("legend") or {}).get("title") or {}).get("text")
        found += [("legend", legend)] if legend else []
        for trace in spec.get("data", []):
            found += [("legend", trace["name"])] if trace.get("name") else []
            for field in ("x", "y", "labels"):
                values = trace.get(field)
                if isinstance(values, list):
                    found += [("category", v) for v in values if isinstance(v, str)]
    return found


def _theirs(run: ScreeningRun) -> set[str]:
    """What users and municipalities wrote, and the names the group gave its weight profiles in
    config/scoring.toml, read as written in either language."""
    config = load_screening_config()
    written = {
        *(profile.label for profile in load_scoring_config(run.weights).profiles.values()),
        *run.gross_list["title"].to_list(),
        *run.screening_tasks["title"].to_list(),
        *config.municipality_names(),
        *(user.name for user in load_users(config).values()),
        *(snapshot["label"] for snapshot in read_snapshots(open_store())),
    }
    return {text for text in written if text}


def _wrong_language(at: AppTest, wrong: set[str], theirs: set[str], code: str) -> list[str]:
    found = []
    for where, text in _shown(at):
        unquoted = QUOTED.sub("", text)
        for written in sorted(theirs, key=len, reverse=True):
            unquoted = unquoted.replace(written, "")  # «Nr. før: {the list's own label}»
        parts = {unquoted.strip(), *(p.strip() for p in PARTS.split(unquoted))} - {""}
        if where == PLOTLY_MONTHS:
            found.append(f"{where}: {text}")
        elif parts & wrong:
            found.append(f"{where}: {text!r}")
        elif where == "axis" and set(unquoted.split()) & OTHER_MONTHS[code]:
            found.append(f"{where} (a month in the other language): {text!r}")
        elif code == "en" and where in NAMES and DANISH_LETTERS.search(unquoted):
            # A Danish header, axis or legend with no catalogue entry at all.
            found.append(f"{where} (not in any catalogue): {text!r}")
    return found


@pytest.fixture
def demo_cycle(published: ScreeningRun) -> ScreeningRun:
    config = load_screening_config()
    write_demo_cycle(open_store(), published.gross_list, load_users(config), config)
    return published


def _open(user_id: str, code: str, page: str) -> AppTest:
    state = {language.LANGUAGE_KEY: code, USER_KEY: user_id}
    return open_page(page, session_state=state, timeout=90)


@pytest.mark.slow
@pytest.mark.parametrize("code", ["en", "da"])
@pytest.mark.parametrize("audience", list(AUDIENCES))
def test_every_table_and_chart_an_audience_sees_is_in_its_language(
    demo_cycle: ScreeningRun, audience: str, code: str
) -> None:
    users = load_users(load_screening_config())
    user = users[AUDIENCES[audience]]
    wrong = _danish_only() if code == "en" else _english_only()
    theirs = _theirs(demo_cycle)
    seen, problems = 0, {}
    for page in sorted(audiences.pages_for(user)):
        at = _open(user.id, code, page)
        seen += len(_shown(at))
        if found := _wrong_language(at, wrong, theirs, code):
            problems[page] = found
    assert seen > 500, "too few texts found; are the tables and charts still read?"
    assert not problems, problems


# What a page writes besides its tables and charts.
TEXT_ELEMENTS = (
    "title",
    "header",
    "subheader",
    "markdown",
    "caption",
    "text",
    "info",
    "warning",
    "error",
    "success",
)
# Words only a Danish sentence has, and only an English one.
DANISH_SENTENCE = re.compile(
    r"\b(ikke|og|må|skal|kan|har|er|den|det|der|som|til|af|eller|på|med|fra)\b|[æøå]", re.I
)
ENGLISH_SENTENCE = re.compile(r"\b(the|and|is|are|of|with|not|this|which|has)\b", re.I)


def _read(at: AppTest) -> list[str]:
    """Every text, label and message on the page, as the reader reads it."""
    texts = [e.value for kind in TEXT_ELEMENTS for e in at.get(kind)]
    texts += [b.label for b in at.button]
    texts += [e.label for kind in ("tab", "expander", "metric") for e in at.get(kind)]
    texts += [w.label for w in [*at.selectbox, *at.radio, *at.multiselect, *at.text_input]]
    texts += [option for w in [*at.selectbox, *at.radio] for option in w.options]
    return [as_read(str(t)).replace("\u2060", "") for t in texts]


def _written_by_people(run: ScreeningRun) -> list[str]:
    """Besides :func:`_theirs`: the files' names, the tasks' own texts, what the decision log
    holds (a phase-3 record's terms, a comment) and what the rounds' files say of a round,
    longest first."""
    written = set(_theirs(run))
    written |= set(data.submissions(run.published)["file"].to_list())  # the files' names as sent
    for column, dtype in run.screening_tasks.schema.items():
        if dtype == pl.String:
            written |= set(run.screening_tasks[column].drop_nulls().to_list())
    for values in read_events(open_store()).select("new_value", "reason", "details").rows():
        for value in filter(None, values):
            written |= set(strings_in(_json_or_text(value)))
    for path in rounds_dir().rglob("*.toml"):
        written |= set(strings_in(tomllib.loads(path.read_text(encoding="utf-8"))))
    return sorted((w for w in written if len(w) > 3), key=len, reverse=True)


def _json_or_text(value: str) -> object:
    try:
        return json.loads(value)
    except ValueError:
        return value


@pytest.mark.parametrize("code", ["en", "da"])
@pytest.mark.parametrize("audience", list(AUDIENCES))
def test_every_text_an_audience_reads_is_in_its_language(
    demo_cycle: ScreeningRun, audience: str, code: str
) -> None:
    """Headings, paragraphs, captions, messages, buttons and labels on every page, once what
    people and municipalities wrote and what a message quotes («…») are left out."""
    sentence = DANISH_SENTENCE if code == "en" else ENGLISH_SENTENCE
    user = load_users(load_screening_config())[AUDIENCES[audience]]
    # Whole words only: a short code someone stored («low») is no part of «lower».
    theirs = re.compile(
        "|".join(rf"(?<!\w){re.escape(w)}(?!\w)" for w in _written_by_people(demo_cycle))
    )
    read, wrong = 0, {}
    for page in sorted(audiences.pages_for(user)):
        for text in _read(_open(user.id, code, page)):
            read += 1
            left = theirs.sub("", re.sub(r"«[^»]*»", "", text))
            if found := sentence.search(left):
                where = left[max(found.start() - 60, 0) : found.end() + 60]
                wrong.setdefault(page, []).append(where)
    assert read > 200, "too few texts found; are the pages still read?"
    assert not wrong, wrong
