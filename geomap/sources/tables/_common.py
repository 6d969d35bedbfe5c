"""Shared, vectorised helpers of the table readers.

Readers turn a raw table (strings or JSON values, one row per input record) into events,
unresolved rows and rejected rows. Every row ends in exactly one of the three, so
``rows = events + unresolved + rejected`` holds for every reader. The checks are column-wise
(pandas/numpy) because ACLED exports have millions of rows; only problem rows are visited one
by one.
"""

from __future__ import annotations

import datetime as _dt
import functools
import hashlib
import logging
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final, cast

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geomap.schema import (
    CRS,
    EVENT_COLUMNS,
    IDENTITY_COLUMNS,
    REJECTED_COLUMNS,
    UNRESOLVED_COLUMNS,
)

log = logging.getLogger("geomap.sources.tables")

#: Longest cell value copied into a rejection message.
MAX_VALUE_CHARS: Final = 200
#: Years outside this range are "impossible" in conflict event data.
MIN_YEAR: Final = 1900
MAX_YEAR: Final = 2100
_ISO_DAY: Final = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: Other date spellings found in exports (ACLED's Excel/CSV downloads, UCDP timestamps).
_DATE_FORMATS: Final = (
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M:%SZ",
    "%Y-%m-%dT%H:%M:%S.%f",
    "%Y-%m-%dT%H:%M:%S.%fZ",
    "%d %B %Y",
    "%d %b %Y",
    "%d-%B-%Y",
    "%d-%b-%Y",
    "%d-%b-%y",
    "%B %d, %Y",
    "%b %d, %Y",
    "%Y/%m/%d",
)


# --------------------------------------------------------------------------- rejections
@dataclass
class Rejections:
    """Row-level problems of one table; the first problem of a row decides, later ones add.

    Rows are 0-based positions in the raw table; :meth:`records` turns them into
    (source, line, column, value, reason) records once line numbers are known.
    """

    source: str
    _items: dict[int, dict[str, Any]] = field(default_factory=dict)

    def add(self, mask: Any, column: str, values: Any, reason: str | Callable[[Any], str]) -> None:
        """Reject the rows where ``mask`` is true (a boolean array over all rows)."""
        idx = np.flatnonzero(np.asarray(mask, dtype=bool))
        if not len(idx):
            return
        vals = values.to_numpy() if isinstance(values, pd.Series) else np.asarray(values, object)
        for i in idx.tolist():
            value = vals[i]
            why = reason(value) if callable(reason) else reason
            self.add_one(i, column, value, why)

    def add_one(self, row: int, column: str, value: Any, reason: str) -> None:
        """Reject one row (0-based position)."""
        item = self._items.get(row)
        if item is None:
            self._items[row] = {"column": column, "value": _cell(value), "reason": reason}
        else:
            item["reason"] += f"; also {column}: {reason}"

    @property
    def mask_of(self) -> Callable[[int], np.ndarray]:
        """``mask_of(n)``: boolean array, true for rejected rows."""

        def mask(n: int) -> np.ndarray:
            out = np.zeros(n, dtype=bool)
            if self._items:
                out[np.fromiter(self._items, dtype=np.int64)] = True
            return out

        return mask

    def __len__(self) -> int:
        return len(self._items)

    def records(self, lines: Callable[[list[int]], list[int]]) -> list[dict[str, Any]]:
        """Rejections as records, ordered by row; ``lines`` maps row positions to line numbers."""
        rows = sorted(self._items)
        numbers = lines(rows) if rows else []
        return [
            {"source": self.source, "line": int(n), **self._items[r]}
            for r, n in zip(rows, numbers, strict=True)
        ]

    def replay(self, sub: _Recorder, groups: Distinct) -> None:
        """Apply rejections made on distinct values (``sub``) to every row holding one.

        The calls are replayed in their order, so each row gets the reasons it would have got
        had it been checked by itself.
        """
        if not sub.calls:
            return
        bad = np.zeros(len(groups.first), dtype=bool)
        bad[np.fromiter(sub.calls, dtype=np.int64)] = True
        rows = np.flatnonzero(bad[groups.codes])
        for row, group in zip(rows.tolist(), groups.codes[rows].tolist(), strict=True):
            for column, value, reason in sub.calls[group]:
                self.add_one(row, column, value, reason)


@dataclass
class _Recorder(Rejections):
    """Rejections of distinct values, every call kept so it can be replayed on the rows."""

    calls: dict[int, list[tuple[str, Any, str]]] = field(default_factory=dict)

    def add_one(self, row: int, column: str, value: Any, reason: str) -> None:
        super().add_one(row, column, value, reason)
        self.calls.setdefault(row, []).append((column, value, reason))


# --------------------------------------------------------------------------- distinct values
@dataclass
class Distinct:
    """Rows grouped by equal keys: validate each distinct value once, then spread the result.

    Exports repeat the same dates, coordinates, codes and names over and over (a million ACLED
    rows hold a few thousand dates and places), so per-value work done on the groups costs
    what the distinct values cost, not what the rows cost.

    Attributes
    ----------
    codes
        Group of every row (groups numbered in order of first appearance).
    first
        First row of every group.
    """

    codes: np.ndarray
    first: np.ndarray

    def pick(self, values: Any) -> Any:
        """Values of the first row of each group (a Series keeps its dtype, index 0..k-1)."""
        if isinstance(values, pd.Series):
            return values.iloc[self.first].reset_index(drop=True)
        return np.asarray(values)[self.first]

    def spread(self, values: Any) -> np.ndarray:
        """Per-group values back onto the rows."""
        return np.asarray(values)[self.codes]

    def recorder(self, source: str) -> _Recorder:
        """Rejections over the groups, to :meth:`Rejections.replay` on the rows."""
        return _Recorder(source)


def distinct(*keys: Any) -> Distinct:
    """Group rows by the values of one or more aligned columns (Series or arrays)."""
    n = len(keys[0])
    codes = np.zeros(n, dtype=np.int64)
    for key in keys:
        part, uniques = pd.factorize(key, use_na_sentinel=False)
        if len(uniques) > 1:
            # Mixed radix then renumbered: the product never exceeds n * n.
            codes, _ = pd.factorize(codes * len(uniques) + part)
    codes = np.asarray(codes, dtype=np.int64)
    if not n:
        return Distinct(codes, np.array([], dtype=np.int64))
    # Groups are numbered by first appearance: a row starts a group when its code is new.
    seen = np.maximum.accumulate(np.concatenate(([-1], codes[:-1])))
    return Distinct(codes, np.flatnonzero(codes > seen))


def _cell(value: Any) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    text = str(value)
    return text if len(text) <= MAX_VALUE_CHARS else text[:MAX_VALUE_CHARS] + "…"


def rejected_frame(records: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """A rejected table (source, line, column, value, reason)."""
    frame = pd.DataFrame(list(records), columns=list(REJECTED_COLUMNS))
    frame["line"] = frame["line"].astype("int64")
    return frame


def unresolved_frame(records: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """An unresolved table (place, source, evidence, reason, candidates)."""
    return pd.DataFrame(list(records), columns=list(UNRESOLVED_COLUMNS)).astype(object)


# --------------------------------------------------------------------------- cells
def text(values: Any, n: int | None = None) -> pd.Series:
    """Cells as stripped strings ("" for missing), in pandas' Arrow-backed ``str`` dtype."""
    if values is None:
        return pd.Series([""] * (n or 0), dtype="str")
    s = values if isinstance(values, pd.Series) else pd.Series(values)
    s = s.reset_index(drop=True)
    if not isinstance(s.dtype, pd.StringDtype):
        # JSON and Parquet cells may be numbers, booleans or null.
        s = s.astype(object).where(s.notna(), "").map(_to_str).astype("str")
    if s.hasnans:
        s = s.fillna("")
    stripped = s.str.strip()
    # Most columns have nothing to strip: keep the cells instead of a second copy of them.
    if len(s) and int(stripped.str.len().sum()) == int(s.str.len().sum()):
        return s
    return stripped


def vmap(values: pd.Series, mapping: Mapping[str, Any] | Callable[[str], Any],
         default: Any = None) -> np.ndarray:
    """Map each distinct value once (fast for columns with few distinct values)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    get = mapping if callable(mapping) else (lambda v: mapping.get(v, default))
    table = np.empty(len(uniques) + 1, dtype=object)
    table[:-1] = [get(u) for u in uniques.tolist()]
    table[-1] = default
    return table[codes]


def _to_str(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # JSON 1.0 for a code "1"
    return str(value)


def column(raw: pd.DataFrame, name: str) -> pd.Series:
    """Column ``name`` as stripped strings ("" everywhere if the table has no such column)."""
    if name in raw.columns:
        return text(raw[name])
    return pd.Series([""] * len(raw), dtype="str")


def numbers(values: pd.Series) -> np.ndarray:
    """Cells as floats (NaN for empty or not a number)."""
    return pd.to_numeric(values.where(values != "", None), errors="coerce").to_numpy(
        dtype="float64", na_value=np.nan)


# --------------------------------------------------------------------------- dates
def parse_dates(values: pd.Series, column_name: str, rej: Rejections, *,
                required: bool) -> np.ndarray:
    """Validate dates; return ISO ``YYYY-MM-DD`` strings ("" where empty or rejected).

    Each distinct spelling is checked once (exports hold a few thousand dates).
    """
    s = text(values)
    groups = distinct(s)
    sub = groups.recorder(rej.source)
    out = _parse_dates(groups.pick(s), column_name, sub, required=required)
    rej.replay(sub, groups)
    return groups.spread(out)


def _parse_dates(s: pd.Series, column_name: str, rej: Rejections, *,
                 required: bool) -> np.ndarray:
    out = np.array([""] * len(s), dtype=object)
    empty = (s == "").to_numpy()
    if required:
        rej.add(empty, column_name, s, "date is empty")
    iso = s.str.match(_ISO_DAY.pattern).to_numpy(dtype=bool) & ~empty
    if iso.any():
        parsed = pd.to_datetime(s[iso], format="%Y-%m-%d", errors="coerce")
        ok = parsed.notna().to_numpy()
        idx = np.flatnonzero(iso)
        out[idx[ok]] = s.to_numpy()[idx[ok]]
        bad = np.zeros(len(s), dtype=bool)
        bad[idx[~ok]] = True
        rej.add(bad, column_name, s, "impossible date (no such day in the calendar)")
    other = ~iso & ~empty
    if other.any():
        idx = np.flatnonzero(other)
        for i, value in zip(idx.tolist(), s.to_numpy()[idx].tolist(), strict=True):
            parsed_value, why = _parse_other(value)
            if parsed_value is None:
                rej.add_one(i, column_name, value, why)
            else:
                out[i] = parsed_value
    years = pd.to_numeric(pd.Series(out, dtype="str").str.slice(0, 4), errors="coerce")
    years = years.fillna(0).to_numpy()
    implausible = (out != "") & ((years < MIN_YEAR) | (years > MAX_YEAR))
    rej.add(implausible, column_name, s,
            f"impossible date (year outside {MIN_YEAR}-{MAX_YEAR})")
    out[implausible] = ""
    return out


@functools.lru_cache(maxsize=65536)
def _parse_other(value: str) -> tuple[str | None, str]:
    if re.match(r"^\d{4}-\d{1,2}-\d{1,2}", value):
        head = value[:10].split("T")[0].split(" ")[0]
        try:
            y, m, d = (int(p) for p in head.split("-"))
            day = _dt.date(y, m, d)
        except ValueError:
            return None, "impossible date (no such day in the calendar)"
        for fmt in _DATE_FORMATS[:6]:
            try:
                _dt.datetime.strptime(value, fmt)
            except ValueError:
                continue
            return day.isoformat(), ""
        return None, "unrecognised date; use YYYY-MM-DD"
    for fmt in _DATE_FORMATS:
        try:
            return _dt.datetime.strptime(value, fmt).date().isoformat(), ""
        except ValueError:
            continue
    if re.match(r"^\d{1,2}[/.]\d{1,2}[/.]\d{2,4}$", value):
        return None, "ambiguous day/month order; use YYYY-MM-DD"
    return None, "unrecognised date; use YYYY-MM-DD"


# --------------------------------------------------------------------------- coordinates
def coordinates(raw_lat: pd.Series, raw_lon: pd.Series, rej: Rejections, *,
                lat_col: str = "latitude", lon_col: str = "longitude",
                required: bool = True) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Validate coordinate cells; return (lat, lon, missing) with NaN where rejected/missing.

    ``missing`` marks rows where both cells are empty; they are rejected only when
    ``required``. A lone latitude or longitude, text, out-of-range values and (0, 0) are
    always rejected; values that fit the other axis are flagged as probably swapped.
    """
    lat_s, lon_s = text(raw_lat), text(raw_lon)
    # Checked once per distinct (latitude, longitude) pair: rows repeat their places.
    groups = distinct(lat_s, lon_s)
    sub = groups.recorder(rej.source)
    lat, lon, missing = _coordinates(groups.pick(lat_s), groups.pick(lon_s), sub,
                                     lat_col=lat_col, lon_col=lon_col, required=required)
    rej.replay(sub, groups)
    bad = rej.mask_of(len(lat_s))
    lat = np.where(bad, np.nan, groups.spread(lat))
    lon = np.where(bad, np.nan, groups.spread(lon))
    return lat, lon, groups.spread(missing)


def _coordinates(lat_s: pd.Series, lon_s: pd.Series, rej: Rejections, *, lat_col: str,
                 lon_col: str, required: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    lat, lon = numbers(lat_s), numbers(lon_s)
    lat_empty = (lat_s == "").to_numpy()
    lon_empty = (lon_s == "").to_numpy()
    missing = lat_empty & lon_empty
    if required:
        rej.add(missing, lat_col, lat_s, "missing latitude and longitude")
    rej.add(lat_empty & ~lon_empty, lat_col, lat_s, "missing latitude (longitude is given)")
    rej.add(lon_empty & ~lat_empty, lon_col, lon_s, "missing longitude (latitude is given)")
    for s, v, empty, col in ((lat_s, lat, lat_empty, lat_col), (lon_s, lon, lon_empty, lon_col)):
        rej.add(~empty & ~np.isfinite(v), col, s, _not_a_number)
    with np.errstate(invalid="ignore"):
        lat_out = np.abs(lat) > 90
        lon_out = np.abs(lon) > 180
        swapped = lat_out & (np.abs(lat) <= 180) & (np.abs(lon) <= 90)
    rej.add(swapped, lat_col, lat_s,
            "latitude out of range [-90, 90]; latitude and longitude look swapped")
    rej.add(lat_out & ~swapped, lat_col, lat_s, "latitude out of range [-90, 90]")
    rej.add(lon_out, lon_col, lon_s, "longitude out of range [-180, 180]")
    rej.add((lat == 0) & (lon == 0), lat_col, lat_s,
            "latitude and longitude are both 0 (a placeholder, not a place)")
    return lat, lon, missing


def _not_a_number(value: Any) -> str:
    if isinstance(value, str) and re.match(r"^-?\d+,\d+$", value.strip()):
        return "not a number (use a dot as the decimal separator)"
    return "not a number"


# --------------------------------------------------------------------------- actors
def resolve_actors(names: pd.Series, actors: Any, *, variants: Callable[[str], list[str]]
                   | None = None) -> pd.Series:
    """Canonical actor ids for names (unknown names are kept as written).

    Each distinct name is resolved once; ``variants`` gives extra spellings to try (e.g. the
    parts of an ACLED actor name) when the whole name is unknown.
    """
    if actors is None or not len(names):
        return names
    resolved = vmap(names, lambda name: _resolve_one(name, actors, variants) if name else "")
    return pd.Series(resolved, dtype="str")


def _resolve_one(name: str, actors: Any, variants: Callable[[str], list[str]] | None) -> str:
    for candidate in [name, *(variants(name) if variants else [])]:
        try:
            found = actors.resolve(candidate)
        except Exception:  # an actor set must never lose a row
            log.debug("actor resolution failed for %r", candidate, exc_info=True)
            found = None
        if found:
            return str(found)
    return name


# --------------------------------------------------------------------------- geocoding
@dataclass
class Geocoded:
    """Outcome of geocoding some rows: gazetteer fields per resolved row, reasons otherwise."""

    fields: dict[int, dict[str, Any]] = field(default_factory=dict)
    unresolved: dict[int, tuple[str, str]] = field(default_factory=dict)


def geocode(rows: Iterable[int], names: pd.Series, countries: pd.Series,
            gazetteer: Any) -> Geocoded:
    """Resolve place names of the given rows with the gazetteer (once per name+country).

    A :class:`~geomap.gazetteer.Gazetteer` resolves them all together (``geocode``, the
    column-wise path: same answers as ``lookup``); other gazetteers name by name.
    """
    out = Geocoded()
    todo = list(rows)
    pairs = [(str(names.iat[i]), str(countries.iat[i])) for i in todo]
    memo: dict[tuple[str, str], Any] = {}
    batch = getattr(gazetteer, "geocode", None)
    if callable(batch) and len(set(pairs)) > 1:
        try:
            distinct = list(dict.fromkeys(pairs))
            frame = batch([n for n, _ in distinct], country=[c or None for _, c in distinct])
            for pair, row in zip(distinct, frame.itertuples(index=False), strict=True):
                if row.resolved:
                    memo[pair] = row
        except Exception:  # the name-by-name path below still accounts for every row
            log.debug("column-wise geocoding failed; name by name", exc_info=True)
            memo.clear()
    for i, key in zip(todo, pairs, strict=True):
        if key not in memo:
            name, cc = key
            try:
                memo[key] = gazetteer.lookup(name, country=cc or None)
            except Exception as exc:  # never lose the row: it becomes unresolved
                log.debug("gazetteer failed on %r", name, exc_info=True)
                memo[key] = exc
        res = memo[key]
        if isinstance(res, Exception):
            out.unresolved[i] = (f"gazetteer error: {res}", "")
            continue
        if hasattr(res, "resolved"):  # a row of the column-wise answer
            place, confidence = res, res.confidence
            lat, lon = res.latitude, res.longitude
        else:
            place = getattr(res, "place", None)
            if place is None:
                reason = getattr(res, "reason", "") or "not in gazetteer"
                out.unresolved[i] = (reason, candidates_text(getattr(res, "candidates", [])))
                continue
            confidence, lat, lon = getattr(res, "confidence", 1.0), place.lat, place.lon
        out.fields[i] = {
            "location": place.name,
            "country": place.country or key[1],
            "latitude": float(lat),
            "longitude": float(lon),
            "geo_precision": place.geo_precision or "town",
            "gazetteer_id": place.id,
            "confidence": float(confidence or 0.0),
        }
    return out


def candidates_text(candidates: Iterable[Any], limit: int = 5) -> str:
    """``"Name (CC, source:id); ..."`` for the first candidates."""
    return "; ".join(f"{p.name} ({p.country}, {p.id})" for p in list(candidates)[:limit])


# --------------------------------------------------------------------------- countries
@functools.lru_cache(maxsize=4096)
def country_code(value: str) -> str | None:
    """ISO 3166-1 alpha-2 code for a code (alpha-2/alpha-3/numeric) or English name."""
    v = value.strip()
    if not v:
        return ""
    import pycountry

    try:
        if v.isdigit():
            found = pycountry.countries.get(numeric=v.zfill(3))
        elif len(v) == 2:
            found = pycountry.countries.get(alpha_2=v.upper())
        elif len(v) == 3 and v.isalpha() and v.isupper():
            found = pycountry.countries.get(alpha_3=v.upper())
        else:
            found = None
        if found is None:
            found = pycountry.countries.lookup(v)
    except LookupError:
        found = _COUNTRY_NAMES.get(v.lower())
        if found is None:
            return None
        return found
    return str(found.alpha_2)


#: Names used by ACLED/UCDP that pycountry does not know.
_COUNTRY_NAMES: Final[dict[str, Any]] = {
    "democratic republic of congo": "CD",
    "dr congo (zaire)": "CD",
    "republic of congo": "CG",
    "russia (soviet union)": "RU",
    "yemen (north yemen)": "YE",
    "myanmar (burma)": "MM",
    "cambodia (kampuchea)": "KH",
    "ivory coast": "CI",
    "turkey": "TR",
    "syria": "SY",
    "iran": "IR",
    "bolivia": "BO",
    "venezuela": "VE",
    "tanzania": "TZ",
    "palestine": "PS",
    "kosovo": "XK",
    "serbia (yugoslavia)": "RS",
    "bosnia-herzegovina": "BA",
    "madagascar (malagasy)": "MG",
    "zimbabwe (rhodesia)": "ZW",
    "vietnam (north vietnam)": "VN",
    "eswatini": "SZ",
}


def country_codes(values: pd.Series) -> np.ndarray:
    """Vector of ISO2 codes ("" where empty, None where unknown)."""
    return vmap(values, country_code)


# --------------------------------------------------------------------------- frames
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
    """SHA-1 for many short keys: CPython's own implementation when present (a third faster
    than OpenSSL's per call, same digest), else :func:`hashlib.sha1`."""
    import importlib

    try:
        return cast(Callable[[bytes], Any], importlib.import_module("_sha1").sha1)
    except (ImportError, AttributeError):  # pragma: no cover - CPython builds ship _sha1
        return functools.partial(hashlib.sha1, usedforsecurity=False)


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
    ok = ~(np.isnan(lat) | np.isnan(lon))
    geometry = np.full(n, None, dtype=object)
    if ok.any():
        geometry[ok] = shapely.points(lon[ok], lat[ok])
    return gpd.GeoDataFrame(df, geometry=gpd.GeoSeries(geometry, crs=CRS), crs=CRS)


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
    """

    path: str
    format: str
    rows: int
    events: gpd.GeoDataFrame
    unresolved: pd.DataFrame
    rejected: pd.DataFrame

    @property
    def balanced(self) -> bool:
        """Whether every record is accounted for."""
        return self.rows == len(self.events) + len(self.unresolved) + len(self.rejected)

    def summary(self) -> str:
        """``"<path> (<format>): N events, M unresolved, K rejected"``."""
        return (f"{self.path} ({self.format}): {len(self.events)} events, "
                f"{len(self.unresolved)} unresolved, {len(self.rejected)} rejected")


def finish(raw: Any, fmt: str, rej: Rejections, columns: dict[str, Any],
           unresolved: Mapping[int, dict[str, Any]] | None = None,
           extra: Mapping[str, Any] | None = None) -> TableResult:
    """Assemble a :class:`TableResult`: rows neither rejected nor unresolved become events.

    ``columns`` and ``extra`` hold one value per raw row; ``unresolved`` maps row -> record.
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
    rejected = list(raw.rejected) + rej.records(raw.lines)
    rejected.sort(key=lambda r: r["line"])
    return TableResult(
        path=raw.path, format=fmt, rows=raw.records, events=events,
        unresolved=unresolved_frame(unresolved[i] for i in sorted(unresolved)),
        rejected=rejected_frame(rejected),
    )


# --------------------------------------------------------------------------- swapped axes
#: Tolerance around a country's bounding box (degrees) before a point counts as outside it.
BOX_MARGIN: Final = 1.0
_BOXES_FILE: Final = "country-boxes-ne10m-v1.json"


@functools.cache
def country_boxes() -> dict[str, tuple[float, float, float, float]]:
    """ISO2 -> (min lon, min lat, max lon, max lat) of Natural Earth outlines, cached on disk.

    The outlines take seconds to load; their boxes are a few kilobytes of JSON, built once per
    cache folder. Empty (no check) if the outlines are unavailable.
    """
    import json
    import os
    from pathlib import Path

    env = os.environ.get("GEOMAP_CACHE_DIR")
    xdg = os.environ.get("XDG_CACHE_HOME")
    folder = (Path(env).expanduser() if env else
              (Path(xdg) if xdg else Path.home() / ".cache") / "geomap")
    path = folder / _BOXES_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {k: (v[0], v[1], v[2], v[3]) for k, v in data.items()}
    except (OSError, ValueError, TypeError, IndexError):
        pass
    try:
        from geomap.gazetteer.boundaries import countries

        frame = countries()
    except Exception as exc:  # the check is a help, never a reason to fail a read
        log.debug("country outlines unavailable, no swap check: %s", exc)
        return {}
    bounds = frame.geometry.bounds
    boxes = {
        code: (float(b.minx), float(b.miny), float(b.maxx), float(b.maxy))
        for code, b in zip(frame["iso_a2"], bounds.itertuples(index=False), strict=True)
        if code
    }
    try:
        from geomap._io.atomic import write_text

        write_text(path, json.dumps(boxes, sort_keys=True))
    except OSError as exc:
        log.debug("country boxes not cached: %s", exc)
    return boxes


def check_swapped(lat: np.ndarray, lon: np.ndarray, countries: Any, rej: Rejections, *,
                  lat_col: str = "latitude", values: Any = None) -> None:
    """Reject points outside their country's box whose swapped point falls inside it.

    Both values are valid coordinates, so only the stated country can reveal the swap
    (e.g. Tarhuna, Libya given as 13.63, 32.43: a point in Sudan).
    """
    codes = np.asarray(countries, dtype=object)
    known = (codes != "") & ~pd.isna(codes) & np.isfinite(lat) & np.isfinite(lon)
    if not known.any():
        return
    boxes = country_boxes()
    if not boxes:
        return
    # One test per distinct (country, point): rows repeat their places.
    groups = distinct(codes, lat, lon)
    first = groups.first
    bad = groups.spread(_outside_but_swapped_inside(codes[first], lat[first], lon[first],
                                                    boxes)) & known
    if bad.any():
        shown = values if values is not None else pd.Series(lat)
        for i in np.flatnonzero(bad).tolist():
            rej.add_one(i, lat_col, shown.iat[i] if isinstance(shown, pd.Series) else shown[i],
                        f"point ({lat[i]:g}, {lon[i]:g}) is outside {codes[i]}; latitude and "
                        f"longitude look swapped")


def _outside_but_swapped_inside(codes: np.ndarray, lat: np.ndarray, lon: np.ndarray,
                                boxes: Mapping[str, tuple[float, float, float, float]]
                                ) -> np.ndarray:
    """Whether each point lies outside its country's box while the swapped point lies inside."""
    out = np.zeros(len(codes), dtype=bool)
    box = [boxes.get(str(c)) if isinstance(c, str) and c else None for c in codes.tolist()]
    idx = np.flatnonzero([b is not None for b in box])
    if not len(idx):
        return out
    b = np.array([box[i] for i in idx.tolist()], dtype="float64")
    x, y = lon[idx], lat[idx]
    m = BOX_MARGIN
    with np.errstate(invalid="ignore"):
        inside = ((x >= b[:, 0] - m) & (x <= b[:, 2] + m) & (y >= b[:, 1] - m)
                  & (y <= b[:, 3] + m))
        swapped_inside = (y >= b[:, 0]) & (y <= b[:, 2]) & (x >= b[:, 1]) & (x <= b[:, 3])
    out[idx[~inside & swapped_inside]] = True
    return out


# --------------------------------------------------------------------------- gazetteer links
#: A table row's place is linked to a gazetteer entry of the same name at most this far away.
LINK_MAX_KM: Final = 10.0


def link_places(names: pd.Series, countries: Any, lat: np.ndarray, lon: np.ndarray,
                ctx: Context, skip: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Gazetteer id and canonical name for table rows whose named place is where the row says.

    Tables with coordinates (ACLED, UCDP) name their place too; linking it to the gazetteer
    gives the row the same ``gazetteer_id`` and ``location`` as an article that names the same
    place, so the same change from both merges into one event. Each distinct
    (name, country, ~1 km cell) is looked up once; a candidate farther than
    :data:`LINK_MAX_KM` from the row's point is not linked (another place of that name).

    Returns
    -------
    (gazetteer_id, location)
        Object arrays; ``""`` / the name as written where not linked.
    """
    n = len(names)
    ids = np.full(n, "", dtype=object)
    location = names.to_numpy(dtype=object).copy()
    ok = ~skip & np.isfinite(lat) & np.isfinite(lon) & (names != "").to_numpy()
    if not ok.any():
        return ids, location
    try:
        gazetteer = ctx.gazetteer()
    except Exception as exc:  # linking is a help: without a gazetteer rows keep their names
        log.debug("no gazetteer for linking table places: %s", exc)
        return ids, location
    idx = np.flatnonzero(ok)
    name_ = names.iloc[idx].reset_index(drop=True)
    cc = np.asarray(countries, dtype=object)[idx]
    la_, lo_ = np.round(lat[idx], 2), np.round(lon[idx], 2)
    groups = distinct(name_, cc, la_, lo_)
    codes, first = groups.codes, groups.first
    found_id = np.full(len(first), "", dtype=object)
    found_name = np.full(len(first), "", dtype=object)
    uniques = zip(name_.iloc[first].tolist(), cc[first].tolist(), la_[first].tolist(),
                  lo_[first].tolist(), strict=True)
    for k, (name, code, la, lo) in enumerate(uniques):
        try:
            res = gazetteer.lookup(name, country=code or None, near=(la, lo))
        except Exception:  # never lose a row over a lookup
            log.debug("gazetteer lookup failed for %r", name, exc_info=True)
            continue
        place = getattr(res, "place", None)
        if place is not None and _km(la, lo, place.lat, place.lon) <= LINK_MAX_KM:
            found_id[k], found_name[k] = place.id, place.name
    linked = found_id[codes] != ""
    ids[idx[linked]] = found_id[codes][linked]
    location[idx[linked]] = found_name[codes][linked]
    return ids, location


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    import math

    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))
