"""Dask engine: document chunks become the partitions of dask bags run on a distributed cluster.

The client streams documents, groups them into chunks and submits windows of chunks as dask
bags (one partition per chunk, mapped with :func:`geomap.corpus.pool.extract_chunk`). Each worker
loads the gazetteer once (:func:`geomap.corpus.pool.worker_state` caches it per worker process).
Results come back as compact Arrow tables, in chunk order, and the client writes the output, so
workers need no access to the client's files and any scheduler address works. At most
``max_in_flight`` chunks are pending at any time, which bounds memory on both sides.
"""

from __future__ import annotations

import contextlib
import logging
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from geomap.corpus.pool import ChunkResult, Settings, extract_chunk
from geomap.errors import GeomapError

log = logging.getLogger("geomap.corpus")


def _partition(chunks: list[list[Any]], settings: Settings) -> list[ChunkResult]:
    # A bag partition holds one chunk of documents (partition_size=1).
    return [extract_chunk(list(chunk), settings) for chunk in chunks]


@contextlib.contextmanager
def dask_client(scheduler: Any = None, *, workers: int = 2) -> Iterator[Any]:
    """Yield a ``distributed.Client``.

    ``scheduler`` may be a ``Client`` (used as is), a scheduler address (``tcp://host:8786``),
    or ``None``: the current client if one is active, else a temporary ``LocalCluster`` with
    ``workers`` single-threaded worker processes, closed on exit.
    """
    try:
        from distributed import Client, LocalCluster, get_client
    except ImportError as exc:  # pragma: no cover - dask is in the [dask] extra
        raise GeomapError("the dask engine needs 'distributed': pip install geomap[dask]") from exc
    if scheduler is not None and not isinstance(scheduler, str):
        yield scheduler
        return
    if isinstance(scheduler, str):
        try:
            client = Client(scheduler, timeout="20s")
        except OSError as exc:
            raise GeomapError(f"cannot reach Dask scheduler {scheduler}: {exc}") from exc
        try:
            yield client
        finally:
            client.close()
        return
    with contextlib.suppress(ValueError):
        yield get_client()
        return
    if not logging.getLogger("geomap").isEnabledFor(logging.DEBUG):
        # The CLI logs at INFO; a temporary cluster's start-up chatter is not for the user.
        for name in ("distributed", "dask"):
            logging.getLogger(name).setLevel(logging.WARNING)
    cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                           dashboard_address=None)
    client = Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


def run_dask(chunks: Iterable[list[Any]], settings: Settings, client: Any, *,
             max_in_flight: int | None = None) -> Iterator[ChunkResult]:
    """Run chunks on the cluster of ``client``; yield their results in chunk order."""
    import dask.bag as db

    n_workers = max(1, sum(int(v) for v in client.nthreads().values()))
    limit = max_in_flight or 2 * n_workers + 1
    window = max(1, n_workers)
    pending: deque[Any] = deque()
    batch: list[list[Any]] = []

    def submit(batch: list[list[Any]]) -> None:
        # One bag per window of chunks, one partition per chunk.
        bag = db.from_sequence(batch, partition_size=1)
        parts = bag.map_partitions(_partition, settings).to_delayed()
        pending.extend(client.compute(parts))

    try:
        for chunk in chunks:
            batch.append(chunk)
            if len(batch) >= window:
                submit(batch)
                batch = []
            while len(pending) >= limit:
                yield from pending.popleft().result()
        if batch:
            submit(batch)
        while pending:
            yield from pending.popleft().result()
    finally:
        for fut in pending:
            fut.cancel()

