"""Offline gazetteer: place-name resolution with provenance.

>>> from geomap.gazetteer import Gazetteer
>>> gaz = Gazetteer.default()          # doctest: +SKIP
>>> gaz.resolve("Tarhunah", country="LY").id   # doctest: +SKIP
'geonames:...'
"""

from __future__ import annotations

from geomap.gazetteer.gazetteer import Gazetteer, cache_dir, ensure_index
from geomap.gazetteer.place import Place, Resolution
from geomap.gazetteer.toponyms import Mention, find_toponyms

#: Short plain-text attribution for maps and reports built with the gazetteer.
ATTRIBUTION = (
    "Places: GeoNames (CC BY 4.0), OurAirports (public domain), ISO 3166 via pycountry, "
    "Natural Earth (public domain), geomap curated features"
)

__all__ = ["ATTRIBUTION", "Gazetteer", "Mention", "Place", "Resolution", "cache_dir",
           "ensure_index", "find_toponyms"]
