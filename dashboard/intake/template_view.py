"""«Jeres skabelon» on «Indsend skabelon»: the municipality's blank template and its current
file as the municipality sent it, to download beside the upload, so nobody needs the command
line to get a template."""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl
import streamlit as st

from dashboard.common import formatting, queries
from dashboard.intake.upload import XLSX_MIME
from dashboard.shell import identity
from screening.config import load_screening_config, templates_dir
from screening.i18n import _
from screening.intake.outcomes import CURRENT
from screening.template.writer import template_bytes

MUNICIPALITY_KEY = "submit_template_municipality"


@st.cache_data(show_spinner=False)
def _blank(municipality: str, screening_round: str) -> bytes:
    return template_bytes(municipality, screening_round)


def _current_file(municipality: str) -> tuple[dict, Path] | None:
    """The municipality's current file in the archive (its row and where it lies), or None."""
    published = queries.published_database()
    if not published.is_file():
        return None
    try:
        submissions = queries.read_submissions(published)
    except (duckdb.Error, OSError):  # a damaged copy: nothing to offer, the upload still works
        return None
    current = submissions.filter(
        (pl.col("municipality") == municipality) & pl.col("status").is_in(CURRENT)
    ).sort("received_at")
    if current.is_empty():
        return None
    row = current.row(-1, named=True)
    path = templates_dir() / row["archived_as"]
    return (row, path) if path.is_file() else None


def render() -> None:
    st.subheader(_("Jeres skabelon"))
    config = load_screening_config()
    municipality = identity.municipality_picker(config.municipality_names(), MUNICIPALITY_KEY)
    blank, sent = st.columns(2)
    blank.download_button(
        _("Hent tom skabelon"),
        data=_blank(municipality, config.round.id),
        file_name=_("Skabelon {municipality} {round}.xlsx").format(
            municipality=municipality, round=config.round.id
        ),
        mime=XLSX_MIME,
        icon=":material/download:",
        on_click="ignore",
        help=_(
            "Skabelonen til {municipality} for {round}, med rullelister og en vejledning i "
            "første ark. Udfyld den, og læg den her nedenfor."
        ).format(municipality=municipality, round=config.round.label),
    )
    found = _current_file(municipality)
    if found is None:
        sent.caption(
            _("{municipality} har ikke en gældende fil på bruttolisten endnu.").format(
                municipality=municipality
            )
        )
        return
    row, path = found
    sent.download_button(
        _("Hent den gældende fil"),
        data=path.read_bytes(),
        file_name=row["file"],
        mime=XLSX_MIME if row["file"].lower().endswith(".xlsx") else None,
        icon=":material/history:",
        on_click="ignore",
        help=_("«{file}», som {municipality} sendte den {when}.").format(
            file=row["file"],
            municipality=municipality,
            when=formatting.timestamp(row["received_at"]),
        ),
    )
