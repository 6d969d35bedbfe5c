"""read_events / write_events / merge_events: round trips, CSV formula injection, merging."""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal

import geomap
from geomap.errors import InputError
from geomap.runreport import RunReport
from geomap.schema import events_frame
from geomap.sources.events import events_text, merge_events, read_events, write_events
from geomap.sources.tables.own import FORMULA_STARTS, neutralise, unneutralise

DATA = Path(__file__).parent / "data" / "tables"
SUFFIXES = (".csv", ".jsonl", ".geojson", ".json", ".parquet", ".gpkg")
SOURCES = ("acled.csv", "ucdp-ged.csv", "analyst.csv", "own.csv", "own.jsonl", "own.geojson")


def _same(a: gpd.GeoDataFrame, b: gpd.GeoDataFrame) -> None:
    assert_frame_equal(pd.DataFrame(a.drop(columns="geometry")).reset_index(drop=True),
                       pd.DataFrame(b.drop(columns="geometry")).reset_index(drop=True))
    assert list(a.geometry.to_wkt()) == list(b.geometry.to_wkt())
    assert b.crs == "EPSG:4326"


@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize("suffix", SUFFIXES)
def test_round_trip(tmp_path: Path, source: str, suffix: str) -> None:
    events = read_events(DATA / source)
    assert len(events)
    for frame in (events, merge_events(events)):
        out = tmp_path / f"events{suffix}"
        write_events(frame, out)
        _same(frame, read_events(out))


def test_public_names() -> None:
    assert geomap.read_events is read_events
    assert geomap.write_events is write_events
    assert geomap.merge_events is merge_events


def _hostile_events() -> gpd.GeoDataFrame:
    return events_frame([
        {"event_date": "2020-06-05", "kind": "control_change", "actor": "=cmd|' /C calc'!A0",
         "previous_actor": "+LNA", "place": "-Tarhuna", "location": "@SUM(A1)",
         "latitude": -12.5, "longitude": -45.25, "evidence": "\tTab first", "source": "\rcr",
         "confidence": 0.5, "evidence_start": 0, "evidence_end": 10},
        {"event_date": "2020-06-06", "kind": "contested", "actor": "'already quoted",
         "place": "''two", "latitude": 1.0, "longitude": 2.0, "evidence": "plain text",
         "source": "-5"},
    ])


def test_csv_neutralises_formulas_in_text_only(tmp_path: Path) -> None:
    events = _hostile_events()
    out = tmp_path / "events.csv"
    write_events(events, out)
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    for row in rows:
        for column in ("actor", "previous_actor", "place", "location", "evidence", "source"):
            value = row[column]
            assert not value or value[0] not in FORMULA_STARTS, (column, value)
    assert rows[0]["actor"] == "'=cmd|' /C calc'!A0"
    assert rows[0]["latitude"] == "-12.5" and rows[0]["longitude"] == "-45.25"  # numbers stay
    assert rows[0]["evidence_start"] == "0" and rows[1]["evidence_end"] == "-1"
    assert rows[1]["source"] == "'-5"  # text that looks like a number is still text
    assert rows[1]["actor"] == "''already quoted"  # a leading quote is escaped too
    _same(events, read_events(out))  # and everything comes back as it was


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=12))
def test_neutralise_is_reversible(value: str) -> None:
    escaped = neutralise(value)
    assert not escaped or escaped[0] not in FORMULA_STARTS
    assert unneutralise(escaped) == value


def test_hand_written_quote_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "own.csv"
    path.write_text("kind,event_date,actor,place,latitude,longitude\n"
                    "mention,2020-01-01,'t Hooft,'s-Hertogenbosch,51.69,5.3\n", encoding="utf-8")
    ev = read_events(path)
    assert list(ev["place"]) == ["'s-Hertogenbosch"]  # not a neutralised cell: left alone


def test_write_unknown_suffix(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot write events as .xlsx"):
        write_events(_hostile_events(), tmp_path / "x.xlsx")


def test_write_is_atomic_on_failure(tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    out.write_text("previous\n", encoding="utf-8")
    bad = _hostile_events()
    bad["weird"] = [object(), object()]
    bad["confidence"] = [math.inf, 0.5]  # inf is written as null, not a failure
    write_events(bad, out)
    assert json.loads(out.read_text().splitlines()[0])["confidence"] is None
    assert list(tmp_path.iterdir()) == [out]  # no temporary file left behind


def test_events_text_is_json_lines() -> None:
    lines = events_text(_hostile_events()).splitlines()
    assert [json.loads(line)["kind"] for line in lines] == ["control_change", "contested"]


def test_read_events_fills_the_report() -> None:
    report = RunReport(command="test")
    events = read_events(DATA / "analyst-malformed.csv", report=report)
    assert report.rows == report.seen == 8
    assert report.events == len(events) == 1
    assert len(report.unresolved) == 1 and len(report.rejected) == 6
    assert report.balanced
    assert {"source", "line", "column", "value", "reason"} <= set(report.rejected[0])


# --------------------------------------------------------------------------- merging
def _report(source: str, evidence: str, confidence: float, confirmed: bool) -> dict:
    return {"event_date": "2020-06-05", "kind": "control_change", "actor": "GNA",
            "previous_actor": "LNA", "place": "Tarhuna", "location": "Tarhuna",
            "gazetteer_id": "geonames:2210221", "country": "LY", "latitude": 32.435,
            "longitude": 13.633, "evidence": evidence, "source": source,
            "confidence": confidence, "confirmed": confirmed}


def test_merge_same_change_from_several_reports() -> None:
    events = events_frame([
        _report("article-1", "GNA forces entered Tarhuna.", 0.6, False),
        _report("article-1", "Tarhuna is now held by the GNA.", 0.7, False),  # same article
        {**_report("article-2", "x", 0.5, True), "place": "Tarhunah"},  # another spelling
        {**_report("article-2", "Sirte next.", 0.9, True), "kind": "objective",
         "location": "Sirte", "gazetteer_id": "geonames:2210554"},
        _report("article-3", "GNA forces entered Tarhuna.", 0.8, False),
    ])
    merged = merge_events(events)
    assert len(merged) == 2
    tarhuna = merged.iloc[0]
    assert json.loads(tarhuna["sources"]) == ["article-1", "article-2", "article-3"]
    assert tarhuna["n_reports"] == 4
    assert [e[0] for e in json.loads(tarhuna["evidence_all"])] == [
        "GNA forces entered Tarhuna.", "Tarhuna is now held by the GNA.", "x"]
    assert tarhuna["evidence"] == "GNA forces entered Tarhuna."  # first report kept
    assert tarhuna["confidence"] == 0.8
    assert bool(tarhuna["confirmed"]) is True
    assert merged.iloc[1]["kind"] == "objective"
    assert isinstance(merged, gpd.GeoDataFrame) and merged.crs == "EPSG:4326"
    # Merging again (or merging merged output with itself) keeps counts right.
    again = merge_events(merged)
    _same(merged, again)
    twice = merge_events(pd.concat([merged, merged], ignore_index=True))
    assert list(twice["n_reports"]) == [8, 2]
    assert json.loads(twice.iloc[0]["sources"]) == ["article-1", "article-2", "article-3"]


def test_merge_keeps_distinct_events() -> None:
    events = events_frame([
        _report("a", "e", 0.5, True),
        {**_report("a", "e", 0.5, True), "event_date": "2020-06-06"},
        {**_report("a", "e", 0.5, True), "actor": "LNA", "previous_actor": "GNA"},
    ])
    merged = merge_events(events)
    assert len(merged) == 3 and list(merged["n_reports"]) == [1, 1, 1]


def test_merge_accepts_extractor_and_plain_evidence_lists() -> None:
    a = {**_report("doc-1", "first", 0.5, True), "n_reports": 2,
         "evidence_all": json.dumps([["first", 3, 8], ["second", 20, 26]])}
    b = {**_report("table.csv", "analyst note", 0.9, True), "evidence_all": '["analyst note"]'}
    merged = merge_events(events_frame([a, b]))
    assert len(merged) == 1 and merged.iloc[0]["n_reports"] == 3
    assert json.loads(merged.iloc[0]["evidence_all"]) == [
        ["first", 3, 8], ["second", 20, 26], ["analyst note", -1, -1]]


def test_merge_empty() -> None:
    merged = merge_events(events_frame([]))
    assert len(merged) == 0 and "sources" in merged.columns


def test_merge_without_repeats_writes_the_same_json_as_json_dumps() -> None:
    hostile = ['q"uote', "back\\slash", "new\nline\r\t", "ctl\x01", "é 中 \u2028", ""]
    events = events_frame([
        {**_report(src, ev, 0.5, True), "event_date": f"2020-06-{i + 1:02d}",
         "evidence_start": i, "evidence_end": i + 5}
        for i, (src, ev) in enumerate(zip(hostile, reversed(hostile), strict=True))
    ])
    merged = merge_events(events)
    for row, src, ev, i in zip(merged.itertuples(), hostile, reversed(hostile), range(9),
                               strict=False):
        assert row.sources == json.dumps([src] if src else [], ensure_ascii=False)
        assert row.evidence_all == json.dumps([[ev, i, i + 5]] if ev else [],
                                              ensure_ascii=False)
        assert json.loads(row.evidence_all) == ([[ev, i, i + 5]] if ev else [])
