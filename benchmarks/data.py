"""Generated benchmark data, cached by (municipalities, tasks, seed, generator version).

Generating 98 workbooks takes seconds, not minutes, but the benchmark is run many times and the
files should be the same bytes every time. A folder counts as cached only once its manifest is
written, which happens last, so an interrupted generation is redone.
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

from benchmarks.synthetic import GENERATOR_VERSION, SyntheticRound, generate
from screening.config import DATA_DIR

BENCHMARK_DIR = DATA_DIR / "benchmark"  # git-ignored
MANIFEST = "manifest.json"


def round_folder(root: Path, municipalities: int, tasks: int, seed: int) -> Path:
    return Path(root) / f"n{municipalities:03d}_m{tasks}_s{seed}_v{GENERATOR_VERSION}"


def ensure_round(
    municipalities: int, tasks: int, seed: int = 0, root: Path = BENCHMARK_DIR
) -> tuple[SyntheticRound, float | None]:
    """The generated round, and the seconds spent generating it (None when it was cached)."""
    folder = round_folder(root, municipalities, tasks, seed)
    if (folder / MANIFEST).exists():
        return SyntheticRound.at(folder, municipalities, tasks, seed), None
    if folder.exists():
        shutil.rmtree(folder)
    start = time.perf_counter()
    generated = generate(folder, municipalities, tasks, seed)
    seconds = time.perf_counter() - start
    manifest = {
        "municipalities": municipalities,
        "tasks_per_municipality": tasks,
        "seed": seed,
        "generator_version": GENERATOR_VERSION,
        "generation_seconds": round(seconds, 2),
        "files": len(list(generated.templates_dir.glob("*.xlsx"))),
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return generated, seconds
