"""Saved weight profiles and the adopted one, in the decision store.

The profiles shipped in ``config/scoring.toml`` stay configuration. A profile a directorate or
the project group saves from the dashboard is a decision: it goes into the store with who saved
it and for which municipality (so each directorate can keep its own), and the project group's
choice of the profile the gross list is built with is one too. Profiles that an older version
wrote into ``config/scoring.toml`` are imported once. (Four people saving at once used to leave
that file unparseable, which stopped the pipeline.)
"""

from __future__ import annotations

import dataclasses
import json

import polars as pl
import sqlalchemy as sa

from screening.decisions import rights
from screening.decisions.append import authorise
from screening.decisions.record import ADOPTED_PROFILE, WEIGHT_PROFILE, InvalidDecision
from screening.decisions.state import current
from screening.decisions.store import ANY_VERSION, Actor, import_once, read_events
from screening.decisions.users import User
from screening.i18n import _
from screening.ranking.scoring import CRITERIA, ScoringConfig, WeightProfile
from screening.text import fold

GROUP_OWNER = "Fælles"
# The profiles the product ships in config/scoring.toml; any other profile found there was saved
# by an older version's dashboard and is imported into the store.
SHIPPED_PROFILES = frozenset({"balanced", "economy_first", "quality_citizens"})
ADOPTED_SUBJECT = "gross_list"


def profile_code(label: str) -> str:
    """A code from the name people give: «Direktionens vægte 2026» -> direktionens_vaegte_2026."""
    return fold(label).replace(" ", "_")


def _profile_json(profile: WeightProfile, ahp_matrix: list[list[float]] | None = None) -> str:
    raw = {"label": profile.label, "weights": profile.weights, "goal_weights": profile.goal_weights}
    if ahp_matrix is not None:
        raw["ahp_matrix"] = ahp_matrix  # the judgements, so a group profile can pool them
    return json.dumps(raw, ensure_ascii=False)


def save_weight_profile(
    engine: sa.Engine,
    user: User,
    profile: WeightProfile,
    config: ScoringConfig,
    for_municipality: bool = True,
    ahp_matrix: list[list[float]] | None = None,
) -> WeightProfile:
    """Save a new named profile, owned by the user's municipality (a directorate's own) or, for
    the project group, shared by all. A name already in use is refused."""
    owner = user.municipality if for_municipality else GROUP_OWNER
    writer = authorise(user, rights.WEIGHTS, user.municipality)
    if not for_municipality:
        writer = authorise(user, rights.ADOPT)
    code = profile_code(profile.label)
    if not code:
        raise InvalidDecision(_("Giv profilen et navn med mindst ét bogstav eller tal."))
    existing = with_saved_profiles(config, read_events(engine, kinds=(WEIGHT_PROFILE,)))
    for other in existing.profiles.values():
        if other.code == code or fold(other.label) == fold(profile.label):
            raise InvalidDecision(
                _(
                    "Der findes allerede en vægtprofil med navnet «{label}». Vælg et andet navn."
                ).format(label=other.label)
            )
    if any(profile.weights.get(c, 0) < 0 for c in CRITERIA) or not sum(profile.weights.values()):
        raise InvalidDecision(_("Vægtene skal være ikke-negative, og mindst én skal være over 0."))
    saved = dataclasses.replace(profile, code=code)
    writer.append(
        engine,
        kind=WEIGHT_PROFILE,
        subject=f"{owner}|{code}",
        new_value=_profile_json(saved, ahp_matrix),
        expected_version=0,  # a new profile: two people saving one name at once cannot both win
        municipality=owner,
    )
    return saved


def adopt_profile(
    engine: sa.Engine, user: User, code: str, config: ScoringConfig, expected_version=ANY_VERSION
) -> dict:
    """The project group chooses the profile the gross list is built with (next run)."""
    writer = authorise(user, rights.ADOPT)
    profiles = with_saved_profiles(config, read_events(engine, kinds=(WEIGHT_PROFILE,))).profiles
    if code not in profiles:
        raise InvalidDecision(_("Vægtprofilen «{code}» findes ikke.").format(code=code))
    return writer.append(
        engine,
        kind=ADOPTED_PROFILE,
        subject=ADOPTED_SUBJECT,
        new_value=code,
        expected_version=expected_version,
        reason=profiles[code].label,
    )


def saved_profiles(events: pl.DataFrame) -> dict[str, tuple[str, WeightProfile]]:
    """code -> (owner, profile) of every profile saved in the store."""
    saved = {}
    for row in current(events, WEIGHT_PROFILE).iter_rows(named=True):
        owner, code = row["subject"].split("|", 1)
        raw = json.loads(row["new_value"])
        saved[code] = (
            owner,
            WeightProfile(code, raw["label"], raw["weights"], raw["goal_weights"]),
        )
    return saved


def with_saved_profiles(config: ScoringConfig, events: pl.DataFrame) -> ScoringConfig:
    """The scoring configuration with the store's profiles added and its adopted profile as the
    default: what the pipeline builds the gross list with."""
    profiles = dict(config.profiles)
    profiles.update({code: p for code, (_owner, p) in saved_profiles(events).items()})
    adopted = current(events, ADOPTED_PROFILE)
    default = config.default_profile
    if not adopted.is_empty() and adopted["new_value"][0] in profiles:
        default = adopted["new_value"][0]
    return dataclasses.replace(config, profiles=profiles, default_profile=default)


def adopted_version(events: pl.DataFrame) -> int:
    """The version of the adopted-profile decision (0: none adopted yet)."""
    adopted = current(events, ADOPTED_PROFILE)
    return int(adopted["version"][0]) if adopted.height else 0


IMPORTER = Actor("import", "Import fra config/scoring.toml", "projektgruppe", None)


def import_toml_profiles(
    engine: sa.Engine, config: ScoringConfig, shipped: frozenset[str] = SHIPPED_PROFILES
) -> int:
    """Profiles an older version saved into the scoring file (those not shipped with the
    product) become store profiles, once."""
    extra = [p for code, p in config.profiles.items() if code not in shipped]
    events = [
        {
            "kind": WEIGHT_PROFILE,
            "subject": f"{GROUP_OWNER}|{p.code}",
            "new_value": _profile_json(p),
            "municipality": GROUP_OWNER,
        }
        for p in extra
    ]
    if not events:
        return 0
    return len(events) if import_once(engine, IMPORTER, "profiles:scoring.toml", events) else 0
