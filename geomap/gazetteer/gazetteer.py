"""The gazetteer: name -> candidates -> scored, explained resolution."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import math
import re
import shutil
import threading
import weakref
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from geomap._io.cache import cache_dir
from geomap.gazetteer import _normalize as norm
from geomap.gazetteer import _sources as sources
from geomap.gazetteer import _variants
from geomap.gazetteer._entities import BULK as _BULK
from geomap.gazetteer._entities import EntityCache
from geomap.gazetteer._fuzzy import FuzzyIndex
from geomap.gazetteer._index import FLAG_CAPITAL, INDEX_FORMAT, Index, build
from geomap.gazetteer._postings import Postings
from geomap.gazetteer._respell import rejoinings as _rejoinings
from geomap.gazetteer._respell import short_respellings as _short_respellings
from geomap.gazetteer._respell import soft as _soft
from geomap.gazetteer._scoring import (
    _FEATURE_PRIOR,
    _FEDERAL,
    _HINT_ACCEPTS,
    _MAJOR_CITY,
    _MAX_CANDIDATES,
    CORE_BARE,
    FOLD_SURE,
    FUZZY_MATCH,
    KIND_SCORE,
    MARGIN,
    SETTLING_KINDS,
    W_ADMIN1,
    W_CAPITAL,
    W_COUNTRY,
    W_NAMED,
    W_NEAR,
    W_POP,
    Context,
    _Cand,
    _plain_name,
    _squash,
    _surrogate_problem,
    _weight,
    haversine_km,
    haversine_km_matrix,
    spelling_penalties,
)
from geomap.gazetteer._sources import ALT, BARE, CODE, CORE, FACILITY, FOLD, PRIMARY
from geomap.gazetteer.place import Place, Resolution

if TYPE_CHECKING:
    import geopandas as gpd

    from geomap.gazetteer.toponyms import Mention

log = logging.getLogger("geomap.gazetteer")

FUZZY_CUTOFF = 85.0
#: Generic first words of names: a fuzzy match must also hold on the rest of the name.
_FUZZY_HEADS = frozenset({"fort", "ft", "lake", "mount", "mt", "port", "camp", "cape", "point",
                          "san", "santa", "saint", "st", "ste", "el", "al", "la", "le"})
_CACHE_SIZE = 50_000
#: Names whose candidates are remembered (bounded: ~1 kB a name on average).
_CAND_CACHE_SIZE = 20_000
#: Postings a short name's respelling may meet (names, not codes or feature-word cores).
_RESPELT_KINDS = frozenset({PRIMARY, ALT, BARE, FOLD})
#: Match of a town reached through a facility named with it ("the X Palace in Y" -> Y), times
#: the town's own match: below any name of the facility itself, so the answer's confidence
#: says the point is the town's, not the facility's.
FACILITY_MATCH = 0.8
#: How a facility the index lacks, in a town it lacks too, is reported unresolved.
FACILITY_UNKNOWN = "not in gazetteer: a facility ({facility}) in {town}, a place not in it either"
#: Fuzzy fallback through the prefilter (False: full rapidfuzz scans, same answers, ~15x slower).
_FUZZY_PREFILTER = True
#: Features a country preference does not bind: countries and world features lie in no
#: other country.
_BINDING_EXEMPT = frozenset({"country", "continent", "area"})
# One fuzzy index per opened index, shared by the gazetteers over it (with_fallback...).
_FUZZY: weakref.WeakKeyDictionary[Index, FuzzyIndex] = weakref.WeakKeyDictionary()
_DEFAULT_LOCK = threading.Lock()
_DEFAULT: dict[str, Gazetteer] = {}


def _data_fingerprint() -> str:
    h = hashlib.sha256()
    folder = sources.curated_dir()
    for p in sorted(folder.glob("*.csv")):
        h.update(p.name.encode())
        h.update(p.read_bytes())
    for mod in ("_sources.py", "_index.py", "_normalize.py"):
        h.update((Path(__file__).parent / mod).read_bytes())
    return h.hexdigest()[:12]


def index_version(dataset: str = "cities500") -> str:
    """Cache key of the default index: package versions + curated data + code."""
    payload = json.dumps([INDEX_FORMAT, dataset, sources.source_versions(), _data_fingerprint()],
                         sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


class Gazetteer:
    """Offline gazetteer over a memory-mapped index.

    Parameters
    ----------
    index
        An opened :class:`~geomap.gazetteer._index.Index`.
    margin
        Score margin below which a resolution is flagged ambiguous.
    """

    def __init__(self, index: Index, *, margin: float = MARGIN, fallback: Any = None) -> None:
        self.index = index
        self.margin = margin
        #: Optional :class:`~geomap.gazetteer.online.OnlineFallback` (off by default).
        self.fallback = fallback
        self._feat_names = index.features
        self._country_ent: dict[str, int] | None = None
        # Context-free lookups are pure functions of (name, country, feature): memoised.
        # OrderedDicts: dropping the oldest entry of a full plain dict (pop(next(iter(d))))
        # scans the holes left by earlier drops, ~15 us a lookup once 50,000 are cached.
        self._cache: OrderedDict[tuple[str, str | None, str | None], Resolution] = OrderedDict()
        # Candidates are a pure function of (name, hint): memoised for documents and contexts.
        self._cand_cache: OrderedDict[tuple[str, str | None],
                                      tuple[tuple[_Cand, ...], str | None]] = OrderedDict()
        self._ents = EntityCache(index)
        self._postings = Postings(index)
        feats = self._feat_names
        self._airport_ix = frozenset(feats.index(f) for f in ("airport", "airbase"))
        self._town_ix = frozenset(feats.index(f) for f in ("city", "town"))
        self._curated = index.sources.index("curated") if "curated" in index.sources else -1
        # name -> (facility, town, town found) of names read as a facility in a town
        self._facilities: OrderedDict[str, tuple[str, str, bool]] = OrderedDict()

    # ------------------------------------------------------------------ construction
    @classmethod
    def default(cls, *, cache: Path | None = None, dataset: str = "cities500") -> Gazetteer:
        """The bundled gazetteer, built on first use into the cache folder; one per process."""
        key = f"{cache}|{dataset}"
        with _DEFAULT_LOCK:
            gaz = _DEFAULT.get(key)
            if gaz is None:
                gaz = _DEFAULT[key] = cls(Index(ensure_index(cache=cache, dataset=dataset)))
            return gaz

    @classmethod
    def open(cls, folder: str | Path) -> Gazetteer:
        """Open an index folder built by :func:`ensure_index` or :func:`build`."""
        return cls(Index(Path(folder)))

    def with_fallback(self, fallback: Any) -> Gazetteer:
        """A gazetteer sharing this index that asks *fallback* for names it lacks."""
        return Gazetteer(self.index, margin=self.margin, fallback=fallback)

    # ------------------------------------------------------------------ entries
    def place(self, ent: int, *, score: float = 1.0, kind: int | None = None,
              matched: str = "") -> Place:
        """The :class:`Place` of index entry *ent*."""
        return self._ents.place(ent, score, kind, matched)

    def country_entry(self, iso2: str) -> int | None:
        """Index entry of a country by ISO code."""
        if self._country_ent is None:
            table: dict[str, int] = {}
            cfeat = self._feat_names.index("country")
            ents = np.flatnonzero(np.asarray(self.index.feat) == cfeat)
            for ent in ents.tolist():
                table.setdefault(self.index.cc[ent].decode("ascii"), ent)
            self._country_ent = table
        return self._country_ent.get(iso2.upper())

    # ------------------------------------------------------------------ candidates
    def _candidates(self, name: str, hint: str | None) -> tuple[list[_Cand], str | None]:
        ck = (name, hint)
        hit = self._cand_cache.get(ck)
        if hit is None:
            cands, qhint = self._find_candidates(name, hint)
            if len(self._cand_cache) >= _CAND_CACHE_SIZE:
                self._cand_cache.popitem(last=False)
            hit = self._cand_cache[ck] = (tuple(cands), qhint)
        return list(hit[0]), hit[1]

    def _find_candidates(self, name: str, hint: str | None) -> tuple[list[_Cand], str | None]:
        k = norm.key(name)
        core, qhint = norm.split_feature(k)
        hint = hint or qhint
        stripped = name.strip()
        is_code = stripped.replace(".", "").isupper() and len(stripped) <= 5
        # ent -> (match, kind); insertion order is the candidates' order
        best: dict[int, tuple[float, int]] = {}
        postings = self._postings

        def add(key_: str, allow_core: bool, scale: float = 1.0) -> None:
            for ent, kind in postings(key_):
                if kind == CORE and not allow_core:
                    continue
                if kind == CODE and not is_code:
                    continue
                m = KIND_SCORE[kind] * scale
                cur = best.get(ent)
                if cur is None or m > cur[0]:
                    best[ent] = (m, kind)

        add(k, allow_core=hint is not None)
        b = norm.bare(k)
        if b:
            add(b, allow_core=hint is not None, scale=0.92)
        if core != k:
            add(core, allow_core=True, scale=0.95)
            cb = norm.bare(core)
            if cb:
                add(cb, allow_core=True, scale=0.9)
        # Transliteration variants always compete (scored by how close the spelling is), so an
        # exact hit on an obscure alternate name cannot hide the intended place.
        airport_ix = self._airport_ix
        info = self._ents.get
        if len(best) >= _BULK:
            self._ents.many(list(best))  # one gather per column for many namesakes
        settled = any(kind in SETTLING_KINDS and info(ent).feat_id not in airport_ix
                      for ent, (_m, kind) in best.items())
        if not settled and hint is None:
            # A bare name that no town bears may name an air base or airport by its own name
            # ("Incirlik", "Al Udeid"): features named with a feature word compete, lower.
            add(k, allow_core=True, scale=CORE_BARE)
            if b:
                add(b, allow_core=True, scale=0.92 * CORE_BARE)
        # "Kherson's airport": a town owning a facility is read as such before any loose
        # spelling of the whole phrase ("Khersons" folds to a Greek town)
        owned = not best and _OWNED_FACILITY.match(stripped) is not None \
            and self._facility(name, best)
        if owned:
            hint = None
        elif not settled and not (is_code and any(kind == CODE for _m, kind in best.values())):
            self._fold(k, core, best)
        if not best and self._facility(name, best):
            hint = None  # the town is the answer, whatever kind of facility was named
        if not best:
            self._fuzzy(core, best)
        alts = [ent for ent, (_m, kind) in best.items() if kind == ALT]
        spell = dict(zip(alts, spelling_penalties(
            k, [self._ents.name_key(e, norm.key) for e in alts]), strict=True)) if len(
            alts) > 1 else {}
        cands = [_Cand(ent, m, kind, spell.get(ent, 0.0)) for ent, (m, kind) in best.items()]
        if len(cands) > _MAX_CANDIDATES:
            # Bound the work per name ("San Antonio" has hundreds of namesakes): keep the best
            # name matches, larger places first.
            cands.sort(key=lambda c: (-c.match, -int(info(c.ent).pop)))
            cands = cands[:_MAX_CANDIDATES]
        return cands, hint

    def _fold(self, k: str, core: str, best: dict[int, tuple[float, int]]) -> None:
        """Entries whose consonant skeleton is the query's, scored by spelling closeness.

        When none is found so with a sure spelling (:data:`FOLD_SURE`), a name written as one
        word is tried split in two ("Deirhafer" for "Deir Hafer") and a name of two or three
        words joined ("Gaal Kacyo" for "Gaalkacyo"): the press writes compound names either
        way; a short name without a fold key is looked up respelt ("Hiit" as "Hit").
        """
        from rapidfuzz import fuzz

        name_key = self._ents.name_key

        def hits(kk: str, *, joined: bool, floor: float) -> None:
            f = norm.fold(kk)
            if not f:
                return
            mine = _soft(norm.bare(kk) or kk, joined=joined)
            for ent, kind in self._postings("~" + f):
                if kind != FOLD or ent in best:
                    continue
                other = name_key(ent, norm.key)
                sim = fuzz.ratio(mine, _soft(norm.bare(other) or other, joined=joined)) / 100.0
                if sim < floor:
                    continue
                best[ent] = (KIND_SCORE[FOLD] * sim, FOLD)

        # The full key before its core: a set here made the answer depend on PYTHONHASHSEED,
        # i.e. differ between processes (--jobs, Dask) for names with a feature word.
        for kk in dict.fromkeys((k, core)):
            hits(kk, joined=False, floor=0.6)
        sure = KIND_SCORE[FOLD] * FOLD_SURE
        if any(kind == FOLD and m >= sure for m, kind in best.values()):
            return
        # A moved word break is liberty enough: the letters must then agree as a sure fold
        # does (a loose split reading only crowds out the fallbacks: approximate points,
        # the fuzzy search).
        mine_core = norm.bare(core) or core
        for kk in _rejoinings(mine_core):
            hits(kk, joined=True, floor=FOLD_SURE)
        # A short name has no fold key: its respelling (long vowels, ou, doubled letters,
        # -ah, word break) is looked up exactly, and counts when it is a sure spelling.
        mine = _soft(mine_core, joined=True)
        for kk in _short_respellings(mine_core):
            for ent, kind in self._postings(kk):
                if kind not in _RESPELT_KINDS or ent in best:
                    continue
                other = name_key(ent, norm.key)
                sim = fuzz.ratio(mine, _soft(norm.bare(other) or other, joined=True)) / 100.0
                if sim >= FOLD_SURE:
                    best[ent] = (KIND_SCORE[FOLD] * sim, FOLD)

    def _facility(self, name: str, best: dict[int, tuple[float, int]]) -> bool:
        """Candidates for a facility the index lacks, named with its town: the town's.

        "The X Palace in Y", "X compound, Y", "Y's X airport", "Y Central Prison": the
        settlements and city quarters the town part names (by name, alternate name, or a sure
        transliteration), each with :data:`FACILITY_MATCH` times its own match and kind
        ``FACILITY``. Returns whether the name was read as a facility in a town that the index
        has; the reading is remembered for the resolution's details either way.
        """
        readings = _variants.facility_readings(name)
        if not readings:
            return False
        info = self._ents.get
        sites = _variants.FACILITY_SITE_FEATURES
        towns = _variants.FACILITY_TOWN_FEATURES | sites
        sure_fold = KIND_SCORE[FOLD] * FOLD_SURE - 1e-9
        found = None
        for fac, town, site_only in readings:
            cands, _hint = self._candidates(town, None)
            for c in cands:
                if info(c.ent).feature not in (sites if site_only else towns):
                    continue
                if c.kind not in (PRIMARY, ALT, BARE) and not (c.kind == FOLD
                                                               and c.match >= sure_fold):
                    continue  # a loose spelling of the town is no ground for a point
                m = c.match * FACILITY_MATCH
                if best.get(c.ent, (0.0, 0))[0] < m:
                    best[c.ent] = (m, FACILITY)
            if best:
                found = (fac, town, True)
                break
        if len(self._facilities) >= _CAND_CACHE_SIZE:
            self._facilities.popitem(last=False)
        self._facilities[name] = found or (readings[0][0], readings[0][1], False)
        return found is not None

    def _bind(self, name: str, cands: list[_Cand], country: str | None, *,
              folds: bool = True) -> list[_Cand]:
        """The candidates a country preference allows: places in *country*, and countries and
        world features themselves (a text about Libya still names Tunisia or the
        Mediterranean). A hint is binding: a namesake abroad is never the answer
        ("Al-Asaba" in Libya is not Asaba, Nigeria). With no candidate left in the country,
        the transliteration folds of the name are searched there (Al Aşābi‘ah) when *folds*."""
        if not country:
            return cands
        cc = country.upper()
        info = self._ents.get
        home = [info(c.ent).cc == cc for c in cands]
        if all(home):
            return cands  # the usual case: nothing to drop, no fold to search
        keep = [c for c, h in zip(cands, home, strict=True)
                if h or info(c.ent).cc == "" or info(c.ent).feature in _BINDING_EXEMPT]
        if folds and not any(home):
            k = norm.key(name)
            spelt: dict[int, tuple[float, int]] = {}
            self._fold(k, norm.split_feature(k)[0], spelt)
            have = {c.ent for c in keep}
            keep += [_Cand(ent, m, kind) for ent, (m, kind) in spelt.items()
                     if ent not in have and info(ent).cc == cc]
        return keep

    def _fuzzy(self, k: str, best: dict[int, tuple[float, int]]) -> None:
        if len(k) < 5 or not k.isascii():
            return
        from rapidfuzz import fuzz

        for key_, score, pos in self._fuzzy_extract(k):
            if key_[:1] != k[:1]:
                # A misspelling keeps its first letter: "Fort Hope" is not Port Hope, Ontario
                # (a wrong point is worse than none).
                continue
            head, _, rest = k.partition(" ")
            other_head, _, other_rest = key_.partition(" ")
            if (head == other_head and head in _FUZZY_HEADS and rest and other_rest
                    and fuzz.ratio(rest, other_rest) < FUZZY_CUTOFF):
                continue  # the shared generic word carried the match: "Fort Polk", "Fort Pike"
            ent = int(self.index.fuzzy_ent[pos])
            m = FUZZY_MATCH * float(score) / 100.0
            if ent not in best or best[ent][0] < m:
                best[ent] = (m, -1)

    def _fuzzy_extract(self, k: str) -> list[tuple[str, float, int]]:
        """Fuzzy key matches ``(key, score, position)``, best first (rapidfuzz semantics)."""
        if not _FUZZY_PREFILTER:
            from rapidfuzz import fuzz, process

            return process.extract(k, self.index.fuzzy_keys(), scorer=fuzz.ratio, limit=8,
                                   score_cutoff=FUZZY_CUTOFF)
        fx = _FUZZY.get(self.index)
        if fx is None:
            fx = _FUZZY[self.index] = FuzzyIndex.open(self.index.fuzzy_keys(), self.index.folder)
        return fx.extract(k, cutoff=FUZZY_CUTOFF, limit=8)

    # ------------------------------------------------------------------ scoring
    def _score(self, cands: list[_Cand], hint: str | None, country: str | None,
               ctx: Context, near: tuple[float, float] | None,
               container: tuple[str, int] | None = None) -> list[tuple[float, int, str]]:
        """Return ``(score, ent, reason)`` best first."""
        if not cands:
            return []
        # Entry facts as Python values (cached): same numbers as the index arrays hold.
        info = self._ents.many([c.ent for c in cands])
        curated = self._curated
        out: list[tuple[float, int, str]] = []
        dists_near = None
        lats = lons = None
        if near or ctx.points:
            lats = np.array([e.lat for e in info], dtype=np.float64)
            lons = np.array([e.lon for e in info], dtype=np.float64)
        if near:
            dists_near = haversine_km(near[0], near[1], lats, lons)
        accepts = _HINT_ACCEPTS.get(hint or "", frozenset())
        prox_all = None
        if ctx.points:
            pts = np.asarray(ctx.points, dtype=np.float64)
            d = haversine_km_matrix(lats, lons, pts[:, 0], pts[:, 1])
            prox_all = (pts[:, 2][None, :] * np.exp(-d / 150.0)).max(axis=1)
        town_ix = self._town_ix
        town_a1 = {e.adm1 for e, c in zip(info, cands, strict=True)
                   if e.feat_id in town_ix and e.pop >= 20_000 and c.match >= 0.9}
        best_match = max(c.match for c in cands)
        # The largest town per country among the best name matches: a namesake fifty times
        # smaller gets half the regional context ("Boston" with New York named: not Boston, NY).
        big: dict[str, float] = {}
        for e, c in zip(info, cands, strict=True):
            if e.feat_id in town_ix and c.match >= best_match - 1e-9 and e.pop > big.get(e.cc, 0):
                big[e.cc] = e.pop
        for i, c in enumerate(cands):
            e = info[i]
            feat = e.feature
            cc = e.cc
            a1 = e.adm1
            s = c.match
            s += c.spell
            # Regional context chooses among equally good name matches; it should not let an
            # alternate name ("Mexico" for Mexico City) beat the place that bears the name.
            ctx_factor = 1.0 if c.match >= best_match - 1e-9 else 0.5
            if big.get(cc, 0) >= _MAJOR_CITY and e.pop * 50 < big[cc]:
                ctx_factor *= 0.5
            why = [sources.KIND_NAMES[c.kind] if c.kind >= 0 else "fuzzy"]
            s += W_POP * e.pop_log
            s += _FEATURE_PRIOR.get(feat, 0.0)
            if e.flags & FLAG_CAPITAL:
                s += W_CAPITAL  # national capitals are named far more often than namesakes
                why.append("national capital")
            if (feat in ("region", "district") and a1 in town_a1
                    and cc not in _FEDERAL):
                # "Misrata", "Aleppo": a province named after its city means the city; states of
                # federations ("New York") are named in their own right.
                s -= 0.35
            if e.src == curated:
                s += 0.2
            if not hint and feat in ("airport", "airbase") and c.kind not in (CODE, CORE):
                # An airport named after its town yields to the town; one that a bare name
                # reaches only without its feature word ("Incirlik") has no town to yield to.
                s -= 0.35
            if hint:
                if feat in accepts:
                    s += 0.5
                    why.append(f"feature {hint}")
                elif hint in {"airbase", "airport", "base", "square", "crossing", "oilfield",
                              "plant"}:
                    s -= 0.4
            if country:
                if cc == country.upper():
                    s += 0.8
                    why.append(f"country {cc}")
                else:
                    s -= 0.5
            if ctx.countries and cc:
                w = ctx.countries.get(cc, 0.0)
                if w:
                    s += W_COUNTRY * w
                    why.append(f"country focus {cc}")
            if feat not in ("country", "continent") and cc in ctx.named_countries:
                s += W_NAMED * ctx_factor
                why.append(f"{cc} named in the text")
            if (feat not in ("country", "continent", "region") and a1 >= 0
                    and a1 in ctx.named_admin1):
                s += W_NAMED * ctx_factor
                why.append("its region is named in the text")
            if ctx.admin1:
                w = ctx.admin1.get(a1, 0.0) if a1 >= 0 else 0.0
                if w and feat not in ("country", "region"):
                    s += W_ADMIN1 * w * ctx_factor
                    why.append("same region as other places")
            if container is not None:
                ccc, ca1 = container
                if ca1 >= 0 and a1 == ca1:
                    s += 1.6
                    why.append("inside the region named after it")
                elif ccc and cc == ccc and feat != "country" and ca1 < 0:
                    s += 1.0
                    why.append("inside the country named after it")
            if prox_all is not None and feat not in ("country", "continent"):
                prox = float(prox_all[i])
                if prox > 0.05:
                    s += W_NEAR * prox * ctx_factor
                    why.append("near other places")
            if dists_near is not None:
                s += 0.6 * math.exp(-float(dists_near[i]) / 100.0)
            out.append((s, c.ent, "; ".join(why)))
        out.sort(key=lambda t: (-t[0], t[1]))
        return out

    def _resolution(self, query: str, scored: list[tuple[float, int, str]], cands: list[_Cand],
                    *, max_candidates: int = 8) -> Resolution:
        if not scored:
            fac = self._facilities.get(query)
            reason = ("not in gazetteer" if fac is None or fac[2]
                      else FACILITY_UNKNOWN.format(facility=fac[0], town=fac[1]))
            return Resolution(query=query, place=None, reason=reason)
        by_ent = {c.ent: c for c in cands}
        top = scored[0]
        place = self._ents.place
        places = []
        for s, ent, _ in scored[:max_candidates]:
            c = by_ent.get(ent)
            places.append(place(ent, _squash(s), None if c is None else c.kind))
        gap = top[0] - scored[1][0] if len(scored) > 1 else 1.0
        c = by_ent.get(top[1])
        match = 0.5 if c is None else c.match
        confidence = max(0.0, min(1.0, match * (0.55 + min(gap, 0.9) / 2)))
        ambiguous = len(scored) > 1 and gap < self.margin
        reason = top[2]
        if c is not None and c.kind == FACILITY:
            fac = self._facilities.get(query)
            if fac is not None:
                # Both parts named in the provenance: the point is the town's.
                places[0] = dataclasses.replace(places[0], raw={
                    **places[0].raw, "facility": fac[0], "town": fac[1]})
                where = ("the town's point" if places[0].feature == "facility in town"
                         else f"the point of {places[0].name}")
                reason = f"{fac[0]} in {fac[1]}: {where}; " + reason
                confidence *= FACILITY_MATCH  # the facility's own point is unknown
        if ambiguous:
            reason += f"; ambiguous: margin {gap:.2f} over {places[1].name} ({places[1].country})"
        return Resolution(query=query, place=places[0], candidates=places,
                          confidence=round(confidence, 3), reason=reason, ambiguous=ambiguous)

    # ------------------------------------------------------------------ public
    def lookup(self, name: str, *, country: str | None = None, context: str | None = None,
               feature: str | None = None, near: tuple[float, float] | None = None) -> Resolution:
        """Resolve one name; never raises on bad names (the Resolution carries the reason).

        Parameters
        ----------
        name
            Place name as written.
        country
            ISO alpha-2 code the place is in. Binding: a place elsewhere is never the answer
            (the name stays unresolved), except countries and world features themselves.
        context
            Free text around the name (its other place names set a country focus).
        feature
            Feature class hint (``airbase``, ``city``, ``district``...).
        near
            ``(lat, lon)``: prefer candidates near this point.
        """
        problem = None if _plain_name(name) else (norm.check_name(name)
                                                  or _surrogate_problem(name))
        if problem is not None:
            return Resolution(query=name if isinstance(name, str) else repr(name), place=None,
                              reason=problem)
        res = self._lookup_offline(name, country=country, context=context, feature=feature,
                                   near=near)
        if res.place is None and self.fallback is not None and (
                res.reason == "not in gazetteer" or res.reason.startswith("not in gazetteer: ")):
            return self.fallback.lookup(name, country=country)  # type: ignore[no-any-return]
        return res

    def _lookup_offline(self, name: str, *, country: str | None, context: str | None,
                        feature: str | None, near: tuple[float, float] | None) -> Resolution:
        if context is None and near is None:
            ck = (name, country, feature)
            hit = self._cache.get(ck)
            if hit is None:
                hit = self._lookup(name, country, None, feature, None)
                if len(self._cache) >= _CACHE_SIZE:
                    self._cache.popitem(last=False)
                self._cache[ck] = hit
            return _copy(hit)
        return self._lookup(name, country, context, feature, near)

    def _lookup(self, name: str, country: str | None, context: str | None, feature: str | None,
                near: tuple[float, float] | None) -> Resolution:
        cands, hint = self._candidates(name, feature)
        bound = self._bind(name, cands, country)
        if cands and not bound:
            return Resolution(query=name, place=None, reason=self.abroad(cands, country))
        ctx = self.context_from_text(context, exclude=name) if context else Context.empty()
        scored = self._score(bound, hint, country, ctx, near)
        res = self._resolution(name, scored, bound)
        if res.place is not None:
            from geomap.gazetteer import _disambig

            if _disambig.FUZZY_ONLY_CHECK:
                # A loose spelling match alone is no answer (a village one letter from a town
                # 700 km off): unresolved, its candidate listed, unless a place of the context
                # lies in its region or *near* is close to it.
                pts = [(la, lo) for la, lo, _w in ctx.points] + ([near] if near else [])
                sim = _disambig.unsupported_loose(
                    self, scored[0][1], bound, ctx,
                    np.asarray(pts, dtype=np.float64).reshape(-1, 2), name=name,
                    country=country, by_region=True)
                if sim is not None:
                    return dataclasses.replace(
                        res, place=None, confidence=0.0, ambiguous=False,
                        reason=_disambig.fuzzy_only_reason(self, scored[0][1], sim))
        return res

    def abroad(self, cands: Sequence[_Cand], country: str | None) -> str:
        """Why a name whose candidates all lie outside the preferred country is unresolved."""
        best = max(cands, key=lambda c: (c.match, self._ents.get(c.ent).pop))
        e = self._ents.get(best.ent)
        return (f"not in gazetteer in {(country or '').upper()}; a namesake lies elsewhere: "
                f"{self.index.name(best.ent)} ({e.cc})")

    def geocode(self, names: Iterable[str], *, country: str | Sequence[str | None] | None = None,
                feature: str | Sequence[str | None] | None = None) -> gpd.GeoDataFrame:
        """Resolve many names independently, column-wise: a place-name column, a name list.

        The answer for each name is that of :meth:`lookup` with the same ``country`` and
        ``feature`` (no document context: names do not inform each other, unlike
        :meth:`resolve_mentions`), computed for all names together — several times faster
        than calling :meth:`lookup` in a loop. Like :func:`geopandas.tools.geocode`, one row
        per name, in order, with a point geometry.

        Parameters
        ----------
        names
            Place names as written (repeats are resolved once).
        country
            ISO alpha-2 code of every name's country, or one per name (``None``: none);
            binding, as for :meth:`lookup`.
        feature
            Feature-class hint (``airbase``, ``city``...) for every name, or one per name.

        Returns
        -------
        geopandas.GeoDataFrame
            Columns ``query, resolved, name, latitude, longitude, country, feature,
            geo_precision, id, source, score, confidence, ambiguous, reason, geometry``
            (EPSG:4326); unresolved names have ``resolved`` False, no geometry and the
            reason.

        Raises
        ------
        ValueError
            ``country`` or ``feature`` is a sequence whose length is not the number of names.
        """
        import geopandas as gpd

        from geomap.gazetteer._batch import lookup_frame

        frame = lookup_frame(self, names, country=country, feature=feature)
        geometry = gpd.points_from_xy(frame["longitude"], frame["latitude"], crs="EPSG:4326")
        geometry[~frame["resolved"].to_numpy(dtype=bool)] = None  # missing, not POINT (NaN NaN)
        return gpd.GeoDataFrame(frame, geometry=geometry, crs="EPSG:4326")

    def resolve(self, name: str, *, country: str | None = None, context: str | None = None,
                feature: str | None = None) -> Place | None:
        """The best place for *name*, or ``None``."""
        return self.lookup(name, country=country, context=context, feature=feature).place

    def candidates(self, name: str) -> list[Place]:
        """Every candidate for *name*, best first (no context)."""
        return self.lookup(name).candidates

    def context_from_text(self, text: str, *, exclude: str = "") -> Context:
        """Country focus and points from the place names of *text*."""
        from geomap.gazetteer.toponyms import find_toponyms

        # Demonyms vote for their country too ("the Kenyan port of ...").
        mentions = [m for m in find_toponyms(text, self, demonyms=True) if m.text != exclude]
        return self._context([(m.text, m.feature_hint) for m in mentions], None)

    def _context(self, names: Sequence[tuple[str, str | None]], country: str | None,
                 exclude: int | None = None, previous: list[tuple[float, int, str]] | None = None,
                 all_scored: list[list[tuple[float, int, str]]] | None = None) -> Context:
        countries: dict[str, float] = {}
        admin1: dict[int, float] = {}
        ix = self.index
        total = 0.0
        for i, (name, hint) in enumerate(names):
            if i == exclude:
                continue
            if all_scored is not None:
                scored = all_scored[i]
            else:
                cands, h = self._candidates(name, hint)
                scored = self._score(cands, h, country, Context.empty(), None)
            if not scored:
                continue
            w = _weight(scored)
            ent = scored[0][1]
            cc = ix.cc[ent].decode("ascii")
            if cc:
                countries[cc] = countries.get(cc, 0.0) + w
                total += w
            a1 = int(ix.adm1[ent])
            if a1 >= 0:
                admin1[a1] = admin1.get(a1, 0.0) + w
        if total:
            countries = {k: v / total for k, v in countries.items()}
            admin1 = {k: min(1.0, v / max(1.0, total) * 2) for k, v in admin1.items()}
        return Context(countries, admin1, [])

    def resolve_mentions(self, mentions: Sequence[Mention], *, text: str | None = None,
                         country: str | None = None, binding: bool = False
                         ) -> list[Resolution]:
        """Resolve the mentions of one document together (document-level disambiguation).

        Country focus and regional focus come from the other mentions (country names count
        most), proximity to the places chosen for the other mentions, ``"Town, State"``
        patterns in *text*, demonyms in *text*, and the feature hints of the mentions. The
        same name gets the same place throughout a document.

        Parameters
        ----------
        mentions
            The toponyms of the document.
        text
            The document (containers, designators, demonyms, lists are read from it).
        country
            ISO alpha-2 code of the document's country. A name with a namesake in it never
            resolves abroad; a name without one resolves abroad only with confidence at most
            0.5, and not at all when *binding*.
        binding
            The country is the user's, not a guess (as for :meth:`lookup`): names without a
            place in it are searched by transliteration fold there, else left unresolved.
        """
        from geomap.gazetteer._disambig import resolve_document

        out = resolve_document(self, list(mentions), text=text, country=country,
                               binding=binding)
        for res in out:
            if res.place is not None and res.place.feature == "region":
                self._offer_seat(res)
        return out

    def seat_of(self, region: Place) -> Place | None:
        """The town that shares a first-level subdivision's name and lies in it, if any.

        A governorate and its seat usually share a name, but the press often spells the name
        with another first vowel than the gazetteer's town (Arabic ``ʿA``/``ʿU`` written
        ``O``, ``A`` or ``U``): the name and those spellings are looked up in the region's
        country, and a town of the same subdivision answers.
        """
        a1 = region.raw.get("admin1")
        if region.feature != "region" or not a1:
            return None
        seats: dict[str, Place | None] = self.__dict__.setdefault("_seats", {})
        if region.id in seats:
            return seats[region.id]
        name = region.name
        spellings = [name]
        if name[:1].upper() in "AEIOU" and len(name) > 3:
            spellings += [v + name[1:] for v in "AOUEI" if v != name[:1].upper()]
        found = None
        for i, spelling in enumerate(spellings):
            place = self.lookup(spelling, country=region.country).place
            if (place is not None and place.geo_precision == "town"
                    and place.feature not in ("airport", "airbase")
                    and place.raw.get("admin1") == a1
                    # another vowel must hit a name the gazetteer lists, not a loose match
                    # ("Iregon" is no spelling of the town Irrigon)
                    and (i == 0 or place.raw.get("match") in ("name", "alternate name"))):
                found = place
                break
        seats[region.id] = found
        return found

    def _offer_seat(self, res: Resolution) -> None:
        """Add the seat of a region winner to its candidates (once), so that a reading that
        needs a town ("rebels captured X", "X city") finds it among the name's readings."""
        region = res.place
        if region is None:
            return
        if any(c.geo_precision == "town" and c.country == region.country
               for c in res.candidates):
            return
        seat = self.seat_of(region)
        if seat is not None and all(c.id != seat.id for c in res.candidates):
            res.candidates = [*res.candidates, seat]


#: A capitalised owner and a possessive before lower-case words ("Kherson's airport",
#: "Mosul's main prison"): a facility named by its town.
_OWNED_FACILITY = re.compile(r"[A-Z][\w' -]*?['’]s\s+[a-z]")


def _copy(res: Resolution) -> Resolution:
    """``dataclasses.replace(res, candidates=list(res.candidates))``, without its overhead."""
    out = object.__new__(Resolution)
    out.__dict__.update(res.__dict__)
    out.candidates = list(res.candidates)
    return out


def ensure_index(*, cache: Path | None = None, dataset: str = "cities500") -> Path:
    """Return the folder of the default index, building it first if absent."""
    version = index_version(dataset)
    folder = (cache or cache_dir()) / f"gazetteer-{dataset}-{version}"
    if (folder / "meta.json").exists():
        return folder
    log.info("building gazetteer index (first use) -> %s", folder)
    records = sources.iter_all(dataset)
    built = build(records, folder, version=version, aliases=sources.read_aliases())
    prune_stale_indexes(built, dataset)
    return built


#: Complete indexes of other versions kept beside the current one: the newest, so that two
#: installs sharing one cache folder (two checkouts, a venv and a notebook kernel) do not
#: delete each other's index on every switch (each rebuild costs ~20 s).
KEEP_OTHER_INDEXES = 1


def prune_stale_indexes(current: Path, dataset: str = "cities500",
                        keep: int = KEEP_OTHER_INDEXES) -> list[Path]:
    """Remove the cache's complete indexes of ``dataset`` but ``current`` and the ``keep``
    most recently built others.

    Each version (~60 MB) is keyed by packages, data and code: every upgrade or reinstall left
    the previous one behind. Only ``gazetteer-<dataset>-<hex key>`` folders holding a
    ``meta.json`` are removed (never another dataset's index or a build in progress); a reader
    that still has an old index open keeps its memory-mapped files until it closes them.
    """
    pattern = re.compile(rf"gazetteer-{re.escape(dataset)}-[0-9a-f]{{16}}")
    others = []
    for old in current.parent.iterdir():
        meta = old / "meta.json"
        if old.name == current.name or not pattern.fullmatch(old.name) or not meta.is_file():
            continue
        try:
            others.append((meta.stat().st_mtime, old.name, old))
        except OSError:
            continue
    others.sort(reverse=True)
    removed = []
    for _mtime, _name, old in others[max(keep, 0):]:
        shutil.rmtree(old, ignore_errors=True)
        removed.append(old)
    if removed:
        log.info("removed %d stale gazetteer index(es): %s", len(removed),
                 ", ".join(p.name for p in removed))
    return removed
