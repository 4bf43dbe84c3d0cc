"""Value against effort, and the candidates chosen for phase 3, shaped for the page
«Indsats og værdi» (pure functions, no Streamlit; the method is
:mod:`screening.ranking.portfolio`)."""

from __future__ import annotations

import polars as pl

from dashboard.common import formatting
from dashboard.ranking import tables
from screening.coalition import load_coalition_rule
from screening.i18n import N_, _
from screening.ranking.portfolio import efficient_frontier

DEFAULT_CAPACITY = 5
# The page's input labels; tests find the widgets by them.
CAPACITY_LABEL = N_("Hvor mange målrettede analyser kan I gennemføre?")
BUDGET_TOGGLE_LABEL = N_("Sæt også en ramme for den samlede indsats")
BUDGET_LABEL = N_("Indsatsramme (indsatspoint i alt)")
AUTHORITY_LABEL = N_("Udelad opgaver med myndighedsudøvelse")
EFFORT_HEADER = N_("Indsats (indsatspoint)")
REASON_HEADER = N_("Begrundelse")

METHOD_TEXT = N_(
    "**Sådan vælges kandidaterne.** Kun kandidater, som {rule} har foreslået, kan gå "
    "videre, fordi et driftsfællesskab kræver {rule}, der vil være med, og en "
    "kandidat med en score på 0 eller derunder vælges aldrig. Uden indsatsramme vælges de "
    "højest placerede af dem på bruttolisten – lige så mange, som I har kapacitet til at "
    "analysere. Med en indsatsramme vælges den kombination, der giver den højeste samlede "
    "score, uden at den samlede indsats overstiger rammen og uden flere analyser end jeres "
    "kapacitet. Kombinationen findes eksakt (som et såkaldt rygsækproblem), så en stor, tung "
    "kandidat kan blive byttet ud med to lettere, der tilsammen giver mere. Indsatsen regnes i "
    "indsatspoint: kompleksitet (1–5) gange (1 + tidshorisont i år, højst 5); mangler et tal, "
    "regnes med midterværdien."
)

WILLING_METHOD_TEXT = N_(
    "**Politiske beslutninger tæller.** Der er registreret politiske beslutninger i fase 2, så "
    "en kandidat kan kun gå videre, når {rule} har besluttet «ønsker at gå videre». "
    "Det er dem, der tælles som kommuner, der vil være med – ikke de kommuner, der oprindeligt "
    "foreslog opgaven."
)
WILLING_HEADER = N_("Kommuner, der vil gå videre")
PROPOSED_RULE = N_("Kun kandidater, som {rule} har foreslået,")
WILLING_RULE = N_("Kun kandidater, som {rule} politisk har besluttet at gå videre med,")


def method_text(decided_politically: bool) -> str:
    """How the selection works, counting proposers or (after phase 2) willing municipalities,
    with the group's coalition rule in force."""
    method = _(METHOD_TEXT)
    if decided_politically:
        method = method.replace(_(PROPOSED_RULE), _(WILLING_RULE))
    return method.format(rule=load_coalition_rule().text())


def willing_method_text() -> str:
    """Why, after phase 2, only the politically willing count, with the rule in force."""
    return _(WILLING_METHOD_TEXT).format(rule=load_coalition_rule().text())


def with_willing_municipalities(gross_list: pl.DataFrame, status: pl.DataFrame) -> pl.DataFrame:
    """The gross list with ``municipalities`` and ``n_municipalities`` replaced by the
    municipalities that decided «ønsker at gå videre», so the phase-3 selection counts those who
    want to share a task, not those who happened to propose it."""
    willing = status.select(
        "candidate_id",
        pl.col("willing_municipalities").alias("municipalities"),
        pl.col("n_willing").alias("n_municipalities"),
    )
    return gross_list.drop("municipalities", "n_municipalities").join(
        willing, on="candidate_id", how="left", maintain_order="left"
    )


def willing_reasons(selection: pl.DataFrame, minimum: int) -> pl.DataFrame:
    """Word the reasons of a selection over :func:`with_willing_municipalities`: a candidate
    held back for too few municipalities lacks political decisions, not proposals."""
    rule = load_coalition_rule().text()

    def few(n: int) -> str:
        if n == 0:
            text = _(
                "Ingen kommuner har besluttet «ønsker at gå videre»; et driftsfællesskab "
                "kræver {rule}, der vil være med."
            )
        elif n == 1:
            text = _(
                "Kun én kommune har besluttet «ønsker at gå videre»; et driftsfællesskab "
                "kræver {rule}, der vil være med."
            )
        else:
            text = _(
                "Kun {n} kommuner har besluttet «ønsker at gå videre»; et "
                "driftsfællesskab kræver {rule}, der vil være med."
            )
        return text.format(n=n, rule=rule)

    # Worded here, in the reader's thread (Polars would run a Python function elsewhere).
    counts = selection["n_municipalities"].fill_null(0).to_list()
    reasons = selection["reason"].to_list()
    worded = [few(n) if n < minimum else r for n, r in zip(counts, reasons, strict=True)]
    return selection.with_columns(pl.Series("reason", worded, pl.String))


def value_and_effort(gross_list: pl.DataFrame) -> pl.DataFrame:
    """Every candidate's effort and value (DKK/year, unknown as 0), whether it is on the efficient
    frontier, and what the chart needs beside: municipalities and authority exercise."""
    return efficient_frontier(gross_list).join(
        gross_list.select(
            "candidate_id",
            "n_municipalities",
            "municipalities",
            "authority_exercise",
            pl.col("potential_dkk").is_not_null().alias("potential_known"),
        ),
        on="candidate_id",
        how="left",
    )


def frontier_table(frame: pl.DataFrame) -> pl.DataFrame:
    """The candidates on the frontier, cheapest first: none gives more value for its effort."""
    on_frontier = frame.filter(pl.col("on_frontier")).sort("effort", "rank")
    return pl.DataFrame(
        {
            tables.RANK_HEADER: on_frontier["rank"],
            tables.TITLE_HEADER: on_frontier["title"],
            EFFORT_HEADER: [formatting.quantity(e) for e in on_frontier["effort"]],
            _("Skønnet potentiale pr. år"): [
                formatting.kroner(v) if known else formatting.MISSING
                for v, known in zip(
                    on_frontier["value_dkk"], on_frontier["potential_known"], strict=True
                )
            ],
        },
        schema={
            tables.RANK_HEADER: pl.Int64,
            tables.TITLE_HEADER: pl.String,
            EFFORT_HEADER: pl.String,
            _("Skønnet potentiale pr. år"): pl.String,
        },
    )


def selection_table(
    selection: pl.DataFrame, municipalities_header: str = tables.N_MUNICIPALITIES_HEADER
) -> pl.DataFrame:
    """Rows of :func:`screening.ranking.portfolio.select_for_phase3` as people read them, in rank
    order; ``municipalities_header`` names what the municipality count counts."""
    rows = selection.sort("rank")
    return pl.DataFrame(
        {
            tables.RANK_HEADER: rows["rank"],
            tables.TITLE_HEADER: rows["title"],
            tables.SCORE_HEADER: [formatting.points(s) for s in rows["score"]],
            EFFORT_HEADER: [formatting.quantity(e) for e in rows["effort"]],
            municipalities_header: rows["n_municipalities"],
            REASON_HEADER: rows["reason"],
        },
        schema={
            tables.RANK_HEADER: pl.Int64,
            tables.TITLE_HEADER: pl.String,
            tables.SCORE_HEADER: pl.String,
            EFFORT_HEADER: pl.String,
            municipalities_header: pl.Int64,
            REASON_HEADER: pl.String,
        },
    )


def selection_summary(selection: pl.DataFrame) -> str:
    """One line on the chosen set: how many, their total score and their total effort."""
    chosen = selection.filter(pl.col("selected"))
    if chosen.is_empty():
        return _("Ingen kandidater kan vælges med de valgte rammer.")
    return _(
        "{candidates} valgt · samlet score {score} point · samlet indsats {effort} indsatspoint"
    ).format(
        candidates=formatting.count(chosen.height, "kandidat", "kandidater"),
        score=formatting.points(chosen["score"].sum()),
        effort=formatting.quantity(chosen["effort"].sum()),
    )
