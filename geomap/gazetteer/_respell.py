"""Press respellings compared by the transliteration fold: vowels kept, word breaks moved.

The consonant skeleton (:func:`~geomap.gazetteer._normalize.fold`) finds the entries a
spelling may mean; these helpers say how close two spellings of one skeleton are, and which
other word breaks of a name to try ("Baniwalid" / "Bani Walid", "Gaal Kacyo" / "Gaalkacyo").
They work on query keys only, so the index does not change with them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from geomap.gazetteer._normalize import fold

#: Letters a word must keep on each side of a split tried by :func:`rejoinings`.
_SPLIT_MIN = 3
#: Longest name (letters) that is tried split in two: beyond, too many splits per name.
_SPLIT_MAX = 16
# Spelling steps the fold merges, applied before two spellings are compared (vowels kept).
_SOFT_PAIRS: tuple[tuple[str, str], ...] = (
    ("ou", "u"), ("kh", "x"), ("q", "k"), ("ph", "f"), ("dh", "d"), ("th", "t"), ("gh", "g"),
    ("w", "u"),
)
_SOFT_AH = re.compile(r"(?<=[aeiou])h\b")
_SOFT_DOUBLE = re.compile(r"(.)\1+")


@lru_cache(maxsize=200_000)
def soft(k: str, *, joined: bool = False) -> str:
    """Key *k* respelt the way :func:`~geomap.gazetteer._normalize.fold` merges spellings, but
    with its vowels, for comparing two spellings of one skeleton.

    Press transliterations of one Arabic or Somali name differ in ways the fold already
    merges (``q``/``k``, ``dh``/``d``, ``ou``/``u``, ``-ah``/``-a``, doubled letters, long
    vowels written twice): "Buulo" and "Bulo", "Dabiqah" and "Dabiqa" are one spelling here.
    Vowel quality is kept ("Bulo" and "Bala", but also "Bolo", stay apart): merging ``o``/``u``
    and ``e``/``i``/``y`` made English names sure matches of other places ("Lore" of
    "Lowry") and lost more than it found on the dev corpora. With *joined*, word breaks are
    dropped ("ras kamboni" and "raskamboni" compare equal).
    """
    out = _SOFT_AH.sub("", k)
    for old, new in _SOFT_PAIRS:
        out = out.replace(old, new)
    out = _SOFT_DOUBLE.sub(r"\1", out)
    return out.replace(" ", "") if joined else out


def rejoinings(k: str) -> list[str]:
    """Key *k* (ASCII) with its word breaks moved: one word split in two, or words joined.

    A single word of :data:`_SPLIT_MIN` * 2 to :data:`_SPLIT_MAX` letters gives every split
    leaving at least :data:`_SPLIT_MIN` letters each side ("deirhafer" -> "dei rhafer", "deir
    hafer", ...); two or three words give them joined ("gaal kacyo" -> "gaalkacyo").
    """
    if not k or not k.isascii():
        return []
    words = k.split()
    if len(words) == 1:
        w = words[0]
        if not (2 * _SPLIT_MIN <= len(w) <= _SPLIT_MAX) or not w.isalpha():
            return []
        return [f"{w[:i]} {w[i:]}" for i in range(_SPLIT_MIN, len(w) - _SPLIT_MIN + 1)]
    if len(words) <= 3:
        return ["".join(words)]
    return []


def short_respellings(k: str) -> list[str]:
    """Keys to look up exactly for a short key *k* (ASCII) that has no fold key.

    A name whose consonant skeleton has under 3 letters ("Hit", "Hun", "Bu'aale") is not
    folded (a two-letter skeleton names thousands of places), so its press spellings with a
    long vowel written twice, ``ou`` for ``u``, a doubled consonant, ``-ah`` or a word break
    ("Hiit", "Houn", "Bualle", "Bu aale") would meet nothing. Respelt by :func:`soft` (and
    joined) they may meet the name as the index spells it: the consonants and the vowels'
    places and qualities stay as written, only their length and the word break go.
    """
    if not k or not k.isascii() or fold(k):
        return []
    return [s for s in dict.fromkeys((soft(k), soft(k, joined=True))) if s and s != k]
