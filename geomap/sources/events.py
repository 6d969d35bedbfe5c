"""Events in and out: read any supported table, write the event schema, merge duplicates.

>>> events = geomap.read_events("acled_export.csv")           # doctest: +SKIP
>>> geomap.write_events(events, "output/events.geojson")      # doctest: +SKIP
>>> merged = geomap.merge_events(events)                      # doctest: +SKIP

Writers pick the format from the suffix (``.csv``, ``.jsonl``, ``.geojson``, ``.parquet``) and
write atomically. CSV text cells that a spreadsheet would run as formulas are neutralised with a
leading ``'`` (OWASP); numeric columns are left as numbers, and :func:`read_events` undoes the
prefix, so every format round-trips: ``read_events(write_events(e))`` equals ``e``.
"""

from __future__ import annotations

import json
import logging
import math
import os
import re
import warnings
from pathlib import Path
from typing import Any, Final

import geopandas as gpd
import numpy as np
import pandas as pd

from geomap._io.atomic import atomic_path, write_text
from geomap.errors import InputError
from geomap.runreport import RunReport
from geomap.schema import EVENT_COLUMNS, empty_events
from geomap.sources.tables import read_table
from geomap.sources.tables.own import FORMULA_STARTS, text_columns

log = logging.getLogger("geomap.sources.events")

WRITE_SUFFIXES: Final = (".csv", ".jsonl", ".geojson", ".json", ".parquet", ".gpkg")
#: Columns :func:`merge_events` adds.
MERGE_COLUMNS: Final = ("sources", "n_reports", "evidence_all")
_SPECIAL: Final = frozenset(',"\r\n')
#: Text that :func:`geomap.sources.tables.own.neutralise` prefixes with ``'``.
_FORMULA: Final = "^[" + re.escape("".join(FORMULA_STARTS)) + "']"


def read_events(path: str | os.PathLike[str], *, gazetteer: Any = None, actors: Any = None,
                report: RunReport | None = None) -> gpd.GeoDataFrame:
    """Read events from a table: geomap's schema, ACLED, UCDP GED or an analyst table.

    Parameters
    ----------
    path
        CSV, JSON lines, GeoJSON or GeoParquet; the format is detected from the header.
    gazetteer
        Gazetteer for rows without coordinates (analyst tables); default
        :meth:`geomap.Gazetteer.default`, loaded only when needed.
    actors
        :class:`geomap.ActorSet` for canonical actor ids; default the bundled sets.
    report
        Receives rows read, events, unresolved and rejected rows (with line numbers and
        reasons). Without a report, problems are logged as warnings.

    Returns
    -------
    geopandas.GeoDataFrame
        Events in the schema of :data:`geomap.EVENT_COLUMNS` (EPSG:4326 points).

    Raises
    ------
    InputError
        Unreadable file or unknown table format (a one-line reason).
    """
    result = read_table(path, gazetteer=gazetteer, actors=actors)
    if report is not None:
        report.add_table(path, result)
    else:
        for item in result.rejected.head(5).to_dict("records"):
            log.warning("%s:%s: rejected %s=%r: %s", item["source"], item["line"],
                        item["column"], item["value"], item["reason"])
        if len(result.rejected) > 5 or len(result.unresolved):
            log.warning("%s", result.summary())
    return result.events


# --------------------------------------------------------------------------- writing
def write_events(events: pd.DataFrame, path: str | os.PathLike[str]) -> None:
    """Write events in the format of the suffix, atomically.

    Parameters
    ----------
    events
        An events frame (extra columns such as ``sources`` are kept).
    path
        ``.csv`` (formula-injection safe), ``.jsonl``, ``.geojson`` (or ``.json``),
        ``.parquet`` (GeoParquet) or ``.gpkg`` (GeoPackage, layer ``events``).

    Raises
    ------
    InputError
        Unknown suffix.
    """
    p = Path(path)
    suffix = p.suffix.lower()
    frame = _ordered(events)
    if suffix == ".csv":
        write_text(p, _csv_text(frame))
    elif suffix == ".jsonl":
        write_text(p, "".join(json.dumps(r, ensure_ascii=False, allow_nan=False) + "\n"
                              for r in _records(frame)))
    elif suffix in (".geojson", ".json"):
        write_text(p, _geojson_text(frame))
    elif suffix == ".gpkg":
        gdf = gpd.GeoDataFrame(frame, geometry=_points(frame), crs="EPSG:4326")
        with atomic_path(p) as tmp, warnings.catch_warnings():
            # GDAL only warns that the temporary name does not end in .gpkg.
            warnings.filterwarnings("ignore", message="The filename extension")
            gdf.to_file(tmp, layer="events", driver="GPKG")
    elif suffix == ".parquet":
        gdf = gpd.GeoDataFrame(frame, geometry=_points(frame), crs="EPSG:4326")
        with atomic_path(p) as tmp:
            gdf.to_parquet(tmp, index=False)
    else:
        raise InputError(f"cannot write events as {suffix or 'a file without suffix'}; "
                         f"use one of {', '.join(WRITE_SUFFIXES)}", path=str(path))


def events_text(events: pd.DataFrame) -> str:
    """Events as JSON lines text (what ``geomap extract`` prints without ``-o``)."""
    return "".join(json.dumps(r, ensure_ascii=False, allow_nan=False) + "\n"
                   for r in _records(_ordered(events)))


def _ordered(events: pd.DataFrame) -> pd.DataFrame:
    """Schema columns first (filled if missing), then extras; no geometry column."""
    frame = pd.DataFrame(events).drop(columns=["geometry"], errors="ignore")
    if not len(frame.columns):
        frame = pd.DataFrame(empty_events()).drop(columns=["geometry"])
    cols = list(EVENT_COLUMNS) + [c for c in frame.columns if c not in EVENT_COLUMNS]
    for c in EVENT_COLUMNS:
        if c not in frame.columns:
            frame[c] = [_empty(c)] * len(frame)
    return frame[cols].reset_index(drop=True)


def _empty(column: str) -> Any:
    return {"str": "", "bool": True, "float": math.nan, "int": -1}[EVENT_COLUMNS[column]]


def _points(frame: pd.DataFrame) -> gpd.GeoSeries:
    lat = frame["latitude"].to_numpy(dtype="float64")
    lon = frame["longitude"].to_numpy(dtype="float64")
    ok = ~(np.isnan(lat) | np.isnan(lon))
    geometry = np.full(len(frame), None, dtype=object)
    if ok.any():
        geometry[ok] = gpd.points_from_xy(lon[ok], lat[ok])
    return gpd.GeoSeries(geometry, crs="EPSG:4326")


def _plain(value: Any) -> Any:
    """A JSON-able value: numpy scalars to Python, NaN to null."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if value is pd.NA or value is pd.NaT:
        return None
    return str(value)


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    cols = list(frame.columns)
    return [dict(zip(cols, (_plain(v) for v in row), strict=True))
            for row in frame.itertuples(index=False, name=None)]


def _csv_text(frame: pd.DataFrame) -> str:
    """CSV text, column-wise: floats as ``repr`` (exact round trip), booleans ``true/false``,
    text neutralised against formulas, RFC 4180 quoting (a lone CR is quoted too)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    cols = list(frame.columns)
    escape = set(text_columns(cols))
    cells = [_csv_column(frame[c], c, c in escape) for c in cols]
    header = ",".join(_quote(c) for c in cols) + "\n"
    if not len(frame):
        return header
    rows = pc.binary_join_element_wise(*[pa.array(c.array).cast(pa.string()) for c in cells],
                                       ",")
    return header + "\n".join(rows.to_pylist()) + "\n"


def _csv_column(values: pd.Series, column: str, is_text: bool) -> pd.Series:
    kind = EVENT_COLUMNS.get(column)
    if kind == "bool":
        flags = values.astype(object).where(values.notna(), True).astype(bool).to_numpy()
        return pd.Series(np.where(flags, "true", "false"), dtype="str")
    if not is_text and pd.api.types.is_numeric_dtype(values.dtype) \
            and not pd.api.types.is_bool_dtype(values.dtype):
        numbers = values.to_numpy()
        out = pd.Series(values.astype(str).to_numpy(), dtype="str")
        if numbers.dtype.kind == "f":
            out = out.where(np.isfinite(numbers), "")
        return out
    text = _as_text(values)
    if is_text:
        formula = text.str.match(_FORMULA)
        text = text.where(~formula, "'" + text)
    special = text.str.contains(r'[,"\r\n]', regex=True)
    if special.any():
        quoted = '"' + text.str.replace('"', '""', regex=False) + '"'
        text = text.where(~special, quoted)
    return text


def _as_text(values: pd.Series) -> pd.Series:
    """Cells as strings ("" for missing); per cell only when the column is not all text."""
    import pyarrow as pa

    if isinstance(values.dtype, pd.StringDtype):
        return values.fillna("").astype("str")
    obj = values.to_numpy(dtype=object)
    try:
        arr = pa.array(obj, type=pa.string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return pd.Series([_cell_text(v) for v in obj.tolist()], dtype="str")
    return pd.Series(arr.to_pandas(), dtype="str").fillna("")


def _cell_text(value: Any) -> str:
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, float) else str(value)


def _quote(cell: str) -> str:
    # The csv module only quotes its own line terminator; a lone CR must be quoted too.
    if any(ch in cell for ch in _SPECIAL):
        return '"' + cell.replace('"', '""') + '"'
    return cell


def _geojson_text(frame: pd.DataFrame) -> str:
    features = []
    for record in _records(frame):
        lat, lon = record.get("latitude"), record.get("longitude")
        geometry = ({"type": "Point", "coordinates": [lon, lat]}
                    if lat is not None and lon is not None else None)
        features.append({"type": "Feature", "properties": record, "geometry": geometry})
    return json.dumps({"type": "FeatureCollection", "features": features},
                      ensure_ascii=False, allow_nan=False, indent=None) + "\n"


# --------------------------------------------------------------------------- merging
def merge_events(events: pd.DataFrame) -> gpd.GeoDataFrame:
    """Merge rows with the same ``event_id`` (the same change reported more than once).

    The first row of each id is kept (its evidence, offsets and source); ``sources`` lists the
    distinct sources (JSON list, first-seen order), ``n_reports`` counts the reports,
    ``evidence_all`` lists the distinct evidence sentences as ``[sentence, start, end]`` (JSON,
    like the extractor's per-document merge), ``confidence`` is the maximum and
    ``confirmed`` is true if any report confirms. Merging merged events again changes nothing.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per event id, in order of first appearance.
    """
    if not isinstance(events, gpd.GeoDataFrame) or "geometry" not in events.columns:
        events = gpd.GeoDataFrame(events, geometry=_points(pd.DataFrame(events)),
                                  crs="EPSG:4326")
    frame = events.reset_index(drop=True)
    n = len(frame)
    reports = (pd.to_numeric(frame["n_reports"], errors="coerce").fillna(1).astype("int64")
               .to_numpy() if "n_reports" in frame.columns else np.ones(n, dtype="int64"))
    ids = frame["event_id"].astype(str).to_numpy()
    if pd.Index(ids).is_unique:
        out = frame.copy()
        out["sources"], out["evidence_all"] = _single_reports(frame)
        out["n_reports"] = reports
        return out
    codes = pd.factorize(ids)[0]  # numbered in order of first appearance
    first = np.unique(codes, return_index=True)[1]
    counts = np.bincount(codes)
    out = frame.iloc[first].reset_index(drop=True).copy()
    by_code = pd.Series(codes)
    conf = pd.Series(frame["confidence"].to_numpy(dtype="float64"))
    out["confidence"] = conf.groupby(by_code).max().to_numpy()
    confirmed = pd.Series(frame["confirmed"].to_numpy(dtype=bool))
    out["confirmed"] = confirmed.groupby(by_code).any().to_numpy()
    out["n_reports"] = pd.Series(reports).groupby(by_code).sum().to_numpy().astype("int64")
    # Events reported once take the column-wise path; only repeated ids are merged per row.
    out_sources, out_evidence = _single_reports(out)
    multi = np.flatnonzero(counts > 1)
    if len(multi):
        rows = np.flatnonzero(counts[codes] > 1)
        sub = frame.iloc[rows]
        sources = _lists(sub, "sources", "source")
        evidence = _evidence_lists(sub)
        groups: dict[int, list[int]] = {}
        for pos, code in enumerate(codes[rows].tolist()):
            groups.setdefault(code, []).append(pos)
        for code in multi.tolist():
            g = groups[code]
            out_sources[code] = json.dumps(_union(sources, g), ensure_ascii=False)
            out_evidence[code] = json.dumps(_union(evidence, g), ensure_ascii=False)
    out["sources"], out["evidence_all"] = out_sources, out_evidence
    return gpd.GeoDataFrame(out, geometry="geometry", crs=events.crs or "EPSG:4326")


def _single_reports(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """``sources`` and ``evidence_all`` JSON when no id repeats (column-wise for big tables).

    Rows that already carry the merged columns are normalised one by one, like the grouped
    path; the others get ``[source]`` and ``[[evidence, start, end]]``.
    """
    n = len(frame)
    carried = np.zeros(n, dtype=bool)
    for c in ("sources", "evidence_all"):
        if c in frame.columns:
            carried |= (frame[c].fillna("").astype(str) != "").to_numpy()
    source = _json_strings(frame["source"] if "source" in frame else pd.Series([""] * n))
    has_source = (source != '""').to_numpy()
    sources = np.where(has_source, ("[" + source + "]").to_numpy(dtype=object), "[]")
    evidence = _json_strings(frame["evidence"] if "evidence" in frame else pd.Series([""] * n))
    start = (pd.to_numeric(frame["evidence_start"], errors="coerce").fillna(-1).astype("int64")
             if "evidence_start" in frame else pd.Series(np.full(n, -1)))
    end = (pd.to_numeric(frame["evidence_end"], errors="coerce").fillna(-1).astype("int64")
           if "evidence_end" in frame else pd.Series(np.full(n, -1)))
    triple = ("[[" + evidence + ", " + start.astype(str).to_numpy() + ", "
              + end.astype(str).to_numpy() + "]]")
    evidence_all = np.where((evidence != '""').to_numpy(), triple.to_numpy(dtype=object), "[]")
    if carried.any():
        rows = frame[carried]
        idx = np.flatnonzero(carried)
        for i, src, ev in zip(idx.tolist(), _lists(rows, "sources", "source"),
                              _evidence_lists(rows), strict=True):
            sources[i] = json.dumps(src, ensure_ascii=False)
            evidence_all[i] = json.dumps(ev, ensure_ascii=False)
    return sources.astype(object), evidence_all.astype(object)


_CONTROL: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _json_strings(values: pd.Series) -> pd.Series:
    """``json.dumps(value, ensure_ascii=False)`` of every cell, column-wise."""
    text = pd.Series(values.fillna("").astype(str).to_numpy(), dtype="str")
    out = ('"' + text.str.replace("\\", "\\\\", regex=False)
           .str.replace('"', '\\"', regex=False).str.replace("\n", "\\n", regex=False)
           .str.replace("\r", "\\r", regex=False).str.replace("\t", "\\t", regex=False) + '"')
    rare = text.str.contains(_CONTROL.pattern, regex=True).to_numpy()
    if rare.any():
        out = out.astype(object)
        for i in np.flatnonzero(rare).tolist():
            out.iat[i] = json.dumps(text.iat[i], ensure_ascii=False)
    return out


def _lists(frame: pd.DataFrame, merged: str, single: str) -> list[list[str]]:
    """Per row: the JSON list in ``merged`` if present, else ``[single]`` (empty -> [])."""
    singles = frame[single].fillna("").astype(str).tolist() if single in frame.columns else [
        ""] * len(frame)
    if merged not in frame.columns:
        return [[s] if s else [] for s in singles]
    out = []
    for text, s in zip(frame[merged].fillna("").astype(str).tolist(), singles, strict=True):
        items: list[str] = []
        if text:
            try:
                parsed = json.loads(text)
                items = [str(x) for x in parsed] if isinstance(parsed, list) else [text]
            except ValueError:
                items = [text]
        out.append(items or ([s] if s else []))
    return out


def _evidence_lists(frame: pd.DataFrame) -> list[list[Any]]:
    """Per row: ``[[evidence, start, end], ...]`` from ``evidence_all`` or the row itself.

    The extractor writes ``evidence_all`` as such triples; a plain string item (hand-made
    tables) becomes ``[text, -1, -1]``.
    """
    n = len(frame)
    ev = frame["evidence"].fillna("").astype(str).tolist() if "evidence" in frame else [""] * n
    start = (pd.to_numeric(frame["evidence_start"], errors="coerce").fillna(-1).astype("int64")
             .tolist() if "evidence_start" in frame else [-1] * n)
    end = (pd.to_numeric(frame["evidence_end"], errors="coerce").fillna(-1).astype("int64")
           .tolist() if "evidence_end" in frame else [-1] * n)
    texts = (frame["evidence_all"].fillna("").astype(str).tolist() if "evidence_all" in frame
             else [""] * n)
    out: list[list[Any]] = []
    for text, e, s, t in zip(texts, ev, start, end, strict=True):
        items: list[Any] = []
        if text:
            try:
                parsed = json.loads(text)
            except ValueError:
                parsed = [text]
            for item in parsed if isinstance(parsed, list) else [parsed]:
                if isinstance(item, list) and item:
                    items.append([str(item[0]), *item[1:3]])
                elif item not in (None, ""):
                    items.append([str(item), -1, -1])
        out.append(items or ([[e, int(s), int(t)]] if e else []))
    return out


def _union(lists: list[list[Any]], rows: list[int]) -> list[Any]:
    seen: dict[str, Any] = {}
    for r in rows:
        for item in lists[r]:
            seen.setdefault(json.dumps(item, ensure_ascii=False), item)
    return list(seen.values())
