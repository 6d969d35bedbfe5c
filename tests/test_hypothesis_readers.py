"""Property tests of every table reader: analyst CSV, ACLED, UCDP GED, geomap's own schema as
CSV, JSON lines and GeoJSON.

Tables are generated with plausible and hostile cells (impossible, far past and future dates;
NaN, infinity, out-of-range and swapped coordinates; delimiters, quotes, newlines, NUL, formula
and script payloads; nested JSON values). Whatever the table, the reader must not crash (only
:mod:`geomap.errors` exceptions), must account for every record it was given
(``seen = events + unresolved + rejected`` and ``seen`` = the records in the file, counted here
independently), and every event it makes must have a valid date and coordinates.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from payloads import FORMULA_PAYLOADS, TEMPLATE_PAYLOADS, XSS_PAYLOADS

from geomap.errors import GeomapError
from geomap.runreport import RunReport

HEADERS: dict[str, list[str]] = {
    "own": ["event_id", "event_date", "date_precision", "kind", "actor", "previous_actor",
            "confirmed", "confidence", "place", "location", "country", "latitude", "longitude",
            "geo_precision", "evidence", "source"],
    "acled": ["event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type",
              "actor1", "actor2", "iso", "country", "location", "latitude", "longitude",
              "geo_precision", "source", "notes"],
    "ucdp": ["id", "type_of_violence", "side_a", "side_b", "source_office", "source_headline",
             "where_prec", "where_coordinates", "where_description", "latitude", "longitude",
             "country", "event_clarity", "date_prec", "date_start", "date_end"],
    "analyst": ["date", "place", "actor", "previous_actor", "country", "confirmed", "source",
                "notes"],
}

_HOSTILE = XSS_PAYLOADS[:8] + TEMPLATE_PAYLOADS[:4] + FORMULA_PAYLOADS + [
    "", " ", ",", ";", "\t", "\"", "\"\"", "a\nb", "a\r\nb", "\r", "\x00", "\ufeff", "\u200f",
    "طرابلس", "N/A", "null", "None", "true", "-", "—", "x" * 3000,
]
_DATES = st.one_of(
    st.dates(min_value=dt.date(1995, 1, 1), max_value=dt.date(2030, 12, 31)).map(
        dt.date.isoformat),
    st.sampled_from(["0001-01-01", "1066-10-14", "9999-12-31", "2020-02-30", "2021-02-29",
                     "2020-13-01", "2020-00-10", "2020-06", "2020", "June 2020",
                     "5 June 2020", "2020-06-05T10:00:00", "2020-06-05 00:00:00.000",
                     "20200605", "05/06/2020", "-2020-01-01", "+2020-01-01", "1e9", "", "NaT"]),
    st.text(max_size=15),
)
_NUMBER_TEXT = st.sampled_from(["NaN", "nan", "inf", "-inf", "Infinity", "1e400", "-1e400", "",
                                "  32.5  ", "32,5", "0x20", "1_000", "--1", "٣٢٫٥", "32.5.1",
                                "-0", "+13.2", "90.0000001", "-180.0000001"])
_LATS = st.one_of(st.floats(-90, 90).map(repr), st.floats().map(repr),
                  st.floats(-1000, 1000).map(repr), _NUMBER_TEXT)
_LONS = st.one_of(st.floats(-180, 180).map(repr), st.floats().map(repr), _NUMBER_TEXT)
_PLACES = st.sampled_from(["Tripoli", "Misrata", "Tarhuna", "Sirte", "Kharkiv", "Aleppo",
                           "Nowhere-at-all", "Springfield", "Georgia", "طرابلس"])
_TEXT = st.one_of(st.sampled_from(_HOSTILE), st.text(max_size=20), _PLACES)

COLUMN: dict[str, Any] = {
    "event_date": _DATES, "date": _DATES, "date_start": _DATES, "date_end": _DATES,
    "latitude": _LATS, "longitude": _LONS,
    "kind": st.one_of(st.sampled_from(["control_change", "claimed_control", "contested",
                                       "objective", "route", "mention"]), _TEXT),
    "date_precision": st.one_of(st.sampled_from(["day", "week", "month", "year", "before",
                                                 "unknown"]), _TEXT),
    "confirmed": st.one_of(st.sampled_from(["true", "false", "1", "0", "yes", ""]), _TEXT),
    "confidence": st.one_of(st.floats().map(repr), _NUMBER_TEXT),
    "country": st.one_of(st.sampled_from(["LY", "UA", "SY", "Libya", "ZZ", "", "ly"]), _TEXT),
    "iso": st.one_of(st.sampled_from(["434", "804", "0", "-1", ""]), _TEXT),
    "place": st.one_of(_PLACES, _TEXT), "location": st.one_of(_PLACES, _TEXT),
    "actor": st.one_of(st.sampled_from(["GNA", "LNA", "UA", "RU", ""]), _TEXT),
    "time_precision": st.one_of(st.sampled_from(["1", "2", "3", "4", ""]), _TEXT),
    "geo_precision": st.one_of(st.sampled_from(["1", "2", "3", "town", "point", ""]), _TEXT),
    "where_prec": st.one_of(st.sampled_from(["1", "2", "3", "4", "5", "6", "7", "9"]), _TEXT),
    "date_prec": st.one_of(st.sampled_from(["1", "2", "3", "4", "5"]), _TEXT),
    "type_of_violence": st.one_of(st.sampled_from(["1", "2", "3"]), _TEXT),
    "event_type": st.one_of(st.sampled_from(["Battles", "Strategic developments"]), _TEXT),
    "sub_event_type": st.one_of(st.sampled_from([
        "Government regains territory", "Non-state actor overtakes territory", "Armed clash",
        "Headquarters or base established"]), _TEXT),
}


def _row(fmt: str) -> Any:
    return st.fixed_dictionaries({c: COLUMN.get(c, _TEXT) for c in HEADERS[fmt]})


# ~0.2 s per read (a reader has a fixed cost per table): pinned, not scaled by the long profile.
_COSTLY = settings(max_examples=30, deadline=None,
                   suppress_health_check=[HealthCheck.function_scoped_fixture,
                                          HealthCheck.too_slow, HealthCheck.data_too_large])


@functools.cache
def _context() -> dict[str, Any]:
    """Loaded once (not a fixture, so failing examples print short): gazetteer, actor sets."""
    from geomap.actors import ActorSet
    from geomap.gazetteer import Gazetteer

    return {"gazetteer": Gazetteer.default(), "actors": ActorSet.default()}


def _read(path: Path) -> RunReport | None:
    import geomap

    report = RunReport(command="read")
    try:
        events = geomap.read_events(path, report=report, **_context())
    except GeomapError:
        return None
    assert report.balanced, report.summary()
    assert report.seen == report.rows
    assert report.events == len(events)
    for row in events.to_dict("records"):
        lat, lon = row["latitude"], row["longitude"]
        assert math.isfinite(lat) and -90 <= lat <= 90, row
        assert math.isfinite(lon) and -180 <= lon <= 180, row
        assert row["geometry"] is not None
        if row["event_date"]:
            year = dt.date.fromisoformat(row["event_date"]).year
            assert 1900 <= year <= 2100, row["event_date"]
    for item in report.rejected:
        assert isinstance(item["line"], int) and item["line"] >= 1, item
        assert item["reason"], item
    for item in report.unresolved:
        assert item["reason"], item
    return report


def _csv_records(path: Path) -> int:
    """Data records in a CSV file, counted by the standard library (blank lines skipped)."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    return sum(1 for r in rows[1:] if r)


@_COSTLY
@given(fmt=st.sampled_from(sorted(HEADERS)), data=st.data())
def test_csv_readers_account_for_every_row(fmt: str, data: st.DataObject,
                                           tmp_path_factory: pytest.TempPathFactory) -> None:
    rows = data.draw(st.lists(_row(fmt), max_size=12), label="rows")
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=HEADERS[fmt])
    writer.writeheader()
    writer.writerows(rows)
    path = Path(tmp_path_factory.mktemp(fmt)) / f"{fmt}.csv"
    path.write_text(out.getvalue(), encoding="utf-8", newline="")
    report = _read(path)
    assert report is not None, "a well-formed CSV with a known header must read"
    assert report.rows == _csv_records(path)


@_COSTLY
@given(fmt=st.sampled_from(sorted(HEADERS)), body=st.binary(max_size=600))
def test_csv_readers_survive_arbitrary_bytes(fmt: str, body: bytes,
                                             tmp_path_factory: pytest.TempPathFactory) -> None:
    path = Path(tmp_path_factory.mktemp(fmt)) / "bytes.csv"
    path.write_bytes(",".join(HEADERS[fmt]).encode() + b"\n" + body)
    _read(path)


_JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
    lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=5), c, max_size=3),
    max_leaves=6,
)


def _json_record(fmt: str) -> Any:
    plain = _row(fmt)
    odd = st.dictionaries(st.sampled_from(HEADERS[fmt] + ["extra", ""]), _JSON_VALUE,
                          max_size=len(HEADERS[fmt]))
    return st.one_of(plain, odd, plain.flatmap(
        lambda r: odd.map(lambda o: {**r, **o})))


@_COSTLY
@given(data=st.data())
def test_jsonl_reader_accounts_for_every_line(data: st.DataObject,
                                              tmp_path_factory: pytest.TempPathFactory) -> None:
    records = data.draw(st.lists(_json_record("own"), max_size=10), label="records")
    garbage = data.draw(st.lists(st.one_of(
        st.text(max_size=20), st.sampled_from(["[", "{", "[1, 2]", "null", "\"text\"",
                                               "{\"a\": NaN}", "[" * 5000 + "]" * 5000,
                                               "{\"a\":" * 3000 + "1" + "}" * 3000])),
        max_size=3), label="garbage")
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    lines += [g.replace("\n", " ").replace("\r", " ").replace("\x85", " ").replace(
        "\u2028", " ").replace("\u2029", " ").replace("\x0b", " ").replace("\x0c", " ").replace(
        "\x1c", " ").replace("\x1d", " ").replace("\x1e", " ") for g in garbage]
    order = data.draw(st.permutations(range(len(lines))), label="order")
    lines = [lines[i] for i in order]
    path = Path(tmp_path_factory.mktemp("jsonl")) / "events.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = _read(path)
    if report is not None:
        assert report.rows == sum(1 for line in lines if line.strip())


_GEOMETRY = st.one_of(
    st.none(),
    st.builds(lambda x, y: {"type": "Point", "coordinates": [x, y]},
              st.floats(-180, 180), st.floats(-90, 90)),
    st.builds(lambda c: {"type": "Point", "coordinates": c}, _JSON_VALUE),
    st.builds(lambda t, c: {"type": t, "coordinates": c},
              st.sampled_from(["LineString", "Polygon", "MultiPoint", "point", ""]), _JSON_VALUE),
    _JSON_VALUE,
)


@_COSTLY
@given(data=st.data())
def test_geojson_reader_accounts_for_every_feature(data: st.DataObject,
                                                   tmp_path_factory: pytest.TempPathFactory
                                                   ) -> None:
    feature = st.one_of(
        st.builds(lambda p, g: {"type": "Feature", "properties": p, "geometry": g},
                  _json_record("own"), _GEOMETRY),
        st.builds(lambda p, g: {"type": "Feature", "properties": p, "geometry": g},
                  _JSON_VALUE, _GEOMETRY),
        _JSON_VALUE,
    )
    features = data.draw(st.lists(feature, max_size=8), label="features")
    path = Path(tmp_path_factory.mktemp("geojson")) / "events.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}),
                    encoding="utf-8")
    report = _read(path)
    if report is not None:
        assert report.rows == len(features)


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(suffix=st.sampled_from([".geojson", ".jsonl", ".json"]), body=st.binary(max_size=400))
def test_json_readers_survive_arbitrary_bytes(suffix: str, body: bytes,
                                              tmp_path_factory: pytest.TempPathFactory) -> None:
    path = Path(tmp_path_factory.mktemp("raw")) / f"t{suffix}"
    path.write_bytes(body)
    _read(path)


@pytest.mark.parametrize("depth", [100, 100_000])
@pytest.mark.parametrize("suffix", [".jsonl", ".geojson"])
def test_deeply_nested_json_is_rejected_not_a_crash(depth: int, suffix: str,
                                                    tmp_path: Path) -> None:
    deep = "[" * depth + "]" * depth
    if suffix == ".jsonl":
        body = '{"kind": "control_change"}\n' + deep + "\n"
    else:
        body = '{"type": "FeatureCollection", "features": ' + deep + "}"
    path = tmp_path / f"deep{suffix}"
    path.write_text(body, encoding="utf-8")
    _read(path)  # a rejected line or a LimitError, never RecursionError
