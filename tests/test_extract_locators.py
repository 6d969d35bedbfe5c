"""Locating phrases: provinces and regions are never the place that changed hands.

Sentences written for these tests (invented wording).
"""

from __future__ import annotations

import geomap


def _rows(text: str, date: str = "2021-05-04") -> list[tuple[str, str, str]]:
    ev = geomap.extract(text, date=date)
    return [(r.place, r.kind, r.geo_precision) for r in ev.itertuples()]


def test_a_province_taken_is_no_control_change() -> None:
    rows = _rows("Taliban fighters overran Helmand province on Tuesday.")
    assert all(kind not in ("control_change", "claimed_control") for _p, kind, _g in rows), rows


def test_a_town_sharing_its_province_name_is_the_town() -> None:
    # Listed together, both names resolve to their regions; what was abandoned is the towns.
    rows = _rows("Segou and Mopti were abandoned by the Malian army on Friday.", "2013-01-12")
    assert ("Segou", "control_change", "town") in rows, rows
    assert ("Mopti", "control_change", "town") in rows, rows


def test_a_name_written_as_a_province_stays_a_locator() -> None:
    rows = _rows("Malian troops lost Mopti region on Friday.", "2013-01-12")
    assert all(kind != "control_change" for _p, kind, _g in rows), rows


def test_names_written_as_provinces_around_them_are_locators() -> None:
    # Neither "the province of X" nor "X and Y provinces" names a town that changed hands.
    for text in ("Houthi forces seized the capital of the province of Shabwa on Monday.",
                 "Houthi forces seized Shabwa and Abyan provinces on Monday."):
        rows = _rows(text, "2020-03-02")
        assert all(kind not in ("control_change", "claimed_control")
                   for _p, kind, _g in rows), (text, rows)


def test_a_name_written_with_province_is_never_a_change_whatever_its_geocoding() -> None:
    rows = _rows("Houthi forces captured Shabwa province on Monday.", "2020-03-02")
    assert all(kind != "control_change" for _p, kind, _g in rows), rows
