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

from typing import Final

import numpy as np
import pandas as pd

from geomap.sources.tables._convert import Context, Conversion, RawTable, TableResult, source_labels
from geomap.sources.tables._values import state_forces_variants, vmap

NAME: Final = "ucdp"
DATE_PREC: Final = {"1": "day", "2": "week", "3": "month", "4": "year", "5": "unknown",
                    "": "day"}
WHERE_PREC: Final = {"1": "point", "2": "town", "3": "district", "4": "region", "5": "region",
                     "6": "country", "7": "region", "": "town"}
CONFIDENCE: Final = {"1": 0.95, "2": 0.85, "3": 0.7, "4": 0.6, "5": 0.5, "6": 0.4, "7": 0.3,
                     "": 0.85}
VIOLENCE_KINDS: Final = {"1": "contested", "2": "contested", "3": "mention", "": "contested"}
#: ``type_of_violence`` as the codebook names it (for the warning of a table without changes).
VIOLENCE_NAMES: Final = {"1": "state-based", "2": "non-state", "3": "one-sided"}
#: The columns :func:`convert` reads; a CSV export's other columns are not converted.
COLUMNS: Final = frozenset({
    "id", "type_of_violence", "side_a", "date_prec", "where_prec", "where_coordinates",
    "where_description", "latitude", "longitude", "country", "event_clarity", "date_start",
    "date_end", "source_headline", "source_office",
})


def matches(columns: set[str]) -> bool:
    """Whether a header looks like a UCDP GED table."""
    return {"side_a", "date_start"} <= columns


def convert(raw: RawTable, ctx: Context) -> TableResult:
    """Map a UCDP GED table to events; rows that fail the checks are rejected."""
    conv = Conversion(raw, ctx)
    cols = conv.cols
    cols["kind"] = conv.coded("type_of_violence", VIOLENCE_KINDS,
                              "type_of_violence must be 1, 2 or 3 (GED codebook)")
    start = conv.dates("date_start", required=True)
    end = conv.dates("date_end", required=False)
    conv.reject((end != "") & (start != "") & (end < start), "date_end",
                "date_end is before date_start")
    cols["event_date"] = start
    for name, table, out in (("date_prec", DATE_PREC, "date_precision"),
                             ("where_prec", WHERE_PREC, "geo_precision")):
        codes = ", ".join(k for k in table if k)
        cols[out] = conv.coded(name, table, f"{name} must be one of {codes} (GED codebook)")
    cols["confidence"] = vmap(conv.text("where_prec"), CONFIDENCE, np.nan).astype("float64")
    # "Government of Ukraine" is the state's forces, as the actor sets name them
    cols["actor"] = conv.actors(conv.required("side_a"), variants=state_forces_variants)
    conv.points(conv.text("country"), conv.text("where_coordinates"))
    cols["confirmed"] = (conv.text("event_clarity") != "2").to_numpy()
    headline, description = conv.text("source_headline"), conv.text("where_description")
    cols["evidence"] = headline.where(headline != "", description)
    ids = conv.text("id")
    cols["source"] = source_labels("UCDP-GED", ids, conv.text("source_office"))
    conv.record_ids = ids
    conv.types = pd.Series(vmap(conv.text("type_of_violence"), VIOLENCE_NAMES, ""), dtype="str")
    return conv.finish(NAME)
