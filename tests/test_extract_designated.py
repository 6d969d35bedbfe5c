"""A name followed by its own settlement designator is a place, listed even when unknown.

Issue #17: a place-like name that is not resolved goes to the unresolved list with its reason.
Sentences written for these tests (invented names where the place must be unknown).
"""

from __future__ import annotations

import geomap
from geomap.extract import extract_document


def _unresolved(text: str) -> dict[str, str]:
    ex = extract_document(text, date="2021-05-12")
    return {u.place: u.reason for u in ex.unresolved.itertuples()}


def test_an_unknown_district_is_listed_with_its_designator() -> None:
    got = _unresolved("Insurgents overran the police post of Zorbakh district on Monday.")
    assert "Zorbakh" in got
    assert "designator 'district'" in got["Zorbakh"]


def test_an_unknown_village_in_a_sentence_without_a_change_verb_is_listed() -> None:
    got = _unresolved("Residents of Qarnobi village walked to the market on Monday.")
    assert "designator 'village'" in got.get("Qarnobi", "")


def test_a_known_town_with_its_designator_becomes_a_mention() -> None:
    ev = geomap.extract("Elders met in Jurm district on Monday to discuss the harvest.",
                        date="2021-05-12")
    assert "Jurm" in set(ev.place)
    assert not _unresolved("Elders met in Jurm district on Monday to discuss the harvest.")


def test_words_that_name_no_settlement_are_not_listed() -> None:
    got = _unresolved("The Old Town district was quiet, and the Green Zone stayed shut.")
    assert got == {}


def test_a_lowercase_arabic_particle_opens_a_cued_name() -> None:
    # "um"/"umm" ("mother of") is often written in lower case before a town's name.
    ev = geomap.extract("Paramilitary fighters took the city of um Rawaba on Wednesday.",
                        date="2023-09-14")
    assert "um Rawaba" in set(ev[ev.kind == "control_change"].place)
