"""Group tasks that several municipalities propose into one candidate.

Tasks are compared only within the same service area (blocking keeps the cost far below all
pairs at national scale) and only across municipalities. Similarity combines the title, the
description and the task type; pairs above the threshold are linked, and linked tasks form one
candidate (connected components). Each link keeps its confidence so uncertain links can be shown
for review.
"""

from __future__ import annotations

import re

import polars as pl
from rapidfuzz import fuzz

from screening.parsing import fold

LINK_THRESHOLD = 0.55
TITLE_WEIGHT, DESCRIPTION_WEIGHT, TYPE_WEIGHT = 0.6, 0.25, 0.15

# Words that say nothing about which task it is, in folded form (see parsing.fold).
STOP_WORDS = frozenset(
    "og i af til for med fra paa den det de en et samt om under faelles kommunal kommunale "
    "kommunens opgave opgaver".split()
)

LINK_SCHEMA = {"task_id": pl.String, "other_task_id": pl.String, "confidence": pl.Float64}


def match_key(text: str | None) -> str:
    words = [w for w in fold(text or "").split() if w not in STOP_WORDS]
    return " ".join(words)


def _title_similarity(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    # Compounds: "loenadministration" vs "loen personaleadministration" share long substrings
    # but few whole words, so the best of a word-set and a partial comparison is used.
    joined_a, joined_b = re.sub(" ", "", a), re.sub(" ", "", b)
    return max(fuzz.token_set_ratio(a, b), fuzz.partial_ratio(joined_a, joined_b) * 0.9) / 100


def task_links(tasks: pl.DataFrame, threshold: float = LINK_THRESHOLD) -> pl.DataFrame:
    """Pairs of tasks from different municipalities that look like the same task."""
    rows = tasks.select(
        "task_id", "municipality", "service_area", "task_type", "title", "description"
    ).to_dicts()
    for row in rows:
        row["_title"] = match_key(row["title"])
        row["_description"] = match_key(row["description"])
    blocks: dict[str, list[dict]] = {}
    for row in rows:
        blocks.setdefault(row["service_area"] or "", []).append(row)
    links = []
    for block in blocks.values():
        for i, a in enumerate(block):
            for b in block[i + 1 :]:
                if a["municipality"] == b["municipality"]:
                    continue
                confidence = (
                    TITLE_WEIGHT * _title_similarity(a["_title"], b["_title"])
                    + DESCRIPTION_WEIGHT
                    * fuzz.token_set_ratio(a["_description"], b["_description"])
                    / 100
                    + TYPE_WEIGHT * (a["task_type"] == b["task_type"])
                )
                if confidence >= threshold:
                    links.append((a["task_id"], b["task_id"], round(confidence, 4)))
    return pl.DataFrame(links, schema=LINK_SCHEMA, orient="row")


def assign_candidates(tasks: pl.DataFrame, links: pl.DataFrame) -> pl.DataFrame:
    """task_id -> candidate_id, from the connected components of the links."""
    parent = {task_id: task_id for task_id in tasks["task_id"]}

    def root(task_id: str) -> str:
        while parent[task_id] != task_id:
            parent[task_id] = parent[parent[task_id]]
            task_id = parent[task_id]
        return task_id

    for a, b in links.select("task_id", "other_task_id").iter_rows():
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    # The candidate is named after its alphabetically first task, so ids are stable per input.
    return pl.DataFrame(
        {
            "task_id": list(parent),
            "candidate_id": [f"K-{root(task_id)}" for task_id in parent],
        }
    )
