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
from typing import Any, Final, NamedTuple

import pandas as pd

from geomap.cli._common import LAYER_SUFFIXES, check_inputs, side_path, write_plain_csv
from geomap.errors import InputError
from geomap.schema import REJECTED_COLUMNS

log = logging.getLogger("geomap.cli.corpus")

_EXTRACT_FILE_SUFFIXES = (".csv", ".jsonl", ".geojson", ".parquet", ".gpkg")


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


class Inputs(NamedTuple):
    """The inputs of a corpus run by how they are read."""

    articles: list[str]
    tables: list[str]
    datasets: list[str]


def split_inputs(paths: list[str]) -> Inputs:
    """Sort inputs into articles (the corpus engine extracts them), tables (the table readers
    read them, as without corpus options) and partitioned events datasets (read back).

    A folder stays one article input (streamed by the engine) unless it holds tables; then
    its article files and its tables are listed one by one, so that neither is skipped.
    """
    from geomap.corpus.inputs import classify

    out = Inputs([], [], [])
    for raw in paths:
        path = Path(raw)
        if not path.is_dir():
            (out.articles if classify(path) == "articles" else out.tables).append(raw)
            continue
        if is_events_dataset(path):
            out.datasets.append(raw)
            continue
        files = sorted(p for p in path.rglob("*") if p.is_file())
        # .json in a folder is neither (as the one-process reader decides)
        kinds = {f: ("" if f.name.lower().endswith(".json") else classify(f)) for f in files}
        found = [str(f) for f, kind in kinds.items() if kind == "table"]
        if not found:
            out.articles.append(raw)
            continue
        out.tables.extend(found)
        out.articles.extend(str(f) for f, kind in kinds.items() if kind == "articles")
    return out


def dataset_rows(path: str | Path) -> int:
    """Rows (one per report) of a partitioned events dataset, from the files' metadata."""
    import pyarrow.dataset as ds

    return int(ds.dataset(Path(path), format="parquet", partitioning="hive").count_rows())


def unresolved_beside(path: str | Path) -> pd.DataFrame | None:
    """The unresolved mentions ``geomap extract -o DATASET`` wrote beside a dataset, if any."""
    side = Path(path)
    side = side.with_name(side.name + ".unresolved.parquet")
    return pd.read_parquet(side) if side.is_file() else None


def _count_dataset(report: Any, path: str, unresolved: pd.DataFrame | None) -> None:
    """A dataset's rows are read and seen, each an event; its unresolved mentions are seen too."""
    rows = dataset_rows(path)
    report.inputs.append(str(path))
    report.rows += rows
    report.seen += rows
    report.events += rows
    if unresolved is not None and len(unresolved):
        import pyarrow as pa

        report.seen += len(unresolved)
        report.add_unresolved(pa.Table.from_pandas(unresolved, preserve_index=False))


def load_command_inputs(args: argparse.Namespace, *, command: str) -> tuple[Any, Any]:
    """``(loaded, actors)`` for ``geomap map``/``report``: ``--actors`` sets loaded, inputs
    read by :func:`geomap.corpus.inputs.load_inputs` or, with corpus options, by
    :func:`load_corpus_inputs`. ``loaded.report`` is the command's run report."""
    from geomap.corpus.inputs import load_inputs
    from geomap.runreport import RunReport

    actors = _actor_set(args)
    if wants_corpus(args, command=command):
        return load_corpus_inputs(args, command=command, actors=actors), actors
    loaded = load_inputs(args.inputs, date=args.date, actors=actors,
                         report=RunReport(command=command))
    return loaded, actors


def _actor_set(args: argparse.Namespace) -> Any:
    if not args.actors:
        return None
    from geomap.actors import ActorSet

    return ActorSet.load(args.actors, include_default=True)


def load_corpus_inputs(args: argparse.Namespace, *, command: str, actors: Any = None) -> Any:
    """:func:`geomap.corpus.inputs.load_inputs` with the corpus engine for the article inputs.

    For ``geomap map``/``report``/``extract``/``layers`` given ``--jobs``/``--engine``/
    ``--scheduler`` or an events dataset: articles (files, ``.jsonl[.gz]``, folders) go
    through :func:`geomap.extract_corpus` on the chosen engine; tables are read as without the
    options; datasets are read back; the events of all are merged once. Returns a
    :class:`geomap.corpus.inputs.Loaded` whose report is a
    :class:`geomap.corpus.engine.CorpusReport` (complete counts, sampled lists).
    """
    _check_common(args)
    from geomap.corpus.engine import CorpusReport, extract_corpus, read_corpus_events
    from geomap.corpus.inputs import Loaded, load_inputs
    from geomap.runreport import RunReport
    from geomap.schema import UNRESOLVED_COLUMNS, empty_events
    from geomap.sources.events import merge_events

    inputs = split_inputs(args.inputs)
    others = bool(inputs.tables or inputs.datasets)
    frames: list[Any] = []
    unresolved: list[pd.DataFrame] = []
    if inputs.articles:
        # With other inputs too, the run is checked once all are read (as without options).
        result = extract_corpus(inputs.articles, jobs=args.jobs, engine=args.engine,
                                scheduler=args.scheduler, date=args.date,
                                actors=args.actors or None, progress=_progress(),
                                check=not others)
        report = result.report
        frames.append(result.events)
        unresolved.append(result.unresolved)
    else:
        report = CorpusReport(engine=args.engine, jobs=args.jobs)
    report.command = command
    if inputs.tables:
        read = load_inputs(inputs.tables, date=args.date, actors=actors,
                           report=RunReport(command), progress=False, check=False,
                           named=[p for p in args.inputs if Path(p).is_file()])
        report.add_reading(read.report)
        report.events += read.report.events
        frames.append(read.events)
        unresolved.append(read.unresolved)
    for path in inputs.datasets:
        side = unresolved_beside(path)
        _count_dataset(report, path, side)
        frames.append(read_corpus_events(path))
        if side is not None:
            unresolved.append(side)
    frames = [f for f in frames if len(f)]
    events = merge_events(pd.concat(frames, ignore_index=True)) if frames else empty_events()
    report.merged_events = len(events)
    if others:
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
    bounded memory when every input is an article); a file ``-o`` or stdout gets the merged
    events, as without the options. Tables and events datasets among the inputs are read as
    ``geomap map`` reads them, and their events merged with the articles' in memory.
    """
    _check_common(args)
    output = Path(args.output) if args.output is not None else None
    if output is not None and output.suffix and output.suffix.lower() not in \
            _EXTRACT_FILE_SUFFIXES:
        raise InputError(f"-o must be a folder or end in {', '.join(_EXTRACT_FILE_SUFFIXES)}, "
                         f"got {args.output!r}")
    stream = output is not None and output.suffix == ""
    inputs = split_inputs(args.inputs)
    if inputs.tables or inputs.datasets:
        return _extract_mixed(args, output, stream=stream)
    from geomap.corpus.engine import extract_corpus

    result = extract_corpus(args.inputs, out=output if stream else None, jobs=args.jobs,
                            engine=args.engine, scheduler=args.scheduler, date=args.date,
                            actors=args.actors or None, progress=_progress())
    report = result.report
    if stream:
        # A dataset keeps one row per report: nothing was merged, so the line shows no
        # merged count (the engine sets it to the events for its "nothing found" check).
        report.merged_events = 0
        print(f"{report.summary()}; wrote {output}", file=sys.stderr)
        return 0
    from geomap.sources.events import merge_events

    events = merge_events(result.events)
    report.merged_events = len(events)
    rejected = pd.DataFrame(report.rejected, columns=list(REJECTED_COLUMNS))
    return _write_extract(events, result.unresolved, rejected, report, output)


def _extract_mixed(args: argparse.Namespace, output: Path | None, *, stream: bool) -> int:
    """``geomap extract`` of tables or datasets (and articles) with corpus options."""
    loaded = load_corpus_inputs(args, command="extract", actors=_actor_set(args))
    report = loaded.report
    if not stream:
        return _write_extract(loaded.events, loaded.unresolved, loaded.rejected, report, output)
    if output is None:  # a folder output is the stream: the caller never streams without one
        raise InputError("a streamed extract needs an output folder (-o FOLDER)")
    from geomap.corpus.engine import write_partitioned

    write_partitioned(loaded.events, output)
    # Beside the dataset as the streamed run writes them, so that layers find them.
    side = output.with_name(output.name + ".unresolved.parquet")
    from geomap._io.atomic import atomic_path
    from geomap.schema import UNRESOLVED_COLUMNS

    # Text columns, as the streamed run writes them (missing values as "")
    table = loaded.unresolved.reindex(columns=list(UNRESOLVED_COLUMNS)).fillna("").astype(str)
    with atomic_path(side) as tmp:
        table.to_parquet(tmp, index=False)
    report.unresolved_path = str(side)
    report.write(side_path(output, ".report.json"))
    print(f"{report.summary()}; wrote {output}", file=sys.stderr)
    return 0


def _write_extract(events: pd.DataFrame, unresolved: pd.DataFrame, rejected: pd.DataFrame,
                   report: Any, output: Path | None) -> int:
    from geomap.sources.events import events_text, write_events

    if output is None:
        sys.stdout.write(events_text(events))
        sys.stdout.flush()
        print(report.summary(), file=sys.stderr)
        return 0
    write_events(events, output)
    write_plain_csv(unresolved, side_path(output, ".unresolved.csv"))
    write_plain_csv(rejected, side_path(output, ".rejected.csv"))
    report.write(side_path(output, ".report.json"))
    print(f"{report.summary()}; wrote {output}", file=sys.stderr)
    return 0


def run_layers(args: argparse.Namespace) -> int:
    """``geomap layers`` through the corpus engine.

    Input: one partitioned events dataset (its rows counted as read and seen), or article
    corpora (extracted with the corpus engine into a temporary dataset first), with tables
    read beside them as ``geomap map`` reads them. Layers:
    :func:`geomap.corpus.engine.corpus_layers`.
    """
    _check_common(args)
    output = Path(args.output)
    if output.suffix.lower() not in LAYER_SUFFIXES:
        raise InputError(f"-o must end in .gpkg, .parquet or .geojson, got {args.output!r}")
    if args.window < 0:
        raise InputError("--window must be >= 0")
    from geomap.corpus.engine import CorpusReport, corpus_layers, extract_corpus

    actors = _actor_set(args)
    inputs = split_inputs(args.inputs)
    with tempfile.TemporaryDirectory(prefix="geomap-layers-") as tmp:
        unresolved = None
        engine = args.engine
        if inputs.datasets and len(args.inputs) == 1:
            source = Path(inputs.datasets[0])
            report = CorpusReport(command="layers", engine=engine, jobs=args.jobs)
            unresolved = unresolved_beside(source)
            _count_dataset(report, str(source), unresolved)
        else:
            source = Path(tmp) / "events"
            if inputs.tables or inputs.datasets:
                # Tables (read in this process) and datasets join the articles' events in
                # one temporary dataset, which the engine reads as any other.
                from geomap.corpus.engine import write_partitioned

                loaded = load_corpus_inputs(args, command="layers", actors=actors)
                report = loaded.report
                unresolved = loaded.unresolved
                write_partitioned(loaded.events, source)
            else:
                result = extract_corpus(args.inputs, out=source, jobs=args.jobs,
                                        engine=engine, scheduler=args.scheduler,
                                        date=args.date, actors=args.actors or None,
                                        progress=_progress())
                report = result.report
                report.command = "layers"
                unresolved = result.unresolved
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
    print(f"{report.summary()}; places={summary['n_places']}; wrote {', '.join(written)}",
          file=sys.stderr)
    return 0
