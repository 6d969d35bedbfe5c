"""Document-level disambiguation: resolve all the mentions of one text together.

Evidence, in order of strength:

1. an explicit container after the name (``"Paris, Texas"``, ``"Alexandria, La."``,
   ``"Tripoli, Lebanon"``): the candidate inside it wins (not for a country name: "Chad, Niger"
   is a list); a lower-case designator next to a name (``"Washington state"``) asks for the unit;
2. country focus: the countries of the document's other places, country names counting double;
   a winner reached by a loose spelling match votes weakly;
3. regional focus: the first-level subdivisions of the other places; a state or country is
   supported by the places that lie inside it;
4. proximity to the places chosen for the other mentions, and mutual proximity of the plausible
   readings of the names (a town and a county agree on the state where one lies in the other);
5. list coherence: the names of an enumeration are of one level ("Kansas, Oregon and Iowa");
6. the owner of a name: a unit's own name means the unit, not a place inside it named so by an
   alternate name ("Mexico", "New York"); old names of capitals get no capital prior;
7. name match, feature hints, feature class and population priors (see ``Gazetteer._score``),
   plus a prior for curated world features (oceans, seas, ranges, world regions).

Plausibility last: a small place read abroad, far (>= 2,000 km) from the document's other
places - and, when nothing in the text speaks for its country, from the countries it names
and the country hint - is left unresolved with the distance in its reason, unless its country
or region is named next to the mention; a feature named "<name> Airport" in the hinted country
stands for a bare name read abroad (at a town's precision); demonyms and the hint count as
evidence against small namesakes in countries the text never speaks of.

Candidates include designator and demonym variants (:mod:`geomap.gazetteer._variants`).
Two rounds: the first scores each name alone, the second rescores with the context the first
round produced (each mention's own vote left out). With ``approximate=True`` (evaluation only)
a name the gazetteer lacks, or a loose spelling match abroad, gets an approximate point.
"""

from __future__ import annotations

import bisect
import math
import re
import weakref
from collections import Counter
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import numpy as np

from geomap.gazetteer import _normalize as norm
from geomap.gazetteer import _variants
from geomap.gazetteer._demonyms import find_demonyms, named_key
from geomap.gazetteer._index import FLAG_CAPITAL
from geomap.gazetteer._scoring import (
    CORE_BARE,
    KIND_SCORE,
    LOOSE_SUPPORT_KM,
    W_CAPITAL,
    W_COUNTRY,
    Context,
    _Cand,
    _surrogate_problem,
    _weight,
    haversine_km,
    haversine_km_matrix,
    loose_similarity,
)
from geomap.gazetteer._sources import ALT, CODE, CORE, FOLD, PRIMARY
from geomap.gazetteer.place import Resolution

if TYPE_CHECKING:
    from geomap.gazetteer.gazetteer import Gazetteer
    from geomap.gazetteer.toponyms import Mention

#: Match scores of the query-side variants (a direct name match is 1.0, an alternate name 0.92).
_STRIPPED_MATCH = 0.9   # the designator the text wrote, dropped or swapped ("Nara Prefecture")
_ADDED_MATCH = 0.8      # a designator the text left out ("Tensas" -> "Tensas Parish")
_DEMONYM_MATCH = 0.85   # "Ohioans" -> Ohio
_NAMED_AFTER_MATCH = 0.7  # "Panjshir Valley" -> Panjshir (the feature itself is not indexed)
_NAMESAKES = frozenset({"city", "town", "village", "district", "region", "area"})
#: Weight of containment: the document's other places lie inside this subdivision / country.
W_INSIDE = 0.5
#: Penalty of a place named only by an alternate name that lies inside the unit bearing the
#: name as its own ("Mexico" -> Mexico rather than Mexico City, "New York" -> the state).
W_ALT_INSIDE = 0.5
#: Weight of list coherence: the names of an enumeration ("Kansas, Oregon and Iowa") are of
#: one level; a country or state reading gains by the share of its list peers that have one.
W_LIST = 0.4
#: Weight of country coherence in a list: the names of an enumeration ("British Columbia,
#: Alberta, Manitoba, Ontario") mostly lie in one country; a reading gains by the share of its
#: list peers read in its country.
W_LIST_COUNTRY = 0.5
#: Prior of a curated world feature (ocean, sea, mountain range, world region).
W_AREA = 0.3
#: Places within this distance of a world feature's point count as lying in or around it.
_AREA_KM = 1500.0
#: Weight and distance scale of mutual proximity: a reading close to a plausible reading of
#: another name of the text is supported, even when that name's current winner lies elsewhere
#: ("Paris" and "Henry County" agree on Tennessee, where one lies in the other).
W_MUTUAL = 0.3
_MUTUAL_KM = 40.0
_MUTUAL_TOP = 10
_UNITS = frozenset({"country", "continent", "area", "region"})
_LIST_SEP = re.compile(r"\s*(?:,|;|/|&|\band\b|\bor\b|,\s*and\b|,\s*or\b)\s*$|\s*$")
_LEVELS = ("country", "region")

_CONTAINER = re.compile(r"\s*,\s*((?:[A-Z][\w’'.-]*\.?)(?:[ -](?:[A-Z][\w’'.-]*\.?)){0,3})")
_ROUNDS = 2


def _container(gaz: Gazetteer, text: str, end: int) -> tuple[str, int] | None:
    m = _CONTAINER.match(text, end) or _IN_CONTAINER.match(text, end)
    if not m:
        return None
    name = m.group(1).rstrip(".") if not re.search(r"\.[A-Z]\.?$|^[A-Z][a-z]{1,4}\.$",
                                                    m.group(1)) else m.group(1)
    # An ISO code is written in capitals: "Ky." is Kentucky, not the Cayman Islands (KY).
    codes_ok = m.group(1).replace(".", "").isupper()
    for cand_name in (m.group(1), name):
        k = norm.key(cand_name)
        if not k:
            continue
        feats = gaz.index.features
        for ent, kind in gaz.index.postings(k):
            if kind == CODE and not codes_ok:
                continue
            feat = feats[int(gaz.index.feat[ent])]
            if feat == "region":
                return gaz.index.cc[ent].decode("ascii"), int(gaz.index.adm1[ent])
            if feat == "country":
                return gaz.index.cc[ent].decode("ascii"), -1
    return None


def _abbreviated_container(text: str | None, end: int) -> bool:
    """Whether the container written after ``text[:end]`` is an abbreviation ("Mo.", "Ind.",
    "MO"): a list of places spells its members out."""
    m = _CONTAINER.match(text, end) if text else None
    if m is None:
        return False
    written = m.group(1)
    return written.endswith(".") or (len(written) == 2 and written.isupper())


def _is_country_name(gaz: Gazetteer, name: str) -> bool:
    """Whether *name* is the own (primary) name of a country."""
    ix = gaz.index
    cfeat = ix.features.index("country")
    return any(kind == PRIMARY and int(ix.feat[ent]) == cfeat
               for ent, kind in ix.postings(norm.key(name)))


#: Features a country's own name keeps when no container is written after it.
_COUNTRY_KEEPS = frozenset({"country", "continent", "area", "region", "district"})
#: Match left to a town named like a country: strong local evidence (a local paper's own
#: town, named again and again among its neighbours) still wins.
_TOWN_OF_COUNTRY_NAME = 0.85


def _country_over_towns(gaz: Gazetteer, name: str, cands: list[_Cand]) -> list[_Cand]:
    """A country's own name (or its code in capitals) means the country, not the towns that
    bear it ("Peru" is no town of Indiana, "UK" no hamlet), unless the text places it in a
    state ("Peru, Ind.": the caller passes only names without a container). States and
    districts named like the country still compete (a state of its own federation)."""
    ix = gaz.index
    feats = ix.features
    upper = name.replace(".", "").isupper()
    if not any(feats[int(ix.feat[c.ent])] == "country"
               and (c.kind == PRIMARY or (c.kind == CODE and upper)) for c in cands):
        return cands
    if upper and len(name.replace(".", "")) <= 3 and any(
            c.kind == CODE and feats[int(ix.feat[c.ent])] == "country" for c in cands):
        # A country code in capitals ("US", "UK") names no hamlet ("Us", France).
        return [c for c in cands if feats[int(ix.feat[c.ent])] in _COUNTRY_KEEPS]
    return [c if feats[int(ix.feat[c.ent])] in _COUNTRY_KEEPS
            else _Cand(c.ent, c.match * _TOWN_OF_COUNTRY_NAME, c.kind, c.spell) for c in cands]


#: "Lyman in Donetsk oblast", "a village in Idlib province": a first-level unit named with its
#: designator after "in" contains the place, like a "Town, State" container.
_IN_CONTAINER = re.compile(
    r"\s+in\s+(?:the\s+)?((?:[A-Z][\w’'.-]*)(?:[ -][A-Z][\w’'.-]*){0,2})"
    r"(?=\s+(?:oblast|province|governorate|region|state|county|district|prefecture)\b)")

_SOFT_T = 0.3


def _soft_admin1(gaz: Gazetteer, scored: list[tuple[float, int, str]]) -> dict[int, float]:
    """Regions of a name's candidates with a soft weight (best candidate per region)."""
    if not scored:
        return {}
    top = scored[0][0]
    out: dict[int, float] = {}
    feats = gaz.index.features
    for s, ent, _why in scored[:20]:
        w = math.exp((s - top) / _SOFT_T) ** 0.5
        if w < 0.05:
            break
        if feats[int(gaz.index.feat[ent])] in ("country", "continent"):
            continue
        a1 = int(gaz.index.adm1[ent])
        if a1 >= 0 and w > out.get(a1, 0.0):
            out[a1] = w
    return out


#: Add no designator to a name that is itself a first-level region's or a country's (switch).
STATE_KEEPS_BARE_NAME = True
#: ... a state this populous: a small region's name ("Douglas") is as often its county's.
_STATE_POP = 500_000


def _extend(gaz: Gazetteer, name: str, cands: list[_Cand]) -> tuple[list[_Cand], dict[int, str]]:
    """Add subdivision candidates reached through designator and demonym variants of *name*.

    Returns the candidates and, for the added ones, how they were reached (for the reason).
    """

    ix = gaz.index
    feats = ix.features
    k = norm.key(name)
    have = {c.ent: c for c in cands}
    how: dict[int, str] = {}
    direct = max((c.match for c in cands), default=0.0)

    def add(keys: list[str], match: float, allowed: frozenset[str], label: str) -> None:
        for vk in keys:
            for ent, kind in ix.postings(vk):
                if kind not in (PRIMARY, ALT) or feats[int(ix.feat[ent])] not in allowed:
                    continue
                m = match * (1.0 if kind == PRIMARY else 0.95)
                cur = have.get(ent)
                if cur is None or cur.match < m:
                    have[ent] = _Cand(ent, m, kind)
                    how[ent] = label

    stripped, added = _variants.designator_variants(k)
    units = frozenset({"region", "district"})
    add(stripped, _STRIPPED_MATCH, units, "designator variant")
    if k.startswith("co ") and len(k) > 4:
        # "Co Cork": the Irish abbreviation of "County" (see toponyms.IRISH_COUNTY).
        add([f"county {k[3:]}"], _STRIPPED_MATCH, units, "designator variant")
    state = STATE_KEEPS_BARE_NAME and any(
        c.kind == PRIMARY and feats[int(ix.feat[c.ent])] in ("region", "country")
        and int(ix.pop[c.ent]) >= _STATE_POP for c in cands)
    # A populous state's or country's bare name ("Mississippi", beside Missouri) is that
    # state, not the county named after it; another country's province of that name still
    # competes ("Western" among Kenya's provinces).
    add(added, _ADDED_MATCH, frozenset({"region"}) if state else units, "designator variant")
    if direct < 0.85 and name[:1].isupper():
        add(_variants.demonym_variants(k), _DEMONYM_MATCH, frozenset({"region", "country"}),
            "demonym")
    base = _variants.named_after(k)
    if base and direct < 0.85:
        # "Panjshir Valley", "Pecos River": the gazetteer lacks the feature; the place it is
        # named after locates it, with a lower match.
        add([base], _NAMED_AFTER_MATCH, _NAMESAKES, "named after")
    return list(have.values()), how


def _list_peers(mentions: list[Mention], text: str | None) -> dict[int, set[int]]:
    """Mention index -> indexes of the other mentions of its enumeration (if any)."""
    if not text:
        return {}
    order = sorted(range(len(mentions)), key=lambda i: mentions[i].start)
    chains: list[list[int]] = []
    for a, b in zip(order, order[1:], strict=False):
        gap = text[mentions[a].end:mentions[b].start]
        if 0 < len(gap) <= 6 and _LIST_SEP.fullmatch(gap) and gap.strip():
            if chains and chains[-1][-1] == a:
                chains[-1].append(b)
            else:
                chains.append([a, b])
    peers: dict[int, set[int]] = {}
    for chain in chains:
        for i in chain:
            peers.setdefault(i, set()).update(j for j in chain if j != i)
    return peers


def _levels(gaz: Gazetteer, cands: list[_Cand]) -> frozenset[str]:
    """Country / region readings a name has as its own (primary) name."""
    feats = gaz.index.features
    return frozenset(f for c in cands if c.kind == PRIMARY
                     for f in (feats[int(gaz.index.feat[c.ent])],) if f in _LEVELS)


def _soft_points(gaz: Gazetteer, scored: list[tuple[float, int, str]]) -> list[tuple[float, float,
                                                                                      float]]:
    """Plausible point readings of one name with soft weights (best first)."""
    if not scored:
        return []
    ix = gaz.index
    feats = ix.features
    if feats[int(ix.feat[scored[0][1]])] in _UNITS:
        # A name read as a state or country lends no support through its namesake towns.
        return []
    top = scored[0][0]
    out = []
    for s, ent, _why in scored[:_MUTUAL_TOP]:
        w = math.exp((s - top) / _SOFT_T) ** 0.5
        if w < 0.05:
            break
        if feats[int(ix.feat[ent])] in _UNITS:
            continue
        out.append((float(ix.lat[ent]), float(ix.lon[ent]), w))
    return out


def _mutual_support(lats: np.ndarray, lons: np.ndarray,
                    others: list[list[tuple[float, float, float]]]) -> np.ndarray:
    """Per candidate: sum over the other names of the best soft-weighted closeness."""

    groups = [pts for pts in others if pts]
    if not groups:
        return np.zeros(len(lats))
    # One distance matrix for all the other names' readings, then the best per name.
    arr = np.asarray([p for pts in groups for p in pts], dtype=np.float64)
    starts = np.cumsum([0] + [len(pts) for pts in groups[:-1]])
    close = arr[:, 2][None, :] * np.exp(-haversine_km_matrix(lats, lons, arr[:, 0], arr[:, 1])
                                         / _MUTUAL_KM)
    return np.maximum.reduceat(close, starts, axis=1).sum(axis=1)  # type: ignore[no-any-return]


def _eponym(gaz: Gazetteer, ent: int, unit_key: str) -> bool:
    """Whether the town ``ent`` gave its name to the first-level unit named ``unit_key``: its
    own name is the unit's but for a final ``h`` (Ḩamāh and the governorate Hama). Such a
    province is named after its seat, as the governorates of Syria and Iraq are; the town is
    no metonymy of it (unlike Mexico City, whose own name is not the state's)."""
    if not unit_key:
        return False
    own = gaz._ents.name_key(ent, norm.key)
    return own == unit_key or own.rstrip("h") == unit_key.rstrip("h")


def _unit_reading(gaz: Gazetteer, cands: list[_Cand]) -> bool:
    """Whether a name is the own name of a country or state, or a name of a world feature."""
    if _levels(gaz, cands):
        return True
    feats = gaz.index.features
    return any(c.kind in (PRIMARY, ALT) and feats[int(gaz.index.feat[c.ent])] in (
        "area", "continent") for c in cands)


def _adjust(gaz: Gazetteer, scored: list[tuple[float, int, str]], cands: list[_Cand],
            ctx: Context, how: dict[int, str],
            list_share: dict[str, float] | None = None,
            mutual: list[list[tuple[float, float, float]]] | None = None,
            unit_name: bool | None = None, hint: str | None = None,
            list_cc: dict[str, float] | None = None,
            ) -> list[tuple[float, int, str]]:
    """Evidence the per-name score cannot see: containment and the owner of a name.

    ``hint`` is the feature the query itself names ("State of Mexico" -> ``region``).
    """
    if not scored:
        return scored

    ix = gaz.index
    feats = ix.features
    kinds = {c.ent: c.kind for c in cands}
    # Units that bear the query as their own name: a place inside one of them that is named so
    # only by an alternate name is a metonymy ("Mexico" for its capital), the unit is meant.
    owners_cc = set()
    owners_a1 = set()
    for c in cands:
        if c.kind != PRIMARY:
            continue
        f = feats[int(ix.feat[c.ent])]
        if f == "country":
            owners_cc.add(ix.cc[c.ent])
        elif f == "region" and int(ix.adm1[c.ent]) >= 0:
            owners_a1.add(int(ix.adm1[c.ent]))
    has_primary = any(c.kind == PRIMARY for c in cands)
    query_key = next((gaz._ents.name_key(c.ent, norm.key) for c in cands
                      if c.kind == PRIMARY and int(ix.adm1[c.ent]) in owners_a1), "")
    top_focus = max(ctx.countries.values(), default=0.0)
    support = None
    if (mutual and W_MUTUAL and any(mutual)
            and not (_unit_reading(gaz, cands) if unit_name is None else unit_name)
            and feats[int(ix.feat[scored[0][1]])] not in _UNITS):
        ents = [e for _s, e, _w in scored]
        support = _mutual_support(np.asarray(ix.lat[ents], dtype=np.float64),
                                  np.asarray(ix.lon[ents], dtype=np.float64), mutual)
    out = []
    for n, (s, ent, why) in enumerate(scored):
        feat = feats[int(ix.feat[ent])]
        cc = ix.cc[ent]
        a1 = int(ix.adm1[ent])
        parts = [why]
        if feat == "region" and a1 >= 0 and ctx.admin1.get(a1, 0.0) > 0.0:
            # A state is supported by the places that lie in it, as they support each other.
            s += W_INSIDE * ctx.admin1[a1]
            parts.append("other places lie inside it")
        if feat == "area":
            # Oceans, seas, ranges and world regions are named as such far more often than the
            # hamlets that share their names ("the Atlantic", not Atlantic, Iowa): a prior like a
            # continent's.
            s += W_AREA
        if feat == "area" and ctx.points:
            # A world region or sea is supported by the other places lying in or around it.
            pts = np.asarray(ctx.points, dtype=np.float64)

            near = haversine_km(float(ix.lat[ent]), float(ix.lon[ent]), pts[:, 0], pts[:, 1])
            share = float((pts[:, 2] * (near < _AREA_KM)).sum() / max(pts[:, 2].sum(), 1e-9))
            if share > 0.0:
                s += W_INSIDE * share
                parts.append("other places lie in or around it")
        if feat in ("continent", "area") and not cc.strip() and top_focus:
            # A world region is not outside the document's country focus: compete on equal
            # terms with the focus country's namesakes ("Middle East" the region, not a hamlet).
            s += W_COUNTRY * top_focus
        kind = kinds.get(ent, PRIMARY)
        if (kind != PRIMARY and feat not in ("country", "region")
                and (cc in owners_cc or (a1 >= 0 and a1 in owners_a1))
                and not (cc not in owners_cc and _eponym(gaz, ent, query_key))):
            s -= W_ALT_INSIDE
            parts.append("name belongs to the unit it lies in")
        elif feat == "region" and cc in owners_cc and hint != "region":
            # A state named like its own country ("Mexico", "Panama", "Guatemala") yields to the
            # country: the bare name means the country unless the text says "State of ...".
            s -= W_ALT_INSIDE
            parts.append("name belongs to the country it lies in")
        if kind == ALT and has_primary and int(ix.flags[ent]) & FLAG_CAPITAL:
            # Capitals are named often under their own name; an old or foreign name of a capital
            # ("Philadelphia" for Amman) gets no such prior against a place that bears it.
            s -= W_CAPITAL
            parts.append("capital prior withheld: alternate name")
        if list_share and list_share.get(feat, 0.0) > 0.0:
            s += W_LIST * list_share[feat]
            parts.append(f"listed with other {feat} names")
        if list_cc and feat not in ("continent", "area"):
            share_cc = list_cc.get(cc.decode("ascii"), 0.0)
            if share_cc > 0.0:
                s += W_LIST_COUNTRY * share_cc
                parts.append("listed with other places of its country")
        if support is not None and support[n] > 0.05 and feat not in (
                "country", "continent", "area", "region"):
            # Only among readings already close to the best: proximity to another name's
            # namesake must not lift a hamlet over a country or a major city.
            own = math.exp((s - scored[0][0]) / _SOFT_T) ** 0.5
            s += W_MUTUAL * min(1.0, float(support[n])) * own
            parts.append("close to a reading of another name")
        if ent in how:
            parts.append(how[ent])
        out.append((s, ent, "; ".join(parts)))
    out.sort(key=lambda t: (-t[0], t[1]))
    return out


#: Generic words around a name ("Pecos River", "Lake Conroe", "Hillsborough Township"): dropped
#: to approximate a feature the gazetteer lacks by the place it is named after or lies in.
_GENERIC_HEAD = ("lake", "mount", "mt", "port of", "fort", "gulf of", "bay of", "isle of",
                 "river", "north", "south", "east", "west", "northern", "southern", "eastern",
                 "western", "central", "upper", "lower", "greater", "downtown", "old")
_GENERIC_TAIL = ("river", "creek", "lake", "valley", "township", "twp", "park", "national park",
                 "state park", "harbor", "harbour", "bay", "falls", "mountain", "mountains",
                 "island", "islands", "delta", "canal", "station", "hill", "hills", "heights",
                 "springs", "beach", "bridge", "dam", "reservoir", "forest", "national forest",
                 "proving ground", "colony", "grove", "parkway", "national lakeshore", "plateau",
                 "province", "region")
_APPROX_CONFIDENCE = 0.05


def _generic_remainders(k: str) -> list[str]:
    """Keys left once generic words are dropped, one word group at a time (nearest first)."""
    out: list[str] = []
    todo = [k]
    for _ in range(2):
        nxt = []
        for cur in todo:
            for h in _GENERIC_HEAD:
                if cur.startswith(h + " ") and len(cur) > len(h) + 2:
                    nxt.append(cur[len(h) + 1:])
            for t in _GENERIC_TAIL:
                if cur.endswith(" " + t) and len(cur) > len(t) + 2:
                    nxt.append(cur[: -len(t) - 1])
        out.extend(n for n in nxt if n not in out)
        todo = nxt
    return out


#: A winner matched only this loosely (a transliteration fold or a fuzzy match) ...
_LOOSE_MATCH = 0.7


def _stray(gaz: Gazetteer, scored: list[tuple[float, int, str]], matches: dict[int, float],
           ctx: Context) -> bool:
    """Whether a winner is a loose spelling match outside the document's focus countries.

    Such a winner is most often another place whose name happens to be spelt alike while the
    place meant is missing from the gazetteer ("Tanais" for "Tensas").
    """
    ent = scored[0][1]
    if matches.get(ent, 1.0) >= _LOOSE_MATCH or not ctx.countries:
        return False
    return ctx.countries.get(gaz.index.cc[ent].decode("ascii"), 0.0) == 0.0


#: Resolve a name to a place it only loosely spells, with nothing else in the text for it
#: (switch for A/B measurements).
FUZZY_ONLY_CHECK = True


def _loosely_matched(cands: list[_Cand], ent: int) -> bool:
    c = next((c for c in cands if c.ent == ent), None)
    return c is not None and loose_similarity(c) is not None


#: A place this populous (or a capital, a country) is what a misspelling most likely means:
#: a typo of a well-known town ("Bengahzi") is far likelier than a village the gazetteer lacks.
LOOSE_PROMINENT_POP = 100_000
#: ... but only within the countries the text names, when it names any: a text about Ghana that
#: spells a district of Accra ("Nima") means no misspelt French city (switch for A/B).
LOOSE_PROMINENT_AT_HOME = True
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")


def _syllables(k: str) -> int:
    """Vowel groups of a key as the transliteration fold reads it (inner articles and izafe
    links dropped, ``ou``/``w`` one vowel, a final ``-h`` after a vowel dropped)."""
    parts = (norm.bare(k) or k).split()
    n = 0
    for i, w in enumerate(parts):
        if 0 < i < len(parts) - 1 and w in norm.INNER_LINKS:
            continue
        w = w.replace("ou", "u").replace("w", "u")
        if len(w) > 2 and w.endswith("h") and w[-2] in "aeiou":
            w = w[:-1]
        n += len(_VOWEL_GROUPS.findall(w))
    return n


def unsupported_loose(gaz: Gazetteer, ent: int, cands: list[_Cand], ctx: Context,
                      points: np.ndarray | None, *, name: str = "",
                      country: str | None = None, by_region: bool = False) -> float | None:
    """The similarity of a winner reached only by a loose spelling match that nothing
    supports, else ``None``.

    A fuzzy match, or a transliteration fold that spells the name loosely, is most often
    another place spelt alike while the place meant is missing from the gazetteer: a front-line
    village one letter from a town 700 km off, a village of another transliteration in the
    same country. What vouches for it: a place of the text within :data:`LOOSE_SUPPORT_KM`; its
    first-level region named in the text; for a region, its country named; a prominent place
    (:data:`LOOSE_PROMINENT_POP`, a capital, a country: a typo of a well-known name); for a
    fold, the country the caller gave when both spellings have as many syllables (a press
    spelling differs in its vowels, "Gharian" / Gharyan, not in its syllables, "Robotyne" /
    Rybotyn).

    Parameters
    ----------
    gaz
        The gazetteer.
    ent
        The winner's entry.
    cands
        The name's candidates (the winner's tells how it was matched).
    ctx
        The name's document context.
    points
        ``(n, 2)`` latitudes and longitudes of the text's other places (outright matches
        only), or ``None``.
    name
        The name as written (for the syllable test of a fold).
    country
        The caller's country hint, if any.
    by_region
        Whether another place of the text in the winner's first-level region supports it
        (for a context without points: :meth:`Gazetteer.lookup`).
    """
    c = next((c for c in cands if c.ent == ent), None)
    sim = loose_similarity(c) if c is not None else None
    if sim is None or c is None:
        return None
    ix = gaz.index
    feat = ix.features[int(ix.feat[ent])]
    cc = ix.cc[ent].decode("ascii")
    a1 = int(ix.adm1[ent])
    if (feat in ("country", "continent") or int(ix.flags[ent]) & FLAG_CAPITAL
            or (int(ix.pop[ent]) >= LOOSE_PROMINENT_POP
                and not (LOOSE_PROMINENT_AT_HOME and ctx.named_countries
                         and cc not in ctx.named_countries))):
        return None
    if feat in _UNITS:
        return None if cc in ctx.named_countries else sim
    if a1 >= 0 and (a1 in ctx.named_admin1 or (by_region and ctx.admin1.get(a1, 0.0) > 0.0)):
        return None
    if points is not None and len(points):
        d = haversine_km(float(ix.lat[ent]), float(ix.lon[ent]), points[:, 0], points[:, 1])
        if float(np.min(d)) <= LOOSE_SUPPORT_KM:
            return None
    if (c.kind == FOLD and country and cc == country.upper() and name
            and _syllables(norm.key(name)) == _syllables(norm.key(ix.name(ent)))):
        return None
    if (HINTED_FUZZY and c.kind == -1 and country and cc == country.upper() and name
            and sim >= HINTED_FUZZY_SIM and _same_syllables_loosely(name, ix.name(ent))):
        # A press spelling one sign off the indexed one in the hinted country ("Tel'afa" /
        # Tal‘afah, "Agelmar" / Aguelmar): an apostrophe or a silent vowel letter moves the
        # word out of the fold, not out of the country. A consonant more or less ("Polohyv")
        # is another name.
        return None
    return sim


#: A fuzzy match in the caller's country at this similarity or more, with as many syllables
#: as the indexed name (apostrophes, ayn signs and a final ``-h`` read as nothing), is the
#: place (issue #18: press spellings in a conflict's country).
HINTED_FUZZY = True
HINTED_FUZZY_SIM = 0.88


def _same_syllables_loosely(name: str, other: str) -> bool:
    """Whether two spellings have the same consonants and as many vowel groups once
    apostrophes and ayn signs are dropped (``Khuza'a`` / ``Khuzā‘ah``) and ``ue``/``ui`` after
    ``g`` is read as a hard ``g`` (French ``Aguel-`` / English ``Agel-``)."""
    def loose(s: str) -> str:
        k = norm.key(re.sub(r"[\'’‘ʿʾ`]", "", s))
        return re.sub(r"gu(?=[ei])", "g", k)
    def consonants(k: str) -> str:
        # The fold's skeleton without its minimum length ("khuzaa" is "xz").
        k = k.replace("ou", "u").replace("kh", "x").replace("q", "k").replace("w", "u")
        k = re.sub(r"(?<=[aeiou])h\b", "", k)
        return re.sub(r"(.)\1+", r"\1", re.sub(r"[aeiouy\s]", "", k))

    a, b = loose(name), loose(other)
    return bool(consonants(a)) and consonants(a) == consonants(b) and (
        _syllables(a) == _syllables(b))


def fuzzy_only_reason(gaz: Gazetteer, ent: int, sim: float) -> str:
    """The reason of a name left unresolved by :func:`unsupported_loose` (its best candidate
    stays listed)."""
    ix = gaz.index
    return (f"fuzzy_only: not in gazetteer; only a loose spelling match, {ix.name(ent)} "
            f"({ix.cc[ent].decode('ascii') or 'no country'}), similarity {sim:.2f}, with no "
            f"other place of the text near it")


#: A populated place smaller than this, outside every country of a text that names at least
#: _SMALL_VOTERS other places, is a namesake of a place the gazetteer lacks ("Somme" in a text
#: about France: Sémé, Senegal; "Karo" in Sumatra: Kāro, India).
_SMALL_POP = 50_000
_SMALL_VOTERS = 3


def _small_outsider(gaz: Gazetteer, scored: list[tuple[float, int, str]], ctx: Context) -> bool:
    """Whether the winner is a small town or village outside every country of the text."""
    ix = gaz.index
    ent = scored[0][1]
    if not ctx.countries or int(ix.pop[ent]) >= _SMALL_POP:
        return False
    if ix.features[int(ix.feat[ent])] not in ("city", "town", "village"):
        return False
    cc = ix.cc[ent].decode("ascii")
    return bool(cc.strip()) and ctx.countries.get(cc, 0.0) == 0.0


#: A town known by this many people or more is named by its exonyms abroad too ("Peking").
_EXONYM_POP = 500_000


def _alternate_outsider(gaz: Gazetteer, scored: list[tuple[float, int, str]],
                        cands: list[Any], ctx: Context) -> bool:
    """Whether the winner is matched only by one of its alternate names and lies outside every
    country of the text.

    GeoNames lists a town's names in many languages; some spell like an English phrase or a
    group's name ("White House" is a translation of a Moroccan city's name). Read abroad, in
    a text whose other places are elsewhere, such a match is most often not that town.
    """
    ix = gaz.index
    ent = scored[0][1]
    if not ctx.countries or int(ix.pop[ent]) >= _EXONYM_POP:
        return False
    if ix.features[int(ix.feat[ent])] not in ("city", "town", "village"):
        return False
    kinds = {c.kind for c in cands if c.ent == ent}
    if not kinds or kinds != {ALT}:
        return False
    cc = ix.cc[ent].decode("ascii")
    return bool(cc.strip()) and ctx.countries.get(cc, 0.0) == 0.0


#: A town read only as the namesake of a missing feature ("Hunter Creek" -> Hunter) vouches
#: for no loose spelling match near it, as a loose match vouches for none (switch for A/B).
NAMESAKES_VOUCH_NOT = True
#: Resolve no town by an alternate name alone outside the countries a text names (switch).
ALT_ABROAD_NAMED = True


def _alternate_abroad_of_named(gaz: Gazetteer, scored: list[tuple[float, int, str]],
                               cands: list[Any], ctx: Context, others: set[str]) -> bool:
    """Whether the winner is a town matched only by an alternate name, outside every country
    the text names, with none of the text's other places (nor its demonyms, nor the caller's
    country hint) in its country.

    A text that names its country ("Ghana's capital Accra") and spells a neighbourhood the
    gazetteer lacks ("Nima") is not about the foreign city that lists that spelling among its
    names in other languages (Nîmes). Capitals keep their exonyms.
    """
    ix = gaz.index
    ent = scored[0][1]
    if not ctx.named_countries or int(ix.flags[ent]) & FLAG_CAPITAL:
        return False
    if ix.features[int(ix.feat[ent])] not in ("city", "town", "village"):
        return False
    kinds = {c.kind for c in cands if c.ent == ent}
    if kinds != {ALT}:
        return False
    cc = ix.cc[ent].decode("ascii")
    return bool(cc.strip()) and cc not in ctx.named_countries and cc not in others


#: Least share of the text's country focus a feature's country needs to replace a reading
#: lying outside every country of the text.
_FOCUS_FEATURE = 0.25


def _feature_in_focus(gaz: Gazetteer, name: str, scored: list[tuple[float, int, str]],
                      ctx: Context, hint: str | None, country: str | None = None) -> int | None:
    """A feature named "<name> <feature word>" in the text's countries, for a bare name read
    outside all of them ("Bagram" in an Afghan text: Bagram Airfield, not Bahram, Iran).

    The country hint counts as a focus country: a town the gazetteer lacks but whose airport
    it has is nearer the truth through its airport than through a namesake overseas."""
    countries = dict(ctx.countries)
    if country:
        cu = country.upper()
        countries[cu] = max(countries.get(cu, 0.0), _FOCUS_FEATURE)
    if hint is not None or not countries:
        return None
    ix = gaz.index
    if scored:
        top = scored[0][1]
        cc = ix.cc[top].decode("ascii")
        if (not cc.strip() or countries.get(cc, 0.0) > 0.0
                or ix.features[int(ix.feat[top])] in _UNITS):
            return None  # read at home, or a sea, region or country: not a stray namesake
    best: tuple[tuple[float, int], int] | None = None
    for ent, kind in ix.postings(norm.key(name)):
        if kind != CORE:
            continue
        w = countries.get(ix.cc[ent].decode("ascii"), 0.0)
        if w >= _FOCUS_FEATURE and (best is None or (w, int(ix.pop[ent])) > best[0]):
            best = ((w, int(ix.pop[ent])), ent)
    return best[1] if best is not None else None


def _far_namesake(gaz: Gazetteer, scored: list[tuple[float, int, str]], how: dict[int, str],
                  ctx: Context) -> bool:
    """Whether the winner is only the namesake of a feature the gazetteer lacks ("Ural River"
    -> Ural, Russia) and lies outside every country the text is about."""
    if not scored or how.get(scored[0][1]) != "named after" or not ctx.countries:
        return False
    return ctx.countries.get(gaz.index.cc[scored[0][1]].decode("ascii"), 0.0) == 0.0


#: A small place (below this population, no capital) read abroad of everything the document is
#: about ...
_DISTANT_POP = 100_000
#: ... lying this far from every other place of the document (and from the countries it names
#: and the country hint, when nothing in the text speaks for the place's own country) ...
_DISTANT_KM = 2000.0
#: ... judged by at least this many such anchors ...
_DISTANT_ANCHORS = 2
#: ... is a namesake of a place the gazetteer lacks, unless its country or region is named
#: within this many characters of the mention ("the Chilean village of X", "X, in Y").
_NAMED_NEAR = 100
_COUNTRY_POINTS: weakref.WeakKeyDictionary[Any, dict[str, tuple[np.ndarray, np.ndarray]]] = \
    weakref.WeakKeyDictionary()
_POINT_FEATURES = frozenset({"city", "town", "village", "airport", "airbase", "base", "port",
                             "oilfield", "crossing", "plant", "landmark", "square"})


def _country_points(gaz: Gazetteer, cc: str) -> tuple[np.ndarray, np.ndarray]:
    """Latitudes and longitudes of the populated places of a country (cached per gazetteer)."""
    try:
        cache = _COUNTRY_POINTS.setdefault(gaz, {})
    except TypeError:
        cache = {}
    hit = cache.get(cc)
    if hit is None:
        ix = gaz.index
        pop_feats = [ix.features.index(f) for f in ("city", "town", "village")]
        rows = np.nonzero((ix.cc == cc.encode("ascii")) & np.isin(ix.feat, pop_feats))[0]
        hit = cache[cc] = (np.asarray(ix.lat[rows], dtype=np.float64),
                           np.asarray(ix.lon[rows], dtype=np.float64))
    return hit


def _anchors(gaz: Gazetteer, ent: int, ctx: Context, country: str | None
             ) -> tuple[list[tuple[float, float, float]], set[str]]:
    """What a reading of a name is judged against: the document's other places, and, when
    nothing in the text speaks for the reading's own country, the countries the text names and
    the country hint (the reading's own country is no evidence for itself)."""
    cc = gaz.index.cc[ent].decode("ascii")
    if ctx.countries.get(cc, 0.0) > 0.0:
        return ctx.points, set()
    ccs = {c for c in ctx.named_countries if c.strip()}
    if country:
        ccs.add(country.upper())
    ccs.discard(cc)
    return ctx.points, ccs


def _distance_to_document(gaz: Gazetteer, ent: int, ctx: Context, country: str | None
                          ) -> float:
    """Distance (km) from an entry to the nearest of its :func:`_anchors` (a country: its
    nearest populated place). ``inf`` without anchors."""
    ix = gaz.index
    lat, lon = float(ix.lat[ent]), float(ix.lon[ent])
    points, ccs = _anchors(gaz, ent, ctx, country)
    best = math.inf
    if points:
        pts = np.asarray(points, dtype=np.float64)
        best = float(haversine_km(lat, lon, pts[:, 0], pts[:, 1]).min())
    for cc in ccs:
        lats, lons = _country_points(gaz, cc)
        if len(lats):
            best = min(best, float(haversine_km(lat, lon, lats, lons).min()))
    return best


def _named_near(gaz: Gazetteer, ent: int, spans: list[tuple[int, int]],
                named: list[tuple[int, str, int]]) -> bool:
    """Whether the entry's country or first-level region is named within _NAMED_NEAR characters
    of one of the mention *spans* (*named*: start, country, region of the country and region
    names and demonyms of the text)."""
    ix = gaz.index
    cc = ix.cc[ent].decode("ascii")
    a1 = int(ix.adm1[ent])
    for s, e in spans:
        for at, ncc, na1 in named:
            if s - _NAMED_NEAR <= at <= e + _NAMED_NEAR and (
                    (na1 < 0 and ncc == cc) or (na1 >= 0 and na1 == a1)):
                return True
    return False


def _named_places(gaz: Gazetteer, text: str | None, mentions: list[Mention],
                  scored: list[list[tuple[float, int, str]]], keys: list[Any],
                  groups: dict[Any, list[int]]) -> list[tuple[int, str, int]]:
    """(start, country, region or -1) of every country or first-level region the text names,
    by name (the winners read so) or by demonym."""
    ix = gaz.index
    out: list[tuple[int, str, int]] = []
    for g, key in enumerate(keys):
        if not scored[g]:
            continue
        ent = scored[g][0][1]
        feat = ix.features[int(ix.feat[ent])]
        if feat not in ("country", "region"):
            continue
        a1 = int(ix.adm1[ent]) if feat == "region" else -1
        out.extend((mentions[i].start, ix.cc[ent].decode("ascii"), a1) for i in groups[key])
    if text:
        out.extend((d.start, d.country, -1) for d in find_demonyms(text, gaz) if d.country)
    return out


def _distant(gaz: Gazetteer, scored: list[tuple[float, int, str]], ctx: Context,
             country: str | None) -> float | None:
    """Distance (km) to the document of a winner that is a small place lying far from all the
    document is about, or ``None`` (not small, not far, or too little to judge by).

    A reading in the document's main country or in the hinted one is never judged. One whose
    country the text speaks for (by name, demonym or other places) is judged by the other
    places only: a town of a country the text names, far from the places the text is about
    ("taking control of X" among towns of another continent). One whose country nothing in the
    text speaks for is judged also by the countries the text names and by the hint: it was
    chosen only for lack of a namesake at home."""
    if not scored:
        return None
    ix = gaz.index
    ent = scored[0][1]
    if (ix.features[int(ix.feat[ent])] not in _POINT_FEATURES or int(ix.pop[ent]) >= _DISTANT_POP
            or int(ix.flags[ent]) & FLAG_CAPITAL):
        return None
    cc = ix.cc[ent].decode("ascii")
    top = max(ctx.countries.values(), default=0.0)
    if cc == (country or "").upper() or (top and ctx.countries.get(cc, 0.0) >= top):
        return None  # in the document's main country: never a stranger there
    points, ccs = _anchors(gaz, ent, ctx, country)
    if len(points) + len(ccs) < _DISTANT_ANCHORS:
        return None
    d = _distance_to_document(gaz, ent, ctx, country)
    return d if math.isfinite(d) and d >= _DISTANT_KM else None


def _nearest_reading(gaz: Gazetteer, scored: list[tuple[float, int, str]], ctx: Context,
                     country: str | None) -> tuple[int, float]:
    """The reading of a name lying nearest the document, and its distance (km)."""
    best = (scored[0][1], math.inf)
    for _s, ent, _w in scored[:_MUTUAL_TOP]:
        if gaz.index.features[int(gaz.index.feat[ent])] in _UNITS:
            continue
        d = _distance_to_document(gaz, ent, ctx, country)
        if d < best[1]:
            best = (ent, d)
    return best


def _approximate(gaz: Gazetteer, name: str, ctx: Context, country: str | None,
                 scored: list[list[tuple[float, int, str]]], g: int) -> Resolution | None:
    """An approximate point for a name the gazetteer lacks, or ``None``.

    First the place the name is built on (``"Pecos River"`` -> Pecos, ``"Lake Conroe"`` ->
    Conroe) when it lies in the document's focus countries; else the medoid of the places the
    document's other names resolved to (the middle of what the text is about); else the point of
    its focus country.
    """
    ix = gaz.index
    feats = ix.features
    for rk in _generic_remainders(norm.key(name)):
        c, hint = gaz._candidates(rk, None)
        if not c:
            continue
        sc = _adjust(gaz, gaz._score(c, hint, country, ctx, None), c, ctx, {}, hint=hint)
        ent = sc[0][1]
        cc = ix.cc[ent].decode("ascii")
        if not ctx.countries or ctx.countries.get(cc, 0.0) > 0.0:
            return _approx_resolution(gaz, name, ent, f"approximate: named after or inside "
                                      f"{ix.name(ent)} ({cc or 'no country'})")
    pts = []
    for o, sc in enumerate(scored):
        if o == g or not sc:
            continue
        ent = sc[0][1]
        if feats[int(ix.feat[ent])] not in ("country", "continent", "area", "region"):
            pts.append(ent)
    if pts:

        lats = ix.lat[pts]
        lons = ix.lon[pts]
        cost = [float(haversine_km(float(ix.lat[e]), float(ix.lon[e]), lats, lons).sum())
                for e in pts]
        ent = pts[int(min(range(len(pts)), key=cost.__getitem__))]
        return _approx_resolution(gaz, name, ent, "approximate: not in gazetteer; placed at "
                                  f"the centre of the document's places ({ix.name(ent)})")
    if ctx.countries:
        cc = max(ctx.countries, key=ctx.countries.__getitem__)
        ent_c = gaz.country_entry(cc)
        if ent_c is not None:
            return _approx_resolution(gaz, name, ent_c, "approximate: not in gazetteer; placed "
                                      f"at the document's focus country ({cc})")
    return None


def _approx_resolution(gaz: Gazetteer, name: str, ent: int, reason: str) -> Resolution:
    place = gaz.place(ent, score=_APPROX_CONFIDENCE)
    raw = {**place.raw, "approximate": True}
    place = replace(place, raw=raw)
    return Resolution(query=name, place=place, candidates=[place],
                      confidence=_APPROX_CONFIDENCE, reason=reason, ambiguous=True)


#: Weight of a demonym's vote for its country, per distinct demonym (times the square root of
#: its count): half a country name's (an adjective may name a dish, a language, a surname).
W_DEMONYM = 1.0


def _demonym_votes(gaz: Gazetteer, text: str, mentions: list[Mention]
                   ) -> tuple[dict[str, float], dict[int, float]]:
    """Country and first-level region votes of the demonyms of *text* that are not mentions
    ("the Ghanaian town of ...", "Peruvian officials said", "Ohioans"): a demonym says which
    country (and a region's people which region) a text is about."""
    # Mentions sorted by start: only those starting within the longest mention's length before
    # a demonym can overlap it (a scan of every mention per demonym was quadratic in a long
    # text: 6,000 demonyms x 6,000 mentions in 0.5 MB).
    taken = sorted((m.start, m.end) for m in mentions)
    starts = [a for a, _ in taken]
    longest = max((b - a for a, b in taken), default=0)
    counts: Counter[str] = Counter()
    regions: Counter[int] = Counter()
    ix = gaz.index
    for d in find_demonyms(text, gaz):
        lo = bisect.bisect_left(starts, d.start - longest)
        hi = bisect.bisect_left(starts, d.end)
        if d.country and not any(taken[i][1] > d.start for i in range(lo, hi)):
            counts[d.country] += 1
            if ix.features[int(ix.feat[d.ent])] == "region" and int(ix.adm1[d.ent]) >= 0:
                regions[int(ix.adm1[d.ent])] += 1
    return ({cc: W_DEMONYM * n ** 0.5 for cc, n in counts.items()},
            {a1: W_DEMONYM * n ** 0.5 for a1, n in regions.items()})


#: Lower-case designators right after a name ("Washington state", "Clark county") or before it
#: ("the state of Washington"): the text says what kind of place is meant.
_AFTER_HINT = re.compile(
    r"\s+(state|county|parish|province|oblast|governorate|prefecture|region|district)\b")
_BEFORE_HINT = re.compile(r"\b(state|province|county) of\s+$")
# Only unit designators: "the village of X" would lift every town-like spelling match of X.
_HINT_OF = {"state": "region", "province": "region", "county": "district", "parish": "district",
            "oblast": "region", "governorate": "region", "prefecture": "region",
            "region": "region", "district": "district"}


def _context_hint(text: str, start: int, end: int) -> str | None:
    """Feature class named by a lower-case feature word next to the mention, or ``None``."""
    m = _AFTER_HINT.match(text, end)
    if m:
        return _HINT_OF.get(m.group(1))
    b = _BEFORE_HINT.search(text[max(0, start - 20):start])
    return _HINT_OF.get(b.group(1)) if b else None


#: Highest confidence of a place outside the document's (non-binding) country.
_OUTSIDE_CONFIDENCE = 0.5


def resolve_document(gaz: Gazetteer, mentions: list[Mention], *, text: str | None,
                     country: str | None, approximate: bool = False,
                     binding: bool = False) -> list[Resolution]:
    """See module docstring. Returns one Resolution per mention, in order.

    With *approximate*, a name the gazetteer lacks gets an approximate point instead of none
    (see :func:`_approximate`); off by default because a wrong point is worse than no point on a
    map, while evaluations of toponym resolution score a missing point as the worst error.
    """

    results: list[Resolution | None] = [None] * len(mentions)
    # Group mentions naming the same thing: one sense per discourse.
    groups: dict[tuple[str, str | None, tuple[str, int] | None], list[int]] = {}
    for i, m in enumerate(mentions):
        problem = norm.check_name(m.text) or _surrogate_problem(m.text)
        if problem is not None:
            results[i] = Resolution(query=m.text, place=None, reason=problem)
            continue
        cont = _container(gaz, text, m.end) if text else None
        if (cont is not None and _is_country_name(gaz, m.text)
                and not (cont[1] != -1 and _abbreviated_container(text, m.end))):
            # "Chad, Niger and Syria" is a list: a country lies in no other; but a state
            # abbreviated after a comma places a town ("Mexico, Mo.", "Peru, Ind.").
            cont = None
        groups.setdefault((norm.key(m.text), m.feature_hint, cont), []).append(i)
    # One sense per discourse: "Hartford, Conn." lends its container to a later bare
    # "Hartford".
    known = {(k, h): cont for k, h, cont in groups if cont is not None}
    for (k, h, cont), members in list(groups.items()):
        if cont is None and (k, h) in known:
            del groups[(k, h, cont)]
            groups.setdefault((k, h, known[(k, h)]), []).extend(members)
    # "London ... a Londoner": a demonym of a city or region joins its place's name (one
    # place named twice lends itself no support; see _demonyms.named_key).
    first_of: dict[str, tuple[str, str | None, tuple[str, int] | None]] = {}
    for gkey in groups:
        first_of.setdefault(gkey[0], gkey)
    for gkey in list(groups):
        place_key = named_key(gaz, mentions[groups[gkey][0]].text)
        if place_key and place_key != gkey[0] and place_key in first_of:
            groups[first_of[place_key]].extend(groups.pop(gkey))
    if text:
        # A feature word next to some mention of a name ("Washington state") tells the kind of
        # place for all its mentions: the group keeps one sense, and the hint.
        for gkey in list(groups):
            if gkey[1] is not None:
                continue
            seen = [h for i in groups[gkey]
                    if (h := _context_hint(text, mentions[i].start, mentions[i].end))]
            if seen:
                hinted = (gkey[0], max(set(seen), key=seen.count), gkey[2])
                groups.setdefault(hinted, []).extend(groups.pop(gkey))
    keys = list(groups)
    cands: list[list[_Cand]] = []
    hints: list[str | None] = []
    hows: list[dict[int, str]] = []
    memo = _memo(gaz)
    abroad: dict[int, str] = {}  # group -> why its namesakes abroad are no answer
    outside: set[int] = set()  # groups with readings abroad only (country not binding)
    for gkey in keys:
        name = mentions[groups[gkey][0]].text
        c, ghint, how = _name_candidates(gaz, name, gkey[1], memo)
        if gkey[2] is None and gkey[1] is None:
            c = _country_over_towns(gaz, name, c)
        if country:
            # No namesake abroad where the country has one (Gazetteer._bind); none at all
            # when the country is binding, else only with a low confidence.
            bound = gaz._bind(name, c, country, folds=binding)
            if c and not bound:
                if binding:
                    abroad[len(cands)] = gaz.abroad(c, country)
                else:
                    outside.add(len(cands))
                    bound = c
            c = bound
        cands.append(c)
        hints.append(ghint)
        hows.append(how)
    # List coherence: the share of each group's enumeration peers that can be a country / state.
    group_of = {i: g for g, gkey in enumerate(keys) for i in groups[gkey]}
    levels = [_levels(gaz, c) for c in cands]
    unit_names = [_unit_reading(gaz, c) for c in cands]
    shares: list[dict[str, float]] = []
    peers = _list_peers(mentions, text)
    peer_groups: list[set[int]] = []
    def capital(g: int) -> bool:
        return any(c.kind == PRIMARY and int(gaz.index.flags[c.ent]) & FLAG_CAPITAL
                   for c in cands[g])

    for g, gkey in enumerate(keys):
        pg = {group_of[j] for i in groups[gkey] for j in peers.get(i, ()) if j in group_of}
        pg.discard(g)
        peer_groups.append(pg)
        if pg and capital(g) and all(capital(o) for o in pg):
            # "Washington and Moscow", "Ankara and Tehran": a list of national capitals (their
            # governments), not of states, though some of them name a state too.
            shares.append({})
            continue
        shares.append({lv: sum(lv in levels[o] for o in pg) / len(pg) for lv in _LEVELS}
                      if pg else {})
    dem_votes, dem_a1 = _demonym_votes(gaz, text, mentions) if text else ({}, {})
    dem_count = round(sum((v / W_DEMONYM) ** 2 for v in dem_votes.values()))
    empty = Context.empty()
    scored = [_first_score(gaz, mentions[groups[keys[g]][0]].text, keys[g], country, cands[g],
                           hints[g], hows[g], shares[g], memo) for g in range(len(keys))]
    ix = gaz.index
    feats = ix.features
    matches = [{c.ent: c.match for c in cs} for cs in cands]
    ctxs: list[Context] = [empty] * len(keys)
    for _round in range(_ROUNDS):
        votes: list[tuple[str, int, float, float, float, str, float] | None] = []
        for g, sc in enumerate(scored):
            if not sc:
                votes.append(None)
                continue
            ent = sc[0][1]
            # A winner reached by a loose spelling match ("Tanais" for "Tensas") is weak
            # evidence of where the document is: it must not set the focus for the others.
            w = _weight(sc) * len(groups[keys[g]]) ** 0.5 * min(1.0, matches[g].get(ent, 1.0))
            feat = feats[int(ix.feat[ent])]
            if feat == "country":
                w *= 2.0
            votes.append((ix.cc[ent].decode("ascii"), int(ix.adm1[ent]), float(ix.lat[ent]),
                          float(ix.lon[ent]), w, feat, _weight(sc)))
        soft = [_soft_admin1(gaz, sc) for sc in scored]
        # Names that are a country's or a state's own name lend no support through their
        # namesake towns ("Indiana" the state, not Indiana, Pennsylvania).
        spts = ([[] if unit_names[o] else _soft_points(gaz, sc) for o, sc in enumerate(scored)]
                if W_MUTUAL else [])
        named_cc: dict[str, set[int]] = {}
        named_a1: dict[int, set[int]] = {}
        for g, v in enumerate(votes):
            if v is not None and v[5] == "country":
                named_cc.setdefault(v[0], set()).add(g)
            elif v is not None and v[5] == "region" and v[1] >= 0:
                named_a1.setdefault(v[1], set()).add(g)
        new_scored = []
        final = _round == _ROUNDS - 1
        for g in range(len(keys)):
            if not final and len(scored[g]) <= 1:
                # A name with one reading votes, and lends support, the same whatever its score:
                # only the last round's score (its reason and confidence) is ever read.
                new_scored.append(scored[g])
                continue
            countries: dict[str, float] = {}
            admin1: dict[int, float] = {}
            points: list[tuple[float, float, float]] = []
            soft_a1: dict[int, float] = {}
            total = 0.0
            list_cc: dict[str, float] = {}
            silent: set[int] = set()  # other groups whose votes do not count for this one
            for other, v in enumerate(votes):
                if v is None or other == g or keys[other][0] == keys[g][0]:
                    continue
                cc, a1, lat, lon, w, feat, conf = v
                if cc:
                    countries[cc] = countries.get(cc, 0.0) + w
                    total += w
                if other in peer_groups[g]:
                    # Lists of three names or more: "between Boston and Lisbon"
                    # pairs places, it does not enumerate places of one country.
                    if cc and len(peer_groups[g]) >= 2:
                        list_cc[cc] = list_cc.get(cc, 0.0) + 1.0 / len(peer_groups[g])
                    if feat == "region" and "region" in levels[g]:
                        # A state listed beside a name that can be a state is its peer, not
                        # its container ("Missouri, ..., Washington and Wisconsin": not
                        # Washington, Missouri); beside a town it may well contain it
                        # ("Geelong and Victoria").
                        silent.add(other)
                        continue
                # Regional support comes from every plausible reading of the other names, not
                # only their current winners: "Athens" and "Henderson County" agree on Texas
                # even while each alone would pick another state.
                if a1 >= 0:
                    admin1[a1] = admin1.get(a1, 0.0) + w
                for a, p in soft[other].items():
                    soft_a1[a] = max(soft_a1.get(a, 0.0), p)
                if feat not in ("country", "continent", "region"):
                    points.append((lat, lon, conf))
            for cc, w in dem_votes.items():
                countries[cc] = countries.get(cc, 0.0) + w
                total += w
            for a1, w in dem_a1.items():
                # "Ohioans": the people of a first-level unit vote for it too.
                admin1[a1] = admin1.get(a1, 0.0) + w
            if total:
                countries = {c: v / total for c, v in countries.items()}
                admin1 = {a: min(1.0, v / total * 2.0) for a, v in admin1.items()}
            for a, p in soft_a1.items():
                admin1[a] = max(admin1.get(a, 0.0), 0.5 * p)
            # Only a list that mostly lies in one country says where its names are ("Moscow,
            # Kiev, Minsk and Riga" lists capitals of four).
            list_cc = {c: v for c, v in list_cc.items() if v >= 0.5}
            ctx = Context(countries, admin1, points,
                          frozenset(c for c, gs in named_cc.items() if gs - {g} - silent),
                          frozenset(a for a, gs in named_a1.items() if gs - {g} - silent))
            ctxs[g] = ctx
            mutual = [spts[o] for o in range(len(keys))
                      if o != g and o not in silent and keys[o][0] != keys[g][0]] \
                if spts else None
            new_scored.append(_adjust(gaz, gaz._score(cands[g], hints[g], country, ctx, None,
                                                      keys[g][2]), cands[g], ctx, hows[g],
                                      shares[g], mutual, unit_names[g], hints[g], list_cc))
        scored = new_scored
    # Places the text names other than a group's own name: the votes of the last round.
    voting = Counter(keys[o][0] for o, v in enumerate(votes) if v is not None)
    voting_total = sum(voting.values())
    # Where the text's places are, by outright name matches (a loose match vouches for none).
    sure = [(g, float(ix.lat[sc[0][1]]), float(ix.lon[sc[0][1]])) for g, sc in enumerate(scored)
            if sc and feats[int(ix.feat[sc[0][1]])] not in _UNITS
            and not _loosely_matched(cands[g], sc[0][1])
            and not (NAMESAKES_VOUCH_NOT and hows[g].get(sc[0][1]) == "named after")
            ] if FUZZY_ONLY_CHECK else []
    sure_cc = {g: ix.cc[scored[g][0][1]].decode("ascii") for g, _la, _lo in sure}
    named: list[tuple[int, str, int]] | None = None  # country / region names, when needed
    for g, key in enumerate(keys):
        name = mentions[groups[key][0]].text
        far = _far_namesake(gaz, scored[g], hows[g], ctxs[g])
        # The document's country (the caller's, e.g. from its actors: "Russian forces took
        # X, the ministry in Moscow said") is one of the text's countries: its towns are no
        # outsiders there, even when the text's only other place is abroad.
        at_home = bool(scored[g]) and country is not None \
            and ix.cc[scored[g][0][1]].decode("ascii") == country
        loose = bool(scored[g]) and not far and not at_home \
            and _stray(gaz, scored[g], matches[g], ctxs[g])
        feature = (None if far or loose
                   else _feature_in_focus(gaz, name, scored[g], ctxs[g], hints[g], country))
        # Demonyms and the country hint are evidence of where the text is, like place names
        # ("the Ruritanian army retook the town of X" names no other place).
        voters = voting_total - voting[key[0]] + dem_count + (1 if country else 0)
        small = (feature is None and not (far or loose or at_home) and bool(scored[g])
                 and voters >= _SMALL_VOTERS and _small_outsider(gaz, scored[g], ctxs[g]))
        exonym = (feature is None and not (far or loose or small or at_home)
                  and bool(scored[g])
                  and ((voters >= _SMALL_VOTERS
                        and _alternate_outsider(gaz, scored[g], cands[g], ctxs[g]))
                       or (ALT_ABROAD_NAMED and _alternate_abroad_of_named(
                           gaz, scored[g], cands[g], ctxs[g],
                           {sure_cc[o] for o, _la, _lo in sure if keys[o][0] != key[0]}
                           | set(dem_votes) | ({country} if country else set())))))
        distant = None
        if feature is None and not (far or loose or small) and key[2] is None:
            distant = _distant(gaz, scored[g], ctxs[g], country)
            if distant is not None:
                if named is None:
                    named = _named_places(gaz, text, mentions, scored, keys, groups)
                spans = [(mentions[i].start, mentions[i].end) for i in groups[key]]
                if _named_near(gaz, scored[g][0][1], spans, named):
                    distant = None
        fuzzy_only = None
        if (FUZZY_ONLY_CHECK and scored[g] and feature is None and distant is None
                and not (far or loose or small or exonym)):
            pts = np.array([(la, lo) for o, la, lo in sure if keys[o][0] != key[0]],
                           dtype=np.float64).reshape(-1, 2)
            fuzzy_only = unsupported_loose(gaz, scored[g][0][1], cands[g], ctxs[g], pts,
                                           name=name, country=country)
        stray = loose or small or exonym
        approx = (_approximate(gaz, name, ctxs[g], country, scored, g)
                  if approximate and (not scored[g] or far or stray or distant is not None
                                      or fuzzy_only is not None)
                  else None)
        if approx is not None:
            feature = None
        for i in groups[key]:
            query = mentions[i].text
            if approx is not None:
                results[i] = approx
            elif far or stray:
                # On the gold corpora loose matches and small namesakes abroad were wrong 41
                # times in 47: no point is better than such a point.
                top = scored[g][0][1]
                where = f"{ix.name(top)} ({ix.cc[top].decode('ascii')})"
                why = (f"named after {where}" if far
                       else f"only a loose spelling match, {where}" if loose
                       else f"only an alternate name of {where}" if exonym
                       else f"only a small namesake, {where}")
                results[i] = replace(
                    gaz._resolution(query, scored[g], cands[g]), place=None, confidence=0.0,
                    ambiguous=False,
                    reason=f"not in gazetteer; {why}, outside the text's countries")
            elif fuzzy_only is not None:
                top = scored[g][0][1]
                results[i] = replace(
                    gaz._resolution(query, scored[g], cands[g]), place=None, confidence=0.0,
                    ambiguous=False, reason=fuzzy_only_reason(gaz, top, fuzzy_only))
            elif distant is not None:
                top = scored[g][0][1]
                near_ent, near_km = _nearest_reading(gaz, scored[g], ctxs[g], country)
                why = (f"no namesake near the document's other places; best candidate "
                       f"{ix.name(top)} ({ix.cc[top].decode('ascii')}), {distant:,.0f} km away")
                if near_ent != top:
                    why += (f"; nearest candidate {ix.name(near_ent)} "
                            f"({ix.cc[near_ent].decode('ascii')}), {near_km:,.0f} km away")
                results[i] = replace(
                    gaz._resolution(query, scored[g], cands[g]), place=None, confidence=0.0,
                    ambiguous=False, reason=why)
            elif feature is not None:
                best = scored[g][0][0] + 0.1 if scored[g] else 1.0
                r = gaz._resolution(
                    query, [(best, feature, "feature named so in the text's countries"),
                            *scored[g]],
                    [*cands[g], _Cand(feature, KIND_SCORE[CORE] * CORE_BARE, CORE)])
                if r.place is not None and r.place.geo_precision == "point":
                    # The bare name means the town the feature is named after (or the feature):
                    # its point is near the place meant, not on it.
                    r = replace(r, place=replace(r.place, geo_precision="town"))
                results[i] = r
            elif g in abroad:
                results[i] = Resolution(query=query, place=None, reason=abroad[g])
            else:
                r = gaz._resolution(query, scored[g], cands[g])
                if g in outside and r.place is not None:
                    r = replace(r, confidence=min(r.confidence, _OUTSIDE_CONFIDENCE),
                                reason=f"{r.reason}; outside {(country or '').upper()}")
                results[i] = r
    return [r if r is not None else Resolution(query=m.text, place=None, reason="unresolved")
            for r, m in zip(results, mentions, strict=True)]


# -- Speed (corpus engine) -----------------------------------------------------------------------
# The context-free work per name (candidates, variants, first-round score) is a pure function of
# (gazetteer, name, hint, country, container, list share), and names repeat across a corpus:
# it is memoised per gazetteer, bounded. The context rounds above are never cached.
_MEMO_SIZE = 20_000  # about 4 kB per entry: <= 80 MB per process
_MEMOS: weakref.WeakKeyDictionary[Any, dict[Any, Any]] = weakref.WeakKeyDictionary()


def _memo(gaz: Gazetteer) -> dict[Any, Any]:
    try:
        memo = _MEMOS.get(gaz)
        if memo is None:
            memo = _MEMOS[gaz] = {}
    except TypeError:  # not weakly referenceable: no memo
        return {}
    if len(memo) > _MEMO_SIZE:
        memo.clear()
    return memo


def _name_candidates(gaz: Gazetteer, name: str, hint: str | None, memo: dict[Any, Any]
                     ) -> tuple[list[_Cand], str | None, dict[int, str]]:
    """``gaz._candidates`` then :func:`_extend` of a name (results are shared: never mutate)."""
    key = ("cands", name, hint)
    hit = memo.get(key)
    if hit is None:
        c, ghint = gaz._candidates(name, hint)
        c, how = _extend(gaz, name, c)
        hit = memo[key] = (c, ghint, how)
    return hit  # type: ignore[no-any-return]


def _first_score(gaz: Gazetteer, name: str, gkey: tuple[str, str | None, Any],
                 country: str | None, cands: list[_Cand], hint: str | None,
                 how: dict[int, str], share: dict[str, float],
                 memo: dict[Any, Any]) -> list[tuple[float, int, str]]:
    """First-round score of a name, without document context."""
    key = ("score0", name, gkey[1], gkey[2], country, tuple(sorted(share.items())))
    hit = memo.get(key)
    if hit is None:

        empty = Context.empty()
        hit = memo[key] = _adjust(gaz, gaz._score(cands, hint, country, empty, None, gkey[2]),
                                  cands, empty, how, share, hint=hint)
    return hit  # type: ignore[no-any-return]
