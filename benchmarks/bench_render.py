"""Render benchmark: geomap's one-payload canvas map vs. plain folium, in the same run.

Measures, for N synthetic events (default 100,000):

* build: seconds to make the map and its HTML from built layers (``render`` + ``to_html``);
  the layers' own time (zones, fronts) is printed apart;
* size: bytes of HTML per event;
* open: milliseconds until the page is ready in headless Chromium (network blocked).

Baselines, measured here too: one folium ``CircleMarker`` with a popup per event (on a subset,
reported per event because 100,000 of them take minutes) and one folium ``GeoJson`` layer with
all events and a popup.

Usage::

    python benchmarks/bench_render.py [-n 100000] [--baseline-n 5000] [--no-browser]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

_TEMPLATES = (
    "{a} forces said they had taken {p} after heavy fighting on {d}, local officials reported.",
    "Residents of {p} said {a} fighters entered the town early on {d}; the claim was not verified.",
    "{a} announced control of {p} and its surroundings on {d}, according to a statement.",
    "Clashes continued near {p} on {d} as {a} units pushed into the eastern districts.",
)
_ACTORS = ("NORTH", "SOUTH", "EAST", "WEST", "MILITIA")


def synthetic_events(n: int, seed: int = 7) -> Any:
    """``n`` control events over ``n // 20`` places in a 10 x 8 degree box, seeded."""
    from geomap.schema import events_frame

    rng = random.Random(seed)
    n_places = max(n // 20, 1)
    places = [(f"Town {i:05d}", 28 + rng.random() * 8, 10 + rng.random() * 10)
              for i in range(n_places)]
    records = []
    for _ in range(n):
        name, lat, lon = places[rng.randrange(n_places)]
        actor = rng.choice(_ACTORS)
        day = f"2021-{1 + rng.randrange(12):02d}-{1 + rng.randrange(28):02d}"
        claimed = rng.random() < 0.15
        records.append({
            "kind": "claimed_control" if claimed else "control_change",
            "confirmed": not claimed, "confidence": round(0.5 + rng.random() / 2, 2),
            "place": name, "location": name, "country": "XX", "latitude": lat,
            "longitude": lon, "geo_precision": "town", "actor": actor,
            "previous_actor": rng.choice(_ACTORS), "event_date": day,
            "date_precision": "day" if rng.random() < 0.9 else "before",
            "evidence": rng.choice(_TEMPLATES).format(a=actor, p=name, d=day),
            "source": f"https://news.example.org/2021/{rng.randrange(5000)}",
        })
    return events_frame(records)


def _open_ms(html_path: Path, timeout: float = 120.0) -> tuple[float, float]:
    """Milliseconds until the page is ready (geomap: its ready flag; folium: load event).

    Returns (first open in a fresh browser, second open in the same browser).
    """
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from geomap.render._chrome import chrome

    times: list[float] = []
    with chrome(width=1200, height=800, offline=True) as driver:
        driver.set_page_load_timeout(timeout)
        for _ in range(2):
            driver.get(html_path.resolve().as_uri())
            deadline = time.monotonic() + timeout
            while True:
                done = driver.execute_script(
                    "if (window.GeomapApp) return window.geomapReady === true ?"
                    " window.geomapReadyMs : null;"
                    " return document.readyState === 'complete' ? performance.now() : null;")
                if done is not None:
                    # performance.now() counts from navigation start, like a user's wait
                    times.append(float(done))
                    break
                if time.monotonic() > deadline:
                    times.append(float("nan"))
                    break
                time.sleep(0.01)
    return times[0], times[1]


def _layers(events: Any) -> tuple[Any, float]:
    """The layers engineer's Layers with zones and fronts computed, and the seconds it took."""
    try:
        from geomap.layers import build_layers
    except ImportError:
        return events, float("nan")
    t = time.perf_counter()
    layers = build_layers(events)
    for name in ("places", "zones", "fronts", "routes", "objectives"):
        getattr(layers, name, None)  # materialise lazily computed tables
    return layers, time.perf_counter() - t


def bench_geomap(events: Any, tmp: Path, browser: bool) -> dict[str, float]:
    import geomap

    geomap.render(events.head(50)).to_html()  # warm caches (basemap, assets, templates)
    layers, layers_s = _layers(events)
    t, cpu = time.perf_counter(), time.process_time()
    m = geomap.render(layers, title="benchmark")
    html = m.to_html()
    build = time.perf_counter() - t
    build_cpu = time.process_time() - cpu  # less sensitive to other load on the machine
    path = tmp / "geomap.html"
    path.write_text(html, encoding="utf-8")
    out = {"build_s": build, "bytes_per_event": len(html.encode()) / len(events),
           "bytes": len(html.encode()), "layers_s": layers_s, "build_cpu_s": build_cpu}
    out["open_ms"], out["open2_ms"] = _open_ms(path) if browser else (float("nan"),) * 2
    return out


def bench_folium_markers(events: Any, tmp: Path, browser: bool) -> dict[str, float]:
    import folium

    t = time.perf_counter()
    m = folium.Map(location=[32, 15], zoom_start=6, tiles=None)
    for rec in events.itertuples():
        folium.CircleMarker(
            [rec.latitude, rec.longitude], radius=5, color="#333", fill=True,
            popup=folium.Popup(f"{rec.location}: {rec.actor} {rec.event_date}<br>{rec.evidence}"),
        ).add_to(m)
    html = m.get_root().render()
    build = time.perf_counter() - t
    path = tmp / "folium_markers.html"
    path.write_text(html, encoding="utf-8")
    n = len(events)
    out = {"build_s": build, "ms_per_event": build / n * 1000,
           "bytes_per_event": len(html.encode()) / n}
    out["open_ms"], out["open2_ms"] = _open_ms(path) if browser else (float("nan"),) * 2
    return out


def bench_folium_geojson(events: Any, tmp: Path, browser: bool) -> dict[str, float]:
    import folium

    t = time.perf_counter()
    m = folium.Map(location=[32, 15], zoom_start=6, tiles=None)
    cols = ["location", "actor", "event_date", "evidence", "source", "geometry"]
    folium.GeoJson(events[cols], popup=folium.GeoJsonPopup(fields=cols[:-1])).add_to(m)
    html = m.get_root().render()
    build = time.perf_counter() - t
    path = tmp / "folium_geojson.html"
    path.write_text(html, encoding="utf-8")
    out = {"build_s": build, "bytes_per_event": len(html.encode()) / len(events)}
    out["open_ms"], out["open2_ms"] = _open_ms(path) if browser else (float("nan"),) * 2
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=100_000, help="events (default 100,000)")
    parser.add_argument("--baseline-n", type=int, default=5_000,
                        help="events for the per-marker folium baseline (default 5,000)")
    parser.add_argument("--no-browser", action="store_true", help="skip page-open timings")
    parser.add_argument("--no-geojson", action="store_true", help="skip the GeoJson baseline")
    args = parser.parse_args(argv)
    browser = not args.no_browser
    events = synthetic_events(args.n)
    print(f"{len(events):,} synthetic events, {events['location'].nunique():,} places; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory(prefix="geomap-bench-") as tmpdir:
        tmp = Path(tmpdir)
        ours = bench_geomap(events, tmp, browser)
        print(f"layers (build_layers + zones + fronts, not the renderer): {ours['layers_s']:.2f} s")
        print(f"geomap   (one payload, canvas): build {ours['build_s']:.2f} s"
              f" ({ours['build_cpu_s']:.2f} s CPU), "
              f"{ours['bytes_per_event']:.1f} B/event ({ours['bytes'] / 1e6:.1f} MB), "
              f"ready {ours['open_ms']:.0f} ms (fresh browser) / {ours['open2_ms']:.0f} ms (again)"
              f"   targets: <= 2 s, <= 60 B/event, <= 1000 ms")
        sub = events.head(min(args.baseline_n, len(events)))
        base = bench_folium_markers(sub, tmp, browser)
        print(f"folium CircleMarker per event ({len(sub):,}): {base['ms_per_event']:.2f} ms/event,"
              f" {base['bytes_per_event']:.0f} B/event, ready {base['open_ms']:.0f}"
              f" / {base['open2_ms']:.0f} ms"
              f" -> at {len(events):,}: ~{base['ms_per_event'] * len(events) / 1000:.0f} s build")
        if not args.no_geojson:
            gj = bench_folium_geojson(events, tmp, browser)
            print(f"folium GeoJson layer ({len(events):,}): build {gj['build_s']:.2f} s, "
                  f"{gj['bytes_per_event']:.0f} B/event, ready {gj['open_ms']:.0f}"
                  f" / {gj['open2_ms']:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
