"""The map's state of a place on a slider date is what ``Layers.control_at`` says (via the
report's ``control_on``: unknown before a place's first evidence).

Four disagreements the map used to have, each on an invented input: a contest that lapses, a
capture and a contested report on the same day, a holder implied before the first evidence,
and ``held`` reports. A randomised check compares every place on every slider date.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

import geomap
from geomap.layers import build_layers
from geomap.render.payload import build_payload
from geomap.report._model import control_on
from geomap.schema import events_frame

_BASE = {"confirmed": True, "country": "SD", "evidence": "an invented line", "source": "n.txt",
         "date_precision": "day", "geo_precision": "town"}
WAD = {"place": "Wad Madani", "location": "Wad Madani", "latitude": 14.40, "longitude": 33.52}
SENNAR = {"place": "Sennar", "location": "Sennar", "latitude": 13.55, "longitude": 33.63}
KOSTI = {"place": "Kosti", "location": "Kosti", "latitude": 13.16, "longitude": 32.66}


def _ev(where: dict[str, Any], kind: str, actor: str, date: str, **kw: Any) -> dict[str, Any]:
    return {**_BASE, **where, "kind": kind, "actor": actor, "event_date": date, **kw}


def _state(payload: dict[str, Any], place: str, date: str) -> tuple[int, str]:
    """(state, actor id) of a place on a date as the map's script looks it up."""
    p = payload["places"]["name"].index(place)
    di = max((i for i, d in enumerate(payload["dates"]) if d <= date), default=-1)
    runs = payload["places"]["st"][p]
    state, actor = -1, -1
    for k in range(0, len(runs), 4):
        if runs[k] > di:
            break
        actor, state = runs[k + 1], runs[k + 2]
    return state, payload["actors"][actor][0] if actor >= 0 else ""


def _expected(layers: Any, place: str, date: str) -> tuple[int, str]:
    row = control_on(layers, date).set_index("location").loc[place]
    if row["status"] == "held":
        return (0 if row["confirmed"] else 1), str(row["actor"])
    return (2 if row["status"] == "contested" else -1), ""


def test_a_contest_lapses_after_the_window() -> None:
    events = events_frame([
        _ev(WAD, "control_change", "RSF", "2023-12-18"),
        _ev(WAD, "contested", "", "2024-01-05"),
        _ev(KOSTI, "control_change", "SAF", "2024-02-01"),
    ])
    payload = build_payload(events, basemap=False)
    assert _state(payload, "Wad Madani", "2024-01-05") == (2, "")
    assert _state(payload, "Wad Madani", "2024-01-11") == (2, "")
    # seven days on, with no other event of the place, RSF holds it again
    assert "2024-01-12" in payload["dates"]
    assert _state(payload, "Wad Madani", "2024-01-12") == (0, "RSF")
    assert _state(payload, "Wad Madani", "2024-02-01") == (0, "RSF")


@pytest.mark.parametrize("capture_first", [True, False])
def test_same_day_capture_and_contest_do_not_depend_on_row_order(capture_first: bool) -> None:
    capture = _ev(SENNAR, "control_change", "SAF", "2024-06-29", previous_actor="RSF")
    contest = _ev(SENNAR, "contested", "", "2024-06-29")
    rows = [capture, contest] if capture_first else [contest, capture]
    events = events_frame([*rows, _ev(KOSTI, "control_change", "SAF", "2024-07-20")])
    payload = build_payload(events, basemap=False)
    layers = build_layers(events)
    for date in ("2024-06-29", "2024-07-05", "2024-07-06", "2024-07-20"):
        assert _state(payload, "Sennar", date) == _expected(layers, "Sennar", date), date
    assert _state(payload, "Sennar", "2024-06-29") == (2, "")
    assert _state(payload, "Sennar", "2024-07-20") == (0, "SAF")


def test_no_holder_drawn_before_the_first_evidence() -> None:
    events = events_frame([
        _ev(KOSTI, "control_change", "SAF", "2024-01-01"),
        _ev(SENNAR, "control_change", "SAF", "2024-03-10", previous_actor="RSF"),
    ])
    payload = build_payload(events, basemap=False)
    # RSF held Sennar before SAF took it, says the report of 10 March; the map does not paint
    # that back in time: before its first evidence Sennar has no control reported
    assert _state(payload, "Sennar", "2024-01-01") == (-1, "")
    assert _state(payload, "Sennar", "2023-01-01") == (-1, "")
    assert _state(payload, "Sennar", "2024-03-10") == (0, "SAF")
    # the earlier holder stays in the evidence: the event names it as the previous actor
    sennar = payload["places"]["name"].index("Sennar")
    row = payload["events"]["place"].index(sennar)
    assert payload["actors"][payload["events"]["prev"][row]][0] == "RSF"


def test_held_reports_are_evidence_and_extend_the_dates() -> None:
    events = events_frame([
        _ev(WAD, "control_change", "RSF", "2023-12-18"),
        _ev(KOSTI, "held", "SAF", "2024-02-10"),
        _ev(WAD, "held", "SAF", "2024-03-01"),
    ])
    payload = build_payload(events, basemap=False)
    assert payload["dates"][-1] == "2024-03-01"
    assert payload["dates"][payload["at"]] == "2024-03-01"
    # a held report is a place's first evidence, and a holder
    assert _state(payload, "Kosti", "2024-01-01") == (-1, "")
    assert _state(payload, "Kosti", "2024-02-10") == (0, "SAF")
    # naming another holder than the one in place starts that holder's run
    assert _state(payload, "Wad Madani", "2024-02-10") == (0, "RSF")
    assert _state(payload, "Wad Madani", "2024-03-01") == (0, "SAF")
    held = [s for s in payload["events"]["status"] if s == 3]
    assert len(held) == 2  # marked as reports of holding, not changes


def test_every_place_on_every_date_is_control_on() -> None:
    rng = random.Random(20)
    towns = [{"place": f"Town {i}", "location": f"Town {i}", "latitude": 13 + i * 0.1,
              "longitude": 32 + i * 0.1} for i in range(8)]
    kinds = ["control_change"] * 4 + ["claimed_control", "contested", "held"]
    rows = []
    for _ in range(120):
        kind = rng.choice(kinds)
        day = f"2024-{1 + rng.randrange(3):02d}-{1 + rng.randrange(28):02d}"
        rows.append(_ev(rng.choice(towns), kind, "" if kind == "contested" else
                        rng.choice(["SAF", "RSF", "SPLM-N"]), day,
                        confirmed=kind != "claimed_control" and rng.random() < 0.85,
                        previous_actor=rng.choice(["", "SAF", "RSF"])))
    events = events_frame(rows)
    payload = build_payload(events, basemap=False)
    layers = build_layers(events)
    for date in ["2023-12-31", *payload["dates"]]:
        state = control_on(layers, date).set_index("location")
        for town in towns:
            name = town["location"]
            if name not in state.index:
                continue
            row = state.loc[name]
            want = ((0 if row["confirmed"] else 1, row["actor"]) if row["status"] == "held"
                    else (2 if row["status"] == "contested" else -1, ""))
            assert _state(payload, name, date) == want, (name, date)


@pytest.mark.browser
def test_the_script_looks_up_the_same_state(tmp_path: Path) -> None:
    from browser import open_browser

    events = events_frame([
        _ev(WAD, "control_change", "RSF", "2023-12-18"),
        _ev(WAD, "contested", "", "2024-01-05"),
        _ev(SENNAR, "contested", "", "2024-06-29"),
        _ev(SENNAR, "control_change", "SAF", "2024-06-29", previous_actor="RSF"),
        _ev(KOSTI, "held", "SAF", "2024-07-20"),
    ])
    payload = build_payload(events, basemap=False)
    path = tmp_path / "map.html"
    geomap.render(events, title="state").save(path)
    with open_browser() as browser:
        browser.open(path)
        got = browser.js(
            "var a = GeomapApp.current, out = {};"
            "[-1].concat(a.dates.map(function (d, i) { return i; })).forEach(function (i) {"
            "  a.setDate(i); out[i] = a.data.places.name.map(function (n, p) {"
            "    var s = a.placeStatus(p);"
            "    return [n, s.status, s.actor >= 0 ? a.data.actors[s.actor][0] : ''];"
            "  }); });"
            "return [a.dates, out];")
    dates, states = got
    assert dates == payload["dates"]
    for i, rows in states.items():
        date = dates[int(i)] if int(i) >= 0 else "2000-01-01"
        for name, status, actor in rows:
            assert (status, actor) == _state(payload, name, date), (name, date)
