"""Actor mentions in text: aliases from the actor sets, generic references, unknown groups."""

from __future__ import annotations

import functools
import re
from typing import Final, NamedTuple

from geomap.actors import ActorSet
from geomap.extract._prefilter import Prefiltered, prefiltered
from geomap.extract._spans import Spans
from geomap.extract.patterns import (
    ACRONYM_ACTOR_RE,
    COUNTRY_DEMONYMS,
    COUNTRY_SUBJECT_RE,
    GENERIC_RE,
    UNKNOWN_ACTOR_RE,
)

# Grow an alias match to the whole noun phrase, so that the word before it ("from", "by")
# tells its role: "the militia of warlord Khalifa Haftar", "Haftar's forces".
_LEFT_EXT: Final = re.compile(
    r"(?:the\s+)?(?:(?:self-styled|so-called|rogue|renegade|eastern-based|pro-\w+)\s+)?"
    r"(?:militias?|militiamen|gunmen|men|brigades?|forces|troops|fighters|army|units|"
    r"mercenaries|loyalists|spokesman|spokesperson|commander|leader)\s+(?:of|loyal\s+to|led\s+by|allied\s+(?:to|with)|"
    r"aligned\s+with|fighting\s+for|backing)\s+"
    r"(?:the\s+)?(?:(?:warlord|general|gen\.|renegade\s+general|commander|strongman|field\s+"
    r"marshal|president|leader)\s+)?$|"
    r"(?:the\s+)?(?:(?:warlord|general|gen\.|renegade\s+general|commander|strongman|field\s+"
    r"marshal|self-styled|so-called|rogue|renegade)\s+)+$|the\s+$|"
    # "Rwandan and Mozambican troops": another nation's demonym joined before the alias
    r"(?-i:(?:[A-Z][a-z]+(?:an|ese|ish|i|ic)|French|Thai|Dutch),?\s+(?:and\s+)?)+(?<=and\s)$",
    re.IGNORECASE,
)
_RIGHT_EXT: Final = re.compile(
    r"(?:['’]s?\s+(?:\w+\s+)?(?:militias?|forces|troops|fighters|army|units|mercenaries|"
    r"loyalists|side|camp))|(?:\s+(?:forces|troops|fighters|militias?|units))",
    re.IGNORECASE,
)


#: After a demonym ("Russian", "Kurdish"): nouns that make it an actor ("Russian assault
#: groups", "Russian claims", "Russian convoys"). Officials and media are speakers, not actors.
_DEMONYM_NOUNS: Final = (
    r"(?:(?:assault|special|airborne|armoured|armored|mechanised|mechanized|naval|air|"
    r"security|defen[cs]e|government)\s+)?"
    r"(?:forces|force|troops|soldiers|units|marines|army|military|fighters|militias?|groups|"
    r"battalions?|brigades?|paratroopers|servicemen|defenders|artillery|drones|jets|warplanes|"
    r"aircraft|helicopters|tanks|convoys?|columns?|claims?|command|commanders|gunners|"
    r"control|hands|(?:border\s+)?guards|police|special\s+forces)")

#: The state's forces named through the country ("the country's military").
_COUNTRYS_ARMY_RE: Final = re.compile(
    r"(?<![\w-])the\s+country['’]s\s+(?:own\s+)?(?:military|army|armed\s+forces|troops|"
    r"soldiers|forces)(?![\w-])", re.IGNORECASE)
#: The state's forces named through the country's name ("the armed forces of Mozambique").
_FORCES_OF_COUNTRY_RE: Final = re.compile(
    r"(?<![\w-])(?:the\s+)?(?:armed|security|defen[cs]e|government)\s+forces\s+of\s+"
    r"(?P<country>(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2})")
#: Capitalised words that open a sentence or name a day or month, never a group's name: they
#: are stripped from the front of an unknown group ("The separatists", "After rebels").
_OPENING_WORDS_RE: Final = re.compile(
    r"(?:(?:The|After|Before|When|While|As|Since|Then|But|And|If|Once|Later|Earlier|Meanwhile|"
    r"Yesterday|Today|Tonight|Overnight|On|In|At|By|From|During|Until|With|Without|Under|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|"
    r"May|June|July|August|September|October|November|December)\s+)+")
#: A group led by a named side ("a MNDAA-led coalition", "HTS-led rebels").
_LED_BY_NAME_RE: Final = re.compile(
    r"(?<![\w-])([A-Z][\w'’]*(?:\s+[A-Z][\w'’]*){0,3})-led\s+(?:[\w-]+\s+)?(?:coalition|"
    r"alliance|forces|rebels|offensive|groups?|troops|fighters|militias?|insurgents|"
    r"opposition)(?![\w-])")
#: _LEFT_EXT run only where it can start (same matches).
_LEFT_EXT_SEARCH: Final = Prefiltered(_LEFT_EXT)
#: ACRONYM_ACTOR_RE run only where an acronym can start (same matches).
_ACRONYM_SEARCH: Final = Prefiltered(ACRONYM_ACTOR_RE, depth=6)


@functools.lru_cache(maxsize=16)
def _demonym_re(demonyms: tuple[str, ...]) -> re.Pattern[str] | None:
    if not demonyms:
        return None
    names = "|".join(re.escape(d) for d in sorted(demonyms, key=lambda d: (-len(d), d)))
    # "Rwandan and Mozambican troops": demonyms joined before one noun are one mention
    return re.compile(rf"(?<![\w-])(?:(?:{names}),?\s+(?:and\s+)?)*(?:{names})\s+"
                      rf"{_DEMONYM_NOUNS}(?![\w-])", re.IGNORECASE)


class ActorMention(NamedTuple):
    """An actor phrase in the text.

    ``actor`` is the canonical id (or the phrase as written for unknown groups); ``""`` for a
    generic reference ("its forces", "the army") still to be resolved from context.
    """

    start: int
    end: int
    text: str
    actor: str
    alias_start: int
    alias_end: int


def find_actor_mentions(text: str, actors: ActorSet, *, start: int = 0,
                        source: str | None = None, country: str | None = None,
                        scopes: frozenset[str] | None = None,
                        alias_spans: list[tuple[int, int, str]] | None = None
                        ) -> list[ActorMention]:
    """Actor mentions in ``text[start:]``, sorted and non-overlapping.

    Passes, each filling the gaps of the ones before: aliases of the actor sets (a common-noun
    alias of another country's set, "rebels" in a Yemeni report, is held back and kept as
    written at the end); a demonym with a military noun ("Russian assault groups" -> RU); a
    country or capital that speaks or acts ("Ukraine says...", "Moscow insists"); generic
    references ("its forces", "they"); unknown armed groups kept as written ("Rapid Support
    Forces"); acronyms that act, speak or receive ("The RSF said", "to the MNDAA"). Aliases
    that only apply under an inactive scope ("the army" outside Anadolu's convention) become
    generic references. ``alias_spans`` (every alias match, overlapping
    ones included, as found by the caller) saves a second pass of the alias regex.
    """
    active = scopes if scopes is not None else actors.scopes_for(source, text)
    found: list[ActorMention] = []
    taken = Spans()
    if alias_spans is None:
        alias_spans = [(m.start(), m.end(), m.group(0))
                       for m in prefiltered(actors.matcher()).finditer(text, start)]
    resolved: dict[str, str] = {}
    foreign: list[tuple[int, int]] = []
    last_end = -1
    for a_start, a_end, alias in alias_spans:
        if a_start < last_end:  # leftmost-longest, like finditer
            continue
        last_end = a_end
        if a_start > 1 and text[a_start - 1] == "." and text[a_start - 2].isalnum():
            continue  # the end of a web address or an outlet's name ("REPORT.AZ"), no side
        actor = resolved.get(alias)
        if actor is None:
            actor = resolved[alias] = actors.resolve(alias, scopes=active,
                                                     country=country) or ""
        if actor and _foreign_common_noun(actors, actor, alias, country):
            # "rebels" in a Yemeni report are not Libya's 2011 rebels: kept as written below
            # (or as part of a longer name: "Houthi rebels").
            foreign.append((a_start, a_end))
            continue
        s, e = _extend(text, a_start, a_end, start)
        found.append(ActorMention(s, e, text[s:e], actor, a_start, a_end))
        taken.append((s, e))
    demonym_re = _demonym_re(tuple(d for a in actors.actors.values() for d in a.demonyms))
    if demonym_re is not None:
        for m in prefiltered(demonym_re).finditer(text, start):
            if _overlaps(taken, m.start(), m.end()):
                continue
            actor = _joint_demonym_actor(actors, m.group(0), active, country)
            if actor:
                found.append(ActorMention(m.start(), m.end(), m.group(0), actor, m.start(),
                                          m.end()))
                taken.append((m.start(), m.end()))
    for m in COUNTRY_SUBJECT_RE.finditer(text, start):
        s, e = m.start("country"), m.end("country")
        if _overlaps(taken, s, e):
            continue
        key = m.group("country").lower().removeprefix("the").strip()
        actor = actors.resolve(COUNTRY_DEMONYMS.get(key, ""), scopes=active, country=country) \
            if key in COUNTRY_DEMONYMS else None
        if actor:
            found.append(ActorMention(s, e, m.group("country"), actor, s, e))
            taken.append((s, e))
    for m in _FORCES_OF_COUNTRY_RE.finditer(text, start):
        # "the armed forces of Mozambique control the city": the state's army named through
        # its country, as "Mozambican forces" would name it
        inner = [f for f in found if m.start() <= f.start and f.end <= m.end() and not f.actor]
        if any(m.start() < f.end and f.start < m.end() for f in found if f not in inner):
            continue  # part of a named side's phrase; a generic "armed forces" gives way
        key = m.group("country").lower().removeprefix("the").strip()
        people = COUNTRY_DEMONYMS.get(key)
        actor = (actors.resolve(f"{people} army", scopes=active, country=country)
                 or actors.resolve(people, scopes=active, country=country)) if people else None
        if actor:
            for f in inner:
                found.remove(f)
            found.append(ActorMention(m.start(), m.end(), m.group(0), actor, m.start(),
                                      m.end()))
            taken.append((m.start(), m.end()))
    for m in _COUNTRYS_ARMY_RE.finditer(text, start):
        # "the country's military claimed its recapture": the army of the document's country
        if not _overlaps(taken, m.start(), m.end()):
            actor = actors.resolve("the army", scopes=active, country=country) or ""
            if actor:
                found.append(ActorMention(m.start(), m.end(), m.group(0), actor, m.start(),
                                          m.end()))
                taken.append((m.start(), m.end()))
    for m in _LED_BY_NAME_RE.finditer(text, start):
        # "a MNDAA-led coalition", "the HTS-led rebels": the side that leads them
        if not _overlaps(taken, m.start(), m.end()):
            actor = actors.resolve(m.group(1), scopes=active, country=country) or ""
            if actor:
                found.append(ActorMention(m.start(), m.end(), m.group(0), actor,
                                          m.start(1), m.end(1)))
                taken.append((m.start(), m.end()))
    for m in GENERIC_RE.finditer(text, start):
        if not _overlaps(taken, m.start(), m.end()):
            found.append(ActorMention(m.start(), m.end(), m.group(0), "", m.start(), m.end()))
            taken.append((m.start(), m.end()))
    for m in UNKNOWN_ACTOR_RE.finditer(text, start):
        s, e = m.start(1), m.end(1)
        if _overlaps(taken, s, e):
            continue
        phrase = re.sub(r"\s+", " ", m.group(1)).strip()
        if phrase.endswith(" front"):
            continue  # "on the Donetsk front": a front line ("the Nusra Front" is a group)
        opener = _OPENING_WORDS_RE.match(phrase)
        if opener is not None:
            # "After rebels took X", "On Monday militants ...": a capital that only opens the
            # sentence (or a date) is no part of the group's name
            s += opener.end()
            phrase = phrase[opener.end():]
        # "Sudan's Rapid Support Forces": the country is not part of the group's name.
        owner = re.match(r"[\w-]+['’]s\s+(?=[A-Z]\S*\s)", phrase)
        if owner is not None:
            s += owner.end()
            phrase = phrase[owner.end():]
        known = actors.resolve(phrase, scopes=active, country=country)
        if known and _foreign_common_noun(actors, known, phrase, country):
            known = None
        if not known and (pro := _PRO_RE.fullmatch(phrase)) is not None \
                and pro.group(1) not in _DEMONYM_VALUES:
            # "Pro-Haftar forces", "pro-Kyiv fighters": the side they are for (not
            # "pro-Turkish fighters": a backer's proxies are a side of their own)
            backed = pro.group(1)
            backed = COUNTRY_DEMONYMS.get(backed.lower(), backed)
            known = (actors.resolve(backed, scopes=active, country=country)
                     or actors.resolve(backed + " forces", scopes=active, country=country))
        if not known and " and " in phrase:
            known = _coordinated_state_forces(actors, phrase, active, country)
        if not known and _is_army_unit(text, s, phrase):
            # "the 16th Infantry Division": a formation of an army acts for that army; its
            # own name is no side of the war (empty: read from context when no army is known)
            # a grouping names no owner: the side is read from the context
            known = "" if _GROUPING_RE.fullmatch(phrase) \
                else _unit_army(text, s, actors, active, country, s + len(phrase))
            found.append(ActorMention(s, e, phrase, known, s, e))
            taken.append((s, e))
            continue
        found.append(ActorMention(s, e, phrase, known or phrase, s, e))
        taken.append((s, e))
    for m in _ACRONYM_SEARCH.finditer(text, start):
        s, e = m.start("acr"), m.end("acr")
        if not _overlaps(taken, s, e):
            known = actors.resolve(m.group("acr"), scopes=active, country=country)
            if not known and m.group("acr") in _WORD_ACRONYMS:
                # "IS captured X": an acronym that is also an English word is no alias of
                # its own (the sets would match "WHAT IS HAPPENING"); as an acronym it is one
                known = actors.resolve(_WORD_ACRONYMS[m.group("acr")], scopes=active,
                                       country=country)
            found.append(ActorMention(s, e, m.group("acr"), known or m.group("acr"), s, e))
            taken.append((s, e))
    for s, e in foreign:
        if not _overlaps(taken, s, e):
            phrase = re.sub(r"^[Tt]he\s+", "", re.sub(r"\s+", " ", text[s:e]))
            found.append(ActorMention(s, e, phrase,
                                      _local_common_noun(actors, phrase, country) or phrase,
                                      s, e))
            taken.append((s, e))
    found.sort()
    for i in range(len(found) - 1):
        a, b = found[i], found[i + 1]
        if a.actor == a.text and b.actor != b.text and b.actor \
                and not text[a.end:b.start].strip():
            # "the jihadist movement Boko Haram": a description right before the name
            found[i] = a._replace(actor=b.actor)
    return found


#: A formation of an army by its branch ("Armored Brigade", "Infantry Division"): generic
#: words only, so a named unit ("Giants Brigades", "Azov Battalion") is not one.
_UNIT_RE: Final = re.compile(
    r"(?:(?:Infantry|Armou?red|Mechani[sz]ed|Motori[sz]ed|Airborne|Air\s+Assault|Mountain|"
    r"Tank|Artillery|Marine|Naval|Commando|Special|Operations|Rapid|Reaction|Border|Assault|"
    r"Rifle|Territorial|Defen[cs]e|Paratroopers?|Light|Heavy|Motor|Guards?|Combined|Arms|"
    r"Missile|Engineer|Reconnaissance|Logistics|Support|Army|Military)\s+)+"
    r"(?:Divisions?|Brigades?|Battalions?|Regiments?|Corps|Units?|Groups?)", re.IGNORECASE)
#: Right before a unit: its number ("the 16th", "93rd"), which makes any name a formation.
#: "pro-X forces": fighters for the side X (a name, a leader, a capital, a country).
_PRO_RE: Final = re.compile(r"[Pp]ro-([A-Z][\w'’]*)\s+(?:forces|fighters|troops|militias?|"
                            r"militiamen|units|soldiers|brigades|loyalists)")
_DEMONYM_VALUES: Final = frozenset(COUNTRY_DEMONYMS.values())
#: Acronyms of sides that are English words, and the name they stand for.
_WORD_ACRONYMS: Final = {"IS": "Islamic State"}
#: An ordinal in figures or words ("155th", "Sixth", "Twenty-Second").
_ORDINAL: Final = (r"(?i:\d+(?:st|nd|rd|th)|(?:(?:twenty|thirty|forty|fifty|sixty|seventy|"
                   r"eighty|ninety)-?)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|"
                   r"ninth)|tenth|eleventh|twelfth|(?:thir|four|fif|six|seven|eigh|nine)teenth|"
                   r"(?:twen|thir|for|fif|six|seven|eigh|nine)tieth)")
_UNIT_NUMBER_RE: Final = re.compile(r"\b" + _ORDINAL + r"\s+$", re.IGNORECASE)
#: An ordinal and the space after it, anywhere.
_ORDINAL_IN_RE: Final = re.compile(r"\b" + _ORDINAL + r"\s+")
#: Right before a numbered unit: the state it belongs to ("Russia's 155th", "Ukrainian 47th").
_UNIT_OWNER_RE: Final = re.compile(
    r"\b([A-Z][\w-]+?)(?:['’]s)?\s+(?:the\s+)?" + _ORDINAL + r"\s+$")
#: A grouping of an army named by a quoted word or a direction ("the ‘Southern’ group of
#: troops", "the Eastern Group of Forces").
_GROUPING_RE: Final = re.compile(
    r"[‘'\"“]?[A-Z][\w-]*[’'\"”]?\s+[Gg]roups?")
_OF_TROOPS_RE: Final = re.compile(r"\s+of\s+(?:troops|forces)\b", re.IGNORECASE)
_UNIT_NOUN_RE: Final = re.compile(r"\b(?:Divisions?|Brigades?|Battalions?|Regiments?|Corps)$",
                                  re.IGNORECASE)


def _is_army_unit(text: str, s: int, phrase: str) -> bool:
    """Whether a group phrase is a formation of an army ("Armored Brigade", "the 16th ...
    Division"), not a side of its own."""
    if _UNIT_RE.fullmatch(phrase):
        return True
    if _GROUPING_RE.fullmatch(phrase) and _OF_TROOPS_RE.match(text, s + len(phrase)):
        return True  # "the 'Southern' group of troops": an army's grouping, no side's name
    # "Sixth Infantry Division", "Russia's 155th Brigade": the number inside the phrase
    ordinal = _ORDINAL_IN_RE.search(phrase)
    if ordinal is not None and (_UNIT_RE.fullmatch(phrase[ordinal.end():])
                                or _UNIT_NOUN_RE.search(phrase)):
        return True
    before = text[max(0, s - 12):s]
    return bool(_UNIT_NUMBER_RE.search(before) and _UNIT_NOUN_RE.search(phrase))


def _unit_army(text: str, s: int, actors: ActorSet, active: frozenset[str],
               country: str | None, end: int | None = None) -> str:
    """The army a formation belongs to: the state named before its number ("Russia's 155th
    Brigade"), else the army of the document's country; ``""`` when no set knows it."""
    ordinal = _ORDINAL_IN_RE.search(text, s, end) if end is not None else None
    # the owner before the number, inside the phrase ("Russia's 155th") or before it
    owner = _UNIT_OWNER_RE.search(text, max(0, s - 40),
                                  ordinal.end() if ordinal is not None else s)
    if owner is not None:
        word = owner.group(1)
        demonym = COUNTRY_DEMONYMS.get(word.lower(), word)
        actor = actors.resolve(demonym + " forces", scopes=active, country=country)
        if actor:
            return actor
    for state_noun in ("the army", "government forces", "government troops"):
        actor = actors.resolve(state_noun, scopes=active, country=country)
        if actor:
            return actor
    return ""


def _joint_demonym_actor(actors: ActorSet, phrase: str, active: frozenset[str],
                         country: str | None) -> str:
    """The actor of a demonym phrase; of several joined demonyms ("Rwandan and Mozambican
    troops") the document country's own side, else the first named."""
    found = []
    for word in re.findall(r"[\w-]+", phrase):
        if word.lower() == "and":
            continue
        actor = actors.resolve(word, scopes=active, country=country)
        if not actor:
            break  # the noun: the demonyms are over
        found.append(actor)
    for actor in found:
        spec = actors.actors.get(actor)
        if country and spec is not None and country.upper() in spec.countries:
            return actor
    return found[0] if found else ""


#: Branches of a state's forces that fight beside its army ("army and police forces").
_STATE_BRANCHES: Final = re.compile(
    r"(?:the\s+)?(?:(?:national|federal|local|border|special)\s+)?(?:police|security|"
    r"gendarmerie|guards?|commandos?|intelligence|militia)(?:\s+(?:forces|units|officers|"
    r"personnel|troops))?", re.IGNORECASE)
_ARMY_WORD: Final = re.compile(r"\b(?:army|military|troops|soldiers|government|armed\s+forces)\b",
                               re.IGNORECASE)
_HEAD_NOUN: Final = re.compile(r"\s+(forces|troops|units|soldiers)$", re.IGNORECASE)


def _coordinated_state_forces(actors: ActorSet, phrase: str, active: frozenset[str],
                              country: str | None) -> str | None:
    """The side of "army and police forces", "the army and security forces": the one actor
    its parts name, when every other part is a branch of a state's forces (police, security,
    border guards) that fights beside it; None when the parts name two sides or none."""
    parts = [x.strip() for x in re.split(r",\s*(?:and\s+)?|\s+and\s+", phrase) if x.strip()]
    head = _HEAD_NOUN.search(parts[-1]) if parts else None
    named: set[str] = set()
    for part in parts:
        tries = [part] + ([part + " " + head.group(1)] if head and not _HEAD_NOUN.search(part)
                          else [])
        actor = next((a for a in (actors.resolve(t, scopes=active, country=country)
                                  for t in tries) if a), None)
        if actor and _ARMY_WORD.search(part) \
                and not _foreign_common_noun(actors, actor, part, country):
            named.add(actor)  # the army part: police beside an insurgent group is no ally
        elif not _STATE_BRANCHES.fullmatch(part):
            return None
    return next(iter(named)) if len(named) == 1 else None


def _foreign_common_noun(actors: ActorSet, actor: str, alias: str, country: str | None) -> bool:
    """Whether ``alias`` is a common noun ("rebels", "government forces") of a set for another
    country than the document's: such words name whoever fights there, not that set's actor.
    Names ("Wagner", "Islamic State") keep their actor anywhere."""
    spec = actors.actors.get(actor)
    if not country or spec is None or not spec.countries \
            or country.upper() in spec.countries:
        return False
    want = re.sub(r"\s+", " ", alias.strip()).lower()
    want = re.sub(r"^the ", "", want)
    for written in spec.aliases:
        norm = re.sub(r"^the ", "", written.strip().lower())
        if norm == want:
            return written == written.lower()
    return False


def _local_common_noun(actors: ActorSet, noun: str, country: str | None) -> str:
    """The one actor of the document's country named by the common noun ("rebels" in a
    Yemeni report: the Houthis, whose names end with it, "Houthi rebels"); ``""`` when none
    or several are ("Karen rebels" and "Kokang rebels" in Myanmar)."""
    if not country:
        return ""
    tail = " " + noun.strip().lower()
    ids = {actor_id for actor_id, spec in actors.actors.items()
           if country.upper() in spec.countries
           and any(a.strip().lower().endswith(tail) for a in spec.aliases)}
    return ids.pop() if len(ids) == 1 else ""


def _overlaps(spans: Spans, s: int, e: int) -> bool:
    return spans.overlaps(s, e)


#: Every branch of _LEFT_EXT ends with one of these words and white space (speed pre-check).
_LEFT_LAST: Final = ("of", "to", "by", "with", "for", "backing", "the", "and", "warlord",
                     "general",
                     "gen.", "commander", "strongman", "marshal", "president", "leader",
                     "self-styled", "so-called", "rogue", "renegade")


def _may_extend_left(text: str, lo: int, s: int) -> bool:
    """Whether _LEFT_EXT can match ``text[..:s]`` (False only when it surely cannot)."""
    if s <= lo or not text[s - 1].isspace():
        return False
    head = text[lo:s].rstrip()
    if not head:
        return False
    word = head.rsplit(None, 1)[-1]
    # Case-insensitive matching folds some non-ASCII letters onto ASCII ones: ask the regex.
    return not word.isascii() or word.lower().endswith(_LEFT_LAST)


def _extend(text: str, s: int, e: int, floor: int) -> tuple[int, int]:
    lo = max(floor, s - 80)
    left = _LEFT_EXT_SEARCH.search(text, lo, s) if _may_extend_left(text, lo, s) else None
    if left and left.end() == s:
        s = left.start()
    right = _RIGHT_EXT.match(text, e)
    if right:
        e = right.end()
    return s, e
