"""Column-wise resolution of many names at once (no document context).

:meth:`Gazetteer.lookup` spends ~150 us of interpreted Python on a name it has not seen:
normalising, reading postings, scoring each candidate with its reasons and building
:class:`~geomap.gazetteer.place.Place` objects. A table column or a name list needs none of
the objects, only the winner's fields. Here the names are normalised column-wise
(:mod:`._bulknorm`: Arrow and numpy kernels that spell every key as :mod:`._normalize` does)
and the only Python left per key is its hash; postings, the transliteration fold, scores and
the choice of the winner are numpy operations over every candidate of every name together.

The answers are those of :meth:`Gazetteer.lookup` with the same ``country`` and ``feature``
(tests compare the two on thousands of index names): the candidates are met in the scalar
order, the score terms are added in the scalar order and the tie-breaks are the scalar ones.
Names the vectorised path does not settle — no candidate at all (the fuzzy fallback), names
it would reject — go through :meth:`Gazetteer.lookup` one by one.
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from geomap._io.limits import utf8_text
from geomap.gazetteer import _bulknorm as bulk
from geomap.gazetteer import _normalize as norm
from geomap.gazetteer import _sources as sources
from geomap.gazetteer._bulknorm import as_bool
from geomap.gazetteer._index import FLAG_CAPITAL
from geomap.gazetteer._respell import rejoinings, short_respellings, soft

# Imported by Gazetteer.geocode only, once gazetteer.py is initialised: no cycle at import.
from geomap.gazetteer._scoring import (
    _FEATURE_PRIOR,
    _FEDERAL,
    _HINT_ACCEPTS,
    _MAX_CANDIDATES,
    CORE_BARE,
    FOLD_SURE,
    KIND_SCORE,
    W_CAPITAL,
    W_POP,
    _squash,
    spelling_penalties,
)
from geomap.gazetteer._sources import ALT, CODE, CORE, DEMONYM, FOLD, PRIMARY

if TYPE_CHECKING:
    from geomap.gazetteer._index import Index
    from geomap.gazetteer.gazetteer import Gazetteer
    from geomap.gazetteer.place import Resolution

#: Columns of :func:`lookup_frame`, in order.
COLUMNS: tuple[str, ...] = (
    "query", "resolved", "name", "latitude", "longitude", "country", "feature",
    "geo_precision", "id", "source", "score", "confidence", "ambiguous", "reason",
)
_HINTED = frozenset({"airbase", "airport", "base", "square", "crossing", "oilfield", "plant"})


def _per_name(value: str | Sequence[str | None] | None, n: int, what: str) -> list[str | None]:
    if value is None or isinstance(value, str):
        return [value or None] * n
    out = [_given(v) for v in value]
    if len(out) != n:
        raise ValueError(f"{what}: {len(out)} values for {n} names")
    return out


def _given(value: Any) -> Any:
    """*value*, or ``None`` for no value: empty, or missing in a table column (NaN, NA)."""
    if value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return value or None


def lookup_frame(gaz: Gazetteer, names: Iterable[str], *,
                 country: str | Sequence[str | None] | None = None,
                 feature: str | Sequence[str | None] | None = None) -> pd.DataFrame:
    """Resolve *names* independently of each other; one row per name, in order.

    Parameters
    ----------
    gaz
        The gazetteer.
    names
        Place names as written.
    country, feature
        As for :meth:`Gazetteer.lookup`: one value for every name, or one per name (a missing
        value of a table column, NaN or NA, is no preference).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`COLUMNS`; ``resolved`` is False (and ``reason`` says why) for names
        without a place.
    """
    queries = list(names)
    n = len(queries)
    countries = _per_name(country, n, "country")
    features = _per_name(feature, n, "feature")
    all_str = set(map(type, queries)) <= {str}
    if all_str and (country is None or isinstance(country, str)) and (
            feature is None or isinstance(feature, str)):
        # One country and hint for all: distinct names (a column repeats its names).
        codes, distinct = pd.factorize(np.asarray(queries, dtype=object))
        where = codes.astype(np.int64)
        u_names = distinct.tolist()
        u_countries, u_features = countries[:len(u_names)], features[:len(u_names)]
    else:
        uniq, where = _distinct(queries, countries, features)
        u_names = [t[0] for t in uniq]
        u_countries = [t[1] for t in uniq]
        u_features = [t[2] for t in uniq]
    res = _Resolver(gaz).run(u_names, u_countries, u_features)
    if len(u_names) != n:
        res = {c: v[where] for c, v in res.items()}
    # Arrow strings, like files, must be UTF-8: surrogates become U+FFFD.
    res["query"] = np.asarray(queries if all_str and _is_utf8(queries) else [
        utf8_text(q) if isinstance(q, str) else repr(q) for q in queries], dtype=object)
    return pd.DataFrame(res, columns=list(COLUMNS))


def _distinct(queries: list[Any], countries: list[str | None], features: list[str | None]
              ) -> tuple[list[tuple[Any, str | None, str | None]], np.ndarray]:
    """Distinct (name, country, feature) and the position of each query among them."""
    slot: dict[tuple[Any, str | None, str | None], int] = {}
    uniq: list[tuple[Any, str | None, str | None]] = []
    where: list[int] = []
    for t in zip(queries, countries, features, strict=True):
        try:
            j = slot.setdefault(t, len(uniq)) if isinstance(t[0], str) else len(uniq)
        except TypeError:  # an unhashable country or feature: its own row, lookup says why
            j = len(uniq)
        if j == len(uniq):
            uniq.append(t)
        where.append(j)
    return uniq, np.asarray(where, dtype=np.int64)


def _is_utf8(texts: list[str]) -> bool:
    """Whether every text encodes as UTF-8 (no lone surrogate)."""
    try:
        "".join(texts).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class _Resolver:
    """One batch: vectorised candidates and scores, scalar fallback for the rest."""

    def __init__(self, gaz: Gazetteer) -> None:
        self.gaz = gaz
        ix = gaz.index
        self.ix = ix
        feats = ix.features
        self.prior = np.array([_FEATURE_PRIOR.get(f, 0.0) for f in feats], dtype=np.float64)
        self.airport = np.array([f in ("airport", "airbase") for f in feats])
        self.town = np.array([f in ("city", "town") for f in feats])
        self.regional = np.array([f in ("region", "district") for f in feats])
        self.exempt = np.array([f in ("country", "continent", "area") for f in feats])
        self.hints = sorted(_HINT_ACCEPTS)
        self.accepts = np.array([[f in _HINT_ACCEPTS[h] for f in feats] for h in self.hints],
                                dtype=bool)
        # (name, entry) pairs as one int64: entries < stride.
        self._stride = len(ix) + 1
        self.federal = np.array(sorted(_FEDERAL), dtype="S2").view(np.uint16)
        self.kind_score = np.zeros(max(KIND_SCORE) + 1, dtype=np.float64)
        for k, v in KIND_SCORE.items():
            self.kind_score[k] = v

    # ------------------------------------------------------------------ driver
    def run(self, names: list[Any], countries: list[str | None], features: list[str | None]
            ) -> dict[str, np.ndarray]:
        """Columns (:data:`COLUMNS` but ``query``) of distinct (name, country, feature)
        triples, in order."""
        m = len(names)
        res: dict[str, Any] = {c: np.full(m, None, dtype=object) for c in COLUMNS}
        res["resolved"] = np.zeros(m, dtype=bool)
        res["ambiguous"] = np.zeros(m, dtype=bool)
        for c in ("latitude", "longitude", "score", "confidence"):
            res[c] = np.full(m, np.nan)
        ccs, cc_ok = _countries(countries)
        # Feature hints are names of feature classes; anything else is lookup's to judge.
        hint_ok = np.fromiter(map(_is_hint, features), dtype=bool, count=m)
        hints: list[str | None] = [f if ok and f else None
                                   for f, ok in zip(features, hint_ok.tolist(), strict=True)]
        # _plain_name(), its key computed column-wise below
        todo = np.flatnonzero(_plain(names) & cc_ok & hint_ok)
        arr = pa.array([names[j] for j in todo.tolist()], type=pa.large_string())
        ks = bulk.keys(arr)
        has_key = np.fromiter(map(bool, ks), dtype=bool, count=len(ks))
        if not has_key.all():
            todo, arr = todo[has_key], arr.filter(pa.array(has_key))
            ks = [k for k in ks if k]
        n = len(todo)
        # Per name (m entries; names left to the scalar path keep the defaults).
        key_of: np.ndarray = np.full(m, "", dtype=object)
        key_of[todo] = ks
        core_of = key_of.copy()
        h_key = np.zeros(m, dtype=np.uint64)
        h_bare = np.zeros(m, dtype=np.uint64)
        has_bare = np.zeros(m, dtype=bool)
        eligible = np.zeros(m, dtype=bool)
        eligible[todo] = True
        h_key[todo] = bulk.hashes(ks)
        # Feature words and articles: few names have them (the scalar split and bare).
        extra_name: list[list[int]] = [[], [], []]  # bare, core, bare core
        extra_key: list[list[str]] = [[], [], []]
        split, bare = bulk.split_feature, norm.bare
        for i in np.flatnonzero(bulk.feature_or_article(ks)).tolist():
            j, k = int(todo[i]), ks[i]
            core, qhint = split(k)
            if hints[j] is None:
                hints[j] = qhint
            b = bare(k)
            if b:
                extra_name[0].append(j)
                extra_key[0].append(b)
            if core != k:
                core_of[j] = core
                extra_name[1].append(j)
                extra_key[1].append(core)
                cb = bare(core)
                if cb:
                    extra_name[2].append(j)
                    extra_key[2].append(cb)
        extra_hash = [bulk.hashes(e) for e in extra_key]
        h_bare[extra_name[0]] = extra_hash[0]
        has_bare[extra_name[0]] = True
        self.key_of, self.core_of, self.h_key, self.h_bare = key_of, core_of, h_key, h_bare
        self.has_bare = has_bare
        # Per hint (few distinct ones): its row in self.accepts, whether it penalises misses.
        codes, values = pd.factorize(np.asarray(hints, dtype=object))  # None: -1
        hint_pos = {h: i for i, h in enumerate(self.hints)}
        distinct = values.tolist()
        hint_ix = np.array([hint_pos.get(h, -1) for h in distinct] + [-1], dtype=np.int64)[codes]
        hinted = np.array([h in _HINTED for h in distinct] + [False], dtype=bool)[codes]
        has_hint = codes >= 0
        is_code = np.zeros(m, dtype=bool)
        # Codes ("LAX", "U.S."): at most 5 characters once spaces are stripped (a printable
        # name has no other whitespace).
        short = as_bool(pc.less_equal(pc.utf8_length(pc.utf8_trim(arr, " ")), 5))
        for j in todo[short].tolist():
            stripped = names[j].strip()
            is_code[j] = len(stripped) <= 5 and stripped.replace(".", "").isupper()
        # Keys looked up, in the scalar order per name: key, bare key, core, bare core.
        allow = has_hint[todo]
        q_name = np.concatenate([todo, *(np.asarray(e, dtype=np.int64) for e in extra_name)])
        q_hash = np.concatenate([h_key[todo], *extra_hash])
        q_scale = np.concatenate([np.ones(n), np.full(len(extra_name[0]), 0.92),
                                  np.full(len(extra_name[1]), 0.95),
                                  np.full(len(extra_name[2]), 0.9)])
        q_core = np.concatenate([allow, has_hint[np.asarray(extra_name[0], dtype=np.int64)],
                                 np.ones(len(extra_name[1]) + len(extra_name[2]), dtype=bool)])
        cand = self._candidates(q_name, q_hash, q_scale, q_core, is_code)
        cand = self._with_cores(cand, eligible, has_hint, m)
        cand = self._with_folds(cand, eligible, is_code, m)
        cand["spell"] = self._spell(cand["ent"], cand["kind"], cand["name"])
        cand = self._truncated(cand, m)
        cand = self._bound(cand, ccs)
        done = self._score_and_choose(cand, hint_ix, hints, has_hint, hinted, ccs, res, m)
        # Left to the scalar path: rejected names (it says why) and names without candidates
        # (fuzzy fallback).
        pending = np.ones(m, dtype=bool)
        pending[done] = False
        lookup = self.gaz.lookup
        for j in np.flatnonzero(pending).tolist():
            _fill_from(res, j, lookup(names[j], country=countries[j], feature=features[j]))
        return res

    # ------------------------------------------------------------------ candidates
    def _postings(self, q_name: np.ndarray, q_hash: np.ndarray
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """``(entry, kind, name, query)`` of every posting of the queried key hashes, in
        query order then index order (the order the scalar path meets them)."""
        ix = self.ix
        keys = ix.keys
        # Sorted queries walk the mapped key table forwards (3x faster than random probes).
        order = np.argsort(q_hash, kind="stable")
        pos = np.empty(len(q_hash), dtype=np.int64)
        pos[order] = np.searchsorted(keys, q_hash[order])
        inside = pos < len(keys)
        hit = np.zeros(len(q_hash), dtype=bool)
        hit[inside] = keys[pos[inside]] == q_hash[inside]
        query = np.flatnonzero(hit)
        pos = pos[hit]
        start = ix.post_off[pos]
        length = ix.post_off[pos + 1] - start
        rep = np.repeat(np.arange(len(pos)), length)
        # Position of every posting: start of its run + rank inside the run.
        first = np.cumsum(length) - length
        flat = start[rep] + (np.arange(int(length.sum())) - first[rep])
        return (ix.post_ent[flat].astype(np.int64), ix.post_kind[flat].astype(np.int64),
                q_name[query][rep], query[rep])

    def _candidates(self, q_name: np.ndarray, q_hash: np.ndarray, q_scale: np.ndarray,
                    q_core: np.ndarray, is_code: np.ndarray) -> dict[str, np.ndarray]:
        ent, kind, name, q = self._postings(q_name, q_hash)
        keep = ~((kind == CORE) & ~q_core[q]) & ~((kind == CODE) & ~is_code[name])
        ent, kind, name, q = ent[keep], kind[keep], name[keep], q[keep]
        match = self.kind_score[kind] * q_scale[q]
        # Best match per (name, entry); on equal matches the first met wins, as in the scalar
        # path (keys in the order k, bare, core, bare core; postings in index order).
        first, seen = _first_per(name, ent, -match, np.arange(len(ent)))
        return {"ent": ent[first], "kind": kind[first], "name": name[first],
                "match": match[first], "seen": seen}

    def _settled(self, cand: dict[str, np.ndarray], m: int) -> np.ndarray:
        """Names with a name or alternate-name match outside airports."""
        ent, kind, name = cand["ent"], cand["kind"], cand["name"]
        feat = self.ix.feat[ent].astype(np.int64)
        settled = np.zeros(m, dtype=bool)
        settled[name[((kind == PRIMARY) | (kind == ALT) | (kind == DEMONYM))
                     & ~self.airport[feat]]] = True
        return settled

    def _with_cores(self, cand: dict[str, np.ndarray], eligible: np.ndarray,
                    has_hint: np.ndarray, m: int) -> dict[str, np.ndarray]:
        """Add features named by the bare name without their feature word where the scalar
        path does: no hint, and no town bears the name ("Incirlik" -> Incirlik Air Base)."""
        need = np.flatnonzero(eligible & ~self._settled(cand, m) & ~has_hint)
        if not len(need):
            return cand
        with_bare = need[self.has_bare[need]]
        # Per name: its key, then its bare key (concatenated: the first comes first).
        q_name = np.concatenate([need, with_bare])
        q_hash = np.concatenate([self.h_key[need], self.h_bare[with_bare]])
        q_scale = np.concatenate([np.full(len(need), CORE_BARE),
                                  np.full(len(with_bare), 0.92 * CORE_BARE)])
        ent, kind, name, q = self._postings(q_name, q_hash)
        keep = kind == CORE  # the other postings were met, higher, in the first pass
        ent, kind, name, q = ent[keep], kind[keep], name[keep], q[keep]
        match = self.kind_score[kind] * q_scale[q]
        all_ent = np.concatenate([cand["ent"], ent])
        all_kind = np.concatenate([cand["kind"], kind])
        all_name = np.concatenate([cand["name"], name])
        all_match = np.concatenate([cand["match"], match])
        all_seen = np.concatenate([cand["seen"], _after(cand["seen"]) + np.arange(len(ent))])
        # Best match per (name, entry), the earlier on ties: first-pass entries come first.
        first, seen = _first_per(all_name, all_ent, -all_match, all_seen)
        return {"ent": all_ent[first], "kind": all_kind[first], "name": all_name[first],
                "match": all_match[first], "seen": seen}

    def _with_folds(self, cand: dict[str, np.ndarray], eligible: np.ndarray,
                    is_code: np.ndarray, m: int) -> dict[str, np.ndarray]:
        """Add transliteration-fold candidates where the scalar path looks for them; a name
        whose fold found no sure spelling and that may be read with its word breaks moved or,
        short, respelt (``Gazetteer._fold``; :mod:`~geomap.gazetteer._respell`) loses its
        candidates, so that the scalar path answers it."""
        settled = self._settled(cand, m)
        coded = np.zeros(m, dtype=bool)
        coded[cand["name"][cand["kind"] == CODE]] = True
        need = np.flatnonzero(eligible & ~settled & ~(is_code & coded))
        cand = self._with_fold_hits(cand, eligible, is_code, m)
        if not len(need):
            return cand
        kind, name, match = cand["kind"], cand["name"], cand["match"]
        sure = np.zeros(m, dtype=bool)
        sure[name[(kind == FOLD) & (match >= KIND_SCORE[FOLD] * FOLD_SURE)]] = True
        bare, fold, postings = norm.bare, norm.fold, self.gaz._postings
        # Only names whose other readings name something at all (else the scalar path adds
        # nothing): most unsettled names are airports and farms whose readings meet no key.
        moved = [j for j, c in zip(need.tolist(), self.core_of[need].tolist(), strict=True)
                 if not sure[j] and any(postings(kk) for kk in (
                     *("~" + f for f in map(fold, rejoinings(bare(c) or c)) if f),
                     *short_respellings(bare(c) or c)))]
        if not moved:
            return cand
        drop = np.zeros(m, dtype=bool)
        drop[moved] = True
        keep = ~drop[name]
        return {k: v[keep] for k, v in cand.items()}

    def _with_fold_hits(self, cand: dict[str, np.ndarray], eligible: np.ndarray,
                        is_code: np.ndarray, m: int) -> dict[str, np.ndarray]:
        """Add transliteration-fold candidates where the scalar path looks for them.

        That is: no name or alternate-name match outside airports, and not a code with code
        matches; the fold key of the name (then of its core) names entries whose key is close
        enough to the query's (the scalar ``Gazetteer._fold``, first key first).
        """
        from rapidfuzz import fuzz, process

        ent, kind, name = cand["ent"], cand["kind"], cand["name"]
        settled = self._settled(cand, m)
        coded = np.zeros(m, dtype=bool)
        coded[name[kind == CODE]] = True
        need = np.flatnonzero(eligible & ~settled & ~(is_code & coded)).tolist()
        if not need:
            return cand
        key_of, core_of = self.key_of[need], self.core_of[need]
        # Per name: the fold of its key, then of its core (concatenated: the first first).
        differ = key_of != core_of
        with_core = np.asarray(need, dtype=np.int64)[differ].tolist()
        f_keys, mine = bulk.folds(key_of.tolist() + core_of[differ].tolist())
        has_fold = np.fromiter(map(bool, f_keys), dtype=bool, count=len(f_keys))
        q_name = np.asarray(need + with_core, dtype=np.int64)[has_fold]
        q_hash = bulk.hashes(["~" + f for f in f_keys if f])
        q_mine = [s for s, ok in zip(mine, has_fold.tolist(), strict=True) if ok]
        if not len(q_name):
            return cand
        f_ent, f_kind, f_name, f_q = self._postings(q_name, q_hash)
        keep = f_kind == FOLD
        f_ent, f_name, f_q = f_ent[keep], f_name[keep], f_q[keep]
        # Entries the name already matched better are not folds (the scalar "ent in best").
        mine_too = np.zeros(m, dtype=bool)
        mine_too[need] = True
        mine_too = mine_too[name]
        have = np.isin(f_name * self._stride + f_ent,
                       name[mine_too] * self._stride + ent[mine_too])
        f_ent, f_name, f_q = f_ent[~have], f_name[~have], f_q[~have]
        if not len(f_ent):
            return cand
        # Spellings compared: the query key's and the entry name's, each without its article.
        ents, inverse = np.unique(f_ent, return_inverse=True)
        others = bulk.bares(bulk.keys(self._names().take(pa.array(ents))))
        # Compared as respelt by the fold, vowels kept (the scalar ``Gazetteer._fold``).
        q_soft = np.asarray([soft(q) for q in q_mine], dtype=object)
        o_soft = np.asarray([soft(o) for o in others], dtype=object)[inverse]
        sims = process.cpdist(q_soft[f_q], o_soft, scorer=fuzz.ratio,
                              dtype=np.float64) / 100.0
        ok = sims >= 0.6
        f_ent, f_name, sims = f_ent[ok], f_name[ok], sims[ok]
        # First fold key (then postings order) wins: flat order is already that order.
        first, _ = _first_per(f_name, f_ent, np.arange(len(f_ent)), np.arange(len(f_ent)))
        f_ent, f_name, sims = f_ent[first], f_name[first], sims[first]
        return {"ent": np.concatenate([ent, f_ent]),
                "kind": np.concatenate([kind, np.full(len(f_ent), FOLD, dtype=np.int64)]),
                "name": np.concatenate([name, f_name]),
                "match": np.concatenate([cand["match"], KIND_SCORE[FOLD] * sims]),
                "seen": np.concatenate([cand["seen"], _after(cand["seen"]) + first])}

    def _truncated(self, cand: dict[str, np.ndarray], m: int) -> dict[str, np.ndarray]:
        """At most ``_MAX_CANDIDATES`` per name, those the scalar path keeps: best name
        matches, larger places first, then the first met (its sort is stable)."""
        name = cand["name"]
        over = (np.bincount(name, minlength=m) > _MAX_CANDIDATES)[name]
        if not over.any():
            return cand
        sub = np.flatnonzero(over)
        pop = self.ix.pop[cand["ent"][sub]].astype(np.int64)
        srt = sub[np.lexsort((cand["seen"][sub], -pop, -cand["match"][sub], name[sub]))]
        rank = np.arange(len(srt)) - np.searchsorted(name[srt], name[srt])
        keep = np.ones(len(name), dtype=bool)
        keep[srt[rank >= _MAX_CANDIDATES]] = False
        return {k: v[keep] for k, v in cand.items()}

    def _bound(self, cand: dict[str, np.ndarray], ccs: np.ndarray) -> dict[str, np.ndarray]:
        """The candidates a country preference allows (``Gazetteer._bind``): in the country,
        or countries and world features. Names left without any go to the scalar path, which
        searches the folds of the name in the country or says why there is no answer."""
        if not (ccs != b"").any() or not len(cand["ent"]):
            return cand
        ent, name = cand["ent"], cand["name"]
        want = ccs[name]
        cc = self.ix.cc[ent]
        keep = (want == b"") | (cc == want) | (cc == b"") | self.exempt[
            self.ix.feat[ent].astype(np.int64)]
        if keep.all():
            return cand
        inside = np.zeros(len(ccs), dtype=bool)
        inside[name[(want != b"") & (cc == want)]] = True
        # Names with no candidate in their country: the scalar path (folds in the country).
        keep &= (want == b"") | inside[name]
        return {k: v[keep] for k, v in cand.items()}

    # ------------------------------------------------------------------ scores
    def _score_and_choose(self, cand: dict[str, np.ndarray], hint_ix: np.ndarray,
                          hint_names: list[str | None], has_hint_of: np.ndarray,
                          hinted_of: np.ndarray, ccs: np.ndarray, res: dict[str, Any],
                          m: int) -> np.ndarray:
        """Score the candidates, fill the rows of the names they settle; return those names."""
        ix = self.ix
        ent, kind, name, match = cand["ent"], cand["kind"], cand["name"], cand["match"]
        if not len(ent):
            return np.zeros(0, dtype=np.int64)
        feat = ix.feat[ent].astype(np.int64)
        pop = ix.pop[ent].astype(np.float64)
        pop_log = _pop_log(pop)
        cc = ix.cc[ent]
        adm1 = ix.adm1[ent].astype(np.int64)
        capital = (ix.flags[ent] & FLAG_CAPITAL).astype(bool)
        curated = (ix.src[ent] == self.gaz._curated) if self.gaz._curated >= 0 else \
            np.zeros(len(ent), dtype=bool)
        hint = hint_ix[name]
        has_hint = has_hint_of[name]
        hinted_penalty = hinted_of[name]
        # Province named after its city: (name, adm1) of big towns matched by name.
        towns = self.town[feat] & (pop >= 20_000) & (match >= 0.9)
        code = name * (len(ix.admin1_codes) + 2) + (adm1 + 1)
        named_after = self.regional[feat] & ~np.isin(cc.view(np.uint16), self.federal)
        named_after[named_after] = np.isin(code[named_after], code[towns])

        s = match.copy()
        # The scalar terms, added in the scalar order (float sums are not associative).
        s += cand["spell"]
        s += W_POP * pop_log
        s += self.prior[feat]
        s += np.where(capital, W_CAPITAL, 0.0)
        s -= np.where(named_after, 0.35, 0.0)
        s += np.where(curated, 0.2, 0.0)
        s -= np.where(~has_hint & self.airport[feat] & (kind != CODE) & (kind != CORE), 0.35,
                      0.0)
        accept = np.zeros(len(ent), dtype=bool)
        hinted = hint >= 0
        accept[hinted] = self.accepts[hint[hinted], feat[hinted]]
        s += np.where(accept, 0.5, 0.0)
        s -= np.where(~accept & has_hint & hinted_penalty, 0.4, 0.0)
        want = (ccs != b"")[name]
        same = want & (cc == ccs[name])
        s += np.where(same, 0.8, 0.0)
        s -= np.where(want & ~same, 0.5, 0.0)

        # The scalar path sorts by (-score, entry): only the first two of each name count.
        srt = np.argsort(name, kind="stable")
        ent, kind, name, match, feat, s = (ent[srt], kind[srt], name[srt], match[srt],
                                            feat[srt], s[srt])
        capital, accept, same, cc = capital[srt], accept[srt], same[srt], cc[srt]
        starts = np.flatnonzero(np.r_[True, name[1:] != name[:-1]])
        counts = np.diff(np.r_[starts, len(name)])
        top = _best_per(s, ent, starts, counts, np.zeros(len(s), dtype=bool))
        second = np.full(len(starts), -1, dtype=np.int64)
        several = counts > 1
        if several.any():
            taken = np.zeros(len(s), dtype=bool)
            taken[top] = True
            second[several] = _best_per(s, ent, starts, counts, taken)[several]
        from geomap.gazetteer import _disambig

        if _disambig.FUZZY_ONLY_CHECK:
            # A winner reached only by a loose transliteration fold is left to the scalar
            # path, which leaves it unresolved with its candidate (Gazetteer._lookup).
            sure = ~((kind[top] == FOLD) & (match[top] < KIND_SCORE[FOLD] * FOLD_SURE - 1e-9))
            if not sure.all():
                top, second, several = top[sure], second[sure], several[sure]
        gap = np.where(several, s[top] - s[np.maximum(second, 0)], 1.0)
        conf = np.clip(match[top] * (0.55 + np.minimum(gap, 0.9) / 2), 0.0, 1.0)
        amb = several & (gap < self.gaz.margin)
        rows = name[top]
        win = ent[top]
        res["resolved"][rows] = True
        res["latitude"][rows] = ix.lat[win]
        res["longitude"][rows] = ix.lon[win]
        res["country"][rows] = _codes_text(cc[top])
        features = np.asarray(ix.features, dtype=object)[feat[top]]
        features[kind[top] == DEMONYM] = "demonym"  # the country, named by its demonym
        res["feature"][rows] = features
        res["geo_precision"][rows] = np.asarray(ix.precisions, dtype=object)[ix.prec[win]]
        # Place.score: round(_squash(s), 4); Resolution.confidence: round(conf, 3).
        res["score"][rows] = _round(1.0 / (1.0 + np.exp(-(s[top] - 1.2) * 2.5)), 4,
                                    s[top], _squash)
        res["confidence"][rows] = _round(conf, 3)
        winners = pa.array(win)
        res["name"][rows] = self._names().take(winners).to_numpy(zero_copy_only=False)
        res["id"][rows] = _blob_strings(ix, "sids").take(winners).to_numpy(zero_copy_only=False)
        # An id is "<source>:<id in the source>" (see _index.build).
        res["source"][rows] = np.asarray(ix.sources, dtype=object)[ix.src[win]]
        res["ambiguous"][rows] = amb
        res["reason"][rows] = self._reasons(kind[top], capital[top], accept[top], same[top],
                                            cc[top], rows, hint_names)
        amb_at = np.flatnonzero(amb)
        if len(amb_at):
            sec = second[amb_at]
            res["reason"][rows[amb_at]] = [
                f"{why}; ambiguous: margin {g:.2f} over {other} ({c})"
                for why, g, other, c in zip(
                    res["reason"][rows[amb_at]].tolist(), gap[amb_at].tolist(),
                    self._names().take(pa.array(ent[sec])).to_pylist(),
                    cc[sec].astype("U2").tolist(), strict=True)]
        return rows  # type: ignore[no-any-return]

    def _spell(self, ent: np.ndarray, kind: np.ndarray, name: np.ndarray) -> np.ndarray:
        """The ``spell`` term of each candidate (``Gazetteer._find_candidates``): names with
        several alternate-name matches, before truncation and the country bound."""
        out = np.zeros(len(ent), dtype=np.float64)
        alt = kind == ALT
        shared = np.bincount(name[alt], minlength=int(name.max()) + 1 if len(name) else 0) > 1
        rows = np.flatnonzero(alt & shared[name]) if len(name) else np.zeros(0, dtype=np.int64)
        if len(rows):
            name_key = self.gaz._ents.name_key
            by_name: dict[int, list[int]] = {}
            for r, q in zip(rows.tolist(), name[rows].tolist(), strict=True):
                by_name.setdefault(q, []).append(r)
            for q, rs in by_name.items():
                out[rs] = spelling_penalties(
                    self.key_of[q], [name_key(int(ent[r]), norm.key) for r in rs])
        return out

    def _reasons(self, kind: np.ndarray, capital: np.ndarray, accept: np.ndarray,
                 same: np.ndarray, cc: np.ndarray, rows: np.ndarray,
                 hint_names: list[str | None]) -> np.ndarray:
        """Reasons as the scalar path words them: few distinct ones, each built once."""
        hint_code = np.zeros(len(rows), dtype=np.int64)
        named = np.flatnonzero(accept)
        hint_text = [hint_names[r] for r in rows[named].tolist()]
        hint_values, hint_inv = np.unique(np.asarray(hint_text, dtype=object).astype(str),
                                          return_inverse=True)
        hint_code[named] = hint_inv.ravel() + 1
        cc_code = np.where(same, cc.view(np.uint16).astype(np.int64) + 1, 0)
        code = ((kind * 2 + capital) * (len(hint_values) + 1) + hint_code) * 65537 + cc_code
        uniq, first, inverse = np.unique(code, return_index=True, return_inverse=True)
        kinds = sources.KIND_NAMES
        texts = []
        for i in first.tolist():
            why = [kinds[int(kind[i])]]
            if capital[i]:
                why.append("national capital")
            if accept[i]:
                why.append(f"feature {hint_values[hint_code[i] - 1]}")
            if same[i]:
                why.append(f"country {cc[i].decode('ascii')}")
            texts.append("; ".join(why))
        return np.asarray(texts, dtype=object)[inverse.ravel()]  # type: ignore[no-any-return]

    def _names(self) -> pa.Array:
        """Names of the index entries as one Arrow array (no copy of the mapped blob)."""
        return _blob_strings(self.ix, "names")


def _fill_from(res: dict[str, Any], j: int, r: Resolution) -> None:
    p = r.place
    res["reason"][j] = r.reason
    res["confidence"][j] = r.confidence
    res["ambiguous"][j] = r.ambiguous
    if p is None:
        res["confidence"][j] = 0.0
        return
    res["resolved"][j] = True
    res["name"][j], res["latitude"][j], res["longitude"][j] = p.name, p.lat, p.lon
    res["country"][j], res["feature"][j] = p.country, p.feature
    res["geo_precision"][j], res["id"][j], res["source"][j] = p.geo_precision, p.id, p.source
    res["score"][j] = p.score


def _first_per(name: np.ndarray, ent: np.ndarray, rank: np.ndarray, seen: np.ndarray
               ) -> tuple[np.ndarray, np.ndarray]:
    """Per (name, entry), sorted by (name, entry): the position of the lowest *rank* (the
    earliest on ties) and the lowest *seen* (when the scalar path first met the entry)."""
    srt = np.lexsort((np.arange(len(ent)), rank, ent, name))
    n, e = name[srt], ent[srt]
    head = np.ones(len(srt), dtype=bool)
    head[1:] = (n[1:] != n[:-1]) | (e[1:] != e[:-1])
    starts = np.flatnonzero(head)
    first_seen = np.minimum.reduceat(seen[srt], starts) if len(starts) else seen[:0]
    return srt[head], first_seen


def _after(seen: np.ndarray) -> int:
    """A *seen* value after all of *seen* (for entries met in a later pass)."""
    return int(seen.max()) + 1 if len(seen) else 0


def _codes_text(cc: np.ndarray) -> np.ndarray:
    """``S2`` country codes as Python strings (each distinct code decoded once)."""
    codes, inverse = np.unique(cc.view(np.uint16), return_inverse=True)
    text = np.array([c.decode("ascii") for c in codes.view("S2").tolist()], dtype=object)
    return text[inverse.ravel()]  # type: ignore[no-any-return]


def _best_per(s: np.ndarray, ent: np.ndarray, starts: np.ndarray, counts: np.ndarray,
              taken: np.ndarray) -> np.ndarray:
    """Per run of rows (*starts*, *counts*), the position of the highest score *s* not
    *taken*, the lowest entry on ties (meaningless for a run with nothing left)."""
    seg = np.repeat(np.arange(len(starts)), counts)
    free = np.where(taken, -np.inf, s)
    best = np.maximum.reduceat(free, starts)
    at_best = ~taken & (free == best[seg])
    low = np.minimum.reduceat(np.where(at_best, ent, np.iinfo(np.int64).max), starts)
    pos = np.full(len(starts), -1, dtype=np.int64)
    hit = np.flatnonzero(at_best & (ent == low[seg]))
    pos[seg[hit]] = hit
    return pos


def _pop_log(pop: np.ndarray) -> np.ndarray:
    """``math.log10(pop + 1)`` of populations, as the scalar score reads them."""
    values, inverse = np.unique(pop, return_inverse=True)
    # math.log10, not np.log10: scores must match the scalar path's to the last bit (ties
    # are broken by entry id; an ulp apart is not a tie). Few distinct values per batch.
    logs = np.fromiter(map(math.log10, (values + 1.0).tolist()), dtype=np.float64,
                       count=len(values))
    return logs[inverse.ravel()]  # type: ignore[no-any-return]


def _round(values: np.ndarray, digits: int, raw: np.ndarray | None = None,
           exact: Callable[[float], float] | None = None) -> np.ndarray:
    """``[round(v, digits) for v in values]`` (Python's correctly rounded decimal rounding).

    ``rint(v * 10**digits) / 10**digits`` is that same double unless ``v * 10**digits`` lies
    next to a half (the product is inexact there): such values are rounded by Python, from
    ``exact(raw)`` when given (the scalar path's own value, where a vectorised function like
    ``np.exp`` may differ from ``math.exp`` in the last bit).
    """
    scale = 10.0 ** digits
    y = values * scale
    out = np.rint(y) / scale
    near = np.flatnonzero(~(np.abs(y - np.floor(y) - 0.5) >= 1e-6))  # NaN: Python decides
    for i in near.tolist():
        v = float(values[i]) if raw is None or exact is None else exact(float(raw[i]))
        out[i] = round(v, digits)
    return out


def _countries(values: list[Any]) -> tuple[np.ndarray, np.ndarray]:
    """Country preferences as upper-case ``S2`` codes (``b""``: none) and whether each is one
    the column-wise path takes (others go to :meth:`Gazetteer.lookup`, which decides)."""
    n = len(values)
    if n and values.count(values[0]) == n:  # one preference for all (or none)
        code = _country_code(values[0])
        return (np.full(n, code or b"", dtype="S2"),
                np.full(n, code is not None or values[0] is None, dtype=bool))
    out = np.zeros(n, dtype="S2")
    ok = np.ones(n, dtype=bool)
    seen: dict[Any, bytes | None] = {}
    for i, v in enumerate(values):
        if v is None:
            continue
        try:
            code = seen[v]
        except KeyError:
            code = seen[v] = _country_code(v)
        except TypeError:  # unhashable: not a code
            code = None
        if code is None:
            ok[i] = False
        else:
            out[i] = code
    return out, ok


def _country_code(v: Any) -> bytes | None:
    """``v`` as an upper-case ASCII code; ``None`` when it is not two ASCII characters."""
    return v.upper().encode("ascii") if isinstance(v, str) and len(v) == 2 and v.isascii() \
        else None


def _is_hint(value: Any) -> bool:
    """Whether *value* can be a feature hint of the column-wise path (a string or none)."""
    return value is None or isinstance(value, str)


def _plain(names: list[Any]) -> np.ndarray:
    """The string tests of :func:`~geomap.gazetteer.gazetteer._plain_name` (its key is
    computed column-wise): a printable string of at most ``MAX_NAME_CHARS`` characters."""
    n = len(names)
    try:
        lengths = np.fromiter(map(len, names), dtype=np.int64, count=n)
        printable = np.fromiter(map(str.isprintable, names), dtype=bool, count=n)
    except TypeError:  # not all strings: those go to the scalar path, which says why
        return np.fromiter((isinstance(v, str) and len(v) <= norm.MAX_NAME_CHARS
                            and v.isprintable() for v in names), dtype=bool, count=n)
    return printable & (lengths <= norm.MAX_NAME_CHARS)  # type: ignore[no-any-return]


# Names and ids of the entries of an opened index as Arrow arrays over its mapped blobs.
_BLOBS: weakref.WeakKeyDictionary[Index, dict[str, pa.Array]] = weakref.WeakKeyDictionary()


def _blob_strings(ix: Index, which: str) -> pa.Array:
    """``names`` or ``sids`` of every entry of *ix* (no copy: views of the mapped files)."""
    got = _BLOBS.get(ix)
    if got is None:
        got = _BLOBS[ix] = {}
    arr = got.get(which)
    if arr is None:
        blob, off = (ix._names, ix.names_off) if which == "names" else (ix._sids, ix.sids_off)
        arr = got[which] = pa.LargeStringArray.from_buffers(
            len(off) - 1, pa.py_buffer(np.ascontiguousarray(off, dtype=np.int64)),
            pa.py_buffer(blob))
    return arr
