"""Demonyms in running text: the adjectives and peoples' names of places.

"The Kenyan port of Mombasa", "two Ghanaians", "a Peruvian-born engineer": a demonym is not a
place mention for a map, but it says which country a text is about. The index lists every
country's demonym (countryinfo's, plural and curated forms: ``_sources.DEMONYM`` postings) and
those of continents, world regions, first-level units and major cities
(``demonyms_regions.csv``: "European", "Texan", "Chechen", "Londoner"); this module finds them
in a text so that document-level disambiguation can count them as votes for their country (a
continent's or world region's votes for none), and so that evaluations that annotate demonyms
as toponyms can tag them.

A people spread over several countries ("Kurdish", "Arab", "Tamil") names no place and casts
no vote: the table lists such peoples without a target, and the index has no posting for them.
"""

from __future__ import annotations

import csv
import functools
import re
import weakref
from typing import TYPE_CHECKING, NamedTuple

from geomap.gazetteer import _normalize as norm
from geomap.gazetteer._sources import ALT, DEMONYM, PRIMARY, curated_dir
from geomap.gazetteer._words import is_common_word

if TYPE_CHECKING:
    from geomap.gazetteer.gazetteer import Gazetteer


class Demonym(NamedTuple):
    """A demonym at ``text[start:end]`` and the index entry of its place (``country`` is
    ``""`` for a continent or a world region of several countries)."""

    start: int
    end: int
    text: str
    country: str
    ent: int


# A capitalised word; a demonym is one or two of them ("Sri Lankan", "South Africans").
_WORD = re.compile(r"(?<![\w’'-])[A-Z][a-z]+")
_MEMO_SIZE = 50_000
_MEMOS: weakref.WeakKeyDictionary[object, dict[str, tuple[str, int] | None]] = (
    weakref.WeakKeyDictionary())


def _country_of(gaz: Gazetteer, words: str, memo: dict[str, tuple[str, int] | None]
                ) -> tuple[str, int] | None:
    """``(country code, entry)`` a word group names as a demonym, or ``None`` (memoised)."""
    hit = memo.get(words, False)
    if hit is False:
        hit = None
        if words.casefold() not in _lookup_only():
            ix = gaz.index
            # A city's demonym may name two cities ("Londoner"): the most populous is the
            # text's evidence, as it is a bare lookup's answer.
            best = -1
            for ent, kind in ix.postings(norm.key(words)):
                if kind == DEMONYM and int(ix.pop[ent]) > best:
                    hit, best = (ix.cc[ent].decode("ascii"), int(ent)), int(ix.pop[ent])
        if len(memo) > _MEMO_SIZE:
            memo.clear()
        memo[words] = hit
    return hit  # type: ignore[return-value]


def find_demonyms(text: str, gaz: Gazetteer, *, compounds: bool = False) -> list[Demonym]:
    """Every demonym of *text*, in order (two-word demonyms before their first word).

    Parameters
    ----------
    text
        Any text.
    gaz
        The gazetteer whose index lists the demonyms.
    compounds
        Also the second demonym of a compound ("Kenyan-Ugandan talks") and a demonym after
        ``inter-``, ``non-``, ``pro-`` or ``anti-`` ("pro-Kenyan groups").

    Returns
    -------
    list of Demonym
        Sorted by start, non-overlapping.
    """
    if not isinstance(text, str) or not text:
        return []
    memo = _memo(gaz)
    out: list[Demonym] = []
    words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    i = 0
    while i < len(words):
        a, b = words[i]
        spans = [(a, words[i + 1][1])] if i + 1 < len(words) and words[i + 1][0] == b + 1 \
            and text[b] == " " else []
        spans.append((a, b))
        for s, e in spans:
            hit = _country_of(gaz, text[s:e], memo)
            if hit is not None:
                out.append(Demonym(s, e, text[s:e], hit[0], hit[1]))
                i += 1 if e == b else 2
                break
        else:
            i += 1
    if compounds:
        out = _with_compounds(text, gaz, memo, out)
    return out


_AFTER_HYPHEN = re.compile(r"(?<=-)[A-Z][a-z]+")
_HYPHEN_HEAD = re.compile(r"([A-Za-z]+)-$")
_HYPHEN_PREFIXES = frozenset({"inter", "non", "pro", "anti", "Arab"})


def _with_compounds(text: str, gaz: Gazetteer, memo: dict[str, tuple[str, int] | None],
                    found: list[Demonym]) -> list[Demonym]:
    """*found* plus the demonyms after a hyphen whose head is a demonym or a prefix."""
    extra = []
    for m in _AFTER_HYPHEN.finditer(text):
        head = _HYPHEN_HEAD.search(text, max(0, m.start() - 30), m.start())
        if head is None or not (head.group(1) in _HYPHEN_PREFIXES or (
                _country_of(gaz, head.group(1), memo) and not demonym_class(head.group(1)))):
            # Only a country's demonym heads a compound of two ("Kenyan-Ugandan talks"); a
            # continent's names a people ("African-Americans").
            continue
        hit = _country_of(gaz, m.group(), memo)
        if hit is not None:
            extra.append(Demonym(m.start(), m.end(), m.group(), hit[0], hit[1]))
    return sorted([*found, *extra]) if extra else found


#: Capitalised words after a demonym that keep it a reference to the country: its state, its
#: offices and their holders ("the Chadian Ministry", "Peruvian President ..."). Any other
#: capitalised word makes the demonym part of a name ("the Kenyan Tea Board", "Canadian
#: Airlines", "a Turkish Bakery").
_STATE_WORDS = frozenset({
    "president", "presidency", "prime", "premier", "minister", "ministry", "ministers",
    "foreign", "defence", "defense", "interior", "health", "finance", "justice", "mod",
    "government", "authority", "authorities", "parliament", "senate", "congress", "cabinet",
    "army", "navy", "air", "armed", "military", "forces", "troops", "border", "coast", "police",
    "embassy", "ambassador", "consulate", "consul", "king", "queen", "prince", "crown",
    "chancellor", "secretary", "vice", "deputy", "state", "national", "federal", "people",
    "gen", "general", "col", "maj", "capt", "lt", "sgt", "adm", "eu", "un",
})
#: Verbs of speech after which a demonym is a language ("she spoke Turkish at home").
_LANGUAGE_BEFORE = re.compile(
    r"\b(?:speaks?|spoke|speaking|spoken|fluent in|translated into|taught|teaches|learning"
    r"|learned|learnt|studied|studies)\s+(?:only\s+|fluent\s+|some\s+|basic\s+)?$", re.I)
#: Lower-case nouns that make a demonym a style, cuisine or heritage, not a country
#: ("Thai food", "a Greek salad", "Irish music").
_STYLE_NOUNS = frozenset({
    "food", "foods", "cuisine", "cooking", "restaurant", "restaurants", "dish", "dishes",
    "salad", "sausage", "sausages", "bread", "pastry", "pastries", "wine", "beer", "coffee",
    "tea", "pub", "bar", "cafe", "bakery", "music", "song", "songs", "dance", "dances",
    "dancing", "rock", "folk", "style", "heritage", "ancestry", "descent", "language",
    "lessons", "class", "classes", "immersion", "accent", "dialect", "fries", "toast",
    "dressing", "cheese", "breed", "horse", "horses", "shepherd", "setter", "terrier",
})
#: Capitalised words before a demonym that make no name with it ("The Kenyan ...").
_FUNCTION_WORDS = frozenset({
    "The", "A", "An", "This", "That", "These", "Those", "Its", "Their", "Our", "His", "Her",
    "In", "On", "At", "By", "For", "From", "With", "As", "And", "But", "Or", "If", "When",
    "While", "After", "Before", "Since", "Both", "All", "Many", "Most", "Some", "Several",
    "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten", "No", "Other",
    "It's", "It’s", "Yesterday's", "Yesterday’s", "Today's", "Today’s",
})
#: Words before a demonym that make it a people or a part of the country.
_PART_BEFORE = frozenset({"Native", "North", "South", "East", "West", "Northern", "Southern",
                          "Eastern", "Western", "Central", "Upper", "Lower"})
_CAP_AFTER = re.compile(r" ([A-Z][\w’'.&-]*)")
_CAP_BEFORE = re.compile(r"([A-Z][\w’'.-]*) $")
_LOWER_AFTER = re.compile(r" ([a-z]+)\b")


def refers_to_country(text: str, d: Demonym, gaz: Gazetteer) -> bool:
    """Whether the demonym *d* of *text* speaks of its country or people as a place would.

    News corpora that annotate demonyms as toponyms tag "Peruvian officials", "the Syrians",
    "Israeli-Egyptian talks", but not a demonym inside a name ("the Kenyan Tea Board",
    "Carla French"), before a noun of style or cuisine ("Thai food", "Irish music"), as a
    language ("she spoke Turkish"), or as "Native American".

    Parameters
    ----------
    text
        The text *d* was found in.
    d
        A demonym of *text* (:func:`find_demonyms`).
    gaz
        The gazetteer whose index lists the demonyms.

    Returns
    -------
    bool
        False for the uses above.
    """
    cls = demonym_class(d.text)
    if cls and cls not in TAGGED_CLASSES and not (
            cls == "region" and find_region_demonyms(d.text, gaz)):
        # The table's demonyms resolve and vote but are not tagged, but for those the rule
        # of region names derives ("Ohioans"), which were tagged before the table.
        return False
    after = text[d.end:d.end + 40]
    before = text[max(0, d.start - 40):d.start]
    nxt = _CAP_AFTER.match(after)
    if nxt and (nxt.group(1).lower().rstrip(".") not in _STATE_WORDS or (
            nxt.group(1) == "Air" and not after.startswith(" Air Force"))):
        return False  # part of a name: an organisation, firm, team, shop or event
    prev = _CAP_BEFORE.search(before)
    if prev and (prev.group(1) in _PART_BEFORE or (
            not is_common_word(prev.group(1)) and prev.group(1) not in _FUNCTION_WORDS)):
        # "Carla French", "Rossi's Thai Kitchen": a surname or inside a name; "Native
        # American" is a people, "Northern Thai" a part of the country, not the country.
        return False
    if after.startswith(" said") or after.startswith(" says"):
        return False  # "French said": a surname
    low = _LOWER_AFTER.match(after)
    if low and low.group(1) in _STYLE_NOUNS:
        return False
    return not _LANGUAGE_BEFORE.search(before)


#: Classes of ``demonyms_regions.csv`` whose demonyms :func:`refers_to_country` lets
#: evaluations tag as toponyms (a switch for A/B measurements; country demonyms always are).
TAGGED_CLASSES: frozenset[str] = frozenset()


@functools.cache
def _table() -> dict[str, tuple[str, str]]:
    """Casefolded form -> ``(class, use)`` of every row of ``demonyms_regions.csv``."""
    path = curated_dir() / "demonyms_regions.csv"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as fh:
        return {form.casefold(): (r["class"], r.get("use") or "")
                for r in csv.DictReader(fh)
                for form in [r["demonym"], *(f for f in (r.get("forms") or "").split("|") if f)]}


@functools.cache
def _lookup_only() -> frozenset[str]:
    """Forms a lookup resolves but a text's words must not count as demonyms: another
    meaning is far more common ("English" the language, "Roman" a given name or the Church)."""
    return frozenset(f for f, (_cls, use) in _table().items() if use == "lookup")


def place_demonyms() -> frozenset[str]:
    """The casefolded forms of ``demonyms_regions.csv`` that name a place (every class but
    peoples of several countries): words that are never a place mention themselves."""
    return frozenset(f for f, (cls, _use) in _table().items() if cls != "people")


def demonym_class(word: str) -> str:
    """The class of *word* in ``demonyms_regions.csv`` (``continent``, ``world-region``,
    ``region``, ``city``, ``people``), or ``""`` (a country's demonym, or none)."""
    return _table().get(word.casefold(), ("", ""))[0]


def named_key(gaz: Gazetteer, words: str) -> str | None:
    """The index key of the name of the place that *words* names as a demonym of a continent,
    world region, first-level unit or city ("Londoner" -> ``"london"``), or ``None``.

    A document that writes both the place's name and its people's ("London", "a Londoner")
    names one place twice: disambiguation reads both as the name, so that neither lends the
    other support for a namesake the rest of the text does not favour.
    """
    cls = demonym_class(words)
    if not cls or cls == "people":
        return None
    ix = gaz.index
    best, ent = -1, -1
    for e, kind in ix.postings(norm.key(words)):
        if kind == DEMONYM and int(ix.pop[e]) > best:
            best, ent = int(ix.pop[e]), int(e)
    return norm.key(gaz.place(ent).name) if ent >= 0 else None


def _memo(gaz: Gazetteer) -> dict[str, tuple[str, int] | None]:
    try:
        return _MEMOS.setdefault(gaz, {})
    except TypeError:  # not weakly referenceable: no memo
        return {}


#: Adjectives shaped like a region's demonym that name an era, style or faith far more often
#: ("a Victorian house", "Edwardian", "Christian").
_NOT_REGION_DEMONYMS = frozenset({
    "victorian", "edwardian", "elizabethan", "christian", "christians", "columbian",
    "corinthian", "lutheran", "lutherans", "republican", "republicans", "american",
    "americans", "african", "africans", "european", "europeans", "asian", "asians",
})
_REGION_WORD = re.compile(r"(?<![\w’'-])(?:(?:North|South|East|West|New) )?[A-Z][a-z]{3,}")


def find_region_demonyms(text: str, gaz: Gazetteer) -> list[Demonym]:
    """The demonyms of first-level regions in *text* ("Ohioans", "South Ossetian", "a
    Dagestani village"), derived from the region's name (:func:`._variants.demonym_variants`).

    Country demonyms are :func:`find_demonyms`'; personal names and the adjectives of an
    era or faith ("Victorian", "Christian") are left out.

    Parameters
    ----------
    text
        Any text.
    gaz
        The gazetteer whose regions are looked up.

    Returns
    -------
    list of Demonym
        Sorted by start, non-overlapping; ``country`` is the region's country.
    """
    # Imported here: _variants and _personal import nothing of this module, but keep the
    # import graph of the demonym finder that _disambig uses minimal.
    from geomap.gazetteer import _personal, _variants

    if not isinstance(text, str) or not text:
        return []
    ix = gaz.index
    region = ix.features.index("region")
    out: list[Demonym] = []
    for m in _REGION_WORD.finditer(text):
        word = m.group()
        last = word.rsplit(" ", 1)[-1]
        if (not last.endswith(("an", "ans", "ian", "ians", "i", "ers"))
                or last.lower() in _NOT_REGION_DEMONYMS or _personal.is_personal(last)
                or is_common_word(last)):
            continue
        hit = None
        k = norm.key(word)
        # "Dagestani", "Iraqis": the -i adjectives of Caucasian, Arab and Persian names.
        stems = [k[:-1]] if k.endswith("i") and len(k) > 6 else []
        for vk in [*stems, *_variants.demonym_variants(k)]:
            for ent, kind in ix.postings(vk):
                if kind in (PRIMARY, ALT) and int(ix.feat[ent]) == region:
                    hit = (ix.cc[ent].decode("ascii"), int(ent))
                    break
            if hit:
                break
        if hit:
            out.append(Demonym(m.start(), m.end(), word, hit[0], hit[1]))
    return out
