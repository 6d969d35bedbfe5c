"""Demonyms in running text: the adjectives and peoples' names of countries.

"The Kenyan port of Mombasa", "two Ghanaians", "a Peruvian-born engineer": a demonym is not a
place mention for a map, but it says which country a text is about. The index lists every
country's demonym (countryinfo's, plural and curated forms: ``_sources.DEMONYM`` postings);
this module finds them in a text so that document-level disambiguation can count them as
votes for their country, and so that evaluations that annotate demonyms as toponyms can tag
them.
"""

from __future__ import annotations

import re
import weakref
from typing import TYPE_CHECKING, NamedTuple

from geomap.gazetteer import _normalize as norm
from geomap.gazetteer._sources import DEMONYM

if TYPE_CHECKING:
    from geomap.gazetteer.gazetteer import Gazetteer


class Demonym(NamedTuple):
    """A demonym at ``text[start:end]`` and the index entry of its country."""

    start: int
    end: int
    text: str
    country: str
    ent: int


# A capitalised word; a demonym is one or two of them ("Sri Lankan", "South Africans").
_WORD = re.compile(r"(?<![\w’'-])[A-Z][a-z]+")
_MEMO_SIZE = 50_000
_MEMOS: weakref.WeakKeyDictionary[object, dict[str, tuple[str, int] | None]] = (
    weakref.WeakKeyDictionary())


def _country_of(gaz: Gazetteer, words: str, memo: dict[str, tuple[str, int] | None]
                ) -> tuple[str, int] | None:
    """``(country code, entry)`` a word group names as a demonym, or ``None`` (memoised)."""
    hit = memo.get(words, False)
    if hit is False:
        hit = None
        for ent, kind in gaz.index.postings(norm.key(words)):
            if kind == DEMONYM:
                hit = (gaz.index.cc[ent].decode("ascii"), int(ent))
                break
        if len(memo) > _MEMO_SIZE:
            memo.clear()
        memo[words] = hit
    return hit  # type: ignore[return-value]


def find_demonyms(text: str, gaz: Gazetteer) -> list[Demonym]:
    """Every demonym of *text*, in order (two-word demonyms before their first word).

    Parameters
    ----------
    text
        Any text.
    gaz
        The gazetteer whose index lists the demonyms.

    Returns
    -------
    list of Demonym
        Sorted by start, non-overlapping.
    """
    if not isinstance(text, str) or not text:
        return []
    try:
        memo = _MEMOS.setdefault(gaz, {})
    except TypeError:  # not weakly referenceable: no memo
        memo = {}
    out: list[Demonym] = []
    words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    i = 0
    while i < len(words):
        a, b = words[i]
        spans = [(a, words[i + 1][1])] if i + 1 < len(words) and words[i + 1][0] == b + 1 \
            and text[b] == " " else []
        spans.append((a, b))
        for s, e in spans:
            hit = _country_of(gaz, text[s:e], memo)
            if hit is not None:
                out.append(Demonym(s, e, text[s:e], hit[0], hit[1]))
                i += 1 if e == b else 2
                break
        else:
            i += 1
    return out
