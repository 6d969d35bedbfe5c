"""Result types of the gazetteer: a place and the resolution that chose it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Place:
    """A resolved gazetteer entry.

    Attributes
    ----------
    name
        Canonical name (e.g. ``"Tarhuna"``).
    lat, lon
        WGS84 coordinates.
    country
        ISO 3166-1 alpha-2 code (``""`` for features outside any country).
    feature
        Feature class: ``city``, ``town``, ``village``, ``district``, ``airbase``, ``airport``,
        ``square``, ``region``, ``country``, ``oilfield``, ``crossing``...
    source
        Data source (``geonames``, ``ourairports``, ``pycountry``, ``curated``).
    id
        ``source:id`` (e.g. ``geonames:2210221``).
    score
        Score of this candidate for the query (0-1).
    population
        Population where known (0 otherwise).
    geo_precision
        ACLED-like precision: ``point``, ``town``, ``district``, ``region``, ``country``.
    raw
        Source record, for provenance (like ``geopy.Location.raw``).
    """

    name: str
    lat: float
    lon: float
    country: str
    feature: str
    source: str
    id: str
    score: float = 1.0
    population: int = 0
    geo_precision: str = "town"
    raw: dict[str, Any] = field(default_factory=dict, compare=False, hash=False, repr=False)


@dataclass
class Resolution:
    """The outcome of resolving one name: the chosen place or the reason there is none.

    Attributes
    ----------
    query
        The name as given.
    place
        The winner, or ``None`` when unresolved.
    candidates
        All candidates considered, best first, with their scores.
    confidence
        0-1; low when the winner's margin over the runner-up is small.
    reason
        Why the winner won (``"country focus LY; population"``) or why nothing did
        (``"empty name"``, ``"not in gazetteer"``, ``"ambiguous: ..."``).
    ambiguous
        True when the margin between the first two candidates is below the gazetteer's margin.
    """

    query: str
    place: Place | None
    candidates: list[Place] = field(default_factory=list)
    confidence: float = 0.0
    reason: str = ""
    ambiguous: bool = False

    @property
    def ok(self) -> bool:
        """Whether a place was chosen."""
        return self.place is not None
