"""Territory and fronts for the map payload: per-date snapshots, simplified and quantised.

A snapshot is ``[date index, rows, fronts]``:

* ``rows``: ``[actor, approximate, area_km2, rings, level, confidence %, evidence]`` per
  controller and confidence level (``level`` 0 low … 2 high sets the fill opacity; the
  controller ``contested`` is drawn hatched; ``unknown`` is never sent: it stays blank);
* ``fronts``: ``[[actor_a, actor_b], lines]`` on that date.

Snapshots are taken on at most :data:`MAX_SNAPSHOTS` slider dates (evenly spread, the last
always) and stop early when their coordinates exceed :data:`MAX_NUMBERS` (the map's size
budget); the slider shows the latest snapshot on or before its date.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from typing import Any, Final

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

log = logging.getLogger("geomap.render.territory")

MAX_SNAPSHOTS: Final = 40
MAX_NUMBERS: Final = 150_000  # coordinates (two per vertex) over all snapshots: ~1 MB of JSON
_DIGITS: Final = 3  # ~100 m: the surface's cells are 2 km or more
_EVIDENCE_NAMES: Final = 4


def _flat(coords: np.ndarray) -> list[float]:
    return np.round(coords[:, ::-1], _DIGITS).ravel().tolist()  # type: ignore[no-any-return]


def _rings(geom: Any) -> list[list[float]]:
    out: list[list[float]] = []
    for poly in getattr(geom, "geoms", [geom]):
        if poly.is_empty or poly.geom_type != "Polygon":
            continue
        for ring in (poly.exterior, *poly.interiors):
            coords = shapely.get_coordinates(ring)
            if len(coords) >= 4:
                out.append(_flat(coords))
    return out


def _lines(geom: Any) -> list[list[float]]:
    return [_flat(shapely.get_coordinates(part)) for part in getattr(geom, "geoms", [geom])
            if not part.is_empty and part.geom_type == "LineString"]


def tolerance(frame: Any) -> float:
    """Simplification tolerance (degrees): about 1/2000 of the extent, at least ~200 m."""
    try:
        w, s, e, n = (float(v) for v in gpd.GeoSeries(frame.geometry).total_bounds)
    except (AttributeError, ValueError, TypeError):
        return 0.005
    if not all(math.isfinite(v) for v in (w, s, e, n)):
        return 0.005
    return max(max(e - w, n - s) / 2000.0, 0.002)


class _Evidence:
    """Event id -> "place (date)" for popups, looked up lazily."""

    def __init__(self, events: pd.DataFrame) -> None:
        self.events = events
        self._table: dict[str, str] | None = None

    def describe(self, ids: str) -> str:
        wanted = [i for i in str(ids).split(";") if i]
        if not wanted:
            return ""
        if self._table is None:
            ev = self.events
            if "event_id" in ev.columns:
                place = (ev["location"] if "location" in ev.columns else
                         pd.Series("", index=ev.index)).astype(str)
                if "place" in ev.columns:
                    place = place.where(place != "", ev["place"].astype(str))
                date = (ev["event_date"].astype(str).str[:10] if "event_date" in ev.columns
                        else pd.Series("", index=ev.index))
                self._table = dict(zip(ev["event_id"].astype(str),
                                       (place + " (" + date + ")").tolist(), strict=True))
            else:
                self._table = {}
        names = []
        for i in wanted:
            text = self._table.get(i)
            if text and text not in names:
                names.append(text)
        more = len(wanted) - min(len(names), _EVIDENCE_NAMES)
        shown = ", ".join(names[:_EVIDENCE_NAMES])
        return shown + (f" and {more} more" if more > 0 and shown else "")


def rows(frame: Any, actor_id: Callable[[str], int], land: Any, tol: float,
         evidence: _Evidence | None = None) -> list[list[Any]]:
    """Payload rows of a territory (or zones) frame; see the module docstring."""
    if not isinstance(frame, pd.DataFrame) or frame.empty or "geometry" not in frame.columns:
        return []
    out: list[list[Any]] = []
    for rec in frame.to_dict("records"):
        geom = rec.get("geometry")
        if geom is None or geom.is_empty:
            continue
        if not geom.is_valid:
            geom = shapely.make_valid(geom)  # self-touching rings draw stray lines
        geom = geom.simplify(tol, preserve_topology=True)
        if land is not None:
            geom = geom.intersection(land)
        if geom.is_empty:
            continue
        name = rec.get("controller", rec.get("actor"))
        area = rec.get("area_km2")
        conf = rec.get("confidence")
        approx = rec.get("approximate", True)
        out.append([
            actor_id("" if name is None else str(name)),
            1 if (approx if not isinstance(approx, str) else approx.lower() == "true") else 0,
            round(float(area)) if isinstance(area, (int, float)) and math.isfinite(area)
            else None,
            _rings(geom),
            int(rec.get("level", 1)) if rec.get("level") is not None else 1,
            round(float(conf) * 100) if isinstance(conf, (int, float)) and math.isfinite(conf)
            else None,
            evidence.describe(rec.get("evidence_ids", "")) if evidence is not None else "",
        ])
    return out


def front_rows(frame: Any, actor_id: Callable[[str], int], tol: float) -> list[list[Any]]:
    """Payload rows of a fronts frame: ``[[actor_a, actor_b], lines]``."""
    if not isinstance(frame, pd.DataFrame) or frame.empty or "geometry" not in frame.columns:
        return []
    out: list[list[Any]] = []
    for rec in frame.to_dict("records"):
        geom = rec.get("geometry")
        if geom is None or geom.is_empty:
            continue
        geom = geom.simplify(tol, preserve_topology=False)
        out.append([[actor_id(str(rec.get("actor_a", ""))), actor_id(str(rec.get("actor_b", "")))],
                    _lines(geom)])
    return out


def _numbers(snapshot_rows: list[list[Any]], fronts: list[list[Any]]) -> int:
    return (sum(len(r) for row in snapshot_rows for r in row[3])
            + sum(len(line) for row in fronts for line in row[1]))


def _sample(n: int) -> list[int]:
    """Up to MAX_SNAPSHOTS of ``n`` date indices, evenly spread, the last one included."""
    if n <= MAX_SNAPSHOTS:
        return list(range(n))
    picks = np.linspace(0, n - 1, MAX_SNAPSHOTS).round().astype(int)
    return sorted(set(picks.tolist()))


def _spread(picks: list[int]) -> list[int]:
    """``picks`` ordered coarse to fine (last, first, middle, quarters...): cut anywhere,
    the dates drawn stay spread over the slider."""
    out = [picks[-1]]
    seen = {picks[-1]}
    step = len(picks)
    while step >= 1:
        for k in range(0, len(picks), step):
            if picks[k] not in seen:
                out.append(picks[k])
                seen.add(picks[k])
        step //= 2
    return out


def snapshots(data: Any, dates: list[str], actor_id: Callable[[str], int], land: Any,
              events: pd.DataFrame) -> tuple[list[list[Any]], list[list[Any]]]:
    """Territory snapshots over the slider dates, and the latest fronts.

    Parameters
    ----------
    data
        :class:`geomap.layers.Layers` (``territory(at)``, ``fronts_at(at)``, ``zones``), or
        anything with a ``zones`` (and ``fronts``) frame: drawn as one snapshot.
    dates
        The slider's dates.
    actor_id
        Actor name -> index in the payload's actor table.
    land
        Land to clip to (WGS84), or ``None``.
    events
        The events, for the popups' evidence (event id -> place and date).
    """
    latest = getattr(data, "zones", None)
    latest_fronts = getattr(data, "fronts", None)
    if not isinstance(latest, pd.DataFrame) or latest.empty:
        return [], front_rows(latest_fronts, actor_id, 0.005)
    tol = tolerance(latest)
    if land is not None:
        land = land.simplify(tol / 2, preserve_topology=True)
    evidence = _Evidence(events)
    fronts_now = front_rows(latest_fronts, actor_id, tol)
    territory_at = getattr(data, "territory", None)
    fronts_at = getattr(data, "fronts_at", None)
    if callable(territory_at) and callable(fronts_at) and dates:
        snaps: list[list[Any]] = []
        budget = MAX_NUMBERS
        try:
            picks = _sample(len(dates))
            # The last date first: it is always drawn, whatever the budget leaves.
            for i in _spread(picks):
                r = rows(territory_at(dates[i]), actor_id, land, tol, evidence)
                f = front_rows(fronts_at(dates[i]), actor_id, tol)
                budget -= _numbers(r, f)
                if budget < 0 and snaps:
                    log.info("territory: %d of %d dates drawn (size budget)", len(snaps),
                             len(picks))
                    break
                snaps.append([i, r, f])
            return sorted(snaps, key=lambda s: s[0]), fronts_now
        except Exception as exc:  # noqa: BLE001 - territory is an optional layer
            log.warning("territory over time unavailable (%s); showing the latest", exc)
    latest_rows = rows(latest, actor_id, land, tol, evidence)
    return ([[len(dates) - 1, latest_rows, fronts_now]] if latest_rows else []), fronts_now
