"""Helpers shared by the tests of the hand-written gazetteer tables (``conflict_places*.csv``)."""

from __future__ import annotations

import math
from collections import defaultdict
from functools import cache

from geomap.gazetteer import _sources as sources


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km between two (lat, lon) points."""
    p = math.pi / 180
    h = (math.sin((b[0] - a[0]) * p / 2) ** 2
         + math.cos(a[0] * p) * math.cos(b[0] * p) * math.sin((b[1] - a[1]) * p / 2) ** 2)
    return 12742.0 * math.asin(math.sqrt(h))


@cache
def admin1_centres() -> dict[str, dict[str, tuple[float, float]]]:
    """First-level subdivisions of the index by country: GeoNames name -> centre (computed
    once per test process: both table tests check rows against them)."""
    out: dict[str, dict[str, tuple[float, float]]] = defaultdict(dict)
    for rec in sources.iter_admin(sources._cities("cities500")):
        if rec.feature == "region":
            out[rec.country][rec.name] = (rec.lat, rec.lon)
    return out
