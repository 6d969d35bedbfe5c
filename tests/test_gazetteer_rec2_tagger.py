"""Tagger rules of the second recognition round (issue #18). Sentences written for these tests."""

from __future__ import annotations

import pytest

from geomap.gazetteer import Gazetteer, find_toponyms
from geomap.gazetteer import toponyms as tp


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.default()


def _names(text: str, gaz: Gazetteer) -> list[str]:
    return [m.text for m in find_toponyms(text, gaz)]


def test_lower_case_title_word_of_another_sense(gaz: Gazetteer) -> None:
    # "miss" the verb and a sentence-final "brother." are no titles; "spokesman" is one.
    assert "Rochester" in _names("The storm should miss Rochester entirely.", gaz)
    assert "Denver" not in _names("We heard from spokesman Denver Pyle.", gaz)


def test_given_name_after_a_direction_or_distance_of(gaz: Gazetteer) -> None:
    assert "Brandon" in _names("The truck overturned two miles east of Brandon on Friday.", gaz)
    assert "Brandon" in _names("A new well was drilled northwest of Brandon.", gaz)
    assert "Brandon" not in _names("The coach praised Brandon for his defence.", gaz)


def test_given_name_listed_with_places(gaz: Gazetteer) -> None:
    assert "Douglas" in _names("Douglas and Sedgwick counties reported gains.", gaz)
    # Other given names are no places to list with.
    assert _names("Singers Peter, Paul and Mary came on stage.", gaz) == []


@pytest.mark.parametrize(("text", "place"), [
    ("ELMIRA, N.Y. (AP) Firefighters spent the night on the blaze.", "ELMIRA"),
    ("SPOKANE  The city council voted on Monday.", "SPOKANE"),
    ("DULUTH \x97 A late frost hit the gardens.", "DULUTH"),  # a cp1252 dash read as Latin-1
])
def test_datelines_without_a_dash(gaz: Gazetteer, text: str, place: str) -> None:
    assert _names(text, gaz)[0] == place


def test_acronym_with_a_wide_gap_is_no_dateline(gaz: Gazetteer) -> None:
    assert _names("NATO  The alliance met on Monday.", gaz) == []


def test_town_of_direction_words_after_a_preposition(gaz: Gazetteer) -> None:
    # A populated place named "<direction> <word>" is a place right after "in".
    assert "East Bank" in _names("Crews cleared two mudslides in East Bank on Friday.", gaz)
    # Elsewhere such words stay a description ("the East Bank of the river").
    assert "East Bank" not in _names("Crowds gathered on the East Bank of the river.", gaz)


def test_rec2_switch(gaz: Gazetteer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tp, "REC2_RULES", False)
    assert "Brandon" not in _names("The truck overturned two miles east of Brandon.", gaz)


@pytest.mark.parametrize(("text", "word"), [
    ("The Pacific Decadal Oscillation turned cold this year.", "Pacific"),
    ("Police raided a room at the Cascade Motel on Sunday.", "Cascade"),
    ("A neighbour, Marta Van Ostrand, called the police.", "Van"),
])
def test_strong_common_word_opening_a_name(gaz: Gazetteer, text: str, word: str) -> None:
    assert word not in _names(text, gaz)


def test_strong_common_word_still_a_place_before_a_place_word(gaz: Gazetteer) -> None:
    assert "Pacific Ocean" in _names("Storms crossed the Pacific Ocean in March.", gaz)
    # A country's code written in capitals is never read as the common word.
    assert "US" in _names("The US Department of Energy issued a grant.", gaz)


def test_place_in_a_virus_strain_designation(gaz: Gazetteer) -> None:
    text = "The vaccine covers an A/Elmira/14/2031-like strain and B/Nevada/3/2030."
    assert _names(text, gaz) == []
    assert _names("Flights ran Elmira/Albany twice a day.", gaz) == ["Elmira", "Albany"]
