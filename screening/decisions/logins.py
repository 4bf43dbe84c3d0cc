"""A login as a user: from the identity provider's claims to a :class:`~.users.User`.

A person in ``config/users.toml`` (recognised by a login identifier nobody can change: the
object id within its tenant, or the subject within its issuer) is who the file says. Anyone else
gets their municipality and roles from the claims: app roles, or identity-provider groups listed
as ``[[groups]]`` in the same file. E-mail, ``upn`` and ``preferred_username`` can be set by the
user or a tenant's administrator, so they only name the person, never pick one from the file.
"""

from __future__ import annotations

import logging
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from screening.config import ScreeningConfig, users_path
from screening.decisions.users import User, UsersFileError, login_key
from screening.errors import ScreeningError
from screening.i18n import _
from screening.intake.sender import find_municipality
from screening.vocabulary import ROLES, find_term

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
