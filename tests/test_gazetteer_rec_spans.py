"""Mention spans as news corpora annotate them: a designator written in lower case after a name
("Idlib province", "Wedza district") is no part of the name, but still tells which namesake.

Every snippet is written for these tests.
"""

from __future__ import annotations

import pytest

from geomap.gazetteer import Gazetteer, find_toponyms


@pytest.mark.parametrize(("text", "name", "hint"), [
    ("Aid convoys reached Idlib province after a week.", "Idlib", "region"),
    ("Rain flooded farms in Sindh province and beyond.", "Sindh", "region"),
    ("Shops reopened in the Marib governorate.", "Marib", "region"),
])
def test_a_lower_case_designator_stays_out_of_the_span(gaz: Gazetteer, text: str, name: str,
                                                      hint: str) -> None:
    found = find_toponyms(text, gaz)
    assert [(m.text, m.feature_hint) for m in found][:1] == [(name, hint)]
    assert text[found[0].start:found[0].end] == name


def test_the_designator_still_picks_the_namesake(gaz: Gazetteer) -> None:
    text = "Aid convoys reached Idlib province after a week."
    found = find_toponyms(text, gaz)
    res = gaz.resolve_mentions(found, text=text)
    assert res[0].place is not None and res[0].place.country == "SY"
    assert res[0].place.feature == "region"


@pytest.mark.parametrize(("text", "name"), [
    ("Deputies patrol Orange County at night.", "Orange County"),
    ("Voters in Washington county went to the polls.", "Washington county"),
    ("Troops left Al-Watiya airbase at dawn.", "Al-Watiya airbase"),
])
def test_proper_designators_counties_and_facilities_keep_their_word(gaz: Gazetteer, text: str,
                                                                    name: str) -> None:
    assert name in [m.text for m in find_toponyms(text, gaz)]


@pytest.mark.parametrize(("text", "name"), [
    ("The Springfield City Council approved a new bridge.", "Springfield"),
    ("Crowds gathered outside Dublin City Hall at noon.", "Dublin"),
    ("He appeared in Denver District Court on Friday.", "Denver"),
    ("Residents of the City of Oxford may recycle glass.", "Oxford"),
    ("The State of Ohio registered the charity last year.", "Ohio"),
    ("The Ludlow Town Hall opens at nine.", "Ludlow"),
])
def test_a_government_phrase_names_its_town(gaz: Gazetteer, text: str, name: str) -> None:
    found = [m.text for m in find_toponyms(text, gaz)]
    assert name in found
    assert not any(f != name and name in f for f in found)


@pytest.mark.parametrize(("text", "name"), [
    ("The Kansas City Council met on Tuesday.", "Kansas City"),
    ("Tourists fill Cape Town Hall every summer.", "Cape Town"),
    ("Rain closed roads around Mexico City and Puebla.", "Mexico City"),
])
def test_a_town_named_with_the_designator_keeps_it(gaz: Gazetteer, text: str, name: str) -> None:
    assert name in [m.text for m in find_toponyms(text, gaz)]


def test_a_common_word_before_city_is_no_town(gaz: Gazetteer) -> None:
    found = [m.text for m in find_toponyms("The Emerald City Players staged a comedy.", gaz)]
    assert "Emerald" not in found


def test_a_dash_ends_a_name(gaz: Gazetteer) -> None:
    found = [m.text for m in find_toponyms("Budget cut. ELMFORD -- City officials say the "
                                           "plan for Guinea-Bissau aid stands.", gaz)]
    assert "Guinea-Bissau" in found and not any("--" in f or "City" in f for f in found)


@pytest.mark.parametrize(("text", "names"), [
    ("The Philippines sent nurses. The Gambia did too.", ["Philippines", "Gambia"]),
    ("The Hague hosted the talks.", ["The Hague"]),
    ("Trade between Ghana and Côte d'Ivoire grew.", ["Ghana", "Côte d'Ivoire"]),
    ("Rain fell on Cote d'Ivoire and Liberia.", ["Cote d'Ivoire", "Liberia"]),
])
def test_articles_opening_and_inside_names(gaz: Gazetteer, text: str, names: list[str]) -> None:
    assert [m.text for m in find_toponyms(text, gaz)] == names


def test_fort_alone_is_no_place(gaz: Gazetteer) -> None:
    found = [m.text for m in find_toponyms("He trained at Fort Zarnow near Tulsa.", gaz)]
    assert "Fort" not in found and "Tulsa" in found


@pytest.mark.parametrize("text", [
    "Pipes are fixed on Elm Avenue. Lane closure until Friday, crews say.",
    "Her summer Reading list was long, said the teacher.",
    "Mobile surveillance teams reached the villages near Uige.",
])
def test_a_common_word_before_its_noun_is_no_place(gaz: Gazetteer, text: str) -> None:
    found = [m.text for m in find_toponyms(text, gaz)]
    assert not {"Lane", "Reading", "Mobile"} & set(found)


@pytest.mark.parametrize(("text", "name"), [
    ("Farmers in the Reading area sold their hay early.", "Reading"),
    ("Since the disease was found at a Surrey farm, cattle have been kept in.", "Surrey"),
    ("Storms hit Mobile overnight, and Mobile residents lost power.", "Mobile"),
])
def test_a_common_word_said_of_a_place_stays(gaz: Gazetteer, text: str, name: str) -> None:
    assert name in [m.text for m in find_toponyms(text, gaz)]


def test_without_the_check_the_adjective_would_be_a_place(
        gaz: Gazetteer, monkeypatch: pytest.MonkeyPatch) -> None:
    from geomap.gazetteer import toponyms as tp

    monkeypatch.setattr(tp, "ADJECTIVE_CHECK", False)
    tp._MEMOS.clear()
    try:
        found = [m.text for m in find_toponyms(
            "Pipes are fixed on Elm Avenue. Lane closure until Friday, crews say.", gaz)]
        assert "Lane" in found
    finally:
        tp._MEMOS.clear()


@pytest.mark.parametrize("text", ["Juba remained calm on Monday.", "Tyre will vote in May."])
def test_a_big_town_before_a_verb_is_no_adjective(gaz: Gazetteer, text: str) -> None:
    assert text.split()[0] in [m.text for m in find_toponyms(text, gaz)]
