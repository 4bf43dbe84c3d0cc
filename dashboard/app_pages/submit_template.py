"""Indsend skabelon: check a filled template at once, download the annotated copy, and send it.

The file is read here exactly as the pipeline will read it, so the sender sees the verdict before
sending. Sending puts the file unchanged into the inbox; the pipeline archives it and rebuilds the
gross list. Works before any gross list exists, so it needs no published database.
"""

from __future__ import annotations

from datetime import UTC, datetime

import streamlit as st

from dashboard.common import decision_store, formatting, queries, safe_text
from dashboard.intake import (
    checked_upload_view,
    effects_view,
    findings_view,
    held_upload,
    quality,
    resubmission,
    sent_view,
    template_view,
    understood_view,
    upload,
)
from dashboard.shell import identity, language, page_paths
from screening import faults
from screening.config import inbox_dir, load_screening_config
from screening.decisions import rights
from screening.decisions.rights import NotAllowed
from screening.decisions.uploads import send_upload
from screening.errors import ScreeningError
from screening.i18n import _
from screening.intake.findings import findings_frame
from screening.intake.message_language import in_reader_language

UPLOAD_KEY = "submit_upload"  # + the uploader's generation: a new one after each file
SENT_KEY = "submit_sent"  # sha256 -> the inbox file it was sent as
SENT_AT_KEY = "submit_sent_at"  # sha256 -> when it was sent (UTC)
SEND_ERROR_KEY = "submit_send_error"
PREDICTIONS_KEY = "submit_predictions"  # sha256 -> what the next run will make of the file
CONFIRM_KEY = "submit_confirm_removal"

INSTRUCTIONS = _("""
1. Vælg jeres udfyldte skabelon (Excel .xlsx/.xlsm, OpenDocument .ods eller CSV).
2. Filen tjekkes med det samme, præcis som den læses, når bruttolisten dannes. Hver fejl og
   advarsel vises med ark, række og kolonne, og I kan hente en kopi med kommentarer i de
   celler, der skal rettes.
3. Tryk «Send til projektgruppen», når I er klar. Filen gemmes uændret; den bliver ikke sendt,
   før I trykker. En fil, der afvises, kan ikke sendes: ret fejlen, og læg den rettede fil her.
""")


@language.in_readers_language
def _put_in_inbox(name: str, held: held_upload.HeldFile, check: upload.UploadCheck) -> None:
    # A callback, so it runs before the page is drawn and the button already shows it was sent.
    user = identity.current_user()
    try:
        if user is None:
            raise NotAllowed(_(identity.READ_ONLY_TEXT))
        send_upload(decision_store.engine(), user, check.submission, name, held.read(), inbox_dir())
        # The name as the sender gave it: a second file of the same name waits in the inbox
        # under another one, which is no concern of theirs.
        st.session_state[SENT_KEY][check.submission.sha256] = name
        st.session_state.setdefault(SENT_AT_KEY, {})[check.submission.sha256] = datetime.now(UTC)
        held.release()  # sent: the inbox has the file now
    except ScreeningError as error:
        st.session_state[SEND_ERROR_KEY] = str(error)
    except OSError as error:
        st.session_state[SEND_ERROR_KEY] = faults.disk_message(error, inbox_dir()) or (
            _(
                "Filen kunne ikke gemmes i indbakken ({folder}): {reason}. Intet er sendt; prøv "
                "igen, og kontakt IT, hvis fejlen bliver ved."
            ).format(folder=inbox_dir(), reason=error.strerror or error)
        )


def _prediction(check: upload.UploadCheck) -> resubmission.Prediction | None:
    """What the next run will make of the file, computed once per file: once sent, the file
    waits in the inbox and would otherwise be predicted against itself."""
    if check.rejected:
        return None
    predictions = st.session_state.setdefault(PREDICTIONS_KEY, {})
    sha = check.submission.sha256
    if sha not in predictions:
        predictions.clear()
        path = queries.published_database()
        predictions[sha] = resubmission.prediction(
            check.submission,
            path,
            inbox_dir(),
            load_screening_config(),
            decision_store.events_if_available(),
        )
    return predictions[sha]


def _forget_prediction() -> None:
    """An answer to the near-duplicate question changes what the next run does."""
    st.session_state.pop(PREDICTIONS_KEY, None)


def _comparison(check: upload.UploadCheck, prediction: resubmission.Prediction) -> bool:
    """What the file changes against the municipality's current one; True when it may be
    sent (a file that removes more than half the current tasks needs an explicit yes)."""
    municipality = check.submission.municipality
    if sentence := resubmission.status_sentence(prediction, municipality):
        st.info(sentence, icon=":material/history:")
    change = prediction.change
    if change is None or change.is_first:
        return True
    st.subheader(
        _("Ændringer i forhold til {municipality}s gældende fil").format(municipality=municipality)
    )
    st.markdown(in_reader_language(change.summary()))
    rows = resubmission.comparison_rows(change)
    if not rows.is_empty():
        st.dataframe(language.headers(rows), hide_index=True)
    for left in change.leaves:
        st.warning(
            _(
                "{municipality} forlader kandidaten med «{title}», som også {others} har foreslået."
            ).format(
                municipality=municipality,
                title=safe_text.markdown(left.title),
                others=formatting.and_listing(left.others),
            ),
            icon=":material/call_split:",
        )
    if not change.removes_most:
        return True
    st.warning(
        _(
            "Filen fjerner {removed} af de {current} opgaver, der er med nu. Er det meningen, så "
            "bekræft det herunder."
        ).format(removed=len(change.removed), current=change.n_current),
        icon=":material/warning:",
    )
    return st.checkbox(resubmission.confirmation_label(change, municipality), key=CONFIRM_KEY)


def _send(
    name: str, held: held_upload.HeldFile, check: upload.UploadCheck, confirmed: bool = True
) -> None:
    st.subheader(_("Send til projektgruppen"))
    if check.rejected:
        # A refused file would change nothing on the gross list; sent anyway, a hostile one
        # would reach the pipeline too. The findings above say what to fix.
        st.warning(
            _(
                "Filen er afvist og **kan ikke sendes**. Ret fejlen ovenfor, gem filen, og læg den "
                "rettede fil her igen."
            )
        )
        return
    sent = st.session_state.setdefault(SENT_KEY, {})
    sha = check.submission.sha256
    refusal = identity.refusal(
        identity.current_user(), rights.UPLOAD, check.submission.municipality
    )
    if refusal:
        st.info(
            _("{refusal} Kun kommunens projektgruppe sender dens skabelon.").format(
                refusal=refusal
            ),
            icon="🔒",
        )
    st.button(
        _("Send til projektgruppen"),
        type="primary",
        icon=":material/send:",
        disabled=sha in sent or not confirmed or refusal is not None,
        key="submit_send",
        on_click=_put_in_inbox,
        args=(name, held, check),
    )
    if error := st.session_state.pop(SEND_ERROR_KEY, None):
        st.error(error)
    if sha in sent:
        sent_at = st.session_state.setdefault(SENT_AT_KEY, {}).get(sha, datetime.now(UTC))
        sent_view.render(sent[sha], sha, sent_at)
        st.page_link(
            page_paths.DATA_QUALITY, label=_("Gå til Datakvalitet"), icon=":material/fact_check:"
        )


st.title(_("Indsend skabelon"))
template_view.render()  # the blank template and the current file, beside the upload
st.markdown(INSTRUCTIONS)
st.markdown(_(quality.RULE))
uploaded = st.file_uploader(
    _("Udfyldt skabelon"),
    type=list(upload.ACCEPTED_TYPES),
    key=f"{UPLOAD_KEY}_{checked_upload_view.generation()}",
    max_upload_size=upload.MAX_UPLOAD_MB,
)
if uploaded is not None:
    checked_upload_view.hold(uploaded)
    del uploaded
    st.rerun()
if (kept := checked_upload_view.kept()) is None:
    st.stop()

name, held = kept
st.caption(
    _("Tjekket fil: «{name}». Vælg en anden fil ovenfor for at erstatte den.").format(
        name=safe_text.markdown(name)
    )
)
try:
    check, feedback = checked_upload_view.check(name, held)
except held_upload.HeldFileGone as gone:
    checked_upload_view.release()
    st.info(str(gone), icon=":material/upload_file:")
    st.stop()
prediction = _prediction(check)
if check.rejected:
    st.error(check.verdict(), icon=":material/block:")
else:
    st.success(check.verdict(prediction.status), icon=":material/check_circle:")
confirmed = _comparison(check, prediction) if prediction is not None else True
if prediction is not None and prediction.effects is not None:
    effects_view.show_effects(prediction.effects, _forget_prediction)
understood_view.show(check.submission, recheck=checked_upload_view.forget_check)

findings = findings_frame(check.submission.findings)
if findings.is_empty():
    st.write(_("Ingen fund – filen er i orden."))
else:
    st.subheader(_("Fund i {file}").format(file=safe_text.markdown(check.name)))
    findings_view.show_findings(findings)
if feedback is not None:
    st.download_button(
        _("Hent kopi med rettelser"),
        data=feedback.read,
        file_name=check.feedback_name,
        mime=upload.XLSX_MIME,
        icon=":material/download:",
        help=_(
            "En kopi af filen, hvor cellerne med fund er farvet og har en kommentar, og med et "
            "ark «Rettelser» over alle fund. Jeres egen fil ændres ikke."
        ),
    )
_send(name, held, check, confirmed)
