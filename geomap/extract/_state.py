"""Per-document working state of extraction: sentences, clauses, triggers, dates and actor
mentions indexed by sentence, and the decision taken for one place mention."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Any, Final

from geomap.actors import ActorSet
from geomap.extract._prefilter import Prefiltered
from geomap.extract.actors_text import ActorMention, find_actor_mentions
from geomap.extract.dates import DateExpr, find_dates
from geomap.extract.patterns import (
    CLAUSE_RE,
    Trigger,
)
from geomap.extract.sentences import Sentence, split_sentences

#: CLAUSE_RE run only where a clause boundary can start (same matches).
_CLAUSE_SEARCH: Final = Prefiltered(CLAUSE_RE)
_CONTROL_KINDS: Final = ("control_change", "claimed_control")
_AREAL: Final = ("country",)
#: Geocoding precisions of provinces and regions: never the place of a control change.
_REGIONAL: Final = ("admin1", "region")
#: How many sentences after a named place a pronoun may refer back to it (as in _anaphora).
_REFER_REACH: Final = 2


@dataclass
class _Doc:
    """Per-document working state (never shared between documents)."""

    text: str
    source: str
    dateline: str | None
    actors: ActorSet
    scopes: frozenset[str]
    sentences: list[Sentence]
    starts: list[int]
    triggers: list[list[Trigger]]
    dates: list[list[DateExpr]]
    clauses: list[list[int]]
    actor_mentions: list[list[ActorMention]]
    last_agent: str = ""
    #: The document's country (ISO2), which decides between sets sharing a phrase.
    country: str | None = None
    #: The gazetteer, to look up a site named by its town ("the airport in X").
    gazetteer: Any = None


@dataclass
class _Decision:
    kind: str
    actor: str = ""
    previous: str = ""
    confirmed: bool = True
    trigger: Trigger | None = None
    related: Any = None  # Resolution of the other end of a route
    from_context: bool = False
    nominal: bool = False
    place: Any = None  # the town a region-level name stands for (a Place), if not res.place
    since: Any = None  # "held ... since 2014": the DateExpr of the holder's (earlier) capture
    #: The change is the gaining side's own report ("X said it had taken Y"): a claim unless
    #: the document corroborates it (see :func:`geomap.extract._claims.corroborate`).
    reported: bool = False
    #: The change is told inside a quotation: somebody's words, not the text's narration.
    quoted: bool = False
    #: (start, end) of an aside after the place telling an earlier change ("X, which Y took
    #: in 2014, ..."): its dates are not this event's.
    aside: tuple[int, int] | None = None


#: A wire masthead opening the body: a place in capitals and a bracketed outlet and date
#: ("KYIV (Agency - 3rd May, 2022)").
_MASTHEAD_RE: Final = re.compile(
    r"\s*[A-Z][A-Z'’. -]{2,40}(?:,\s*[A-Za-z .]{2,30})?\s*(?P<aside>\([^()\n]{3,80}\))")


def _prepare(text: str, body: int, source: str, dateline: str | None, actors: ActorSet,
             scopes: frozenset[str], country: str | None, found: list[Trigger],
             alias_spans: list[tuple[int, int, str]], mention_starts: list[int],
             gazetteer: Any = None) -> _Doc:
    sentences = split_sentences(text, body)
    starts = [s.start for s in sentences]
    n = len(sentences)
    triggers: list[list[Trigger]] = [[] for _ in range(n)]
    dates: list[list[DateExpr]] = [[] for _ in range(n)]
    clauses: list[list[int]] = [[] for _ in range(n)]
    actor_mentions: list[list[ActorMention]] = [[] for _ in range(n)]
    state = _Doc(text, source, dateline, actors, scopes, sentences, starts, triggers, dates,
                 clauses, actor_mentions, country=country, gazetteer=gazetteer)
    if not n:
        return state
    for t in found:
        triggers[_sentence_index(state, t.start)].append(t)
    # Dates only matter in sentences with places, or with a verb that may take a place named
    # just before ("... Mokha. Troops retook it on Friday"): skip the others (most of a long
    # text).
    named = {_sentence_index(state, p) for p in mention_starts}
    referring = {si for si in range(n) if triggers[si]
                 and any(si - k in named for k in range(1, _REFER_REACH + 1))}
    masthead = _MASTHEAD_RE.match(text, body)
    for si in sorted(named | referring):
        dates[si] = find_dates(text, dateline, sentences[si].start, sentences[si].end)
        if masthead is not None and sentences[si].start <= masthead.end():
            # "CITY (Outlet - 31st March, 2021) Militants who took X last week ...": the
            # wire's own date heads the report; the event's date is the one the text tells
            dates[si] = [d for d in dates[si] if d.end <= masthead.start("aside")
                         or d.start >= masthead.end()]
    for c in _CLAUSE_SEARCH.finditer(text, body):
        clauses[_sentence_index(state, c.start())].append(c.start())
    for a in find_actor_mentions(text, actors, start=body, country=country, scopes=scopes,
                                 alias_spans=alias_spans):
        actor_mentions[_sentence_index(state, a.alias_start)].append(a)
    return state


def _sentence_index(state: _Doc, pos: int) -> int:
    return max(0, bisect.bisect_right(state.starts, pos) - 1)


def _clause(state: _Doc, si: int, pos: int) -> tuple[int, int]:
    sent = state.sentences[si]
    bounds = state.clauses[si]
    i = bisect.bisect_right(bounds, pos)
    start = bounds[i - 1] if i > 0 else sent.start
    end = bounds[i] if i < len(bounds) else sent.end
    return start, end
