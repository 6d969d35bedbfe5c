"""A first-level subdivision's seat: the town that shares its name, spelt with any first vowel.

Sentences written for these tests.
"""

from __future__ import annotations

from geomap.gazetteer import Gazetteer


def test_a_region_offers_its_namesake_town_spelt_with_another_first_vowel(gaz: Gazetteer
                                                                          ) -> None:
    region = gaz.lookup("Oruzgan", country="AF").place
    assert region is not None and region.feature == "region"
    seat = gaz.seat_of(region)
    assert seat is not None and seat.geo_precision == "town"
    assert seat.raw["admin1"] == region.raw["admin1"]


def test_a_loose_match_of_another_vowel_is_no_seat(gaz: Gazetteer) -> None:
    # The US state's name with another first vowel only loosely resembles a small town there.
    region = gaz.lookup("Oregon", country="US").place
    assert region is not None and region.feature == "region"
    assert gaz.seat_of(region) is None


def test_a_capture_of_a_province_named_like_its_seat_is_the_seat() -> None:
    import geomap

    ev = geomap.extract("Taliban fighters captured Oruzgan on Tuesday after a week of battles.",
                        date="2021-08-12")
    changes = ev[ev.kind == "control_change"]
    assert list(changes.geo_precision) == ["town"]
