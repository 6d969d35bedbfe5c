"""Corpus engine: extract events from whole archives, on every core or on a Dask cluster.

Documents stream in (:func:`geomap.sources.documents.iter_documents`), are grouped into chunks,
and each chunk is extracted by a worker that loaded the gazetteer once; events stream out in
document order to a partitioned GeoParquet dataset (``year=YYYY/country=CC``), one GeoParquet
file, or memory. The three engines (serial, ``jobs=N`` process pool, Dask) run the same pure
function in the same order, so they give the same events whatever the chunk size.

Example
-------
>>> result = geomap.extract_corpus(["archive/"], out="output/events", jobs=4)  # doctest: +SKIP
>>> result.report.summary()                                                       # doctest: +SKIP
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import geopandas as gpd
import pandas as pd
import pyarrow as pa

from geomap._io.partitioned import (
    EVENTS_SCHEMA,
    UNRESOLVED_SCHEMA,
    ParquetStreamWriter,
    PartitionedWriter,
    arrow_to_events,
    events_to_arrow,
    read_partitioned,
)
from geomap.corpus.pool import DEFAULT_EXTRACTOR, ChunkResult, Settings, run_pool, run_serial
from geomap.errors import InputError
from geomap.runreport import RunReport, summary_line
from geomap.schema import UNRESOLVED_COLUMNS

log = logging.getLogger("geomap.corpus")

DEFAULT_CHUNK_SIZE: Final = 64
#: A chunk is also cut when its text reaches this size, so huge documents keep memory bounded.
CHUNK_BYTES: Final = 4 * 1024 * 1024
#: Itemised unresolved/rejected entries kept in the report; the full lists go to files.
REPORT_SAMPLE: Final = 1000
ENGINES: Final = ("local", "dask")
_IN_MEMORY_SUFFIXES: Final = (".csv", ".jsonl", ".geojson", ".json", ".gpkg")

PathLike = str | os.PathLike[str]


@dataclass
class CorpusReport(RunReport):
    """A run report whose itemised lists are samples, so it stays small for any corpus size.

    ``n_unresolved`` and ``n_rejected`` count every item; ``unresolved`` and ``rejected`` keep the
    first :data:`REPORT_SAMPLE` of them (the full unresolved table is written beside the output).
    """

    n_unresolved: int = 0
    n_rejected: int = 0
    text_bytes: int = 0
    seconds: float = 0.0
    engine: str = "local"
    jobs: int = 1
    unresolved_path: str = ""

    @property
    def balanced(self) -> bool:
        """Whether ``seen == events + unresolved + rejected`` (full counts)."""
        return self.seen == self.events + self.n_unresolved + self.n_rejected

    def add_rejected(self, items: Iterable[dict[str, Any]]) -> None:
        """Count rejected items; keep the first :data:`REPORT_SAMPLE`."""
        for item in items:
            self.n_rejected += 1
            if len(self.rejected) < REPORT_SAMPLE:
                self.rejected.append(item)

    def add_unresolved(self, table: pa.Table) -> None:
        """Count unresolved rows; keep the first :data:`REPORT_SAMPLE` as dicts."""
        self.n_unresolved += table.num_rows
        room = REPORT_SAMPLE - len(self.unresolved)
        if room > 0 and table.num_rows:
            self.unresolved.extend(table.slice(0, room).to_pylist())

    def add_chunk(self, chunk: ChunkResult) -> None:
        """Account for one extracted chunk."""
        self.documents += chunk.documents
        self.text_bytes += chunk.text_bytes
        self.seen += chunk.seen
        self.events += chunk.events.num_rows
        self.add_unresolved(chunk.unresolved)
        self.add_rejected(chunk.rejected)
        self.failures.extend(chunk.failures)

    def add_reading(self, report: RunReport) -> None:
        """Account for what the document reader itself rejected (unreadable files, bad lines)."""
        self.inputs.extend(report.inputs)
        self.seen += report.seen
        self.add_rejected(report.rejected)
        self.failures.extend(report.failures)
        self.rows += report.rows
        if report.unresolved:
            self.n_unresolved += len(report.unresolved)
            room = max(0, REPORT_SAMPLE - len(self.unresolved))
            self.unresolved.extend(report.unresolved[:room])

    def summary(self) -> str:
        """One line for stderr, with throughput."""
        mb = self.text_bytes / 1e6
        rate = f"{mb / self.seconds:.2f} MB/s" if self.seconds > 0 else "-"
        # A streamed dataset keeps one row per report: no merged count to show.
        merged = self.merged_events if self.merged_events or not self.events else None
        return summary_line(self.command, documents=self.documents, rows=self.rows,
                            seen=self.seen, events=self.events, unresolved=self.n_unresolved,
                            rejected=self.n_rejected, merged_events=merged,
                            detail=f"{mb:.1f} MB, {rate}, engine={self.engine}, jobs={self.jobs}",
                            tail={"failures": len(self.failures)})

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-able data; lists are samples, counts are complete."""
        data = super().to_dict()
        data["balanced"] = self.balanced
        data["unresolved_sample"] = data.pop("unresolved")
        data["rejected_sample"] = data.pop("rejected")
        return data


@dataclass
class CorpusResult:
    """The outcome of :func:`extract_corpus`.

    Attributes
    ----------
    report
        Counts (documents, seen, events, unresolved, rejected), failures, timing.
    out
        Where the events were written, or ``None`` (kept in memory).
    unresolved_path
        Where the unresolved table was written (``<out>.unresolved.parquet``), or ``None``.
    """

    report: CorpusReport
    out: Path | None = None
    unresolved_path: Path | None = None
    _events: gpd.GeoDataFrame | None = field(default=None, repr=False)
    _unresolved: pd.DataFrame | None = field(default=None, repr=False)

    @property
    def events(self) -> gpd.GeoDataFrame:
        """All events in document order (read back from ``out`` on first access if written)."""
        if self._events is None:
            if self.out is None:
                raise ValueError("no events: nothing was extracted")
            self._events = read_corpus_events(self.out)
        return self._events

    @property
    def unresolved(self) -> pd.DataFrame:
        """All unresolved mentions (place, source, evidence, reason, candidates)."""
        if self._unresolved is None:
            if self.unresolved_path is not None and self.unresolved_path.exists():
                self._unresolved = pd.read_parquet(self.unresolved_path)
            else:
                self._unresolved = pd.DataFrame(columns=list(UNRESOLVED_COLUMNS))
        return self._unresolved

    @property
    def documents(self) -> int:
        """Documents extracted."""
        return self.report.documents

    @property
    def mb_per_second(self) -> float:
        """Megabytes (10^6) of UTF-8 text per wall-clock second."""
        return self.report.text_bytes / 1e6 / self.report.seconds if self.report.seconds else 0.0

    @property
    def docs_per_second(self) -> float:
        """Documents per wall-clock second."""
        return self.report.documents / self.report.seconds if self.report.seconds else 0.0


def extract_corpus(
    inputs: PathLike | Iterable[Any],
    *,
    out: PathLike | None = None,
    jobs: int = 1,
    engine: str = "local",
    scheduler: Any = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    date: str | None = None,
    actors: Iterable[PathLike] | None = None,
    progress: bool = True,
    check: bool = True,
) -> CorpusResult:
    """Extract events from a corpus as a stream, on ``jobs`` processes or a Dask cluster.

    Parameters
    ----------
    inputs
        Article files, ``.jsonl``/``.jsonl.gz`` files, folders of those, or
        :class:`geomap.sources.documents.Document` objects (any iterable; it is consumed lazily).
    out
        ``None``: keep events in memory. A folder (no suffix): partitioned GeoParquet dataset
        ``year=YYYY/country=CC/part-*.parquet``. ``*.parquet``: one GeoParquet file. Both are
        streamed in bounded memory, with ``<out>.unresolved.parquet`` and ``<out>.report.json``
        beside them. ``.csv``/``.jsonl``/``.geojson``: events gathered in memory and written
        with :func:`geomap.write_events`.
    jobs
        Worker processes for ``engine="local"`` (1 = this process); workers started for
        ``engine="dask"`` when no scheduler is given.
    engine
        ``"local"`` or ``"dask"``.
    scheduler
        Dask scheduler address (``"tcp://host:8786"``) or a ``distributed.Client``; ``None`` uses
        the active client or starts a ``LocalCluster`` with ``jobs`` workers.
    chunk_size
        Documents per task. Results do not depend on it.
    date
        Dateline for documents that have none.
    actors
        User actor-set YAML files, loaded together with the bundled sets.
    progress
        Show a tqdm progress bar (on a terminal).
    check
        As :func:`geomap.corpus.inputs.load_inputs`: refuse a run whose every input was
        rejected and warn when no event was found (``False``: the caller checks, e.g. after
        adding tables). Documents without a dateline always give one warning.

    Returns
    -------
    CorpusResult
        Report, output paths and (lazily) events and unresolved tables.

    Raises
    ------
    InputError
        Unknown engine, bad ``jobs``/``chunk_size``, unreadable inputs, or (``check``) every
        input rejected.
    """
    settings = Settings(actors=read_actor_files(actors) if actors is not None else None)
    return run_corpus(inputs, settings, out=out, jobs=jobs, engine=engine, scheduler=scheduler,
                      chunk_size=chunk_size, date=date, progress=progress, check=check)


def read_actor_files(paths: Iterable[PathLike]) -> tuple[tuple[str, str], ...]:
    """Read user actor-set files on the client, so that workers anywhere can load them."""
    out = []
    for path in paths:
        p = Path(path)
        try:
            out.append((p.name, p.read_text(encoding="utf-8")))
        except OSError as exc:
            raise InputError(f"cannot read actor set: {exc.strerror or exc}", path=str(p)) from exc
    return tuple(out)


def run_corpus(
    inputs: PathLike | Iterable[Any],
    settings: Settings,
    *,
    out: PathLike | None = None,
    jobs: int = 1,
    engine: str = "local",
    scheduler: Any = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    date: str | None = None,
    progress: bool = True,
    command: str = "extract",
    check: bool = True,
) -> CorpusResult:
    """:func:`extract_corpus` with explicit worker :class:`Settings` (used by tests and CLI)."""
    if engine not in ENGINES:
        raise InputError(f"unknown engine {engine!r} (choose from {', '.join(ENGINES)})")
    if jobs < 1:
        raise InputError(f"--jobs must be at least 1, not {jobs}")
    if chunk_size < 1:
        raise InputError(f"chunk size must be at least 1, not {chunk_size}")
    _check_paths(inputs)
    report = CorpusReport(command=command, engine=engine, jobs=jobs)
    reading = RunReport(command=command)
    undated = _Undated(_documents(inputs, date=date, report=reading))
    chunks = _chunks(undated, chunk_size)
    sink = _Sink(out)
    t0 = time.perf_counter()
    try:
        with _progress(progress) as bar:
            for chunk in _engine_results(chunks, settings, engine=engine, jobs=jobs,
                                         scheduler=scheduler):
                report.add_chunk(chunk)
                sink.write(chunk)
                bar.update(chunk.documents)
                bar.set_postfix_str(f"{report.text_bytes / 1e6:.1f} MB, {report.events} events",
                                    refresh=False)
        report.add_reading(reading)
        report.seconds = time.perf_counter() - t0
        if undated.count:
            from geomap.corpus.inputs import undated_warning

            warning = undated_warning(undated.count)
            log.warning("%s", warning)
            report.warnings.append(warning)
        if check:
            check_outcome(report)
        result = sink.close(report)
    except BaseException:
        sink.abort()
        raise
    log.debug("%s", report.summary())  # the CLI prints it; a library caller has the report
    return result


class _Undated:
    """The documents, passed through, counting those without a dateline."""

    def __init__(self, docs: Iterable[Any]) -> None:
        self._docs = docs
        self.count = 0

    def __iter__(self) -> Iterator[Any]:
        for doc in self._docs:
            self.count += getattr(doc, "date", None) is None
            yield doc


def check_outcome(report: CorpusReport) -> None:
    """:func:`geomap.corpus.inputs.check_outcome` for a corpus report (complete counts).

    Raises
    ------
    InputError
        Nothing could be read and something was rejected (the CLI exits with status 2).
    """
    from geomap.corpus.inputs import check_outcome as check_inputs

    report.merged_events = report.merged_events or report.events
    check_inputs(report, 0, n_rejected=report.n_rejected)


def _engine_results(chunks: Iterable[list[Any]], settings: Settings, *, engine: str, jobs: int,
                    scheduler: Any) -> Iterator[ChunkResult]:
    if engine == "dask":
        from geomap.corpus.dask import dask_client, run_dask

        with dask_client(scheduler, workers=jobs) as client:
            yield from run_dask(chunks, settings, client)
    elif jobs == 1:
        yield from run_serial(chunks, settings)
    else:
        yield from run_pool(chunks, settings, jobs)


def _documents(inputs: PathLike | Iterable[Any], *, date: str | None,
               report: RunReport) -> Iterator[Any]:
    """Yield documents from paths (streamed by ``iter_documents``) and Document objects."""
    items: Iterable[Any] = [inputs] if isinstance(inputs, str | os.PathLike) else inputs
    paths: list[Any] = []
    for item in items:
        if isinstance(item, str | os.PathLike):
            paths.append(item)
            continue
        if paths:
            yield from _iter_paths(paths, date=date, report=report)
            paths = []
        if not hasattr(item, "text") or not hasattr(item, "id"):
            raise InputError(f"not a path or a document: {type(item).__name__}")
        yield item
    if paths:
        yield from _iter_paths(paths, date=date, report=report)


def _check_paths(inputs: PathLike | Iterable[Any]) -> None:
    """Fail before any work (and any output) when a named input does not exist."""
    items = [inputs] if isinstance(inputs, str | os.PathLike) else inputs
    if not isinstance(items, list | tuple):
        return  # a stream: checked as it is read
    for item in items:
        if isinstance(item, str | os.PathLike) and not Path(item).exists():
            raise InputError("no such file or folder", path=str(item))


def _iter_paths(paths: list[Any], *, date: str | None, report: RunReport) -> Iterator[Any]:
    from geomap.sources.documents import iter_documents

    for path in paths:
        if not Path(path).exists():
            raise InputError("no such file or folder", path=str(path))
    yield from iter_documents(paths, date=date, report=report)


def _chunks(docs: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """Group documents into chunks of ``size`` documents or :data:`CHUNK_BYTES` of text."""
    it = iter(docs)
    while True:
        chunk: list[Any] = []
        nbytes = 0
        for doc in it:
            chunk.append(doc)
            nbytes += len(doc.text)
            if len(chunk) >= size or nbytes >= CHUNK_BYTES:
                break
        if not chunk:
            return
        yield chunk


class _NoBar:
    def update(self, n: int) -> None:
        pass

    def set_postfix_str(self, text: str, refresh: bool = True) -> None:
        pass

    def __enter__(self) -> _NoBar:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


def _progress(enabled: bool) -> Any:
    if not enabled:
        return _NoBar()
    from tqdm.auto import tqdm

    # disable=None: the bar shows on a terminal only, never in logs or pipes.
    return tqdm(unit="doc", desc="extract", disable=None, dynamic_ncols=True)


class _Sink:
    """Where chunk results go: memory, one GeoParquet file, or a partitioned dataset."""

    def __init__(self, out: PathLike | None) -> None:
        self.out = Path(out) if out is not None else None
        self.kind = _out_kind(self.out)
        self._tables: list[pa.Table] = []
        self._unresolved_tables: list[pa.Table] = []
        self._events_writer: PartitionedWriter | ParquetStreamWriter | None = None
        self._unresolved_writer: ParquetStreamWriter | None = None
        self.unresolved_path: Path | None = None
        if self.out is not None and self.kind in ("dataset", "parquet"):
            self.unresolved_path = _beside(self.out, ".unresolved.parquet")
            self._unresolved_writer = ParquetStreamWriter(self.unresolved_path, UNRESOLVED_SCHEMA,
                                                          geo=False)
            if self.kind == "dataset":
                self._events_writer = PartitionedWriter(self.out)
            else:
                self._events_writer = ParquetStreamWriter(self.out, EVENTS_SCHEMA, geo=True)

    def write(self, chunk: ChunkResult) -> None:
        if self._events_writer is not None:
            self._events_writer.write(chunk.events)
        elif chunk.events.num_rows:
            self._tables.append(chunk.events)
        if self._unresolved_writer is not None:
            self._unresolved_writer.write(chunk.unresolved)
        elif chunk.unresolved.num_rows:
            self._unresolved_tables.append(chunk.unresolved)

    def close(self, report: CorpusReport) -> CorpusResult:
        events: gpd.GeoDataFrame | None = None
        unresolved: pd.DataFrame | None = None
        if self._events_writer is not None:
            self._events_writer.close()
        else:
            table = pa.concat_tables(self._tables) if self._tables else EVENTS_SCHEMA.empty_table()
            events = arrow_to_events(table)
            if self.out is not None:
                from geomap.sources.events import write_events

                write_events(events, self.out)
        if self._unresolved_writer is not None:
            self._unresolved_writer.close()
            report.unresolved_path = str(self.unresolved_path)
        else:
            table = (pa.concat_tables(self._unresolved_tables) if self._unresolved_tables
                     else UNRESOLVED_SCHEMA.empty_table())
            unresolved = table.to_pandas()
        if self.out is not None:
            report.write(_beside(self.out, ".report.json"))
        return CorpusResult(report=report, out=self.out, unresolved_path=self.unresolved_path,
                            _events=events, _unresolved=unresolved)

    def abort(self) -> None:
        for writer in (self._events_writer, self._unresolved_writer):
            if writer is not None:
                writer.abort()


def _out_kind(out: Path | None) -> str:
    if out is None:
        return "memory"
    suffix = out.suffix.lower()
    if suffix == ".parquet" and not out.is_dir():
        return "parquet"
    if suffix in _IN_MEMORY_SUFFIXES:
        return "file"
    if out.exists() and not out.is_dir():
        raise InputError("output exists and is not a folder", path=str(out))
    return "dataset"


def _beside(out: Path, suffix: str) -> Path:
    """``events`` -> ``events<suffix>``; ``events.parquet`` -> ``events<suffix>``."""
    stem = out.name[: -len(out.suffix)] if out.suffix else out.name
    return out.with_name(stem + suffix)


def read_corpus_events(path: PathLike, *, filters: Any = None) -> gpd.GeoDataFrame:
    """Read events written by :func:`extract_corpus` (dataset folder or any events file).

    Parameters
    ----------
    path
        A partitioned dataset folder, a ``.parquet`` file, or any file
        :func:`geomap.read_events` reads.
    filters
        For Parquet: pyarrow filters such as ``[("country", "=", "LY"), ("year", ">=", 2020)]``.
    """
    p = Path(path)
    if p.is_dir() or p.suffix.lower() == ".parquet":
        return read_partitioned(p, filters=filters)
    from geomap.sources.events import read_events

    return read_events(p)


def write_partitioned(events: pd.DataFrame, root: PathLike, *,
                      rows_per_file: int = 250_000) -> Path:
    """Write an events frame as a partitioned GeoParquet dataset (``year=YYYY/country=CC``).

    The dataset is assembled beside ``root`` and moved into place when complete.
    """
    writer = PartitionedWriter(root, rows_per_file=rows_per_file,
                               max_buffered_rows=max(rows_per_file, len(events)))
    try:
        for start in range(0, len(events), rows_per_file):
            writer.write(events_to_arrow(events.iloc[start:start + rows_per_file]))
    except BaseException:
        writer.abort()
        raise
    return writer.close()


def corpus_layers(source: PathLike | pd.DataFrame, *, engine: str = "local",
                  scheduler: Any = None, jobs: int = 1, at: str | None = None,
                  **kwds: Any) -> Any:
    """Build :class:`geomap.Layers` from events written by :func:`extract_corpus`.

    Partition-wise work (reading, keeping the kinds that change layers, place keys) runs on
    Dask with ``engine="dask"``, and places, intervals and ``control_at(at)`` are reduced per
    place on the cluster; see :mod:`geomap.corpus.layers`. Both engines give the same tables.
    """
    from geomap.corpus.layers import corpus_layers as _layers

    return _layers(source, engine=engine, scheduler=scheduler, jobs=jobs, at=at, **kwds)


def sort_events(events: pd.DataFrame) -> pd.DataFrame:
    """Events in a canonical order (for comparing runs): by id, source and evidence offsets."""
    keys = [c for c in ("event_id", "source", "evidence_start", "evidence_end", "place")
            if c in events.columns]
    return events.sort_values(keys, kind="stable").reset_index(drop=True)


__all__ = [
    "DEFAULT_EXTRACTOR",
    "CorpusReport",
    "CorpusResult",
    "corpus_layers",
    "extract_corpus",
    "read_corpus_events",
    "sort_events",
    "write_partitioned",
]
