"""Locators, a6: a place after "overlooking", "linking ... with", "between ... and" or "the road
to" only locates what was taken.

Sentences written for these tests (invented wording).
"""

from __future__ import annotations

import pytest

import geomap


def _changes(text: str) -> list[str]:
    ev = geomap.extract(text, date="2024-05-10")
    return sorted(r.place for r in ev.itertuples() if r.kind == "control_change")


@pytest.mark.parametrize("text", [
    "The rebels seized the hills overlooking Kidal.",
    "In January the rebels took control of the ridges overlooking the roads linking the "
    "regional capital of Kidal with Gao province.",
    "The rebels seized the highway between Kidal and Gao.",
    "The rebels cut the road to Kidal on Monday.",
    "The rebels seized the bridge connecting Kidal to Gao.",
])
def test_a_place_that_locates_the_object_changes_no_hands(text: str) -> None:
    assert _changes(text) == [], text


def test_places_that_are_the_object_still_change_hands() -> None:
    assert _changes("The rebels seized Kidal and Gao on Monday.") == ["Gao", "Kidal"]


def test_a_comma_before_would_still_weighs_an_outcome() -> None:
    text = ("Tuareg rebels pushed government troops out of Kidal on Monday. The loss of Gao, "
            "would be a heavier blow for the army.")
    assert _changes(text) == ["Kidal"]


def test_a_place_after_a_possessed_event_noun_is_not_its_object() -> None:
    text = ("Iraqi troops retook Baiji on Friday. Baiji lies on the road north, and its "
            "recapture further isolates militants in Tikrit.")
    assert "Tikrit" not in _changes(text)


def test_a_possessed_event_noun_with_of_keeps_its_object() -> None:
    ev = geomap.extract("Iraqi troops announced their recapture of Tikrit on Friday.",
                        date="2024-05-10")
    assert [r.place for r in ev.itertuples() if r.kind in ("control_change",
                                                           "claimed_control")] == ["Tikrit"]
