"""History inside a report: an earlier change told in a relative clause or participle after the
place ("X, which Y captured in 2014, ...", "X, seized by Y in June", "X, which had been the
army's last bastion until it fell to Y in October"). It is a change of its own, dated with the
precision the clause gives; the main event of the mention is dated without the clause's date.

The same history is read when it is told

* with the holding's length ("which Y had run for four years", "after 28 years of rule by Y",
  "forced Y to withdraw from X after eight years", "three days after losing the city"):
  dated back from the report's own event, a year when the count is in years, else a month;
* in a time clause of the place's sentence ("when it overran the area in August 2014", "since
  they were driven out in November by Z") or with "since" ("Y had held the city since 2014");
* by a campaign with its year ("a 2012 insurrection that overran the city of X");
* about a town referred to by a noun ("the city, seized by Y in 2015", "the towns", "In 2012
  they dislodged the army from the town"): the town named last before it, when that is clear,
  or the one town the document has named so far;
* by the end of a holding ("retook X, ending Y control that began in May 2015", "ending three
  years of Y rule"), and in an aside after the report's own date ("retook X on Sunday, which
  Y had overrun in 2015").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date as _date
from typing import Any, Final

from geomap.extract._frames import _REFERENCE_POINT_RE
from geomap.extract._roles import _assign_actors, _resolve_mention
from geomap.extract._state import _AREAL, _REGIONAL, _Decision, _Doc
from geomap.extract.dates import DateExpr, find_dates

#: The opening of an aside about the place: ", which/that ...", ", a town that ...", or a
#: participle ", seized by ...".
_ASIDE_OPEN_RE: Final = re.compile(
    # a dash opens an aside as a comma does ("X — which Y had run for four years —"); the
    # place's own designator may come first ("X district, which ...")
    r"(?:\s+(?:city|town|village|district|township))?"
    r"(?:,|\s*[—–])\s+(?:(?:(?:a|an|the|its|their)\s+)?(?:[\w'’-]+\s+){0,6}?(?:which|that)\b|"
    # "X, a port city south of the capital Y, that had been taken by Z"
    r"(?:a|an|the)\s+[^,;()]{1,70},\s+(?:which|that)\b|"
    # "X, a town the army lost to rebels in 2012": a relative clause with no pronoun
    r"(?:a|an|the)\s+(?:[\w'’-]+\s+){0,3}?(?:town|city|port|village|base|capital|stronghold)"
    r"\s+(?=(?:the\s+)?(?:[\w'’-]+\s+){1,3}?(?:had\s+)?(?:lost|seized|captured|took|overran|"
    r"occupied|retook|recaptured)\b)|"
    r"(?=(?:(?:first|later|briefly|then)\s+)?(?:seized|captured|taken|overrun|occupied|"
    r"conquered|recaptured|retaken)\s+by\b))", re.IGNORECASE)
#: What ends the aside: a clause mark (a comma inside a date does not count).
_ASIDE_END_RE: Final = re.compile(r"[,;:()]|\s[–—-]\s")
#: Words that keep the aside's change from being a fact: negation, aims, attempts.
_NOT_DONE_RE: Final = re.compile(
    r"\b(?:not|never|n['’]t|no\s+longer|hopes?|aims?|plans?|wants?|tried|tries|trying|failed|"
    r"would|could|will|might|may|seeks?|vowed|threaten\w*)\b", re.IGNORECASE)
#: The side right after the verb: "seized by Y", "taken over by Y" (passive).
_BY_AFTER_RE: Final = re.compile(r"\s+(?:\w+\s+){0,2}?by\b", re.IGNORECASE)
#: A group named after "by" that no actor set knows ("taken by militant Islamists").
_BY_GROUP_RE: Final = re.compile(
    r"\s+(?:\w+\s+){0,1}?by\s+(?:the\s+)?((?:[\w'’-]+\s+){0,3}?(?:forces|troops|fighters|"
    r"militias?|militiamen|rebels|insurgents|militants|gunmen|jihadists|islamists|extremists|"
    r"separatists))\b", re.IGNORECASE)
#: Inside an appositive of another place ("X, a port south of the capital Y, ..."): Y only
#: locates X.
_IN_APPOSITIVE_RE: Final = re.compile(r"[A-Z][\w'’-]*,\s+(?:a|an|the)\s+[^,;()]{1,70}$")
#: Trigger categories that state a change.
_CHANGE: Final = ("capture", "fell", "loss")


#: An earlier change, its date and the span of the aside that tells it.
Background = tuple[_Decision, DateExpr, tuple[int, int]]


def background_change(state: _Doc, si: int, m: Any, res: Any, main: _Decision,
                      items: list[tuple[Any, Any]]) -> Background | None:
    """The earlier change told in an aside right after the mention ``m``, its date and the
    aside's span; None when there is no aside, it states no dated change, or its change is
    the mention's own event."""
    text = state.text
    sent = state.sentences[si]
    if (main.place or res.place).geo_precision in _AREAL + _REGIONAL:
        return None  # a region or country: its towns change hands, not it
    start = m.end
    locator = _LOCATOR_RE.match(text, m.end, sent.end)
    if locator is not None and any(
            locator.start("region") <= o.start < locator.end() and r.place is not None
            and r.place.geo_precision in _AREAL + _REGIONAL for o, r in items):
        start = locator.end()  # "X in North Darfur, which ...": the aside is still on X
    after_date = next((d for d in state.dates[si] if start <= d.start <= start + 1
                       and not text[start:d.start].strip()), None)
    if after_date is not None and _AFTER_DATE_ASIDE_RE.match(text, after_date.end, sent.end):
        # "retook X on Sunday, which Y had overrun in 2015": the aside is still on X (the
        # date before it is the report's own event, kept out of the aside's span)
        start = after_date.end
    opening = _ASIDE_OPEN_RE.match(text, start, sent.end)
    if opening is None:
        return _former_taker(state, si, m, main) or _until_when(state, si, m, main, items) \
            or _years_of(state, si, m, main) or _left_after(state, si, m, main) \
            or _time_clause(state, si, m, main, items) or _held_since(state, si, m, main) \
            or _dated_campaign(state, si, m, main)
    if _REFERENCE_POINT_RE.search(text, max(sent.start, m.start - 40), m.start) \
            and _IN_APPOSITIVE_RE.search(text, max(sent.start, m.start - 90), m.start):
        return None  # "X, a port south of the capital Y, that ...": the aside is about X
    body = opening.end()
    dates = state.dates[si]
    end = sent.end
    for mark in _ASIDE_END_RE.finditer(text, body, sent.end):
        if not any(d.start <= mark.start() < d.end for d in dates):
            end = mark.start()
            break
    t = next((t for t in state.triggers[si]
              if body <= t.start and t.end <= end and t.category in _CHANGE), None)
    if t is None or t.category != "capture":
        # "X, which Y had run for four years, ...": the holding began that long ago ("had
        # been in rebel hands for the past year" is a holding, not a fall)
        held = _held_for(state, si, body, end, main)
        if held is not None or t is None:
            return None if held is None else (held[0], held[1], (_aside_start(m, start), end))
    if main.trigger is not None and main.trigger.start == t.start:
        return None
    if any(body <= o.start < end and r.place is not None
           and r.place.geo_precision not in _AREAL + _REGIONAL for o, r in items):
        # (a region there only locates: "which had been the last bastion in the Z region")
        return None  # "X, officials said that Y took Z in 2014": the aside is about Z
    if _NOT_DONE_RE.search(text, body, t.start):
        return None  # "which it has not held for a decade", "which it hopes to take"
    when = [d for d in dates if body <= d.start < end and d.precision != "before"]
    if when:
        date = min(when, key=lambda d: abs(d.start - t.end))
    else:
        undated = _undated_earlier(state, si, body, t, (_aside_start(m, start), end))
        if undated is None:
            return None
        date = undated
    decision = _Decision("control_change", trigger=t)
    # "seized by Y", "was raided and taken over by Y": Y follows the verb
    passive = _BY_AFTER_RE.match(text, t.end, end) is not None
    _assign_actors(state, si, m, t, body, decision, passive)
    group = _BY_GROUP_RE.match(text, t.end, end) if passive else None
    if group is not None and not any(
            group.start(1) <= a.start < group.end(1) and a.actor
            for a in state.actor_mentions[si]):
        # "seized by jihadists in 2015": a group no set knows is named as written, not as
        # the side last named before it (the aside tells another time)
        decision.actor = ""
    if not decision.actor or decision.from_context or not any(
            body <= a.start < end and _resolve_mention(state, si, i) == decision.actor
            for i, a in enumerate(state.actor_mentions[si])):
        # the side must be named in the aside itself: an actor, or a group after "by"
        if group is None:
            return None
        phrase = re.sub(r"\s+", " ", group.group(1))
        decision.actor = state.actors.resolve(phrase, scopes=state.scopes,
                                              country=state.country) or phrase
        decision.previous, decision.from_context = "", False
    return decision, date, (_aside_start(m, start), end)


#: A vague time word after an undated aside's verb that sets it back ("which Y took early in
#: the war", "captured earlier"); the pluperfect (:data:`_PLUPERFECT_RE`) does as much.
_VAGUE_EARLIER_RE: Final = re.compile(
    r"\s+(?:(?:much\s+)?earlier|previously|once|before|at\s+the\s+(?:start|outset|beginning)|"
    r"early\s+(?:in|on)|in\s+the\s+(?:early|first)\s+(?:days|weeks|months))\b", re.IGNORECASE)
#: A "since" clause's subject right before the verb ("which has been lawless since gangs seized
#: it"): the holding it began goes on, so the taking came first.
_SINCE_SUBJECT_RE: Final = re.compile(r"\bsince\s+(?:[\w'’.-]+\s+){1,4}$", re.IGNORECASE)


def _undated_earlier(state: _Doc, si: int, body: int, t: Any, skip: tuple[int, int]
                     ) -> DateExpr | None:
    """The date of an aside's change that the text places before the report's own event
    without a date ("X, a city that Y had captured early in the war", "X, lawless since Y
    seized it"): ``unknown`` up to the
    day before that event, since the tense says only that it came first. None when the
    aside's tense does not set it back (a plain "which Y captured" may be the event itself)."""
    text = state.text
    counted = _COUNT_EARLIER_RE.match(text, t.end, state.sentences[si].end)
    if not (counted or _PLUPERFECT_RE.search(text, body, t.start)
            or _SINCE_SUBJECT_RE.search(text, body, t.start)
            or _VAGUE_EARLIER_RE.match(text, t.end, state.sentences[si].end)):
        return None
    anchor = _anchor_day(state, si, skip)
    if anchor is None:
        return None
    if counted is not None:
        # "which rebels had secured just a day earlier": counted back from the report's event
        word = counted.group("n").lower()
        n = int(word) if word.isdigit() else _NUMBERS[word]
        unit = counted.group("unit").lower().rstrip("s")
        if unit == "day":
            return DateExpr(t.start, counted.end(),
                            _date.fromordinal(anchor.toordinal() - n).isoformat(), "day", True)
        if unit == "week":
            back = _date.fromordinal(anchor.toordinal() - 7 * n)
            return DateExpr(t.start, counted.end(), back.isoformat(), "week", False)
        when, precision = _holding_began(anchor, n, unit, "")
        return DateExpr(t.start, counted.end(), when, precision, False)
    day = _date.fromordinal(anchor.toordinal() - 1)
    return DateExpr(t.start, t.end, day.isoformat(), "unknown", False)


#: A counted time back after an aside's verb ("had secured just a day earlier", "took two
#: weeks before").
_COUNT_EARLIER_RE: Final = re.compile(
    r"\s+(?:(?:just|only|barely|some|about)\s+)?(?P<n>a|an|one|two|three|four|five|six|seven|"
    r"eight|nine|ten|\d{1,2})\s+(?P<unit>days?|weeks?|months?|years?)\s+(?:earlier|before)\b",
    re.IGNORECASE)


#: An aside right after the report's own date: ", which ...", ", seized by ...".
_AFTER_DATE_ASIDE_RE: Final = re.compile(
    r",\s+(?:which\b|(?:(?:first|later|briefly|then)\s+)?(?:seized|captured|taken|overrun|"
    r"occupied|conquered)\s+by\b)", re.IGNORECASE)


def _aside_start(m: Any, start: int) -> int:
    """Where an aside's span starts: right after the place, or after the report's own date
    between them (whose date stays the report event's)."""
    return m.end if start <= m.end + 1 else start


#: A region named only to locate the place: "X in North Darfur", "X in the Idlib province".
_LOCATOR_RE: Final = re.compile(r"\s+in\s+(?:the\s+)?(?P<region>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)"
                                r"{0,2})(?:\s+(?:province|region|state|governorate))?")
#: Verbs of an earlier taking in a clause on the side the place was taken from.
_TAKE_VERBS = (r"(?:captured|took|seized|overran|occupied|held|controlled|conquered|stormed|"
               r"ruled)")
#: "X from Y who captured the city on 10 August", "X from Y, which have occupied it since
#: May": the side the place was taken from had taken it then.
_FROM_WHO_RE: Final = re.compile(
    r"(?:\s+(?:on|in|at|late|early)\s+[\w'’-]+(?:\s+\d{1,2}|\s+\d{4})?)?"  # "on Friday"
    r"\s+from\s+(?P<who>(?:[\w'’.-]+\s+){0,4}?[\w'’.-]+)\s*,?\s+(?:who|which|that)\s+"
    r"(?:had\s+|have\s+|has\s+)?(?:(?:first|later|briefly|then)\s+)?(?P<verb>" + _TAKE_VERBS
    + r")\s+(?:the\s+(?:[\w'’-]+\s+){0,2}?(?:city|town|village|port|base|area|capital|"
    r"airport|stronghold|district)|it)\b(?P<rest>[^,;:()]{0,50})", re.IGNORECASE)
#: "X when Y took it on 20 November", "X after Y seized it in 2014".
_WHEN_TOOK_RE: Final = re.compile(
    r"\s+(?:when|after)\s+(?P<who>(?:[\w'’.-]+\s+){1,4}?)(?:had\s+)?(?P<verb>captured|took|"
    r"seized|overran|occupied|conquered|stormed)\s+it\b(?P<rest>[^,;:()]{0,50})",
    re.IGNORECASE)
#: Holding verbs: the date must be where the holding began ("since May").
_HOLD_VERBS: Final = ("held", "controlled", "occupied", "ruled")
#: Group words a side can be named by when no actor set knows it.
_GROUP_RE: Final = re.compile(
    r"(?:[\w'’-]+\s+){0,3}?(?:forces|troops|fighters|militias?|militiamen|rebels|insurgents|"
    r"militants|gunmen|jihadists|islamists|extremists|separatists)$", re.IGNORECASE)


def _former_taker(state: _Doc, si: int, m: Any, main: _Decision) -> Background | None:
    """The earlier change told in a clause on the side the place was taken from ("retook X
    from militants who had occupied the city since May") or on when it was taken ("left X
    when rebels took it on 20 November"), if dated there and its side is named."""
    text = state.text
    sent = state.sentences[si]
    found = _FROM_WHO_RE.match(text, m.end, sent.end) or _WHEN_TOOK_RE.match(text, m.end,
                                                                             sent.end)
    if found is None or _NOT_DONE_RE.search(text, found.start("who"), found.start("verb")):
        return None
    verb = found.group("verb").lower()
    rest_start, rest_end = found.start("rest"), found.end("rest")
    dates = [d for d in state.dates[si] if rest_start <= d.start < rest_end
             and d.precision != "before"]
    if verb in _HOLD_VERBS:
        dates = [d for d in dates if text[d.start:d.start + 6].lower() == "since "
                 or text[max(rest_start, d.start - 7):d.start].lower().endswith("since ")]
    if not dates:
        return None
    actor = _side_named(state, si, *found.span("who"))
    if not actor:
        phrase = re.sub(r"\s+", " ", found.group("who")).strip().rstrip(",")
        if not _GROUP_RE.search(phrase):
            return None
        actor = state.actors.resolve(phrase, scopes=state.scopes,
                                     country=state.country) or phrase
    if main.actor and actor == main.actor:
        return None  # the same side taking it again is not "taken from" it
    trigger = next((t for t in state.triggers[si] if found.start("verb") <= t.start
                    < found.end("verb")), main.trigger)
    decision = _Decision("control_change", trigger=trigger, actor=actor)
    return decision, dates[0], (m.end, rest_end)



def _actor_within(state: _Doc, si: int, lo: int, hi: int) -> str:
    """The last side named inside ``[lo, hi]`` of sentence ``si`` ("" if none)."""
    actor = ""
    for i, a in enumerate(state.actor_mentions[si]):
        if lo <= a.start and a.end <= hi + 1:
            actor = _resolve_mention(state, si, i) or actor
    return actor

#: "X was held by Y until 2016, when Z regained control": the holding ended with Z's taking.
_UNTIL_WHEN_RE: Final = re.compile(
    r"\buntil\s+(?P<date>[^,;:()]{3,30}?),?\s+when\s+(?P<who>(?:[\w'’.-]+\s+){1,4}?)"
    r"(?:had\s+)?(?P<verb>regained|retook|recaptured|took|seized|captured|overran)\s+"
    r"(?:control|it|the\s+(?:city|town|port|village|base))\b", re.IGNORECASE)
#: How far (characters) after the place the "until ..., when" clause may start.
_UNTIL_REACH: Final = 120


def _until_when(state: _Doc, si: int, m: Any, main: _Decision,
                items: list[tuple[Any, Any]]) -> Background | None:
    """The change that ended a holding of the place, told in an "until <date>, when Z took
    it" clause of the sentence the place opens ("X was the largest town under Y's control
    until 2016, when the army regained control"), if no other place stands between."""
    text = state.text
    sent = state.sentences[si]
    if text[sent.start:m.start].strip():
        return None  # the place must be the sentence's subject
    found = _UNTIL_WHEN_RE.search(text, m.end, min(sent.end, m.end + _UNTIL_REACH))
    if found is None or any(m.end <= o.start < found.end() and o.start != m.start
                            for o, _ in items):
        return None
    dates = [d for d in state.dates[si] if found.start() <= d.start < found.end("date")
             and d.precision != "before"]
    if not dates:
        return None
    actor = _actor_within(state, si, *found.span("who"))
    if not actor or (main.actor and actor == main.actor and main.kind == "control_change"):
        return None
    trigger = next((t for t in state.triggers[si] if found.start("verb") <= t.start
                    < found.end("verb")), main.trigger)
    decision = _Decision("control_change", trigger=trigger, actor=actor)
    return decision, dates[0], (m.end, found.end())


def outside(dates: list[DateExpr], span: tuple[int, int] | None) -> list[DateExpr]:
    """The dates not inside an aside's span."""
    if span is None:
        return dates
    return [d for d in dates if not span[0] <= d.start < span[1]]



# -- how long a side held the place --------------------------------------------------------------
_NUMBER: Final = (r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                  r"fifteen|twenty|\d{1,2})")
_NUMBERS: Final = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
                   "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
                   "twelve": 12, "fifteen": 15, "twenty": 20}
#: How long a holding lasted: "for four years", "for the past year", "for nearly a decade".
#: ("for more than a decade" says too little of when it began: no date.)
_DURATION_RE: Final = re.compile(
    r"\bfor\s+(?:the\s+(?:past|last)\s+(?:(?P<n1>" + _NUMBER + r")\s+)?|"
    r"(?P<q>(?:nearly|almost|about|around|some|roughly)\s+)?(?P<n2>" + _NUMBER + r")\s+)"
    r"(?P<unit>years?|months?|decades?)\b", re.IGNORECASE)
#: Words of holding before the duration ("had run", "had been in rebel hands", "under Y's
#: control"): a duration on anything else ("had been besieged for a year") dates no change.
_HOLDING_RE: Final = re.compile(r"\b(?:held|run|ruled|controlled|occupied|hands|control)\b",
                                re.IGNORECASE)
#: "in rebel hands", "under rebel control": the holder named by a word before "hands".
_IN_HANDS_RE: Final = re.compile(r"\b(?:in\s+(?P<who>[\w'’-]+)\s+hands|under\s+(?P<who2>[\w'’-]+)"
                                 r"\s+control)\b", re.IGNORECASE)
#: A state that is not a holding by a side ("under siege", "under fire").
_NOT_HOLDING_RE: Final = re.compile(r"\b(?:siege|fire|attack|threat|curfew|lockdown)\b",
                                    re.IGNORECASE)


def _holding_began(anchor: _date, n: int, unit: str, qualifier: str) -> tuple[str, str]:
    """The date and precision at which a holding of ``n`` ``unit`` up to ``anchor`` began: a
    year when it lasted years (the count is rounded in reporting), else a month."""
    told = n * (120 if unit.startswith("decade") else 12 if unit.startswith("year") else 1)
    # "nearly four years": a little less than four years back
    months = told - 1 if qualifier.strip().lower() in ("nearly", "almost") else told
    total = anchor.year * 12 + anchor.month - 1 - months
    start = _date(total // 12, total % 12 + 1, 1)
    if told >= 24:
        return f"{start.year}-01-01", "year"
    return start.isoformat(), "month"


def _anchor_day(state: _Doc, si: int, skip: tuple[int, int]) -> _date | None:
    """The day the report's own event happened: a day-precise date of the sentence outside
    ``skip``, else the dateline (None without either)."""
    for d in state.dates[si]:
        if d.precision == "day" and not skip[0] <= d.start < skip[1]:
            return _date.fromisoformat(d.date)
    return _date.fromisoformat(state.dateline) if state.dateline else None


def _duration_date(state: _Doc, si: int, found: re.Match[str], skip: tuple[int, int]
                   ) -> DateExpr | None:
    """The start of the holding whose length ``found`` (a :data:`_DURATION_RE` or
    :data:`_YEARS_OF_RE` match) gives, counted back from the report's own event."""
    anchor = _anchor_day(state, si, skip)
    if anchor is None:
        return None
    word = (found.groupdict().get("n1") or found.group("n2") or "a").lower()
    n = int(word) if word.isdigit() else _NUMBERS[word]
    when, precision = _holding_began(anchor, n, found.group("unit").lower(),
                                     found.groupdict().get("q") or "")
    return DateExpr(found.start(), found.end(), when, precision, False)


def _held_for(state: _Doc, si: int, body: int, end: int, main: _Decision
              ) -> tuple[_Decision, DateExpr] | None:
    """The taking that began a holding told with its length in an aside ("which Y had run
    for four years", "which had been in rebel hands for the past year"): the holder's change,
    dated back from the report's own event."""
    text = state.text
    found = _DURATION_RE.search(text, body, end)
    if found is None or not _HOLDING_RE.search(text, body, found.start()) \
            or _NOT_HOLDING_RE.search(text, body, found.start()) \
            or _NOT_DONE_RE.search(text, body, found.start()):
        return None
    actor = _actor_within(state, si, body, found.start())
    if not actor:
        words = _IN_HANDS_RE.search(text, body, found.start())
        phrase = (words.group("who") or words.group("who2")) if words is not None else ""
        if phrase.lower() in ("", "the", "its", "their", "his", "her", "government", "state"):
            return None  # "under government control": which government is the main event's
        actor = next((a for a in (state.actors.resolve(p, scopes=state.scopes,
                                                       country=state.country)
                                  for p in (phrase, phrase + " forces", phrase + "s")) if a),
                     "")
        if not actor:
            return None
    if main.actor and actor == main.actor and main.kind == "control_change":
        return None  # the report's own taker held it already: no earlier change of hands
    when = _duration_date(state, si, found, (body, end))
    if when is None:
        return None
    return _Decision("control_change", trigger=main.trigger, actor=actor), when


#: "X following 28 years of occupation by Y", "X after a decade of rule by Y".
_YEARS_OF_RE: Final = re.compile(
    r"\s+(?:[\w'’-]+\s+){0,3}?(?:after|following)\s+(?P<q>(?:nearly|almost|about|some)\s+)?"
    r"(?P<n2>" + _NUMBER + r")\s+(?P<unit>years?|decades?|months?)\s+of\s+(?:\w+\s+)?"
    r"(?:occupation|control|rule)\s+by\s+(?P<who>(?:[\w'’-]+\s+){0,3}[\w'’-]+)",
    re.IGNORECASE)


def _years_of(state: _Doc, si: int, m: Any, main: _Decision) -> Background | None:
    """The taking that began a holding told as its length right after the place ("entered X
    following 28 years of occupation by Y"): Y's change, dated back from the report's event."""
    text = state.text
    sent = state.sentences[si]
    found = _YEARS_OF_RE.match(text, m.end, sent.end)
    if found is None:
        return None
    actor = _actor_within(state, si, *found.span("who"))
    if not actor or (main.actor and actor == main.actor):
        return None
    when = _duration_date(state, si, found, found.span())
    if when is None:
        return None
    return (_Decision("control_change", trigger=main.trigger, actor=actor), when,
            (m.end, found.end()))


# -- a place referred to by a noun ("the city, which ...") ---------------------------------------
#: A definite noun for a town that names none ("the second city", "the provincial capital"),
#: with a phrase locating it ("in southern Somalia"), before an aside.
_REFERENCE_RE: Final = re.compile(
    r"(?<![\w'’-])the\s+(?:[\w'’-]+\s+){0,2}(?:city|town|port|village|capital|stronghold|"
    r"settlement)\b(?!\s+of\s+(?-i:[A-Z]))(?!,?\s+(?-i:[A-Z]))(?!['’]s)"
    r"(?:\s+(?:in|near)\s+[^,;:()—–]{1,50}?(?=,|\s*[—–]))?", re.IGNORECASE)


def referred_history(state: _Doc, si: int, by_sentence: dict[int, list[tuple[Any, Any]]]
                     ) -> Iterator[tuple[Any, Any, Background]]:
    """(antecedent mention, its resolution, earlier change) for each noun standing for a town
    named before it ("retook the city, which had been in rebel hands for the past year";
    "to recapture the city, seized by jihadists in June 2015") whose aside tells an earlier
    change: the same reading as :func:`background_change` on a named place."""
    from geomap.gazetteer import Mention

    text = state.text
    sent = state.sentences[si]
    items = by_sentence.get(si, [])
    refs = list(_REFERENCE_RE.finditer(text, sent.start, sent.end))
    if (refs or _PLURAL_REFERENCE_RE.search(text, sent.start, sent.end)) and not items \
            and not state.dates[si]:
        # a sentence naming no place has no dates read yet (see _prepare): its aside may
        state.dates[si] = find_dates(text, state.dateline, sent.start, sent.end)
    for ref in _PLURAL_REFERENCE_RE.finditer(text, sent.start, sent.end):
        count = ref.group("n")
        towns = _referents(state, si, ref.start(), by_sentence)
        if len(towns) < 2 or (count and _NUMBERS.get(count.lower(), 2) != len(towns)):
            continue  # "the two towns" after three named: which two is unclear
        found = _taken_long_ago(state, si, ref.start())
        if found is not None:
            for town in towns:
                yield town[0], town[1], found
    for ref in refs:
        if any(m.end <= ref.start() and not text[m.end:ref.start()].strip(" ,")
               for m, _r in items):
            continue  # "X, the second city, which ...": the aside is read on X itself
        ante = _referent(state, si, ref.start(), by_sentence)
        if ante is None:
            continue
        ref_m = Mention(ref.start(), ref.end(), ref.group(0), None)
        found = background_change(state, si, ref_m, ante[1], _Decision("mention"), items) \
            or _taken_long_ago(state, si, ref.start())
        if found is not None:
            yield ante[0], ante[1], found


#: After a dateline's place: "Maputo — ...", "GOMA, Congo (Reuters) - ...".
_DATELINE_RE: Final = re.compile(r"(?:,\s*[\w .'’-]{1,40})?(?:\s*\([^)]{1,30}\))?\s+[—–-]\s")
#: How many sentences back the town a noun stands for may be named (wire copy sets each
#: sentence apart, so paragraphs do not bound it).
_REFERENT_REACH: Final = 3


def _referent(state: _Doc, si: int, before: int, by_sentence: dict[int, list[tuple[Any, Any]]]
              ) -> tuple[Any, Any] | None:
    """The town named last before ``before`` in this or the previous sentences, if the
    nearest sentence naming towns names only one (else which is meant is unclear); further
    back, the one town the document has named so far ("Rebels occupied the town of X. ...
    [three sentences on the attack] ... They occupied the town in May 2020 as well")."""
    from geomap.extract._anaphora import _ATTRIBUTIVE_RE, _LOCAL, _REGION_OF_RE

    def towns(sj: int) -> list[tuple[Any, Any]]:
        return [(m, r) for m, r in by_sentence.get(sj, [])
                if m.start < before and r.place is not None
                and r.place.geo_precision in _LOCAL
                and not _ATTRIBUTIVE_RE.match(state.text, m.end)
                and not _REGION_OF_RE.search(state.text, max(0, m.start - 30), m.start)
                and not (m.text.isupper() and len(m.text) > 3)  # a dateline
                and not _DATELINE_RE.match(state.text, m.end)]

    for sj in range(si, max(-1, si - _REFERENT_REACH - 1), -1):
        local = towns(sj)
        if local:
            return local[-1] if len({r.place.id for _m, r in local}) == 1 else None
    earlier = [t for sj in range(max(0, si - _REFERENT_REACH)) for t in towns(sj)]
    if earlier and len({r.place.id for _m, r in earlier}) == 1:
        return earlier[-1]
    return None



# -- a time clause on the place's earlier taking -------------------------------------------------
#: "when it overran the area in August 2014", "since Y seized the town in 2015".
_WHEN_ACTIVE_RE: Final = re.compile(
    r"\b(?:since|when|after)\s+(?P<who>(?:[\w'’.-]+\s+){1,4}?)(?:had\s+|first\s+)?"
    r"(?P<verb>overran|captured|seized|took|stormed|occupied|conquered)\s+(?:it|the\s+"
    r"(?:area|city|town|village|port|region))\b(?P<rest>[^,;:()]{0,50})", re.IGNORECASE)
#: "after an alliance of local fighters drove out Houthi attackers in July": the side that
#: drove the others out took the place the sentence is about.
_WHEN_EXPELLED_RE: Final = re.compile(
    r"\b(?:since|when|after)\s+(?P<who>(?:[\w'’.-]+\s+){1,10}?)(?:had\s+)?"
    r"(?P<verb>drove\s+out|expelled|ousted|pushed\s+out|chased\s+out|routed)\s+(?:the\s+)?"
    r"(?:[\w'’-]+\s+){0,3}?(?:fighters|forces|militants|rebels|attackers|troops|insurgents|"
    r"militias?|jihadists|gunmen)\b(?P<rest>[^,;:()]{0,50})", re.IGNORECASE)
#: "since they were driven out in November by the government forces": the side after "by"
#: took the place from the one driven out.
_WHEN_PASSIVE_RE: Final = re.compile(
    r"\b(?:since|when|after)\s+(?:[\w'’.-]+\s+){1,4}?(?:was|were|had\s+been)\s+"
    r"(?P<verb>driven\s+out|expelled|ousted|pushed\s+out|forced\s+out)\b"
    r"(?P<rest>[^,;:()]{0,40}?)\s+by\s+(?P<who>(?:[\w'’-]+\s+){0,3}[\w'’-]+)", re.IGNORECASE)
#: A pronoun standing for the side named last before it ("at the hands of Y when it ...").
_PRONOUN_SIDE_RE: Final = re.compile(r"(?:it|they)\s*$", re.IGNORECASE)


def _time_clause(state: _Doc, si: int, m: Any, main: _Decision, items: list[tuple[Any, Any]]
                 ) -> Background | None:
    """The earlier taking of the place told in a time clause of its sentence, with a date of
    its own ("X is home to people who suffered when Y overran the area in August 2014";
    "... in the city for the first time since they were driven out in November by Z"), when
    the sentence names no other town."""
    text = state.text
    sent = state.sentences[si]
    place = main.place or m and _place_of(items, m)
    if place is None or any(r.place is not None and r.place.geo_precision in _LOCAL_KINDS
                            and r.place.id != place.id for _o, r in items):
        return None
    for pattern in (_WHEN_ACTIVE_RE, _WHEN_PASSIVE_RE, _WHEN_EXPELLED_RE):
        found = pattern.search(text, m.end, sent.end)
        if found is None or _NOT_DONE_RE.search(text, found.start(), found.start("verb")):
            continue
        rest = found.span("rest")
        dates = [d for d in state.dates[si] if rest[0] <= d.start < rest[1]
                 and d.precision != "before"]
        if not dates:
            continue
        who = found.group("who")
        if pattern is _WHEN_ACTIVE_RE and _PRONOUN_SIDE_RE.fullmatch(who.strip()):
            actor = _actor_within(state, si, sent.start, found.start())
        else:
            actor = _side_named(state, si, *found.span("who"))
        if not actor or (main.actor and actor == main.actor and main.kind == "control_change"):
            continue
        trigger = next((t for t in state.triggers[si] if found.start("verb") <= t.start
                        < found.end("verb")), main.trigger)
        return (_Decision("control_change", trigger=trigger, actor=actor), dates[0],
                (found.start(), found.end()))
    return None


#: Geocoding precisions of a town (a region or country is not the place a clause took).
_LOCAL_KINDS: Final = ("town", "point", "district")


def _place_of(items: list[tuple[Any, Any]], m: Any) -> Any:
    """The place resolved for mention ``m`` among the sentence's items (None if absent)."""
    return next((r.place for o, r in items if o.start == m.start), None)


# -- how long ago the place was lost or held ------------------------------------------------------
_UNITS: Final = r"(?P<unit>days?|weeks?|months?|years?)"
#: "three days after losing the provincial capital", "a year after losing it to Y".
_AFTER_LOSING_RE: Final = re.compile(
    r"(?P<n2>" + _NUMBER + r")\s+" + _UNITS + r"\s+after\s+losing\s+(?:it|the\s+"
    r"(?:[\w'’-]+\s+){0,2}(?:city|town|capital|port|village|base))\b"
    r"(?:\s+to\s+(?P<who>(?:[\w'’-]+\s+){0,3}[\w'’-]+))?", re.IGNORECASE)
#: "forcing the army to withdraw from the city after eight years": the side leaving had held
#: it that long.
_LEFT_AFTER_RE: Final = re.compile(
    r"\s+after\s+(?P<n2>" + _NUMBER + r")\s+(?P<unit>years?|months?|decades?)\b(?!\s+of\b)",
    re.IGNORECASE)
_LEAVING_BEFORE_RE: Final = re.compile(
    r"\b(?:withdraw|withdrew|withdrawn|pull(?:ed)?\s+out|retreat(?:ed)?)\s+from\s+$",
    re.IGNORECASE)


#: "ending Y's control that began in May 2015", "ending Y's four-year rule", "ending three
#: years of Y rule": the report's change ends a holding whose start the text gives.
_ENDING_RULE_RE: Final = re.compile(
    r",?\s+(?:ending|ended|putting\s+an\s+end\s+to|an\s+end\s+to)\s+(?:(?P<n2>" + _NUMBER
    + r")\s+(?P<unit>years?|months?)\s+of\s+)?(?P<who>(?:[\w'’.-]+\s+){1,4}?)(?:(?P<n3>"
    + _NUMBER + r")[\s-]+(?P<unit3>year|month)\s+)?(?:control|rule|occupation)\b"
    r"(?:\s+(?:of|over)\s+(?:the\s+)?(?:city|town|port|area|region|it))?"
    r"(?P<began>,?\s+(?:that|which)\s+(?:had\s+)?(?:began|started)\s+|\s+(?=since\s))?",
    re.IGNORECASE)


def _ending_rule(state: _Doc, si: int, m: Any, main: _Decision) -> Background | None:
    """The taking that began a holding the report's change ends ("retook X, ending Y's
    control that began in May 2015", "ending Y's four-year rule"): Y's change, at the date
    the clause gives or counted back from the report's event."""
    text = state.text
    sent = state.sentences[si]
    if main.kind != "control_change":
        return None
    found = _ENDING_RULE_RE.search(text, m.end, min(sent.end, m.end + 120))
    if found is None:
        return None
    actor = _side_named(state, si, *found.span("who"))
    if not actor or actor == main.actor:
        return None
    if found.group("began"):
        date = next((d for d in state.dates[si] if found.end() <= d.start <= found.end() + 3
                     and d.precision != "before"), None)
    elif found.group("n2") or found.group("n3"):
        anchor = _anchor_day(state, si, found.span())
        word = (found.group("n2") or found.group("n3")).lower()
        n = int(word) if word.isdigit() else _NUMBERS[word]
        unit = (found.group("unit") or found.group("unit3")).lower()
        date = None if anchor is None else DateExpr(
            found.start(), found.end(), *_holding_began(anchor, n, unit, ""), False)
    else:
        date = None
    if date is None:
        return None
    end = max(found.end(), date.end)
    return (_Decision("control_change", trigger=main.trigger, actor=actor), date,
            (found.start(), end))


def _left_after(state: _Doc, si: int, m: Any, main: _Decision) -> Background | None:
    """An earlier change told by how long ago the place was lost or held: "recaptured X three
    days after losing it" (the side it was lost to took it then), "forced Y to withdraw from
    X after eight years" (Y took it then)."""
    text = state.text
    sent = state.sentences[si]
    lost = _AFTER_LOSING_RE.search(text, m.end, min(sent.end, m.end + 160))
    if lost is not None:
        actor = _actor_within(state, si, *lost.span("who")) if lost.group("who") else ""
        if not actor and main.kind == "control_change" and main.previous:
            actor = main.previous  # the side the report's taker took it back from
        if not actor or actor == main.actor:
            return None
        when = _ago(state, si, lost, (lost.start(), lost.end()))
        if when is None:
            return None
        return (_Decision("control_change", trigger=main.trigger, actor=actor), when,
                (lost.start(), lost.end()))
    ended = _ending_rule(state, si, m, main)
    if ended is not None:
        return ended
    leaving = _LEAVING_BEFORE_RE.search(text, max(sent.start, m.start - 30), m.start)
    if leaving is None:
        return None
    held = _LEFT_AFTER_RE.match(text, m.end, sent.end)
    if held is None:
        return None
    actor = _actor_within(state, si, max(sent.start, leaving.start() - 40), leaving.start())
    if not actor:
        return None
    when = _duration_date(state, si, held, (held.start(), held.end()))
    if when is None:
        return None
    return (_Decision("control_change", trigger=main.trigger, actor=actor), when,
            (m.end, held.end()))


def _ago(state: _Doc, si: int, found: re.Match[str], skip: tuple[int, int]) -> DateExpr | None:
    """The day, week, month or year ``found`` counts back from the report's own event."""
    anchor = _anchor_day(state, si, skip)
    if anchor is None:
        return None
    word = found.group("n2").lower()
    n = int(word) if word.isdigit() else _NUMBERS[word]
    unit = found.group("unit").lower()
    if unit.startswith("day"):
        day = anchor.toordinal() - n
        return DateExpr(found.start(), found.end(), _date.fromordinal(day).isoformat(), "day",
                        False)
    if unit.startswith("week"):
        day = anchor.toordinal() - 7 * n
        return DateExpr(found.start(), found.end(), _date.fromordinal(day).isoformat(), "week",
                        False)
    when, precision = _holding_began(anchor, n, unit, "")
    return DateExpr(found.start(), found.end(), when, precision, False)


def _side_named(state: _Doc, si: int, lo: int, hi: int) -> str:
    """The side a phrase of ``[lo, hi]`` names by itself ("by the government forces"): a
    generic name is the side of that kind (the state's or not) among the sides named before
    it, or their one opponent; never merely the side named last."""
    from geomap.extract._roles import _on_side

    inside = [a for a in state.actor_mentions[si] if lo <= a.start and a.end <= hi + 1]
    if len(inside) > 1 and not inside[-1].actor and inside[-2].actor \
            and not state.text[inside[-2].end:inside[-1].start].strip():
        inside.pop()  # "Islamic State fighters": the side is named by the words before
    # the side named last is the subject ("forces aligned with the TPLF"; "retook X from
    # militants who")
    for a in inside[-1:]:
        if a.actor:
            return str(a.actor)
        kind = _STATE_WORD_RE.search(a.text) is not None
        if not kind and _NON_STATE_WORD_RE.search(a.text) is None:
            return ""
        for sj in range(si, -1, -1):
            for prev in reversed(state.actor_mentions[sj]):
                if prev.actor and prev.start < a.start:
                    side = _on_side(state, str(prev.actor), kind)
                    if side:
                        return side
        return ""
    return ""


#: Words of a generic name for a state's forces, and for the forces fighting it.
_STATE_WORD_RE: Final = re.compile(r"\b(?:government|army|military|federal)\b", re.IGNORECASE)
_NON_STATE_WORD_RE: Final = re.compile(r"\b(?:rebels?|insurgents?|militants?|jihadists?|group)\b",
                                       re.IGNORECASE)



# -- "Y had held X since 2014" -------------------------------------------------------------------
#: A side's holding verb right before the place ("Y had held the city", "Y have been in
#: control of X").
_HOLDING_BEFORE_RE: Final = re.compile(
    r"\b(?:had|has|have)\s+(?:long\s+|already\s+)?(?:held|controlled|occupied|run|ruled|"
    r"been\s+in\s+(?:full\s+)?control\s+of)\s+(?:the\s+)?$", re.IGNORECASE)
#: The length of the holding after the place ("had held the X town for 15 years").
_FOR_AFTER_RE: Final = re.compile(r"(?:\s+(?:town|city|village|port|district))?\s+(?=for\s)",
                                  re.IGNORECASE)
#: "since <date>" after the place, past a phrase locating it ("near the border").
_SINCE_AFTER_RE: Final = re.compile(r"(?:\s+(?:in|near|on)\s+[^,;:.()]{1,50}?)?,?\s+since\s+",
                                    re.IGNORECASE)


def _held_since(state: _Doc, si: int, m: Any, main: _Decision) -> Background | None:
    """The taking that began a holding told with "since": "Y had held the city near the border
    since 2014", "Y have been in control of X since 2016" (a state sentence the frames read
    already carries its own "since" date)."""
    if main.since is not None:
        return None
    text = state.text
    sent = state.sentences[si]
    verb = _HOLDING_BEFORE_RE.search(text, max(sent.start, m.start - 50), m.start)
    if verb is None:
        return None
    since = _SINCE_AFTER_RE.match(text, m.end, sent.end)
    if since is not None:
        date = next((d for d in state.dates[si] if since.end() - 6 <= d.start <= since.end()
                     and d.precision != "before"), None)
    else:
        # "The group had held the X town for 15 years": the holding began that long ago
        gap = _FOR_AFTER_RE.match(text, m.end, sent.end)
        length = _DURATION_RE.match(text, gap.end(), sent.end) if gap is not None else None
        date = _duration_date(state, si, length, (m.start, length.end())) \
            if length is not None else None
    if date is None:
        return None
    actor = _side_named(state, si, max(sent.start, verb.start() - 60), verb.start())
    if not actor or (main.actor == actor and main.kind == "control_change"):
        return None
    return (_Decision("control_change", trigger=main.trigger, actor=actor), date,
            (m.end, date.end))



# -- a town referred to, taken long before the report --------------------------------------------
#: A taking verb right before the noun ("the jihadists occupied the town"), or the side driven
#: from it ("they dislodged the army from the town").
_TAKEN_REF_RE: Final = re.compile(
    r"(?P<verb>\b(?:occupied|seized|captured|took|overran|conquered|stormed|"
    r"(?:taken|took|seized|gained|wrested)\s+(?:full\s+)?control\s+of)\s+|"
    r"\b(?:dislodged|drove|expelled|ousted|pushed|chased)\s+(?:[\w'’-]+\s+){1,4}?"
    r"(?:out\s+of|from)\s+)$", re.IGNORECASE)
#: How long (days) before the dateline a date must lie to be history rather than the news.
_LONG_AGO_DAYS: Final = 90
#: The pluperfect right before the verb, and how long (days) before the dateline its date
#: must lie to be history.
_PLUPERFECT_RE: Final = re.compile(r"\bhad\s+(?:\w+\s+)?$", re.IGNORECASE)
_PLUPERFECT_DAYS: Final = 14
#: A pronoun as the subject before the verb.
_PRONOUN_SUBJECT_RE: Final = re.compile(r"\b(?:they|it)\s+(?:had\s+)?$", re.IGNORECASE)


def _taken_long_ago(state: _Doc, si: int, ref_start: int) -> Background | None:
    """A town referred to by a noun as the object of a taking dated long before the report
    ("The jihadists occupied the town for a week in May 2020"; "In 2012, they dislodged the
    army from the town"): the subject's change at that date."""
    if not state.dateline:
        return None
    text = state.text
    sent = state.sentences[si]
    verb = _TAKEN_REF_RE.search(text, max(sent.start, ref_start - 60), ref_start)
    if verb is None or _NOT_DONE_RE.search(text, sent.start, verb.start()) \
            or _RELATIVE_BEFORE_RE.search(text, sent.start, verb.start()):
        return None
    cs = max([sent.start] + [c for c in state.clauses[si] if c <= verb.start()])
    dateline = _date.fromisoformat(state.dateline)
    # "had taken": the pluperfect sets it before the report's news, which then may be weeks
    # rather than months later
    least = _PLUPERFECT_DAYS if _PLUPERFECT_RE.search(
        text, max(sent.start, verb.start() - 25), verb.start()) else _LONG_AGO_DAYS
    dates = [d for d in state.dates[si] if d.precision != "before"
             and (dateline - _date.fromisoformat(d.date)).days > least]
    if len(dates) != 1:
        return None
    if _PRONOUN_SUBJECT_RE.search(text, max(sent.start, verb.start() - 12), verb.start()):
        actor = _last_side_before(state, si, verb.start())
    else:
        actor = _side_named(state, si, cs, verb.start())
    if not actor:
        return None
    trigger = next((t for t in state.triggers[si] if verb.start() <= t.start < verb.end()),
                   None)
    return (_Decision("control_change", trigger=trigger, actor=actor), dates[0],
            (verb.start(), ref_start))


#: A relative pronoun before the verb: the clause is about another noun.
_RELATIVE_BEFORE_RE: Final = re.compile(r"\b(?:who|which|that)\b[^,;]*$", re.IGNORECASE)


def _last_side_before(state: _Doc, si: int, pos: int) -> str:
    """The side a pronoun subject stands for: the last side named in its own sentence before
    it, else in the sentence before ("" if that names none)."""
    for sj in range(si, max(-1, si - 3), -1):
        named = [a for a in state.actor_mentions[sj] if a.actor and a.start < pos]
        if named:
            return str(named[-1].actor)
    return ""



# -- "a 2012 insurrection that overran X" --------------------------------------------------------
#: A campaign dated by its year whose relative clause took the place named right after.
_CAMPAIGN_BEFORE_RE: Final = re.compile(
    r"\b(?P<year>(?:19|20)\d\d)\s+(?:[\w'’-]+\s+)?(?:insurrection|rebellion|uprising|"
    r"offensive|insurgency|campaign|advance|assault|invasion)\s+(?:that|which)\s+"
    r"(?:(?:briefly|quickly|eventually|also|first)\s+)?(?P<verb>overran|seized|captured|took|"
    r"conquered|occupied)\s+(?:(?:the\s+)?(?:[\w'’-]+\s+){0,3}?(?:city|town|port|capital)\s+"
    r"of\s+)?$", re.IGNORECASE)


def _dated_campaign(state: _Doc, si: int, m: Any, main: _Decision) -> Background | None:
    """The place taken by a campaign told with its year before it ("during a 2012
    insurrection that briefly overran the city of X"): the change of the side named before
    the campaign in the sentence, in that year."""
    text = state.text
    sent = state.sentences[si]
    found = _CAMPAIGN_BEFORE_RE.search(text, max(sent.start, m.start - 90), m.start)
    if found is None:
        return None
    year = int(found.group("year"))
    if state.dateline and year > int(state.dateline[:4]):
        return None
    # an attributive year ("a 2012 insurrection") is no date expression of its own
    date = DateExpr(found.start("year"), found.end("year"), f"{year}-01-01", "year", False)
    actor = _actor_within(state, si, sent.start, found.start())
    if not actor or (main.actor == actor and main.kind == "control_change"
                                     and main.trigger is not None
                                     and main.trigger.start >= found.start("verb")):
        return None
    trigger = next((t for t in state.triggers[si] if found.start("verb") <= t.start
                    < found.end("verb")), main.trigger)
    return (_Decision("control_change", trigger=trigger, actor=actor), date,
            (found.start(), m.end))



#: A definite plural for towns named before ("the towns", "the two cities").
_PLURAL_REFERENCE_RE: Final = re.compile(
    r"(?<![\w'’-])the\s+(?:(?P<n>two|three|four|both)\s+)?(?:[\w'’-]+\s+)?(?:towns|cities|"
    r"villages|ports)\b(?!\s+of\b)", re.IGNORECASE)


def _referents(state: _Doc, si: int, before: int, by_sentence: dict[int, list[tuple[Any, Any]]]
               ) -> list[tuple[Any, Any]]:
    """The towns (one mention each) of the nearest sentence before ``before`` that names
    towns, for a plural that refers back to them."""
    from geomap.extract._anaphora import _ATTRIBUTIVE_RE, _LOCAL

    for sj in range(si, max(-1, si - _REFERENT_REACH - 1), -1):
        seen: dict[str, tuple[Any, Any]] = {}
        for m, r in by_sentence.get(sj, []):
            if m.start < before and r.place is not None and r.place.geo_precision in _LOCAL \
                    and not _ATTRIBUTIVE_RE.match(state.text, m.end) \
                    and not (m.text.isupper() and len(m.text) > 3) \
                    and not _DATELINE_RE.match(state.text, m.end):
                seen.setdefault(r.place.id, (m, r))
        if seen:
            return list(seen.values())
    return []
