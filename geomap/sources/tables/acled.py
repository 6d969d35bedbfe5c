"""ACLED exports (Armed Conflict Location & Event Data), mapped to geomap events.

Detected by ``sub_event_type`` (or ``event_type``) together with ``actor1``. Column names are
those of ACLED's codebook: ``event_id_cnty, event_date, time_precision, event_type,
sub_event_type, actor1, actor2, iso, country, admin1, location, latitude, longitude,
geo_precision, source, notes`` (others are ignored).

Mapping
-------
``sub_event_type`` -> ``kind``:

========================================================  ==================  ==============
ACLED sub-event type                                      kind                previous_actor
========================================================  ==================  ==============
Government regains territory                              control_change      actor2
Non-state actor overtakes territory                       control_change      actor2
Non-violent transfer of territory                         control_change      actor2
Headquarters or base established                          control_change      (empty)
Armed clash; Attack; Shelling/artillery/missile attack;   contested           (empty)
Air/drone strike; Suicide bomb; Remote explosive/
landmine/IED; Grenade
anything else (protests, riots, agreements, arrests...)   mention             (empty)
========================================================  ==================  ==============

``actor1`` is the actor (for transfers: the new holder); ``actor2`` the previous holder. A base
or headquarters being established shows presence and control but nobody is said to lose the
place, hence no previous actor and a lower confidence. Non-territorial events become
``mention`` events (kept, not dropped: the place was active) which layers do not treat as
changes of control. Rows whose sub-event type is empty fall back on ``event_type``
(``Battles`` and ``Explosions/Remote violence`` -> contested).

``time_precision`` -> ``date_precision``: 1 day, 2 week, 3 month (ACLED: the event happened in
that week or month; ``event_date`` is kept as coded). Empty = day.

``geo_precision`` -> ``geo_precision`` following ACLED's codebook: 1 = the named town itself
-> ``town``; 2 = near a town or in part of a region (a nearby town stands in) -> ``district``;
3 = only a larger region is known (a provincial capital or landmark stands in) -> ``region``.
Empty = town. Confidence falls with precision: 0.9, 0.75, 0.5 (0.6 at most for a base).

Actor names resolve to canonical ids through the actor sets; ACLED's long names are also tried
in parts (``"LNA: Libyan National Army"`` -> ``LNA``; ``"Military Forces of Libya (2016-)
Government of National Accord"`` -> ``Government of National Accord``); unknown names stay as
written. ``source`` is ``ACLED:<event_id_cnty> (<ACLED sources>)`` and ``evidence`` the notes.

``place`` is ACLED's ``location``; the coordinates are ACLED's. When the gazetteer knows a place
of that name within 10 km of the point, ``gazetteer_id`` and ``location`` (canonical name) come
from it, so the same change reported by ACLED and by an article or analyst table merges into one
event (:func:`geomap.merge_events`).
"""

from __future__ import annotations

import re
from typing import Final

import numpy as np
import pandas as pd

from geomap.sources.tables._convert import Context, Conversion, RawTable, TableResult, source_labels
from geomap.sources.tables._values import vmap

NAME: Final = "acled"
REQUIRED: Final = ("event_date", "actor1", "latitude", "longitude")
#: The columns :func:`convert` reads; a CSV export's other columns are not converted.
COLUMNS: Final = frozenset({
    "event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type", "actor1",
    "actor2", "iso", "country", "location", "latitude", "longitude", "geo_precision", "source",
    "notes",
})

SUB_EVENT_KINDS: Final[dict[str, str]] = {
    "government regains territory": "control_change",
    "non-state actor overtakes territory": "control_change",
    "non-violent transfer of territory": "control_change",
    "headquarters or base established": "control_change",
    "armed clash": "contested",
    "attack": "contested",
    "shelling/artillery/missile attack": "contested",
    "air/drone strike": "contested",
    "suicide bomb": "contested",
    "remote explosive/landmine/ied": "contested",
    "grenade": "contested",
}
EVENT_TYPE_KINDS: Final[dict[str, str]] = {
    "battles": "contested",
    "explosions/remote violence": "contested",
}
#: Sub-event types whose actor2 lost the place.
_TRANSFERS: Final = frozenset({
    "government regains territory",
    "non-state actor overtakes territory",
    "non-violent transfer of territory",
})
_BASE: Final = "headquarters or base established"
TIME_PRECISION: Final = {"1": "day", "2": "week", "3": "month", "": "day"}
GEO_PRECISION: Final = {"1": "town", "2": "district", "3": "region", "": "town"}
CONFIDENCE: Final = {"town": 0.9, "district": 0.75, "region": 0.5}
_MILITARY: Final = re.compile(r"^(?:Military|Police) Forces of .+? \(\d{4}-(?:\d{4})?\)\s*(.*)$")
_PARENS: Final = re.compile(r"\s*\([^)]*\)")


def matches(columns: set[str]) -> bool:
    """Whether a header looks like an ACLED export."""
    return "actor1" in columns and bool({"sub_event_type", "event_type"} & columns)


def actor_variants(name: str) -> list[str]:
    """Shorter spellings of an ACLED actor name to try against the actor sets."""
    out: list[str] = []
    m = _MILITARY.match(name)
    if m and m.group(1):
        out.append(m.group(1))
    if ":" in name:
        head, _, tail = name.partition(":")
        out.extend([head.strip(), tail.strip()])
    bare = _PARENS.sub("", name).strip()
    if bare and bare != name:
        out.append(bare)
    return [v for v in out if v]


def convert(raw: RawTable, ctx: Context) -> TableResult:
    """Map an ACLED export to events; rows that fail the checks are rejected."""
    conv = Conversion(raw, ctx)
    cols = conv.cols
    sub_l, etype_l = conv.text("sub_event_type").str.lower(), conv.text("event_type").str.lower()
    no_sub = (sub_l == "").to_numpy()
    kind = np.where(no_sub, vmap(etype_l, EVENT_TYPE_KINDS), vmap(sub_l, SUB_EVENT_KINDS))
    conv.reject(no_sub & (etype_l == "").to_numpy(), "sub_event_type",
                "sub_event_type and event_type are empty")
    cols["kind"] = np.where(pd.isna(kind), "mention", kind)
    cols["event_date"] = conv.dates("event_date", required=True)
    cols["date_precision"] = conv.coded("time_precision", TIME_PRECISION,
                                        "time_precision must be 1, 2 or 3 (ACLED codebook)")
    cols["geo_precision"] = conv.coded("geo_precision", GEO_PRECISION,
                                       "geo_precision must be 1, 2 or 3 (ACLED codebook)")
    cols["actor"] = conv.actors(conv.required("actor1"), variants=actor_variants)
    previous = conv.actors(conv.text("actor2"), variants=actor_variants)
    cols["previous_actor"] = previous.where(sub_l.isin(_TRANSFERS), "")
    iso = conv.text("iso")
    conv.points(iso.where(iso != "", conv.text("country")), conv.text("location"))
    confidence = vmap(cols["geo_precision"], CONFIDENCE, np.nan).astype("float64")
    base = (sub_l == _BASE).to_numpy()
    confidence[base] = np.minimum(confidence[base], 0.6)
    cols["confidence"] = confidence
    cols["confirmed"] = np.ones(conv.n, dtype=bool)
    cols["evidence"] = conv.text("notes")
    cols["source"] = source_labels("ACLED", conv.text("event_id_cnty"), conv.text("source"))
    return conv.finish(NAME)
