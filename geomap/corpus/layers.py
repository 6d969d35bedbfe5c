"""Layers from a (partitioned) events dataset, locally or on Dask.

Layers only use events of the control timeline (control_change, claimed_control, contested),
routes and objectives; ``mention`` rows, the bulk of a text corpus, never change a layer. So:

1. partition-wise (dask-geopandas on Dask, pyarrow filters locally): read the dataset, keep the
   layer kinds, normalise the Hive ``country`` column, compute each row's place key;
2. per place (Dask): shuffle those rows by place key so that every place's events sit in one
   partition, and reduce each partition with :func:`geomap.build_layers` into its places,
   intervals and (optionally) ``control_at`` rows, which are independent per place;
3. on the client: :class:`geomap.Layers` over the (small) layer events supplies the zones,
   fronts, routes, objectives and changes, with the distributed tables installed.

Both paths put the layer events in one canonical order first, so they give the same tables.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any, Final

import geopandas as gpd
import numpy as np
import pandas as pd

from geomap._io.partitioned import read_partitioned
from geomap.errors import InputError

log = logging.getLogger("geomap.corpus")

#: Kinds that can change a layer (everything but ``mention``).
LAYER_KINDS: Final = ("control_change", "claimed_control", "held", "contested", "objective",
                      "route")
#: Canonical order of layer events, so that ties resolve the same way on every engine.
ORDER: Final = ("event_date", "source", "evidence_start", "event_id", "location", "place",
                "actor", "kind")


def canonical(events: pd.DataFrame) -> pd.DataFrame:
    """Layer events in :data:`ORDER` (stable), with a fresh index."""
    if len(events) == 0:
        return events.reset_index(drop=True)
    keys = [c for c in ORDER if c in events.columns]
    return events.sort_values(keys, kind="stable").reset_index(drop=True)


def merged(events: pd.DataFrame) -> pd.DataFrame:
    """Events in canonical order with reports of the same event folded (``merge_events``).

    Events with the same id share their identity (place, date, actors), so they always sit in
    the same partition of a dataset and in the same place partition after the shuffle.
    """
    from geomap.sources.events import merge_events

    events = canonical(events)
    if len(events) == 0:
        return events
    return canonical(pd.DataFrame(merge_events(events)))


def place_keys(events: pd.DataFrame) -> np.ndarray:
    """The place key of every row, as :mod:`geomap.layers` defines it."""
    def text(col: str) -> np.ndarray:
        if col not in events.columns:
            return np.full(len(events), "", dtype=object)
        return events[col].astype(object).where(events[col].notna(), "").to_numpy(dtype=object)

    gid, loc, written, cc = text("gazetteer_id"), text("location"), text("place"), text("country")
    loc = np.where(loc != "", loc, written)
    return np.array([g if g else f"{lo}|{c}" for g, lo, c in zip(gid, loc, cc, strict=True)],
                    dtype=object)


def _normalise(part: pd.DataFrame) -> pd.DataFrame:
    """One partition: plain string ``country``, no ``year``, layer kinds only, place key."""
    part = part.drop(columns=[c for c in ("year",) if c in part.columns])
    if "country" in part.columns:
        part["country"] = part["country"].astype(object).where(part["country"].notna(), "")
        part["country"] = part["country"].astype(str).astype(object)
    part = part[part["kind"].isin(LAYER_KINDS)]
    part = part.assign(_place_key=place_keys(part))
    return part


def _columns(path: Path) -> list[str]:
    import pyarrow.dataset as ds

    names = ds.dataset(path, format="parquet", partitioning="hive").schema.names
    return [c for c in names if c != "geometry"]


def _place_tables(part: pd.DataFrame, last: str | None, at: str | None,
                  kwds: dict[str, Any]) -> dict[str, pd.DataFrame]:
    """Per-place layer tables of one shuffled partition (all events of its places)."""
    from geomap.layers import build_layers

    layers = build_layers(merged(part.drop(columns=["_place_key"])), **kwds)
    places = layers.places
    if last is not None and len(places):
        # A place's status is its state on the latest date of the whole corpus.
        places = places.copy()
        places["status"] = layers.control_at(last)["status"].to_numpy()
    out = {"places": places, "intervals": layers.intervals}
    if at is not None:
        out["control_at"] = layers.control_at(at)
    return out


def _read_local(source: Any) -> pd.DataFrame:
    if isinstance(source, pd.DataFrame):
        frame = source
        frame = frame[frame["kind"].isin(LAYER_KINDS)]
    else:
        frame = read_partitioned(source, filters=[("kind", "in", list(LAYER_KINDS))])
    return gpd.GeoDataFrame(merged(frame), geometry="geometry", crs="EPSG:4326")


def corpus_layers(source: str | os.PathLike[str] | pd.DataFrame, *, engine: str = "local",
                  scheduler: Any = None, jobs: int = 1, at: str | None = None,
                  npartitions: int | None = None, **kwds: Any) -> Any:
    """Build :class:`geomap.Layers` from an events dataset written by ``extract_corpus``.

    Parameters
    ----------
    source
        A partitioned dataset folder, a ``.parquet`` events file, or an events frame (local).
    engine
        ``"local"`` or ``"dask"``.
    scheduler
        Dask scheduler address or ``distributed.Client`` (``None``: active client or a
        temporary LocalCluster with ``jobs`` workers).
    at
        Also compute ``control_at(at)`` per place on the cluster (served by the result's
        :meth:`control_at` for that date).
    npartitions
        Partitions after the shuffle by place (default: two per worker thread).
    **kwds
        Passed to :func:`geomap.build_layers` (``contested_window_days``, ``surface``,
        ``actors``, ``unresolved``).

    Returns
    -------
    geomap.Layers
        Built over the layer events, reports of the same event merged (``.events`` holds
        those, not the mentions).
    """
    from geomap.layers import build_layers

    if engine == "local":
        return build_layers(_read_local(source), **kwds)
    if engine != "dask":
        raise InputError(f"unknown engine {engine!r} (choose from local, dask)")
    if isinstance(source, pd.DataFrame):
        raise InputError("the dask engine builds layers from a dataset folder or .parquet file")
    path = Path(source)
    if not path.exists():
        raise InputError("no such events dataset", path=str(path))
    from geomap.corpus.dask import dask_client

    with dask_client(scheduler, workers=jobs) as client:
        return _dask_layers(path, client, at=at, npartitions=npartitions, kwds=kwds)


def _dask_layers(path: Path, client: Any, *, at: str | None, npartitions: int | None,
                 kwds: dict[str, Any]) -> Any:
    import dask
    import dask.dataframe as dd
    import dask_geopandas

    from geomap.layers import build_layers

    build_kwds = {k: v for k, v in kwds.items() if k not in ("unresolved", "actors")}
    # Plain Parquet reading (the WKB column is not decoded: layers use latitude/longitude),
    # then partition-wise: layer kinds only, place keys. Persisted: used twice below.
    ddf = dd.read_parquet(str(path), columns=_columns(path))
    ddf = ddf.map_partitions(_normalise)
    threads = max(1, sum(int(v) for v in client.nthreads().values()))
    if ddf.npartitions > 4 * threads:
        # Hive datasets hold many small files (year x country): fewer, larger partitions.
        ddf = ddf.repartition(npartitions=2 * threads)
    ddf = client.persist(ddf)
    # Points are rebuilt partition-wise with dask-geopandas; the layer events are small next
    # to the corpus, so they are gathered for zones, fronts, routes and changes.
    points = dask_geopandas.points_from_xy(ddf, "longitude", "latitude", crs="EPSG:4326")
    gdf = dask_geopandas.from_dask_dataframe(ddf.drop(columns=["_place_key"]), geometry=points)
    events = merged(client.compute(gdf).result())
    events = gpd.GeoDataFrame(events, geometry="geometry", crs="EPSG:4326")
    layers = build_layers(events, **kwds)
    dates = layers.dates()
    last = dates[-1] if dates else None
    n = npartitions or max(1, min(2 * threads, ddf.npartitions))
    # Per place: a task-based shuffle (small data; no shuffle service needed) puts every
    # place's events in one partition, reduced there by build_layers.
    shuffled = ddf.shuffle("_place_key", npartitions=n, shuffle_method="tasks")
    tasks = [dask.delayed(_place_tables)(part, last, at, build_kwds)
             for part in shuffled.to_delayed()]
    results = client.gather(client.compute(tasks))
    tables: dict[str, Any] = {}
    for name in ("places", "intervals", *(("control_at",) if at is not None else ())):
        parts = [r[name] for r in results if len(r[name])]
        if not parts:
            continue
        frame = pd.concat(parts, ignore_index=True)
        # Place codes follow sorted place keys: a stable sort by key restores the local order.
        frame = frame.iloc[np.argsort(frame["place_key"].to_numpy(dtype=str), kind="stable")]
        tables[name] = gpd.GeoDataFrame(frame.reset_index(drop=True), geometry="geometry",
                                        crs="EPSG:4326")
    # Install the per-place tables computed on the cluster in the layers' caches.
    for name in ("places", "intervals"):
        if name in tables:
            layers.__dict__[name] = tables[name]
    if "control_at" in tables:
        # An instance attribute shadows the method: control_at(at) is served from the cluster's
        # per-place result, any other date from the local timeline.
        layers.control_at = _ControlAt(  # type: ignore[method-assign]
            tables["control_at"], str(at), layers.control_at)
    return layers


class _ControlAt:
    """``Layers.control_at`` with one date precomputed on the cluster."""

    def __init__(self, table: gpd.GeoDataFrame, at: str, fallback: Any) -> None:
        self._table, self._at, self._fallback = table, at, fallback

    def __call__(self, date: Any) -> gpd.GeoDataFrame:
        if str(date) == self._at:
            return self._table.copy()
        return self._fallback(date)
