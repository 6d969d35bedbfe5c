"""The event schema of DESIGN.md: column names, vocabularies and a frame constructor.

One row per event. Column names follow ACLED where ACLED has one. Every reader and the text
extractor produce frames through :func:`events_frame`, so all of them agree on columns, dtypes,
order and the stable ``event_id``.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Mapping
from typing import Any, Final

import geopandas as gpd
import pandas as pd
from shapely.geometry import Point

CRS: Final = "EPSG:4326"

KINDS: Final = (
    "control_change",
    "claimed_control",
    "contested",
    "held",
    "objective",
    "route",
    "mention",
)
DATE_PRECISIONS: Final = ("day", "week", "month", "year", "before", "unknown")
GEO_PRECISIONS: Final = ("point", "town", "district", "region", "country")

#: Column name -> kind of value. ``str`` columns hold "" (never NaN) when empty.
EVENT_COLUMNS: Final[dict[str, str]] = {
    "event_id": "str",
    "event_date": "str",
    "date_precision": "str",
    "kind": "str",
    "actor": "str",
    "previous_actor": "str",
    "confirmed": "bool",
    "confidence": "float",
    "place": "str",
    "location": "str",
    "country": "str",
    "latitude": "float",
    "longitude": "float",
    "geo_precision": "str",
    "gazetteer_id": "str",
    "related_location": "str",
    "related_latitude": "float",
    "related_longitude": "float",
    "evidence": "str",
    "evidence_start": "int",
    "evidence_end": "int",
    "source": "str",
}

#: Columns that identify "the same event" for ids and merging.
IDENTITY_COLUMNS: Final = (
    "kind",
    "gazetteer_id",
    "location",
    "actor",
    "previous_actor",
    "event_date",
    "date_precision",
    "related_location",
)

UNRESOLVED_COLUMNS: Final = ("place", "source", "evidence", "reason", "candidates")
REJECTED_COLUMNS: Final = ("source", "line", "column", "value", "reason")

_DEFAULTS: Final[dict[str, Any]] = {
    "str": "",
    "bool": True,
    "float": math.nan,
    "int": -1,
}


def make_event_id(record: Mapping[str, Any]) -> str:
    """Return a stable id for an event: the same identity fields give the same id.

    The id does not depend on the evidence or source, so the same change reported by two
    articles gets the same id and can be merged.
    """
    key = "\x1f".join(str(record.get(c, "") or "") for c in IDENTITY_COLUMNS)
    return "ev-" + hashlib.sha1(key.encode("utf-8"), usedforsecurity=False).hexdigest()[:16]


def _coerce(value: Any, kind: str) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return _DEFAULTS[kind]
    if kind == "str":
        return str(value)
    if kind == "bool":
        if isinstance(value, str):
            return value.strip().lower() in {"1", "true", "yes", "y", "t"}
        return bool(value)
    if kind == "float":
        try:
            return float(value)
        except (TypeError, ValueError):
            return math.nan
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


def normalise_record(record: Mapping[str, Any]) -> dict[str, Any]:
    """Fill defaults and coerce types of one event record; add ``event_id`` if missing."""
    out: dict[str, Any] = {}
    for col, kind in EVENT_COLUMNS.items():
        out[col] = _coerce(record.get(col), kind)
    if not out["date_precision"]:
        out["date_precision"] = "day" if out["event_date"] else "unknown"
    if not out["event_id"]:
        out["event_id"] = make_event_id(out)
    # Extra fields (e.g. ``sources``, ``actor_name``) are kept: readers may carry more.
    for key, value in record.items():
        if key not in out and key != "geometry":
            out[key] = value
    return out


def events_frame(records: Iterable[Mapping[str, Any]]) -> gpd.GeoDataFrame:
    """Build an events GeoDataFrame (EPSG:4326 points) from event records.

    Parameters
    ----------
    records
        Mappings with (some of) the :data:`EVENT_COLUMNS`. Missing columns get their empty value.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns in :data:`EVENT_COLUMNS` order (plus any extra columns), geometry from
        latitude/longitude (``None`` where either is missing).
    """
    rows = [normalise_record(r) for r in records]
    df = pd.DataFrame(rows, columns=_columns_of(rows))
    for col, kind in EVENT_COLUMNS.items():
        if kind == "str":
            df[col] = df[col].astype(object)
        elif kind == "float":
            df[col] = df[col].astype("float64")
        elif kind == "int":
            df[col] = df[col].astype("int64")
        else:
            df[col] = df[col].astype(bool)
    geometry = [
        Point(lon, lat) if not (math.isnan(lat) or math.isnan(lon)) else None
        for lat, lon in zip(df["latitude"], df["longitude"], strict=True)
    ]
    return gpd.GeoDataFrame(df, geometry=geometry, crs=CRS)


def empty_events() -> gpd.GeoDataFrame:
    """Return an empty events frame with the schema's columns."""
    return events_frame([])


def _columns_of(rows: list[dict[str, Any]]) -> list[str]:
    cols = list(EVENT_COLUMNS)
    seen = set(cols)
    for row in rows:
        for key in row:
            if key not in seen:
                cols.append(key)
                seen.add(key)
    return cols
