"""A table as read from its file, before any format: cells, line numbers, unreadable records.

A raw table keeps the cells as they are in the file (strings for CSV) under normalised column
names (``Previous actor`` -> ``previous_actor``), the line number of every row for messages,
and the records the container itself could not read (a CSV row with the wrong number of
fields, a JSON line that does not parse): those are rejected, never skipped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd

from geomap.errors import SchemaError
from geomap.sources.tables._rejections import MAX_VALUE_CHARS

_SPACES: Final = re.compile(r"[\s\-]+")


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
    notes
        What the container did besides reading rows (e.g. dropped a saved pandas index).
    """

    path: str
    frame: pd.DataFrame
    container: str
    records: int
    rejected: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
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


def reject_record(p: Path, line: int, value: str, reason: str) -> dict[str, Any]:
    return {"source": str(p), "line": line, "column": "", "value": value[:MAX_VALUE_CHARS],
            "reason": reason}

