"""A column's cells joined are checked for control and direction characters without the pattern
looking at every character where Latin-1 can hold the text; the answer is the pattern's."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from screening.intake.control_characters import CONTROL, _holds_control
from screening.text import BIDI_CONTROLS, holds_bidi_controls

texts = st.text(
    alphabet=st.one_of(
        st.sampled_from("aæøåÅé \n\t\r\x0b\x0c\x00\x01\x08\x0e\x1f\x7f\x80\x9f\xa0ÿ–€"),
        st.sampled_from("\u202a\u202e\u2066\u2069\u2029\u200b\U0001f600"),
        st.characters(),
    ),
    max_size=40,
)


@settings(max_examples=500)
@given(texts)
def test_control_characters_found_as_the_pattern_finds_them(text):
    assert _holds_control(text) == (CONTROL.search(text) is not None)


@settings(max_examples=500)
@given(texts)
def test_direction_characters_found_as_the_pattern_finds_them(text):
    assert holds_bidi_controls(text) == (BIDI_CONTROLS.search(text) is not None)
