"""The map in headless Chromium with the network blocked (file:// only).

The seed map is drawn from the seed's expected events (read from ../shared, never copied); a
second map of another conflict, written here, checks that nothing depends on Libya.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from browser import Browser, browser_fixture  # noqa: F401  (the browser fixture)
from conftest import IN_CI

import geomap
from geomap.schema import events_frame

pytestmark = pytest.mark.browser


def _seed_events(seed_expected: Path) -> Any:
    gold = json.loads(seed_expected.read_text(encoding="utf-8"))
    records = []
    for item in gold["required"] + gold["optional"]:
        rec = {k: v for k, v in item.items() if k not in {"lat", "lon", "tolerance_km", "why"}}
        rec["latitude"], rec["longitude"] = item["lat"], item["lon"]
        rec.setdefault("event_date", gold["dateline"])
        rec["source"] = gold["document"]
        rec.setdefault("country", "LY")  # every place of the seed article is in Libya
        rec["evidence"] = f"(expected event: {item['kind']} at {item['location']})"
        if item["kind"] == "route":
            # the route's other end is a required place of the same file
            other = next(r for r in gold["required"] if r["location"] == item["related_location"])
            rec["related_latitude"], rec["related_longitude"] = other["lat"], other["lon"]
        records.append(rec)
    return events_frame(records)


@pytest.fixture(scope="module")
def seed_map(tmp_path_factory: pytest.TempPathFactory, seed_expected: Path) -> tuple[Path, Any]:
    events = _seed_events(seed_expected)
    m = geomap.render(events, title="Libya, early June 2020")
    path = tmp_path_factory.mktemp("seedmap") / "seed.html"
    m.save(path)
    return path, m


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    n = int(hex_colour[1:], 16)
    return (n >> 16) & 255, (n >> 8) & 255, n & 255


def _close(pixel: list[int], colour: str, tol: int = 40) -> bool:
    return pixel[3] > 0 and all(abs(a - b) <= tol for a, b in zip(pixel[:3], _rgb(colour),
                                                                      strict=True))


def test_seed_map_loads_offline_without_errors(
    browser: Browser, seed_map: tuple[Path, Any]
) -> None:
    page = browser.open(seed_map[0])
    assert browser.js("return window.geomapReady === true")
    assert page.failed_requests == []
    assert page.requests_external == []
    assert page.console_errors == []
    # the places are drawn: the places canvas has coloured pixels
    n_places = browser.js("return GeomapApp.current.data.places.name.length")
    assert n_places >= 4


def test_slider_recolours_the_airport(browser: Browser, seed_map: tuple[Path, Any]) -> None:
    browser.open(seed_map[0])
    app = "var a = GeomapApp.current; var p = a.placeIndex('Tripoli International Airport');"
    colours = browser.js("var a = GeomapApp.current; var o = {};"
                         "a.data.actors.forEach(function (r) { o[r[0]] = r[2]; }); return o;")
    assert colours["GNA"] != colours["LNA"]
    # Through the slider itself (the range input), not only the API.
    browser.js(app + "var r = document.querySelector('.geomap-range');"
               "r.value = String(a.indexOf('2020-06-02')); r.dispatchEvent(new Event('input'));")
    before = browser.js(app + "return [a.placeFill(p), a.pixelAt('places', p), a.dateLabel()];")
    browser.js(app + "var r = document.querySelector('.geomap-range');"
               "r.value = String(a.indexOf('2020-06-04')); r.dispatchEvent(new Event('input'));")
    after = browser.js(app + "return [a.placeFill(p), a.pixelAt('places', p), a.dateLabel()];")
    # Before its first evidence (GNA's capture of 4 June) no control is reported: LNA, the
    # holder it was taken from, is not painted back in time (Layers.control_at via the report)
    assert before[0] == "#ffffff" and after[0] == colours["GNA"]
    # ...and the canvas really shows it: the pixel at the airport changes colour.
    assert not _close(before[1], colours["GNA"]) and not _close(before[1], colours["LNA"])
    assert _close(after[1], colours["GNA"]), after
    assert after[2] == "2020-06-04"
    shown = browser.js("return document.querySelector('.geomap-title .geomap-asof').textContent")
    assert "2020-06-04" in shown
    assert browser.js(app + "a.setDateISO('2020-06-02'); return a.placeStatus(p).status") == -1


def test_legend_lists_both_actors(browser: Browser, seed_map: tuple[Path, Any]) -> None:
    browser.open(seed_map[0])
    actors = browser.js("return Array.prototype.map.call("
                        "document.querySelectorAll('.geomap-legend [data-actor]'),"
                        "function (e) { return e.getAttribute('data-actor'); });")
    assert set(actors) >= {"GNA", "LNA"}
    text = browser.js("return document.querySelector('.geomap-legend').textContent")
    assert "GNA" in text and "LNA" in text


def test_click_opens_popup_with_evidence(browser: Browser, seed_map: tuple[Path, Any]) -> None:
    browser.open(seed_map[0])
    text = browser.js(
        "var a = GeomapApp.current, p = a.placeIndex('Tarhuna'), P = a.data.places;"
        "a.setDateISO('2020-06-05');"
        "a.map.fire('click', {latlng: L.latLng(P.lat[p], P.lon[p])});"
        "var el = document.querySelector('.leaflet-popup-content');"
        "return el ? el.textContent : null;")
    assert text is not None
    assert "Tarhuna" in text and "expected event" in text and "2020-06-05" in text


def _other_conflict() -> Any:
    # A made-up sequence in another region: a town changes hands twice, with a claim between.
    base = {"country": "UA", "geo_precision": "town", "source": "https://example.org/report",
            "evidence": "Reporters described the town changing hands."}
    return events_frame([
        {**base, "kind": "control_change", "place": "Kupiansk", "location": "Kupiansk",
         "latitude": 49.71, "longitude": 37.61, "actor": "RU", "previous_actor": "UA",
         "event_date": "2022-03-01"},
        {**base, "kind": "claimed_control", "place": "Kupiansk", "location": "Kupiansk",
         "latitude": 49.71, "longitude": 37.61, "actor": "UA", "confirmed": False,
         "event_date": "2022-09-08"},
        {**base, "kind": "control_change", "place": "Kupiansk", "location": "Kupiansk",
         "latitude": 49.71, "longitude": 37.61, "actor": "UA", "event_date": "2022-09-10"},
        {**base, "kind": "control_change", "place": "Izium", "location": "Izium",
         "latitude": 49.21, "longitude": 37.26, "actor": "UA", "previous_actor": "RU",
         "event_date": "2022-09-10", "date_precision": "before"},
    ])


def test_other_conflict_states_over_time(browser: Browser, tmp_path: Path) -> None:
    path = tmp_path / "other.html"
    geomap.render(_other_conflict(), title="Kharkiv oblast, 2022").save(path)
    page = browser.open(path)
    assert page.failed_requests == [] and page.console_errors == []
    states = browser.js(
        "var a = GeomapApp.current, p = a.placeIndex('Kupiansk'), out = [];"
        "['2022-02-01', '2022-03-01', '2022-09-08', '2022-09-10'].forEach(function (d) {"
        "  a.setDateISO(d); var s = a.placeStatus(p); out.push([s.actor < 0 ? '' :"
        "  a.data.actors[s.actor][0], s.status]); });"
        "return out;")
    # before its first evidence: no control reported (UA, the holder RU took it from, is not
    # painted back in time); then RU; then UA's unconfirmed claim against RU's hold makes it
    # contested (control_at); then UA confirmed
    assert states == [["", -1], ["RU", 0], ["", 2], ["UA", 0]]


def test_embed_snippet_works_inside_another_page(browser: Browser, tmp_path: Path) -> None:
    m = geomap.render(_other_conflict(), title="Embedded")
    host = tmp_path / "host.html"
    host.write_text("<!DOCTYPE html><html><head><meta charset='utf-8'><title>host</title></head>"
                    f"<body><h1>Report</h1>{m.embed(height=500)}<p>after</p></body></html>",
                    encoding="utf-8")
    page = browser.open(host, wait_ready=False)
    assert page.failed_requests == [] and page.console_errors == []
    browser.driver.switch_to.frame(browser.driver.find_element("css selector", "iframe"))
    try:
        ready = False
        for _ in range(100):
            ready = bool(browser.js("return window.geomapReady === true"))
            if ready:
                break
            browser.js("return 0")
        assert ready
        assert browser.js("return GeomapApp.current.data.places.name.length") == 2
    finally:
        browser.driver.switch_to.default_content()
    assert browser.js("return document.querySelectorAll('h1').length") == 1


def test_many_events_ready_quickly(browser: Browser, tmp_path: Path) -> None:
    # 5,000 events over 500 places: clustering kicks in and the page is ready fast.
    records = []
    for i in range(5000):
        p = i % 500
        records.append({"kind": "control_change", "location": f"P{p}", "country": "XX",
                        "latitude": 30 + (p % 25) * 0.2, "longitude": 10 + (p // 25) * 0.2,
                        "actor": ("A", "B", "C")[i % 3], "event_date": f"2021-{1 + i % 12:02d}-01",
                        "evidence": f"sentence {i}", "source": f"doc-{i % 97}"})
    path = tmp_path / "many.html"
    # the events alone (no zones): this measures drawing, not the layers engineer's geometry
    geomap.render(SimpleNamespace(events=events_frame(records), places=None)).save(path)
    page = browser.open(path)
    assert page.console_errors == [] and page.failed_requests == []
    assert page.ready_seconds < 5
    assert not math.isnan(page.ready_seconds)
    assert browser.js("return document.querySelectorAll('script[data-encoding=gzip-base64]')"
                      ".length") == 2  # large: compressed, evidence apart
    assert browser.js("return new Promise(function (done) { (function wait() {"
                      " if (window.geomapTextReady) done(true); else setTimeout(wait, 20);"
                      " })(); })")
    text = browser.js("var a = GeomapApp.current; return a.eventPopup(42).textContent;")
    assert "sentence 42" in text and "doc-" in text


def test_png_of_seed_map_is_not_blank(seed_map: tuple[Path, Any], tmp_path: Path) -> None:
    from PIL import Image, ImageStat

    from geomap.render._chrome import find_chromium

    if find_chromium() is None:
        if IN_CI:
            pytest.fail("Chromium and chromedriver are required when CI=true")
        pytest.skip("Chromium not installed")
    out = seed_map[1].to_png(tmp_path / "seed.png", width=900, height=600)
    with Image.open(out) as im:
        assert im.size == (900, 600)
        stat = ImageStat.Stat(im.convert("L"))
        assert stat.var[0] > 200  # land, sea, markers, labels: far from a flat image
        colours = im.convert("RGB").getcolors(maxcolors=1_000_000) or []
        assert len(colours) > 500


def test_tiles_are_opt_in_and_attributed(browser: Browser, tmp_path: Path) -> None:
    offline = tmp_path / "offline.html"
    geomap.render(_other_conflict()).save(offline)
    assert browser.open(offline).requests_external == []
    tiled = tmp_path / "tiled.html"
    geomap.render(_other_conflict(), tiles="CartoDB.Positron").save(tiled)
    page = browser.open(tiled)
    # the network is blocked here, so the tile requests are the only ones and they fail
    assert page.requests_external
    assert all("cartocdn.com" in u for u in page.requests_external)
    text = browser.js("return document.querySelector('.leaflet-control-attribution').textContent")
    assert "CARTO" in text and "GeoNames" in text


def test_helper_sees_errors_and_requests(browser: Browser, tmp_path: Path) -> None:
    # The checks above would pass vacuously if the helper saw nothing: show that it sees.
    bad = tmp_path / "bad.html"
    bad.write_text("<!DOCTYPE html><html><body><img src='https://example.invalid/x.png'>"
                   "<script>console.error('boom'); undefinedFunction();</script></body></html>",
                   encoding="utf-8")
    page = browser.open(bad, wait_ready=False)
    assert any("boom" in m for m in page.console_errors)
    assert any("undefinedFunction" in m for m in page.console_errors)
    assert any("example.invalid" in u for u in page.failed_requests)


def test_objective_names_yield_to_place_labels(browser: Browser, tmp_path: Path) -> None:
    # an invented town held by one side, the region around it named as two parties' objective
    # (its point lies on the town, as a region's point often lies on its capital), and the town
    # itself named as an objective: one label per name, none over another
    base = {"country": "UA", "geo_precision": "town", "source": "own-words",
            "evidence": "Invented for this test.", "event_date": "2022-05-02"}
    events = events_frame([
        {**base, "kind": "control_change", "location": "Oakford", "latitude": 49.2,
         "longitude": 36.4, "actor": "UA", "previous_actor": "RU"},
        {**base, "kind": "control_change", "location": "Elmstead", "latitude": 49.6,
         "longitude": 36.9, "actor": "RU", "previous_actor": "UA"},
        {**base, "kind": "objective", "location": "Oakford district", "latitude": 49.2,
         "longitude": 36.4, "actor": "RU", "geo_precision": "district"},
        {**base, "kind": "objective", "location": "Oakford", "latitude": 49.2,
         "longitude": 36.4, "actor": "RU"},
        {**base, "kind": "objective", "location": "Oakford", "latitude": 49.2,
         "longitude": 36.4, "actor": ""},
    ])
    path = tmp_path / "objectives.html"
    # a display name that already carries its code is not followed by it a second time
    names = geomap.ActorSet.from_mapping({"set": "invented", "actors": {
        "UA": {"name": "Invented army (UA)", "colour": "#1565c0"},
        "RU": {"name": "Invented force", "colour": "#c62828"}}})
    geomap.render(events, title="Objectives", actors=names).save(path)
    page = browser.open(path)
    assert page.console_errors == []
    legend = browser.js("return document.querySelector('.geomap-legend').textContent")
    assert "Invented army (UA)" in legend and "(UA) (UA)" not in legend
    assert "Invented force (RU)" in legend
    places = browser.js("return GeomapApp.current.labelBoxes;")
    objectives = browser.js("return GeomapApp.current.objectiveBoxes;")
    assert [b[4] for b in objectives] == ["Oakford district"]  # "Oakford" is the town's label
    boxes = places + objectives
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not (a[0] < b[0] + b[2] and a[0] + a[2] > b[0]
                        and a[1] < b[1] + b[3] and a[1] + a[3] > b[1]), (a, b)


def test_legend_lists_a_side_seen_only_as_the_previous_holder(browser: Browser,
                                                                tmp_path: Path) -> None:
    # "The army says it retook Brookvale from the rebels": the rebels are named only as the
    # side that lost the town, yet until the claim is confirmed the estimate draws their
    # ground around it and around the fought-over villages next to it (the side pushed
    # back holds them); a colour on the map with no legend row is a colour nobody can read.
    base = {"country": "TD", "geo_precision": "town", "source": "own words",
            "evidence": "Invented for this test.", "confirmed": True}
    events = events_frame([
        {**base, "kind": "claimed_control", "place": "Brookvale", "latitude": 12.3,
         "longitude": 15.0, "actor": "ARMY", "previous_actor": "REBELS", "confirmed": False,
         "event_date": "2021-05-02"},
        {**base, "kind": "contested", "place": "Eastfield", "latitude": 12.1,
         "longitude": 15.3, "event_date": "2021-05-03"},
        {**base, "kind": "contested", "place": "Northgate", "latitude": 12.2,
         "longitude": 14.8, "event_date": "2021-05-03"},
    ])
    out = tmp_path / "prev.html"
    geomap.render(geomap.build_layers(events)).save(out)
    browser.open(out)
    drawn = browser.js("var D = GeomapApp.current.data, s = {};"
                       "D.zones.forEach(function (z) { z[1].forEach(function (r) {"
                       " if (r[0] >= 0) s[D.actors[r[0]][0]] = 1; }); });"
                       "return Object.keys(s);")
    listed = browser.js("return Array.prototype.map.call("
                        "document.querySelectorAll('.geomap-legend [data-actor]'),"
                        "function (e) { return e.getAttribute('data-actor'); });")
    assert "REBELS" in drawn
    assert set(drawn) - {"contested"} <= set(listed), (drawn, listed)
