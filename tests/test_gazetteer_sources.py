"""Subdivision centres derived from towns (geomap.gazetteer._sources.iter_admin)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import shapely
from conftest import km

from geomap.gazetteer import Gazetteer
from geomap.gazetteer._sources import FEATURES, SOURCES, _plain_name, _robust_centre
from geomap.gazetteer.boundaries import countries


def _derived(gaz: Gazetteer, feature: str) -> np.ndarray:
    ix = gaz.index
    return np.flatnonzero((ix.src == SOURCES.index("derived"))
                          & (ix.feat == FEATURES.index(feature)))


# ------------------------------------------------------------------ the rule, on made-up towns
def test_robust_centre_ignores_a_mislabelled_far_town() -> None:
    # A 1-degree cluster of towns plus one "member" 2,000 km away.
    cluster = [(40.0 + i / 10, 10.0 + j / 10) for i in range(10) for j in range(10)]
    lat, lon = _robust_centre([*cluster, (25.0, 30.0)])
    assert km(lat, lon, 40.45, 10.45) < 15


def test_robust_centre_keeps_an_elongated_region() -> None:
    # A long, evenly settled strip: its far ends are not outliers.
    strip = [(50.0, 0.0 + i / 10) for i in range(200)]
    lat, lon = _robust_centre(strip)
    assert lat == pytest.approx(50.0) and lon == pytest.approx(9.95, abs=0.3)


def test_robust_centre_of_a_few_towns_is_their_extent_middle() -> None:
    lat, lon = _robust_centre([(1.0, 1.0), (1.2, 1.4)])
    assert (lat, lon) == pytest.approx((1.1, 1.2))


@pytest.mark.parametrize(("name", "plain"), [
    ("Henan Sheng", "Henan"), ("Chongqing Shi", "Chongqing"),
    ("Guangxi Zhuangzu Zizhiqu", "Guangxi"), ("Xinjiang Uygur Zizhiqu", "Xinjiang"),
    ("Ningxia Huizu Zizhiqu", "Ningxia"), ("Tibet Autonomous Region", "Tibet"),
    ("Bavaria", None), ("Autonomous Region in Muslim Mindanao", None), ("Shi", None),
])
def test_plain_name(name: str, plain: str | None) -> None:
    assert _plain_name(name) == plain


# ------------------------------------------------------------------ the default index
def test_derived_admin1_centres_lie_in_their_country(gaz: Gazetteer) -> None:
    # Island provinces may centre at sea, and border units sit on coarse outlines, so "in
    # the country" means within ~300 km of its own outline.
    ix = gaz.index
    world = countries()
    world = world[world["iso_a2"] != ""]
    ents = _derived(gaz, "region")
    lon, lat = ix.lon[ents].astype(float), ix.lat[ents].astype(float)
    codes = np.array([bytes(c).decode() for c in ix.cc[ents]])
    wrong = []
    for cc, geom in zip(world["iso_a2"], world.geometry, strict=True):
        mine = codes == cc
        if mine.any():
            pts = shapely.points(lon[mine], lat[mine])
            far = ~shapely.dwithin(geom.simplify(0.05), pts, 3.0)
            wrong += [ix.name(e) for e in ents[mine][far]]
    assert len(wrong) <= 3, wrong


# Centres looked up independently (approximate middles of each unit), several continents.
KNOWN = [
    ("region", "CN", "Hebei", 39.0, 116.0),
    ("region", "CN", "Henan Sheng", 33.9, 113.5),
    ("region", "CN", "Heilongjiang Sheng", 47.9, 127.8),
    ("region", "CL", "Valparaiso", -32.9, -71.0),
    ("region", "DE", "Bavaria", 48.9, 11.4),
    ("region", "IT", "Lombardy", 45.6, 9.8),
    ("region", "PK", "Sindh", 26.0, 68.8),
    ("region", "NG", "Kano", 11.7, 8.5),
    ("region", "BR", "Minas Gerais", -18.5, -44.5),
    ("region", "MX", "Jalisco", 20.6, -103.6),
    ("district", "US", "Los Angeles County", 34.3, -118.2),
    ("district", "US", "Cook County", 41.84, -87.82),
    ("district", "GB", "Kent", 51.2, 0.7),
]


@pytest.mark.parametrize(("feature", "cc", "name", "lat", "lon"), KNOWN)
def test_known_subdivision_centres(gaz: Gazetteer, feature: str, cc: str, name: str,
                                   lat: float, lon: float) -> None:
    ix = gaz.index
    ents = [e for e in _derived(gaz, feature)
            if bytes(ix.cc[e]).decode() == cc and ix.name(e) == name]
    assert ents, name
    assert min(km(float(ix.lat[e]), float(ix.lon[e]), lat, lon) for e in ents) < 100


@pytest.mark.parametrize(("query", "lat", "lon"), [
    ("Henan", 33.9, 113.5), ("Xinjiang", 41.5, 85.0), ("Guangxi", 23.8, 108.8),
    ("Gansu", 37.0, 102.0), ("Zhejiang", 29.2, 120.1),
])
def test_plain_chinese_province_names_resolve(gaz: Gazetteer, query: str, lat: float,
                                              lon: float) -> None:
    place = gaz.resolve(query)
    assert place is not None and place.country == "CN" and place.feature == "region"
    assert km(place.lat, place.lon, lat, lon) < 250


def test_plain_name_adds_no_duplicate_entity(gaz: Gazetteer) -> None:
    # The plain name is an extra name of the same subdivision, not a second record.
    ents = {e for e, _ in gaz.index.postings("henan")
            if int(gaz.index.feat[e]) == FEATURES.index("region")}
    assert len(ents) == 1


# An airport named "<served town> <own name> Airport" is also found by its own name.
_TOWNS = frozenset({("XX", "elmford"), ("XX", "spring lake"), ("XX", "spring"),
                    ("YY", "warrenby")})


@pytest.mark.parametrize(("name", "municipality", "own"), [
    ("Elmford Quarvik Airport", "", "Quarvik Airport"),  # a town of the country opens it
    ("Elmford Quarvik Air Base", "", "Quarvik Air Base"),
    ("Upper Dalby Quarvik Airport", "Upper Dalby", "Quarvik Airport"),  # the municipality
    ("Elmford International Airport", "", None),  # nothing of its own is left
    ("Elmford Farm Airport", "", None),  # a common word is no name
    ("Spring Lake Airport", "", None),  # the town's name goes on: nothing to cut
    ("Elmford Warrenby Airport", "", None),  # the rest is some town's name elsewhere
    ("Quarvik Elmford Airport", "", None),  # the first word is no town of the country
    ("Elmford Quarvik Gliding Centre", "", None),  # what is left must say airport
])
def test_airport_own_name(name: str, municipality: str, own: str | None) -> None:
    from geomap.gazetteer._sources import _own_name

    assert _own_name(name, municipality, "XX", _TOWNS,
                     frozenset(n for _cc, n in _TOWNS)) == own


def test_an_airport_is_found_by_its_own_name(gaz: Gazetteer) -> None:
    # OurAirports names this one after the city it serves first; news names it by its own.
    place = gaz.resolve("Shestovytsia airport", country="UA")
    assert place is not None and place.feature == "airport" and place.country == "UA"
    assert "Chernihiv" in place.name


def test_older_snapshot_towns_fill_gaps_only(tmp_path: Path) -> None:
    from geomap.gazetteer._sources import iter_rg_towns

    cities = {"1": {"name": "Elmford", "latitude": 40.0, "longitude": 45.0, "countrycode": "XX",
                    "alternatenames": ["Elmforde"]}}
    csv_path = tmp_path / "rg.csv"
    csv_path.write_text(
        "lat,lon,name,admin1,admin2,cc\n"
        "40.01,45.01,Elmford Old,A,,XX\n"  # within 3 km of a town: the same place
        "40.20,45.20,Elmforde,A,,XX\n"  # a namesake 28 km away: a moved point
        "41.00,46.00,Quarvik,A,,XX\n"  # nothing near: a town the newer list lacks
        "41.50,46.50,Elmford,A,,YY\n",  # another country's namesake is another town
        encoding="utf-8")
    got = [(r.name, r.country, r.population) for r in iter_rg_towns(cities, csv_path)]
    assert got == [("Quarvik", "XX", 1000), ("Elmford", "YY", 1000)]
