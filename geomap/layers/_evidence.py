"""Evidence for the control surface: what is known about each place on a given day.

Every dated status statement counts: control changes, claims, ``held`` reports and contested
reports. On day ``D`` a place's evidence is its latest statement dated on or before ``D``
(nothing later may shape ``D``): the holder named by its latest assertion, whether it is
contested then, how old the latest statement is, and how much the holder's statement weighs
(a confirmed change or ``held`` report 1, a claim less).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from geomap.layers._timeline import NEG, POS, SPAN

#: Timeline kind codes (see ``_timeline.TIMELINE_KINDS``).
K_CHANGE, K_CLAIM, K_CONTESTED, K_HELD = 0, 1, 2, 3


@dataclass(frozen=True)
class Snapshot:
    """The evidence of every place that has some on one day (arrays of equal length)."""

    place: np.ndarray  # place code
    holder: np.ndarray  # actor code of the latest assertion, -1 if none
    contested: np.ndarray  # bool: a contested report or a same-day dispute is the latest word
    weight: np.ndarray  # weight of the holder's statement (1 confirmed, less for claims)
    age: np.ndarray  # days since the latest statement
    row: np.ndarray  # timeline row of the latest statement (for evidence ids)
    change_age: np.ndarray  # days since the holder took the place (inf: never seen change)
    prior: np.ndarray  # actor code the holder took the place from (-1: not known)


class _Assertions:
    """One kind of assertion (firm, or any) of the log, searchable by (place, day)."""

    def __init__(self, log: EvidenceLog, idx: np.ndarray, previous: np.ndarray,
                 fought: np.ndarray | None = None) -> None:
        self.idx = idx
        self.key = log.key[idx]
        self.place = log.place[idx]
        self.actor = log.actor[idx]
        self.run_start, self.prior = _run_starts(
            self.place, self.actor, log.day[idx], previous[idx],
            None if fought is None else fought[idx])

    def latest(self, places: np.ndarray, probe: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Position (in this subset) of each place's latest assertion <= probe, and a mask."""
        pos = np.searchsorted(self.key, probe, side="right") - 1
        has = pos >= 0
        has[has] = self.place[pos[has]] == places[has]
        return np.maximum(pos, 0), has


def _run_starts(place: np.ndarray, actor: np.ndarray, day: np.ndarray,
                previous: np.ndarray, fought: np.ndarray | None = None
                ) -> tuple[np.ndarray, np.ndarray]:
    """Per assertion, the day its holder took the place (``NEG``: no change ever seen) and
    whom it took it from (-1: not known, or a fight its holder kept).

    A change is an assertion naming another actor than the place's previous assertion, or
    naming a different ``previous_actor``, or (``fought``) following a contested report of
    the place; a place's first status report without one is a status, not a change (a status
    list's first listing says nothing about when).
    """
    if not len(place):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    first = np.ones(len(place), dtype=bool)
    first[1:] = place[1:] != place[:-1]
    prev_actor = np.where(first, -1, np.roll(actor, 1))
    change = (~first & (prev_actor != actor)) | ((previous >= 0) & (previous != actor))
    if fought is not None:
        change |= fought
    start = change | first
    pos = np.maximum.accumulate(np.where(start, np.arange(len(place)), 0))
    taken_from = np.where(previous >= 0, previous, prev_actor)
    taken_from = np.where(change & (taken_from != actor), taken_from, -1)
    return np.where(change[pos], day[pos], NEG), taken_from[pos]


class EvidenceLog:
    """Status statements sorted by place and day, ready for :meth:`at` on any day.

    The holder of a place is named by its latest *firm* assertion (a confirmed change or
    ``held`` report); a later claim naming someone else makes the place contested, it does
    not hand it over. A place with claims only is held by its latest claimant, at the claim
    weight.

    Parameters
    ----------
    place, actor, previous, day, kind, confirmed
        One entry per timeline event (codes from :mod:`geomap.layers._prepare`); undated
        events (``day`` outside ``(NEG, POS)``) are left out: they cannot say *when*.
    claim_weight
        Weight of an unconfirmed statement relative to a confirmed one.
    skip
        Per place code, True for places whose statements are left out (no point on the
        ground to hold: a province named as a whole).
    """

    def __init__(self, place: np.ndarray, actor: np.ndarray, previous: np.ndarray,
                 day: np.ndarray, kind: np.ndarray, confirmed: np.ndarray,
                 claim_weight: float, skip: np.ndarray | None = None) -> None:
        dated = (day > NEG) & (day < POS) & (kind >= 0)
        if skip is not None and len(skip):
            dated &= ~skip[place]
        rows = np.flatnonzero(dated)
        key = place[rows].astype(np.int64) * SPAN + (day[rows] - NEG)
        order = np.argsort(key, kind="stable")
        self.rows = rows[order]
        self.key = key[order]
        self.place = place[self.rows]
        self.actor = actor[self.rows]
        self.day = day[self.rows]
        self.claim_weight = float(claim_weight)
        kind = kind[self.rows]
        prev = previous[self.rows]
        assertion = (kind != K_CONTESTED) & (self.actor >= 0)
        firm = assertion & confirmed[self.rows] & ((kind == K_CHANGE) | (kind == K_HELD))
        # An assertion right after a contested report of the place: the fight was decided
        # then, whoever won it, so its holder's run starts there (a front place, as after a
        # capture), even when the same side held it before the fight.
        fought = np.zeros(len(self.rows), dtype=bool)
        fought[1:] = (self.place[1:] == self.place[:-1]) & (kind[:-1] == K_CONTESTED)
        self.firm = _Assertions(self, np.flatnonzero(firm), prev, fought)
        self.any = _Assertions(self, np.flatnonzero(assertion), prev, fought)
        # Per (place, day) group: a contested report, or assertions naming different actors.
        n = len(self.rows)
        start = np.ones(n, dtype=bool)
        start[1:] = self.key[1:] != self.key[:-1]
        group = np.cumsum(start) - 1
        n_groups = int(group[-1]) + 1 if n else 0
        big = np.iinfo(np.int64).max
        lo = np.full(n_groups, big, dtype=np.int64)
        hi = np.full(n_groups, -1, dtype=np.int64)
        np.minimum.at(lo, group[assertion], self.actor[assertion])
        np.maximum.at(hi, group[assertion], self.actor[assertion])
        flag = (hi >= 0) & (lo != hi)
        np.logical_or.at(flag, group[kind == K_CONTESTED], True)
        self.group_contested = flag[group] if n else np.zeros(0, dtype=bool)
        self.places = np.unique(self.place)

    def at(self, t: int) -> Snapshot:
        """The evidence of every place on day ``t`` (statements dated after ``t`` ignored)."""
        places = self.places
        probe = places.astype(np.int64) * SPAN + (t - NEG)
        last = np.searchsorted(self.key, probe, side="right") - 1
        ok = last >= 0
        ok[ok] = self.place[last[ok]] == places[ok]
        places, last, probe = places[ok], last[ok], probe[ok]
        f_pos, f_has = self.firm.latest(places, probe)
        a_pos, a_has = self.any.latest(places, probe)
        f = self.firm
        a = self.any
        holder = np.where(f_has, f.actor[f_pos] if len(f.idx) else -1,
                          np.where(a_has, a.actor[a_pos] if len(a.idx) else -1, -1))
        weight = np.where(f_has, 1.0, np.where(a_has, self.claim_weight, 0.0))
        started = np.where(f_has, f.run_start[f_pos] if len(f.idx) else NEG,
                           np.where(a_has, a.run_start[a_pos] if len(a.idx) else NEG, NEG))
        # A claim later than the firm holder's statement, naming someone else: contested.
        later_claim = f_has & a_has
        if len(a.idx) and len(f.idx):
            later_claim &= (a.idx[a_pos] > f.idx[f_pos]) & (a.actor[a_pos] != f.actor[f_pos])
        contested = self.group_contested[last] | later_claim
        change_age = np.where(started > NEG, t - started, np.inf).astype(np.float64)
        prior = np.where(f_has, f.prior[f_pos] if len(f.idx) else -1,
                         np.where(a_has, a.prior[a_pos] if len(a.idx) else -1, -1))
        return Snapshot(
            place=places, holder=holder.astype(np.int64), contested=contested,
            weight=weight, age=(t - self.day[last]).astype(np.float64), row=self.rows[last],
            change_age=change_age, prior=prior.astype(np.int64),
        )
