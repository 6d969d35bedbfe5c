"""Approximate zones of control (Voronoi cells) and the front lines where they meet.

Cells are computed per country in a Lambert azimuthal equal-area projection centred on that
country's places, clipped to the country outline (Natural Earth, :mod:`geomap.gazetteer.boundaries`)
and, optionally, to a radius around each place, then dissolved per actor. Areas are measured
in that equal-area projection. Everything here is an approximation and flagged as such.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence
from typing import Any, Final

import geopandas as gpd
import numpy as np
import pyproj
import shapely
from shapely.geometry.base import BaseGeometry

from geomap.gazetteer import boundaries

log = logging.getLogger("geomap.layers.zones")

ZONE_COLUMNS: Final = ("actor", "approximate", "area_km2", "n_places", "geometry")
FRONT_COLUMNS: Final = ("actor_a", "actor_b", "length_km", "approximate", "geometry")
_GEOD: Final = pyproj.Geod(ellps="WGS84")
_FALLBACK_MARGIN_KM: Final = 50.0
_FRONT_TOLERANCE_M: Final = 100.0


def empty_zones() -> gpd.GeoDataFrame:
    """An empty zones frame with its columns."""
    return gpd.GeoDataFrame(
        {"actor": np.array([], dtype=object), "approximate": np.array([], dtype=bool),
         "area_km2": np.array([], dtype="float64"), "n_places": np.array([], dtype="int64")},
        geometry=gpd.GeoSeries([], crs="EPSG:4326"), crs="EPSG:4326",
    )


def empty_fronts() -> gpd.GeoDataFrame:
    """An empty fronts frame with its columns."""
    return gpd.GeoDataFrame(
        {"actor_a": np.array([], dtype=object), "actor_b": np.array([], dtype=object),
         "length_km": np.array([], dtype="float64"), "approximate": np.array([], dtype=bool)},
        geometry=gpd.GeoSeries([], crs="EPSG:4326"), crs="EPSG:4326",
    )


class _Group:
    """Zones of the places of one country, in that country's equal-area projection."""

    def __init__(self, country: str, lon: np.ndarray, lat: np.ndarray, actor: np.ndarray,
                 radius_km: float | None) -> None:
        lon0, lat0 = float(np.mean(lon)), float(np.mean(lat))
        crs = pyproj.CRS.from_proj4(
            f"+proj=laea +lat_0={lat0:.6f} +lon_0={lon0:.6f} +datum=WGS84 +units=m +no_defs"
        )
        self.forward = pyproj.Transformer.from_crs("EPSG:4326", crs, always_xy=True)
        self.inverse = pyproj.Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
        x, y = self.forward.transform(lon, lat)
        pts = shapely.points(np.column_stack([x, y]))
        region = self._region(country, pts, radius_km)
        self.zones: dict[str, BaseGeometry] = {}
        self.counts: dict[str, int] = defaultdict(int)
        if region is None or region.is_empty:
            return
        cells = _cells(pts, region)
        self.cells, self.actor = cells, actor
        names = sorted(set(actor.tolist()))
        inner = np.ones(len(cells), dtype=bool)
        reach = None
        if radius_km:
            reach = shapely.buffer(pts, radius_km * 1000.0, quad_segs=16)
            inner = shapely.contains(reach, cells)
        shapely.prepare(region)
        # Raw Voronoi cells tile the plane exactly, so a coverage union dissolves them fast;
        # only the cells a place's reach cuts need a general (slower) union.
        self.raw: dict[str, BaseGeometry] = {}
        self.sites = pts
        self.radius_m = radius_km * 1000.0 if radius_km else None
        self.region = region
        for a in names:
            mine = actor == a
            self.counts[a] = int(mine.sum())
            self.raw[a] = _coverage_union(cells[mine])
            zone = self.raw[a] if reach is None else _coverage_union(cells[mine & inner])
            cut = np.flatnonzero(mine & ~inner)
            if len(cut) and reach is not None:
                clipped = shapely.intersection(cells[cut], reach[cut])
                zone = _union([z for z in (zone, *clipped.tolist()) if z is not None])
            if zone is None or zone.is_empty:
                continue
            if not region.contains(zone):
                zone = shapely.intersection(zone, region)
            zone = shapely.make_valid(zone) if not zone.is_valid else zone
            zone = _polygons(zone)
            if zone is not None:
                self.zones[a] = zone

    def _region(
        self, country: str, pts: np.ndarray, radius_km: float | None
    ) -> BaseGeometry | None:
        shape = boundaries.country_shape(country) if country else None
        if shape is None:
            # No outline: the hull of the places, widened a little; flagged approximate anyway.
            margin = (radius_km or _FALLBACK_MARGIN_KM) * 1000.0
            return shapely.buffer(shapely.convex_hull(shapely.multipoints(pts)), margin)
        projected = shapely.transform(shape, self._project, interleaved=False)
        return shapely.make_valid(projected)

    def _project(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return self.forward.transform(x, y)  # type: ignore[no-any-return]

    def _unproject(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return self.inverse.transform(x, y)  # type: ignore[no-any-return]

    def to_wgs84(self, geom: BaseGeometry) -> BaseGeometry:
        out = shapely.transform(geom, self._unproject, interleaved=False)
        # Reprojection can make slivers self-touch: repair before any later union.
        return out if out.is_valid else shapely.make_valid(out)

    def fronts(self) -> list[tuple[str, str, BaseGeometry]]:
        """Edges shared by neighbouring cells of two actors that both have a zone here."""
        cells, actor = self.cells, self.actor
        if len(cells) < 2:
            return []
        left, right = shapely.STRtree(cells).query(cells, predicate="intersects")
        pick = (left < right) & (actor[left] != actor[right])
        pick &= np.isin(actor[left], list(self.zones)) & np.isin(actor[right], list(self.zones))
        left, right = left[pick], right[pick]
        if not len(left):
            return []
        # Neighbouring Voronoi cells share an edge with identical coordinates: a cheap overlay.
        edges = shapely.intersection(cells[left], cells[right])
        a_of = np.where(actor[left] < actor[right], actor[left], actor[right])
        b_of = np.where(actor[left] < actor[right], actor[right], actor[left])
        out: list[tuple[str, str, BaseGeometry]] = []
        for a, b in sorted(set(zip(a_of.tolist(), b_of.tolist(), strict=True))):
            mine = (a_of == a) & (b_of == b)
            shared = _lines(shapely.geometrycollections(edges[mine].tolist()))
            if shared is not None and self.radius_m is not None:
                shared = _within_reach(shared, self.sites, self.radius_m)
            if shared is not None and not self.region.contains(shared):
                shared = _lines(shapely.intersection(shared, self.region))
            if shared is not None and shared.length > _FRONT_TOLERANCE_M:
                out.append((str(a), str(b), shared))
        return out


def _cells(pts: np.ndarray, region: BaseGeometry) -> np.ndarray:
    """Voronoi cell of every point (in input order), reaching at least over ``region``."""
    n = len(pts)
    if n == 1:
        return np.array([region], dtype=object)
    coords = shapely.get_coordinates(pts)
    uniq, inverse = np.unique(coords, axis=0, return_inverse=True)
    inverse = inverse.reshape(-1)
    if len(uniq) == 1:
        return np.array([region] * n, dtype=object)
    env = shapely.box(*shapely.bounds(shapely.union(shapely.envelope(region),
                                                    shapely.multipoints(uniq))))
    diagram = shapely.voronoi_polygons(
        shapely.multipoints(uniq), extend_to=shapely.buffer(env, 1000.0), ordered=True
    )
    cells = np.asarray(shapely.get_parts(diagram), dtype=object)
    if len(cells) != len(uniq):  # pragma: no cover - GEOS keeps one cell per distinct site
        raise RuntimeError("voronoi diagram lost sites")
    # Places sharing a point share its cell: the first (by actor order) keeps it.
    out = np.empty(n, dtype=object)
    taken = np.zeros(len(uniq), dtype=bool)
    empty = shapely.Polygon()
    for i, u in enumerate(inverse.tolist()):
        out[i] = empty if taken[u] else cells[u]
        taken[u] = True
    return out


def _within_reach(lines: BaseGeometry, sites: np.ndarray, radius: float) -> BaseGeometry | None:
    """The parts of Voronoi edges within ``radius`` of the places they separate.

    Every straight piece of an edge lies on the bisector of two places, equally far from both,
    so one circle test per piece (solved exactly, vectorised) tells what stays.
    """
    parts = shapely.get_parts(lines)
    coords, index = shapely.get_coordinates(parts, return_index=True)
    if len(coords) < 2:
        return None
    same = index[1:] == index[:-1]
    p0, p1 = coords[:-1][same], coords[1:][same]
    mid = shapely.points((p0 + p1) / 2.0)
    hit_in, hit_tree = shapely.STRtree(sites).query_nearest(mid)
    first = np.unique(hit_in, return_index=True)[1]
    site = shapely.get_coordinates(sites)[hit_tree[first]]
    d = p1 - p0
    f = p0 - site
    a = np.einsum("ij,ij->i", d, d)
    b = 2.0 * np.einsum("ij,ij->i", f, d)
    c = np.einsum("ij,ij->i", f, f) - radius * radius
    disc = b * b - 4.0 * a * c
    ok = (a > 0) & (disc > 0)
    root = np.sqrt(np.where(ok, disc, 0.0))
    safe_a = np.where(a > 0, a, 1.0)
    s0 = np.clip((-b - root) / (2.0 * safe_a), 0.0, 1.0)
    s1 = np.clip((-b + root) / (2.0 * safe_a), 0.0, 1.0)
    keep = ok & (s1 > s0)
    if not keep.any():
        return None
    q0 = p0[keep] + s0[keep, None] * d[keep]
    q1 = p0[keep] + s1[keep, None] * d[keep]
    segments = shapely.linestrings(np.stack([q0, q1], axis=1))
    merged = shapely.line_merge(shapely.multilinestrings(segments))
    return merged if not merged.is_empty else None


def _coverage_union(cells: np.ndarray) -> BaseGeometry | None:
    parts = [c for c in cells.tolist() if c is not None and not c.is_empty]
    if not parts:
        return None
    try:
        return shapely.coverage_union_all(parts)
    except shapely.errors.GEOSException:  # pragma: no cover - not an exact tiling after all
        return _union(parts)


def _polygons(geom: BaseGeometry) -> BaseGeometry | None:
    """The polygonal parts of a valid geometry (their union is disjoint: no union needed)."""
    polys = [p for p in shapely.get_parts(shapely.get_parts(geom)).tolist()
             if p.geom_type == "Polygon" and not p.is_empty and p.area > 1.0]
    if not polys:
        return None
    return polys[0] if len(polys) == 1 else shapely.multipolygons(polys)


def _lines(geom: BaseGeometry) -> BaseGeometry | None:
    lines = []
    for part in shapely.get_parts(shapely.get_parts(geom)).tolist():
        if part.geom_type == "LinearRing":
            part = shapely.LineString(part.coords)
        if part.geom_type == "LineString" and not part.is_empty:
            lines.append(part)
    if not lines:
        return None
    merged = shapely.line_merge(shapely.multilinestrings(lines))
    return merged if not merged.is_empty else None


def zones_and_fronts(
    lon: np.ndarray, lat: np.ndarray, actor: np.ndarray, country: np.ndarray,
    *, radius_km: float | None,
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Zones per actor and fronts per actor pair from held places.

    Parameters
    ----------
    lon, lat, actor, country
        One entry per held place (actor ids, ISO2 country codes or "").
    radius_km
        Limit every cell to this distance from its place (``None``: no limit).
    """
    if len(lon) == 0:
        return empty_zones(), empty_fronts()
    zone_parts: dict[str, list[BaseGeometry]] = defaultdict(list)
    areas: dict[str, float] = defaultdict(float)
    counts: dict[str, int] = defaultdict(int)
    front_parts: dict[tuple[str, str], list[BaseGeometry]] = defaultdict(list)
    for code in sorted(set(country.tolist())):
        sel = country == code
        order = np.lexsort((actor[sel].astype(str), lat[sel], lon[sel]))
        group = _Group(code, lon[sel][order], lat[sel][order], actor[sel][order], radius_km)
        for a, zone in group.zones.items():
            areas[a] += zone.area / 1e6
            zone_parts[a].append(group.to_wgs84(zone))
        for a, n in group.counts.items():
            counts[a] += n
        for a, b, line in group.fronts():
            front_parts[(a, b)].append(group.to_wgs84(line))
    names = sorted(counts)
    zones = gpd.GeoDataFrame(
        {"actor": np.array(names, dtype=object),
         "approximate": np.ones(len(names), dtype=bool),
         "area_km2": np.array([round(areas.get(a, 0.0), 3) for a in names], dtype="float64"),
         "n_places": np.array([counts[a] for a in names], dtype="int64")},
        geometry=gpd.GeoSeries([_combine(zone_parts.get(a, [])) for a in names],
                               crs="EPSG:4326"),
        crs="EPSG:4326",
    )
    pairs = sorted(front_parts)
    front_geoms = [_combine(front_parts[p]) for p in pairs]
    fronts = gpd.GeoDataFrame(
        {"actor_a": np.array([p[0] for p in pairs], dtype=object),
         "actor_b": np.array([p[1] for p in pairs], dtype=object),
         "length_km": np.array([round(_geodesic_km(g), 3) for g in front_geoms],
                               dtype="float64"),
         "approximate": np.ones(len(pairs), dtype=bool)},
        geometry=gpd.GeoSeries(front_geoms, crs="EPSG:4326"), crs="EPSG:4326",
    )
    return zones, fronts


def _geodesic_km(geom: BaseGeometry) -> float:
    """Length on the WGS84 ellipsoid, all segments in one vectorised call."""
    coords, index = shapely.get_coordinates(shapely.get_parts(geom), return_index=True)
    same = index[1:] == index[:-1]
    if not same.any():
        return 0.0
    a, b = coords[:-1][same], coords[1:][same]
    _, _, dist = _GEOD.inv(a[:, 0], a[:, 1], b[:, 0], b[:, 1])
    return float(np.sum(dist)) / 1000.0


def _combine(parts: Sequence[Any]) -> Any:
    """Parts from different countries: a union only where their extents overlap."""
    if len(parts) <= 1:
        return parts[0] if parts else None
    boxes = shapely.bounds(np.asarray(parts, dtype=object))
    overlap = ((boxes[:, None, 0] <= boxes[None, :, 2]) & (boxes[None, :, 0] <= boxes[:, None, 2])
               & (boxes[:, None, 1] <= boxes[None, :, 3])
               & (boxes[None, :, 1] <= boxes[:, None, 3]))
    if overlap.sum() > len(parts):  # some pair besides the diagonal
        return _union(parts)
    pieces = shapely.get_parts(np.asarray(parts, dtype=object)).tolist()
    if all(p.geom_type == "Polygon" for p in pieces):
        return shapely.multipolygons(pieces)
    if all(p.geom_type == "LineString" for p in pieces):
        return shapely.multilinestrings(pieces)
    return _union(parts)


def _union(parts: Sequence[Any]) -> Any:
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    try:
        return shapely.union_all(parts)
    except shapely.errors.GEOSException:
        # Nearly coincident edges from different projections: snap to ~1 cm and retry.
        return shapely.union_all([shapely.make_valid(p) for p in parts], grid_size=1e-7)
