"""The curated table of conflict places (``geomap/data/gazetteer/conflict_places.csv``).

Every row is checked with code: inside its country's Natural Earth outline, near a town of
its first-level subdivision, no duplicate within a country, coordinates to at most four
decimals, and no record of another source under the same name nearby (the table only adds
what the registry gazetteers lack). The loader and its effect on lookups are tested with
invented rows.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from pathlib import Path

import pytest
from gazetteer_tables import admin1_centres as _admin1_centres
from gazetteer_tables import far_lookups, index_clashes
from gazetteer_tables import km as _km
from shapely.geometry import Point

from geomap.gazetteer import Gazetteer, Mention
from geomap.gazetteer import _sources as sources
from geomap.gazetteer.boundaries import country_shape

TABLE = sources.curated_dir() / "conflict_places.csv"
COLUMNS = ["id", "name", "aliases", "country", "admin1", "lat", "lon", "kind", "conflict",
           "note"]
ACTOR_SETS = {p.stem for p in (sources.curated_dir().parent / "actors").glob("*.yaml")}
#: Natural Earth's 10m outlines are generalised: a border crossing or a shore village may lie
#: a little outside its country's polygon. About 2 km of slack, no more.
BORDER_SLACK_DEG = 0.02
#: A row's own first-level centre is at most this much farther than the nearest centre of the
#: country (no first-level shapes are bundled; Anbar or Afar stretch hundreds of km from
#: their centres, and a border village lies nearer a neighbour's centre than its own).
ADMIN1_EXTRA_KM = 250.0


def _rows() -> list[dict[str, str]]:
    with TABLE.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))




def test_table_columns_and_values() -> None:
    rows = _rows()
    assert len(rows) >= 150
    with TABLE.open(encoding="utf-8") as fh:
        assert next(csv.reader(fh)) == COLUMNS
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids))
    for r in rows:
        assert r["name"].strip() == r["name"] and r["name"], r
        assert re.fullmatch(r"[A-Z]{2}", r["country"]), r
        assert r["kind"] in sources._CONFLICT_KIND_FEATURE, r
        assert r["conflict"] in ACTOR_SETS, r
        for key in ("lat", "lon"):
            assert re.fullmatch(r"-?\d+(\.\d{1,4})?", r[key]), (r["id"], key, r[key])
        aliases = r["aliases"].split("|") if r["aliases"] else []
        assert all(a.strip() == a and a for a in aliases), r
        assert r["name"] not in aliases, r


def test_every_conflict_has_rows() -> None:
    counts: dict[str, int] = defaultdict(int)
    for r in _rows():
        counts[r["conflict"]] += 1
    assert set(counts) == ACTOR_SETS


@pytest.mark.parametrize("row", _rows(), ids=lambda r: r["id"])
def test_row_inside_its_country(row: dict[str, str]) -> None:
    shape = country_shape(row["country"])
    assert shape is not None, row["country"]
    point = Point(float(row["lon"]), float(row["lat"]))
    assert shape.buffer(BORDER_SLACK_DEG).contains(point), row["id"]


def test_rows_near_their_admin1() -> None:
    """The admin1 column is a GeoNames first-level name of the country, and the row lies near
    it: its centre is not much farther than the nearest subdivision centre."""
    centres = _admin1_centres()
    wrong = []
    for r in _rows():
        own = centres.get(r["country"], {})
        if not own:
            continue  # the index has no subdivisions for the country
        assert r["admin1"] in own, (r["id"], r["admin1"], sorted(own))
        pt = (float(r["lat"]), float(r["lon"]))
        nearest = min(own, key=lambda n: _km(pt, own[n]))
        if _km(pt, own[r["admin1"]]) > _km(pt, own[nearest]) + ADMIN1_EXTRA_KM:
            wrong.append((r["id"], r["admin1"], nearest))
    assert not wrong


def test_no_duplicate_name_in_a_country() -> None:
    seen: dict[tuple[str, str], tuple[float, float]] = {}
    for r in _rows():
        k = (r["country"], r["name"].casefold())
        pt = (float(r["lat"]), float(r["lon"]))
        if k in seen:
            # Namesakes are allowed only as distinct places (two villages of one name).
            assert _km(seen[k], pt) > 20, r["id"]
        seen[k] = pt


def test_loader_maps_kinds_and_provenance(tmp_path: Path) -> None:
    (tmp_path / "conflict_places.csv").write_text(
        ",".join(COLUMNS) + "\n"
        "zz-a,Qaryat Example,Qaryat Ekzampl,SY,Idlib,35.9,36.6,village,syria,invented\n"
        "zz-b,Example dam,,IQ,Ninawa,36.3,43.1,dam,iraq,invented\n"
        "zz-c,Example camp,,SD,Northern Darfur,13.6,25.3,camp,sudan,invented\n",
        encoding="utf-8")
    cities = {
        "1": {"countrycode": "SY", "admin1code": "10", "latitude": 35.93, "longitude": 36.63},
        "2": {"countrycode": "SY", "admin1code": "02", "latitude": 36.2, "longitude": 37.15},
        "3": {"countrycode": "IQ", "admin1code": "15", "latitude": 36.34, "longitude": 43.13},
    }
    recs = list(sources.iter_conflict_places(cities, tmp_path))
    assert [r.feature for r in recs] == ["village", "plant", "village"]
    assert all(r.population == 0 and r.source == "curated" for r in recs)
    assert [r.sid for r in recs] == ["conflict_places:zz-a", "conflict_places:zz-b",
                                     "conflict_places:zz-c"]
    assert [r.admin1 for r in recs] == ["SY.10", "IQ.15", ""]
    assert ("Qaryat Ekzampl", sources.ALT) in recs[0].names
    assert [r.geo_precision for r in recs] == ["town", "point", "town"]


def test_table_only_adds_what_the_index_lacks(gaz: Gazetteer) -> None:
    """No record of another source bears a row's name within 10 km of the row."""
    assert not index_clashes(gaz, _rows(), 10)


def test_rows_resolve_with_their_country(gaz: Gazetteer) -> None:
    """Each row's name given with its country reaches the row or a place within 10 km; a
    namesake with people, or a namesake row of the table, may win a bare lookup (population 0
    by design); nothing else may."""
    assert not far_lookups(gaz, _rows(), 10)


def test_populated_namesake_wins_a_bare_lookup(gaz: Gazetteer) -> None:
    """A front-line village named like a city does not take the city's name."""
    rows = {r["id"]: r for r in _rows()}
    assert "ua-makiivka-luhansk" in rows
    res = gaz.lookup("Makiivka", country="UA")
    assert res.place is not None and res.place.population > 100_000


def test_provenance_and_feature_of_a_row(gaz: Gazetteer) -> None:
    res = gaz.lookup("Klishchiivka", country="UA")
    assert res.place is not None
    assert res.place.id == "curated:conflict_places:ua-klishchiivka"
    assert res.place.feature == "village" and res.place.population == 0
    dam = gaz.lookup("Kakhovka Dam", country="UA")
    assert dam.place is not None and dam.place.feature == "plant"


def test_index_cache_key_follows_the_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                           ) -> None:
    """An edited table gives another index version, so a stale cached index is never used."""
    from geomap.gazetteer import gazetteer as gz

    for p in sources.curated_dir().glob("*.csv"):
        (tmp_path / p.name).write_bytes(p.read_bytes())
    monkeypatch.setattr(sources, "curated_dir", lambda: tmp_path)
    before = gz.index_version()
    table = tmp_path / "conflict_places.csv"
    with table.open("a", encoding="utf-8") as fh:
        fh.write("#an-edit,,,,,,,,,\n")  # a comment row: the loader skips it, the key does not
    assert gz.index_version() != before


def test_press_spelling_of_a_row_near_its_neighbours(gaz: Gazetteer) -> None:
    """A Russian-style spelling of a table village resolves to it beside nearby towns."""
    text = "Shelling was reported near Tokmak, Polohy and Rabotyna overnight."
    names = ("Tokmak", "Polohy", "Rabotyna")
    mentions = [Mention(text.index(n), text.index(n) + len(n), n) for n in names]
    got = gaz.resolve_mentions(mentions, text=text)
    assert got[2].place is not None
    assert got[2].place.id == "curated:conflict_places:ua-robotyne"
