"""Datakvalitet: every received file with its status and findings, and what the list is built from.

Earlier files stay listed (status «erstattet»), so a municipality's history is visible; choosing a
file shows each finding with the sheet, row and column to fix.
"""

from __future__ import annotations

import streamlit as st

from dashboard.common import data, formatting, safe_text
from dashboard.intake import findings_view, quality
from dashboard.shell import language, page_paths
from screening.i18n import _
from screening.intake.outcomes import REJECTED

ALL_MUNICIPALITIES = _("Alle kommuner")
MUNICIPALITY_KEY = "quality_municipality"
SUBMISSION_KEY = "quality_submission"


def _provenance(path, submissions) -> None:
    provenance = data.provenance(path)
    if provenance.is_empty():
        st.write(_("Bruttolisten er ikke dannet endnu."))
        return
    row = provenance.row(0, named=True)
    st.markdown(
        "\n".join(
            f"- **{label}:** {safe_text.markdown(value)}"
            for label, value in quality.provenance_facts(row)
        )
    )
    files = quality.provenance_files(row, submissions)
    if files.is_empty():
        st.write(_("Ingen gældende filer: bruttolisten er dannet uden opgaver."))
    else:
        st.write(_("**Dannet af {n} filer** (hver kommunes gældende fil):").format(n=files.height))
        st.dataframe(language.headers(files), hide_index=True)
    st.caption(
        _(
            "Samme filer, vægte, beslutninger og kodeversion giver den samme bruttoliste; "
            "hashværdierne viser, om noget er ændret siden."
        )
    )


st.title(_("Datakvalitet"))
path = data.published_database_or_stop()
data.tables_or_stop(path, "submissions", "findings", "gross_list_provenance")
st.caption(data.publication_caption(path))
submissions = data.submissions(path)
if submissions.is_empty():
    st.info(
        _(
            "Der er endnu ikke modtaget nogen skabeloner. Send en udfyldt skabelon på siden "
            "«Indsend skabelon»."
        )
    )
    st.stop()

participants = data.participating_municipalities()
missing = quality.missing_municipalities(submissions, participants)
if missing:
    st.warning(
        _(
            "Ingen gældende skabelon fra {names}: kommunens opgaver er ikke med på bruttolisten "
            "endnu."
        ).format(names=formatting.listing(missing))
    )
st.markdown(_(quality.RULE))

municipality = st.selectbox(
    _("Kommune"),
    [ALL_MUNICIPALITIES, *quality.municipality_choices(submissions, participants)],
    key=MUNICIPALITY_KEY,
    placeholder=_("Vælg"),
)
shown = quality.newest_first(
    submissions, None if municipality == ALL_MUNICIPALITIES else municipality
)
st.subheader(_("Modtagne filer, nyeste først"))
if shown.is_empty():
    st.info(
        _("Der er endnu ikke modtaget nogen fil fra {municipality}.").format(
            municipality=municipality
        )
    )
    st.stop()
st.dataframe(
    language.headers(quality.submissions_table(shown)),
    hide_index=True,
    column_config=language.config(
        {
            quality.STATUS_HEADER: st.column_config.MultiselectColumn(
                options=[_(s) for s in quality.STATUSES],
                color=[quality.STATUS_COLOURS[s] for s in quality.STATUSES],
                width="small",
            ),
        }
    ),
)
with st.expander(_("Hvad betyder status?")):
    st.markdown(quality.status_legend())

ids = shown["archived_as"].to_list()
rows = {row["archived_as"]: row for row in shown.iter_rows(named=True)}
chosen = st.selectbox(
    _("Vælg en fil for at se dens fund"),
    ids,
    format_func=lambda archived_as: quality.submission_option(rows[archived_as]),
    key=SUBMISSION_KEY,
    placeholder=_("Vælg"),
)
row = rows[chosen]
st.subheader(_("Fund i {file}").format(file=safe_text.markdown(row["file"])))
findings = quality.findings_of(data.findings(path), row["archived_as"], row["sha256"])
held_back = quality.held_back_rows(findings)
st.markdown(f"{quality.status_badge(row['status'])} {quality.verdict(row, held_back)}")
st.caption(
    _("SHA-256: {sha} · gemt i arkivet som {archived}").format(
        sha=safe_text.markdown(row["sha256"]), archived=safe_text.markdown(row["archived_as"])
    )
)
if findings.is_empty():
    st.success(_("Ingen fund – filen er i orden."))
else:
    findings_view.show_findings(findings)
if row["status"] == REJECTED or row["n_errors"]:
    st.page_link(
        page_paths.SUBMIT_TEMPLATE,
        label=_("Ret filen, og send den igen"),
        icon=":material/upload_file:",
    )

with st.expander(_("Hvad bruttolisten er dannet af")):
    _provenance(path, submissions)
