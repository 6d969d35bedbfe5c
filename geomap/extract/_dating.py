"""The date of an event: the date expression nearest to its trigger, else the day of the
change reported just before (the same news), else the dateline."""

from __future__ import annotations

import re
from datetime import date, timedelta
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
                  if d is not decision.since
                  and not _in_other_aside(state, si, max(m.end, anchor_end), d)]
    earlier = _participle_before(state, si, decision, candidates)
    if earlier is not None:
        return earlier
    after_at = _later_after_clause(state, si, max(anchor_end, m.end))
    if after_at is not None:
        # "The recapture of X comes after troops retook Y on Wednesday": the date of the
        # "after" clause is its own event's, which came before this one
        candidates = [d for d in candidates if d.start < after_at]
    if candidates and anchor > m.end and APPOSITION_AFTER_RE.match(state.text, m.end):
        # "Gharyan, which the LNA seized in April 2019, was retaken on Monday": a date between
        # the place and its (later) verb belongs to the aside, not to this event.
        later = [d for d in candidates if not m.end <= d.start < anchor]
        candidates = later or candidates
    if anchor < m.start:
        # "capturing several towns, including X, which they entered on 29 June": the
        # clause on the place itself dates its part of the change
        own = _own_clause_date(state, si, m, candidates)
        if own is not None:
            return own.date, own.precision, True
    offset = _after_offset(state, si, min(anchor, m.start), candidates)
    if offset is not None:
        return offset
    if candidates:
        # "The fall of X is the latest gain of an offensive that began in October": a date in
        # a relative clause after the event, about another noun, is not the event's.
        candidates = [d for d in candidates
                      if not _in_later_relative(state, si, max(anchor_end, m.end), d)
                      and not _BEGAN_CLAUSE_RE.search(state.text, max(anchor_end, m.end),
                                                      d.start)
                      and not _power_taken(state, si, max(anchor_end, m.end), d)]
    if candidates:
        cs, ce = _clause(state, si, anchor)

        text = state.text

        def rank(d: DateExpr) -> tuple[int, int, int]:
            same = 0 if cs <= d.start < ce else 1
            dist = anchor - d.end if d.end <= anchor else d.start - anchor_end
            # "seized most of the country three weeks ago, taking Kabul on 15 August": the
            # date right after the verb's own object binds tighter than one a comma away
            gap = text[d.end:anchor] if d.end <= anchor \
                else text[max(anchor_end, m.end) if d.start >= m.end else anchor_end:d.start]
            return (same, 1 if "," in gap else 0, abs(dist))

        best = min(candidates, key=rank)
        return best.date, best.precision, True
    if not state.dateline:
        return "", "unknown", False
    if decision.trigger is not None and PERFECT_RE.search(
            state.text[max(0, decision.trigger.start - 20):decision.trigger.start]):
        told = _told_before(state, si, m, decision) if decision.kind in _CONTROL_KINDS \
            else None
        if told is not None:
            # "The fall on Saturday of X ... the rebels had taken X, he said": the
            # report retells the news already dated
            return told.date, told.precision, True
        if decision.reported or _reported_speech(state, si, decision.trigger.start,
                                                 decision.trigger.end):
            # "X said it had taken Y" with no other time cue: the news of the report's day
            return state.dateline, "day", False
        return state.dateline, "before", False
    carried = None
    if decision.kind in _CONTROL_KINDS:
        # "Rebels took X on Saturday. ... 'Our men have taken X,' he said": the same news
        carried = _told_before(state, si, m, decision) or _carried(state, si)
    if carried is None and decision.nominal and decision.kind in _CONTROL_KINDS:
        carried = _lead_day(state, si)
    if carried is None and decision.kind in _CONTROL_KINDS and decision.trigger is not None \
            and _HAS_RE.search(state.text, max(0, decision.trigger.start - 25),
                               decision.trigger.start):
        # "The army says it has retaken X. ... They announced the city's full recapture on
        # Monday": the lead's news, dated by the story after it
        carried = _told_after(state, si, m, decision)
    if carried is not None:
        return carried.date, carried.precision, True
    return state.dateline, "day", False


#: A change told as a participle that comes before its sentence's own event: "After taking
#: X, the rebels pressed south", "having seized X, they ...". ("On taking X" is the same
#: moment, not before.)
_AFTER_PARTICIPLE_RE: Final = re.compile(
    r"(?:^|[,;(—–]\s*|\s)(?:(?:soon|shortly|just)\s+)?"
    r"(?:(?P<after>after)\s+|having\s+(?:(?:first|already|since)\s+)?)$", re.IGNORECASE)


def _participle_before(state: _Doc, si: int, decision: _Decision,
                       candidates: list[DateExpr]) -> tuple[str, str, bool] | None:
    """The date of a change told in an "after taking X" / "having taken X" participle, or an
    "after" clause with a short subject of its own, with no date of its own: ``before`` the
    sentence's own event (its day outside the participle, else the dateline), since the
    participle says only that it came first; as coarse as that event's month or year.
    None when the change is not such a participle or the participle gives its own date."""
    t = decision.trigger
    if t is None or decision.kind not in _CONTROL_KINDS or not state.dateline:
        return None
    sent = state.sentences[si]
    head = state.text[sent.start:t.start]
    opening = _AFTER_PARTICIPLE_RE.search(head)
    if opening is not None and _COUNT_BEFORE_RE.search(head, 0, opening.start() + 1):
        return None  # "a day after wresting X": dated by its count (see _after_offset)
    if opening is None or (opening.group("after")
                           and not t.text.split()[0].lower().endswith("ing")):
        # "after" opens a gerund ("after taking") or a clause with a short subject of its
        # own ("came after the rebels took X")
        opening = _after_clause(head)
        if opening is None:
            return None
    stop = _PARTICIPLE_END_RE.search(state.text, t.end, sent.end)
    end = stop.start() if stop is not None else sent.end
    begin = sent.start + opening.start()
    if any(begin <= d.start < end for d in candidates):
        return None  # "after taking X in January": the participle's own date
    main = [d for d in candidates if not begin <= d.start < end]
    if main and main[0].precision not in ("day", "before"):
        # "In December 2023, Y took Z after X withdrew from W": as coarse as the main date
        return main[0].date, main[0].precision, True
    when = main[0].date if main else state.dateline
    return when, "before", False


#: A count of time right before "after" ("a day after", "hours after"): the interval dates it.
_COUNT_BEFORE_RE: Final = re.compile(r"\b(?:hours?|minutes?|days?|weeks?|months?|years?)\s*$",
                                     re.IGNORECASE)
#: "after" opening a clause with its own subject ("after the rebel forces took X").
_AFTER_CLAUSE_RE: Final = re.compile(
    r"\s(?:(?:soon|shortly|just)\s+)?after\s+(?P<subject>(?:(?!\bafter\b).)*)$",
    re.IGNORECASE | re.DOTALL)
#: An aside inside the subject: "— listed by X as ... —", "(HTS)".
_SUBJECT_ASIDE_RE: Final = re.compile(r"\s[–—][^–—]*[–—]|\([^()]*\)")
#: What the subject of an "after" clause cannot hold: a clause break, a reporting verb, a
#: relative pronoun or a finite verb of its own.
_NOT_SUBJECT_RE: Final = re.compile(
    r"[,;:\"“”]|\b(?:said|says|told|that|which|who|when|while|was|were|is|are|has|have|"
    r"had(?!\s*$)|did|made|began|launched|ended)\b", re.IGNORECASE)
#: The most words an "after" clause's subject may have.
_SUBJECT_WORDS: Final = 10


def _after_clause(head: str) -> re.Match[str] | None:
    """The "after" that opens the clause ending ``head`` (the text up to a change's verb),
    when what stands between is a short subject ("after the rebel forces led by HTS took
    X"); None otherwise ("after weeks of fighting, rebels took X" is the main clause)."""
    found = _AFTER_CLAUSE_RE.search(head)
    if found is None or _COUNT_BEFORE_RE.search(head, 0, found.start() + 1):
        return None  # "hours after Y had seized it": as close as the count says
    subject = _SUBJECT_ASIDE_RE.sub(" ", found.group("subject"))
    if _NOT_SUBJECT_RE.search(subject) or not 1 <= len(subject.split()) <= _SUBJECT_WORDS:
        return None
    return found


def _later_after_clause(state: _Doc, si: int, pos: int) -> int | None:
    """Where an "after" clause with its own subject and change verb starts after ``pos`` in
    sentence ``si`` ("... comes after government forces retook Y"), if one does."""
    for t in state.triggers[si]:
        if t.start <= pos or t.category not in ("capture", "fell", "loss"):
            continue
        found = _after_clause(state.text[pos:t.start])
        if found is not None:
            return pos + found.start()
    return None


#: Where an opening participle ends: the comma before the main clause.
_PARTICIPLE_END_RE: Final = re.compile(r"[,;:]|\s[–—]\s")


#: A relative clause on the place telling its taking: ", which they entered on ...".
_OWN_CLAUSE_RE: Final = re.compile(
    r",\s+(?:which|where)\s+(?:[\w'’-]+\s+){0,4}?(?:entered|took|captured|seized|stormed|"
    r"overran|reached|occupied|marched\s+into|moved\s+into)\b(?P<rest>[^,;:()]{0,60})",
    re.IGNORECASE)


def _own_clause_date(state: _Doc, si: int, m: Any,
                     candidates: list[DateExpr]) -> DateExpr | None:
    """The date of a relative clause right after the place that tells its taking (the same
    change as the verb before the place), if it gives one."""
    clause = _OWN_CLAUSE_RE.match(state.text, m.end, state.sentences[si].end)
    if clause is None:
        return None
    inside = [d for d in candidates if m.end <= d.start < clause.end("rest")]
    return inside[0] if len(inside) == 1 else None


#: "two weeks after", "a day after", "about three months after": the event that follows is
#: that long before the sentence's own event.
_AFTER_RE: Final = re.compile(
    r"\b(?:(?:about|some|nearly|almost|just|barely|only|roughly|more\s+than|less\s+than|"
    r"over)\s+)?(?P<n>\d{1,2}|one|two|three|four|five|six|seven|a|an|a\s+few|several)\s+"
    r"(?P<u>days?|weeks?|months?|years?)\s+after\b(?P<gap>[^;:.–—]{0,80})$", re.IGNORECASE)
#: "hours after", "just hours after": the event that follows is the same day.
_HOURS_AFTER_RE: Final = re.compile(
    r"\b(?:(?:just|only|mere|a\s+few|several|some|\d{1,2})\s+)?hours\s+after\b"
    r"(?P<gap>[^;:.–—]{0,80})$", re.IGNORECASE)
_NUMBER_WORDS: Final = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                        "seven": 7, "a": 1, "an": 1, "a few": 3, "several": 3}


def _after_offset(state: _Doc, si: int, pos: int,
                  candidates: list[DateExpr]) -> tuple[str, str, bool] | None:
    """The date of a change told as "N days/weeks after" the sentence's own event ("took Y
    on Sunday, a day after seizing X": X on Saturday), counted back from the nearest date
    before the phrase (else the dateline), with the precision of the unit."""
    sent = state.sentences[si]
    lo = max(sent.start, pos - 130)
    found = _AFTER_RE.search(state.text[lo:pos]) or _HOURS_AFTER_RE.search(state.text[lo:pos])
    if found is None or not state.dateline:
        return None
    start = lo + found.start()
    if any(start <= d.start < pos for d in candidates):
        return None  # "two weeks after X fell on 3 May": the text dates it itself
    before = [d for d in candidates if d.end <= start and d.precision == "day"]
    ref = date.fromisoformat(max(before, key=lambda d: d.end).date if before
                             else state.dateline)
    if found.re is _HOURS_AFTER_RE:
        # "regained X, hours after Y had seized it": the same day as the sentence's event
        return ref.isoformat(), "day", True
    raw = re.sub(r"\s+", " ", found.group("n").lower())
    n = int(raw) if raw.isdigit() else _NUMBER_WORDS.get(raw, 1)
    unit = found.group("u").lower().rstrip("s")
    if unit == "day":
        return (ref - timedelta(days=n)).isoformat(), "day", True
    if unit == "week":
        return (ref - timedelta(weeks=n)).isoformat(), "week", True
    if unit == "month":
        index = ref.year * 12 + ref.month - 1 - n
        return date(index // 12, index % 12 + 1, 1).isoformat(), "month", True
    return date(ref.year - n, 1, 1).isoformat(), "year", True


#: The opening of a relative clause: ", which ...", "an offensive that began ...", "who had".
_RELATIVE_RE: Final = re.compile(r"(?:,\s*|\s)(?:which|who|whose|that)\s", re.IGNORECASE)
#: A later time clause on the start of something else, ending right before the date:
#: "expelled from X after the war began in April 2023" (the war's date, not the change's).
_BEGAN_CLAUSE_RE: Final = re.compile(
    r"\b(?:after|since|when)\s+(?:[\w'’-]+\s+){1,5}?(?:began|started|erupted|broke\s+out|"
    r"(?:was|were)\s+launched)\s+(?:in\s+|on\s+)?$", re.IGNORECASE)
#: A time clause on a seizure of power after the event, ending right before the date: "the
#: first town seized since the junta ousted the elected government in February 2021", "after
#: the military took power in a coup in 2021" (the coup's date, not the town's).
_POWER_CLAUSE_RE: Final = re.compile(
    r"\b(?:after|since|when)\s+(?:[\w'’-]+\s+){1,5}?(?:seized|took|grabbed|ousted|toppled|"
    r"overthrew|deposed)\s+(?:power|(?:the\s+|a\s+)?(?:[\w'’.-]+\s+){0,6}?(?:government|"
    r"president|leader|regime|cabinet))\b[^,;:()]{0,40}?\s+(?:in\s+|on\s+)?$", re.IGNORECASE)
#: The date is a coup's attribute: "since the February 2021 coup", "after the 2021 coup".
_COUP_AFTER_RE: Final = re.compile(r"\s+(?:military\s+)?(?:coup|putsch|takeover\s+of\s+power)\b",
                                   re.IGNORECASE)


def _power_taken(state: _Doc, si: int, after: int, d: DateExpr) -> bool:
    """Whether date ``d``, after the event's trigger and place (``after``), dates a seizure of
    power rather than the change: the end of a time clause on a coup, or a coup's own date."""
    if d.start < after:
        return False
    return bool(_POWER_CLAUSE_RE.search(state.text, after, d.start)
                or _COUP_AFTER_RE.match(state.text, d.end))


#: What ends a relative clause before a later date: another clause or a sentence mark.
_RELATIVE_END_RE: Final = re.compile(r";|\s[–—]\s|\.\s", re.IGNORECASE)


def _in_later_relative(state: _Doc, si: int, after: int, d: DateExpr) -> bool:
    """Whether date ``d`` lies in a relative clause opened after position ``after`` (the
    event's trigger and place) that states no change of its own ("... an offensive that
    began in October", "the rebels, who had in November pushed south")."""
    if d.start < after:
        return False
    text = state.text
    opener = None
    for rel in _RELATIVE_RE.finditer(text, after, d.start):
        opener = rel
    if opener is None or _RELATIVE_END_RE.search(text, opener.end(), d.start):
        return False
    if text[opener.start():opener.end()].strip().lower() == "that" \
            and SPEECH_RE.search(text, max(after, opener.start() - 30), opener.start()):
        return False  # "said that ...": a report, not a relative clause
    return not any(opener.end() <= t.start < d.end + 40 and t.category in _CHANGE
                   for t in state.triggers[si])


#: Trigger categories that state a change.
_CHANGE: Final = ("capture", "fell", "loss")
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


def _lead_day(state: _Doc, si: int) -> DateExpr | None:
    """The day the document's lead gives its news, for an undated nominal change ("The
    recapture of X is a major step"): a noun naming the change refers to the news itself.

    Only a single day-precise date of the first sentence, within a week before the dateline.
    """
    if si == 0 or not state.sentences or not state.dateline:
        return None
    lead = state.sentences[0]
    days = [d for d in (state.dates[0] or find_dates(state.text, state.dateline, lead.start,
                                                     lead.end))
            if d.precision == "day" and d.date != state.dateline]
    if len({d.date for d in days}) != 1:
        return None
    lag = (date.fromisoformat(state.dateline) - date.fromisoformat(days[0].date)).days
    return days[0] if 0 <= lag <= _CARRY_DAYS else None


#: A participle aside telling another place's own change: "pulled out of X and the village
#: of Y, also taken by the rebels on Sunday" (Sunday is Y's taking, not the pull-out).
_OTHER_ASIDE_RE: Final = re.compile(
    r",\s+(?:(?:also|later|first|then|briefly|itself|earlier)\s+)?(?:taken|seized|captured|"
    r"overrun|occupied|retaken|recaptured|abandoned|lost)\s+by\b[^,;:()]*", re.IGNORECASE)


def _in_other_aside(state: _Doc, si: int, after: int, d: DateExpr) -> bool:
    """Whether date ``d`` lies in a participle aside opened after the event's place and
    trigger (``after``) with other words between: the aside tells the change of the noun
    right before it, not this event (an aside right after the place is read as its history,
    see :func:`geomap.extract._history.background_change`)."""
    if d.start <= after:
        return False
    text = state.text
    for aside in _OTHER_ASIDE_RE.finditer(text, after, state.sentences[si].end):
        if aside.start() <= d.start < aside.end():
            return bool(text[after:aside.start()].strip())
    return False


def _told_before(state: _Doc, si: int, m: Any, decision: _Decision | None = None
                 ) -> DateExpr | None:
    """The day an earlier sentence gives the change of the same place (named alike), for an
    undated report ("X has fallen", "they had taken X") that retells that news.

    Only a single day-precise date of a sentence with a change verb, within a week before the
    dateline; the nearest such sentence decides. A sentence whose change is the side now
    losing the place taking it ("M23 entered X on Sunday" before "M23 had pulled out of X")
    tells the change before, not this one.
    """
    name = state.text[m.start:m.end]
    if not name or not state.dateline:
        return None
    named = re.compile(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])")
    for sj in range(si - 1, -1, -1):
        prev = state.sentences[sj]
        if not named.search(state.text, prev.start, prev.end) or not any(
                t.category in ("capture", "fell", "loss") for t in state.triggers[sj]):
            continue
        if decision is not None and _taken_by_loser(state, sj, decision):
            continue
        days = [d for d in state.dates[sj] if d.precision == "day" and d.date != state.dateline]
        if not days and not state.dates[sj]:
            # "Two ports were seized on Sunday. ... forces took X and Y. ... the company
            # confirmed that they seized X": the undated telling before keeps its own day
            return _carried(state, sj)
        if len({d.date for d in days}) != 1:
            return None  # ("on Monday (Nov 6)" is one day)
        lag = (date.fromisoformat(state.dateline) - date.fromisoformat(days[0].date)).days
        return days[0] if 0 < lag <= _CARRY_DAYS else None
    return None


#: A present perfect right before the verb: "says it has retaken", "have now taken".
_HAS_RE: Final = re.compile(r"\b(?:has|have)\s+(?:(?:now|already|\w+ly)\s+)?$", re.IGNORECASE)
#: A noun of the change bound to a noun for the town: "the city's full recapture", "the
#: capture of the town".
_NOUN_CHANGE_RE: Final = re.compile(
    r"\bthe\s+(?:city|town|village|port|base)['’]s?\s+(?:\w+\s+)?(?:recapture|capture|fall|"
    r"takeover|liberation|seizure)|\b(?:recapture|capture|fall|takeover|liberation|seizure)\s+"
    r"of\s+the\s+(?:city|town|village|port|base)\b", re.IGNORECASE)
#: Sentences after an undated lead that may still date its news.
_AFTER_REACH: Final = 4


def _told_after(state: _Doc, si: int, m: Any, decision: _Decision) -> DateExpr | None:
    """The day a later sentence gives the change of the same place (by name, or by a noun of
    the change bound to "the city"), for an undated present-perfect lead ("The army says it
    has retaken X"). Only a sentence whose dates are one day, within a week before the
    dateline; the nearest such sentence decides; one telling the loser's own taking ("Y
    seized X in December") is another change."""
    name = state.text[m.start:m.end]
    if not name or not state.dateline:
        return None
    named = re.compile(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])")
    for sj in range(si + 1, min(len(state.sentences), si + 1 + _AFTER_REACH)):
        nxt = state.sentences[sj]
        changes = [t for t in state.triggers[sj] if t.category in ("capture", "fell")]
        if not changes or not (named.search(state.text, nxt.start, nxt.end)
                               or _NOUN_CHANGE_RE.search(state.text, nxt.start, nxt.end)) \
                or _taken_by_loser(state, sj, decision):
            continue
        days = {d.date for d in state.dates[sj]}
        if len(days) != 1 or any(d.precision != "day" for d in state.dates[sj]):
            return None
        day = days.pop()
        lag = (date.fromisoformat(state.dateline) - date.fromisoformat(day)).days
        if not 0 <= lag <= _CARRY_DAYS:
            return None
        return next(d for d in state.dates[sj] if d.date == day)
    return None


def _taken_by_loser(state: _Doc, sj: int, decision: _Decision) -> bool:
    """Whether sentence ``sj``'s first taking has as its subject the side that loses the place
    in ``decision`` (the side named last before the verb), and not the side that gains it."""
    if not decision.previous or decision.previous == decision.actor:
        return False
    # "M23 entered X", "M23 took X": the taker is named before its verb
    verb = next((t for t in state.triggers[sj] if t.category in ("capture", "contest")), None)
    if verb is None:
        return False
    from geomap.extract._roles import _resolve_mention

    named = [_resolve_mention(state, sj, i) for i, a in enumerate(state.actor_mentions[sj])
             if a.end <= verb.start]
    named = [a for a in named if a]
    return bool(named) and named[-1] == decision.previous and decision.actor not in named


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
        if len({d.date for d in days}) > 1:
            return None  # "on Friday ... and on Saturday ...": which one is unclear
        best = days[0]
        lag = (date.fromisoformat(state.dateline or best.date)
               - date.fromisoformat(best.date)).days
        return best if 0 <= lag <= _CARRY_DAYS else None
    return None
