"""The date of an event: the date expression nearest to its trigger, else the dateline."""

from __future__ import annotations

from typing import Any

from geomap.extract._state import _clause, _Decision, _Doc
from geomap.extract.dates import DateExpr
from geomap.extract.patterns import (
    APPOSITION_AFTER_RE,
    PERFECT_RE,
)


# -- dates and records ---------------------------------------------------------------------------
def _date_for(state: _Doc, si: int, decision: _Decision, m: Any) -> tuple[str, str, bool]:
    anchor = decision.trigger.start if decision.trigger is not None else m.start
    anchor_end = decision.trigger.end if decision.trigger is not None else m.end
    candidates = [d for d in state.dates[si] if d is not decision.since]
    if candidates and anchor > m.end and APPOSITION_AFTER_RE.match(state.text, m.end):
        # "Gharyan, which the LNA seized in April 2019, was retaken on Monday": a date between
        # the place and its (later) verb belongs to the aside, not to this event.
        later = [d for d in candidates if not m.end <= d.start < anchor]
        candidates = later or candidates
    if candidates:
        cs, ce = _clause(state, si, anchor)

        def rank(d: DateExpr) -> tuple[int, int]:
            same = 0 if cs <= d.start < ce else 1
            dist = anchor - d.end if d.end <= anchor else d.start - anchor_end
            return (same, abs(dist))

        best = min(candidates, key=rank)
        return best.date, best.precision, True
    if not state.dateline:
        return "", "unknown", False
    if decision.trigger is not None and PERFECT_RE.search(
            state.text[max(0, decision.trigger.start - 20):decision.trigger.start]):
        return state.dateline, "before", False
    return state.dateline, "day", False
