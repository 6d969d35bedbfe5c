"""Corpus engine mechanics: same events on every engine and chunk size, failures recorded,
bounded streaming, partitioned GeoParquet round trip.

These tests use a small gazetteer-only extractor defined here (every toponym the gazetteer
resolves becomes a ``mention`` event), so they exercise the engine independently of the
event-pattern rules; tests/test_corpus_dask.py runs the real extractor.
"""

from __future__ import annotations

import itertools
import json
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import pytest

from geomap._io.partitioned import (
    PartitionedWriter,
    events_to_arrow,
    read_partitioned,
)
from geomap.corpus.engine import _chunks, run_corpus, sort_events
from geomap.corpus.pool import Settings, ordered_bounded
from geomap.errors import InputError
from geomap.runreport import RunReport
from geomap.schema import events_frame

STUB = Settings(extractor="test_corpus_engine:stub_extract")


@dataclass
class Doc:
    id: str
    text: str
    date: str | None = None
    url: str = ""
    path: str = ""


def stub_extract(doc, *, gazetteer, actors=None):
    """Gazetteer-only extractor; a text containing 'KABOOM' raises like a buggy rule would."""
    records, unresolved, report = _stub_records(doc, gazetteer)
    return SimpleNamespace(events=events_frame(records), unresolved=pd.DataFrame(unresolved),
                           report=report)


def stub_extract_records(doc, *, gazetteer, actors=None):
    """The same extractor on the fast path: events and unresolved as lists of dicts."""
    records, unresolved, report = _stub_records(doc, gazetteer)
    return SimpleNamespace(events=records, unresolved=unresolved, report=report)


def _stub_records(doc, gazetteer):
    from geomap.gazetteer import find_toponyms

    if "KABOOM" in doc.text:
        raise ValueError("rule crashed")
    mentions = find_toponyms(doc.text, gazetteer)
    resolutions = gazetteer.resolve_mentions(mentions, text=doc.text)
    records, unresolved = [], []
    for m, r in zip(mentions, resolutions):
        if r.place is None:
            unresolved.append({"place": m.text, "source": doc.id, "evidence": "",
                               "reason": r.reason or "unknown", "candidates": ""})
            continue
        p = r.place
        records.append({"kind": "mention", "event_date": doc.date or "", "place": m.text,
                        "location": p.name, "country": p.country, "latitude": p.lat,
                        "longitude": p.lon, "gazetteer_id": p.id, "evidence_start": m.start,
                        "evidence_end": m.end, "source": doc.id, "confidence": r.confidence})
    report = RunReport(documents=1, seen=len(mentions), events=len(records), unresolved=unresolved)
    return records, unresolved, report


_SENTENCES = (
    "Fighters moved from {a} toward {b} before dawn.",
    "Officials in {a} said the road to {b} was cut.",
    "Shelling was heard near {a}.",
    "A convoy left {b} for {a} on Friday.",
    "Nothing else was reported.",
)
_TOWNS = (("Misrata", "Sirte"), ("Aleppo", "Homs"), ("Kharkiv", "Izium"), ("Mosul", "Kirkuk"),
          ("Aden", "Taiz"), ("Benghazi", "Derna"))


def _docs(n: int) -> list[Doc]:
    docs = []
    for i in range(n):
        a, b = _TOWNS[i % len(_TOWNS)]
        text = " ".join(_SENTENCES[(i + k) % len(_SENTENCES)].format(a=a, b=b) for k in range(3))
        year = 2015 + i % 4
        docs.append(Doc(id=f"doc-{i:03d}", text=text, date=f"{year}-0{1 + i % 9}-1{i % 10}"))
    return docs


@pytest.fixture(scope="module")
def docs() -> list[Doc]:
    d = _docs(36)
    d[7] = Doc(id="doc-bad", text="Near Misrata the parser hit KABOOM.", date="2016-02-02")
    return d


@pytest.fixture(scope="module")
def serial(docs):
    return run_corpus(docs, STUB, progress=False, chunk_size=5)


def _rows(frame: pd.DataFrame) -> pd.DataFrame:
    return sort_events(frame).drop(columns="geometry")


def test_serial_accounts_for_every_mention_and_failure(serial) -> None:
    report = serial.report
    assert report.documents == 36
    assert report.events == len(serial.events) > 0
    assert report.balanced
    assert [f["document"] for f in report.failures] == ["doc-bad"]
    assert "ValueError: rule crashed" in report.failures[0]["reason"]
    assert report.n_rejected == 1
    assert set(serial.events["source"]) == {d.id for d in _docs(36)} - {"doc-007"}


@pytest.mark.parametrize("chunk_size", [1, 4, 50])
def test_chunk_size_does_not_change_events(docs, serial, chunk_size) -> None:
    other = run_corpus(docs, STUB, progress=False, chunk_size=chunk_size)
    pd.testing.assert_frame_equal(_rows(other.events), _rows(serial.events))
    # Same order too, not only the same rows: output follows document order.
    assert other.events["event_id"].tolist() == serial.events["event_id"].tolist()


def test_record_fast_path_gives_same_events(docs, serial) -> None:
    fast = run_corpus(docs, Settings(extractor="test_corpus_engine:stub_extract_records"),
                      progress=False, chunk_size=7)
    pd.testing.assert_frame_equal(fast.events.drop(columns="geometry"),
                                  serial.events.drop(columns="geometry"))
    assert fast.events.geometry.equals(serial.events.geometry)
    pd.testing.assert_frame_equal(fast.unresolved, serial.unresolved)


def test_process_pool_gives_same_events(docs, serial) -> None:
    pooled = run_corpus(docs, STUB, progress=False, jobs=2, chunk_size=3)
    pd.testing.assert_frame_equal(_rows(pooled.events), _rows(serial.events))
    assert pooled.report.failures == serial.report.failures
    assert pooled.report.n_unresolved == serial.report.n_unresolved


def test_dask_local_cluster_gives_same_events(docs, serial) -> None:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        result = run_corpus(docs, STUB, progress=False, engine="dask", scheduler=client,
                            chunk_size=4)
    pd.testing.assert_frame_equal(_rows(result.events), _rows(serial.events))
    assert result.report.failures == serial.report.failures


def test_partitioned_dataset_round_trip_and_duckdb(docs, serial, tmp_path: Path) -> None:
    out = tmp_path / "events"
    result = run_corpus(docs, STUB, progress=False, out=out, chunk_size=6)
    years = {p.name for p in out.iterdir()}
    assert years == {f"year={y}" for y in range(2015, 2019)}
    files = sorted(out.rglob("*.parquet"))
    assert all(f.parent.name.startswith("country=") for f in files)
    geo = json.loads(pq.read_schema(files[0]).metadata[b"geo"])
    assert geo["primary_column"] == "geometry" and geo["columns"]["geometry"]["encoding"] == "WKB"
    pd.testing.assert_frame_equal(_rows(result.events), _rows(serial.events))
    assert result.events.crs.to_epsg() == 4326
    assert (tmp_path / "events.report.json").exists()
    report = json.loads((tmp_path / "events.report.json").read_text())
    assert report["balanced"] and report["documents"] == 36
    assert len(result.unresolved) == serial.report.n_unresolved
    # DuckDB reads the dataset with plain Parquet + Hive partitions.
    con = duckdb.connect()
    n = con.execute(
        "SELECT count(*) FROM read_parquet(?, hive_partitioning = true) WHERE country = 'LY'",
        [str(out / "**" / "*.parquet")],
    ).fetchone()[0]
    assert n == int((serial.events["country"] == "LY").sum()) > 0


def test_single_geoparquet_file(docs, serial, tmp_path: Path) -> None:
    import geopandas as gpd

    out = tmp_path / "events.parquet"
    run_corpus(docs, STUB, progress=False, out=out, chunk_size=8)
    back = gpd.read_parquet(out)
    assert len(back) == len(serial.events)
    assert back.crs.to_epsg() == 4326
    assert back.geometry.x.round(6).tolist() == serial.events["longitude"].round(6).tolist()


def test_partitioned_writer_bounds_buffers_and_keeps_missing_keys(tmp_path: Path) -> None:
    records = [{"kind": "mention", "event_date": f"20{10 + i % 3}-01-01" if i % 5 else "",
                "country": ["LY", "SY", ""][i % 3], "location": f"p{i}", "latitude": 1.0 + i,
                "longitude": 2.0, "source": "s"} for i in range(60)]
    table = events_to_arrow(events_frame(records))
    writer = PartitionedWriter(tmp_path / "ds", rows_per_file=7, max_buffered_rows=10)
    for start in range(0, 60, 9):
        writer.write(table.slice(start, 9))
        assert writer._buffered <= 10
    writer.close()
    back = read_partitioned(tmp_path / "ds")
    assert len(back) == 60
    assert sorted(back["location"]) == sorted(r["location"] for r in records)
    assert set(back["country"]) == {"LY", "SY", ""}
    assert (back[back["event_date"] == ""]["event_date"] == "").all()
    only_ly = read_partitioned(tmp_path / "ds", filters=[("country", "=", "LY")])
    assert set(only_ly["country"]) == {"LY"} and len(only_ly) == 20


def test_failed_run_leaves_no_dataset(tmp_path: Path) -> None:
    def broken():
        yield Doc(id="a", text="Shelling was heard near Aleppo.", date="2016-01-01")
        raise OSError("disk went away")

    with pytest.raises(OSError):
        run_corpus(broken(), STUB, progress=False, out=tmp_path / "ds")
    assert list(tmp_path.iterdir()) == []


def test_ordered_bounded_streams_lazily() -> None:
    consumed = itertools.count()
    in_flight = []
    lock = threading.Lock()
    live = [0]

    def items():
        for i in range(40):
            next(consumed)
            yield i

    def work(i: int) -> int:
        with lock:
            live[0] += 1
            in_flight.append(live[0])
        with lock:
            live[0] -= 1
        return i * i

    with ThreadPoolExecutor(4) as pool:
        gen = ordered_bounded(lambda i: pool.submit(work, i), items(), max_in_flight=3)
        first = next(gen)
        assert first == 0
        assert next(consumed) <= 4  # the input was not drained ahead of the consumer
        rest = list(gen)
    assert [first, *rest] == [i * i for i in range(40)]


def test_chunks_cut_by_count() -> None:
    docs = _docs(10)
    assert [len(c) for c in _chunks(docs, 4)] == [4, 4, 2]


def test_bad_arguments_are_input_errors(docs) -> None:
    with pytest.raises(InputError):
        run_corpus(docs, STUB, engine="spark", progress=False)
    with pytest.raises(InputError):
        run_corpus(docs, STUB, jobs=0, progress=False)
    with pytest.raises(InputError):
        run_corpus(["/nonexistent/archive"], STUB, progress=False)


def test_records_to_arrow_normalises_like_events_frame() -> None:
    from geomap._io.partitioned import arrow_to_events, records_to_arrow

    records = [
        {"kind": "control_change", "event_date": "2021-03-04", "actor": "A", "location": "X",
         "latitude": "12.5", "longitude": 3, "confirmed": "no", "evidence_start": "17"},
        {"kind": "objective", "event_date": "", "location": None, "latitude": float("nan"),
         "longitude": 4.0, "confidence": None, "evidence_end": 9.0, "confirmed": 0},
        {"event_id": "ev-given", "kind": "route", "date_precision": "month",
         "event_date": "2020-05", "related_location": "Y", "country": "SY", "extra": [1, 2]},
    ]
    fast = arrow_to_events(records_to_arrow(records)).drop(
        columns=["geometry", "n_reports", "evidence_all"])
    slow = events_frame(records).drop(columns=["geometry", "extra"])
    pd.testing.assert_frame_equal(fast, slow)
