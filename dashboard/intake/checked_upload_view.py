"""Indsend skabelon's one file on screen: its bytes kept on disk, its check kept in the session.

The session holds the file's name, the path and hash of its kept bytes (dashboard.intake.
held_upload) and the reader's verdict, never the bytes themselves; the uploader's own copy is
dropped as soon as the file is kept, and a fresh, empty uploader takes its place.
"""

from __future__ import annotations

import dataclasses
import tempfile

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from dashboard.intake import held_upload, upload
from dashboard.shell import identity
from screening import faults
from screening.config import load_screening_config
from screening.i18n import _
from screening.intake import check_queue

GENERATION_KEY = "submit_uploader_generation"
HELD_KEY = "submit_held"  # (name, HeldFile): the file on screen, its bytes on disk
CHECKS_KEY = "submit_checks"  # sha256 -> (UploadCheck, kept annotated copy): read once


def hold(uploaded) -> None:
    """Keep the new file's bytes on disk, and let go of every copy the session held: the
    previous file's, and the uploader's own (a fresh, empty uploader takes its place)."""
    held = _kept_or_stop(uploaded.getvalue())
    release()
    st.session_state[HELD_KEY] = (uploaded.name, held)
    # Streamlit's memory store can drop one file (remove_file is not in its public protocol, so
    # another store keeps the file until the session ends, as before).
    ctx = get_script_run_ctx()
    remove_file = getattr(ctx.uploaded_file_mgr, "remove_file", None) if ctx else None
    if remove_file is not None:
        remove_file(ctx.session_id, uploaded.file_id)
    st.session_state[GENERATION_KEY] = st.session_state.get(GENERATION_KEY, 0) + 1


def _kept_or_stop(data: bytes) -> held_upload.HeldFile:
    try:
        return held_upload.hold(data)
    except OSError as error:
        st.error(
            faults.disk_message(error, tempfile.gettempdir())
            or _("Filen kunne ikke gemmes til tjekket: {reason}. Prøv igen.").format(
                reason=error.strerror or error
            )
        )
        st.stop()


def generation() -> int:
    """The uploader's generation: a new, empty uploader after each file is kept."""
    return st.session_state.get(GENERATION_KEY, 0)


def kept() -> tuple[str, held_upload.HeldFile] | None:
    """The file on screen (its name as sent and its kept bytes), if any."""
    return st.session_state.get(HELD_KEY)


def release() -> None:
    """Delete the kept file and its annotated copy, and forget them."""
    forget_check()
    if previous := st.session_state.pop(HELD_KEY, None):
        previous[1].release()


def forget_check() -> None:
    """Read the kept file again on the next run (after a column correction)."""
    for _check_shown, feedback in st.session_state.pop(CHECKS_KEY, {}).values():
        if feedback is not None:
            feedback.release()


def check(
    name: str, held: held_upload.HeldFile
) -> tuple[upload.UploadCheck, held_upload.HeldFile | None]:
    """The reader's verdict on the kept file (read once per file) and its kept annotated copy."""
    checks = st.session_state.setdefault(CHECKS_KEY, {})
    if held.sha256 not in checks:
        held_upload.sweep()  # a closed tab's file does not live on
        content = held.read()
        queued = st.empty()
        user = identity.current_user()
        owner = user.id if user else f"session:{get_script_run_ctx().session_id}"
        # One check at a time in this process, smallest file first: a big file from one user
        # does not hold everyone else's ordinary template.
        with (
            st.spinner(_("Tjekker filen …")),
            check_queue.turn(
                owner,
                len(content),
                waiting=lambda ahead: queued.info(
                    _("I kø: {n} fil(er) tjekkes før din. Vent et øjeblik.").format(n=ahead),
                    icon="⏳",
                ),
            ),
        ):
            queued.empty()
            result = upload.check_upload(name, content, load_screening_config())
        del content
        # The annotated copy waits on disk too; the download button reads it when clicked.
        feedback = _kept_or_stop(result.feedback) if result.feedback is not None else None
        for _check_shown, older in checks.values():
            if older is not None:
                older.release()
        checks.clear()  # only the file on screen is kept
        checks[held.sha256] = (dataclasses.replace(result, feedback=None), feedback)
    return checks[held.sha256]
