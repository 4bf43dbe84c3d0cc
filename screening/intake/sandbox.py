"""Check a received file in a child process with a time and a memory budget.

The dashboard checks an upload while other people use it. In its own process, a file that takes
long or needs much memory holds up only that child: the server's threads keep answering (a
regular expression stuck in the server process holds Python's lock and with it every page), and
the child is killed when its budget runs out. The verdict is then one Danish finding, like any
other refusal.
"""

from __future__ import annotations

import pickle
import subprocess
import sys
import tempfile
from pathlib import Path

from screening.config import ScreeningConfig
from screening.errors import ScreeningError
from screening.intake.feedback import write_feedback
from screening.intake.file_guard import MAX_FILE_BYTES
from screening.intake.reader import read_submission
from screening.intake.submission import Submission

CHECK_SECONDS = 60.0  # a 300-task template is checked and annotated in under two seconds
# Address space, not resident memory: Python, Polars and calamine take about 0.55 GB of it
# before the first byte is read; a template's reading adds tens of megabytes.
CHECK_MEMORY_BYTES = 1536 * 1024 * 1024


class OverBudget(ScreeningError):
    """The check ran out of time or memory; the message says so in Danish."""


def check_file(
    path: Path, config: ScreeningConfig, display_name: str
) -> tuple[Submission, bytes | None]:
    """Read ``path`` as the pipeline will, and the annotated copy (in this process)."""
    submission = read_submission(path, config, display_name=display_name)
    out = Path(path).parent / f".rettelser-{Path(path).stem}.xlsx"
    try:
        feedback = write_feedback(path, submission, out).read_bytes()
    finally:
        out.unlink(missing_ok=True)
    return submission, feedback


def check_in_child(
    name: str,
    data: bytes,
    config: ScreeningConfig,
    seconds: float = CHECK_SECONDS,
    memory_bytes: int = CHECK_MEMORY_BYTES,
) -> tuple[Submission, bytes | None]:
    """:func:`check_file` on ``data`` saved as ``name``, in a child process under the budget."""
    if len(data) > MAX_FILE_BYTES:
        raise OverBudget(
            f"Filen fylder {len(data) / 1024 / 1024:.0f} MB; grænsen er "
            f"{MAX_FILE_BYTES // 1024 // 1024} MB. Fjern billeder og ekstra ark, eller del "
            "opgaverne på flere filer."
        )
    with tempfile.TemporaryDirectory(prefix="upload-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        return run_limited(
            "screening.intake.sandbox:check_file",
            (path, config, name),
            seconds=seconds,
            memory_bytes=memory_bytes,
        )


def run_limited(target: str, args: tuple, seconds: float, memory_bytes: int):
    """Call ``module:function`` with ``args`` in a fresh Python process under the budget."""
    request = pickle.dumps((target, args, memory_bytes))
    child = subprocess.Popen(
        [sys.executable, "-m", "screening.intake.sandbox"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    try:
        out, _ = child.communicate(request, timeout=seconds)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        raise OverBudget(
            f"Filen kunne ikke tjekkes inden for {seconds:.0f} sekunder og er ikke læst. En "
            "udfyldt skabelon tjekkes på få sekunder: brug den udleverede skabelon, kopiér kun "
            "opgaverne ind (Indsæt › Værdier), og prøv igen."
        ) from None
    try:
        status, value = pickle.loads(out)
    except Exception:
        status, value = "crashed", child.returncode
    if status == "ok":
        return value
    if status == "memory":
        raise OverBudget(
            f"Filen kræver mere end {memory_bytes // 1024 // 1024} MB hukommelse at tjekke og er "
            "ikke læst. Fjern billeder og ekstra ark, eller del opgaverne på flere filer, og prøv "
            "igen."
        )
    raise OverBudget(
        "Tjekket af filen stoppede uventet, så filen er ikke læst. Gem den igen i Excel som "
        ".xlsx, og prøv igen; sker det igen, så send filen til projektgruppen på anden vis."
    )


def _serve() -> None:
    """The child: set the memory limit first, then do the one call and answer with a pickle."""
    import importlib
    import resource

    target, args, memory_bytes = pickle.loads(sys.stdin.buffer.read())
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    # The answer owns stdout: anything a library prints goes to stderr, not into the pickle.
    answer_to, sys.stdout = sys.stdout.buffer, sys.stderr
    module, _, function = target.partition(":")
    try:
        answer = ("ok", getattr(importlib.import_module(module), function)(*args))
    except MemoryError:
        answer = ("memory", None)
    answer_to.write(pickle.dumps(answer))
    answer_to.flush()


if __name__ == "__main__":
    _serve()
