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
_KM_PER_DEGREE: Final = 111.32
#: Rounds of corner cutting of a front drawn alone.
_CHAIKIN_ROUNDS: Final = 2
#: Rounds of easing of the territory's vertices: ten take out steps of up to ~8 cells' period
#: (the grid's stairs) and leave shapes of tens of cells as they are.
_EASE_ROUNDS: Final = 10
#: The eased outline is simplified to a sixth of a cell (a few pixels where a cell is 20):
#: a curve still reads as one, at a fraction of the points.
_KEEP: Final = 6.0


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


def cell_degrees(frame: Any) -> float | None:
    """Side (degrees, roughly) of the surface's grid cells a territory frame was dissolved
    from (``area_km2`` / ``n_cells``), or ``None`` when the frame does not say."""
    if not isinstance(frame, pd.DataFrame) or not {"area_km2", "n_cells"} <= set(frame.columns):
        return None
    area = pd.to_numeric(frame["area_km2"], errors="coerce")
    cells = pd.to_numeric(frame["n_cells"], errors="coerce")
    side = np.sqrt(area / cells.where(cells > 0))
    side = side[np.isfinite(side)]
    return float(side.median()) / _KM_PER_DEGREE if len(side) else None


def _chaikin(coords: np.ndarray, reach: float, rounds: int = _CHAIKIN_ROUNDS) -> np.ndarray:
    """Chaikin's corner cutting of an open chain (its ends kept): each round replaces a corner
    by two points on its edges, at a quarter of each edge but never farther than ``reach``
    from the corner. Used for a front drawn without its territories."""
    c = coords
    for _ in range(rounds):
        if len(c) < 3:
            return c
        p, q = c[:-1], c[1:]
        d = q - p
        length = np.hypot(d[:, 0], d[:, 1])
        f = np.minimum(0.25, reach / np.maximum(length, 1e-300))[:, None]
        cut = np.empty((2 * len(p), 2))
        cut[0::2] = p + f * d
        cut[1::2] = q - f * d
        c = np.vstack([c[:1], cut[1:-1], c[-1:]])
    return c


def _ease(rings: list[np.ndarray], owner: np.ndarray, cell: float,
          rounds: int = _EASE_ROUNDS) -> list[np.ndarray]:
    """``rings`` (closed, one vertex a cell) with their distinct vertices eased: each round
    moves a vertex half way to the mean of its neighbours (Laplacian smoothing).

    A vertex is moved once for all the rings it is on, so rings that shared an edge still do.
    ``owner`` is the group (controller) of each ring. An edge is a *front* when its two sides
    belong to different groups, or one side to none (the outline). A vertex on exactly two
    front edges follows them only (a level boundary meeting a front there does not pull it
    off the front, so the front runs smooth); a vertex on none follows all its edges; a
    junction of three or more fronts, or of three or more levels, stays where it is. No vertex
    moves more than a quarter ``cell`` a round: one between two long straight edges (a corner
    where the territory was cut to a box) would leap towards their far ends."""
    if not rings:
        return rings
    sizes = [len(r) - 1 for r in rings]  # closed rings: the last point repeats the first
    # rounded (~0.01 mm): a point two rings share, split off an edge from either end, is one
    pts = np.round(np.vstack([r[:-1] for r in rings]), 10)
    uniq, index = np.unique(pts, axis=0, return_inverse=True)
    index = index.ravel()
    a_parts, b_parts, g_parts = [], [], []
    start = 0
    for n, who in zip(sizes, owner.tolist(), strict=True):
        ids = index[start:start + n]
        a_parts.append(ids)
        b_parts.append(np.roll(ids, -1))
        g_parts.append(np.full(n, who))
        start += n
    a, b, g = np.concatenate(a_parts), np.concatenate(b_parts), np.concatenate(g_parts)
    keep = a != b
    pair = np.sort(np.column_stack([a[keep], b[keep]]), axis=1)
    edges, inv, count = np.unique(pair, axis=0, return_inverse=True, return_counts=True)
    inv = inv.ravel()
    lo = np.full(len(edges), np.iinfo(np.int64).max)
    hi = np.full(len(edges), np.iinfo(np.int64).min)
    np.minimum.at(lo, inv, g[keep])
    np.maximum.at(hi, inv, g[keep])
    front = (count == 1) | (lo != hi)
    n_pts = len(uniq)
    degree = np.bincount(edges.ravel(), minlength=n_pts)
    fronts = np.bincount(edges[front].ravel(), minlength=n_pts)
    on_front = fronts == 2
    free = on_front | ((fronts == 0) & (degree == 2))
    # the directed (vertex, neighbour) pairs each vertex averages over
    src = np.concatenate([edges[:, 0], edges[:, 1]])
    dst = np.concatenate([edges[:, 1], edges[:, 0]])
    use = free[src] & (np.concatenate([front, front]) | ~on_front[src])
    src, dst = src[use], dst[use]
    used = np.bincount(src, minlength=n_pts).astype(float)
    used[used == 0] = 1.0
    pos = uniq.astype(float)
    limit = cell / 4
    for _ in range(rounds):
        total = np.zeros_like(pos)
        np.add.at(total, src, pos[dst])
        step = 0.5 * (total / used[:, None] - pos)
        step[~free] = 0.0
        length = np.hypot(step[:, 0], step[:, 1])
        step *= np.minimum(1.0, limit / np.maximum(length, 1e-300))[:, None]
        pos = pos + step
    out = []
    start = 0
    for n in sizes:
        ring = pos[index[start:start + n]]
        out.append(np.vstack([ring, ring[:1]]))
        start += n
    return out


def _round_coverage(arr: np.ndarray, cell: float, group: np.ndarray) -> np.ndarray:
    """A valid coverage ``arr`` of ``cell``-degree steps, eased (:func:`_ease`) into curves.

    Every edge is first split into one-cell pieces, so that a step is a short wave of the
    outline, the kind the easing takes out first, while the shape at large stays."""
    dense = shapely.segmentize(arr, cell)
    layout = [(k, [shapely.get_coordinates(r) for r in (p.exterior, *p.interiors)])
              for k, g in enumerate(dense) for p in shapely.get_parts(g)
              if p.geom_type == "Polygon" and not p.is_empty]
    flat = [r for _k, rings in layout for r in rings]
    moved = _ease(flat, np.asarray([group[k] for k, rings in layout for _r in rings]), cell)
    parts: list[list[Any]] = [[] for _ in range(len(dense))]
    at = 0
    for k, rings in layout:
        mine = moved[at:at + len(rings)]
        at += len(rings)
        poly = shapely.Polygon(mine[0], mine[1:])
        # a part thinner than a cell may fold onto itself: mended, its bits kept
        parts[k].extend(q for q in shapely.get_parts(poly if poly.is_valid
                                                     else shapely.make_valid(poly))
                        if q.geom_type == "Polygon" and not q.is_empty)
    out = np.empty(len(dense), dtype=object)
    for k, g in enumerate(dense):
        mine = parts[k]
        out[k] = shapely.MultiPolygon(mine) if len(mine) > 1 else mine[0] if mine else g
    return out


def smooth(geoms: Any, cell: float, tol: float, groups: list[str] | None = None) -> Any:
    """Territory polygons with the steps of their ``cell``-degree grid smoothed away.

    The polygons of one date tile the plane without overlap (a *coverage*); they are eased
    as a coverage (:func:`_round_coverage`), so neighbours still meet exactly: no gap, no
    overlap. ``groups`` (the controller of each polygon; its confidence levels are the
    polygons) tells fronts and outlines from the edges between levels. The result is
    simplified as a coverage, to a quarter of ``tol`` (degrees) or a sixth of a cell if more.
    A set of polygons that is not a valid coverage (or whose cell is unknown, ``cell`` 0) is
    only simplified to ``tol``, polygon by polygon.
    """
    arr = np.empty(len(geoms), dtype=object)
    arr[:] = list(geoms)
    if len(arr) == 0:
        return arr
    try:
        # the one costly check (~0.1 s on a large date): the rest keeps a coverage a coverage
        if not cell or cell <= 0 or not shapely.coverage_is_valid(arr):
            return shapely.simplify(arr, tol, preserve_topology=True)
        group = (np.unique(np.asarray(groups, dtype=object).astype(str), return_inverse=True)[1]
                 .ravel() if groups is not None else np.arange(len(arr)))
        out = _round_coverage(arr, cell, group)
        return shapely.coverage_simplify(out, max(tol / 4, cell / _KEEP))
    except shapely.errors.GEOSException as exc:  # GEOS without coverage support, odd input
        log.debug("territory not smoothed: %s", exc)
        return shapely.simplify(arr, tol, preserve_topology=True)


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
         evidence: _Evidence | None = None,
         shapes: dict[str, list[Any]] | None = None) -> list[list[Any]]:
    """Payload rows of a territory (or zones) frame; see the module docstring.

    ``shapes``, when given, receives the smoothed polygons per controller (before the land
    clip), from which :func:`front_rows` takes the fronts that follow them.
    """
    if not isinstance(frame, pd.DataFrame) or frame.empty or "geometry" not in frame.columns:
        return []
    out: list[list[Any]] = []
    records = [rec for rec in frame.to_dict("records")
               if rec.get("geometry") is not None and not rec["geometry"].is_empty]
    # self-touching rings draw stray lines
    geoms = [g if g.is_valid else shapely.make_valid(g) for g in (r["geometry"] for r in records)]
    smoothed = smooth(geoms, cell_degrees(frame) or 0.0, tol,
                      [str(r.get("controller", r.get("actor"))) for r in records])
    for rec, geom in zip(records, smoothed, strict=True):
        if shapes is not None:
            shapes.setdefault(str(rec.get("controller", rec.get("actor"))), []).append(geom)
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


def _outline(parts: list[Any] | None) -> Any:
    """The outline of one side's smoothed territory (None when it has none or GEOS fails on
    it: its fronts are then drawn from the grid's line alone)."""
    if not parts:
        return None
    try:
        return shapely.boundary(shapely.union_all(parts))
    except shapely.errors.GEOSException as exc:
        log.debug("territory outline not drawn: %s", exc)
        return None


def _front_along(line: Any, a: Any, b: Any, cell: float) -> Any:
    """The front ``line`` (every cell edge between two controllers) redrawn on the outlines
    ``a`` and ``b`` of the smoothed territories (:func:`_outline`): where they meet near
    ``line`` (within a cell: where the two meet with no front, one side only faintly known,
    draws none); the line smoothed alone when one is missing."""
    if a is not None and b is not None:
        try:
            meet = shapely.intersection(a, b)
            if not line.is_empty:
                meet = shapely.intersection(meet, shapely.buffer(line, cell))
            merged = shapely.line_merge(shapely.union_all(
                [g for g in shapely.get_parts(meet) if g.geom_type == "LineString"]))
            if not merged.is_empty:
                return merged
        except shapely.errors.GEOSException as exc:
            log.debug("front not matched to the territory: %s", exc)
    simple = shapely.line_merge(shapely.simplify(line, cell)) if not line.is_empty else line
    return shapely.MultiLineString([_chaikin(shapely.get_coordinates(p), reach=cell / 2)
                                    for p in shapely.get_parts(simple)
                                    if p.geom_type == "LineString" and len(p.coords) >= 2])


def front_rows(frame: Any, actor_id: Callable[[str], int], tol: float,
               shapes: dict[str, list[Any]] | None = None,
               cell: float | None = None) -> list[list[Any]]:
    """Payload rows of a fronts frame: ``[[actor_a, actor_b], lines]``.

    Given the smoothed territories (``shapes`` from :func:`rows`) and their ``cell``, a front
    follows their smoothed outlines instead of the grid's steps."""
    if not isinstance(frame, pd.DataFrame) or frame.empty or "geometry" not in frame.columns:
        return []
    out: list[list[Any]] = []
    # One outline per side, not per front: a side meets several others (and a front frame
    # holds a row per pair), and the union of its territory was most of a map's render time.
    outlines: dict[str, Any] = {}

    def outline(side: str) -> Any:
        if side not in outlines:
            outlines[side] = _outline(shapes.get(side)) if shapes is not None else None
        return outlines[side]

    for rec in frame.to_dict("records"):
        geom = rec.get("geometry")
        if geom is None or geom.is_empty:
            continue
        if shapes is not None and cell:
            geom = _front_along(geom, outline(str(rec.get("actor_a", ""))),
                                outline(str(rec.get("actor_b", ""))), cell)
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
                frame = territory_at(dates[i])
                shapes: dict[str, list[Any]] = {}
                r = rows(frame, actor_id, land, tol, evidence, shapes)
                f = front_rows(fronts_at(dates[i]), actor_id, tol, shapes, cell_degrees(frame))
                budget -= _numbers(r, f)
                if budget < 0 and snaps:
                    log.info("territory: %d of %d dates drawn (size budget)", len(snaps),
                             len(picks))
                    break
                snaps.append([i, r, f])
                if i == len(dates) - 1:
                    fronts_now = f  # the latest fronts, on the same smoothed outlines
            return sorted(snaps, key=lambda s: s[0]), fronts_now
        except Exception as exc:  # noqa: BLE001 - territory is an optional layer
            log.warning("territory over time unavailable (%s); showing the latest", exc)
    latest_shapes: dict[str, list[Any]] = {}
    latest_rows = rows(latest, actor_id, land, tol, evidence, latest_shapes)
    fronts_now = front_rows(latest_fronts, actor_id, tol, latest_shapes, cell_degrees(latest))
    return ([[len(dates) - 1, latest_rows, fronts_now]] if latest_rows else []), fronts_now
