from screening.config import load_screening_config
from screening.vocabulary import COOPERATION_FORMS, GOALS, PHASES, TASK_TYPES


def test_the_three_dimensions_and_phases_are_complete():
    assert len(GOALS) == 6
    assert [t.code for t in TASK_TYPES] == ["processes", "systems", "organisation", "locations"]
    assert len(PHASES) == 3


def test_cooperation_forms_ordered_from_least_to_most_binding():
    ladder = [c for c in COOPERATION_FORMS if c.ladder_step is not None]
    assert [c.label for c in sorted(ladder, key=lambda c: c.ladder_step)] == [
        "Netværk",
        "Partnerskab",
        "Shared service",
    ]
    assert next(c for c in COOPERATION_FORMS if c.code == "joint_procurement").ladder_step is None


def test_default_municipalities_come_from_config():
    config = load_screening_config()
    assert config.municipality_names() == ["Aabenraa", "Haderslev", "Sønderborg", "Tønder"]
