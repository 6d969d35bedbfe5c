"""Cartography in headless Chromium: land is land far from the data, labels never overlap,
nothing mapped hides under the legend or the slider, an empty map says so.

The four conflict inputs are our own (``conflicts.py``). Screenshots are written to the test's
temporary folder (``GEOMAP_SHOTS=folder`` keeps them somewhere to look at).
"""

from __future__ import annotations

import itertools
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import Browser, open_browser
from conflicts import conflict_events

import geomap
from geomap.schema import empty_events

pytestmark = pytest.mark.browser

_LAND = (244, 241, 234)
_SEA = (215, 228, 236)
_SIZES = ((1200, 800), (800, 600))


@pytest.fixture(scope="module")
def maps(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("cartography")
    out = {}
    for name in ("libya", "ukraine", "syria", "sudan"):
        path = folder / f"{name}.html"
        geomap.render(conflict_events(name)).save(path)
        out[name] = path
    return out


@pytest.fixture(scope="module", params=_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def sized(request: pytest.FixtureRequest) -> Iterator[tuple[Browser, tuple[int, int]]]:
    with open_browser(*request.param) as b:
        yield b, request.param


def _near(pixel: list[int], colour: tuple[int, int, int], tol: int = 6) -> bool:
    return pixel[3] == 255 and all(abs(a - b) <= tol for a, b in zip(pixel[:3], colour,
                                                                      strict=True))


def _settle(browser: Browser) -> None:
    # canvases redraw on moveend; a frame later everything is painted
    browser.js("return new Promise(function (r) { requestAnimationFrame(function () {"
               " requestAnimationFrame(r); }); })")
    time.sleep(0.05)


@pytest.mark.parametrize(("name", "lat", "lon", "what"), [
    ("libya", 30.044, 31.236, "Cairo"),
    ("libya", 15.552, 32.532, "Khartoum"),
    ("syria", 49.985, 36.420, "Kharkiv, east side"),
    ("ukraine", 48.708, 44.513, "Volgograd, Russia far east of Izium"),
    ("sudan", 33.315, 44.366, "Baghdad"),
])
def test_known_land_points_are_land_on_maps_centred_far_away(
    sized: tuple[Browser, tuple[int, int]], maps: dict[str, Path], name: str, lat: float,
    lon: float, what: str,
) -> None:
    browser, _size = sized
    browser.open(maps[name])
    # frame the data and the far point together: the map is centred between them
    browser.js("var a = GeomapApp.current, b = L.latLngBounds(a.data.bounds)"
               ".extend([arguments[0], arguments[1]]);"
               "a.map.fitBounds(b, {animate: false, padding: [40, 40]});", lat, lon)
    _settle(browser)
    centre = browser.js("var c = GeomapApp.current.map.getCenter(); return [c.lat, c.lng];")
    assert abs(centre[0] - lat) + abs(centre[1] - lon) > 4, "the map should be centred far away"
    inside = browser.js("return GeomapApp.current.map.getBounds()"
                        ".contains([arguments[0], arguments[1]]);", lat, lon)
    assert inside, f"{what} cannot be brought into view"
    pixel = browser.js("return GeomapApp.current.basemapPixel(arguments[0], arguments[1]);",
                       lat, lon)
    assert _near(pixel, _LAND), f"{what} is drawn {pixel}, not land"


@pytest.mark.parametrize(("name", "lat", "lon"), [
    ("libya", 34.5, 18.0),   # the Mediterranean off Benghazi
    ("sudan", 20.5, 38.6),   # the Red Sea
])
def test_sea_stays_sea(browser_1200: Browser, maps: dict[str, Path], name: str, lat: float,
                       lon: float) -> None:
    browser_1200.open(maps[name])
    browser_1200.js("GeomapApp.current.map.setView([arguments[0], arguments[1]], 5,"
                    " {animate: false});", lat, lon)
    _settle(browser_1200)
    pixel = browser_1200.js("return GeomapApp.current.basemapPixel(arguments[0], arguments[1]);",
                            lat, lon)
    assert not _near(pixel, _LAND, 10), pixel


@pytest.fixture(scope="module")
def browser_1200() -> Iterator[Browser]:
    with open_browser(1200, 800) as b:
        yield b


def _boxes(browser: Browser) -> list[list[float]]:
    return browser.js("var a = GeomapApp.current, out = [];"
                      "(a.labelBoxes || []).forEach(function (b) { out.push(b); });"
                      "(a.contextBoxes || []).forEach(function (b) { out.push(b); });"
                      "return out;")


def _overlapping(boxes: list[list[float]]) -> list[tuple[Any, Any]]:
    bad = []
    for a, b in itertools.combinations(boxes, 2):
        if (a[0] < b[0] + b[2] - 0.5 and a[0] + a[2] > b[0] + 0.5
                and a[1] < b[1] + b[3] - 0.5 and a[1] + a[3] > b[1] + 0.5):
            bad.append((a, b))
    return bad


@pytest.mark.parametrize("name", ["libya", "ukraine", "syria", "sudan"])
def test_no_two_visible_labels_overlap_and_hidden_ones_are_counted(
    sized: tuple[Browser, tuple[int, int]], maps: dict[str, Path], name: str,
    tmp_path: Path,
) -> None:
    browser, (width, _height) = sized
    browser.open(maps[name])
    _settle(browser)
    shots = Path(os.environ.get("GEOMAP_SHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    browser.driver.save_screenshot(str(shots / f"{name}-{width}.png"))
    zoom = browser.js("return GeomapApp.current.map.getZoom();")
    for dz in (0, -1.5, 1.5):
        browser.js("GeomapApp.current.map.setZoom(arguments[0], {animate: false});", zoom + dz)
        _settle(browser)
        boxes = _boxes(browser)
        n_places = browser.js("return (GeomapApp.current.labelBoxes || []).length;")
        hidden = browser.js("return GeomapApp.current.hiddenLabels;")
        assert n_places >= 1
        assert not _overlapping(boxes), _overlapping(boxes)[:3]
        hint = browser.js("return document.querySelector('.geomap-hint').textContent;")
        assert (f"{hidden} label" in hint) if hidden else hint == ""


@pytest.mark.parametrize("name", ["libya", "ukraine", "syria", "sudan"])
def test_no_label_under_the_title_legend_or_slider(
    sized: tuple[Browser, tuple[int, int]], maps: dict[str, Path], name: str,
) -> None:
    browser, _size = sized
    browser.open(maps[name])
    _settle(browser)
    zoom = browser.js("return GeomapApp.current.map.getZoom();")
    for dz in (0, -1, 1):
        browser.js("GeomapApp.current.map.setZoom(arguments[0], {animate: false});", zoom + dz)
        _settle(browser)
        under = browser.js("""
            var a = GeomapApp.current, box = a.map.getContainer(), c = box.getBoundingClientRect();
            var o = a.map.getPixelBounds().min, bad = [];
            var rects = ['.geomap-legend', '.geomap-slider', '.geomap-title'].map(function (s) {
              var r = box.querySelector(s).getBoundingClientRect();
              return [s, r.left - c.left, r.top - c.top, r.right - c.left, r.bottom - c.top];
            });
            [].concat(a.labelBoxes || [], a.contextBoxes || []).forEach(function (b) {
              var x = b[0] - o.x, y = b[1] - o.y;
              rects.forEach(function (q) {
                if (x < q[3] && x + b[2] > q[1] && y < q[4] && y + b[3] > q[2]) bad.push([q[0], b]);
              });
            });
            return bad;""")
        assert under == [], under[:3]


@pytest.mark.parametrize("name", ["libya", "ukraine", "syria", "sudan"])
def test_no_place_symbol_under_the_legend_or_the_slider(
    sized: tuple[Browser, tuple[int, int]], maps: dict[str, Path], name: str,
) -> None:
    browser, _size = sized
    browser.open(maps[name])
    _settle(browser)
    found = browser.js("""
        var a = GeomapApp.current, P = a.data.places, box = a.map.getContainer();
        var c = box.getBoundingClientRect(), out = {places: [], covered: []};
        var rects = ['.geomap-legend', '.geomap-slider', '.geomap-title'].map(function (s) {
          var r = box.querySelector(s).getBoundingClientRect();
          return [s, r.left - c.left, r.top - c.top, r.right - c.left, r.bottom - c.top];
        });
        for (var p = 0; p < P.name.length; p++) {
          var pt = a.map.latLngToContainerPoint([P.lat[p], P.lon[p]]), r = a.radius + 1;
          out.places.push([P.name[p], pt.x, pt.y]);
          rects.forEach(function (q) {
            if (pt.x + r > q[1] && pt.x - r < q[3] && pt.y + r > q[2] && pt.y - r < q[4])
              out.covered.push([P.name[p], q[0]]);
          });
        }
        return out;""")
    size = browser.js("var s = GeomapApp.current.map.getSize(); return [s.x, s.y];")
    assert found["places"]
    for place, x, y in found["places"]:
        assert 0 <= x <= size[0] and 0 <= y <= size[1], f"{place} is off screen"
    assert found["covered"] == []


def test_legend_starts_collapsed_on_a_narrow_screen(maps: dict[str, Path]) -> None:
    with open_browser(700, 600) as b:
        b.open(maps["syria"])
        assert b.js("return document.querySelector('.geomap-legend details').open;") is False
    with open_browser(1300, 900) as b:
        b.open(maps["syria"])
        assert b.js("return document.querySelector('.geomap-legend details').open;") is True


def test_symbol_sections_of_the_legend_fold(maps: dict[str, Path]) -> None:
    with open_browser(1200, 800) as b:
        b.open(maps["libya"])
        state = b.js("""
            var lg = document.querySelector('.geomap-legend'), out = {};
            out.open = lg.querySelector('details').open;
            out.folds = Array.prototype.map.call(lg.querySelectorAll('details.fold'),
              function (d) { return [d.querySelector('summary').textContent, d.open]; });
            out.actors = lg.querySelectorAll('[data-actor]').length;
            out.visible = Array.prototype.filter.call(lg.querySelectorAll('.row'),
              function (r) { return r.checkVisibility(); }).map(function (r) {
                return r.textContent; });
            out.height = lg.getBoundingClientRect().height;
            return out;""")
        # who holds the place and the areas stay in view; symbols and certainty fold away
        assert state["open"] is True
        assert state["folds"] == [["Place", False], ["How sure", False]]
        assert state["actors"] >= 1 and "contested" in state["visible"]
        assert "estimated territory (darker: surer)" in state["visible"]
        assert "town or city" not in state["visible"]
        assert state["height"] < 800 * 0.5, state["height"]
        # a click on a heading opens it
        b.js("document.querySelector('.geomap-legend details.fold summary').click(); return 0")
        assert b.js("return Array.prototype.some.call(document.querySelectorAll("
                    "'.geomap-legend .row'), function (r) { return r.checkVisibility()"
                    " && r.textContent === 'town or city'; })") is True


def test_an_empty_map_says_there_is_nothing_to_map(browser_1200: Browser,
                                                   tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    geomap.render(empty_events(), inputs=3).save(path)
    page = browser_1200.open(path)
    assert page.console_errors == []
    text = browser_1200.js("var e = document.querySelector('.geomap-empty');"
                           "return e ? e.textContent : null;")
    assert text == "Nothing to map: 0 events from 3 inputs \u2014 see the run report"
    # and the world behind the message is land and sea, not a blue page
    _settle(browser_1200)
    browser_1200.js("GeomapApp.current.map.setView([15.55, 32.53], 4, {animate: false});")
    _settle(browser_1200)
    pixel = browser_1200.js("return GeomapApp.current.basemapPixel(15.55, 32.53);")
    assert _near(pixel, _LAND), pixel


def test_a_country_whose_label_point_is_under_the_title_is_labelled_elsewhere(
    browser_1200: Browser, maps: dict[str, Path],
) -> None:
    # On the northern Syria map the first label point of Turkey falls under the title box;
    # the name moves to a fallback point inside Turkey instead of vanishing.
    browser = browser_1200
    browser.open(maps["syria"])
    _settle(browser)
    first = browser.js("""
        var a = GeomapApp.current, c = a.data.basemap.countries.filter(function (r) {
          return r[0] === 'Turkey'; })[0];
        var p = a.map.latLngToContainerPoint([c[1], c[2]]), box = a.map.getContainer();
        var t = box.querySelector('.geomap-title').getBoundingClientRect();
        var o = box.getBoundingClientRect();
        return [p.x >= t.left - o.left && p.x <= t.right - o.left &&
                p.y >= t.top - o.top - 8 && p.y <= t.bottom - o.top + 8, c[3].length];""")
    assert first[1] >= 2  # fallback points travel with the country
    names = browser.js("return GeomapApp.current.contextNames.countries;")
    assert "Turkey" in names and "Syria" in names, (first, names)


def test_first_level_lines_and_names_when_zoomed_in(
    browser_1200: Browser, maps: dict[str, Path], tmp_path: Path,
) -> None:
    browser = browser_1200
    browser.open(maps["ukraine"])
    _settle(browser)
    assert browser.js("return GeomapApp.current.data.basemap.admin1.length;") > 0
    zoom = browser.js("return GeomapApp.current.map.getZoom();")
    seen: set[str] = set()
    for dz in (0, 1, 2):
        browser.js("GeomapApp.current.map.setZoom(arguments[0], {animate: false});", zoom + dz)
        _settle(browser)
        seen.update(browser.js("return GeomapApp.current.contextNames.admin1;"))
        boxes = _boxes(browser)
        assert not _overlapping(boxes), _overlapping(boxes)[:3]
    shots = Path(os.environ.get("GEOMAP_SHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    browser.driver.save_screenshot(str(shots / "ukraine-admin1-zoomed.png"))
    assert seen, "no first-level name at any zoom"
    # too far out, no first-level name: they are for the zoomed-in reader
    browser.js("GeomapApp.current.map.setZoom(arguments[0], {animate: false});", zoom - 2)
    _settle(browser)
    assert browser.js("return GeomapApp.current.contextNames.admin1;") == []


def test_no_basemap_town_square_on_an_objective_or_route_end(
    browser_1200: Browser, tmp_path: Path,
) -> None:
    # "The RSF said it would push on toward El Obeid": the target is a town the basemap also
    # has; its square sat on the arrow's head, half under the objective's label.
    from geomap.schema import events_frame

    base = {"country": "SD", "geo_precision": "town", "source": "own words",
            "evidence": "Invented for this test.", "event_date": "2023-11-05",
            "confirmed": True}
    events = events_frame([
        {**base, "kind": "control_change", "place": "Nyala", "latitude": 12.05,
         "longitude": 24.88, "actor": "RSF"},
        {**base, "kind": "objective", "place": "El Obeid", "latitude": 13.18,
         "longitude": 30.22, "actor": "RSF"},
        {**base, "kind": "route", "place": "Nyala", "latitude": 12.05, "longitude": 24.88,
         "related_location": "Kosti", "related_latitude": 13.16, "related_longitude": 32.66,
         "actor": "RSF"},
    ])
    out = tmp_path / "objective.html"
    geomap.render(geomap.build_layers(events)).save(out)
    browser = browser_1200
    browser.open(out)
    _settle(browser)
    near = browser.js("""
        var a = GeomapApp.current, m = a.map, out = [];
        var ends = [[13.18, 30.22], [13.16, 32.66]];
        a.contextNames.squares.forEach(function (s) {
          var p = m.latLngToContainerPoint(s);
          ends.forEach(function (e) {
            var q = m.latLngToContainerPoint(e);
            if (Math.abs(p.x - q.x) < 10 && Math.abs(p.y - q.y) < 10) out.push(s);
          });
        });
        return [out, a.contextNames.squares.length];""")
    assert near[1] > 0, "no basemap town drawn at all"
    assert near[0] == [], near
