import pytest

from screening.config import load_screening_config
from screening.vocabulary import (
    COOPERATION_FORMS,
    GOALS,
    PHASES,
    SERVICE_AREAS,
    TASK_TYPES,
    interpret_term,
)


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


@pytest.mark.parametrize(
    ("written", "terms", "code", "how"),
    [
        ("Mere rationel drift", GOALS, "rational_operation", "spelling"),  # a label's beginning
        ("Specialistviden", GOALS, "specialist_competence", "words"),  # a compound's part
        ("Borgerne får bedre adgang", GOALS, "better_access", "words"),
        ("Parnerskab", COOPERATION_FORMS, "partnership", "fuzzy"),  # a misspelling
        ("Fælles enhed", COOPERATION_FORMS, "shared_service", "words"),  # «fælles driftsenhed»
        ("Værtskommune", COOPERATION_FORMS, "shared_service", "spelling"),
        ("Fysisk anlæg", TASK_TYPES, "locations", "words"),
        ("Ældreområdet", SERVICE_AREAS, "elderly_health", "spelling"),
        ("Sundhed og omsorg", SERVICE_AREAS, "elderly_health", "words"),
        ("Teknik", SERVICE_AREAS, "technical_environment", "spelling"),
        ("Jobcenter", SERVICE_AREAS, "employment", "spelling"),
    ],
)
def test_town_halls_words_are_read_as_the_term_they_mean(written, terms, code, how):
    found = interpret_term(written, terms)
    assert (found.term.code, found.how) == (code, how)


@pytest.mark.parametrize(
    ("written", "terms"),
    [
        ("Administration", SERVICE_AREAS),  # could be several of ours: not guessed
        ("Outsourcing", COOPERATION_FORMS),
        ("Drift", TASK_TYPES),
        ("grøn omstilling", GOALS),
    ],
)
def test_words_that_name_no_term_are_not_guessed(written, terms):
    assert interpret_term(written, terms) is None


def test_every_label_reads_as_itself():
    for terms in (GOALS, TASK_TYPES, COOPERATION_FORMS, SERVICE_AREAS):
        for term in terms:
            assert interpret_term(term.label, terms).term == term
