"""Demonyms as toponyms end to end: which uses name a country or region (issue #18).

Snippets written for these tests.
"""

from __future__ import annotations

import pytest

from geomap.gazetteer import Gazetteer, find_toponyms
from geomap.gazetteer._demonyms import find_demonyms, find_region_demonyms, refers_to_country
from geomap.gazetteer.evaluate import predict_document


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.default()


def _tagged(text: str, gaz: Gazetteer) -> list[str]:
    return [m.text for m in find_toponyms(text, gaz, demonyms=True)]


@pytest.mark.parametrize("text", [
    "Peruvian officials closed the border crossing on Sunday.",
    "The talks between Kenyan President Odhiambo and his cabinet ran late.",
    "Analysts expect the Ghanaian government to raise fuel prices.",
    "By evening the Syrians had withdrawn their artillery.",
])
def test_demonym_of_state_or_people_is_tagged(gaz: Gazetteer, text: str) -> None:
    assert len(_tagged(text, gaz)) == 1


@pytest.mark.parametrize(("text", "word"), [
    ("She had booked a flight with Turkish Airlines for May.", "Turkish"),
    ("Volunteers of the Kenyan Tea Growers Board met on Friday.", "Kenyan"),
    ("Carla French chaired the school board meeting.", "French"),
    ("French said the audit would take a month.", "French"),
    ("The stall sold Thai food and Irish music played all night.", "Thai"),
    ("The stall sold Thai food and Irish music played all night.", "Irish"),
    ("At home the twins spoke Portuguese with their grandmother.", "Portuguese"),
    ("The museum shows Native American pottery from the valley.", "American"),
])
def test_demonym_inside_a_name_or_as_a_style_is_not_tagged(gaz: Gazetteer, text: str,
                                                           word: str) -> None:
    assert word not in _tagged(text, gaz)


def test_refers_to_country_keeps_offices_and_drops_firms(gaz: Gazetteer) -> None:
    text = "Norwegian Foreign Minister Dahl flew on a Norwegian Air jet."
    first, second = find_demonyms(text, gaz)
    assert refers_to_country(text, first, gaz)
    assert not refers_to_country(text, second, gaz)


def test_compound_demonyms_after_a_hyphen(gaz: Gazetteer) -> None:
    text = "The Kenyan-Ugandan border talks and inter-Somali dialogue resumed."
    assert [d.text for d in find_demonyms(text, gaz)] == ["Kenyan"]
    found = [(d.text, d.country) for d in find_demonyms(text, gaz, compounds=True)]
    assert found == [("Kenyan", "KE"), ("Ugandan", "UG"), ("Somali", "SO")]
    # A hyphen after an ordinary word is no compound of demonyms.
    assert find_demonyms("a well-Kenyan-looking", gaz, compounds=True) == []


@pytest.mark.parametrize(("word", "cc"), [("Ohioans", "US"), ("Ontarians", "CA"),
                                          ("Dagestani", "RU"), ("South Ossetian", "GE"),
                                          ("Bavarian", "DE")])
def test_region_demonyms(gaz: Gazetteer, word: str, cc: str) -> None:
    found = find_region_demonyms(f"Many {word} voters stayed home.", gaz)
    assert [(d.text, d.country) for d in found] == [(word, cc)]


@pytest.mark.parametrize("text", [
    "A Victorian terrace stood on the corner.",
    "The Christian charity handed out blankets.",
    "Police said the Gunman fled on foot.",
    "Adrian Holt coached the team.",
])
def test_region_demonym_lookalikes_are_left_out(gaz: Gazetteer, text: str) -> None:
    assert find_region_demonyms(text, gaz) == []


def test_evaluation_tags_demonyms_resolved_to_their_country(gaz: Gazetteer) -> None:
    doc = {"id": "t", "text": "Chadian troops reached Abeche on Tuesday.", "toponyms": []}
    tops = predict_document(doc, gaz, gold_spans=False)["toponyms"]
    assert [doc["text"][t["start"]:t["end"]] for t in tops] == ["Chadian", "Abeche"]
    assert 7 < tops[0]["lat"] < 24 and 13 < tops[0]["lon"] < 25  # inside Chad
    off = predict_document(doc, gaz, gold_spans=False, demonyms=False)["toponyms"]
    assert [doc["text"][t["start"]:t["end"]] for t in off] == ["Abeche"]


def test_library_path_still_maps_no_demonym(gaz: Gazetteer) -> None:
    # The map path (no demonyms) never turns "Russian forces" into a place.
    text = "Russian forces shelled the outskirts of Kherson."
    assert [m.text for m in find_toponyms(text, gaz)] == ["Kherson"]
    assert "Russian" in _tagged(text, gaz)


@pytest.mark.parametrize(("text", "town"), [
    ("The jet landed at Nairobi International Airport before dawn.", "Nairobi"),
    ("Crowds waited outside Kigali airport all night.", "Kigali"),
])
def test_evaluation_gives_an_airport_named_after_its_town_as_the_town(
        gaz: Gazetteer, text: str, town: str) -> None:
    doc = {"id": "t", "text": text, "toponyms": []}
    tops = predict_document(doc, gaz, gold_spans=False)["toponyms"]
    assert [text[t["start"]:t["end"]] for t in tops] == [town]


def test_airport_named_after_a_person_keeps_its_name() -> None:
    from geomap.gazetteer import evaluate
    from geomap.gazetteer.toponyms import Mention

    gaz = Gazetteer.default()
    m = Mention(0, 24, "Jon Mavrick Hale Airport")
    assert evaluate._airport_town(m, gaz) == m
