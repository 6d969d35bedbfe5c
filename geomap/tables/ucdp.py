"""UCDP Georeferenced Event Dataset (GED) CSV, mapped to geomap events.

Detected by ``side_a`` with ``date_start``. Column names follow the GED codebook: ``id,
type_of_violence, side_a, side_b, where_prec, where_coordinates, where_description, adm_1,
latitude, longitude, country, event_clarity, date_prec, date_start, date_end,
source_headline, source_office`` (others are ignored).

Mapping
-------
GED events are fighting between ``side_a`` and ``side_b``, not changes of control: state-based
(``type_of_violence`` 1) and non-state (2) events become ``contested`` events whose actor is
``side_a``; one-sided violence against civilians (3) becomes a ``mention`` (the place was
active, nobody contested it). UCDP does not code who holds a place, so ``previous_actor`` is
empty.

``date_prec`` -> ``date_precision`` (codebook: 1 exact day; 2 a span of 2-6 days; 3 a span of
7 days to a month; 4 more than a month within a year; 5 more than a year): 1 day, 2 week,
3 month, 4 year, 5 unknown. ``event_date`` is ``date_start``; a ``date_end`` before
``date_start`` is rejected.

``where_prec`` -> ``geo_precision`` (codebook: 1 exact location; 2 within about 25 km of a known
point; 3 second-order administrative division; 4 first-order division; 5 linear feature or
several divisions; 6 only the country; 7 international waters or airspace): 1 point, 2 town,
3 district, 4 region, 5 region, 6 country, 7 region. Confidence falls with precision.
``event_clarity`` 2 (low clarity) gives ``confirmed = False``.

``place`` is ``where_coordinates`` (the named place whose coordinates are used), linked to the
gazetteer (``gazetteer_id``, canonical ``location``) when a place of that name lies within 10 km;
``evidence`` is the source headline or the description of where, ``source``
``UCDP-GED:<id> (<source office>)``.
"""

from __future__ import annotations

from typing import Any, Final

import numpy as np
import pandas as pd

from geomap.tables._common import (
    Context,
    Rejections,
    TableResult,
    check_swapped,
    column,
    coordinates,
    country_codes,
    finish,
    link_places,
    parse_dates,
    resolve_actors,
    vmap,
)
from geomap.tables._containers import RawTable

NAME: Final = "ucdp"
DATE_PREC: Final = {"1": "day", "2": "week", "3": "month", "4": "year", "5": "unknown",
                    "": "day"}
WHERE_PREC: Final = {"1": "point", "2": "town", "3": "district", "4": "region", "5": "region",
                     "6": "country", "7": "region", "": "town"}
CONFIDENCE: Final = {"1": 0.95, "2": 0.85, "3": 0.7, "4": 0.6, "5": 0.5, "6": 0.4, "7": 0.3,
                     "": 0.85}
VIOLENCE_KINDS: Final = {"1": "contested", "2": "contested", "3": "mention", "": "contested"}


def matches(columns: set[str]) -> bool:
    """Whether a header looks like a UCDP GED table."""
    return {"side_a", "date_start"} <= columns


def convert(raw: RawTable, ctx: Context) -> TableResult:
    """Map a UCDP GED table to events; rows that fail the checks are rejected."""
    df = raw.frame
    rej = Rejections(raw.path)
    cols: dict[str, Any] = {}
    violence = column(df, "type_of_violence")
    kind = vmap(violence, VIOLENCE_KINDS)
    rej.add(pd.isna(kind), "type_of_violence", violence,
            "type_of_violence must be 1, 2 or 3 (GED codebook)")
    cols["kind"] = np.where(pd.isna(kind), "", kind)
    start = parse_dates(column(df, "date_start"), "date_start", rej, required=True)
    end = parse_dates(column(df, "date_end"), "date_end", rej, required=False)
    rej.add((end != "") & (start != "") & (end < start), "date_end", column(df, "date_end"),
            "date_end is before date_start")
    cols["event_date"] = start
    for name, table, out in (("date_prec", DATE_PREC, "date_precision"),
                             ("where_prec", WHERE_PREC, "geo_precision")):
        s = column(df, name)
        mapped = vmap(s, table)
        codes = ", ".join(k for k in table if k)
        rej.add(pd.isna(mapped), name, s, f"{name} must be one of {codes} (GED codebook)")
        cols[out] = np.where(pd.isna(mapped), "", mapped)
    where_prec = column(df, "where_prec")
    cols["confidence"] = vmap(where_prec, CONFIDENCE, np.nan).astype("float64")

    side_a = column(df, "side_a")
    rej.add((side_a == "").to_numpy(), "side_a", side_a, "side_a is empty")
    cols["actor"] = resolve_actors(side_a, ctx.actors())
    lat, lon, _ = coordinates(column(df, "latitude"), column(df, "longitude"), rej)
    codes_ = country_codes(column(df, "country"))
    cols["country"] = np.where(pd.isna(codes_), "", codes_)
    check_swapped(lat, lon, cols["country"], rej, values=column(df, "latitude"))
    cols["latitude"], cols["longitude"] = lat, lon
    where = column(df, "where_coordinates")
    cols["place"] = where
    cols["gazetteer_id"], cols["location"] = link_places(
        where, cols["country"], lat, lon, ctx, rej.mask_of(len(df)))
    cols["confirmed"] = (column(df, "event_clarity") != "2").to_numpy()
    headline, description = column(df, "source_headline"), column(df, "where_description")
    cols["evidence"] = headline.where(headline != "", description)
    ids, office = column(df, "id"), column(df, "source_office")
    source = ("UCDP-GED:" + ids).where(ids != "", "UCDP-GED")
    cols["source"] = source.where(office == "", source + " (" + office + ")")
    return finish(raw, NAME, rej, cols)
