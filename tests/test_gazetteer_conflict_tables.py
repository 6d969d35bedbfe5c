"""The checks every hand-written table of places the registries lack passes
(``conflict_places_<class>.csv``), written once for all of them.

Each table is checked with code: columns and values, every row inside its country's outline
and near its first-level unit, ids unique across every ``conflict_places*.csv``, no name of
another table's row (or of another source) within 10 km, each name reaching its row when given
with its country, and no name that is a close name of a large city abroad; then press spellings
that must reach their rows, and control changes in sentences written for these tests that must
land on them.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache

import pytest
from gazetteer_tables import admin1_centres, far_lookups, index_clashes, km
from shapely.geometry import Point

import geomap
from geomap.gazetteer import Gazetteer
from geomap.gazetteer import _sources as sources
from geomap.gazetteer.boundaries import country_shape

COLUMNS = ["id", "name", "aliases", "country", "admin1", "lat", "lon", "kind", "conflict",
           "note"]
#: Natural Earth's 10m outlines are generalised; about 2 km of slack at a border, no more.
BORDER_SLACK_DEG = 0.02
#: A row's own first-level centre may be this much farther than the nearest one (large
#: provinces such as Anbar or Homs stretch far from their centres).
ADMIN1_EXTRA_KM = 250.0
#: A name already known within this distance makes a row redundant.
SAME_PLACE_KM = 10.0
#: Kinds the loader maps to a feature (``_CONFLICT_KIND_FEATURE``).
ALL_KINDS = frozenset(sources._CONFLICT_KIND_FEATURE)


@dataclass(frozen=True)
class Table:
    """One table: its file, id prefix, countries (with the actor set of their war), the
    kinds it may use, its least size, and whether none of its spellings may already reach
    another source's record (the tables written with that rule)."""

    file: str
    prefix: str
    conflicts: dict[str, str] = field(hash=False)
    kinds: frozenset[str] = ALL_KINDS
    min_rows: int = 25
    spellings_new: bool = False


TABLES = [
    Table("conflict_places_districts.csv", "dist-",
          {"AF": "afghanistan", "IQ": "iraq", "SY": "syria", "YE": "yemen",
           "UA": "russia-ukraine"}, frozenset({"district", "town"}), 100),
    Table("conflict_places_levant.csv", "lev-", {"SY": "syria", "IQ": "iraq"}, min_rows=50),
    Table("conflict_places_more.csv", "more-",
          {"SD": "sudan", "LY": "libya", "UA": "russia-ukraine", "YE": "yemen"},
          spellings_new=True),
    Table("conflict_places_africa_asia.csv", "aas-",
          {"CD": "drc", "SO": "somalia", "MZ": "mozambique", "NG": "nigeria", "ML": "mali",
           "ET": "ethiopia", "MM": "myanmar", "AF": "afghanistan", "HT": "haiti"},
          min_rows=40, spellings_new=True),
]
_IDS = [t.file.removeprefix("conflict_places_").removesuffix(".csv") for t in TABLES]


@cache
def _read(file: str) -> tuple[dict[str, str], ...]:
    with (sources.curated_dir() / file).open(encoding="utf-8", newline="") as fh:
        return tuple(r for r in csv.DictReader(fh)
                     if r.get("id") and not r["id"].startswith("#"))


def _rows(t: Table) -> list[dict[str, str]]:
    return list(_read(t.file))


def _other_rows(t: Table) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    for path in sorted(sources.curated_dir().glob("conflict_places*.csv")):
        if path.name != t.file:
            out += _read(path.name)
    return out


def _point(r: dict[str, str]) -> tuple[float, float]:
    return float(r["lat"]), float(r["lon"])


def _names(r: dict[str, str]) -> list[str]:
    return [r["name"], *filter(None, r["aliases"].split("|"))]


tables = pytest.mark.parametrize("t", TABLES, ids=_IDS)


@tables
def test_table_columns_and_values(t: Table) -> None:
    rows = _rows(t)
    assert len(rows) >= t.min_rows
    with (sources.curated_dir() / t.file).open(encoding="utf-8") as fh:
        assert next(csv.reader(fh)) == COLUMNS
    for r in rows:
        assert r["id"].startswith(t.prefix), r
        assert r["name"].strip() == r["name"] and r["name"], r
        assert r["country"] in t.conflicts, r
        assert r["conflict"] == t.conflicts[r["country"]], r
        assert r["kind"] in t.kinds, r
        assert r["note"], r
        for key in ("lat", "lon"):
            assert re.fullmatch(r"-?\d+(\.\d{1,4})?", r[key]), (r["id"], key, r[key])
        aliases = r["aliases"].split("|") if r["aliases"] else []
        assert all(a.strip() == a and a for a in aliases), r
        assert r["name"] not in aliases, r
        assert len(set(aliases)) == len(aliases), r


@tables
def test_ids_unique_across_all_conflict_tables(t: Table) -> None:
    ids = [r["id"] for r in _rows(t) + _other_rows(t)]
    assert not sorted({i for i in ids if ids.count(i) > 1})


@tables
def test_rows_inside_their_country(t: Table) -> None:
    outside = []
    for r in _rows(t):
        shape = country_shape(r["country"])
        assert shape is not None, r["country"]
        lat, lon = _point(r)
        if not shape.buffer(BORDER_SLACK_DEG).contains(Point(lon, lat)):
            outside.append(r["id"])
    assert not outside


@tables
def test_rows_near_their_admin1(t: Table) -> None:
    """The admin1 column is a first-level name of the index, and the row lies near it."""
    centres = admin1_centres()
    wrong = []
    for r in _rows(t):
        own = centres.get(r["country"], {})
        assert r["admin1"] in own, (r["id"], r["admin1"], sorted(own))
        pt = _point(r)
        nearest = min(own, key=lambda n: km(pt, own[n]))
        if km(pt, own[r["admin1"]]) > km(pt, own[nearest]) + ADMIN1_EXTRA_KM:
            wrong.append((r["id"], r["admin1"], nearest))
    assert not wrong


@tables
def test_no_name_of_another_table_nearby(t: Table) -> None:
    """No row repeats a name (or alias) of another conflict table's row of its country nearby,
    and the table holds no name twice for one place."""
    others: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for o in _other_rows(t):
        for n in _names(o):
            others[(o["country"], n.casefold())].append(_point(o))
    clashes = []
    own: dict[tuple[str, str], tuple[float, float]] = {}
    for r in _rows(t):
        pt = _point(r)
        for n in _names(r):
            key = (r["country"], n.casefold())
            clashes += [(r["id"], n, "other table") for q in others.get(key, [])
                        if km(pt, q) <= SAME_PLACE_KM]
            if key in own and km(own[key], pt) <= 20:
                clashes.append((r["id"], n, "twice"))
            own[key] = pt
    assert not clashes


@tables
def test_table_only_adds_what_the_index_lacks(t: Table, gaz: Gazetteer) -> None:
    """No record of another source bears a row's name within 10 km of the row."""
    assert not index_clashes(gaz, _rows(t), SAME_PLACE_KM)


@pytest.mark.parametrize("t", [t for t in TABLES if t.spellings_new],
                         ids=[i for t, i in zip(TABLES, _IDS, strict=True) if t.spellings_new])
def test_no_spelling_the_index_already_resolves(t: Table, gaz: Gazetteer) -> None:
    """No name or alias of a row, given with its country, already reaches another source's
    record within 10 km (the row would only duplicate it)."""
    dupes = []
    for r in _rows(t):
        for n in _names(r):
            p = gaz.lookup(n, country=r["country"]).place
            if (p is not None and not p.id.startswith(f"curated:conflict_places:{t.prefix}")
                    and km(_point(r), (p.lat, p.lon)) <= SAME_PLACE_KM):
                dupes.append((r["id"], n, p.id))
    assert not dupes


@tables
def test_rows_resolve_with_their_country(t: Table, gaz: Gazetteer) -> None:
    """Each name given with its country reaches its row or a place within 10 km; a namesake
    with people, or a namesake row, may win a bare lookup (rows have population 0 by design),
    nothing else."""
    assert not far_lookups(gaz, _rows(t), SAME_PLACE_KM)


@tables
def test_no_name_of_a_large_city_abroad(t: Table, gaz: Gazetteer) -> None:
    """A row's names are no close name of a city of 100,000+ people in another country (such a
    name would become taggable and the city abroad would take it): such rows are left out."""
    clashes = []
    for r in _rows(t):
        for n in _names(r):
            clashes += [(r["id"], n, p.name) for p in gaz.candidates(n)
                        if p.country != r["country"] and p.population >= 100_000
                        and p.score >= 0.7]
    assert not clashes


def _row(rid: str) -> dict[str, str]:
    for t in TABLES:
        for r in _read(t.file):
            if r["id"] == rid:
                return r
    raise KeyError(rid)


# Spellings of the press other than a row's own (an izafe or Qala variant, an article, a doubled
# or single consonant, -eh, a French or Russian form) that must find it.
@pytest.mark.parametrize(("rid", "spelling"), [
    ("dist-af-chahar-asiab", "Char Asiab"), ("dist-af-qala-i-kah", "Qala-e-Kah"),
    ("dist-af-dara-i-nur", "Dara-e Nur"),
    ("lev-sy-muadamiyat-al-sham", "Moadamiyeh"), ("lev-sy-kafr-battikh", "Kafr Batikh"),
    ("lev-sy-al-suwar", "as-Suwar"), ("lev-iq-karamlesh", "Karemlash"),
    ("lev-iq-telskuf", "Tesqopa"),
    ("more-sd-kereinik", "Kreinik"), ("more-sd-saraf-omra", "Saraf Umra"),
    ("more-sd-kamlin", "El Kamlin"), ("more-sd-mulazmin", "Al Mulazimin"),
    ("more-ly-tawergha", "Tawargha"), ("more-ly-garyounis", "Qar Yunis"),
    ("more-ua-maksymilianivka", "Maksimilyanovka"), ("more-ye-seiyun", "Sayun"),
    ("aas-cd-masisi", "Masisi-Centre"), ("aas-cd-chanzu", "Tshanzu"),
    ("aas-so-warshiikh", "Warsheikh"), ("aas-so-guriceel", "Guriel"),
    ("aas-ml-boulkessi", "Boulikessi"), ("aas-mm-tabayin", "Depayin"),
    ("aas-ht-simon-pele", "Simon Pele"),
])
def test_a_press_spelling_reaches_its_row(gaz: Gazetteer, rid: str, spelling: str) -> None:
    row = _row(rid)
    res = gaz.lookup(spelling, country=row["country"])
    assert res.place is not None, spelling
    assert km(_point(row), (res.place.lat, res.place.lon)) <= SAME_PLACE_KM, spelling


# Sentences written for these tests (invented wording), each naming a place of a table.
@pytest.mark.parametrize(("text", "date", "rid", "actor"), [
    ("Insurgents overran the district of Chahar Dara on Monday, a council member said.",
     "2016-06-10", "dist-af-chahar-dara", "TALIBAN"),
    ("Government troops recaptured the district of Bala Buluk from the Taliban on Friday.",
     "2016-06-10", "dist-af-bala-buluk", "AFGHAN_GOV"),
    ("The Taliban captured the district centre of Shirin Tagab on Tuesday, officials said.",
     "2016-06-10", "dist-af-shirin-tagab", "TALIBAN"),
    ("Iraqi troops and Kurdish fighters retook Jalawla from Islamic State militants on Sunday.",
     "2016-06-10", "dist-iq-jalawla", "IRAQI_GOV"),
    ("Rebel fighters overran Kafr Naya on Tuesday, residents said.",
     "2017-03-01", "lev-sy-kafr-naya", "REBELS"),
    ("Government forces recaptured Zamalka from the rebels on Sunday, state television said.",
     "2017-03-01", "lev-sy-zamalka", "SAA"),
    ("The Syrian Democratic Forces captured Al-Suwar from Islamic State militants on Monday.",
     "2017-03-01", "lev-sy-al-suwar", "SDF"),
    ("Iraqi troops retook Karamlesh from Islamic State militants on Friday, a commander said.",
     "2017-03-01", "lev-iq-karamlesh", "IRAQI_GOV"),
    ("Rapid Support Forces fighters overran Saraf Omra on Tuesday after a week of shelling, "
     "residents said.", "2024-03-14", "more-sd-saraf-omra", "RSF"),
    ("Sudanese troops recaptured Al Kamlin from the RSF on Sunday, residents said.",
     "2024-03-14", "more-sd-kamlin", "SAF"),
    ("Government of National Accord forces pushed Haftar's fighters out of Khallet al-Furjan "
     "on Saturday, residents said.", "2024-03-14", "more-ly-khallet-al-furjan", "GNA"),
    ("M23 rebels seized the town of Masisi on Saturday after the army pulled back, residents "
     "said.", "2024-03-14", "aas-cd-masisi", "M23"),
    ("Congolese troops recaptured Mweso from the M23 on Thursday, a local official said.",
     "2024-03-14", "aas-cd-mweso", "FARDC"),
    ("Al-Shabaab fighters took over Warsheikh on Monday hours after government soldiers left "
     "their positions, elders said.", "2024-03-14", "aas-so-warshiikh", "SHABAAB"),
    ("Mozambican troops recaptured Awasse from the insurgents on Wednesday, residents said.",
     "2024-03-14", "aas-mz-awasse", "FADM"),
])
def test_control_change_lands_on_the_row(text: str, date: str, rid: str, actor: str) -> None:
    ev = geomap.extract(text, date=date)
    changes = ev[ev["kind"] == "control_change"]
    assert len(changes) == 1, ev[["place", "kind", "actor"]]
    got = changes.iloc[0]
    assert got["actor"] == actor
    assert km(_point(_row(rid)), (float(got["latitude"]), float(got["longitude"]))) \
        <= SAME_PLACE_KM
