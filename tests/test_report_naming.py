"""The report names places as the map does (one plain-Latin spelling per place); the input's
spelling stays in the evidence and beside the name as written.

Invented input: the gazetteer's names carry diacritics (``Şurmān``, ``Qaşr Bin Ghashīr``); the
text wrote ``Surman`` for the first and gave no spelling of its own for the second.
"""

from __future__ import annotations

import re
from typing import Any

import geomap
from geomap.layers import build_layers
from geomap.render.payload import build_payload, place_labels
from geomap.report._model import control_on, control_periods, gather
from geomap.schema import events_frame

_BASE = {"confirmed": True, "country": "LY", "source": "notes.txt", "date_precision": "day",
         "geo_precision": "town"}


def _events() -> Any:
    return events_frame([
        {**_BASE, "kind": "control_change", "place": "Surman", "location": "Şurmān",
         "latitude": 32.76, "longitude": 12.57, "actor": "GNA", "previous_actor": "LNA",
         "event_date": "2020-04-13", "evidence": "GNA forces entered Surman on Monday."},
        {**_BASE, "kind": "control_change", "place": "",
         "location": "Qaşr Bin Ghashīr", "latitude": 32.68, "longitude": 13.18, "actor": "GNA",
         "event_date": "2020-06-03", "evidence": "The town (Qaşr) was retaken."},
    ])


def test_labels_are_the_maps() -> None:
    events = _events()
    payload = build_payload(events, basemap=False)
    labels = place_labels(events)
    assert sorted(labels.values()) == sorted(payload["places"]["name"])
    assert sorted(labels.values()) == ["Qasr Bin Ghashir", "Surman"]


def test_state_periods_and_tables_use_the_map_spelling() -> None:
    layers = build_layers(_events())
    assert set(control_on(layers, "2020-06-03")["location"]) == {"Surman", "Qasr Bin Ghashir"}
    assert set(control_periods(layers, "2020-06-03")["location"]) == {
        "Surman", "Qasr Bin Ghashir"}
    data = gather(layers)
    assert {r.location for r in data.changes} == {"Surman", "Qasr Bin Ghashir"}
    held = {a.actor: a.held for a in data.actors}
    assert held["GNA"] == ["Qasr Bin Ghashir", "Surman"]


def test_report_text_has_no_gazetteer_diacritics_outside_evidence() -> None:
    html = geomap.make_report(_events(), png=False)
    body = re.sub(r"<script.*?</script>|<iframe.*?</iframe>", "", html, flags=re.S)
    assert "Şurmān" not in body and "Ghashīr" not in body
    timeline = re.search(r'<section id="timeline">.*?</section>', body, re.S)
    assert timeline and "Qasr Bin Ghashir" in timeline.group(0) and "Surman" in timeline.group(0)
    # the input's spelling is kept in the evidence
    assert "GNA forces entered Surman on Monday." in body and "(Qaşr)" in body
    md = geomap.make_report(_events(), format="md")
    assert "Şurmān" not in md and "Qasr Bin Ghashir" in md
