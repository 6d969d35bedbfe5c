"""Territory: the control surface dissolved into polygons, and the front lines between them.

Grid squares tile the plane exactly, so the squares of one controller and confidence level
dissolve with a coverage union (fast, exact), are cut to the outline of the countries with
evidence (a square half at sea or across a border says nothing there) and go back to WGS84
as valid Polygon/MultiPolygon geometries, never a GeometryCollection. Front lines are the
edges shared by neighbouring squares of different controllers (``unknown`` has no front)
where both sides are known with some confidence: an edge where one side's territory is only
a faint guess (far from its evidence, fading to an even split) is the limit of what is
known there, not a contact between two sides, and draws no front.
"""

from __future__ import annotations

from typing import Final

import geopandas as gpd
import numpy as np
import pyproj
import shapely
from shapely.geometry.base import BaseGeometry

from geomap.layers._cells import Plane
from geomap.schema import CRS

__all__ = ["FRONT_COLUMNS", "LEVELS", "TERRITORY_COLUMNS", "dissolve", "fronts"]

TERRITORY_COLUMNS: Final = ("controller", "level", "confidence", "area_km2", "n_cells",
                            "evidence_ids", "approximate", "geometry")
FRONT_COLUMNS: Final = ("actor_a", "actor_b", "length_km", "approximate", "geometry")
#: Lower edges of the confidence levels a controller's territory is split into (for opacity).
LEVELS: Final = (0.0, 0.65, 0.85)
#: A front needs both sides' territory at this confidence or more (the medium level, the
#: lowest drawn clearly) within ``FRONT_KM`` of it.
FRONT_CONFIDENCE: Final = LEVELS[1]
FRONT_KM: Final = 6.0
_MAX_IDS: Final = 12
_GEOD: Final = pyproj.Geod(ellps="WGS84")


def empty_territory() -> gpd.GeoDataFrame:
    """An empty territory frame with its columns."""
    return gpd.GeoDataFrame(
        {"controller": np.array([], dtype=object), "level": np.array([], dtype="int64"),
         "confidence": np.array([], dtype="float64"), "area_km2": np.array([], dtype="float64"),
         "n_cells": np.array([], dtype="int64"), "evidence_ids": np.array([], dtype=object),
         "approximate": np.array([], dtype=bool)},
        geometry=gpd.GeoSeries([], crs=CRS), crs=CRS)


def empty_fronts() -> gpd.GeoDataFrame:
    """An empty fronts frame with its columns."""
    return gpd.GeoDataFrame(
        {"actor_a": np.array([], dtype=object), "actor_b": np.array([], dtype=object),
         "length_km": np.array([], dtype="float64"), "approximate": np.array([], dtype=bool)},
        geometry=gpd.GeoSeries([], crs=CRS), crs=CRS)


def dissolve(plane: Plane, cx: np.ndarray, cy: np.ndarray, cell_km: float,
             controller: np.ndarray, confidence: np.ndarray, evidence_ids: np.ndarray,
             outline: BaseGeometry | None, *, split_levels: bool = True) -> gpd.GeoDataFrame:
    """Territory polygons per controller and confidence level.

    Parameters
    ----------
    plane
        The plane of the cell centres ``cx, cy`` (km).
    cell_km
        Side of the squares.
    controller, confidence, evidence_ids
        Per cell (``unknown`` cells are left out).
    outline
        Regions the territory may cover, on the plane (``None``: no cut).
    split_levels
        One row per controller and confidence level (else one per controller, level 0).

    Returns
    -------
    geopandas.GeoDataFrame
        :data:`TERRITORY_COLUMNS`, sorted by controller then level.
    """
    known = controller != "unknown"
    if not known.any():
        return empty_territory()
    level = np.searchsorted(np.asarray(LEVELS), confidence, side="right") - 1
    if not split_levels:
        level = np.zeros(len(level), dtype=np.int64)
    half = cell_km / 2
    rows: dict[str, list[object]] = {c: [] for c in TERRITORY_COLUMNS}
    if outline is not None:
        shapely.prepare(outline)
    for name in sorted(set(controller[known].tolist())):
        for lv in range(len(LEVELS)):
            sel = np.flatnonzero((controller == name) & (level == lv))
            if not len(sel):
                continue
            squares = shapely.box(cx[sel] - half, cy[sel] - half, cx[sel] + half,
                                  cy[sel] + half)
            geom = shapely.coverage_union_all(squares)
            if outline is not None and not outline.contains(geom):
                geom = shapely.intersection(geom, outline)
            geom = _polygons(plane.unproject(geom) if not geom.is_empty else geom)
            if geom is None:
                continue
            ids = sorted({i for text in evidence_ids[sel].tolist() for i in str(text).split(";")
                          if i})
            rows["controller"].append(name)
            rows["level"].append(lv)
            rows["confidence"].append(round(float(np.mean(confidence[sel])), 3))
            rows["area_km2"].append(round(float(abs(_GEOD.geometry_area_perimeter(geom)[0]))
                                          / 1e6, 1))
            rows["n_cells"].append(len(sel))
            rows["evidence_ids"].append(";".join(ids[:_MAX_IDS]))
            rows["approximate"].append(True)
            rows["geometry"].append(geom)
    if not rows["controller"]:
        return empty_territory()
    geoms = rows.pop("geometry")
    return gpd.GeoDataFrame(
        {k: np.asarray(v, dtype=object if k in ("controller", "evidence_ids") else None)
         for k, v in rows.items()},
        geometry=gpd.GeoSeries(geoms, crs=CRS), crs=CRS)


def fronts(plane: Plane, cx: np.ndarray, cy: np.ndarray, cell_km: float,
           controller: np.ndarray, confidence: np.ndarray | None = None, *,
           min_confidence: float = FRONT_CONFIDENCE,
           within_km: float = FRONT_KM) -> gpd.GeoDataFrame:
    """Front lines: edges between neighbouring squares of different known controllers.

    Parameters
    ----------
    plane, cx, cy, cell_km
        The plane, the cell centres on it (km) and the side of the squares.
    controller
        Per cell: an actor, ``contested`` or ``unknown``.
    confidence
        Per cell (``None``: every edge between two known controllers is a front).
    min_confidence, within_km
        An edge is a front only where each side has a square of its own at
        ``min_confidence`` or more within ``within_km`` of the edge, on its side: where two
        territories meet with some confidence on both sides. The squares right at a real
        contact are the least sure of all (the probabilities cross there), hence a
        neighbourhood, not the two squares of the edge.

    Returns
    -------
    geopandas.GeoDataFrame
        :data:`FRONT_COLUMNS`, one MultiLineString per pair of controllers.
    """
    if len(cx) < 2:
        return empty_fronts()
    ix = np.round(cx / cell_km - 0.5).astype(np.int64)
    iy = np.round(cy / cell_km - 0.5).astype(np.int64)
    # Neighbours found by sorted (row, column) keys: one searchsorted per direction.
    width = int(ix.max() - ix.min()) + 3
    key = (iy - iy.min() + 1) * width + (ix - ix.min() + 1)
    order = np.argsort(key, kind="stable")
    skey = key[order]
    names = np.asarray(controller, dtype=object)
    sure = (None if confidence is None
            else _sure_nearby(ix, iy, names, np.asarray(confidence, dtype=np.float64),
                              min_confidence, max(int(np.ceil(within_km / cell_km)), 0)))
    segments: dict[tuple[str, str], list[np.ndarray]] = {}
    for step, vertical in ((1, True), (width, False)):
        pos = np.searchsorted(skey, key + step)
        pos = np.minimum(pos, len(skey) - 1)
        has = skey[pos] == key + step
        k = np.flatnonzero(has)
        j = order[pos[has]]
        ca, cb = names[k], names[j]
        edge = (ca != cb) & (ca != "unknown") & (cb != "unknown")
        if sure is not None:
            edge &= sure[k] & sure[j]
        k, j, ca, cb = k[edge], j[edge], ca[edge], cb[edge]
        # The shared edge: vertical for an east neighbour, horizontal for a north one.
        x1, y1 = (ix[k] + 1) * cell_km, (iy[k] + 1) * cell_km
        x0 = np.where(vertical, x1, ix[k] * cell_km)
        y0 = np.where(vertical, iy[k] * cell_km, y1)
        seg = np.stack([np.column_stack([x0, y0]), np.column_stack([x1, y1])], axis=1)
        lo = np.where(ca < cb, ca, cb)
        hi = np.where(ca < cb, cb, ca)
        for pair in sorted(set(zip(lo.tolist(), hi.tolist(), strict=True))):
            mine = (lo == pair[0]) & (hi == pair[1])
            segments.setdefault(pair, []).append(seg[mine])
    if not segments:
        return empty_fronts()
    pairs = sorted(segments)
    geoms, lengths = [], []
    for pair in pairs:
        merged = shapely.line_merge(shapely.multilinestrings(
            shapely.linestrings(np.concatenate(segments[pair]))))
        line = plane.unproject(merged)
        geoms.append(line if line.geom_type == "MultiLineString"
                     else shapely.multilinestrings([line]))
        lengths.append(round(float(_GEOD.geometry_length(line)) / 1000.0, 2))
    return gpd.GeoDataFrame(
        {"actor_a": np.array([p[0] for p in pairs], dtype=object),
         "actor_b": np.array([p[1] for p in pairs], dtype=object),
         "length_km": np.array(lengths, dtype="float64"),
         "approximate": np.ones(len(pairs), dtype=bool)},
        geometry=gpd.GeoSeries(geoms, crs=CRS), crs=CRS)


def _sure_nearby(ix: np.ndarray, iy: np.ndarray, names: np.ndarray, confidence: np.ndarray,
                 min_confidence: float, radius: int) -> np.ndarray:
    """Per cell: does a cell of its own controller within ``radius`` cells (a square window)
    reach ``min_confidence``?"""
    from scipy.ndimage import maximum_filter

    out = np.zeros(len(ix), dtype=bool)
    gx, gy = ix - ix.min(), iy - iy.min()
    shape = (int(gy.max()) + 1, int(gx.max()) + 1)
    for name in set(names.tolist()) - {"unknown"}:
        own = names == name
        grid = np.zeros(shape, dtype=bool)
        # A contested square is drawn boldly (hatched) whatever its confidence.
        grid[gy[own], gx[own]] = (confidence[own] >= min_confidence) | (name == "contested")
        if radius > 0:
            grid = maximum_filter(grid, size=2 * radius + 1, mode="constant", cval=False)
        out[own] = grid[gy[own], gx[own]]
    return out


def _polygons(geom: BaseGeometry) -> BaseGeometry | None:
    """The polygonal parts of ``geom`` as one Polygon or MultiPolygon (``None`` if none)."""
    if geom.is_empty:
        return None
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
    polys = [p for p in shapely.get_parts(shapely.get_parts(geom)).tolist()
             if p.geom_type == "Polygon" and not p.is_empty]
    if not polys:
        return None
    return polys[0] if len(polys) == 1 else shapely.multipolygons(polys)

