"""The seed article through the whole pipeline (text -> events -> layers -> map) in Chromium.

Needs the extraction and gazetteer (whose index is built once per machine); the coordinates of
the airport come from the seed's expected events, not from this file.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
from browser import Browser, browser_fixture  # noqa: F401  (the browser fixture)

import geomap
from geomap.render.palette import NO_CONTROL

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def pipeline_map(seed_article: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from geomap.corpus.inputs import load_inputs

    loaded = load_inputs([seed_article])
    path = tmp_path_factory.mktemp("pipeline") / "seed.html"
    geomap.render(loaded, title="Seed article").save(path)
    return path


def _airport(seed_expected: Path) -> dict[str, Any]:
    gold = json.loads(seed_expected.read_text(encoding="utf-8"))
    return next(e for e in gold["required"] if "Airport" in e["location"])


def test_pipeline_seed_map(browser: Browser, pipeline_map: Path, seed_expected: Path) -> None:
    page = browser.open(pipeline_map)
    assert page.failed_requests == [] and page.console_errors == []
    gold = _airport(seed_expected)
    places = browser.js("var P = GeomapApp.current.data.places;"
                        "return P.name.map(function (n, i) { return [n, P.lat[i], P.lon[i]]; });")
    km = [(math.hypot(lat - gold["lat"], (lon - gold["lon"]) * math.cos(math.radians(lat))) * 111,
           i) for i, (_, lat, lon) in enumerate(places)]
    dist, idx = min(km)
    assert dist <= gold["tolerance_km"], places
    colours = browser.js("var o = {}; GeomapApp.current.data.actors.forEach("
                         "function (r) { o[r[0]] = r[2]; }); return o;")
    fills = browser.js(
        "var a = GeomapApp.current, p = arguments[0], out = [];"
        "['2020-06-02', '2020-06-04'].forEach(function (d) { a.setDateISO(d);"
        " out.push([a.placeFill(p), a.pixelAt('places', p)]); }); return out;", idx)
    # Before its first dated evidence (the capture) the airport is "no control reported", as in
    # the report (report._model.control_on); the holder it was taken from is in its popup.
    assert fills[0][0] == NO_CONTROL
    assert fills[1][0] == colours[gold["actor"]]
    assert fills[0][1][:3] != fills[1][1][:3]  # the drawn pixel changed too
    legend = browser.js("return Array.prototype.map.call(document.querySelectorAll("
                        "'.geomap-legend [data-actor]'), function (e) {"
                        " return e.getAttribute('data-actor'); });")
    assert {gold["actor"], gold["previous_actor"]} <= set(legend)
