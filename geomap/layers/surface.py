"""The control surface: who holds the ground between the places, cell by cell.

:class:`SurfaceModel` turns a :class:`~geomap.layers.Layers`' status statements into a surface
on any day: on a regular grid (:meth:`SurfaceModel.grid_frame`, ``Layers.surface``) or on
given points (:meth:`SurfaceModel.points`, the ``geomap surface --cells`` path). The estimator
is described in :mod:`geomap.layers._estimate`; the evidence in :mod:`geomap.layers._evidence`.

Each cell gets a ``controller`` (an actor id, ``contested`` or ``unknown``), ``p_<actor>`` per
actor, ``confidence`` (the controller's probability; 0 when unknown), ``evidence_km`` and
``evidence_age_days`` (distance to and age of the nearest evidence used) and ``evidence_ids``
(the events behind the three strongest votes). Only statements dated on or before the day
shape the surface of that day.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geomap.layers import _cells
from geomap.layers._estimate import CONTESTED, UNKNOWN, Estimate, SurfaceParams, Votes, estimate
from geomap.layers._evidence import EvidenceLog, Snapshot
from geomap.schema import CRS

if TYPE_CHECKING:  # pragma: no cover
    from geomap.layers.core import Layers

__all__ = ["CELL_COLUMNS", "SurfaceModel", "SurfaceParams"]

#: Columns of a surface frame besides ``p_<actor>`` (which follow ``controller``).
CELL_COLUMNS: Final = ("cell_id", "controller", "confidence", "evidence_km",
                       "evidence_age_days", "evidence_ids", "geometry")
_MAP_CELLS: Final = 60_000
_MAP_STEPS: Final = (2.0, 3.0, 4.0, 5.0, 8.0, 10.0, 15.0, 20.0, 25.0)


class SurfaceModel:
    """The evidence of a :class:`Layers`, ready to estimate the surface on any day.

    Parameters
    ----------
    layers
        The layers whose timeline events are the evidence.
    params
        Estimator settings (defaults: :class:`SurfaceParams`).
    """

    def __init__(self, layers: Layers, params: SurfaceParams | None = None) -> None:
        self.params = params or SurfaceParams()
        self.layers = layers
        names = [str(a) for a in layers._actor_names.tolist()]
        self.actors = names
        tl = layers.timeline
        self.log = EvidenceLog(layers._place, layers._actor_codes, layers._previous_codes,
                               tl.day, layers._tkind, layers._confirmed,
                               self.params.claim_weight, skip=layers._area_places())
        rep = layers._rep
        lon, lat = layers._lon[rep], layers._lat[rep]
        used = self.log.places
        self.plane = _cells.Plane.around(lon[used], lat[used])
        self.px, self.py = self.plane.forward(lon, lat)
        self.regions = _cells.Regions(lon[used], lat[used], layers._p_country[used])
        self.place_region = np.full(len(lon), -1, dtype=np.int64)
        self.place_region[used] = self.regions.evidence_region
        self._outline_cache: Any = None
        self._barrier: _cells.Barrier | None = None
        self._grids: dict[float, tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray,
                                       np.ndarray]] = {}

    # ----------------------------------------------------------------- votes
    def votes(self, t: int) -> tuple[Votes, Snapshot]:
        """The votes of day ``t`` and the snapshot they come from."""
        snap = self.log.at(t)
        p = snap.place
        return Votes(x=self.px[p], y=self.py[p], region=self.place_region[p],
                     holder=snap.holder, contested=snap.contested, weight=snap.weight,
                     age=snap.age, change_age=snap.change_age, prior=snap.prior), snap

    def _estimate(self, t: int, cx: np.ndarray, cy: np.ndarray,
                  region: np.ndarray) -> tuple[Estimate, Snapshot]:
        votes, snap = self.votes(t)
        return estimate(votes, cx, cy, region, len(self.actors), self.params,
                        self.barrier), snap

    @property
    def barrier(self) -> _cells.Barrier | None:
        """The large rivers around the evidence on the plane (built on first use)."""
        if self.params.river_reach >= 1.0:
            return None
        if self._barrier is None:
            used = self.log.places
            rep = self.layers._rep
            self._barrier = _cells.Barrier.rivers(
                self.plane, self.layers._lon[rep][used], self.layers._lat[rep][used],
                self.params.reach_km)
        return self._barrier

    def estimate_points(self, t: int, lon: np.ndarray,
                        lat: np.ndarray) -> tuple[Estimate, Snapshot]:
        """The surface of day ``t`` at WGS84 points, and the evidence snapshot behind it."""
        cx, cy = self.plane.forward(lon, lat)
        return self._estimate(t, cx, cy, self.regions.of(lon, lat))

    def auto_cell_km(self) -> float:
        """A grid resolution for maps: 2 km, coarser so that a grid keeps ≲ 60,000 cells."""
        used = self.log.places
        if not len(used):
            return 2.0
        reach = self.params.reach_km
        # Upper bound of the reached area: discs around the places, or their extent.
        span = ((np.ptp(self.px[used]) + 2 * reach) * (np.ptp(self.py[used]) + 2 * reach))
        area = min(span, len(used) * np.pi * reach * reach)
        km = float(np.sqrt(area / _MAP_CELLS))
        return float(next((s for s in _MAP_STEPS if s >= km), _MAP_STEPS[-1]))

    def territory(self, t: int, cell_km: float) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame,
                                                         gpd.GeoDataFrame]:
        """Territory of day ``t`` on a ``cell_km`` grid: per controller and confidence level,
        per controller (with an ``actor`` column, no ``level``) and the front lines."""
        from geomap.layers import territory as terr

        cx, cy, _, _, region = self.grid(cell_km)
        est, snap = self._estimate(t, cx, cy, region)
        names = self.controller_names(est)
        ids = self.evidence_ids(est, snap)
        outline = self._outline()
        levels = terr.dissolve(self.plane, cx, cy, cell_km, names, est.confidence, ids, outline)
        whole = terr.dissolve(self.plane, cx, cy, cell_km, names, est.confidence, ids, outline,
                              split_levels=False).drop(columns=["level"])
        whole.insert(0, "actor", whole["controller"].to_numpy(dtype=object))
        return levels, whole, terr.fronts(self.plane, cx, cy, cell_km, names, est.confidence)

    def _outline(self) -> Any:
        if self._outline_cache is None:
            self._outline_cache = self.regions.outline(self.plane)
        return self._outline_cache

    # ------------------------------------------------------------------ grid
    def grid(self, cell_km: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray,
                                             np.ndarray]:
        """Centres (plane km and WGS84) of the grid cells within reach of any evidence.

        Computed once per ``cell_km`` (every date shares the grid; cells out of reach on a
        date are ``unknown`` there).

        Returns
        -------
        cx, cy, lon, lat, region
            Only cells inside a region (a country with evidence) are kept.
        """
        cached = self._grids.get(cell_km)
        if cached is None:
            used = self.log.places
            cx, cy = _cells.grid(self.plane, self.px[used], self.py[used], cell_km,
                                 self.params.reach_km)
            lon, lat = self.plane.inverse(cx, cy)
            region = self.regions.of(lon, lat)
            inside = region >= 0
            cached = (cx[inside], cy[inside], lon[inside], lat[inside], region[inside])
            self._grids[cell_km] = cached
        return cached

    def grid_frame(self, t: int, cell_km: float) -> gpd.GeoDataFrame:
        """The surface of day ``t`` on the ``cell_km`` grid, one row per cell (squares)."""
        cx, cy, _, _, region = self.grid(cell_km)
        est, snap = self._estimate(t, cx, cy, region)
        half = cell_km / 2
        squares = shapely.box(cx - half, cy - half, cx + half, cy + half)
        geoms = shapely.transform(
            squares, lambda xy: np.column_stack(self.plane.inverse(xy[:, 0], xy[:, 1])))
        return self.frame(est, snap, _cells.cell_ids(cx, cy, cell_km), geoms)

    def frame(self, est: Estimate, snap: Snapshot, ids: np.ndarray,
              geoms: np.ndarray) -> gpd.GeoDataFrame:
        """An estimate as a GeoDataFrame with the surface columns."""
        data: dict[str, Any] = {"cell_id": ids, "controller": self.controller_names(est)}
        for k, a in enumerate(self.actors):
            data[f"p_{a}"] = np.round(est.p[:, k], 4)
        data["confidence"] = np.round(est.confidence, 4)
        data["evidence_km"] = np.round(est.nearest_km, 2)
        data["evidence_age_days"] = est.nearest_age
        data["evidence_ids"] = self.evidence_ids(est, snap)
        return gpd.GeoDataFrame(data, geometry=gpd.GeoSeries(geoms, crs=CRS), crs=CRS)

    def controller_names(self, est: Estimate) -> np.ndarray:
        """Controller codes as names: actor ids, ``contested`` or ``unknown``."""
        table = np.array([*self.actors, "contested", "unknown"], dtype=object)
        code = np.where(est.controller == CONTESTED, len(self.actors),
                        np.where(est.controller == UNKNOWN, len(self.actors) + 1,
                                 est.controller))
        return table[code]

    def evidence_ids(self, est: Estimate, snap: Snapshot) -> np.ndarray:
        """``;``-joined event ids of the strongest votes per cell."""
        if not len(snap.row):
            return np.full(len(est.top), "", dtype=object)
        ids = self.layers._event_ids(snap.row)
        table = np.append(ids, "").astype(object)
        top = np.where(est.top >= 0, est.top, len(ids))
        combos, inverse = np.unique(top, axis=0, return_inverse=True)
        text = np.array([";".join(t for t in table[c].tolist() if t) for c in combos],
                        dtype=object)
        return text[inverse.reshape(-1)] if len(combos) else np.zeros(0, dtype=object)


def surface_on_cells(model: SurfaceModel, cells: pd.DataFrame,
                     parse_day: Any) -> pd.DataFrame:
    """The surface at given cells and dates (``date, cell_id, lat, lon`` + passed through).

    Parameters
    ----------
    model
        The evidence.
    cells
        One row per cell and date; other columns are kept.
    parse_day
        ``str -> int`` day parser (raises on a bad date).

    Returns
    -------
    pandas.DataFrame
        ``cells`` with ``controller``, ``p_<actor>`` and ``confidence`` added, in input order.
    """
    n = len(cells)
    controller = np.full(n, "unknown", dtype=object)
    probs = np.zeros((n, len(model.actors)))
    confidence = np.zeros(n)
    lat = pd.to_numeric(cells["lat"], errors="coerce").to_numpy(dtype="float64")
    lon = pd.to_numeric(cells["lon"], errors="coerce").to_numpy(dtype="float64")
    codes, dates = pd.factorize(cells["date"].astype(str).str[:10], sort=True)
    cx, cy = model.plane.forward(lon, lat)
    region = model.regions.of(lon, lat)
    for k, value in enumerate(dates.tolist()):
        sel = np.flatnonzero(codes == k)
        est, _ = model._estimate(parse_day(value), cx[sel], cy[sel], region[sel])
        controller[sel] = model.controller_names(est)
        probs[sel] = est.p
        confidence[sel] = est.confidence
    out = cells.copy()
    out["controller"] = controller
    for k, a in enumerate(model.actors):
        out[f"p_{a}"] = np.round(probs[:, k], 4)
    out["confidence"] = np.round(confidence, 4)
    return out
