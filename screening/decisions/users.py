"""The users: who they are, which municipality they act for, and in which roles.

Read from ``config/users.toml`` (``[[users]]`` tables with ``id``, ``name``, ``municipality`` and
``roles``). A later login reads the same fields from the identity provider's claims.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from screening.config import ScreeningConfig, users_path
from screening.text import fold
from screening.vocabulary import ROLES, find_term, label_of


@dataclass(frozen=True)
class User:
    id: str
    name: str
    municipality: str
    roles: tuple[str, ...]  # role codes (screening.vocabulary.ROLES)

    def has(self, role: str) -> bool:
        return role in self.roles

    def describe(self) -> str:
        roles = ", ".join(label_of(ROLES, r) for r in self.roles)
        return f"{self.name} ({self.municipality}, {roles})"


class UsersFileError(ValueError):
    """The users file cannot be read; the message names the user and the field."""


def load_users(config: ScreeningConfig, path: Path | None = None) -> dict[str, User]:
    path = path or users_path()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsersFileError(f"Brugerfilen {path} findes ikke.") from None
    except tomllib.TOMLDecodeError as error:
        raise UsersFileError(f"Brugerfilen {path} kan ikke læses: {error}.") from None
    municipalities = {fold(m.name): m.name for m in config.municipalities}
    users: dict[str, User] = {}
    for number, entry in enumerate(raw.get("users", []), start=1):
        where = f"{path.name}, bruger nr. {number}"
        user_id = str(entry.get("id", "")).strip()
        if not user_id:
            raise UsersFileError(f"{where}: feltet «id» mangler.")
        municipality = municipalities.get(fold(str(entry.get("municipality", ""))))
        if municipality is None:
            raise UsersFileError(
                f"{where} («{user_id}»): kommunen «{entry.get('municipality')}» deltager ikke i "
                "runden. Skriv en af: " + ", ".join(config.municipality_names())
            )
        roles = []
        for written in entry.get("roles", []):
            term = find_term(str(written), ROLES)
            if term is None:
                raise UsersFileError(
                    f"{where} («{user_id}»): ukendt rolle «{written}». Brug en af: "
                    + ", ".join(r.code for r in ROLES)
                )
            roles.append(term.code)
        if user_id in users:
            raise UsersFileError(f"{where}: id «{user_id}» findes to gange.")
        users[user_id] = User(
            user_id, str(entry.get("name") or user_id), municipality, tuple(roles)
        )
    return users
