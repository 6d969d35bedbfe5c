"""ACLED exports (Armed Conflict Location & Event Data), mapped to geomap events.

Every public vintage is read: exports before 2019 (``event_type`` alone, with the territory
types "Battle-Government regains territory" etc., ``ally_actor_1``, upper-case headers in the
oldest files), the 2019+ layout with ``sub_event_type``, and the API's CSV and JSON
(``{"data": [...]}``). Detected by ``actor1`` with ``event_type`` or ``sub_event_type``. Dates
may be ISO (``2020-05-09``), ACLED's spreadsheet form (``9-May-20``, ``09 May 2020``) or the
day-first ``09/05/2020`` of the old regional files. The columns read are those of the codebook:
``event_id_cnty, event_date, time_precision, event_type, sub_event_type, actor1, actor2, iso,
country, location, latitude, longitude, geo_precision, source, notes`` (others are ignored).

Mapping
-------
The event type (``sub_event_type``, else ``event_type``) -> ``kind``:

=========================================================  ===============  ===============
ACLED event type                                           kind             previous_actor
=========================================================  ===============  ===============
Government regains territory; Non-state actor overtakes    control_change   actor2
territory; Non-violent transfer of territory (and the
pre-2019 "Battle-Government regains territory",
"Battle-Non-state actor overtakes territory")
Headquarters or base established                           held             (empty)
Armed clash; Battles with no sub-event type; pre-2019      contested        (empty)
"Battle-No change of territory"
everything else: violence against civilians, explosions/   mention          (empty)
remote violence, protests, riots, strategic developments
=========================================================  ===============  ===============

``actor1`` is the actor (for transfers: the new holder); ``actor2`` the previous holder. A base
or headquarters being established shows that actor1 holds the place on that date, but not that
it changed hands: kind ``held`` (no change, no previous actor) with a lower confidence.
Shelling, air strikes and attacks on civilians say nothing about who holds a place, so they are
mentions (kept, not dropped: the place was active) which layers do not treat as changes of
control or contest. Rows with distinct ``event_id_cnty``
are distinct events, even when every other identity column agrees.

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
from geomap.sources.tables._values import state_forces_variants, vmap

NAME: Final = "acled"
REQUIRED: Final = ("event_date", "actor1", "latitude", "longitude")
#: The columns :func:`convert` reads; a CSV export's other columns are not converted.
COLUMNS: Final = frozenset({
    "event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type", "actor1",
    "actor2", "iso", "country", "location", "latitude", "longitude", "geo_precision", "source",
    "notes",
})

#: Event types (2019+ sub-event types and pre-2019 event types) whose actor2 lost the place.
TRANSFERS: Final = frozenset({
    "government regains territory",
    "non-state actor overtakes territory",
    "non-violent transfer of territory",
    "battle-government regains territory",
    "battle-non-state actor overtakes territory",
})
#: A base or headquarters established: actor1 holds the place, nobody lost it.
BASE: Final = "headquarters or base established"
#: Fighting with no change of territory (any other type is a mention).
FIGHTING: Final = frozenset({"armed clash", "battles", "battle-no change of territory"})
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
    out.extend(state_forces_variants(name))  # "Military Forces of Sudan (2019-)"
    return [v for v in out if v]


def kinds(types: pd.Series) -> np.ndarray:
    """``kind`` of each lower-case ACLED event type (see the module's mapping table)."""
    def kind(name: str) -> str:
        if name in TRANSFERS:
            return "control_change"
        if name == BASE:
            return "held"
        return "contested" if name in FIGHTING else "mention"

    return vmap(types, kind).astype(object)


def event_types(conv: Conversion) -> pd.Series:
    """The finest event type of each row: ``sub_event_type`` (2019+), else ``event_type``."""
    sub, etype = conv.text("sub_event_type"), conv.text("event_type")
    return sub.where(sub != "", etype)


def convert(raw: RawTable, ctx: Context) -> TableResult:
    """Map an ACLED export to events; rows that fail the checks are rejected."""
    conv = Conversion(raw, ctx)
    cols = conv.cols
    types = event_types(conv)
    lower = types.str.lower()
    conv.reject((lower == "").to_numpy(), "sub_event_type",
                "sub_event_type and event_type are empty")
    cols["kind"] = kinds(lower)
    cols["event_date"] = conv.dates("event_date", required=True,
                                    cells=day_first(conv.text("event_date")))
    cols["date_precision"] = conv.coded("time_precision", TIME_PRECISION,
                                        "time_precision must be 1, 2 or 3 (ACLED codebook)")
    cols["geo_precision"] = conv.coded("geo_precision", GEO_PRECISION,
                                       "geo_precision must be 1, 2 or 3 (ACLED codebook)")
    cols["actor"] = conv.actors(conv.required("actor1"), variants=actor_variants)
    previous = conv.actors(conv.text("actor2"), variants=actor_variants)
    cols["previous_actor"] = previous.where(lower.isin(TRANSFERS), "")
    iso = conv.text("iso")
    conv.points(iso.where(iso != "", conv.text("country")), conv.text("location"))
    confidence = vmap(cols["geo_precision"], CONFIDENCE, np.nan).astype("float64")
    base = (lower == BASE).to_numpy()
    confidence[base] = np.minimum(confidence[base], 0.6)
    cols["confidence"] = confidence
    cols["confirmed"] = np.ones(conv.n, dtype=bool)
    cols["evidence"] = conv.text("notes")
    ids = conv.text("event_id_cnty")
    cols["source"] = source_labels("ACLED", ids, conv.text("source"))
    conv.record_ids, conv.types = ids, types
    return conv.finish(NAME)


#: ``dd/mm/yyyy``: the old regional exports write days first (``18/04/2001``).
_DAY_FIRST: Final = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def day_first(cells: pd.Series) -> pd.Series:
    """Slashed ACLED dates rewritten as ISO (ACLED's own files put the day first).

    Elsewhere ``05/09/2020`` is ambiguous and rejected; in an ACLED file it is 5 September.
    """
    def iso(value: str) -> str:
        m = _DAY_FIRST.match(value)
        return f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}" if m else value

    if not cells.str.contains("/", regex=False).any():
        return cells
    return pd.Series(vmap(cells, iso), dtype="str")
