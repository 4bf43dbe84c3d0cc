"""Re-rank the gross list under other weights and say how each candidate's rank moves.

Pure functions (no Streamlit) for the pages Vægte, Scenarier and Kandidat. They start from the
published ``candidate_values`` and :func:`screening.ranking.scoring.score_values`, so a new set of
weights re-ranks in milliseconds, without a pipeline run and without touching the published gross
list.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from dashboard.common import formatting
from dashboard.ranking import tables
from screening.i18n import N_, _
from screening.ranking.scoring import CRITERIA, ScoringConfig, WeightProfile, score_values

CUSTOM_CODE, CUSTOM_LABEL = "custom", N_("Egne vægte")
UP, DOWN, UNCHANGED = "▲", "▼", N_("uændret")
UP_COLOUR, DOWN_COLOUR = "#2E7D32", "#C00000"

CHANGE_HEADER = N_("Ændring")
PUBLISHED_RANK_HEADER = N_("Nr. på bruttolisten")


def published_profile(config: ScoringConfig, gross_list: pl.DataFrame) -> WeightProfile | None:
    """The profile the published gross list was scored with, if the file still holds it as it was.

    The gross list records the profile's label and the weights version; when the version in the
    file has moved on, the numbers may have changed, so no profile is claimed to be «the» one.
    """
    if gross_list.is_empty():
        return None
    first = gross_list.row(0, named=True)
    if first["weights_version"] != config.version:
        return None
    return next((p for p in config.profiles.values() if p.label == first["weight_profile"]), None)


def starting_profile_code(config: ScoringConfig, gross_list: pl.DataFrame) -> str:
    """Which profile a page starts on: the published list's, else the configured default."""
    published = published_profile(config, gross_list)
    return published.code if published else config.default_profile


def with_weights(base: WeightProfile, weights: Mapping[str, float]) -> WeightProfile:
    """``base`` with other criterion weights; the goal weights inside «Mål og rationale» stay."""
    return WeightProfile(
        code=CUSTOM_CODE,
        label=_(CUSTOM_LABEL),
        weights={c: float(weights[c]) for c in CRITERIA},
        goal_weights=dict(base.goal_weights),
    )


def weight_shares_text(weights: Mapping[str, float]) -> dict[str, str]:
    """Each criterion's share of the total weight as Danish text: ``{"potential": "20 %"}``."""
    total = sum(weights[c] for c in CRITERIA)
    return {c: formatting.share(weights[c] / total if total else 0.0) for c in CRITERIA}


def rerank(
    values: pl.DataFrame,
    gross_list: pl.DataFrame,
    profile: WeightProfile,
    authority_exercise_penalty: float,
) -> pl.DataFrame:
    """Every candidate's rank and score under ``profile``, best first, beside its published rank;
    ``rank_change`` is positive when the candidate moves up the list."""
    scored = score_values(values, profile, authority_exercise_penalty).select(
        "candidate_id", "rank", "score"
    )
    described = gross_list.select(
        "candidate_id",
        "title",
        "municipalities",
        "authority_exercise",
        pl.col("rank").alias("published_rank"),
    )
    return (
        scored.join(described, on="candidate_id", how="left")
        .with_columns((pl.col("published_rank") - pl.col("rank")).alias("rank_change"))
        .sort("rank")
    )


def rank_change_text(change: int | None) -> str:
    """``3`` -> ``"▲ 3"`` (three places up), ``-2`` -> ``"▼ 2"``, ``0`` -> ``"uændret"``."""
    if change is None:
        return formatting.MISSING
    if change > 0:
        return f"{UP} {change}"
    if change < 0:
        return f"{DOWN} {-change}"
    return _(UNCHANGED)


# Colouring through pandas' Styler costs ~0.2 s per 1,000 rows on every rerun (it renders each
# cell); beyond this many rows the arrows ▲ ▼ alone say which way a candidate moved.
STYLED_ROWS = 1_000


def with_change_colours(table: pl.DataFrame, column: str):
    """``table`` for ``st.dataframe``: the change column coloured (a Styler) when it is short
    enough to colour quickly, else the plain frame."""
    if table.height > STYLED_ROWS:
        return table
    return table.to_pandas().style.map(rank_change_style, subset=[column])


def rank_change_style(text: str) -> str:
    """CSS for a rank-change cell (pandas Styler): green up, red down, plain when unchanged."""
    if text.startswith(UP):
        return f"color: {UP_COLOUR}; font-weight: 600"
    if text.startswith(DOWN):
        return f"color: {DOWN_COLOUR}; font-weight: 600"
    return ""


def reranked_table(reranked: pl.DataFrame) -> pl.DataFrame:
    """The re-ranked list as people read it, best first under the new weights.

    Built column by column, not row by row: every slider move rebuilds it, and a national list
    has 4,700 rows."""
    return reranked.select(
        pl.col("rank").cast(pl.Int64).alias(tables.RANK_HEADER),
        pl.Series(CHANGE_HEADER, [rank_change_text(c) for c in reranked["rank_change"]], pl.String),
        pl.col("title").cast(pl.String).alias(tables.TITLE_HEADER),
        pl.Series(
            tables.SCORE_HEADER, [formatting.points(s) for s in reranked["score"]], pl.String
        ),
        pl.col("published_rank").cast(pl.Int64).alias(PUBLISHED_RANK_HEADER),
        # formatting.listing as an expression: the names joined, none for an empty list.
        pl.col("municipalities").list.join(", ").fill_null("").alias(tables.MUNICIPALITIES_HEADER),
        pl.when(pl.col("authority_exercise"))
        .then(pl.lit(_(tables.AUTHORITY_FLAG)))
        .otherwise(pl.lit(""))
        .alias(tables.AUTHORITY_HEADER),
    )


def scenario_rank_headers(first_label: str, second_label: str) -> tuple[str, str]:
    return (
        _("Nr. med «{profile}»").format(profile=first_label),
        _("Nr. med «{profile}»").format(profile=second_label),
    )


def scenario_table(
    comparison: pl.DataFrame, gross_list: pl.DataFrame, first_label: str, second_label: str
) -> pl.DataFrame:
    """:func:`screening.ranking.scenarios.compare_profiles`'s result with names, best under the
    second profile first; the change reads from the first profile to the second."""
    first_header, second_header = scenario_rank_headers(first_label, second_label)
    names = {row["candidate_id"]: row for row in gross_list.iter_rows(named=True)}
    rows = [
        {
            tables.TITLE_HEADER: names[row["candidate_id"]]["title"],
            first_header: row["rank_first"],
            second_header: row["rank_second"],
            CHANGE_HEADER: rank_change_text(row["rank_change"]),
            tables.MUNICIPALITIES_HEADER: formatting.listing(
                names[row["candidate_id"]]["municipalities"]
            ),
        }
        for row in comparison.iter_rows(named=True)
        if row["candidate_id"] in names
    ]
    columns = [
        tables.TITLE_HEADER,
        first_header,
        second_header,
        CHANGE_HEADER,
        tables.MUNICIPALITIES_HEADER,
    ]
    schema = {
        name: pl.Int64 if name in (first_header, second_header) else pl.String for name in columns
    }
    return pl.DataFrame(rows, schema=schema)


def with_titles(comparison: pl.DataFrame, gross_list: pl.DataFrame) -> pl.DataFrame:
    """The comparison with each candidate's title, for charts."""
    return comparison.join(
        gross_list.select("candidate_id", "title"), on="candidate_id", how="left"
    )


TIPPING_HEADERS = (
    N_("Kriterium"),
    N_("Vægtandel nu"),
    N_("Flytning, der ændrer placeringen"),
    N_("Forklaring"),
)


def tipping_explanation(row: dict) -> str:
    """A tipping point's explanation in the reader's language, from its figures (the domain's
    own ``explanation`` is the Danish one, for the warehouse and the annexes)."""
    label = _(row["criterion_label"])
    if row["change_pp"] is None:
        return _("Placeringen ændres ikke, uanset vægten på {label}.").format(label=label)
    raised = row["direction"] == "up"
    new_share = row["share_pp"] + row["change_pp"] if raised else row["share_pp"] - row["change_pp"]
    sentence = (
        _(
            "Rykker en plads ned, hvis vægten på {label} {verb} med {points} procentpoint "
            "(fra {before} til {after} %)."
        )
        if row["moves"] == "down"
        else _(
            "Rykker en plads op, hvis vægten på {label} {verb} med {points} procentpoint "
            "(fra {before} til {after} %)."
        )
    )
    return sentence.format(
        label=label,
        verb=_("hæves") if raised else _("sænkes"),
        points=formatting.number(row["change_pp"], 1),
        before=formatting.number(row["share_pp"], 1),
        after=formatting.number(new_share, 1),
    )


def tipping_table(tipping_points: pl.DataFrame) -> pl.DataFrame:
    """One candidate's tipping points (:func:`screening.ranking.sensitivity.rank_tipping_points`),
    the most sensitive criterion first: the smaller the move, the less certain the place."""
    rows = []
    for row in tipping_points.sort("change_pp", nulls_last=True).iter_rows(named=True):
        if row["change_pp"] is None:
            move = _("ingen inden for 0–100 %")
        else:
            verb = _("hæves") if row["direction"] == "up" else _("sænkes")
            move = _("{verb} {points} procentpoint").format(
                verb=verb, points=formatting.number(row["change_pp"], 1)
            )
        rows.append(
            (
                _(row["criterion_label"]),
                f"{formatting.number(row['share_pp'], 1)} %",
                move,
                tipping_explanation(row),
            )
        )
    return pl.DataFrame(rows, schema={name: pl.String for name in TIPPING_HEADERS}, orient="row")
