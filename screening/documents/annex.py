"""The committee annex (dagsordensbilag): what a frozen gross list says, for one municipality's
committee or for the coordination committee, as Word (:mod:`.annex_docx`) or PDF
(:mod:`.annex_pdf`).

:func:`build_annex` gathers the content once (headings, paragraphs, tables of ready-formatted
Danish text, charts as PNG) from the frozen list and the decision log; the two writers only lay
it out, so the Word and the PDF file say the same.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import polars as pl
import sqlalchemy as sa

from screening.coalition import load_coalition_rule
from screening.config import ScreeningConfig
from screening.decisions import state
from screening.decisions.record import agenda_item_number
from screening.decisions.snapshots import find_snapshot, snapshot_frame
from screening.decisions.store import read_events
from screening.documents import charts
from screening.i18n import _, date_text, money, number
from screening.text import breakable, fold, without_bidi_controls
from screening.vocabulary import POLITICAL_DECISIONS, PRIORITIES, label_of

COORDINATION_COMMITTEE = "Koordinationsudvalget"
_COMMITTEE_SPELLINGS = {fold(s) for s in ("Koordinationsudvalget", "Koordinationsudvalg", "KU")}
MATRIX_LIMIT = 8  # more municipalities than this: counts instead of one column each
# Characters XML cannot hold (Word and PDF are XML inside): never typed, but pasted text has them.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def printable(text: object) -> str:
    """Text as it is printed: no characters XML cannot hold, no bidirectional controls."""
    return without_bidi_controls(_NOT_XML.sub("", "" if text is None else str(text)))


def table_text(text: object) -> str:
    """A PDF table cell's text: printable, and a long unbroken word may wrap anywhere. (Word
    breaks a word wider than its cell by itself, so the Word annex keeps the text as written.)"""
    return breakable(printable(text))


@dataclass
class Table:
    caption: str
    headers: list[str]
    rows: list[list[str]]
    numeric: tuple[int, ...] = ()  # columns aligned right
    widths: tuple[float, ...] = ()  # relative widths, one per column


@dataclass
class Chart:
    title: str
    alt: str  # what the chart shows, for a screen reader
    png: bytes


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)


@dataclass
class AnnexContent:
    title: str
    subtitle: str
    audience: str  # a municipality's name or «Koordinationsudvalget»
    snapshot_id: str
    sections: list[Section]
    language: str = "da-DK"


def audience_of(name: str, config: ScreeningConfig) -> str | None:
    """The municipality ``name`` names, «Koordinationsudvalget», or None."""
    if fold(name) in _COMMITTEE_SPELLINGS:
        return COORDINATION_COMMITTEE
    names = {fold(m): m for m in config.municipality_names()}
    folded = fold(name).removesuffix(" kommune")
    return names.get(folded)


def build_annex(
    engine: sa.Engine,
    config: ScreeningConfig,
    audience: str,
    snapshot_id: str | None = None,
    draw_charts: bool = True,
) -> AnnexContent:
    """The annex for ``audience`` (a municipality, or the coordination committee) on the given
    frozen list or the newest. :class:`LookupError` names what is unknown."""
    who = audience_of(audience, config)
    if who is None:
        raise LookupError(
            _("Ukendt kommune «{name}». Vælg en af: {names}, eller «{committee}».").format(
                name=audience,
                names=", ".join(config.municipality_names()),
                committee=COORDINATION_COMMITTEE,
            )
        )
    snapshot = find_snapshot(engine, snapshot_id)
    frame = _with_details(snapshot)
    events = read_events(engine)
    status = state.phase_status(frame, events)
    ranked = frame.join(status, on="candidate_id", how="left").sort("rank")
    frozen_at = _local(snapshot["frozen_at"])
    municipality = None if who == COORDINATION_COMMITTEE else who
    title = (
        _("Bilag: Bruttolisten over mulige driftsfællesskaber – {m} Kommune").format(m=who)
        if municipality
        else _("Bilag: Bruttolisten over mulige driftsfællesskaber – Koordinationsudvalget")
    )
    subtitle = _("«{label}», fastfrosset {date}").format(
        label=snapshot["label"], date=date_text(frozen_at)
    )
    sections = [
        _about(snapshot, frozen_at, config),
        _key_figures(ranked, status, draw_charts),
        _ranked_list(ranked),
    ]
    if municipality:
        sections.append(_own_candidates(ranked, events, municipality))
    else:
        sections.append(_all_decisions(ranked, events, config.municipality_names()))
    # Imported here: the legal sections are built from this module's Section and Table. They
    # go before the decisions, which end the annex.
    from screening.documents import legal_sections

    leaving = legal_sections.exit_section(frame, events, config, municipality)
    legal_parts = [legal_sections.legal_readiness_section(ranked, events), leaving]
    sections[-1:-1] = [part for part in legal_parts if part]
    return AnnexContent(title, subtitle, who, snapshot["snapshot_id"], sections)


def _with_details(snapshot: dict[str, Any]) -> pl.DataFrame:
    rows = json.loads(snapshot["rows"])
    potential = {r["candidate_id"]: r.get("potential_dkk") for r in rows}
    frame = snapshot_frame(snapshot)
    return frame.with_columns(
        pl.col("candidate_id")
        .replace_strict(potential, default=None, return_dtype=pl.Float64)
        .alias("potential_dkk")
    )


def _local(moment: str) -> datetime:
    return datetime.fromisoformat(moment).astimezone(ZoneInfo("Europe/Copenhagen"))


def _about(snapshot: dict[str, Any], frozen_at: datetime, config: ScreeningConfig) -> Section:
    provenance = json.loads(snapshot.get("provenance") or "{}")
    facts = [
        (_("Liste"), snapshot["label"]),
        (_("Liste-id"), snapshot["snapshot_id"]),
        (
            _("Fastfrosset"),
            _("{date} kl. {time} af {name}").format(
                date=date_text(frozen_at),
                time=frozen_at.strftime("%H.%M"),
                name=snapshot["frozen_by_name"],
            ),
        ),
        (_("Screeningsrunde"), snapshot.get("round_id") or config.round.id),
        (_("Kandidater"), number(snapshot["n_candidates"])),
    ]
    if provenance.get("built_at"):
        facts.append((_("Bruttolisten dannet"), date_text(_local(str(provenance["built_at"])))))
    if provenance.get("weight_profile"):
        facts.append((_("Vægtprofil"), str(provenance["weight_profile"])))
    if provenance.get("submission_sha256") is not None:
        facts.append((_("Indsendte skabeloner"), number(len(provenance["submission_sha256"]))))
    if provenance.get("inputs_fingerprint"):
        facts.append((_("Fingeraftryk af grundlaget"), str(provenance["inputs_fingerprint"])[:16]))
    if provenance.get("code_version"):
        facts.append((_("Programversion"), str(provenance["code_version"])))
    return Section(
        _("Om listen"),
        [
            _(
                "Bilaget viser bruttolisten, som den blev fastfrosset og forelagt "
                "Koordinationsudvalget, og hvor kandidaterne står i dag efter direktionernes "
                "prioriteringer og udvalgenes beslutninger. Fingeraftrykket gør det muligt at "
                "efterprøve, hvilke indsendte skabeloner og vægte listen bygger på."
            )
        ],
        [Table(_("Listens oprindelse"), [_("Oplysning"), _("Værdi")], facts, (), (1, 2))],
    )


def _key_figures(ranked: pl.DataFrame, status: pl.DataFrame, draw_charts: bool) -> Section:
    funnel = state.funnel(status)
    counts = state.stage_counts(status)
    section = Section(
        _("Nøgletal"),
        [
            _(
                "{n} kandidater på listen; {p} er prioriteret af mindst én direktion, {s} er "
                "valgt af mindst ét udvalg, {a} har {rule}, der ønsker at gå "
                "videre, og går derfor videre til den målrettede analyse (fase 3), og {e} er "
                "besluttet etableret."
            ).format(
                n=number(counts["screened"]),
                p=number(counts["prioritised"]),
                s=number(counts["selected"]),
                a=number(counts["in_analysis"]),
                rule=load_coalition_rule().text(),
                e=number(counts["established"]),
            )
        ],
    )
    if not draw_charts:
        return section
    top = ranked.head(15)
    figures = [charts.score_chart(ranked), charts.funnel_chart(funnel)]
    alts = [
        _("Søjlediagram over de {n} højest placerede kandidaters score: {items}.").format(
            n=top.height,
            items="; ".join(
                f"{r}. {t} {number(s, 1)}"
                for r, t, s in zip(top["rank"], top["title"], top["score"], strict=True)
            ),
        ),
        _("Tragt over kandidaternes faser: {items}.").format(
            items="; ".join(
                f"{label} {number(n)}"
                for label, n in zip(funnel["label"], funnel["candidates"], strict=True)
            )
        ),
    ]
    try:
        images = charts.drawn_png(figures)
    except charts.ChartsUnavailable as problem:
        section.paragraphs.append(str(problem))
        return section
    for figure, alt, png in zip(figures, alts, images, strict=True):
        section.charts.append(Chart(figure.layout.title.text, alt, png))
    return section


def _names(values) -> str:
    return ", ".join(values) if values else "–"


def _ranked_list(ranked: pl.DataFrame) -> Section:
    rows = [
        [
            number(r["rank"]),
            r["title"],
            _names(r["municipalities"]),
            number(r["score"], 1),
            money(r["potential_dkk"]) if r["potential_dkk"] is not None else "–",
            r["phase_label"] or "",
            _names(r["willing_municipalities"]),
        ]
        for r in ranked.iter_rows(named=True)
    ]
    return Section(
        _("Den rangordnede bruttoliste"),
        [
            _(
                "Kandidaterne i rækkefølge efter score: summen af kriteriernes point, højst "
                "100. En opgave med myndighedsudøvelse får et fradrag, fordi en kommune kun må "
                "overlade den til andre med hjemmel i loven; derfor kan en score være negativ. "
                "Potentialet er kommunernes eget skøn pr. år. «Vil gå videre» er de kommuner, "
                "hvis udvalg har besluttet «ønsker at gå videre»."
            )
        ],
        [
            Table(
                _("Bruttolisten"),
                [
                    _("Nr."),
                    _("Kandidat"),
                    _("Foreslået af"),
                    _("Score"),
                    _("Potentiale pr. år"),
                    _("Fase"),
                    _("Vil gå videre"),
                ],
                rows,
                (0, 3, 4),
                (0.6, 3.2, 2.4, 0.9, 1.6, 1.3, 1.8),
            )
        ],
    )


def _by_candidate(frame: pl.DataFrame, municipality: str) -> dict[str, dict]:
    own = frame.filter(pl.col("municipality") == municipality)
    return {r["candidate_id"]: r for r in own.iter_rows(named=True)}


def _meeting(decision: dict | None) -> str:
    if not decision or not decision.get("committee"):
        return ""
    text = decision["committee"]
    if decision.get("meeting_date"):
        text += ", " + date_text(datetime.fromisoformat(decision["meeting_date"]))
    if decision.get("agenda_item"):
        # Decisions recorded before the number was stored alone may still read «Punkt 14».
        item = agenda_item_number(decision["agenda_item"])
        text += ", " + _("pkt. {item}").format(item=item)
    return text


def _own_candidates(ranked: pl.DataFrame, events: pl.DataFrame, municipality: str) -> Section:
    prio = _by_candidate(state.priorities(events), municipality)
    political = _by_candidate(state.political_decisions(events), municipality)
    rows = []
    for r in ranked.iter_rows(named=True):
        cid = r["candidate_id"]
        proposed = municipality in r["municipalities"]
        if not (proposed or cid in prio or cid in political):
            continue
        p, d = prio.get(cid), political.get(cid)
        rows.append(
            [
                number(r["rank"]),
                r["title"],
                _("Eget forslag") if proposed else _("Kan være med"),
                r["phase_label"] or "",
                label_of(PRIORITIES, p["priority"]) if p else "–",
                label_of(POLITICAL_DECISIONS, d["decision"]) if d else "–",
                _meeting(d),
            ]
        )
    return Section(
        _("{m} Kommunes kandidater").format(m=municipality),
        [
            _(
                "Kommunens egne forslag og de kandidater, kommunen har prioriteret eller "
                "besluttet om, med direktionens prioritering (fase 1) og udvalgets beslutning "
                "(fase 2). {n} kandidater."
            ).format(n=number(len(rows)))
        ],
        [
            Table(
                _("{m} Kommunes kandidater").format(m=municipality),
                [
                    _("Nr."),
                    _("Kandidat"),
                    _("Kommunen"),
                    _("Fase"),
                    _("Prioritet"),
                    _("Beslutning"),
                    _("Udvalg og møde"),
                ],
                rows,
                (0,),
                (0.6, 3.0, 1.4, 1.3, 1.4, 1.6, 2.4),
            )
        ],
    )


def _all_decisions(ranked: pl.DataFrame, events: pl.DataFrame, municipalities) -> Section:
    political = state.political_decisions(events)
    decided = {(r["municipality"], r["candidate_id"]): r["decision"] for r in political.to_dicts()}
    short = {t.code: t.short for t in POLITICAL_DECISIONS}
    advancing = ranked.filter(pl.col("advances").fill_null(False))
    section = Section(
        _("Kommunernes beslutninger"),
        [
            _(
                "{n} kandidater har {rule}, der ønsker at gå videre, og går videre "
                "til den målrettede analyse: {titles}."
            ).format(
                n=number(advancing.height),
                rule=load_coalition_rule().text(),
                titles=", ".join(advancing["title"].to_list()) or "–",
            )
        ],
    )
    if len(municipalities) <= MATRIX_LIMIT:
        headers = [_("Nr."), _("Kandidat"), *municipalities]
        rows = [
            [
                number(r["rank"]),
                r["title"],
                *(short.get(decided.get((m, r["candidate_id"]), ""), "–") for m in municipalities),
            ]
            for r in ranked.iter_rows(named=True)
        ]
        widths = (0.6, 3.4, *([1.2] * len(municipalities)))
        numeric: tuple[int, ...] = (0,)
    else:
        headers = [_("Nr."), _("Kandidat"), *(t.label for t in POLITICAL_DECISIONS)]
        rows = []
        for r in ranked.iter_rows(named=True):
            values = [decided.get((m, r["candidate_id"])) for m in municipalities]
            rows.append(
                [
                    number(r["rank"]),
                    r["title"],
                    *(number(values.count(t.code)) for t in POLITICAL_DECISIONS),
                ]
            )
        widths = (0.6, 3.4, 1.4, 1.4, 1.4)
        numeric = (0, 2, 3, 4)
    section.paragraphs.append(
        _("Udvalgenes beslutninger pr. kommune: {legend}; «–» er ingen beslutning endnu.").format(
            legend=", ".join(f"«{t.short}» = {t.label.lower()}" for t in POLITICAL_DECISIONS)
        )
    )
    section.tables.append(Table(_("Beslutninger pr. kommune"), headers, rows, numeric, widths))
    return section


def write_annex(content: AnnexContent, path: Path) -> Path:
    """Write ``content`` as .pdf or .docx, by the suffix of ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".docx":
        from screening.documents.annex_docx import write_docx

        return write_docx(content, path)
    from screening.documents.annex_pdf import write_pdf

    return write_pdf(content, path)
