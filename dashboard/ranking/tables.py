"""Filter the gross list and shape it into the table people read (pure functions, no Streamlit).

Figures are formatted as Danish text before they reach the table: Streamlit's number formats
follow the browser's locale, which need not be Danish (headless test browsers are English).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from dashboard.common import formatting, safe_text
from screening.i18n import N_, _
from screening.template.spec import COLUMNS_BY_CODE
from screening.vocabulary import COOPERATION_FORMS, SERVICE_AREAS, TASK_TYPES, label_of

AUTHORITY_FLAG = N_("⚖️ Myndighedsudøvelse")
UNCERTAIN_MATCH_FLAG = N_("⚠️ Usikker sammenkobling")

RANK_HEADER = N_("Nr.")
TITLE_HEADER = N_("Forslag")
MUNICIPALITIES_HEADER = N_("Kommuner")
N_MUNICIPALITIES_HEADER = N_("Antal kommuner")
SCORE_HEADER = N_("Score")
AUTHORITY_HEADER = COLUMNS_BY_CODE["authority_exercise"].header
RANK_INTERVAL_HEADER = N_("Rang ved andre vægte")
TOP10_HEADER = N_("Chance for top 10")
MATCH_HEADER = N_("Sammenkobling")
RANK_INTERVAL_HELP = N_(
    "Den placering, kandidaten får i 90 % af 1.000 tilfældige variationer af vægtene omkring "
    "vægtprofilen (5.–95. percentil). Et smalt interval betyder en sikker placering."
)
TOP10_HELP = N_(
    "Andelen af de tilfældige variationer af vægtene, hvor kandidaten er blandt de 10 bedste."
)
MATCH_HELP = N_(
    "Mindst én af koblingerne mellem kommunernes opgaver er usikker og venter på projektgruppens "
    "gennemsyn under «Sammenkobling»."
)
# Figures are text (Danish separators), so they are right-aligned by hand to read like numbers.
AMOUNT_HEADERS = (
    SCORE_HEADER,
    COLUMNS_BY_CODE["potential_dkk"].header,
    COLUMNS_BY_CODE["cost_base_dkk"].header,
)

# Sorting happens on the numbers before they become text, so 900.000 never sorts above 1.200.000.
SORT_OPTIONS: dict[str, tuple[str, bool]] = {
    N_("Rangering (højeste score først)"): ("rank", False),
    N_("Skønnet potentiale (størst først)"): ("potential_dkk", True),
    N_("Udgiftsbase (størst først)"): ("cost_base_dkk", True),
    N_("Antal kommuner (flest først)"): ("n_municipalities", True),
}


@dataclass(frozen=True)
class GrossListFilter:
    """What the user picked above the table; empty selections mean «alle»."""

    municipalities: list[str] = field(default_factory=list)
    service_areas: list[str] = field(default_factory=list)
    task_types: list[str] = field(default_factory=list)
    cooperation_forms: list[str] = field(default_factory=list)
    shared_only: bool = False
    search: str = ""


def filter_gross_list(gross_list: pl.DataFrame, chosen: GrossListFilter) -> pl.DataFrame:
    conditions: list[pl.Expr] = []
    if chosen.municipalities:
        # A candidate stays when any of the chosen municipalities proposes it.
        conditions.append(
            pl.any_horizontal(
                pl.col("municipalities").list.contains(m) for m in chosen.municipalities
            )
        )
    for column, codes in (
        ("service_area", chosen.service_areas),
        ("task_type", chosen.task_types),
        ("cooperation_form", chosen.cooperation_forms),
    ):
        if codes:
            conditions.append(pl.col(column).is_in(codes))
    if chosen.shared_only:
        conditions.append(pl.col("n_municipalities") >= 2)
    text = chosen.search.strip().lower()
    if text:
        # Search every municipality's title, not only the one shown, since each names it its way.
        conditions.append(
            pl.col("titles")
            .list.join(" | ")
            .str.to_lowercase()
            .str.contains(text, literal=True)
            .fill_null(False)
        )
    return gross_list.filter(*conditions) if conditions else gross_list


def sort_gross_list(gross_list: pl.DataFrame, option: str) -> pl.DataFrame:
    column, descending = SORT_OPTIONS[option]
    return gross_list.sort([column, "rank"], descending=[descending, False], nulls_last=True)


def rank_interval(low: int | None, high: int | None) -> str:
    """``(3, 7)`` -> ``"3–7"``; one number when the rank never moves."""
    if low is None or high is None:
        return formatting.MISSING
    return str(low) if low == high else f"{low}–{high}"


def _uncertainty(row: dict) -> dict[str, str]:
    # Only from a copy the pipeline published with the sensitivity columns (see queries).
    if "rank_p05" not in row:
        return {}
    return {
        RANK_INTERVAL_HEADER: rank_interval(row["rank_p05"], row["rank_p95"]),
        TOP10_HEADER: formatting.share(row["p_top10"]),
        MATCH_HEADER: _(UNCERTAIN_MATCH_FLAG) if row["needs_review"] else "",
    }


def gross_list_table(gross_list: pl.DataFrame) -> pl.DataFrame:
    """One readable row per candidate, Danish headers and labels, in the frame's order."""
    header = {code: COLUMNS_BY_CODE[code].header for code in COLUMNS_BY_CODE}
    uncertain = "rank_p05" in gross_list.columns
    # Rank, name and score first: the table is wider than a laptop screen, and these are what a
    # director reads before deciding to scroll. How sure the rank is belongs beside the score.
    rows = [
        {
            RANK_HEADER: row["rank"],
            TITLE_HEADER: row["title"],
            SCORE_HEADER: formatting.points(row["score"]),
            **_uncertainty(row),
            MUNICIPALITIES_HEADER: formatting.listing(row["municipalities"]),
            N_MUNICIPALITIES_HEADER: row["n_municipalities"],
            header["authority_exercise"]: _(AUTHORITY_FLAG) if row["authority_exercise"] else "",
            header["potential_dkk"]: formatting.kroner(row["potential_dkk"]),
            header["cost_base_dkk"]: formatting.kroner(row["cost_base_dkk"]),
            header["task_type"]: _(label_of(TASK_TYPES, row["task_type"])),
            header["cooperation_form"]: _(label_of(COOPERATION_FORMS, row["cooperation_form"])),
            header["service_area"]: _(label_of(SERVICE_AREAS, row["service_area"])),
        }
        for row in gross_list.iter_rows(named=True)
    ]
    numbers = {RANK_HEADER, N_MUNICIPALITIES_HEADER}
    columns = [
        RANK_HEADER,
        TITLE_HEADER,
        SCORE_HEADER,
        *((RANK_INTERVAL_HEADER, TOP10_HEADER) if uncertain else ()),
        MUNICIPALITIES_HEADER,
        N_MUNICIPALITIES_HEADER,
        header["authority_exercise"],
        *((MATCH_HEADER,) if uncertain else ()),
        *(
            header[code]
            for code in (
                "potential_dkk",
                "cost_base_dkk",
                "task_type",
                "cooperation_form",
                "service_area",
            )
        ),
    ]
    schema = {name: pl.Int64 if name in numbers else pl.String for name in columns}
    return pl.DataFrame(rows, schema=schema)


def gross_list_file(gross_list: pl.DataFrame, table: pl.DataFrame | None = None) -> pl.DataFrame:
    """:func:`gross_list_table` as the CSV file holds it: the score and the amounts as numbers
    (their units are in the headers), so a spreadsheet sums and sorts them. ``table`` is
    :func:`gross_list_table` of ``gross_list`` when the caller has it already (formatting a
    national list takes a good part of a rerun)."""
    header = {code: COLUMNS_BY_CODE[code].header for code in COLUMNS_BY_CODE}
    table = gross_list_table(gross_list) if table is None else table
    return table.with_columns(
        gross_list["score"].round(1).alias(SCORE_HEADER),
        *(
            gross_list[code].round(0).cast(pl.Int64).alias(header[code])
            for code in ("potential_dkk", "cost_base_dkk")
        ),
    )


def candidate_options(candidates: pl.DataFrame) -> dict[str, str]:
    """:func:`candidate_option` for every row, as column expressions (a national list has
    ~4,700 candidates, and the picker under the table is built on every rerun)."""
    flag = f" ({_(AUTHORITY_FLAG)})"
    text = pl.format(
        "{}. {} – {}{}",
        "rank",
        "title",
        pl.col("municipalities").list.join(", "),
        pl.when(pl.col("authority_exercise")).then(pl.lit(flag)).otherwise(pl.lit("")),
    )
    # safe_text.plain: line breaks and tabs as spaces, other control characters dropped.
    plain = text.str.replace_all(r"[\n\r\t]", " ").str.replace_all(r"\p{C}", "")
    shown = candidates.select("candidate_id", plain.alias("option"))
    return dict(shown.iter_rows())


def candidate_option(row: dict) -> str:
    """How a candidate reads in a picker: ``"1. Lønadministration – Aabenraa, Tønder"``."""
    flag = f" ({_(AUTHORITY_FLAG)})" if row.get("authority_exercise") else ""
    text = f"{row['rank']}. {row['title']} – {formatting.listing(row['municipalities'])}{flag}"
    return safe_text.plain(text)
