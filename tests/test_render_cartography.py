"""Cartography on the Python side: first-level boundaries, country label fallbacks, names that
carry coordinates, smoothed territory (a coverage stays a coverage)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pytest
import shapely

from geomap.render import _territory, basemap
from geomap.render.naming import label_name, without_coordinates
from geomap.render.payload import build_payload
from geomap.schema import events_frame

_ROOT = Path(__file__).resolve().parents[1]


# ---------------------------------------------------------------- first-level boundaries
def test_the_admin1_file_is_packaged_small_and_complete() -> None:
    path = _ROOT / "geomap" / "data" / "basemap" / "admin1.parquet"
    assert path.stat().st_size <= 3_000_000
    frame = gpd.read_parquet(path)
    assert set(frame["kind"]) == {"line", "label"}
    labels = frame[frame["kind"] == "label"]
    # every country geomap has actor sets for has its first-level units named
    for code, at_least in (("UA", 20), ("SY", 12), ("LY", 15), ("SD", 14), ("IQ", 12)):
        assert (labels["country"] == code).sum() >= at_least, code
    assert labels["name"].str.len().min() > 1
    # the generic words of GeoNames' names are gone
    assert not labels["name"].str.contains(r"Governorate|Sha`biyat|Muhafazat").any()


def test_admin1_near_the_data_only_and_cut_at_the_box() -> None:
    box = (35.0, 47.5, 39.0, 50.5)
    lines, labels = basemap.admin1_in(box)
    assert lines and labels
    coords = np.asarray([v for line in lines for v in line]).reshape(-1, 2)
    assert coords[:, 0].min() >= box[1] - 1e-6 and coords[:, 0].max() <= box[3] + 1e-6
    assert coords[:, 1].min() >= box[0] - 1e-6 and coords[:, 1].max() <= box[2] + 1e-6
    def inside(lat: float, lon: float) -> bool:
        return box[1] <= lat <= box[3] and box[0] <= lon <= box[2]

    for name, lat, lon, area, spots in labels:
        # the first point, or one of the others, is near the data; the others all are
        assert inside(lat, lon) or spots
        assert all(inside(spots[i], spots[i + 1]) for i in range(0, len(spots), 2))
        assert area > 0 and name.isascii()
    areas = [row[3] for row in labels]
    assert areas == sorted(areas, reverse=True)  # largest first: they win the room
    far_lines, far_labels = basemap.admin1_in((-30.0, -50.0, -29.0, -49.0))  # open ocean
    assert far_lines == [] and far_labels == []


def test_basemap_payload_carries_admin1() -> None:
    payload = basemap.basemap([[48.4, 36.2], [49.9, 38.1]])
    assert payload["admin1"] and payload["admin1_labels"]
    assert basemap.world_basemap()["admin1"] == []


def _build_script() -> Any:
    spec = importlib.util.spec_from_file_location("build_admin1",
                                                  _ROOT / "scripts" / "build_admin1.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_admin1"] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("raw", "clean"), [
    ("Sha`biyat al Qasr", "Al Qasr"),
    ("Muhafazat Rivertown", "Rivertown"),
    ("Northfield Governorate", "Northfield"),
    ("Misto Dovhe'", "Dovhe"),
    ("Lake Region", "Lake"),
    ("Region", "Region"),  # nothing left: the word is the name
    ("Upper Valley", "Upper Valley"),
])
def test_build_script_drops_generic_words(raw: str, clean: str) -> None:
    assert _build_script().clean_name(raw) == clean


# ---------------------------------------------------------------- country label fallbacks
def test_country_label_fallbacks_lie_inside_the_country() -> None:
    # an invented L-shaped country: its first point and every fallback must be on its land
    land = shapely.Polygon([(0, 0), (10, 0), (10, 3), (3, 3), (3, 10), (0, 10)])
    rows = basemap._labels((("Elland", land),), (-20.0, -20.0, 30.0, 30.0), [[0, 0], [10, 10]])
    (name, lat, lon, fallbacks), = rows
    assert name == "Elland" and land.contains(shapely.Point(lon, lat))
    assert len(fallbacks) >= 4 and len(fallbacks) % 2 == 0
    points = [shapely.Point(fallbacks[i + 1], fallbacks[i]) for i in range(0, len(fallbacks), 2)]
    assert all(land.buffer(0.01).contains(p) for p in points)
    # nearest first: a name moves as little as it can
    first = shapely.Point(lon, lat)
    dist = [first.distance(p) for p in points]
    assert dist == sorted(dist)
    # both arms of the L get candidates, so a title over one arm leaves the other
    assert any(p.x > 4 for p in points) and any(p.y > 4 for p in points)


# ---------------------------------------------------------------- names with coordinates
@pytest.mark.parametrize(("raw", "shown"), [
    ("Dovhe [48.210N 36.455E]", "Dovhe"),
    ("Stone Hill (47.91, 35.02)", "Stone Hill"),
    ("Ferry landing (46°55′N, 33°10′E)", "Ferry landing"),
    ("Depot 9 47.55N 34.80E", "Depot 9"),
    ("Oasis camp, 27.15, 14.42", "Oasis camp"),
    ("Hill (204)", "Hill (204)"),          # a height, not coordinates
    ("Sector 3, 4", "Sector 3, 4"),        # two small integers: not coordinates
    ("Lowtown (south)", "Lowtown (south)"),
    ("[48.5, 37.9]", "[48.5, 37.9]"),      # nothing but coordinates: shown as written
])
def test_without_coordinates(raw: str, shown: str) -> None:
    assert without_coordinates(raw) == shown


def test_labels_never_show_coordinates_but_the_popup_keeps_the_spelling() -> None:
    events = events_frame([{
        "event_date": "2023-03-02", "date_precision": "day", "kind": "control_change",
        "actor": "Blue", "previous_actor": "Green", "confirmed": True, "confidence": 0.9,
        "place": "Dovhe [48.210N 36.455E]", "location": "Dovhe [48.210N 36.455E]",
        "country": "UA", "latitude": 48.21, "longitude": 36.455, "geo_precision": "town",
        "evidence": "Blue units said they entered the village.", "source": "notes.txt",
    }, {
        "event_date": "2023-03-03", "date_precision": "day", "kind": "control_change",
        "actor": "Green", "previous_actor": "Blue", "confirmed": True, "confidence": 0.9,
        "place": "Rivne Pole (48.02, 36.70)", "location": "Rivne Pole (48.02, 36.70)",
        "country": "UA", "latitude": 48.02, "longitude": 36.70, "geo_precision": "town",
        "evidence": "Green troops returned to the hamlet.", "source": "notes.txt",
    }])
    payload = build_payload(events, basemap=False)
    assert sorted(payload["places"]["name"]) == ["Dovhe", "Rivne Pole"]
    assert label_name("Pole [48.0N 36.7E]", ["Pole [48.0N 36.7E]"]) == "Pole"


# ---------------------------------------------------------------- smoothed territory
def _staircase() -> tuple[list[Any], float]:
    """Two invented territories of 0.02-degree cells meeting along a diagonal staircase,
    the second with an inner level, as the surface dissolves them."""
    cell = 0.02
    a, b, b_core = [], [], []
    for i in range(30):
        for j in range(30):
            sq = shapely.box(i * cell, j * cell, (i + 1) * cell, (j + 1) * cell)
            if j <= i:
                a.append(sq)
            elif i < 8 and j > 22:
                b_core.append(sq)
            else:
                b.append(sq)
    return [shapely.coverage_union_all(x) for x in (a, b, b_core)], cell


def _axis_share(line: Any) -> float:
    """Share of a line's length made of axis-parallel segments (the grid's steps)."""
    total = steps = 0.0
    for part in shapely.get_parts(shapely.line_merge(line)):
        d = np.diff(shapely.get_coordinates(part), axis=0)
        seg = np.hypot(d[:, 0], d[:, 1])
        total += seg.sum()
        steps += seg[(np.abs(d[:, 0]) < 1e-9) | (np.abs(d[:, 1]) < 1e-9)].sum()
    return steps / total


def _meet(a: Any, b: Any) -> Any:
    return shapely.intersection(shapely.boundary(a), shapely.boundary(b))


def test_smoothing_removes_the_steps_and_keeps_a_coverage() -> None:
    geoms, cell = _staircase()
    out = _territory.smooth(geoms, cell, 0.002)
    assert all(g.is_valid and not g.is_empty for g in out)
    # no overlap, no gap: the areas add up to the union, which covers what the cells did
    union = shapely.union_all(out)
    assert abs(union.area - sum(g.area for g in out)) < 1e-4 * union.area
    assert abs(union.area - shapely.union_all(geoms).area) < 0.01 * union.area
    # each territory keeps its area within 6 % (the smallest, 56 cells in the region's
    # corner, loses most: its two outer corners are rounded) and its place within a cell
    for before, after in zip(geoms, out, strict=True):
        assert abs(after.area - before.area) < 0.06 * before.area
        assert shapely.hausdorff_distance(before, after) < 1.5 * cell
    # the staircase of the diagonal is gone (the square's own sides stay straight)
    assert _axis_share(_meet(geoms[0], geoms[1])) > 0.99
    meet = _meet(out[0], out[1])
    assert meet.length > 0.5 and _axis_share(meet) < 0.1


def test_smoothing_leaves_a_non_coverage_alone_but_simplified() -> None:
    overlapping = [shapely.box(0, 0, 1, 1), shapely.box(0.5, 0.5, 1.5, 1.5)]
    out = _territory.smooth(overlapping, 0.02, 0.001)
    assert [g.equals(o) for g, o in zip(out, overlapping, strict=True)] == [True, True]
    assert _territory.smooth([shapely.box(0, 0, 1, 1)], 0.0, 0.001)[0].equals(
        shapely.box(0, 0, 1, 1))


def test_fronts_follow_the_smoothed_territory() -> None:
    geoms, cell = _staircase()
    frame = gpd.GeoDataFrame({"controller": ["Blue", "Green", "Green"], "level": [1, 1, 2],
                              "area_km2": [g.area * 111.32**2 for g in geoms],
                              "n_cells": [round(g.area / cell**2) for g in geoms]},
                             geometry=geoms, crs="EPSG:4326")
    shapes: dict[str, list[Any]] = {}
    names = {"Blue": 0, "Green": 1}
    rows = _territory.rows(frame, names.__getitem__, None, 0.001, None, shapes)
    assert len(rows) == 3 and set(shapes) == {"Blue", "Green"}
    # the front: cell edges between the two, as the surface gives it
    steps = shapely.intersection(shapely.boundary(geoms[0]),
                                 shapely.boundary(shapely.union_all(geoms[1:])))
    fronts = gpd.GeoDataFrame({"actor_a": ["Blue"], "actor_b": ["Green"]},
                              geometry=[shapely.line_merge(steps)], crs="EPSG:4326")
    (pair, lines), = _territory.front_rows(fronts, names.__getitem__, 0.0005, shapes, cell)
    assert pair == [0, 1] and lines
    edge = shapely.boundary(shapely.union_all(shapes["Blue"]))
    for flat in lines:
        xy = np.asarray(flat).reshape(-1, 2)[:, ::-1]
        assert max(edge.distance(shapely.Point(p)) for p in xy) < 0.1 * cell


def test_smoothed_territory_stays_on_land() -> None:
    geoms, cell = _staircase()
    land = shapely.box(-1, -1, 0.45, 2)  # a border cuts both territories
    frame = gpd.GeoDataFrame({"controller": ["Blue", "Green", "Green"], "level": [1, 1, 2],
                              "area_km2": [g.area * 111.32**2 for g in geoms],
                              "n_cells": [round(g.area / cell**2) for g in geoms]},
                             geometry=geoms, crs="EPSG:4326")
    rows = _territory.rows(frame, lambda name: 0 if name == "Blue" else 1, land, 0.001)
    for row in rows:
        for ring in row[3]:
            lon = np.asarray(ring)[1::2]
            assert lon.max() <= 0.45 + 1e-3


def test_rivers_near_the_data_cut_at_the_box() -> None:
    # the lower Dnipro crosses this box from north-east to south-west
    box = (32.0, 46.3, 35.5, 48.0)
    lines, lakes = basemap.rivers_in(box)
    assert lines and lakes  # the river, and the reservoir on it
    for flat in (lines, lakes):
        coords = np.asarray([v for line in flat for v in line]).reshape(-1, 2)
        assert coords[:, 0].min() >= box[1] - 1e-6 and coords[:, 0].max() <= box[3] + 1e-6
        assert coords[:, 1].min() >= box[0] - 1e-6 and coords[:, 1].max() <= box[2] + 1e-6
    assert basemap.rivers_in((-30.0, -50.0, -29.0, -49.0)) == ([], [])  # open ocean


def test_a_great_lake_is_water_not_land() -> None:
    # the country outlines run across the lake between two countries; the lake's ring says
    # where the water is: a point in the middle of the lake lies in it, its shore town not
    box = (28.0, -3.5, 30.5, -1.0)
    _lines, lakes = basemap.rivers_in(box)
    rings = [shapely.Polygon(np.asarray(r).reshape(-1, 2)[:, ::-1]) for r in lakes]
    water = shapely.union_all(rings)
    assert water.contains(shapely.Point(29.15, -2.05))
    assert not water.contains(shapely.Point(29.45, -1.45))  # on land, north-east of it


def test_basemap_payload_carries_rivers_and_credits_them() -> None:
    from geomap.render.payload import FALLBACK_ATTRIBUTION, _attribution

    payload = basemap.basemap([[46.5, 32.5], [47.9, 35.0]])
    assert payload["rivers"] and payload["lakes"]
    assert basemap.world_basemap()["rivers"] == basemap.world_basemap()["lakes"] == []
    assert "GSHHG" in _attribution() and "GSHHG" in FALLBACK_ATTRIBUTION


def test_territory_is_clipped_to_dry_land() -> None:
    box = (28.0, -3.5, 30.5, -1.0)
    land = basemap.land_in(box, ["CD", "RW"])
    assert land is not None
    assert not land.contains(shapely.Point(29.15, -2.05))  # in the lake between the two
    assert land.contains(shapely.Point(28.6, -2.0))  # on the western shore's hinterland
