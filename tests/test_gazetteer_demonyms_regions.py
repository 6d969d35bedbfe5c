"""Demonyms of continents, world regions, first-level units and cities
(``geomap/data/gazetteer/demonyms_regions.csv``): lookup, votes, tagging and the map path.

Every sentence here is invented for the test.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

from geomap.gazetteer._demonyms import demonym_class, find_demonyms, refers_to_country
from geomap.gazetteer._disambig import resolve_document
from geomap.gazetteer._sources import curated_dir
from geomap.gazetteer.toponyms import Mention, find_toponyms

TABLE = curated_dir() / "demonyms_regions.csv"


def _rows() -> list[dict[str, str]]:
    with Path(TABLE).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _mentions(text: str, names: list[str]) -> list[Mention]:
    out = []
    for name in names:
        i = text.index(name)
        out.append(Mention(i, i + len(name), name))
    return out


@pytest.mark.parametrize(("word", "target", "cls"), [
    ("European", "geonames:6255148", "continent"),       # continents.json's Europe
    ("Africans", "geonames:6255146", "continent"),
    ("Latin American", "curated:area-latin-america", "world-region"),
    ("Siberian", "curated:area-siberia", "world-region"),
    ("Californian", "derived:adm1:US.CA", "region"),
    ("Hoosiers", "derived:adm1:US.IN", "region"),        # no rule derives it from Indiana
    ("Scottish", "derived:adm1:GB.SCT", "region"),
    ("Chechen", "derived:adm1:RU.12", "region"),
    ("Darfuri", "curated:sd-darfur", "region"),
    ("Londoner", "geonames:2643743", "city"),
    ("Parisians", "geonames:2988507", "city"),
    ("Muscovite", "geonames:524901", "city"),
])
def test_each_class_resolves_to_its_place_as_a_demonym(gaz: Any, word: str, target: str,
                                                        cls: str) -> None:
    res = gaz.lookup(word)
    assert res.place is not None, res.reason
    assert res.place.id == target and res.place.feature == "demonym"
    assert demonym_class(word) == cls


def test_every_row_resolves_to_one_of_its_targets(gaz: Any) -> None:
    # A typo in a target only logs a warning at build time: check every form here. A word
    # that is some place's own name ("Balkan", a Turkmen province) stays that place.
    wrong = []
    for r in _rows():
        if not r["target"]:
            continue
        for form in [r["demonym"], *(f for f in r["forms"].split("|") if f)]:
            res = gaz.lookup(form)
            p = res.place
            if p is not None and p.raw.get("match") == "name":
                continue
            if p is None or p.id not in r["target"].split("|") or p.feature != "demonym":
                wrong.append((form, p and p.id))
    assert not wrong


def test_peoples_of_several_countries_name_no_place(gaz: Any) -> None:
    peoples = {r["demonym"] for r in _rows() if r["class"] == "people"}
    assert {"Kurdish", "Arab", "Tamil", "Pashtun"} <= peoples
    assert all(not r["target"] for r in _rows() if r["class"] == "people")
    assert gaz.lookup("Kurdish").place is None
    text = "Kurdish and Pashtun elders spoke with Tamil traders about the harvest."
    assert find_demonyms(text, gaz) == []


def test_words_with_a_commoner_meaning_cast_no_vote(gaz: Any) -> None:
    # "English" the language and "Roman" law resolve on lookup but are no evidence in a text.
    assert gaz.lookup("English").place is not None
    text = "She teaches English and Roman law to Ghanaian students."
    assert [d.text for d in find_demonyms(text, gaz)] == ["Ghanaian"]


def test_continent_demonym_votes_for_no_country_and_heads_no_compound(gaz: Any) -> None:
    found = find_demonyms("African-Americans and Kenyan-Ugandan traders met.", gaz,
                          compounds=True)
    assert [(d.text, d.country) for d in found] == [
        ("African", ""), ("Kenyan", "KE"), ("Ugandan", "UG")]


def test_region_demonym_votes_for_its_region(gaz: Any) -> None:
    # Alone, the most populous Springfield is Missouri's; the state's people say Ohio.
    cases = [
        ("Hundreds of Ohioans packed the fairgrounds in Springfield on Saturday.",
         "Springfield", "US.OH"),
        ("A Californian family opened a bakery in Glendale.", "Glendale", "US.CA"),
        ("Hoosiers lined the streets of Columbus for the parade.", "Columbus", "US.IN"),
    ]
    for text, town, admin1 in cases:
        [m] = [m for m in find_toponyms(text, gaz) if m.text == town]
        [res] = gaz.resolve_mentions([m], text=text)
        assert res.place is not None and res.place.raw["admin1"] == admin1, (text, res)
    alone = gaz.resolve("Springfield")
    assert alone is not None and alone.raw["admin1"] != "US.OH"


def test_city_demonym_joins_its_city_name(gaz: Any) -> None:
    # "London ... a Londoner" name one place: the demonym follows the name's reading (the
    # Ontario city here) instead of voting for the larger namesake.
    text = ("The Ontario board heard that London needs a new bridge. Every Londoner will pay "
            "for it, the mayor said.")
    res = resolve_document(gaz, _mentions(text, ["Ontario", "London", "Londoner"]), text=text,
                           country=None)
    assert [r.place.country if r.place else None for r in res] == ["CA", "CA", "CA"]
    # Alone, the demonym is the capital's people.
    assert gaz.lookup("Londoner").place.country == "GB"


def test_end_to_end_tags_only_the_rule_derived_region_demonyms(gaz: Any) -> None:
    # The table's new classes resolve and vote but are not tagged as toponyms (news corpora
    # annotate them rarely); the demonyms the region-name rule derives still are.
    text = "European ministers, Parisian bankers, Hoosiers and Ohioans met in Dayton."
    assert [m.text for m in find_toponyms(text, gaz, demonyms=True)] == ["Ohioans", "Dayton"]
    ds = {d.text: d for d in find_demonyms(text, gaz)}
    assert not refers_to_country(text, ds["European"], gaz)
    assert not refers_to_country(text, ds["Hoosiers"], gaz)


@pytest.mark.parametrize("text", [
    "Scottish fighters and Bavarian volunteers were seen on Monday.",
    "The Balkan delegation met Walloon and Venetian officials.",
    "Officials said Gazan and Tibetan groups had left.",
    "A Londoner and two Texans spoke to Crimean reporters.",
])
def test_demonyms_are_never_place_mentions_on_the_map_path(gaz: Any, text: str) -> None:
    assert find_toponyms(text, gaz) == []


def test_extract_never_maps_a_demonym(gaz: Any) -> None:
    from geomap.extract import extract_document

    text = ("Kurdish fighters and Chechen volunteers captured the village of Tal Tamr on "
            "Monday, a Scottish reporter said.")
    result = extract_document(text, date="2024-03-04", gazetteer=gaz)
    assert set(result.events["place"]) == {"Tal Tamr"}
    assert set(result.events["country"]) == {"SY"}
    assert not set(result.unresolved["place"]) & {"Kurdish", "Chechen", "Scottish"}
