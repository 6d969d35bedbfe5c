"""One conversion of a raw table into events: the steps the format readers share.

A format reader (:mod:`~geomap.sources.tables.acled`, :mod:`~geomap.sources.tables.ucdp`,
:mod:`~geomap.sources.tables.analyst`, :mod:`~geomap.sources.tables.own`) keeps only its
mapping: which column means what, its vocabularies and defaults. The checks that repeat across
formats (required cells, coded values, booleans, dates, countries, coordinates with the swap
check, gazetteer links and geocoding) live here, column-wise, and write into one
:class:`Conversion`.

The order of the calls matters and is the reader's: a row's first problem names the column and
value of its rejection, later problems are appended to the reason.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

import numpy as np
import pandas as pd

from geomap.sources.tables._frame import Context, TableResult, finish
from geomap.sources.tables._places import check_swapped, geocode, link_places
from geomap.sources.tables._raw import RawTable
from geomap.sources.tables._rejections import Rejections
from geomap.sources.tables._values import (
    column,
    coordinates,
    country_codes,
    parse_dates,
    resolve_actors,
    vmap,
)

__all__ = ["FALSE_WORDS", "TRUE_WORDS", "Context", "Conversion", "RawTable", "TableResult",
           "source_labels"]

TRUE_WORDS: Final = frozenset({"true", "1", "yes", "y", "t"})
FALSE_WORDS: Final = frozenset({"false", "0", "no", "n", "f"})


@dataclass
class Conversion:
    """The state of one table being converted: cells, rejections, event columns.

    Attributes
    ----------
    raw
        The table as read by its container.
    ctx
        Gazetteer and actor sets (loaded on first use).
    cols
        Event columns built so far, one value per raw row.
    unresolved
        Row -> unresolved record, for rows the gazetteer could not place.
    extra
        Columns kept beside the event columns (one value per raw row).
    record_ids
        The source's own event ids (one per raw row): rows with distinct ones stay apart.
    types
        The source's event types (one per raw row), named when no control change results.
    """

    raw: RawTable
    ctx: Context
    cols: dict[str, Any] = field(default_factory=dict)
    unresolved: dict[int, dict[str, Any]] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    record_ids: pd.Series | None = None
    types: pd.Series | None = None
    rej: Rejections = field(init=False)
    _cells: dict[str, pd.Series] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        self.rej = Rejections(self.raw.path)

    @property
    def n(self) -> int:
        """Rows of the raw table."""
        return len(self.raw.frame)

    # ----------------------------------------------------------------------- cells
    def text(self, name: str) -> pd.Series:
        """Column ``name`` as stripped strings ("" everywhere if the table has none); cached."""
        cells = self._cells.get(name)
        if cells is None:
            cells = self._cells[name] = column(self.raw.frame, name)
        return cells

    def set_text(self, name: str, cells: pd.Series) -> None:
        """Replace the cells of a column (e.g. after undoing a writer's escaping)."""
        self._cells[name] = cells

    def reject(self, mask: Any, name: str, reason: str | Callable[[Any], str],
               values: Any = None) -> None:
        """Reject rows where ``mask`` holds; the value shown is the cell of ``name``."""
        self.rej.add(mask, name, self.text(name) if values is None else values, reason)

    def required(self, name: str) -> pd.Series:
        """Cells of a column that must not be empty (empty ones are rejected)."""
        cells = self.text(name)
        self.rej.add((cells == "").to_numpy(), name, cells, f"{name} is empty")
        return cells

    def coded(self, name: str, table: Mapping[str, Any], reason: str) -> np.ndarray:
        """Cells mapped through a codebook; codes not in it are rejected ("" there)."""
        cells = self.text(name)
        mapped = vmap(cells, table)
        unknown = pd.isna(mapped)
        self.rej.add(unknown, name, cells, reason)
        return np.where(unknown, "", mapped)

    def flags(self, name: str) -> np.ndarray:
        """A yes/no column: true unless a false word; anything else is rejected."""
        word = self.text(name).str.lower()
        self.rej.add(((word != "") & ~word.isin(TRUE_WORDS | FALSE_WORDS)).to_numpy(), name,
                     self.text(name), "not a boolean (true/false)")
        return ~word.isin(FALSE_WORDS).to_numpy()

    def dates(self, name: str, *, required: bool, cells: pd.Series | None = None) -> np.ndarray:
        """ISO dates of a column ("" where empty or rejected); see :func:`parse_dates`."""
        return parse_dates(self.text(name) if cells is None else cells, name, self.rej,
                           required=required)

    def actors(self, cells: pd.Series, *, variants: Callable[[str], list[str]] | None = None
               ) -> pd.Series:
        """Canonical actor ids of names (unknown names kept as written)."""
        # The row's country settles names several actor sets share ("government forces").
        return resolve_actors(cells, self.ctx.actors(), variants=variants,
                              countries=country_codes(self.text("country")))

    def countries(self, name: str = "country") -> pd.Series:
        """ISO codes of a country column; names and codes nobody knows are rejected."""
        cells = self.text(name)
        codes = country_codes(cells)
        unknown = pd.isna(codes)
        self.rej.add(unknown, name, cells, "unknown country")
        return pd.Series(np.where(unknown, "", codes), dtype=object)

    # ----------------------------------------------------------------------- places
    def points(self, countries: pd.Series, place: pd.Series) -> None:
        """Coordinates that must be given, the country's swap check and gazetteer links.

        Sets ``latitude``, ``longitude``, ``country`` (ISO code, "" if unknown), ``place``
        and, where the gazetteer knows the named place near the point, ``gazetteer_id`` and
        the canonical ``location`` (else the name as written).
        """
        lat, lon, _ = self.coordinates(required=True)
        codes = country_codes(countries)
        country = np.where(pd.isna(codes), "", codes)
        self.swap_check(lat, lon, country)
        self.cols.update(latitude=lat, longitude=lon, country=country, place=place)
        self.cols["gazetteer_id"], self.cols["location"] = link_places(
            place, country, lat, lon, self.ctx, self.rej.mask_of(self.n))

    def coordinates(self, lat_col: str = "latitude", lon_col: str = "longitude", *,
                    required: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Checked coordinates; returns (lat, lon, missing), NaN where rejected or missing.

        Rows rejected by then (for any column) get NaN too, so later steps skip them.
        """
        return coordinates(self.text(lat_col), self.text(lon_col), self.rej, lat_col=lat_col,
                           lon_col=lon_col, required=required)

    def swap_check(self, lat: np.ndarray, lon: np.ndarray, country: Any) -> None:
        """Reject points outside their country that fall inside it once swapped."""
        check_swapped(lat, lon, np.asarray(country, dtype=object), self.rej,
                      values=self.text("latitude"))

    def geocode(self, todo: np.ndarray, names: pd.Series, country: pd.Series, *,
                rename: bool) -> None:
        """Place rows without coordinates with the gazetteer; the others become unresolved.

        ``cols`` must hold arrays for ``latitude``, ``longitude``, ``location``, ``country``,
        ``geo_precision``, ``gazetteer_id`` and ``confidence``; found places fill them
        (``location`` replaced by the gazetteer's name when ``rename``, else only where
        empty; country, precision and confidence only where not given).
        """
        rows = todo.tolist()
        if not rows:
            return
        found = geocode(rows, names, country, self.ctx.gazetteer())
        c = self.cols
        for i, f in found.fields.items():
            c["latitude"][i], c["longitude"][i] = f["latitude"], f["longitude"]
            if rename or not c["location"][i]:
                c["location"][i] = f["location"]
            c["country"][i] = c["country"][i] or f["country"]
            c["geo_precision"][i] = c["geo_precision"][i] or f["geo_precision"]
            c["gazetteer_id"][i] = f["gazetteer_id"]
            if np.isnan(c["confidence"][i]):
                c["confidence"][i] = f["confidence"]
        source, evidence = np.asarray(c["source"]), np.asarray(c["evidence"])
        for i, (reason, cands) in found.unresolved.items():
            self.unresolved[i] = {"place": names.iat[i], "source": source[i] or self.raw.path,
                                  "evidence": evidence[i], "reason": reason,
                                  "candidates": cands}

    # ----------------------------------------------------------------------- result
    def finish(self, fmt: str) -> TableResult:
        """Events, unresolved and rejected rows of the table."""
        return finish(self.raw, fmt, self.rej, self.cols, self.unresolved, self.extra,
                      record_ids=self.record_ids, types=self.types)


def source_labels(prefix: str, ids: pd.Series, outlets: pd.Series) -> pd.Series:
    """``PREFIX:<id> (<outlets>)``, leaving out the parts that are empty."""
    if _arrow_text(ids) and _arrow_text(outlets):
        return _arrow_source_labels(prefix, ids, outlets)
    source = (prefix + ":" + ids).where(ids != "", prefix)
    return source.where(outlets == "", source + " (" + outlets + ")")


def _arrow_text(cells: pd.Series) -> bool:
    """Whether ``cells`` is Arrow-backed text without missing values (what tables read)."""
    dtype = cells.dtype
    return (isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow"
            and not cells.hasnans)


def _arrow_source_labels(prefix: str, ids: pd.Series, outlets: pd.Series) -> pd.Series:
    """:func:`source_labels` in three Arrow passes (pandas' string operators make a million
    new strings per operator: 0.4-0.6 s for an ACLED export of a million rows, 0.15 s here)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    a, o = pa.array(ids), pa.array(outlets)
    o = o.cast(a.type) if o.type != a.type else o

    def text(value: str) -> pa.Scalar:
        return pa.scalar(value, a.type)

    head = pc.if_else(pc.equal(a, text("")), text(prefix),
                      pc.binary_join_element_wise(text(prefix + ":"), a, text("")))
    tail = pc.if_else(pc.equal(o, text("")), text(""),
                      pc.binary_join_element_wise(text(" ("), o, text(")"), text("")))
    return pd.Series(pc.binary_join_element_wise(head, tail, text("")), dtype=ids.dtype,
                     index=ids.index)
