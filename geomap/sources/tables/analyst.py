"""Analyst tables: ``date, place, actor`` and nothing else required.

Detected by ``date``, ``place`` and ``actor`` columns (any case; ``Previous actor`` ->
``previous_actor``). Optional columns: ``previous_actor``, ``kind`` (default
``control_change``), ``country`` (ISO code or English name, helps the gazetteer),
``confirmed`` (default true), ``source`` (default: the file name), ``notes`` or ``evidence``
(default: ``analyst table``), ``latitude``/``longitude`` (skip geocoding), ``date_precision``.

Dates: ``YYYY-MM-DD`` (day), ``YYYY-MM`` (month, dated the 1st), ``YYYY`` (year, dated
1 January), ``before YYYY-MM-DD`` or ``by YYYY-MM-DD`` (on or before that day) and the
spellings :func:`geomap.sources.tables._values.parse_dates` knows (``18 May 2020``...;
``21/10/2023`` and ``05/10/2023`` when some date of the column shows which number is the day).

Places without coordinates are geocoded with the gazetteer (country as a hint); names it
cannot place go to the unresolved table with its reason and candidates. Actors resolve to
canonical ids through the actor sets; unknown names are kept as written.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Final

import numpy as np
import pandas as pd

from geomap.schema import DATE_PRECISIONS, KINDS
from geomap.sources.tables._convert import Context, Conversion, RawTable, TableResult

NAME: Final = "analyst"
DEFAULT_EVIDENCE: Final = "analyst table"
_MONTH: Final = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR: Final = re.compile(r"^(\d{4})$")
_STATE_WORDS: Final = frozenset({"contested", "gray zone", "grey zone"})
_BEFORE: Final = re.compile(r"^(?:before|by|on or before)\s+(.+)$", re.IGNORECASE)


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
    conv = Conversion(raw, ctx)
    cols = conv.cols
    days, precision = _split_dates(conv.text("date"))
    cols["event_date"] = conv.dates("date", required=True, cells=days)
    given = conv.text("date_precision").str.lower()
    conv.reject((given != "") & ~given.isin(DATE_PRECISIONS), "date_precision",
                f"unknown date_precision; expected one of {', '.join(DATE_PRECISIONS)}",
                values=given)
    cols["date_precision"] = np.where(given != "", given, np.where(precision != "", precision,
                                                                   "day"))
    place = conv.required("place")
    actor = conv.required("actor")
    kind = conv.text("kind").str.lower().str.replace(r"[\s-]+", "_", regex=True)
    kind = kind.where(kind != "", "control_change")
    # "contested" / "Gray zone" in the actor column is a state of the place, not an actor.
    state = actor.str.strip().str.lower().isin(_STATE_WORDS)
    kind = kind.where(~state, "contested")
    actor = actor.where(~state, "")
    conv.reject(~kind.isin(KINDS).to_numpy(), "kind",
                f"unknown kind; expected one of {', '.join(KINDS)}")
    cols["kind"] = kind
    cols["actor"] = conv.actors(actor)
    cols["previous_actor"] = conv.actors(conv.text("previous_actor"))
    cols["confirmed"] = conv.flags("confirmed")
    country = conv.countries()
    lat, lon, missing = conv.coordinates(required=False)
    conv.swap_check(lat, lon, country)
    notes = conv.text("notes")
    evidence = notes.where(notes != "", conv.text("evidence"))
    cols["evidence"] = evidence.where(evidence != "", DEFAULT_EVIDENCE).astype(object)
    source = conv.text("source")
    cols["source"] = source.where(source != "", Path(raw.path).name).astype(object)
    cols["place"] = place
    cols.update(latitude=lat, longitude=lon, location=place.to_numpy().copy(),
                gazetteer_id=np.array([""] * conv.n, dtype=object),
                geo_precision=np.where(missing, "", "point").astype(object),
                confidence=np.where(missing, np.nan, 1.0), country=country.to_numpy().copy())
    conv.geocode(np.flatnonzero(missing & ~conv.rej.mask_of(conv.n)), place, country,
                 rename=True)
    conv.types = pd.Series(cols["kind"], dtype="str")
    return conv.finish(NAME)
