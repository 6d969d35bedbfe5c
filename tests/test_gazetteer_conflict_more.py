"""The table of Sudanese, Libyan, Ukrainian and Yemeni war-zone places the registries lack
(``conflict_places_more.csv``).

Every row is checked with code: columns and values, inside its country's outline, near its
first-level centre, ids unique across every ``conflict_places*.csv``, no name of another
table's row (or of another source) within 10 km, and each name reaching its row when given
with its country. Extraction is checked on sentences written for these tests.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict

import pytest
from gazetteer_tables import admin1_centres as _admin1_centres
from gazetteer_tables import far_lookups, index_clashes
from gazetteer_tables import km as _km
from shapely.geometry import Point

import geomap
from geomap.gazetteer import Gazetteer
from geomap.gazetteer import _sources as sources
from geomap.gazetteer.boundaries import country_shape

TABLE = sources.curated_dir() / "conflict_places_more.csv"
COLUMNS = ["id", "name", "aliases", "country", "admin1", "lat", "lon", "kind", "conflict",
           "note"]
#: The countries the table covers, with the actor set of their war.
CONFLICTS = {"SD": "sudan", "LY": "libya", "UA": "russia-ukraine", "YE": "yemen"}
#: Kinds the loader maps to a feature (``_CONFLICT_KIND_FEATURE``).
KINDS = frozenset(sources._CONFLICT_KIND_FEATURE)
#: Natural Earth's 10m outlines are generalised; about 2 km of slack at a border, no more.
BORDER_SLACK_DEG = 0.02
#: A row's own first-level centre may be this much farther than the nearest one (large
#: provinces stretch far from their centres).
ADMIN1_EXTRA_KM = 250.0
#: A name already known within this distance makes a row redundant.
SAME_PLACE_KM = 10.0


def _read(path: object) -> list[dict[str, str]]:
    with open(str(path), encoding="utf-8", newline="") as fh:
        return [r for r in csv.DictReader(fh) if r.get("id") and not r["id"].startswith("#")]


def _rows() -> list[dict[str, str]]:
    return _read(TABLE)


def _other_tables() -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    for path in sorted(sources.curated_dir().glob("conflict_places*.csv")):
        if path != TABLE:
            out += _read(path)
    return out


def _point(r: dict[str, str]) -> tuple[float, float]:
    return float(r["lat"]), float(r["lon"])


def _names(r: dict[str, str]) -> list[str]:
    return [r["name"], *filter(None, r["aliases"].split("|"))]


def test_table_columns_and_values() -> None:
    rows = _rows()
    assert len(rows) >= 25
    with TABLE.open(encoding="utf-8") as fh:
        assert next(csv.reader(fh)) == COLUMNS
    for r in rows:
        assert r["id"].startswith("more-"), r
        assert r["name"].strip() == r["name"] and r["name"], r
        assert r["country"] in CONFLICTS, r
        assert r["conflict"] == CONFLICTS[r["country"]], r
        assert r["kind"] in KINDS, r
        assert r["note"], r
        for key in ("lat", "lon"):
            assert re.fullmatch(r"-?\d+(\.\d{1,4})?", r[key]), (r["id"], key, r[key])
        aliases = r["aliases"].split("|") if r["aliases"] else []
        assert all(a.strip() == a and a for a in aliases), r
        assert r["name"] not in aliases, r
        assert len(set(aliases)) == len(aliases), r


def test_ids_unique_across_all_conflict_tables() -> None:
    ids = [r["id"] for r in _rows() + _other_tables()]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    assert not dupes


@pytest.mark.parametrize("row", _rows(), ids=lambda r: r["id"])
def test_row_inside_its_country(row: dict[str, str]) -> None:
    shape = country_shape(row["country"])
    assert shape is not None, row["country"]
    lat, lon = _point(row)
    assert shape.buffer(BORDER_SLACK_DEG).contains(Point(lon, lat)), row["id"]


def test_rows_near_their_admin1() -> None:
    """The admin1 column is a first-level name of the index, and the row lies near it."""
    centres = _admin1_centres()
    wrong = []
    for r in _rows():
        own = centres.get(r["country"], {})
        assert r["admin1"] in own, (r["id"], r["admin1"], sorted(own))
        pt = _point(r)
        nearest = min(own, key=lambda n: _km(pt, own[n]))
        if _km(pt, own[r["admin1"]]) > _km(pt, own[nearest]) + ADMIN1_EXTRA_KM:
            wrong.append((r["id"], r["admin1"], nearest))
    assert not wrong


def test_no_name_of_another_table_nearby() -> None:
    """No row repeats a name (or alias) of another conflict table's row of its country nearby,
    and the table holds no name twice for one place."""
    others: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for o in _other_tables():
        for n in _names(o):
            others[(o["country"], n.casefold())].append(_point(o))
    clashes = []
    own: dict[tuple[str, str], tuple[float, float]] = {}
    for r in _rows():
        pt = _point(r)
        for n in _names(r):
            key = (r["country"], n.casefold())
            clashes += [(r["id"], n, "other table") for q in others.get(key, [])
                        if _km(pt, q) <= SAME_PLACE_KM]
            if key in own and _km(own[key], pt) <= 20:
                clashes.append((r["id"], n, "twice"))
            own[key] = pt
    assert not clashes


def test_table_only_adds_what_the_index_lacks(gaz: Gazetteer) -> None:
    """No record of another source bears a row's name within 10 km of the row."""
    assert not index_clashes(gaz, _rows(), SAME_PLACE_KM)


def test_no_spelling_the_index_already_resolves(gaz: Gazetteer) -> None:
    """No name or alias of a row, given with its country, already reaches another source's
    record within 10 km (the row would only duplicate it)."""
    dupes = []
    for r in _rows():
        for n in _names(r):
            p = gaz.lookup(n, country=r["country"]).place
            if (p is not None and not p.id.startswith("curated:conflict_places:more-")
                    and _km(_point(r), (p.lat, p.lon)) <= SAME_PLACE_KM):
                dupes.append((r["id"], n, p.id))
    assert not dupes


def test_rows_resolve_with_their_country(gaz: Gazetteer) -> None:
    """Each name given with its country reaches its row or a place within 10 km; a namesake
    with people, or a namesake row, may win a bare lookup (rows have population 0 by design),
    nothing else."""
    assert not far_lookups(gaz, _rows(), SAME_PLACE_KM)


def test_no_name_of_a_large_city_abroad(gaz: Gazetteer) -> None:
    """A row's names are no close name of a city of 100,000+ people in another country (such a
    name would become taggable and the city abroad would take it): such rows are left out."""
    clashes = []
    for r in _rows():
        for n in _names(r):
            clashes += [(r["id"], n, p.name) for p in gaz.candidates(n)
                        if p.country != r["country"] and p.population >= 100_000
                        and p.score >= 0.7]
    assert not clashes


def test_an_alias_reaches_its_row(gaz: Gazetteer) -> None:
    """Aliases carry other spellings of the press: an article, a doubled or single consonant,
    a French or Russian form finds the row."""
    rows = {r["id"]: r for r in _rows()}
    for rid, spelling in [("more-sd-kereinik", "Kreinik"),
                          ("more-sd-saraf-omra", "Saraf Umra"),
                          ("more-sd-kamlin", "El Kamlin"),
                          ("more-sd-mulazmin", "Al Mulazimin"),
                          ("more-ly-tawergha", "Tawargha"),
                          ("more-ly-garyounis", "Qar Yunis"),
                          ("more-ua-maksymilianivka", "Maksimilyanovka"),
                          ("more-ye-seiyun", "Sayun")]:
        assert rid in rows, rid
        res = gaz.lookup(spelling, country=rows[rid]["country"])
        assert res.place is not None, spelling
        assert _km(_point(rows[rid]), (res.place.lat, res.place.lon)) <= SAME_PLACE_KM, spelling


# Sentences written for these tests (invented wording), each naming a place of the table.
@pytest.mark.parametrize(("text", "row_id", "actor"), [
    ("Rapid Support Forces fighters overran Saraf Omra on Tuesday after a week of shelling, "
     "residents said.", "more-sd-saraf-omra", "RSF"),
    ("Sudanese troops recaptured Al Kamlin from the RSF on Sunday, residents said.",
     "more-sd-kamlin", "SAF"),
    ("Government of National Accord forces pushed Haftar's fighters out of Khallet al-Furjan "
     "on Saturday, residents said.", "more-ly-khallet-al-furjan", "GNA"),
])
def test_control_change_lands_on_the_row(text: str, row_id: str, actor: str) -> None:
    row = {r["id"]: r for r in _rows()}[row_id]
    ev = geomap.extract(text, date="2024-03-14")
    changes = ev[ev["kind"] == "control_change"]
    assert len(changes) == 1, ev[["place", "kind", "actor"]]
    got = changes.iloc[0]
    assert got["actor"] == actor
    assert _km(_point(row), (float(got["latitude"]), float(got["longitude"]))) <= SAME_PLACE_KM
