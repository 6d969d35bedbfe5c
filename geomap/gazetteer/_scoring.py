"""What scoring candidates needs, shared by the facade and its helpers.

The weights of the evidence, the candidate record, the document context and distances live
here so that :mod:`~geomap.gazetteer.gazetteer` (the facade), :mod:`._batch` (column-wise
lookups) and :mod:`._disambig` (document-level resolution) all import them from one place and
never each other.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from geomap._io.limits import has_surrogate
from geomap.gazetteer import _normalize as norm
from geomap.gazetteer._sources import ALT, BARE, CODE, CORE, DEMONYM, FOLD, PRIMARY

#: Score of a name match by kind (how the query names the entry).
KIND_SCORE: dict[int, float] = {PRIMARY: 1.0, ALT: 0.92, BARE: 0.85, CORE: 0.85, FOLD: 0.62,
                                CODE: 0.75, DEMONYM: 0.92}
#: Kinds that name an entry outright: a name so matched needs no looser spelling match.
SETTLING_KINDS = frozenset({PRIMARY, ALT, DEMONYM})
#: Scale of a feature's name without its feature word when the text names no feature
#: ("Incirlik" for Incirlik Air Base), tried only for names no town bears.
CORE_BARE = 0.9
# Weights of the evidence (score units; a name match is worth about 1).
W_POP = 0.06       # per decade of population
W_COUNTRY = 0.45   # country focus of the document (share of its places)
W_ADMIN1 = 0.5     # first-level subdivision shared with other places
W_CAPITAL = 0.3    # national capital
W_NAMED = 0.2      # the candidate's country / region is itself named in the document
W_NEAR = 0.5       # proximity to the other places (decays over ~150 km)
#: An alternate name shared by several entries means the one whose own name it spells most
#: closely ("Slovyansk" for Sloviansk, not a city that lists it among its alternates): among
#: the alternate-name matches of a query, each loses this much times the similarity it lacks
#: behind the closest one (which loses nothing, so the tie-break never favours another kind).
W_SPELL = 0.15
_MAJOR_CITY = 500_000  # a town this big is not displaced by a small namesake's region
#: Name match of a fuzzy (edit-distance) candidate per unit of ``fuzz.ratio`` similarity.
FUZZY_MATCH = 0.55
#: A transliteration fold spelling the name at least this closely (``fuzz.ratio`` of the bare
#: keys, 0-1) is a press spelling of that place ("Maarat al Numan"); below it the shared
#: consonant skeleton is most often chance ("Keramik" / Krymka).
FOLD_SURE = 0.9
#: A loose winner (fuzzy, or a fold below FOLD_SURE) is kept only with another place of the
#: text this near it (km), its first-level region named, or, for a region, its country named.
LOOSE_SUPPORT_KM = 200.0
#: Below this score margin between the first two candidates a resolution is "ambiguous".
MARGIN = 0.08
_FEATURE_PRIOR: dict[str, float] = {
    "country": 0.45, "continent": 0.35, "region": 0.12, "district": 0.02, "city": 0.1,
    "town": 0.0, "village": -0.05, "airport": -0.1, "airbase": -0.1,
}
#: Feature hints and the feature classes they accept.
_HINT_ACCEPTS: dict[str, frozenset[str]] = {
    "airbase": frozenset({"airbase", "airport", "base"}),
    "airport": frozenset({"airport", "airbase"}),
    "base": frozenset({"airbase", "base", "airport"}),
    "city": frozenset({"city", "town", "village"}),
    "village": frozenset({"village", "town", "city"}),
    "district": frozenset({"district", "region", "town", "village"}),
    "region": frozenset({"region", "district"}),
    "country": frozenset({"country"}),
    "square": frozenset({"square"}),
    "crossing": frozenset({"crossing"}),
    "oilfield": frozenset({"oilfield"}),
    "plant": frozenset({"plant"}),
    "port": frozenset({"port", "city", "town"}),
}
_EARTH_KM = 6371.0088
_MAX_CANDIDATES = 60
_FEDERAL = frozenset({"US", "CA", "AU", "IN", "BR", "MX", "NG", "DE", "MY", "AR", "VE", "AT"})


def spelling(query: str, own: str) -> float:
    """Similarity (0..1) of a query key and an entry's name key, both without articles."""
    from rapidfuzz import fuzz

    return fuzz.ratio(norm.bare(query) or query, norm.bare(own) or own) / 100.0


def spelling_penalties(query: str, owns: list[str]) -> list[float]:
    """The ``spell`` terms (<= 0) of the alternate-name candidates of *query*, named *owns*."""
    sims = [spelling(query, o) for o in owns]
    top = max(sims, default=0.0)
    return [W_SPELL * (s - top) for s in sims]


def haversine_km(lat1: float, lon1: float, lat2: Any, lon2: Any) -> Any:
    """Great-circle distance(s) in km (scalars or numpy arrays for the second point)."""
    p1, p2 = math.radians(lat1), np.radians(lat2)
    dphi = p2 - p1
    dl = np.radians(lon2) - math.radians(lon1)
    a = np.sin(dphi / 2) ** 2 + math.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * _EARTH_KM * np.arcsin(np.sqrt(np.minimum(1.0, a)))


# Frozen: candidate lists are cached and shared (see _candidates); slots: many per name.
@dataclass(slots=True, frozen=True)
class _Cand:
    ent: int
    match: float
    kind: int
    spell: float = 0.0  # <= 0: an alternate name far from the entry's own name (see W_SPELL)


def loose_similarity(c: _Cand) -> float | None:
    """How closely a candidate reached only by a loose spelling match spells the name (0-1):
    a fuzzy match, or a transliteration fold below :data:`FOLD_SURE`; ``None`` for any other
    candidate (an outright name, or a sure press spelling)."""
    if c.kind == -1:
        return c.match / FUZZY_MATCH
    if c.kind == FOLD:
        sim = c.match / KIND_SCORE[FOLD]
        return sim if sim < FOLD_SURE - 1e-9 else None
    return None


@dataclass
class Context:
    """Document-level evidence used to rescore candidates."""

    countries: dict[str, float]
    admin1: dict[int, float]
    points: list[tuple[float, float, float]]  # lat, lon, weight
    named_countries: frozenset[str] = frozenset()  # countries the document names
    named_admin1: frozenset[int] = frozenset()  # first-level subdivisions it names

    @classmethod
    def empty(cls) -> Context:
        return cls({}, {}, [])


def haversine_km_matrix(lat1: Any, lon1: Any, lat2: Any, lon2: Any) -> Any:
    """Pairwise great-circle distances in km: ``len(lat1) x len(lat2)``."""
    p1 = np.radians(np.asarray(lat1, dtype=np.float64))[:, None]
    p2 = np.radians(np.asarray(lat2, dtype=np.float64))[None, :]
    dl = np.radians(np.asarray(lon2, dtype=np.float64))[None, :] - np.radians(
        np.asarray(lon1, dtype=np.float64))[:, None]
    a = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * _EARTH_KM * np.arcsin(np.sqrt(np.minimum(1.0, a)))


def _plain_name(name: object) -> bool:
    """Whether :func:`~geomap.gazetteer._normalize.check_name` surely accepts *name*.

    A printable string of normal length whose key is not empty has no control characters, is
    not blank and has letters; this test is a few C calls where ``check_name`` runs regexes.
    """
    return (isinstance(name, str) and len(name) <= norm.MAX_NAME_CHARS and name.isprintable()
            and bool(norm.key(name)))


def _surrogate_problem(name: str) -> str | None:
    """A lone UTF-16 surrogate (text decoded with ``surrogateescape``, a JSON escape cut from
    its pair) cannot be written as UTF-8: such a name is refused, not passed on to writers."""
    return "invalid text: lone surrogate in name" if has_surrogate(name) else None


def _weight(scored: list[tuple[float, int, str]]) -> float:
    if len(scored) == 1:
        return 1.0
    gap = scored[0][0] - scored[1][0]
    return max(0.1, min(1.0, gap * 2))


def _squash(s: float) -> float:
    return 1.0 / (1.0 + math.exp(-(s - 1.2) * 2.5))
