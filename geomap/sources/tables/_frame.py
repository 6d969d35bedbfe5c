"""Events frames of the table readers: event ids, the frame itself, and the result of a read.

:func:`finish` assembles a :class:`TableResult` in which every raw record ends in exactly one of
events, unresolved and rejected rows.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final, cast

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geomap.schema import CRS, EVENT_COLUMNS, IDENTITY_COLUMNS
from geomap.sources.tables._rejections import (
    Rejections,
    distinct,
    rejected_frame,
    unresolved_frame,
)

#: Rows looked at to tell a column of repeated values from a column of distinct ones.
_SAMPLE: Final = 10_000


def str_values(values: Any, n: int) -> np.ndarray:
    """Text cells as an object array of ``str`` ("" for missing; other values as ``str(v)``).

    Repeated strings share one object (codes of a factorisation index the distinct
    values): a million-row column of a few thousand names costs a few thousand strings.
    """
    if values is None:
        return np.full(n, "", dtype=object)
    if isinstance(values, pd.Series) and isinstance(values.dtype, pd.StringDtype):
        if len(values) > _SAMPLE and values.iloc[:_SAMPLE].nunique() > _SAMPLE // 2:
            # Mostly distinct (notes, ids): hashing them would cost more than it shares.
            return values.to_numpy(dtype=object, na_value="")
        codes, uniques = pd.factorize(values, use_na_sentinel=False)
        table = uniques.to_numpy(dtype=object, na_value="")
        return table[codes] if len(table) else np.full(n, "", dtype=object)
    arr = (values.to_numpy(dtype=object) if isinstance(values, pd.Series)
           else np.asarray(values, dtype=object))
    if pd.api.types.infer_dtype(arr, skipna=False) == "string":
        return arr
    arr = arr.copy()
    arr[pd.isna(arr)] = ""
    if pd.api.types.infer_dtype(arr, skipna=False) != "string":
        arr = np.array([v if isinstance(v, str) else str(v) for v in arr.tolist()],
                       dtype=object)
    return arr


def event_ids(columns: Mapping[str, Any], n: int) -> np.ndarray:
    """:func:`geomap.schema.make_event_id` over columns (same ids as the record path).

    Rows with the same identity share their id, so each distinct identity is hashed once;
    when a sample shows nearly every identity distinct (event exports), grouping would cost
    more than it saves and every row is hashed.
    """
    if not n:
        return np.array([], dtype=object)
    parts = [str_values(columns.get(c), n) for c in IDENTITY_COLUMNS]
    head = min(n, _SAMPLE)
    if n > _SAMPLE and len(distinct(*(p[:head] for p in parts)).first) > 0.9 * head:
        return np.array(_hashed(parts), dtype=object)
    groups = distinct(*parts)
    return groups.spread(np.array(_hashed([p[groups.first] for p in parts]), dtype=object))


def _hashed(parts: list[np.ndarray]) -> list[str]:
    sha1, join = _sha1(), "\x1f".join
    return ["ev-" + sha1(join(key).encode("utf-8")).hexdigest()[:16]
            for key in zip(*(p.tolist() for p in parts), strict=True)]


@functools.cache
def _sha1() -> Callable[[bytes], Any]:
    """SHA-1 for many short keys, same digest whichever is used.

    :func:`hashlib.sha1` called directly is the fastest per call (OpenSSL 3 on 1M keys of
    ~60 bytes: 0.5 s, against 0.9 s for CPython's ``_sha1`` and 0.9 s for
    ``functools.partial(hashlib.sha1, usedforsecurity=False)``: a keyword per call costs as
    much as the digest). Where a FIPS build refuses SHA-1 "for security", the keyword is given.
    """
    try:
        hashlib.sha1(b"geomap").digest()  # noqa: S324  # nosec B324 # an id, not a security use
    except ValueError:  # pragma: no cover - FIPS mode: SHA-1 only when not for security
        return functools.partial(hashlib.sha1, usedforsecurity=False)
    return cast(Callable[[bytes], Any], hashlib.sha1)


def _place_keys(gazetteer_ids: np.ndarray, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Gazetteer id, else ``@lat,lon`` in units of 1e-4 degree (about 10 m), for the event id.

    Table rows carry coordinates instead of gazetteer ids: two villages with the same name
    are different places, while the same row reported twice keeps one id. Rows with a
    gazetteer id get exactly :func:`geomap.schema.make_event_id`.
    """
    out = gazetteer_ids.copy()
    todo = np.flatnonzero((gazetteer_ids == "") & np.isfinite(lat) & np.isfinite(lon))
    if len(todo):
        la = np.round(lat[todo] * 1e4).astype("int64")
        lo = np.round(lon[todo] * 1e4).astype("int64")
        groups = distinct(la, lo)
        keys = np.array([f"@{a},{o}" for a, o in zip(groups.pick(la).tolist(),
                                                     groups.pick(lo).tolist(), strict=True)],
                        dtype=object)
        out[todo] = groups.spread(keys)
    return out


def frame(columns: Mapping[str, Any], n: int, *, extra: Mapping[str, Any] | None = None
          ) -> gpd.GeoDataFrame:
    """An events GeoDataFrame from columns, with the same layout as ``schema.events_frame``.

    Missing columns get their empty value; ``event_id`` is computed where empty;
    ``date_precision`` defaults like the record path (``day`` with a date, else ``unknown``).
    Text columns are object arrays of ``str`` (as :func:`geomap.schema.events_frame` makes).
    """
    data: dict[str, Any] = {}
    for col, kind in EVENT_COLUMNS.items():
        values = columns.get(col)
        if kind == "str":
            arr = str_values(values, n)
        elif kind == "float":
            arr = (np.full(n, np.nan) if values is None
                   else np.asarray(values, dtype="float64"))
        elif kind == "int":
            arr = np.full(n, -1, dtype="int64") if values is None else np.asarray(values, "int64")
        else:
            arr = np.ones(n, dtype=bool) if values is None else np.asarray(values, dtype=bool)
        data[col] = arr
    dp = data["date_precision"]
    if n and (dp == "").any():
        dp = dp.copy()
        empty = dp == ""
        dp[empty & (data["event_date"] == "")] = "unknown"
        dp[empty & (data["event_date"] != "")] = "day"
        data["date_precision"] = dp
    ids = data["event_id"]
    missing = np.flatnonzero(ids == "") if n else np.array([], dtype=np.int64)
    if len(missing):
        if len(missing) == n:  # every id to compute (tables without ids): no copies
            sub = {c: data[c] for c in IDENTITY_COLUMNS}
            sub["gazetteer_id"] = _place_keys(sub["gazetteer_id"], data["latitude"],
                                              data["longitude"])
            data["event_id"] = event_ids(sub, n)
        else:
            sub = {c: data[c][missing] for c in IDENTITY_COLUMNS}
            sub["gazetteer_id"] = _place_keys(sub["gazetteer_id"], data["latitude"][missing],
                                              data["longitude"][missing])
            ids = ids.copy()
            ids[missing] = event_ids(sub, len(missing))
            data["event_id"] = ids
    lat, lon = data["latitude"], data["longitude"]
    for col, kind in EVENT_COLUMNS.items():
        if kind == "str":  # object, not pandas' inferred ``str`` dtype (the schema's layout)
            data[col] = pd.Series(data[col], dtype=object, copy=False)
    for key, values in (extra or {}).items():
        data[key] = values
    df = pd.DataFrame(data, copy=False)
    geometry = _points(lat, lon)
    # copy=False: geopandas copies a DataFrame it is given (a second copy of every column,
    # ~1 s and ~0.4 GB at a million rows); ``df`` is ours and used nowhere else.
    return gpd.GeoDataFrame(df, geometry=gpd.GeoSeries(geometry, crs=CRS), crs=CRS,
                            copy=False)


def _points(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """A shapely point per row (``None`` where a coordinate is missing).

    Event tables repeat their places (a million ACLED rows sit on a few thousand
    coordinates), so rows with the same coordinates share one point: shapely geometries
    are immutable, and making a million of them costs about a second and 150 MB. Points
    are grouped by the bits of their coordinates, so ``-0.0`` and ``0.0`` stay apart.
    """
    geometry = np.full(len(lat), None, dtype=object)
    ok = ~(np.isnan(lat) | np.isnan(lon))
    if not ok.any():
        return geometry
    la = np.ascontiguousarray(lat[ok], dtype="float64")
    lo = np.ascontiguousarray(lon[ok], dtype="float64")
    head = min(len(la), _SAMPLE)
    if (len(la) > _SAMPLE
            and len(distinct(la[:head].view(np.int64), lo[:head].view(np.int64)).first)
            > head // 2):
        geometry[ok] = shapely.points(lo, la)  # mostly distinct points: grouping cannot pay
        return geometry
    groups = distinct(la.view(np.int64), lo.view(np.int64))
    geometry[ok] = shapely.points(lo[groups.first], la[groups.first])[groups.codes]
    return geometry


def take(values: Any, keep: np.ndarray) -> Any:
    """``values[keep]`` for arrays and Series (positional)."""
    if isinstance(values, pd.Series):
        return values.to_numpy()[keep]
    return np.asarray(values)[keep]


# --------------------------------------------------------------------------- results
@dataclass
class Context:
    """What a format reader may need besides the cells: actor sets and a gazetteer.

    Both are loaded on first use only, so tables with coordinates never load the gazetteer.
    """

    gazetteer_: Any = None
    actors_: Any = None
    _actors_loaded: bool = False

    def gazetteer(self) -> Any:
        """The gazetteer given, else :meth:`geomap.gazetteer.Gazetteer.default`."""
        if self.gazetteer_ is None:
            from geomap.gazetteer import Gazetteer

            self.gazetteer_ = Gazetteer.default()
        return self.gazetteer_

    def actors(self) -> Any:
        """The actor set given, else the bundled one (``None`` if actors are unavailable)."""
        if self.actors_ is None and not self._actors_loaded:
            self._actors_loaded = True
            try:
                from geomap.actors import ActorSet
            except ImportError:  # pragma: no cover - the module ships with geomap
                return None
            self.actors_ = ActorSet.default()
        return self.actors_


@dataclass
class TableResult:
    """Events, unresolved rows and rejected rows of one table file.

    ``rows == len(events) + len(unresolved) + len(rejected)``: every record ends somewhere.
    ``notes`` say what was done to the file besides its rows (a dropped index column);
    ``warnings`` what a reader of the map should know (no control change at all).
    """

    path: str
    format: str
    rows: int
    events: gpd.GeoDataFrame
    unresolved: pd.DataFrame
    rejected: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def balanced(self) -> bool:
        """Whether every record is accounted for."""
        return self.rows == len(self.events) + len(self.unresolved) + len(self.rejected)

    def summary(self) -> str:
        """``"<path> (<format>): N events, M unresolved, K rejected"`` ("1 event" for one)."""
        n = len(self.events)
        return (f"{self.path} ({self.format}): {n} event{'' if n == 1 else 's'}, "
                f"{len(self.unresolved)} unresolved, {len(self.rejected)} rejected")


def finish(raw: Any, fmt: str, rej: Rejections, columns: dict[str, Any],
           unresolved: Mapping[int, dict[str, Any]] | None = None,
           extra: Mapping[str, Any] | None = None, *, record_ids: Any = None,
           types: Any = None) -> TableResult:
    """Assemble a :class:`TableResult`: rows neither rejected nor unresolved become events.

    ``columns`` and ``extra`` hold one value per raw row; ``unresolved`` maps row -> record.
    ``record_ids`` (one per raw row, "" where none) are the source's own event ids: rows with
    distinct ones never share an event id (see :func:`separate_ids`). ``types`` (one per raw
    row) are the source's event types, named in the warning of a table without any control
    change.
    """
    n = len(raw.frame)
    drop = rej.mask_of(n)
    unresolved = {i: u for i, u in (unresolved or {}).items() if not drop[i]}
    if unresolved:
        drop[np.fromiter(unresolved, dtype=np.int64)] = True
    keep = ~drop
    if keep.all():  # nothing to leave out: no copy of every column
        kept, kept_extra = dict(columns), dict(extra or {})
    else:
        kept = {c: take(v, keep) for c, v in columns.items()}
        kept_extra = {c: take(v, keep) for c, v in (extra or {}).items()}
    events = frame(kept, int(keep.sum()), extra=kept_extra)
    if record_ids is not None and len(events):
        ids = separate_ids(events["event_id"].to_numpy(dtype=object),
                           _record_ids(record_ids, keep, len(events)))
        # object dtype as every other text column: pandas 3 would infer its own string dtype
        events["event_id"] = pd.Series(ids, index=events.index, dtype=object)
    rejected = list(raw.rejected) + rej.records(raw.lines)
    rejected.sort(key=lambda r: r["line"])
    result = TableResult(
        path=raw.path, format=fmt, rows=raw.records, events=events,
        unresolved=unresolved_frame(unresolved[i] for i in sorted(unresolved)),
        rejected=rejected_frame(rejected), notes=list(getattr(raw, "notes", [])),
    )
    if raw.records and not events["kind"].isin(HOLDING_KINDS).any():
        result.warnings.append(no_change_warning(raw.path, raw.records, types))
    return result


#: Kinds that tell who holds a place: a table with none of them maps no control.
HOLDING_KINDS: Final = ("control_change", "held")
#: Event types named in the warning of a table without control changes.
_TYPES_SHOWN: Final = 6


def no_change_warning(path: str, rows: int, types: Any) -> str:
    """``"<path>: 0 control changes from N rows (event types: A 120, B 3)"``.

    Without a change of control a map of control is empty whatever else the table holds; the
    event types tell whether the export has no territorial events or the reader missed them.
    """
    seen = ""
    if types is not None:
        counts = pd.Series(str_values(types, len(types))).replace("", "(empty)").value_counts()
        shown = [f"{name} {count}" for name, count in counts.iloc[:_TYPES_SHOWN].items()]
        more = len(counts) - _TYPES_SHOWN
        seen = " (event types: " + ", ".join(shown) + (f", {more} more" if more > 0 else "") + ")"
    return f"{path}: 0 control changes from {rows} rows{seen}"


def _record_ids(values: Any, keep: np.ndarray, n: int) -> Any:
    """Source ids of the kept rows: an Arrow-backed text Series stays one (no Python string
    per row: only the few rows that get salted ids need theirs), anything else as
    :func:`str_values`."""
    if (isinstance(values, pd.Series) and isinstance(values.dtype, pd.StringDtype)
            and len(values) == len(keep)):
        kept = values.reset_index(drop=True)
        if not keep.all():
            kept = kept[keep].reset_index(drop=True)
        return kept.fillna("") if kept.hasnans else kept
    return str_values(take(values, keep), n)


def separate_ids(ids: np.ndarray, record_ids: Any) -> np.ndarray:
    """Event ids where rows with distinct source ids never share one.

    Two ACLED rows may agree on every identity column (same day, place, actors, type) and still
    be two events (two attacks on one town that day): their ``event_id_cnty`` differ. The first
    source id of an event id keeps it, so a change reported by a table and an article still
    merges; each further source id gets the event id salted with it. Rows repeating one source
    id (a row exported twice) and rows without one keep the shared id.
    """
    if not len(ids):
        return ids
    groups = distinct(ids)
    if len(groups.first) == len(ids):
        return ids  # no event id is shared: nothing to separate
    # Only rows of a shared id can need a salt: the pairs (event id, source id) are grouped
    # on those rows alone, by the id's group number (integers are factorised many times
    # faster than text). The rows keep their order, so a pair's first row is the same.
    shared = np.flatnonzero(np.bincount(groups.codes)[groups.codes] > 1)
    sub_ids = (record_ids.iloc[shared].reset_index(drop=True)
               if isinstance(record_ids, pd.Series) else np.asarray(record_ids)[shared])
    pairs = distinct(groups.codes[shared], sub_ids)
    first_of_group = groups.first[groups.codes[shared]]
    first_of_pair = shared[pairs.first[pairs.codes]]
    salt = (first_of_pair != first_of_group) & np.asarray(sub_ids != "", dtype=bool)
    if not salt.any():
        return ids
    out = ids.copy()
    idx = shared[salt]
    salts = (record_ids.iloc[idx].to_numpy(dtype=object) if isinstance(record_ids, pd.Series)
             else np.asarray(record_ids, dtype=object)[idx])
    out[idx] = _hashed([ids[idx], salts])
    return out
