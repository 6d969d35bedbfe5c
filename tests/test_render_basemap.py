"""The offline basemap's land layer: gaps between countries are land, seas stay open."""

from __future__ import annotations

import shapely

from geomap.render import basemap


def test_no_country_gap_is_drawn_as_sea() -> None:
    land, _borders, _shapes = basemap.world_layers()
    small_holes = [ring for part in shapely.get_parts(land) for ring in part.interiors
                   if shapely.Polygon(ring).area < basemap._MAX_GAP_DEG2]
    assert small_holes == []
    # A strip that no country's polygon claims (the area between Sudan and South Sudan whose
    # status is disputed) is land on the map, not a lake.
    assert land.covers(shapely.Point(28.4, 9.6))


def test_inland_sea_stays_sea() -> None:
    land, _borders, _shapes = basemap.world_layers()
    assert not land.covers(shapely.Point(51.0, 42.0))  # the middle of the Caspian Sea


def test_fill_gaps_keeps_large_holes_and_fills_small_ones() -> None:
    outer = shapely.box(0, 0, 20, 20)
    small = shapely.box(2, 2, 3, 3)      # 1 square degree
    large = shapely.box(10, 10, 18, 18)  # 64 square degrees
    filled = basemap._fill_gaps(outer.difference(small).difference(large))
    assert filled.covers(shapely.Point(2.5, 2.5))
    assert not filled.covers(shapely.Point(14, 14))
