"""Actors, a6: a capital that opens the sentence or names a date is no part of a group's name.

Sentences written for these tests (invented wording).
"""

from __future__ import annotations

import pytest

import geomap
from geomap.actors import _default_set
from geomap.extract.actors_text import find_actor_mentions


def _actors(text: str) -> list[str]:
    ev = geomap.extract(text, date="2024-05-10")
    return [r.actor for r in ev.itertuples() if r.kind == "control_change"]


@pytest.mark.parametrize("text", [
    "After rebels took Kidal, the army fled south.",
    "On Monday militants seized Kidal.",
    "Meanwhile insurgents overran Kidal.",
    "The separatists seized Kidal on Thursday.",
])
def test_an_opening_word_is_stripped_from_the_group(text: str) -> None:
    got = _actors(text)
    assert got and all(a and a.split()[0] not in ("After", "On", "Monday", "Meanwhile", "The")
                       for a in got), got


def test_a_name_after_the_opening_words_is_kept() -> None:
    found = find_actor_mentions("In May Azawad Liberation Fighters entered the town.",
                                _default_set())
    assert [m.text for m in found] == ["Azawad Liberation Fighters"], found


def _kidal_events(text: str) -> list[tuple[str, str, bool]]:
    ev = geomap.extract(text, date="2024-05-10")
    return [(r.kind, r.actor, bool(r.confirmed)) for r in ev.itertuples()
            if r.place == "Kidal"]


def test_a_counted_group_taken_captive_is_not_the_taker() -> None:
    got = _kidal_events("Tuareg rebels took 40 Malian soldiers prisoner after seizing Kidal.")
    assert [a for _k, a, _c in got] == ["MNLA"], got


def test_a_participle_inside_a_sides_own_report_is_its_claim() -> None:
    got = _kidal_events("The Tuareg rebels said they had captured 40 Malian soldiers after "
                        "seizing Kidal.")
    assert got == [("claimed_control", "MNLA", False)], got


def test_a_clause_with_its_own_subject_after_after_leaves_the_report() -> None:
    # the army speaks of its own retreat; the rebels' taking after "after" is narration
    got = _kidal_events("The Malian army said it had regrouped in Gao after Tuareg rebels "
                        "seized Kidal.")
    assert ("control_change", "MNLA", True) in got, got


def test_a_front_line_is_no_group() -> None:
    found = find_actor_mentions("On the Kharkiv front the fighting went on.", _default_set())
    assert [m.text for m in found] == [], found
    named = find_actor_mentions("The Azawad Popular Front took the town.", _default_set())
    assert [m.text for m in named] == ["Azawad Popular Front"], named


def test_a_quoted_grouping_of_troops_names_no_side() -> None:
    found = find_actor_mentions("Units of the ‘Northern’ group of troops entered the village.",
                                _default_set())
    assert all(m.actor == "" for m in found), found
    assert not any("Northern’" in m.actor for m in found), found
