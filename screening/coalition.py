"""The group's coalition rule: how many willing municipalities a candidate needs to go on to
phase 3, and an operation to be established. ``[coalition]`` in ``config/screening.toml`` names
it for the running round (default: at least 2; optionally a share of the participants, e.g.
three of four); a closed round keeps its own in its ``round.toml``.

Every page, workbook and annex that states the rule says it through :func:`CoalitionRule.text`,
and every check counts through :func:`CoalitionRule.minimum`, so the words and the arithmetic
never part.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from screening.config import read_screening_file, screening_config_path
from screening.errors import ScreeningError
from screening.i18n import N_, _, number
from screening.vocabulary import MIN_WILLING_MUNICIPALITIES

# The small numbers a rule names, written as words («mindst to kommuner»).
_WORDS = {
    1: N_("én"), 2: N_("to"), 3: N_("tre"), 4: N_("fire"), 5: N_("fem"), 6: N_("seks"),
    7: N_("syv"), 8: N_("otte"),
}  # fmt: skip


class CoalitionRuleError(ScreeningError, ValueError):
    """The [coalition] section cannot be used; the message names the key and how to fix it."""


@dataclass(frozen=True)
class CoalitionRule:
    """At least ``min_willing`` municipalities, and, with ``min_share``, at least that share of
    the participating municipalities (rounded up)."""

    min_willing: int = MIN_WILLING_MUNICIPALITIES
    min_share: float | None = None
    participants: int = 0  # the round's participating municipalities (for a share)

    def minimum(self) -> int:
        if self.min_share is None or not self.participants:
            return self.min_willing
        return max(self.min_willing, math.ceil(self.min_share * self.participants - 1e-9))

    def text(self) -> str:
        """The rule in force, in Danish: «mindst to kommuner», «mindst 3 af 4 kommuner»."""
        n = self.minimum()
        if self.min_share is not None and self.participants:
            return _("mindst {n} af {total} kommuner").format(
                n=number(n), total=number(self.participants)
            )
        return _("mindst {n} kommuner").format(n=_(_WORDS[n]) if n in _WORDS else number(n))

    def toml(self) -> str:
        """The ``[coalition]`` section a closed round keeps."""
        lines = ["[coalition]", f"min_willing = {self.min_willing}"]
        if self.min_share is not None:
            lines.append(f"min_share = {self.min_share}")
        return "\n".join(lines)


def rule_from_toml(raw: dict[str, Any], name: str, participants: int) -> CoalitionRule:
    """The rule in a parsed TOML document's ``[coalition]`` (default: at least 2)."""
    section = raw.get("coalition", {})
    count = section.get("min_willing", MIN_WILLING_MUNICIPALITIES)
    share = section.get("min_share")
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise CoalitionRuleError(
            _(
                "{name}, [coalition] min_willing = {count!r}: skriv et helt antal kommuner på "
                "mindst 1, fx 2."
            ).format(name=name, count=count)
        )
    if participants and count > participants and "min_willing" in section:
        raise CoalitionRuleError(
            _(
                "{name}, [coalition] min_willing = {count}: runden har kun {participants} "
                "kommuner, så ingen kandidat kunne gå videre."
            ).format(name=name, count=count, participants=participants)
        )
    if share is not None and (
        isinstance(share, bool) or not isinstance(share, int | float) or not 0 < share <= 1
    ):
        raise CoalitionRuleError(
            _(
                "{name}, [coalition] min_share = {share!r}: skriv andelen som et decimaltal over "
                "0 og højst 1, fx 0.75 for tre af fire."
            ).format(name=name, share=share)
        )
    return CoalitionRule(count, None if share is None else float(share), participants)


def load_coalition_rule(path: Path | None = None) -> CoalitionRule:
    """The running round's rule, from ``config/screening.toml``."""
    path = path or screening_config_path()
    raw = read_screening_file(path)
    return rule_from_toml(raw, path.name, len(raw.get("municipalities", [])))
