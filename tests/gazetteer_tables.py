"""Helpers shared by the tests of the hand-written gazetteer tables (``conflict_places*.csv``)."""

from __future__ import annotations

import math
from collections import defaultdict
from functools import cache
from typing import Any

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


def _point(r: dict[str, str]) -> tuple[float, float]:
    return float(r["lat"]), float(r["lon"])


def index_clashes(gaz: Any, rows: list[dict[str, str]], within_km: float
                  ) -> list[tuple[str, str, str]]:
    """Rows whose name another source's record bears within ``within_km`` of the row (the
    tables only add what the index lacks)."""
    clashes = []
    for r in rows:
        pt = _point(r)
        for p in gaz.candidates(r["name"]):
            if (p.country == r["country"] and not p.id.startswith("curated:conflict_places:")
                    and p.score >= 0.99 and km(pt, (p.lat, p.lon)) <= within_km):
                clashes.append((r["id"], p.id, p.name))
    return clashes


def far_lookups(gaz: Any, rows: list[dict[str, str]], within_km: float
                ) -> list[tuple[str, str]]:
    """Rows whose name given with its country reaches neither the row nor a place within
    ``within_km``; a namesake with people, or a namesake row, may win (population 0)."""
    far = []
    for r in rows:
        res = gaz.lookup(r["name"], country=r["country"])
        if res.place is None:
            far.append((r["id"], res.reason))
        elif (res.place.id == f"curated:conflict_places:{r['id']}"
              or km(_point(r), (res.place.lat, res.place.lon)) <= within_km):
            continue
        elif res.place.population == 0 and res.place.name != r["name"]:
            far.append((r["id"], res.place.id))
    return far
