"""A filled decision workbook read back, row by row, into recorded decisions.

The file passes the same guards as a screening template (:mod:`screening.intake.file_guard`
before any parser, calamine for the cells), and every problem is a
:class:`~screening.intake.findings.Finding` naming sheet, row and column, in Danish, with how to
fix it. A workbook for another municipality than the user may decide for, or for another list
than the one decided on now, is refused whole. Each row names the version of its decision as
exported: a decision changed in the dashboard since then is not overwritten but returned as an
:class:`ImportConflict` for a person to resolve. Every decision is recorded through
:mod:`screening.decisions.record`, as the importing user, with the right checked there. A file
whose every row went in is marked as imported, so the same file sent twice changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import polars as pl
import sqlalchemy as sa
from xlsxwriter.utility import xl_col_to_name

from screening.config import ScreeningConfig
from screening.decisions import record, rights
from screening.decisions.append import authorise
from screening.decisions.record import InvalidDecision, find_candidate
from screening.decisions.rights import NotAllowed
from screening.decisions.store import (
    Conflict,
    danish_time,
    latest_event,
    read_events,
)
from screening.decisions.users import User
from screening.documents import workbook as wb
from screening.documents.decision_lists import (
    DecisionList,
    decision_at_version,
    decision_list,
    kind_of,
    subject,
)
from screening.i18n import _, number
from screening.intake import file_guard
from screening.intake.file_guard import Refused
from screening.intake.findings import ERROR, WARNING, Finding
from screening.intake.sheets import load_workbook
from screening.intake.submission import file_sha256
from screening.text import cell_text, fold
from screening.vocabulary import find_term

IMPORT_PREFIX = "beslutningsprojektmappe:"


@dataclass
class ImportConflict:
    """A row whose decision someone changed in the dashboard after the workbook was made."""

    municipality: str
    phase: int
    candidate_id: str
    title: str
    row: int
    workbook: dict[str, Any]  # value (label), comment, committee, meeting_date, agenda_item
    current_label: str
    current_by: str
    current_at: str
    current_version: int
    list_id: str

    def describe(self) -> str:
        return _(
            "«{title}» (række {row}): {who} ændrede beslutningen til «{current}» {when}, efter "
            "projektmappen blev hentet. Projektmappens værdi «{mine}» er ikke gemt."
        ).format(
            title=self.title,
            row=self.row,
            who=self.current_by,
            current=self.current_label,
            when=danish_time(self.current_at),
            mine=self.workbook["value"],
        )


@dataclass
class WorkbookImport:
    file: str
    sha256: str
    findings: list[Finding] = field(default_factory=list)
    municipality: str | None = None
    phase: int | None = None
    list_id: str | None = None
    recorded: list[str] = field(default_factory=list)  # «title: value»
    already_recorded: int = 0
    unchanged: int = 0
    conflicts: list[ImportConflict] = field(default_factory=list)
    already_imported: bool = False
    rejected: bool = False

    def add(self, severity, message: str, **where) -> None:
        self.findings.append(Finding(severity, self.file, message, **where))

    def reject(self, message: str, **where) -> WorkbookImport:
        self.add(ERROR, message, file_level=True, **where)
        self.rejected = True
        return self

    def summary(self) -> str:
        if self.rejected:
            return _("{file}: AFVIST – intet er registreret.").format(file=self.file)
        if self.already_imported:
            return _("{file}: allerede indlæst – intet er ændret.").format(file=self.file)
        return _(
            "{file}: registreret {n} · uændret {same} · var allerede registreret {done} · "
            "konflikter {k} · rækker med fejl {e}."
        ).format(
            file=self.file,
            n=number(len(self.recorded)),
            same=number(self.unchanged),
            done=number(self.already_recorded),
            k=number(len(self.conflicts)),
            e=number(len({f.row for f in self.findings if f.severity == ERROR and f.row})),
        )


def import_key(sha256: str) -> str:
    return IMPORT_PREFIX + sha256


def import_decision_workbook(
    path: Path,
    engine: sa.Engine,
    user: User,
    config: ScreeningConfig,
    gross_list: pl.DataFrame | None,
    display_name: str | None = None,
) -> WorkbookImport:
    """Read ``path`` and record its decisions as ``user``; never raises on bad input."""
    path = Path(path)
    result = WorkbookImport(display_name or path.name, file_sha256(path))
    try:
        file_guard.inspect(path)
        raw = load_workbook(path)
    except Refused as refused:
        return result.reject(str(refused))
    meta = _metadata(raw.sheets.get(wb.METADATA_SHEET))
    if meta.get(wb.META_KIND) != wb.DOCUMENT_KIND or wb.DECISION_SHEET not in raw.sheets:
        return result.reject(
            _(
                "Filen er ikke en beslutningsprojektmappe (arket «{meta}» mangler eller er "
                "ændret). Hent en ny projektmappe med «Hent projektmappe» eller «screening "
                "export decisions», og udfyld den."
            ).format(meta=wb.METADATA_SHEET)
        )
    if not _read_header(meta, result, config):
        return result
    phase, municipality = result.phase, result.municipality
    assert phase is not None and municipality is not None
    try:
        writer = authorise(user, rights.PRIORITY if phase == 1 else rights.POLITICAL, municipality)
    except NotAllowed as refused:
        return result.reject(
            _("Projektmappen er til {municipality}, fase {phase}: {reason}").format(
                municipality=municipality, phase=phase, reason=refused
            )
        )
    try:
        current_list = decision_list(engine, phase, gross_list)
    except InvalidDecision as error:
        return result.reject(str(error))
    if current_list.list_id != result.list_id:
        if phase == 2:
            return result.reject(
                _(
                    "Projektmappen er lavet til den fastfrosne liste «{old}» ({old_id}), men "
                    "politiske beslutninger træffes nu om «{new}» ({new_id}). Hent en ny "
                    "projektmappe, og skriv beslutningerne i den."
                ).format(
                    old=meta.get(wb.META_LIST_LABEL, ""),
                    old_id=result.list_id,
                    new=current_list.label,
                    new_id=current_list.list_id,
                )
            )
        result.add(
            WARNING,
            _(
                "Bruttolisten er dannet igen, siden projektmappen blev hentet. Prioriteringerne "
                "er registreret på de kandidater, der stadig findes; de andre rækker er nævnt "
                "nedenfor."
            ),
            file_level=True,
        )
    with engine.connect() as connection:
        done = latest_event(connection, "import", import_key(result.sha256))
    if done is not None:
        result.already_imported = True
        result.add(
            WARNING,
            _(
                "Filen er allerede indlæst {when} af {who}; den er ikke indlæst igen, og intet "
                "er ændret."
            ).format(when=danish_time(done["recorded_at"]), who=done["user_name"]),
            file_level=True,
        )
        return result
    rows = raw.sheets[wb.DECISION_SHEET]
    positions = _columns(rows, result)
    if positions is None:
        return result
    # This municipality's decisions of this kind, every version: what each row was exported
    # as, and what it is now (a change made after this read is caught by the store itself).
    events = read_events(engine, (kind_of(phase),)).filter(pl.col("municipality") == municipality)
    for index in range(wb.HEADER_ROW, len(rows)):
        _import_row(rows[index], index + 1, positions, current_list, events, engine, user, result)
    if not result.conflicts and not any(
        f.severity == ERROR for f in result.findings if f.row is not None
    ):
        writer.append(
            engine,
            kind="import",
            subject=import_key(result.sha256),
            new_value=result.file,
            municipality=municipality,
            phase=phase,
            details={
                "list_id": result.list_id,
                "recorded": len(result.recorded),
                "already_recorded": result.already_recorded,
            },
        )
    return result


def _metadata(rows: list[list] | None) -> dict[str, str]:
    if not rows:
        return {}
    return {cell_text(r[0]): cell_text(r[1]) for r in rows if len(r) >= 2 and cell_text(r[0])}


def _read_header(meta: dict[str, str], result: WorkbookImport, config: ScreeningConfig) -> bool:
    names = {fold(m): m for m in config.municipality_names()}
    municipality = names.get(fold(meta.get(wb.META_MUNICIPALITY, "")))
    if municipality is None:
        result.reject(
            _(
                "Projektmappen nævner kommunen «{m}», som ikke deltager i runden. Hent en ny "
                "projektmappe til jeres kommune."
            ).format(m=meta.get(wb.META_MUNICIPALITY, "")),
            sheet=wb.METADATA_SHEET,
        )
        return False
    phase = meta.get(wb.META_PHASE, "")
    if phase not in ("1", "2"):
        result.reject(
            _("Projektmappen nævner fasen «{p}»; den skal være 1 eller 2.").format(p=phase),
            sheet=wb.METADATA_SHEET,
        )
        return False
    result.municipality, result.phase = municipality, int(phase)
    result.list_id = meta.get(wb.META_LIST_ID, "")
    return True


def _columns(rows: list[list], result: WorkbookImport) -> dict[str, int] | None:
    """Column code -> index, found by the headers of row 1."""
    phase = result.phase or 1
    headers = {fold(cell_text(v)): i for i, v in enumerate(rows[0] if rows else [])}
    positions, missing = {}, []
    for code in wb.columns(phase):
        index = headers.get(fold(wb.header(code, phase)))
        if index is None:
            missing.append(wb.header(code, phase))
        else:
            positions[code] = index
    needed = [wb.header(c, phase) for c in (wb.ID, wb.LIST_ID, wb.VERSION, wb.VALUE)]
    if any(h in missing for h in needed):
        result.reject(
            _(
                "Række 1 mangler kolonnerne {headers}. Brug projektmappen, som den blev hentet, "
                "uden at slette eller omdøbe kolonner."
            ).format(headers=", ".join(f"«{h}»" for h in missing)),
            sheet=wb.DECISION_SHEET,
            row=1,
        )
        return None
    return positions


def _cell(row: list, positions: dict[str, int], code: str):
    index = positions.get(code)
    return row[index] if index is not None and index < len(row) else None


def _import_row(
    row: list,
    excel_row: int,
    positions: dict[str, int],
    current_list: DecisionList,
    events: pl.DataFrame,
    engine: sa.Engine,
    user: User,
    result: WorkbookImport,
) -> None:
    phase, municipality = result.phase or 1, result.municipality or ""
    candidate_id = cell_text(_cell(row, positions, wb.ID))
    if not candidate_id:
        return  # a blank row (or the rows below the list)

    def where(code: str) -> dict:
        return {
            "sheet": wb.DECISION_SHEET,
            "row": excel_row,
            "column": xl_col_to_name(positions[code]) if code in positions else None,
            "header": wb.header(code, phase),
        }

    if cell_text(_cell(row, positions, wb.LIST_ID)) != result.list_id:
        result.add(
            ERROR,
            _(
                "Rækken kommer fra en anden projektmappe (liste-id «{found}», ikke «{expected}») "
                "og er ikke registreret. Skriv beslutningen i rækken fra denne projektmappe."
            ).format(found=cell_text(_cell(row, positions, wb.LIST_ID)), expected=result.list_id),
            value=candidate_id,
            **where(wb.LIST_ID),
        )
        return
    try:
        candidate = find_candidate(current_list.candidates, candidate_id)
    except InvalidDecision:
        result.add(
            ERROR,
            _(
                "Kandidaten «{id}» er ikke længere på listen og er ikke registreret. Hent en ny "
                "projektmappe."
            ).format(id=candidate_id),
            value=candidate_id,
            **where(wb.ID),
        )
        return
    version = _version(_cell(row, positions, wb.VERSION))
    if version is None:
        result.add(
            ERROR,
            _("Versionen er ændret; rækken er ikke registreret. Hent en ny projektmappe."),
            **where(wb.VERSION),
        )
        return
    written = cell_text(_cell(row, positions, wb.VALUE))
    exported = decision_at_version(events, phase, municipality, candidate_id, version)
    if not written:
        if exported is not None:
            result.add(
                WARNING,
                _(
                    "Feltet er tomt, men beslutningen var «{value}»; en beslutning kan ikke "
                    "slettes, så den er uændret. Vælg en anden værdi for at ændre den."
                ).format(value=exported["label"]),
                **where(wb.VALUE),
            )
        return
    term = find_term(written, wb.terms(phase))
    if term is None:
        result.add(
            ERROR,
            _("«{value}» er ikke en tilladt værdi. Vælg en af: {allowed}.").format(
                value=written, allowed=", ".join(f"«{t.label}»" for t in wb.terms(phase))
            ),
            value=written,
            **where(wb.VALUE),
        )
        return
    fields = {
        "value": term.label,
        "comment": cell_text(_cell(row, positions, wb.COMMENT)),
    }
    if phase == 2:
        fields["committee"] = cell_text(_cell(row, positions, wb.COMMITTEE))
        fields["agenda_item"] = cell_text(_cell(row, positions, wb.AGENDA_ITEM))
        meeting = _meeting_date(_cell(row, positions, wb.MEETING_DATE))
        if not fields["committee"]:
            result.add(
                ERROR,
                _("Skriv hvilket udvalg, der har truffet beslutningen."),
                **where(wb.COMMITTEE),
            )
            return
        if meeting is None:
            result.add(
                ERROR,
                _("Mødedatoen mangler eller kan ikke læses; skriv den som dd-mm-åååå."),
                value=cell_text(_cell(row, positions, wb.MEETING_DATE)),
                **where(wb.MEETING_DATE),
            )
            return
        fields["meeting_date"] = meeting.isoformat()
    for code, key in (
        (wb.COMMENT, "comment"),
        (wb.COMMITTEE, "committee"),
        (wb.AGENDA_ITEM, "agenda_item"),
    ):
        if len(fields.get(key, "")) > record.MAX_TEXT:
            result.add(
                ERROR,
                _("Teksten er for lang ({n} tegn); højst {limit} tegn. Forkort den.").format(
                    n=number(len(fields[key])), limit=number(record.MAX_TEXT)
                ),
                **where(code),
            )
            return
    if _same(fields, exported):
        result.unchanged += 1
        return
    versions = events.filter(pl.col("subject") == subject(municipality, candidate_id))["version"]
    now_version = int(versions.max() or 0) if versions.len() else 0
    if now_version != version:
        current = decision_at_version(events, phase, municipality, candidate_id, now_version)
        if _same(fields, current):
            result.already_recorded += 1
            return
        result.conflicts.append(_conflict(result, candidate, excel_row, fields, current))
        return
    try:
        _record(engine, user, candidate, fields, phase, municipality, version, result.list_id)
    except Conflict:
        current = decision_at_version(
            read_events(engine, (kind_of(phase),)),
            phase,
            municipality,
            candidate_id,
            _latest_version(engine, phase, municipality, candidate_id),
        )
        result.conflicts.append(_conflict(result, candidate, excel_row, fields, current))
        return
    except (InvalidDecision, NotAllowed) as error:
        result.add(ERROR, str(error), **where(wb.VALUE))
        return
    result.recorded.append(f"{candidate.title}: {term.label}")


def _latest_version(engine, phase, municipality, candidate_id) -> int:
    with engine.connect() as connection:
        event = latest_event(connection, kind_of(phase), subject(municipality, candidate_id))
    return event["version"] if event else 0


def _record(engine, user, candidate, fields, phase, municipality, version, list_id) -> dict:
    if phase == 1:
        return record.record_priority(
            engine,
            user,
            candidate,
            fields["value"],
            fields["comment"],
            expected_version=version,
            municipality=municipality,
        )
    return record.record_political_decision(
        engine,
        user,
        candidate,
        fields["value"],
        committee=fields["committee"],
        meeting_date=fields["meeting_date"],
        agenda_item=fields["agenda_item"],
        comment=fields["comment"],
        expected_version=version,
        municipality=municipality,
        snapshot_id=list_id,
    )


def _conflict(result, candidate, excel_row, fields, current) -> ImportConflict:
    current = current or {}
    return ImportConflict(
        municipality=result.municipality or "",
        phase=result.phase or 1,
        candidate_id=candidate.candidate_id,
        title=candidate.title,
        row=excel_row,
        workbook=fields,
        current_label=current.get("label") or _("(ingen)"),
        current_by=current.get("user_name") or "",
        current_at=current.get("recorded_at") or "",
        current_version=int(current.get("version") or 0),
        list_id=result.list_id or "",
    )


def resolve_with_workbook(
    engine: sa.Engine, user: User, conflict: ImportConflict, gross_list: pl.DataFrame | None
) -> dict:
    """The person chose the workbook's value over the one seen in the conflict: record it,
    naming the version they saw (a third change meanwhile is again a conflict)."""
    current_list = decision_list(engine, conflict.phase, gross_list)
    candidate = find_candidate(current_list.candidates, conflict.candidate_id)
    return _record(
        engine,
        user,
        candidate,
        conflict.workbook,
        conflict.phase,
        conflict.municipality,
        conflict.current_version,
        conflict.list_id,
    )


def _same(fields: dict[str, str], decision: dict[str, Any] | None) -> bool:
    if decision is None:
        return False
    if fields["value"] != decision["label"] or fields["comment"] != (decision["comment"] or ""):
        return False
    meeting = [k for k in fields if k not in ("value", "comment")]
    return all(fields[k] == (decision.get(k) or "") for k in meeting)


def _version(value) -> int | None:
    if value is None or value == "":
        return 0
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return int(number) if number.is_integer() and number >= 0 else None


_DANISH_DATE = re.compile(r"^\s*(\d{1,2})[-./ ](\d{1,2})[-./ ](\d{4})\s*$")


def _meeting_date(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = cell_text(value)
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        pass
    found = _DANISH_DATE.match(text)
    if found:
        day, month, year = (int(g) for g in found.groups())
        try:
            return date(year, month, day)
        except ValueError:
            return None
    return None
