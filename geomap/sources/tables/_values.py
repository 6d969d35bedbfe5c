"""Typed values of table cells: text, numbers, dates, coordinates, countries, actors.

Every check is column-wise and runs once per distinct value (exports repeat the same dates,
places and names over millions of rows); problems go to a :class:`Rejections`.
"""

from __future__ import annotations

import datetime as _dt
import functools
import logging
import re
from collections.abc import Callable, Mapping
from typing import Any, Final

import numpy as np
import pandas as pd

from geomap.sources.tables._rejections import Rejections, distinct

log = logging.getLogger("geomap.sources.tables")

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
    if not _may_strip(s):
        return s
    stripped = s.str.strip()
    # Most columns have nothing to strip: keep the cells instead of a second copy of them.
    if len(s) and int(stripped.str.len().sum()) == int(s.str.len().sum()):
        return s
    return stripped


def _may_strip(s: pd.Series) -> bool:
    """Whether ``s.str.strip()`` might change a cell (``True`` when unsure).

    Reads the first and last byte of every cell in Arrow's buffers: a cell can only lose
    whitespace when one of them is ASCII whitespace or a control character (<= 0x20) or part
    of a multi-byte character (>= 0x80: Unicode spaces). Most columns have neither, and the
    check costs a fraction of stripping a million cells and comparing their lengths.
    """
    import pyarrow as pa

    arrow = getattr(s.array, "__arrow_array__", None)
    if arrow is None:
        return True
    chunked = arrow()
    chunks = chunked.chunks if isinstance(chunked, pa.ChunkedArray) else [chunked]
    for chunk in chunks:
        if chunk.null_count or not (pa.types.is_string(chunk.type)
                                    or pa.types.is_large_string(chunk.type)):
            return True
        if not len(chunk):
            continue
        _, offsets_buf, data_buf = chunk.buffers()
        width = "int64" if pa.types.is_large_string(chunk.type) else "int32"
        offsets = np.frombuffer(offsets_buf, dtype=width)[
            chunk.offset:chunk.offset + len(chunk) + 1].astype(np.int64)
        if data_buf is None or offsets[-1] == offsets[0]:
            continue  # only empty cells
        data = np.frombuffer(data_buf, dtype=np.uint8)
        full = offsets[1:] > offsets[:-1]
        first = data[offsets[:-1][full]]
        last = data[offsets[1:][full] - 1]
        if ((first <= 0x20) | (first >= 0x80) | (last <= 0x20) | (last >= 0x80)).any():
            return True
    return False


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
    out = _parse_dates(_slashed_to_iso(groups.pick(s)), column_name, sub, required=required)
    rej.replay(sub, groups)
    return groups.spread(out)


#: ``21/10/2023``, ``10.21.2023``: numbers whose order (day or month first) the text leaves open.
_SLASHED: Final = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")


def _slashed_to_iso(s: pd.Series) -> pd.Series:
    """Slashed dates rewritten as ISO when the column itself shows their order.

    A spreadsheet writes every date of a column in one order, so one ``21/10/2023`` (no month
    21) shows that ``05/10/2023`` beside it is 5 October. A column with no such date, or with
    dates that show both orders, keeps them as written: they are rejected as ambiguous.
    """
    if not s.str.contains(r"\d[/.]\d", regex=True).any():
        return s
    parts = [(int(m.group(1)), int(m.group(2))) for v in pd.unique(s)
             if (m := _SLASHED.match(v)) is not None]
    day_first = any(a > 12 for a, _ in parts)
    month_first = any(b > 12 for _, b in parts)
    if day_first == month_first:
        return s

    def iso(value: str) -> str:
        m = _SLASHED.match(value)
        if m is None:
            return value
        a, b = int(m.group(1)), int(m.group(2))
        day, month = (a, b) if day_first else (b, a)
        return f"{m.group(3)}-{month:02d}-{day:02d}"

    return pd.Series(vmap(s, iso), index=s.index, dtype="str")


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
                   | None = None, countries: Any = None) -> pd.Series:
    """Canonical actor ids for names (unknown names are kept as written).

    Each distinct name (per country) is resolved once; ``variants`` gives extra spellings to
    try (e.g. the parts of an ACLED actor name) when the whole name is unknown. ``countries``
    (ISO codes per row, "" where unknown) breaks ties between actor sets that share a name:
    "government forces" in a Sudanese row is the Sudanese army, not Libya's GNA.
    """
    if actors is None or not len(names):
        return names
    if countries is None:
        codes, uniques = pd.factorize(names, use_na_sentinel=False)
        resolved = [_resolve_one(name, actors, variants) if name else ""
                    for name in uniques.tolist()]
        return text_series(codes, resolved)
    # Pairs as integer codes (a million-row export has few distinct names and countries).
    name_codes, name_uniques = pd.factorize(names, use_na_sentinel=False)
    cc_codes, cc_uniques = pd.factorize(pd.Series(np.asarray(countries, dtype=object)).fillna(""),
                                        use_na_sentinel=False)
    pairs = name_codes.astype(np.int64) * len(cc_uniques) + cc_codes
    unique_pairs, codes = np.unique(pairs, return_inverse=True)
    names_list, cc_list = name_uniques.tolist(), cc_uniques.tolist()
    resolved = []
    for pair in unique_pairs.tolist():
        name, code = names_list[pair // len(cc_list)], cc_list[pair % len(cc_list)]
        resolved.append(_resolve_one(name, actors, variants, str(code) or None) if name else "")
    return text_series(codes.reshape(-1), resolved)


#: ACLED's and UCDP's name of a state's own forces: ``Military Forces of Sudan (2019-)``,
#: ``Government of Myanmar (Burma)`` (the years and former names in parentheses).
_STATE_FORCES: Final = re.compile(
    r"^(?:Military Forces|Government) of (?P<state>[^()]+?)\s*(?:\([^()]*\))?$")


def state_forces_variants(name: str) -> list[str]:
    """``"<state>'s army"`` and ``"<state>'s military"`` for a dataset's name of a state's forces.

    Actor sets name a state's forces the way news does (``Sudan's army``), not the way the
    datasets do; these spellings let the sets resolve them. Other names give ``[]``.
    """
    m = _STATE_FORCES.match(name.strip())
    if not m:
        return []
    state = m.group("state").strip()
    return [f"{state}'s army", f"{state}'s military"]


def text_series(codes: np.ndarray, table: list[Any]) -> pd.Series:
    """``table[codes]`` as a ``str`` Series, taken in Arrow from the distinct values.

    Building the Series from a million Python strings costs 0.1-0.2 s per column; the take
    costs a tenth of that and gives the same Series (values, missing values, dtype).
    """
    import pyarrow as pa

    try:
        values = pa.array(table, type=pa.large_string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # not all text: let pandas convert
        cells = np.empty(len(table), dtype=object)
        cells[:] = table
        return pd.Series(cells[codes], dtype="str")
    return pd.Series(values.take(pa.array(codes)), dtype="str")


def _resolve_one(name: str, actors: Any, variants: Callable[[str], list[str]] | None,
                 country: str | None = None) -> str:
    extra = variants(name) if variants else []
    # A dataset's name of a state's forces is tried as the press names them first: whole,
    # "Government of Russia" would fall back on its bare tail "Russia", which may be another
    # conflict's actor id (Syria's RUSSIA in a Ukrainian row).
    first = [*extra, name] if extra and _STATE_FORCES.match(name.strip()) else [name, *extra]
    for candidate in first:
        try:
            found = actors.resolve(candidate, country=country)
        except Exception:  # an actor set must never lose a row
            log.debug("actor resolution failed for %r", candidate, exc_info=True)
            found = None
        if found:
            return str(found)
    return name


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
