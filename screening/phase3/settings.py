"""The business case's settings: discount rate and horizon, from ``[phase3]`` in
``config/screening.toml``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from screening.config import read_screening_file, screening_config_path
from screening.errors import ScreeningError
from screening.i18n import _

DEFAULT_DISCOUNT_RATE = 0.035
DEFAULT_HORIZON_YEARS = 10


class SettingsError(ScreeningError, ValueError):
    """The [phase3] section cannot be used; the message names the key and how to fix it."""


@dataclass(frozen=True)
class Phase3Settings:
    discount_rate: float = DEFAULT_DISCOUNT_RATE
    horizon_years: int = DEFAULT_HORIZON_YEARS


def load_phase3_settings(path: Path | None = None) -> Phase3Settings:
    """The [phase3] section; defaults where the file has none (an older config)."""
    path = path or screening_config_path()
    raw = read_screening_file(path).get("phase3", {})
    rate = raw.get("discount_rate", DEFAULT_DISCOUNT_RATE)
    horizon = raw.get("horizon_years", DEFAULT_HORIZON_YEARS)
    if not isinstance(rate, int | float) or not 0 <= rate < 1:
        raise SettingsError(
            _(
                "{path}, [phase3] discount_rate = {rate!r}: skriv renten som et decimaltal mellem "
                "0 og 1, fx 0.035 for 3,5 %."
            ).format(path=path.name, rate=rate)
        )
    if not isinstance(horizon, int) or not 1 <= horizon <= 50:
        raise SettingsError(
            _(
                "{path}, [phase3] horizon_years = {horizon!r}: skriv et helt antal år mellem 1 og "
                "50, fx 10."
            ).format(path=path.name, horizon=horizon)
        )
    return Phase3Settings(float(rate), horizon)
