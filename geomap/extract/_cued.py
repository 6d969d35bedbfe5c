"""Places and actors found before the per-mention decision: actor alias spans, the country
of the document's actors, and capitalised names cued by a trigger that the tagger left out."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import Any, Final

from geomap.actors import ActorSet
from geomap.extract._prefilter import prefiltered
from geomap.extract._spans import Spans
from geomap.extract._state import _AREAL
from geomap.extract.dates import DATE_RE
from geomap.extract.patterns import (
    PASSIVE_RE,
    Trigger,
)


def _alias_spans(actors: ActorSet, text: str, start: int) -> list[tuple[int, int, str]]:
    """Every alias match, overlapping ones included ("U.N.-recognised Government of National
    Accord" holds two aliases), so that no word of an actor name is taken for a place."""
    spans: list[tuple[int, int, str]] = []
    matcher = prefiltered(actors.matcher())
    pos = start
    while True:
        m = matcher.search(text, pos)
        if m is None:
            return spans
        spans.append((m.start(), m.end(), m.group(0)))
        nxt = text.find(" ", m.start() + 1)
        pos = nxt + 1 if 0 <= nxt < m.end() else m.end()


def _actor_country(actors: ActorSet, spans: list[tuple[int, int, str]],
                   scopes: frozenset[str]) -> str | None:
    """The one country whose actor set the document's actors come from, if there is one.

    It is a prior for place names the text gives no other clue about ("Palmyra" with Syrian
    army units is in Syria, not Pennsylvania).
    """
    counts: dict[str, float] = {}
    seen: set[str] = set()
    for _s, _e, alias in spans:
        # a phrase counts once however often it is repeated ("the insurgents" three times in
        # a Mozambican report is one shared noun, not a Syrian side named three times)
        plain = re.sub(r"^the\s+", "", alias.lower())
        if plain in seen:
            continue
        seen.add(plain)
        actor = actors.resolve(alias, scopes=scopes)
        spec = actors.actors.get(actor) if actor else None
        if spec is not None and len(set(spec.countries)) == 1:
            # A phrase several countries' sets share ("government forces", "rebels") goes to
            # one set by default order only: it counts for little against a name that belongs
            # to one conflict ("Malian army"), which counts fully.
            shared = len(actors.alias_countries(alias, scopes))
            country = spec.countries[0]
            counts[country] = counts.get(country, 0.0) + 1.0 / max(shared, 1)
    if not counts:
        return None
    top = sorted(counts.items(), key=lambda kv: -kv[1])[:2]
    if len(top) > 1 and top[1][1] * 2 > top[0][1]:
        return None
    if top[0][1] < PRIOR_MIN_WEIGHT:
        # "Rebels captured Homs": a noun every set shares names no country; its set's order
        # would send Homs to Libya's Al Khums instead of Syria
        return None
    return top[0][0]


#: Least weight of the leading country for the actors to set the document's prior: one
#: phrase shared by at most two countries' sets, or several shared more widely.
PRIOR_MIN_WEIGHT: Final = 0.5


_NAME: Final = (r"(?:(?:al|el|ad|as|ash|az|ar|at|an|ed|ez|es|er|bin|ben|bani|beni|abu|ras|wadi|"
                r"bir|jebel|tal|tall|tel|khan|deir|kafr|ain|ayn|qasr|umm|um|om|oum)[- ])*"
                r"[A-Z][\w'’]*(?:-[\w'’]+)*"
                r"(?:[- ](?:(?:al|el|ad|as|ash|az|ar|at|an|ed|ez|es|er|bin|ben|bani|abu|of)[- ])?"
                r"[A-Z][\w'’]*(?:-[\w'’]+)*){0,3}")
_CUED_RE: Final = re.compile(
    r"(?:\b(?:from|out\s+of|toward|towards|into|in|near|of|and|at|on|over)\s+|[,:]\s+)"
    r"(?:the\s+(?:(?:town|city|village|district|port|suburb|neighbourhood|neighborhood|"
    r"settlement|airfield|base)\s+of\s+)?)?(?P<name>" + _NAME + r")")
_NAME_BEFORE_RE: Final = re.compile(r"(?P<name>" + _NAME + r")\s+(?:(?:was|were|has\s+been|"
                                    r"had\s+been|is|are)\s+)?(?:\w+ly\s+)?$")
_DIRECT_NAME_RE: Final = re.compile(
    # "the Sudanese city of X", "the strategic towns of X, Y and Z": the object's name
    r"\s+(?:the\s+(?:(?:[\w'’-]+\s+){0,4}?(?:towns?|city|cities|villages?|districts?|"
    r"strongholds?|bastions?|enclaves?|settlements?|ports?)\s+of\s+)?)?"
    r"(?P<name>" + _NAME + r")")
_NAME_APPOSITION_BEFORE_RE: Final = re.compile(
    # a participle appositive as well: "X, located on the border road, was seized by"
    r"(?P<name>" + _NAME + r"),\s+(?:the|a|an|its|their|which|\w+['’]s|located|situated|lying|"
    r"nestled)\s[^,;:()]{1,70},\s*"
    r"(?:(?:was|were|has\s+been|had\s+been|is|are)\s+)?(?:\w+ly\s+)?$")
_CUE_FEATURES: Final = ("town", "district", "point")
_DESIGNATOR_AFTER_RE: Final = re.compile(r"\s+(?:city|town|village|settlement)\b")


def _cued_toponyms(text: str, body: int, triggers: list[Trigger], mentions: list[Any],
                   alias_spans: list[tuple[int, int, str]], gazetteer: Any,
                   country: str | None,
                   misses: list[tuple[int, int, str, str, Any]] | None = None,
                   wars: tuple[str, ...] = ()) -> list[Any]:
    """Capitalised names right after a trigger or a place preposition in a sentence with a
    trigger, which the tagger left out (small towns, spelling variants: "losing Gharian").

    The event context is the cue; the gazetteer must still resolve the name to a town,
    district or point feature with a confident score. A name that is the direct object or
    subject of a change verb ("seized Bunagana", "Hadrut fell") but does not resolve is
    appended to ``misses`` as (start, end, name, reason, resolution): it is listed as
    unresolved, never dropped in silence. With no document country, ``wars`` are the
    countries at war of the document's actors: a name found in exactly one of them is there
    ("Islamic State fighters retook Qaryatain": a press spelling only Syria has).
    """
    taken = Spans([(m.start, m.end) for m in mentions] + [(s, e) for s, e, _ in alias_spans])
    out: list[Any] = []
    starts: set[int] = set()
    for t in triggers:
        if t.category == "hold":
            continue
        # The cheap test first: the name search before the trigger scans back 60 characters.
        if t.category == "fell" or PASSIVE_RE.search(text, max(body, t.start - 25), t.start):
            # "Zintan fell to", "Zintan, a mountain town in the west, fell to"
            for before_re, reach in ((_NAME_BEFORE_RE, 60), (_NAME_APPOSITION_BEFORE_RE, 130)):
                before = before_re.search(text, max(body, t.start - reach), t.start)
                if before is not None:
                    _add_cued(text, before.start("name"), before.end("name"), gazetteer,
                              country, taken, starts, out, misses, t, wars=wars)
        stop = min(len(text), t.end + 160)
        # The name right after the trigger, then names after prepositions nearby.
        candidates = [_DIRECT_NAME_RE.match(text, t.end, stop)]
        candidates += list(_CUED_RE.finditer(text, t.end, stop))
        for i, cand in enumerate(candidates):
            if cand is None:
                continue
            if "." not in text[t.end:cand.start("name")]:
                # only the verb's own object is worth listing when it does not resolve
                direct = i == 0 and t.category in ("capture", "fell", "loss")
                _add_cued(text, cand.start("name"), cand.end("name"), gazetteer, country, taken,
                          starts, out, misses if direct else None, t, wars=wars)
    _designated(text, body, gazetteer, country, taken, starts, out, misses, wars)
    return out


#: A capitalised name its own designator follows ("Zorbak district", "Qardaho town"): a
#: place however the rest of the sentence reads. Only the words that name settlements and
#: their districts: "Capital Region", "Old City" or "Green Zone" name no settlement.
_DESIGNATED_RE: Final = re.compile(
    r"(?<![\w'’-])(?P<name>" + _NAME + r")\s+(?:district|sub-?district|town|village|township)"
    r"(?![\w-])")


#: A settlement designator before a name: "the village of X", "the town of X".
_DESIGNATED_BEFORE_RE: Final = re.compile(
    r"\bthe\s+(?P<designator>town|village|city|settlement|district|sub-?district|township)\s+"
    r"of\s+(?P<name>" + _NAME + r")")


def _designated(text: str, body: int, gazetteer: Any, country: str | None, taken: Spans,
                starts: set[int], out: list[Any],
                misses: list[tuple[int, int, str, str, Any]] | None,
                wars: tuple[str, ...] = ()) -> None:
    """Names with a settlement designator after or before them ("X village", "the village
    of X") that the tagger left out: a mention when the gazetteer places them as a town or
    district, else listed as unresolved with the reason (issue #17: a place-like name never
    vanishes in silence)."""
    for m in _DESIGNATED_BEFORE_RE.finditer(text, body):
        reason = f"a place by its designator {m.group('designator').lower()!r}"
        _add_cued(text, m.start("name"), m.end("name"), gazetteer, country, taken, starts, out,
                  misses, reason=reason, wars=wars)
    for m in _DESIGNATED_RE.finditer(text, body):
        designator = text[m.end("name"):m.end()].strip().lower()
        reason = f"a place by its designator {designator!r}"
        # "Residents of Qarnobi village": the designated name is what follows the last "of".
        start = m.start("name")
        cut = text.rfind(" of ", start, m.end("name"))
        if cut >= 0:
            start = cut + 4
        _add_cued(text, start, m.end("name"), gazetteer, country, taken, starts, out, misses,
                  reason=reason, wars=wars)


_LOOKUPS: dict[tuple[int, str, str | None], Any] = {}
_MAX_LOOKUPS: Final = 50_000


def _cached_lookup(gazetteer: Any, name: str, country: str | None) -> Any:
    """``gazetteer.lookup`` memoised per process (fuzzy misses are the expensive ones).

    A pure cache of a pure function: results do not depend on what was looked up before.
    """
    from geomap.gazetteer import Gazetteer

    if not isinstance(gazetteer, Gazetteer):  # stubs and subclasses: no cache
        return gazetteer.lookup(name, country=country)
    key = (id(gazetteer), name, country)
    res = _LOOKUPS.get(key)
    if res is None:
        if len(_LOOKUPS) >= _MAX_LOOKUPS:
            _LOOKUPS.clear()
        res = _LOOKUPS[key] = gazetteer.lookup(name, country=country)
    return res


def _add_cued(text: str, s: int, e: int, gazetteer: Any, country: str | None,
              taken: Spans, starts: set[int], out: list[Any],
              misses: list[tuple[int, int, str, str, Any]] | None = None,
              trigger: Trigger | None = None, reason: str | None = None,
              wars: tuple[str, ...] = ()) -> None:
    from geomap.gazetteer import Mention
    from geomap.gazetteer.toponyms import DEMONYMS, STOP_WORDS

    name = text[s:e].rstrip("'’").removesuffix("'s").removesuffix("’s")
    # "After Sabratha": drop leading capitalised function words.
    while " " in name and name.split()[0].lower() in STOP_WORDS:
        head = name.split()[0]
        s += len(head) + 1
        name = name[len(head) + 1:]
    # "Azerbaijani Shusha city", "the Syrian town Palmyra": a demonym before a name
    # says whose the place is; the name after it is the place.
    demonym = False
    while " " in name and (people := _demonym_country(name.split()[0], gazetteer)) is not None:
        head = name.split()[0]
        s += len(head) + 1
        name = name[len(head) + 1:]
        demonym = True
        country = people or country  # the place is that people's, whatever the actors say
    e = s + len(name)
    if not name or s in starts or taken.overlaps(s, e):
        return
    first = name.split()[0].split("-")[0].lower()
    if first in STOP_WORDS or first in DEMONYMS or DATE_RE.fullmatch(name):
        return
    if demonym and not _DESIGNATOR_AFTER_RE.match(text, e):
        misses = None  # "seized Russian Army posts": list a miss only for "<Name> city"
    res = _cached_lookup(gazetteer, name, country)
    if country is None and wars and not _cue_resolves(res):
        # one country at war of the document's actors has it: the name is there
        found = [r for r in (_cached_lookup(gazetteer, name, cc) for cc in wars)
                 if _cue_resolves(r) and r.place.country in wars]
        if len({r.place.country for r in found}) == 1:
            res = found[0]
    place = res.place
    if place is None or place.geo_precision not in _CUE_FEATURES \
            or res.confidence < 0.5 or place.score < 0.6:
        cue = f"named by {trigger.text!r}" if trigger is not None else reason
        if misses is not None and cue is not None and (s, e) not in [m[:2] for m in misses]:
            why = ("not in gazetteer" if place is None else
                   f"best match {place.name} ({place.country}, {place.geo_precision}) "
                   f"not confident (score {place.score:.2f})")
            misses.append((s, e, name, f"{cue}: {why}", res))
        return
    out.append(Mention(s, e, name, None))
    starts.add(s)
    taken.append((s, e))


def _cue_resolves(res: Any) -> bool:
    """Whether a cued name's lookup is a confident town, district or point."""
    place = res.place
    return place is not None and place.geo_precision in _CUE_FEATURES \
        and res.confidence >= 0.5 and place.score >= 0.6


def _demonym_country(word: str, gazetteer: Any) -> str | None:
    """The country of *word* when it is a people's name ("Syrian" -> "SY"), by the gazetteer's
    index of demonyms when there is one (it knows every country's); ``""`` for a word of the
    common list the index does not place; None for any other word."""
    from geomap.gazetteer import Gazetteer
    from geomap.gazetteer.toponyms import DEMONYMS

    if isinstance(gazetteer, Gazetteer):
        from geomap.gazetteer._demonyms import find_demonyms

        for d in find_demonyms(word, gazetteer):
            if d.start == 0 and d.end == len(word):
                return d.country
    return "" if word.lower() in DEMONYMS else None


def _is_place_alias(place: str, alias: str) -> bool:
    """A toponym inside an alias is a place only when the alias is that place's name."""
    return place.strip().lower() == alias.strip().lower() and False


#: Least population of a namesake in a country at war for it to draw a name there.
_WAR_NAMESAKE_MIN_POP: Final = 10_000
#: Trigger categories that make a text a report of fighting.
_WAR_CATEGORIES: Final = frozenset({"capture", "loss", "fell", "contest", "hold"})


def _war_countries(actors: ActorSet, spans: Sequence[tuple[int, int, str]],
                   scopes: frozenset[str]) -> tuple[str, ...]:
    """The countries at war of the document's actors (the sets naming them, and the
    countries of the sides they name), sorted."""
    at_war = {cc for spec in actors.actors.values() for cc in spec.countries}
    named: set[str] = set()
    for _s, _e, alias in spans:
        named |= actors.alias_countries(alias, scopes)
        actor = actors.resolve(alias, scopes=scopes)
        spec = actors.actors.get(actor) if actor else None
        if spec is not None:
            named |= set(spec.countries)
    return tuple(sorted(named & at_war))


def _war_country(actors: ActorSet, resolutions: Sequence[Any], triggers: Sequence[Any],
                 spans: Sequence[tuple[int, int, str]] = (),
                 scopes: frozenset[str] = frozenset()) -> str | None:
    """The country at war where a report of fighting that names no country is set, if the
    gazetteer put its places elsewhere or nowhere.

    "Government forces recaptured Palmyra": with no country in the text, the gazetteer's
    best reading is a US town of that name, but a report of a recapture is about a war, and
    the countries of the bundled actor sets are where geomap's wars are. The country whose
    towns bear the names of most of the document's places (and more than any other such
    country) is then the document's country, a prior the place names may still overrule (the
    gazetteer's country argument is not binding). When the document names actors ("jihadists",
    "government troops backed by Russian air power"), only the countries of their sets count;
    when it names none, only towns of 10,000+ people do.
    """
    if not any(t.category in _WAR_CATEGORIES for t in triggers):
        return None
    at_war = {cc for spec in actors.actors.values() for cc in spec.countries}
    if any(r.place is not None and r.place.country in at_war for r in resolutions):
        return None
    named = {cc for _s, _e, alias in spans for cc in actors.alias_countries(alias, scopes)}
    if named & at_war:
        at_war &= named
    # with no actor named, a small namesake is too weak a clue ("Police took X" is no war)
    floor = 0 if named else _WAR_NAMESAKE_MIN_POP
    # a place the gazetteer left unresolved for want of a text country counts as well
    local = [r for r in resolutions if r.place is None or r.place.geo_precision not in _AREAL]
    votes: Counter[str] = Counter()
    for r in local:
        votes.update({c.country for c in r.candidates
                      if c.country in at_war and c.geo_precision == "town"
                      and (c.population or 0) >= floor})
    top = votes.most_common(2)
    if not top or top[0][1] * 2 < len(local) or (len(top) > 1 and top[1][1] == top[0][1]):
        return None
    return top[0][0]


def _focus_country(resolutions: Sequence[Any], prior: str | None = None) -> str | None:
    counts = Counter(r.place.country for r in resolutions
                     if r.place is not None and r.place.geo_precision not in _AREAL
                     and r.place.country)
    if not counts:
        counts = Counter(r.place.country for r in resolutions
                         if r.place is not None and r.place.country)
    if not counts:
        return None
    best = max(counts.values())
    if prior is not None and counts.get(prior) == best:
        return prior  # a tie is broken by the country of the document's actors
    return counts.most_common(1)[0][0]
