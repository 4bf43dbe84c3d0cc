"""What a gross list was built from, so it can be reproduced and questioned: the current
submissions' SHA-256, the weight profile and its version, the overrides and the code version."""

from __future__ import annotations

import hashlib
import json
import subprocess
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

import polars as pl

from screening.config import PROJECT_ROOT
from screening.i18n import N_

# Stored after the commit when the checkout had changes beyond it; a page words it for its reader.
CHANGED_WORD = N_("ændret")
CHANGED_MARK = f"+{CHANGED_WORD}"


def code_version() -> str:
    """The git commit when run from a checkout, else the installed package version."""
    try:
        commit = _git("rev-parse", "--short=12", "HEAD", check=True)
        dirty = _git("status", "--porcelain", "--untracked-files=no")
        return commit + (CHANGED_MARK if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return metadata.version("driftsfaellesskaber")


def _git(*args: str, check: bool = False) -> str:
    return subprocess.run(
        ["git", *args], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=5, check=check
    ).stdout.strip()


def file_digest(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


def inputs_fingerprint(submission_hashes: list[str]) -> str:
    return hashlib.sha256("\n".join(sorted(submission_hashes)).encode()).hexdigest()


def frame_digest(frame: pl.DataFrame) -> str | None:
    """SHA-256 of a table's rows in a stable order; None for an empty table."""
    if frame.is_empty():
        return None
    return hashlib.sha256(frame.sort(frame.columns).write_csv().encode()).hexdigest()


def provenance_row(
    submission_hashes: list[str],
    weight_profile: str,
    weights_version: str,
    weights_file: Path,
    overrides: pl.DataFrame,
    weights: dict | None = None,
) -> pl.DataFrame:
    return pl.DataFrame(
        [
            {
                "built_at": datetime.now(UTC),
                "inputs_fingerprint": inputs_fingerprint(submission_hashes),
                "submission_sha256": sorted(submission_hashes),
                "weight_profile": weight_profile,
                "weights_version": weights_version,
                "weights_sha256": file_digest(weights_file),
                "overrides_sha256": frame_digest(overrides),
                # The profile's weights themselves: it may live in the decision store, not the file.
                "weights": json.dumps(weights or {}, ensure_ascii=False, sort_keys=True),
                "code_version": code_version(),
            }
        ],
        # Explicit types: no match decisions must not turn the column into integers.
        schema={
            "built_at": pl.Datetime("us", "UTC"),
            "inputs_fingerprint": pl.String,
            "submission_sha256": pl.List(pl.String),
            "weight_profile": pl.String,
            "weights_version": pl.String,
            "weights_sha256": pl.String,
            "overrides_sha256": pl.String,
            "weights": pl.String,
            "code_version": pl.String,
        },
    )
