"""Column-wise resolution of many names at once (no document context).

:meth:`Gazetteer.lookup` spends ~150 us of interpreted Python on a name it has not seen:
normalising, reading postings, scoring each candidate with its reasons and building
:class:`~geomap.gazetteer.place.Place` objects. A table column or a name list needs none of
the objects, only the winner's fields. Here the per-name Python is cut to the normalisation
(``key``, feature word, article) and one hash per key; postings, scores and the choice of the
winner are numpy operations over every candidate of every name together.

The answers are those of :meth:`Gazetteer.lookup` with the same ``country`` and ``feature``
(tests compare the two on thousands of index names): the score terms, their order of addition
and the tie-breaks are the scalar ones. Names the vectorised path does not settle — no exact
or alternate name match outside airports (the transliteration fold and the fuzzy fallback
then compete), more namesakes than the scalar path keeps, names it would reject — go through
:meth:`Gazetteer.lookup` one by one.
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from geomap._limits import utf8_text
from geomap.gazetteer import _normalize as norm
from geomap.gazetteer import _sources as sources
from geomap.gazetteer._index import FLAG_CAPITAL, khash
from geomap.gazetteer._sources import ALT, CODE, CORE, FOLD, PRIMARY

# Imported by Gazetteer.geocode only, once gazetteer.py is initialised: no cycle at import.
from geomap.gazetteer.gazetteer import (
    _FEATURE_PRIOR,
    _FEDERAL,
    _HINT_ACCEPTS,
    _MAX_CANDIDATES,
    CORE_BARE,
    KIND_SCORE,
    W_CAPITAL,
    W_POP,
    _squash,
)

if TYPE_CHECKING:
    from geomap.gazetteer._index import Index
    from geomap.gazetteer.gazetteer import Gazetteer
    from geomap.gazetteer.place import Resolution

#: Columns of :func:`lookup_frame`, in order.
COLUMNS: tuple[str, ...] = (
    "query", "resolved", "name", "latitude", "longitude", "country", "feature",
    "geo_precision", "id", "source", "score", "confidence", "ambiguous", "reason",
)
_HINTED = ("airbase", "airport", "base", "square", "crossing", "oilfield", "plant")


def _per_name(value: str | Sequence[str | None] | None, n: int, what: str) -> list[str | None]:
    if value is None or isinstance(value, str):
        return [value or None] * n
    out = [v or None for v in value]
    if len(out) != n:
        raise ValueError(f"{what}: {len(out)} values for {n} names")
    return out


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
        As for :meth:`Gazetteer.lookup`: one value for every name, or one per name.

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
    # Distinct (name, country, feature): a column repeats its names.
    slot: dict[tuple[Any, str | None, str | None], int] = {}
    uniq: list[tuple[Any, str | None, str | None]] = []
    where: list[int] = []
    for t in zip(queries, countries, features, strict=True):
        try:
            j = slot.setdefault(t, len(uniq))
        except TypeError:  # an unhashable non-name (a list...): its own row, lookup says why
            j = len(uniq)
        if j == len(uniq):
            uniq.append(t)
        where.append(j)
    rows = _Resolver(gaz).run(uniq)
    if len(uniq) != n:
        rows = rows.iloc[np.asarray(where, dtype=np.int64)].reset_index(drop=True)
    # Arrow strings, like files, must be UTF-8: surrogates become U+FFFD.
    rows["query"] = [utf8_text(q) if isinstance(q, str) else repr(q) for q in queries]
    return rows


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
        self.hints = sorted(_HINT_ACCEPTS)
        self.accepts = np.array([[f in _HINT_ACCEPTS[h] for f in feats] for h in self.hints],
                                dtype=bool)
        # (name, entry) pairs as one int64: entries < stride.
        self._stride = len(ix) + 1
        self.kind_score = np.zeros(max(KIND_SCORE) + 1, dtype=np.float64)
        for k, v in KIND_SCORE.items():
            self.kind_score[k] = v
        self.pop_log = _pop_log(ix)

    # ------------------------------------------------------------------ driver
    def run(self, uniq: list[tuple[Any, str | None, str | None]]) -> pd.DataFrame:
        m = len(uniq)
        res: dict[str, Any] = {c: np.full(m, None, dtype=object) for c in COLUMNS}
        res["resolved"] = np.zeros(m, dtype=bool)
        res["ambiguous"] = np.zeros(m, dtype=bool)
        for c in ("latitude", "longitude", "score", "confidence"):
            res[c] = np.full(m, np.nan)
        scalar: list[int] = []
        # Flat list of the keys looked up: (name, hash, scale, whether CORE postings count).
        q_name: list[int] = []
        q_hash: list[int] = []
        q_scale: list[float] = []
        q_core: list[bool] = []
        hint_pos = {h: i for i, h in enumerate(self.hints)}
        hints: list[str | None] = [None] * m
        hint_ix = [-1] * m
        ccs = [b""] * m
        codes = [False] * m
        self.keys: dict[int, tuple[str, str]] = {}
        key, split, bare = norm.key, norm.split_feature, norm.bare
        # split_feature/bare only change keys whose first or last word is one of these.
        last_words, first_words = norm._FEATURE_LAST, norm._FEATURE_FIRST | norm.ARTICLES
        for j, (name, cc, feat) in enumerate(uniq):
            # _plain_name(), sharing its key computation
            k = key(name) if isinstance(name, str) and len(name) <= norm.MAX_NAME_CHARS \
                and name.isprintable() else ""
            if not k or (cc is not None and not (len(cc) == 2 and cc.isascii())):
                scalar.append(j)
                continue
            head, _, tail = k.partition(" ")
            if tail.rpartition(" ")[2] in last_words or head in first_words or \
                    k.startswith("ال") or k in last_words:
                core, qhint = split(k)
                b = bare(k)
            else:
                core, qhint, b = k, None, ""
            self.keys[j] = (k, core)
            hint = feat or qhint
            if hint:
                hints[j] = hint
                hint_ix[j] = hint_pos.get(hint, -1)
            if cc:
                ccs[j] = cc.upper().encode("ascii")
            stripped = name.strip()
            codes[j] = len(stripped) <= 5 and stripped.replace(".", "").isupper()
            allow = hint is not None
            q_name.append(j)
            q_hash.append(khash(k))
            q_scale.append(1.0)
            q_core.append(allow)
            if b:
                q_name.append(j)
                q_hash.append(khash(b))
                q_scale.append(0.92)
                q_core.append(allow)
            if core != k:
                q_name.append(j)
                q_hash.append(khash(core))
                q_scale.append(0.95)
                q_core.append(True)
                cb = bare(core)
                if cb:
                    q_name.append(j)
                    q_hash.append(khash(cb))
                    q_scale.append(0.9)
                    q_core.append(True)
        is_code = np.asarray(codes, dtype=bool)
        cand = self._candidates(np.asarray(q_name, dtype=np.int64),
                                np.asarray(q_hash, dtype=np.uint64),
                                np.asarray(q_scale, dtype=np.float64),
                                np.asarray(q_core, dtype=bool), is_code)
        eligible = np.ones(m, dtype=bool)
        eligible[scalar] = False
        cand = self._with_cores(cand, eligible, hints, m)
        cand = self._with_folds(cand, eligible, is_code, m)
        done = self._score_and_choose(cand, np.asarray(hint_ix, dtype=np.int64), hints,
                                      np.asarray(ccs, dtype="S2"), res, m)
        # Left to the scalar path: rejected names (it says why), names without candidates
        # (fuzzy fallback) or with too many.
        pending = np.setdiff1d(np.arange(m), np.asarray(done, dtype=np.int64))
        lookup = self.gaz.lookup
        for j in pending.tolist():
            name, cc, feat = uniq[j]
            _fill_from(res, j, lookup(name, country=cc, feature=feat))
        return pd.DataFrame(res, columns=list(COLUMNS))

    # ------------------------------------------------------------------ candidates
    def _postings(self, q_name: np.ndarray, q_hash: np.ndarray
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """``(entry, kind, name, query)`` of every posting of the queried key hashes, in
        query order then index order (the order the scalar path meets them)."""
        ix = self.ix
        keys = ix.keys
        pos = np.searchsorted(keys, q_hash)
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
        first = _first_per(name, ent, -match)
        return {"ent": ent[first], "kind": kind[first], "name": name[first],
                "match": match[first]}

    def _settled(self, cand: dict[str, np.ndarray], m: int) -> np.ndarray:
        """Names with a name or alternate-name match outside airports."""
        ent, kind, name = cand["ent"], cand["kind"], cand["name"]
        feat = self.ix.feat[ent].astype(np.int64)
        settled = np.zeros(m, dtype=bool)
        settled[name[((kind == PRIMARY) | (kind == ALT)) & ~self.airport[feat]]] = True
        return settled

    def _with_cores(self, cand: dict[str, np.ndarray], eligible: np.ndarray,
                    hints: list[str | None], m: int) -> dict[str, np.ndarray]:
        """Add features named by the bare name without their feature word where the scalar
        path does: no hint, and no town bears the name ("Incirlik" -> Incirlik Air Base)."""
        need = eligible & ~self._settled(cand, m)
        q_name: list[int] = []
        q_hash: list[int] = []
        q_scale: list[float] = []
        for j in np.flatnonzero(need).tolist():
            if hints[j] is not None:
                continue
            k = self.keys[j][0]
            q_name.append(j)
            q_hash.append(khash(k))
            q_scale.append(CORE_BARE)
            b = norm.bare(k)
            if b:
                q_name.append(j)
                q_hash.append(khash(b))
                q_scale.append(0.92 * CORE_BARE)
        if not q_name:
            return cand
        ent, kind, name, q = self._postings(np.asarray(q_name, dtype=np.int64),
                                            np.asarray(q_hash, dtype=np.uint64))
        keep = kind == CORE  # the other postings were met, higher, in the first pass
        ent, kind, name, q = ent[keep], kind[keep], name[keep], q[keep]
        match = self.kind_score[kind] * np.asarray(q_scale, dtype=np.float64)[q]
        all_ent = np.concatenate([cand["ent"], ent])
        all_kind = np.concatenate([cand["kind"], kind])
        all_name = np.concatenate([cand["name"], name])
        all_match = np.concatenate([cand["match"], match])
        # Best match per (name, entry), the earlier on ties: first-pass entries come first.
        first = _first_per(all_name, all_ent, -all_match)
        return {"ent": all_ent[first], "kind": all_kind[first], "name": all_name[first],
                "match": all_match[first]}

    def _with_folds(self, cand: dict[str, np.ndarray], eligible: np.ndarray,
                    is_code: np.ndarray, m: int) -> dict[str, np.ndarray]:
        """Add transliteration-fold candidates where the scalar path looks for them.

        That is: no name or alternate-name match outside airports, and not a code with code
        matches; the fold key of the name (then of its core) names entries whose key is close
        enough to the query's (the scalar ``Gazetteer._fold``, first key first).
        """
        from rapidfuzz import fuzz

        ent, kind, name = cand["ent"], cand["kind"], cand["name"]
        settled = self._settled(cand, m)
        coded = np.zeros(m, dtype=bool)
        coded[name[kind == CODE]] = True
        need = eligible & ~settled & ~(is_code & coded)
        q_name: list[int] = []
        q_hash: list[int] = []
        q_mine: list[str] = []
        for j in np.flatnonzero(need).tolist():
            k, core = self.keys[j]
            for kk in dict.fromkeys((k, core)):
                f = norm.fold(kk)
                if f:
                    q_name.append(j)
                    q_hash.append(khash("~" + f))
                    q_mine.append(norm.bare(kk) or kk)
        if not q_name:
            return cand
        f_ent, f_kind, f_name, f_q = self._postings(
            np.asarray(q_name, dtype=np.int64), np.asarray(q_hash, dtype=np.uint64))
        keep = f_kind == FOLD
        f_ent, f_name, f_q = f_ent[keep], f_name[keep], f_q[keep]
        # Entries the name already matched better are not folds (the scalar "ent in best").
        have = np.isin(f_name * self._stride + f_ent, name * self._stride + ent)
        f_ent, f_name, f_q = f_ent[~have], f_name[~have], f_q[~have]
        name_key = self.gaz._ents.name_key
        key, bare = norm.key, norm.bare
        sims = np.empty(len(f_ent), dtype=np.float64)
        for i, (e, q) in enumerate(zip(f_ent.tolist(), f_q.tolist(), strict=True)):
            other = name_key(e, key)
            sims[i] = fuzz.ratio(q_mine[q], bare(other) or other) / 100.0
        ok = sims >= 0.6
        f_ent, f_name, sims = f_ent[ok], f_name[ok], sims[ok]
        # First fold key (then postings order) wins: flat order is already that order.
        first = _first_per(f_name, f_ent, np.arange(len(f_ent)))
        f_ent, f_name, sims = f_ent[first], f_name[first], sims[first]
        return {"ent": np.concatenate([ent, f_ent]),
                "kind": np.concatenate([kind, np.full(len(f_ent), FOLD, dtype=np.int64)]),
                "name": np.concatenate([name, f_name]),
                "match": np.concatenate([cand["match"], KIND_SCORE[FOLD] * sims])}

    # ------------------------------------------------------------------ scores
    def _score_and_choose(self, cand: dict[str, np.ndarray], hint_ix: np.ndarray,
                          hint_names: list[str | None], ccs: np.ndarray,
                          res: dict[str, Any], m: int) -> list[int]:
        """Score the candidates, fill the rows of the names they settle; return those names."""
        ix = self.ix
        ent, kind, name, match = cand["ent"], cand["kind"], cand["name"], cand["match"]
        if not len(ent):
            return []
        per_name = np.bincount(name, minlength=m)
        # The scalar path truncates beyond _MAX_CANDIDATES with an order-dependent sort:
        # such names (and names without candidates: fuzzy) are left to it.
        sel = (per_name <= _MAX_CANDIDATES)[name]
        ent, kind, name, match = ent[sel], kind[sel], name[sel], match[sel]
        if not len(ent):
            return []
        feat = ix.feat[ent].astype(np.int64)
        pop = ix.pop[ent].astype(np.float64)
        pop_log = self.pop_log[ent]
        cc = ix.cc[ent]
        adm1 = ix.adm1[ent].astype(np.int64)
        capital = (ix.flags[ent] & FLAG_CAPITAL).astype(bool)
        curated = (ix.src[ent] == self.gaz._curated) if self.gaz._curated >= 0 else \
            np.zeros(len(ent), dtype=bool)
        hint = hint_ix[name]
        has_hint = np.array([hint_names[j] is not None for j in range(m)], dtype=bool)[name]
        hinted_penalty = np.array([hint_names[j] in _HINTED for j in range(m)],
                                  dtype=bool)[name]
        # Province named after its city: (name, adm1) of big towns matched by name.
        towns = self.town[feat] & (pop >= 20_000) & (match >= 0.9)
        code = name * (len(ix.admin1_codes) + 2) + (adm1 + 1)
        named_after = self.regional[feat] & np.isin(code, code[towns]) & ~np.isin(
            cc, np.array(sorted(_FEDERAL), dtype="S2"))

        s = match.copy()
        # The scalar terms, added in the scalar order (float sums are not associative).
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

        srt = np.lexsort((ent, -s, name))
        ent, kind, name, match, feat, s = (ent[srt], kind[srt], name[srt], match[srt],
                                            feat[srt], s[srt])
        capital, accept, same, cc = capital[srt], accept[srt], same[srt], cc[srt]
        starts = np.flatnonzero(np.r_[True, name[1:] != name[:-1]])
        counts = np.diff(np.r_[starts, len(name)])
        top = starts
        second = np.where(counts > 1, starts + 1, -1)
        gap = np.where(counts > 1, s[top] - s[np.maximum(second, 0)], 1.0)
        conf = np.clip(match[top] * (0.55 + np.minimum(gap, 0.9) / 2), 0.0, 1.0)
        amb = (counts > 1) & (gap < self.gaz.margin)
        rows = name[top]
        win = ent[top]
        res["resolved"][rows] = True
        res["latitude"][rows] = ix.lat[win]
        res["longitude"][rows] = ix.lon[win]
        countries = cc[top].astype("U2")
        res["country"][rows] = countries
        res["feature"][rows] = np.asarray(ix.features, dtype=object)[feat[top]]
        res["geo_precision"][rows] = np.asarray(ix.precisions, dtype=object)[ix.prec[win]]
        res["score"][rows] = [round(_squash(v), 4) for v in s[top].tolist()]
        res["confidence"][rows] = [round(v, 3) for v in conf.tolist()]
        res["ambiguous"][rows] = amb
        res["name"][rows] = _strings(ix._names, ix.names_off, win)
        sids = _strings(ix._sids, ix.sids_off, win)
        res["id"][rows] = sids
        res["source"][rows] = [sid.partition(":")[0] for sid in sids]
        # Reasons as the scalar path words them; few distinct ones, built once each.
        kinds = sources.KIND_NAMES
        made: dict[tuple[int, bool, str | None, str | None], str] = {}
        reasons = []
        for kd, cap, acc, sm, r, c in zip(kind[top].tolist(), capital[top].tolist(),
                                         accept[top].tolist(), same[top].tolist(),
                                         rows.tolist(), countries.tolist(), strict=True):
            fk = (kd, cap, hint_names[r] if acc else None, c if sm else None)
            text = made.get(fk)
            if text is None:
                why = [kinds[kd]]
                if cap:
                    why.append("national capital")
                if acc:
                    why.append(f"feature {hint_names[r]}")
                if sm:
                    why.append(f"country {c}")
                text = made[fk] = "; ".join(why)
            reasons.append(text)
        for i in np.flatnonzero(amb).tolist():
            sec = int(second[i])
            reasons[i] += (f"; ambiguous: margin {gap[i]:.2f} over {ix.name(int(ent[sec]))} "
                           f"({cc[sec].decode('ascii')})")
        res["reason"][rows] = reasons
        return rows.tolist()  # type: ignore[no-any-return]


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


def _strings(blob: Any, offsets: np.ndarray, ents: np.ndarray) -> list[str]:
    """Strings number *ents* of a blob of UTF-8 strings and their offsets."""
    return [blob[a:b].decode("utf-8") for a, b in zip(offsets[ents].tolist(),
                                                       offsets[ents + 1].tolist(), strict=True)]


def _first_per(name: np.ndarray, ent: np.ndarray, rank: np.ndarray) -> np.ndarray:
    """Positions of the lowest *rank* per (name, entry), the earliest on ties; sorted by
    (name, entry)."""
    srt = np.lexsort((np.arange(len(ent)), rank, ent, name))
    n, e = name[srt], ent[srt]
    head = np.ones(len(srt), dtype=bool)
    head[1:] = (n[1:] != n[:-1]) | (e[1:] != e[:-1])
    return srt[head]  # type: ignore[no-any-return]


# One table per opened index (shared by the batches over it).
_POP_LOG: weakref.WeakKeyDictionary[Index, np.ndarray] = weakref.WeakKeyDictionary()


def _pop_log(ix: Index) -> np.ndarray:
    """``math.log10(pop + 1)`` of every entry, as the scalar score reads it."""
    hit = _POP_LOG.get(ix)
    if hit is None:
        values, inverse = np.unique(np.asarray(ix.pop, dtype=np.float64), return_inverse=True)
        # math.log10, not np.log10: scores must match the scalar path's to the last bit
        # (ties are broken by entry id; an ulp apart is not a tie).
        logs = np.fromiter((math.log10(p + 1.0) for p in values.tolist()), dtype=np.float64,
                           count=len(values))
        hit = _POP_LOG[ix] = logs[inverse]
    return hit
