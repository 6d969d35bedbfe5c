"""Containers: read a table file (CSV, JSON lines, GeoJSON, Parquet) into a raw frame.

The container is chosen by suffix: CSV/TSV (:mod:`._csv`), JSON lines and GeoJSON
(:mod:`._json`), GeoParquet and GeoPackage (here). Each returns a :class:`._raw.RawTable`.
"""

from __future__ import annotations

import json
import logging
import os
import zlib
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd

from geomap._io import limits as _limits
from geomap.errors import InputError, SchemaError
from geomap.sources.tables._csv import read_csv
from geomap.sources.tables._json import read_geojson, read_jsonl
from geomap.sources.tables._raw import RawTable, _normalise_columns

log = logging.getLogger("geomap.sources.tables")

TABLE_SUFFIXES: Final = (".csv", ".tsv", ".jsonl", ".ndjson", ".geojson", ".json", ".parquet",
                         ".geoparquet", ".gpkg")
#: First bytes of every SQLite database, hence of every GeoPackage.
_SQLITE_MAGIC: Final = b"SQLite format 3\x00"


def read_raw(path: str | os.PathLike[str], *,
             columns: Callable[[list[str]], Collection[str] | None] | None = None) -> RawTable:
    """Read a table file into a :class:`RawTable` (container chosen by suffix).

    ``columns`` maps the normalised header of a CSV file to the columns worth converting
    (``None``: all); the others are parsed (every record is still checked) but not kept.

    Raises
    ------
    InputError
        The file cannot be read, is not UTF-8, or is not a table.
    """
    p = Path(path)
    if not p.is_file():
        raise InputError("no such file", path=str(path))
    _limits.require_utf8_name(p)
    try:
        return _read_container(p, columns)
    except OSError as exc:  # permissions, I/O errors, a file removed while being read
        raise InputError(f"cannot read: {exc.strerror or exc}", path=str(path)) from exc


def _read_container(p: Path, columns: Callable[[list[str]], Collection[str] | None] | None
                    ) -> RawTable:
    name = p.name.lower()
    if name.endswith((".csv", ".tsv")):
        return read_csv(p, columns)
    if name.endswith((".jsonl", ".ndjson")):
        return read_jsonl(p)
    if name.endswith((".geojson", ".json")):
        return read_geojson(p)
    if name.endswith((".parquet", ".geoparquet")):
        return _read_parquet(p)
    if name.endswith(".gpkg"):
        return _read_gpkg(p)
    raise InputError(f"not a table file (expected one of {', '.join(TABLE_SUFFIXES)})",
                     path=str(p))


# --------------------------------------------------------------------------- Parquet
def _read_parquet(p: Path) -> RawTable:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(p)
    except Exception as exc:  # pyarrow raises several types for a damaged file
        raise InputError(f"cannot read Parquet: {exc}", path=str(p)) from exc
    geom_col = _geo_column(table, p)
    try:
        frame = table.to_pandas()
    except (pa.ArrowException, ValueError, OverflowError) as exc:
        # E.g. timestamps pandas cannot hold: the file is readable but not as a table here.
        raise InputError(f"cannot convert Parquet columns: {exc}", path=str(p)) from exc
    if geom_col is not None:
        xs, ys = _point_coordinates(table.column(geom_col))
        frame = frame.drop(columns=[geom_col])
        if "latitude" not in frame.columns or "longitude" not in frame.columns:
            frame["longitude"], frame["latitude"] = xs, ys
    frame = _normalise_columns(frame, str(p))
    return RawTable(str(p), frame.reset_index(drop=True), "parquet", len(frame))


def _geo_column(table: Any, p: Path) -> str | None:
    """The GeoParquet primary geometry column, or ``None`` (no or unusable ``geo`` metadata).

    Raises
    ------
    SchemaError
        The column is neither WKB nor a GeoArrow point (``struct<x, y>``).
    """
    import pyarrow as pa

    geo = (table.schema.metadata or {}).get(b"geo")
    if not geo:
        return None
    try:
        meta = json.loads(geo)
    except (ValueError, RecursionError):
        log.warning("%s: GeoParquet 'geo' metadata is not JSON; geometry ignored", p)
        return None
    name = meta.get("primary_column", "geometry") if isinstance(meta, dict) else None
    if not isinstance(name, str) or len(table.schema.get_all_field_indices(name)) != 1:
        return None  # absent; a duplicated name is reported by the column check
    kind = table.schema.field(name).type
    if pa.types.is_binary(kind) or pa.types.is_large_binary(kind) or _is_xy_struct(kind):
        return name
    raise SchemaError(f"GeoParquet geometry column {name!r} is {kind}, not WKB or a point "
                      "struct", path=str(p))


def _is_xy_struct(kind: Any) -> bool:
    import pyarrow as pa

    if not pa.types.is_struct(kind):
        return False
    fields = {kind.field(i).name: kind.field(i).type for i in range(kind.num_fields)}
    return all(axis in fields and (pa.types.is_floating(fields[axis])
                                   or pa.types.is_integer(fields[axis])) for axis in "xy")


def _point_coordinates(column: Any) -> tuple[np.ndarray, np.ndarray]:
    """(longitudes, latitudes) of a geometry column; NaN where a row is not a usable point
    (those rows are then rejected for their coordinates, not dropped)."""
    import shapely

    if _is_xy_struct(column.type):  # GeoArrow "point" encoding
        flat = column.combine_chunks()
        xs = flat.field("x").to_numpy(zero_copy_only=False).astype(float)
        ys = flat.field("y").to_numpy(zero_copy_only=False).astype(float)
        valid = ~np.asarray(flat.is_null().to_numpy(zero_copy_only=False), dtype=bool)
        return np.where(valid, xs, np.nan), np.where(valid, ys, np.nan)
    # Invalid WKB becomes None rather than stopping the whole file.
    return _xy(shapely.from_wkb(column.to_numpy(zero_copy_only=False), on_invalid="ignore"))


def _xy(geoms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(x, y) of point geometries; NaN for missing, empty (GEOS cannot take their x) and
    other geometries."""
    import shapely

    usable = (shapely.get_type_id(geoms) == 0) & ~shapely.is_empty(geoms)
    xs = np.full(len(geoms), np.nan)
    ys = np.full(len(geoms), np.nan)
    xs[usable] = shapely.get_x(geoms[usable])
    ys[usable] = shapely.get_y(geoms[usable])
    return xs, ys


def _read_gpkg(p: Path) -> RawTable:
    """First layer of a GeoPackage (``events`` when present); points give the coordinates.

    Only SQLite files are opened: GDAL picks its driver from the content, so a ``.gpkg`` that
    holds GeoJSON, KML or a VRT (which may name other files or URLs) would otherwise be read
    as that format.
    """
    import geopandas as gpd
    import pyogrio

    with open(p, "rb") as fh:
        magic = fh.read(len(_SQLITE_MAGIC))
    if magic != _SQLITE_MAGIC:
        raise InputError("not a GeoPackage (no SQLite header)", path=str(p))
    try:
        layers = [str(name) for name, *_ in pyogrio.list_layers(p)]
        layer = "events" if "events" in layers else (layers[0] if layers else None)
        frame = gpd.read_file(p, layer=layer)
    except Exception as exc:  # GDAL raises several types for a damaged file
        raise InputError(f"cannot read GeoPackage: {exc}", path=str(p)) from exc
    if not isinstance(frame, gpd.GeoDataFrame):
        # A layer without geometry (an attribute table): coordinates only from its columns.
        frame = _normalise_columns(pd.DataFrame(frame), str(p))
        return RawTable(str(p), frame.reset_index(drop=True), "gpkg", len(frame))
    geoms = frame.geometry.to_numpy()
    frame = pd.DataFrame(frame.drop(columns=frame.geometry.name))
    if "latitude" not in frame.columns or "longitude" not in frame.columns:
        frame["longitude"], frame["latitude"] = _xy(geoms)
    frame = _normalise_columns(frame, str(p))
    return RawTable(str(p), frame.reset_index(drop=True), "gpkg", len(frame))


def sniff_jsonl(path: str | os.PathLike[str]) -> str:
    """``"articles"`` if the first JSON object of a JSON-lines file has ``text``, else
    ``"events"``."""
    opener: Callable[..., Any] = open
    if str(path).lower().endswith(".gz"):
        import gzip

        opener = gzip.open
    try:
        with opener(path, "rb") as fh:
            for raw_line in fh:
                line = raw_line.strip()
                if not line:
                    continue
                try:
                    obj = json.loads(line)
                except (ValueError, RecursionError):
                    return "articles"  # the article reader reports the bad line
                return "articles" if isinstance(obj, dict) and "text" in obj else "events"
    except (OSError, EOFError, zlib.error):
        return "articles"  # unreadable or corrupt gzip: the article reader says why
    return "articles"
