"""Table readers: format detection, mapping of each format, row-level rejections, accounting."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from geomap.errors import InputError, SchemaError
from geomap.schema import DATE_PRECISIONS, EVENT_COLUMNS, GEO_PRECISIONS, KINDS
from geomap.sources.tables import read_table
from geomap.sources.tables.acled import actor_variants
from geomap.sources.tables.detect import format_name

DATA = Path(__file__).parent / "data" / "tables"
ALL_FIXTURES = sorted(p.name for p in DATA.iterdir() if p.name != "unknown-format.csv")


@pytest.mark.parametrize("name", ALL_FIXTURES)
def test_every_row_is_accounted_for(name: str) -> None:
    result = read_table(DATA / name)
    assert result.rows == len(result.events) + len(result.unresolved) + len(result.rejected)
    assert result.balanced
    events = result.events
    assert list(events.columns[: len(EVENT_COLUMNS)]) == list(EVENT_COLUMNS)
    assert events.crs == "EPSG:4326"
    assert set(events["kind"]) <= set(KINDS)
    assert set(events["date_precision"]) <= set(DATE_PRECISIONS)
    assert set(events["geo_precision"]) <= set(GEO_PRECISIONS) | {""}
    assert events["latitude"].between(-90, 90).all()
    assert events["longitude"].between(-180, 180).all()
    assert events.geometry.notna().all()
    # Every rejection says where and why.
    for item in result.rejected.to_dict("records"):
        assert item["line"] >= 1 and item["reason"], item


@pytest.mark.parametrize(("name", "fmt"), [
    ("acled.csv", "acled"), ("ucdp-ged.csv", "ucdp"), ("analyst.csv", "analyst"),
    ("own.csv", "own"), ("own.jsonl", "own"), ("own.geojson", "own"),
])
def test_detects_format(name: str, fmt: str) -> None:
    assert read_table(DATA / name).format == fmt


def test_unknown_header_is_a_clear_error() -> None:
    with pytest.raises(SchemaError, match=r"unknown table format \(columns: when, where, who\)"):
        read_table(DATA / "unknown-format.csv")
    with pytest.raises(SchemaError):
        format_name(["a", "b"])


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_table(tmp_path / "missing.csv")
    bad = tmp_path / "latin1.csv"
    bad.write_bytes("date,place,actor\n2020-01-01,Gar\xe9an,GNA\n".encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8"):
        read_table(bad)
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(SchemaError, match="empty file"):
        read_table(empty)
    (tmp_path / "x.xlsx").write_bytes(b"PK")
    with pytest.raises(InputError, match="not a table file"):
        read_table(tmp_path / "x.xlsx")


def test_acled_mapping() -> None:
    ev = read_table(DATA / "acled.csv").events.set_index("place")
    assert ev.loc["Qasr Bin Ghashir", "kind"] == "control_change"
    assert ev.loc["Qasr Bin Ghashir", "actor"] == "GNA"  # long ACLED name -> canonical id
    assert ev.loc["Qasr Bin Ghashir", "previous_actor"] == "LNA"
    assert ev.loc["Hun", "date_precision"] == "week"
    assert ev.loc["Hun", "geo_precision"] == "district"
    assert "second line" in ev.loc["Hun", "evidence"]  # quoted newline inside notes
    assert ev.loc["Abu Qurayn", "kind"] == "contested"
    assert ev.loc["Abu Qurayn", "previous_actor"] == ""
    assert ev.loc["Abu Qurayn", "date_precision"] == "month"
    assert ev.loc["Abu Qurayn", "geo_precision"] == "region"
    assert ev.loc["Boni", "longitude"] == pytest.approx(-1.9833)
    assert ev.loc["Boni", "country"] == "ML"
    assert ev.loc["Misrata", "kind"] == "mention"  # a protest is kept, not a change
    assert ev.loc["Sirte", "kind"] == "control_change"  # non-violent transfer
    assert ev.loc["Gharyan", "previous_actor"] == ""  # base established: nobody lost it
    assert ev.loc["Gharyan", "confidence"] <= 0.6
    assert ev.loc["Qasr Bin Ghashir", "source"] == "ACLED:TST001 (Invented outlet)"


def test_table_places_link_to_the_gazetteer_when_close(tmp_path: Path) -> None:
    ev = read_table(DATA / "acled.csv").events.set_index("place")
    assert ev.loc["Qasr Bin Ghashir", "gazetteer_id"].startswith("geonames:")
    assert ev.loc["Sirte", "location"] == "Sirte"
    path = tmp_path / "far.csv"
    path.write_text(
        "event_date,sub_event_type,actor1,iso,location,latitude,longitude\n"
        "2020-01-06,Armed clash,LNA: Libyan National Army,434,Sirte,32.1167,20.0667\n",
        encoding="utf-8")  # Benghazi's coordinates: a different place than the Sirte we know
    far = read_table(path).events.iloc[0]
    assert (far["gazetteer_id"], far["location"]) == ("", "Sirte")


def test_acled_actor_variants() -> None:
    assert "LNA" in actor_variants("LNA: Libyan National Army")
    assert "Government of National Accord" in actor_variants(
        "Military Forces of Libya (2016-) Government of National Accord")
    assert "Islamic State" in actor_variants("Islamic State (Syria)")


def _rejected(name: str) -> pd.DataFrame:
    return read_table(DATA / name).rejected.set_index("line")


def test_acled_malformed_messages() -> None:
    result = read_table(DATA / "acled-malformed.csv")
    rej = result.rejected.set_index("line")
    assert rej.loc[2, "reason"] == "missing latitude (longitude is given)"
    assert "swapped" in rej.loc[3, "reason"] and rej.loc[3, "value"] == "132.3"
    assert rej.loc[4, "reason"] == (
        "point (13.6332, 32.4348) is outside LY; latitude and longitude look swapped")
    assert rej.loc[5, "column"] == "event_date" and "impossible date" in rej.loc[5, "reason"]
    assert rej.loc[6, "column"] == "time_precision"
    assert rej.loc[7, "column"] == "actor1"
    assert "16 fields" in rej.loc[8, "reason"]
    assert "decimal separator" in rej.loc[9, "reason"]
    assert rej.loc[10, "column"] == "longitude"
    assert "both 0" in rej.loc[11, "reason"]
    assert 12 not in rej.index  # ACLED writes days first: 04/06/2020 is 4 June
    assert "4 fields" in rej.loc[14, "reason"]
    assert "swapped" in rej.loc[15, "reason"]
    assert list(result.events["source"].str.slice(0, 12)) == ["ACLED:BAD011", "ACLED:BAD012"]
    assert result.events["event_date"].iloc[0] == "2020-06-04"
    assert (rej["source"] == str(DATA / "acled-malformed.csv")).all()


def test_ucdp_mapping_and_rejections() -> None:
    ev = read_table(DATA / "ucdp-ged.csv").events.set_index("source")
    row = ev.loc["UCDP-GED:900001 (Invented office)"]
    assert (row["kind"], row["actor"], row["geo_precision"], row["date_precision"]) == (
        "contested", row["actor"], "point", "day")
    low = ev.loc["UCDP-GED:900002 (Invented office;Other office)"]
    assert low["confirmed"] is False or not low["confirmed"]  # event_clarity 2
    assert (low["date_precision"], low["geo_precision"], low["event_date"]) == (
        "week", "town", "2020-05-14")
    assert ev.loc["UCDP-GED:900003 (Invented office)", "geo_precision"] == "region"
    assert ev.loc["UCDP-GED:900004 (Invented office)", "kind"] == "mention"  # one-sided
    rej = _rejected("ucdp-ged-malformed.csv")
    assert rej.loc[2, "reason"] == "date_end is before date_start"
    assert rej.loc[3, "column"] == "where_prec"
    assert rej.loc[4, "value"] == "north"
    assert rej.loc[5, "column"] == "side_a"
    assert "no such day" in rej.loc[6, "reason"] and "also date_end" in rej.loc[6, "reason"]
    assert rej.loc[8, "column"] == "type_of_violence"
    assert "1900-2100" in rej.loc[9, "reason"]
    good = read_table(DATA / "ucdp-ged-malformed.csv").events
    assert list(good["event_date"]) == ["2020-06-04"]  # "2020-06-04 00:00:00.000" accepted


def test_analyst_table_is_geocoded() -> None:
    result = read_table(DATA / "analyst.csv")
    ev = result.events.set_index("place")
    assert ev.loc["Tarhuna", "gazetteer_id"].startswith("geonames:")
    assert ev.loc["Tarhuna", "latitude"] == pytest.approx(32.43, abs=0.05)
    assert (ev.loc["Bani Walid", "event_date"], ev.loc["Bani Walid", "date_precision"]) == (
        "2020-06-01", "month")
    assert not ev.loc["Bani Walid", "confirmed"]
    assert (ev.loc["Sirte", "event_date"], ev.loc["Sirte", "date_precision"]) == (
        "2020-01-06", "before")
    assert ev.loc["Gharyan", "date_precision"] == "year"
    assert ev.loc["Gharyan", "source"] == "analyst.csv"  # default source: the file name
    assert ev.loc["Gharyan", "evidence"] == "analyst table"
    unresolved = result.unresolved.iloc[0]
    assert unresolved["place"] == "Qasr Ahmad Made-Up Place"
    assert unresolved["reason"] and unresolved["evidence"].startswith("This name is invented")


def test_analyst_malformed_messages() -> None:
    result = read_table(DATA / "analyst-malformed.csv")
    rej = result.rejected.set_index("line")
    assert rej.loc[2, "reason"] == "place is empty"
    assert rej.loc[3, "value"] == "2020-06-31"
    assert rej.loc[4, "value"] == "took it" and "unknown kind" in rej.loc[4, "reason"]
    assert rej.loc[5, "reason"] == "unknown country"
    assert rej.loc[6, "reason"] == "actor is empty"
    assert rej.loc[9, "reason"] == "date is empty"
    assert list(result.unresolved["place"]) == ["Zzyzx Qwerty Nowhere"]
    assert list(result.events["kind"]) == ["control_change"]  # "control change" normalised


def test_own_schema_geocodes_rows_without_coordinates() -> None:
    ev = read_table(DATA / "own.csv").events.set_index("place")
    assert ev.loc["Tarhuna", "gazetteer_id"].startswith("geonames:")
    assert ev.loc["Tarhuna", "location"] == "Tarhuna"
    assert ev.loc["Kherson", "gazetteer_id"] == ""  # coordinates given: no geocoding
    assert ev.loc["Bakhmut", "kind"] == "claimed_control"
    assert not ev.loc["Bakhmut", "confirmed"]


def test_own_malformed_messages() -> None:
    rej = _rejected("own-malformed.csv")
    assert rej.loc[2, "value"] == "conquest"
    assert rej.loc[4, "column"] == "date_precision"
    assert rej.loc[5, "reason"] == "not a boolean (true/false)"
    assert rej.loc[6, "reason"] == "confidence outside [0, 1]"
    assert "no place name" in rej.loc[7, "reason"]
    assert rej.loc[8, "column"] == "longitude"
    assert "kind is empty" in rej.loc[11, "reason"]
    jrej = _rejected("own-malformed.jsonl")
    assert jrej.loc[2, "reason"].startswith("not JSON")
    assert jrej.loc[3, "reason"] == "not a JSON object"
    assert jrej.loc[4, "reason"] == "not a number"
    grej = _rejected("own-malformed.geojson")
    assert "must be a Point" in grej.loc[2, "reason"]
    assert grej.loc[3, "column"] == "event_date"


def test_line_numbers_follow_multiline_records(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(
        "date,place,actor,notes,latitude,longitude\n"
        '2020-06-05,A,GNA,"two\nlines",32.1,13.1\n'
        "\n"
        "2020-06-05,B,GNA,one,132.1,13.1\n",
        encoding="utf-8",
    )
    result = read_table(path)
    assert list(result.rejected["line"]) == [5]
    assert len(result.events) == 1


def test_swap_check_needs_the_country(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("date,place,actor,country,latitude,longitude\n"
                    "2022-11-11,Kherson,UA,UA,32.6169,46.6354\n"   # swapped: in Iran
                    "2022-11-11,Kherson,UA,,32.6169,46.6354\n"     # no country: no check
                    "2022-11-11,Kherson,UA,UA,46.6354,32.6169\n"   # right
                    "2021-01-01,Quito,EC,EC,-0.22,-78.51\n",       # negative values, right
                    encoding="utf-8")
    result = read_table(path)
    assert list(result.rejected["line"]) == [2]
    assert "outside UA" in result.rejected["reason"][0]
    assert len(result.events) == 3


def test_semicolon_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes("\ufeffDate;Place;Actor;Latitude;Longitude\n2020-06-05;A;GNA;32.1;13.1\n"
                     .encode())
    result = read_table(path)
    assert result.format == "analyst" and len(result.events) == 1



@pytest.mark.parametrize("newline", ["\r", "\r\n", "\n"])
def test_every_line_ending_reads_the_same(tmp_path: Path, newline: str) -> None:
    rows = ["Date,Place,Actor,Latitude,Longitude", "2020-06-05,A,GNA,32.1,13.1",
            "2020-06-06,B,LNA,32.2,13.2"]
    path = tmp_path / "t.csv"
    path.write_bytes(newline.join(rows).encode() + newline.encode())
    result = read_table(path)
    assert list(result.events["actor"]) == ["GNA", "LNA"]
    assert result.balanced


@pytest.mark.parametrize(("data", "error", "message"), [
    # Found by the long hypothesis profile: a header ended by a bare CR was read as one
    # record with a newline inside, and the csv module raised its own error.
    (b"\r\x00", SchemaError, "empty file"),
    (b"\r\n\r\n", SchemaError, "empty file"),
    (b'"a\rb",c\r1,2\r', SchemaError, r"unknown table format \(columns: a_b, c\)"),
    (b'"never closed\n1,2\n', SchemaError, "unknown table format"),
])
def test_odd_first_lines_are_clear_errors(tmp_path: Path, data: bytes,
                                           error: type[Exception], message: str) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(data)
    with pytest.raises(error, match=message):
        read_table(path)


def test_json_integers_past_the_conversion_limit(tmp_path: Path) -> None:
    # json.loads raises a plain ValueError (not JSONDecodeError) for an integer of more than
    # 4300 digits: a JSON line is rejected, a GeoJSON file is a clear error.
    huge = "9" * 5000
    lines = tmp_path / "t.jsonl"
    lines.write_text('{"kind": "mention", "event_date": "2020-06-05"}\n'
                     f'{{"kind": {huge}, "event_date": "2020-06-05"}}\n', encoding="utf-8")
    result = read_table(lines)
    assert result.balanced and result.rows == 2
    reasons = dict(zip(result.rejected["line"], result.rejected["reason"], strict=True))
    assert "not JSON" in reasons[2]
    collection = tmp_path / "t.geojson"
    collection.write_text('{"type": "FeatureCollection", "features": [{"type": "Feature", '
                          f'"properties": {{"kind": {huge}}}, "geometry": null}}]}}',
                          encoding="utf-8")
    with pytest.raises(InputError, match="not JSON"):
        read_table(collection)


@pytest.mark.parametrize("data", [
    # GDAL picks its driver from the content: these were read as ESRI JSON (a frame without
    # geometry, which crashed), GeoJSON and KML although the name says GeoPackage.
    b'{"features": [{"attributes": {"kind": 1, "event_date": 2}}]}',
    b'{"type": "FeatureCollection", "features": []}',
    b'<kml xmlns="http://www.opengis.net/kml/2.2"><Placemark><Point><coordinates>13,32'
    b'</coordinates></Point></Placemark></kml>',
    b"SQLite format 3",
])
def test_a_gpkg_that_is_not_sqlite_is_a_clear_error(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "t.gpkg"
    path.write_bytes(data)
    with pytest.raises(InputError, match="not a GeoPackage"):
        read_table(path)


def test_a_gpkg_layer_without_geometry_reads_its_coordinate_columns(tmp_path: Path) -> None:
    pyogrio = pytest.importorskip("pyogrio")
    path = tmp_path / "attributes.gpkg"
    pyogrio.write_dataframe(pd.DataFrame({
        "kind": ["control_change", "mention"], "event_date": ["2019-04-07", "2019-04-08"],
        "actor": ["GNA", "LNA"], "place": ["Abu Grein", "Bani Walid"],
        "latitude": [31.44, 31.76], "longitude": [15.25, 13.99]}), path, layer="events")
    result = read_table(path)
    assert result.balanced and result.rows == 2
    assert sorted(result.events["latitude"].round(2)) == [31.44, 31.76]


def _own_columns(n: int) -> dict[str, list[str]]:
    return {"kind": ["control_change"] * n, "event_date": ["2019-04-07"] * n,
            "actor": ["GNA"] * n, "place": [f"Qzxv Invented Hamlet {i}" for i in range(n)]}


def _parquet(path: Path, columns: dict[str, Any], geo: bytes | None) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table(columns)
    if geo is not None:
        table = table.replace_schema_metadata({b"geo": geo})
    pq.write_table(table, path)
    return path


@pytest.mark.parametrize("geo", [b"1", b"[]", b"{", b'{"primary_column": ["a"]}',
                                 b'{"primary_column": null}', b'{"primary_column": "absent"}'])
def test_parquet_geo_metadata_that_names_no_column_is_ignored(tmp_path: Path,
                                                                geo: bytes) -> None:
    # Found by fuzzing: `json.loads(geo).get(...)` on a number, and a list used as a name.
    columns = {**_own_columns(2), "latitude": [31.2, 31.3], "longitude": [15.1, 15.2]}
    result = read_table(_parquet(tmp_path / "t.parquet", columns, geo))
    assert result.balanced and result.rows == 2 and len(result.events) == 2


def test_parquet_geometry_rows_that_are_not_points_are_rejected(tmp_path: Path) -> None:
    import pyarrow as pa
    import shapely

    wkb = [shapely.to_wkb(shapely.Point(15.1, 31.2)), shapely.to_wkb(shapely.Point()),
           b"\x01\x02garbage", None, shapely.to_wkb(shapely.LineString([(0, 0), (1, 1)]))]
    columns = {**_own_columns(5), "geometry": pa.array(wkb, pa.binary())}
    path = _parquet(tmp_path / "t.parquet", columns, b'{"primary_column": "geometry"}')
    result = read_table(path)  # an empty point and bad WKB used to stop the whole file
    assert result.balanced and result.rows == 5
    assert list(result.events["longitude"]) == [15.1]
    assert len(result.rejected) + len(result.unresolved) == 4


def test_parquet_geoarrow_points_and_unusable_geometry_columns(tmp_path: Path) -> None:
    import pyarrow as pa

    points = pa.array([{"x": 15.1, "y": 31.2}, None], pa.struct([("x", pa.float64()),
                                                                 ("y", pa.float64())]))
    path = _parquet(tmp_path / "arrow.parquet", {**_own_columns(2), "geometry": points},
                    b'{"primary_column": "geometry"}')
    result = read_table(path)
    assert result.balanced and list(result.events["latitude"]) == [31.2]
    path = _parquet(tmp_path / "text.parquet", _own_columns(2), b'{"primary_column": "place"}')
    with pytest.raises(SchemaError, match="geometry column 'place' is string"):
        read_table(path)


@pytest.mark.parametrize("name", ["t.csv", "t.jsonl", "t.geojson", "t.gpkg"])
def test_an_os_error_while_reading_is_an_input_error(tmp_path: Path, name: str,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from geomap.sources.tables import _containers, _csv, _json

    path = tmp_path / name
    path.write_text("kind,event_date\n", encoding="utf-8")

    def denied(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(13, "Permission denied")

    # Module-level name lookup finds this before the builtin (and Path.open/read_text).
    for module in (_containers, _csv, _json):
        monkeypatch.setattr(module, "open", denied, raising=False)
    monkeypatch.setattr(Path, "read_text", denied)
    with pytest.raises(InputError, match="cannot read: Permission denied"):
        read_table(path)


@pytest.mark.parametrize("name", ["t.jsonl", "t.geojson"])
def test_lone_surrogates_in_json_cells_are_replaced(tmp_path: Path, name: str) -> None:
    from geomap.sources.events import write_events

    props = ('"kind": "control_change", "event_date": "2019-04-07", "actor": "GNA\\ud800", '
             '"place": "Brak \\uDFFF", "latitude": 27.5, "longitude": 14.3')
    path = tmp_path / name
    path.write_text(f"{{{props}}}\n" if name.endswith("jsonl") else
                    '{"type": "FeatureCollection", "features": [{"type": "Feature", '
                    f'"properties": {{{props}}}, "geometry": null}}]}}', encoding="utf-8")
    result = read_table(path)
    assert list(result.events["place"]) == ["Brak \ufffd"]
    for suffix in (".jsonl", ".csv", ".geojson"):  # raised UnicodeEncodeError before
        write_events(result.events, tmp_path / f"out{suffix}")


def test_sniffing_a_corrupt_gzip_leaves_the_error_to_the_article_reader(tmp_path: Path) -> None:
    from geomap.sources.tables import sniff_jsonl

    path = tmp_path / "corpus.jsonl.gz"
    path.write_bytes(b"\x1f\x8b\x08\x00not deflate data")
    assert sniff_jsonl(path) == "articles"

# --------------------------------------------------------------------------- column-wise checks
_ACLED_HEADER = ("event_id_cnty,event_date,time_precision,event_type,sub_event_type,actor1,"
                 "actor2,iso,country,location,latitude,longitude,geo_precision,source,notes,"
                 "fatalities")
#: (row template, expected rejection column or "", reason fragment); {i} is the row number.
_ACLED_ROWS = (
    ("Z{i},2021-03-0{d},1,Battles,Armed clash,Fano Militia,,231,Ethiopia,Lalibela,12.03,39.04,"
     "1,Invented outlet,plain note {i},0", "", ""),
    ('Z{i},2021-03-0{d},2,Battles,Attack,Fano Militia,,231,Ethiopia,Gondar,12.6,37.47,2,'
     'Invented outlet,"a note over\ntwo lines, with a comma",1', "", ""),
    ("Z{i},2021-02-30,1,Battles,Armed clash,Fano Militia,,231,Ethiopia,Bahir Dar,11.59,37.39,1,"
     "Invented outlet,bad day,0", "event_date", "no such day"),
    ("Z{i},2021-03-0{d},1,Battles,Armed clash,Fano Militia,,231,Ethiopia,Dessie,39.63,11.13,1,"
     "Invented outlet,swapped inside the ranges,0", "latitude", "look swapped"),
    ("Z{i},2021-03-0{d},1,Battles,Armed clash,,,231,Ethiopia,Debre Markos,123.4,37.7,1,"
     "Invented outlet,two problems,0", "actor1", "actor1 is empty; also latitude"),
    ("Z{i},2021-03-0{d},9,Battles,Armed clash,Fano Militia,,231,Ethiopia,Woldia,11.83,39.6,1,"
     '"Invented outlet","quoted ""note"" {i}",0', "time_precision", "must be 1, 2 or 3"),
)


def _acled_file(path: Path, n: int, *, bom: bool, short_every: int = 0
                ) -> list[tuple[int, str, str]]:
    """Write ``n`` rows cycling through :data:`_ACLED_ROWS` (and a row of three fields every
    ``short_every`` rows); return the expected rejections as (line, column, reason fragment),
    lines counted by hand (multi-line notes included)."""
    lines = [_ACLED_HEADER]
    expected = []
    line = 2
    for i in range(n):
        if short_every and i % short_every == short_every // 2:
            lines.append(f"Z{i}-short,2021-03-01,1")
            expected.append((line, "", "row has 3 fields, the header has 16"))
            line += 1
        template, col, why = _ACLED_ROWS[(i * 7) % len(_ACLED_ROWS)]
        row = template.format(i=i, d=1 + i % 9)
        if col:
            expected.append((line, col, why))
        lines.append(row)
        line += row.count("\n") + 1
    path.write_bytes(("\ufeff" if bom else "").encode() + ("\n".join(lines) + "\n").encode())
    return expected


@pytest.mark.parametrize(("bom", "short_every"), [(False, 0), (True, 0), (True, 2_500)])
def test_rejections_keep_their_lines_across_blocks_and_multiline_cells(
        tmp_path: Path, bom: bool, short_every: int) -> None:
    # About 2.5 MB: Arrow parses it in several blocks, and every bad value repeats on many
    # rows, so the checks made once per distinct value must land on every row holding it.
    # Rows with too few fields are rejected by the container, the others keep their lines.
    path = tmp_path / "acled.csv"
    expected = _acled_file(path, 12_000, bom=bom, short_every=short_every)
    result = read_table(path)
    assert result.format == "acled" and result.balanced
    assert result.rows == 12_000 + sum(1 for _, col, _ in expected if not col)
    got = list(zip(result.rejected["line"], result.rejected["column"], result.rejected["reason"],
                   strict=True))
    assert [(line, col) for line, col, _ in got] == [(line, col) for line, col, _ in expected]
    for (_, _, reason), (_, _, why) in zip(got, expected, strict=True):
        assert why in reason
    assert len(result.events) == result.rows - len(expected)
    assert result.events["evidence"].str.contains("two lines, with a comma").any()
    assert (result.events["evidence"].str.startswith('quoted "note"')).sum() == 0  # rejected


def test_a_table_gives_what_its_rows_give_one_by_one(tmp_path: Path) -> None:
    from geomap.sources.tables._frame import _hashed

    # Values are checked once per distinct value: the outcome of every row must not depend
    # on the other rows (same events and the same rejection, line aside).
    path = tmp_path / "all.csv"
    _acled_file(path, 24, bom=False)
    whole = read_table(path)
    header, *rows = path.read_text(encoding="utf-8").split("\nZ")
    assert len(rows) == 24
    rejected = whole.rejected.set_index("line")
    line = 2
    for k, row in enumerate(rows):
        single = tmp_path / f"row{k}.csv"
        single.write_text(header + "\nZ" + row + ("" if row.endswith("\n") else "\n"),
                          encoding="utf-8")
        alone = read_table(single)
        if len(alone.rejected):
            mine = alone.rejected.iloc[0]
            theirs = rejected.loc[line]
            assert (mine["column"], mine["value"], mine["reason"]) == (
                theirs["column"], theirs["value"], theirs["reason"])
        else:
            ev = alone.events.iloc[0]
            same = whole.events[whole.events["source"] == ev["source"]]
            assert len(same) == 1
            for col in ("event_date", "kind", "actor", "latitude", "longitude",
                        "gazetteer_id", "location", "confidence"):
                assert same.iloc[0][col] == ev[col], col
            # The id is the row's own, or (another row with a different ACLED id having the
            # same identity) that id kept apart with the row's ACLED id.
            acled_id = ev["source"].split(":")[1].split(" ")[0]
            assert same.iloc[0]["event_id"] in (
                ev["event_id"], _hashed([np.array([ev["event_id"]]), np.array([acled_id])])[0])
        line += ("Z" + row).rstrip("\n").count("\n") + 1


@pytest.mark.parametrize("name", ["acled.csv", "acled-malformed.csv", "ucdp-ged.csv",
                                  "ucdp-ged-malformed.csv"])
def test_formats_read_only_the_columns_they_declare(name: str,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    # CSV exports convert only a format's COLUMNS: a column read but not declared would be
    # silently empty.
    from geomap.sources.tables import _convert, acled, ucdp

    read: set[str] = set()
    text = _convert.Conversion.text

    def spy(self: _convert.Conversion, column: str) -> pd.Series:
        read.add(column)
        return text(self, column)

    monkeypatch.setattr(_convert.Conversion, "text", spy)
    result = read_table(DATA / name)
    module = {"acled": acled, "ucdp": ucdp}[result.format]
    assert read and read <= module.COLUMNS, read - module.COLUMNS


def test_distinct_groups_rows_by_all_keys() -> None:
    import numpy as np

    from geomap.sources.tables._rejections import distinct

    a = pd.Series(["x", "y", "x", "x", "", "y"], dtype="str")
    b = np.array([1.0, 1.0, 1.0, np.nan, np.nan, 1.0])
    groups = distinct(a, b)
    assert groups.codes.tolist() == [0, 1, 0, 2, 3, 1]
    assert groups.first.tolist() == [0, 1, 3, 4]
    assert groups.spread(np.array(["p", "q", "r", "s"])).tolist() == list("pqprsq")
    assert groups.pick(a).tolist() == ["x", "y", "x", ""]
    empty = distinct(pd.Series([], dtype="str"))
    assert len(empty.codes) == 0 and len(empty.first) == 0


@pytest.mark.parametrize("chunk", [3, 5, 7, 1 << 24])
def test_utf8_check_across_chunk_boundaries(tmp_path: Path, chunk: int,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from geomap.sources.tables import _csv

    monkeypatch.setattr(_csv, "UTF8_CHUNK", chunk)
    good = tmp_path / "good.csv"
    good.write_text("date,place,actor\n2020-06-05,Gharyān €😀,GNA\n2020-06-06,Ṭarhūnah,GNA\n",
                    encoding="utf-8")
    assert len(read_table(good).events) == 2
    for body, line in ((b"2020-06-05,A,GNA\n2020-06-06,\xed\xa0\x80,GNA\n", 3),  # surrogate
                       (b"2020-06-05,A,GNA\n\n2020-06-06,\xc0\xaf,GNA\n", 4),      # overlong
                       ("2020-06-05,A,GNA\n2020-06-06,B,€".encode()[:-1], 3)):    # truncated
        bad = tmp_path / "bad.csv"
        bad.write_bytes(b"date,place,actor\n" + body)
        with pytest.raises(InputError, match="not UTF-8") as err:
            read_table(bad)
        assert err.value.line == line


@pytest.mark.parametrize("repeats", [1, 50])
def test_event_ids_match_the_record_path(repeats: int) -> None:
    # Mostly distinct identities are hashed row by row, repeated ones once per group: both
    # must give make_event_id's ids.
    import numpy as np

    from geomap.schema import make_event_id
    from geomap.sources.tables._frame import event_ids

    n = 12_000
    k = np.arange(n) // repeats
    columns = {
        "kind": np.where(k % 3 == 0, "contested", "control_change").astype(object),
        "location": np.array([f"Town {i % 997}" for i in k], dtype=object),
        "actor": pd.Series([f"Group {i % 7}" for i in k], dtype="str"),
        "event_date": np.array([f"2020-{1 + i % 12:02d}-{1 + i % 28:02d}" for i in k],
                               dtype=object),
        "gazetteer_id": np.array([(None, "geonames:1", float("nan"))[i % 3] for i in k],
                                 dtype=object),
    }
    ids = event_ids(columns, n)
    assert len(set(ids.tolist())) <= n // repeats
    for i in range(0, n, 397):
        record = {c: ("" if (v := (columns[c].iat[i] if isinstance(columns[c], pd.Series)
                                   else columns[c][i])) is None or v != v else v)
                  for c in columns}
        assert ids[i] == make_event_id(record), i


# --------------------------------------------------------------------------- fast paths (#21)
def test_text_strips_exactly_what_str_strip_strips() -> None:
    """The byte check that skips stripping never skips a cell that would change."""
    from geomap.sources.tables._values import text

    cells = ["a", "a ", " a", "a\u00a0", "\u2003a", "", "é", "a\tb", "a\x1f", "\x0ba", "x y"]
    for cell in cells:
        for column in ([cell, "b"], ["b", cell], [cell]):
            s = pd.Series(column, dtype="str")
            assert list(text(s)) == [c.strip() for c in column], column
    sliced = pd.Series(["a", " b", "c", "d"], dtype="str")
    assert list(text(sliced.iloc[2:])) == ["c", "d"]
    assert list(text(sliced.iloc[:2])) == ["a", "b"]
    assert list(text(pd.Series(["x", None, " y"], dtype="str"))) == ["x", "", "y"]


def test_wkb_points_are_shapely_wkb() -> None:
    import pyarrow as pa
    import shapely

    from geomap._io.partitioned import _wkb_points

    rng = np.random.default_rng(3)
    lat, lon = rng.uniform(-90, 90, 200), rng.uniform(-180, 180, 200)
    lat[[3, 50]], lon[[7, 50]] = np.nan, np.nan
    lat[9], lon[10] = -0.0, 0.0
    for sl in (slice(None), slice(0, 0), slice(3, 4), slice(11, 30)):
        la, lo = lat[sl], lon[sl]
        ok = ~(np.isnan(la) | np.isnan(lo))
        expected = np.full(len(la), None, dtype=object)
        expected[ok] = shapely.to_wkb(shapely.points(lo[ok], la[ok]))
        assert _wkb_points(la, lo).equals(pa.array(expected, type=pa.binary()))


def test_separate_ids_accepts_arrow_text() -> None:
    from geomap.sources.tables._frame import separate_ids

    ids = np.array(["ev-a", "ev-a", "ev-b", "ev-a", "ev-c"], dtype=object)
    record = ["X1", "X2", "X3", "X1", ""]
    plain = separate_ids(ids, np.array(record, dtype=object))
    arrow = separate_ids(ids, pd.Series(record, dtype="str"))
    assert list(plain) == list(arrow)
    assert plain[0] == plain[3] == "ev-a" and plain[1] not in ("ev-a", plain[0])
    assert list(separate_ids(ids[2:3], np.array(["X"], dtype=object))) == ["ev-b"]
