"""Corpus throughput and memory: synthetic articles through extract_corpus on each engine.

For each corpus size (default 10,000 and 100,000 articles from benchmarks/synth_corpus.py) and
each configuration (1 job, ``--jobs 2``, Dask LocalCluster with 2 worker processes) this runs
``geomap.extract_corpus(corpus, out=<dataset>)`` end to end (reading, toponyms, gazetteer,
events, partitioned GeoParquet) in a fresh subprocess and reports documents/s, MB of text/s,
MB/s per core, and peak RSS of the whole process tree (sampled every 50 ms, so worker processes
count). It also checks that every configuration produced the same events.

Goal: >= 5 MB of text per second per core; peak RSS < 1.5 GiB and flat from 10k to 100k.

Usage::

    python benchmarks/bench_corpus.py                       # 10k and 100k, all configurations
    python benchmarks/bench_corpus.py --sizes 2000 --configs serial,jobs2
    python benchmarks/bench_corpus.py --profile 500         # cProfile of the serial path
    python benchmarks/bench_corpus.py --ceilings 2000       # MB/s of single regex passes
    python benchmarks/bench_corpus.py --sizes 10000 --baseline fc6182c~1

``--baseline REV`` also runs every configuration on the code of git revision ``REV`` (exported
with ``git archive`` into the work folder and put first on ``PYTHONPATH``), in the same run on
the same corpus, and prints our speed-up over it (wall clock and CPU seconds; the CPU ratio is
the robust one on a shared machine). ``--ours REV`` measures a revision instead of the working
tree; ``--baseline-paths a.py,b.py`` makes the baseline the ``--ours`` tree with only those files
from ``--baseline`` (the effect of those files alone); ``--revert C1,C2`` makes it the ``--ours``
tree with those commits undone (the effect of those commits on today's code).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

CONFIGS: dict[str, dict[str, Any]] = {
    "serial": {"jobs": 1, "engine": "local", "cores": 1},
    "jobs2": {"jobs": 2, "engine": "local", "cores": 2},
    "dask2": {"jobs": 2, "engine": "dask", "cores": 2},
}


def _corpus(workdir: Path, n: int, seed: int) -> Path:
    from synth_corpus import write_corpus

    path = workdir / f"synth-{n}-{seed}.jsonl.gz"
    if not path.exists():
        t0 = time.perf_counter()
        write_corpus(path, n, seed=seed)
        print(f"generated {path} in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return path


class _RssSampler(threading.Thread):
    """Peak resident memory and CPU seconds of this process plus all its descendants.

    CPU time (user + system, last value seen per process) measures the work done even when
    other jobs share the machine, where wall-clock rates are noisy.
    """

    def __init__(self, interval: float = 0.05) -> None:
        super().__init__(daemon=True)
        import psutil

        self._proc = psutil.Process()
        self._interval = interval
        self._stop_event = threading.Event()
        self.peak = 0
        self.peak_single = 0
        self.cpu: dict[int, float] = {}

    def run(self) -> None:
        import psutil

        while not self._stop_event.is_set():
            total, single = 0, 0
            try:
                procs = [self._proc, *self._proc.children(recursive=True)]
            except psutil.Error:
                procs = [self._proc]
            for p in procs:
                try:
                    rss = p.memory_info().rss
                    times = p.cpu_times()
                except psutil.Error:
                    continue
                self.cpu[p.pid] = times.user + times.system
                total += rss
                single = max(single, rss)
            self.peak = max(self.peak, total)
            self.peak_single = max(self.peak_single, single)
            self._stop_event.wait(self._interval)

    def stop(self) -> None:
        self._stop_event.set()
        self.join()
        self.sample_self()

    def sample_self(self) -> None:
        times = self._proc.cpu_times()
        self.cpu[self._proc.pid] = times.user + times.system

    @property
    def cpu_seconds(self) -> float:
        return sum(self.cpu.values())


def run_one(config: str, corpus: Path, out: Path) -> dict[str, Any]:
    """Run one configuration in this process (called in a fresh subprocess)."""
    import geomap

    spec = CONFIGS[config]
    sampler = _RssSampler()
    sampler.sample_self()
    cpu0 = sampler.cpu_seconds  # imports before the run are not part of it
    sampler.start()
    t0 = time.perf_counter()
    if spec["engine"] == "dask":
        from distributed import Client, LocalCluster

        with LocalCluster(n_workers=spec["jobs"], threads_per_worker=1, processes=True,
                          dashboard_address=None) as cluster, Client(cluster) as client:
            t_ready = time.perf_counter()
            result = geomap.extract_corpus(corpus, out=out, engine="dask", scheduler=client,
                                           progress=False)
    else:
        t_ready = time.perf_counter()
        result = geomap.extract_corpus(corpus, out=out, jobs=spec["jobs"], progress=False)
    wall = time.perf_counter() - t0
    sampler.stop()
    report = result.report
    mb = report.text_bytes / 1e6
    return {
        "config": config,
        "documents": report.documents,
        "text_mb": round(mb, 1),
        "events": report.events,
        "unresolved": report.n_unresolved,
        "failures": len(report.failures),
        "startup_s": round(t_ready - t0, 2),
        "seconds": round(wall, 2),
        "docs_per_s": round(report.documents / wall, 1),
        "mb_per_s": round(mb / wall, 3),
        "mb_per_s_per_core": round(mb / wall / spec["cores"], 3),
        "cpu_s": round(sampler.cpu_seconds - cpu0, 1),
        "mb_per_cpu_s": round(mb / max(1e-9, sampler.cpu_seconds - cpu0), 3),
        "peak_rss_mib_tree": round(sampler.peak / 2**20),
        "peak_rss_mib_largest_process": round(sampler.peak_single / 2**20),
    }


def _export_tree(workdir: Path, rev: str, *, base: Path | None = None,
                 paths: tuple[str, ...] = ()) -> Path:
    """The ``geomap`` package at git revision ``rev``, exported once into ``workdir``.

    With ``base`` and ``paths``: a copy of the exported tree ``base`` in which only ``paths``
    come from ``rev`` (what those files alone change).
    """
    root = HERE.parent
    sha = subprocess.run(["git", "-C", str(root), "rev-parse", "--short=12", rev],
                         capture_output=True, text=True, check=True).stdout.strip()
    name = f"tree-{sha}" if base is None else f"{base.name}-with-{sha}-{len(paths)}"
    tree = workdir / name
    if not (tree / "geomap" / "__init__.py").exists():
        shutil.rmtree(tree, ignore_errors=True)
        if base is None:
            tree.mkdir(parents=True)
            archive = subprocess.run(["git", "-C", str(root), "archive", sha, "geomap"],
                                     capture_output=True, check=True).stdout
            subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
        else:
            shutil.copytree(base, tree)
            for path in paths:
                text = subprocess.run(["git", "-C", str(root), "show", f"{sha}:{path}"],
                                      capture_output=True, check=True).stdout
                (tree / path).write_bytes(text)
    return tree


def _reverted_tree(workdir: Path, base: Path, commits: tuple[str, ...]) -> Path:
    """A copy of the exported tree ``base`` with ``commits`` undone (their own diffs only)."""
    root = HERE.parent
    shas = [subprocess.run(["git", "-C", str(root), "rev-parse", "--short=12", c],
                           capture_output=True, text=True, check=True).stdout.strip()
            for c in commits]
    tree = workdir / f"{base.name}-minus-{'-'.join(s[:7] for s in shas)}"
    if not (tree / "geomap" / "__init__.py").exists():
        shutil.rmtree(tree, ignore_errors=True)
        shutil.copytree(base, tree)
        for sha in reversed(shas):  # newest first
            diff = subprocess.run(["git", "-C", str(root), "show", "--format=", sha, "--",
                                   "geomap"], capture_output=True, check=True).stdout
            subprocess.run(["patch", "-R", "-p1", "-s", "-d", str(tree)], input=diff,
                           check=True)
    return tree


def _warm(tree: Path | None) -> None:
    """Build (or open) the gazetteer index of a tree before timing anything."""
    env = dict(os.environ)
    if tree is not None:
        env["PYTHONPATH"] = str(tree)
    subprocess.run([sys.executable, "-c", "from geomap.gazetteer import Gazetteer; "
                    "Gazetteer.default()"], check=True, env=env, cwd="/")


def _run_config(config: str, corpus: Path, out: Path, pythonpath: Path | None) -> dict[str, Any]:
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    if pythonpath is not None:
        env["PYTHONPATH"] = os.pathsep.join(
            [str(pythonpath)] + [p for p in [os.environ.get("PYTHONPATH", "")] if p])
    # Run outside the repository: worker processes put the current folder on sys.path, which
    # would otherwise import the working tree's geomap instead of the baseline's.
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--run", config, "--corpus",
         str(corpus.resolve()), "--out", str(out.resolve())],
        capture_output=True, text=True, env=env, cwd=str(out.resolve().parent),
    )
    if proc.returncode != 0:
        print(proc.stderr[-3000:], file=sys.stderr)
        raise SystemExit(f"{config} failed on {corpus.name}")
    row: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return row


def _events_digest(out: Path) -> str:
    import hashlib

    from geomap.corpus.engine import read_corpus_events, sort_events

    events = sort_events(read_corpus_events(out)).drop(columns="geometry")
    return hashlib.sha1(events.to_csv(index=False).encode("utf-8")).hexdigest()[:12]


def profile(corpus: Path, n: int) -> str:
    """cProfile of the serial path over the first ``n`` documents: top functions."""
    import itertools

    from geomap.corpus.pool import Settings, extract_chunk
    from geomap.sources.documents import iter_documents

    docs = list(itertools.islice(iter_documents([corpus]), n))
    extract_chunk(docs[:2], Settings())  # load the gazetteer outside the profile
    prof = cProfile.Profile()
    t0 = time.perf_counter()
    prof.enable()
    extract_chunk(docs, Settings())
    prof.disable()
    wall = time.perf_counter() - t0
    mb = sum(len(d.text.encode("utf-8")) for d in docs) / 1e6
    buf = io.StringIO()
    buf.write(f"{n} docs, {mb:.2f} MB in {wall:.2f} s = {mb / wall:.3f} MB/s (profiled)\n")
    stats = pstats.Stats(prof, stream=buf)
    stats.sort_stats("tottime").print_stats(25)
    stats.sort_stats("cumulative").print_stats(40)
    return buf.getvalue()


def ceilings(corpus: Path, n: int) -> str:
    """MB of text per CPU-second of single passes the pipeline makes over every document.

    Each pass alone bounds the end-to-end rate: a target above the slowest pass cannot be met
    without replacing that pass (e.g. by compiled matching).
    """
    import itertools

    from geomap.extract.patterns import TRIGGER_RE, find_triggers
    from geomap.extract.sentences import split_sentences
    from geomap.gazetteer.toponyms import _TOKEN
    from geomap.sources.documents import iter_documents

    texts = [d.text for d in itertools.islice(iter_documents([corpus]), n)]
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    passes: dict[str, Any] = {
        "str.encode (baseline: touch every byte)": lambda t: t.encode("utf-8"),
        "tokens (tagger's word regex, matches only)": lambda t: sum(1 for _ in
                                                                 _TOKEN.finditer(t)),
        "sentences": split_sentences,
        "triggers (event verb regex, plain re)": lambda t: sum(1 for _ in
                                                            TRIGGER_RE.finditer(t)),
        "triggers (as extraction runs it: prefiltered)": find_triggers,
    }
    lines = [f"{n} docs, {mb:.2f} MB: single-pass ceilings (MB per CPU-second)"]
    for name, fn in passes.items():
        t0 = time.process_time()
        for t in texts:
            fn(t)
        lines.append(f"  {name:<45} {mb / max(time.process_time() - t0, 1e-9):8.2f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--configs", default="serial,jobs2,dask2")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/geomap-bench"))
    parser.add_argument("--baseline", metavar="REV",
                        help="also run the code of this git revision, in the same run")
    parser.add_argument("--ours", metavar="REV",
                        help="run this git revision instead of the working tree")
    parser.add_argument("--revert", metavar="C,C",
                        help="baseline = --ours tree with these commits undone")
    parser.add_argument("--baseline-paths", metavar="P,P",
                        help="baseline = --ours tree with only these files from --baseline")
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="profile the serial path over N documents and exit")
    parser.add_argument("--ceilings", type=int, default=0, metavar="N",
                        help="MB/s of single passes (tokens, sentences, triggers) over N "
                             "documents and exit")
    parser.add_argument("--run", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.run:
        print(json.dumps(run_one(args.run, args.corpus, args.out)))
        return 0
    args.workdir.mkdir(parents=True, exist_ok=True)
    sizes = [int(s) for s in args.sizes.split(",")]
    if args.ceilings:
        print(ceilings(_corpus(args.workdir, max(sizes[0], args.ceilings), args.seed),
                       args.ceilings))
        return 0
    if args.profile:
        print(profile(_corpus(args.workdir, max(sizes[0], args.profile), args.seed),
                      args.profile))
        return 0
    ours = _export_tree(args.workdir, args.ours) if args.ours else None
    baseline = None
    if args.baseline:
        paths = tuple(p for p in (args.baseline_paths or "").split(",") if p)
        if paths and ours is None:
            parser.error("--baseline-paths needs --ours")
        baseline = (_export_tree(args.workdir, args.baseline, base=ours, paths=paths) if paths
                    else _export_tree(args.workdir, args.baseline))
    if args.revert:
        if ours is None:
            parser.error("--revert needs --ours")
        baseline = _reverted_tree(args.workdir, ours, tuple(args.revert.split(",")))
        args.baseline = f"{args.ours} without {args.revert}"
    for tree in (baseline, ours):
        _warm(tree)
    rows: list[dict[str, Any]] = []
    for n in sizes:
        corpus = _corpus(args.workdir, n, args.seed)
        digests = {}
        for config in args.configs.split(","):
            # Baseline and ours alternate per configuration, so both see the same machine load.
            for code in (["baseline"] if baseline else []) + ["ours"]:
                tree = baseline if code == "baseline" else ours
                out = args.workdir / f"events-{n}-{config}-{code}"
                row = _run_config(config, corpus, out, tree)
                row["articles"] = n
                row["code"] = (f"baseline {args.baseline}" if code == "baseline"
                               else f"ours {args.ours or 'working tree'}")
                row["events_digest"] = _events_digest(out)
                if code == "ours":
                    digests[config] = row["events_digest"]
                    base = next((r for r in rows if r["articles"] == n
                                 and r["config"] == config
                                 and r["code"].startswith("baseline")), None)
                    if base is not None:
                        row["speedup"] = round(row["mb_per_s"] / base["mb_per_s"], 2)
                        row["cpu_speedup"] = round(row["mb_per_cpu_s"] / base["mb_per_cpu_s"], 2)
                rows.append(row)
                print(json.dumps(row), file=sys.stderr, flush=True)
        same = len(set(digests.values())) == 1
        print(f"{n} articles: same events on every engine: {same}", file=sys.stderr)
    _print_table(rows)
    return 0


def _print_table(rows: list[dict[str, Any]]) -> None:
    cols = ("articles", "config", "code", "text_mb", "seconds", "docs_per_s", "mb_per_s",
            "mb_per_s_per_core", "mb_per_cpu_s", "peak_rss_mib_tree",
            "peak_rss_mib_largest_process", "events", "events_digest", "speedup", "cpu_speedup")
    print("| " + " | ".join(cols) + " |")
    print("|" + "---|" * len(cols))
    for row in rows:
        print("| " + " | ".join(str(row.get(c, "")) for c in cols) + " |")


if __name__ == "__main__":
    sys.exit(main())
