"""Containers: read a table file (CSV, JSON lines, GeoJSON, Parquet) into a raw frame.

A raw table keeps the cells as they are in the file (strings for CSV) under normalised column
names (``Previous actor`` -> ``previous_actor``), the line number of every row for messages,
and the records the container itself could not read (a CSV row with the wrong number of
fields, a JSON line that does not parse): those are rejected here, never skipped.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import logging
import os
import re
import zlib
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd

from geomap._io import limits as _limits
from geomap.errors import InputError, LimitError, SchemaError
from geomap.sources.tables._rejections import MAX_VALUE_CHARS

log = logging.getLogger("geomap.sources.tables")

TABLE_SUFFIXES: Final = (".csv", ".tsv", ".jsonl", ".ndjson", ".geojson", ".json", ".parquet",
                         ".geoparquet", ".gpkg")
#: GeoJSON is parsed whole; bigger inputs should be GeoParquet or JSON lines.
MAX_GEOJSON_BYTES: Final = 512 * 1024 * 1024
MAX_JSON_LINE_BYTES: Final = 16 * 1024 * 1024
_SPACES: Final = re.compile(r"[\s\-]+")
#: Bytes validated as UTF-8 at a time.
UTF8_CHUNK = 1 << 24
#: First bytes of every SQLite database, hence of every GeoPackage.
_SQLITE_MAGIC: Final = b"SQLite format 3\x00"


@dataclass
class RawTable:
    """Cells of one table file, before any format is applied.

    Attributes
    ----------
    path
        The file, as given.
    frame
        One row per readable record; normalised column names.
    container
        ``csv``, ``jsonl``, ``geojson`` or ``parquet``.
    records
        Records in the file, including the unreadable ones (``len(frame) + len(rejected)``).
    rejected
        (source, line, column, value, reason) of unreadable records.
    """

    path: str
    frame: pd.DataFrame
    container: str
    records: int
    rejected: list[dict[str, Any]] = field(default_factory=list)
    _lines: np.ndarray | None = None
    _line_finder: Callable[[], np.ndarray] | None = None

    def lines(self, rows: list[int]) -> list[int]:
        """1-based line numbers (CSV: the line where the record starts) of frame rows."""
        if self._lines is None:
            self._lines = (self._line_finder() if self._line_finder is not None
                           else np.arange(1, len(self.frame) + 1))
        return [int(self._lines[r]) for r in rows]


def normalise_column(name: str) -> str:
    """``" Previous Actor"`` -> ``"previous_actor"``."""
    return _SPACES.sub("_", str(name).strip().lstrip("\ufeff").strip()).lower()


def _normalise_columns(frame: pd.DataFrame, path: str) -> pd.DataFrame:
    names = [normalise_column(c) for c in frame.columns]
    seen: set[str] = set()
    for original, name in zip(frame.columns, names, strict=True):
        if name in seen:
            raise SchemaError(f"duplicate column {original!r}", path=path, line=1)
        seen.add(name)
    frame.columns = names
    return frame


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
        return _read_csv(p, columns)
    if name.endswith((".jsonl", ".ndjson")):
        return _read_jsonl(p)
    if name.endswith((".geojson", ".json")):
        return _read_geojson(p)
    if name.endswith((".parquet", ".geoparquet")):
        return _read_parquet(p)
    if name.endswith(".gpkg"):
        return _read_gpkg(p)
    raise InputError(f"not a table file (expected one of {', '.join(TABLE_SUFFIXES)})",
                     path=str(p))


# --------------------------------------------------------------------------- CSV
def _header(p: Path) -> tuple[list[str], str]:
    with open(p, "rb") as fh:
        head = fh.read(1024 * 1024)
    decode = codecs.getincrementaldecoder("utf-8-sig")().decode
    try:
        # Incremental: a character cut at the 1 MB boundary is not an error.
        text = decode(head, final=False)
    except UnicodeDecodeError as exc:
        # A bad byte past the header is reported later, with its own line number.
        text = codecs.getincrementaldecoder("utf-8-sig")().decode(head[:exc.start])
        if not re.search(r"[\r\n]", text):
            raise InputError(f"not UTF-8 text ({exc.reason} at byte {exc.start})",
                             path=str(p), line=1) from exc
    # A bare CR ends a record as LF and CRLF do (old Mac files; Arrow reads them so).
    first = re.split(r"\r\n?|\n", text, maxsplit=1)[0]
    if not first.strip():
        raise SchemaError("empty file: no header row", path=str(p), line=1)
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    delimiter = max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","
    try:
        # The csv module reads the header as a record, so a quoted name may hold a newline.
        header = next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except (csv.Error, StopIteration) as exc:
        raise SchemaError(f"cannot parse the header row: {exc}", path=str(p), line=1) from exc
    return header, delimiter


def _read_csv(p: Path, columns: Callable[[list[str]], Collection[str] | None] | None = None
              ) -> RawTable:
    import pyarrow as pa
    import pyarrow.csv as pcsv

    header, delimiter = _header(p)
    _check_utf8(p)
    names = [normalise_column(c) for c in header]
    if len(set(names)) != len(names) or any(not n for n in names):
        dup = next((h for h, n in zip(header, names, strict=True)
                    if not n or names.count(n) > 1), "")
        raise SchemaError(f"duplicate or empty column name {dup!r} in the header",
                          path=str(p), line=1)
    wanted = columns(names) if columns is not None else None
    # Arrow reads every column when the list is empty: keep them all then.
    keep = [n for n in names if n in wanted] if wanted is not None else []
    invalid: list[Any] = []

    def on_invalid(row: Any) -> str:
        invalid.append(row)
        return "skip"

    try:
        table = pcsv.read_csv(
            p,
            read_options=pcsv.ReadOptions(column_names=names, skip_rows=1),
            parse_options=pcsv.ParseOptions(delimiter=delimiter, newlines_in_values=True,
                                            invalid_row_handler=on_invalid),
            convert_options=pcsv.ConvertOptions(
                column_types={n: pa.string() for n in names}, strings_can_be_null=False,
                quoted_strings_can_be_null=False, include_columns=keep or None),
        )
    except pa.ArrowInvalid as exc:
        if "UTF8" in str(exc) or "utf8" in str(exc).lower():
            return _read_csv_slow(p, header, names, delimiter)  # finds the line for the message
        raise InputError(f"cannot parse CSV: {exc}", path=str(p)) from exc
    if invalid:
        # A malformed file: the csv module gives exact lines for every record; Arrow's cells
        # are kept when both agree on which records are whole.
        rows, lines, rejected = _csv_records(p, len(header), delimiter, keep_rows=False)
        if len(lines) != table.num_rows or len(rejected) != len(invalid):
            return _read_csv_slow(p, header, names, delimiter)
        return RawTable(str(p), table.to_pandas(), "csv", len(lines) + len(rejected), rejected,
                        _lines=lines)
    frame = (table.to_pandas() if table.num_rows
             else pd.DataFrame(columns=keep or names, dtype="str"))
    raw = RawTable(str(p), frame, "csv", len(frame))
    raw._line_finder = lambda: _csv_lines(p, len(frame), delimiter)
    return raw


def _check_utf8(p: Path) -> None:
    """Raise :class:`InputError` with the line of the first byte that is not UTF-8.

    Arrow validates 16 MB at a time (the same rules as Python's strict decoder: no
    surrogates, overlong forms or truncated sequences); only a file that fails is decoded
    again in Python, to say where.
    """
    import pyarrow as pa

    tail = b""
    with open(p, "rb") as fh:
        while chunk := fh.read(UTF8_CHUNK):
            data = tail + chunk
            cut = _complete_utf8(data)
            data, tail = data[:cut], data[cut:]
            offsets = pa.py_buffer(np.array([0, len(data)], dtype=np.int32))
            try:
                pa.Array.from_buffers(pa.binary(), 1, [None, offsets, pa.py_buffer(data)]
                                      ).cast(pa.string())
            except pa.ArrowInvalid:
                break
        else:
            if not tail:
                return
    _find_bad_utf8(p)


def _complete_utf8(data: bytes) -> int:
    """Length of the part of ``data`` that does not end inside a multi-byte sequence."""
    for back in range(1, min(4, len(data)) + 1):
        byte = data[-back]
        if byte < 0x80:
            return len(data)
        if byte >= 0xC0:  # a lead byte: complete if its sequence fits
            need = 2 if byte < 0xE0 else 3 if byte < 0xF0 else 4
            return len(data) if back >= need else len(data) - back
    return len(data)


def _find_bad_utf8(p: Path) -> None:
    """Decode the file in Python; raise :class:`InputError` at the first byte not UTF-8."""
    import codecs

    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = 0
    lines = 1
    with open(p, "rb") as fh:
        while chunk := fh.read(1 << 24):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                # The decoder may hold back up to 3 bytes of an incomplete sequence.
                bad = max(0, min(len(chunk), exc.start - decoder.getstate()[0].__len__()))
                raise InputError(f"not UTF-8 text (byte {offset + bad})", path=str(p),
                                 line=lines + chunk.count(b"\n", 0, bad)) from exc
            offset += len(chunk)
            lines += chunk.count(b"\n")
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as exc:
            raise InputError(f"not UTF-8 text (truncated at byte {offset})", path=str(p),
                             line=lines) from exc


def _csv_lines(p: Path, n: int, delimiter: str) -> np.ndarray:
    """Start line of every data record; fast when no value spans lines and no line is blank."""
    newlines = 0
    ends_with_newline = True
    with open(p, "rb") as fh:
        while chunk := fh.read(1 << 24):
            newlines += chunk.count(b"\n")
            ends_with_newline = chunk.endswith(b"\n")
    physical = newlines + (0 if ends_with_newline else 1)
    if physical == n + 1:
        return np.arange(2, n + 2)
    starts: list[int] = []
    with open(p, encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh, delimiter=delimiter)
        try:
            next(reader, None)
            line = reader.line_num
            for row in reader:
                if row:
                    starts.append(line + 1)
                line = reader.line_num
        except csv.Error:
            pass  # Arrow parsed the file; lines past what csv can read stay unknown (0)
    return np.asarray(starts[:n] + [0] * max(0, n - len(starts)))


def _read_csv_slow(p: Path, header: list[str], names: list[str], delimiter: str) -> RawTable:
    rows, lines, rejected = _csv_records(p, len(header), delimiter, keep_rows=True)
    frame = pd.DataFrame(rows, columns=names, dtype=object)
    return RawTable(str(p), frame, "csv", len(lines) + len(rejected), rejected, _lines=lines)


def _csv_records(p: Path, width: int, delimiter: str, *, keep_rows: bool
                 ) -> tuple[list[list[str]], np.ndarray, list[dict[str, Any]]]:
    """Records of a CSV file by Python's csv module: (rows if kept, start line of every whole
    record, rejections of the records whose number of fields is not the header's)."""
    rows: list[list[str]] = []
    lines: list[int] = []
    rejected: list[dict[str, Any]] = []
    csv.field_size_limit(64 * 1024 * 1024)
    with open(p, encoding="utf-8-sig", newline="", errors="strict") as fh:
        reader = csv.reader(fh, delimiter=delimiter)
        try:
            next(reader)
            line = reader.line_num
            for row in reader:
                start = line + 1
                line = reader.line_num
                if not row:
                    continue
                if len(row) != width:
                    rejected.append({
                        "source": str(p), "line": start, "column": "",
                        "value": delimiter.join(row)[:MAX_VALUE_CHARS],
                        "reason": f"row has {len(row)} fields, the header has {width}",
                    })
                    continue
                if keep_rows:
                    rows.append(row)
                lines.append(start)
        except UnicodeDecodeError as exc:
            raise InputError(f"not UTF-8 text ({exc.reason})", path=str(p),
                             line=reader.line_num + 1) from exc
        except csv.Error as exc:
            raise InputError(f"cannot parse CSV: {exc}", path=str(p),
                             line=reader.line_num) from exc
    return rows, np.asarray(lines, dtype=np.int64), rejected


# --------------------------------------------------------------------------- JSON
def _reject(p: Path, line: int, value: str, reason: str) -> dict[str, Any]:
    return {"source": str(p), "line": line, "column": "", "value": value[:MAX_VALUE_CHARS],
            "reason": reason}


def _read_jsonl(p: Path) -> RawTable:
    records: list[dict[str, Any]] = []
    lines: list[int] = []
    rejected: list[dict[str, Any]] = []
    with open(p, "rb") as fh:
        # Bounded: a multi-gigabyte line is skipped in chunks, never held in memory.
        for number, raw_line in _limits.bounded_binary_lines(fh, max_bytes=MAX_JSON_LINE_BYTES):
            if raw_line is None:
                rejected.append(_reject(p, number, "", f"line longer than "
                                        f"{MAX_JSON_LINE_BYTES} bytes"))
                continue
            try:
                line = raw_line.decode("utf-8-sig" if number == 1 else "utf-8").strip()
            except UnicodeDecodeError as exc:
                rejected.append(_reject(p, number, "", f"not UTF-8 text ({exc.reason})"))
                continue
            if not line:
                continue
            try:
                obj = _limits.scrub_surrogates(line, json.loads(line))
            except json.JSONDecodeError as exc:
                rejected.append(_reject(p, number, line, f"not JSON: {exc.msg}"))
                continue
            except RecursionError:
                rejected.append(_reject(p, number, line[:80], "JSON nested too deeply"))
                continue
            except ValueError as exc:  # an integer past Python's 4300-digit conversion limit
                rejected.append(_reject(p, number, line[:80], f"not JSON: {exc}"))
                continue
            if not isinstance(obj, dict):
                rejected.append(_reject(p, number, line, "not a JSON object"))
                continue
            records.append(obj)
            lines.append(number)
    frame = _normalise_columns(_records_frame(records), str(p)).astype(object)
    return RawTable(str(p), frame, "jsonl", len(records) + len(rejected), rejected,
                    _lines=np.asarray(lines, dtype=np.int64))


def _records_frame(records: list[dict[str, Any]]) -> pd.DataFrame:
    """One row per record, even for records without fields (``{}``)."""
    frame = pd.DataFrame.from_records(records)
    if len(frame) != len(records):
        frame = pd.DataFrame(index=range(len(records)))
    return frame


def _read_geojson(p: Path) -> RawTable:
    size = p.stat().st_size
    if size > MAX_GEOJSON_BYTES:
        raise LimitError(f"GeoJSON larger than {MAX_GEOJSON_BYTES >> 20} MB; use GeoParquet",
                         path=str(p))
    try:
        text = p.read_text(encoding="utf-8-sig")
        data = _limits.scrub_surrogates(text, json.loads(text))
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text ({exc.reason})", path=str(p)) from exc
    except json.JSONDecodeError as exc:
        raise InputError(f"not JSON: {exc.msg}", path=str(p), line=exc.lineno) from exc
    except RecursionError as exc:
        raise LimitError("JSON nested too deeply", path=str(p)) from exc
    except ValueError as exc:  # an integer past Python's 4300-digit conversion limit
        raise InputError(f"not JSON: {exc}", path=str(p)) from exc
    if not isinstance(data, dict) or data.get("type") not in ("FeatureCollection", "Feature"):
        raise SchemaError("not a GeoJSON FeatureCollection", path=str(p))
    features = data.get("features", []) if data["type"] == "FeatureCollection" else [data]
    if not isinstance(features, list):
        raise SchemaError("GeoJSON 'features' is not a list", path=str(p))
    records: list[dict[str, Any]] = []
    lines: list[int] = []
    rejected: list[dict[str, Any]] = []
    for number, feature in enumerate(features, start=1):
        where = f"feature {number}"
        if not isinstance(feature, dict):
            rejected.append(_reject(p, number, str(feature), f"{where} is not an object"))
            continue
        props = feature.get("properties") or {}
        if not isinstance(props, dict):
            rejected.append(_reject(p, number, str(props), f"{where}: properties not an object"))
            continue
        record = dict(props)
        geom = feature.get("geometry")
        if geom is not None:
            coords = geom.get("coordinates") if isinstance(geom, dict) else None
            if (not isinstance(geom, dict) or geom.get("type") != "Point"
                    or not isinstance(coords, list) or len(coords) < 2):
                kind = geom.get("type") if isinstance(geom, dict) else type(geom).__name__
                rejected.append(_reject(p, number, str(kind),
                                        f"{where}: geometry must be a Point, got {kind}"))
                continue
            # The geometry is authoritative; properties written by geomap carry the same.
            record["longitude"], record["latitude"] = coords[0], coords[1]
        records.append(record)
        lines.append(number)
    frame = _normalise_columns(_records_frame(records), str(p)).astype(object)
    return RawTable(str(p), frame, "geojson", len(features), rejected,
                    _lines=np.asarray(lines, dtype=np.int64))


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
