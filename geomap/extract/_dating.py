"""The date of an event: the date expression nearest to its trigger, else the day of the
change reported just before (the same news), else the dateline."""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Final

from geomap.extract._claims import SPEECH_RE
from geomap.extract._history import outside
from geomap.extract._state import _CONTROL_KINDS, _clause, _Decision, _Doc
from geomap.extract.dates import DateExpr, find_dates
from geomap.extract.patterns import (
    APPOSITION_AFTER_RE,
    PERFECT_RE,
)


# -- dates and records ---------------------------------------------------------------------------
def _date_for(state: _Doc, si: int, decision: _Decision, m: Any) -> tuple[str, str, bool]:
    anchor = decision.trigger.start if decision.trigger is not None else m.start
    anchor_end = decision.trigger.end if decision.trigger is not None else m.end
    candidates = [d for d in outside(state.dates[si], decision.aside)
                  if d is not decision.since]
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
        if decision.reported or _reported_speech(state, si, decision.trigger.start,
                                                 decision.trigger.end):
            # "X said it had taken Y" with no other time cue: the news of the report's day
            return state.dateline, "day", False
        return state.dateline, "before", False
    carried = _carried(state, si) if decision.kind in _CONTROL_KINDS else None
    if carried is not None:
        return carried.date, carried.precision, True
    return state.dateline, "day", False


#: Words that report what follows: "said (that)", "reports that", "denied", "confirming".
_REPORTING_RE: Final = re.compile(
    r"\b(?:reports?\s+(?:that\s+)?|reported\s+that|confirming|denied|denies|denying|"
    r"announcing|acknowledging|admitting)\b", re.IGNORECASE)
#: A break between a reporting verb and the change: what follows is not the report.
_REPORT_BREAK_RE: Final = re.compile(r";|\s[–—]\s|\b(?:but|while|whereas|although|"
                                     r"after|before|when|since|which|who)\b", re.IGNORECASE)
#: A trailing attribution that ends the sentence: ", residents said." / ", said a commander."
_TRAILING_SAID_RE: Final = re.compile(
    r",\s*(?!(?:which|who|where|that|as|when)\b)(?:[\w'’.-]+\s+){0,8}?"
    r"(?:said|says|told\s+[\w\s'’.-]{1,40}?|reported|announced|added|stated|claimed)"
    r"(?:\s+[\w'’.-]+){0,8}\s*[.”\"]?\s*$", re.IGNORECASE)
#: How far back (characters) a reporting verb governs the change.
_REPORT_REACH: Final = 140


def _reported_speech(state: _Doc, si: int, pos: int, end: int) -> bool:
    """Whether the change at ``pos:end`` is told as what someone said, in the same sentence:
    after a reporting verb ("said it had taken") or before a trailing attribution ("had
    taken X, officials said.")."""
    sent = state.sentences[si]
    if _TRAILING_SAID_RE.search(state.text, end, sent.end):
        return True
    start = max(sent.start, pos - _REPORT_REACH)
    head = state.text[start:pos]
    verbs = [m.end() for m in SPEECH_RE.finditer(head)] \
        + [m.end() for m in _REPORTING_RE.finditer(head)]
    if not verbs:
        return False
    return _REPORT_BREAK_RE.search(head, max(verbs)) is None


#: Sentences back a change's day may be carried from.
_CARRY_REACH: Final = 2
#: How old (days before the dateline) a carried day may be: the news of the report.
_CARRY_DAYS: Final = 7


def _carried(state: _Doc, si: int) -> DateExpr | None:
    """The day of the change reported just before, for an undated report of the same news.

    "Two ports were seized on Sunday. ... LNA forces took complete control of X, Y and Z":
    the second sentence tells the same event, so it keeps Sunday. Only a day-precise date of a
    sentence with a change verb, one or two sentences back (same or previous paragraph),
    within a week before the dateline.
    """
    sent = state.sentences[si]
    for sj in range(si - 1, max(-1, si - 1 - _CARRY_REACH), -1):
        prev = state.sentences[sj]
        if sent.paragraph - prev.paragraph > 1:
            return None
        if not any(t.category in ("capture", "fell", "loss") for t in state.triggers[sj]):
            continue
        days = [d for d in (state.dates[sj] or find_dates(state.text, state.dateline,
                                                          prev.start, prev.end))
                # the report's own date written in its lead ("TRIPOLI, May 3 -") is no event's
                if d.precision == "day" and d.date != state.dateline]
        if not days:
            continue
        if len(days) > 1:
            return None  # "on Friday ... and on Saturday ...": which one is unclear
        best = days[0]
        lag = (date.fromisoformat(state.dateline or best.date)
               - date.fromisoformat(best.date)).days
        return best if 0 <= lag <= _CARRY_DAYS else None
    return None
