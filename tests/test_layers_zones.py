"""Zones and fronts on synthetic two-actor layouts, checked geometrically."""

from __future__ import annotations

import numpy as np
import pyproj
import shapely
from shapely.geometry import Point

from geomap.gazetteer import boundaries
from geomap.layers import build_layers
from geomap.schema import events_frame

_EA = pyproj.Transformer.from_crs("EPSG:4326", "EPSG:6933", always_xy=True)
_EA_BACK = pyproj.Transformer.from_crs("EPSG:6933", "EPSG:4326", always_xy=True)


def _cluster(actor: str, lon0: float, lat0: float, n: int, seed: int, country: str = "LY",
             spread: float = 0.6) -> list[dict[str, object]]:
    rng = np.random.default_rng(seed)
    lons = lon0 + rng.uniform(-spread, spread, n)
    lats = lat0 + rng.uniform(-spread, spread, n)
    return [
        {"kind": "control_change", "location": f"{actor} post {i}", "country": country,
         "latitude": float(la), "longitude": float(lo), "actor": actor,
         "event_date": "2022-01-10", "gazetteer_id": f"test:{actor}:{i}"}
        for i, (lo, la) in enumerate(zip(lons, lats, strict=True))
    ]


def _layout() -> list[dict[str, object]]:
    # West cluster near the coast of Tripolitania, east cluster in Cyrenaica (inside Libya).
    return _cluster("WEST", 13.0, 31.5, 12, 1) + _cluster("EAST", 21.0, 31.0, 12, 2)


def _area_km2(geom: shapely.Geometry) -> float:
    return float(shapely.transform(geom, lambda xy: np.column_stack(
        _EA.transform(xy[:, 0], xy[:, 1]))).area / 1e6)


def test_zones_cover_the_country_and_split_by_nearest_cluster() -> None:
    events = _layout()
    layers = build_layers(events_frame(events), zone_radius_km=None)
    zones = layers.zones.set_index("actor")
    assert sorted(zones.index) == ["EAST", "WEST"]
    assert zones["approximate"].all()
    assert zones.loc["WEST", "n_places"] == 12
    libya = boundaries.country_shape("LY")
    assert libya is not None
    total = _area_km2(libya)
    # Areas are measured in an equal-area projection: they add up to the country's area.
    assert abs(zones["area_km2"].sum() - total) / total < 0.01
    for actor in ("WEST", "EAST"):
        assert abs(zones.loc[actor, "area_km2"] - _area_km2(zones.loc[actor, "geometry"])) \
            / zones.loc[actor, "area_km2"] < 0.01
        assert zones.loc[actor, "geometry"].within(libya.buffer(0.01))

    # Independent estimate of the shares: sample the country uniformly in an equal-area
    # projection and give each sample to the nearest place (great-circle distance).
    rng = np.random.default_rng(7)
    x0, y0, x1, y1 = shapely.transform(libya, lambda xy: np.column_stack(
        _EA.transform(xy[:, 0], xy[:, 1]))).bounds
    xs, ys = rng.uniform(x0, x1, 40000), rng.uniform(y0, y1, 40000)
    lon, lat = _EA_BACK.transform(xs, ys)
    inside = shapely.contains_xy(libya, lon, lat)
    lon, lat = np.radians(lon[inside]), np.radians(lat[inside])
    plon = np.radians([float(e["longitude"]) for e in events])  # type: ignore[arg-type]
    plat = np.radians([float(e["latitude"]) for e in events])  # type: ignore[arg-type]
    cos_d = (np.sin(lat[:, None]) * np.sin(plat) + np.cos(lat[:, None]) * np.cos(plat)
             * np.cos(lon[:, None] - plon))
    nearest = np.argmax(cos_d, axis=1)
    west_share = float(np.mean(nearest < 12))
    got = zones.loc["WEST", "area_km2"] / zones["area_km2"].sum()
    assert abs(got - west_share) < 0.03, (got, west_share)


def test_front_line_runs_between_the_two_clusters() -> None:
    events = _layout()
    layers = build_layers(events_frame(events), zone_radius_km=None)
    fronts = layers.fronts
    assert len(fronts) == 1
    front = fronts.iloc[0]
    assert (front["actor_a"], front["actor_b"]) == ("EAST", "WEST")
    assert front["approximate"]
    xs = shapely.get_coordinates(front.geometry)[:, 0]
    west_max = max(float(e["longitude"]) for e in events if e["actor"] == "WEST")  # type: ignore[arg-type]
    east_min = min(float(e["longitude"]) for e in events if e["actor"] == "EAST")  # type: ignore[arg-type]
    assert west_max < xs.min() and xs.max() < east_min
    # It crosses the country from the coast to the southern border: hundreds of km.
    assert 500 < front["length_km"] < 2500


def test_radius_limits_zones_and_removes_fronts_between_far_clusters() -> None:
    layers = build_layers(events_frame(_layout()), zone_radius_km=50)
    zones = layers.zones.set_index("actor")
    # 12 discs of 50 km at most, overlapping: well under 12 * pi * 50^2.
    assert zones.loc["WEST", "area_km2"] < 12 * np.pi * 50**2 + 1
    assert zones.loc["WEST", "geometry"].contains(Point(13.0, 31.5)) or \
        zones.loc["WEST", "geometry"].distance(Point(13.0, 31.5)) < 0.5
    assert len(layers.fronts) == 0


def test_zones_follow_the_date_and_skip_contested_places() -> None:
    events = _layout()
    # On 2022-02-01 three western posts go to EAST.
    for e in events[:3]:
        events.append({**e, "actor": "EAST", "previous_actor": "WEST",
                       "event_date": "2022-02-01"})
    layers = build_layers(events_frame(events), zone_radius_km=None)
    jan = layers.zones_at("2022-01-20").set_index("actor")
    feb = layers.zones_at("2022-02-02").set_index("actor")
    assert jan.loc["WEST", "n_places"] == 12 and feb.loc["WEST", "n_places"] == 9
    assert feb.loc["EAST", "area_km2"] > jan.loc["EAST", "area_km2"]
    assert len(layers.zones_at("2021-01-01")) == 0  # nothing known yet
    assert len(layers.fronts_at("2022-02-02")) == 1


def test_places_without_a_known_country_use_their_hull() -> None:
    events = (_cluster("WEST", 5.0, -40.0, 5, 3, country="", spread=1.0)
              + _cluster("EAST", 8.0, -40.0, 5, 4, country="", spread=1.0))
    layers = build_layers(events_frame(events), zone_radius_km=None)
    zones = layers.zones
    assert sorted(zones["actor"]) == ["EAST", "WEST"]
    assert (zones["area_km2"] > 0).all()
    assert len(layers.fronts) == 1
