"""Offline country boundaries from the Natural Earth copy shipped by a PyPI package."""

from __future__ import annotations

import shapely
from shapely.geometry import Point

from geomap.gazetteer import boundaries


def test_countries_frame_has_codes_names_and_crs() -> None:
    frame = boundaries.countries()
    assert list(frame.columns) == ["iso_a2", "iso_a3", "name", "geometry"]
    assert frame.crs is not None and frame.crs.to_epsg() == 4326
    coded = frame[frame["iso_a2"] != ""]
    assert coded["iso_a2"].is_unique
    assert len(coded) > 200
    # France's ISO_A2 is "-99" in Natural Earth; the filled-in code must be used.
    assert "FR" in set(coded["iso_a2"]) and "NO" in set(coded["iso_a2"])


def test_country_shape_contains_known_cities() -> None:
    cases = {"LY": (13.19, 32.89), "SY": (36.29, 33.51), "UA": (30.52, 50.45), "ML": (-8.0, 12.65)}
    for code, (lon, lat) in cases.items():
        shape = boundaries.country_shape(code.lower())
        assert shape is not None, code
        assert shape.contains(Point(lon, lat)), code
    assert not boundaries.country_shape("LY").contains(Point(30.52, 50.45))  # type: ignore[union-attr]


def test_unknown_codes_give_none() -> None:
    assert boundaries.country_shape("ZZ") is None
    assert boundaries.country_shape("") is None
    assert boundaries.region_shape(["ZZ"]) is None


def test_region_shape_is_union() -> None:
    both = boundaries.region_shape(["LY", "TN"])
    assert both is not None
    ly = boundaries.country_shape("LY")
    tn = boundaries.country_shape("TN")
    assert ly is not None and tn is not None
    assert abs(both.area - (ly.area + tn.area)) < 0.01 * both.area
    assert shapely.is_valid(both)


def test_returned_frame_is_a_copy() -> None:
    frame = boundaries.countries()
    frame["name"] = "changed"
    assert (boundaries.countries()["name"] != "changed").all()
