"""Use the offline gazetteer where a geopy geocoder is expected.

>>> from geomap.gazetteer.geopy_adapter import GeomapGeocoder
>>> GeomapGeocoder().geocode("Tarhunah, Libya")        # doctest: +SKIP
Location(Tarhuna, LY, (32.43501, 13.6332, 0.0))

``geopandas.tools.geocode(names, provider=GeomapGeocoder)`` works too. ``Location.raw`` carries the
provenance (``id``, ``source``, ``licence``), the confidence and the reason of the choice.
"""

from __future__ import annotations

from typing import Any

from geopy.location import Location

from geomap.gazetteer.gazetteer import Gazetteer


class GeomapGeocoder:
    """geopy-compatible geocoder over :class:`Gazetteer` (offline, no rate limit).

    Parameters
    ----------
    gazetteer
        Gazetteer to use (default: :meth:`Gazetteer.default`).
    country
        ISO alpha-2 code preferred for every query.
    min_confidence
        Results below this confidence are returned as ``None``.
    """

    def __init__(self, gazetteer: Gazetteer | None = None, *, country: str | None = None,
                 min_confidence: float = 0.0, **_ignored: Any) -> None:
        self.gazetteer = gazetteer or Gazetteer.default()
        self.country = country
        self.min_confidence = min_confidence

    def geocode(self, query: str, *, exactly_one: bool = True, country_codes: Any = None,
                limit: int | None = None, **_ignored: Any) -> Location | list[Location] | None:
        """Resolve *query*; ``"Town, Country"`` uses the part after the comma as context."""
        if not isinstance(query, str):
            return None
        name, _, rest = query.partition(",")
        country = self.country
        if isinstance(country_codes, str):
            country = country_codes
        elif country_codes:
            country = next(iter(country_codes))
        res = self.gazetteer.lookup(name.strip() or query, country=country,
                                    context=query if rest.strip() else None)
        if res.place is None or res.confidence < self.min_confidence:
            return None
        places = [res.place] if exactly_one else res.candidates[: limit or len(res.candidates)]
        locs = [self._location(p, res) for p in places]
        return locs[0] if exactly_one else locs

    def reverse(self, *args: Any, **kwargs: Any) -> None:
        """Reverse geocoding is not offered by the gazetteer."""
        raise NotImplementedError("GeomapGeocoder does not reverse geocode")

    @staticmethod
    def _location(place: Any, res: Any) -> Location:
        raw = dict(place.raw)
        raw.update({"confidence": res.confidence, "reason": res.reason,
                    "ambiguous": res.ambiguous, "score": place.score})
        address = f"{place.name}, {place.country}" if place.country else place.name
        return Location(address, (place.lat, place.lon, 0.0), raw)
