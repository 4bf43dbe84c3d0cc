"""The pages' way to the data: cached reads of the published copy, and the no-data message.

Results are cached keyed on the file's path and modification time: a new publish replaces the
file (new mtime), so the next rerun reads the new gross list without anyone clearing a cache,
while reruns in between cost no database visit. The tables are shared, not copied, between
reruns and sessions (``st.cache_resource``): ``st.cache_data`` would unpickle a fresh copy on
every rerun (a national task table takes about 15 ms), and no page changes a frame in place.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import duckdb
import polars as pl
import streamlit as st

from dashboard.common import decision_store, formatting, queries
from screening.config import load_screening_config, scoring_config_path
from screening.decisions.weight_profiles import with_saved_profiles
from screening.i18n import N_, _
from screening.ranking.scoring import ScoringConfig, load_scoring_config

NO_DATA_MESSAGE = N_(
    "Der er endnu ikke dannet en bruttoliste. Den dannes, når projektgruppen har modtaget "
    "kommunernes udfyldte skabeloner; så vises den her, så snart den er udgivet."
)

EMPTY_GROSS_LIST_MESSAGE = N_(
    "Bruttolisten er tom: ingen af de modtagne skabeloner indeholdt gyldige opgaver."
)
OLDER_COPY_MESSAGE = N_(
    "Den udgivne bruttoliste er dannet af en ældre version af programmet og mangler det, denne "
    "side viser. Den vises, når projektgruppen har dannet bruttolisten på ny."
)
UNREADABLE_MESSAGE = N_(
    "Den udgivne kopi af bruttolisten ({path}) kan ikke læses; den er måske beskadiget. "
    "Bruttolisten er ikke tabt: når projektgruppen danner bruttolisten på ny, udgives en ny kopi."
)


def _version(path: Path) -> int:
    return path.stat().st_mtime_ns


@st.cache_data(show_spinner=False)
def _has_data(path: str, version: int) -> bool:
    return queries.has_data(Path(path))


@st.cache_data(show_spinner=False)
def _table_names(path: str, version: int) -> list[str]:
    return queries.table_names(Path(path))


@st.cache_resource(show_spinner=False)
def _gross_list(path: str, version: int) -> pl.DataFrame:
    return queries.read_gross_list(Path(path))


@st.cache_resource(show_spinner=False)
def _candidate_values(path: str, version: int) -> pl.DataFrame:
    return queries.read_candidate_values(Path(path))


@st.cache_data(show_spinner=False)
def _scoring_config(path: str, version: int) -> ScoringConfig:
    return load_scoring_config(Path(path))


@st.cache_resource(show_spinner=False)
def _screening_tasks(path: str, version: int) -> pl.DataFrame:
    return queries.read_screening_tasks(Path(path))


@st.cache_resource(show_spinner=False)
def _candidate_tasks(path: str, version: int, candidate_id: str) -> pl.DataFrame:
    return queries.read_candidate_tasks(Path(path), candidate_id)


@st.cache_resource(show_spinner=False)
def _submissions(path: str, version: int) -> pl.DataFrame:
    return queries.read_submissions(Path(path))


@st.cache_resource(show_spinner=False)
def _findings(path: str, version: int) -> pl.DataFrame:
    return queries.read_findings(Path(path))


@st.cache_resource(show_spinner=False)
def _provenance(path: str, version: int) -> pl.DataFrame:
    return queries.read_provenance(Path(path))


@st.cache_resource(show_spinner=False)
def _candidate_links(path: str, version: int) -> pl.DataFrame:
    return queries.read_candidate_links(Path(path))


@st.cache_resource(show_spinner=False)
def _match_overrides(path: str, version: int) -> pl.DataFrame:
    return queries.read_match_overrides(Path(path))


@st.cache_data(show_spinner=False)
def _key_figures(path: str, version: int) -> queries.KeyFigures:
    return queries.key_figures(Path(path))


def _read(path: Path, loader, *args):
    """``loader(path, version, *args)``, or the Danish message and the end of this page's run
    when the published copy is damaged (a corrupt block, a file cut short) or vanished."""
    try:
        return loader(str(path), _version(path), *args)
    except (duckdb.Error, OSError):
        # Never a traceback: the reader can do nothing with one, and the fix is the same.
        st.error(_(UNREADABLE_MESSAGE).format(path=path), icon="⚠️")
        st.stop()


def published_database_or_stop() -> Path:
    """The published file, or show the friendly message and end this page's run.

    Every page calls this first, so no page can reach a query without data behind it.
    """
    path = queries.published_database()
    try:
        available = path.is_file() and _has_data(str(path), _version(path))
    except FileNotFoundError:
        available = False  # removed between the check and the stat
    except duckdb.Error:
        st.error(_(UNREADABLE_MESSAGE).format(path=path), icon="⚠️")
        st.stop()
    if not available:
        st.info(_(NO_DATA_MESSAGE), icon="ℹ️")
        st.stop()
    return path


def has_tables(path: Path, *names: str) -> bool:
    return set(names) <= set(_read(path, _table_names))


def tables_or_stop(path: Path, *names: str) -> None:
    """End the page with a message when the published copy predates tables it needs."""
    if not has_tables(path, *names):
        st.info(_(OLDER_COPY_MESSAGE), icon="ℹ️")
        st.stop()


def gross_list(path: Path) -> pl.DataFrame:
    return _read(path, _gross_list)


def gross_list_or_stop(*tables: str) -> tuple[Path, pl.DataFrame]:
    """The published file and its gross list, for a page that needs candidates (and maybe
    ``tables``); otherwise show the fitting message and end this page's run."""
    path = published_database_or_stop()
    if tables:
        tables_or_stop(path, *tables)
    ranked = gross_list(path)
    if ranked.is_empty():
        st.info(_(EMPTY_GROSS_LIST_MESSAGE))
        st.stop()
    return path, ranked


def candidate_values(path: Path) -> pl.DataFrame:
    return _read(path, _candidate_values)


def scoring_config() -> ScoringConfig:
    """The weight profiles of the file and of the decision store as they are now: a profile
    saved a moment ago is in it, and the adopted one is the default."""
    path = scoring_config_path()
    config = _scoring_config(str(path), _version(path))
    # The per-process log, topped up (no query of its own on every rerun).
    events, _problem = decision_store.read_quietly()
    if events is None:
        return config  # the pages still show the file's profiles; a write says what is wrong
    return with_saved_profiles(config, events)


def screening_tasks(path: Path) -> pl.DataFrame:
    return _read(path, _screening_tasks)


def candidate_tasks(path: Path, candidate_id: str) -> pl.DataFrame:
    return _read(path, _candidate_tasks, candidate_id)


def submissions(path: Path) -> pl.DataFrame:
    return _read(path, _submissions)


def findings(path: Path) -> pl.DataFrame:
    return _read(path, _findings)


def provenance(path: Path) -> pl.DataFrame:
    return _read(path, _provenance)


def candidate_links(path: Path) -> pl.DataFrame:
    return _read(path, _candidate_links)


def match_overrides(path: Path) -> pl.DataFrame:
    return _read(path, _match_overrides)


def key_figures(path: Path) -> queries.KeyFigures:
    return _read(path, _key_figures)


def participating_municipalities() -> list[str]:
    """The municipalities taking part, in configured order (config is data, not code)."""
    return load_screening_config().municipality_names()


def publication_caption(path: Path) -> str:
    published = datetime.fromtimestamp(path.stat().st_mtime, formatting.DANISH_TIME)
    round_label = load_screening_config().round.label
    return _("{round} · data udgivet {when}").format(
        round=round_label, when=formatting.timestamp(published)
    )
