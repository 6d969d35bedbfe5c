"""Faster search of big alternation regexes, with exactly the same matches.

Python's ``re`` tries every branch of an alternation at every position of the text. For the
trigger, date and alias regexes (hundreds of branches, case-insensitive) most of the time goes
into positions where no branch can even start. :class:`Prefiltered` derives from the parsed
pattern the first few characters (or character classes) that every match must begin with,
compiles them into a small trie regex, and runs the full pattern only where that trie matches.

Soundness: the trie is a *superset* condition. Zero-width assertions, optional parts and
repeats are expanded or skipped (skipping a constraint only widens it), and anything the
analysis does not understand ends the prefix there (a shorter prefix is also wider). The full
pattern is then run with ``match`` at each candidate; since lookbehinds and ``\\b`` in ``re``
see the text before ``pos``, ``pattern.match(text, p, endpos)`` is exactly the match that
``pattern.search`` would report at ``p``. Patterns that can match the empty string, or whose
matches can start with anything, are searched plainly.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from re import _constants as _c  # type: ignore[attr-defined]
from re import _parser as _p  # type: ignore[attr-defined]
from typing import Any, Final

#: How zero-width fragments start (they do not count towards the prefilter's depth).
_ZERO_WIDTH: Final = ("(?=", "(?!", "(?<=", "(?<!", "\\b", "\\B")
_CATEGORIES: Final = {
    _c.CATEGORY_DIGIT: r"\d", _c.CATEGORY_NOT_DIGIT: r"\D", _c.CATEGORY_SPACE: r"\s",
    _c.CATEGORY_NOT_SPACE: r"\S", _c.CATEGORY_WORD: r"\w", _c.CATEGORY_NOT_WORD: r"\W",
}
_MAX_PREFIXES: Final = 4000


class _Stop(Exception):
    """The analysis cannot bound the pattern's first characters."""


def _class_fragment(items: list[tuple[Any, Any]]) -> str | None:
    """A character class rebuilt from parsed ``IN`` items, or None if it cannot be."""
    parts: list[str] = []
    negate = False
    for op, av in items:
        if op is _c.NEGATE:
            negate = True
        elif op is _c.LITERAL:
            parts.append(re.escape(chr(av)))
        elif op is _c.RANGE:
            parts.append(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
        elif op is _c.CATEGORY and av in _CATEGORIES:
            parts.append(_CATEGORIES[av])
        else:
            return None
    return "[" + ("^" if negate else "") + "".join(parts) + "]"


def _simple(items: list[tuple[Any, Any]]) -> str | None:
    """Regex text of a sequence of single-character items, or None if it has anything else."""
    out: list[str] = []
    for op, av in items:
        if op is _c.LITERAL:
            out.append(re.escape(chr(av)))
        elif op is _c.NOT_LITERAL:
            out.append("[^" + re.escape(chr(av)) + "]")
        elif op is _c.IN:
            frag = _class_fragment(av)
            if frag is None:
                return None
            out.append(frag)
        else:
            return None
    return "".join(out)


def _prefixes(parsed: Any, depth: int) -> set[tuple[str, ...]]:
    """Every tuple of regex fragments that a match can begin with (up to ``depth`` of them
    consume characters).

    A tuple that stops early means "anything may follow" (the analysis stopped there).
    Fragments are exact copies of parts of the pattern: single characters or classes, their
    repeats, ``\\b``, and lookarounds made of single characters; other assertions are left out.
    """
    out: set[tuple[str, ...]] = set()

    def done(acc: tuple[str, ...]) -> None:
        out.add(acc)
        if len(out) > _MAX_PREFIXES:
            raise _Stop

    def width(acc: tuple[str, ...]) -> int:
        return sum(1 for f in acc if not f.startswith(_ZERO_WIDTH))

    def walk(seq: list[tuple[Any, Any]], i: int, acc: tuple[str, ...],
             then: Callable[[tuple[str, ...]], None]) -> None:
        if width(acc) >= depth:
            done(acc)
            return
        if i == len(seq):
            then(acc)
            return
        op, av = seq[i]

        def nxt(a: tuple[str, ...]) -> None:
            walk(seq, i + 1, a, then)

        if op in (_c.LITERAL, _c.NOT_LITERAL, _c.IN):
            frag = _simple([(op, av)])
            if frag is None:
                done(acc)
            else:
                nxt(acc + (frag,))
        elif op is _c.SUBPATTERN:
            _group, add_flags, del_flags, body = av
            # Scoped flags: dropping IGNORECASE only narrows the pattern (the trie, compiled
            # with the outer flags, stays wider); anything else is not analysed.
            if add_flags or del_flags & ~re.IGNORECASE:
                done(acc)
            else:
                walk(list(body), 0, acc, nxt)
        elif op is _c.BRANCH:
            for alt in av[1]:
                walk(list(alt), 0, acc, nxt)
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
            lo, hi, body = av
            one = _simple(list(body)) if len(body) == 1 else None
            if one is not None:
                # A repeated single character: one exact fragment (greediness does not change
                # whether the trie can match).
                top = "" if hi == _c.MAXREPEAT else str(hi)
                nxt(acc + (f"(?:{one}){{{lo},{top}}}",))
                return
            if lo == 0:
                nxt(acc)
            if hi != 0:
                # One pass through the body; after it, more passes may follow unless hi == 1.
                walk(list(body), 0, acc, nxt if hi == 1 else done)
        elif op in (_c.ASSERT, _c.ASSERT_NOT):
            direction, body = av
            inner = _simple(list(body))
            # Kept only at the very start (the pattern's guard) or after a character: an
            # alternative of the trie that starts with an assertion defeats re's quick skip of
            # alternatives by their first character.
            if inner is None or (acc and not width(acc)):
                nxt(acc)  # ignoring an assertion only widens the condition
            else:
                kind = ("(?=" if op is _c.ASSERT else "(?!") if direction == 1 else \
                    ("(?<=" if op is _c.ASSERT else "(?<!")
                nxt(acc + (kind + inner + ")",))
        elif op is _c.AT and av in (_c.AT_BOUNDARY, _c.AT_NON_BOUNDARY) \
                and (not acc or width(acc)):
            nxt(acc + ("\\b" if av is _c.AT_BOUNDARY else "\\B",))
        elif op is _c.AT:
            nxt(acc)
        else:
            done(acc)

    walk(list(parsed), 0, (), done)
    return out


def _trie_regex(prefixes: set[tuple[str, ...]]) -> str:
    """One regex matching exactly the given fragment sequences, factored by first fragment."""
    if () in prefixes:
        return ""
    heads: dict[str, set[tuple[str, ...]]] = {}
    for p in prefixes:
        heads.setdefault(p[0], set()).add(p[1:])
    parts = []
    for head in sorted(heads):
        rest = _trie_regex(heads[head])
        parts.append(head + (f"(?:{rest})" if rest else ""))
    return "|".join(parts)


class Prefiltered:
    """``search``/``finditer`` of ``pattern`` that skip text where no match can start.

    Parameters
    ----------
    pattern
        The compiled regex. Results are always those of ``pattern`` itself.
    depth
        How many leading characters (or classes) the prefilter looks at.
    """

    def __init__(self, pattern: re.Pattern[str], depth: int = 8) -> None:
        self.pattern = pattern
        self.depth = depth
        self._built = False
        self._candidates: re.Pattern[str] | None = None

    @property
    def candidates(self) -> re.Pattern[str] | None:
        """The prefilter regex (None: search plainly), built on first use (not at import)."""
        if not self._built:
            self._candidates = self._build()
            self._built = True
        return self._candidates

    def _build(self) -> re.Pattern[str] | None:
        pattern = self.pattern
        try:
            parsed = _p.parse(pattern.pattern, pattern.flags)
            if parsed.getwidth()[0] == 0:
                return None  # empty matches: finditer's stepping rules would differ
            trie = _trie_regex(_prefixes(parsed.data, self.depth))
        except (_Stop, RecursionError, re.error, AttributeError, TypeError, ValueError):
            # Also whatever a future ``re`` parser does differently: search plainly.
            return None
        if not trie:
            return None
        return re.compile(trie, pattern.flags)

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        """Same as ``pattern.search(text, pos, endpos)``."""
        stop = len(text) if endpos is None else endpos
        cand = self.candidates
        if cand is None:
            return self.pattern.search(text, pos, stop)
        match = self.pattern.match
        find = cand.search
        while True:
            c = find(text, pos, stop)
            if c is None:
                return None
            m = match(text, c.start(), stop)
            if m is not None:
                return m
            pos = c.start() + 1

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None
                 ) -> Iterator[re.Match[str]]:
        """Same matches as ``pattern.finditer(text, pos, endpos)`` (never empty ones)."""
        stop = len(text) if endpos is None else endpos
        if self.candidates is None:
            yield from self.pattern.finditer(text, pos, stop)
            return
        while True:
            m = self.search(text, pos, stop)
            if m is None:
                return
            yield m
            pos = m.end()


@functools.lru_cache(maxsize=32)
def prefiltered(pattern: re.Pattern[str], depth: int = 8) -> Prefiltered:
    """A cached :class:`Prefiltered` for ``pattern`` (equal patterns share one)."""
    return Prefiltered(pattern, depth)
