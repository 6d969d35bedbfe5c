"""The control surface and its territory on invented events (Libya, Syria, Sudan, toy layouts).

Every event here is written for these tests; coordinates are those of real towns so that the
country outlines (Natural Earth) act as they would on real reporting.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyproj
import pytest
import shapely

from geomap.gazetteer import boundaries
from geomap.layers import build_layers
from geomap.layers.surface import SurfaceParams
from geomap.schema import events_frame

_GEOD = pyproj.Geod(ellps="WGS84")


def _event(place: str, lat: float, lon: float, actor: str, date: str, *, country: str,
           kind: str = "control_change", confirmed: bool = True,
           previous: str = "") -> dict[str, object]:
    return {"kind": kind, "place": place, "location": place, "country": country,
            "latitude": lat, "longitude": lon, "actor": actor, "previous_actor": previous,
            "event_date": date, "confirmed": confirmed,
            "evidence": f"Invented report: {actor} {kind.replace('_', ' ')} at {place}.",
            "source": "test-surface"}


def _libya() -> pd.DataFrame:
    gna = [("Tripoli", 32.89, 13.19), ("Zawiya", 32.76, 12.73), ("Sabratha", 32.79, 12.49),
           ("Zuwara", 32.93, 12.08), ("Garabulli", 32.75, 13.72), ("Khoms", 32.65, 14.26),
           ("Zliten", 32.47, 14.57), ("Misrata", 32.38, 15.09), ("Tawergha", 32.05, 15.11)]
    lna = [("Sirte", 31.21, 16.59), ("Ras Lanuf", 30.50, 18.55), ("Brega", 30.41, 19.58),
           ("Ajdabiya", 30.76, 20.22), ("Benghazi", 32.12, 20.07), ("Waddan", 29.16, 16.14)]
    rows = [_event(n, la, lo, "GNA", "2020-06-01", country="LY", kind="held")
            for n, la, lo in gna]
    rows += [_event(n, la, lo, "LNA", "2020-06-01", country="LY", kind="held")
             for n, la, lo in lna]
    return events_frame(rows)


def _distance_km(geom: shapely.Geometry, lon: np.ndarray, lat: np.ndarray) -> float:
    """Largest distance (km) from the vertices of ``geom`` to the nearest of the points."""
    coords = shapely.get_coordinates(geom)
    best = np.full(len(coords), np.inf)
    for x, y in zip(lon.tolist(), lat.tolist(), strict=True):
        _, _, d = _GEOD.inv(coords[:, 0], coords[:, 1], np.full(len(coords), x),
                            np.full(len(coords), y))
        best = np.minimum(best, d / 1000.0)
    return float(best.max())


def test_libya_gna_holds_a_coastal_belt_not_a_disc() -> None:
    events = _libya()
    layers = build_layers(events)
    territory = layers.territory("2020-06-10")
    assert set(territory["controller"]) == {"GNA", "LNA"}
    assert set(territory.geometry.geom_type) <= {"Polygon", "MultiPolygon"}
    assert territory.is_valid.all()
    gna = shapely.union_all(territory[territory["controller"] == "GNA"].geometry.to_numpy())
    west, south, east, north = gna.bounds
    # A belt ~350 km along the coast, ~50 km either side of it: not a disc around a town.
    along = _GEOD.inv(west, 32.5, east, 32.5)[2] / 1000.0
    across = _GEOD.inv(13.0, south, 13.0, north)[2] / 1000.0
    assert along > 2.0 * across
    area = abs(_GEOD.geometry_area_perimeter(gna)[0]) / 1e6
    assert area < 0.5 * np.pi * (along / 2) ** 2
    assert south > 32.05 - 0.6  # no deeper inland than the reach beyond Tawergha
    # Nothing farther than the reach (50 km) from the evidence; no square edges at sea.
    pts = events[events["actor"] == "GNA"]
    assert _distance_km(gna, pts["longitude"].to_numpy(), pts["latitude"].to_numpy()) < 53
    libya = boundaries.country_shape("LY")
    assert libya is not None
    assert gna.difference(libya.buffer(0.01)).area < 1e-6


def test_no_territory_across_a_border_without_evidence_there() -> None:
    # Zuwara lies ~60 km from Tunisia, Ras Ajdir at the crossing itself: Tunisia stays blank.
    events = events_frame([
        _event("Ras Ajdir", 33.15, 11.56, "GNA", "2020-05-20", country="LY", kind="held"),
        _event("Zuwara", 32.93, 12.08, "GNA", "2020-05-20", country="LY"),
    ])
    layers = build_layers(events)
    cells = layers.surface("2020-05-25", cell_km=5)
    tunisia = boundaries.country_shape("TN")
    assert tunisia is not None
    known = cells[cells["controller"] != "unknown"]
    assert len(known) > 50
    middle = shapely.get_coordinates(shapely.centroid(known.geometry.to_numpy()))
    inside = shapely.contains_xy(tunisia, middle[:, 0], middle[:, 1])
    assert not inside.any()
    # Evidence in Tunisia itself would open it: a point there reaches its own cells.
    events2 = pd.concat([events, events_frame([
        _event("Ben Gardane", 33.14, 11.22, "GNA", "2020-05-20", country="TN", kind="held")])],
        ignore_index=True)
    cells2 = build_layers(events2).surface("2020-05-25", cell_km=5)
    known2 = cells2[cells2["controller"] != "unknown"]
    middle2 = shapely.get_coordinates(shapely.centroid(known2.geometry.to_numpy()))
    assert shapely.contains_xy(tunisia, middle2[:, 0], middle2[:, 1]).any()


def test_syria_border_towns_do_not_spill_into_turkey() -> None:
    events = events_frame([
        _event("Kobani", 36.89, 38.35, "SDF", "2019-10-01", country="SY", kind="held"),
        _event("Tal Abyad", 36.70, 38.95, "TFSA", "2019-10-14", country="SY",
               previous="SDF"),
        _event("Ras al-Ayn", 36.85, 40.07, "TFSA", "2019-10-20", country="SY",
               previous="SDF"),
        _event("Ain Issa", 36.39, 38.86, "SDF", "2019-10-20", country="SY", kind="held"),
    ])
    layers = build_layers(events)
    territory = layers.territory("2019-10-25")
    turkey = boundaries.country_shape("TR")
    assert turkey is not None
    for geom in territory.geometry:
        assert geom.intersection(turkey).area < 1e-4  # at most a sliver along the line
    assert {"SDF", "TFSA"} <= set(territory["controller"])
    fronts = layers.fronts_at("2019-10-25")
    assert len(fronts) >= 1
    assert set(fronts.geometry.geom_type) == {"MultiLineString"}


def test_sudan_nothing_farther_than_the_reach_from_evidence() -> None:
    events = events_frame([
        _event("Wad Madani", 14.40, 33.52, "RSF", "2023-12-19", country="SD"),
        _event("Sennar", 13.55, 33.60, "SAF", "2024-01-05", country="SD", kind="held"),
        _event("Kosti", 13.16, 32.67, "SAF", "2024-01-05", country="SD", kind="held"),
        _event("El Obeid", 13.18, 30.22, "SAF", "2024-01-08", country="SD", kind="held"),
    ])
    layers = build_layers(events)
    cells = layers.surface("2024-01-10", cell_km=4)
    known = cells[cells["controller"] != "unknown"]
    assert (known["evidence_km"] <= 50.0).all()
    assert ((cells["controller"] == "unknown") == (cells["confidence"] == 0)).all()
    far = build_layers(events).surface(
        "2024-01-10", cells=pd.DataFrame({"lat": [15.5], "lon": [31.0], "cell_id": ["far"]}))
    assert far["controller"].tolist() == ["unknown"]
    assert far["p_RSF"].iloc[0] == pytest.approx(0.5)
    assert _distance_km(
        shapely.union_all(layers.territory("2024-01-10").geometry.to_numpy()),
        events["longitude"].to_numpy(), events["latitude"].to_numpy()) < 53


def _line(*rows: tuple[str, float, str, str, str]) -> pd.DataFrame:
    """Places on a west-east line at 15.0 N in Sudan: (name, lon, actor, date, previous)."""
    return events_frame([_event(n, 15.0, lon, a, d, country="SD", previous=p)
                         for n, lon, a, d, p in rows])


def _p_at(layers: object, date: str, lon: float, actor: str) -> float:
    cells = pd.DataFrame({"lat": [15.0], "lon": [lon], "cell_id": ["probe"]})
    frame = layers.surface(date, cells=cells)  # type: ignore[attr-defined]
    return float(frame[f"p_{actor}"].iloc[0])


def test_only_evidence_dated_on_or_before_the_day_shapes_it() -> None:
    layers = build_layers(_line(("Alpha", 32.0, "SAF", "2024-02-01", ""),
                                ("Beta", 32.3, "SAF", "2024-02-01", ""),
                                ("Beta", 32.3, "RSF", "2024-03-01", "SAF")))
    assert _p_at(layers, "2024-02-20", 32.3, "SAF") > 0.8
    assert _p_at(layers, "2024-03-02", 32.3, "RSF") > 0.8
    before = layers.surface("2024-02-20", cell_km=4)
    assert set(before["controller"]) <= {"SAF", "unknown"}


def test_a_fresh_capture_holds_the_line_near_it_not_halfway() -> None:
    # SAF has held Gamma for months; RSF has just taken Delta 40 km east of it. The point
    # 15 km east of Gamma (25 km short of Delta) stays SAF's: the line runs near Delta.
    layers = build_layers(_line(("Gamma", 32.0, "SAF", "2023-10-01", ""),
                                ("Delta", 32.37, "SAF", "2023-10-01", ""),
                                ("Delta", 32.37, "RSF", "2024-01-20", "SAF")))
    assert _p_at(layers, "2024-01-22", 32.14, "SAF") > 0.5
    assert _p_at(layers, "2024-01-22", 32.33, "RSF") > 0.5
    # Settled for a long time, the same two places split the ground nearer halfway.
    settled = SurfaceParams(front_days=1.0)
    layers2 = build_layers(_line(("Gamma", 32.0, "SAF", "2023-10-01", ""),
                                 ("Delta", 32.37, "SAF", "2023-10-01", ""),
                                 ("Delta", 32.37, "RSF", "2024-01-20", "SAF")),
                           surface=settled)
    assert _p_at(layers2, "2024-06-01", 32.22, "RSF") > 0.5


def test_contested_reports_keep_the_holder_and_state_words_are_no_actors() -> None:
    events = _line(("Epsilon", 32.0, "SAF", "2024-01-01", ""),
                   ("Zeta", 32.4, "RSF", "2024-01-01", ""),
                   ("Epsilon", 32.0, "Gray zone", "2024-01-10", ""))
    layers = build_layers(events)
    assert "Gray zone" not in layers.surface_model.actors
    state = layers.control_at("2024-01-11").set_index("location")
    assert state.loc["Epsilon", "status"] == "contested"
    assert state.loc["Epsilon", "holder"] == "SAF"
    # A contested town still says who held it last: its own cell leans to SAF.
    assert _p_at(layers, "2024-01-11", 32.0, "SAF") > 0.5
    assert "p_Gray zone" not in layers.surface("2024-01-11", cell_km=4).columns


def test_held_reports_feed_control_and_intervals() -> None:
    events = _line(("Eta", 32.0, "SAF", "2024-01-01", ""),
                   ("Eta", 32.0, "SAF", "2024-02-01", ""),
                   ("Theta", 32.5, "RSF", "2024-01-01", ""))
    events.loc[1, "kind"] = "held"
    layers = build_layers(events)
    eta = layers.intervals[layers.intervals["location"] == "Eta"]
    assert len(eta) == 1 and eta["actor"].iloc[0] == "SAF"  # a held report continues
    only_held = build_layers(events.iloc[[1, 2]].reset_index(drop=True))
    state = only_held.control_at("2024-02-02").set_index("location")
    assert state.loc["Eta", "status"] == "held" and state.loc["Eta", "actor"] == "SAF"
    assert _p_at(only_held, "2024-02-02", 32.0, "SAF") > 0.8
    assert _p_at(only_held, "2024-01-15", 32.0, "SAF") < 0.6  # not yet reported


def test_probabilities_sum_to_one_and_territory_is_polygonal() -> None:
    layers = build_layers(_libya())
    cells = layers.surface("2020-06-10", cell_km=10)
    p = cells[["p_GNA", "p_LNA"]].to_numpy()
    assert np.allclose(p.sum(axis=1), 1.0, atol=2e-4)
    assert ((p >= 0) & (p <= 1)).all()
    assert cells["cell_id"].is_unique
    zones = layers.zones
    assert list(zones["actor"]) == sorted(zones["actor"])
    assert zones["actor"].is_unique
    assert set(zones.geometry.geom_type) <= {"Polygon", "MultiPolygon"}
    assert zones.is_valid.all()


def test_ground_between_two_towns_of_one_side_stays_theirs() -> None:
    # SAF holds Eta and Theta 54 km apart on a road and Iota 50 km south of the road's
    # middle; RSF holds Kappa 17 km north of it. The middle of the road is nearer Kappa, yet
    # it lies between SAF's towns: the interpolation between places keeps it SAF's, where
    # the nearest evidence alone (between_weight 0) hands it to RSF.
    rows = [("Eta", 15.0, 32.0, "SAF"), ("Theta", 15.0, 32.5, "SAF"),
            ("Iota", 14.55, 32.25, "SAF"), ("Kappa", 15.15, 32.25, "RSF")]
    events = events_frame([_event(n, la, lo, a, "2024-01-01", country="SD", kind="held")
                           for n, la, lo, a in rows])
    # The invented places happen to lie on both sides of a real large river; this test is
    # about the interpolation alone, so rivers are off.
    off = SurfaceParams(river_reach=1.0)
    assert _p_at(build_layers(events, surface=off), "2024-01-05", 32.25, "SAF") > 0.5
    nearest_only = build_layers(events, surface=SurfaceParams(between_weight=0.0,
                                                              river_reach=1.0))
    assert _p_at(nearest_only, "2024-01-05", 32.25, "RSF") > 0.5
