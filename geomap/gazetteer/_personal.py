"""Common personal names: given names and surnames by how often people bear them.

The lists are the US Census 1990 name frequency files shipped by the ``names`` package (MIT;
the Census data are public domain): ``dist.male.first``, ``dist.female.first`` and
``dist.all.last``, each a name per line, most frequent first. The toponym tagger uses them to
tell a person's bare name ("Nina", "Conrad", "Wilkinson") from a small town of the same name:
such a word needs a place cue before it is read as a place.

The ranks are what matters: a name held by many people is far more often a person's in news
text than the hamlet that bears it. Without the package the lists are empty and only the
hand-written given names of :mod:`geomap.gazetteer.toponyms` apply.
"""

from __future__ import annotations

import functools
import logging
from importlib import resources

log = logging.getLogger("geomap.gazetteer.personal")

#: Given names (male and female lists) among the most frequent this many of each list.
GIVEN_RANK = 1000
#: Surnames among the most frequent this many.
SURNAME_RANK = 10_000


def _ranks(filename: str) -> dict[str, int]:
    """Name (lower case) -> 1-based rank in one Census file; empty without the package."""
    try:
        path = resources.files("names").joinpath(filename)
        lines = path.read_text(encoding="ascii").splitlines()
    except (ModuleNotFoundError, FileNotFoundError, OSError) as exc:
        log.debug("no personal-name list %s: %s", filename, exc)
        return {}
    out: dict[str, int] = {}
    for rank, line in enumerate(lines, 1):
        word = line.split(maxsplit=1)[0].lower() if line.strip() else ""
        if word:
            out.setdefault(word, rank)
    return out


@functools.cache
def given_names(max_rank: int = GIVEN_RANK) -> frozenset[str]:
    """Common given names, lower case: the first *max_rank* of the male and female lists."""
    out: set[str] = set()
    for filename in ("dist.male.first", "dist.female.first"):
        out.update(w for w, r in _ranks(filename).items() if r <= max_rank)
    return frozenset(out)


@functools.cache
def surnames(max_rank: int = SURNAME_RANK) -> frozenset[str]:
    """Common surnames, lower case: the first *max_rank* of the surname list."""
    return frozenset(w for w, r in _ranks("dist.all.last").items() if r <= max_rank)


def is_personal(word: str) -> bool:
    """Whether *word* is a common given name or surname (any case)."""
    low = word.lower()
    return low in given_names(GIVEN_RANK) or low in surnames(SURNAME_RANK)
