r"""Per-entry facts of the memory-mapped index as plain Python values, cached and bounded.

Scoring a handful of candidates touches eight index arrays per candidate; numpy fancy
indexing or numpy scalars cost about a microsecond per array per name, far more than the
arithmetic. ``memoryview``\ s of the same mapped pages return Python numbers directly, and each
entry read is kept as a small tuple (its :class:`Place` fields too), so repeated names cost a
dictionary lookup. Values are exactly what the arrays hold, so scores computed from them are
bit-identical to scores computed from the arrays.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from geomap.gazetteer import _sources as sources
from geomap.gazetteer._variants import FACILITY_TOWN_FEATURES
from geomap.gazetteer.place import Place

if TYPE_CHECKING:
    from geomap.gazetteer._index import Index

#: Entries whose facts (~250 bytes each) are kept before the cache is emptied.
CACHE_ENTRIES = 50_000
#: Uncached entries from which one numpy gather per column beats reading them one by one.
BULK = 6
#: Entries whose Place fields (~1.2 kB each) are kept: the places a corpus keeps naming.
PLACE_ENTRIES = 20_000


class Ent(NamedTuple):
    """Facts of one index entry used by scoring."""

    feat_id: int
    feature: str
    cc: str
    pop: float  # population as the score reads it (float64)
    pop_log: float  # math.log10(pop + 1.0)
    adm1: int
    flags: int
    src: int
    lat: float
    lon: float


class EntityCache:
    """Lazily filled, bounded caches of entry facts and :class:`Place` fields.

    Parameters
    ----------
    index
        The opened index the entries belong to.
    """

    def __init__(self, index: Index, *, limit: int = CACHE_ENTRIES,
                 place_limit: int = PLACE_ENTRIES) -> None:
        self.index = index
        self.limit = limit
        self.place_limit = place_limit
        self._feat_names = index.features
        self._ents: dict[int, Ent] = {}
        self._places: dict[int, tuple[dict[str, Any], dict[str, Any]]] = {}
        self._keys: dict[int, str] = {}
        self._pop, self._feat, self._adm1 = index.pop.data, index.feat.data, index.adm1.data
        self._flags, self._src, self._prec = index.flags.data, index.src.data, index.prec.data
        self._lat, self._lon = index.lat.data, index.lon.data
        # S2 country codes read as uint16, decoded once per distinct code.
        self._cc = index.cc.data.cast("B").cast("H") if len(index.cc) else memoryview(b"").cast("H")
        self._cc_codes = index.cc.view(np.uint16) if len(index.cc) else np.zeros(0, np.uint16)
        self._cc_str: dict[int, str] = {}
        self._names_off, self._sids_off = index.names_off.data, index.sids_off.data

    def get(self, ent: int) -> Ent:
        """Facts of entry *ent*."""
        hit = self._ents.get(ent)
        if hit is not None:
            return hit
        pop = float(self._pop[ent])
        fid = self._feat[ent]
        # tuple.__new__: the NamedTuple's own __new__ is a Python function (3x slower).
        hit = tuple.__new__(Ent, (fid, self._feat_names[fid], self._country(ent), pop,
                                  math.log10(pop + 1.0), self._adm1[ent], self._flags[ent],
                                  self._src[ent], self._lat[ent], self._lon[ent]))
        if len(self._ents) >= self.limit:
            self._ents.clear()
        self._ents[ent] = hit
        return hit

    def _country(self, ent: int) -> str:
        code = self._cc[ent]
        hit = self._cc_str.get(code)
        if hit is None:
            hit = self._cc_str[code] = self.index.cc[ent].decode("ascii")
        return hit

    def many(self, ents: list[int]) -> list[Ent]:
        """Facts of several entries, in order."""
        got = self._ents.get
        out = [got(e) for e in ents]
        if None in out:
            missing = [e for e, hit in zip(ents, out, strict=True) if hit is None]
            if len(missing) >= BULK:
                self._fill(missing)
            out = [got(e) or self.get(e) for e in ents]
        return out  # type: ignore[return-value]

    def _fill(self, ents: list[int]) -> None:
        """Read many entries at once (names with dozens of namesakes)."""
        ix = self.index
        idx = np.asarray(ents, dtype=np.int64)
        names = self._feat_names
        if len(self._ents) + len(ents) > self.limit:
            self._ents.clear()
        cache = self._ents
        for e, p, f, code, a1, fl, src, lat, lon in zip(
                ents, ix.pop[idx].tolist(), ix.feat[idx].tolist(), self._cc_codes[idx].tolist(),
                ix.adm1[idx].tolist(), ix.flags[idx].tolist(), ix.src[idx].tolist(),
                ix.lat[idx].tolist(), ix.lon[idx].tolist(), strict=True):
            pop = float(p)
            cc = self._cc_str.get(code)
            if cc is None:
                cc = self._country(e)
            cache[e] = tuple.__new__(Ent, (f, names[f], cc, pop, math.log10(pop + 1.0), a1, fl,
                                           src, lat, lon))

    def name_key(self, ent: int, key: Any) -> str:
        """``key(name of ent)``, cached (the transliteration fold compares against it)."""
        hit = self._keys.get(ent)
        if hit is None:
            a, b = self._names_off[ent], self._names_off[ent + 1]
            hit = key(self.index._names[a:b].decode("utf-8"))
            if len(self._keys) >= self.limit:
                self._keys.clear()
            self._keys[ent] = hit
        return hit

    def place(self, ent: int, score: float, kind: int | None, matched: str = "") -> Place:
        """The :class:`Place` of entry *ent* (equal to building it field by field)."""
        hit = self._places.get(ent)
        if hit is None:
            hit = self._place_base(ent)
            if len(self._places) >= self.place_limit:
                self._places.clear()
            self._places[ent] = hit
        fields, raw_base = hit
        raw = dict(raw_base)  # callers may keep and change .raw: never share it
        if kind is not None:
            raw["match"] = sources.KIND_NAMES[kind] if kind >= 0 else "fuzzy"
        if matched:
            raw["matched_key"] = matched
        # Place is a frozen dataclass: fill its __dict__ directly (its __init__ sets the
        # fields one by one through object.__setattr__, 4x slower; no __post_init__ exists).
        p = object.__new__(Place)
        d = p.__dict__
        d.update(fields)
        if kind == sources.DEMONYM:
            # "Syrian": the country, named by its people's adjective (see _sources.DEMONYM).
            d["feature"] = raw["feature"] = "demonym"
        elif kind == sources.FACILITY and raw["feature"] in FACILITY_TOWN_FEATURES:
            # A facility the index lacks, placed at its town: the feature says the point is
            # the town's (the town's own feature kept beside it). A site the index has, named
            # with one more facility word ("X compound"), keeps its own feature.
            raw["town_feature"] = raw["feature"]
            d["feature"] = raw["feature"] = "facility in town"
        d["score"] = round(float(score), 4)
        d["raw"] = raw
        return p

    def _place_base(self, ent: int) -> tuple[dict[str, Any], dict[str, Any]]:
        ix = self.index
        e = self.get(ent)
        a, b = self._sids_off[ent], self._sids_off[ent + 1]
        sid = ix._sids[a:b].decode("utf-8")
        source = sid.split(":", 1)[0]
        a, b = self._names_off[ent], self._names_off[ent + 1]
        raw: dict[str, Any] = {
            "id": sid,
            "source": source,
            "licence": sources.LICENCES.get(source, ""),
            "name": ix._names[a:b].decode("utf-8"),
            "feature": e.feature,
            "country": e.cc,
            "admin1": ix.admin1_codes[e.adm1] if e.adm1 >= 0 else "",
        }
        fields: dict[str, Any] = {
            "name": raw["name"], "lat": e.lat, "lon": e.lon,
            "country": e.cc, "feature": e.feature, "source": source, "id": sid,
            "score": 0.0, "population": self._pop[ent],
            "geo_precision": ix.precisions[self._prec[ent]], "raw": None,
        }  # in field order, so the instance __dict__ is ordered as Place's own would be
        return fields, raw
