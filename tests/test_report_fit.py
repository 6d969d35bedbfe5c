"""The map embedded in a report fits the data at the report's width, labels readable.

Four invented conflicts (tests/conflicts.py) in a report, headless Chromium at 1200 px: every
place lies inside the embedded map (not under its edge), the data are not a speck in a zoomed-out
world, and almost every label is shown.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from browser import open_browser
from conflicts import conflict_events
from test_report_browser import _in_map

import geomap

pytestmark = pytest.mark.browser

_SPREAD = (
    "var a = GeomapApp.current, m = a.map, P = a.data.places, xs = [], ys = [];"
    "for (var i = 0; i < P.lat.length; i++) {"
    "  var pt = m.latLngToContainerPoint([P.lat[i], P.lon[i]]); xs.push(pt.x); ys.push(pt.y); }"
    "var c = m.getContainer();"
    "return [c.clientWidth, c.clientHeight, Math.min.apply(null, xs), Math.max.apply(null, xs),"
    " Math.min.apply(null, ys), Math.max.apply(null, ys), a.hiddenLabels, P.lat.length];"
)


def test_embedded_map_fits_the_data(tmp_path: Path) -> None:
    with open_browser(1200, 900) as browser:
        for name in ("libya", "ukraine", "syria", "sudan"):
            path = tmp_path / f"{name}.html"
            path.write_text(geomap.make_report(conflict_events(name), png=False),
                            encoding="utf-8")
            browser.open(path, wait_ready=False)
            seen, got = None, None
            for _ in range(20):  # the view may still be settling (fit after the frame sizes)
                got = _in_map(browser, _SPREAD)
                if got == seen:
                    break
                seen = got
                time.sleep(0.2)
            assert got is not None
            width, height, x0, x1, y0, y1, hidden, n = got
            assert width >= 1000, (name, width)  # the report's column, not a thumbnail
            # every place inside the frame, clear of its edges
            assert x0 >= 20 and x1 <= width - 20 and y0 >= 20 and y1 <= height - 20, (name, got)
            # not a speck: the places spread over a fair part of the frame
            assert max((x1 - x0) / width, (y1 - y0) / height) >= 0.2, (name, got)
            assert hidden <= max(2, n // 5), (name, got)
