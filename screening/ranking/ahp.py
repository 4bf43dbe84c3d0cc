"""Weights by pairwise comparison (AHP, Saaty) and saving them as a named weight profile.

A director who cannot say "potential 20, breadth 15" can usually say "potential matters three
times as much as breadth". The analytic hierarchy process turns such judgements into weights:

1. Judgements are given on Saaty's scale, 1/9 .. 9 (1 equal, 3 moderately, 5 strongly,
   7 very strongly, 9 extremely more important; 1/3 etc. the other way round). They fill a
   reciprocal matrix ``A`` with ``A[a, b] = value`` and ``A[b, a] = 1 / value``.
2. The weights are the principal (Perron) eigenvector of ``A``, normalised to sum 1. For a
   perfectly consistent matrix (``A[a, c] = A[a, b] * A[b, c]`` everywhere) this is exactly the
   ratio scale behind the judgements, and the eigenvalue ``λmax`` equals ``n``.
3. Inconsistency pushes ``λmax`` above ``n``: CI = (λmax - n) / (n - 1), and the consistency
   ratio CR = CI / RI(n), where RI is Saaty's mean CI of random reciprocal matrices. CR above 0.10
   means the judgements contradict each other too much to trust the weights.
4. To help fix it, each judgement is compared with the ratio the weights imply, ``w_a / w_b``;
   the judgements furthest from it (on a log scale) are the ones to look at first (Saaty's own
   advice for revising an inconsistent matrix).

The result becomes a :class:`~screening.ranking.scoring.WeightProfile` (weights as percentages, the
goal weights carried over from a base profile), which a directorate saves in the decision store
(:mod:`screening.decisions.weight_profiles`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from screening.i18n import _
from screening.i18n import number as dk
from screening.ranking.scoring import CRITERIA, CRITERION_LABELS, WeightProfile

# Saaty's random index RI(n), indexed by n: the mean consistency index of random reciprocal
# matrices of size n (Saaty 1980). One or two criteria are always consistent.
RANDOM_INDEX: tuple[float, ...] = (0.0, 0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49)
CONSISTENCY_LIMIT = 0.10
SAATY_MIN, SAATY_MAX = 1 / 9, 9.0

Judgements = Mapping[tuple[str, str], float]


@dataclass(frozen=True)
class InconsistentJudgement:
    """One judgement and how far it is from what the other judgements imply."""

    more: str
    less: str
    given: float  # the judgement: ``more`` is ``given`` times as important as ``less``
    implied: float  # what the derived weights say: w_more / w_less
    deviation: float  # |ln(given / implied)|: 0 is in line with the rest

    @property
    def message(self) -> str:
        return _(
            "{more} over for {less}: du har svaret {given}, men dine øvrige svar svarer til "
            "{implied}."
        ).format(
            more=_criterion(self.more),
            less=_criterion(self.less),
            given=_saaty_text(self.given),
            implied=_saaty_text(self.implied),
        )


@dataclass(frozen=True)
class AhpResult:
    criteria: tuple[str, ...]
    matrix: np.ndarray
    weights: dict[str, float]  # shares, summing to 1
    lambda_max: float
    consistency_index: float
    consistency_ratio: float
    # Most inconsistent first; empty when the matrix is consistent.
    inconsistent_judgements: tuple[InconsistentJudgement, ...]

    @property
    def is_consistent(self) -> bool:
        return self.consistency_ratio <= CONSISTENCY_LIMIT

    @property
    def warning(self) -> str | None:
        if self.is_consistent:
            return None
        return _(
            "Sammenligningerne er ikke konsistente (CR = {ratio} > {limit}). Se på de par, der "
            "modsiger hinanden."
        ).format(ratio=dk(self.consistency_ratio, 2), limit=dk(CONSISTENCY_LIMIT, 2))


def _criterion(code: str) -> str:
    return _(CRITERION_LABELS[code])


def _saaty_text(value: float) -> str:
    # "vægter 3 gange så højt" reads better than "0,33 gange" and needs no gender agreement with
    # the criterion; a fraction is turned the other way round.
    def times(x: float) -> str:
        return dk(x, 0 if float(x).is_integer() else 1)

    if value >= 1:
        return _("{times} gange så højt").format(times=times(value))
    return _("1/{times} (den anden vægter {times} gange så højt)").format(times=times(1 / value))


def comparison_matrix(judgements: Judgements, criteria: Sequence[str] = CRITERIA) -> np.ndarray:
    """The reciprocal matrix: ``A[a, b]`` is how many times more important ``a`` is than ``b``.

    Every unordered pair must be judged exactly once (or twice, as exact reciprocals); a pair left
    out is an error, because silently reading it as "equal" would pull the weights together.
    """
    index = {c: i for i, c in enumerate(criteria)}
    n = len(criteria)
    matrix = np.full((n, n), np.nan)
    np.fill_diagonal(matrix, 1.0)
    for (a, b), value in judgements.items():
        if a not in index or b not in index:
            raise ValueError(_("Ukendt kriterium i sammenligningen ({a}, {b}).").format(a=a, b=b))
        if a == b:
            raise ValueError(
                _("Et kriterium kan ikke sammenlignes med sig selv ({a}).").format(a=a)
            )
        # A small tolerance so 1/3 typed as 0.333 is accepted.
        if not SAATY_MIN * 0.99 <= value <= SAATY_MAX * 1.01:
            raise ValueError(
                _("{a} over for {b}: {value} ligger uden for Saatys skala fra 1/9 til 9.").format(
                    a=_criterion(a), b=_criterion(b), value=value
                )
            )
        i, j = index[a], index[b]
        if not np.isnan(matrix[i, j]) and not math.isclose(matrix[i, j], value, rel_tol=1e-3):
            raise ValueError(
                _("{a} over for {b} er angivet to gange med forskellige værdier.").format(
                    a=_criterion(a), b=_criterion(b)
                )
            )
        matrix[i, j], matrix[j, i] = value, 1.0 / value
    missing = [
        (criteria[i], criteria[j])
        for i, j in zip(*np.where(np.isnan(matrix)), strict=True)
        if i < j
    ]
    if missing:
        pairs = "; ".join(f"{_criterion(a)} / {_criterion(b)}" for a, b in missing)
        raise ValueError(_("Der mangler sammenligninger for: {pairs}.").format(pairs=pairs))
    return matrix


def ahp_weights(judgements: Judgements, criteria: Sequence[str] = CRITERIA) -> AhpResult:
    """Weights, λmax, CI, CR and the most inconsistent judgements for a set of judgements."""
    criteria = tuple(criteria)
    matrix = comparison_matrix(judgements, criteria)
    n = len(criteria)
    eigenvalues, eigenvectors = np.linalg.eig(matrix)
    # Perron-Frobenius: a positive matrix has one real eigenvalue of largest modulus, with a
    # positive eigenvector; the others may be complex.
    principal = int(np.argmax(eigenvalues.real))
    lambda_max = float(eigenvalues[principal].real)
    vector = np.abs(eigenvectors[:, principal].real)
    shares = vector / vector.sum()
    # λmax >= n in theory; clip rounding noise so a consistent matrix gives CI = 0, not -1e-16.
    consistency_index = max(lambda_max - n, 0.0) / (n - 1) if n > 1 else 0.0
    random_index = RANDOM_INDEX[min(n, len(RANDOM_INDEX) - 1)]
    consistency_ratio = consistency_index / random_index if random_index else 0.0
    return AhpResult(
        criteria=criteria,
        matrix=matrix,
        weights={c: float(w) for c, w in zip(criteria, shares, strict=True)},
        lambda_max=lambda_max,
        consistency_index=consistency_index,
        consistency_ratio=consistency_ratio,
        inconsistent_judgements=_most_inconsistent(matrix, shares, criteria),
    )


def _most_inconsistent(
    matrix: np.ndarray, shares: np.ndarray, criteria: tuple[str, ...], limit: int = 3
) -> tuple[InconsistentJudgement, ...]:
    implied = shares[:, None] / shares[None, :]
    deviation = np.abs(np.log(matrix / implied))
    found = []
    for i, j in zip(*np.triu_indices(len(criteria), k=1), strict=True):
        # A deviation of 1e-6 is rounding, not a contradiction the user could fix.
        if deviation[i, j] > 1e-6:
            # Report each pair the way round that reads as "a matters more than b".
            a, b = (i, j) if matrix[i, j] >= 1 else (j, i)
            found.append(
                InconsistentJudgement(
                    more=criteria[a],
                    less=criteria[b],
                    given=float(matrix[a, b]),
                    implied=float(implied[a, b]),
                    deviation=float(deviation[i, j]),
                )
            )
    found.sort(key=lambda judgement: -judgement.deviation)
    return tuple(found[:limit])


def ahp_profile(
    result: AhpResult, code: str, label: str, base_profile: WeightProfile
) -> WeightProfile:
    """A weight profile from the AHP weights, as percentages rounded to 0.01, so the profile in
    memory is the one that is saved. The goal weights come from ``base_profile``: AHP here ranks
    the criteria, not the goals inside the goals criterion."""
    missing = [c for c in CRITERIA if c not in result.weights]
    if missing:
        raise ValueError(
            _("En vægtprofil skal have vægte for alle kriterier; mangler: {missing}").format(
                missing=", ".join(_criterion(c) for c in missing)
            )
        )
    _check_code(code)
    return WeightProfile(
        code=code,
        label=label,
        weights={c: round(result.weights[c] * 100, 2) for c in CRITERIA},
        goal_weights=dict(base_profile.goal_weights),
    )


def _check_code(code: str) -> None:
    # A bare TOML key, so the table header needs no quoting and the code stays URL-safe.
    if not re.fullmatch(r"[a-z0-9_]+", code):
        raise ValueError(
            _(
                "Profilkoden «{code}» må kun indeholde små bogstaver a-z, tal og understregning."
            ).format(code=code)
        )
