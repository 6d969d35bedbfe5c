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
import contextlib
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
    with contextlib.suppress(OSError):
        Path(f"/proc/{os.getpid()}/clear_refs").write_text("5")


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


def _clock() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def run_geomap(events: gpd.GeoDataFrame, at: str) -> dict[str, Any]:
    """Time each stage: wall clock and this process's CPU time (robust to a busy machine)."""
    from geomap.layers import build_layers

    w0, c0 = _clock()
    marks: dict[str, tuple[float, float]] = {}

    def mark(name: str) -> None:
        w, c = _clock()
        marks[name] = (w - w0, c - c0)

    layers = build_layers(events)
    mark("build")
    places = layers.places
    intervals = layers.intervals
    state = layers.control_at(at)
    mark("core")
    changes = layers.changes
    mark("tables")
    zones = layers.zones
    fronts = layers.fronts
    zones_at = layers.zones_at(at)
    mark("all")
    return {"marks": marks, "places": len(places),
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
    import geomap.gazetteer.boundaries as boundaries

    boundaries.countries()  # warm the boundary cache: not part of the measurement
    gc.collect()
    base_rss = _rss_mib()
    _reset_peak()
    ours = run_geomap(events, args.at)
    peak = _peak_mib()
    m = ours["marks"]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"geomap (wall / CPU seconds; load average {load:.1f} on {os.cpu_count()} CPUs):")
    print(f"  build_layers                         {m['build'][0]:6.2f} / {m['build'][1]:6.2f}")
    print(f"  + places, intervals, control_at      {m['core'][0]:6.2f} / {m['core'][1]:6.2f}")
    print(f"  + changes (sorted copy of 1M rows)   {m['tables'][0]:6.2f} / {m['tables'][1]:6.2f}")
    print(f"  + zones, fronts (2 dates)            {m['all'][0]:6.2f} / {m['all'][1]:6.2f}")
    print(f"  peak RSS {peak:.0f} MiB (input frame and interpreter: {base_rss:.0f} MiB); "
          f"{ours['places']} places, {ours['intervals']:,} intervals, held {ours['held']}, "
          f"contested {ours['contested']}, {ours['changes']:,} changes, {ours['zones']} zones, "
          f"{ours['fronts']} fronts")
    ok_time = m["all"][1] <= 10.0
    ok_mem = peak <= 2048.0
    print("  target <= 10 s (CPU time of everything above ~ wall time on an idle machine): "
          f"{'OK' if ok_time else 'MISSED'}; <= 2 GiB: "
          f"{'OK' if ok_mem else 'MISSED'}")
    if args.no_baseline:
        return
    gc.collect()
    _reset_peak()
    w0, c0 = _clock()
    intervals, state = naive_baseline(events, args.at)
    w1, c1 = _clock()
    print(f"naive pandas groupby.apply baseline (intervals + state on one date): "
          f"{w1 - w0:.2f} / {c1 - c0:.2f} s wall / CPU, peak RSS {_peak_mib():.0f} MiB; "
          f"{len(intervals):,} intervals, {len(state)} held")
    print(f"ratio baseline / geomap (build + places + intervals + control_at): "
          f"{(w1 - w0) / m['core'][0]:.1f}x wall, {(c1 - c0) / m['core'][1]:.1f}x CPU")


if __name__ == "__main__":
    main()
