"""Layer writers (GeoPackage, GeoParquet, GeoJSON) and the ``geomap layers`` command."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest

from geomap.cli import main
from geomap.errors import InputError
from geomap.layers import build_layers
from geomap.schema import EVENT_COLUMNS, events_frame

TABLES = ["places", "changes", "intervals", "zones", "territory", "fronts", "routes",
          "objectives", "unresolved"]


def _events() -> list[dict[str, Any]]:
    """A small made-up conflict in two neighbouring towns, with a route and an objective."""
    a = {"country": "ML", "location": "Low Ford", "latitude": 14.35, "longitude": -3.6,
         "gazetteer_id": "test:ford"}
    b = {"country": "ML", "location": "High Mesa", "latitude": 14.9, "longitude": -3.1,
         "gazetteer_id": "test:mesa"}
    return [
        {**a, "kind": "control_change", "actor": "OCHRE", "previous_actor": "TEAL",
         "event_date": "2023-04-02", "evidence": "Ochre units entered Low Ford.", "source": "n1"},
        {**b, "kind": "control_change", "actor": "TEAL", "event_date": "2023-04-05",
         "evidence": "Teal kept High Mesa.", "source": "n2"},
        {**b, "kind": "claimed_control", "actor": "OCHRE", "confirmed": False,
         "event_date": "2023-04-06", "evidence": "Ochre says it holds the mesa.", "source": "n3"},
        {**a, "kind": "route", "actor": "OCHRE", "related_location": "High Mesa",
         "related_latitude": 14.9, "related_longitude": -3.1, "source": "n3"},
        {**b, "kind": "objective", "actor": "OCHRE", "source": "n3"},
        {"kind": "control_change", "place": "Vanished Well", "actor": "TEAL",
         "event_date": "2023-04-07", "source": "n4"},
    ]


def _row_counts(path: Path) -> dict[str, int]:
    return {str(name): len(gpd.read_file(path, layer=str(name)))
            for name, _ in pyogrio.list_layers(path)}


def test_geopackage_has_one_layer_per_table(tmp_path: Path) -> None:
    layers = build_layers(events_frame(_events()))
    out = tmp_path / "layers.gpkg"
    assert layers.to_file(out) == [str(out)]
    counts = _row_counts(out)
    assert list(counts) == TABLES
    # On the last date High Mesa is contested (an unconfirmed claim against its holder): a
    # point of friction that its holder still holds, so both sides have territory and meet.
    territory = counts.pop("territory")
    assert counts == {"places": 2, "changes": 4, "intervals": 3, "zones": 2, "fronts": 1,
                      "routes": 1, "objectives": 1, "unresolved": 1}
    assert territory >= 2  # per controller and confidence level
    places = gpd.read_file(out, layer="places")
    assert places.crs.to_epsg() == 4326
    assert sorted(places["location"]) == ["High Mesa", "Low Ford"]
    history = json.loads(places.set_index("location").loc["High Mesa", "history"])
    assert [h[3] for h in history] == ["control_change", "claimed_control"]
    zones = gpd.read_file(out, layer="zones")
    assert set(zones.geom_type) == {"MultiPolygon"} and zones["approximate"].all()
    assert not list(tmp_path.glob(".*tmp"))  # atomic: no temporary files left


def test_geopackage_with_a_date_adds_control_at(tmp_path: Path) -> None:
    layers = build_layers(events_frame(_events()))
    out = tmp_path / "at.gpkg"
    layers.to_file(out, at="2023-04-06")
    state = gpd.read_file(out, layer="control_at").set_index("location")
    assert state.loc["High Mesa", "status"] == "contested"
    assert state.loc["Low Ford", "actor"] == "OCHRE"
    assert (state["as_of"] == "2023-04-06").all()
    assert len(gpd.read_file(out, layer="zones")) == 2
    before = tmp_path / "before.gpkg"
    layers.to_file(before, at="2023-04-05")
    counts = _row_counts(before)
    assert (counts["zones"], counts["fronts"]) == (2, 1)
    front = gpd.read_file(before, layer="fronts").iloc[0]
    assert (front["actor_a"], front["actor_b"]) == ("OCHRE", "TEAL")


@pytest.mark.parametrize("suffix", [".parquet", ".geojson"])
def test_single_table_formats_write_one_file_per_table(tmp_path: Path, suffix: str) -> None:
    layers = build_layers(events_frame(_events()))
    out = tmp_path / f"layers{suffix}"
    written = layers.to_file(out)
    assert written[0] == str(tmp_path / f"layers.places{suffix}") or str(out) in written
    assert str(out) in written and len(written) == len(TABLES)
    # GDAL's Parquet driver is optional: GeoParquet is read with geopandas' own reader.
    read = gpd.read_parquet if suffix == ".parquet" else gpd.read_file
    places = read(out)
    assert len(places) == 2 and places.crs.to_epsg() == 4326
    intervals = read(tmp_path / f"layers.intervals{suffix}")
    assert len(intervals) == 3


def test_unknown_suffix_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        build_layers(events_frame(_events())).to_file(tmp_path / "x.shp")


def _write_events_csv(path: Path) -> None:
    frame = pd.DataFrame(events_frame(_events()).drop(columns="geometry"))
    frame = frame[[c for c in EVENT_COLUMNS if c in frame.columns]]
    frame.to_csv(path, index=False)


def test_cli_writes_geopackage_and_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "events.csv"
    _write_events_csv(src)
    out = tmp_path / "out" / "control.gpkg"
    assert main(["layers", str(src), "-o", str(out), "--at", "2023-04-06"]) == 0
    counts = _row_counts(out)
    assert list(counts) == ["control_at", *TABLES]
    assert counts["places"] == 2 and counts["control_at"] == 2 and counts["intervals"] == 3
    assert counts["unresolved"] >= 1  # the event without coordinates is reported, not dropped
    report = json.loads((tmp_path / "out" / "control.gpkg.report.json").read_text(encoding="utf-8"))
    assert report["layers"]["rows"]["places"] == 2
    assert report["layers"]["at"] == "2023-04-06"
    err = capsys.readouterr().err
    assert "places=2" in err  # the summary writes counts as key=value


@pytest.mark.parametrize(
    "argv",
    [
        ["layers", "{missing}", "-o", "{out}.gpkg"],
        ["layers", "{src}", "-o", "{out}.txt"],
        ["layers", "{src}", "-o", "{out}.gpkg", "--at", "June 5"],
        ["layers", "{src}", "-o", "{out}.gpkg", "--date", "2023/04/02"],
    ],
)
def test_cli_bad_input_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    src = tmp_path / "events.csv"
    _write_events_csv(src)
    fill = {"missing": str(tmp_path / "nope.csv"), "src": str(src), "out": str(tmp_path / "o")}
    assert main([a.format(**fill) for a in argv]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("geomap: error:")
    assert not list(tmp_path.glob("o.*"))


@pytest.mark.parametrize("at", [None, "2023-04-05"])
def test_estimate_started_ahead_gives_the_tables_made_one_by_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, at: str | None) -> None:
    """The GeoPackage writer starts the territory estimate beside the first tables: once,
    for the date written, and every layer is the table :func:`layer_tables` makes."""
    import os
    import threading

    from geomap.layers import surface
    from geomap.layers._io import layer_tables

    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    days: list[int] = []
    threads: list[str] = []
    real = surface.SurfaceModel.territory

    def counted(self: Any, t: int, cell_km: float) -> Any:
        days.append(t)
        threads.append(threading.current_thread().name)
        return real(self, t, cell_km)

    monkeypatch.setattr(surface.SurfaceModel, "territory", counted)
    out = tmp_path / "ahead.gpkg"
    build_layers(events_frame(_events())).to_file(out, at=at)
    assert len(days) == 1  # the estimate is made once, ahead, and used by three tables
    assert threads[0].startswith("geomap-surface")  # beside the first tables
    tables = layer_tables(build_layers(events_frame(_events())), at=at)
    assert len(days) == 2
    assert [str(n) for n, _ in pyogrio.list_layers(out)] == list(tables)
    for name, table in tables.items():
        written = gpd.read_file(out, layer=name)
        assert len(written) == len(table), name
        if name in ("zones", "territory", "fronts"):  # multi parts on file: same shapes
            made = gpd.GeoSeries(table.geometry.to_numpy(), crs=written.crs)
            assert written.geometry.geom_equals(made).all(), name
