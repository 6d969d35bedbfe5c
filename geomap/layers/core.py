"""``build_layers``: events -> control over time as GeoDataFrames (the :class:`Layers`)."""

from __future__ import annotations

import functools
import json
import logging
from typing import TYPE_CHECKING, Any, Final

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geomap._blas import one_blas_thread
from geomap.errors import InputError
from geomap.layers import _prepare as prep
from geomap.layers._timeline import (
    NEG,
    POS,
    PRECISIONS,
    SPAN,
    STATUS,
    TIMELINE_KINDS,
    Timeline,
    day_to_iso,
    parse_day,
    parse_values,
)
from geomap.layers.surface import SurfaceModel, SurfaceParams
from geomap.schema import CRS, UNRESOLVED_COLUMNS

if TYPE_CHECKING:  # pragma: no cover
    import folium

log = logging.getLogger("geomap.layers")

__all__ = ["Layers", "build_layers"]

CHANGE_KINDS: Final = ("control_change", "claimed_control")
PLACE_COLUMNS: Final = (
    "place_key", "location", "country", "feature", "geo_precision", "gazetteer_id", "actor",
    "since", "since_precision", "n_changes", "n_events", "history", "status", "confirmed",
    "confidence", "evidence", "source", "geometry",
)
INTERVAL_COLUMNS: Final = (
    "place_key", "location", "actor", "valid_from", "valid_to", "from_precision",
    "from_earliest", "from_latest", "confirmed", "disputed", "implied", "event_id", "geometry",
)
ROUTE_COLUMNS: Final = (
    "event_id", "event_date", "actor", "location", "related_location", "evidence", "source",
    "confirmed", "geometry",
)
OBJECTIVE_COLUMNS: Final = (
    "event_id", "event_date", "actor", "location", "evidence", "source", "confirmed", "geometry",
)


def build_layers(
    events: pd.DataFrame,
    *,
    unresolved: pd.DataFrame | None = None,
    actors: Any = None,
    contested_window_days: int = 7,
    surface: SurfaceParams | None = None,
) -> Layers:
    """Reduce events to layers of control over time.

    Parameters
    ----------
    events
        Events with the schema's columns (a GeoDataFrame or a plain DataFrame with
        latitude/longitude).
    unresolved
        Places that could not be resolved (place, source, evidence, reason, candidates); events
        without coordinates are added to it.
    actors
        An :class:`geomap.actors.ActorSet` for names and colours (kept for rendering).
    contested_window_days
        Days a claim or a ``contested`` report keeps a place contested, unless a confirmed
        change settles it earlier.
    surface
        Settings of the control surface (territory, zones and fronts); see
        :class:`geomap.layers.surface.SurfaceParams`.

    Returns
    -------
    Layers
    """
    if not isinstance(events, pd.DataFrame):
        raise InputError(f"build_layers needs a DataFrame of events, not {type(events).__name__}")
    if contested_window_days < 0:
        raise InputError("contested_window_days must be >= 0")
    return Layers(events, unresolved=unresolved, actors=actors,
                  contested_window_days=contested_window_days, surface=surface)


class Layers:
    """Control over time as GeoDataFrames (EPSG:4326).

    Tables are computed on first access and cached:

    ``places``
        One row per place: place_key, location, country, feature, geo_precision,
        gazetteer_id, actor (holder after the latest change), since, since_precision,
        n_changes, n_events, history (JSON ``[[date, precision, actor, kind, confirmed]]``),
        status (on the last date), confirmed, confidence, evidence, source, geometry.
    ``changes``
        control_change and claimed_control events, ordered by date (undated last).
    ``intervals``
        place_key, location, actor, valid_from, valid_to ("" = open), from_precision,
        from_earliest, from_latest, confirmed, disputed, implied (from previous_actor),
        event_id, geometry.
    ``zones`` / ``fronts``
        Estimated territory per controller and confidence level (``territory``, with an
        ``actor`` column) and the lines where different controllers meet, on the last date
        (``zones_at(date)`` / ``fronts_at(date)`` for another). ``surface(at=)`` gives the
        cells behind them.
    ``routes``, ``objectives``, ``unresolved``
        Movements as LineStrings, stated objectives as points, places that could not be mapped.
    """

    def __init__(
        self,
        events: pd.DataFrame,
        *,
        unresolved: pd.DataFrame | None = None,
        actors: Any = None,
        contested_window_days: int = 7,
        surface: SurfaceParams | None = None,
    ) -> None:
        self.events = events
        self.actors = actors
        self.contested_window_days = int(contested_window_days)
        self.surface_params = surface or SurfaceParams()
        self._given_unresolved = unresolved
        self._zones_cache: dict[tuple[int, float], tuple[gpd.GeoDataFrame, gpd.GeoDataFrame,
                                                         gpd.GeoDataFrame]] = {}

        lat = prep.float_column(events, "latitude")
        lon = prep.float_column(events, "longitude")
        self._located = (np.isfinite(lat) & np.isfinite(lon) & (np.abs(lat) <= 90)
                         & (np.abs(lon) <= 180))
        self._kind_c, self._kind_v = prep.coded(events, "kind")
        kind_code = prep.kind_codes(self._kind_c, self._kind_v)
        # a country's centre is no place whose control a map can show ("still holds ground
        # elsewhere in the country"): such events stay in the events table, off the timeline
        geo_c, geo_v = prep.coded(events, "geo_precision")
        whole_country = (geo_v == "country")[geo_c]
        rows = np.flatnonzero((kind_code >= 0) & self._located & ~whole_country)
        self._rows = rows  # timeline event -> row of ``events``

        gid = prep.coded(events, "gazetteer_id", rows)
        loc = prep.coded(events, "location", rows)
        written = prep.coded(events, "place", rows)
        country = prep.coded(events, "country", rows)
        self._place, self._keys, first = prep.place_codes(gid, loc, written, country)
        (actor, previous), names = prep.actor_codes(
            prep.coded(events, "actor", rows), prep.coded(events, "previous_actor", rows)
        )
        # "contested" / "Gray zone" in an actor column is a state of the place, not an actor.
        actor, previous, self._actor_names, stated = prep.split_states(actor, previous, names)
        self._actor_codes = actor
        self._previous_codes = previous
        date_c, self._date_v = prep.coded(events, "event_date")
        self._day_table = parse_values(self._date_v)
        self._day_all = self._day_table[date_c]
        self._date_c = date_c[rows]
        day = self._day_all[rows]
        prec = prep.precision_codes(*prep.coded(events, "date_precision", rows))
        confirmed = prep.bool_column(events, "confirmed", rows=rows)
        self._confirmed = confirmed
        self._prec = prec
        self._tkind = np.where(stated, 2, kind_code[rows])
        self.timeline = Timeline(
            self._place, actor, previous, day, prec, self._tkind, confirmed,
            len(self._keys), self.contested_window_days,
        )
        dated = self.timeline.day[self.timeline.day > NEG]
        self._last_day = int(dated.max()) if len(dated) else POS - 1
        self._lat, self._lon = lat[rows], lon[rows]
        self._rep = self._representatives()
        # Per place names, from its latest event (ids are shared, spellings may differ).
        rep = self._rep
        loc_name = loc[1][loc[0][rep]]
        self._p_loc = np.where(loc_name != "", loc_name, written[1][written[0][rep]])
        self._p_gid = gid[1][gid[0][rep]]
        self._p_country = country[1][country[0][rep]]
        del first

    # ------------------------------------------------------------------ places
    def _representatives(self) -> np.ndarray:
        """Per place, the timeline row of its latest usable event (sorted order)."""
        order = self.timeline.order
        n = self.timeline.n_places
        rep = np.full(n, -1, dtype=np.int64)
        rep[self._place[order]] = order  # later rows overwrite: the latest wins
        return rep

    def _area_places(self) -> np.ndarray:
        """Per place, whether it is a first-level subdivision (province, state) named as a whole.

        Its centre is no place anyone holds ("fighting in X province", "the army controls most
        of X state"): its events stay on the timeline and the map, but it casts no vote in the
        territory estimate, where it would paint a disc of control around that centre. Events
        a table pins to a town with region precision (ACLED's 3) keep their vote.
        """
        prec = prep.take_text(self.events, "geo_precision", self._rows[self._rep])
        gid = self._p_gid.astype(str)
        return (prec == "region") & np.char.startswith(gid, "derived:adm")

    def _event_ids(self, timeline_rows: np.ndarray) -> np.ndarray:
        return prep.take_text(self.events, "event_id", self._rows[timeline_rows])

    def _base(self) -> dict[str, Any]:
        """Columns every per-place table shares."""
        rep = self._rep
        ev_rows = self._rows[rep]
        feature = prep.take_text(self.events, "feature", ev_rows)
        airport = np.array([g.startswith("ourairports:") for g in self._p_gid.tolist()],
                           dtype=bool)
        feature = np.where((feature == "") & airport, "airport", feature)
        return {
            "place_key": self._keys,
            "location": self._p_loc,
            "country": self._p_country,
            "feature": feature,
            "geo_precision": prep.take_text(self.events, "geo_precision", ev_rows),
            "gazetteer_id": self._p_gid,
            "_conf": prep.float_column(self.events, "confidence", rows=ev_rows),
            "_evidence": prep.take_text(self.events, "evidence", ev_rows),
            "_source": prep.take_text(self.events, "source", ev_rows),
            "geometry": shapely.points(self._lon[rep], self._lat[rep]),
        }

    @functools.cached_property
    def _base_columns(self) -> dict[str, Any]:
        return self._base()

    def _kind_is(self, *kinds: str) -> np.ndarray:
        """Row mask of events whose kind is one of ``kinds``."""
        return np.isin(self._kind_v, kinds)[self._kind_c]

    def kind_counts(self) -> dict[str, int]:
        """Number of events per kind."""
        counts = np.bincount(self._kind_c, minlength=len(self._kind_v))
        out: dict[str, int] = {}
        for value, count in zip(self._kind_v.tolist(), counts.tolist(), strict=True):
            if count:
                out[str(value)] = out.get(str(value), 0) + int(count)
        return dict(sorted(out.items()))

    def _names(self, codes: np.ndarray) -> np.ndarray:
        names = np.append(self._actor_names, "").astype(object)
        return names[np.where(codes >= 0, codes, len(names) - 1)]

    @functools.cached_property
    def places(self) -> gpd.GeoDataFrame:
        """One row per resolved place with its latest controller and history."""
        base = self._base_columns
        n = self.timeline.n_places
        iv = self.timeline.intervals
        last_iv = np.full(n, -1, dtype=np.int64)
        last_iv[iv.place] = np.arange(len(iv.place))  # sorted by start: the last wins
        has = last_iv >= 0
        li = np.where(has, last_iv, 0)
        actor = np.where(has, iv.actor[li] if len(iv.place) else -1, -1)
        since = np.where(has, iv.start[li] if len(iv.place) else NEG, NEG)
        since_prec = np.where(has, iv.prec[li] if len(iv.place) else -1, -1)
        confirmed = np.where(has, iv.confirmed[li] if len(iv.place) else False, False)
        state = self.timeline.state_at(self._last_day)
        is_change = self._tkind == 0
        n_changes = np.bincount(self._place[is_change], minlength=n)
        n_events = np.bincount(self._place, minlength=n)
        frame = gpd.GeoDataFrame(
            {
                "place_key": base["place_key"],
                "location": base["location"],
                "country": base["country"],
                "feature": base["feature"],
                "geo_precision": base["geo_precision"],
                "gazetteer_id": base["gazetteer_id"],
                "actor": self._names(actor),
                "since": day_to_iso(since),
                "since_precision": _prec_names(since_prec),
                "n_changes": n_changes.astype("int64"),
                "n_events": n_events.astype("int64"),
                "history": self._history(),
                "status": np.asarray(STATUS, dtype=object)[state.status],
                "confirmed": confirmed.astype(bool),
                "confidence": base["_conf"],
                "evidence": base["_evidence"],
                "source": base["_source"],
            },
            geometry=gpd.GeoSeries(base["geometry"], crs=CRS),
            crs=CRS,
        )
        return frame

    def _history(self) -> np.ndarray:
        """Per place, JSON ``[[date, precision, actor, kind, confirmed], ...]`` by date."""
        n = self.timeline.n_places
        place = self._place
        if len(place) == 0:
            return np.zeros(0, dtype=object)
        day = np.where(self.timeline.day > NEG, self.timeline.day, NEG)
        order = np.argsort(place.astype(np.int64) * SPAN + (day - NEG), kind="stable")
        # Distinct entries are few: encode each once (JSON-quoting only distinct values).
        date_c, date_u = self._date_c, self._date_v
        key = (((date_c.astype(np.int64) * 8 + self._prec) * (len(self._actor_names) + 2)
                + (self._actor_codes + 1)) * 4 + self._tkind) * 2 + self._confirmed
        combo, uniq = pd.factorize(key)
        first = np.empty(len(uniq), dtype=np.int64)
        first[combo[::-1]] = np.arange(len(combo))[::-1]
        dq = [json.dumps(str(v)[:10], ensure_ascii=False) for v in date_u.tolist()]
        aq = [json.dumps(str(v), ensure_ascii=False) for v in self._actor_names.tolist()]
        aq.append('""')  # code -1: no actor
        pq = [json.dumps(v) for v in PRECISIONS]
        kq = [json.dumps(v) for v in TIMELINE_KINDS]
        text = np.array([
            f"[{dq[d]},{pq[pr]},{aq[ac]},{kq[k]},{'true' if c else 'false'}]"
            for d, pr, ac, k, c in zip(
                date_c[first].tolist(), self._prec[first].tolist(),
                self._actor_codes[first].tolist(), self._tkind[first].tolist(),
                self._confirmed[first].tolist(), strict=True)
        ], dtype=object)
        entries = text[combo[order]]
        # One join and one split instead of a join per place: "\n" separates places.
        sorted_place = place[order]
        sep = np.full(len(entries), ",", dtype=object)
        sep[np.flatnonzero(np.diff(sorted_place, prepend=-1))] = "\n"
        pieces = np.empty(2 * len(entries), dtype=object)
        pieces[0::2] = sep
        pieces[1::2] = entries
        parts = "".join(pieces.tolist()).split("\n")[1:]
        if len(parts) != n:  # pragma: no cover - every place has a timeline event
            raise RuntimeError("history does not cover every place")
        return np.array(["[" + p + "]" for p in parts], dtype=object)

    # ----------------------------------------------------------------- changes
    @functools.cached_property
    def changes(self) -> gpd.GeoDataFrame:
        """Control-change and claimed-control events as points, ordered by date."""
        sel = np.flatnonzero(self._kind_is(*CHANGE_KINDS))
        day = self._day_all[sel]
        day = np.where(day < NEG, POS, day)  # undated last
        order = sel[np.lexsort((sel, day))]
        return _as_points(self.events.iloc[order].reset_index(drop=True))

    # --------------------------------------------------------------- intervals
    @functools.cached_property
    def intervals(self) -> gpd.GeoDataFrame:
        """Who held each place over which period (``""`` = open end)."""
        iv = self.timeline.intervals
        base = self._base_columns
        from_prec = _prec_names(iv.prec)
        return gpd.GeoDataFrame(
            _object_columns({
                "place_key": base["place_key"][iv.place],
                "location": base["location"][iv.place],
                "actor": self._names(iv.actor),
                "valid_from": day_to_iso(iv.start),
                "valid_to": day_to_iso(iv.end),
                "from_precision": from_prec,
                "from_earliest": day_to_iso(np.where(iv.prec >= 0, iv.start_lo, NEG)),
                "from_latest": day_to_iso(np.where(iv.prec >= 0, iv.start_hi, NEG)),
                "confirmed": iv.confirmed.astype(bool),
                "disputed": iv.disputed.astype(bool),
                "implied": iv.implied.astype(bool),
                "event_id": self._event_ids(iv.event),
            }),
            geometry=gpd.GeoSeries(base["geometry"][iv.place], crs=CRS),
            crs=CRS,
        )

    # -------------------------------------------------------------- control_at
    def control_at(self, date: Any) -> gpd.GeoDataFrame:
        """The state of every place on ``date``.

        Returns
        -------
        geopandas.GeoDataFrame
            The places' columns, with ``status`` in {"held", "contested", "unknown"},
            ``actor`` the controller ("" when unknown or contested), ``holder`` the holder by
            the latest change even when contested, ``confirmed``, ``uncertain`` (the date lies
            within the precision window of a change), ``since``/``since_precision`` and
            ``as_of``.
        """
        t = _day(date)
        st = self.timeline.state_at(t)
        frame = self.places.copy()
        held = st.status == 1
        frame["status"] = np.asarray(STATUS, dtype=object)[st.status]
        frame["actor"] = np.where(held, self._names(st.actor), "")
        frame["holder"] = self._names(st.actor)
        frame["confirmed"] = st.confirmed & held
        frame["uncertain"] = st.uncertain.astype(bool)
        frame["since"] = day_to_iso(np.where(st.status > 0, st.since, NEG))
        frame["since_precision"] = np.where(st.status > 0, _prec_names(st.since_prec), "")
        has_event = st.event >= 0
        ids = np.full(len(frame), "", dtype=object)
        if has_event.any():
            ids[has_event] = self._event_ids(st.event[has_event])
        frame["event_id"] = ids
        frame["as_of"] = day_to_iso(np.array([t]))[0]
        return frame

    def dates(self) -> list[str]:
        """Sorted distinct dates of the control timeline."""
        day = self.timeline.day
        return [str(d) for d in day_to_iso(np.unique(day[(day > NEG) & (day < POS)]))]

    # ------------------------------------------------- surface, territory, fronts
    @functools.cached_property
    def surface_model(self) -> SurfaceModel:
        """The evidence of these layers, ready for the control surface on any date."""
        return SurfaceModel(self, self.surface_params)

    def surface(self, at: Any = None, cells: pd.DataFrame | None = None,
                cell_km: float = 2.0) -> gpd.GeoDataFrame:
        """Who controls the ground on ``at``: one row per cell.

        Parameters
        ----------
        at
            The date (default: the last date of the timeline). Only evidence dated on or
            before it is used.
        cells
            Points to estimate at (columns ``lat``, ``lon``; others are kept); default: the
            squares of a ``cell_km`` grid within reach of the evidence.
        cell_km
            Side of the grid squares (equal-area, km).

        Returns
        -------
        geopandas.GeoDataFrame
            ``cell_id``, ``controller`` (actor id, ``contested`` or ``unknown``),
            ``p_<actor>``, ``confidence``, ``evidence_km``, ``evidence_age_days``,
            ``evidence_ids`` and the geometry (square, or point for given cells).
        """
        t = self._last_day if at is None else _day(at)
        model = self.surface_model
        if cells is None:
            if not cell_km > 0:
                raise InputError("cell_km must be > 0")
            return model.grid_frame(t, float(cell_km))
        if not {"lat", "lon"} <= set(cells.columns):
            raise InputError("cells need columns lat and lon")
        lat = prep.float_column(cells, "lat")
        lon = prep.float_column(cells, "lon")
        est, snap = model.estimate_points(t, lon, lat)
        ids = (cells["cell_id"].astype(str).to_numpy(dtype=object) if "cell_id" in cells.columns
               else np.arange(len(cells)).astype(str).astype(object))
        frame = model.frame(est, snap, ids, shapely.points(lon, lat))
        extra = [c for c in cells.columns if c not in frame.columns and c not in ("lat", "lon")]
        for c in extra:
            frame[c] = cells[c].to_numpy()
        return frame

    def _territory_fronts(self, t: int, cell_km: float | None) -> tuple[
            gpd.GeoDataFrame, gpd.GeoDataFrame, gpd.GeoDataFrame]:
        """(territory per level, territory per controller, fronts), cached per day and grid."""
        km = float(cell_km) if cell_km else self.surface_model.auto_cell_km()
        key = (t, km)
        cached = self._zones_cache.get(key)
        if cached is None:
            with one_blas_thread():
                cached = self.surface_model.territory(t, km)
            self._zones_cache[key] = cached
        return cached

    def territory(self, at: Any = None, cell_km: float | None = None) -> gpd.GeoDataFrame:
        """The surface on ``at`` dissolved into polygons per controller and confidence level.

        Parameters
        ----------
        at
            The date (default: the last date of the timeline).
        cell_km
            Grid resolution (default: 2 km, coarser when the evidence spans a large area).

        Returns
        -------
        geopandas.GeoDataFrame
            ``controller``, ``level`` (0 low, 1 medium, 2 high confidence), ``confidence``
            (mean over the cells), ``area_km2``, ``n_cells``, ``evidence_ids``,
            ``approximate`` and a Polygon or MultiPolygon per row; ``unknown`` is left out.
        """
        t = self._last_day if at is None else _day(at)
        return self._territory_fronts(t, cell_km)[0].copy()

    def _zones_of(self, t: int) -> gpd.GeoDataFrame:
        return self._territory_fronts(t, None)[1].copy()

    @property
    def zones(self) -> gpd.GeoDataFrame:
        """Territory at the latest date, one row per controller (``actor`` = ``controller``)."""
        return self._zones_of(self._last_day)

    @property
    def fronts(self) -> gpd.GeoDataFrame:
        """Lines where the latest territories of different controllers meet (copy)."""
        return self._territory_fronts(self._last_day, None)[2].copy()

    def zones_at(self, date: Any) -> gpd.GeoDataFrame:
        """Territory on ``date``, one row per controller (``actor`` = ``controller``)."""
        return self._zones_of(_day(date))

    def fronts_at(self, date: Any, cell_km: float | None = None) -> gpd.GeoDataFrame:
        """Front lines on ``date`` (on the grid of ``territory(date, cell_km)``)."""
        return self._territory_fronts(_day(date), cell_km)[2].copy()

    # --------------------------------------------------- routes and objectives
    @functools.cached_property
    def routes(self) -> gpd.GeoDataFrame:
        """Supply lines and movements as LineStrings from location to related_location."""
        ev = self.events
        cand = np.flatnonzero(self._kind_is("route") & self._located)
        rlat = prep.float_column(ev, "related_latitude", rows=cand)
        rlon = prep.float_column(ev, "related_longitude", rows=cand)
        ok = np.isfinite(rlat) & np.isfinite(rlon)
        sel = cand[ok]
        lat = prep.float_column(ev, "latitude", rows=sel)
        lon = prep.float_column(ev, "longitude", rows=sel)
        coords = np.stack([np.column_stack([lon, lat]), np.column_stack([rlon[ok], rlat[ok]])],
                          axis=1)
        geoms = shapely.linestrings(coords) if len(sel) else np.array([], dtype=object)
        data: dict[str, Any] = {c: prep.take_text(ev, c, sel) for c in ROUTE_COLUMNS
                                if c not in ("confirmed", "geometry")}
        data["confirmed"] = prep.bool_column(ev, "confirmed", rows=sel)
        frame = gpd.GeoDataFrame(data, geometry=gpd.GeoSeries(geoms, crs=CRS), crs=CRS)
        return frame[list(ROUTE_COLUMNS)]

    @functools.cached_property
    def objectives(self) -> gpd.GeoDataFrame:
        """Stated objectives as points."""
        ev = self.events
        sel = np.flatnonzero(self._kind_is("objective") & self._located)
        data: dict[str, Any] = {c: prep.take_text(ev, c, sel) for c in OBJECTIVE_COLUMNS
                                if c not in ("confirmed", "geometry")}
        data["confirmed"] = prep.bool_column(ev, "confirmed", rows=sel)
        pts = shapely.points(prep.float_column(ev, "longitude", rows=sel),
                             prep.float_column(ev, "latitude", rows=sel))
        frame = gpd.GeoDataFrame(data, geometry=gpd.GeoSeries(pts, crs=CRS), crs=CRS)
        return frame[list(OBJECTIVE_COLUMNS)]

    # -------------------------------------------------------------- unresolved
    @functools.cached_property
    def unresolved(self) -> pd.DataFrame:
        """Given unresolved places plus events that cannot be placed on the map."""
        parts: list[pd.DataFrame] = []
        given = self._given_unresolved
        if isinstance(given, pd.DataFrame) and len(given):
            parts.append(given.reindex(columns=list(UNRESOLVED_COLUMNS)).fillna(""))
        ev = self.events
        mappable = self._kind_is(*TIMELINE_KINDS, "objective", "route")
        no_point = mappable & ~self._located
        routes = np.flatnonzero(self._kind_is("route") & self._located)
        rlat = prep.float_column(ev, "related_latitude", rows=routes)
        rlon = prep.float_column(ev, "related_longitude", rows=routes)
        no_end = routes[~(np.isfinite(rlat) & np.isfinite(rlon))]
        for sel, reason in ((np.flatnonzero(no_point), "event without coordinates"),
                            (no_end, "route end without coordinates")):
            if not len(sel):
                continue
            place = prep.take_text(ev, "related_location" if reason.startswith("route")
                                   else "place", sel)
            place = np.where(place != "", place, prep.take_text(ev, "location", sel))
            parts.append(pd.DataFrame({
                "place": place, "source": prep.take_text(ev, "source", sel),
                "evidence": prep.take_text(ev, "evidence", sel), "reason": reason,
                "candidates": "",
            }))
        if not parts:
            return pd.DataFrame({c: pd.Series([], dtype=object) for c in UNRESOLVED_COLUMNS})
        return pd.concat(parts, ignore_index=True)

    # ------------------------------------------------------------------ output
    def tables(self, at: Any = None) -> dict[str, pd.DataFrame]:
        """The layers as named tables (``control_at``, zones and fronts on ``at`` if given)."""
        from geomap.layers._io import layer_tables

        return layer_tables(self, at=at)

    def to_file(self, path: Any, *, at: Any = None) -> list[str]:
        """Write the layers: ``.gpkg`` (one layer per table), ``.parquet`` or ``.geojson``.

        Returns the paths written. See :func:`geomap.layers._io.write_layers`.
        """
        from geomap.layers._io import write_layers

        return write_layers(self, path, at=at)

    def explore(self, **kwds: Any) -> folium.Map:
        """An interactive map of the layers (``geomap.render``)."""
        # The one call from a stage to a later one, as GeoDataFrame.explore: imported here so
        # that layers never need render at import time (render imports layers).
        from geomap.render import render

        return render(self, **kwds)

    def summary(self) -> dict[str, Any]:
        """Counts for reports: places per latest status and actor, events per kind, dates."""
        from geomap.layers._html import summary

        return summary(self)

    def _repr_html_(self) -> str:
        from geomap.layers._html import repr_html

        return repr_html(self)

    def __repr__(self) -> str:
        s = self.summary()
        return (f"<Layers: {s['n_events']} events, {s['n_places']} places, "
                f"{s['n_unresolved']} unresolved, dates {s['first_date'] or '-'}.."
                f"{s['last_date'] or '-'}>")


def _object_columns(columns: dict[str, np.ndarray]) -> dict[str, Any]:
    """Text columns kept as object arrays: converting 1M strings to Arrow costs seconds."""
    return {name: pd.Series(values, dtype=object, copy=False) if values.dtype == object
            else values for name, values in columns.items()}


def _day(date: Any) -> int:
    try:
        return parse_day(date)
    except ValueError as exc:
        raise InputError(f"not a date (YYYY-MM-DD expected): {str(date)[:40]!r}") from exc


def _prec_names(codes: np.ndarray) -> np.ndarray:
    names = np.array([*PRECISIONS, ""], dtype=object)
    return names[np.where(codes >= 0, codes, len(names) - 1)]


def _as_points(frame: pd.DataFrame) -> gpd.GeoDataFrame:
    """``frame`` as a GeoDataFrame of points in EPSG:4326 (from latitude/longitude)."""
    if isinstance(frame, gpd.GeoDataFrame) and frame.geometry.name in frame.columns:
        out = frame  # callers pass a fresh frame (a take): no second copy
        if out.crs is None:
            out = out.set_crs(CRS)
        return out.to_crs(CRS) if out.crs != CRS else out
    lat = prep.float_column(frame, "latitude")
    lon = prep.float_column(frame, "longitude")
    ok = np.isfinite(lat) & np.isfinite(lon)
    geoms = np.full(len(frame), None, dtype=object)
    if ok.any():
        geoms[ok] = shapely.points(lon[ok], lat[ok])
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(geoms, crs=CRS), crs=CRS)
