"""Per-worker extraction state and the ordered, bounded executors of the corpus engine.

Extraction is a pure function of (document, gazetteer, actor sets, settings). A worker loads the
gazetteer and actor sets once (:func:`worker_state`, cached per process and per settings) and then
turns chunks of documents into :class:`ChunkResult` objects whose events travel as Arrow tables.
The same function runs in the calling process (``jobs=1``), in a process pool and on Dask workers,
which is why the three engines give the same events.
"""

from __future__ import annotations

import importlib
import itertools
import logging
import multiprocessing
import os
import shutil
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd
import pyarrow as pa

from geomap._io.partitioned import (
    EVENTS_SCHEMA,
    UNRESOLVED_SCHEMA,
    events_to_arrow,
    records_to_arrow,
    unresolved_to_arrow,
)

log = logging.getLogger("geomap.corpus")

T = TypeVar("T")
R = TypeVar("R")

#: Default extraction function, imported by name in every worker.
DEFAULT_EXTRACTOR = "geomap.extract:extract_records"


@dataclass(frozen=True)
class Settings:
    """Everything a worker needs besides the documents (small and picklable).

    Attributes
    ----------
    actors
        User actor-set YAML files (loaded with the bundled sets), or ``None``. Each entry is
        ``(file name, YAML text)``: the client reads the files, so remote workers need no access
        to them.
    extractor
        ``"module:function"`` called as ``f(document, gazetteer=..., actors=...)`` returning
        ``(events, unresolved, report)`` or an object with those attributes; events and
        unresolved may be frames or lists of records (see ``geomap.extract``).
    """

    actors: tuple[tuple[str, str], ...] | None = None
    extractor: str = DEFAULT_EXTRACTOR


@dataclass
class ChunkResult:
    """What a worker returns for one chunk of documents (compact: Arrow tables and counters)."""

    documents: int = 0
    text_bytes: int = 0
    seen: int = 0
    events: pa.Table = field(default_factory=EVENTS_SCHEMA.empty_table)
    unresolved: pa.Table = field(default_factory=UNRESOLVED_SCHEMA.empty_table)
    rejected: list[dict[str, Any]] = field(default_factory=list)
    failures: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0
    worker: str = ""


@dataclass
class _State:
    gazetteer: Any
    actors: Any
    extract: Callable[..., Any]


_STATES: dict[Settings, _State] = {}
_LOCK = threading.Lock()


def _load_state(settings: Settings) -> _State:
    from geomap.gazetteer import Gazetteer

    module_name, _, func_name = settings.extractor.partition(":")
    extract = getattr(importlib.import_module(module_name), func_name)
    gazetteer = Gazetteer.default()
    actors: Any = None
    if settings.actors is not None:
        from geomap.actors import ActorSet

        # Materialise the YAML texts the client sent; ActorSet.load reads files.
        folder = Path(tempfile.mkdtemp(prefix="geomap-actors-"))
        try:
            paths = []
            for i, (name, text) in enumerate(settings.actors):
                path = folder / f"{i:03d}-{Path(name).name}"
                path.write_text(text, encoding="utf-8")
                paths.append(path)
            actors = ActorSet.load(paths, include_default=True)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    return _State(gazetteer=gazetteer, actors=actors, extract=extract)


def worker_state(settings: Settings) -> _State:
    """The gazetteer, actor sets and extractor of this process, loaded once per settings."""
    state = _STATES.get(settings)
    if state is None:
        with _LOCK:  # Dask threads of one worker share the state: load it once
            state = _STATES.get(settings)
            if state is None:
                t0 = time.perf_counter()
                state = _load_state(settings)
                _STATES[settings] = state
                log.debug("worker %s loaded gazetteer in %.2fs", os.getpid(),
                          time.perf_counter() - t0)
    return state


def init_worker(settings: Settings) -> None:
    """Process-pool initializer: load the worker state before the first task arrives."""
    worker_state(settings)


def extract_chunk(documents: list[Any], settings: Settings) -> ChunkResult:
    """Extract events from a chunk of documents; a failing document is recorded, not fatal.

    Parameters
    ----------
    documents
        :class:`geomap.sources.documents.Document` objects (``id``, ``text``, ...).
    settings
        Worker settings; the state they name is loaded once per process.

    Returns
    -------
    ChunkResult
        Events and unresolved mentions as Arrow tables (document order), counters, failures.
    """
    t0 = time.perf_counter()
    state = worker_state(settings)
    result = ChunkResult(worker=str(os.getpid()))
    pieces: list[list[dict[str, Any]] | pd.DataFrame] = []
    unresolved: list[pa.Table] = []
    for doc in documents:
        result.documents += 1
        result.text_bytes += len(doc.text.encode("utf-8"))
        try:
            extraction = state.extract(doc, gazetteer=state.gazetteer, actors=state.actors)
        except Exception as exc:  # noqa: BLE001 - one bad document must not stop a corpus run
            reason = f"{type(exc).__name__}: {exc}"
            log.debug("document %s failed: %s", doc.id, reason)
            failure = {"document": doc.id, "path": getattr(doc, "path", ""), "reason": reason}
            result.failures.append(failure)
            result.rejected.append({"source": doc.id, "line": None, "column": "",
                                    "value": "", "reason": f"extraction failed: {reason}"})
            result.seen += 1  # a failed document counts as seen and rejected
            continue
        if isinstance(extraction, tuple):
            events, unresolved_items, report = extraction
        else:
            events, unresolved_items = extraction.events, extraction.unresolved
            report = extraction.report
        result.seen += int(report.seen)
        result.rejected.extend(report.rejected)
        result.failures.extend(report.failures)
        if len(events):
            pieces.append(events)
        if len(unresolved_items):
            unresolved.append(unresolved_to_arrow(unresolved_items))
        elif report.unresolved:
            unresolved.append(unresolved_to_arrow(report.unresolved))
    if pieces:
        result.events = _pieces_to_arrow(pieces)
    if unresolved:
        result.unresolved = pa.concat_tables(unresolved)
    result.seconds = time.perf_counter() - t0
    return result


def _pieces_to_arrow(pieces: list[list[dict[str, Any]] | pd.DataFrame]) -> pa.Table:
    """Events of a chunk as one Arrow table, in document order.

    Extractors may return events as frames or as lists of records (the fast path: no pandas
    object per document); runs of the same kind are converted together.
    """
    tables = []
    for is_frame, group in itertools.groupby(pieces, key=lambda p: isinstance(p, pd.DataFrame)):
        items = list(group)
        if is_frame:
            frame = pd.concat(items, ignore_index=True) if len(items) > 1 else items[0]
            tables.append(events_to_arrow(frame))
        else:
            tables.append(records_to_arrow([r for rs in items for r in rs]))
    return pa.concat_tables(tables) if len(tables) > 1 else tables[0]


def ordered_bounded(submit: Callable[[T], Future[R]], items: Iterable[T],
                    max_in_flight: int) -> Iterator[R]:
    """Submit ``items`` and yield their results in input order, at most ``max_in_flight`` pending.

    Unlike ``Pool.imap`` (whose feeder thread drains the whole input), the input iterator is
    only advanced when a slot frees up, so a stream of documents never piles up in memory.
    """
    pending: deque[Future[R]] = deque()
    try:
        for item in items:
            pending.append(submit(item))
            while len(pending) >= max_in_flight:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for fut in pending:
            fut.cancel()


def run_serial(chunks: Iterable[list[Any]], settings: Settings) -> Iterator[ChunkResult]:
    """Run every chunk in this process."""
    for chunk in chunks:
        yield extract_chunk(chunk, settings)


def run_pool(chunks: Iterable[list[Any]], settings: Settings, jobs: int) -> Iterator[ChunkResult]:
    """Run chunks on ``jobs`` worker processes, results in chunk order.

    Workers are forked from a forkserver that has already imported geomap, and each loads the
    gazetteer once in its initializer: the compact index is memory-mapped, so its pages are
    shared through the page cache instead of being pickled with every task.
    """
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["geomap.corpus.pool", "geomap.gazetteer", "geomap.extract"])
    with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=init_worker,
                             initargs=(settings,)) as pool:
        def submit(chunk: list[Any]) -> Future[ChunkResult]:
            return pool.submit(extract_chunk, chunk, settings)

        yield from ordered_bounded(submit, chunks, max_in_flight=2 * jobs + 1)
