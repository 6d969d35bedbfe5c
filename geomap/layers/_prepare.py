"""Column access and coding of an events frame: factorised, vectorised, no row loops.

Columns with few distinct values (kind, actor, dates, places) are factorised once (fast on
pandas' Arrow-backed strings) and handled as integer codes; only the distinct values are turned
into Python strings. Columns with many distinct values (ids, evidence) are taken for the rows
that need them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, Final

import numpy as np
import pandas as pd

from geomap.layers._timeline import PRECISIONS, TIMELINE_KINDS


def _as_text(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def coded(frame: pd.DataFrame, name: str,
          rows: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Codes and distinct values of a text column; missing values map to a trailing "".

    Returns
    -------
    codes, values
        ``values[codes]`` is the column as ``str`` (for ``rows`` only, if given).
    """
    if name not in frame.columns:
        n = len(frame) if rows is None else len(rows)
        return np.zeros(n, dtype=np.int64), np.array([""], dtype=object)
    codes, uniques = pd.factorize(frame[name], use_na_sentinel=True)
    values = np.array([_as_text(u) for u in uniques.tolist()] + [""], dtype=object)
    codes = np.where(codes < 0, len(values) - 1, codes).astype(np.int64)
    if rows is not None:
        codes = codes[rows]
    return codes, values


def text_column(frame: pd.DataFrame, name: str, rows: np.ndarray | None = None) -> np.ndarray:
    """A low-cardinality column as an object array of ``str`` ("" where missing)."""
    codes, values = coded(frame, name, rows)
    return values[codes]


def take_text(frame: pd.DataFrame, name: str, rows: np.ndarray) -> np.ndarray:
    """A high-cardinality column (ids, evidence) as ``str`` for ``rows`` only."""
    if name not in frame.columns:
        return np.full(len(rows), "", dtype=object)
    col = frame[name].iloc[rows]
    out = col.to_numpy(dtype=object)
    missing = pd.isna(col).to_numpy()
    if missing.any():
        out[missing] = ""
    if col.dtype != object and not pd.api.types.is_string_dtype(col):
        out = np.array([_as_text(v) for v in out.tolist()], dtype=object)
    return out


def float_column(frame: pd.DataFrame, name: str, rows: np.ndarray | None = None) -> np.ndarray:
    """A column as float64 (NaN where missing or not a number)."""
    n = len(frame) if rows is None else len(rows)
    if name not in frame.columns:
        return np.full(n, np.nan)
    col = frame[name] if rows is None else frame[name].iloc[rows]
    if pd.api.types.is_float_dtype(col):
        return col.to_numpy(dtype="float64", na_value=np.nan)
    return pd.to_numeric(col, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)


def bool_column(frame: pd.DataFrame, name: str, default: bool = True,
                rows: np.ndarray | None = None) -> np.ndarray:
    """A column as bool; strings like "false"/"0"/"no" are False."""
    n = len(frame) if rows is None else len(rows)
    if name not in frame.columns:
        return np.full(n, default, dtype=bool)
    col = frame[name]
    if pd.api.types.is_bool_dtype(col) and not col.isna().any():
        out = col.to_numpy(dtype=bool)
        return out if rows is None else out[rows]
    codes, uniques = pd.factorize(col, use_na_sentinel=True)
    table = np.empty(len(uniques) + 1, dtype=bool)
    for i, value in enumerate(uniques.tolist()):
        if isinstance(value, str):
            table[i] = value.strip().lower() in {"1", "true", "yes", "y", "t"}
        else:
            table[i] = bool(value)
    table[-1] = default
    codes = codes if rows is None else codes[rows]
    return table[codes]


def vocabulary_codes(codes: np.ndarray, values: np.ndarray, vocabulary: Sequence[str],
                     default: int) -> np.ndarray:
    """Index in ``vocabulary`` of each coded value (``default`` when absent)."""
    lookup = {v: i for i, v in enumerate(vocabulary)}
    table = np.array([lookup.get(str(v).strip().lower(), default) for v in values.tolist()],
                     dtype=np.int64)
    return table[codes]


def kind_codes(codes: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Timeline kind code (0 change, 1 claim, 2 contested, 3 held) or -1."""
    return vocabulary_codes(codes, values, TIMELINE_KINDS, -1)


def precision_codes(codes: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Date precision code (index into PRECISIONS; unknown words -> "unknown")."""
    return vocabulary_codes(codes, values, PRECISIONS, len(PRECISIONS) - 1)


def place_codes(
    gid: tuple[np.ndarray, np.ndarray],
    location: tuple[np.ndarray, np.ndarray],
    written: tuple[np.ndarray, np.ndarray],
    country: tuple[np.ndarray, np.ndarray],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Codes and keys of places: the gazetteer id, else ``location|country``.

    Each argument is ``(codes, values)`` from :func:`coded`; ``written`` (the name as written)
    stands in for an empty location.

    Returns
    -------
    codes, keys, first
        ``codes[i]`` indexes ``keys`` (sorted, so codes do not depend on row order);
        ``first[p]`` is a row of place ``p``.
    """
    gc, gv = gid
    lc, lv = location
    wc, wv = written
    cc, cv = country
    n = len(gc)
    if n == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=object), np.zeros(0, np.int64)
    has_id = gv[gc] != ""
    loc_empty = lv[lc] == ""
    name_code = np.where(loc_empty, len(lv) + wc, lc)
    n_names = len(lv) + len(wv)
    key = np.where(has_id, gc, len(gv) + name_code * len(cv) + cc).astype(np.int64)
    del n_names
    combined, _ = pd.factorize(key)
    n_places = int(combined.max()) + 1
    first = np.empty(n_places, dtype=np.int64)
    first[combined[::-1]] = np.arange(n)[::-1]
    names = np.where(loc_empty[first], wv[wc[first]], lv[lc[first]])
    keys = np.array(
        [g if g else f"{nm}|{c}" for g, nm, c in zip(
            gv[gc[first]].tolist(), names.tolist(), cv[cc[first]].tolist(), strict=True)],
        dtype=object,
    )
    order = np.argsort(keys.astype(str), kind="stable")
    rank = np.empty(n_places, dtype=np.int64)
    rank[order] = np.arange(n_places)
    return rank[combined], keys[order], first[order]


def actor_codes(
    *columns: tuple[np.ndarray, np.ndarray],
) -> tuple[list[np.ndarray], np.ndarray]:
    """Joint codes (-1 for "") of several coded actor columns and the sorted actor ids."""
    names = sorted({str(v) for _, values in columns for v in values.tolist()} - {""})
    index = {v: i for i, v in enumerate(names)}
    out = []
    for codes, values in columns:
        table = np.array([index.get(str(v), -1) for v in values.tolist()], dtype=np.int64)
        out.append(table[codes])
    return out, np.array(names, dtype=object)


#: Actor values that name a state of the place, not an actor (analyst tables write them).
STATE_ACTORS: Final = frozenset({"contested", "gray zone", "grey zone"})


def split_states(
    actor: np.ndarray, previous: np.ndarray, names: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Take state words (``contested``, ``Gray zone``) out of the actors.

    Returns
    -------
    actor, previous, names, stated
        Codes renumbered over the remaining ``names`` (-1 for a state word) and a mask of the
        rows whose actor was a state word: those rows report the place contested.
    """
    is_state = np.array([str(v).strip().lower() in STATE_ACTORS for v in names.tolist()],
                        dtype=bool)
    if not is_state.any():
        return actor, previous, names, np.zeros(len(actor), dtype=bool)
    remap = np.full(len(names) + 1, -1, dtype=np.int64)  # slot -1 stays -1
    remap[np.flatnonzero(~is_state)] = np.arange(int((~is_state).sum()))
    stated = (actor >= 0) & is_state[np.maximum(actor, 0)]
    return remap[actor], remap[previous], names[~is_state], stated
