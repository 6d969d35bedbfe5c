"""Writers: GeoPackage (one layer per table), GeoParquet and GeoJSON, atomically.

GeoParquet and GeoJSON hold one table per file: ``OUT.parquet`` gets the places (or
``control_at`` when a date is given) and every other table goes beside it as
``OUT.<table>.parquet``. Every file is EPSG:4326 and readable with ``geopandas.read_file``.
"""

from __future__ import annotations

import contextlib
import logging
import os
import warnings
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TypeAlias

import geopandas as gpd
import pandas as pd

from geomap._io.atomic import atomic_path
from geomap.errors import InputError
from geomap.schema import CRS

if TYPE_CHECKING:  # pragma: no cover
    from geomap.layers.core import Layers

log = logging.getLogger("geomap.layers.io")

SUFFIXES: Final = (".gpkg", ".parquet", ".geojson")
_GEOMETRY_TYPES: Final = {
    "places": "Point", "control_at": "Point", "changes": "Point", "intervals": "Point",
    "zones": "MultiPolygon", "fronts": "MultiLineString", "routes": "LineString",
    "objectives": "Point", "territory": "MultiPolygon", "cells": "Polygon",
}


def layer_tables(layers: Layers, *, at: Any = None) -> dict[str, pd.DataFrame]:
    """Named tables to write; with ``at``, the state and zones on that date."""
    return {name: make() for name, make in _table_makers(layers, at=at).items()}


#: A table, or what makes it when it is written.
Table: TypeAlias = "pd.DataFrame | Callable[[], pd.DataFrame]"


def _table_makers(layers: Layers, *, at: Any = None,
                  surface_ready: Callable[[], Any] | None = None
                  ) -> dict[str, Callable[[], pd.DataFrame]]:
    """What makes each table of :func:`layer_tables`, in its order; ``surface_ready`` waits
    for an estimate started ahead before the tables made from it."""
    ready = surface_ready or (lambda: None)

    def after_surface(make: Callable[[], pd.DataFrame]) -> Callable[[], pd.DataFrame]:
        def made() -> pd.DataFrame:
            ready()
            return make()
        return made

    makers: dict[str, Callable[[], pd.DataFrame]] = {}
    if at is not None:
        makers["control_at"] = lambda: layers.control_at(at)
    makers["places"] = lambda: layers.places
    makers["changes"] = lambda: _plain(layers.changes)
    makers["intervals"] = lambda: layers.intervals
    makers["zones"] = after_surface(lambda: layers.zones_at(at) if at is not None
                                    else layers.zones)
    makers["territory"] = after_surface(lambda: layers.territory(at))
    makers["fronts"] = after_surface(lambda: layers.fronts_at(at) if at is not None
                                     else layers.fronts)
    makers["routes"] = lambda: layers.routes
    makers["objectives"] = lambda: layers.objectives
    makers["unresolved"] = lambda: layers.unresolved
    return makers


def _surface_ahead(layers: Layers, at: Any, pool: Any) -> Callable[[], Any] | None:
    """Start the territory estimate of ``at`` (default: the last date) in ``pool``; return
    what waits for it (``None`` when nothing was started).

    The estimate (grid, rivers, dissolving) spends most of its time in NumPy, GEOS and PROJ
    without the GIL, so it runs beside the tables written before zones (places, changes,
    intervals) instead of after them. It is the same call, once, that ``zones`` would make:
    the tables are the same; it only starts earlier.
    """
    estimate = getattr(layers, "_territory_fronts", None)
    if estimate is None or (os.cpu_count() or 1) < 2:
        return None
    from geomap.layers._timeline import parse_day

    try:
        day = layers._last_day if at is None else parse_day(at)
    except ValueError:
        return None  # not a date: the table of that date says so, in its turn
    return pool.submit(estimate, day, None).result


def _plain(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Columns GDAL can store: lists and dicts become JSON-ish text."""
    out = frame.copy()
    for col in out.columns:
        if col == out.geometry.name:
            continue
        if out[col].dtype == object and pd.api.types.infer_dtype(out[col],
                                                                 skipna=False) != "string":
            out[col] = out[col].map(lambda v: "" if v is None else v if isinstance(v, str)
                                    else str(v))
    return out


def _promote(frame: gpd.GeoDataFrame, name: str) -> gpd.GeoDataFrame:
    """Single parts as multi parts where the layer type is multi (GPKG wants one type)."""
    target = _GEOMETRY_TYPES.get(name, "")
    if not target.startswith("Multi") or frame.empty:
        return frame
    from shapely.geometry import MultiLineString, MultiPolygon

    cls = MultiPolygon if target == "MultiPolygon" else MultiLineString
    single = target[len("Multi"):]
    out = frame.copy()
    out[out.geometry.name] = [
        cls([g]) if g is not None and g.geom_type == single else g for g in out.geometry
    ]
    return out


def _write_table(frame: pd.DataFrame, path: Path, driver: str, layer: str | None,
                 name: str) -> None:
    import pyogrio

    kwargs: dict[str, Any] = {"driver": driver}
    if layer is not None:
        kwargs["layer"] = layer
    if isinstance(frame, gpd.GeoDataFrame):
        frame = _promote(frame.to_crs(CRS) if frame.crs != CRS else frame, name)
        kwargs["geometry_type"] = _GEOMETRY_TYPES.get(name, "Unknown")
    with warnings.catch_warnings():
        # The temporary name ends in ".tmp"; it is renamed to ".gpkg" once complete.
        warnings.filterwarnings("ignore", message=".*(extension|file extension).*",
                                category=RuntimeWarning)
        # Arrow hands GDAL whole columns (several times faster on large layers); frames
        # holding values Arrow cannot type (mixed objects) go the row-by-row way.
        try:
            pyogrio.write_dataframe(frame, str(path), use_arrow=True, **kwargs)
        except (ImportError, TypeError, ValueError) as exc:
            log.debug("%s: writing %s without Arrow (%s)", path, name, exc)
            pyogrio.write_dataframe(frame, str(path), **kwargs)


def _checked_target(path: str | os.PathLike[str]) -> Path:
    target = Path(path)
    if target.suffix.lower() not in SUFFIXES:
        raise InputError(f"output must end with {', '.join(SUFFIXES)}: {target.name}")
    return target


def write_layers(layers: Layers, path: str | os.PathLike[str], *, at: Any = None) -> list[str]:
    """Write every table; return the paths written.

    Raises
    ------
    InputError
        If the suffix is not one of ``.gpkg``, ``.parquet``, ``.geojson``.
    """
    target = _checked_target(path)  # before the tables are built: fail fast
    main = "control_at" if at is not None else "places"
    if target.suffix.lower() != ".gpkg":  # one file per table: all made before any is written
        return write_tables(layer_tables(layers, at=at), target, main=main)
    from concurrent.futures import ThreadPoolExecutor

    # One GeoPackage file, written atomically: each table is made when its turn comes.
    with ThreadPoolExecutor(1, thread_name_prefix="geomap-surface") as pool:
        ready = _surface_ahead(layers, at, pool)
        return write_tables(_table_makers(layers, at=at, surface_ready=ready), target,
                            main=main)


def write_tables(tables: Mapping[str, Table], path: str | os.PathLike[str], *,
                 main: str) -> list[str]:
    """Write named tables: one GeoPackage layer each, or ``main`` at ``path`` and the others
    as ``<stem>.<name><suffix>`` beside it (GeoParquet, GeoJSON). Returns the paths written.

    A table may be given as what makes it (a function without arguments): it is made when
    its turn comes.

    Raises
    ------
    InputError
        If the suffix is not one of ``.gpkg``, ``.parquet``, ``.geojson``.
    """
    target = _checked_target(path)
    suffix = target.suffix.lower()
    # pyogrio logs every layer it writes at INFO; that is noise on the CLI's stderr.
    pyogrio_log = logging.getLogger("pyogrio")
    level = pyogrio_log.level
    pyogrio_log.setLevel(max(level, logging.WARNING))
    try:
        return _write_all(tables, target, suffix, main)
    finally:
        pyogrio_log.setLevel(level)


def _write_all(tables: Mapping[str, Table], target: Path, suffix: str,
               main: str) -> list[str]:
    if suffix == ".gpkg":
        with atomic_path(target) as tmp:
            for name, table in tables.items():
                _write_table(_made(table), tmp, "GPKG", name, name)
        return [str(target)]
    written: list[str] = []
    for name, frame in {name: _made(table) for name, table in tables.items()}.items():
        out = target if name == main else target.with_name(f"{target.stem}.{name}{suffix}")
        with atomic_path(out) as tmp:
            if suffix == ".parquet":
                _to_parquet(frame, tmp)
            else:
                if not isinstance(frame, gpd.GeoDataFrame):
                    frame = gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries([None] * len(frame),
                                                                            crs=CRS), crs=CRS)
                _write_table(frame, tmp, "GeoJSON", None, name)
        written.append(str(out))
    return written


def _made(table: Table) -> pd.DataFrame:
    return table if isinstance(table, pd.DataFrame) else table()


def _to_parquet(frame: pd.DataFrame, tmp: Path) -> None:
    if isinstance(frame, gpd.GeoDataFrame):
        frame.to_parquet(tmp, index=False)
    else:
        frame.to_parquet(tmp, index=False)
    with contextlib.suppress(OSError):
        os.chmod(tmp, 0o644)
