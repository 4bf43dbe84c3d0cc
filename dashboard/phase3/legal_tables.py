"""The tables of the legal screen, the approval route, the frozen baseline and the exit
scenarios: pure functions from the domain's state to frames with the reader's headers."""

from __future__ import annotations

import polars as pl

from dashboard.common import safe_text
from dashboard.phase3.tables import MISSING, kroner, label, when
from screening.i18n import _, number
from screening.phase3 import legal
from screening.phase3.log import Entry
from screening.vocabulary import LEGAL_ANSWERS, LEGAL_CHECKLIST, SMALL_COOPERATION_LIMITS

ANSWER_MARKS = {legal.OK: "✓", legal.OPEN_QUESTION: "?", legal.OBSTACLE: "✗"}


def checklist_table(answers: dict[str, Entry]) -> pl.DataFrame:
    """One row per question: what it asks, the answer, the note, the source, who and when."""
    rows = []
    for term in LEGAL_CHECKLIST:
        entry = answers[term.code]
        rows.append(
            {
                _("Spørgsmål"): _(term.label),
                _("Hvad det handler om"): _(term.explanation),
                _("Svar"): (
                    f"{ANSWER_MARKS[entry.value]} {label(LEGAL_ANSWERS, entry.value)}"
                    if entry.value
                    else _("Ikke besvaret")
                ),
                _("Note"): safe_text.plain(entry.details.get("note")) or MISSING,
                _("Kilde"): safe_text.plain(entry.details.get("source")) or MISSING,
                _("Besvaret af"): entry.user_name or MISSING,
                _("Dato"): when(entry.recorded_at),
            }
        )
    return pl.DataFrame(rows)


def size_table(route: Entry) -> pl.DataFrame:
    """The cooperation's size per accounting year against the three limits of § 60 a."""
    limits = SMALL_COOPERATION_LIMITS
    rows = [
        {
            _("Regnskabsår"): str(y["year"]),
            _("Balancesum"): kroner(y["balance_sum"]),
            _("Nettoomsætning/bruttoudgifter"): kroner(y["turnover"]),
            _("Heltidsbeskæftigede"): number(y["fte"], decimals=1),
            _("Grænser overskredet"): number(
                len(legal.limits_exceeded(legal.YearFigures(**y))), decimals=0
            ),
        }
        for y in route.details.get("years", [])
    ]
    rows.append(
        {
            _("Regnskabsår"): _("Grænse"),
            _("Balancesum"): kroner(limits["balance_sum"]),
            _("Nettoomsætning/bruttoudgifter"): kroner(limits["turnover"]),
            _("Heltidsbeskæftigede"): number(limits["fte"], decimals=0),
            _("Grænser overskredet"): _("højst 1"),
        }
    )
    return pl.DataFrame(rows)


def baseline_frame(table: pl.DataFrame) -> pl.DataFrame:
    """The frozen baselines of one operation, with where each came from."""
    origin = {"analysis": _("analysen"), "screening": _("screeningen"), "correction": _("rettet")}
    return pl.DataFrame(
        [
            {
                _("Kommune"): r["municipality"],
                _("Udgiftsbase pr. år"): kroner(r["baseline_cost_dkk"]),
                _("Årsværk"): MISSING
                if r["baseline_fte"] is None
                else number(r["baseline_fte"], decimals=1),
                _("Serviceniveau"): safe_text.plain(r["service_level"]) or MISSING,
                _("Fra"): f"{origin.get(r['cost_base_from'], MISSING)} / "
                f"{origin.get(r['fte_from'], MISSING)}",
                _("Kilde"): safe_text.plain(r["source"]) or MISSING,
                _("Fastfrosset"): when(r["frozen_at"]),
                _("Rettet fordi"): safe_text.plain(r["corrected_because"]) or MISSING,
            }
            for r in table.iter_rows(named=True)
        ]
    )


def exit_frame(table: pl.DataFrame) -> pl.DataFrame:
    """Per leaving member: the coalition's net gain before and after, and each remaining
    member's share after (beside its share before)."""
    rows = []
    for r in table.iter_rows(named=True):
        before = {s["municipality"]: s["net_annual_gain_dkk"] for s in r["shares_before"]}
        after = ", ".join(
            _("{m}: {after} (før {before})").format(
                m=s["municipality"],
                after=kroner(s["net_annual_gain_dkk"]),
                before=kroner(before.get(s["municipality"])),
            )
            for s in r["shares_after"]
        )
        rows.append(
            {
                _("Hvis denne kommune træder ud"): r["leaving_municipality"],
                _("Nettogevinst pr. år før"): kroner(r["net_annual_gain_before_dkk"]),
                _("Nettogevinst pr. år efter"): kroner(r["net_annual_gain_after_dkk"]),
                _("De tilbageværendes andel efter"): after or MISSING,
                _("Under gruppens minimum"): _("Ja") if r["below_minimum"] else _("Nej"),
            }
        )
    return pl.DataFrame(rows)


def against_baseline_frame(table: pl.DataFrame) -> pl.DataFrame:
    """Per year and member: the frozen baseline, the realised cost and staff, the change, and
    the business case's expected gain beside it."""
    return pl.DataFrame(
        [
            {
                _("År"): str(r["year"]),
                _("Kommune"): r["municipality"],
                _("Baseline"): kroner(r["baseline_cost_dkk"]),
                _("Realiseret udgift"): kroner(r["realised_cost_dkk"]),
                _("Ændring mod baseline"): kroner(r["realised_change_dkk"]),
                _("Forventet gevinst"): kroner(r["expected_gain_dkk"]),
                _("Årsværk før → nu"): f"{_fte(r['baseline_fte'])} → {_fte(r['realised_fte'])}",
            }
            for r in table.iter_rows(named=True)
        ]
    )


def _fte(value: float | None) -> str:
    return MISSING if value is None else number(value, decimals=1)
