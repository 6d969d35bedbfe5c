"""Row-level rejections of a table reader and the grouping of rows by equal values.

Readers check a column once per distinct value (:class:`Distinct`) and record problems in a
:class:`Rejections`: the first problem of a row names its column and value, later ones are
appended to its reason. Every rejected row becomes a (source, line, column, value, reason)
record of the rejected table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

import numpy as np
import pandas as pd

from geomap.schema import REJECTED_COLUMNS, UNRESOLVED_COLUMNS

#: Longest cell value copied into a rejection message.
MAX_VALUE_CHARS: Final = 200


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
    for i, key in enumerate(keys):
        part, uniques = pd.factorize(key, use_na_sentinel=False)
        if i == 0:
            # The first key's codes already number its values by first appearance: they are
            # the groups (renumbering them would factorise every row a second time).
            codes = part
        elif len(uniques) > 1:
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

