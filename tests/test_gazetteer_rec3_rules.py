"""Third recognition round (#17, #18): sentence-opening names, press spellings in a hinted
country, demonyms of peoples. Every snippet is written for these tests."""

from __future__ import annotations

import pytest

from geomap.gazetteer import Gazetteer, _disambig, find_toponyms


def _found(gaz: Gazetteer, text: str) -> list[str]:
    return [m.text for m in find_toponyms(text, gaz)]


@pytest.mark.parametrize("text", [
    "Dunmore is home to two bakeries and a small depot.",
    "Dunmore has come under heavy fire since the weekend.",
    "Dunmore lies on a bend of the river.",
    "Dunmore is now under militia control, a resident said.",
    "Kupiansk is home to a large rail yard.",
])
def test_sentence_opening_name_with_a_place_frame(gaz: Gazetteer, text: str) -> None:
    assert _found(gaz, text)[:1] == [text.split()[0]]


def test_sentence_opening_name_placed_elsewhere_in_the_text(gaz: Gazetteer) -> None:
    text = "Gunfire was heard in Dunmore overnight. Dunmore had a quiet morning after that."
    assert _found(gaz, text) == ["Dunmore", "Dunmore"]


@pytest.mark.parametrize("text", [
    "Dunmore had a quiet morning after that.",  # nothing says it is a place
    "Dunmore said the plan was sound. Gunfire was heard in the hills.",
])
def test_sentence_opening_name_without_support_is_not_a_place(gaz: Gazetteer,
                                                              text: str) -> None:
    assert "Dunmore" not in _found(gaz, text)


def test_located_names_need_a_locating_word() -> None:
    from geomap.gazetteer.toponyms import _located_names, _tokens

    toks = _tokens("Talks in Vardon ended. Mayor Vardon Hale came from Istra Bay.")
    assert _located_names(toks) == frozenset({"Vardon"})


def test_fuzzy_press_spelling_in_the_hinted_country(gaz: Gazetteer) -> None:
    hinted = gaz.lookup("Khuza'a", country="PS")
    assert hinted.place is not None and hinted.place.country == "PS"
    # Without the hint a loose match alone stays unresolved.
    assert gaz.lookup("Khuza'a").place is None


def test_fuzzy_press_spelling_needs_the_same_syllables() -> None:
    assert _disambig._same_syllables_loosely("Khuza'a", "Khuzā‘ah")
    assert _disambig._same_syllables_loosely("Agelhok", "Aguelhok")
    assert not _disambig._same_syllables_loosely("Marbela", "Marbelina")
    assert not _disambig._same_syllables_loosely("Polohyv", "Polohy")  # a consonant more


@pytest.mark.parametrize(("name", "expected"), [
    ("Qubadlı", ["Gubadli"]),  # q is /g/, dotless i
    ("Laçın", ["Lachin"]),
    ("Ağdam", ["Aghdam"]),
    ("Xocavənd", ["Khojavand"]),  # x is /x/, c is /dʒ/, the schwa
    ("Qazax", ["Gazakh", "Qazakh"]),  # the press keeps q as often as it writes g
    ("Baku", []),
])
def test_azerbaijani_press_spellings(name: str, expected: list[str]) -> None:
    from geomap.gazetteer._normalize import press_spellings

    assert press_spellings(name, "AZ") == expected
    assert press_spellings(name, "TR") == []  # only in Azerbaijan


def test_azerbaijani_press_spelling_resolves(gaz: Gazetteer) -> None:
    res = gaz.lookup("Gubadli", country="AZ")
    assert res.place is not None and res.place.country == "AZ"


@pytest.mark.parametrize(("word", "country"), [
    ("Sinhalese", "LK"), ("Abkhaz", "GE"), ("Abkhazians", "GE")])
def test_demonyms_of_peoples(gaz: Gazetteer, word: str, country: str) -> None:
    res = gaz.lookup(word)
    assert res.place is not None and res.place.country == country
    assert res.place.feature == "demonym"


@pytest.mark.parametrize(("text", "found"), [
    ("Dunmore is a farming town of 3,000 people.", True),
    ("Dunmore is a small village, a visitor said.", True),
    ("Dunmore is a town councillor from the coast.", False),  # a person's office
])
def test_sentence_opening_name_said_to_be_a_town(gaz: Gazetteer, text: str,
                                                 found: bool) -> None:
    assert ("Dunmore" in _found(gaz, text)) is found


def test_listed_press_spelling_of_one_word(gaz: Gazetteer) -> None:
    # "Agelhok" is no index name; its skeleton and spelling are those of Aguelhok (Mali).
    listed = "Patrols returned to towns such as Agelhok, Anefis and Tessalit last week."
    assert "Agelhok" in _found(gaz, listed)
    # Outside a list of places the skeleton of one word says too little.
    assert "Agelhok" not in _found(gaz, "A man called Agelhok spoke at the meeting.")


def test_listed_press_spelling_is_not_the_first_word_of_a_name(gaz: Gazetteer) -> None:
    text = "Goods came from Tessalit, Agelhok Traders and two other firms."
    assert "Agelhok" not in _found(gaz, text)


@pytest.mark.parametrize("text", [
    "Convoys crossed into Ouselan district before dawn.",  # Usaylan, Yemen, in French spelling
    "Patrols reached the town of Agelhok after a long drive.",
])
def test_press_spelling_with_a_place_noun(gaz: Gazetteer, text: str) -> None:
    name = "Ouselan" if "Ouselan" in text else "Agelhok"
    assert name in _found(gaz, text)
