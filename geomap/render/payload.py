"""The map's data: one compact, columnar JSON payload built from layers or events.

The browser draws everything from this payload with its own JavaScript (no folium object per
marker), which keeps a map of 100,000 events small and fast. Strings are stored once in a table
(``strs``) and referred to by index; places carry their control timeline so the time slider can
recolour them without a round trip.

Layout (all lists are columns of equal length unless noted)::

    {"v": 1, "title", "dates": [iso...], "at": index of the date shown first,
     "actors": [[id, name, colour], ...], "strs": [text...],
     "places": {"name", "lat", "lon", "sym", "geo", "st"},  # st: per place, flat runs
                  # [date index, actor, state, event, ...] of Layers.control_at's state
                  # (state -1 no control reported, 0 held, 1 claimed, 2 contested)
     "events": {"place", "date", "actor", "prev", "status", "conf", "prec", "text",
                "src", "as"},  # status 0 change, 1 claim, 2 contested, 3 held report;
                               # "as": the name as written, [] when always the canonical
     "routes": [[actor, lat1, lon1, lat2, lon2, status, info], ...],
     "objectives": [[actor, lat, lon, status, info], ...],  # info: [place, text, source,
                                                             #        date, related place]
     "zones": [[date index, [[actor, approx, area_km2, rings, level, confidence %,
                              evidence], ...], fronts of that date], ...],  # _territory.py
     "fronts": [[[a, b], lines], ...], "unresolved": [[place, reason, source, text], ...],
     "n_unresolved", "n_events", "n_inputs",
     "basemap": {"land", "borders", "world": {"land", "borders"}, "region",
                 "countries": [[name, lat, lon]], "towns": [[name, lat, lon, pop]],
                 "admin1": lines, "admin1_labels": [[name, lat, lon, area, spots]]},
     "bounds": [[s, w], [n, e]], "attribution": text}
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Iterable
from typing import Any, Final

import geopandas as gpd
import numpy as np
import pandas as pd

from geomap.layers import build_layers
from geomap.layers._timeline import NEG, POS
from geomap.render import _territory
from geomap.render import basemap as _basemap
from geomap.render import palette as _palette
from geomap.render.naming import default_title, label_name, without_coordinates

log = logging.getLogger("geomap.render.payload")

__all__ = [
    "DATE_PRECISIONS",
    "STATUS",
    "SYMBOLS",
    "build_payload",
    "place_key",
    "place_labels",
    "timeline_rows",
]

#: Status codes of an event (a place's state uses 0-2, and -1 for no control reported).
STATUS: Final = ("held", "claimed", "contested", "reported held")
#: Symbol codes of a place.
SYMBOLS: Final = ("town", "air base", "airport", "district", "site")
DATE_PRECISIONS: Final = ("day", "week", "month", "year", "before", "unknown")
GEO_PRECISIONS: Final = ("point", "town", "district", "region", "country")
_TIMELINE_KINDS: Final = ("control_change", "claimed_control", "contested", "held")
#: Map state of a place on a slider date: -1 no control reported, 0 held, 1 held but only
#: claimed (unconfirmed), 2 contested. Events: 0 change, 1 claim, 2 contested, 3 held report.
_HELD_REPORT: Final = 3
_MAX_TEXT: Final = 600
_MAX_UNRESOLVED: Final = 500
_COLOUR_RE: Final = re.compile(r"^#[0-9a-fA-F]{6}$")
_AIRBASE_RE: Final = re.compile(r"\b(air ?base|air force|airfield|military airport)\b", re.I)
_AIRPORT_RE: Final = re.compile(r"\b(airport|aerodrome|airstrip)\b", re.I)
_FEATURE_SYMBOL: Final = {
    "city": 0, "town": 0, "village": 0, "airbase": 1, "base": 1, "airport": 2,
    "district": 3, "region": 3, "area": 3, "country": 3,
}
#: Attribution used when the gazetteer does not expose its own.
FALLBACK_ATTRIBUTION: Final = (
    "Places: GeoNames (CC BY 4.0), OurAirports (public domain); outlines and first-level "
    "boundaries: Natural Earth (public domain); rivers: GSHHG (LGPL-3.0); "
    "map: Leaflet (BSD-2-Clause)"
)


def place_key(gazetteer_id: str, location: str, country: str) -> str:
    """The key that identifies a place: its gazetteer id, else ``location|country``."""
    return gazetteer_id if gazetteer_id else f"{location}|{country}"


class _Strings:
    """A table of distinct strings; ``add`` returns the index of a string."""

    def __init__(self) -> None:
        self.items: list[str] = [""]
        self._index: dict[str, int] = {"": 0}

    def add(self, value: Any) -> int:
        text = _text(value)
        if len(text) > _MAX_TEXT:
            text = text[: _MAX_TEXT - 1] + "\u2026"
        idx = self._index.get(text)
        if idx is None:
            idx = len(self.items)
            self.items.append(text)
            self._index[text] = idx
        return idx


    def add_many(self, values: list[Any]) -> list[int]:
        """Indices of distinct values at once (the bulk path of :meth:`add`).

        ``values`` must be distinct (factorised); they are appended without a lookup, so a
        text repeated in another column is stored twice, which costs little.
        """
        out: list[int] = []
        items = self.items
        for value in values:
            text = value if isinstance(value, str) else _text(value)
            if not text:
                out.append(0)
                continue
            if len(text) > _MAX_TEXT:
                text = text[: _MAX_TEXT - 1] + "\u2026"
            out.append(len(items))
            items.append(text)
        return out


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def _events_of(data: Any) -> pd.DataFrame:
    if isinstance(data, pd.DataFrame):
        return data
    events = getattr(data, "events", None)
    if isinstance(events, pd.DataFrame):
        return events
    raise TypeError(f"render needs Layers or an events frame, got {type(data).__name__}")


def _column(df: pd.DataFrame, name: str, default: Any = "") -> pd.Series:
    """A text column as plain Python strings ("" for missing), without Arrow conversions."""
    if name in df.columns:
        col = df[name]
        if default == "":
            values = col.to_numpy(dtype=object, na_value="")
            if not all(isinstance(v, str) for v in values[:1000]):
                values = np.asarray([v if isinstance(v, str) else str(v) for v in values],
                                    dtype=object)
            return pd.Series(values, index=df.index, dtype=object)
        return col
    return pd.Series([default] * len(df), index=df.index, dtype=object)


def _float_column(df: pd.DataFrame, name: str) -> pd.Series:
    if name in df.columns:
        return pd.to_numeric(df[name], errors="coerce")
    return pd.Series([math.nan] * len(df), index=df.index, dtype="float64")


def _bool_column(df: pd.DataFrame, name: str) -> pd.Series:
    if name not in df.columns:
        return pd.Series([True] * len(df), index=df.index)
    col = df[name]
    if col.dtype == bool:
        return col
    return col.map(lambda v: str(v).strip().lower() in {"1", "true", "yes", "y", "t"}
                   if isinstance(v, str) else bool(v) if v is not None and v == v else True)


class _Actors:
    """Actor ids -> index, display name and colour (see :mod:`geomap.render.palette`).

    Ids are canonicalised through the actor set, so aliases of one group share one row (one
    legend entry, one colour). ``add(..., unnamed=True)`` maps "no actor" to a row of its own,
    ``["", "holder not named", UNNAMED]``, so such places never borrow an actor's swatch.
    """

    def __init__(self, actor_set: Any, colours: dict[str, str] | None = None,
                 countries: frozenset[str] = frozenset()) -> None:
        self._set = actor_set
        self._countries = countries
        self._colours = dict(colours or {})
        self.rows: list[list[str]] = []
        self._index: dict[str, int] = {}
        self._unnamed = -1

    def add(self, actor_id: str, *, unnamed: bool = False) -> int:
        if not actor_id:
            if not unnamed:
                return -1
            if self._unnamed < 0:
                self._unnamed = len(self.rows)
                self.rows.append(["", "holder not named", _palette.UNNAMED])
            return self._unnamed
        idx = self._index.get(actor_id)
        if idx is None:
            canonical = _palette.canonical_actor(actor_id, self._set, self._countries)
            idx = self._index.get(canonical)
            if idx is None:
                idx = len(self.rows)
                self._index[canonical] = idx
                colour = self._colours.get(canonical)
                if colour is None:
                    taken = [r[2] for r in self.rows if r[0]]
                    colour = self._colours[canonical] = _palette.pick_colour(taken)
                self.rows.append([canonical, self._name(canonical), colour])
            self._index[actor_id] = idx
        return idx

    def _name(self, actor_id: str) -> str:
        if self._set is not None:
            try:
                return str(self._set.name(actor_id))
            except Exception:  # noqa: BLE001 - a user actor set must not break the map
                log.debug("no name for actor %r", actor_id)
        return actor_id


def _default_actor_set(data: Any, actors: Any) -> Any:
    if actors is not None:
        return actors
    found = getattr(data, "actors", None)
    if found is not None:
        return found
    try:
        from geomap.actors import ActorSet  # type: ignore[import-not-found,unused-ignore]

        return ActorSet.default()
    except Exception:  # noqa: BLE001 - the actor module is optional for rendering
        return None


def _symbol(feature: str, name: str, gazetteer_id: str, geo_precision: str) -> int:
    sym = _FEATURE_SYMBOL.get(feature.lower()) if feature else None
    if sym is not None:
        return sym
    if _AIRBASE_RE.search(name):
        return 1
    if _AIRPORT_RE.search(name) or gazetteer_id.startswith("ourairports:"):
        return 2
    if geo_precision in ("district", "region", "country"):
        return 3
    if feature:
        return 4
    return 0


def _features_of(data: Any) -> dict[str, str]:
    places = getattr(data, "places", None)
    if not isinstance(places, pd.DataFrame) or "feature" not in places.columns:
        return {}
    if "place_key" not in places.columns:
        return {}
    return dict(zip(places["place_key"].astype(str), places["feature"].fillna("").astype(str),
                    strict=True))


def _index_of(values: Iterable[str], vocabulary: tuple[str, ...], default: int) -> list[int]:
    lookup = {v: i for i, v in enumerate(vocabulary)}
    codes = pd.Series(list(values), dtype=object).map(lookup).fillna(default)
    return codes.astype(np.int64).tolist()  # type: ignore[no-any-return]


def build_payload(
    data: Any,
    *,
    at: str | None = None,
    title: str | None = None,
    actors: Any = None,
    basemap: bool = True,
    attribution: str | None = None,
    inputs: int | None = None,
) -> dict[str, Any]:
    """Build the map payload from :class:`geomap.layers.Layers` or an events frame.

    Parameters
    ----------
    data
        Layers (``.events`` plus optional ``.places``, ``.zones``, ``.fronts``,
        ``.unresolved``...) or an events (Geo)DataFrame with the schema's columns.
    at
        ISO date shown first; the latest event date when ``None``.
    title
        Map title.
    actors
        An :class:`geomap.actors.ActorSet` for names and colours (default: the layers' or the
        bundled one).
    basemap
        Include the offline vector basemap (country outlines and major towns).
    attribution
        Attribution text; the gazetteer's when ``None``.
    inputs
        Number of inputs read, for the empty map's message (default: distinct sources).

    Returns
    -------
    dict
        JSON-able payload, see the module docstring.
    """
    events = _events_of(data)
    actor_set = _default_actor_set(data, actors)
    where = _palette.event_countries(events)
    actor_table = _Actors(actor_set, _palette.event_palette(events, actor_set, where), where)
    strs = _Strings()

    lat = _float_column(events, "latitude")
    lon = _float_column(events, "longitude")
    valid = lat.notna() & lon.notna() & lat.between(-90, 90) & lon.between(-180, 180)

    # the rows Layers' timeline reads (same kind vocabulary, same test of a usable point)
    timeline = timeline_rows(events)
    places, events_cols, dates = _places_and_events(timeline, data, actor_table, strs, at)
    at_index = _at_index(dates, at)

    routes, objectives = _routes_and_objectives(events[valid], actor_table)
    zones, fronts = _zones_and_fronts(data, dates, actor_table)
    unresolved, n_unresolved = _unresolved(data)
    bounds = _bounds(places, routes, objectives, events[valid])

    payload: dict[str, Any] = {
        "v": 1,
        "title": _text(title) if title is not None else default_title(events),
        "dates": dates,
        "at": at_index,
        "actors": actor_table.rows,
        "status": list(STATUS),
        "symbols": list(SYMBOLS),
        "precisions": list(DATE_PRECISIONS),
        "geo": list(GEO_PRECISIONS),
        "places": places,
        "events": events_cols,
        "routes": routes,
        "objectives": objectives,
        "zones": zones,
        "fronts": fronts,
        "unresolved": unresolved,
        "n_unresolved": n_unresolved,
        "n_events": len(events),
        "n_inputs": inputs if inputs is not None else len(
            {s for s in _column(events, "source").tolist() if s}),
        "bounds": bounds,
        "attribution": attribution if attribution is not None else _attribution(),
        "basemap": (_basemap.basemap(bounds) if bounds else _basemap.world_basemap())
        if basemap else None,
        "strs": strs.items,
    }
    return payload


def _attribution() -> str:
    try:
        from geomap.gazetteer import ATTRIBUTION

        text = str(ATTRIBUTION)
    except (ImportError, AttributeError):
        return FALLBACK_ATTRIBUTION
    extra = ("outlines and first-level boundaries: Natural Earth (public domain); "
             "rivers: GSHHG (LGPL-3.0); map: Leaflet (BSD-2-Clause)")
    return f"{text}; {extra}" if "Leaflet" not in text else text


def _codes(col: pd.Series, strs: _Strings) -> list[int]:
    """Indices into the string table for every value of ``col`` (factorised, not looped)."""
    values = np.asarray(col.astype(object).where(col.notna(), ""), dtype=object)
    codes, uniques = pd.factorize(values, sort=False)
    table = np.asarray(strs.add_many(uniques.tolist()) or [0], dtype=np.int64)
    return table[np.maximum(codes, 0)].tolist()  # type: ignore[no-any-return]


def _places_and_events(
    timeline: pd.DataFrame, data: Any, actor_table: _Actors, strs: _Strings, at: str | None,
) -> tuple[dict[str, Any], dict[str, list[Any]], list[str]]:
    n = len(timeline)
    gid = _column(timeline, "gazetteer_id").tolist()
    location = _column(timeline, "location").tolist()
    written = _column(timeline, "place").tolist()
    country = _column(timeline, "country").tolist()
    name = [loc or pl for loc, pl in zip(location, written, strict=True)]
    # place_key() for every row, vectorised: the gazetteer id, else "location|country"
    gid_s = pd.Series(gid, dtype=object)
    fallback = pd.Series(name, dtype=object) + "|" + pd.Series(country, dtype=object)
    keys = gid_s.where(gid_s != "", fallback).tolist()
    kind = np.asarray([k.strip().lower() for k in _column(timeline, "kind").tolist()],
                      dtype=object)
    confirmed = _bool_column(timeline, "confirmed").tolist()
    actor = _column(timeline, "actor").tolist()
    prev = _column(timeline, "previous_actor").tolist()
    prec = _index_of(_column(timeline, "date_precision").tolist(), DATE_PRECISIONS, 5)
    geo = _index_of(_column(timeline, "geo_precision").tolist(), GEO_PRECISIONS, 1)
    conf_arr = _float_column(timeline, "confidence").fillna(-1).to_numpy(dtype=np.float64)
    lat = _float_column(timeline, "latitude").tolist()
    lon = _float_column(timeline, "longitude").tolist()
    source = _column(timeline, "source")
    text_codes = _codes(_column(timeline, "evidence"), strs)
    src_codes = _codes(source, strs)
    as_written = pd.Series([w if w != nm else "" for w, nm in zip(written, name, strict=True)],
                           dtype=object)
    as_codes = _codes(as_written, strs)
    features = _features_of(data)

    # Places: factorise the keys (codes follow first appearance, so first[k] is increasing).
    pcode, _uniq = pd.factorize(np.asarray(keys, dtype=object), sort=False)
    n_places = len(_uniq)
    first = np.zeros(n_places, dtype=np.int64)
    if n:
        seen_codes, first_idx = np.unique(pcode, return_index=True)
        first[seen_codes] = first_idx
    p_name = _labels(pcode, name, written, first, n_places)
    p_lat = [round(lat[i], 5) for i in first.tolist()]
    p_lon = [round(lon[i], 5) for i in first.tolist()]
    p_geo = [geo[i] for i in first.tolist()]
    p_sym = [_symbol(features.get(keys[i], ""), name[i], gid[i], GEO_PRECISIONS[geo[i]])
             for i in first.tolist()]

    is_claim = ~np.asarray(confirmed, dtype=bool) | (kind == "claimed_control")
    status = np.where(kind == "held", _HELD_REPORT, np.where(
        kind == "contested", 2, np.where(is_claim, 1, 0))).astype(np.int64)
    a = _actor_codes(actor, actor_table, unnamed=True)
    # "contested" with nobody named is not a holder that is unnamed
    a = np.where((np.asarray(actor, dtype=object) == "") & (status == 2), -1, a)
    pa = _actor_codes(prev, actor_table)
    runs, dates, d = _state_runs(timeline, data, pcode, a, pa, n_places, at)

    ev: dict[str, list[Any]] = {
        "place": pcode.tolist(), "date": d.tolist(), "actor": a.tolist(), "prev": pa.tolist(),
        "status": status.tolist(),
        "conf": np.where(conf_arr < 0, -1, np.rint(np.minimum(conf_arr, 1.0) * 100))
                  .astype(np.int64).tolist(),
        "prec": prec, "text": text_codes, "src": src_codes,
        "as": as_codes if any(as_codes) else [],
    }
    places = {"name": p_name, "lat": p_lat, "lon": p_lon, "sym": p_sym, "geo": p_geo,
              "st": runs}
    return places, ev, dates


def timeline_rows(events: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``events`` the map draws places from (located, a control kind), as Layers'
    timeline reads them."""
    lat = _float_column(events, "latitude")
    lon = _float_column(events, "longitude")
    valid = lat.notna() & lon.notna() & lat.between(-90, 90) & lon.between(-180, 180)
    kind = _column(events, "kind")
    return events[valid & kind.str.strip().str.lower().isin(_TIMELINE_KINDS)]


def place_labels(events: pd.DataFrame) -> dict[str, str]:
    """Place key -> the map's label of that place (:func:`geomap.render.naming.label_name`
    over the spellings of its rows): what a report shows so that it reads like the map."""
    timeline = timeline_rows(events)
    if not len(timeline):
        return {}
    gid = _column(timeline, "gazetteer_id").tolist()
    written = _column(timeline, "place").tolist()
    name = [loc or pl for loc, pl in zip(_column(timeline, "location").tolist(), written,
                                          strict=True)]
    country = _column(timeline, "country").tolist()
    keys = [g or f"{nm}|{c}" for g, nm, c in zip(gid, name, country, strict=True)]
    pcode, uniq = pd.factorize(np.asarray(keys, dtype=object), sort=False)
    seen, first = np.unique(pcode, return_index=True)
    firsts = np.zeros(len(uniq), dtype=np.int64)
    firsts[seen] = first
    labels = _labels(pcode, name, written, firsts, len(uniq))
    return {str(k): lab for k, lab in zip(uniq.tolist(), labels, strict=True)}


def _labels(pcode: np.ndarray, name: list[str], written: list[str], first: np.ndarray,
            n_places: int) -> list[str]:
    """The label of every place, one spelling convention (see :mod:`geomap.render.naming`)."""
    if not n_places:
        return []
    pairs = pd.DataFrame({"p": pcode, "w": written}).value_counts(sort=False)
    spellings: list[dict[str, int]] = [{} for _ in range(n_places)]
    for (p, w), count in pairs.items():
        spellings[int(p)][str(w)] = int(count)
    out = []
    for p, i in enumerate(first.tolist()):
        forms = [w for w, c in spellings[p].items() for _ in range(min(c, 3))]
        out.append(label_name(name[i], forms))
    return out


def _actor_codes(values: list[str], actor_table: _Actors, *, unnamed: bool = False) -> np.ndarray:
    """Actor index of every value (``-1`` for none, or the "holder not named" row when
    ``unnamed``), adding new actors in order of appearance."""
    codes, uniques = pd.factorize(np.asarray(values, dtype=object), sort=False)
    table = np.asarray([actor_table.add(str(u), unnamed=unnamed) for u in uniques.tolist()]
                       or [-1], dtype=np.int64)
    return table[np.maximum(codes, 0)] if len(codes) else np.zeros(0, dtype=np.int64)


def _control_timeline(data: Any, timeline: pd.DataFrame) -> Any:
    """The control timeline of :class:`geomap.layers.Layers` over exactly these rows.

    Rows ``i`` of ``timeline`` and of the Timeline's arrays are the same event when ``data`` is
    the Layers the frame was taken from; otherwise (an events frame, other layers) the layers
    of these rows are built here, with the same contest window.
    """
    found = getattr(data, "timeline", None)
    if found is not None and callable(getattr(found, "state_at", None)) \
            and len(getattr(found, "day", ())) == len(timeline):
        return found
    window = int(getattr(data, "contested_window_days", 7))
    return build_layers(timeline.reset_index(drop=True), contested_window_days=window).timeline


def _state_runs(
    timeline: pd.DataFrame, data: Any, pcode: np.ndarray, a: np.ndarray, pa: np.ndarray,
    n_places: int, at: str | None,
) -> tuple[list[list[int]], list[str], np.ndarray]:
    """Per place, the runs of its state on the slider dates, from ``Layers.control_at``.

    The state of every place on a date is ``Timeline.state_at`` (what ``control_at`` reads),
    with the report's one addition (:func:`geomap.report._model.control_on`): before a place's
    first dated evidence it is unknown, whoever a later change says it was taken from.

    Returns
    -------
    runs, dates, event_dates
        ``runs[p]`` is the flat ``[date index, actor, state, event, ...]`` of place ``p``, one
        entry where its state changes (date index ``-1``: before the first date; state -1 no
        control reported, 0 held, 1 held by an unconfirmed claim, 2 contested; event: the row
        behind it, -1 none). ``dates`` are the slider's dates: the events' dates, the days a
        contest or claim lapses (when that changes a place), and ``at``. ``event_dates`` is
        each row's index into ``dates`` (-1 undated).
    """
    n = len(timeline)
    empty: list[list[int]] = [[] for _ in range(n_places)]
    if n == 0:
        return empty, [], np.zeros(0, dtype=np.int64)
    tl = _control_timeline(data, timeline)
    day = np.asarray(tl.day, dtype=np.int64)
    dated = (day > NEG) & (day < POS)
    event_days = np.unique(day[dated])
    if not len(event_days):
        return ([[-1, *r] for r in _undated_states(tl, pcode, a, pa, n_places)],
                [], np.full(n, -1, dtype=np.int64))
    at_day = _iso_day(at)
    cap = max(int(event_days[-1]), at_day if at_day is not None else NEG)
    expiry = np.asarray(tl.claims.expiry, dtype=np.int64)
    lapses = np.unique(expiry[(expiry < POS) & (expiry <= cap)])
    extra = [at_day] if at_day is not None and at_day >= event_days[0] else []
    cand = np.unique(np.concatenate([event_days, lapses, np.asarray(extra, dtype=np.int64)]))
    required = np.isin(cand, event_days) | np.isin(cand, extra)

    lp, amap = _layer_codes(tl, pcode, a, pa, n_places)
    has = lp >= 0
    code = np.where(has, lp, 0)
    first_day = np.full(n_places, NEG, dtype=np.int64)
    if dated.any():
        first_day[:] = POS
        np.minimum.at(first_day, pcode[dated], day[dated])
    # latest row of each place on or before the day, updated day by day (input order within
    # a day; undated rows count from the start)
    by_day = np.lexsort((np.arange(n), day))
    day_sorted = day[by_day]
    latest = np.full(n_places, -1, dtype=np.int64)
    done = 0

    prev = (np.full(n_places, -1), np.full(n_places, -1), np.full(n_places, -1))
    changes: list[tuple[np.ndarray, ...]] = []
    changed_at = np.zeros(len(cand) + 1, dtype=bool)
    for k, t in enumerate([int(cand[0]) - 1, *cand.tolist()]):
        st = tl.state_at(t)
        status = np.where(has, st.status[code], 0)
        held = status == 1
        state = np.where(held, np.where(st.confirmed[code], 0, 1), np.where(status == 2, 2, -1))
        actor = np.where(held, amap[st.actor[code]], -1)
        upto = int(np.searchsorted(day_sorted, t, side="right"))
        latest[pcode[by_day[done:upto]]] = by_day[done:upto]
        done = upto
        decided = np.where(has, st.event[code], -1)
        event = np.where(held & (decided >= 0), decided, latest)
        early = t < first_day
        state[early], actor[early], event[early] = -1, -1, -1
        moved = (state != prev[0]) | (actor != prev[1]) | (event != prev[2])
        if moved.any():
            changed_at[k] = True
            p = np.flatnonzero(moved)
            changes.append((p, np.full(len(p), k), actor[p], state[p], event[p]))
        prev = (state, actor, event)

    keep = np.concatenate([[True], required | changed_at[1:]])
    index = np.cumsum(keep) - 2  # position k -> date index (k = 0: before the first, -1)
    dates = [str(x) for x in np.datetime_as_string(cand[keep[1:]].astype("datetime64[D]"))]
    if changes:
        cp, ck, ca, cs, ce = (np.concatenate(c) for c in zip(*changes, strict=True))
        o = np.lexsort((ck, cp))
        rows = np.column_stack((index[ck[o]], ca[o], cs[o], ce[o]))
        bounds = np.searchsorted(cp[o], np.arange(n_places + 1))
        flat = rows.ravel().tolist()
        runs = [flat[4 * int(bounds[i]):4 * int(bounds[i + 1])] for i in range(n_places)]
    else:
        runs = empty
    kept_days = cand[keep[1:]]
    d = np.where(dated, np.searchsorted(kept_days, day), -1).astype(np.int64)
    return runs, dates, d


def _undated_states(tl: Any, pcode: np.ndarray, a: np.ndarray, pa: np.ndarray,
                    n_places: int) -> list[list[int]]:
    """[actor, state, event] of every place when nothing is dated (held "at some time")."""
    lp, amap = _layer_codes(tl, pcode, a, pa, n_places)
    st = tl.state_at(0)
    out: list[list[int]] = []
    for p in range(n_places):
        c = int(lp[p])
        s = int(st.status[c]) if c >= 0 else 0
        if s == 1:
            out.append([int(amap[st.actor[c]]), 0 if st.confirmed[c] else 1, int(st.event[c])])
        else:
            out.append([-1, 2 if s == 2 else -1, int(st.event[c]) if c >= 0 else -1])
    return out


def _layer_codes(tl: Any, pcode: np.ndarray, a: np.ndarray, pa: np.ndarray,
                 n_places: int) -> tuple[np.ndarray, np.ndarray]:
    """(layers' place code of each payload place, payload actor of each layers actor code).

    Read off the rows behind the timeline's intervals and claims: an interval's actor is the
    actor of the row that started it (the previous actor for one implied by a later change).
    ``amap[-1]`` is -1 (no actor).
    """
    iv, cl = tl.intervals, tl.claims
    lp = np.full(n_places, -1, dtype=np.int64)
    lp[pcode[cl.event]] = cl.place
    lp[pcode[iv.event]] = iv.place
    top = max(int(iv.actor.max()) if len(iv.actor) else -1,
              int(cl.actor.max()) if len(cl.actor) else -1)
    amap = np.full(top + 2, -1, dtype=np.int64)
    named = cl.actor >= 0
    amap[cl.actor[named]] = a[cl.event[named]]
    implied = np.asarray(iv.implied, dtype=bool)
    amap[iv.actor[implied]] = pa[iv.event[implied]]
    amap[iv.actor[~implied]] = a[iv.event[~implied]]
    amap[-1] = -1
    return lp, amap


def _iso_day(value: str | None) -> int | None:
    if not value:
        return None
    try:
        return int(np.datetime64(str(value)[:10], "D").astype(np.int64))
    except ValueError:
        return None


def _at_index(dates: list[str], at: str | None) -> int:
    if not dates:
        return -1
    if not at:
        return len(dates) - 1
    at = str(at)[:10]
    idx = -1
    for i, d in enumerate(dates):
        if d <= at:
            idx = i
    return idx


def _routes_and_objectives(
    events: pd.DataFrame, actor_table: _Actors
) -> tuple[list[list[Any]], list[list[Any]]]:
    kind = _column(events, "kind")
    routes: list[list[Any]] = []
    objectives: list[list[Any]] = []
    rows = events[kind.isin(("route", "objective"))]
    if rows.empty:
        return routes, objectives
    for rec in rows.to_dict("records"):
        a = actor_table.add(_text(rec.get("actor")), unnamed=True)
        status = 0 if _truthy(rec.get("confirmed", True)) else 1
        lat, lon = float(rec["latitude"]), float(rec["longitude"])
        info = [
            # drawn as the objective's label: no coordinates written into the name
            without_coordinates(_text(rec.get("location")) or _text(rec.get("place"))),
            _text(rec.get("evidence"))[:_MAX_TEXT],
            _text(rec.get("source")),
            _text(rec.get("event_date"))[:10],
            _text(rec.get("related_location")),
        ]
        if rec.get("kind") == "route":
            rlat, rlon = _num(rec.get("related_latitude")), _num(rec.get("related_longitude"))
            if rlat is None or rlon is None:
                continue
            routes.append([a, round(lat, 5), round(lon, 5), round(rlat, 5), round(rlon, 5),
                           status, info])
        else:
            # The arrow's start (the nearest place the actor holds on the date shown) is
            # chosen in the browser, because it changes with the time slider.
            objectives.append([a, round(lat, 5), round(lon, 5), status, info])
    return routes, objectives


def _truthy(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "y", "t"}
    return bool(value)


def _num(value: Any) -> float | None:
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(out) else out


def _zones_and_fronts(data: Any, dates: list[str],
                      actor_table: _Actors) -> tuple[list[list[Any]], list[list[Any]]]:
    """Territory snapshots and the latest fronts (:mod:`geomap.render._territory`).

    Territory is clipped to land: areas drawn over the sea say nothing.
    """
    latest_zones = getattr(data, "zones", None)
    land = None
    if (isinstance(latest_zones, pd.DataFrame) and not latest_zones.empty
            and "geometry" in latest_zones.columns):
        w, s, e, n = (float(v) for v in gpd.GeoSeries(latest_zones.geometry).total_bounds)
        codes = sorted(c for c in pd.unique(_column(_events_of(data), "country").to_numpy(object))
                       if isinstance(c, str) and len(c) == 2)
        land = _basemap.land_in((w - 1, s - 1, e + 1, n + 1), codes)
    return _territory.snapshots(data, dates, actor_table.add, land, _events_of(data))


def _unresolved(data: Any) -> tuple[list[list[str]], int]:
    table = getattr(data, "unresolved", None)
    if not isinstance(table, pd.DataFrame) or table.empty:
        return [], 0
    rows: list[list[str]] = []
    for rec in table.head(_MAX_UNRESOLVED).to_dict("records"):
        rows.append([_text(rec.get("place")), _text(rec.get("reason")),
                     _text(rec.get("source")), _text(rec.get("evidence"))[:_MAX_TEXT]])
    return rows, len(table)


#: Half the smallest extent a map opens on, in degrees.
_MIN_PAD = 1.2


def _bounds(
    places: dict[str, Any], routes: list[list[Any]], objectives: list[list[Any]],
    events: pd.DataFrame,
) -> list[list[float]] | None:
    lats = list(places["lat"])
    lons = list(places["lon"])
    for r in routes:
        lats += [r[1], r[3]]
        lons += [r[2], r[4]]
    for o in objectives:
        lats.append(o[1])
        lons.append(o[2])
    if not lats and len(events):
        lats = _float_column(events, "latitude").tolist()
        lons = _float_column(events, "longitude").tolist()
    if not lats:
        return None
    s, n, w, e = min(lats), max(lats), min(lons), max(lons)
    # A single place (or a tight cluster) still deserves context: at least ~1.2 degrees each
    # side (~130 km), so that neighbouring towns and a border are on screen, not empty ground.
    pad_lat = max((n - s) * 0.08, _MIN_PAD - (n - s) / 2, 0.3)
    pad_lon = max((e - w) * 0.08, _MIN_PAD - (e - w) / 2, 0.3)
    return [[round(max(s - pad_lat, -85), 4), round(max(w - pad_lon, -180), 4)],
            [round(min(n + pad_lat, 85), 4), round(min(e + pad_lon, 180), 4)]]
