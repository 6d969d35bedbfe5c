"""The HTML report in headless Chromium with the network blocked.

Checks: no failed request and no console error, the embedded map draws its markers, the changes
table lists the seed's required events with evidence, XSS payloads stay inert, and the print
stylesheet swaps the map for its PNG.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
from browser import Browser, browser_fixture  # noqa: F401  (the browser fixture)

pytestmark = pytest.mark.browser


def _in_map(browser: Browser, script: str) -> Any:
    """Run ``script`` inside the report's map frame once the map is ready."""
    drv = browser.driver
    drv.switch_to.frame(drv.find_element("css selector", "#map iframe"))
    try:
        for _ in range(200):
            if browser.js("return window.geomapReady === true"):
                break
            drv.execute_async_script("setTimeout(arguments[0], 25)")
        return browser.js(script)
    finally:
        drv.switch_to.default_content()


#: Places drawn on the map's canvas: a place counts when its pixel is not transparent.
_DRAWN = (
    "var a = window.GeomapApp && GeomapApp.current; if (!a) return -1;"
    "var n = 0; for (var i = 0; i < a.data.places.name.length; i++) {"
    "  var px = a.pixelAt('places', i); if (px && px[3] > 0) n++; } return n;"
)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


@pytest.fixture(scope="module")
def seed_report(seed_article: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from geomap.cli import main

    out = tmp_path_factory.mktemp("report") / "report.html"
    assert main(["report", str(seed_article), "-o", str(out), "-q"]) == 0
    return out


def test_seed_report_offline_map_and_events(
    browser: Browser, seed_report: Path, seed_expected: Path
) -> None:
    page = browser.open(seed_report, wait_ready=False)
    assert page.failed_requests == []
    assert page.console_errors == []
    assert _in_map(browser, _DRAWN) >= 4
    rows = browser.js(
        "return [...document.querySelectorAll('#changes-table tbody tr')].map(r => ({"
        "lat: parseFloat(r.dataset.lat), lon: parseFloat(r.dataset.lon), actor: r.dataset.actor,"
        "date: r.dataset.date, precision: r.dataset.precision,"
        "evidence: r.querySelector('.evidence').innerText, text: r.innerText}))"
    )
    required = json.loads(seed_expected.read_text(encoding="utf-8"))["required"]
    for want in required:
        hits = [
            r for r in rows
            if r["actor"] == want["actor"]
            and _km(r["lat"], r["lon"], want["lat"], want["lon"]) <= want["tolerance_km"]
            and (want["date_precision"] != "day" or r["date"] == want["event_date"])
        ]
        assert hits, f"{want['location']} missing from the report's changes table"
        assert all(len(h["evidence"].strip()) > 20 for h in hits), hits


def test_report_prints_png_instead_of_map(browser: Browser, seed_report: Path) -> None:
    browser.open(seed_report, wait_ready=False)
    driver = browser.driver
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        state = browser.js(
            "const img = document.querySelector('.map-print img');"
            "return {screen: getComputedStyle(document.querySelector('.map-screen')).display,"
            " print: getComputedStyle(document.querySelector('.map-print')).display,"
            " png: img ? img.naturalWidth : 0}"
        )
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert state["screen"] == "none"
    assert state["print"] == "block"
    assert state["png"] > 100


def test_xss_payloads_stay_inert(browser: Browser, tmp_path: Path) -> None:
    import geomap
    from geomap.schema import events_frame

    payloads = _payloads()
    records = []
    for i, payload in enumerate(payloads):
        records.append(
            dict(
                kind="control_change", actor=payload if i % 2 else "GNA", previous_actor=payload,
                event_date=f"2021-03-{i % 28 + 1:02d}", place=payload, location=payload,
                country="LY", latitude=30.0 + i * 0.05, longitude=15.0 + i * 0.05,
                gazetteer_id=f"test:{i}", evidence=payload, source=payload,
            )
        )
    events = events_frame(records)
    layers = geomap.build_layers(events)
    out = tmp_path / "xss.html"
    out.write_text(geomap.make_report(layers, title=payloads[0], png=False), encoding="utf-8")
    page = browser.open(out, wait_ready=False)
    assert browser.alert_text() is None
    fired = browser.js("return window.__xss || 0")
    fired_map = _in_map(browser, "return window.__xss || 0")
    assert _in_map(browser, _DRAWN) >= len(payloads) // 2
    assert browser.alert_text() is None
    assert fired == 0 and fired_map == 0
    assert page.failed_requests == []
    assert page.console_errors == []
    # The payload text is visible as text in the table.
    table = browser.driver.find_element("css selector", "#changes-table").text
    assert all(" ".join(p.split()) in table for p in payloads if p.strip())


def _payloads() -> list[str]:
    try:
        from payloads import PAYLOADS  # the reliability engineer's shared list

        return [str(p) for p in PAYLOADS]
    except ImportError:
        return [
            '<img src=x onerror="window.__xss=1">',
            '"><script>window.__xss=1</script>',
            "{{ (window.__xss=1) }}",
            "javascript:window.__xss=1",
            "</script><script>window.__xss=1</script>",
            "'-alert(1)-' <svg onload=window.__xss=1>",
        ]
