"""A sheet's function proposals, computed for all its tasks at once, are the proposals the chart
of accounts makes for each task alone: the same function, or none, for any title and description."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from screening.intake.function_proposals import proposed_functions
from screening.kontoplan import OTHER_TASK_MARKERS, known_tasks, propose

LISTED = sorted({word for known in known_tasks() for word in known.words})
WORDS = [
    *(word.rstrip("*") for word in LISTED),
    *(word.rstrip("*") + "en" for word in LISTED),  # a listed beginning with an ending
    *(word.rstrip("*")[:-1] for word in LISTED if len(word) > 3),  # one letter short
    *OTHER_TASK_MARKERS,
    "indkøb",
    "Kørselsgodtgørelse",
    "Fælles udbud af",
    "og",
    "i",
    "Æble-grød",
    "system",
]
texts = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.lists(st.sampled_from(WORDS), max_size=6).map(" ".join),
    st.lists(st.sampled_from(WORDS), max_size=3).map(lambda words: "  ".join(words).upper()),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(texts, texts), max_size=12))
def test_a_sheet_gets_the_proposal_each_task_gets_alone(tasks):
    titles = [title for title, _ in tasks]
    descriptions = [description for _, description in tasks]
    assert proposed_functions(titles, descriptions) == [propose(t, d) for t, d in tasks]


def test_the_town_hall_tasks_get_the_proposals_they_get_alone():
    tasks = [
        ("Vognpark og tjenestebiler", None),
        ("Fælles udbud af fødevarer", "Indkøb af fødevarer til plejecentre"),
        ("Hjælpemiddeldepotet", "Udlån og vask af hjælpemidler"),
        ("Kørselsgodtgørelse", "kommunale biler"),
        ("", "Vask af tjenestebiler og flåde"),
    ]
    found = proposed_functions([t for t, _ in tasks], [d for _, d in tasks])
    assert found == [propose(t, d) for t, d in tasks]
    assert any(function is not None for function in found)
