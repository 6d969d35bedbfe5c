"""Recognition rules of the toponym tagger for news layout: abbreviated name openers ("St.",
"Mt.", "Ft."), datelines in capitals, regions spelt with common words ("West Bank").

Every snippet is written for these tests; each rule has a case where the other reading holds.
"""

from __future__ import annotations

import pytest

from geomap.gazetteer import Gazetteer, find_toponyms


def _found(gaz: Gazetteer, text: str) -> list[str]:
    return [m.text for m in find_toponyms(text, gaz)]


@pytest.mark.parametrize(("text", "name"), [
    ("The new ferry will link St. Petersburg with two Baltic ports.", "St. Petersburg"),
    ("A snowplough stalled on the way to St. Paul before dawn.", "St. Paul"),
    ("Her bakery is the oldest in Mt. Pleasant, the owners say.", "Mt. Pleasant"),
    ("A St. Louis-based builder won the contract.", "St. Louis"),
    ("The crew flew in from Ft. Lauderdale on Monday.", "Ft. Lauderdale"),
])
def test_an_abbreviated_opener_joins_the_name(gaz: Gazetteer, text: str, name: str) -> None:
    found = _found(gaz, text)
    assert name in found
    # Never the second half alone ("Petersburg" of Virginia, "Paul" the given name).
    assert name.split()[-1] not in found


def test_a_street_abbreviation_before_another_name_opens_nothing(gaz: Gazetteer) -> None:
    found = _found(gaz, "The shop at 40 Birch St. Louis Ferrand bought it in June.")
    assert not any(f.startswith("St.") for f in found)


@pytest.mark.parametrize("text", [
    "Pupils of St. Agnes Catholic School in Boise raised money for the shelter.",
    "She was taken to St. Rose Hospital with burns.",
    "The choir of St. Bartholomew's sang at noon in Boise.",
    '"We have waited long enough," St. Clair said in Boise on Friday.',
])
def test_saints_naming_churches_schools_and_people_are_no_places(gaz: Gazetteer,
                                                                 text: str) -> None:
    found = _found(gaz, text)
    assert not any(f.startswith("St.") for f in found)
    assert "Boise" in found or "Boise" not in text


def test_a_big_saints_town_keeps_its_possessive_and_institutions(gaz: Gazetteer) -> None:
    found = _found(gaz, "St. Petersburg's museums reopened, and St. Louis Zoo did too.")
    assert found[:2] == ["St. Petersburg", "St. Louis"]


@pytest.mark.parametrize(("text", "name"), [
    ("Budget vote delayed. ELMWOOD — The town council will meet again in May.", None),
    ("Barn lost. WINSTED — Flames gutted an old barn on Tuesday.", "WINSTED"),
    ("Two hikers found. HURRICANE, W.Va. - Rescuers reached the pair at dawn.", "HURRICANE"),
    ("Mill to close. CARTHAGE, N.C. (AP) -- Workers heard the news Friday.", "CARTHAGE"),
    ("School board meets. XENIA — Parents packed the gym on Monday.", "XENIA"),
])
def test_a_dateline_in_capitals_is_a_place(gaz: Gazetteer, text: str, name: str | None) -> None:
    found = _found(gaz, text)
    if name is not None:
        assert name in found
    assert "Budget" not in found and "Barn" not in found


def test_capitals_without_a_dash_are_no_dateline(gaz: Gazetteer) -> None:
    # An acronym opening a sentence stays an acronym; a shouted word is no place.
    found = _found(gaz, "Police said so. HOPE is what the club sells. NATO - led patrols left.")
    assert "HOPE" not in found and "NATO" not in found


@pytest.mark.parametrize(("text", "name"), [
    ("Settlers and farmers in the West Bank argued over the well.", "West Bank"),
    ("The ferry crosses from North Island to the south twice a day.", "North Island"),
])
def test_a_region_spelt_with_common_words_is_found(gaz: Gazetteer, text: str, name: str) -> None:
    assert name in _found(gaz, text)


@pytest.mark.parametrize("text", [
    "Teams from the South Central District met in Nashville.",
    "Hill walkers love North West England in spring.",
    "The Eastern province of the island had rain.",
])
def test_directions_and_designators_alone_are_no_region(gaz: Gazetteer, text: str) -> None:
    found = _found(gaz, text)
    assert not {"Central District", "North West", "Eastern province", "South Central"} & set(
        found)
