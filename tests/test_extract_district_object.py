"""A district that is the verb's own object changes hands at its centre, however it is named.

"seized the district of X" already read so; "seized X district" read X as a region locating
something else. Sentences written for these tests.
"""

from __future__ import annotations

import pytest

import geomap


def _changes(text: str) -> list[tuple[str, str]]:
    ev = geomap.extract(text, date="2021-05-12")
    return [(r.place, r.actor) for r in ev.itertuples() if r.kind == "control_change"]


@pytest.mark.parametrize("text", [
    "Taliban fighters seized the district of Jurm on Monday.",
    "Taliban fighters seized Jurm district on Monday.",
    "Taliban fighters overran the Jurm district on Monday.",
])
def test_the_district_object_of_a_taking_is_taken(text: str) -> None:
    assert _changes(text) == [("Jurm", "TALIBAN")]


def test_a_district_that_locates_the_object_is_not_taken() -> None:
    # "in X district" locates the checkpoint; "X district of Y" names a part of Y.
    assert ("Jurm", "TALIBAN") not in _changes(
        "Taliban fighters seized a checkpoint in Jurm district on Monday.")


@pytest.mark.parametrize(("text", "kind"), [
    # where a retreat goes is no aim, however many words sit between the verb and "towards"
    ("The garrison withdrew from the town on Wednesday towards Kosti.", "mention"),
    ("Militia units retreated overnight in disorder towards Kosti.", "mention"),
    # an advance after the retreat is an aim again
    ("After withdrawing from the town, the brigade advanced towards Kosti.", "objective"),
    ("Rebel columns pushed on towards Kosti on Wednesday.", "objective"),
])
def test_a_retreats_direction_is_no_objective(text: str, kind: str) -> None:
    ev = geomap.extract(text, date="2023-09-14")
    assert [r.kind for r in ev.itertuples() if r.place == "Kosti"] == [kind]
