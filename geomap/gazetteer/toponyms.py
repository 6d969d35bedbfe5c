"""Gazetteer-driven toponym tagger: capitalised phrases that name places.

No statistical model: candidate phrases are runs of capitalised words (with connectors such as
``of``, ``al-``, ``de``), matched longest-first against the gazetteer index, then filtered with
stop-lists (calendar words, titles, demonyms), person and organisation cues, and a population /
feature-class threshold for single common-looking words (a one-word name that is also an English
word, per the ``english-words`` list, needs a locative, a place noun or a big population).
Trailing feature words (``airbase``, ``air base``, ``airport``, ``district``, ``square``...) join
the mention and set its hint.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from geomap.gazetteer import _normalize as norm
from geomap.gazetteer import _personal
from geomap.gazetteer._demonyms import (
    find_demonyms,
    find_region_demonyms,
    place_demonyms,
    refers_to_country,
)
from geomap.gazetteer._index import FLAG_CAPITAL
from geomap.gazetteer._sources import ALT, BARE, CODE, CORE, FOLD, PRIMARY
from geomap.gazetteer._variants import GENERIC_SUFFIXES
from geomap.gazetteer._words import is_common_word

if TYPE_CHECKING:
    from geomap.gazetteer.gazetteer import Gazetteer


@dataclass(frozen=True)
class Mention:
    """A toponym found in a text: ``text[start:end]``, with an optional feature hint."""

    start: int
    end: int
    text: str
    feature_hint: str | None = None


_TOKEN = re.compile(r"[^\W\d_](?:[\w’'.-]*\w)?\.?|\d+", re.UNICODE)
_CONNECTORS = frozenset({"of", "de", "del", "la", "le", "les", "du", "des", "al", "el", "ad",
                         "es", "ez", "ed", "er",
                         "ash", "as", "az", "ar", "at", "an", "bin", "ibn", "bani", "beni", "abu",
                         "upon", "on", "am", "im", "sur", "en", "da", "do", "dos", "das", "y",
                         "and", "the", "&", "ben", "ras", "wadi", "bir", "jebel"})
_ARTICLE_PREFIX = re.compile(r"^(?:al|el|ad|ash|as|az|ar|at|an|ed|er|es|et|ez)[-‑’']", re.I)
_FEATURE_TAIL: tuple[tuple[str, ...], ...] = tuple(
    tuple(w.split()) for w, _ in norm.FEATURE_WORDS
    if w not in {"city", "town", "village", "region", "base", "port", "plant"}
)
# Capitalised words that are (almost) never place names on their own in news text.
STOP_WORDS: frozenset[str] = frozenset(
    """
a an the this that these those he she it we they i you his her its our their my your him them
there here then when where what who whom which while why how if but and or nor so yet for of in
on at by to from with without into onto over under after before during since until about
against between among through across near per via as also just only even still however
according meanwhile although though because despite whether both either neither each every all
is are was were be been being do does did can could will would shall should must has have had
any some many most more less no not none other another such same than very too monday tuesday
wednesday thursday friday saturday sunday today tomorrow yesterday tonight january february
march april may june july august september october november december jan feb mar apr jun jul
aug sep sept oct nov dec mon tue wed thu fri sat sun mr mrs ms miss dr prof sir madam gen lt
col maj capt sgt cpl pvt adm cmdr gov sen rep pres president minister prime king queen prince
princess sheikh emir general colonel major captain sergeant commander chief governor senator
mayor judge justice officer police spokesman spokeswoman spokesperson director secretary
chairman chairwoman ceo deputy lord lady saint st pope bishop father rev reverend imam god
allah jesus christ christmas easter ramadan eid halloween thanksgiving said says say told tell
reported report reports news press update breaking photo video am pm a.m. p.m. tv north south
east west northern southern eastern western central northeast northwest southeast southwest
northeastern northwestern southeastern southwestern government army forces force troops
military police office department ministry council committee court house senate congress
parliament assembly party union league association agency organization organisation company
corporation inc corp ltd llc co group team club school university college hospital center
centre church mosque bank market airport station street road avenue highway route bridge park
lake river mountain island beach county city state states country nation province district
region town village capital world first second third last next new old big little great high
low good best one two three four five six seven eight nine ten hundred thousand million billion
online internet email web site page facebook twitter google youtube
national international federal accord unity interim transitional
health care flu virus metro fort mount
disease outbreak influenza swine cholera ebola zika measles
""".split()  # noqa: SIM905
)
DEMONYMS: frozenset[str] = frozenset(
    """
american americans british english french german germans italian spanish russian russians
chinese japanese korean indian pakistani afghan iraqi iraqis iranian syrian syrians libyan
libyans egyptian turkish turks israeli israelis palestinian palestinians lebanese jordanian
saudi yemeni african africans european europeans asian arab arabs kurdish kurds mexican
canadian australian brazilian ukrainian ukrainians polish dutch swedish norwegian danish irish
scottish welsh greek nigerian kenyan somali sudanese ethiopian tunisian algerian moroccan
qatari emirati turkish chadian nigerien malian russians texan texans californian floridian
hispanic latino latina asian-american african-american muslim muslims christian christians
jewish jews sunni shia shiite catholic protestant democrat democrats republican republicans
liberal conservative
""".split()  # noqa: SIM905
)
_TITLES = frozenset(
    """
mr mrs ms miss dr prof sir gen lt col maj capt sgt gov sen rep pres president minister king
queen prince sheikh emir general colonel major captain commander governor senator mayor judge
justice officer spokesman secretary chairman director coach lord lady saint pope bishop father
rev reverend imam brother sister uncle aunt
""".split()  # noqa: SIM905
)
_ORG_TAIL = frozenset(
    """
university college school academy institute inc inc. corp corp. corporation company co co. ltd
llc group bank hospital clinic department police fire sheriff council committee times post
herald tribune journal news gazette press daily magazine network airlines airways railway
railways club fc united hotel church mall center centre foundation association society party
league team library libraries public board convention bureau chamber museum zoo community
regional municipal memorial symphony orchestra theatre theater opera marathon festival fair
courthouse housing transit utilities parks schools register
""".split()  # noqa: SIM905
)
#: Capitalised words after a name that make it another feature of that name ("Pecos River").
GENERIC_TAILS: frozenset[str] = frozenset(w.capitalize() for w in GENERIC_SUFFIXES)
#: Capital-letter codes that prose uses as place names on their own. Other codes ("OK", "PA",
#: "ER", "CAF") are read as places only after a town and a comma ("Tulsa, OK").
PROSE_CODES: frozenset[str] = frozenset({
    "US", "USA", "UK", "EU", "UAE", "DRC", "CAR", "KSA", "NSW", "NY", "NYC", "DC", "USSR",
    "PRC", "DPRK", "ROK",
})
_LOCATIVE = frozenset({"in", "at", "near", "from", "to", "outside", "inside", "toward",
                       "towards", "around", "across", "into", "of", "via", "through", "between",
                       "and", "east", "west", "north", "south", "captured", "seized", "took",
                       "entered", "recaptured", "retook", "reached", "struck", "bombed",
                       "left", "abandoned", "evacuated", "shelled", "attacked", "stormed",
                       "besieged", "encircled", "surrounded", "liberated", "overran", "raided",
                       "bombarded", "visited", "toured", "fled", "leaving", "reaching",
                       "entering", "visiting"})
#: Prepositions of place: a given name right after one is a place ("near Lawrence").
_PREPOSITIONS = frozenset({"in", "at", "near", "from", "to", "outside", "inside", "toward",
                           "towards", "around", "across", "into", "via", "through"})
_MAX_PHRASE = 7
#: Capitalised words after a name that make it a street name ("Maple St.", "Quincy Street").
_STREET_WORDS = frozenset({"Street", "St", "St.", "Avenue", "Ave", "Ave.", "Road", "Rd", "Rd.",
                           "Boulevard", "Blvd", "Blvd.", "Lane", "Ln", "Ln.", "Parkway", "Pkwy",
                           "Pkwy.", "Drive", "Terrace", "Trail", "Pike"})
_STREETS = frozenset({"streets", "roads", "avenues", "drives", "lanes", "boulevards"})
#: Abbreviations of road words written before a road's number ("Hwy 1", "Rte 9"): not English
#: words, so the common-word test lets them through, and some spell a town ("Hwy" / Huy).
_ROAD_ABBREVIATIONS = frozenset({"hwy", "hway", "rte", "rt", "hiway"})
_PRONOUNS = frozenset({"i", "you", "we", "they", "he", "she", "it", "that", "there", "who",
                       "what"})
#: Whether a place name that opens an organisation name ("Dalton Police Department") is tagged.
ORG_PLACES = True
_SINGLE_MIN_POP = 1500
_LOOKUP_KINDS = frozenset({PRIMARY, ALT, BARE, CORE})


def _is_cap(tok: str) -> bool:
    return tok[:1].isupper() or bool(_ARTICLE_PREFIX.match(tok) and tok[3:4].isupper()) or (
        bool(_ARTICLE_PREFIX.match(tok)) and len(tok) > 4 and tok[tok.find("-") + 1:][:1].isupper()
    )


def find_toponyms(text: str, gazetteer: Gazetteer, *, demonyms: bool = False) -> list[Mention]:
    """Find place-name mentions in *text*.

    Parameters
    ----------
    text
        Any text (untrusted; never raises on odd characters).
    gazetteer
        The gazetteer whose names are recognised.
    demonyms
        Also return the demonyms of countries ("Ghanaian", "Peruvians"), which resolve to
        their country with feature ``demonym``. Off by default: a demonym is no place to map
        ("Ghanaian officials"), but some evaluation corpora annotate them as toponyms.

    Returns
    -------
    list of Mention
        Sorted by start, non-overlapping.
    """
    if not isinstance(text, str) or not text:
        return []
    memo = _memo(gazetteer)
    toks = _tokens(text)
    if "-" in text:
        toks = _split_hyphens(toks, gazetteer, memo)
    props = memo.token_props
    info = []
    for _s, _e, t in toks:
        p = props.get(t)
        if p is None:
            p = props[t] = _token_props(t)
        info.append(p)
    people, named, given, cued, soft = _people(
        text, toks, lambda w: _big_or_strong(w, gazetteer, memo))
    placed = _placed_names(text, toks, gazetteer, memo)
    # A name given an age is a person's throughout, however big the place it also names.
    aged = frozenset(m.group(1) for m in _AGED.finditer(text))
    lower_seen = {t.lower() for _, _, t in toks if t[:1].islower()}
    located = _located_names(toks) if SENTENCE_FRAMES else frozenset()
    out: list[Mention] = []
    i = 0
    n = len(toks)
    while i < n:
        if not info[i][0]:  # not capitalised, or a number
            i += 1
            continue
        found = _longest_match(text, toks, info, i, gazetteer, memo)
        if found is None:
            if LISTED_FOLDS and _listed_fold(text, toks, i, gazetteer, memo, lower_seen):
                out.append(Mention(toks[i][0], toks[i][1], toks[i][2]))
            i += 1
            continue
        j, _kind_best, single_ok = found
        start, end = toks[i][0], toks[j][1]
        if text[end - 1] == "." and not memo.keep_dot(text[start:end]):
            end -= 1
        mention_text = text[start:end]
        if (i == j and toks[i][2].rstrip(".") in aged) or not _accept(
                text, toks, i, j, mention_text, gazetteer, lower_seen, single_ok, people, memo,
                named, given, cued, placed, soft, located):
            i += 1
            continue
        start, end, mention_text = _government_trim(text, toks, i, j, start, end, mention_text,
                                                    gazetteer, memo)
        if (i < j and toks[i][2] in ("The", "THE") and start == toks[i][0]
                and not _names_itself(gazetteer, mention_text)):
            # "The Philippines reported": the article opens the sentence, not the name (but
            # "The Hague", "The Bronx" are names of their own).
            rest = text[toks[i + 1][0]:end]
            strong = _strength_of(rest, gazetteer, memo)[0]
            if i + 1 == j and not strong and is_common_word(rest.rstrip(".")):
                i = j + 1  # "The Royal wrestler": an article and a common word
                continue
            start = toks[i + 1][0]
            mention_text = rest
        # Trailing feature words: "Al-Watiya airbase", "Jufra air base".
        k = j + 1
        tailed = False
        hint_text = ""
        if j > i and toks[j][2].rstrip(".") in _ADMIN_TAILS:
            hint_text = mention_text  # the match itself took "province": the same as below
            end = toks[j - 1][1]
            mention_text = text[start:end]
        elif k < n:
            for words in _TAIL_BY_FIRST.get(info[k][3], ()):
                if k + len(words) - 1 < n and all(
                    info[k + q][3] == w for q, w in enumerate(words)
                ):
                    tail_end = toks[k + len(words) - 1][1]
                    if text[tail_end - 1] == ".":
                        tail_end -= 1
                    j = k + len(words) - 1
                    tailed = True
                    if words[0] in _ADMIN_TAILS and toks[k][2].rstrip(".").islower():
                        # "Idlib province": the kind of area, said in passing, is no part of
                        # the name ("Idlib"), but still tells which namesake is meant.
                        hint_text = text[start:tail_end]
                    else:
                        end = tail_end
                        mention_text = text[start:end]
                    break
        # A capitalised generic feature word makes another feature of the same name ("Neches
        # River", "Panjshir Valley"): the mention spans it; the gazetteer resolves the whole
        # name or, failing that, the place it is named after.
        if (not tailed and k < n and (toks[k][2].rstrip(".") in GENERIC_TAILS
                                      or toks[k][2] in _TOWNSHIP_TAILS)
                and not toks[j][2].endswith(".") and text[toks[j][1]:toks[k][0]] == " "):
            j = k
            # "Twp." keeps its dot as "W.Va." does; "Pecos River." ends a sentence.
            end = toks[k][1] - (1 if toks[k][2].endswith(".") and toks[k][2] != "Twp." else 0)
            mention_text = text[start:end]
        hint_text = hint_text or mention_text
        hint = memo.hints.get(hint_text, _MISSING)
        if hint is _MISSING:
            hint = memo.hints[hint_text] = norm.split_feature(norm.key(hint_text))[1]
        out.append(Mention(start, end, mention_text, hint))  # type: ignore[arg-type]
        i = j + 1
    if demonyms:
        out = _with_demonyms(text, gazetteer, out)
    return out


def _with_demonyms(text: str, gaz: Gazetteer, mentions: list[Mention]) -> list[Mention]:
    """*mentions* plus the demonyms of *text* that overlap none of them and refer to their
    country (not "the Kenyan Tea Board", "Thai food"; :func:`._demonyms.refers_to_country`),
    sorted."""
    taken = [(m.start, m.end) for m in mentions]
    extra: list[Mention] = []
    found = find_demonyms(text, gaz, compounds=REGION_DEMONYMS)
    if REGION_DEMONYMS:
        found += find_region_demonyms(text, gaz)
    for d in found:
        if not any(a < d.end and d.start < b for a, b in taken) and (
                not DEMONYM_USES or refers_to_country(text, d, gaz)):
            extra.append(Mention(d.start, d.end, d.text))
            taken.append((d.start, d.end))
    return sorted([*mentions, *extra], key=lambda m: m.start) if extra else mentions


#: Whether :func:`find_toponyms` with ``demonyms=True`` leaves out demonyms that name no
#: country (inside names, cuisine, languages); a switch for A/B measurements.
DEMONYM_USES = True
#: Whether it also returns the demonyms of first-level regions ("Ohioans", "South Ossetian").
REGION_DEMONYMS = True

_MISSING: Any = object()
#: Per-token facts that do not depend on the document: (starts a name, may continue a name,
#: may end a name, lower-case form without a final dot).
_Props = tuple[bool, bool, bool, str]


#: An elided French article before a capitalised name, inside a name ("Côte d'Ivoire").
_ELIDED = re.compile(r"^[dl][’'][A-ZÀ-Ý]")


def _token_props(tok: str) -> _Props:
    low = tok.lower()
    stem = low.rstrip(".")
    cap = _is_cap(tok)
    tail = stem in _TAIL_WORDS
    inner = bool(_ELIDED.match(tok))
    return (cap and not tok.isdigit(), cap or low in _CONNECTORS or tail or inner,
            cap or tail or inner, stem)


@dataclass
class _Memo:
    """Caches of pure functions of (gazetteer index, string), shared by every document.

    Names repeat across a corpus, so the per-token and per-phrase work of the tagger (key
    normalisation, index postings, feature classes) is done once per distinct string.
    """

    token_props: dict[str, _Props] = field(default_factory=dict)
    phrases: dict[str, tuple[int, bool] | None] = field(default_factory=dict)
    #: One-word names -> best spelling similarity to a name of the same skeleton.
    folds: dict[str, float] = field(default_factory=dict)
    strength: dict[str, tuple[bool, int]] = field(default_factory=dict)
    known: dict[str, bool] = field(default_factory=dict)
    hints: dict[str, str | None] = field(default_factory=dict)
    dots: dict[str, bool] = field(default_factory=dict)
    hyphens: dict[str, tuple[int, int] | tuple[()]] = field(default_factory=dict)
    alias_only: dict[str, bool] = field(default_factory=dict)

    def keep_dot(self, phrase: str) -> bool:
        hit = self.dots.get(phrase)
        if hit is None:
            hit = self.dots[phrase] = _keep_final_dot(phrase)
        return hit

    def trim(self) -> None:
        """Bound memory on endless streams of new names."""
        for table in (self.token_props, self.phrases, self.folds, self.strength, self.known,
                      self.hints, self.dots, self.hyphens, self.alias_only):
            if len(table) > _MEMO_SIZE:
                table.clear()


_MEMO_SIZE = 100_000
_MEMOS: weakref.WeakKeyDictionary[Any, _Memo] = weakref.WeakKeyDictionary()


def _memo(gaz: Gazetteer) -> _Memo:
    index = gaz.index
    try:
        memo = _MEMOS.get(index)
    except TypeError:  # an index that cannot be weakly referenced: no sharing
        return _Memo()
    if memo is None:
        memo = _Memo()
        try:
            _MEMOS[index] = memo
        except TypeError:
            return memo
    memo.trim()
    return memo


def _tokens(text: str) -> list[tuple[int, int, str]]:
    out = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
    if "'" in text or "’" in text:
        for idx, (s, e, tok) in enumerate(out):
            if len(tok) > 2 and tok[-2] in "'’" and tok[-1] in "sS":
                out[idx] = (s, e - 2, tok[:-2])  # possessive: "China's" -> "China"
    return out


#: Lower-case second halves that leave the first half a place: "a Washington-based group",
#: "Pakistan-administered Kashmir", "an Australia-wide ban", "Denver-area schools".
_HYPHEN_SUFFIXES = frozenset({
    "based", "area", "wide", "born", "bred", "bound", "led", "backed", "held", "controlled",
    "run", "administered", "owned", "allied", "aligned", "funded", "supported", "occupied",
    "style", "registered", "flagged", "made", "headquartered", "centered", "centred"})
_HYPHEN_MIN_POP = 20_000
#: Party letters before a legislator's home town: "Rep. Ray Miller, D-Columbus".
_PARTY_PREFIXES = frozenset({"R", "D", "I", "DFL"})


def _split_hyphens(toks: list[tuple[int, int, str]], gaz: Gazetteer,
                   memo: _Memo) -> list[tuple[int, int, str]]:
    """Hyphenated words whose parts are places, as their parts.

    "Chile-Peru talks", "Fargo-Moorhead", "D-Columbus", "a Washington-based group". Other
    compounds stay whole ("Wal-Mart", "Navarro-Valls", "Al-Watiya", "Port-au-Prince"); a name
    spelt with a hyphen that is split ("Guinea-Bissau") is still matched whole, as the phrase
    lookup spans the hyphen.
    """
    out: list[tuple[int, int, str]] = []
    for s, e, tok in toks:
        if "-" not in tok:
            out.append((s, e, tok))
            continue
        cut = memo.hyphens.get(tok)
        if cut is None:
            cut = memo.hyphens[tok] = _hyphen_parts(tok, gaz, memo)
        if not cut:
            out.append((s, e, tok))
            continue
        pos = s
        for part in tok.split("-"):
            if part and pos - s >= cut[0] and pos - s < cut[1]:
                out.append((pos, pos + len(part), part))
            pos += len(part) + 1
    return out


def _hyphen_parts(tok: str, gaz: Gazetteer, memo: _Memo) -> tuple[int, int] | tuple[()]:
    """Character range of *tok* whose hyphen-separated parts are kept as tokens, or ``()``."""
    parts = tok.split("-")
    if len(parts) < 2 or not all(parts) or _ARTICLE_PREFIX.match(tok):
        return ()
    if parts[0] in _PARTY_PREFIXES and parts[1][:1].isupper():
        return (len(parts[0]) + 1, len(tok))
    if parts[-1].lower() in _HYPHEN_SUFFIXES and all(p[:1].isupper() for p in parts[:-1]):
        return (0, len(tok))
    if not all(p[:1].isupper() for p in parts):
        return ()
    for p in parts:
        # Both parts must be real places ("Fargo-Moorhead", "Egypt-US"), not merely spelt like
        # some hamlet ("Wal-Mart", "Webb-Lawton").
        strong, pop = _strength_of(p, gaz, memo)
        if not (strong or pop >= _HYPHEN_MIN_POP):
            return ()
    return (0, len(tok))


def _strength_of(phrase: str, gaz: Gazetteer, memo: _Memo) -> tuple[bool, int]:
    """:func:`_strength`, memoised."""
    hit = memo.strength.get(phrase)
    if hit is None:
        hit = memo.strength[phrase] = _strength(gaz, phrase)
    return hit


# Common given names (hand-written): a capitalised word after one of them is a surname.
FIRST_NAMES: frozenset[str] = frozenset("""
james john robert michael william david richard joseph thomas charles christopher daniel
matthew anthony mark donald steven paul andrew joshua kenneth kevin brian george timothy ronald
edward jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin scott brandon
benjamin samuel gregory alexander frank patrick raymond jack dennis jerry aaron jose adam
nathan henry douglas zachary peter kyle walter ethan jeremy harold keith christian roger noah
gerald carl terry sean arthur lawrence jesse dylan bryan joe billy bruce albert
willie gabriel alan juan wayne roy ralph randy eugene vincent russell elijah louis bobby
philip johnny mary patricia jennifer linda elizabeth barbara susan jessica sarah karen lisa
nancy betty margaret sandra ashley kimberly emily donna michelle dorothy carol amanda melissa
deborah stephanie rebecca sharon laura cynthia kathleen amy angela shirley anna brenda pamela
emma nicole helen samantha katherine christine debra rachel carolyn janet catherine maria
heather diane ruth julie olivia joyce kelly lauren christina joan evelyn
judith megan andrea cheryl hannah jacqueline martha gloria teresa ann sara frances
kathryn janice jean abigail alice judy sophia grace denise amber doris marilyn danielle
isabella theresa diana natalie brittany marie kayla alexis lori tom bill bob jim
mike steve dave chris dan matt tony joe ben sam nick ed ted ron ken jeff greg pat rick
""".split())  # noqa: SIM905


_SAID = frozenset({"said", "says", "told", "added", "wrote", "explained", "noted", "asked"})


#: "Flores, 26, had ...", "Clark, a 41-year-old driver": a name with an age is a person's.
_AGED = re.compile(r"\b([A-Z][a-z’'-]+),\s+(?:\d{1,3},|an?\s+\d{1,3}-year-old\b)")


#: Words right after a bare name that make it a person's: "Orla, who ran the shop", "Orla's
#: husband", "Orla and her brother".
_PERSON_AFTER = re.compile(
    r"(?:,? who(?:se|m)?\b|['’]s (?:wife|husband|mother|father|son|daughter|sister|brother|"
    r"parents|family|friend|boyfriend|girlfriend|partner|widow|lawyer|attorney|death|funeral)\b"
    r"| and (?:his|her) )")


#: Whether a word after a common given name of the Census lists (:mod:`._personal`) is a
#: surname for the whole document, as after the hand-written :data:`FIRST_NAMES`.
GIVEN_SURNAMES = True


def _people(text: str, toks: list[tuple[int, int, str]],
            place_like: Callable[[str], bool] | None = None,
            ) -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str],
                       frozenset[str]]:
    """Surnames of the document: "Tom Jones ... Jones said" makes "Jones" a person throughout.

    Returns ``(people, named, given, cued, soft)``: *named* are the surnames the text itself
    introduces as a person's (after a title and a given name: "Capt. Dana R. Hollis", "State
    Sen. Lee Marsh", "Lt. Kim Ortega"); that evidence outweighs a region bearing the name.
    *given* are the given names of those full names ("Gen. Anselm Torvik ... Anselm told the
    crowd"): a later bare mention is the person too, unless a preposition of place stands
    before it. *cued* are bare names that a person cue follows somewhere ("Orla, who ...",
    "Orla's husband"). *soft* are the words after a common given name of the Census lists
    ("Emmeline Tarrow"; *place_like* says which given names may rather be a place before
    another, "Austin Dallas"): surnames, unless a locative places them where they stand.
    """
    names: set[str] = set()
    soft: set[str] = set()  # surnames after a Census given name: a locative still places them
    named: set[str] = set()
    given: set[str] = set()
    # "Orla, who ...", "Orla's husband", "Orla and her son"; not "a nurse of Elmford, who" nor
    # an address ("12 Oak Drive, Elmford, who").
    cued = {tok for k, (_s, e, tok) in enumerate(toks)
            if tok[:1].isupper() and tok.isalpha() and _PERSON_AFTER.match(text, e) and not (
                k > 0 and (toks[k - 1][2].lower() in _LOCATIVE or (
                    toks[k - 1][2][:1].isupper() and "," in text[toks[k - 1][1]:toks[k][0]])))}
    for i in range(1, len(toks)):
        tok = toks[i][2]
        if not tok[:1].isupper():
            continue
        prev = toks[i - 1][2]
        gap = text[toks[i - 1][1]:toks[i][0]]
        p = prev.lower().rstrip(".")
        said_next = (i + 1 < len(toks) and toks[i + 1][2].lower().rstrip(".") in _SAID
                     and text[toks[i][1]:toks[i + 1][0]] == " ")
        if said_next and "," in gap and prev[:1].islower():
            names.add(tok)  # 'the houses away," Nelson said': a speaker after a clause
            continue
        if gap != " ":
            continue
        after_name = (prev[:1].isupper() and prev.isalpha() and p not in STOP_WORDS
                      and p not in _CONNECTORS)
        titled = p in _TITLES and (not REC2_RULES or _title_before(toks, i))
        if titled or p in FIRST_NAMES or (
                said_next and (after_name or p == "and")):
            names.add(tok)
            if p in FIRST_NAMES and prev[:1].isupper():
                named.add(tok)  # "Brian Kassala": a surname, even where a state bears it
        elif (GIVEN_SURNAMES and prev[:1].isupper() and prev[1:].islower() and prev.isalpha()
              and p in _personal.given_names() and tok.isalpha() and tok[1:].islower()
              and p not in STOP_WORDS and tok.lower() not in STOP_WORDS
              and not is_common_word(tok) and tok not in GENERIC_TAILS
              and tok not in _STREET_WORDS and place_like is not None
              and not place_like(prev)):
            soft.add(tok)  # "Emmeline Tarrow": a common given name, then her surname
        elif (i >= 2 and len(prev) == 2 and prev[0].isupper() and prev[1] == "."
              and _is_given_name(text, toks, i - 2)):
            names.add(tok)  # "Dana R. Hollis": a surname after a middle initial
        if titled:
            surname = _titled_surname(text, toks, i)
            if surname is not None:
                names.add(surname)
                named.add(surname)
                given.add(tok)  # "Gen. Anselm Torvik": "Anselm" is his given name
    # A capitalised word right before a surname of the document opens that person's full name
    # ("Anselm Torvik ... Torvik said"); so does one before a speaker ("Anselm Torvik said").
    for i in range(len(toks) - 1):
        tok, nxt = toks[i][2], toks[i + 1][2]
        if ((nxt in names or nxt in soft) and tok[:1].isupper() and tok.isalpha() and len(tok) > 1
                and tok[1:].islower() and text[toks[i][1]:toks[i + 1][0]] == " "
                and tok.lower() not in STOP_WORDS and tok.lower() not in _CONNECTORS
                and tok.lower() not in _TITLES and tok not in names and tok not in soft
                and not is_common_word(tok)
                and nxt.lower() not in _ORG_TAIL and not is_common_word(nxt)):
            given.add(tok)  # not "Elmford Democrat said": a surname is no common word
    return (frozenset(names), frozenset(named), frozenset(given), frozenset(cued),
            frozenset(soft - names))


def _big_or_strong(word: str, gaz: Gazetteer, memo: _Memo) -> bool:
    """Whether *word* names a country or region or a city of 100k+ ("Austin", "Georgia"): a
    word after it may be another place, not a surname ("Paris Texas")."""
    strong, pop = _strength_of(word, gaz, memo)
    return strong or pop >= BIG_CITY_OPENS


def _titled_surname(text: str, toks: list[tuple[int, int, str]], i: int) -> str | None:
    """The surname of a full name right after a title ("Capt. Dana R. Hollis" -> "Nelson").

    Token ``i`` follows the title. A given name (a plain capitalised word), optional middle
    initials, then the surname, all one space apart; ``None`` when the title is followed by a
    single name ("Gov. Perry") or by anything else.
    """
    run = [i]
    k = i + 1
    while k < len(toks) and len(run) < 4 and text[toks[k - 1][1]:toks[k][0]] == " ":
        tok = toks[k][2]
        if not tok[:1].isupper() or tok.lower().rstrip(".") in STOP_WORDS:
            break
        run.append(k)
        if not (len(tok) == 2 and tok[1] == "."):
            break  # a full word ends the name; initials go on
        k += 1
    if len(run) < 2 or not _is_given_name(text, toks, run[0]) or toks[run[0]][2].endswith("."):
        return None
    last = toks[run[-1]][2]
    if not (last.isalpha() and last[1:].islower() and len(last) > 1):
        return None
    return last


def _is_street(toks: list[tuple[int, int, str]], k: int) -> bool:
    """Whether token ``k`` (right after a name) makes the name a street's."""
    word = toks[k][2]
    if word in _STREET_WORDS or word.rstrip(".") in _STREET_WORDS or word.lower() in _STREETS:
        return True
    # "Memphis and Dallas streets": the first of two street names.
    return (word in ("and", "or", "&") and k + 2 < len(toks) and toks[k + 1][2][:1].isupper()
            and toks[k + 2][2].lower() in _STREETS)


def _is_given_name(text: str, toks: list[tuple[int, int, str]], k: int) -> bool:
    """Whether token ``k`` looks like a given name right before a middle initial."""
    word = toks[k][2]
    return (word[:1].isupper() and word.isalpha() and len(word) > 1
            and word.lower() not in STOP_WORDS and word.lower() not in _CONNECTORS
            and toks[k + 1][0] - toks[k][1] == 1 and text[toks[k][1]] == " ")


def _aliases_with_note(note: str) -> frozenset[str]:
    from geomap.gazetteer._sources import curated_dir

    path = curated_dir() / "aliases.csv"
    if not path.exists():
        return frozenset()
    import csv

    with path.open(encoding="utf-8", newline="") as fh:
        return frozenset(r["alias"] for r in csv.DictReader(fh)
                         if note in (r.get("note") or "") or note in (r.get("kind") or ""))


_DEMONYM_ALIASES: frozenset[str] | None = None
_DOTTED: frozenset[str] | None = None


def _demonyms() -> frozenset[str]:
    global _DEMONYM_ALIASES
    if _DEMONYM_ALIASES is None:
        _DEMONYM_ALIASES = (frozenset(a.lower() for a in _aliases_with_note("demonym"))
                            | DEMONYMS | place_demonyms())
    return _DEMONYM_ALIASES


def _dotted() -> frozenset[str]:
    global _DOTTED
    if _DOTTED is None:
        _DOTTED = frozenset(a for a in _aliases_with_note("") if a.endswith("."))
    return _DOTTED


def _keep_final_dot(phrase: str) -> bool:
    # "D.C.", "N.Y.", "W.Va." and "Ind." keep their dot; "Tripoli." ending a sentence does not.
    return bool(re.search(r"(?:^|\.)[A-Za-z]\.$", phrase)) or phrase in _dotted()


#: Abbreviated first words of place names: a name goes on after their dot ("St. Albans").
_NAME_ABBREVIATIONS = frozenset({"St.", "Ste.", "Mt.", "Ft.", "Pt.", "ST.", "STE.", "MT.", "FT.",
                                 "PT."})
#: Words after a saint's name that make it a church's, school's or hospital's ("St. Agnes
#: Catholic School"), not a town's.
_SAINT_INSTITUTIONS = frozenset({
    "church", "cathedral", "chapel", "parish", "catholic", "lutheran", "methodist", "episcopal",
    "baptist", "presbyterian", "orthodox", "hospital", "school", "schools", "academy", "college",
    "university", "cemetery", "health", "medical", "retirement", "dominican", "mercy", "youth",
    "elementary", "high", "middle", "prep", "seminary", "abbey", "monastery", "convent",
    "home", "center", "centre", "hall", "society", "regional"})


#: What follows the place of a dateline: its region, the agency, then a dash ("ELMFORD, Ore.
#: (AP) — ").
_DATELINE_AFTER = re.compile(
    r"(?:,\s*[A-Z][\w.]*(?: [A-Z][\w.]*)?)?\s*(?:\([^()\n]{1,30}\)\s*)?"
    r"(?:—|–|--|-|\x97|\x96)\s+[\"“]?[A-Z]")
#: (U+0097 and U+0096 are the cp1252 dashes of feeds decoded as Latin-1.)
#: The same without a dash: an agency in brackets ("ELMFORD, Ore. (AP) Police ...") or the
#: wide gap some feeds leave ("ELMFORD  The council ...").
_DATELINE_NO_DASH = re.compile(
    r"(?:,\s*[A-Z][\w.]*(?: [A-Z][\w.]*)?)?(?:\s*\([A-Za-z][^()\n]{0,29}\)\s+| {2,}|\t)[\"“]?[A-Z]")


#: "City of Elmford", "State of Ohio": the government or the area of the place named after
#: "of"; the mention is that name.
_GOVERNED_OF = frozenset({"City", "Town", "Village", "State", "Province", "Borough",
                          "Township", "District", "Municipality", "Shire", "CITY", "TOWN",
                          "VILLAGE", "STATE", "DISTRICT"})
#: Designators whose "X of Y" has always been read as Y (kept as they were measured).
_GOVERNED_OF_TOWN = frozenset({"City", "Town", "Village", "State", "Province", "Borough",
                               "Township", "CITY", "TOWN", "VILLAGE", "STATE"})
#: "Elmford City Council", "Elmford Town Hall", "Elmford District Court": a designator between
#: a town and the name of its council, office or court.
_GOVERNED_BY = frozenset({"City", "Town", "Village", "District"})
_POPULATED = frozenset({"city", "town", "village"})


def _government_trim(text: str, toks: list[tuple[int, int, str]], i: int, j: int, start: int,
                     end: int, mention_text: str, gaz: Gazetteer, memo: _Memo
                     ) -> tuple[int, int, str]:
    """The span of the place itself in a phrase that names its government.

    "City of Elmford" and "Elmford City Council" name Elmford (news corpora annotate the town,
    not the designator); "Kansas City Council" keeps "Kansas City", a town of that very name.
    """
    if i + 2 <= j and toks[i][2] in _GOVERNED_OF and toks[i + 1][2] == "of":
        rest = text[toks[i + 2][0]:end]
        if _lookup_cached(gaz, rest, memo) is not None and not (
                toks[i][2] not in _GOVERNED_OF_TOWN and _names_a_place(gaz, mention_text)):
            # "District of Hope" is Hope; "District of Columbia" is a place of that very name.
            return toks[i + 2][0], end, rest
        return start, end, mention_text
    if (i < j and toks[j][2] in _GOVERNED_BY and j + 1 < len(toks)
            and text[toks[j][1]:toks[j + 1][0]] == " "
            and (toks[j + 1][2][:1].isupper() or toks[j + 1][2].isdigit())
            and toks[j + 1][2] != "of"):
        head = text[start:toks[j - 1][1]]
        if _lookup_cached(gaz, head, memo) is None or _names_a_town(gaz, mention_text):
            return start, end, mention_text
        strong, pop = _strength_of(head, gaz, memo)
        if i == j - 1 and not strong and pop < _COMMON_WORD_POP and is_common_word(head):
            return start, end, mention_text  # "Inner City", "Emerald City Players": no town
        return start, toks[j - 1][1], head
    return start, end, mention_text


def _lookup_cached(gaz: Gazetteer, phrase: str, memo: _Memo) -> tuple[int, bool] | None:
    hit = memo.phrases.get(phrase, _MISSING)
    if hit is _MISSING:
        hit = memo.phrases[phrase] = _lookup_phrase(gaz, phrase)
    return hit  # type: ignore[no-any-return]


def _names_a_place(gaz: Gazetteer, phrase: str) -> bool:
    """Whether *phrase* is a name or alternate name of some place ("District of Columbia")."""
    return any(kind in (PRIMARY, ALT) for _ent, kind in gaz.index.postings(norm.key(phrase)))


def _names_itself(gaz: Gazetteer, phrase: str) -> bool:
    """Whether *phrase* is the main name of some place ("The Hague", "Kansas City")."""
    return any(kind == PRIMARY for _ent, kind in gaz.index.postings(norm.key(phrase)))


def _names_a_town(gaz: Gazetteer, phrase: str) -> bool:
    """Whether *phrase* is the main name of a town or city ("Kansas City", "Cape Town")."""
    ix = gaz.index
    return any(kind == PRIMARY and ix.features[int(ix.feat[ent])] in _POPULATED
               for ent, kind in ix.postings(norm.key(phrase)))


def _dateline(text: str, toks: list[tuple[int, int, str]], i: int, j: int) -> bool:
    """Whether ``toks[i..j]`` is the place of a dateline: capitals opening a line or a
    sentence, then a dash and the story's first sentence ("ELMFORD — The", "PORT ELM, Ore.
    (AP) -- Police"); not "NATO - led"."""
    if not all(t[2].isupper() and len(t[2].rstrip(".")) > 1 for t in toks[i:j + 1]):
        return False
    if i > 0 and not _sentence_initial(text, toks, i):
        return False
    if _DATELINE_AFTER.match(text, toks[j][1]):
        return True
    # Without a dash an acronym is more likely than a town ("NATO  The alliance").
    return REC2_RULES and bool(_DATELINE_NO_DASH.match(text, toks[j][1])) and (
        i < j or len(toks[i][2]) > 5 or text[toks[j][1]:toks[j][1] + 1] == ",")


#: A saint's town this big opens the names of its institutions like any town.
_SAINT_TOWN_POP = 50_000


def _saint_not_place(text: str, toks: list[tuple[int, int, str]], i: int, j: int,
                     gaz: Gazetteer, memo: _Memo) -> bool:
    """Whether a name opening with "St."/"Mt."... (``toks[i..j]``) names no place here.

    Saints and mounts name churches, schools and hospitals ("St. Agnes Catholic School",
    "St. Agnes's", "Mt. Olive Baptist Church") and people ("Ft. Knox said"). A big city or a
    region keeps its name ("St. Petersburg's museums"); a town placed in its region ("St.
    Agnes, Nfld.") is a town.
    """
    phrase = text[toks[i][0]:toks[j][1]]
    strong, pop = _strength_of(phrase, gaz, memo)
    if strong or pop >= _COMMON_WORD_POP or _placed_after(text, toks, j, gaz, memo):
        return False
    end = toks[j][1]
    if text[end:end + 2] in ("'s", "’s"):
        return True  # "St. Agnes's": a church or school named after the saint
    if j + 1 < len(toks) and text[end:toks[j + 1][0]] == " " and (
            (toks[j + 1][2].lower().rstrip(".") in _SAINT_INSTITUTIONS and pop < _SAINT_TOWN_POP)
            or toks[j + 1][2].lower() in _SAID):
        return True  # a town of its own size names its institutions ("St. Elmo Hospital")
    return bool(re.search(re.escape(phrase) + r",? (?:said|says|told)\b", text))


_GAP_BREAK = re.compile(r"[\n,;:()\[\]\"!?]")
#: A dash between words ends a name ("ELMFORD — City officials"); a hyphen inside a word
#: does not ("Guinea-Bissau").
_DASH_GAP = re.compile(r"[—–]|\s-|-\s")


def _longest_match(text: str, toks: list[tuple[int, int, str]], info: list[_Props], i: int,
                   gaz: Gazetteer, memo: _Memo) -> tuple[int, int, bool] | None:
    n = len(toks)
    last = i
    for j in range(i + 1, min(n, i + _MAX_PHRASE)):
        gap_start = toks[j - 1][1]
        gap_end = toks[j][0]
        # Most gaps are one space; others end the phrase at a line break or punctuation.
        if (gap_end - gap_start != 1 or text[gap_start] != " ") and (_GAP_BREAK.search(
                text, gap_start, gap_end) or _DASH_GAP.search(text, gap_start, gap_end)):
            break
        prev = toks[j - 1][2]
        if prev.endswith(".") and not memo.keep_dot(prev) and not (
                prev in _NAME_ABBREVIATIONS and text[gap_start:gap_end] == " "):
            break  # a sentence ends here, unless "St. Albans", "Mt. Hood", "Ft. Myers"
        if info[j][1]:
            last = j
        else:
            break
    phrases = memo.phrases
    start = toks[i][0]
    for j in range(last, i - 1, -1):
        if not info[j][2]:
            continue
        phrase = text[start:toks[j][1]]
        hit = phrases.get(phrase, _MISSING)
        if hit is _MISSING:
            hit = phrases[phrase] = _lookup_phrase(gaz, phrase)
        if hit is not None:
            return j, hit[0], j > i or hit[1]
    return None


def _lookup_phrase(gaz: Gazetteer, phrase: str) -> tuple[int, bool] | None:
    """Best lookup kind of a candidate phrase and whether it carries a feature word, or None.

    A pure function of (index, phrase), memoised by the caller.
    """
    k = norm.key(phrase)
    if not k:
        return None
    posts = gaz.index.postings(k)
    kinds = {kind for _ent, kind in posts}
    if CODE in kinds and phrase.replace(".", "").isupper() and any(
            kind == CODE and _is_strong(gaz, ent) for ent, kind in posts):
        kinds.add(ALT)  # "US", "UK", "DRC", "NSW": codes of countries and regions
    core, hint = norm.split_feature(k)
    if hint and core != k:
        kinds |= {kind for _ent, kind in gaz.index.postings(core) if kind != CORE or hint}
    kinds &= _LOOKUP_KINDS
    if kinds:
        return min(kinds), bool(hint)
    if phrase.endswith("."):
        k2 = norm.key(phrase[:-1])
        if k2 and {kd for _e, kd in gaz.index.postings(k2)} & _LOOKUP_KINDS:
            return PRIMARY, False
    if _compass_variant_names_unit(gaz, k):
        return ALT, bool(hint)
    if IRISH_COUNTY and _irish_county_key(k) is not None and {
            kd for _e, kd in gaz.index.postings(_irish_county_key(k) or "")} & {PRIMARY, ALT}:
        return ALT, True
    if _folds_to_place(gaz, phrase, k):
        return ALT, bool(hint)
    return None


#: "Co Cork", "Co. Galway": the Irish and Northern Irish way of writing "County Cork" (switch).
IRISH_COUNTY = True


def _irish_county_key(k: str) -> str | None:
    """The key of "County X" for the key of "Co X" / "Co. X", else None."""
    first, _sp, rest = k.partition(" ")
    return f"county {rest}" if first in ("co", "co.") and rest else None


#: A compass word and its adjective: "North Darfur" and "Northern Darfur" name one province.
_COMPASS_FORMS = {"north": "northern", "south": "southern", "east": "eastern", "west": "western"}
_COMPASS_FORMS.update({v: k for k, v in list(_COMPASS_FORMS.items())})
#: Features a compass variant may reach: subdivisions and regions, not towns ("North Bend").
_COMPASS_UNITS = frozenset({"region", "district", "area"})


def _compass_variant_names_unit(gaz: Gazetteer, k: str) -> bool:
    """Whether the other compass form of the key's first word names a subdivision or region
    ("north darfur" -> Northern Darfur, "western cape" -> no: it is indexed as written)."""
    first, _sp, rest = k.partition(" ")
    other = _COMPASS_FORMS.get(first)
    if not other or not rest:
        return False
    ix = gaz.index
    return any(kind in (PRIMARY, ALT) and ix.features[int(ix.feat[ent])] in _COMPASS_UNITS
               for ent, kind in ix.postings(f"{other} {rest}"))


#: Least similarity (rapidfuzz ratio of the article-less keys) of a press spelling of an Arabic
#: name to the gazetteer's spelling with the same consonant skeleton.
_FOLD_TAG_MIN = 0.75


def _folds_to_place(gaz: Gazetteer, phrase: str, k: str) -> bool:
    """Whether a name of two or more words with an Arabic article or head word ("Maarat
    al-Numan", "Ras al Ain", "Kafr Zeita") is a press spelling of a gazetteer name: same
    consonant skeleton (:func:`~geomap.gazetteer._normalize.fold`: vowels, doubled letters,
    articles, ' and -ah aside) and a close spelling. One-word names are left out: a skeleton
    of one word matches too many common words."""
    words = phrase.split()
    if len(words) < 2 or not (words[0].lower() in _ARABIC_HEADS or any(
            w.lower() in _ARABIC_ARTICLES or _ARTICLE_PREFIX.match(w) for w in words[1:])):
        return False
    f = norm.fold(k)
    if not f:
        return False
    from rapidfuzz import fuzz

    mine = norm.bare(k) or k
    name_key = gaz._ents.name_key
    for ent, kind in gaz.index.postings("~" + f):
        if kind != FOLD:
            continue
        other = name_key(ent, norm.key)
        if fuzz.ratio(mine, norm.bare(other) or other) / 100.0 >= _FOLD_TAG_MIN:
            return True
    return False


#: A one-word press spelling of a gazetteer name (same consonant skeleton, close spelling) is a
#: mention when it is listed beside places ("towns such as Kelvar, Dorno and Ashby"): the list
#: says it is a place, the skeleton which one. Alone, a skeleton of one word matches too many
#: words (issue #17).
LISTED_FOLDS = True
_LISTED_FOLD_MIN = 0.8
#: A place noun says so more firmly ("the town of X", "X district"), and a French or English
#: press spelling of an Arabic district differs more in its vowels ("Ouselan" / Usaylan).
_NOUNED_FOLD_MIN = 0.7
_FOLD_PLACE_NOUNS = frozenset({"town", "village", "city", "district", "province",
                               "governorate", "region", "county"})


def _listed_fold(text: str, toks: list[tuple[int, int, str]], i: int, gaz: Gazetteer,
                 memo: _Memo, lower_seen: set[str]) -> bool:
    """Whether the unknown capitalised word ``toks[i]`` is a press spelling of a gazetteer
    name listed beside other places."""
    tok = toks[i][2]
    if tok.lower() in _demonyms():
        return False  # "Gazan and Tibetan groups": a people, however like a place it is spelt
    # Memoised per word (most capitalised words are no candidate): the word's own tests and
    # its spelling similarity to the index names of its skeleton.
    sim = memo.folds.get(tok)
    if sim is None:
        sim = memo.folds[tok] = _fold_similarity(gaz, tok) if (
            len(tok) >= 6 and tok.isascii() and tok.isalpha() and tok[:1].isupper()
            and not tok.isupper() and not is_common_word(tok)
            and not _personal.is_personal(tok) and tok.lower() not in FIRST_NAMES) else 0.0
    if sim < _NOUNED_FOLD_MIN or tok.lower() in lower_seen:
        return False
    if (i + 1 < len(toks) and text[toks[i][1]:toks[i + 1][0]] == " "
            and toks[i + 1][2][:1].isupper()):
        return False  # the first word of a longer name ("Banana Republic", "Goose Creek")
    nxt = toks[i + 1][2] if i + 1 < len(toks) else ""
    kind_noun = (nxt in _FOLD_PLACE_NOUNS and text[toks[i][1]:toks[i + 1][0]] == " ") or (
        i >= 2 and toks[i - 1][2] == "of" and toks[i - 2][2].lower() in _FOLD_PLACE_NOUNS)
    if kind_noun:
        return True
    return sim >= _LISTED_FOLD_MIN and _listed_with_places(
        text, toks, i, gaz, memo, people_too=False, given_too=False)


def _fold_similarity(gaz: Gazetteer, tok: str) -> float:
    """The best spelling similarity of a one-word name to the index names of the same
    consonant skeleton (four consonants at least), 0 if none."""
    k = norm.key(tok)
    f = norm.fold(k)
    if not f or len(f) < 4:
        return 0.0
    from rapidfuzz import fuzz

    name_key = gaz._ents.name_key
    best = 0.0
    for ent, kind in gaz.index.postings("~" + f):
        if kind == FOLD:
            other = name_key(ent, norm.key)
            best = max(best, fuzz.ratio(k, norm.bare(other) or other) / 100.0)
    return best


_TAIL_WORDS = frozenset(w for words in _FEATURE_TAIL for w in words)
#: Feature tails that say what kind of area a name is; written in lower case they stay out of
#: the mention ("Idlib province" is the mention "Idlib"), as news corpora annotate names.
#: Not "county": a US county is a name of its own ("Orange County"), seldom written in lower case.
_ADMIN_TAILS = frozenset({"district", "neighbourhood", "neighborhood", "governorate",
                          "province", "municipality"})
#: Feature tails by their first word, in the order of _FEATURE_TAIL (the first match wins).
_TAIL_BY_FIRST: dict[str, tuple[tuple[str, ...], ...]] = {}
for _words in _FEATURE_TAIL:
    _TAIL_BY_FIRST[_words[0]] = (*_TAIL_BY_FIRST.get(_words[0], ()), _words)


#: Words that say what kind of area a name is ("Central District", "Eastern Province").
_DESIGNATORS = frozenset({"district", "province", "region", "state", "county", "division",
                          "governorate", "territory", "zone", "area", "department"})
_DIRECTIONS = frozenset({"north", "south", "east", "west", "northern", "southern", "eastern",
                         "western", "central", "northeast", "northwest", "southeast", "southwest",
                         "northeastern", "northwestern", "southeastern", "southwestern", "upper",
                         "lower", "greater", "downtown", "rural", "coastal"})


def _sentence_initial(text: str, toks: list[tuple[int, int, str]], k: int) -> bool:
    if k == 0:
        return True
    gap = text[toks[k - 1][1]:toks[k][0]]
    return toks[k - 1][2].endswith(".") or "\n" in gap or gap.strip()[-1:] in {
        '"', "“", "!", "?", ":"}


def _is_strong(gaz: Gazetteer, ent: int) -> bool:
    feat = gaz.index.features[int(gaz.index.feat[ent])]
    return feat in ("country", "continent", "region", "area") or gaz.index.sources[
        int(gaz.index.src[ent])] == "curated"


def _accept(text: str, toks: list[tuple[int, int, str]], i: int, j: int, phrase: str,
            gaz: Gazetteer, lower_seen: set[str], multi: bool, people: frozenset[str],
            memo: _Memo | None = None, named: frozenset[str] = frozenset(),
            given: frozenset[str] = frozenset(), cued: frozenset[str] = frozenset(),
            placed: frozenset[str] = frozenset(), soft: frozenset[str] = frozenset(),
            located: frozenset[str] = frozenset()) -> bool:
    memo = memo if memo is not None else _Memo()
    first = toks[i][2].lower().rstrip(".")
    words = [t[2].lower().rstrip(".") for t in toks[i:j + 1]]
    if i == j and (first in STOP_WORDS or first in DEMONYMS):
        return False
    if i == j and first in _CONNECTORS and not (
            (toks[i][2].endswith(".") or (STATE_CODE_AFTER_TOWN and toks[i][2].isupper()
                                          and len(toks[i][2]) == 2
                                          and _town_before_comma(text, toks, i, gaz, memo)))
            and i > 0 and text[toks[i - 1][1]:toks[i][0]] == ", "
            and toks[i - 1][2][:1].isupper()):
        # "Bin", "Abu", "Del" alone are parts of names; "Sulphur, La." and "Monroe, LA" are
        # a town and its state.
        return False
    if phrase.lower() in _demonyms() or phrase.lower().rstrip("s") in _demonyms():
        return False  # "Libyan", "South African": adjectives, not place mentions
    if _dateline(text, toks, i, j):
        return True  # "ELMFORD — The council met": the dateline names where the story is from
    if all(w in STOP_WORDS or w in _TAIL_WORDS for w in words) and not (
            i < j and (_strength_of(phrase, gaz, memo)[0] or (
                REC2_RULES and words[0] in _DIRECTIONS and _after_preposition(text, toks, i)
                and _strength_of(phrase, gaz, memo)[1] > 0)) and any(
                w not in _DIRECTIONS and w not in _TAIL_WORDS and w not in _DESIGNATORS
                for w in words)):
        # "The base", "the district", "North West": no name; but a region may be made of
        # such words ("West Bank", "North Island"), and so may a town named after a
        # preposition ("a fire in North Fork").
        return False
    prev = toks[i - 1][2].lower().rstrip(".") if i > 0 else ""
    prev_gap = text[toks[i - 1][1]:toks[i][0]] if i > 0 else ""
    nxt = toks[j + 1][2] if j + 1 < len(toks) else ""
    nxt_gap = text[toks[j][1]:toks[j + 1][0]] if j + 1 < len(toks) else ""
    if prev in _TITLES and not prev_gap.strip() and (not REC2_RULES or _title_before(toks, i)):
        return False  # "Gen. Lee", "spokesman Hale"; not "to miss Elmford", "his brother. Elmford"
    if (toks[i][2] in _NAME_ABBREVIATIONS and prev_gap == " " and toks[i - 1][2][:1].isupper()
            and prev not in STOP_WORDS and prev not in _CONNECTORS):
        return False  # "Elm St. Albans said": the street's abbreviation, then another name
    if toks[i][2] in _NAME_ABBREVIATIONS and _saint_not_place(text, toks, i, j, gaz, memo):
        return False  # "St. Agnes's Hospital", "Mt. Olive Baptist Church", "Ft. Knox said"
    tok = toks[i][2]
    if (i == j and 2 <= len(tok) <= 3 and tok.isascii() and tok.isalpha() and tok.isupper()
            and tok not in PROSE_CODES and not (prev_gap == ", " and toks[i - 1][2][:1].isupper())):
        return False  # "it was OK", "PA officials": a code, not a place, unless "Tulsa, OK"
    if (nxt and not nxt_gap.strip() and nxt.lower().rstrip(".") in _ORG_TAIL
            and not ORG_PLACES):
        return False
    if _in_title_of_press(text, toks, i, j):
        return False  # "The Miami Herald reports", "Lansing State Journal", "Times of India"
    end = toks[j][1]
    if text[end:end + 1] == "$":
        return False  # "US$460 million", "NZ$5": a currency
    if REC2_RULES and _STRAIN.match(text, end) and text[toks[i][0] - 1:toks[i][0]] == "/":
        return False  # "A/Elmford/12/2031 (H3N2)": a virus strain's designation
    if ALIAS_ONLY_CHECK and not _placed_after(text, toks, j, gaz, memo) and _alias_only(
            phrase, gaz, memo):
        return False  # "Hamas", "Taliban": another place's other name, not a place here
    if SEATS_CHECK and phrase in _SEATS and not _placed_after(text, toks, j, gaz, memo):
        return False  # "the White House said": a government by the seat it sits in
    if (SEATS_CHECK and i > 0 and toks[i - 1][2] == "United" and prev_gap == " "
            and _lookup_cached(gaz, text[toks[i - 1][0]:toks[j][1]], memo) is None):
        return False  # "United Russia", "United Macedonia": a party, not the country
    strong, best_pop = _strength_of(phrase, gaz, memo)
    if (nxt and nxt_gap == " " and nxt.lower().rstrip(".") in _DISEASE_WORDS
            and not strong):
        return False  # "Marburg virus", "Lyme disease", "Reston ebolavirus": named after it
    if i == j and first in FIRST_NAMES and prev not in _PREPOSITIONS and not (
            REC2_RULES and (_direction_of(toks, i) or _listed_with_places(
                text, toks, i, gaz, memo, people_too=False, given_too=False))):
        return False  # given names that are also places ("Mary") are people far more often
    if i == j and toks[i][2] in people and (not strong or toks[i][2] in named):
        return False
    if (i == j and toks[i][2] in soft and not strong and prev not in _LOCATIVE
            and prev not in _DIRECTIONS):
        return False  # "Emmeline Tarrow ... Tarrow said"; but "downtown Tarrow" is a place
    if (i == j and toks[i][2] in given and prev not in _PREPOSITIONS and (
            not strong or (nxt_gap == " " and nxt.lower() in _SAID)
            or _PERSON_AFTER.match(text, end))):
        return False  # "Anselm Torvik ... Anselm told": the given name of a person of the text
    if (i == j and toks[i][2] in cued and not strong and best_pop < _COMMON_WORD_POP
            and prev not in _LOCATIVE):
        return False  # "Orla's husband", "Orla, who": a person (a big city may be a team's)
    if (i == j and nxt_gap == " " and (nxt in people or nxt in soft) and nxt[:1].isupper()
            and not toks[j][2].endswith(".") and not _civic(nxt)):
        return False  # "Georgia Evans ... Evans said": a given name before a known surname
    if (i == j and i >= 2 and len(toks[i - 1][2]) == 2 and toks[i - 1][2][1] == "."
            and toks[i - 1][2][0].isupper() and prev_gap == " "
            and _is_given_name(text, toks, i - 2)):
        return False  # "Dana R. Hollis": a person here even when a region bears the name
    # A hyphen joins like a space ("Tess Lowry-Baines", "Wal-Mart"), unless the first part is
    # itself a country or state ("Nebraska-Lincoln", "India-Pakistan").
    joined = not prev_gap.strip() or (
        prev_gap == "-" and not _strength_of(toks[i - 1][2], gaz, memo)[0])
    if (i > 0 and i == j and joined and toks[i - 1][2][:1].isupper()
            and prev not in _LOCATIVE and prev not in _DIRECTIONS
            and not (prev in STOP_WORDS and _sentence_initial(text, toks, i - 1))
            and not toks[i - 1][2].endswith(".") and not strong):
        return False  # second word of a capitalised run that is no place: "Jordan Smith"
    if (i == j and not strong and prev == "the" and nxt_gap == " "
            and nxt.lower() in _HOLDER_WORDS and ADJECTIVE_CHECK):
        return False  # "the Holloway administration", "the Marsh family": a person's
    if i == j and not strong and _named_creature(toks, i):
        return False  # "a dog named Levi", "her son, called Barry": a name, not a place
    if i == j and ((not strong and _construct_head(text, toks, j))
                   or _construct_tail(text, toks, i)):
        return False  # "Bab al-Aziziya", "Tell al Hamra": a part of a longer Arabic name
    # "Jordan Smith": a capitalised word right after a one-word name that did not join it in
    # the longest match is probably a surname or an organisation.
    if (nxt and not nxt_gap.strip() and nxt[:1].isupper() and i == j and not strong
            and not toks[j][2].endswith(".") and not _known(nxt, gaz, memo)
            and not (best_pop >= BIG_CITY_OPENS and prev in _ORG_OPENERS
                     and not is_common_word(toks[i][2]) and not _personal.is_personal(
                         toks[i][2]))):
        return False
    if (REC2_RULES and i == j and strong and nxt_gap == " " and nxt[:1].isupper()
            and not toks[j][2].endswith(".") and prev not in _LOCATIVE
            and not toks[i][2].isupper()
            and (is_common_word(toks[i][2]) or toks[i][2] in _SURNAME_PARTICLES)
            and not _is_country_or_capital(gaz, phrase)
            and not _civic(nxt) and not _place_word_after(nxt, nxt_gap)
            and nxt.lower().rstrip(".") not in _ORG_TAIL and not _known(nxt, gaz, memo)):
        return False  # "Grand Jury", "Green Harvest", "Van Dorn": a common word opening a name
    if (i == j and nxt.lower().rstrip(".") in _SAID and nxt_gap == " " and not strong
            and prev not in _LOCATIVE):
        return False  # "Lincoln said"
    if (i == j and PERSONAL_NAMES and not strong and best_pop < _PERSONAL_MAX_POP
            and _personal.is_personal(toks[i][2].rstrip("."))
            and toks[i][2].rstrip(".") not in placed
            and not _place_cue(text, toks, i, gaz, memo)):
        return False  # "Nina", "Conrad", "Wilkinson": a common personal name needs a place cue
    if nxt and nxt_gap == " " and not toks[j][2].endswith(".") and _is_street(toks, j + 1):
        return False  # "Quincy Street", "Harrison and Lakeview streets": a street, not the place
    if (nxt.isdigit() and nxt_gap == " " and i == j and len(toks[i][2]) <= 3
            and toks[i][2].isupper()):
        return False  # "KY 90", "FM 678": a road number
    if (nxt.isdigit() and nxt_gap == " " and i == j
            and toks[i][2].rstrip(".").lower() in _ROAD_ABBREVIATIONS):
        return False  # "Hwy 1", "Rte 9": a road number, whatever town the abbreviation spells
    head, apostrophe, _rest = toks[i][2].replace("’", "'").partition("'")
    if apostrophe and head.lower() in _PRONOUNS:
        return False  # "I've", "I'd": a contraction
    if multi:
        return True
    sentence_start = i == 0 or toks[i - 1][2].endswith(".") or "\n" in prev_gap or (
        prev_gap.strip()[-1:] in {'"', "“", "!", "?", ":"})
    if first in lower_seen and not strong:
        return False
    tok = toks[i][2].rstrip(".")
    # "of" after a capitalised word is inside an organisation's name ("Chamber of Commerce").
    of_org = prev == "of" and i >= 2 and toks[i - 2][2][:1].isupper()
    if (not strong and best_pop < _COMMON_WORD_POP and (prev not in _LOCATIVE or of_org)
            and not tok.isupper() and not _place_word_after(nxt, nxt_gap)
            and is_common_word(tok) and not _listed_with_places(text, toks, i, gaz, memo)
            and not _PLACE_APPOSITIVE.match(text, end)):
        # (an appositive says it is a place: "took back Hit, a town in the west")
        return False  # "Chamber of Commerce", "St. Patrick's Day", "the Royal bakery"
    if (ADJECTIVE_CHECK and not strong and prev not in _LOCATIVE and nxt_gap == " "
            and nxt[:1].islower() and nxt.isalpha() and not _place_word_after(nxt, nxt_gap)
            and not _civic(nxt) and nxt.lower() not in _PLACE_VERBS and not tok.isupper()
            and not nxt.endswith("ed") and nxt.lower() not in _VERBS
            and is_common_word(tok) and not _listed_with_places(text, toks, i, gaz, memo)):
        return False  # "Lane closure", "Gulf security": a common word before its noun
    if tok.isupper() and len(tok) <= 5 and "." not in tok and not strong:
        return False  # acronyms (GNA, LNA, NATO) are organisations far more often than places
    if (sentence_start and not strong and best_pop < 50_000 and prev not in _LOCATIVE
            and not (best_pop > 0 and _PLACE_AFTER.match(text, end))
            and not (best_pop > 0 and _said_of_a_list(text, end))
            and not (nxt_gap == " " and (_civic(nxt) or _place_word_after(nxt, nxt_gap)))
            and not (best_pop > 0 and tok in located)):
        # An opener unless said of a place ("X, which ...", "X was shelled") or a place of
        # the same text elsewhere ("fighting near X ... X has ...": one sense per document).
        return False
    if strong or best_pop >= _SINGLE_MIN_POP:
        return True
    if (LISTED_SMALL and i == j and not multi and tok not in _STREET_WORDS
            and not toks[i][2].replace("’", "'").endswith("'s")
            and text[toks[i][1]:toks[i][1] + 2].replace("’", "'") != "'s"
            and _listed_with_places(text, toks, i, gaz, memo, people_too=False, given_too=False)):
        return True  # "Kyegegwa, Bududa and Kisoro": a small place listed with larger ones
    return prev in _LOCATIVE


def _town_before_comma(text: str, toks: list[tuple[int, int, str]], i: int, gaz: Gazetteer,
                       memo: _Memo) -> bool:
    """Whether the one to three capitalised words before ``toks[i]`` and its comma name a
    place ("Baton Rouge, LA"; not "Ahmed, AL")."""
    for k in range(i - 1, max(i - 4, -1), -1):
        if not toks[k][2][:1].isupper() or (k < i - 1 and text[toks[k][1]:toks[k + 1][0]] != " "):
            return False
        if _lookup_cached(gaz, text[toks[k][0]:toks[i - 1][1]], memo) is not None:
            return True
    return False


#: A two-letter state code after a town and a comma that spells an article ("Monroe, LA",
#: "Dothan, AL") is the state, as "Tulsa, OK" is (switch for A/B measurements).
STATE_CODE_AFTER_TOWN = True
#: A one-word name of a small place listed beside larger places is a place (switch for A/B).
LISTED_SMALL = True


#: Rules of the second recognition round of issue #18 (a switch for A/B measurements).
REC2_RULES = True
_DISTANCE_WORDS = frozenset({"miles", "mile", "km", "kilometres", "kilometers", "outskirts",
                             "edge", "heart", "centre", "center", "suburbs"})


#: Titles that are also common lower-case words ("to miss", "in general", "a major road").
_TITLE_WORDS = frozenset({"miss", "general", "major"})


def _title_before(toks: list[tuple[int, int, str]], i: int) -> bool:
    """Whether the title word before ``toks[i]`` is a title there: capitalised, or lower-case
    but neither a common word of another sense nor ending its sentence ("his brother.")."""
    tok = toks[i - 1][2]
    if tok[:1].isupper():
        return True
    return not tok.endswith(".") and tok.lower() not in _TITLE_WORDS


#: What follows the place of an influenza strain's designation ("A/Elmford/12/2031").
_STRAIN = re.compile(r"/\d")
#: Particles that open surnames ("Van Dorn", "Von Holt") and also name places alone.
_SURNAME_PARTICLES = frozenset({"Van", "Von"})


def _is_country_or_capital(gaz: Gazetteer, phrase: str) -> bool:
    """Whether *phrase* names a country or a national capital outright."""
    ix = gaz.index
    for ent, kind in ix.postings(norm.key(phrase)):
        if kind in (PRIMARY, ALT, CODE) and (ix.features[int(ix.feat[ent])] == "country"
                                       or int(ix.flags[ent]) & FLAG_CAPITAL):
            return True
    return False


def _after_preposition(text: str, toks: list[tuple[int, int, str]], i: int) -> bool:
    """Whether ``toks[i]`` follows a lower-case preposition of place ("in", "near"...)."""
    return i > 0 and toks[i - 1][2] in _PREPOSITIONS and text[toks[i - 1][1]:toks[i][0]] == " "


def _direction_of(toks: list[tuple[int, int, str]], i: int) -> bool:
    """Whether ``toks[i]`` follows "<direction> of" or "<distance> of" ("east of Brandon",
    "the outskirts of Douglas", "12 miles of"): a place, whatever else the word names."""
    if i < 2 or toks[i - 1][2] != "of":
        return False
    before = toks[i - 2][2].lower()
    return before in _DIRECTIONS or before in _DISTANCE_WORDS


#: A city this big opening a capitalised run is the city ("the Elmford Historical Society")
#: after these words; elsewhere the run may be a person's name ("Paris Hilton").
BIG_CITY_OPENS = 100_000
_ORG_OPENERS = frozenset({"the", "of", "in", "at", "from", "for", "by", "with", "to"})

#: Whether a bare common personal name (US Census lists, :mod:`._personal`) of a place smaller
#: than ``_PERSONAL_MAX_POP`` needs a place cue ("in Conrad", "Conrad, Mont.", "a Conrad man").
PERSONAL_NAMES = True
_PERSONAL_MAX_POP = 100_000


#: Words after a name with an article that make it a family's, not a place's ("the Orla
#: family"); other words after an article make it a place's ("the Elmford area", "an Elmford
#: funeral home").
_KIN_WORDS = frozenset({"family", "families", "brothers", "sisters", "twins", "household",
                        "clan", "name", "case", "administration", "campaign", "era"})
_ARTICLES = frozenset({"a", "an", "the", "his", "her", "their", "our", "its"})


#: Words before a name that say it is a place firmly enough for the whole document.
_FIRM_BEFORE = frozenset({"in", "near", "outside", "inside", "around", "of"})


def _place_cue(text: str, toks: list[tuple[int, int, str]], i: int, gaz: Gazetteer,
               memo: _Memo, *, firm: bool = False) -> bool:
    """Whether the one-word name ``toks[i]`` is said of a place where it stands.

    A locative before it ("in Conrad", "of Conrad"), a direction ("downtown Conrad"), an
    article and a lower-case word after it but no kin word ("the Conrad area", "a Conrad
    home"; not "the Conrad family"), a legislator's party ("D-Conrad"), a place noun after it
    ("Conrad residents"), its region after a comma ("Conrad, Mont.") or a place listed beside
    it. *firm*: only the cues that hold for the whole document (a few prepositions, the party,
    a place noun, the region), not those a firm or a person's name also takes ("from Conrad &
    Lowe", "the Conrad administration").
    """
    prev = toks[i - 1][2].lower().rstrip(".") if i > 0 else ""
    prev_gap = text[toks[i - 1][1]:toks[i][0]] if i > 0 else ""
    nxt = toks[i + 1][2] if i + 1 < len(toks) else ""
    nxt_gap = text[toks[i][1]:toks[i + 1][0]] if i + 1 < len(toks) else ""
    if prev_gap == " & " or nxt_gap == " & ":
        return False  # "Hollis & Conrad": a firm's partners
    start = toks[i][0]
    if text[max(0, start - 4):start].rpartition(" ")[2].rstrip("-") in _PARTY_PREFIXES and (
            text[start - 1:start] == "-"):
        return True  # "D-Conrad": the hyphen split left the party letter out of the tokens
    if prev_gap.strip():
        prev = ""
    if prev == "the" and nxt.lower() in _KIN_WORDS:
        return False  # "the Conrad family" (but "a Conrad family" is from Conrad)
    if (_place_word_after(nxt, nxt_gap) or _placed_after(text, toks, i, gaz, memo)
            or _PLACE_AFTER.match(text, toks[i][1])):
        return True  # "Conrad residents", "Conrad, Mont.", "Conrad was shelled"
    if firm:
        return prev in _FIRM_BEFORE
    if (prev in _LOCATIVE and prev != "and") or prev in _DIRECTIONS:
        return True
    if prev in _NAMING and any(toks[k][2].lower() in _PLACE_KINDS for k in range(max(0, i - 3),
                                                                             i - 1)):
        return True  # "a town called Conrad", "the area now called Conrad"
    if (prev in _ARTICLES and nxt_gap == " " and nxt[:1].islower()
            and nxt.lower().rstrip(".") not in _KIN_WORDS):
        return True
    return _listed_with_places(text, toks, i, gaz, memo, people_too=False)


def _located_names(toks: list[tuple[int, int, str]]) -> frozenset[str]:
    """Capitalised single words that follow a locating word somewhere in the text ("in X",
    "troops entered X"), not followed by another capitalised word (that would be a longer
    name whose first word alone says nothing)."""
    out: set[str] = set()
    n = len(toks)
    for k in range(1, n):
        tok = toks[k][2]
        if not tok[:1].isupper():
            continue
        if toks[k - 1][2].lower() not in _LOCATING:
            continue
        if k + 1 < n and toks[k + 1][2][:1].isupper() and not tok.endswith("."):
            continue
        out.add(tok.rstrip("."))
    return frozenset(out)


def _placed_names(text: str, toks: list[tuple[int, int, str]], gaz: Gazetteer,
                  memo: _Memo) -> frozenset[str]:
    """Common personal names that the document says of a place at least once: one sense per
    document ("in Conrad ... Conrad is growing")."""
    if not PERSONAL_NAMES:
        return frozenset()
    out: set[str] = set()
    for k, (_s, _e, tok) in enumerate(toks):
        word = tok.rstrip(".")
        if (word[:1].isupper() and word not in out and _personal.is_personal(word)
                and _place_cue(text, toks, k, gaz, memo, firm=True)):
            out.add(word)
    return frozenset(out)


def _placed_after(text: str, toks: list[tuple[int, int, str]], j: int, gaz: Gazetteer,
                  memo: _Memo) -> bool:
    """Whether the name ending at ``toks[j]`` is placed in a region or country right after it
    ("Conrad, Mont.", "Barry, Wales", "Nina, Ohio")."""
    if j + 1 >= len(toks) or text[toks[j][1]:toks[j + 1][0]] != ", ":
        return False
    word = toks[j + 1][2]
    if not word[:1].isupper():
        return False
    return word in _dotted() or _strength_of(word.rstrip("."), gaz, memo)[0] or (
        word.isupper() and len(word) == 2)


#: Rules of the third recognition round (issue #17): more place frames after a sentence-opening
#: name ("X is home to", "X has come under fire", "X lies on the river", "X is under rebel
#: control"), and a sentence-opening name the same text names after a locative elsewhere.
SENTENCE_FRAMES = True
#: Words after which a capitalised name is read as a place's anywhere in a text ("fighting in
#: X", "troops entered X"): the same name opening another sentence is that place too.
_LOCATING = frozenset({"in", "near", "outside", "inside", "into", "toward", "towards", "around",
                       "captured", "seized", "recaptured", "retook", "entered", "shelled",
                       "stormed", "besieged", "encircled", "liberated", "overran"})

#: What follows a sentence-opening name and makes it a place's: an aside of place ("X, which
#: was ...", "X, a town ...", "X, 30 km south of Y") or what happens to places ("X was shelled",
#: "X fell to", "X has been retaken"). A person is "who", not "which".
#: An appositive that says a name is a settlement: ", a town in ...", ", the provincial capital".
_PLACE_APPOSITIVE = re.compile(r", (?:an? |the )?(?:[\w-]+ ){0,2}(?:town|city|village|port|"
                               r"settlement|district|capital|garrison town)\b")
#: The rest of a list a name opens ("X, Y and Z", "X and Y"), its other names capitalised.
_LIST_TAIL = re.compile(r"(?:,\s*[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+){0,2}){0,6},?\s+and\s+"
                        r"[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+){0,2}")


def _said_of_a_list(text: str, end: int) -> bool:
    """Whether the name ending at ``end`` opens a list of names that a place verb follows
    ("X and Y fell to the rebels", "X, Y and Z were retaken")."""
    tail = _LIST_TAIL.match(text, end)
    return tail is not None and _PLACE_AFTER.match(text, tail.end()) is not None


_PLACE_AFTER = re.compile(
    r"(?:,? which\b|, where\b|, (?:an? |the )?(?:\w+ )?(?:town|city|village|port|hub|"
    r"stronghold|settlement|district|capital)\b|, (?:\d+ )?(?:km|kilometres|kilometers|miles)\b"
    r"| (?:was|were|is|has been|had been|was being|is being|remains?|remained) (?:\w+ )?"
    r"(?:captured|recaptured|occupied|seized|taken (?:by|over)|retaken|liberated|shelled|"
    r"bombed|evacuated|encircled|besieged|controlled|overrun|destroyed|cut off)\b"
    r"| (?:fell|falls|has fallen|had fallen)\b"
    + (r"| (?:is|was) (?:now |still |also )?home to\b"
       r"| (?:has |had )?(?:come|came|comes) under (?:\w+ )?(?:fire|attack|shelling|siege|"
       r"bombardment|control)\b"
       r"| (?:is|was|are|were|remains?|remained) (?:now |still |once )?(?:located|situated)\b"
       r"| (?:lies|lay|sits|straddles) (?:on|along|in|near|at|astride|between|about)\b"
       r"| (?:is|was|remains?|remained) (?:now |still )?(?:under (?:the )?(?:\w+ )?"
       r"(?:control|siege)|in the hands of|held by)\b"
       # "X remains in rebel hands", "X, held by the army since May": a holding told as a state
       r"| (?:is|was|are|were|remains?|remained) (?:now |still |firmly )?in (?:the )?"
       r"(?:[A-Z][\w'’-]*|(?:rebel|army|government|militant|insurgent|jihadist|enemy|"
       r"opposition|regime|separatist|militia|military)(?:['’]s)?) hands\b"
       r"|, (?:now |still |long )?(?:held|controlled|occupied) by\b"
       r"|(?:'s|’s) (?:population|inhabitants|residents)\b"
       r"| (?:is|was|remains?) (?:an? |the )(?:[\w-]+ ){0,2}(?:town|city|village|township|"
       r"port|suburb|municipality|district|settlement|hamlet)"
       r"(?= of\b| in\b| on\b| near\b| with\b| that\b| which\b| where\b| some\b| about\b"
       r"| home\b| located\b| known\b|[,.;])"
       if SENTENCE_FRAMES else r"(?!)") + ")")

#: A single name that is also a common English word ("Commerce", "Day", "Royal", "Superior")
#: is read as a place only with a locative, a place noun after it, or this many inhabitants.
_COMMON_WORD_POP = 100_000
#: Nouns after a name that make it a place's in local news ("Dunmore police", "a Chapin man",
#: "Clay and Union counties").
_PLACE_NOUNS = frozenset({"man", "woman", "men", "women", "boy", "girl", "teen", "teenager",
                          "couple", "family", "resident", "residents", "native", "police",
                          "county", "counties", "township", "city"})


def _listed_with_places(text: str, toks: list[tuple[int, int, str]], i: int, gaz: Gazetteer,
                        memo: _Memo, *, people_too: bool = True, given_too: bool = True) -> bool:
    """Whether the one-word name ``toks[i]`` is listed beside a place name ("Newark, Heath and
    Pataskala", "Clay and Union counties"). *people_too* False: a neighbour that is a common
    personal name and no strong place does not count ("Conrad and Nina"); *given_too* False:
    nor does one of :data:`FIRST_NAMES` ("Peter, Paul and Mary")."""
    def gap(a: int) -> str:
        return text[toks[a][1]:toks[a + 1][0]]

    near = []
    if i >= 1 and gap(i - 1) == ", ":
        near.append(i - 1)
    elif i >= 2 and toks[i - 1][2] == "and" and gap(i - 1) == " ":
        near.append(i - 2)
    if i + 1 < len(toks) and gap(i) == ", ":
        near.append(i + 1)
    elif i + 2 < len(toks) and toks[i + 1][2] == "and" and gap(i) == " ":
        near.append(i + 2)
    for k in near:
        word = toks[k][2].rstrip(".")
        if not word[:1].isupper() or word.lower() in STOP_WORDS:
            continue
        strong, pop = _strength_of(word, gaz, memo)
        if not people_too and not strong and _personal.is_personal(word):
            continue
        if not given_too and word.lower() in FIRST_NAMES:
            continue
        if strong or pop >= _SINGLE_MIN_POP:
            return True
    return False


#: Words after a place name that make it the name of a disease or pathogen.
_DISEASE_WORDS = frozenset({"virus", "viruses", "fever", "flu", "disease", "ebolavirus",
                            "hemorrhagic", "haemorrhagic", "encephalitis", "strain", "variant",
                            "syndrome"})
#: Words that end a newspaper's or agency's title after its town ("Los Angeles Times").
_PRESS = frozenset({"Times", "Daily", "Herald", "Post", "Journal", "Tribune", "Gazette",
                    "Chronicle", "Courier", "Observer", "Inquirer", "Telegraph", "Examiner",
                    "Dispatch", "Globe", "Bee"})
#: Words between the town and the title word ("Lansing State Journal", "Detroit Free Press",
#: "Manchester Evening News", "Dallas Morning News"), after which "Press" and "News" end a
#: title too.
_PRESS_QUALIFIERS = frozenset({"State", "Free", "Evening", "Morning", "Sunday"})
_PRESS_AFTER_QUALIFIER = _PRESS | {"Press", "News", "Standard", "Star"}


def _in_title_of_press(text: str, toks: list[tuple[int, int, str]], i: int, j: int) -> bool:
    """Whether ``toks[i..j]`` is the town in a newspaper's title: the paper is a source, not
    a place the text is about ("The Miami Herald reports", "From Lansing State Journal",
    "the Economic Times of India", "Detroit Free Press")."""
    def spaced(a: int) -> bool:
        return a + 1 < len(toks) and text[toks[a][1]:toks[a + 1][0]] == " "

    if spaced(j) and toks[j + 1][2] in _PRESS:
        return True
    if (spaced(j) and toks[j + 1][2] in _PRESS_QUALIFIERS and spaced(j + 1)
            and toks[j + 2][2] in _PRESS_AFTER_QUALIFIER):
        return True
    return (i >= 2 and toks[i - 1][2] == "of" and toks[i - 2][2] == "Times"
            and spaced(i - 2) and spaced(i - 1))


_NAMING = frozenset({"named", "called", "nicknamed", "dubbed", "christened"})
#: Nouns before "named"/"called" that make what follows a place's name ("a village called X").
_PLACE_KINDS = frozenset({
    "town", "towns", "village", "villages", "city", "cities", "place", "area", "district",
    "hamlet", "settlement", "region", "neighbourhood", "neighborhood", "suburb", "county",
    "island", "river", "province", "state", "country", "camp", "base", "valley", "lake",
    "mountain", "port", "street", "road", "square", "quarter", "community", "spot", "site",
    "crossing", "oasis", "locality", "municipality", "township", "parish", "airport"})


def _named_creature(toks: list[tuple[int, int, str]], i: int) -> bool:
    """Whether the one-word name ``toks[i]`` is given to someone after "named"/"called" ("a
    dog named Levi", "a man called Barry"): the word before the verb is no kind of place."""
    if i < 2 or toks[i - 1][2].lower() not in _NAMING:
        return False
    noun = toks[i - 2][2].lower().rstrip(",.")
    return (noun.isalpha() and toks[i - 2][2][:1].islower() and not any(
        toks[k][2].lower() in _PLACE_KINDS for k in range(max(0, i - 3), i - 1)))


def _construct_head(text: str, toks: list[tuple[int, int, str]], j: int) -> bool:
    """Whether ``toks[j]`` opens an Arabic construct name the gazetteer does not know: an
    article word follows ("Bab al-Aziziya", "Bab al Aziziya", "Ras el-Hilal"). The longest
    match already took every such name it knows ("Bab al-Hawa", "Deir ez-Zor"), so what is
    left names some other place (a compound, a quarter) than the town of the head ("Al Bab")."""
    k = j + 1
    if k >= len(toks) or text[toks[j][1]:toks[k][0]] != " ":
        return False
    nxt = toks[k][2]
    if toks[j][2].lower() in _ARABIC_HEADS and nxt[:1].isupper():
        return True  # "Tal Hawrash", "Kafr Zeita": a generic head opens the name
    if _ARTICLE_PREFIX.match(nxt):
        rest = nxt[nxt.find("-") + 1:] if "-" in nxt else nxt[nxt.find("'") + 1:]
        return rest[:1].isupper() or rest[:1].isalpha()
    return (nxt.lower() in _ARABIC_ARTICLES and k + 1 < len(toks)
            and text[toks[k][1]:toks[k + 1][0]] == " " and toks[k + 1][2][:1].isupper())


#: Generic first words of Arabic place names ("hill", "cape", "gate", "monastery", "village",
#: "spring", "well", "mountain", "valley", "ruin", "castle", "house", "mother", "father",
#: "quarter", "bridge"): alone before another capitalised word they are no place of their own.
_ARABIC_HEADS = frozenset({
    "tal", "tall", "tell", "tel", "ras", "bab", "deir", "dayr", "kafr", "kfar", "ain", "ayn",
    "bir", "jabal", "jebel", "wadi", "khirbet", "khirbat", "qasr", "beit", "bayt", "umm", "abu",
    "um", "om", "hay", "hai", "qalaat", "qalat", "jisr", "marj", "sheikh", "shaykh"})
#: Arabic articles written as words of their own ("Bab al Aziziya"); not "at", "as", "an",
#: which are English words ("a farm at Elmford").
def _construct_tail(text: str, toks: list[tuple[int, int, str]], i: int) -> bool:
    """Whether ``toks[i]`` ends an Arabic construct name after a capitalised head word: "el-Oued"
    in "Bab el-Oued", "Aziziya" in "Bab al Aziziya" (the name is not that of the region or town
    the tail alone names)."""
    tok = toks[i][2]
    if (i >= 1 and toks[i - 1][2].lower() in _ARABIC_HEADS and toks[i - 1][2][:1].isupper()
            and text[toks[i - 1][1]:toks[i][0]] == " "):
        return True  # "Zeita" in "Kafr Zeita"
    if _ARTICLE_PREFIX.match(tok):
        head = i - 1
    elif i >= 1 and toks[i - 1][2] in _ARABIC_ARTICLES and text[
            toks[i - 1][1]:toks[i][0]] == " ":
        head = i - 2
    else:
        return False
    if head < 0 or text[toks[head][1]:toks[head + 1][0]] != " ":
        return False
    word = toks[head][2]
    low = word.lower().rstrip(".")
    return (word[:1].isupper() and word.isalpha() and low not in STOP_WORDS
            and low not in _LOCATIVE and low not in _ENGLISH_JOINS)


#: Connectors that are English words, not the head of an Arabic name ("Ras", "Bir" are).
_ENGLISH_JOINS = frozenset({"of", "and", "the", "upon", "on", "&"})


_ARABIC_ARTICLES = frozenset({"al", "el", "ash", "az", "ez", "ed", "er", "es", "ech"})


def _place_word_after(nxt: str, gap: str) -> bool:
    """Whether the word after a name makes it a place ("Elm Ridge man", "Cass Lake")."""
    return gap == " " and (nxt.lower().rstrip(".") in _PLACE_NOUNS
                           or nxt.rstrip(".") in GENERIC_TAILS)


def _strength(gaz: Gazetteer, phrase: str) -> tuple[bool, int]:
    """Whether a phrase names a strong place (country, region, curated) and its best population."""
    strong = False
    best_pop = 0
    for ent, kind in gaz.index.postings(norm.key(phrase)):
        if kind not in _LOOKUP_KINDS and kind != CODE:
            continue
        if _is_strong(gaz, ent):
            strong = True
        if kind in _LOOKUP_KINDS:
            best_pop = max(best_pop, int(gaz.index.pop[ent]))
    return strong, best_pop


def _known(tok: str, gaz: Gazetteer, memo: _Memo) -> bool:
    hit = memo.known.get(tok)
    if hit is None:
        hit = memo.known[tok] = _is_known(tok, gaz)
    return hit


#: Words after a town that make the phrase one of its offices, officials or civic bodies
#: ("Elmford Police said", "Elmford Selectman Ann Hale", "Elmford firefighters", "the Elmford
#: Senior Center"): the town is named, not a person.
_CIVIC_WORDS = frozenset({
    "police", "policemen", "policeman", "officers", "officials", "firefighters", "firemen",
    "fire", "rescue", "ems", "sheriff", "mayor", "selectman", "selectmen", "selectwoman",
    "councilman", "councilwoman", "councilmember", "councillor", "councilor", "alderman",
    "aldermen", "commissioner", "commissioners", "trustee", "trustees", "superintendent",
    "council", "township", "borough", "senior", "seniors", "volunteer", "recreation",
    "environmental", "historical", "elks", "rotary", "kiwanis", "utilities", "planning",
    "zoning", "redevelopment", "residents", "schools"})


#: Whether names the gazetteer knows only as another name of some place are checked by
#: :func:`_alias_only`.
ALIAS_ONLY_CHECK = True


def _alias_only(phrase: str, gaz: Gazetteer, memo: _Memo) -> bool:
    """Whether *phrase* is no place in news although the gazetteer lists it: it is only an
    alternate name of some place (no place bears it as its main name, none is a country or
    region) and an armed group or party of the actor sets ("Hamas", "Taliban")."""
    hit = memo.alias_only.get(phrase)
    if hit is None:
        hit = memo.alias_only[phrase] = _is_alias_only(phrase, gaz)
    return hit


def _is_alias_only(phrase: str, gaz: Gazetteer) -> bool:
    posts = gaz.index.postings(norm.key(phrase))
    kinds = {kind for _e, kind in posts if kind in _LOOKUP_KINDS}
    if not kinds or PRIMARY in kinds or any(_is_strong(gaz, e) for e, _k in posts):
        return False
    from geomap.actors import ActorSet

    try:
        return ActorSet.default().resolve(phrase) is not None
    except Exception:  # noqa: BLE001 - a broken actor file must not stop tagging
        return False


#: Seats of government that news names for the government itself ("the Kremlin said"); a town
#: of the name is still one when placed in its region ("Whitehall, Mich.").
_SEATS = frozenset({"White House", "Kremlin", "Pentagon", "Capitol Hill", "Downing Street",
                    "Whitehall", "Elysee", "Élysée", "Blue House", "Zhongnanhai"})
#: Whether :data:`_SEATS` and "United <country>" parties are read as no places.
SEATS_CHECK = True


#: Whether a one-word name that is a common word, right before a lower-case word and not
#: after a locative, is that word ("Lane closure", "Gulf security"), whatever the town's size.
ADJECTIVE_CHECK = True
#: Lower-case words after a name that say it is the place: something happened there, or a
#: part or thing of it ("Mobile flooded", "the Elmford area", "a Surrey farm").
_PLACE_VERBS = frozenset({"was", "is", "has", "had", "were", "fell", "flooded", "residents",
                          "area", "areas", "community", "communities", "farm", "farms",
                          "outskirts", "suburbs", "suburb", "countryside", "region",
                          "neighborhood", "neighbourhood", "natives", "home", "homes"})


#: Nouns after "the <name>" that make the name a person's or a family's.
_HOLDER_WORDS = frozenset({"administration", "presidency", "campaign", "era", "family",
                           "families", "brothers", "sisters", "twins", "household", "clan"})
#: Verbs after a name that make it the subject ("Juba remains calm", "Tyre will vote"): the
#: name is no adjective then (past forms in -ed are verbs too).
_VERBS = frozenset({"is", "was", "are", "were", "has", "had", "have", "will", "would", "can",
                    "could", "may", "might", "must", "shall", "should", "did", "does", "do",
                    "remains", "remain", "became", "becomes", "saw", "sees", "lies", "lay",
                    "stands", "stood", "fell", "falls", "got", "gets", "hosts", "says", "said",
                    "faces", "faced", "lost", "won", "wins", "took", "takes", "went", "goes",
                    "came", "comes", "held", "holds", "sent", "sends", "began", "begins",
                    "awoke", "woke", "now", "too", "also", "itself"})


#: Capitalised words after a name that make it a township of that name ("Elm Township").
_TOWNSHIP_TAILS = frozenset({"Township", "Twp.", "Twp"})
#: Whether :data:`_CIVIC_WORDS` after a town keep it a place.
CIVIC_CUES = True


def _civic(word: str) -> bool:
    return CIVIC_CUES and word.lower().rstrip(".") in _CIVIC_WORDS


def _is_known(tok: str, gaz: Gazetteer) -> bool:
    k = norm.key(tok)
    return bool(k) and (k in STOP_WORDS or k in _ORG_TAIL or k in _TAIL_WORDS or _civic(k) or any(
        kind in _LOOKUP_KINDS for _e, kind in gaz.index.postings(k)))
