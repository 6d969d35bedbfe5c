"""Benchmark: ``build_layers`` on 1,000,000 synthetic events across 5,000 places.

Prints the time and peak memory of geomap's vectorised layers and of a naive pandas baseline
(``sort_values`` + ``groupby().apply`` walking each place's rows in Python) that computes the
same intervals and state on one date, measured in the same run, and their ratio.

Usage::

    python benchmarks/bench_layers.py [--events 1000000] [--places 5000] [--no-baseline]

Targets (issue #6): <= 10 s and <= 2 GiB for 1M events / 5,000 places.
"""

from __future__ import annotations

import argparse
import gc
import os
import time
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

COUNTRIES = {"LY": (13.0, 32.5), "SY": (37.0, 35.0), "UA": (33.0, 48.5), "ML": (-4.0, 14.0),
             "YE": (45.0, 15.0)}
ACTORS = np.array(["A1", "A2", "A3", "A4", "A5", "A6"], dtype=object)


def synthetic_events(n_events: int, n_places: int, seed: int = 42) -> gpd.GeoDataFrame:
    """Events with the schema's columns, built column-wise (no per-row Python)."""
    rng = np.random.default_rng(seed)
    codes = np.array(list(COUNTRIES), dtype=object)
    p_country = codes[np.arange(n_places) % len(codes)]
    centre = np.array([COUNTRIES[c] for c in p_country])
    p_lon = centre[:, 0] + rng.uniform(-1.5, 1.5, n_places)
    p_lat = centre[:, 1] + rng.uniform(-1.0, 1.0, n_places)
    p_id = np.array([f"bench:{i}" for i in range(n_places)], dtype=object)
    p_name = np.array([f"Place {i}" for i in range(n_places)], dtype=object)
    days = pd.date_range("2019-01-01", "2021-12-31", freq="D").strftime("%Y-%m-%d").to_numpy(
        dtype=object)

    place = rng.integers(0, n_places, n_events)
    actor = ACTORS[rng.integers(0, len(ACTORS), n_events)]
    previous = ACTORS[rng.integers(0, len(ACTORS), n_events)]
    previous[rng.random(n_events) < 0.3] = ""
    kind = np.where(rng.random(n_events) < 0.85, "control_change",
                    np.where(rng.random(n_events) < 0.66, "claimed_control", "contested"))
    precision = np.where(rng.random(n_events) < 0.9, "day",
                         np.where(rng.random(n_events) < 0.5, "month", "before"))
    frame = pd.DataFrame({
        "event_id": pd.Series(np.arange(n_events)).map("ev-{:08d}".format).to_numpy(dtype=object),
        "event_date": days[rng.integers(0, len(days), n_events)],
        "date_precision": precision.astype(object),
        "kind": kind.astype(object),
        "actor": actor,
        "previous_actor": previous,
        "confirmed": rng.random(n_events) < 0.9,
        "confidence": rng.random(n_events).round(2),
        "place": p_name[place],
        "location": p_name[place],
        "country": p_country[place],
        "latitude": p_lat[place],
        "longitude": p_lon[place],
        "geo_precision": "town",
        "gazetteer_id": p_id[place],
        "evidence": "synthetic sentence",
        "source": "bench",
    })
    geometry = shapely.points(frame["longitude"].to_numpy(), frame["latitude"].to_numpy())
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(geometry, crs="EPSG:4326"),
                            crs="EPSG:4326")


def _reset_peak() -> None:
    # Linux: writing 5 to clear_refs resets the peak resident set size (VmHWM).
    try:
        Path(f"/proc/{os.getpid()}/clear_refs").write_text("5")
    except OSError:
        pass


def _peak_mib() -> float:
    try:
        for line in Path(f"/proc/{os.getpid()}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _rss_mib() -> float:
    for line in Path(f"/proc/{os.getpid()}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024.0
    return float("nan")


def naive_baseline(events: pd.DataFrame, at: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Intervals and the state on ``at`` with sort_values + groupby.apply (per-row Python)."""
    confirmed = events[(events["kind"] == "control_change") & events["confirmed"]]
    df = confirmed[["gazetteer_id", "event_date", "actor", "previous_actor"]].sort_values(
        ["gazetteer_id", "event_date"], kind="stable")

    def per_place(group: pd.DataFrame) -> pd.DataFrame:
        rows: list[tuple[str, str, str]] = []
        first = True
        for rec in group.itertuples(index=False):
            if first and rec.previous_actor and rec.previous_actor != rec.actor:
                rows.append((rec.previous_actor, "", rec.event_date))
            first = False
            if rows and rows[-1][0] == rec.actor:
                continue
            if rows and rows[-1][2] == "":
                rows[-1] = (rows[-1][0], rows[-1][1], rec.event_date)
            rows.append((rec.actor, rec.event_date, ""))
        return pd.DataFrame(rows, columns=["actor", "valid_from", "valid_to"])

    intervals = df.groupby("gazetteer_id", sort=True).apply(per_place, include_groups=False)
    intervals = intervals.reset_index(level=0)
    live = intervals[(intervals["valid_from"] <= at)
                     & ((intervals["valid_to"] == "") | (intervals["valid_to"] > at))]
    state = live.groupby("gazetteer_id")["actor"].last()
    return intervals, state.to_frame()


def run_geomap(events: gpd.GeoDataFrame, at: str) -> dict[str, Any]:
    from geomap.layers import build_layers

    t0 = time.perf_counter()
    layers = build_layers(events)
    t_build = time.perf_counter() - t0
    places = layers.places
    intervals = layers.intervals
    state = layers.control_at(at)
    t_core = time.perf_counter() - t0
    changes = layers.changes
    zones = layers.zones
    fronts = layers.fronts
    zones_at = layers.zones_at(at)
    t_all = time.perf_counter() - t0
    return {"build": t_build, "core": t_core, "all": t_all, "places": len(places),
            "intervals": len(intervals), "held": int((state["status"] == "held").sum()),
            "contested": int((state["status"] == "contested").sum()), "changes": len(changes),
            "zones": len(zones), "fronts": len(fronts), "zones_at": len(zones_at)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--places", type=int, default=5000)
    parser.add_argument("--at", default="2020-07-01")
    parser.add_argument("--no-baseline", action="store_true")
    args = parser.parse_args()

    t0 = time.perf_counter()
    events = synthetic_events(args.events, args.places)
    print(f"synthetic: {len(events):,} events, {args.places:,} places "
          f"({time.perf_counter() - t0:.1f} s to make)")
    import geomap.boundaries as boundaries

    boundaries.countries()  # warm the boundary cache: not part of the measurement
    gc.collect()
    base_rss = _rss_mib()
    _reset_peak()
    ours = run_geomap(events, args.at)
    peak = _peak_mib()
    print(f"geomap build_layers: build {ours['build']:.2f} s; build + places + intervals + "
          f"control_at {ours['core']:.2f} s; + changes, zones, fronts, zones_at "
          f"{ours['all']:.2f} s")
    print(f"  peak RSS {peak:.0f} MiB (input frame and interpreter: {base_rss:.0f} MiB); "
          f"{ours['places']} places, {ours['intervals']:,} intervals, held {ours['held']}, "
          f"contested {ours['contested']}, {ours['changes']:,} changes, {ours['zones']} zones, "
          f"{ours['fronts']} fronts")
    ok_time = ours["all"] <= 10.0
    ok_mem = peak <= 2048.0
    print(f"  target <= 10 s: {'OK' if ok_time else 'MISSED'}; <= 2 GiB: "
          f"{'OK' if ok_mem else 'MISSED'}")
    if args.no_baseline:
        return
    gc.collect()
    _reset_peak()
    t0 = time.perf_counter()
    intervals, state = naive_baseline(events, args.at)
    t_naive = time.perf_counter() - t0
    print(f"naive pandas groupby.apply baseline (intervals + state on one date): {t_naive:.2f} s,"
          f" peak RSS {_peak_mib():.0f} MiB; {len(intervals):,} intervals, {len(state)} held")
    print(f"ratio (baseline / geomap core): {t_naive / ours['core']:.1f}x; "
          f"(baseline / geomap all layers): {t_naive / ours['all']:.1f}x")


if __name__ == "__main__":
    main()
