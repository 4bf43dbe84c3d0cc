"""The users: who they are, which municipality they act for, and in which roles.

Read from ``config/users.toml`` (``[[users]]`` tables with ``id``, ``name``, ``municipality``,
``roles`` and, optionally, ``logins``: the identifiers the person logs in with, each
``{ tenant = "…", oid = "…" }`` for Microsoft Entra ID or ``{ issuer = "…", sub = "…" }`` for any
OpenID provider). A login is resolved by :func:`user_from_claims`: a person in the file is who
the file says, and anyone else gets their municipality and roles from the identity provider's
claims (app roles, or groups listed as ``[[groups]]`` in the same file).

A person is recognised only by an identifier nobody can change: the object id within its tenant,
or the subject within its issuer. E-mail, ``upn`` and ``preferred_username`` can be set by the
user or a tenant's administrator, so they never pick a person from the file.
"""

from __future__ import annotations

import logging
import tomllib
from collections.abc import Iterable, Mapping
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


# --- Login: from the identity provider's claims to a User -------------------------------------

# Claims that name the person for display and the log, in this order. They never pick a person
# from the users file (:func:`claimed_login_keys` does that). Microsoft Entra ID puts the work
# e-mail in ``preferred_username`` (and ``email`` only when the account has a mailbox).
NAME_CLAIMS = ("preferred_username", "email", "upn", "sub", "oid")
ROLES_CLAIM = "roles"  # Entra ID's app roles
GROUPS_CLAIM = "groups"  # Entra ID's group object ids (when the app registration emits them)
MUNICIPALITY_CLAIM = "municipality"


@dataclass(frozen=True)
class GroupGrant:
    """What membership of one identity-provider group gives: roles in a municipality."""

    group: str
    municipality: str
    roles: tuple[str, ...]


class UnknownLogin(ScreeningError, PermissionError):
    """A person logged in, but neither the users file nor the claims say what they may do."""


log = logging.getLogger(__name__)


def claimed_login_keys(claims: Mapping[str, object]) -> list[str]:
    """The immutable identifiers a login carries: Entra ID's ``oid`` within its tenant ``tid``,
    and ``sub`` within its issuer ``iss`` (both signed by the identity provider)."""

    def text(claim: str) -> str:
        value = claims.get(claim)
        return value.strip() if isinstance(value, str) else ""

    keys = []
    if text("oid") and text("tid"):
        keys.append(login_key(text("tid"), "oid", text("oid")))
    if text("sub") and text("iss"):
        keys.append(login_key(text("iss"), "sub", text("sub")))
    return keys


def load_groups(config: ScreeningConfig, path: Path | None = None) -> dict[str, GroupGrant]:
    """The ``[[groups]]`` of the users file (``id``, ``municipality``, ``roles``), by group id."""
    path = path or users_path()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, tomllib.TOMLDecodeError):
        return {}  # load_users reports an unreadable file; without groups no one gains a role
    grants: dict[str, GroupGrant] = {}
    for number, entry in enumerate(raw.get("groups", []), start=1):
        where = _("{file}, gruppe nr. {number}").format(file=path.name, number=number)
        group = str(entry.get("id", "")).strip()
        municipality = _municipality(config, str(entry.get("municipality", "")))
        roles = tuple(filter(None, (_role(str(r)) for r in entry.get("roles", []))))
        if not group or municipality is None or not roles:
            raise UsersFileError(
                _(
                    "{where}: en gruppe skal have «id», en deltagende «municipality» og mindst én "
                    "kendt rolle i «roles»."
                ).format(where=where)
            )
        grants[group] = GroupGrant(group, municipality, roles)
    return grants


def _municipality(config: ScreeningConfig, written: str) -> str | None:
    return find_municipality(written, config)


def _role(written: str) -> str | None:
    term = find_term(written, ROLES)
    return term.code if term else None


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, Iterable):
        return [str(v) for v in value]
    return []


def user_from_claims(
    claims: Mapping[str, object],
    config: ScreeningConfig,
    known: Mapping[str, User],
    groups: Mapping[str, GroupGrant] | None = None,
) -> User:
    """The user a login is: the users file's entry for the person, or else the claims' roles.

    An app role is written ``rolle`` or ``rolle.kommune`` (e.g. ``direktion.haderslev``); a bare
    role takes the municipality from the ``municipality`` claim. A user acts for one
    municipality, so roles in two municipalities are refused rather than guessed between.
    Raises :class:`UnknownLogin` with the Danish reason when no roles can be found.
    """
    keys = claimed_login_keys(claims)
    for user in known.values():
        if any(key in user.logins for key in keys):
            return user
    names = [
        str(claims[claim]).strip().lower()
        for claim in NAME_CLAIMS
        if isinstance(claims.get(claim), str) and str(claims[claim]).strip()
    ]
    shown = str(claims.get("name") or (names[0] if names else "")) or _("Ukendt bruger")
    if not names:
        raise UnknownLogin(_("Login-tjenesten sendte ikke, hvem du er (intet «sub» eller e-mail)."))
    grants: list[tuple[str, str]] = []
    claimed_text = str(claims.get(MUNICIPALITY_CLAIM) or "")
    for value in _strings(claims.get(ROLES_CLAIM)):
        role_text, _dot, municipality_text = value.partition(".")
        role = _role(role_text)
        if role is None:
            continue  # an app role of another application, not ours
        written = municipality_text or claimed_text
        municipality = _municipality(config, written)
        if municipality is None:
            # Never attached to the user's other municipality: the whole login is refused.
            log.warning(
                "Login refused: %s has the role %r for a municipality not in the round (%r)",
                names[0],
                value,
                written,
            )
            raise UnknownLogin(
                _(
                    "{name} har rollen «{role}», men «{municipality}» er ikke en kommune i "
                    "runden. Bed administratoren rette rolletildelingen; kendte kommuner: "
                    "{known}."
                ).format(
                    name=shown,
                    role=value,
                    municipality=written or _("ingen kommune"),
                    known=", ".join(config.municipality_names()),
                )
            )
        grants.append((role, municipality))
    for group in _strings(claims.get(GROUPS_CLAIM)):
        grant = (groups or {}).get(group)
        if grant:
            grants.extend((role, grant.municipality) for role in grant.roles)
    if not grants:
        raise UnknownLogin(
            _(
                "{name} er logget ind, men har ingen rolle i dashboardet. Bed kommunens "
                "administrator om at tildele en rolle (projektgruppe, direktion, sekretariat "
                "eller koordinationsudvalg) for din kommune."
            ).format(name=shown)
        )
    municipalities = {m for _role_code, m in grants}
    if len(municipalities) != 1:
        raise UnknownLogin(
            _(
                "{name} har roller i {municipalities}. En bruger handler for én kommune; bed "
                "administratoren rette rolletildelingen."
            ).format(
                name=shown,
                municipalities=", ".join(sorted(municipalities)) or _("ingen kommune"),
            )
        )
    roles = tuple(dict.fromkeys(role for role, _m in grants))
    return User(names[0], shown, municipalities.pop(), roles, tuple(names))
