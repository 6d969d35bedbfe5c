"""Events as Arrow tables and partitioned GeoParquet datasets (``year=YYYY/country=CC``).

Workers convert their events to Arrow (:func:`events_to_arrow`) so that results cross process
and network boundaries as compact column buffers; the parent appends them to a
:class:`PartitionedWriter`, which buffers rows per partition and writes row groups of bounded
size, so memory stays bounded whatever the corpus size.

Layout (Hive style, as written by Spark, ``pyarrow.dataset`` and Dask)::

    OUT/year=2020/country=LY/part-00000.parquet
    OUT/year=__HIVE_DEFAULT_PARTITION__/country=SY/part-00000.parquet   # no event date

The partition columns are not stored inside the files (the Hive convention: pyarrow refuses a
column that is both in the path and in the file); :func:`read_partitioned` puts ``country``
back as a plain string column and drops ``year``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import shapely

from geomap._io import atomic as _atomic
from geomap.schema import (
    CRS,
    EVENT_COLUMNS,
    IDENTITY_COLUMNS,
    UNRESOLVED_COLUMNS,
    _coerce,
    empty_events,
)

log = logging.getLogger("geomap.corpus")

#: Directory value for a missing partition key (read back as null by pyarrow and DuckDB).
DEFAULT_PARTITION: Final = "__HIVE_DEFAULT_PARTITION__"
PARTITION_COLUMNS: Final = ("year", "country")

_ARROW_TYPES: Final[dict[str, pa.DataType]] = {
    "str": pa.string(),
    "float": pa.float64(),
    "int": pa.int64(),
    "bool": pa.bool_(),
}

#: Columns the extractor adds when it folds reports of one event within a document
#: (``geomap.extract.merge_records``): kept so that ``merge_events`` can fold them again.
REPORT_COLUMNS: Final[dict[str, tuple[str, Any]]] = {"n_reports": ("int", 1),
                                                    "evidence_all": ("str", "")}

#: The Arrow schema of an events table: every event column, the report columns, WKB geometry.
EVENTS_SCHEMA: Final = pa.schema(
    [pa.field(c, _ARROW_TYPES[k]) for c, k in EVENT_COLUMNS.items()]
    + [pa.field(c, _ARROW_TYPES[k]) for c, (k, _) in REPORT_COLUMNS.items()]
    + [pa.field("geometry", pa.binary())]
)
UNRESOLVED_SCHEMA: Final = pa.schema([pa.field(c, pa.string()) for c in UNRESOLVED_COLUMNS])


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _default_mode(path: Path, *, folder: bool) -> None:
    # mkdtemp/mkstemp create private (0700/0600) entries; outputs get the usual permissions.
    os.chmod(path, (0o777 if folder else 0o666) & ~_umask())


def _geo_metadata() -> bytes:
    from pyproj import CRS as ProjCRS

    meta = {
        "version": "1.1.0",
        "primary_column": "geometry",
        "columns": {
            "geometry": {
                "encoding": "WKB",
                "geometry_types": ["Point"],
                "crs": ProjCRS.from_user_input(CRS).to_json_dict(),
            }
        },
        "creator": {"library": "geomap"},
    }
    return json.dumps(meta, sort_keys=True).encode("utf-8")


_GEO: bytes | None = None


def geo_schema(schema: pa.Schema) -> pa.Schema:
    """``schema`` with GeoParquet 1.1 metadata for its WKB ``geometry`` column (WGS84 points)."""
    global _GEO
    if _GEO is None:
        _GEO = _geo_metadata()
    return schema.with_metadata({b"geo": _GEO})


def events_to_arrow(events: pd.DataFrame) -> pa.Table:
    """Convert an events frame to an Arrow table with :data:`EVENTS_SCHEMA`.

    Geometry is rebuilt from latitude/longitude (null where either is missing), which is
    cheaper than serialising shapely objects. Columns outside the schema are dropped (logged).
    """
    extra = [c for c in events.columns
             if c not in EVENT_COLUMNS and c not in REPORT_COLUMNS and c != "geometry"]
    if extra:
        log.debug("dropping non-schema columns from corpus output: %s", extra)
    arrays: list[pa.Array] = []
    n = len(events)
    for col, kind in EVENT_COLUMNS.items():
        typ = _ARROW_TYPES[kind]
        if col not in events.columns:
            default: Any = {"str": "", "float": None, "int": -1, "bool": True}[kind]
            arrays.append(pa.array([default] * n, type=typ))
            continue
        values = events[col]
        if kind == "str":
            arrays.append(_text_array(values))
            continue
        arrays.append(pa.array(values.to_numpy(), type=typ, from_pandas=True))
    for col, (kind, default) in REPORT_COLUMNS.items():
        if col in events.columns:
            values = [default if pd.isna(v) else _coerce(v, kind) for v in events[col].tolist()]
        else:
            values = [default] * n
        arrays.append(pa.array(values, type=_ARROW_TYPES[kind]))
    lat = events["latitude"].to_numpy(dtype="float64") if n else np.empty(0)
    lon = events["longitude"].to_numpy(dtype="float64") if n else np.empty(0)
    arrays.append(_wkb_points(lat, lon))
    return pa.Table.from_arrays(arrays, schema=EVENTS_SCHEMA)


def records_to_arrow(records: Sequence[Mapping[str, Any]]) -> pa.Table:
    """Convert event records (dicts) to an Arrow table with :data:`EVENTS_SCHEMA`.

    Records are normalised exactly as :func:`geomap.schema.events_frame` does (defaults, types,
    stable ``event_id``) but no pandas or shapely object is built per record, which is what makes
    the corpus path fast.
    """
    n = len(records)
    columns: dict[str, list[Any]] = {}
    for col, kind in EVENT_COLUMNS.items():
        fast = _FAST_TYPES[kind]
        columns[col] = [v if type(v) is fast else _coerce(v, kind)
                        for v in (r.get(col) for r in records)]
    precision = columns["date_precision"]
    for i, (p, d) in enumerate(zip(precision, columns["event_date"], strict=True)):
        if not p:
            precision[i] = "day" if d else "unknown"
    ids = columns["event_id"]
    if not all(ids):
        identity = [columns[c] for c in IDENTITY_COLUMNS]
        for i, key in enumerate(zip(*identity, strict=True)):
            if not ids[i]:
                ids[i] = _event_id("\x1f".join(key))
    arrays = [pa.array(columns[col], type=_ARROW_TYPES[kind], from_pandas=True)
              for col, kind in EVENT_COLUMNS.items()]
    for col, (kind, default) in REPORT_COLUMNS.items():
        values = [r.get(col) for r in records]
        arrays.append(pa.array([default if v is None else v if type(v) is _FAST_TYPES[kind]
                                else _coerce(v, kind) for v in values],
                               type=_ARROW_TYPES[kind]))
    lat = np.asarray(columns["latitude"], dtype="float64").reshape(n)
    lon = np.asarray(columns["longitude"], dtype="float64").reshape(n)
    arrays.append(_wkb_points(lat, lon))
    return pa.Table.from_arrays(arrays, schema=EVENTS_SCHEMA)


_FAST_TYPES: Final[dict[str, type]] = {"str": str, "float": float, "int": int, "bool": bool}


def _event_id(key: str) -> str:
    # Same digest as geomap.schema.make_event_id, on the already-joined identity key.
    return "ev-" + hashlib.sha1(key.encode("utf-8"), usedforsecurity=False).hexdigest()[:16]


def _text_array(values: pd.Series) -> pa.Array:
    """A string column as Arrow, missing values as "" (fast path: values already text)."""
    import pyarrow.compute as pc

    try:
        arr = pa.array(values.to_numpy(dtype=object), type=pa.string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        arr = pa.array(values.fillna("").astype(str).to_numpy(dtype=object), type=pa.string())
    return pc.fill_null(arr, "")


#: A 2D WKB point: byte order (1: little endian), geometry type 1 (uint32), x, y (float64).
_WKB_POINT: Final = np.dtype([("order", "u1"), ("type", "<u4"), ("x", "<f8"), ("y", "<f8")])


def _wkb_points(lat: np.ndarray, lon: np.ndarray) -> pa.Array:
    """Points as WKB (null where either coordinate is missing), written into one buffer.

    The bytes are those of ``shapely.to_wkb(shapely.points(lon, lat))`` (little-endian 2D
    points, 21 bytes each) without a shapely object per row: a million points take 20 ms
    instead of a second.
    """
    lat = np.asarray(lat, dtype="float64")
    lon = np.asarray(lon, dtype="float64")
    ok = ~(np.isnan(lat) | np.isnan(lon))
    k = int(ok.sum())
    points = np.empty(k, dtype=_WKB_POINT)
    points["order"], points["type"] = 1, 1
    points["x"], points["y"] = lon[ok], lat[ok]
    # Offsets: each present point adds 21 bytes, a null adds none.
    offsets = np.zeros(len(lat) + 1, dtype=np.int64)
    np.cumsum(ok * _WKB_POINT.itemsize, out=offsets[1:])
    validity = None if k == len(lat) else pa.py_buffer(np.packbits(ok, bitorder="little"))
    return pa.Array.from_buffers(pa.large_binary(), len(lat),
                                 [validity, pa.py_buffer(offsets), pa.py_buffer(points)],
                                 null_count=len(lat) - k).cast(pa.binary())


def unresolved_to_arrow(unresolved: pd.DataFrame | Sequence[dict[str, Any]]) -> pa.Table:
    """Convert unresolved items (frame or dicts) to a string table of the unresolved columns."""
    frame = unresolved if isinstance(unresolved, pd.DataFrame) else pd.DataFrame(list(unresolved))
    arrays = []
    for col in UNRESOLVED_COLUMNS:
        if col in frame.columns:
            values = [_as_text(v) for v in frame[col].tolist()]
        else:
            values = [""] * len(frame)
        arrays.append(pa.array(values, type=pa.string()))
    return pa.Table.from_arrays(arrays, schema=UNRESOLVED_SCHEMA)


def _as_text(value: Any) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, str):
        return value
    try:
        return json.dumps(value, ensure_ascii=False, default=str)
    except (TypeError, ValueError):
        return str(value)


def arrow_to_events(table: pa.Table) -> gpd.GeoDataFrame:
    """Convert an events Arrow table (WKB geometry) back to an events GeoDataFrame."""
    if table.num_rows == 0:
        return empty_events()
    df = table.drop_columns([c for c in table.column_names if c == "geometry"]).to_pandas(
        types_mapper=None
    )
    for col, kind in EVENT_COLUMNS.items():
        if col not in df.columns:
            df[col] = {"str": "", "float": np.nan, "int": -1, "bool": True}[kind]
        if kind == "str":
            df[col] = df[col].astype(object).where(df[col].notna(), "")
    cols = list(EVENT_COLUMNS) + [c for c in df.columns if c not in EVENT_COLUMNS]
    df = df[cols]
    if "geometry" in table.column_names:
        geometry = shapely.from_wkb(table.column("geometry").to_numpy(zero_copy_only=False))
    else:
        geometry = shapely.points(df["longitude"].to_numpy(), df["latitude"].to_numpy())
    return gpd.GeoDataFrame(df, geometry=geometry, crs=CRS)


def partition_keys(table: pa.Table) -> tuple[np.ndarray, np.ndarray]:
    """Year and country partition values of every row (:data:`DEFAULT_PARTITION` if empty)."""
    return (_year_keys(table.column("event_date")).to_numpy(zero_copy_only=False).astype(object),
            _country_keys(table.column("country")).to_numpy(zero_copy_only=False).astype(object))


def _year_keys(dates: Any) -> Any:
    """The year partition of each date: its first four digits, else the default."""
    import pyarrow.compute as pc

    dates = pc.fill_null(dates, "")
    year_ok = pc.fill_null(pc.match_substring_regex(dates, r"^[0-9]{4}"), False)
    return pc.if_else(year_ok, pc.utf8_slice_codeunits(dates, 0, 4), DEFAULT_PARTITION)


def _country_keys(country: Any) -> Any:
    """The country partition of each code: the code if only letters and digits, else the
    default."""
    import pyarrow.compute as pc

    country = pc.fill_null(country, "")
    cc_ok = pc.fill_null(pc.match_substring_regex(country, r"^[A-Za-z0-9]+$"), False)
    return pc.if_else(cc_ok, country, DEFAULT_PARTITION)


def partition_codes(table: pa.Table) -> tuple[np.ndarray, list[tuple[str, str]]]:
    """Each row's partition as a number, and each number's ``(year, country)``.

    Numbers follow first appearance, as ``pd.factorize`` numbers the keys of
    :func:`partition_keys`; the keys are worked out once per distinct date and country
    (a few thousand) instead of once per row, and no "year/country" text is made per row.
    """
    import pyarrow.compute as pc

    codes: list[np.ndarray] = []
    names: list[np.ndarray] = []
    for column, keys_of in (("event_date", _year_keys), ("country", _country_keys)):
        values = pc.fill_null(table.column(column), "").combine_chunks()
        encoded = values.dictionary_encode()
        key_codes, key_names = pd.factorize(
            keys_of(encoded.dictionary).to_numpy(zero_copy_only=False).astype(object))
        codes.append(np.asarray(key_codes, dtype=np.int64)[
            encoded.indices.to_numpy(zero_copy_only=False)])
        names.append(np.asarray(key_names, dtype=object))
    n_countries = max(len(names[1]), 1)
    combined, uniques = pd.factorize(codes[0] * n_countries + codes[1])
    keys = [(str(names[0][u // n_countries]), str(names[1][u % n_countries]))
            for u in np.asarray(uniques).tolist()]
    return np.asarray(combined, dtype=np.int64), keys


def _write_part(table: pa.Table, path: Path, row_group_size: int) -> None:
    """One partition file: GeoParquet metadata, zstd, row groups of ``row_group_size``."""
    pq.write_table(table.replace_schema_metadata(geo_schema(table.schema).metadata), path,
                   compression="zstd", row_group_size=row_group_size)


class PartitionedWriter:
    """Write events to a Hive-partitioned GeoParquet dataset in bounded memory.

    Rows are buffered per (year, country) partition; a partition's buffer is written as one
    Parquet file once it holds ``rows_per_file`` rows, and the largest buffers are flushed when
    all buffers together exceed ``max_buffered_rows``. The dataset is assembled in a temporary
    folder beside ``root`` and moved into place by :meth:`close`, so a failed run never leaves a
    half-written dataset at ``root``. Output depends only on the order of the rows written.

    Parameters
    ----------
    root
        The dataset folder (replaced if it exists).
    rows_per_file
        Rows per Parquet file (and row group).
    max_buffered_rows
        Memory bound: rows held across all partition buffers.
    """

    def __init__(self, root: str | os.PathLike[str], *, rows_per_file: int = 100_000,
                 max_buffered_rows: int = 100_000) -> None:
        self.root = Path(root)
        self.root.parent.mkdir(parents=True, exist_ok=True)
        self._tmp = _atomic.temp_dir(self.root)
        self.rows_per_file = rows_per_file
        self.max_buffered_rows = max_buffered_rows
        self._buffers: dict[tuple[str, str], list[pa.Table]] = {}
        self._sizes: dict[tuple[str, str], int] = {}
        self._parts: dict[tuple[str, str], int] = {}
        self._buffered = 0
        self.rows = 0
        self.files: list[Path] = []
        self._closed = False

    def write(self, table: pa.Table) -> None:
        """Append an events table (:data:`EVENTS_SCHEMA`)."""
        if table.num_rows == 0:
            return
        codes, keys = partition_codes(table)
        order = np.argsort(codes, kind="stable")
        # One take, then zero-copy slices: rows of a partition keep their order.
        ordered = table.take(pa.array(order))
        bounds = np.searchsorted(codes[order], np.arange(len(keys) + 1))
        for i, key in enumerate(keys):
            self._add(key, ordered.slice(bounds[i], bounds[i + 1] - bounds[i]))
        self.rows += table.num_rows
        while self._buffered > self.max_buffered_rows:
            largest = max(self._sizes, key=lambda k: (self._sizes[k], k))
            self._flush(largest)

    def _add(self, key: tuple[str, str], part: pa.Table) -> None:
        parts = self._buffers.setdefault(key, [])
        parts.append(part)
        if len(parts) >= 32:
            # Many small slices cost more than their rows (buffers, padding): compact them.
            parts[:] = [pa.concat_tables(parts).combine_chunks()]
        self._sizes[key] = self._sizes.get(key, 0) + part.num_rows
        self._buffered += part.num_rows
        if self._sizes[key] >= self.rows_per_file:
            self._flush(key)

    def _flush(self, key: tuple[str, str]) -> None:
        job = self._take(key)
        if job is not None:
            _write_part(*job)
            self.files.append(self.root / job[1].relative_to(self._tmp))

    def _take(self, key: tuple[str, str]) -> tuple[pa.Table, Path, int] | None:
        """The buffered rows of a partition and the file they go to (``None`` if none)."""
        parts = self._buffers.pop(key, [])
        size = self._sizes.pop(key, 0)
        self._buffered -= size
        if not parts:
            return None
        table = pa.concat_tables(parts).drop_columns(["country"])
        folder = self._tmp / f"year={key[0]}" / f"country={key[1]}"
        folder.mkdir(parents=True, exist_ok=True)
        n = self._parts.get(key, 0)
        self._parts[key] = n + 1
        return table, folder / f"part-{n:05d}.parquet", self.rows_per_file

    def close(self) -> Path:
        """Flush every buffer and move the dataset to ``root``; return ``root``."""
        if self._closed:
            return self.root
        jobs = [job for job in (self._take(key) for key in sorted(self._buffers))
                if job is not None]
        # Encoding and compressing a Parquet file runs in Arrow without the GIL: the last
        # partitions (all of them for a table read at once) are written two at a time.
        workers = min(2, os.cpu_count() or 1, len(jobs))
        if workers > 1:
            geo_schema(EVENTS_SCHEMA)  # the shared metadata built once, before the threads
            from concurrent.futures import ThreadPoolExecutor

            with ThreadPoolExecutor(workers, thread_name_prefix="geomap-parquet") as pool:
                list(pool.map(lambda job: _write_part(*job), jobs))
        else:
            for job in jobs:
                _write_part(*job)
        self.files.extend(self.root / path.relative_to(self._tmp) for _, path, _ in jobs)
        _default_mode(self._tmp, folder=True)
        _atomic.replace_dir(self._tmp, self.root)
        self._closed = True
        return self.root

    def abort(self) -> None:
        """Discard everything written so far."""
        if not self._closed:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._closed = True


class ParquetStreamWriter:
    """Append Arrow tables to one Parquet file (atomic: renamed into place by :meth:`close`)."""

    def __init__(self, path: str | os.PathLike[str], schema: pa.Schema, *, geo: bool) -> None:
        self.path = Path(path)
        self._tmp = _atomic.temp_path(self.path)
        self.schema = geo_schema(schema) if geo else schema
        self._writer = pq.ParquetWriter(self._tmp, self.schema, compression="zstd")
        self._pending: list[pa.Table] = []
        self._pending_rows = 0
        self.rows = 0

    def write(self, table: pa.Table, *, row_group: int = 100_000) -> None:
        """Append rows; they are written as row groups of about ``row_group`` rows."""
        if table.num_rows == 0:
            return
        self._pending.append(table)
        self._pending_rows += table.num_rows
        self.rows += table.num_rows
        if self._pending_rows >= row_group:
            self._drain()

    def _drain(self) -> None:
        if self._pending:
            self._writer.write_table(pa.concat_tables(self._pending).cast(self.schema))
            self._pending, self._pending_rows = [], 0

    def close(self) -> Path:
        """Write what is left and move the file into place."""
        self._drain()
        self._writer.close()
        _default_mode(self._tmp, folder=False)
        os.replace(self._tmp, self.path)
        return self.path

    def abort(self) -> None:
        """Remove the temporary file."""
        self._writer.close()
        self._tmp.unlink(missing_ok=True)


def read_partitioned(root: str | os.PathLike[str], *, filters: Any = None,
                     columns: Iterable[str] | None = None) -> gpd.GeoDataFrame:
    """Read a partitioned (or single-file) events GeoParquet back as an events GeoDataFrame.

    Parameters
    ----------
    root
        A dataset folder written by :class:`PartitionedWriter` or one ``.parquet`` file.
    filters
        pyarrow filters, e.g. ``[("country", "=", "LY"), ("year", "=", 2020)]``: only matching
        partitions are read.
    columns
        Columns to read (default: all).
    """
    root = Path(root)
    if root.is_dir():
        import pyarrow.dataset as ds

        dataset = ds.dataset(root, format="parquet", partitioning="hive")
        cols = list(columns) if columns is not None else None
        expr = pq.filters_to_expression(filters) if filters else None
        table = dataset.to_table(columns=cols, filter=expr)
        if "country" in table.column_names:
            country = table.column("country").cast(pa.string()).fill_null("")
            table = table.set_column(table.column_names.index("country"), "country", country)
        if "year" in table.column_names:
            table = table.drop_columns(["year"])
    else:
        table = pq.read_table(root, columns=list(columns) if columns else None, filters=filters)
    return arrow_to_events(table)
