"""The upload page's «Sådan er filen læst»: the column mapping and the rows set aside, before
the file counts, and the project group's correction of a column, saved for the municipality's
later files (screening.intake.column_corrections) and logged."""

from __future__ import annotations

import streamlit as st

from dashboard.common import safe_text
from dashboard.intake import understood as tables
from dashboard.shell import identity, language
from screening.decisions import rights
from screening.decisions.columns import correct_column
from screening.errors import ScreeningError
from screening.i18n import _
from screening.intake.submission import Submission

CORRECTED_KEY = "submit_column_corrected"


def show(submission: Submission, recheck) -> None:
    """The reading of ``submission``; ``recheck`` forgets the check so the file is read again."""
    understood = submission.understood
    if understood is None:
        return
    with st.expander(_("Sådan er filen læst"), expanded=True, icon=":material/table_eye:"):
        st.markdown(safe_text.markdown(tables.summary(understood)))
        st.table(language.headers(tables.columns_table(understood)), border="horizontal")
        aside = tables.set_aside_table(understood)
        if not aside.is_empty():
            st.markdown(_("Rækker, der ikke er læst som opgaver:"))
            st.table(language.headers(aside), border="horizontal")
        _correction_form(submission, recheck)
    if message := st.session_state.pop(CORRECTED_KEY, None):
        st.success(message, icon=":material/check:")


def _correction_form(submission: Submission, recheck) -> None:
    municipality = submission.municipality
    user = identity.current_user()
    if municipality is None or identity.refusal(user, rights.UPLOAD, municipality) is not None:
        return
    headers = [c.header for c in submission.understood.columns]
    choices = tables.read_as_choices()
    with st.form("column_correction", border=False):
        st.markdown(
            _(
                "Er en kolonne læst forkert? Ret den her. Rettelsen gælder {municipality}s filer "
                "fra nu af, også denne, og den logges."
            ).format(municipality=municipality)
        )
        header = st.selectbox(_("Kolonne i filen"), headers, placeholder=_("Vælg"))
        read_as = st.selectbox(_("Skal læses som"), list(choices), placeholder=_("Vælg"))
        if st.form_submit_button(_("Gem rettelsen"), icon=":material/save:"):
            was = next((c.read_as for c in submission.understood.columns if c.header == header), "")
            try:
                correct_column(user, municipality, header, choices[read_as], was=was)
            except ScreeningError as error:
                st.error(str(error))
                return
            st.session_state[CORRECTED_KEY] = _(
                "Rettelsen er gemt: i {municipality}s filer læses «{header}» nu som «{read_as}». "
                "Filen er tjekket igen med rettelsen."
            ).format(
                municipality=municipality,
                header=safe_text.markdown(header),
                read_as=read_as,
            )
            recheck()
            st.rerun()
