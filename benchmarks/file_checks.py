"""The file checks (``file_guard.inspect``) and the whole reading of a round's files, with this
checkout's guard and with the guard of an earlier commit, side by side in one process.

    uv run python -m benchmarks.file_checks --against house [--repeats 5]

The earlier ``screening/intake/file_guard.py`` and ``sheet_xml.py`` are taken from git
(``git show REV:path``) and loaded as modules of their own; the rest of the reader is this
checkout's. The two run in turns, ``--repeats`` times each, on the 98 × 300 round; medians of
wall time and of CPU time (all threads: reading runs two files at a time), and the load.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

from benchmarks.data import BENCHMARK_DIR, ensure_round
from screening.config import PROJECT_ROOT, load_screening_config
from screening.intake import file_guard, reader
from screening.intake.submissions import read_folder


def _old_guard(revision: str, folder: Path) -> ModuleType:
    """``file_guard`` as it was at ``revision``, using that revision's ``sheet_xml``."""
    modules = {}
    for name in ("sheet_xml", "file_guard"):
        source = subprocess.run(
            ["git", "show", f"{revision}:screening/intake/{name}.py"],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        source = source.replace(
            "from screening.intake import sheet_xml", "sheet_xml = _old_sheet_xml"
        )
        path = folder / f"old_{name}.py"
        path.write_text(source, encoding="utf-8")
        spec = importlib.util.spec_from_file_location(f"old_{name}", path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # dataclasses look their module up there
        if name == "file_guard":
            module._old_sheet_xml = modules["sheet_xml"]
        spec.loader.exec_module(module)
        modules[name] = module
    return modules["file_guard"]


def measure(revision: str, repeats: int = 5, data_root: Path = BENCHMARK_DIR) -> dict:
    generated, _ = ensure_round(98, 300, 0, data_root)
    config = load_screening_config(generated.config_path)
    files = sorted(generated.templates_dir.glob("*.xlsx"))
    load_before = [round(x, 2) for x in os.getloadavg()]
    times: dict[str, dict[str, list[float]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        guards = {revision: _old_guard(revision, Path(tmp)), "this checkout": file_guard}
        for _ in range(repeats):
            for name, guard in guards.items():
                found = times.setdefault(name, {})
                for what, work in (
                    ("inspect_98_files", lambda g=guard: [g.inspect(p) for p in files]),
                    ("read_folder_98_files", lambda: read_folder(generated.templates_dir, config)),
                ):
                    reader.file_guard = guard
                    start, cpu = time.perf_counter(), time.process_time()
                    try:
                        work()
                    finally:
                        reader.file_guard = file_guard
                    found.setdefault(f"{what}_s", []).append(time.perf_counter() - start)
                    found.setdefault(f"{what}_cpu_s", []).append(time.process_time() - cpu)
    result = {
        name: {key: round(statistics.median(values), 3) for key, values in found.items()}
        for name, found in times.items()
    }
    old, new = result[revision], result["this checkout"]
    result["ratios_old_over_new"] = {key: round(old[key] / new[key], 2) for key in new if new[key]}
    result["repetitions"] = f"median of {repeats}, in turns"
    result["load_average_before_after"] = [load_before, [round(x, 2) for x in os.getloadavg()]]
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.file_checks", description=__doc__)
    parser.add_argument("--against", default="house", help="the earlier commit or branch")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.against, args.repeats), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
