"""Column-wise normalisation (``_bulknorm``) spells every key exactly as ``_normalize`` does."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geomap.gazetteer import _bulknorm as bulk
from geomap.gazetteer import _normalize as norm
from geomap.gazetteer._index import khash

#: Written for these tests: spacing, punctuation, digits, articles, feature words, scripts.
_OWN = ["", " ", "  Al-Jufra  air base ", "O'Hare International Airport", "1234", "12 34",
        "4th Street", "Tarhounah", "Ouagadougou", "Dhahran", "Qamishli", "Khan_Shaykhun",
        "city of Sirte", "Ghouta", "Aaa", "ab", "ahh", "Hah hah", "Sheikh Miskeen", "el-Obeid",
        "Ez Zawiya", "the hague", "Kraków", "Łódź", "Straße", "Ærø", "São Tomé", "İzmir",
        "Đà Nẵng", "Mar’ib", "Ma‘rib", "Hawaiʻi", "½ Moon Bay", "ﬁeld", "ＡＢＣ", "µ Town",
        "Zürich\u0301", "طرابلس", "ال", "الجفرة", "Київ", "東京", "x" * 250, "é" * 250,
        "A\u00a0B", "tab\there", "Oblast' Kharkiv", "St. John's", "`Ayn `Arab", "´Amran"]

_LATIN = st.characters(min_codepoint=0x20, max_codepoint=0x24F) | st.characters(
    min_codepoint=0x1E00, max_codepoint=0x1EFF) | st.sampled_from(list(" -'’‘`´ʼʻʿʾ′_.,\u0301"))
_TEXT = st.text(_LATIN, max_size=30) | st.text(max_size=12)
_FOLDABLE = st.text(st.sampled_from(list("aeiouyhkqpdtgwxsbnlrz    ")), max_size=20)


@pytest.fixture(scope="module")
def index_names(gaz: Any) -> list[str]:
    ix = gaz.index
    return [ix.name(i) for i in range(0, len(ix), 3)]


def test_keys_equal_the_scalar_keys_on_index_names(index_names: list[str]) -> None:
    names = index_names + _OWN
    got = bulk.keys(names)
    want = [norm.key(n) for n in names]
    bad = [(n, g, w) for n, g, w in zip(names, got, want, strict=True) if g != w]
    assert not bad, bad[:5]
    # Both kernels ran: ASCII names and others (diacritics, other scripts).
    assert sum(not n.isascii() for n in names) > 1000


@settings(max_examples=300, deadline=None)
@given(st.lists(_TEXT, max_size=8))
def test_keys_equal_the_scalar_keys_on_generated_text(names: list[str]) -> None:
    assert bulk.keys(names) == [norm.key(n) for n in names]


def test_keys_accept_arrow_arrays() -> None:
    import pyarrow as pa

    assert bulk.keys(pa.array(["Al-Jufra", "Kraków"], type=pa.large_string())) == [
        "al jufra", "krakow"]
    assert bulk.keys([]) == []


def _fold_inputs(names: list[str]) -> list[str]:
    ks = [k for k in dict.fromkeys(norm.key(n) for n in names) if k]
    return list(dict.fromkeys(ks + [norm.split_feature(k)[0] for k in ks]))


def test_folds_equal_the_scalar_folds(index_names: list[str]) -> None:
    ks = _fold_inputs(index_names + _OWN)
    folds, mine = bulk.folds(ks)
    assert folds == [norm.fold(k) for k in ks]
    assert mine == [norm.bare(k) or k for k in ks]
    assert sum(map(bool, folds)) > 1000


@settings(max_examples=300, deadline=None)
@given(st.lists(_FOLDABLE, max_size=8))
def test_folds_equal_the_scalar_folds_on_generated_keys(texts: list[str]) -> None:
    ks = _fold_inputs(texts)
    assert bulk.folds(ks) == ([norm.fold(k) for k in ks], [norm.bare(k) or k for k in ks])


def test_feature_or_article_never_misses_a_key_that_split_or_bare_changes(
        index_names: list[str]) -> None:
    ks = _fold_inputs(index_names + _OWN)
    flagged = bulk.feature_or_article(ks)
    changed = np.array([norm.split_feature(k) != (k, None) or bool(norm.bare(k)) for k in ks])
    assert not (changed & ~flagged).any()
    # And it is a filter: most keys are not flagged.
    assert flagged.mean() < 0.5 and changed.sum() > 100


def test_hashes_are_the_index_hashes() -> None:
    ks = ["", "al jufra", "~srt", "طرابلس", "x" * 300]
    assert bulk.hashes(ks).tolist() == [khash(k) for k in ks]
    assert bulk.hashes([]).dtype == np.uint64


_WORDY = st.lists(st.sampled_from(
    ["air", "base", "airbase", "airport", "city", "of", "al", "the", "jufra", "oil", "field",
     "international", "square", "town", "village", "province", "district", "state", "x", ""]),
    max_size=5).map(" ".join)


def test_split_feature_equals_the_scalar_one(index_names: list[str]) -> None:
    ks = _fold_inputs(index_names + _OWN)
    assert [bulk.split_feature(k) for k in ks] == [norm.split_feature(k) for k in ks]


@settings(max_examples=500, deadline=None)
@given(_WORDY)
def test_split_feature_equals_the_scalar_one_on_generated_keys(k: str) -> None:
    assert bulk.split_feature(k) == norm.split_feature(k)


def test_python_whitespace_ends_at_u3000() -> None:
    # The Latin kernel's whitespace class scans code points up to U+3000 only.
    assert not any(chr(c).isspace() for c in range(0x3001, 0x110000))


def test_bares_equal_the_scalar_bare_or_key() -> None:
    ks = _fold_inputs(_OWN) + ["al", "al x", "ال", "الجفرة", "the the hague"]
    assert bulk.bares(ks) == [norm.bare(k) or k for k in ks]
    assert bulk.bares([]) == []


def _scalar_postings(names: list[str], kinds: list[int]) -> set[tuple[int, int, int]]:
    from geomap.gazetteer._index import _name_keys

    return {(khash(k), ent, kd) for ent, (n, kind) in enumerate(zip(names, kinds, strict=True))
            for k, kd in _name_keys(n, kind)}


def test_index_postings_equal_the_scalar_keys_of_every_kind(index_names: list[str]) -> None:
    """The index is built column-wise; each name gives exactly the postings ``_name_keys``
    gives it, for every kind of name (articles, feature words, folds, codes, demonyms)."""
    from geomap.gazetteer._index import _postings
    from geomap.gazetteer._sources import KIND_NAMES

    names = (index_names + _OWN) * 2
    kinds = [i % len(KIND_NAMES) for i in range(len(names))]
    h, e, kd = _postings(names, kinds, list(range(len(names))))
    got = set(zip(h.tolist(), e.tolist(), kd.tolist(), strict=True))
    want = _scalar_postings(names, kinds)
    assert got == want
    # Every kind and the derived keys (bare, fold, feature core) were exercised.
    assert {k for _h, _e, k in got} == set(range(len(KIND_NAMES)))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_TEXT, st.integers(0, 6)), max_size=8))
def test_index_postings_equal_the_scalar_keys_on_generated_text(
        pairs: list[tuple[str, int]]) -> None:
    from geomap.gazetteer._index import _postings

    names = [n for n, _k in pairs]
    kinds = [k for _n, k in pairs]
    h, e, kd = _postings(names, kinds, list(range(len(names))))
    assert set(zip(h.tolist(), e.tolist(), kd.tolist(), strict=True)) == \
        _scalar_postings(names, kinds)


def test_folds_of_a_column_without_ascii_keys() -> None:
    """Keys of other scripts have no fold; a column of only such keys is no error."""
    assert bulk.folds(["µ", "київ"]) == (["", ""], ["µ", "київ"])
