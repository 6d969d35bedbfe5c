"""Vectorised control timeline: who held each place when, and the state on any date.

Events are reduced per place with one sort and numpy group operations; nothing loops over
rows in Python. Dates are whole days since 1970-01-01 (``int64``); an open end is
:data:`NEG` or :data:`POS`.

Rules
-----
* The holder comes from *assertions* (``control_change``, ``claimed_control`` and ``held``
  with an actor). A place with at least one confirmed ``control_change`` or ``held`` report
  takes its holders from those only; a place without any takes them from its unconfirmed
  assertions (marked unconfirmed). A ``held`` report naming the holder already in place
  continues its interval; naming another actor, it starts one.
* Runs of the same actor make one interval ``[valid_from, valid_to)``; ``valid_to`` is the
  start of the next run, open at the end. A first change that names ``previous_actor`` X
  implies X held the place before it: an interval open at the start.
* Two assertions for the same place and day naming different actors make the surviving
  interval *disputed*: the place is contested until the next change.
* Claims (``claimed_control``, unconfirmed changes) and ``contested`` events are active for
  ``window`` days, or until the next confirmed change after them. On a date where an active
  claim names another actor than the holder (or several claims disagree, or a ``contested``
  event is active), the place is *contested*.
* A date's uncertainty window comes from its precision: ``week`` +-3 days, ``month`` and
  ``year`` the calendar period, ``before`` everything up to the date. A state is *uncertain*
  when the query date lies in the window of the change that started it or of the next one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
import pandas as pd

NEG: Final = -1_000_000  # days: an open start (~ year -770)
POS: Final = 1_000_000  # days: an open end (~ year 4700)
SPAN: Final = 1 << 22  # > POS - NEG: room for (place, day) keys in one int64

TIMELINE_KINDS: Final = ("control_change", "claimed_control", "contested", "held")
PRECISIONS: Final = ("day", "week", "month", "year", "before", "unknown")
_K_CHANGE, _K_CLAIM, _K_CONTESTED, _K_HELD = 0, 1, 2, 3
_P_DAY, _P_WEEK, _P_MONTH, _P_YEAR, _P_BEFORE, _P_UNKNOWN = range(6)


def parse_days(values: pd.Series | np.ndarray) -> np.ndarray:
    """ISO dates (``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY``, with or without a time) -> days.

    Unparseable or empty values give :data:`NEG` - 1 (the "undated" marker). Each distinct
    string is parsed once.
    """
    if isinstance(values, pd.Series) and pd.api.types.is_datetime64_any_dtype(values):
        days = values.to_numpy(dtype="datetime64[D]").astype("int64")
        days[pd.isna(values).to_numpy()] = NEG - 1
        return np.clip(days, NEG - 1, POS - 1)
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    return parse_values(np.asarray(uniques, dtype=object))[codes]


def parse_values(values: np.ndarray) -> np.ndarray:
    """Days of distinct date values, plus a trailing undated slot (for code -1)."""
    parsed = np.full(len(values) + 1, NEG - 1, dtype=np.int64)
    for i, raw in enumerate(values.tolist()):
        parsed[i] = _parse_one(raw)
    return parsed


def parse_day(value: object) -> int:
    """One date -> days since the epoch; raises ``ValueError`` when it is not a date."""
    day = _parse_one(value)
    if day < NEG:
        raise ValueError(f"not an ISO date: {value!r}")
    return day


def _parse_one(raw: object) -> int:
    if raw is None:
        return NEG - 1
    if hasattr(raw, "isoformat") and not isinstance(raw, str):
        raw = raw.isoformat()
    text = str(raw).strip()[:10]
    if len(text) not in (4, 7, 10) or not text[:4].isdigit():
        return NEG - 1
    try:
        day = int(np.datetime64(text).astype("datetime64[D]").astype("int64"))
    except ValueError:
        return NEG - 1
    return int(min(max(day, NEG + 1), POS - 1))


def day_to_iso(days: np.ndarray) -> np.ndarray:
    """Days -> ISO strings; open ends give "". Distinct days are formatted once."""
    days = np.asarray(days, dtype=np.int64)
    if len(days) == 0:
        return np.zeros(0, dtype=object)
    uniq, inverse = np.unique(days, return_inverse=True)
    text = np.full(len(uniq), "", dtype=object)
    ok = (uniq > NEG) & (uniq < POS)
    if ok.any():
        text[ok] = np.datetime_as_string(uniq[ok].astype("datetime64[D]"), unit="D").astype(object)
    return text[inverse.reshape(-1)]


def windows(day: np.ndarray, prec: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Earliest and latest day each event may have happened on, from its precision."""
    lo = day.copy()
    hi = day.copy()
    dated = (day > NEG) & (day < POS)
    d64 = np.where(dated, day, 0).astype("datetime64[D]")
    week = prec == _P_WEEK
    lo[week] -= 3
    hi[week] += 3
    month = prec == _P_MONTH
    if month.any():
        m = d64[month].astype("datetime64[M]")
        lo[month] = m.astype("datetime64[D]").astype("int64")
        hi[month] = (m + 1).astype("datetime64[D]").astype("int64") - 1
    year = prec == _P_YEAR
    if year.any():
        y = d64[year].astype("datetime64[Y]")
        lo[year] = y.astype("datetime64[D]").astype("int64")
        hi[year] = (y + 1).astype("datetime64[D]").astype("int64") - 1
    lo[prec == _P_BEFORE] = NEG
    lo[~dated] = NEG
    hi[~dated] = POS
    return lo, hi


@dataclass
class Intervals:
    """Holder intervals, sorted by (place, valid_from). Arrays of equal length."""

    place: np.ndarray  # place code
    actor: np.ndarray  # actor code
    start: np.ndarray  # valid_from day (NEG: open)
    end: np.ndarray  # valid_to day (POS: open)
    start_lo: np.ndarray  # uncertainty window of the start
    start_hi: np.ndarray
    end_lo: np.ndarray  # earliest day the next change may have happened
    prec: np.ndarray  # precision code of the start (-1: open start)
    confirmed: np.ndarray
    disputed: np.ndarray
    implied: np.ndarray  # from a previous_actor, not from a change to this actor
    event: np.ndarray  # row (in the timeline arrays) of the event that started it


@dataclass
class Claims:
    """Claims and contested reports with the day they stop counting."""

    place: np.ndarray
    actor: np.ndarray  # -1 for a contested report without actor
    day: np.ndarray
    expiry: np.ndarray  # first day the claim no longer counts
    contested: np.ndarray  # kind == "contested"
    event: np.ndarray


@dataclass
class State:
    """The state of every place on one day (arrays indexed by place code)."""

    status: np.ndarray  # 0 unknown, 1 held, 2 contested
    actor: np.ndarray  # actor code or -1
    confirmed: np.ndarray
    uncertain: np.ndarray
    since: np.ndarray  # start of the holder's interval (NEG: open / none)
    since_prec: np.ndarray  # precision code (-1 none)
    event: np.ndarray  # timeline row that decided it (-1 none)


STATUS: Final = ("unknown", "held", "contested")


class Timeline:
    """The reduced control timeline of a set of events.

    Parameters
    ----------
    place
        Place code (0..n_places-1) per timeline event.
    actor, previous
        Actor codes (-1 = none).
    day
        Event day (undated: below :data:`NEG`).
    prec
        Precision code (index into :data:`PRECISIONS`).
    kind
        0 control_change, 1 claimed_control, 2 contested.
    confirmed
        Confirmed flag.
    n_places
        Number of places.
    window
        Days a claim or contested report counts for.
    """

    def __init__(
        self,
        place: np.ndarray,
        actor: np.ndarray,
        previous: np.ndarray,
        day: np.ndarray,
        prec: np.ndarray,
        kind: np.ndarray,
        confirmed: np.ndarray,
        n_places: int,
        window: int,
    ) -> None:
        self.n_places = n_places
        self.window = int(window)
        dated = day >= NEG
        has_dated = np.zeros(n_places, dtype=bool)
        has_dated[place[dated]] = True
        # Undated reports count only where nothing dated is known; they hold "at some time".
        usable = dated | ~has_dated[place]
        day = np.where(dated, day, NEG)
        prec = np.where(dated, prec, _P_UNKNOWN)
        lo, hi = windows(day, prec)
        self.day, self.lo, self.hi = day, lo, hi
        self.usable = usable
        # One stable sort on a (place, day) key; ties keep input order.
        order = np.argsort(place.astype(np.int64) * SPAN + (day - NEG), kind="stable")
        self.order = order[usable[order]]

        assertion = (kind != _K_CONTESTED) & (actor >= 0)
        # A confirmed ``held`` report is as firm as a confirmed change: it names the holder.
        confirmed_change = assertion & ((kind == _K_CHANGE) | (kind == _K_HELD)) & confirmed
        place_confirmed = np.zeros(n_places, dtype=bool)
        place_confirmed[place[confirmed_change & usable]] = True
        base = assertion & (confirmed_change | ~place_confirmed[place])
        self.intervals = _intervals(
            self.order[base[self.order]], place, actor, previous, day, lo, hi, prec, confirmed
        )
        claim = usable & dated & ~confirmed_change & ((kind == _K_CONTESTED) | (actor >= 0))
        self.claims = _claims(
            self.order[claim[self.order]],
            self.order[confirmed_change[self.order]],
            place, actor, day, kind, self.window,
        )

    def state_at(self, t: int) -> State:
        """State of every place on day ``t``."""
        n = self.n_places
        iv = self.intervals
        status = np.zeros(n, dtype=np.int8)
        holder = np.full(n, -1, dtype=np.int64)
        confirmed = np.zeros(n, dtype=bool)
        uncertain = np.zeros(n, dtype=bool)
        since = np.full(n, NEG, dtype=np.int64)
        since_prec = np.full(n, -1, dtype=np.int64)
        event = np.full(n, -1, dtype=np.int64)
        disputed = np.zeros(n, dtype=bool)

        act = np.flatnonzero((iv.start <= t) & (t < iv.end))
        p = iv.place[act]
        holder[p] = iv.actor[act]
        confirmed[p] = iv.confirmed[act]
        since[p] = iv.start[act]
        since_prec[p] = iv.prec[act]
        event[p] = iv.event[act]
        disputed[p] = iv.disputed[act]
        in_start = (iv.start_lo[act] <= t) & (t <= iv.start_hi[act]) & (
            iv.start_hi[act] > iv.start_lo[act]
        )
        uncertain[p] = in_start | (t >= iv.end_lo[act])
        status[holder >= 0] = 1

        cl = self.claims
        live = np.flatnonzero((cl.day <= t) & (t < cl.expiry))
        if len(live):
            cp = cl.place[live]
            ca = cl.actor[live]
            any_contested = np.zeros(n, dtype=bool)
            any_contested[cp[cl.contested[live]]] = True
            big = np.iinfo(np.int64).max
            amin = np.full(n, big, dtype=np.int64)
            amax = np.full(n, -1, dtype=np.int64)
            named = ca >= 0
            np.minimum.at(amin, cp[named], ca[named])
            np.maximum.at(amax, cp[named], ca[named])
            other = np.zeros(n, dtype=bool)
            other[cp[named & (ca != holder[cp])]] = True
            has_claim = amax >= 0
            known = holder >= 0
            conflict = any_contested | (known & other) | (~known & has_claim & (amin != amax))
            lone = ~known & has_claim & ~conflict
            holder[lone] = amax[lone]
            status[lone] = 1
            confirmed[lone] = False
            uncertain[lone] = True
            status[conflict] = 2
            last = np.full(n, -1, dtype=np.int64)
            np.maximum.at(last, cp, cl.event[live])
            event[conflict & (event < 0)] = last[conflict & (event < 0)]
        status[disputed & (holder >= 0)] = 2
        return State(status, holder, confirmed, uncertain, since, since_prec, event)


def _intervals(
    rows: np.ndarray,
    place: np.ndarray,
    actor: np.ndarray,
    previous: np.ndarray,
    day: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
    prec: np.ndarray,
    confirmed: np.ndarray,
) -> Intervals:
    """Runs of the same holder per place from assertion rows sorted by (place, day, order)."""
    P, A, D = place[rows], actor[rows], day[rows]
    n = len(rows)
    first = np.ones(n, dtype=bool)
    first[1:] = P[1:] != P[:-1]
    # Same place and day, different actors: the report that comes last stands, disputed.
    same_day = np.zeros(n, dtype=bool)
    same_day[1:] = ~first[1:] & (D[1:] == D[:-1]) & (A[1:] != A[:-1])
    gkey = P.astype(np.int64) * SPAN + (D - NEG)
    gstart = np.ones(n, dtype=bool)
    gstart[1:] = gkey[1:] != gkey[:-1]
    gid = np.cumsum(gstart) - 1
    group_conflict = np.zeros(int(gid[-1]) + 1 if n else 0, dtype=bool)
    group_conflict[gid[same_day]] = True

    new_run = first.copy()
    new_run[1:] |= A[1:] != A[:-1]
    # A dispute lasts until the next change, even one to the same actor: start a new run.
    after_dispute = np.zeros(n, dtype=bool)
    after_dispute[1:] = gstart[1:] & ~first[1:] & group_conflict[np.maximum(gid[1:] - 1, 0)]
    new_run |= after_dispute
    starts = np.flatnonzero(new_run)
    run_place = P[starts]
    run_start = D[starts]
    # End of a run: start of the next run of the same place.
    same_place_next = np.zeros(len(starts), dtype=bool)
    same_place_next[:-1] = run_place[1:] == run_place[:-1]
    run_end = np.where(same_place_next, np.append(run_start[1:], POS), POS)
    end_lo = np.where(same_place_next, np.append(lo[rows[starts[1:]]], POS), POS)
    keep = run_end > run_start  # zero-length runs lose a same-day dispute
    disputed = group_conflict[gid[starts]]
    start_rows = rows[starts]

    # The first day's reports that name who held the place before imply that holder until
    # then, when they agree on one (and it is not simply the holder they all report).
    fp = np.flatnonzero(first)
    g = np.cumsum(first) - 1
    on_first_day = D[fp][g] == D if n else np.zeros(0, dtype=bool)
    pv = previous[rows]
    named = on_first_day & (pv >= 0)
    big = np.iinfo(np.int64).max
    pmin = np.full(len(fp), big, dtype=np.int64)
    pmax = np.full(len(fp), -1, dtype=np.int64)
    np.minimum.at(pmin, g[named], pv[named])
    np.maximum.at(pmax, g[named], pv[named])
    amin = np.full(len(fp), big, dtype=np.int64)
    amax = np.full(len(fp), -1, dtype=np.int64)
    np.minimum.at(amin, g[on_first_day], A[on_first_day])
    np.maximum.at(amax, g[on_first_day], A[on_first_day])
    lead = (pmax >= 0) & (pmin == pmax) & ~((amin == amax) & (amax == pmax)) & (D[fp] > NEG)
    giver = np.full(len(fp), n, dtype=np.int64)  # first report naming the previous holder
    np.minimum.at(giver, g[named], np.flatnonzero(named))
    prev = pmax
    lr = rows[np.where(lead, giver, fp)[lead]]
    cat = np.concatenate
    iv = Intervals(
        place=cat([run_place[keep], place[lr]]),
        actor=cat([A[starts][keep], prev[lead]]),
        start=cat([run_start[keep], np.full(len(lr), NEG, dtype=np.int64)]),
        end=cat([run_end[keep], day[lr]]),
        start_lo=cat([lo[start_rows][keep], np.full(len(lr), NEG, dtype=np.int64)]),
        start_hi=cat([hi[start_rows][keep], np.full(len(lr), NEG, dtype=np.int64)]),
        end_lo=cat([end_lo[keep], lo[lr]]),
        prec=cat([prec[start_rows][keep], np.full(len(lr), -1, dtype=np.int64)]),
        confirmed=cat([confirmed[start_rows][keep], confirmed[lr]]),
        disputed=cat([disputed[keep], np.zeros(len(lr), dtype=bool)]),
        implied=cat([np.zeros(int(keep.sum()), dtype=bool), np.ones(len(lr), dtype=bool)]),
        event=cat([start_rows[keep], lr]),
    )
    order = np.lexsort((iv.start, iv.place))
    for name in iv.__dataclass_fields__:
        setattr(iv, name, getattr(iv, name)[order])
    return iv


def _claims(
    rows: np.ndarray,
    changes: np.ndarray,
    place: np.ndarray,
    actor: np.ndarray,
    day: np.ndarray,
    kind: np.ndarray,
    window: int,
) -> Claims:
    """Claims with their expiry: ``window`` days, or the next confirmed change after them."""
    ckey = place[changes].astype(np.int64) * SPAN + (day[changes] - NEG)  # sorted
    key = place[rows].astype(np.int64) * SPAN + (day[rows] - NEG)
    pos = np.searchsorted(ckey, key, side="right")
    nxt = np.full(len(rows), POS, dtype=np.int64)
    ok = pos < len(ckey)
    same = np.zeros(len(rows), dtype=bool)
    same[ok] = (ckey[pos[ok]] // SPAN) == place[rows][ok]
    nxt[same] = day[changes][pos[same]]
    expiry = np.minimum(day[rows] + window, nxt)
    return Claims(
        place=place[rows],
        actor=actor[rows],
        day=day[rows],
        expiry=expiry,
        contested=kind[rows] == _K_CONTESTED,
        event=rows,
    )
