"""Gazetteer coverage: press spellings of conflict towns matched by rule, not by list.

Each class is tested on its normalisation (fold keys, spellings made for the index) and on a
lookup with the country given, as ``geomap geocode NAME --country CC`` does.
"""

from __future__ import annotations

import pytest
from conftest import km

from geomap.gazetteer import Gazetteer
from geomap.gazetteer import _bulknorm as bulk
from geomap.gazetteer import _normalize as norm
from geomap.gazetteer._index import _name_keys
from geomap.gazetteer._sources import FOLD


def _folds(*names: str) -> set[str]:
    return {norm.fold(norm.key(n)) for n in names}


# ---------------------------------------------------------------- classes merged by fold
@pytest.mark.parametrize("names", [
    # Izafe links of Dari/Pashto names, written -e-, -i-, -ye or not at all.
    ("Deh-e Sabz", "Deh-i-Sabz", "Deh Sabz"),
    ("Pul-e Khumri", "Pul-i-Khumri", "Pol-e Khomri"),
    ("Qala-e Zal", "Qala-i-Zal", "Qal'eh-ye Zal"),
    # French and English transliterations in the Sahel and Congo: ou / u / w, accents.
    ("Ouahigouya", "Wahiguya"), ("Kouroussa", "Kurussa"), ("Tillabéri", "Tillaberi"),
    # Arabic nisba endings -iyah / -iya / -ieh.
    ("Rashidiyah", "Rashidiya", "Rashidieh"),
])
def test_fold_merges_spelling_class(names: tuple[str, ...]) -> None:
    folds = _folds(*names)
    assert len(folds) == 1 and "" not in folds, folds


def test_column_fold_drops_izafe_like_the_scalar_fold() -> None:
    ks = [norm.key(n) for n in ("Deh-e Sabz", "Qal'eh-ye Zal", "Sar-i Pul", "Ras el Ain")]
    assert bulk.folds(ks)[0] == [norm.fold(k) for k in ks]


def test_izafe_is_only_dropped_between_words() -> None:
    # A name that ends in "e" or starts with "i" keeps that word.
    assert norm.fold(norm.key("Kabab e")) != norm.fold(norm.key("Kabab"))
    assert norm.fold(norm.key("Deh-e Sabz")) != norm.fold(norm.key("Deh Sabzi Kalan"))


# ---------------------------------------------------------------- spellings made for the index
@pytest.mark.parametrize(("name", "expected"), [
    ("Xamar Weyne", "Hamar Weyne"),  # x is the Somali letter for h
    ("Caabudwaaq", "Abudwaq"),  # c (ayn) dropped, long vowels single
    ("Buuhoodle", "Buhodle"),
    ("Ceelgaras", "El Garas"),  # a leading Ceel is written El
])
def test_somali_orthography_gives_press_spelling(name: str, expected: str) -> None:
    assert expected in norm.press_spellings(name, "SO")


@pytest.mark.parametrize(("name", "expected"), [
    ("Hsihseng", "Sihseng"),  # the h of an aspirated stop is often left out
    ("Htigyaing", "Tigyaing"),
    ("Namhkaing", "Namhkai"),  # final -aing / -ai
    ("Mong Kai", "Mong Kaing"),
    ("Nam Pa Ka", "Nampaka"),  # one-syllable words written as one
])
def test_burmese_romanisation_gives_press_spelling(name: str, expected: str) -> None:
    assert expected in norm.press_spellings(name, "MM")


def test_press_spellings_keep_to_their_country_and_script() -> None:
    assert norm.press_spellings("Xanthi", "GR") == []
    assert norm.press_spellings("Hpa An", "TH") == []
    assert norm.press_spellings("Caacid", "ET") == []
    assert norm.press_spellings("Hlegu", "MM") == []  # the h of hl, hm, hn is kept
    assert norm.press_spellings("Kismayo", "SO") == []  # nothing Somali-specific in it
    assert norm.press_spellings("هرردير", "SO") == []


def test_made_spelling_is_indexed_as_a_fold() -> None:
    kinds = {kind for _k, kind in _name_keys("El Garas", FOLD)}
    assert kinds == {FOLD}
    assert {k for k, _kind in _name_keys("El Garas", FOLD)} >= {"el garas", "garas"}


# ---------------------------------------------------------------- lookups with the country
@pytest.mark.parametrize(("press", "gazetteer_name", "cc"), [
    ("Harardhere", "Xarardheere", "SO"),
    ("El Dher", "Ceeldheer", "SO"),
    ("Laukkaing", "Laukkai", "MM"),
    ("Qala-e-Naw", "Qala i Naw", "AF"),
    ("Qal'eh-ye Naw", "Qala i Naw", "AF"),
])
def test_press_spelling_resolves_to_the_gazetteer_town(gaz: Gazetteer, press: str,
                                                       gazetteer_name: str, cc: str) -> None:
    ref = gaz.resolve(gazetteer_name, country=cc)
    got = gaz.resolve(press, country=cc)
    assert ref is not None and got is not None
    assert got.country == cc and km(got.lat, got.lon, ref.lat, ref.lon) < 5, got
