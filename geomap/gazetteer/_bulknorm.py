"""Normalisation of many names at once: the answers of :mod:`._normalize`, column-wise.

:func:`~geomap.gazetteer._normalize.key` and :func:`~geomap.gazetteer._normalize.fold` cost a
few microseconds of interpreted Python per name; a column of names spends most of its time
there. Here the common case — ASCII text, most names of most sources — goes through Arrow's
compiled string kernels (RE2 regular expressions, literal replacements) and numpy over the
UTF-8 bytes of every name together; anything else (other scripts, diacritics, which need
Unicode normalisation and transliteration) still goes through the scalar functions.

The outputs are those of the scalar functions, character for character (the tests compare
them on every name of the index and on generated text): the index is built with the scalar
functions, and a key spelt differently here would miss its postings.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from functools import cache
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from anyascii import anyascii

from geomap.gazetteer import _normalize as norm


def _char_class(codes: set[int]) -> str:
    """An RE2 character class of the code points *codes*."""
    parts: list[str] = []
    run: list[int] = []
    for c in sorted(codes):
        if run and c == run[-1] + 1:
            run.append(c)
            continue
        if run:
            parts.append(_char_range(run[0], run[-1]))
        run = [c]
    if run:
        parts.append(_char_range(run[0], run[-1]))
    return "[" + "".join(parts) + "]"


def _char_range(a: int, b: int) -> str:
    return f"\\x{{{a:x}}}" if a == b else f"\\x{{{a:x}}}-\\x{{{b:x}}}"


# Latin text, as the scalar key tells it apart after NFKC: the two Latin blocks and
# whitespace (what Python's ``\s`` matches: ``str.isspace``, nothing above U+3000).
_WHITESPACE = {c for c in range(0x3001) if chr(c).isspace()}
_LATIN = set(range(0x250)) | set(range(0x1E00, 0x1F00))
_LATIN_AFTER_RE = "^" + _char_class(_LATIN | _WHITESPACE) + "*$"
# Names the Latin kernel takes: printable Latin letters and the apostrophes the key drops.
_APOSTROPHES = {ord(c) for c in norm._APOSTROPHES}
_LATIN_INPUT_RE = "^" + _char_class(
    (set(range(0x20, 0x7F)) | set(range(0xA0, 0x250)) | set(range(0x1E00, 0x1F00)))
    | _APOSTROPHES) + "*$"
_APOSTROPHES_RE = _char_class(_APOSTROPHES)
# Combining marks in the NFKD forms of Latin text (what ``_strip_marks`` removes there).
_COMBINING_RE = _char_class({ord(m) for c in _LATIN | _WHITESPACE
                             for m in unicodedata.normalize("NFKD", chr(c))
                             if unicodedata.combining(m)})



@cache
def _to_ascii() -> dict[int, str]:
    """``anyascii`` of each non-ASCII character Latin text can hold after the NFKD step."""
    chars = {chr(c) for c in _LATIN | _WHITESPACE}
    chars |= {m for c in chars for m in unicodedata.normalize("NFKD", c)}
    return {ord(c): anyascii(c) for c in chars if not c.isascii()}


# Leading article followed by a word: the part of ``bare`` that applies to ASCII keys.
_ARTICLE_RE = "^(?:" + "|".join(re.escape(a) for a in sorted(norm.ARTICLES)) + ") (.)"
# An article or izafe link between two words, dropped by ``fold`` (one per match: applied
# repeatedly).
_INNER_ARTICLE_RE = " (?:" + "|".join(re.escape(a) for a in sorted(norm.INNER_LINKS)) + ") "
_INNER_PASSES = 4
# Steps of ``fold``, written on whole keys (every step is local to a word).
_FOLD_PAIRS: tuple[tuple[str, str], ...] = (
    ("ou", "u"), ("kh", "x"), ("q", "k"), ("ph", "f"), ("dh", "d"), ("th", "t"), ("gh", "g"),
    ("w", "u"),
)
# Byte classes of the ASCII key: part of a word, separator, dropped.
_WORD, _SEPARATOR, _GONE = 0, 1, 2
_CLASS = np.full(256, _SEPARATOR, dtype=np.uint8)
_CLASS[list(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")] = _WORD
_CLASS_DROP = _CLASS.copy()
_CLASS_DROP[list(b"'`")] = _GONE
_LOWER = np.arange(256, dtype=np.uint8)
_LOWER[list(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ")] = list(b"abcdefghijklmnopqrstuvwxyz")
_ALNUM = _CLASS == _WORD
_LETTER = _ALNUM.copy()
_LETTER[list(b"0123456789")] = False
_VOWEL = np.zeros(256, dtype=bool)
_VOWEL[list(b"aeiou")] = True
_VOWEL_Y = _VOWEL.copy()
_VOWEL_Y[ord("y")] = True
# Keys whose split_feature / bare may differ from the key itself: first word an article or a
# leading feature word, last word a feature word, or the glued Arabic article.
_FEATURE_OR_ARTICLE_RE = (
    "^(?:" + "|".join(re.escape(w) for w in sorted(norm._FEATURE_FIRST | norm.ARTICLES))
    + ")(?: |$)|(?:^| )(?:" + "|".join(re.escape(w) for w in sorted(norm._FEATURE_LAST))
    + ")$|^\u0627\u0644"
)


def keys(names: Sequence[str] | pa.Array) -> list[str]:
    """``[key(n) for n in names]``, column-wise.

    Parameters
    ----------
    names
        Strings that encode as UTF-8 (no lone surrogate), or an Arrow string array without
        nulls; any length (as :func:`~geomap.gazetteer._normalize.key`, only the first
        :data:`~geomap.gazetteer._normalize.MAX_NAME_CHARS` characters count).
    """
    if not len(names):
        return []
    arr = names if isinstance(names, pa.Array) else pa.array(names, type=pa.large_string())
    arr = pc.utf8_slice_codeunits(arr, 0, norm.MAX_NAME_CHARS)
    ascii_mask = as_bool(pc.string_is_ascii(arr))
    if ascii_mask.all():
        return _ascii_keys(arr).tolist()  # type: ignore[no-any-return]
    out: np.ndarray = np.empty(len(arr), dtype=object)
    out[ascii_mask] = _ascii_keys(arr.filter(pa.array(ascii_mask)))
    out[~ascii_mask] = _latin_keys(arr.filter(pa.array(~ascii_mask)))
    return out.tolist()  # type: ignore[no-any-return]


def _ascii_keys(arr: pa.Array) -> np.ndarray:
    """Keys of ASCII strings (the scalar fast path: translate, lower, split, digits)."""
    return _finish(arr, drop_apostrophes=True)


def _finish(arr: pa.Array, *, drop_apostrophes: bool = False) -> np.ndarray:
    """Keys of ASCII text, on its bytes: lower-case words of letters and digits joined by
    single spaces (every other character separates words; ``'`` and `````` vanish when
    *drop_apostrophes*); ``""`` for digits only."""
    data, off = _bytes(arr)
    classes = _CLASS_DROP if drop_apostrophes else _CLASS
    cls = classes[data]
    if drop_apostrophes and (cls == _GONE).any():
        data, off = _kept(data, off, cls != _GONE)
        cls = classes[data]
    word = cls == _WORD
    # Words, each followed by a space when a separator follows it in the string.
    keep = word.copy()
    keep[1:] |= word[:-1] & ~word[1:]
    keep[off[:-1][off[:-1] < off[1:]]] &= word[off[:-1][off[:-1] < off[1:]]]
    data = _LOWER[data]
    data[~word] = 0x20
    data, off = _kept(data, off, keep)
    # The space after a string's last word, and strings without letters, go.
    keep = np.ones(len(data), dtype=bool)
    filled = np.flatnonzero(off[:-1] < off[1:])
    last = off[1:][filled] - 1
    keep[last[data[last] == 0x20]] = False
    letters = np.zeros(len(off) - 1, dtype=bool)
    if len(filled):
        letters[filled] = np.logical_or.reduceat(_LETTER[data], off[:-1][filled])
    if not letters[filled].all():
        keep &= np.repeat(letters, np.diff(off))
    if not keep.all():
        data, off = _kept(data, off, keep)
    return pa.LargeStringArray.from_buffers(len(off) - 1, pa.py_buffer(off), pa.py_buffer(
        data.tobytes())).to_numpy(zero_copy_only=False)  # type: ignore[no-any-return]


def _latin_keys(arr: pa.Array) -> np.ndarray:
    """Keys of non-ASCII strings: Latin letters with diacritics column-wise, the rest (other
    scripts, symbols that normalise out of the Latin blocks) by the scalar function.

    The scalar steps for Latin text: NFKC, apostrophes dropped, NFKD without combining marks,
    ``anyascii`` for letters without a decomposition (``ø``, ``ß``), then ASCII rules.
    """
    out: np.ndarray = np.empty(len(arr), dtype=object)
    latin = as_bool(pc.match_substring_regex(arr, _LATIN_INPUT_RE))
    a = pc.utf8_normalize(arr.filter(pa.array(latin)), "NFKC")
    a = pc.replace_substring_regex(a, _APOSTROPHES_RE, "")
    still = as_bool(pc.match_substring_regex(a, _LATIN_AFTER_RE))
    latin[latin] = still
    a = pc.utf8_normalize(a.filter(pa.array(still)), "NFKD")
    a = pc.replace_substring_regex(a, _COMBINING_RE, "")
    plain = as_bool(pc.string_is_ascii(a))
    if not plain.all():
        text: np.ndarray = a.to_numpy(zero_copy_only=False)
        # anyascii, character by character (which it is), through one table.
        table = _to_ascii()
        text[~plain] = [t.translate(table) for t in text[~plain].tolist()]
        odd = np.flatnonzero(~plain)[[not t.isascii() for t in text[~plain].tolist()]]
        text[odd] = [anyascii(t) for t in text[odd].tolist()]
        a = pa.array(text, type=pa.large_string())
    out[latin] = _finish(a)
    key = norm.key
    out[~latin] = [key(n) for n in arr.filter(pa.array(~latin)).to_pylist()]
    return out


def hashes(ks: Sequence[str]) -> np.ndarray:
    """``[khash(k) for k in ks]`` as a uint64 array (the index's key hash)."""
    blake = hashlib.blake2b
    digests = b"".join([blake(k.encode("utf-8"), digest_size=8).digest() for k in ks])
    return np.frombuffer(digests, dtype="<u8").astype(np.uint64)


def folds(ks: Sequence[str]) -> tuple[list[str], list[str]]:
    """``([fold(k) ...], [bare(k) or k ...])`` of normalised keys, column-wise.

    Parameters
    ----------
    ks
        Keys as :func:`~geomap.gazetteer._normalize.key` returns them (or their
        :func:`~geomap.gazetteer._normalize.split_feature` cores): lower-case words joined by
        single spaces. The second list is what the transliteration fold compares spellings
        on (non-ASCII keys have no fold but their bare form is returned all the same).
    """
    if not ks:
        return [], []
    arr = pa.array(ks, type=pa.large_string())
    # bare(k) or k: an ASCII key only loses a leading article word.
    b = pc.replace_substring_regex(arr, _ARTICLE_RE, r"\1", max_replacements=1)
    ascii_mask = as_bool(pc.string_is_ascii(arr))
    mine: list[str] = b.to_pylist()
    if not ascii_mask.all():
        bare = norm.bare
        for i in np.flatnonzero(~ascii_mask).tolist():
            mine[i] = bare(ks[i]) or ks[i]
    f = b.filter(pa.array(ascii_mask))
    for _ in range(_INNER_PASSES):
        f = pc.replace_substring_regex(f, _INNER_ARTICLE_RE, " ")
    for old, new in _FOLD_PAIRS:
        f = pc.replace_substring(f, old, new)
    f = _skeleton(f)
    letters = pc.subtract(pc.utf8_length(f), pc.count_substring(f, " "))
    out: np.ndarray = np.full(len(ks), "", dtype=object)
    out[ascii_mask] = pc.if_else(pc.greater_equal(letters, 3), f, "").to_numpy(
        zero_copy_only=False)
    return out.tolist(), mine


def bares(ks: Sequence[str]) -> list[str]:
    """``[bare(k) or k for k in ks]`` of normalised keys, column-wise."""
    if not ks:
        return []
    arr = pa.array(ks, type=pa.large_string())
    out: list[str] = pc.replace_substring_regex(arr, _ARTICLE_RE, r"\1",
                                                max_replacements=1).to_pylist()
    ascii_mask = as_bool(pc.string_is_ascii(arr))
    if not ascii_mask.all():
        bare = norm.bare
        for i in np.flatnonzero(~ascii_mask).tolist():
            out[i] = bare(ks[i]) or ks[i]
    return out


def feature_or_article(ks: Sequence[str] | pa.Array) -> np.ndarray:
    """Whether :func:`~geomap.gazetteer._normalize.split_feature` or
    :func:`~geomap.gazetteer._normalize.bare` may change each key (False: surely not)."""
    if not len(ks):
        return np.zeros(0, dtype=bool)
    arr = ks if isinstance(ks, pa.Array) else pa.array(ks, type=pa.large_string())
    return as_bool(pc.match_substring_regex(arr, _FEATURE_OR_ARTICLE_RE))


def _skeleton(arr: Any) -> pa.Array:
    """The last steps of ``fold`` on ASCII keys, on their bytes: a final ``h`` after a vowel
    dropped in words of 3+ letters, vowels dropped but a word's first letter, then each run
    of one repeated letter as one letter (``(.)\\1+ -> \\1``)."""
    data, off = _bytes(arr)
    n = len(data)
    start = np.zeros(n + 1, dtype=bool)  # first byte of a string (one past the end too)
    start[off[:-1]] = True
    start[n] = True
    prev = np.empty(n, dtype=np.uint8)
    prev[1:] = data[:-1]
    word_start = start[:n] | (prev == 0x20)
    # -ah: "h", then a space or the end, after a vowel that is not a word's first letter.
    ends = start[1:].copy()
    ends[:-1] |= data[1:] == 0x20
    drop = (data == ord("h")) & ends & ~word_start
    drop[1:] &= _VOWEL[data[:-1]] & ~word_start[:-1]
    drop[:1] = False  # (no byte at all: a column of empty or no strings)
    drop |= _VOWEL_Y[data] & ~word_start
    data, off = _kept(data, off, ~drop)
    keep = np.ones(len(data), dtype=bool)
    keep[1:] = data[1:] != data[:-1]
    keep[off[:-1][off[:-1] < off[1:]]] = True  # a string's first byte follows another string
    data, off = _kept(data, off, keep)
    return pa.LargeStringArray.from_buffers(len(off) - 1, pa.py_buffer(off),
                                            pa.py_buffer(data.tobytes()))


def _bytes(arr: Any) -> tuple[np.ndarray, np.ndarray]:
    """UTF-8 bytes of a string array (no nulls) and its offsets, from 0."""
    arr = arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr
    arr = arr.cast(pa.large_string())
    _valid, off_buf, data_buf = arr.buffers()
    off = np.frombuffer(off_buf, dtype=np.int64)[arr.offset:arr.offset + len(arr) + 1]
    data = np.frombuffer(data_buf, dtype=np.uint8) if data_buf is not None else \
        np.zeros(0, dtype=np.uint8)
    return data[off[0]:off[-1]], off - off[0]


def _kept(data: np.ndarray, off: np.ndarray, keep: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The bytes *keep* selects, and the offsets of the strings they leave."""
    at = np.flatnonzero(keep)
    return data[at], np.searchsorted(at, off)


def as_bool(a: Any) -> np.ndarray:
    """A boolean Arrow array (no nulls) as numpy."""
    return np.asarray(a.to_numpy(zero_copy_only=False), dtype=bool)


# split_feature's feature words by the word of a key they must share: a suffix word ends the
# key with its last word, a leading one starts it with its first word. Tried in FEATURE_WORDS
# order, the suffix test of a word before its leading test (the scalar loop's order).
_LEADING_FEATURES = frozenset({"airbase", "airport", "base", "square"})
_SUFFIXES: dict[str, list[tuple[int, bool, str, str]]] = {}
_LEADING: dict[str, list[tuple[int, bool, str, str]]] = {}
for _i, (_word, _feat) in enumerate(norm.FEATURE_WORDS):
    _SUFFIXES.setdefault(_word.rsplit(" ", 1)[-1], []).append((2 * _i, True, " " + _word, _feat))
    if _feat in _LEADING_FEATURES:
        _LEADING.setdefault(_word.split(" ", 1)[0], []).append(
            (2 * _i + 1, False, _word + " ", _feat))
_PREFIXES: dict[str, list[tuple[str, str]]] = {}
for _prefix, _feat in norm._PREFIX_FEATURES:
    _PREFIXES.setdefault(_prefix.split(" ", 1)[0], []).append((_prefix, _feat))
_TRIES: dict[tuple[str, str], list[tuple[bool, str, str]]] = {}


def split_feature(k: str) -> tuple[str, str | None]:
    """:func:`~geomap.gazetteer._normalize.split_feature`, trying only the feature words
    that share the key's first or last word (same answers, a fraction of the tests)."""
    first = k.partition(" ")[0]
    last = k.rpartition(" ")[2]
    if last not in norm._FEATURE_LAST and first not in norm._FEATURE_FIRST:
        return k, None
    for prefix, feat in _PREFIXES.get(first, ()):
        if k.startswith(prefix) and len(k) > len(prefix):
            return k[len(prefix):], feat
    pair = (last if last in _SUFFIXES else "", first if first in _LEADING else "")
    tries = _TRIES.get(pair)
    if tries is None:
        tries = _TRIES[pair] = [t[1:] for t in sorted(
            _SUFFIXES.get(pair[0], []) + _LEADING.get(pair[1], []))]
    for suffix, affix, feat in tries:
        if suffix:
            if k.endswith(affix):
                core = k[: -len(affix)].strip()
                if core:
                    return core, feat
        elif k.startswith(affix):
            core = k[len(affix):].strip()
            if core:
                return core, feat
    return k, None
