"""Analyst tables: ``date, place, actor`` and nothing else required.

Detected by ``date``, ``place`` and ``actor`` columns (any case; ``Previous actor`` ->
``previous_actor``). Optional columns: ``previous_actor``, ``kind`` (default
``control_change``), ``country`` (ISO code or English name, helps the gazetteer),
``confirmed`` (default true), ``source`` (default: the file name), ``notes`` or ``evidence``
(default: ``analyst table``), ``latitude``/``longitude`` (skip geocoding), ``date_precision``.

Dates: ``YYYY-MM-DD`` (day), ``YYYY-MM`` (month, dated the 1st), ``YYYY`` (year, dated
1 January), ``before YYYY-MM-DD`` or ``by YYYY-MM-DD`` (on or before that day) and the
spellings :func:`geomap.tables._common.parse_dates` knows (``18 May 2020``...).

Places without coordinates are geocoded with the gazetteer (country as a hint); names it
cannot place go to the unresolved table with its reason and candidates. Actors resolve to
canonical ids through the actor sets; unknown names are kept as written.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd

from geomap.schema import DATE_PRECISIONS, KINDS
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
    parse_dates,
    resolve_actors,
)
from geomap.tables._containers import RawTable

NAME: Final = "analyst"
DEFAULT_EVIDENCE: Final = "analyst table"
_MONTH: Final = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR: Final = re.compile(r"^(\d{4})$")
_BEFORE: Final = re.compile(r"^(?:before|by|on or before)\s+(.+)$", re.IGNORECASE)
_TRUE: Final = frozenset({"true", "1", "yes", "y", "t"})
_FALSE: Final = frozenset({"false", "0", "no", "n", "f"})


def matches(columns: set[str]) -> bool:
    """Whether a header looks like an analyst table."""
    return {"date", "place", "actor"} <= columns


def _split_dates(raw: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """Rewrite month/year/"before" dates as days; return (day strings, precision)."""
    days = raw.copy()
    precision = np.array([""] * len(raw), dtype=object)
    for i, value in enumerate(raw.tolist()):
        if not value or value[:1].isdigit() and len(value) == 10:
            continue
        if m := _MONTH.match(value):
            days.iat[i] = f"{m.group(1)}-{m.group(2)}-01"
            precision[i] = "month"
        elif m := _YEAR.match(value):
            days.iat[i] = f"{m.group(1)}-01-01"
            precision[i] = "year"
        elif m := _BEFORE.match(value):
            days.iat[i] = m.group(1).strip()
            precision[i] = "before"
    return days, precision


def convert(raw: RawTable, ctx: Context) -> TableResult:
    """Validate and geocode an analyst table; return events, unresolved and rejected rows."""
    df = raw.frame
    n = len(df)
    rej = Rejections(raw.path)
    cols: dict[str, Any] = {}
    date_in = column(df, "date")
    days, precision = _split_dates(date_in)
    cols["event_date"] = parse_dates(days, "date", rej, required=True)
    given = column(df, "date_precision").str.lower()
    rej.add((given != "") & ~given.isin(DATE_PRECISIONS), "date_precision", given,
            f"unknown date_precision; expected one of {', '.join(DATE_PRECISIONS)}")
    cols["date_precision"] = np.where(given != "", given, np.where(precision != "", precision,
                                                                   "day"))
    place = column(df, "place")
    rej.add((place == "").to_numpy(), "place", place, "place is empty")
    actor = column(df, "actor")
    rej.add((actor == "").to_numpy(), "actor", actor, "actor is empty")
    kind_in = column(df, "kind")
    kind = kind_in.str.lower().str.replace(r"[\s-]+", "_", regex=True)
    kind = kind.where(kind != "", "control_change")
    rej.add(~kind.isin(KINDS).to_numpy(), "kind", kind_in,
            f"unknown kind; expected one of {', '.join(KINDS)}")
    cols["kind"] = kind
    actors = ctx.actors()
    cols["actor"] = resolve_actors(actor, actors)
    cols["previous_actor"] = resolve_actors(column(df, "previous_actor"), actors)
    conf = column(df, "confirmed").str.lower()
    rej.add(((conf != "") & ~conf.isin(_TRUE | _FALSE)).to_numpy(), "confirmed",
            column(df, "confirmed"), "not a boolean (true/false)")
    cols["confirmed"] = ~conf.isin(_FALSE).to_numpy()
    country_in = column(df, "country")
    codes = country_codes(country_in)
    unknown = np.array([c is None for c in codes.tolist()], dtype=bool)
    rej.add(unknown, "country", country_in, "unknown country")
    country = pd.Series(np.where(unknown, "", codes), dtype=object).fillna("")

    lat, lon, missing = coordinates(column(df, "latitude"), column(df, "longitude"), rej,
                                    required=False)
    check_swapped(lat, lon, country.to_numpy(), rej, values=column(df, "latitude"))
    notes = column(df, "notes")
    evidence = notes.where(notes != "", column(df, "evidence"))
    cols["evidence"] = evidence.where(evidence != "", DEFAULT_EVIDENCE).astype(object)
    source = column(df, "source")
    cols["source"] = source.where(source != "", Path(raw.path).name).astype(object)
    cols["place"] = place
    location = place.to_numpy().copy()
    gaz_id = np.array([""] * n, dtype=object)
    geo_precision = np.where(missing, "", "point").astype(object)
    confidence = np.where(missing, np.nan, 1.0)
    country_out = country.to_numpy().copy()
    unresolved: dict[int, dict[str, Any]] = {}
    todo = np.flatnonzero(missing & ~rej.mask_of(n)).tolist()
    if todo:
        found = geocode(todo, place, country, ctx.gazetteer())
        for i, f in found.fields.items():
            lat[i], lon[i] = f["latitude"], f["longitude"]
            location[i] = f["location"]
            country_out[i] = country_out[i] or f["country"]
            geo_precision[i] = f["geo_precision"]
            gaz_id[i] = f["gazetteer_id"]
            confidence[i] = f["confidence"]
        for i, (reason, cands) in found.unresolved.items():
            unresolved[i] = {"place": place.iat[i], "source": cols["source"].iat[i],
                             "evidence": cols["evidence"].iat[i], "reason": reason,
                             "candidates": cands}
    cols.update(latitude=lat, longitude=lon, location=location, gazetteer_id=gaz_id,
                geo_precision=geo_precision, confidence=confidence, country=country_out)
    return finish(raw, NAME, rej, cols, unresolved)
