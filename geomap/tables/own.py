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

from typing import Any, Final

import numpy as np
import pandas as pd

from geomap.schema import DATE_PRECISIONS, EVENT_COLUMNS, GEO_PRECISIONS, KINDS
from geomap.tables._common import (
    Context,
    Rejections,
    TableResult,
    check_swapped,
    column,
    coordinates,
    country_codes,
    finish,
    geocode,
    numbers,
    parse_dates,
    resolve_actors,
)
from geomap.tables._containers import RawTable

NAME: Final = "own"
#: Cells starting with these are formulas to a spreadsheet (OWASP CSV injection).
FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")
_ESCAPE: Final = "'"
#: Columns added by :func:`geomap.merge_events`.
MERGE_TEXT_COLUMNS: Final = ("sources", "evidence_all")
MERGE_INT_COLUMNS: Final = ("n_reports",)
_TRUE: Final = frozenset({"true", "1", "yes", "y", "t"})
_FALSE: Final = frozenset({"false", "0", "no", "n", "f"})


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
    df = raw.frame
    n = len(df)
    rej = Rejections(raw.path)
    cols: dict[str, Any] = {}
    cells = {c: column(df, c) for c in df.columns if c not in ("latitude", "longitude")}
    if raw.container == "csv":
        # Only text columns were neutralised by the writer; numbers stay numbers.
        for c in text_columns(list(cells)):
            s = cells[c]
            marked = s.str.startswith(_ESCAPE)
            if marked.any():
                s = s.copy()
                s[marked] = s[marked].map(unneutralise)
                cells[c] = s
    empty = pd.Series([""] * n, dtype="str")

    def get(c: str) -> pd.Series:
        return cells.get(c, empty)

    kind = get("kind").str.lower()
    rej.add(kind == "", "kind", kind, f"kind is empty; expected one of {', '.join(KINDS)}")
    rej.add((kind != "") & ~kind.isin(KINDS), "kind", get("kind"),
            f"unknown kind; expected one of {', '.join(KINDS)}")
    cols["kind"] = kind
    cols["event_date"] = parse_dates(get("event_date"), "event_date", rej, required=False)
    for c, vocab in (("date_precision", DATE_PRECISIONS), ("geo_precision", GEO_PRECISIONS)):
        s = get(c).str.lower()
        rej.add((s != "") & ~s.isin(vocab), c, get(c), f"unknown {c}; expected one of "
                f"{', '.join(vocab)}")
        cols[c] = s
    conf = get("confirmed").str.lower()
    rej.add((conf != "") & ~conf.isin(_TRUE | _FALSE), "confirmed", get("confirmed"),
            "not a boolean (true/false)")
    cols["confirmed"] = ~conf.isin(_FALSE).to_numpy()
    confidence = numbers(get("confidence"))
    c_text = get("confidence")
    rej.add((c_text != "").to_numpy() & ~np.isfinite(confidence), "confidence", c_text,
            "not a number")
    with np.errstate(invalid="ignore"):
        rej.add((confidence < 0) | (confidence > 1), "confidence", c_text,
                "confidence outside [0, 1]")
    cols["confidence"] = confidence
    for c in ("evidence_start", "evidence_end"):
        s = get(c)
        v = numbers(s)
        bad = (s != "").to_numpy() & ~(np.isfinite(v) & (np.mod(v, 1) == 0))
        rej.add(bad, c, s, "not an integer")
        cols[c] = np.where(np.isfinite(v) & ~bad, v, -1).astype("int64")
    lat, lon, missing = coordinates(column(df, "latitude"), column(df, "longitude"), rej,
                                    required=False)
    rlat, rlon, _ = coordinates(get("related_latitude"), get("related_longitude"), rej,
                                lat_col="related_latitude", lon_col="related_longitude",
                                required=False)
    cols["related_latitude"], cols["related_longitude"] = rlat, rlon
    country_in = get("country")
    codes = country_codes(country_in)
    unknown = np.array([c is None for c in codes.tolist()], dtype=bool)
    rej.add(unknown, "country", country_in, "unknown country")
    country = pd.Series(np.where(unknown, "", codes), dtype=object).fillna("")
    for c in ("place", "location", "gazetteer_id", "related_location", "evidence", "source",
              "event_id"):
        cols[c] = get(c)
    actors = ctx.actors()
    known = set(actors.ids()) if actors is not None and hasattr(actors, "ids") else set()
    for c in ("actor", "previous_actor"):
        s = get(c)
        cols[c] = s.where(s.isin(known), resolve_actors(s, actors))

    check_swapped(lat, lon, country.to_numpy(), rej, values=column(df, "latitude"))
    name = cols["location"].where(cols["location"] != "", cols["place"])
    no_name = missing & (name == "").to_numpy()
    rej.add(no_name, "latitude", column(df, "latitude"),
            "missing latitude and longitude (and no place name to geocode)")
    unresolved: dict[int, dict[str, Any]] = {}
    todo_rows = np.flatnonzero(missing & ~no_name & ~rej.mask_of(n)).tolist()
    geo_fields: dict[str, Any] = {
        "location": cols["location"].to_numpy().copy(),
        "country": country.to_numpy().copy(),
        "geo_precision": cols["geo_precision"].to_numpy().copy(),
        "gazetteer_id": cols["gazetteer_id"].to_numpy().copy(),
        "confidence": cols["confidence"].copy(),
    }
    if todo_rows:
        found = geocode(todo_rows, name, country, ctx.gazetteer())
        for i, f in found.fields.items():
            lat[i], lon[i] = f["latitude"], f["longitude"]
            if not geo_fields["location"][i]:
                geo_fields["location"][i] = f["location"]
            geo_fields["country"][i] = geo_fields["country"][i] or f["country"]
            geo_fields["geo_precision"][i] = geo_fields["geo_precision"][i] or f["geo_precision"]
            geo_fields["gazetteer_id"][i] = f["gazetteer_id"]
            if np.isnan(geo_fields["confidence"][i]):
                geo_fields["confidence"][i] = f["confidence"]
        for i, (reason, cands) in found.unresolved.items():
            unresolved[i] = {"place": name.iat[i], "source": cols["source"].iat[i] or raw.path,
                             "evidence": cols["evidence"].iat[i], "reason": reason,
                             "candidates": cands}
    cols.update(geo_fields)
    cols["latitude"], cols["longitude"] = lat, lon
    extra: dict[str, Any] = {}
    for c in df.columns:
        if c in EVENT_COLUMNS or c == "geometry":
            continue
        if c in MERGE_INT_COLUMNS:
            v = numbers(get(c))
            rej.add((get(c) != "").to_numpy() & ~np.isfinite(v), c, get(c), "not an integer")
            extra[c] = np.where(np.isfinite(v), v, 1).astype("int64")
        else:
            extra[c] = get(c).to_numpy()
    return finish(raw, NAME, rej, cols, unresolved, extra)
