"""The annex's legal sections: each candidate's legal readiness with what stands open or in the
way, and, for an operation being decided, what each remaining member would gain if one member
left. Built from the same domain functions the pages call
(:func:`screening.phase3.legal.readiness`, :func:`screening.phase3.exits.exit_scenarios`)."""

from __future__ import annotations

import polars as pl

from screening.coalition import load_coalition_rule
from screening.config import ScreeningConfig
from screening.documents.annex import Section, Table
from screening.i18n import _, money, number
from screening.phase3 import exits, legal
from screening.phase3.settings import load_phase3_settings
from screening.vocabulary import (
    LEGAL_ANSWERS,
    LEGAL_CHECKLIST,
    LEGAL_READINESS,
    label_of,
)


def legal_readiness_section(ranked: pl.DataFrame, events: pl.DataFrame) -> Section:
    """Per candidate on the frozen list: its legal readiness and each answer that is not «ok»."""
    rows = []
    for candidate_id, rank, title in ranked.select("candidate_id", "rank", "title").iter_rows():
        answers = legal.answers(events, candidate_id)
        ready = legal.readiness_of(answers)
        pending = [
            f"{_(label_of(LEGAL_CHECKLIST, item))}: {_(label_of(LEGAL_ANSWERS, e.value))}"
            + (f" ({e.details['note']})" if e.details.get("note") else "")
            for item, e in answers.items()
            if e.value in (legal.OPEN_QUESTION, legal.OBSTACLE)
        ]
        rows.append(
            [number(rank), title, _(label_of(LEGAL_READINESS, ready)), "; ".join(pending) or "–"]
        )
    return Section(
        _("Juridisk parathed"),
        [
            _(
                "Projektgruppens juridiske screening af hver kandidat: myndighedsudøvelse, udbud, "
                "databeskyttelse, personale, godkendelsesvej og aktindsigt. En kandidat med en "
                "hindring kan hverken anbefales eller besluttes etableret, før den er løst."
            )
        ],
        [
            Table(
                _("Juridisk parathed pr. kandidat"),
                [_("Nr."), _("Kandidat"), _("Parathed"), _("Åbent eller i vejen")],
                rows,
                numeric=(0,),
                widths=(0.6, 2.6, 1.2, 3.6),
            )
        ],
    )


def exit_section(
    ranked: pl.DataFrame,
    events: pl.DataFrame,
    config: ScreeningConfig,
    municipality: str | None,
) -> Section | None:
    """What if a member leaves, for each operation being decided (None: no such operation)."""
    rows = exit_rows(ranked, events, config, municipality)
    if not rows:
        return None
    return Section(
        _("Hvis en kommune træder ud"),
        [
            _(
                "For hvert driftsfællesskab, der er anbefalet og skal besluttes: hvis én kommune "
                "træder ud, koalitionens nettogevinst pr. år bagefter, og hvad hver af de andre "
                "så får efter den valgte fordelingsnøgle (før → efter), med serviceaftalens "
                "vilkår for udtræden."
            )
        ],
        [
            Table(
                _("Udtræden"),
                [
                    _("Driftsfællesskab"),
                    _("Træder ud"),
                    _("Nettogevinst pr. år efter"),
                    _("De andres andel før → efter"),
                    _("Vilkår for udtræden"),
                ],
                rows,
                numeric=(2,),
                widths=(1.6, 1.0, 1.2, 2.6, 2.0),
            )
        ],
    )


def exit_rows(
    ranked: pl.DataFrame,
    events: pl.DataFrame,
    config: ScreeningConfig,
    municipality: str | None,
) -> list[list[str]]:
    """Per recommended operation (one being decided) and leaving member: the net annual gain
    after, and each remaining member's share before → after. A municipality's annex shows the
    operations it is a member of."""
    table = exits.exit_scenarios(
        ranked,
        events,
        {m.name: m.population for m in config.municipalities},
        load_phase3_settings(),
        load_coalition_rule().minimum(),
    ).filter(pl.col("status") == "recommended")
    rows = []
    for r in table.iter_rows(named=True):
        members = [s["municipality"] for s in r["shares_before"]]
        if municipality and municipality not in members:
            continue
        before = {s["municipality"]: s["net_annual_gain_dkk"] for s in r["shares_before"]}
        shares = "; ".join(
            f"{s['municipality']}: {money(before[s['municipality']])} → "
            f"{money(s['net_annual_gain_dkk'])}"
            for s in r["shares_after"]
        )
        rows.append(
            [
                r["title"],
                r["leaving_municipality"],
                money(r["net_annual_gain_after_dkk"]),
                shares or "–",
                r["exit_terms"] or _("Ingen serviceaftale endnu"),
            ]
        )
    return rows
