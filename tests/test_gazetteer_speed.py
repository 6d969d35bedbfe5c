"""Gazetteer fast paths give the same answers as the plain paths they replace."""

from __future__ import annotations

import math
import random
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz, process

from geomap.gazetteer import Gazetteer, Resolution
from geomap.gazetteer import _normalize as norm
from geomap.gazetteer import gazetteer as gazmod
from geomap.gazetteer._entities import EntityCache
from geomap.gazetteer._fuzzy import SIDECAR, FuzzyIndex
from geomap.gazetteer._index import Index
from geomap.gazetteer._postings import Postings
from geomap.gazetteer._sources import LICENCES
from geomap.gazetteer.place import Place


@pytest.fixture(scope="module")
def folder() -> Any:
    return Gazetteer.default().index.folder


@pytest.fixture(scope="module")
def sample_names(folder: Any) -> list[str]:
    """A few hundred names: index names, their variants, typos, codes, misses."""
    ix = Index(folder)
    rng = random.Random(4)
    names = [ix.name(e) for e in rng.sample(range(len(ix)), 160)]
    extra = []
    for n in names[:80]:
        r = rng.random()
        if r < 0.25:
            extra.append("Al-" + n)
        elif r < 0.45:
            extra.append(n + " air base")
        elif r < 0.6 and len(n) > 5:
            i = rng.randrange(1, len(n) - 2)
            extra.append(n[:i] + n[i + 1] + n[i] + n[i + 2:])  # a typo: fuzzy fallback
        elif r < 0.75:
            extra.append(n.upper()[:4])
        else:
            extra.append("city of " + n.lower())
    return names + extra + ["Springfield", "San Jose", "Zzyzxqwv Town", "Bengazhi", "Kraków"]


def _dump(res: Resolution) -> str:
    def one(p: Place | None) -> Any:
        return None if p is None else (asdict(p), p.raw)

    return repr((res.query, one(res.place), [one(c) for c in res.candidates], res.confidence,
                 res.reason, res.ambiguous))


# ---------------------------------------------------------------- fuzzy prefilter
def _words(rng: random.Random, n: int) -> list[str]:
    syll = ["ka", "ri", "tan", "bel", "os", "mir", "zu", "ha", "el", "qa", "dor", "in", "ya"]
    out = []
    for _ in range(n):
        w = " ".join("".join(rng.choice(syll) for _ in range(rng.randint(1, 4)))
                     for _ in range(rng.randint(1, 3)))
        out.append(w)
    return out + ["aaaaaa", "ab", "x", "bir el ghanam", "kraków", "مصراته", "zz zz zz"]


@pytest.mark.parametrize("cutoff", [85.0, 70.0, 95.0])
def test_fuzzy_index_equals_full_rapidfuzz_scan(cutoff: float) -> None:
    rng = random.Random(int(cutoff))
    keys = _words(rng, 3000)
    fx = FuzzyIndex(keys)
    queries = []
    for k in rng.sample(keys, 150):
        i = rng.randrange(len(k))
        queries += [k, k[:i] + k[i + 1:], k[:i] + "e" + k[i:], k + "h", "al " + k]
    queries += ["aaaaa", "aaaaaaa", "kaaaa", "xyz", "ab", "zzzzzzzzzzzzzzzzzzzz"]
    for q in queries:
        want = process.extract(q, keys, scorer=fuzz.ratio, limit=8, score_cutoff=cutoff)
        assert fx.extract(q, cutoff=cutoff, limit=8) == list(want), q


def test_fuzzy_prefilter_is_kept_beside_the_index(tmp_path: Path) -> None:
    keys = _words(random.Random(9), 500)
    built = FuzzyIndex.open(keys, tmp_path)  # first use: built and saved
    assert (tmp_path / SIDECAR / "post.npy").exists()
    reopened = FuzzyIndex.open(keys, tmp_path)  # next process: memory-mapped
    assert isinstance(np.load(tmp_path / SIDECAR / "post.npy", mmap_mode="r"), np.memmap)
    for q in keys[:50]:
        assert reopened.extract(q + "e", cutoff=85.0, limit=8) == built.extract(
            q + "e", cutoff=85.0, limit=8)
    # Arrays of another key list are not trusted.
    assert len(FuzzyIndex.open(keys[:100], tmp_path).lens) == 100


def test_fuzzy_index_non_ascii_query_falls_back_to_scan() -> None:
    keys = ["kraków", "krakow", "krakau"]
    got = FuzzyIndex(keys).extract("kraków", cutoff=80.0, limit=8)
    assert got == list(process.extract("kraków", keys, scorer=fuzz.ratio, limit=8,
                                       score_cutoff=80.0))
    assert FuzzyIndex([]).extract("anything", cutoff=85.0, limit=8) == []


# ---------------------------------------------------------------- index views
def test_postings_equal_index_postings(folder: Any, sample_names: list[str]) -> None:
    ix = Index(folder)
    fast = Postings(ix)
    keys = {norm.key(n) for n in sample_names} | {norm.bare(norm.key(n)) for n in sample_names}
    keys |= {"~" + norm.fold(k) for k in list(keys)} | {"", "no such key at all"}
    for k in sorted(keys):
        assert fast(k) == ix.postings(k), k
        assert fast(k) == ix.postings(k)  # cached answer too


def test_entity_cache_equals_arrays(folder: Any) -> None:
    ix = Index(folder)
    ents = EntityCache(ix, limit=50, place_limit=20)  # small limits: eviction exercised
    for ent in random.Random(2).sample(range(len(ix)), 200):
        e = ents.get(ent)
        pop = float(ix.pop[ent])
        assert e.feature == ix.features[int(ix.feat[ent])]
        assert e.cc == ix.cc[ent].decode("ascii") and e.adm1 == int(ix.adm1[ent])
        assert e.pop_log == math.log10(pop + 1.0) and e.pop == pop
        assert (e.lat, e.lon) == (float(ix.lat[ent]), float(ix.lon[ent]))
        p = ents.place(ent, 0.123456, 1, "k")
        sid = ix.sid(ent)
        a1 = int(ix.adm1[ent])
        source = sid.split(":")[0]
        raw = {"id": sid, "source": source, "licence": LICENCES[source], "name": ix.name(ent),
               "feature": e.feature, "country": e.cc,
               "admin1": ix.admin1_codes[a1] if a1 >= 0 else "", "match": "alternate name",
               "matched_key": "k"}
        want = Place(name=ix.name(ent), lat=float(ix.lat[ent]), lon=float(ix.lon[ent]),
                     country=e.cc, feature=e.feature, source=source, id=sid, score=0.1235,
                     population=int(ix.pop[ent]),
                     geo_precision=ix.precisions[int(ix.prec[ent])], raw=raw)
        assert asdict(p) == asdict(want) and list(vars(p)) == list(vars(want))
        assert list(p.raw.items()) == list(raw.items())
        p.raw["changed"] = True  # a caller's change must not leak into the next Place
        assert "changed" not in ents.place(ent, 0.5, None).raw


def test_entity_cache_bulk_read_equals_single_reads(folder: Any) -> None:
    ix = Index(folder)
    sample = random.Random(3).sample(range(len(ix)), 300)
    one_by_one = EntityCache(ix)
    want = [one_by_one.get(e) for e in sample]
    bulk = EntityCache(ix, limit=1000)
    assert bulk.many(sample[:2]) == want[:2]  # below the bulk threshold
    assert bulk.many(sample) == want  # one gather per column
    assert EntityCache(ix, limit=100).many(sample) == want  # more misses than the cache holds


# ---------------------------------------------------------------- caches
def test_cached_and_uncached_lookups_are_identical(folder: Any,
                                                   sample_names: list[str]) -> None:
    first = Gazetteer(Index(folder))
    hints: list[dict[str, Any]] = [{}, {"country": "US"}, {"feature": "city"},
                                   {"country": "LY", "feature": "airbase"}]
    calls = [(n, hints[i % len(hints)]) for i, n in enumerate(sample_names)]
    a = [_dump(first.lookup(n, **kw)) for n, kw in calls]
    again = [_dump(first.lookup(n, **kw)) for n, kw in calls]  # answered from caches
    other = Gazetteer(Index(folder))  # fresh caches, names in reverse order
    rev = [_dump(other.lookup(n, **kw)) for n, kw in reversed(calls)][::-1]
    assert a == again == rev
    # A hint or country is part of the cache key: different calls, different answers.
    assert first.lookup("Springfield", country="US").place != first.lookup(
        "Springfield", country="AU").place


def test_bounded_caches_drop_oldest_and_answer_the_same(folder: Any, sample_names: list[str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    want = [_dump(Gazetteer(Index(folder)).lookup(n)) for n in sample_names[:60]]
    monkeypatch.setattr(gazmod, "_CACHE_SIZE", 7)
    monkeypatch.setattr(gazmod, "_CAND_CACHE_SIZE", 5)
    small = Gazetteer(Index(folder))
    got = [_dump(small.lookup(n)) for n in sample_names[:60] * 2]
    assert got == want * 2
    assert len(small._cache) == 7 and len(small._cand_cache) == 5
    assert list(small._cache)[-1][0] == sample_names[59]  # the newest entries are kept


def test_fuzzy_prefilter_and_scan_give_same_lookups(folder: Any,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    typos = ["Benghazzi", "Trippoli", "Misratta", "Alexandira", "Sprignfield", "Kabull",
             "Mosull", "Damascsu"]
    monkeypatch.setattr(gazmod, "_FUZZY_PREFILTER", False)
    scanned = [_dump(Gazetteer(Index(folder)).lookup(t)) for t in typos]
    monkeypatch.setattr(gazmod, "_FUZZY_PREFILTER", True)
    fast = Gazetteer(Index(folder))
    assert [_dump(fast.lookup(t)) for t in typos] == scanned
    assert any('"fuzzy"' in s or "'fuzzy'" in s for s in scanned)


def test_candidates_cache_hands_out_copies(folder: Any) -> None:
    gaz = Gazetteer(Index(folder))
    cands, _ = gaz._candidates("Tripoli", None)
    n = len(cands)
    cands.clear()
    again, _ = gaz._candidates("Tripoli", None)
    assert len(again) == n > 1


def test_lookup_copies_do_not_share_candidate_lists(folder: Any) -> None:
    gaz = Gazetteer(Index(folder))
    r1 = gaz.lookup("Paris")
    r1.candidates.clear()
    assert gaz.lookup("Paris").candidates


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=220) | st.sampled_from(["Tripoli", " ", "12 34", "\u200bSirte",
                                                  "Gharyan\x85", "a" * 201]))
def test_plain_name_fast_path_never_skips_a_problem(name: str) -> None:
    if gazmod._plain_name(name):
        assert norm.check_name(name) is None
