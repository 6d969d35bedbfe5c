"""People taken for places: a word after a common given name is a surname for the whole text,
unless a locative places it where it stands.

Every snippet is written for these tests.
"""

from __future__ import annotations

import pytest

from geomap.gazetteer import Gazetteer, find_toponyms
from geomap.gazetteer import toponyms as tp


def _found(gaz: Gazetteer, text: str) -> list[str]:
    return [m.text for m in find_toponyms(text, gaz)]


_KASER = "Marlene Kaser drew up the plan. Earlier, Kaser helped rebuild a mill near Tulsa."


def test_a_surname_after_a_common_given_name_is_a_person(gaz: Gazetteer) -> None:
    found = _found(gaz, _KASER)
    assert "Kaser" not in found and "Tulsa" in found


def test_without_the_rule_the_surname_would_be_a_town(gaz: Gazetteer,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tp, "GIVEN_SURNAMES", False)
    tp._MEMOS.clear()
    try:
        assert "Kaser" in _found(gaz, _KASER)
    finally:
        tp._MEMOS.clear()


@pytest.mark.parametrize("text", [
    "Marlene Kaser drew up the plan. The mill in downtown Kaser reopens in May.",
    "Marlene Kaser drew up the plan. The old mill near Kaser reopens in May.",
])
def test_a_locative_still_places_the_name(gaz: Gazetteer, text: str) -> None:
    assert "Kaser" in _found(gaz, text)


def test_a_place_word_after_a_given_name_is_no_surname(gaz: Gazetteer) -> None:
    assert "Holly Heights" in _found(gaz, "Visitors to Holly Heights and Tulsa came by bus.")


@pytest.mark.parametrize(("text", "name"), [
    ("A spokesman for Ludlow Police said patrols were doubled.", "Ludlow"),
    ("Torrington firefighters worked through the night.", "Torrington"),
    ("Lewisburg Mayor Ann Hale opened the fair.", "Lewisburg"),
    ("Tickets are sold at the Wamego Seniors Center.", "Wamego"),
    ("Sirens will go up in Elm Grove, Pleasant Township and Madison Township.",
     "Pleasant Township"),
])
def test_a_town_before_its_office_or_officials_is_a_place(gaz: Gazetteer, text: str,
                                                        name: str) -> None:
    assert name in _found(gaz, text)


def test_without_civic_cues_the_town_is_lost(gaz: Gazetteer,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tp, "CIVIC_CUES", False)
    tp._MEMOS.clear()
    try:
        assert "Torrington" not in _found(gaz, "Torrington firefighters worked all night.")
    finally:
        tp._MEMOS.clear()


def test_metro_alone_is_no_place(gaz: Gazetteer) -> None:
    assert "Metro" not in _found(gaz, "The crash was seen by Metro Police officers in Tulsa.")


def test_a_township_keeps_its_abbreviated_dot(gaz: Gazetteer) -> None:
    assert _found(gaz, "She grew up in Hamilton Twp. near Tulsa.") == ["Hamilton Twp.", "Tulsa"]


_ENVOY = "The envoy said he would not meet Hamas before the vote in Ramallah."


def test_an_armed_group_known_only_as_another_name_of_a_town_is_no_place(
        gaz: Gazetteer) -> None:
    assert _found(gaz, _ENVOY) == ["Ramallah"]


def test_without_the_check_the_group_would_be_a_town(gaz: Gazetteer,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tp, "ALIAS_ONLY_CHECK", False)
    tp._MEMOS.clear()
    try:
        assert "Hamas" in _found(gaz, _ENVOY)
    finally:
        tp._MEMOS.clear()


def test_countries_and_regions_named_as_sides_stay_places(gaz: Gazetteer) -> None:
    found = _found(gaz, "Drones hit Russia overnight; militias from Amhara moved on Gondar.")
    assert {"Russia", "Amhara", "Gondar"} <= set(found)


@pytest.mark.parametrize("text", [
    "A spokesman for the White House said the talks in Doha would go on.",
    "The Kremlin denied the report, and officials in Doha declined to comment.",
    "Lawmakers on Capitol Hill asked about the base near Doha.",
    "The United Macedonia list won two seats; turnout in Doha was low.",
])
def test_seats_of_government_and_united_parties_are_no_places(gaz: Gazetteer,
                                                              text: str) -> None:
    assert _found(gaz, text) == ["Doha"]


def test_united_countries_and_placed_seats_stay(gaz: Gazetteer) -> None:
    found = _found(gaz, "The United Kingdom and the United States met. They moved to "
                        "Whitehall, Mich., in May.")
    assert {"United Kingdom", "United States", "Whitehall"} <= set(found)


def test_without_the_seat_check_they_would_be_places(gaz: Gazetteer,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tp, "SEATS_CHECK", False)
    tp._MEMOS.clear()
    try:
        assert "White House" in _found(
            gaz, "A spokesman for the White House said the talks in Doha would go on.")
        assert "Macedonia" in _found(
            gaz, "The United Macedonia list won two seats; turnout in Doha was low.")
    finally:
        tp._MEMOS.clear()


@pytest.mark.parametrize("text", [
    "Critics say the Kaser administration ignored the port of Tulsa.",
    "Last spring the Kaser family moved to Tulsa.",
])
def test_the_name_of_an_administration_or_family_is_a_person(gaz: Gazetteer,
                                                             text: str) -> None:
    assert _found(gaz, text) == ["Tulsa"]


def test_without_the_check_the_name_would_be_a_place(gaz: Gazetteer,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tp, "ADJECTIVE_CHECK", False)
    tp._MEMOS.clear()
    try:
        assert "Kaser" in _found(
            gaz, "Critics say the Kaser administration ignored the port of Tulsa.")
    finally:
        tp._MEMOS.clear()


def test_a_place_before_a_holder_word_without_the_article_stays(gaz: Gazetteer) -> None:
    assert "Kabul" in _found(gaz, "Envoys met Kabul officials and the Kabul government.")
