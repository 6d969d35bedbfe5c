"""Hostile text in every field of the input: nothing executes, everything shows literally.

Payloads go into evidence, place names, canonical locations, actor ids, sources, unresolved
names and the title. The map must raise no alert, inject no element, run no template (Jinja
``{{ ... }}`` would be evaluated if text reached folium's templates) and show the text as text.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from browser import Browser, browser_fixture  # noqa: F401  (the browser fixture)
from payloads import TEMPLATE_PAYLOADS, XSS_PAYLOADS

import geomap
from geomap.render.escape import escape_html, escape_js, safe_url
from geomap.schema import events_frame

#: Each payload sets a flag, opens an alert or injects an element if it ever runs; the
#: template probes would print their evaluated value (49, a path) if Jinja rendered them.
PAYLOADS: list[str] = XSS_PAYLOADS + TEMPLATE_PAYLOADS


def _hostile_events() -> Any:
    records = []
    for i, text in enumerate(PAYLOADS):
        records.append({
            "kind": "control_change" if i % 3 else "claimed_control",
            "confirmed": bool(i % 3),
            "place": f"{text} #{i}",
            "location": f"loc {i} {text}",
            "country": "ZZ",
            "latitude": 10 + (i % 6) * 0.5,
            "longitude": 20 + (i // 6) * 0.5,
            "actor": f"actor{i % 4}{text}" if i % 2 else f"actor{i % 4}",
            "previous_actor": text if i % 5 == 0 else "",
            "event_date": f"2021-03-{1 + i % 4:02d}",  # few dates: fewer snapshots to draw
            "evidence": f"evidence {i}: {text}",
            "source": text if i % 2 else f"https://example.org/{i}?q=<b>{i}</b>",
        })
    records.append({"kind": "route", "place": PAYLOADS[0], "location": PAYLOADS[3],
                    "latitude": 11, "longitude": 21, "related_location": PAYLOADS[16],
                    "related_latitude": 12, "related_longitude": 22, "actor": PAYLOADS[5],
                    "evidence": PAYLOADS[17], "source": PAYLOADS[10], "event_date": "2021-03-01"})
    records.append({"kind": "objective", "place": PAYLOADS[2], "location": PAYLOADS[4],
                    "latitude": 12.5, "longitude": 22.5, "actor": "actor1",
                    "evidence": PAYLOADS[9], "source": PAYLOADS[11], "event_date": "2021-03-01"})
    return events_frame(records)


def _unresolved() -> pd.DataFrame:
    return pd.DataFrame({
        "place": PAYLOADS[:8], "source": PAYLOADS[8:16], "evidence": PAYLOADS[16:24],
        "reason": PAYLOADS[24:32], "candidates": [""] * 8,
    })


TITLE = "</title><script>window.__xss=99</script>{{ 7*7 }}"


@pytest.fixture(scope="module")
def hostile_map() -> Any:
    return geomap.render(_hostile_events(), title=TITLE, unresolved=_unresolved())


@pytest.fixture(scope="module")
def hostile_html(tmp_path_factory: pytest.TempPathFactory, hostile_map: Any) -> tuple[Path, str]:
    html = hostile_map.to_html()
    path = tmp_path_factory.mktemp("xss") / "hostile.html"
    hostile_map.save(path)
    return path, html


def test_at_least_thirty_payloads() -> None:
    assert len(PAYLOADS) >= 30


def test_no_template_ran_and_no_raw_markup(hostile_html: tuple[Path, str]) -> None:
    _, html = hostile_html
    assert os.getcwd() not in html  # the cycler probe did not run
    assert "loop" * 3 not in html  # nor the {% for %} probe
    assert "{{" not in html and "{%" not in html  # no template syntax survives unescaped
    for payload in PAYLOADS:
        if "<" in payload:
            assert payload not in html, payload
    # the only <script> elements are geomap's own
    assert html.count("<script") == html.count("</script>")
    assert html.count("<title>") == 1


@pytest.mark.browser
def test_nothing_executes_and_text_is_literal(browser: Browser,
                                              hostile_html: tuple[Path, str]) -> None:
    path, _ = hostile_html
    page = browser.open(path)
    assert browser.alert_text() is None
    assert page.console_errors == [] and page.failed_requests == []
    assert browser.js("return window.geomapReady === true")
    n_scripts = browser.js("return document.scripts.length")
    # open every place's and every change's popup and hover every place
    texts = browser.js("""
        var a = GeomapApp.current, P = a.data.places, out = [];
        a.setDate(a.dates.length - 1);
        for (var p = 0; p < P.name.length; p++) {
          a.map.fire('click', {latlng: L.latLng(P.lat[p], P.lon[p])});
          var el = document.querySelector('.leaflet-popup-content');
          out.push(el ? el.textContent : '');
          a.map.fire('mousemove', {latlng: L.latLng(P.lat[p], P.lon[p])});
        }
        for (var e = 0; e < a.data.events.place.length; e++) out.push(a.eventPopup(e).textContent);
        a.data.routes.forEach(function (r) { out.push(a.arrowPopup(r, 'route').textContent); });
        a.data.objectives.forEach(function (r) {
          out.push(a.arrowPopup(r, 'objective').textContent); });
        document.querySelector('.geomap-panel details').open = true;
        out.push(document.querySelector('.geomap-panel').textContent);
        out.push(document.querySelector('.geomap-legend').textContent);
        out.push(document.querySelector('.geomap-title').textContent);
        out.push(document.title);
        return out;
    """)
    # hovering and the details toggle did not run anything either
    browser.js("return new Promise(function (r) { setTimeout(r, 300); })")
    assert browser.alert_text() is None
    assert browser.js("return window.__xss === undefined")
    injected = ("#xss-injected, img[src=x], iframe, svg script, input[onfocus],"
                " details[ontoggle], [onerror], [onload]")
    assert browser.js(f"return document.querySelectorAll('{injected}').length") == 0
    assert browser.js("return document.scripts.length") == n_scripts
    joined = "\n".join(texts)
    for payload in PAYLOADS:
        # shown literally (U+2028/9 are shown as themselves too)
        assert payload in joined, payload
    assert "{{ 7*7 }}" in joined and "49" not in texts[-1]
    assert TITLE in joined  # the <title> shows the text, not markup
    # popups link only http(s) sources (Leaflet's own controls use "#" anchors)
    hrefs = browser.js(
        "var a = GeomapApp.current, out = [];"
        "for (var e = 0; e < a.data.events.place.length; e++)"
        "  a.eventPopup(e).querySelectorAll('a').forEach(function (x) {"
        "    out.push(x.getAttribute('href')); });"
        "document.querySelectorAll('a[href]').forEach(function (x) {"
        "  if (x.getAttribute('href').charAt(0) !== '#') out.push(x.getAttribute('href')); });"
        "return out;")
    assert hrefs, "the http(s) sources should be links"
    assert all(h.startswith(("http://", "https://")) for h in hrefs), hrefs


@pytest.mark.browser
def test_embed_of_hostile_map_is_inert(browser: Browser, tmp_path: Path, hostile_map: Any) -> None:
    m = hostile_map
    host = tmp_path / "host.html"
    host.write_text(f"<!DOCTYPE html><html><head><title>host</title></head><body>"
                    f"{m.embed()}</body></html>", encoding="utf-8")
    page = browser.open(host, wait_ready=False)
    browser.js("return new Promise(function (r) { setTimeout(r, 500); })")
    assert browser.alert_text() is None
    assert page.console_errors == []
    assert browser.js("return window.__xss === undefined && document.title === 'host'")
    assert browser.js("return document.querySelectorAll('body > *').length") == 1


def test_escape_helpers() -> None:
    for payload in PAYLOADS:
        js = escape_js({"t": payload})
        for bad in ("<", ">", "{{", "{%", "{#", "\u2028", "\u2029"):
            assert bad not in js
        out = escape_html(payload)
        assert "<" not in out and ">" not in out and '"' not in out and "{" not in out
    assert safe_url("https://example.org/a?b=<c>") == "https://example.org/a?b=<c>"
    for bad in ("javascript:alert(1)", "JAVASCRIPT:alert(1)", "java\tscript:alert(1)",
                " javascript:alert(1)", "data:text/html,x", "vbscript:x", "//evil.example/x",
                "http:/no-host", "file:///etc/passwd", "", None, 42):
        assert safe_url(bad) is None, bad
