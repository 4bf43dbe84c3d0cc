"""Who may write what, checked in the domain's write functions (not in hidden buttons).

A user acts for one municipality. The project group uploads for its own municipality, decides
matches and freezes the gross list; a directorate records its municipality's phase-1
priorities; a committee secretariat its phase-2 decisions; the coordination committee reads
everything and writes nothing; an administrator may do everything.
"""

from __future__ import annotations

from screening.decisions.users import User
from screening.errors import ScreeningError
from screening.i18n import N_, _

# What each write needs: the roles that may make it, and whether it is bound to the user's own
# municipality (a directorate prioritises for its own municipality, never for another).
UPLOAD, MATCH, SNAPSHOT, PRIORITY, POLITICAL, WEIGHTS, ADOPT = (
    "upload",
    "match",
    "snapshot",
    "priority",
    "political",
    "weights",
    "adopt",
)
RULES: dict[str, tuple[tuple[str, ...], bool, str]] = {
    UPLOAD: (("projektgruppe",), True, N_("indsende skabeloner")),
    MATCH: (("projektgruppe",), False, N_("afgøre sammenkobling af opgaver")),
    SNAPSHOT: (("projektgruppe",), False, N_("fastfryse bruttolisten")),
    PRIORITY: (("direktion",), True, N_("registrere direktionens prioriteringer")),
    POLITICAL: (("sekretariat",), True, N_("registrere politiske beslutninger")),
    WEIGHTS: (("direktion", "projektgruppe"), True, N_("gemme en vægtprofil")),
    ADOPT: (("projektgruppe",), False, N_("vælge den vægtprofil, bruttolisten dannes med")),
}
# A role as a refusal names it: the role's code, which the user file and the login write.
ROLE_WORDS: dict[str, str] = {
    "projektgruppe": N_("projektgruppe"),
    "direktion": N_("direktion"),
    "sekretariat": N_("sekretariat"),
}
RECOMPUTE = "recompute"  # start a new build of the gross list from the dashboard
RULES[RECOMPUTE] = (("projektgruppe",), False, N_("genberegne bruttolisten"))
# The round plan: its dates and owners, and marking a milestone done (screening/rounds/plan.py).
ROUND_PLAN = "round_plan"
RULES[ROUND_PLAN] = (("projektgruppe",), False, N_("ændre rundeplanen"))


class NotAllowed(ScreeningError, PermissionError):
    """The user may not make this write; the message says why, in the reader's language."""


def check(user: User, action: str, municipality: str | None = None) -> str:
    """The role the user writes in; raises :class:`NotAllowed` with the reason otherwise."""
    roles, own_municipality_only, what = RULES[action]
    if user.has("administrator"):
        return "administrator"
    role = next((r for r in roles if user.has(r)), None)
    if role is None:
        needed = _(" eller ").join(f"«{_(ROLE_WORDS.get(r, r))}»" for r in roles)
        raise NotAllowed(
            _("{user} må ikke {what}: det kræver rollen {roles}.").format(
                user=user.name, what=_(what), roles=needed
            )
        )
    if own_municipality_only and municipality is not None and municipality != user.municipality:
        raise NotAllowed(
            _("{user} må ikke {what} for {municipality}, kun for {own}.").format(
                user=user.name, what=_(what), municipality=municipality, own=user.municipality
            )
        )
    return role


# Phase 3: the project group writes the targeted analysis, the service agreement and the
# follow-up; the coalition's municipalities comment (each for itself); each municipality's
# committee secretariat records its own decision to join. Membership of the coalition is
# checked in screening.phase3.coalition_record, which knows the coalition.
PHASE3, PHASE3_COMMENT, PHASE3_JOIN = "phase3", "phase3_comment", "phase3_join"
RULES[PHASE3] = (("projektgruppe",), False, N_("skrive den målrettede analyse og opfølgningen"))
RULES[PHASE3_COMMENT] = (
    ("projektgruppe", "direktion", "sekretariat"),
    True,
    N_("kommentere den målrettede analyse"),
)
RULES[PHASE3_JOIN] = (("sekretariat",), True, N_("registrere kommunens beslutning om at tiltræde"))
