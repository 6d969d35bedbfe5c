"""geomap's own event schema (DESIGN.md) in CSV, JSON lines, GeoJSON or GeoParquet.

Detected by a ``kind`` and an ``event_date`` column. Columns are those of
:data:`geomap.schema.EVENT_COLUMNS`; all but ``kind`` may be missing. Merged tables also carry
``sources`` and ``evidence_all`` (JSON lists) and ``n_reports``; any other column is kept as
text.

Checks, each giving a rejected row (line, column, value, reason):

- ``kind`` one of :data:`geomap.schema.KINDS`; ``date_precision`` and ``geo_precision`` from
  their vocabularies (or empty);
- ``event_date`` a real ``YYYY-MM-DD`` date (or empty);
- ``confirmed`` a boolean (``true/false/1/0/yes/no``, empty = true); ``confidence`` in [0, 1];
- coordinates present in pairs and in range (swaps flagged), offsets integers; ``country`` a
  known country.

Rows without coordinates but with a ``location`` or ``place`` are geocoded with the gazetteer;
names it cannot place go to the unresolved table. Actor names that an actor set knows are
replaced by their canonical id; other names are kept as written.

CSV cells written by :func:`geomap.write_events` may carry a leading ``'`` that neutralises
spreadsheet formulas (OWASP "CSV injection"); :func:`unneutralise` removes exactly that prefix.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import pandas as pd

from geomap.schema import DATE_PRECISIONS, EVENT_COLUMNS, GEO_PRECISIONS, KINDS
from geomap.sources.tables._convert import Context, Conversion, RawTable, TableResult
from geomap.sources.tables._values import numbers

NAME: Final = "own"
#: Cells starting with these are formulas to a spreadsheet (OWASP CSV injection).
FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")
_ESCAPE: Final = "'"
#: Columns added by :func:`geomap.merge_events`.
MERGE_TEXT_COLUMNS: Final = ("sources", "evidence_all")
MERGE_INT_COLUMNS: Final = ("n_reports",)


def matches(columns: set[str]) -> bool:
    """Whether a header looks like geomap's own schema."""
    return {"kind", "event_date"} <= columns


def neutralise(value: str) -> str:
    """Prefix ``'`` to text a spreadsheet would run as a formula (and to text starting with ``'``).

    Escaping a leading ``'`` too makes the mapping reversible: :func:`unneutralise` strips one
    ``'`` only when it is followed by a formula character or another ``'``.
    """
    if value and (value[0] in FORMULA_STARTS or value[0] == _ESCAPE):
        return _ESCAPE + value
    return value


def unneutralise(value: str) -> str:
    """Undo :func:`neutralise`."""
    if len(value) > 1 and value[0] == _ESCAPE and (value[1] in FORMULA_STARTS
                                                   or value[1] == _ESCAPE):
        return value[1:]
    return value


def text_columns(columns: list[str]) -> list[str]:
    """Columns of an own-schema table that hold text (everything not numeric or boolean)."""
    return [c for c in columns
            if EVENT_COLUMNS.get(c, "str") == "str" and c not in MERGE_INT_COLUMNS
            and c != "geometry"]


def convert(raw: RawTable, ctx: Context) -> TableResult:
    """Validate an own-schema table; return events, unresolved and rejected rows."""
    conv = Conversion(raw, ctx)
    cols = conv.cols
    if raw.container == "csv":
        # Only text columns were neutralised by the writer; numbers stay numbers.
        for c in text_columns([c for c in raw.frame.columns
                               if c not in ("latitude", "longitude")]):
            s = conv.text(c)
            marked = s.str.startswith(_ESCAPE)
            if marked.any():
                s = s.copy()
                s[marked] = s[marked].map(unneutralise)
                conv.set_text(c, s)
    vocabulary = ", ".join(KINDS)
    kind = conv.text("kind").str.lower()
    conv.reject(kind == "", "kind", f"kind is empty; expected one of {vocabulary}",
                values=kind)
    conv.reject((kind != "") & ~kind.isin(KINDS), "kind",
                f"unknown kind; expected one of {vocabulary}")
    cols["kind"] = kind
    cols["event_date"] = conv.dates("event_date", required=False)
    for c, vocab in (("date_precision", DATE_PRECISIONS), ("geo_precision", GEO_PRECISIONS)):
        s = conv.text(c).str.lower()
        conv.reject((s != "") & ~s.isin(vocab), c, f"unknown {c}; expected one of "
                    f"{', '.join(vocab)}")
        cols[c] = s
    cols["confirmed"] = conv.flags("confirmed")
    confidence = numbers(conv.text("confidence"))
    conv.reject((conv.text("confidence") != "").to_numpy() & ~np.isfinite(confidence),
                "confidence", "not a number")
    with np.errstate(invalid="ignore"):
        conv.reject((confidence < 0) | (confidence > 1), "confidence",
                    "confidence outside [0, 1]")
    for c in ("evidence_start", "evidence_end"):
        v = numbers(conv.text(c))
        bad = (conv.text(c) != "").to_numpy() & ~(np.isfinite(v) & (np.mod(v, 1) == 0))
        conv.reject(bad, c, "not an integer")
        cols[c] = np.where(np.isfinite(v) & ~bad, v, -1).astype("int64")
    lat, lon, missing = conv.coordinates(required=False)
    cols["related_latitude"], cols["related_longitude"], _ = conv.coordinates(
        "related_latitude", "related_longitude", required=False)
    country = conv.countries()
    for c in ("place", "location", "gazetteer_id", "related_location", "evidence", "source",
              "event_id"):
        cols[c] = conv.text(c)
    actors = ctx.actors()
    known = set(actors.ids()) if actors is not None and hasattr(actors, "ids") else set()
    for c in ("actor", "previous_actor"):
        s = conv.text(c)
        cols[c] = s.where(s.isin(known), conv.actors(s))
    conv.swap_check(lat, lon, country)
    name = cols["location"].where(cols["location"] != "", cols["place"])
    no_name = missing & (name == "").to_numpy()
    conv.reject(no_name, "latitude",
                "missing latitude and longitude (and no place name to geocode)")
    cols.update(latitude=lat, longitude=lon, location=cols["location"].to_numpy().copy(),
                country=country.to_numpy().copy(),
                geo_precision=cols["geo_precision"].to_numpy().copy(),
                gazetteer_id=cols["gazetteer_id"].to_numpy().copy(), confidence=confidence.copy())
    conv.geocode(np.flatnonzero(missing & ~no_name & ~conv.rej.mask_of(conv.n)), name, country,
                 rename=False)
    for c in raw.frame.columns:
        if c in EVENT_COLUMNS or c == "geometry":
            continue
        if c in MERGE_INT_COLUMNS:
            v = numbers(conv.text(c))
            conv.reject((conv.text(c) != "").to_numpy() & ~np.isfinite(v), c, "not an integer")
            conv.extra[c] = np.where(np.isfinite(v), v, 1).astype("int64")
        else:
            conv.extra[c] = conv.text(c).to_numpy()
    conv.types = pd.Series(cols["kind"], dtype="str")
    return conv.finish(NAME)
