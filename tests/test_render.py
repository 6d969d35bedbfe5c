"""Render without a browser: payload, offline page, determinism, embed, tiles, errors."""

from __future__ import annotations

import base64
import gzip
import json
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import folium
import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import LineString, Polygon

import geomap
from geomap.errors import RenderError
from geomap.render import GeomapMap, render, tile_layer
from geomap.render.elements import MapData
from geomap.render.payload import build_payload
from geomap.schema import events_frame

_URL_REF = re.compile(r"""(?:\b(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//)"""
                      r"""|url\(\s*["']?\s*(?:https?:)?//|@import""", re.I)


def _events() -> Any:
    base = {"country": "SY", "geo_precision": "town", "source": "doc-1",
            "evidence": "A sentence written for this test."}
    return events_frame([
        {**base, "kind": "control_change", "location": "Manbij", "latitude": 36.53,
         "longitude": 37.95, "actor": "SDF", "previous_actor": "ISIS", "event_date": "2016-08-12"},
        {**base, "kind": "claimed_control", "location": "Manbij", "latitude": 36.53,
         "longitude": 37.95, "actor": "SAA", "confirmed": False, "event_date": "2018-12-28"},
        {**base, "kind": "control_change", "location": "Tabqa Airbase", "latitude": 35.75,
         "longitude": 38.57, "actor": "SDF", "previous_actor": "ISIS", "event_date": "2017-03-26",
         "gazetteer_id": "ourairports:OS59"},
        {**base, "kind": "contested", "location": "Deir ez-Zor", "latitude": 35.33,
         "longitude": 40.14, "actor": "SAA", "event_date": "2017-09-10",
         "date_precision": "month", "geo_precision": "district"},
        {**base, "kind": "objective", "location": "Raqqa", "latitude": 35.95, "longitude": 39.01,
         "actor": "SDF", "event_date": "2017-06-01"},
        {**base, "kind": "route", "location": "Manbij", "latitude": 36.53, "longitude": 37.95,
         "related_location": "Tabqa Airbase", "related_latitude": 35.75,
         "related_longitude": 38.57, "actor": "SDF", "event_date": "2017-03-01"},
        {**base, "kind": "mention", "location": "Aleppo", "latitude": 36.2, "longitude": 37.16},
    ])


def test_payload_timelines_and_dates() -> None:
    payload = build_payload(_events(), basemap=False)
    # event dates, and the day Deir ez-Zor's contest lapses (the 7-day window of control_at)
    assert payload["dates"] == ["2016-08-12", "2017-03-26", "2017-09-10", "2017-09-17",
                                "2018-12-28"]
    assert payload["at"] == 4
    places = payload["places"]
    assert places["name"] == ["Manbij", "Tabqa Airbase", "Deir ez-Zor"]
    actors = [a[0] for a in payload["actors"]]
    manbij = places["st"][0]
    # unknown until its first evidence (ISIS, the holder it was taken from, is no state),
    # held by SDF, then contested while SAA's claim against SDF counts
    assert [(manbij[k], actors[manbij[k + 1]] if manbij[k + 1] >= 0 else "", manbij[k + 2])
            for k in range(0, len(manbij), 4)] == [(0, "SDF", 0), (4, "", 2)]
    assert places["sym"][1] == 1  # air base
    assert places["sym"][2] == 3  # district
    deir = places["st"][2]
    # contested (nobody named) on its report, no control reported once the contest lapses
    assert deir[0::4] == [2, 3] and deir[1::4] == [-1, -1] and deir[2::4] == [2, -1]
    assert len(payload["routes"]) == 1 and len(payload["objectives"]) == 1
    assert all(re.fullmatch(r"#[0-9a-f]{6}", a[2]) for a in payload["actors"])
    assert "GeoNames" in payload["attribution"]


def test_at_picks_the_state_date() -> None:
    # a date between events is a slider stop of its own: the map shows the state on that day
    payload = build_payload(_events(), at="2017-01-01", basemap=False)
    assert payload["dates"][payload["at"]] == "2017-01-01"
    assert payload["dates"][payload["at"] - 1] == "2016-08-12"
    assert build_payload(_events(), at="2000-01-01", basemap=False)["at"] == -1


def test_page_is_offline_and_self_contained() -> None:
    html = render(_events(), title="Syria test").to_html()
    assert not _URL_REF.findall(html), _URL_REF.findall(html)[:5]
    for cdn in ("cdn.jsdelivr", "code.jquery", "bootstrapcdn", "cdnjs", "unpkg", "googleapis"):
        assert cdn not in html
    assert "sourceMappingURL" not in html
    assert html.count('type="application/json"') == 1
    assert "L.map(" in html and "GeomapApp.start(" in html
    assert "<title>Syria test</title>" in html


def test_basemap_has_context() -> None:
    payload = build_payload(_events())
    names = {c[0] for c in payload["basemap"]["countries"]}
    assert {"Syria", "Turkey", "Iraq"} <= names
    # land travels as fills and borders, detailed near the data, coarse for the whole region
    basemap = payload["basemap"]
    assert basemap["land"] and basemap["borders"] and basemap["world"]["land"]
    (rs, rw), (rn, re_) = basemap["region"]
    assert rn - rs >= 40 and re_ - rw >= 40
    towns = {t[0]: t for t in payload["basemap"]["towns"]}
    assert "Ar Raqqah" in towns  # the largest town inside the mapped area
    (s, w), (n, e) = payload["bounds"]
    assert all(s <= t[1] <= n and w <= t[2] <= e for t in towns.values())


def test_deterministic_in_process(tmp_path: Path) -> None:
    a, b = tmp_path / "a.html", tmp_path / "b.html"
    render(_events(), title="t").save(a)
    render(_events(), title="t").save(b)
    assert a.read_bytes() == b.read_bytes()


def test_deterministic_across_processes(tmp_path: Path) -> None:
    script = (
        "import sys, geomap\n"
        "from geomap.schema import events_frame\n"
        "import json\n"
        "ev = events_frame(json.loads(sys.argv[1]))\n"
        "geomap.render(ev, title='x').save(sys.argv[2])\n"
    )
    records = json.loads(_events().drop(columns="geometry").to_json(orient="records"))
    here = tmp_path / "here.html"
    geomap.render(events_frame(records), title="x").save(here)
    # another process with another string-hash seed (set and dict orders differ)
    there = tmp_path / "there.html"
    subprocess.run([sys.executable, "-c", script, json.dumps(records), str(there)], check=True,
                   env={"PYTHONHASHSEED": "12345", "PATH": "/usr/bin:/bin"})
    assert here.read_bytes() == there.read_bytes()


def test_large_payload_is_compressed_and_round_trips() -> None:
    payload = {"strs": [f"text {i}" for i in range(60000)], "x": list(range(1000))}
    data = MapData(payload)
    assert data.encoding == "gzip-base64" and data.strs_text

    def unpack(text: str) -> Any:
        return json.loads(gzip.decompress(base64.b64decode(text)).decode("utf-8"))

    core = unpack(data.payload_text)
    assert core["strs"] is None  # the string table travels apart
    assert {**core, "strs": unpack(data.strs_text)} == payload
    small = MapData({"a": 1})
    assert small.encoding == "json" and json.loads(small.payload_text) == {"a": 1}


def test_embed_is_an_inert_iframe() -> None:
    m = render(_events(), title='He said "hi" & left')
    frag = m.embed(height=400)
    assert frag.startswith("<iframe ") and frag.endswith("</iframe>")
    assert frag.count("<") == 2  # the document itself is fully attribute-escaped
    assert 'sandbox="allow-scripts' in frag and "height:400px" in frag
    assert m._repr_html_().startswith("<iframe ")


def test_tiles_are_opt_in() -> None:
    assert tile_layer(None) is None and tile_layer("none") is None
    layer = tile_layer("CartoDB.Positron")
    assert layer is not None
    html = render(_events(), tiles="CartoDB.Positron").to_html()
    assert "basemaps.cartocdn.com" in html and "CARTO" in html
    with pytest.raises(RenderError, match="unknown tile provider"):
        tile_layer("No.Such.Provider")


def test_render_accepts_layers_like_objects() -> None:
    events = _events()
    zones = gpd.GeoDataFrame(
        {"actor": ["SDF"], "approximate": [True], "area_km2": [1234.0], "n_places": [2]},
        geometry=[Polygon([(37.9, 35.7), (38.6, 35.7), (38.6, 36.6), (37.9, 36.6)])],
        crs="EPSG:4326",
    )
    fronts = gpd.GeoDataFrame(
        {"actor_a": ["SDF"], "actor_b": ["SAA"], "length_km": [50.0], "approximate": [True]},
        geometry=[LineString([(38.7, 35.5), (38.9, 36.4)])], crs="EPSG:4326",
    )
    unresolved = pd.DataFrame({"place": ["Nowhere-ville"], "source": ["doc-1"],
                               "evidence": ["x"], "reason": ["not in gazetteer"],
                               "candidates": [""]})
    layers = SimpleNamespace(events=events, places=None, changes=events, zones=zones,
                             fronts=fronts, unresolved=unresolved, actors=None)
    payload = build_payload(layers, basemap=False)
    assert payload["zones"][0][1][0][2] == 1234 and payload["fronts"][0][1]
    assert payload["unresolved"] == [["Nowhere-ville", "not in gazetteer", "doc-1", "x"]]
    assert payload["n_unresolved"] == 1
    m = render(layers)
    assert isinstance(m, GeomapMap) and isinstance(m, folium.Map)


def test_render_onto_a_plain_folium_map() -> None:
    base = folium.Map(location=[36, 38], zoom_start=6, tiles=None)
    m = render(_events(), m=base)
    assert m is base
    html = base.get_root().render()
    assert "GeomapApp.start(" in html
    # the folium map already brings Leaflet (from its CDN): geomap does not add a second copy
    assert html.count("L.Icon.Default.mergeOptions") == 0


def test_empty_and_bad_input() -> None:
    m = render(events_frame([]))
    assert "GeomapApp.start(" in m.to_html()
    with pytest.raises(TypeError):
        render("not events")
    with pytest.raises(RenderError):
        render(_events(), marker_kwds={"radius": "big"})


def test_module_is_callable_and_exported() -> None:
    assert callable(geomap.render)
    assert isinstance(geomap.render(_events()), GeomapMap)


def test_save_is_atomic_and_creates_folders(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "map.html"
    render(_events()).save(target)
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in target.parent.iterdir()] == ["map.html"]


def test_zones_are_repaired_and_clipped_to_land() -> None:
    # A zone drawn as a box over the Libyan coast reaches far into the sea, and a bow-tie ring
    # (invalid) would draw a stray line: the payload keeps only the land part, valid.
    events = events_frame([
        {"kind": "control_change", "location": "Misrata", "country": "LY", "latitude": 32.37,
         "longitude": 15.09, "actor": "GNA", "event_date": "2020-06-01"},
    ])
    box = Polygon([(14.5, 31.8), (15.6, 31.8), (15.6, 34.5), (14.5, 34.5)])
    bowtie = Polygon([(13.0, 31.0), (14.0, 32.0), (14.0, 31.0), (13.0, 32.0)])
    zones = gpd.GeoDataFrame({"actor": ["GNA", "LNA"], "approximate": [True, True],
                              "area_km2": [1.0, 1.0], "n_places": [1, 1]},
                             geometry=[box, bowtie], crs="EPSG:4326")
    layers = SimpleNamespace(events=events, places=None, zones=zones, unresolved=None)
    payload = build_payload(layers, basemap=False)
    rows = {payload["actors"][r[0]][0]: r for r in payload["zones"][0][1]}
    lats = [lat for ring in rows["GNA"][3] for lat in ring[0::2]]
    assert max(lats) < 32.6  # the coast near Misrata is at about 32.4 N, not 34.5
    assert rows["LNA"][3]  # the bow-tie survives as valid polygons


def test_single_place_opens_with_context() -> None:
    # One town: the view must reach its neighbours, not a blank 10 km square around it.
    one = _events().iloc[[0]]
    payload = build_payload(one)
    (s, w), (n, e) = payload["bounds"]
    assert n - s > 2.39 and e - w > 2.39
    assert len(payload["basemap"]["towns"]) >= 3


@pytest.mark.parametrize(("lat", "lon"), [(-90.0, 13.0), (90.0, -180.0), (89.5, 180.0)])
def test_places_at_the_poles_and_the_antimeridian_render(lat: float, lon: float) -> None:
    # The context box grew past the clamp and came out upside down (GEOSException in clip).
    from geomap.render.basemap import _context_box, countries_in

    west, south, east, north = _context_box([[lat, lon], [lat, lon]])
    assert west < east and south < north
    assert isinstance(countries_in([[lat, lon], [lat, lon]]), list)
    one = _events().iloc[[0]].copy()
    one["latitude"], one["longitude"] = lat, lon
    one = one.set_geometry(gpd.points_from_xy(one["longitude"], one["latitude"]), crs=4326)
    payload = build_payload(one)
    assert payload["bounds"]
