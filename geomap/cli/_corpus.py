"""Corpus options of ``geomap extract`` and ``geomap layers``: ``--jobs``, ``--engine``,
``--scheduler``, folder outputs and partitioned event datasets as inputs.

The commands keep their own one-process path for ordinary inputs; these helpers take over
when a corpus option is given (or the input/output is a partitioned events dataset) and route
through :func:`geomap.extract_corpus` and :func:`geomap.corpus.engine.corpus_layers`.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import tempfile
from pathlib import Path
from typing import Any, Final

import pandas as pd

from geomap.cli._common import LAYER_SUFFIXES, check_inputs, side_path, write_plain_csv
from geomap.errors import InputError
from geomap.schema import REJECTED_COLUMNS

log = logging.getLogger("geomap.cli.corpus")

_EXTRACT_FILE_SUFFIXES = (".csv", ".jsonl", ".geojson", ".parquet")


def add_corpus_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--jobs``, ``--engine`` and ``--scheduler``."""
    group = parser.add_argument_group("corpus engine (article corpora)")
    group.add_argument("--jobs", type=int, default=1, metavar="N",
                       help="worker processes (default 1; below ~4 MB of text one process, "
                            "where a pool does not pay; with --engine dask and no "
                            "--scheduler: LocalCluster workers)")
    group.add_argument("--engine", choices=("local", "dask"), default="local",
                       help="local process pool or a Dask cluster (default local)")
    group.add_argument("--scheduler", metavar="ADDRESS",
                       help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (implies "
                            "--engine dask)")


def is_events_dataset(path: str | Path) -> bool:
    """Whether ``path`` is a partitioned events dataset (``year=YYYY/country=CC/*.parquet``)."""
    p = Path(path)
    return p.is_dir() and any(c.is_dir() and c.name.startswith("year=") for c in p.iterdir())


def wants_corpus(args: argparse.Namespace, *, command: str) -> bool:
    """Whether the corpus engine should run this command."""
    if getattr(args, "jobs", 1) != 1 or getattr(args, "engine", "local") != "local":
        return True
    if getattr(args, "scheduler", None):
        return True
    if any(is_events_dataset(p) for p in args.inputs):
        return True
    output = getattr(args, "output", None)
    return command == "extract" and output is not None and Path(output).suffix == ""


def _progress() -> bool:
    return logging.getLogger("geomap").getEffectiveLevel() <= logging.INFO


#: Below this much article text (MB) a local pool costs more than it gains: its workers each
#: load the gazetteer and actor sets (~1-1.5 CPU s per run) and share cores with the parent.
#: Measured with benchmarks/bench_corpus.py on 2 shared cores: --jobs 2 took 2.68 s against
#: 2.96 s for one process on 0.4 MB (300 articles) and 11.4 s against 10.4 s on 1.8 MB (1,500),
#: so the break-even lies above ~2 MB there; 4 MB keeps one process where a pool does not pay.
#: ``GEOMAP_POOL_MIN_MB`` overrides it (0: always the pool).
POOL_MIN_MB: Final = 4.0
#: Compressed inputs hold about this many times their size in text.
_GZ_RATIO: Final = 4


def _input_mb(paths: list[str]) -> float:
    """Approximate MB of text in the inputs (folders walked, ``.gz`` counted uncompressed)."""
    total = 0
    for raw in paths:
        path = Path(raw)
        files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
        for f in files:
            try:
                size = f.stat().st_size
            except OSError:
                continue
            total += size * (_GZ_RATIO if f.name.lower().endswith(".gz") else 1)
    return total / 1e6


def pool_jobs(args: argparse.Namespace) -> int:
    """``--jobs``, or 1 when the local pool would not pay for the inputs' size."""
    if args.jobs <= 1 or args.engine != "local":
        return int(args.jobs)
    try:
        floor = float(os.environ.get("GEOMAP_POOL_MIN_MB", POOL_MIN_MB))
    except ValueError:
        floor = POOL_MIN_MB
    mb = _input_mb(args.inputs)
    if mb >= floor:
        return int(args.jobs)
    log.info("--jobs %d: one process for %.1f MB of input (a pool pays from about %g MB)",
             args.jobs, mb, floor)
    return 1


def _check_common(args: argparse.Namespace) -> None:
    if args.jobs < 1:
        raise InputError(f"--jobs must be at least 1, got {args.jobs}")
    if args.scheduler:
        args.engine = "dask"
    check_inputs(args, actors=True)
    args.jobs = pool_jobs(args)


def _check_articles(paths: list[str]) -> None:
    """The corpus engine reads article corpora; tables have their own (one-process) reader."""
    from geomap.corpus.inputs import classify

    for raw in paths:
        path = Path(raw)
        if path.is_file() and classify(path) != "articles":
            raise InputError("--jobs, --engine and folder outputs apply to article corpora; "
                             "read tables without them", path=str(path))


def load_command_inputs(args: argparse.Namespace, *, command: str) -> tuple[Any, Any]:
    """``(loaded, actors)`` for ``geomap map``/``report``: ``--actors`` sets loaded, inputs
    read by :func:`geomap.corpus.inputs.load_inputs` or, with corpus options, by
    :func:`load_corpus_inputs`. ``loaded.report`` is the command's run report."""
    from geomap.corpus.inputs import load_inputs
    from geomap.runreport import RunReport

    actors = None
    if args.actors:
        from geomap.actors import ActorSet

        actors = ActorSet.load(args.actors, include_default=True)
    if wants_corpus(args, command=command):
        return load_corpus_inputs(args, command=command, actors=actors), actors
    loaded = load_inputs(args.inputs, date=args.date, actors=actors,
                         report=RunReport(command=command))
    return loaded, actors


def load_corpus_inputs(args: argparse.Namespace, *, command: str, actors: Any = None) -> Any:
    """:func:`geomap.corpus.inputs.load_inputs` with the corpus engine for the article inputs.

    For ``geomap map`` and ``geomap report`` given ``--jobs``/``--engine``/``--scheduler``:
    articles (files, ``.jsonl[.gz]``, folders) go through :func:`geomap.extract_corpus` on
    the chosen engine; tables are read as without the options; the events of both are merged
    once. Returns a :class:`geomap.corpus.inputs.Loaded` whose report is a
    :class:`geomap.corpus.engine.CorpusReport` (complete counts, sampled lists).
    """
    _check_common(args)
    from geomap.corpus.engine import CorpusReport, extract_corpus
    from geomap.corpus.inputs import Loaded, classify, load_inputs
    from geomap.runreport import RunReport
    from geomap.schema import UNRESOLVED_COLUMNS, empty_events
    from geomap.sources.events import merge_events

    articles = [p for p in args.inputs if Path(p).is_dir() or classify(p) == "articles"]
    tables = [p for p in args.inputs if p not in articles]
    frames: list[Any] = []
    unresolved: list[pd.DataFrame] = []
    if articles:
        # With tables too, the run is checked once both are read (as without the options).
        result = extract_corpus(articles, jobs=args.jobs, engine=args.engine,
                                scheduler=args.scheduler, date=args.date,
                                actors=args.actors or None, progress=_progress(),
                                check=not tables)
        report = result.report
        frames.append(result.events)
        unresolved.append(result.unresolved)
    else:
        report = CorpusReport(engine=args.engine, jobs=args.jobs)
    report.command = command
    if tables:
        read = load_inputs(tables, date=args.date, actors=actors, report=RunReport(command),
                           progress=False, check=False)
        report.add_reading(read.report)
        report.events += read.report.events
        frames.append(read.events)
        unresolved.append(read.unresolved)
    frames = [f for f in frames if len(f)]
    events = merge_events(pd.concat(frames, ignore_index=True)) if frames else empty_events()
    report.merged_events = len(events)
    if tables:
        from geomap.corpus.inputs import check_outcome

        check_outcome(report, 0, n_rejected=report.n_rejected)
    found = [u for u in unresolved if len(u)]
    table = (pd.concat(found, ignore_index=True) if found
             else pd.DataFrame(columns=list(UNRESOLVED_COLUMNS)))
    rejected = pd.DataFrame(report.rejected, columns=list(REJECTED_COLUMNS))
    return Loaded(events=events, unresolved=table, rejected=rejected, report=report)


def run_extract(args: argparse.Namespace) -> int:
    """``geomap extract`` through the corpus engine.

    A folder ``-o`` gets the partitioned GeoParquet dataset (one row per report, streamed in
    bounded memory); a file ``-o`` or stdout gets the merged events, as without the options.
    """
    _check_common(args)
    _check_articles(args.inputs)
    from geomap.corpus.engine import extract_corpus

    output = Path(args.output) if args.output is not None else None
    if output is not None and output.suffix and output.suffix.lower() not in \
            _EXTRACT_FILE_SUFFIXES:
        raise InputError(f"-o must be a folder or end in {', '.join(_EXTRACT_FILE_SUFFIXES)}, "
                         f"got {args.output!r}")
    stream = output is not None and output.suffix == ""
    result = extract_corpus(args.inputs, out=output if stream else None, jobs=args.jobs,
                            engine=args.engine, scheduler=args.scheduler, date=args.date,
                            actors=args.actors or None, progress=_progress())
    report = result.report
    if stream:
        print(f"{report.summary()}; wrote {output}", file=sys.stderr)
        return 0
    from geomap.sources.events import events_text, merge_events, write_events

    events = merge_events(result.events)
    report.merged_events = len(events)
    if output is None:
        sys.stdout.write(events_text(events))
        sys.stdout.flush()
        print(report.summary(), file=sys.stderr)
        return 0


    write_events(events, output)
    write_plain_csv(result.unresolved, side_path(output, ".unresolved.csv"))
    rejected = pd.DataFrame(report.rejected, columns=list(REJECTED_COLUMNS))
    write_plain_csv(rejected, side_path(output, ".rejected.csv"))
    report.write(side_path(output, ".report.json"))
    print(f"{report.summary()}; wrote {output}", file=sys.stderr)
    return 0


def run_layers(args: argparse.Namespace) -> int:
    """``geomap layers`` through the corpus engine.

    Input: one partitioned events dataset, or article corpora (extracted with the corpus
    engine into a temporary dataset first). Layers: :func:`geomap.corpus.engine.corpus_layers`.
    """
    _check_common(args)
    output = Path(args.output)
    if output.suffix.lower() not in LAYER_SUFFIXES:
        raise InputError(f"-o must end in .gpkg, .parquet or .geojson, got {args.output!r}")
    if args.window < 0:
        raise InputError("--window must be >= 0")
    from geomap.corpus.engine import CorpusReport, corpus_layers, extract_corpus

    actors = None
    if args.actors:
        from geomap.actors import ActorSet

        actors = ActorSet.load(args.actors, include_default=True)
    datasets = [p for p in args.inputs if is_events_dataset(p)]
    with tempfile.TemporaryDirectory(prefix="geomap-layers-") as tmp:
        unresolved = None
        engine = args.engine
        if datasets:
            if len(args.inputs) != 1:
                raise InputError("give one events dataset folder, alone", path=datasets[0])
            source = Path(datasets[0])
            report = CorpusReport(command="layers", engine=engine, jobs=args.jobs)
            report.inputs.append(str(source))
        else:
            _check_articles(args.inputs)
            result = extract_corpus(args.inputs, out=Path(tmp) / "events", jobs=args.jobs,
                                    engine=engine, scheduler=args.scheduler, date=args.date,
                                    actors=args.actors or None, progress=_progress())
            report = result.report
            report.command = "layers"
            unresolved = result.unresolved
            source = Path(tmp) / "events"
            if engine == "dask" and args.scheduler:
                # Remote workers cannot read this machine's temporary folder; the layer events
                # are small, so the layers are built here.
                log.info("layers of the temporary dataset are built locally")
                engine = "local"
        layers = corpus_layers(source, engine=engine, scheduler=args.scheduler, jobs=args.jobs,
                               at=args.at, contested_window_days=args.window, actors=actors,
                               unresolved=unresolved)
        written = layers.to_file(output, at=args.at)
    summary = layers.summary()
    data = report.to_dict()
    data["layers"] = {"files": written, "at": args.at or "", "engine": engine, **summary,
                      "rows": {name: len(t) for name, t in layers.tables(at=args.at).items()}}
    from geomap._io.atomic import write_text

    write_text(side_path(output, ".report.json"),
               json.dumps(data, ensure_ascii=False, indent=2, default=str))
    print(f"{report.summary()}; {summary['n_places']} places; wrote {', '.join(written)}",
          file=sys.stderr)
    return 0

