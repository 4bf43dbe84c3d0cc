"""Time the checks on a crafted workbook that once held the server for minutes, at several
sizes.

The official template whose task sheet ends in an XML comment with one ``<f>`` and ``n``
unclosed ``<c>`` tags (``tests/screening/corpus.py``). Prints, per size, the file's size and the
seconds ``file_guard.inspect`` and the whole reading take. Usage::

    uv run python -m benchmarks.crafted_file 1000 4000 16000 64000
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

# The crafted file is written by the test corpus, so the benchmark measures the very file tested.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "screening"))

from corpus import CONFIG, cells_left_open_in_a_comment  # noqa: E402

from screening.intake import file_guard  # noqa: E402
from screening.intake.reader import read_submission  # noqa: E402


def main(sizes: list[int]) -> None:
    with tempfile.TemporaryDirectory(prefix="crafted-") as folder:
        for n in sizes:
            path = cells_left_open_in_a_comment(Path(folder) / f"tønder-{n}.xlsx", n)
            start = time.perf_counter()
            file_guard.inspect(path)
            guard = time.perf_counter() - start
            start = time.perf_counter()
            submission = read_submission(path, CONFIG)
            whole = time.perf_counter() - start
            print(
                f"{n:>9,} tags {path.stat().st_size / 1024:>8.0f} KB  inspect {guard:8.3f} s  "
                f"read_submission {whole:8.3f} s  tasks {submission.tasks.height}",
                flush=True,
            )


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [1_000, 4_000, 16_000, 64_000])
