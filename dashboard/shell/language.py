"""The reader's language: the sidebar switch (Dansk / English) and Streamlit's own texts in Danish.

:func:`choose` is called once at the top of the entry, before any page draws, so every ``_()``
of the run answers in the reader's language. The choice lives in the session, so it follows the
reader from page to page; a new session starts in Danish, the product's language.

Streamlit 1.67 has no setting for the language of its own controls (the file uploader's «Drag
and drop» and «Upload», «Page not found», «Running…»; streamlit/streamlit#13500 asks for it), so
a small script of ours, run in the page through ``st.html``, replaces those texts with Danish
ones as they appear. It only rewrites text nodes and a few attributes whose whole text is one of
Streamlit's known English strings; nothing from a user or a file ever passes through it.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import polars as pl
import streamlit as st

from screening import i18n
from screening.i18n import _

LANGUAGE_KEY = "language"
P = ParamSpec("P")
R = TypeVar("R")

# Streamlit's own English texts, as its frontend writes them, and what a Danish reader sees.
STREAMLIT_TEXTS: dict[str, str] = {
    "Upload": "Vælg fil",
    "Browse files": "Vælg fil",
    "Drag and drop file here": "Træk en fil hertil",
    "Drag and drop files here": "Træk filer hertil",
    "Page not found": "Siden findes ikke",
    "The page that you have requested does not seem to exist. Running the app's main page.": (
        "Siden findes ikke. Forsiden vises i stedet."
    ),
    "Running...": "Arbejder …",
    "Stop": "Stop",
    "Choose an option": "Vælg",
    "Choose options": "Vælg",
    "No results": "Ingen resultater",
    "Select all": "Vælg alle",
    "Clear selection": "Ryd valg",
    "Show/hide columns": "Vis/skjul kolonner",
    "Search": "Søg",
    "Fullscreen": "Fuld skærm",
    "Close fullscreen": "Luk fuld skærm",
    "Add row": "Tilføj række",
    "Delete row(s)": "Slet række(r)",
    "Rerun": "Kør igen",
    "Settings": "Indstillinger",
    "Print": "Udskriv",
    "Clear cache": "Ryd mellemlager",
    "Choose date": "Vælg dato",
    "Press Enter to apply": "Tryk Enter for at bruge",
    "Press Enter to submit form": "Tryk Enter for at sende",
    "Press Ctrl+Enter to apply": "Tryk Ctrl+Enter for at bruge",
    "Press ⌘+Enter to apply": "Tryk ⌘+Enter for at bruge",
    "Press Ctrl+Enter to submit form": "Tryk Ctrl+Enter for at sende",
    "Press ⌘+Enter to submit form": "Tryk ⌘+Enter for at sende",
    "Select...": "Vælg …",
    "Delete": "Slet",
    "Remove file": "Fjern fil",
    "file upload": "Vælg fil",
}
# Texts with a figure in them: a pattern and its Danish replacement.
STREAMLIT_PATTERNS: list[tuple[str, str]] = [
    (r"^(\d+)MB per file( • )?(.*)$", r"Højst $1 MB pr. fil$2$3"),
    (r"^Limit (\d+)MB per file( • )?(.*)$", r"Højst $1 MB pr. fil$2$3"),
    # A chosen file's size, «63.0B» / «12.5KB»: a decimal comma and a space, as Danes write it.
    (r"^(\d+)\.(\d)(B|KB|MB|GB)$", r"$1,$2 $3"),
]
_SCRIPT = Path(__file__).parents[1] / "static" / "streamlit_texts.js"


def _streamlit_texts_script(language: str) -> str:
    # English readers keep Streamlit's own texts, which are English already.
    texts = STREAMLIT_TEXTS if language == "da" else {}
    patterns = STREAMLIT_PATTERNS if language == "da" else []
    script = _SCRIPT.read_text(encoding="utf-8")
    script = script.replace("__TEXTS__", json.dumps(texts, ensure_ascii=False))
    script = script.replace("__PATTERNS__", json.dumps(patterns, ensure_ascii=False))
    return f"<script>{script}</script>"


def choose() -> str:
    """The sidebar's language switch; sets this run's language and returns its code."""
    if st.session_state.get(LANGUAGE_KEY) not in i18n.LANGUAGES:
        st.session_state[LANGUAGE_KEY] = i18n.DEFAULT_LANGUAGE
    # Set before the switch draws, so its own label is already in the chosen language.
    i18n.use_language(st.session_state[LANGUAGE_KEY])
    # A radio, not a segmented control: one language is always chosen.
    code = st.sidebar.radio(
        _("Sprog"),
        list(i18n.LANGUAGES),
        format_func=i18n.LANGUAGES.get,
        key=LANGUAGE_KEY,
        horizontal=True,
    )
    chosen = i18n.use_language(code)
    st.sidebar.html(_streamlit_texts_script(chosen), unsafe_allow_javascript=True)
    return chosen


def in_readers_language(callback: Callable[P, R]) -> Callable[P, R]:
    """A widget's callback, run in the reader's language.

    Streamlit runs a callback before the page's script, in a thread of its own, so before
    :func:`choose` has set the run's language: without this, a save's message would be Danish
    to an English reader, and an editor's English headers would not be found.
    """

    @functools.wraps(callback)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        i18n.use_language(st.session_state.get(LANGUAGE_KEY))
        return callback(*args, **kwargs)

    return run


def headers(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with its (Danish) column names in the reader's language, for showing it.

    The pages build tables with the Danish headers as keys (shared constants, which tests and
    ``column_config`` refer to); the reader's language is applied only where a table is shown.
    """
    return frame.rename({name: _(name) for name in frame.columns if _(name) != name})


def config(column_config: dict[str, Any]) -> dict[str, Any]:
    """A ``column_config`` keyed by Danish headers, keyed as :func:`headers` renames them."""
    return {_(name): setting for name, setting in column_config.items()}


def table(frame: pl.DataFrame, values: Iterable[str] = ()) -> pl.DataFrame:
    """``frame`` as the reader reads it: the (Danish) headers, and the Danish labels in the
    columns ``values`` (priorities, decisions, «Eget forslag»), in the reader's language.

    Only what is shown changes: the table a page builds, and the labels the decision store is
    given, stay Danish (see :func:`danish_edits` for the way back from an editor).
    """
    present = [name for name in values if name in frame.columns]
    translated = frame.with_columns(
        pl.col(name).replace({v: _(v) for v in frame[name].drop_nulls().unique().to_list()})
        for name in present
    )
    return headers(translated)


def _spellings(text: str) -> set[str]:
    """``text`` (Danish) and its translation in every language a reader can choose."""
    return {text} | {i18n.catalogue(code).get(text, text) for code in i18n.LANGUAGES}


def danish_edits(
    edited_rows: Mapping, columns: Iterable[str], options: Mapping[str, Iterable[str]]
) -> dict:
    """``st.data_editor``'s edits of a table shown through :func:`table`, keyed by its Danish
    headers and holding the Danish labels again, so a save is the same whichever language the
    reader edited in.

    ``columns`` are the table's Danish headers; ``options`` the Danish labels each edited column
    can hold. Every language is mapped back, not only the current one: a reader who switches
    language between the edit and the click on «Gem» still saves what they chose.
    """
    header_of = {shown: name for name in columns for shown in _spellings(name)}
    label_of = {
        name: {shown: label for label in labels for shown in _spellings(label)}
        for name, labels in options.items()
    }
    danish: dict = {}
    for row, edits in edited_rows.items():
        danish[row] = {}
        for shown_header, value in edits.items():
            name = header_of.get(shown_header, shown_header)
            danish[row][name] = label_of.get(name, {}).get(value, value)
    return danish
