"""Large rivers: the bundled lines, and a river as a soft barrier in the control surface.

The rivers in the estimator tests are drawn here (a straight north-south line), the places and
events invented for these tests.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import LineString

from geomap._rivers import RIVERS_FILE, large_rivers
from geomap.layers import build_layers
from geomap.layers._cells import Barrier
from geomap.layers._estimate import SurfaceParams, Votes, _river, estimate
from geomap.schema import events_frame

# A river on the plane (km): the line x = 0 from far south to far north.
_RIVER = Barrier(np.array([LineString([(0.0, -200.0), (0.0, 200.0)])], dtype=object))


def _votes(xs: list[float], ys: list[float], holders: list[int]) -> Votes:
    n = len(xs)
    return Votes(x=np.array(xs, dtype=float), y=np.array(ys, dtype=float),
                 region=np.zeros(n, dtype=np.int64), holder=np.array(holders),
                 contested=np.zeros(n, dtype=bool), weight=np.ones(n), age=np.zeros(n),
                 change_age=np.full(n, np.inf))


def test_bundled_file_loads_and_holds_lines() -> None:
    rivers = large_rivers()
    assert len(rivers) > 1000
    assert rivers.crs is not None and rivers.crs.to_epsg() == 4326
    kinds = set(shapely.get_type_id(rivers.to_numpy()).tolist())
    assert kinds <= {1, 5}  # LineString, MultiLineString
    assert RIVERS_FILE.stat().st_size <= 2_000_000
    assert (RIVERS_FILE.parent / "COPYING.LESSER").exists()
    frame = gpd.read_parquet(RIVERS_FILE)
    assert set(frame["kind"]) == {"river", "lake"}
    lon, lat = shapely.get_coordinates(rivers.to_numpy()).T
    assert lon.min() >= -180 and lon.max() <= 180 and lat.min() >= -90 and lat.max() <= 90


def test_missing_file_gives_no_rivers(tmp_path: Path) -> None:
    assert len(large_rivers(tmp_path / "none.parquet")) == 0


def test_barrier_tells_crossing_ways_and_distances() -> None:
    crossed = _RIVER.crossed(np.array([-5.0, 2.0]), np.zeros(2), np.array([5.0, 9.0]),
                             np.zeros(2))
    assert crossed.tolist() == [True, False]
    assert np.allclose(_RIVER.distance(np.array([-3.0, 7.0]), np.zeros(2)), [3.0, 7.0])
    assert len(Barrier(np.zeros(0, dtype=object))) == 0
    # A reservoir drawn as its shore: a way across it crosses, one along its side does not.
    lake = Barrier(np.array([LineString([(0, 0), (20, 0), (20, 8), (0, 8), (0, 0)])],
                            dtype=object))
    assert lake.crossed(np.array([10.0, -5.0]), np.array([-5.0, -5.0]), np.array([10.0, 25.0]),
                        np.array([15.0, -5.0])).tolist() == [True, False]


def test_the_far_bank_goes_to_the_side_on_it() -> None:
    # Side 0 holds a town 6 km west of the river, side 1 one 14 km east of it. A cell 3 km
    # east of the river is nearer side 0's town, but only across the river: with the river
    # it leans to side 1, without it to side 0.
    votes = _votes([-6.0, 14.0], [0.0, 0.0], [0, 1])
    cx, cy, region = np.array([3.0]), np.array([0.0]), np.zeros(1, dtype=np.int64)
    params = SurfaceParams(between_weight=0.0)
    plain = estimate(votes, cx, cy, region, 2, params)
    river = estimate(votes, cx, cy, region, 2, params, _RIVER)
    assert plain.p[0, 0] > 0.5
    assert river.p[0, 1] > 0.5
    off = estimate(votes, cx, cy, region, 2, SurfaceParams(between_weight=0.0, river_reach=1.0),
                   _RIVER)
    assert off.p[0, 0] == plain.p[0, 0]


def test_a_side_already_across_the_river_is_not_held_back() -> None:
    # Side 0 also holds a village on the east bank 8 km from the cell: it has crossed there,
    # so its west-bank town's word is not cut by the river; without that village it is.
    cx, cy = np.array([3.0]), np.array([0.0])
    params = SurfaceParams()
    for xs, ys, holders, cut in (([-6.0, 14.0], [0.0, 0.0], [0, 1], [True, False]),
                                 ([-6.0, 14.0, 5.0], [0.0, 0.0, 8.0], [0, 1, 0],
                                  [False, False, False])):
        votes = _votes(xs, ys, holders)
        g = np.arange(len(xs))[None, :]
        d = np.hypot(votes.x - cx[0], votes.y - cy[0])[None, :]
        found = np.ones_like(g, dtype=bool)
        river, _ = _river(votes, g, d, found, cx, cy, _RIVER,
                          _RIVER.distance(votes.x, votes.y), 2, params)
        assert river[0].tolist() == cut


def test_a_triangle_corner_across_the_river_votes_less() -> None:
    # Side 0 holds two towns west of the river, side 1 one east of it; a cell just east of
    # the river lies inside their triangle, mostly between side 0's towns. Interpolated alone
    # (between_weight 1) it leans to side 0 without the river and less so with it.
    votes = _votes([-10.0, -10.0, 20.0], [-10.0, 10.0, 0.0], [0, 0, 1])
    cx, cy, region = np.array([2.0]), np.array([0.0]), np.zeros(1, dtype=np.int64)
    params = SurfaceParams(between_weight=1.0)
    plain = estimate(votes, cx, cy, region, 2, params)
    river = estimate(votes, cx, cy, region, 2, params, _RIVER)
    assert plain.p[0, 0] > 0.5
    assert river.p[0, 0] < plain.p[0, 0] - 0.1
    flat = estimate(votes, cx, cy, region, 2, SurfaceParams(between_weight=1.0,
                                                            river_between=False), _RIVER)
    assert flat.p[0, 0] == plain.p[0, 0]


def _bank_events() -> pd.DataFrame:
    """Two invented Chadian towns 0.3 degrees apart on a west-east line at 13.0 N."""
    rows = [("Westbank Town", 17.0, "ARMY"), ("Eastbank Town", 17.3, "REBELS")]
    return events_frame([
        {"kind": "control_change", "place": n, "location": n, "country": "TD",
         "latitude": 13.0, "longitude": lon, "actor": a, "previous_actor": "",
         "event_date": "2024-03-01", "confirmed": True,
         "evidence": f"Invented report: {a} hold {n}.", "source": "test-rivers"}
        for n, lon, a in rows])


def test_a_river_drawn_between_two_towns_moves_the_line_to_it() -> None:
    # A river drawn at 17.11 E, a little west of the midpoint of the two towns: the ground
    # just east of it (still nearer the western town) goes to the eastern town's side only
    # when the river is there.
    probe = pd.DataFrame({"lat": [13.0], "lon": [17.13], "cell_id": ["probe"]})
    plain = build_layers(_bank_events())
    assert float(plain.surface("2024-03-10", cells=probe)["p_ARMY"].iloc[0]) > 0.5
    layers = build_layers(_bank_events())
    model = layers.surface_model
    line = LineString([(17.11, 12.0), (17.11, 14.0)])
    model._barrier = Barrier(np.array([model.plane.project(line)], dtype=object))
    frame = layers.surface("2024-03-10", cells=probe)
    assert float(frame["p_REBELS"].iloc[0]) > 0.5
