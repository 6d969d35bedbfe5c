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
