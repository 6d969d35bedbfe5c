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


class EvidenceLog:
    """Status statements sorted by place and day, ready for :meth:`at` on any day.

    Parameters
    ----------
    place, actor, previous, day, kind, confirmed
        One entry per timeline event (codes from :mod:`geomap.layers._prepare`); undated
        events (``day`` outside ``(NEG, POS)``) are left out: they cannot say *when*.
    claim_weight
        Weight of an unconfirmed statement relative to a confirmed one.
    """

    def __init__(self, place: np.ndarray, actor: np.ndarray, previous: np.ndarray,
                 day: np.ndarray, kind: np.ndarray, confirmed: np.ndarray,
                 claim_weight: float) -> None:
        dated = (day > NEG) & (day < POS) & (kind >= 0)
        rows = np.flatnonzero(dated)
        key = place[rows].astype(np.int64) * SPAN + (day[rows] - NEG)
        order = np.argsort(key, kind="stable")
        self.rows = rows[order]
        self.key = key[order]
        self.place = place[self.rows]
        self.actor = actor[self.rows]
        self.day = day[self.rows]
        kind = kind[self.rows]
        assertion = (kind != K_CONTESTED) & (self.actor >= 0)
        firm = confirmed[self.rows] & ((kind == K_CHANGE) | (kind == K_HELD))
        self.weight = np.where(firm, 1.0, claim_weight)
        self.a_idx = np.flatnonzero(assertion)
        self.run_start = self._run_starts(previous[self.rows])
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

    def _run_starts(self, previous: np.ndarray) -> np.ndarray:
        """Per assertion, the day its holder took the place (``NEG``: no change ever seen).

        A change is an assertion naming another actor than the place's previous assertion,
        or naming a different ``previous_actor``; a place's first status report without one
        is a status, not a change (a status list's first listing says nothing about when).
        """
        a = self.a_idx
        if not len(a):
            return np.zeros(0, dtype=np.int64)
        pl, ac = self.place[a], self.actor[a]
        first = np.ones(len(a), dtype=bool)
        first[1:] = pl[1:] != pl[:-1]
        prev_actor = np.where(first, -1, np.roll(ac, 1))
        named = previous[a]
        change = (~first & (prev_actor != ac)) | ((named >= 0) & (named != ac))
        start = change | first
        pos = np.maximum.accumulate(np.where(start, np.arange(len(a)), 0))
        return np.where(change[pos], self.day[a][pos], NEG)

    def at(self, t: int) -> Snapshot:
        """The evidence of every place on day ``t`` (statements dated after ``t`` ignored)."""
        places = self.places
        probe = places.astype(np.int64) * SPAN + (t - NEG)
        last = np.searchsorted(self.key, probe, side="right") - 1
        ok = last >= 0
        ok[ok] = self.place[last[ok]] == places[ok]
        places, last = places[ok], last[ok]
        akey = self.key[self.a_idx]
        alast = np.searchsorted(akey, probe[ok], side="right") - 1
        has = alast >= 0
        has[has] = self.place[self.a_idx[alast[has]]] == places[has]
        arow = np.where(has, self.a_idx[np.maximum(alast, 0)], -1) if len(alast) else alast
        holder = np.where(has, self.actor[np.maximum(arow, 0)], -1) if len(arow) else arow
        weight = np.where(has, self.weight[np.maximum(arow, 0)], 0.0) if len(arow) else \
            np.zeros(0)
        contested = self.group_contested[last]
        if len(alast):
            started = np.where(has, self.run_start[np.maximum(alast, 0)], NEG)
        else:
            started = np.zeros(0, dtype=np.int64)
        change_age = np.where(started > NEG, t - started, np.inf).astype(np.float64)
        return Snapshot(
            place=places, holder=holder.astype(np.int64), contested=contested,
            weight=weight, age=(t - self.day[last]).astype(np.float64), row=self.rows[last],
            change_age=change_age,
        )
