"""Write the filled sample templates from the sample tasks.

Reads ``data/sample/*.toml`` (one file per municipality: ``municipality = "..."`` and a list of
``[[tasks]]`` keyed by the template's column codes) and writes ``data/templates/<code>.xlsx`` with
:func:`screening.template.writer.write_template`. The screening round and each municipality's file
code come from ``config/screening.toml``.

    uv run python scripts/make_sample_templates.py
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path
from typing import Any

from screening.config import DATA_DIR, Municipality, load_screening_config
from screening.template.writer import write_template

SAMPLE_DIR = DATA_DIR / "sample"
OUT_DIR = DATA_DIR / "templates"


def read_sample(path: Path) -> tuple[str, list[dict[str, Any]]]:
    """The municipality's display name and its tasks from one sample TOML file."""
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    return str(raw["municipality"]), list(raw.get("tasks", []))


def municipality_by_name(municipalities: tuple[Municipality, ...], name: str) -> Municipality:
    for municipality in municipalities:
        if municipality.name == name:
            return municipality
    known = ", ".join(m.name for m in municipalities)
    raise SystemExit(f"Ukendt kommune {name!r} – kendte kommuner: {known}")


def make_sample_templates(sample_dir: Path = SAMPLE_DIR, out_dir: Path = OUT_DIR) -> list[Path]:
    """Write one filled template per sample file; returns the paths written."""
    config = load_screening_config()
    written = []
    for path in sorted(sample_dir.glob("*.toml")):
        name, tasks = read_sample(path)
        municipality = municipality_by_name(config.municipalities, name)
        target = out_dir / f"{municipality.code}.xlsx"
        write_template(target, municipality.name, config.round.id, tasks)
        written.append(target)
    return written


def main() -> int:
    written = make_sample_templates()
    for path in written:
        print(path.relative_to(DATA_DIR.parent))
    return 0 if written else 1


if __name__ == "__main__":
    sys.exit(main())
