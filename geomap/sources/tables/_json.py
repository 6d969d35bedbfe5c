"""JSON containers: JSON lines of records and GeoJSON feature collections."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd

from geomap._io import limits as _limits
from geomap.errors import InputError, LimitError, SchemaError
from geomap.sources.tables._raw import RawTable, _normalise_columns, reject_record

#: GeoJSON is parsed whole; bigger inputs should be GeoParquet or JSON lines.
MAX_GEOJSON_BYTES: Final = 512 * 1024 * 1024
MAX_JSON_LINE_BYTES: Final = 16 * 1024 * 1024


def read_jsonl(p: Path) -> RawTable:
    records: list[dict[str, Any]] = []
    lines: list[int] = []
    rejected: list[dict[str, Any]] = []
    with open(p, "rb") as fh:
        # Bounded: a multi-gigabyte line is skipped in chunks, never held in memory.
        for number, raw_line in _limits.bounded_binary_lines(fh, max_bytes=MAX_JSON_LINE_BYTES):
            if raw_line is None:
                rejected.append(reject_record(p, number, "", f"line longer than "
                                        f"{MAX_JSON_LINE_BYTES} bytes"))
                continue
            try:
                line = raw_line.decode("utf-8-sig" if number == 1 else "utf-8").strip()
            except UnicodeDecodeError as exc:
                rejected.append(reject_record(p, number, "", f"not UTF-8 text ({exc.reason})"))
                continue
            if not line:
                continue
            try:
                obj = _limits.scrub_surrogates(line, json.loads(line))
            except json.JSONDecodeError as exc:
                rejected.append(reject_record(p, number, line, f"not JSON: {exc.msg}"))
                continue
            except RecursionError:
                rejected.append(reject_record(p, number, line[:80], "JSON nested too deeply"))
                continue
            except ValueError as exc:  # an integer past Python's 4300-digit conversion limit
                rejected.append(reject_record(p, number, line[:80], f"not JSON: {exc}"))
                continue
            if not isinstance(obj, dict):
                rejected.append(reject_record(p, number, line, "not a JSON object"))
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


def api_records(data: Any) -> list[Any] | None:
    """The records of a JSON list or of an API answer (ACLED's ``{"data": [...]}``), else None.

    GeoJSON is recognised by its ``type``, so a feature collection is never taken for records.
    """
    if isinstance(data, list):
        return data
    if isinstance(data, dict) and "type" not in data and isinstance(data.get("data"), list):
        return list(data["data"])
    return None


def _records_table(p: Path, rows: list[Any]) -> RawTable:
    """One raw row per JSON object of a list; anything else in the list is rejected."""
    records: list[dict[str, Any]] = []
    lines: list[int] = []
    rejected: list[dict[str, Any]] = []
    for number, row in enumerate(rows, start=1):
        if isinstance(row, dict):
            records.append(row)
            lines.append(number)
        else:
            rejected.append(reject_record(p, number, str(row), f"record {number} is not an "
                                          "object"))
    frame = _normalise_columns(_records_frame(records), str(p)).astype(object)
    return RawTable(str(p), frame, "json", len(rows), rejected,
                    _lines=np.asarray(lines, dtype=np.int64))


def read_geojson(p: Path) -> RawTable:
    """A GeoJSON file, or JSON records (a list, or an API answer with ``data``)."""
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
    rows = api_records(data)
    if rows is not None:
        return _records_table(p, rows)
    if not isinstance(data, dict) or data.get("type") not in ("FeatureCollection", "Feature"):
        raise SchemaError("not a GeoJSON FeatureCollection, nor a list of records ([...] or "
                          "an API answer {\"data\": [...]})", path=str(p))
    features = data.get("features", []) if data["type"] == "FeatureCollection" else [data]
    if not isinstance(features, list):
        raise SchemaError("GeoJSON 'features' is not a list", path=str(p))
    records: list[dict[str, Any]] = []
    lines: list[int] = []
    rejected: list[dict[str, Any]] = []
    for number, feature in enumerate(features, start=1):
        where = f"feature {number}"
        if not isinstance(feature, dict):
            rejected.append(reject_record(p, number, str(feature), f"{where} is not an object"))
            continue
        props = feature.get("properties") or {}
        if not isinstance(props, dict):
            rejected.append(reject_record(p, number, str(props),
                                          f"{where}: properties not an object"))
            continue
        record = dict(props)
        geom = feature.get("geometry")
        if geom is not None:
            coords = geom.get("coordinates") if isinstance(geom, dict) else None
            if (not isinstance(geom, dict) or geom.get("type") != "Point"
                    or not isinstance(coords, list) or len(coords) < 2):
                kind = geom.get("type") if isinstance(geom, dict) else type(geom).__name__
                rejected.append(reject_record(p, number, str(kind),
                                        f"{where}: geometry must be a Point, got {kind}"))
                continue
            # The geometry is authoritative; properties written by geomap carry the same.
            record["longitude"], record["latitude"] = coords[0], coords[1]
        records.append(record)
        lines.append(number)
    frame = _normalise_columns(_records_frame(records), str(p)).astype(object)
    return RawTable(str(p), frame, "geojson", len(features), rejected,
                    _lines=np.asarray(lines, dtype=np.int64))

