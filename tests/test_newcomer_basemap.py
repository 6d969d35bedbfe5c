"""Newcomer audit: the detailed basemap reaches the edges of the first view of a tall extent.

A Kyiv-Moscow-Kherson map on a landscape screen showed rivers, first-level lines and region
names stopping at a straight vertical edge a third of the way in from the right.
"""

from __future__ import annotations

import math

import pytest

from geomap.render.basemap import _context_box


def _mercator_y(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def _first_view(bounds: list[list[float]], width: int, height: int) -> tuple[float, float]:
    """West and east longitudes Leaflet's fitBounds shows (integer zoom, no padding)."""
    (s, w), (n, e) = bounds
    zoom = 0
    while True:
        world = 256 * 2 ** (zoom + 1)
        dx = (e - w) / 360 * world
        dy = (_mercator_y(n) - _mercator_y(s)) / (2 * math.pi) * world
        if dx > width or dy > height or zoom >= 18:
            break
        zoom += 1
    half_lon = width / 2 / (256 * 2**zoom) * 360
    mid = (w + e) / 2
    return mid - half_lon, mid + half_lon


@pytest.mark.parametrize(
    "bounds",
    [
        [[46.6, 30.5], [55.8, 37.6]],  # tall: Kherson to Moscow
        [[29.5, 34.2], [33.3, 35.9]],  # tall and narrow, lower latitude
        [[12.0, 24.9], [15.6, 33.5]],  # wide already
    ],
)
@pytest.mark.parametrize(("width", "height"), [(1200, 800), (1366, 768)])
def test_context_box_covers_a_landscape_first_view(bounds: list[list[float]], width: int,
                                                   height: int) -> None:
    west, _, east, _ = _context_box(bounds)
    view_w, view_e = _first_view(bounds, width, height)
    assert west <= view_w and east >= view_e


def test_context_box_still_grows_by_the_extent_itself() -> None:
    west, south, east, north = _context_box([[10.0, 10.0], [11.0, 20.0]])
    assert (west, east) == (0.0, 30.0)
    assert (south, north) == (8.0, 13.0)
