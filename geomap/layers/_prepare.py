"""Column access and coding of an events frame: factorised, vectorised, no row loops."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from geomap.layers._timeline import PRECISIONS, TIMELINE_KINDS


def text_column(frame: pd.DataFrame, name: str) -> np.ndarray:
    """A column as an object array of ``str`` ("" where missing or NaN)."""
    if name not in frame.columns:
        return np.full(len(frame), "", dtype=object)
    col = frame[name]
    codes, uniques = pd.factorize(col.to_numpy(dtype=object), use_na_sentinel=True)
    table = np.empty(len(uniques) + 1, dtype=object)
    for i, value in enumerate(uniques.tolist()):
        table[i] = _as_text(value)
    table[-1] = ""
    return table[codes]


def _as_text(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def float_column(frame: pd.DataFrame, name: str) -> np.ndarray:
    """A column as float64 (NaN where missing or not a number)."""
    if name not in frame.columns:
        return np.full(len(frame), np.nan)
    return pd.to_numeric(frame[name], errors="coerce").to_numpy(dtype="float64", na_value=np.nan)


def bool_column(frame: pd.DataFrame, name: str, default: bool = True) -> np.ndarray:
    """A column as bool; strings like "false"/"0"/"no" are False."""
    if name not in frame.columns:
        return np.full(len(frame), default, dtype=bool)
    col = frame[name]
    if pd.api.types.is_bool_dtype(col) and not col.isna().any():
        return col.to_numpy(dtype=bool)
    codes, uniques = pd.factorize(col.to_numpy(dtype=object), use_na_sentinel=True)
    table = np.empty(len(uniques) + 1, dtype=bool)
    for i, value in enumerate(uniques.tolist()):
        if isinstance(value, str):
            table[i] = value.strip().lower() in {"1", "true", "yes", "y", "t"}
        else:
            table[i] = bool(value)
    table[-1] = default
    return table[codes]


def code_of(values: np.ndarray, vocabulary: Sequence[str], default: int) -> np.ndarray:
    """Index of each value in ``vocabulary`` (``default`` when absent)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    lookup = {v: i for i, v in enumerate(vocabulary)}
    table = np.array([lookup.get(str(u).strip().lower(), default) for u in uniques.tolist()]
                     + [default], dtype=np.int64)
    return table[codes]


def kind_codes(kind: np.ndarray) -> np.ndarray:
    """Timeline kind code (0 change, 1 claim, 2 contested) or -1."""
    return code_of(kind, TIMELINE_KINDS, -1)


def precision_codes(prec: np.ndarray) -> np.ndarray:
    """Date precision code (index into PRECISIONS; unknown words -> "unknown")."""
    return code_of(prec, PRECISIONS, len(PRECISIONS) - 1)


def place_codes(
    gazetteer_id: np.ndarray, location: np.ndarray, country: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Codes and keys of places: the gazetteer id, else ``location|country``.

    Returns
    -------
    codes, keys
        ``codes[i]`` indexes ``keys``; keys are sorted, so codes do not depend on row order.
    """
    if len(gazetteer_id) == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=object)
    has_id = gazetteer_id != ""
    k1 = np.where(has_id, gazetteer_id, location)
    k2 = np.where(has_id, "", country)
    c1, u1 = pd.factorize(k1)
    c2, u2 = pd.factorize(k2)
    combined, _ = pd.factorize(c1.astype(np.int64) * max(len(u2), 1) + c2)
    n_places = int(combined.max()) + 1
    # One representative row per place (the first): keys are built per place, not per row.
    first_row = np.empty(n_places, dtype=np.int64)
    first_row[combined[::-1]] = np.arange(len(combined))[::-1]
    keys = np.array(
        [g if g else f"{loc}|{cc}" for g, loc, cc in zip(
            gazetteer_id[first_row].tolist(), location[first_row].tolist(),
            country[first_row].tolist(), strict=True)],
        dtype=object,
    )
    order = np.argsort(keys.astype(str), kind="stable")
    rank = np.empty(n_places, dtype=np.int64)
    rank[order] = np.arange(n_places)
    return rank[combined], keys[order]


def actor_codes(*columns: np.ndarray) -> tuple[list[np.ndarray], np.ndarray]:
    """Joint codes (-1 for "") of several actor columns and the sorted distinct actor ids."""
    if not columns or len(columns[0]) == 0:
        return [np.zeros(0, dtype=np.int64) for _ in columns], np.zeros(0, dtype=object)
    joined = np.concatenate(columns)
    codes, uniques = pd.factorize(joined)
    uniq = np.asarray(uniques, dtype=object)
    order = np.argsort(uniq.astype(str), kind="stable")
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    names = uniq[order]
    mapped = rank[codes]
    empty = np.flatnonzero(names == "")
    if len(empty):
        e = int(empty[0])
        mapped = np.where(mapped == e, -1, np.where(mapped > e, mapped - 1, mapped))
        names = np.delete(names, e)
    n = len(columns[0])
    return [mapped[i * n : (i + 1) * n] for i in range(len(columns))], names
