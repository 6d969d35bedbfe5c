"""Sentence splitting with character offsets.

A rule-based splitter tuned for news text: sentences end at ``.``, ``!`` or ``?`` (plus closing
quotes or brackets) followed by white space and an upper-case letter, digit or quote, and at
every line break (headlines, datelines and paragraphs are their own sentences). Abbreviations
(``U.N.``, ``Gen.``, ``Jan.``) and initials do not end a sentence.
"""

from __future__ import annotations

import re
from typing import Final, NamedTuple

_ABBREVIATIONS: Final = frozenset(
    """
mr mrs ms dr prof gen lt col maj capt sgt cpl adm cmdr gov sen rep rev st mt ft no nos vs etc
jan feb mar apr jun jul aug sep sept oct nov dec inc corp ltd co jr sr u.n u.s u.k e.u e.g i.e
approx est dept govt brig
""".split()  # noqa: SIM905
)
# Candidate boundary: terminal punctuation, optional closing quotes/brackets, white space.
_BOUNDARY: Final = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9À-ÖØ-Þ])")
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
    for match in _BOUNDARY.finditer(text, start, end):
        if _is_abbreviation(text, seg_start, match.start()):
            continue
        _emit(text, seg_start, match.end(), paragraph, out)
        seg_start = match.end()
    _emit(text, seg_start, end, paragraph, out)


def _is_abbreviation(text: str, seg_start: int, dot: int) -> bool:
    if text[dot] != ".":
        return False
    word = _word_before(text, seg_start, dot)
    if word is None:
        return False
    token = word.lower().rstrip(".")
    if token in _ABBREVIATIONS:
        return True
    # Initials ("J. Smith") and dotted acronyms ("U.N.") are not sentence ends.
    return len(token) == 1 and token.isalpha() or (
        "." in token and all(len(p) <= 2 for p in token.split(".")))


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
