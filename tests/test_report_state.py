"""One control-at-date function behind the report: summary, timeline and map say the same.

Invented input: Garyan is taken by GNA from LNA and reported contested on the same day;
Tarhuna is taken by LNA two weeks earlier. On the day of the contest nobody holds Garyan.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

import geomap
from geomap.layers import build_layers
from geomap.report._model import control_on, control_periods, gather
from geomap.schema import events_frame

NS = "{http://www.w3.org/2000/svg}"
_BASE = {"confirmed": True, "country": "LY", "evidence": "our own note", "source": "notes.txt",
         "date_precision": "day"}
GARYAN = {"place": "Garyan", "location": "Garyan", "latitude": 32.17, "longitude": 13.02}
TARHUNA = {"place": "Tarhuna", "location": "Tarhuna", "latitude": 32.43, "longitude": 13.63}
ZAWIYA = {"place": "Zawiya", "location": "Zawiya", "latitude": 32.76, "longitude": 12.73}


def _events(*extra: dict[str, Any]) -> Any:
    return events_frame([
        {**_BASE, **TARHUNA, "kind": "control_change", "actor": "LNA",
         "event_date": "2019-06-10"},
        {**_BASE, **GARYAN, "kind": "control_change", "actor": "GNA", "previous_actor": "LNA",
         "event_date": "2019-06-26"},
        {**_BASE, **GARYAN, "kind": "contested", "actor": "", "event_date": "2019-06-26"},
        *extra,
    ])


def _rects(svg: str, place: str) -> list[ET.Element]:
    """The timeline's rectangles of one place's row (their tooltip starts with the place)."""
    root = ET.fromstring(svg)
    out = []
    for rect in root.iter(f"{NS}rect"):
        title = rect.find(f"{NS}title")
        if title is not None and (title.text or "").startswith(place + ":"):
            out.append(rect)
    return out


def _timeline(html: str) -> str:
    found = re.search(r'<section id="timeline">.*?(<svg.*?</svg>)', html, re.S)
    assert found, "no timeline in the report"
    return found.group(1)


def test_state_is_control_at_with_unknown_before_first_evidence() -> None:
    layers = build_layers(_events())
    on_day = control_on(layers, "2019-06-26").set_index("location")
    raw = layers.control_at("2019-06-26").set_index("location")
    assert on_day.loc["Garyan", "status"] == raw.loc["Garyan", "status"] == "contested"
    assert on_day.loc["Tarhuna", "actor"] == raw.loc["Tarhuna", "actor"] == "LNA"
    # control_at implies LNA held Garyan before it was taken; the report says "unknown" and
    # keeps LNA as the holder it was taken from.
    early = control_on(layers, "2019-06-20").set_index("location")
    assert early.loc["Garyan", "status"] == "unknown"
    assert early.loc["Garyan", "actor"] == ""
    assert early.loc["Garyan", "before"] == "LNA"


def test_summary_says_contested_not_the_capturer() -> None:
    data = gather(build_layers(_events()))
    assert data.date == "2019-06-26"
    held = {a.actor: a.held for a in data.actors}
    assert "Garyan" not in held.get("GNA", [])
    assert held["LNA"] == ["Tarhuna"]
    html = geomap.make_report(_events(), png=False)
    summary = re.search(r'<section id="summary">.*?</section>', html, re.S)
    assert summary is not None
    assert "<dt>Contested on 2019-06-26</dt><dd>1: Garyan</dd>" in summary.group(0)
    md = geomap.make_report(_events(), format="md")
    assert "- Contested on 2019-06-26: 1: Garyan" in md


def test_timeline_runs_come_from_the_same_state() -> None:
    layers = build_layers(_events())
    periods = control_periods(layers, "2019-07-20")
    garyan = periods[periods["location"] == "Garyan"]
    # contested on the day, then the contest lapses (window of 7 days) and GNA holds it
    assert garyan[["status", "actor", "valid_from", "valid_to"]].values.tolist() == [
        ["contested", "", "2019-06-26", "2019-07-03"],
        ["held", "GNA", "2019-07-03", ""],
    ]
    for date in ("2019-06-26", "2019-07-02", "2019-07-03", "2019-07-20"):
        state = control_on(layers, date).set_index("place_key")
        for rec in periods.to_dict("records"):
            if rec["valid_from"] <= date and (not rec["valid_to"] or date < rec["valid_to"]):
                got = state.loc[rec["place_key"]]
                assert (got["status"], got["actor"]) == (rec["status"], rec["actor"]), date


def test_timeline_bar_starts_at_first_evidence_and_unknown_before() -> None:
    svg = _timeline(geomap.make_report(_events(), png=False))
    rects = _rects(svg, "Garyan")
    kinds = {r.get("class") for r in rects}
    assert {"unknown", "contested", "before"} <= kinds
    assert "held" not in kinds  # on 2019-06-26 nobody holds Garyan
    first = min(float(r.get("x", "0")) for r in rects if r.get("class") == "contested")
    unknown = [r for r in rects if r.get("class") == "unknown"]
    assert len(unknown) == 1
    # the unknown stretch runs from the axis start up to the first evidence, no further
    u0, uw = float(unknown[0].get("x", "0")), float(unknown[0].get("width", "0"))
    assert abs(u0 + uw - first) < 0.5
    # LNA, the holder it was taken from, is a short lead-in, not a bar back to the axis start
    lead = [r for r in rects if r.get("class") == "before"]
    assert len(lead) == 1 and float(lead[0].get("width", "0")) <= 14.0
    assert abs(float(lead[0].get("x", "0")) + float(lead[0].get("width", "0")) - first) < 0.5
    assert float(lead[0].get("x", "0")) > u0 + 1
    # Tarhuna's bar starts at its own first evidence, which is the earliest date: no unknown
    tarhuna = _rects(svg, "Tarhuna")
    held = [r for r in tarhuna if r.get("class") == "held"]
    assert len(held) == 1 and float(held[0].get("x", "0")) < first


def test_timeline_ends_at_report_date_with_the_summary_state() -> None:
    html = geomap.make_report(_events(), png=False, at="2019-07-20")
    rects = _rects(_timeline(html), "Garyan")
    last = max(rects, key=lambda r: float(r.get("x", "0")))
    assert last.get("class") == "held" and last.get("data-actor") == "GNA"
    assert "<dt>Contested on" not in html
    assert re.search(r"Government of National Accord.*?<td>1: Garyan</td></tr>", html, re.S)


# ------------------------------------------------------------------------------- the map
def _map_state(tmp_path: Path, html: str) -> tuple[str, dict[str, list[Any]]]:
    from browser import open_browser
    from test_report_browser import _in_map

    path = tmp_path / "report.html"
    path.write_text(html, encoding="utf-8")
    with open_browser() as browser:
        browser.open(path, wait_ready=False)
        date, state = _in_map(browser, (
            "var a = GeomapApp.current, out = {};"
            "a.data.places.name.forEach(function (n, p) { var s = a.placeStatus(p);"
            " out[n] = [s.status, s.actor >= 0 ? a.data.actors[s.actor][0] : ''] });"
            "return [a.dates[a.dateIndex], out];"))
    return str(date), state


def _as_map(status: str, actor: str) -> list[Any]:
    """control_on's verdict in the map's terms (0 held, 1 claimed, 2 contested, -1 unknown)."""
    return {"held": [0, actor], "contested": [2, ""], "unknown": [-1, ""]}[status]


@pytest.mark.browser
def test_map_in_report_agrees_with_summary(tmp_path: Path) -> None:
    html = geomap.make_report(_events(), png=False)
    date, state = _map_state(tmp_path, html)
    assert date == "2019-06-26"
    expected = control_on(build_layers(_events()), date).set_index("location")
    for place in ("Garyan", "Tarhuna"):
        assert state[place] == _as_map(expected.loc[place, "status"],
                                       expected.loc[place, "actor"]), place


@pytest.mark.browser
def test_map_in_report_agrees_once_the_contest_lapses(tmp_path: Path) -> None:
    later = {**_BASE, **ZAWIYA, "kind": "control_change", "actor": "GNA",
             "event_date": (dt.date(2019, 6, 26) + dt.timedelta(days=30)).isoformat()}
    html = geomap.make_report(_events(later), png=False)
    date, state = _map_state(tmp_path, html)
    expected = control_on(build_layers(_events(later)), date).set_index("location")
    assert expected.loc["Garyan", "status"] == "held"
    assert state["Garyan"] == _as_map("held", "GNA")


def test_timeline_legend_has_one_entry_per_actor() -> None:
    aliases = _events({**_BASE, **ZAWIYA, "kind": "control_change",
                       "actor": "Libyan National Army", "event_date": "2019-06-12"})
    svg = _timeline(geomap.make_report(aliases, png=False))
    root = ET.fromstring(svg)
    texts = [t.text for t in root.iter(f"{NS}text") if t.text and "Libyan National Army" in t.text]
    assert len(texts) == 1, texts
