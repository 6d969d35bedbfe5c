"""The control-surface estimator: who holds each cell, with calibrated probabilities.

Each place's evidence on day ``D`` (see :mod:`geomap.layers._evidence`) names a holder. For a
cell, every actor's *effective distance* is the distance to its nearest place divided by that
place's *reach*, softened so that several places of one side close together count a little
more than one (a soft minimum over ``pool_km``):

* reach 1 for a settled, confirmed report; a claim reaches as far as its weight;
* a place its holder took (a change seen, or a fight decided: a holder named after a
  contested report), or one reported contested, marks how far a side got: its holder has
  it, but the ground beyond it is most likely still the other side's, so its reach shrinks
  to ``front_reach`` (recovering over ``front_days``; by default it does not: a side's
  farthest capture still marks where its advance stopped long after). A place seen held
  by one side with no change is that side's ground and reaches fully. This puts the line
  between opposing towns near the captures, not on the bisector (the Voronoi edge);
* a place with another side's place, or a contested place, standing between it and the
  cell reaches only ``behind_reach`` as far: evidence tells about its own side of a front;
* a place reported contested with no holder ever named is held by the side that lost the
  nearest capture around it (``attacked_km``): the side being pushed back defends it;
* a taken place may reach less straight ahead of its holder's advance (``beyond``, off):
  the side came from behind it, the ground ahead is most likely still the other side's;
* a place whose straight way to the cell crosses a large river reaches ``river_reach`` as
  far, unless its side has a place on the cell's bank near the cell (``bank_km``): large
  rivers often are where a front stops (in the interpolation between places too). Wide
  rivers and reservoirs come as lake shores: crossing a large lake counts the same.

The actor with the smallest effective distance leads; each other actor's share falls by
``exp(-gap / margin_km)`` with its gap behind the leader, and the shares fade to an even
split far from evidence (a Gaussian in the distance to the nearest place, ``trust_km``).
Inside the triangles of a Delaunay triangulation of the places, the shares are blended
(``between_weight``) with a linear interpolation between the corners, each corner voting for
its holder by its reach: ground between two places of one side stays that side's even where
the other side's nearest place is closer, which the nearest-evidence rule alone gets wrong
where a side's towns are sparse behind its line. Votes (and triangles) only reach cells of
their own region (country): an international border is a barrier unless there is evidence
beyond it. Cells farther than ``reach_km`` from any evidence are
*unknown*. The measured choices are in ``benchmarks/control_surface.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Final

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    from geomap.layers._cells import Barrier

#: Controller codes besides actor codes (>= 0).
UNKNOWN: Final = -1
CONTESTED: Final = -2
_MAX_EXP: Final = 700.0  # exp(-700) is still a normal float64


@dataclass(frozen=True)
class SurfaceParams:
    """Settings of the estimator (defaults chosen by the measurements in the benchmark).

    Attributes
    ----------
    margin_km
        Effective-distance gap (km) over which the trailing actor's share falls by ``1/e``.
    reach_km
        Cells farther than this from any evidence are ``unknown``.
    front_reach
        Reach of a place taken by its holder (a change or a decided fight) or reported
        contested (1: a place held with no change seen).
    front_days
        Days over which a taken place's reach recovers (``exp(-age / front_days)``;
        ``inf``, the default: never, measured better than 90-730 days on the benchmark).
    claim_weight
        Reach of an unconfirmed claim relative to a confirmed report.
    trust_km
        Distance to the nearest evidence at which the estimate keeps ``e^-1/2`` of its lead.
    contested_margin
        A cell whose two leading actors' probabilities differ by less is ``contested``
        (0: never; measured: any margin costs more right answers than it adds).
    pool_km
        Softness of each actor's minimum over its places (0: the nearest place only): ``n``
        places of one side at about the same distance count as one ``pool_km * log(n)``
        nearer. On the scale of the spacing of neighbouring places (the benchmark input's
        median nearest-neighbour distance is 6-11 km): a side with several places around a
        cell is better evidence than one place of the other side a little nearer (measured
        3 -> 8 km: band accuracy +0.010, change F1 +0.018; 15 km worse).
    between_weight
        Weight of the interpolation between the places (Delaunay triangles) against the
        nearest-evidence shares inside the triangles (0: off; 0.5, the two estimates
        weighted equally, measured: flat from 0.45 to 0.55, better than either alone on
        change detection).
    behind_reach
        Reach of a vote that lies behind another side's place or a contested place, as seen
        from the cell (1: off). Evidence tells about its own side of the front: a town held
        by one side says little about the ground past a town of the other side, or past a
        town being fought over (measured 0.1-0.5 about equal, 1 clearly worse).
    behind_width
        A place stands between a vote and a cell when it lies within this fraction of its
        distance along the way from the line joining them (0.3: about +-17 degrees).
    behind_k
        Front places (the nearest to each cell) checked for standing in the way.
    attacked_km
        A place reported contested with no holder ever named is taken to be held by the
        side that lost the nearest place taken from someone within this distance (0: off):
        the side pushed back there defends it, its attacker took the places around
        (measured 15-25 km equal, 40 km worse; the age of that capture did not matter).
    beyond
        How much a taken place's reach shrinks straight ahead of its holder's advance (the
        direction from the ``origin_k`` nearest places it held before to it), by
        ``1 - beyond * cos``: the side that took it has come from behind it, the ground
        ahead is most likely still the other side's (0: off, the default: once a vote is
        cut by another side's place standing in its way (``behind_reach``) and by large
        rivers, this cuts the same ground twice; measured 0.8 -> 0 after those: DEV band
        accuracy 0.804 -> 0.806, IoU 0.748 -> 0.754, and on the benchmark's synthetic fronts
        accuracy 0.891 -> 0.903).
    origin_k
        Places a side held before that locate where it advanced from.
    river_reach
        Reach of a vote whose straight way to the cell crosses a large river (1: off), unless
        its side has a place on the cell's bank within ``bank_km`` of the cell: a large river
        is often where a front stops, evidence on one bank says less about the other
        (measured 0.7 / 0.5 / 0.25 / 0.1: better the stronger; 0.25, like ``behind_reach``,
        keeps a side's word across a river where nothing else is known).
    bank_km
        A side with a place this near the cell, on its bank, is across the river already.
    river_between
        The river cuts a triangle corner's vote in the interpolation between the places too.
    neighbours
        Places considered per cell (the nearest): bounds time and memory.
    sharpen
        Power the final shares are raised to (then normalised; 1: off). The blends above (the
        fade to an even split, the interpolation's partly even corners) pull every share
        toward an even split by construction, so a share of 0.85 came true more often than
        85 %: this undoes that, without changing which actor leads. Fitted (maximum
        likelihood) on synthetic fronts of a known truth whose every change is reported
        (``benchmarks/control_surface.py --fit-sharpen``: 1.67), never on a benchmark's
        truth: a probability means how likely the estimate is right if the evidence is
        complete (fronts with a tenth of the changes unreported fit 1.23).
    """

    margin_km: float = 4.0
    reach_km: float = 50.0
    front_reach: float = 0.4
    front_days: float = float("inf")
    claim_weight: float = 0.5
    trust_km: float = 30.0
    contested_margin: float = 0.0
    pool_km: float = 8.0
    neighbours: int = 24
    between_weight: float = 0.5
    behind_reach: float = 0.25
    behind_width: float = 0.3
    behind_k: int = 3
    attacked_km: float = 25.0
    beyond: float = 0.0
    origin_k: int = 3
    river_reach: float = 0.25
    bank_km: float = 10.0
    river_between: bool = True
    sharpen: float = 1.65


@dataclass(frozen=True)
class Votes:
    """Evidence points on the plane (one entry per place with evidence on the day).

    ``prior``: the side each holder took its place from (-1: not known; ``None``: not given).
    """

    x: np.ndarray
    y: np.ndarray
    region: np.ndarray
    holder: np.ndarray
    contested: np.ndarray
    weight: np.ndarray
    age: np.ndarray
    change_age: np.ndarray
    prior: np.ndarray | None = None


@dataclass(frozen=True)
class Estimate:
    """The surface on a set of cells.

    ``p`` has one column per actor code; ``controller`` holds an actor code, :data:`CONTESTED`
    or :data:`UNKNOWN`; ``top`` the indices (into the votes) of the three strongest votes, -1
    where fewer.
    """

    p: np.ndarray
    controller: np.ndarray
    confidence: np.ndarray
    nearest_km: np.ndarray
    nearest_age: np.ndarray
    top: np.ndarray


def estimate(votes: Votes, cx: np.ndarray, cy: np.ndarray, cell_region: np.ndarray,
             n_actors: int, params: SurfaceParams, barrier: Barrier | None = None) -> Estimate:
    """Estimate the surface at the cells ``(cx, cy)`` from ``votes``.

    Parameters
    ----------
    votes
        The evidence of one day.
    cx, cy, cell_region
        Cell centres on the same plane (km) and their regions (-1: none).
    n_actors
        Number of actor codes (columns of ``p``).
    params
        Estimator settings.
    barrier
        Large rivers on the same plane (``None`` or empty: none).

    Returns
    -------
    Estimate
    """
    n = len(cx)
    p = np.full((n, max(n_actors, 1)), 1.0 / max(n_actors, 1), dtype=np.float64)
    controller = np.full(n, UNKNOWN, dtype=np.int64)
    confidence = np.zeros(n, dtype=np.float64)
    nearest_km = np.full(n, np.nan)
    nearest_age = np.full(n, np.nan)
    top = np.full((n, 3), -1, dtype=np.int64)
    out = Estimate(p, controller, confidence, nearest_km, nearest_age, top)
    if n == 0 or n_actors == 0 or len(votes.x) == 0:
        return out
    from scipy.spatial import cKDTree

    votes = _attacked(votes, params)
    ux, uy = _advance(votes, params) if params.beyond > 0 else (None, None)
    use_river = barrier is not None and len(barrier) > 0 and params.river_reach < 1.0
    vote_river = barrier.distance(votes.x, votes.y) if use_river and barrier else None
    for region in np.unique(votes.region[votes.region >= 0]).tolist():
        vi = np.flatnonzero(votes.region == region)
        ci = np.flatnonzero(cell_region == region)
        if not len(ci):
            continue
        k = min(params.neighbours, len(vi))
        tree = cKDTree(np.column_stack([votes.x[vi], votes.y[vi]]))
        d, j = tree.query(np.column_stack([cx[ci], cy[ci]]), k=k,
                          distance_upper_bound=params.reach_km)
        d = d.reshape(len(ci), k)
        j = j.reshape(len(ci), k)
        found = j < len(vi)
        reached = found[:, 0]
        if not reached.any():
            continue
        ci, d, j, found = ci[reached], d[reached], j[reached], found[reached]
        g = vi[np.where(found, j, 0)]  # vote index per neighbour
        river = across = None
        if vote_river is not None and barrier is not None:
            river, across = _river(votes, g, d, found, cx[ci], cy[ci], barrier, vote_river,
                                   n_actors, params)
        between = _between(votes, vi, cx[ci], cy[ci], n_actors, params,
                           barrier if params.river_between else None, vote_river, across)
        behind = _behind(votes, vi, g, found, cx[ci], cy[ci], params)
        facing = None
        if ux is not None and uy is not None:
            # How squarely the cell lies ahead of each vote in its holder's advance.
            with np.errstate(invalid="ignore", divide="ignore"):
                cos = ((cx[ci][:, None] - votes.x[g]) * ux[g]
                       + (cy[ci][:, None] - votes.y[g]) * uy[g]) / d
            facing = np.where(found & np.isfinite(cos), np.clip(cos, 0.0, 1.0), 0.0)
        _vote(votes, g, d, found, ci, out, n_actors, params, between, behind, facing, river)
    return out


def _river(votes: Votes, g: np.ndarray, d: np.ndarray, found: np.ndarray, cx: np.ndarray,
           cy: np.ndarray, barrier: Barrier, vote_river: np.ndarray, n_actors: int,
           params: SurfaceParams) -> tuple[np.ndarray, np.ndarray]:
    """Per (cell, neighbour): does the vote reach the cell only across a large river?

    The straight way from the place to the cell crosses a river line, and the vote's side
    has no place on the cell's bank (a way that crosses none) within ``bank_km`` of the cell:
    a side already across the river holds both banks there. Only pairs whose distances to
    the nearest river add up to no more than their distance apart can cross one: the rest
    are not tested. Also returns, per (cell, actor), whether that side is on the cell's bank.
    """
    cell_river = barrier.distance(cx, cy)
    cand = found & (vote_river[g] + cell_river[:, None] <= d)
    cross = np.zeros(g.shape, dtype=bool)
    if cand.any():
        r, k = np.nonzero(cand)
        cross[r, k] = barrier.crossed(votes.x[g[r, k]], votes.y[g[r, k]], cx[r], cy[r])
    holder = votes.holder[g]
    bank = found & ~cross & (holder >= 0) & (d <= params.bank_km)
    rows = np.broadcast_to(np.arange(len(cx))[:, None], g.shape)
    across = np.zeros((len(cx), max(n_actors, 1)), dtype=bool)
    across[rows[bank], holder[bank]] = True
    return cross & ~across[rows, np.maximum(holder, 0)], across


def _attacked(votes: Votes, params: SurfaceParams) -> Votes:
    """A contested place with no holder named is held by the side being pushed back.

    Its holder becomes the side that lost the nearest place taken from a known side within
    ``attacked_km``, at full weight (its reach is still a contested place's). Places too far
    from any such capture keep no holder and do not vote.
    """
    if params.attacked_km <= 0 or votes.prior is None:
        return votes
    open_ = np.flatnonzero(votes.contested & (votes.holder < 0))
    taken = np.flatnonzero((votes.prior >= 0) & (votes.holder >= 0))
    if not len(open_) or not len(taken):
        return votes
    from scipy.spatial import cKDTree

    d, j = cKDTree(np.column_stack([votes.x[taken], votes.y[taken]])).query(
        np.column_stack([votes.x[open_], votes.y[open_]]))
    ok = d <= params.attacked_km
    holder = votes.holder.copy()
    holder[open_[ok]] = votes.prior[taken[j[ok]]]
    weight = votes.weight.copy()
    weight[open_[ok]] = 1.0
    return replace(votes, holder=holder, weight=weight)


def _between(votes: Votes, vi: np.ndarray, cx: np.ndarray, cy: np.ndarray, n_actors: int,
             params: SurfaceParams, barrier: Barrier | None = None,
             vote_river: np.ndarray | None = None,
             across: np.ndarray | None = None) -> np.ndarray | None:
    """Each actor's share interpolated linearly between the places (Delaunay triangles).

    A place votes for its holder by its reach (a settled report fully, a fresh capture or a
    contested place less, the rest spread evenly); a cell inside a triangle of places takes
    the barycentric mix of its corners. Ground between two places of one side is that side's
    even where the other side's nearest place is closer (a side with few listed towns behind
    its line still holds the ground between them). A corner across a large river from the
    cell (its side not on the cell's bank, ``across``) votes with ``river_reach`` of its
    reach. NaN rows: outside every triangle.
    """
    if params.between_weight <= 0:
        return None
    live = vi[votes.holder[vi] >= 0]
    if len(live) < 3:
        return None
    from scipy.spatial import Delaunay, QhullError

    pts = np.column_stack([votes.x[live], votes.y[live]])
    try:
        tri = Delaunay(pts)
    except (QhullError, ValueError):
        return None
    reach = _reach(votes, live, params)
    value = np.tile(((1.0 - reach) / n_actors)[:, None], (1, n_actors))
    value[np.arange(len(live)), votes.holder[live]] += reach
    q = np.column_stack([cx, cy])
    simplex = tri.find_simplex(q)
    out = np.full((len(cx), n_actors), np.nan)
    hit = simplex >= 0
    if not hit.any():
        return out
    trans = tri.transform[simplex[hit]]
    b = np.einsum("nij,nj->ni", trans[:, :2], q[hit] - trans[:, 2])
    bary = np.column_stack([b, 1.0 - b.sum(axis=1)])
    corners = tri.simplices[simplex[hit]]
    if barrier is None or vote_river is None or across is None:
        out[hit] = np.einsum("nk,nka->na", bary, value[corners])
        return out
    # Corners across a river from the cell: their vote is cut like a neighbour's.
    g = live[corners]
    hx, hy = cx[hit], cy[hit]
    d = np.hypot(votes.x[g] - hx[:, None], votes.y[g] - hy[:, None])
    cand = vote_river[g] + barrier.distance(hx, hy)[:, None] <= d
    cut = np.zeros(g.shape, dtype=bool)
    if cand.any():
        r, k = np.nonzero(cand)
        cut[r, k] = barrier.crossed(votes.x[g[r, k]], votes.y[g[r, k]], hx[r], hy[r])
    rows = np.flatnonzero(hit)[:, None]
    cut &= ~across[rows, votes.holder[g]]
    r_c = reach[corners] * np.where(cut, params.river_reach, 1.0)
    val = np.repeat(((1.0 - r_c) / n_actors)[:, :, None], n_actors, axis=2)
    np.put_along_axis(val, votes.holder[g][:, :, None],
                      np.take_along_axis(val, votes.holder[g][:, :, None], axis=2)
                      + r_c[:, :, None], axis=2)
    out[hit] = np.einsum("nk,nka->na", bary, val)
    return out


def _behind(votes: Votes, vi: np.ndarray, g: np.ndarray, found: np.ndarray, cx: np.ndarray,
            cy: np.ndarray, params: SurfaceParams) -> np.ndarray | None:
    """Per (cell, neighbour): does another side's place or a contested place stand between?

    A place ``b`` stands between the vote ``g`` and the cell when it lies on the way from
    ``g`` to the cell (more than 1 km along it, short of the cell) within ``behind_width``
    times its distance along from the straight line. Only the ``behind_k`` places nearest
    the cell are checked: the ones that can stand in the way of its nearest evidence.
    """
    if params.behind_reach >= 1.0 or params.behind_k <= 0:
        return None
    front = vi[votes.contested[vi] | (votes.holder[vi] >= 0)]
    if len(front) < 2:
        return None
    from scipy.spatial import cKDTree

    k = min(params.behind_k, len(front))
    _, jb = cKDTree(np.column_stack([votes.x[front], votes.y[front]])).query(
        np.column_stack([cx, cy]), k=k)
    jb = jb.reshape(len(cx), k)
    px, py = votes.x[g], votes.y[g]
    vx, vy = cx[:, None] - px, cy[:, None] - py
    length = np.maximum(np.hypot(vx, vy), 1e-9)
    out = np.zeros(g.shape, dtype=bool)
    for m in range(k):
        b = front[jb[:, m]][:, None]
        bx, by = votes.x[b] - px, votes.y[b] - py
        along = (bx * vx + by * vy) / length
        off = np.abs(bx * vy - by * vx) / length
        other = votes.contested[b] | (votes.holder[b] != votes.holder[g])
        out |= (other & (along > 1.0) & (along < length)
                & (off < params.behind_width * along))
    return out & found


def _advance(votes: Votes, params: SurfaceParams) -> tuple[np.ndarray, np.ndarray]:
    """Per vote, the unit direction its holder advanced in to take it (0, 0: none).

    From the centroid of the holder's ``origin_k`` nearest places (within ``reach_km``) that
    it held before (its run there started earlier, or no change was ever seen) to the place.
    """
    n = len(votes.x)
    ux = np.zeros(n)
    uy = np.zeros(n)
    from scipy.spatial import cKDTree

    for actor in np.unique(votes.holder[votes.holder >= 0]).tolist():
        own = np.flatnonzero(votes.holder == actor)
        taken = own[np.isfinite(votes.change_age[own])]
        if not len(taken) or len(own) < 2:
            continue
        k = min(len(own), 4 * params.origin_k + 1)
        d, j = cKDTree(np.column_stack([votes.x[own], votes.y[own]])).query(
            np.column_stack([votes.x[taken], votes.y[taken]]), k=k,
            distance_upper_bound=params.reach_km)
        d, j = d.reshape(len(taken), k), j.reshape(len(taken), k)
        found = j < len(own)
        cand = own[np.where(found, j, 0)]
        older = found & (votes.change_age[cand] > votes.change_age[taken][:, None])
        # The first origin_k older places in order of distance.
        use = older & (np.cumsum(older, axis=1) <= params.origin_k)
        count = use.sum(axis=1)
        ok = count > 0
        mx = np.where(use, votes.x[cand], 0.0).sum(axis=1) / np.maximum(count, 1)
        my = np.where(use, votes.y[cand], 0.0).sum(axis=1) / np.maximum(count, 1)
        dx, dy = votes.x[taken] - mx, votes.y[taken] - my
        norm = np.hypot(dx, dy)
        ok &= norm > 0
        ux[taken[ok]] = dx[ok] / norm[ok]
        uy[taken[ok]] = dy[ok] / norm[ok]
    return ux, uy


def _vote(votes: Votes, g: np.ndarray, d: np.ndarray, found: np.ndarray, ci: np.ndarray,
          out: Estimate, n_actors: int, params: SurfaceParams,
          between: np.ndarray | None = None, behind: np.ndarray | None = None,
          facing: np.ndarray | None = None, river: np.ndarray | None = None) -> None:
    """Votes of the neighbours ``g`` (distances ``d``) into the cells ``ci``."""
    holder = votes.holder[g]
    live = found & (holder >= 0)
    reach = _reach(votes, g, params)
    if behind is not None:
        # Evidence says little past a place of another side or one being fought over.
        reach = np.where(behind, reach * params.behind_reach, reach)
    if facing is not None:
        # A taken place says little about the ground ahead of it in its holder's advance.
        reach = reach * (1.0 - params.beyond * facing)
    if river is not None:
        # A large river between the place and the cell: often where a front stops.
        reach = np.where(river, reach * params.river_reach, reach)
    eff = np.where(live, np.where(found, d, 0.0) / np.where(live, reach, 1.0), np.inf)
    # Each actor's effective distance: to its nearest place, as its reach scales it.
    near = np.full((len(ci), n_actors), np.inf)
    rows = np.broadcast_to(np.arange(len(ci))[:, None], g.shape)
    np.minimum.at(near, (rows[live], holder[live]), eff[live])
    if params.pool_km > 0:
        # Several places of one side close by count more than one: a soft minimum.
        base = np.where(np.isfinite(near), near, 0.0)
        acc = np.zeros_like(near)
        rel = np.exp(-np.minimum((eff - base[rows, np.maximum(holder, 0)]) / params.pool_km,
                                 _MAX_EXP))
        np.add.at(acc, (rows[live], holder[live]), rel[live])
        near = np.where(np.isfinite(near), near - params.pool_km * np.log(np.maximum(acc, 1.0)),
                        np.inf)
    lead = near.min(axis=1, keepdims=True)
    ok = np.isfinite(lead[:, 0])
    gap = np.where(ok[:, None], near - np.where(ok[:, None], lead, 0.0), np.inf)
    share = np.exp(-np.minimum(gap / params.margin_km, _MAX_EXP))
    share /= np.where(ok, share.sum(axis=1), 1.0)[:, None]
    # Far from evidence the estimate fades to an even split: calibrated against the truth
    # of the benchmark windows through ``trust_km`` only.
    d0 = np.where(found[:, 0], d[:, 0], np.inf)
    trust = np.exp(-0.5 * (d0 / params.trust_km) ** 2)[:, None]
    p = trust * share + (1.0 - trust) / n_actors
    p = np.where(ok[:, None], p, 1.0 / n_actors)
    if between is not None and params.between_weight > 0:
        inside = ok & np.isfinite(between[:, 0])
        w = params.between_weight
        p[inside] = w * between[inside] + (1.0 - w) * p[inside]
    if params.sharpen != 1.0:
        p = sharpen(p, params.sharpen)
    out.p[ci] = p
    order = np.argsort(-p, axis=1, kind="stable")
    best = order[:, 0]
    idx = np.arange(len(ci))
    p1 = p[idx, best]
    p2 = p[idx, order[:, 1]] if n_actors > 1 else np.zeros(len(ci))
    ctrl = np.where(p1 - p2 < params.contested_margin, CONTESTED, best)
    ctrl = np.where(ok, ctrl, UNKNOWN)
    out.controller[ci] = ctrl
    out.confidence[ci] = np.where(ctrl >= 0, p1, 0.0)
    out.nearest_km[ci] = d[:, 0]
    out.nearest_age[ci] = votes.age[g[:, 0]]
    strongest = np.argsort(eff, axis=1, kind="stable")[:, :3]
    pick = np.take_along_axis(g, strongest, axis=1)
    usable = np.isfinite(np.take_along_axis(eff, strongest, axis=1))
    out.top[ci, : pick.shape[1]] = np.where(usable, pick, -1)


def sharpen(p: np.ndarray, power: float) -> np.ndarray:
    """Each row of shares raised to ``power`` and normalised (the leader stays the leader).

    For two actors this is a logistic recalibration: ``logit(p') = power * logit(p)``.
    """
    with np.errstate(divide="ignore"):
        logp = power * np.log(np.clip(p, 1e-300, None))
    logp -= logp.max(axis=1, keepdims=True)
    q = np.exp(logp)
    return q / q.sum(axis=1, keepdims=True)  # type: ignore[no-any-return]


def _reach(votes: Votes, g: np.ndarray, params: SurfaceParams) -> np.ndarray:
    """How far each vote reaches relative to a settled, confirmed report (1).

    A place taken by its holder, or reported contested, marks a front: the side that took it
    holds it, but the ground beyond it is most likely still the other side's. Its reach
    shrinks to ``front_reach`` and recovers as the change ages over ``front_days`` (never,
    by default). A claim reaches as far as its weight. Computed per vote, then looked up
    per neighbour.
    """
    changed = np.isfinite(votes.change_age)
    fresh = np.where(changed, np.exp(-np.where(changed, votes.change_age, 0.0)
                                     / params.front_days), 0.0)
    front = np.maximum(fresh, np.where(votes.contested, 1.0, 0.0))
    reach = (1.0 - (1.0 - params.front_reach) * front) * votes.weight
    return reach[g]  # type: ignore[no-any-return]
