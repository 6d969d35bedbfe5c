"""History inside a report: an earlier change told in a relative clause or participle after the
place ("X, which Y captured in 2014, ...", "X, seized by Y in June", "X, which had been the
army's last bastion until it fell to Y in October"). It is a change of its own, dated with the
precision the clause gives; the main event of the mention is dated without the clause's date.
"""

from __future__ import annotations

import re
from typing import Any, Final

from geomap.extract._frames import _REFERENCE_POINT_RE
from geomap.extract._roles import _assign_actors, _resolve_mention
from geomap.extract._state import _AREAL, _REGIONAL, _Decision, _Doc
from geomap.extract.dates import DateExpr

#: The opening of an aside about the place: ", which/that ...", ", a town that ...", or a
#: participle ", seized by ...".
_ASIDE_OPEN_RE: Final = re.compile(
    r",\s+(?:(?:(?:a|an|the|its|their)\s+)?(?:[\w'’-]+\s+){0,6}?(?:which|that)\b|"
    # "X, a port city south of the capital Y, that had been taken by Z"
    r"(?:a|an|the)\s+[^,;()]{1,70},\s+(?:which|that)\b|"
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
    opening = _ASIDE_OPEN_RE.match(text, start, sent.end)
    if opening is None:
        return _former_taker(state, si, m, main) or _until_when(state, si, m, main, items)
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
    if t is None or (main.trigger is not None and main.trigger.start == t.start):
        return None
    if any(body <= o.start < end and r.place is not None
           and r.place.geo_precision not in _AREAL + _REGIONAL for o, r in items):
        # (a region there only locates: "which had been the last bastion in the Z region")
        return None  # "X, officials said that Y took Z in 2014": the aside is about Z
    if _NOT_DONE_RE.search(text, body, t.start):
        return None  # "which it has not held for a decade", "which it hopes to take"
    when = [d for d in dates if body <= d.start < end and d.precision != "before"]
    if not when:
        return None
    date = min(when, key=lambda d: abs(d.start - t.end))
    decision = _Decision("control_change", trigger=t)
    # "seized by Y", "was raided and taken over by Y": Y follows the verb
    passive = _BY_AFTER_RE.match(text, t.end, end) is not None
    _assign_actors(state, si, m, t, body, decision, passive)
    if not decision.actor or decision.from_context or not any(
            body <= a.start < end and _resolve_mention(state, si, i) == decision.actor
            for i, a in enumerate(state.actor_mentions[si])):
        # the side must be named in the aside itself: an actor, or a group after "by"
        group = _BY_GROUP_RE.match(text, t.end, end) if passive else None
        if group is None:
            return None
        phrase = re.sub(r"\s+", " ", group.group(1))
        decision.actor = state.actors.resolve(phrase, scopes=state.scopes,
                                              country=state.country) or phrase
        decision.previous, decision.from_context = "", False
    return decision, date, (m.end, end)


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
    r"\s+from\s+(?P<who>(?:[\w'’.-]+\s+){1,5}?),?\s*(?:who|which|that)\s+"
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
    actor = _actor_within(state, si, *found.span("who"))
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

