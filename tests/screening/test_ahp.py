"""Pairwise comparison (AHP) gives the weights a director means, and says when the answers
contradict each other."""

import itertools

import numpy as np
import pytest

from screening.config import CONFIG_DIR
from screening.ranking.ahp import ahp_profile, ahp_weights, comparison_matrix
from screening.ranking.scoring import CRITERIA, load_scoring_config

CONFIG = load_scoring_config(CONFIG_DIR / "scoring.toml")
THREE = ("potential", "breadth", "feasibility")


def judgements_from_weights(weights: dict[str, float]) -> dict[tuple[str, str], float]:
    """Perfectly consistent judgements: each pair judged by the ratio of the true weights."""
    return {(a, b): weights[a] / weights[b] for a, b in itertools.combinations(weights, 2)}


def test_consistent_judgements_give_back_the_weights_and_no_warning():
    result = ahp_weights(
        {
            ("potential", "breadth"): 5 / 3,
            ("potential", "feasibility"): 2.5,
            ("breadth", "feasibility"): 1.5,
        },
        THREE,
    )
    assert result.weights == pytest.approx({"potential": 0.5, "breadth": 0.3, "feasibility": 0.2})
    assert result.lambda_max == pytest.approx(3.0)
    assert result.consistency_ratio == pytest.approx(0.0, abs=1e-9)
    assert result.is_consistent and result.warning is None
    assert result.inconsistent_judgements == ()


def test_a_contradictory_circle_is_flagged_with_the_danish_warning():
    # potential 2x breadth, breadth 2x feasibility, but feasibility 2x potential. For a 3x3
    # matrix λmax = 1 + r**(1/3) + r**(-1/3) with r = a13 / (a12 * a23) = 1/8, so λmax = 3.5,
    # CI = 0.25 and CR = 0.25 / 0.58.
    result = ahp_weights(
        {
            ("potential", "breadth"): 2,
            ("breadth", "feasibility"): 2,
            ("potential", "feasibility"): 1 / 2,
        },
        THREE,
    )
    assert result.lambda_max == pytest.approx(3.5)
    assert result.consistency_index == pytest.approx(0.25)
    assert result.consistency_ratio == pytest.approx(0.25 / 0.58)
    assert not result.is_consistent
    assert result.warning == (
        "Sammenligningerne er ikke konsistente (CR = 0,43 > 0,10). "
        "Se på de par, der modsiger hinanden."
    )
    # A perfect circle: every weight equal, all three judgements equally far off.
    assert result.weights == pytest.approx({c: 1 / 3 for c in THREE})


def test_the_one_reversed_judgement_is_pointed_out_first():
    weights = {"goals": 0.4, "potential": 0.3, "breadth": 0.2, "feasibility": 0.1}
    judgements = judgements_from_weights(weights)
    judgements[("breadth", "feasibility")] = 1 / 5  # should have been 2: breadth matters more
    result = ahp_weights(judgements, tuple(weights))
    assert result.consistency_ratio > 0.1
    worst = result.inconsistent_judgements[0]
    assert {worst.more, worst.less} == {"breadth", "feasibility"}
    assert worst.message.startswith(
        "Gennemførlighed over for Antal kommuner: du har svaret 5 gange så højt, men"
    )


def test_the_matrix_is_reciprocal_with_ones_on_the_diagonal():
    rng = np.random.default_rng(7)
    scale = [1 / 9, 1 / 7, 1 / 5, 1 / 3, 1, 3, 5, 7, 9]
    judgements = {pair: float(rng.choice(scale)) for pair in itertools.combinations(CRITERIA, 2)}
    matrix = comparison_matrix(judgements)
    assert matrix.shape == (7, 7)
    assert np.allclose(matrix * matrix.T, 1.0)
    assert np.allclose(np.diag(matrix), 1.0)
    result = ahp_weights(judgements)
    assert sum(result.weights.values()) == pytest.approx(1.0)
    assert all(w > 0 for w in result.weights.values())


def test_judgements_the_user_must_fix_are_refused_in_danish():
    complete = judgements_from_weights({"potential": 0.5, "breadth": 0.3, "feasibility": 0.2})
    missing = {k: v for k, v in complete.items() if k != ("breadth", "feasibility")}
    with pytest.raises(ValueError, match="mangler sammenligninger for: Antal kommuner / Gennemf"):
        comparison_matrix(missing, THREE)
    with pytest.raises(ValueError, match="uden for Saatys skala"):
        comparison_matrix(complete | {("potential", "breadth"): 12}, THREE)
    with pytest.raises(ValueError, match="to gange med forskellige"):
        comparison_matrix(complete | {("breadth", "potential"): 3}, THREE)
    # The same judgement written the other way round is fine.
    both_ways = complete | {("breadth", "potential"): 0.6}
    assert np.allclose(comparison_matrix(both_ways, THREE), comparison_matrix(complete, THREE))


def test_a_directors_profile_has_the_ahp_weights_as_percentages():
    weights = {"goals": 2, "task_type": 1, "cooperation_form": 1, "potential": 4}
    weights |= {"relative_potential": 2, "breadth": 3, "feasibility": 2}
    result = ahp_weights(judgements_from_weights(weights))
    base = CONFIG.profile("quality_citizens")
    profile = ahp_profile(result, "direktion_aabenraa", "Direktionen i Aabenraa – «økonomi»", base)
    assert sum(profile.weights.values()) == pytest.approx(100, abs=0.05)
    assert profile.weights["potential"] == pytest.approx(100 * 4 / 15, abs=0.01)
    assert profile.goal_weights == base.goal_weights


def test_a_profile_from_comparisons_is_checked():
    profile = CONFIG.profile("balanced")
    equal = ahp_weights(judgements_from_weights(dict.fromkeys(CRITERIA, 1.0)))
    assert ahp_profile(equal, "lige", "Lige vægte", profile).weights["goals"] == 14.29
    with pytest.raises(ValueError, match="må kun indeholde små bogstaver"):
        ahp_profile(equal, "Direktør profil", "Direktørens", profile)
    with pytest.raises(ValueError, match="mangler: Opgavetype, Samdriftsform"):
        ahp_profile(ahp_weights({}, ("goals",)), "kun_maal", "Kun mål", profile)
