"""Cells for the control surface: a local equal-area plane, regions (countries) and grids.

Everything the surface measures is a distance in kilometres on a Lambert azimuthal equal-area
plane centred on the evidence: within a few hundred kilometres of the centre its distances
are within a fraction of a percent of the true ones, and squares of ``cell_km`` have the same
area everywhere. Each point also gets a *region*: the Natural Earth country it lies in (or -1,
at sea or in a country without evidence), so that an international border stops support
unless there is evidence beyond it.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from typing import Final

import numpy as np
import pyproj
import shapely
from shapely.geometry.base import BaseGeometry

from geomap.gazetteer import boundaries

# Evidence a little offshore (a port geocoded to its harbour) still belongs to its country.
_SHORE_DEG: Final = 0.05


@functools.lru_cache(maxsize=16)
def _transformers(lon0: float, lat0: float) -> tuple[pyproj.Transformer, pyproj.Transformer]:
    """Forward and inverse transformers of a plane (building one costs milliseconds)."""
    crs = pyproj.CRS.from_proj4(
        f"+proj=laea +lat_0={lat0} +lon_0={lon0} +datum=WGS84 +units=km +no_defs")
    return (pyproj.Transformer.from_crs("EPSG:4326", crs, always_xy=True),
            pyproj.Transformer.from_crs(crs, "EPSG:4326", always_xy=True))


@dataclass(frozen=True)
class Plane:
    """A Lambert azimuthal equal-area plane in kilometres, centred on ``lon0, lat0``."""

    lon0: float
    lat0: float

    @classmethod
    def around(cls, lon: np.ndarray, lat: np.ndarray) -> Plane:
        """The plane centred on the middle of the points' extent (0, 0 when there are none)."""
        if len(lon) == 0:
            return cls(0.0, 0.0)
        return cls(round(float((np.min(lon) + np.max(lon)) / 2), 4),
                   round(float((np.min(lat) + np.max(lat)) / 2), 4))

    def forward(self, lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """WGS84 degrees -> plane kilometres."""
        t = _transformers(self.lon0, self.lat0)[0]
        x, y = t.transform(np.asarray(lon, dtype="float64"), np.asarray(lat, dtype="float64"))
        return np.asarray(x), np.asarray(y)

    def inverse(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Plane kilometres -> WGS84 degrees."""
        t = _transformers(self.lon0, self.lat0)[1]
        lon, lat = t.transform(np.asarray(x, dtype="float64"), np.asarray(y, dtype="float64"))
        return np.asarray(lon), np.asarray(lat)

    def project(self, geom: BaseGeometry) -> BaseGeometry:
        """A WGS84 geometry on the plane (repaired if reprojection bent it invalid)."""
        out = shapely.transform(geom, lambda xy: np.column_stack(self.forward(xy[:, 0],
                                                                              xy[:, 1])))
        return out if out.is_valid else shapely.make_valid(out)

    def unproject(self, geom: BaseGeometry) -> BaseGeometry:
        """A plane geometry back in WGS84 (repaired if needed)."""
        out = shapely.transform(geom, lambda xy: np.column_stack(self.inverse(xy[:, 0],
                                                                              xy[:, 1])))
        return out if out.is_valid else shapely.make_valid(out)


class Regions:
    """The countries that hold evidence, as region codes for any set of points.

    Parameters
    ----------
    lon, lat
        Evidence points.
    country
        Their stated ISO2 codes ("" if none): a stated country wins when the point lies
        within ~5 km of it (towns on a border are often geocoded a little across it).
    """

    def __init__(self, lon: np.ndarray, lat: np.ndarray, country: np.ndarray | None = None) -> None:
        self.codes: list[str] = []
        self.shapes: list[BaseGeometry] = []
        self.evidence_region = np.full(len(lon), -1, dtype=np.int64)
        if len(lon) == 0:
            return
        frame = boundaries.countries()
        frame = frame[frame["iso_a2"] != ""].reset_index(drop=True)
        geoms = np.asarray(frame.geometry.values, dtype=object)
        index = {str(c): i for i, c in enumerate(frame["iso_a2"].tolist())}
        tree = shapely.STRtree(geoms)
        stated = np.array([index.get(str(c).strip().upper(), -1) for c in (
            country.tolist() if country is not None else [""] * len(lon))], dtype=np.int64)
        # Evidence sits on a few hundred distinct points: query each once.
        keys = np.column_stack([lon, lat, stated])
        uniq, inverse = np.unique(keys, axis=0, return_inverse=True)
        points = shapely.points(uniq[:, :2])
        want = uniq[:, 2].astype(np.int64)
        found = np.full(len(uniq), -1, dtype=np.int64)
        has = np.flatnonzero(want >= 0)
        if len(has):
            near = shapely.dwithin(geoms[want[has]], points[has], _SHORE_DEG)
            found[has[near]] = want[has[near]]
        todo = np.flatnonzero(found < 0)
        hit_pt, hit_geom = tree.query(points[todo], predicate="intersects")
        found[todo[hit_pt[::-1]]] = hit_geom[::-1]  # the first country listed wins a border
        lost = np.flatnonzero(found < 0)
        if len(lost):
            near_pt, near_geom = tree.query_nearest(points[lost], max_distance=_SHORE_DEG)
            found[lost[near_pt[::-1]]] = near_geom[::-1]
        used = sorted(set(found[found >= 0].tolist()))
        remap = np.full(len(geoms) + 1, -1, dtype=np.int64)
        remap[used] = np.arange(len(used))
        self.codes = [str(frame["iso_a2"].iat[i]) for i in used]
        self.shapes = [geoms[i] for i in used]
        for shape in self.shapes:
            shapely.prepare(shape)
        self.evidence_region = remap[found][inverse.reshape(-1)]

    def of(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """Region code of each point: the evidence country it lies in, else -1."""
        out = np.full(len(lon), -1, dtype=np.int64)
        for code, shape in enumerate(self.shapes):
            todo = np.flatnonzero(out < 0)
            if not len(todo):
                break
            inside = shapely.contains_xy(shape, lon[todo], lat[todo])
            out[todo[inside]] = code
        return out

    def outline(self, plane: Plane) -> BaseGeometry | None:
        """Union of the regions' outlines on ``plane`` (``None`` without regions)."""
        if not self.shapes:
            return None
        return plane.project(shapely.union_all(self.shapes))


def grid(
    plane: Plane, x: np.ndarray, y: np.ndarray, cell_km: float, reach_km: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Centres of the ``cell_km`` squares (aligned to multiples of it) within ``reach_km``.

    Parameters
    ----------
    plane
        The plane of ``x, y`` (unused beyond documenting the units).
    x, y
        Evidence points on the plane (km).
    cell_km, reach_km
        Square side, and the largest distance from a centre to its nearest evidence point.

    Returns
    -------
    cx, cy
        Cell centres on the plane, sorted by row then column.
    """
    del plane
    if len(x) == 0:
        return np.zeros(0), np.zeros(0)
    from scipy.spatial import cKDTree

    pts = np.unique(np.column_stack([x, y]), axis=0)
    lo = np.floor((pts.min(axis=0) - reach_km) / cell_km).astype(np.int64)
    hi = np.ceil((pts.max(axis=0) + reach_km) / cell_km).astype(np.int64)
    tree = cKDTree(pts)
    xs_all, ys_all = [], []
    # Row by row keeps memory flat on large extents.
    cols = np.arange(lo[0], hi[0]) * cell_km + cell_km / 2
    for j in range(int(lo[1]), int(hi[1])):
        cy = np.full(len(cols), j * cell_km + cell_km / 2)
        d, _ = tree.query(np.column_stack([cols, cy]), distance_upper_bound=reach_km)
        keep = np.isfinite(d)
        xs_all.append(cols[keep])
        ys_all.append(cy[keep])
    return np.concatenate(xs_all), np.concatenate(ys_all)


def cell_ids(cx: np.ndarray, cy: np.ndarray, cell_km: float) -> np.ndarray:
    """Ids ``{k}kmE{x}N{y}``: the lower-left corner of each square on the plane, in km."""
    k = f"{cell_km:g}"
    left = np.round(cx - cell_km / 2).astype(np.int64)
    low = np.round(cy - cell_km / 2).astype(np.int64)
    return np.array([f"{k}kmE{a}N{b}" for a, b in zip(left.tolist(), low.tolist(), strict=True)],
                    dtype=object)


#: Point sets whose river distances a :class:`Barrier` remembers (a grid is cut in chunks).
_DISTANCE_MEMO: Final = 256


class Barrier:
    """Lines on a plane (km) that a vote's straight way to a cell may cross: large rivers and
    lake shores.

    The lines are kept as their two-point segments in an STR tree, so that a query box stays
    small however long the river.

    Parameters
    ----------
    lines
        (Multi)LineStrings on the plane.
    """

    def __init__(self, lines: np.ndarray) -> None:
        lines = np.asarray(lines, dtype=object)
        lines = lines[~shapely.is_empty(lines)] if len(lines) else lines
        parts = shapely.get_parts(lines) if len(lines) else lines
        xy, which = (shapely.get_coordinates(parts, return_index=True) if len(parts)
                     else (np.zeros((0, 2)), np.zeros(0, dtype=np.int64)))
        same = which[1:] == which[:-1]
        seg = np.stack([xy[:-1][same], xy[1:][same]], axis=1)
        self.segments = shapely.linestrings(seg) if len(seg) else np.zeros(0, dtype=object)
        self.tree = shapely.STRtree(self.segments)
        self._distances: dict[bytes, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self.segments)

    @classmethod
    def rivers(cls, plane: Plane, lon: np.ndarray, lat: np.ndarray, margin_km: float) -> Barrier:
        """The bundled rivers and lake shores near the points (``margin_km``), on ``plane``."""
        from geomap._rivers import large_rivers

        lines = large_rivers()
        if not len(lon) or not len(lines):
            return cls(np.zeros(0, dtype=object))
        # Degrees of longitude shrink towards the poles: widen the box by the worst case.
        cos = max(float(np.cos(np.radians(min(np.max(np.abs(lat)), 80.0)))), 0.1)
        mlat = margin_km / 111.0 + 0.1
        mlon = mlat / cos
        box = (float(np.min(lon)) - mlon, float(np.min(lat)) - mlat,
               float(np.max(lon)) + mlon, float(np.max(lat)) + mlat)
        geoms = lines.to_numpy()
        geoms = geoms[shapely.intersects(geoms, shapely.box(*box))]
        if not len(geoms):
            return cls(np.zeros(0, dtype=object))
        clipped = shapely.clip_by_rect(geoms, *box)
        return cls(np.array([plane.project(g) for g in clipped if not g.is_empty],
                            dtype=object))

    def distance(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Distance (km) from each point to the nearest line (inf when there is none).

        Read-only, and remembered for the same points: a map's surface asks for the same
        grid cells on every date of its time slider, and the nearest-line search over the
        cells was a fifth of a map's render time.
        """
        x = np.ascontiguousarray(x, dtype=np.float64)
        y = np.ascontiguousarray(y, dtype=np.float64)
        key = hashlib.blake2b(x.tobytes() + b"|" + y.tobytes(), digest_size=16).digest()
        hit = self._distances.get(key)
        if hit is not None:
            return hit
        out = np.full(len(x), np.inf)
        if len(self) and len(x):
            (i, _), dist = self.tree.query_nearest(shapely.points(x, y), return_distance=True,
                                                    all_matches=False)
            np.minimum.at(out, i, dist)
        out.flags.writeable = False
        if len(self._distances) >= _DISTANCE_MEMO:
            self._distances.pop(next(iter(self._distances)))
        self._distances[key] = out
        return out

    def crossed(self, x0: np.ndarray, y0: np.ndarray, x1: np.ndarray,
                y1: np.ndarray) -> np.ndarray:
        """Does the straight segment from ``(x0, y0)`` to ``(x1, y1)`` cross a line?"""
        out = np.zeros(len(x0), dtype=bool)
        if not len(self) or not len(x0):
            return out
        seg = shapely.linestrings(np.stack([np.column_stack([x0, y0]),
                                            np.column_stack([x1, y1])], axis=1))
        i, _ = self.tree.query(seg, predicate="intersects")
        out[i] = True
        return out
