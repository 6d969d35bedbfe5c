"""Table readers: geomap's own schema, ACLED exports, UCDP GED and analyst tables.

:func:`read_table` reads one file (CSV, JSON lines, GeoJSON, GeoParquet), detects its format
from the header (:mod:`~geomap.sources.tables.detect`) and returns a :class:`TableResult`:
events, the rows the gazetteer could not place (unresolved) and the rows that failed a check
(rejected, with line, column, value and reason). Every row ends in exactly one of the three.

>>> result = read_table("data/examples/libya-2020-analyst.csv")   # doctest: +SKIP
>>> result.summary()                                               # doctest: +SKIP
'data/examples/libya-2020-analyst.csv (analyst): 14 events, 0 unresolved, 0 rejected'
"""

from __future__ import annotations

import logging
import os
from typing import Any

from geomap.errors import SchemaError
from geomap.sources.tables._containers import TABLE_SUFFIXES, read_raw, sniff_jsonl
from geomap.sources.tables._frame import Context, TableResult
from geomap.sources.tables._rejections import rejected_frame, unresolved_frame

log = logging.getLogger("geomap.sources.tables")

__all__ = ["TABLE_SUFFIXES", "TableResult", "read_table", "sniff_jsonl"]


def read_table(path: str | os.PathLike[str], *, gazetteer: Any = None,
               actors: Any = None) -> TableResult:
    """Read one table file into events, unresolved and rejected rows.

    Parameters
    ----------
    path
        ``.csv``/``.tsv``, ``.jsonl``, ``.geojson``/``.json`` or ``.parquet`` (GeoParquet).
    gazetteer
        For rows without coordinates (default :meth:`Gazetteer.default`, loaded only if needed).
    actors
        :class:`geomap.actors.ActorSet` for canonical actor ids (default: the bundled sets).

    Raises
    ------
    InputError
        Unreadable file; :class:`geomap.errors.SchemaError` when no format matches the header.
    """
    from geomap.sources.tables.detect import detect_format
    from geomap.sources.tables.own import NAME as OWN

    raw = read_raw(path, columns=_used_columns)
    if not len(raw.frame.columns):
        # Nothing to detect a format from (an empty file, only broken lines, or ``{}``
        # records): every record is rejected.
        from geomap.schema import empty_events

        empty = [{"source": str(path), "line": line, "column": "", "value": "{}",
                  "reason": "record has no fields"}
                 for line in raw.lines(list(range(len(raw.frame))))]
        rejected = sorted([*raw.rejected, *empty], key=lambda r: r["line"])
        return TableResult(str(path), OWN, raw.records, empty_events(),
                           unresolved_frame([]), rejected_frame(rejected))
    module = detect_format(raw.frame.columns, path=str(path))
    result: TableResult = module.convert(raw, Context(gazetteer, actors))
    log.debug("%s", result.summary())
    for note in result.notes:
        log.info("%s: %s", path, note)
    for warning in result.warnings:
        log.warning("%s", warning)
    if not result.balanced:  # pragma: no cover - a reader bug, never expected
        log.error("%s: rows are not accounted for (%s)", path, result.summary())
    return result


def _used_columns(names: list[str]) -> frozenset[str] | None:
    """Columns the format of a header reads (``None``: all, or no format matches)."""
    from geomap.sources.tables.detect import detect_format

    try:
        module = detect_format(names)
    except SchemaError:
        return None  # read it all; the error is raised once the rows are accounted for
    columns: frozenset[str] | None = getattr(module, "COLUMNS", None)
    return columns
