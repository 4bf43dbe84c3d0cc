"""The tables of the pages «Fase 3» and «Opfølgning»: pure functions from the phase-3 state to
frames with the reader's headers (no Streamlit here, so each can be checked in a plain test)."""

from __future__ import annotations

from datetime import datetime

import polars as pl

from dashboard.common import safe_text
from screening.i18n import _, date_text, money, number
from screening.phase3.business_case import KeyShare, MunicipalityFigures, Result
from screening.vocabulary import (
    DISTRIBUTION_KEYS,
    JOIN_DECISIONS,
    LEGAL_VEHICLES,
    PHASE3_STATUSES,
    PRICING_TYPES,
    RISK_LEVELS,
    by_code,
    label_of,
    short_of,
)

MISSING = "–"


def label(terms, code: str | None) -> str:
    """A vocabulary label in the reader's language ('–' for none)."""
    return _(label_of(terms, code)) if code else MISSING


def kroner(value: float | None) -> str:
    return MISSING if value is None else money(value)


def millions(value: float | None) -> str:
    if value is None:
        return MISSING
    return _("{amount} mio. kr.").format(amount=number(value / 1_000_000, decimals=1))


def years(value: float | None) -> str:
    if value is None:
        return _("tjener sig ikke hjem")
    return _("{n} år").format(n=number(value, decimals=1))


def percent(value: float | None, decimals: int = 1) -> str:
    return MISSING if value is None else f"{number(value * 100, decimals=decimals)} %"


def when(recorded_at: str | None) -> str:
    if not recorded_at:
        return MISSING
    moment = datetime.fromisoformat(recorded_at)
    return date_text(moment)


def status_label(code: str | None) -> str:
    return label(PHASE3_STATUSES, code) if code else _("Ikke startet")


def portfolio_table(portfolio: pl.DataFrame) -> pl.DataFrame:
    """The analyses side by side, for the coordination committee."""
    rows = [
        {
            _("Nr."): row["rank"],
            _("Kandidat"): safe_text.plain(row["title"]),
            _("Status"): status_label(row["status"]),
            _("Koalition"): ", ".join(row["coalition"]),
            _("Tiltrådt"): ", ".join(row["joined"]) or MISSING,
            _("Juridisk form"): label(LEGAL_VEHICLES, row["legal_vehicle"]),
            _("Fordelingsnøgle"): label(DISTRIBUTION_KEYS, row["distribution_key"]),
            _("Nettogevinst pr. år"): millions(row["net_annual_gain_dkk"]),
            _("Engangsudgift"): millions(row["one_off_cost_dkk"]),
            _("Tilbagebetaling"): (
                years(row["payback_years"]) if row["net_annual_gain_dkk"] is not None else MISSING
            ),
            _("Nutidsværdi"): millions(row["net_present_value_dkk"]),
            _("Myndighedsudøvelse"): (
                (_("Ja, hjemmel angivet") if row["legal_basis"] else _("Ja, hjemmel mangler"))
                if row["authority_exercise"]
                else _("Nej")
            ),
        }
        for row in portfolio.iter_rows(named=True)
    ]
    return pl.DataFrame(rows)


def history_table(history: pl.DataFrame) -> pl.DataFrame:
    """Each step of the status: when, from what to what, who and why (oldest first)."""
    return pl.DataFrame(
        [
            {
                _("Dato"): when(row["recorded_at"]),
                _("Fra"): status_label(row["old_value"]) if row["old_value"] else MISSING,
                _("Til"): status_label(row["new_value"]),
                _("Hvem"): f"{row['user_name']} ({row['user_municipality'] or MISSING})",
                _("Hvorfor"): safe_text.plain(row["reason"]),
            }
            for row in history.iter_rows(named=True)
        ]
    )


def risk_table(risks: list[dict]) -> pl.DataFrame:
    return pl.DataFrame(
        [
            {
                _("Risiko"): safe_text.plain(r["risk"]),
                _("Sandsynlighed"): label(RISK_LEVELS, r["likelihood"]),
                _("Konsekvens"): label(RISK_LEVELS, r["impact"]),
                _("Tiltag"): safe_text.plain(r["mitigation"]) or MISSING,
            }
            for r in risks
        ],
        schema={
            _("Risiko"): pl.String,
            _("Sandsynlighed"): pl.String,
            _("Konsekvens"): pl.String,
            _("Tiltag"): pl.String,
        },
    )


def business_case_table(
    figures: list[MunicipalityFigures], results: list[Result], total: Result, unit: str
) -> pl.DataFrame:
    """Inputs and results per municipality, and the coalition in total, with each source."""
    rows = []
    for f, r in zip(figures, results, strict=True):
        rows.append(
            {
                _("Kommune"): f.municipality,
                _("Udgiftsbase pr. år"): kroner(f.baseline_cost),
                _("Forventet gevinst pr. år"): kroner(f.expected_gain),
                _("Løbende udgift pr. år"): kroner(f.running_cost),
                _("Nettogevinst pr. år"): kroner(r.net_annual_gain) if f.complete else MISSING,
                _("Engangsudgift"): kroner(f.one_off_cost),
                _("Tilbagebetaling"): years(r.payback_years) if f.complete else MISSING,
                _("Nutidsværdi"): kroner(r.net_present_value) if f.complete else MISSING,
                _("Forbrug ({unit})").format(unit=unit or _("enheder")): (
                    number(f.usage) if f.usage is not None else MISSING
                ),
                _("Kilde"): safe_text.plain(f.source) or MISSING,
            }
        )
    baselines = [f.baseline_cost for f in figures if f.baseline_cost is not None]
    rows.append(
        {
            _("Kommune"): _("Koalitionen i alt"),
            _("Udgiftsbase pr. år"): kroner(sum(baselines)) if baselines else MISSING,
            _("Forventet gevinst pr. år"): kroner(sum(f.expected_gain or 0 for f in figures)),
            _("Løbende udgift pr. år"): kroner(sum(f.running_cost or 0 for f in figures)),
            _("Nettogevinst pr. år"): kroner(total.net_annual_gain),
            _("Engangsudgift"): kroner(total.one_off_cost),
            _("Tilbagebetaling"): years(total.payback_years),
            _("Nutidsværdi"): kroner(total.net_present_value),
            _("Forbrug ({unit})").format(unit=unit or _("enheder")): MISSING,
            _("Kilde"): "",
        }
    )
    return pl.DataFrame(rows)


def keys_table(shares: list[KeyShare], chosen: str | None) -> pl.DataFrame:
    """Each municipality's share under each key side by side: share, net gain per year and
    one-off cost, one column group per key (the chosen key marked)."""
    municipalities = list(dict.fromkeys(s.municipality for s in shares))
    by_key = {(s.key, s.municipality): s for s in shares}
    keys = [t for t in DISTRIBUTION_KEYS if any(s.key == t.code for s in shares)]
    rows = []
    for what, value in (
        (_("Andel"), lambda s: percent(s.share)),
        (_("Nettogevinst pr. år"), lambda s: kroner(s.net_annual_gain)),
        (_("Engangsudgift"), lambda s: kroner(s.one_off_cost)),
        (_("Nutidsværdi"), lambda s: kroner(s.net_present_value)),
    ):
        for m in municipalities:
            row = {_("Kommune"): m, _("Hvad"): what}
            for term in keys:
                header = _(term.label) + (" ✓" if term.code == chosen else "")
                row[header] = value(by_key[(term.code, m)])
            rows.append(row)
    return pl.DataFrame(rows)


def joins_table(joins: dict, coalition: tuple[str, ...]) -> pl.DataFrame:
    rows = []
    for m in coalition:
        r = joins.get(m)
        rows.append(
            {
                _("Kommune"): m,
                _("Beslutning"): label(JOIN_DECISIONS, r.value) if r and r.value else _("Afventer"),
                _("Udvalg"): safe_text.plain(r.details.get("committee")) if r and r.value else "",
                _("Mødedato"): (
                    date_text(datetime.fromisoformat(r.details["meeting_date"]))
                    if r and r.value
                    else ""
                ),
                _("Registreret af"): r.user_name if r and r.value else "",
            }
        )
    return pl.DataFrame(rows)


def comments_table(comments: pl.DataFrame) -> pl.DataFrame:
    return pl.DataFrame(
        [
            {
                _("Dato"): when(row["recorded_at"]),
                _("Kommune"): row["municipality"],
                _("Hvem"): row["user_name"],
                _("Kommentar"): safe_text.plain(row["new_value"]),
            }
            for row in comments.iter_rows(named=True)
        ],
        schema={_("Dato"): pl.String, _("Kommune"): pl.String, _("Hvem"): pl.String,
                _("Kommentar"): pl.String},
    )  # fmt: skip


def catalogue_table(services: list[dict]) -> pl.DataFrame:
    """The service catalogue: each service with its service level and pricing type."""
    types = by_code(PRICING_TYPES)
    return pl.DataFrame(
        [
            {
                _("Ydelse"): safe_text.plain(s["name"]),
                _("Kvalitet"): safe_text.plain(s["quality"]) or MISSING,
                _("Mængde"): safe_text.plain(s["quantity"]) or MISSING,
                _("Pristype"): _(types[s["pricing_type"]].label)
                if s["pricing_type"] in types
                else MISSING,
                _("Pris"): safe_text.plain(s["price"]) or MISSING,
            }
            for s in services
        ]
    )


def follow_up_view(table: pl.DataFrame) -> pl.DataFrame:
    """Realised against expected gain per year and municipality, the deviation in kroner and
    per cent."""
    return pl.DataFrame(
        [
            {
                _("År"): str(row["year"]),
                _("Kommune"): row["municipality"],
                _("Forventet gevinst"): kroner(row["expected_gain_dkk"]),
                _("Realiseret gevinst"): (
                    kroner(row["realised_gain_dkk"])
                    if row["realised_gain_dkk"] is not None
                    else _("Ikke fulgt op")
                ),
                _("Afvigelse"): kroner(row["deviation_dkk"]),
                _("Afvigelse i %"): percent(row["deviation_share"], 0),
                _("Note"): safe_text.plain(row["note"]) or "",
                _("Registreret af"): row["recorded_by"] or "",
            }
            for row in table.iter_rows(named=True)
        ]
    )


def short_status(code: str | None) -> str:
    return _(short_of(PHASE3_STATUSES, code)) if code else _("Ikke startet")
