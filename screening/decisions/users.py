"""The users: who they are, which municipality they act for, and in which roles.

Read from ``config/users.toml`` (``[[users]]`` tables with ``id``, ``name``, ``municipality``,
``roles`` and, optionally, ``logins``: the identifiers the person logs in with, each
``{ tenant = "…", oid = "…" }`` for Microsoft Entra ID or ``{ issuer = "…", sub = "…" }`` for any
OpenID provider). :mod:`screening.decisions.logins` resolves a login to a user: a person in the
file is who the file says, and anyone else gets their municipality and roles from the identity
provider's claims (app roles, or groups listed as ``[[groups]]`` in the same file).

A person is recognised only by an identifier nobody can change: the object id within its tenant,
or the subject within its issuer. E-mail, ``upn`` and ``preferred_username`` can be set by the
user or a tenant's administrator, so they never pick a person from the file.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from screening.config import ScreeningConfig, users_path
from screening.errors import ScreeningError
from screening.i18n import _
from screening.intake.sender import find_municipality
from screening.vocabulary import ROLES, find_term, label_of


@dataclass(frozen=True)
class User:
    id: str
    name: str
    municipality: str
    roles: tuple[str, ...]  # role codes (screening.vocabulary.ROLES)
    # The immutable identifiers the person logs in with (:func:`login_key`).
    logins: tuple[str, ...] = ()
    # Where reminders are mailed: a contact address only, never who the person is at a login.
    email: str = ""

    def has(self, role: str) -> bool:
        return role in self.roles

    def describe(self) -> str:
        roles = ", ".join(label_of(ROLES, r) for r in self.roles)
        return f"{self.name} ({self.municipality}, {roles})"


class UsersFileError(ScreeningError, ValueError):
    """The users file cannot be read; the message names the user and the field."""


def load_users(config: ScreeningConfig, path: Path | None = None) -> dict[str, User]:
    path = path or users_path()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsersFileError(_("Brugerfilen {path} findes ikke.").format(path=path)) from None
    except tomllib.TOMLDecodeError as error:
        raise UsersFileError(
            _("Brugerfilen {path} kan ikke læses: {error}.").format(path=path, error=error)
        ) from None
    users: dict[str, User] = {}
    for number, entry in enumerate(raw.get("users", []), start=1):
        where = _("{file}, bruger nr. {number}").format(file=path.name, number=number)
        user_id = str(entry.get("id", "")).strip()
        if not user_id:
            raise UsersFileError(_("{where}: feltet «id» mangler.").format(where=where))
        municipality = find_municipality(str(entry.get("municipality", "")), config)
        if municipality is None:
            raise UsersFileError(
                _(
                    "{where} («{user_id}»): kommunen «{municipality}» deltager ikke i runden. "
                    "Skriv en af: {known}"
                ).format(
                    where=where,
                    user_id=user_id,
                    municipality=entry.get("municipality"),
                    known=", ".join(config.municipality_names()),
                )
            )
        roles = []
        for written in entry.get("roles", []):
            term = find_term(str(written), ROLES)
            if term is None:
                raise UsersFileError(
                    _("{where} («{user_id}»): ukendt rolle «{role}». Brug en af: {known}").format(
                        where=where,
                        user_id=user_id,
                        role=written,
                        known=", ".join(r.code for r in ROLES),
                    )
                )
            roles.append(term.code)
        if user_id in users:
            raise UsersFileError(
                _("{where}: id «{user_id}» findes to gange.").format(where=where, user_id=user_id)
            )
        users[user_id] = User(
            user_id,
            str(entry.get("name") or user_id),
            municipality,
            tuple(roles),
            _logins(entry.get("logins", []), f"{where} («{user_id}»)"),
            _email(entry.get("email", ""), f"{where} («{user_id}»)"),
        )
    return users


def _email(written: object, where: str) -> str:
    address = str(written or "").strip()
    if address and ("@" not in address or any(c.isspace() for c in address)):
        raise UsersFileError(
            _(
                "{where}: «email» = «{address}» er ikke en e-mail-adresse. Skriv fx email = "
                '"projektgruppe@kommune.dk".'
            ).format(where=where, address=address)
        )
    return address


def login_key(tenant_or_issuer: str, kind: str, identifier: str) -> str:
    """One immutable identifier as one string: ``oid`` within a tenant or ``sub`` within an
    issuer (a trailing slash of the issuer ignored)."""
    return f"{kind}:{tenant_or_issuer.strip().rstrip('/').lower()}#{identifier.strip()}"


def _logins(written: object, where: str) -> tuple[str, ...]:
    entries = written if isinstance(written, list) else [written]
    keys = []
    for entry in entries:
        if isinstance(entry, dict) and entry.get("tenant") and entry.get("oid"):
            keys.append(login_key(str(entry["tenant"]), "oid", str(entry["oid"])))
        elif isinstance(entry, dict) and entry.get("issuer") and entry.get("sub"):
            keys.append(login_key(str(entry["issuer"]), "sub", str(entry["sub"])))
        else:
            raise UsersFileError(
                _(
                    '{where}: «logins» skal være {{ tenant = "…", oid = "…" }} (Entra ID: '
                    'brugerens objekt-id i lejeren) eller {{ issuer = "…", sub = "…" }}, ikke '
                    "«{entry}». En e-mail eller et brugernavn kan ændres og kan ikke bruges til "
                    "login."
                ).format(where=where, entry=entry)
            )
    return tuple(keys)
