"""Gazetteer coverage of places named in real war reporting, each given with its country.

For each truth item (``place``, ``lat``, ``lon``) of the real-news sets, the place name is
resolved as a user of ``geomap geocode NAME --country CC`` would: the name without its
parenthesised part first, then each alternative inside the parentheses ("Hseni (Hsenwi)",
"Madaghis (Madagiz, Sugovushan)") until one resolves, with the conflict's country (actor
set), the one holding the truth point first, then the country the point lies in.

Printed per set: resolved within 25 km / wrong place / unresolved, and how many resolve
within 25 km by the main name alone (no alternative tried), then every failure with the
index's nearest town to the truth point (none within 10 km: a gap of the data, which no
spelling rule can close).

Sets: ``shared`` (``../shared/data/real-news/dataset.jsonl``), ``dev-b`` .. ``dev-e``
(``tests/data/real-news/dev-*.jsonl``). ``blind`` exists but is frozen: only its counts are
printed, and it is to be run only at the start and end of a piece of work.

    .venv/bin/python benchmarks/truth_places.py [--sets shared,dev-b,dev-c,dev-d,dev-e] [--km 25]
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import yaml

from geomap.gazetteer import Gazetteer, Mention
from geomap.gazetteer._normalize import key, split_feature

ROOT = Path(__file__).resolve().parent.parent
SETS = {
    "shared": ROOT.parent / "shared" / "data" / "real-news" / "dataset.jsonl",
    "dev-b": ROOT / "tests" / "data" / "real-news" / "dev-b.jsonl",
    "dev-c": ROOT / "tests" / "data" / "real-news" / "dev-c.jsonl",
    "dev-d": ROOT / "tests" / "data" / "real-news" / "dev-d.jsonl",
    "dev-e": ROOT / "tests" / "data" / "real-news" / "dev-e.jsonl",
    "blind": ROOT / "tests" / "data" / "real-news" / "blind.jsonl",
    "blind-b": ROOT / "tests" / "data" / "real-news" / "blind-b.jsonl",
}
FROZEN = {"blind", "blind-b"}
#: Conflict labels of the sets whose name is not an actor-set name.
_CONFLICT_ALIAS = {"ukraine": "russia-ukraine", "karabakh": "nagorno-karabakh", "isis": "iraq"}


def _conflict_countries() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for path in sorted((ROOT / "geomap" / "data" / "actors").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        out[str(data.get("set", path.stem))] = [str(c) for c in data.get("countries", [])]
    return out


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


def names_to_try(place: str) -> list[str]:
    """The name without its parenthesised part, then each alternative given inside it."""
    main = re.sub(r"\s*\([^)]*\)", "", place).strip()
    alts = [a.strip() for inner in re.findall(r"\(([^)]*)\)", place) for a in inner.split(",")]
    return [n for n in [main, *alts] if n]


def truth_items(path: Path) -> Iterator[tuple[str, str, float, float]]:
    """``(conflict, place, lat, lon)`` of every truth item of a set."""
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            doc = json.loads(line)
            for t in doc.get("truth", []):
                yield doc.get("conflict", ""), t["place"], float(t["lat"]), float(t["lon"])


def countries_to_try(lat: float, lon: float, conflict: str,
                     table: dict[str, list[str]]) -> list[str | None]:
    """The conflict's countries (the one holding the truth point first), then that country.

    A user names the conflict's country; for a town just over a border ("Sudzha" in a report
    on Ukraine), the country its point lies in (Natural Earth's shapes) comes last.
    """
    from shapely.geometry import Point

    from geomap.gazetteer.boundaries import countries

    frame = countries()
    hit = frame[frame.geometry.contains(Point(lon, lat))]
    here = str(hit.iloc[0]["iso_a2"]) if len(hit) else None
    listed = table.get(_CONFLICT_ALIAS.get(conflict, conflict), [])
    if conflict == "isis":
        listed = ["IQ", "SY"]
    order: list[str | None] = [here] if here in listed else []
    order += [c for c in listed if c != here]
    if here not in listed:
        order.append(here)
    return order or [None]


def resolve(gaz: Gazetteer, name: str, cc: str | None) -> tuple[float, float, str] | None:
    """Resolve one name as ``geomap geocode NAME --country CC`` does."""
    m = Mention(0, 0, name, split_feature(key(name))[1])
    res = gaz.resolve_mentions([m], country=cc, binding=cc is not None)[0]
    if res.place is None:
        return None
    p = res.place
    return p.lat, p.lon, f"{p.name} ({p.country}, {p.feature}, {p.id})"


#: Id prefix of the rows of the curated table of conflict places.
TABLE_ID = "curated:conflict_places:"
#: A failure with no populated place of the index this close is a gap of the data, not of
#: the spelling rules.
_GAP_KM = 10.0


def nearest_town(gaz: Gazetteer, lat: float, lon: float) -> tuple[float, str]:
    """Distance (km) and name of the index's nearest city, town or village to a point."""
    from geomap.gazetteer._sources import FEATURES

    ix = gaz.index
    towns = np.isin(np.asarray(ix.feat), [FEATURES.index(f) for f in ("city", "town", "village")])
    la, lo = np.asarray(ix.lat), np.asarray(ix.lon)
    near = np.flatnonzero(towns & (np.abs(la - lat) < 1.0) & (np.abs(lo - lon) < 1.0))
    if not len(near):
        return math.inf, ""
    d = [_km(lat, lon, float(la[e]), float(lo[e])) for e in near]
    best = int(np.argmin(d))
    return d[best], ix.name(int(near[best]))


def score(gaz: Gazetteer, path: Path, km: float, table: dict[str, list[str]]) -> dict[str, list]:
    """Every distinct truth place of a set sorted into ok / wrong / unresolved."""
    out: dict[str, list] = {"ok": [], "wrong": [], "unresolved": [], "main_ok": [],
                            "main_miss": []}
    seen: set[tuple[str, float, float]] = set()
    for conflict, place, lat, lon in truth_items(path):
        k = (place, round(lat, 3), round(lon, 3))
        if k in seen:
            continue
        seen.add(k)
        got, cc = None, None
        for cc in countries_to_try(lat, lon, conflict, table):
            for name in names_to_try(place):
                got = resolve(gaz, name, cc)
                if got is not None:
                    break
            if got is not None:
                break
        main = names_to_try(place)[0]
        alone = resolve(gaz, main, cc)
        ok_alone = alone is not None and _km(lat, lon, alone[0], alone[1]) <= km
        out["main_ok" if ok_alone else "main_miss"].append((place, cc, alone[2] if alone else ""))
        if got is not None and _km(lat, lon, got[0], got[1]) <= km:
            out["ok"].append((place, cc, got[2]))
            continue
        gap_km, town = nearest_town(gaz, lat, lon)
        why = (f"data gap: no index town within {_GAP_KM:.0f} km" if gap_km > _GAP_KM
               else f"nearest index town {town} at {gap_km:.1f} km")
        if got is None:
            out["unresolved"].append((place, cc, why))
            continue
        d = _km(lat, lon, got[0], got[1])
        out["wrong"].append((place, cc, f"{got[2]} at {d:.0f} km; {why}"))
    return out


def _by_table(ok: list[tuple[str, str | None, str]]) -> int:
    """How many resolutions came from ``conflict_places.csv`` (the curated war-places table)."""
    return sum(TABLE_ID in what for _place, _cc, what in ok)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sets", default="shared,dev-b,dev-c,dev-d,dev-e")
    ap.add_argument("--km", type=float, default=25.0)
    args = ap.parse_args(argv)
    gaz = Gazetteer.default()
    table = _conflict_countries()
    tot = {"ok": 0, "wrong": 0, "unresolved": 0, "main_ok": 0}
    for name in args.sets.split(","):
        path = SETS[name.strip()]
        if not path.exists():
            print(f"{name}: absent")
            continue
        res = score(gaz, path, args.km, table)
        n = sum(len(res[k]) for k in ("ok", "wrong", "unresolved"))
        for k in tot:
            tot[k] += len(res[k])
        print(f"{name}: {len(res['ok'])}/{n} within {args.km:.0f} km, "
              f"{len(res['wrong'])} wrong place, {len(res['unresolved'])} unresolved; "
              f"main name alone {len(res['main_ok'])}/{n}; "
              f"{_by_table(res['ok'])} of the resolved by the conflict-places table")
        if name in FROZEN:
            continue
        for kind in ("wrong", "unresolved"):
            for place, cc, what in res[kind]:
                print(f"  {kind:10s} {place} [{cc}] {what}")
        ok = {p for p, _c, _w in res["ok"]}
        for place, cc, what in res["main_miss"]:
            if place in ok:
                print(f"  alone-miss {place} [{cc}] {what or 'unresolved'}")
        gaps = sum("data gap" in w for k in ("wrong", "unresolved") for _p, _c, w in res[k])
        print(f"  failures with no index town within {_GAP_KM:.0f} km of the truth point: {gaps}")
    n = tot["ok"] + tot["wrong"] + tot["unresolved"]
    print(f"TOTAL: {tot['ok']}/{n} within {args.km:.0f} km, {tot['wrong']} wrong, "
          f"{tot['unresolved']} unresolved; main name alone {tot['main_ok']}/{n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
