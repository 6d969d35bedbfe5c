"""Holdings told as a state open a sentence with the place: "X remains in rebel hands",
"X, held by ... since ...". Sentences written for these tests."""

from __future__ import annotations

import pytest

from geomap.extract import extract_document


def _events(text: str) -> list[tuple[str, str, str]]:
    r = extract_document(text, date="2023-02-18")
    assert r.report.balanced
    return [(e.kind, e.place, e.actor) for e in r.events.itertuples()]


@pytest.mark.parametrize(("text", "actor"), [
    ("Izium remains in Ukrainian hands.", "UA"),
    ("Izium is still in rebel hands.", "RU"),
])
def test_a_sentence_opening_place_in_someones_hands_is_held(text: str, actor: str) -> None:
    assert _events(text) == [("held", "Izium", actor)]


def test_an_aside_held_since_a_month_is_a_holding_and_its_taking() -> None:
    got = _events("Izium, held by Ukrainian troops since September, was shelled overnight.")
    assert ("held", "Izium", "UA") in got
    assert ("control_change", "Izium", "UA") in got


def test_hands_that_name_no_side_make_no_place() -> None:
    # "in good hands" is no holding: the opening name is not read as a place for it
    assert _events("Ashford remains in good hands, the coach said.") == []
    assert _events("Ashford remains in Ukrainian hands.") == [("held", "Ashford", "UA")]


def test_rebels_of_another_countrys_set_hold_nothing_here() -> None:
    # Ukraine's set reads "rebels" as the Russian-backed separatists; in a country whose set
    # has no rebels the word names nobody (it was Libya's 2011 rebels).
    assert _events("Kyaikto remains in rebel hands.") == [("mention", "Kyaikto", "")]


@pytest.mark.parametrize(("text", "kind"), [
    # present tense: who holds the place
    ("Izium is under the control of Ukrainian forces.", "held"),
    ("Izium is under Ukrainian control.", "held"),
    # a change: "now", "came under"
    ("Izium is now under the control of Ukrainian forces.", "control_change"),
    ("Izium came under the control of Ukrainian forces on Monday.", "control_change"),
])
def test_under_the_control_of_is_a_state_in_the_present(text: str, kind: str) -> None:
    assert _events(text) == [(kind, "Izium", "UA")]


@pytest.mark.parametrize("name", ["Jurm", "Jurm district", "Jurm town"])
def test_a_main_verb_after_a_relative_aside_governs_the_place(name: str) -> None:
    # the aside tells the earlier change, the main verb the later one
    text = (f"{name}, which fell to the Taliban on Thursday, was retaken by the army on "
            "Saturday.")
    ev = extract_document(text, date="2021-05-12").events
    got = sorted((e.actor, e.event_date) for e in ev.itertuples()
                 if e.kind == "control_change")
    assert got == [("AFGHAN_GOV", "2021-05-08"), ("TALIBAN", "2021-05-06")]


def test_a_relative_aside_with_no_main_verb_after_it_still_tells_the_change() -> None:
    ev = extract_document("Officials visited Jurm, which was retaken by the army last week.",
                          date="2021-05-12").events
    assert [(e.kind, e.actor) for e in ev.itertuples()] == [("control_change", "AFGHAN_GOV")]
