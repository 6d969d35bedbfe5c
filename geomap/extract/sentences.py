"""Sentence splitting with character offsets.

A rule-based splitter tuned for news text: sentences end at ``.``, ``!`` or ``?`` (plus closing
quotes or brackets) followed by white space and an upper-case letter, digit or quote, and at
every line break (headlines, datelines and paragraphs are their own sentences). Abbreviations
(``U.N.``, ``Gen.``, ``Jan. 5``) and initials do not end a sentence unless a word that only opens
sentences follows; a full stop inside a short bracketed aside does not either. A full stop glued
to a capitalised word (scraped text) is a boundary when ``GLUED_STOPS`` is on.
"""

from __future__ import annotations

import re
from typing import Final, NamedTuple

_ABBREVIATIONS: Final = frozenset(
    """
mr mrs ms dr prof gen lt col maj capt sgt cpl adm cmdr gov sen rep rev st mt ft no nos vs etc
jan feb mar apr jun jul aug sep sept oct nov dec inc corp ltd co jr sr u.n u.s u.k e.u e.g i.e
approx est dept govt brig pop
""".split()  # noqa: SIM905
)
# Candidate boundary: terminal punctuation, optional closing quotes/brackets, white space.
_BOUNDARY: Final = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9À-ÖØ-Þ])")
# Scraped text often loses the space after a full stop ("the town.The army"): a full stop
# between a lower-case word and a capitalised one is a boundary too, unless the word after is a
# web domain's ending ("asbarez.Net").
_GLUED: Final = re.compile(r"(?<=[a-z]{2})[.!?][\"'”’)\]]*(?=[A-Z][a-z]+\b)")
#: Split at such glued stops (off: correct, but extraction still reads "the city" of the
#: next sentence only within one sentence; measured -1 TP on the shared real-news set).
GLUED_STOPS = False
_DOMAIN_ENDINGS: Final = frozenset("com net org gov info edu az ru ua uk am ge sy iq ly".split())  # noqa: SIM905
# Month abbreviations only stand before a day number ("Jan. 5"); before a word they end a
# sentence ("... fell in Jan. Rebels then ...").
_MONTHS: Final = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec".split())  # noqa: SIM905
# Words that open a sentence and never follow an initial or an acronym inside a name: after
# "U.S." or "on X." they mark a new sentence ("... by the U.S. The army ...").
_OPENER_WORDS: Final = (
    "the he she it they we i but this that these those there his her their its our in on at "
    "after before when while however meanwhile later earlier")
_OPENERS: Final = frozenset(_OPENER_WORDS.split())
_NEXT_WORD: Final = re.compile(r"[\"'“‘(\[]?([\w-]+)")
_LINE_BREAK: Final = re.compile(r"\s*\n\s*")
_WORD_BEFORE: Final = re.compile(r"([\w.]+)$")


class Sentence(NamedTuple):
    """A sentence: ``text[start:end]`` of the source, and its paragraph number."""

    start: int
    end: int
    paragraph: int


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Sentence]:
    """Split ``text[start:end]`` into sentences with offsets into ``text``.

    Parameters
    ----------
    text
        The whole document.
    start, end
        The part to split (e.g. after a dateline).

    Returns
    -------
    list of Sentence
        Non-empty, stripped, in order; ``paragraph`` increases at blank lines.
    """
    stop = len(text) if end is None else end
    out: list[Sentence] = []
    paragraph = 0
    pos = start
    while pos < stop:
        nl = text.find("\n", pos, stop)
        line_end = stop if nl < 0 else nl
        _split_line(text, pos, line_end, paragraph, out)
        if nl < 0:
            break
        # A blank line (two or more breaks) starts a new paragraph.
        gap = _LINE_BREAK.match(text, nl)
        next_pos = gap.end() if gap else nl + 1
        if text.count("\n", nl, next_pos) >= 2:
            paragraph += 1
        pos = max(next_pos, nl + 1)
    return out


def _split_line(text: str, start: int, end: int, paragraph: int, out: list[Sentence]) -> None:
    seg_start = start
    ends = [(m.start(), m.end()) for m in _BOUNDARY.finditer(text, start, end)]
    if GLUED_STOPS:
        ends += [(m.start(), m.end()) for m in _GLUED.finditer(text, start, end)
                 if _word_after(text, m.end(), end).lower() not in _DOMAIN_ENDINGS]
    for dot, stop in sorted(ends):
        if dot < seg_start:
            continue
        if _is_abbreviation(text, seg_start, dot, stop, end) or _in_aside(
                text, seg_start, dot, stop, end):
            continue
        _emit(text, seg_start, stop, paragraph, out)
        seg_start = stop
    _emit(text, seg_start, end, paragraph, out)


def _word_after(text: str, pos: int, end: int) -> str:
    """The word that opens ``text[pos:end]`` after white space and an opening quote."""
    while pos < end and text[pos].isspace():
        pos += 1
    match = _NEXT_WORD.match(text, pos, end)
    return match.group(1) if match else ""


def _in_aside(text: str, seg_start: int, dot: int, stop: int, end: int) -> bool:
    """Whether the full stop at ``dot`` sits inside a short bracketed aside that closes soon
    after it ("the town (pop. 20,000) fell"): the sentence goes on after the bracket."""
    if text.rfind("(", seg_start, dot) <= text.rfind(")", seg_start, dot):
        return False
    close = text.find(")", stop, min(end, stop + 30))
    return close >= 0 and not any(text[i] in ".!?" for i in range(stop, close))


def _is_abbreviation(text: str, seg_start: int, dot: int, stop: int, end: int) -> bool:
    if text[dot] != ".":
        return False
    word = _word_before(text, seg_start, dot)
    if word is None:
        return False
    token = word.lower().rstrip(".")
    after = _word_after(text, stop, end)
    if token in _MONTHS:
        return after[:1].isdigit()
    # Titles, initials and dotted acronyms are not sentence ends, unless a word that only
    # opens sentences follows ("backed by the U.S. The army ...").
    if after.lower() in _OPENERS:
        return False
    if token in _ABBREVIATIONS:
        return True
    return len(token) == 1 and token.isalpha() or (
        "." in token and all(len(p) <= 2 and p.isalpha() for p in token.split(".")))


def _word_before(text: str, seg_start: int, dot: int) -> str | None:
    """``_WORD_BEFORE.search(text, seg_start, dot).group(1)`` (or None), without scanning the
    segment from its start: the run of word characters and dots that ends at ``dot``."""
    if dot > seg_start and text[dot - 1] == "\n":  # "$" also matches before a final newline
        word = _WORD_BEFORE.search(text, seg_start, dot)
        return word.group(1) if word else None
    i = dot
    # re's \w is str.isalnum() or "_" (both use Py_UNICODE_ISALNUM).
    while i > seg_start and (text[i - 1].isalnum() or text[i - 1] in "._"):
        i -= 1
    return text[i:dot] if i < dot else None


def _emit(text: str, start: int, end: int, paragraph: int, out: list[Sentence]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        out.append(Sentence(start, end, paragraph))
