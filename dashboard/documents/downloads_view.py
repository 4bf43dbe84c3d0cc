"""«Dokumenter til møder» on the phase pages: the decision workbook to download, the filled
workbook to upload (its findings and conflicts shown, each conflict resolved by a person), and
the committee annexes as PDF or Word.

The pages call :func:`meeting_documents` with one line. Everything is done by
:mod:`screening.documents`; this module only lays it out. An upload is imported only when the
user presses «Indlæs», once per file, and the result is kept in the session so a rerun never
imports it again.
"""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

import polars as pl
import streamlit as st

from dashboard.common import decision_store, safe_text
from dashboard.intake import findings_view
from dashboard.shell import identity
from screening.config import load_screening_config
from screening.decisions import rights
from screening.decisions.store import read_events
from screening.decisions.users import User
from screening.documents.annex import COORDINATION_COMMITTEE, build_annex, write_annex
from screening.documents.decision_lists import decision_list
from screening.documents.workbook import write_decision_workbook
from screening.documents.workbook_import import (
    ImportConflict,
    WorkbookImport,
    import_decision_workbook,
    resolve_with_workbook,
)
from screening.errors import ScreeningError
from screening.i18n import _
from screening.intake.findings import findings_frame

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
RESULT_KEY = "documents_import_{phase}"
ANNEX_KEY = "documents_annex_{phase}"


def meeting_documents(phase: int, municipality: str, gross_list: pl.DataFrame | None) -> None:
    """The section for ``phase`` (1: today's ``gross_list``, 2: the newest frozen list)."""
    st.subheader(_("Dokumenter til møder"))
    st.caption(
        _(
            "Hent kommunens beslutninger som Excel-projektmappe, få den udfyldt, og indlæs den "
            "her. Dagsordensbilaget (PDF eller Word) kan vedlægges udvalgets sag."
        )
    )
    user = identity.current_user()
    workbook_column, annex_column = st.columns(2)
    with workbook_column:
        _workbook_download(phase, municipality, gross_list, user)
        _workbook_upload(phase, municipality, gross_list, user)
    with annex_column:
        _annex(phase, municipality)


def _workbook_download(phase, municipality, gross_list, user: User | None) -> None:
    try:
        listing = decision_list(decision_store.engine(), phase, gross_list)
    except ScreeningError as reason:
        st.info(str(reason), icon="ℹ️")
        return
    exporter = user or User("", _("(ikke logget ind)"), municipality, ())
    engine = decision_store.engine()

    def workbook() -> bytes:
        # Made when the button is pressed (on Streamlit's own thread, so no st.* in here), with
        # the decisions and versions of that moment: a national list is not rewritten on
        # every rerun of the page.
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "projektmappe.xlsx"
            write_decision_workbook(path, listing, read_events(engine), municipality, exporter)
            return path.read_bytes()

    st.download_button(
        _("Hent projektmappe (fase {phase})").format(phase=phase),
        workbook,
        file_name=f"beslutninger-fase{phase}-{municipality.lower()}.xlsx",
        mime=XLSX,
        icon=":material/download:",
        on_click="ignore",
        key=f"documents_workbook_{phase}",
    )


def _workbook_upload(phase, municipality, gross_list, user: User | None) -> None:
    refusal = identity.refusal(
        user, rights.PRIORITY if phase == 1 else rights.POLITICAL, municipality
    )
    if refusal:
        st.caption(refusal)
        return
    uploaded = st.file_uploader(
        _("Indlæs en udfyldt projektmappe"), type=["xlsx"], key=f"documents_upload_{phase}"
    )
    key = RESULT_KEY.format(phase=phase)
    if uploaded is not None:
        data = uploaded.getvalue()
        digest = hashlib.sha256(data).hexdigest()
        if st.button(_("Indlæs"), type="primary", key=f"documents_import_button_{phase}"):
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / "upload.xlsx"
                path.write_bytes(data)
                result = import_decision_workbook(
                    path,
                    decision_store.engine(),
                    user,
                    load_screening_config(),
                    gross_list,
                    display_name=uploaded.name,
                )
            st.session_state[key] = {"digest": digest, "result": result, "resolved": {}}
            st.rerun()  # the tables above show the imported decisions at once
    held = st.session_state.get(key)
    if held:
        _show_import(held, user, gross_list)


def _show_import(held: dict, user: User, gross_list) -> None:
    result: WorkbookImport = held["result"]
    if result.rejected:
        st.error(safe_text.markdown(result.summary()), icon="⚠️")
    elif result.conflicts or any(f.severity == "error" for f in result.findings):
        st.warning(safe_text.markdown(result.summary()), icon="⚠️")
    else:
        st.success(safe_text.markdown(result.summary()), icon="✅")
    if result.recorded:
        st.markdown("\n".join(f"- {safe_text.markdown(line)}" for line in result.recorded))
    if result.findings:
        findings_view.show_findings(findings_frame(result.findings))
    for index, conflict in enumerate(result.conflicts):
        _conflict(index, conflict, held["resolved"], user, gross_list)


def _conflict(index: int, conflict: ImportConflict, resolved: dict, user, gross_list) -> None:
    with st.container(border=True):
        st.markdown(safe_text.markdown(conflict.describe()))
        if index in resolved:
            st.caption(resolved[index])
            return
        keep, overwrite = st.columns(2)
        if keep.button(
            _("Behold «{value}»").format(value=conflict.current_label),
            key=f"documents_keep_{conflict.phase}_{index}",
        ):
            resolved[index] = _("Dashboardets værdi er beholdt.")
            st.rerun()
        if overwrite.button(
            _("Brug projektmappens «{value}»").format(value=conflict.workbook["value"]),
            key=f"documents_overwrite_{conflict.phase}_{index}",
        ):
            try:
                resolve_with_workbook(decision_store.engine(), user, conflict, gross_list)
                resolved[index] = _("Projektmappens værdi er registreret.")
            except ScreeningError as error:
                resolved[index] = str(error)
            st.rerun()


def _annex(phase: int, municipality: str) -> None:
    audiences = [municipality, COORDINATION_COMMITTEE]
    audience = st.radio(
        _("Dagsordensbilag til"), audiences, key=f"documents_annex_audience_{phase}"
    )
    kind = st.radio(
        _("Format"), ["PDF", "Word"], horizontal=True, key=f"documents_annex_format_{phase}"
    )
    key = ANNEX_KEY.format(phase=phase)
    if st.button(_("Lav dagsordensbilag"), key=f"documents_annex_button_{phase}"):
        suffix = ".pdf" if kind == "PDF" else ".docx"
        try:
            with st.spinner(_("Bilaget laves (diagrammerne tegnes) …")):
                engine = decision_store.engine()
                read_events(engine)  # the store answers before the slow part starts
                content = build_annex(engine, load_screening_config(), audience)
                with tempfile.TemporaryDirectory() as folder:
                    path = write_annex(content, Path(folder) / f"bilag{suffix}")
                    data = path.read_bytes()
        except (ScreeningError, LookupError) as reason:
            st.session_state.pop(key, None)
            st.info(str(reason), icon="ℹ️")
            return
        name = f"dagsordensbilag-{audience.lower()}{suffix}"
        st.session_state[key] = {"data": data, "name": name, "suffix": suffix}
    made = st.session_state.get(key)
    if made:
        st.download_button(
            _("Hent {name}").format(name=made["name"]),
            made["data"],
            file_name=made["name"],
            mime="application/pdf" if made["suffix"] == ".pdf" else DOCX,
            icon=":material/description:",
            on_click="ignore",
            key=f"documents_annex_download_{phase}",
        )
