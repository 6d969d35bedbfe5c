"""Layers on hand-made timelines with known answers: intervals, control_at, contested states."""

from __future__ import annotations

import json
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

import geomap
from geomap.errors import InputError
from geomap.layers import Layers, build_layers
from geomap.schema import events_frame

# Places of a made-up front (coordinates are real places in Mali, names are ours to pick).
HILL = {"location": "Hill Town", "country": "ML", "latitude": 14.49, "longitude": -4.19,
        "gazetteer_id": "test:hill"}
RIVER = {"location": "River Port", "country": "ML", "latitude": 16.77, "longitude": -3.0,
         "gazetteer_id": "test:river"}
DEPOT = {"location": "Old Depot", "country": "ML", "latitude": 12.64, "longitude": -8.0,
         "gazetteer_id": "test:depot"}


def ev(where: dict[str, Any], kind: str = "control_change", **kw: Any) -> dict[str, Any]:
    return {"kind": kind, **where, **kw}


def state(layers: Layers, date: str, location: str) -> dict[str, Any]:
    frame = layers.control_at(date)
    row = frame[frame["location"] == location]
    assert len(row) == 1, (location, frame["location"].tolist())
    return dict(row.iloc[0])


def three_changes() -> list[dict[str, Any]]:
    """Hill Town: red -> blue (Mar 3) -> green (Apr 10) -> red (Jun 1); red held it before."""
    return [
        ev(HILL, actor="BLUE", previous_actor="RED", event_date="2021-03-03", source="a"),
        ev(HILL, actor="GREEN", previous_actor="BLUE", event_date="2021-04-10", source="b"),
        ev(HILL, actor="RED", previous_actor="GREEN", event_date="2021-06-01", source="c"),
        # A second report of the same change (later article) must not split the interval.
        ev(HILL, actor="GREEN", previous_actor="BLUE", event_date="2021-04-12", source="d"),
    ]


def test_place_that_changes_hands_three_times_has_four_intervals() -> None:
    layers = build_layers(events_frame(three_changes()))
    iv = layers.intervals
    rows = iv[["actor", "valid_from", "valid_to", "implied"]].values.tolist()
    assert rows == [
        ["RED", "", "2021-03-03", True],
        ["BLUE", "2021-03-03", "2021-04-10", False],
        ["GREEN", "2021-04-10", "2021-06-01", False],
        ["RED", "2021-06-01", "", False],
    ]
    assert set(iv["from_precision"]) == {"", "day"}
    place = layers.places.iloc[0]
    assert place["actor"] == "RED" and place["since"] == "2021-06-01"
    assert place["n_changes"] == 4
    history = json.loads(place["history"])
    assert [h[0] for h in history] == ["2021-03-03", "2021-04-10", "2021-04-12", "2021-06-01"]
    assert history[0] == ["2021-03-03", "day", "BLUE", "control_change", True]


@pytest.mark.parametrize(
    ("date", "actor"),
    [("2020-01-01", "RED"), ("2021-03-02", "RED"), ("2021-03-03", "BLUE"),
     ("2021-04-09", "BLUE"), ("2021-04-11", "GREEN"), ("2021-05-31", "GREEN"),
     ("2021-06-01", "RED"), ("2030-01-01", "RED")],
)
def test_control_at_follows_the_changes(date: str, actor: str) -> None:
    layers = build_layers(events_frame(three_changes()))
    st = state(layers, date, "Hill Town")
    assert (st["status"], st["actor"]) == ("held", actor)
    assert st["as_of"] == date
    assert not st["uncertain"]


def test_unknown_before_first_information_without_previous_actor() -> None:
    layers = build_layers(events_frame([ev(RIVER, actor="BLUE", event_date="2021-05-05")]))
    before = state(layers, "2021-05-04", "River Port")
    assert (before["status"], before["actor"]) == ("unknown", "")
    after = state(layers, "2021-05-05", "River Port")
    assert (after["status"], after["actor"], after["since"]) == ("held", "BLUE", "2021-05-05")
    assert layers.intervals["valid_from"].tolist() == ["2021-05-05"]


def test_claim_against_holder_is_contested_within_window_only() -> None:
    events = [
        ev(RIVER, actor="BLUE", event_date="2021-01-10"),
        ev(RIVER, kind="claimed_control", actor="RED", confirmed=False, event_date="2021-02-01"),
    ]
    layers = build_layers(events_frame(events), contested_window_days=7)
    assert state(layers, "2021-01-31", "River Port")["status"] == "held"
    during = state(layers, "2021-02-03", "River Port")
    assert (during["status"], during["actor"], during["holder"]) == ("contested", "", "BLUE")
    assert state(layers, "2021-02-07", "River Port")["status"] == "contested"
    after = state(layers, "2021-02-08", "River Port")  # window of 7 days is over
    assert (after["status"], after["actor"]) == ("held", "BLUE")
    # The unconfirmed claim does not make an interval: only confirmed changes do.
    assert layers.intervals["actor"].tolist() == ["BLUE"]
    # A wider window keeps it contested longer.
    wide = build_layers(events_frame(events), contested_window_days=30)
    assert state(wide, "2021-02-20", "River Port")["status"] == "contested"


def test_confirmed_change_settles_an_earlier_claim() -> None:
    events = [
        ev(RIVER, actor="BLUE", event_date="2021-01-10"),
        ev(RIVER, kind="claimed_control", actor="RED", confirmed=False, event_date="2021-02-01"),
        ev(RIVER, actor="RED", previous_actor="BLUE", event_date="2021-02-03"),
    ]
    layers = build_layers(events_frame(events))
    assert state(layers, "2021-02-02", "River Port")["status"] == "contested"
    settled = state(layers, "2021-02-03", "River Port")
    assert (settled["status"], settled["actor"]) == ("held", "RED")


def test_claim_by_the_holder_is_not_a_conflict() -> None:
    events = [
        ev(RIVER, actor="BLUE", event_date="2021-01-10"),
        ev(RIVER, kind="claimed_control", actor="BLUE", confirmed=False, event_date="2021-02-01"),
    ]
    st = state(build_layers(events_frame(events)), "2021-02-02", "River Port")
    assert (st["status"], st["actor"]) == ("held", "BLUE")


def test_overlapping_claims_without_confirmation() -> None:
    events = [
        ev(DEPOT, kind="claimed_control", actor="RED", confirmed=False, event_date="2021-07-01"),
        ev(DEPOT, kind="claimed_control", actor="BLUE", confirmed=False, event_date="2021-07-04"),
    ]
    layers = build_layers(events_frame(events), contested_window_days=7)
    lone = state(layers, "2021-07-02", "Old Depot")
    assert (lone["status"], lone["actor"], bool(lone["confirmed"])) == ("held", "RED", False)
    assert state(layers, "2021-07-05", "Old Depot")["status"] == "contested"
    # RED's claim lapses on 07-08; BLUE's stands alone, still unconfirmed.
    late = state(layers, "2021-07-09", "Old Depot")
    assert (late["status"], late["actor"], bool(late["confirmed"])) == ("held", "BLUE", False)
    assert layers.intervals["confirmed"].tolist() == [False, False]


def test_contested_report_marks_place_contested() -> None:
    events = [
        ev(HILL, actor="BLUE", event_date="2021-01-10"),
        ev(HILL, kind="contested", actor="", event_date="2021-03-01"),
    ]
    layers = build_layers(events_frame(events), contested_window_days=5)
    assert state(layers, "2021-03-03", "Hill Town")["status"] == "contested"
    assert state(layers, "2021-03-06", "Hill Town")["actor"] == "BLUE"


def test_same_day_conflicting_changes_are_contested_until_next_change() -> None:
    events = [
        ev(DEPOT, actor="RED", event_date="2021-05-01", source="x"),
        ev(DEPOT, actor="BLUE", event_date="2021-05-01", source="y"),
        ev(DEPOT, actor="BLUE", previous_actor="RED", event_date="2021-06-01", source="z"),
    ]
    layers = build_layers(events_frame(events))
    assert state(layers, "2021-05-20", "Old Depot")["status"] == "contested"
    settled = state(layers, "2021-06-02", "Old Depot")
    assert (settled["status"], settled["actor"]) == ("held", "BLUE")
    assert bool(layers.intervals["disputed"].iloc[0])


def test_month_precision_keeps_an_uncertain_start() -> None:
    events = [ev(HILL, actor="BLUE", previous_actor="RED", event_date="2022-03",
                 date_precision="month")]
    layers = build_layers(events_frame(events))
    iv = layers.intervals
    held = iv[iv["actor"] == "BLUE"].iloc[0]
    assert (held["valid_from"], held["from_precision"]) == ("2022-03-01", "month")
    assert (held["from_earliest"], held["from_latest"]) == ("2022-03-01", "2022-03-31")
    before = iv[iv["actor"] == "RED"].iloc[0]
    assert (before["valid_from"], before["valid_to"]) == ("", "2022-03-01")
    mid = state(layers, "2022-03-15", "Hill Town")
    assert (mid["actor"], bool(mid["uncertain"]), mid["since_precision"]) == ("BLUE", True, "month")
    assert not state(layers, "2022-04-01", "Hill Town")["uncertain"]
    assert state(layers, "2022-02-27", "Hill Town")["actor"] == "RED"


def test_before_precision_makes_the_previous_holder_uncertain() -> None:
    events = [ev(RIVER, actor="BLUE", previous_actor="RED", event_date="2022-05-20",
                 date_precision="before")]
    layers = build_layers(events_frame(events))
    early = state(layers, "2022-05-01", "River Port")
    assert (early["actor"], bool(early["uncertain"])) == ("RED", True)
    late = state(layers, "2022-05-20", "River Port")
    assert (late["actor"], late["since_precision"]) == ("BLUE", "before")
    held = layers.intervals[layers.intervals["actor"] == "BLUE"].iloc[0]
    assert (held["from_earliest"], held["from_latest"]) == ("", "2022-05-20")


def test_undated_events_count_only_without_dated_ones() -> None:
    events = [
        ev(DEPOT, actor="RED", event_date=""),
        ev(HILL, actor="RED", event_date=""),
        ev(HILL, actor="BLUE", event_date="2021-01-01"),
    ]
    layers = build_layers(events_frame(events))
    depot = state(layers, "2021-06-01", "Old Depot")
    assert (depot["status"], depot["actor"], bool(depot["uncertain"])) == ("held", "RED", True)
    hill = state(layers, "2020-06-01", "Hill Town")
    assert hill["status"] == "unknown"  # the undated RED report is outweighed by a dated one
    places = layers.places.set_index("location")
    assert len(json.loads(places.loc["Hill Town", "history"])) == 2  # but kept in the history


def test_seed_shaped_events_by_hand() -> None:
    """Same shape as the seed article's events; other names would give the same answers."""
    base = {"country": "LY", "previous_actor": "LNA", "actor": "GNA"}
    events = [
        {**base, "kind": "control_change", "location": "Tarhuna", "latitude": 32.435,
         "longitude": 13.633, "event_date": "2020-06-05", "gazetteer_id": "g:1"},
        {**base, "kind": "control_change", "location": "Tripoli", "latitude": 32.887,
         "longitude": 13.187, "event_date": "2020-06-04", "gazetteer_id": "g:2"},
        {**base, "kind": "control_change", "location": "Tripoli International Airport",
         "latitude": 32.66, "longitude": 13.16, "event_date": "2020-06-03",
         "gazetteer_id": "g:3"},
        {**base, "kind": "control_change", "location": "Al-Watiya Air Base", "latitude": 32.47,
         "longitude": 11.9, "event_date": "2020-06-05", "date_precision": "before",
         "gazetteer_id": "g:4"},
    ]
    check_seed_like(build_layers(events_frame(events)))


def check_seed_like(layers: Layers) -> None:
    def find(frame: pd.DataFrame, words: tuple[str, ...], without: str = "") -> pd.DataFrame:
        name = frame["location"].str.lower()
        mask = np.ones(len(frame), dtype=bool)
        for w in words:
            mask &= name.str.contains(w).to_numpy()
        if without:
            mask &= ~name.str.contains(without).to_numpy()
        return frame[mask]

    early = layers.control_at("2020-06-02")
    airport = find(early, ("tripoli", "airport"))
    assert len(airport) == 1
    row = airport.iloc[0]
    assert (row["status"], row["actor"]) in {("held", "LNA"), ("unknown", "")}
    late = layers.control_at("2020-06-05")
    for words, without in ((("tripoli",), "airport"), (("tripoli", "airport"), ""),
                           (("tarhun",), ""), (("watiya",), "")):
        rows = find(late, words, without)
        assert len(rows) >= 1, words
        assert (rows["actor"] == "GNA").all() and (rows["status"] == "held").all(), (
            words, rows[["location", "status", "actor"]].values.tolist())


def test_seed_article_through_real_extraction(seed_article: Any) -> None:
    try:
        from geomap.extract import extract_document
    except ImportError:
        pytest.skip("geomap.extract not available yet")
    result = extract_document(seed_article.read_text(encoding="utf-8"),
                              source=seed_article.name)
    layers = build_layers(result.events, unresolved=result.unresolved)
    check_seed_like(layers)


def test_places_changes_routes_objectives_tables() -> None:
    events = [
        *three_changes(),
        ev(RIVER, actor="BLUE", event_date="2021-02-01"),
        ev(DEPOT, kind="objective", actor="BLUE", evidence="aim to reach the depot"),
        ev(RIVER, kind="route", actor="BLUE", related_location="Hill Town",
           related_latitude=HILL["latitude"], related_longitude=HILL["longitude"]),
        ev(RIVER, kind="mention"),
    ]
    layers = build_layers(events_frame(events))
    assert isinstance(layers.places, gpd.GeoDataFrame)
    assert sorted(layers.places["location"]) == ["Hill Town", "River Port"]
    assert layers.changes["event_date"].tolist() == sorted(layers.changes["event_date"])
    assert len(layers.changes) == 5
    assert layers.routes.geometry.iloc[0].geom_type == "LineString"
    assert list(layers.routes.geometry.iloc[0].coords) == [
        (RIVER["longitude"], RIVER["latitude"]), (HILL["longitude"], HILL["latitude"])]
    assert layers.objectives["location"].tolist() == ["Old Depot"]
    for table in (layers.places, layers.changes, layers.intervals, layers.routes,
                  layers.objectives, layers.zones, layers.fronts):
        assert table.crs is not None and table.crs.to_epsg() == 4326
    assert layers.dates() == ["2021-02-01", "2021-03-03", "2021-04-10", "2021-04-12",
                              "2021-06-01"]


def test_events_without_coordinates_go_to_unresolved() -> None:
    events = [
        ev(HILL, actor="BLUE", event_date="2021-01-01"),
        {"kind": "control_change", "place": "Nowhere Creek", "actor": "RED",
         "event_date": "2021-01-02", "source": "s1", "evidence": "they took Nowhere Creek"},
        ev(RIVER, kind="route", actor="RED", related_location="Unknown Pass"),
    ]
    given = pd.DataFrame([{"place": "Lost Wells", "source": "s0", "evidence": "",
                           "reason": "not in gazetteer", "candidates": ""}])
    layers = build_layers(events_frame(events), unresolved=given)
    un = layers.unresolved
    assert un["place"].tolist() == ["Lost Wells", "Nowhere Creek", "Unknown Pass"]
    assert un["reason"].tolist()[1:] == ["event without coordinates",
                                         "route end without coordinates"]
    assert layers.places["location"].tolist() == ["Hill Town"]


def test_input_order_does_not_matter() -> None:
    events = events_frame([*three_changes(), ev(RIVER, actor="BLUE", event_date="2021-02-01")])
    shuffled = events.sample(frac=1.0, random_state=3).reset_index(drop=True)
    a, b = build_layers(events), build_layers(shuffled)
    cols = ["place_key", "actor", "since", "history"]
    pd.testing.assert_frame_equal(pd.DataFrame(a.places[cols]), pd.DataFrame(b.places[cols]))
    pd.testing.assert_frame_equal(pd.DataFrame(a.intervals.drop(columns="geometry")),
                                  pd.DataFrame(b.intervals.drop(columns="geometry")))


def test_plain_dataframe_and_empty_input() -> None:
    frame = pd.DataFrame(events_frame(three_changes()).drop(columns="geometry"))
    layers = build_layers(frame)
    assert layers.places["actor"].tolist() == ["RED"]
    empty = build_layers(events_frame([]))
    assert len(empty.places) == 0 and len(empty.intervals) == 0 and len(empty.zones) == 0
    assert len(empty.control_at("2021-01-01")) == 0
    assert empty.dates() == []


def test_bad_input_raises_clear_errors() -> None:
    layers = build_layers(events_frame(three_changes()))
    with pytest.raises(InputError):
        layers.control_at("next tuesday")
    with pytest.raises(InputError):
        build_layers([{"kind": "control_change"}])  # type: ignore[arg-type]
    with pytest.raises(InputError):
        build_layers(events_frame([]), contested_window_days=-1)


def test_repr_html_is_escaped_and_counts() -> None:
    evil = "<script>alert(1)</script>"
    layers = build_layers(events_frame([ev(HILL, actor=evil, event_date="2021-01-01"),
                                        ev(RIVER, actor="BLUE", event_date="2021-01-02")]))
    html_text = layers._repr_html_()
    assert "<script>" not in html_text and "&lt;script&gt;" in html_text
    assert "2 places" in html_text and "2021-01-01 to 2021-01-02" in html_text
    assert "2 places" in repr(layers)


def test_public_api_exports() -> None:
    assert geomap.build_layers is build_layers
    assert geomap.Layers is Layers


def test_a_whole_country_is_not_a_place_on_the_control_timeline() -> None:
    # "the rebels still hold ground elsewhere in the country": the country's centre is not a
    # place whose control the map can show; the event stays in the events table
    from geomap.schema import events_frame

    base = {"source": "own-words", "evidence": "Invented for this test.",
            "event_date": "2021-03-04"}
    events = events_frame([
        {**base, "kind": "control_change", "location": "Brookvale", "latitude": 10.2,
         "longitude": 20.4, "actor": "NORTH", "country": "TD", "geo_precision": "town"},
        {**base, "kind": "held", "location": "Chad", "latitude": 15.0, "longitude": 19.0,
         "actor": "SOUTH", "country": "TD", "geo_precision": "country"},
    ])
    layers = build_layers(events)
    assert layers.places["location"].tolist() == ["Brookvale"]
    assert set(layers.control_at("2021-03-05")["location"]) == {"Brookvale"}
    assert len(layers.events) == 2
    assert "SOUTH" not in set(layers.territory(at="2021-03-05")["controller"])


def test_a_province_named_as_a_whole_stays_on_the_map_but_paints_no_territory() -> None:
    # "the rebels hold most of the eastern province": the province's centre is no place they
    # hold, so it casts no vote in the territory estimate (it would paint a disc around the
    # centre); the statement stays on the timeline, in control_at and in the events table.
    # A table row pinned to a town with region precision (ACLED's 3) keeps its vote.
    base = {"source": "own-words", "evidence": "Invented for this test.",
            "event_date": "2021-03-04", "country": "TD"}
    events = events_frame([
        {**base, "kind": "control_change", "location": "Brookvale", "latitude": 10.2,
         "longitude": 20.4, "actor": "NORTH", "geo_precision": "town"},
        {**base, "kind": "held", "location": "Eastern Province", "latitude": 13.0,
         "longitude": 21.5, "actor": "SOUTH", "geo_precision": "region",
         "gazetteer_id": "derived:adm1:TD.99"},
        {**base, "kind": "held", "location": "Millbank", "latitude": 12.0, "longitude": 16.0,
         "actor": "WEST", "geo_precision": "region", "gazetteer_id": ""},
    ])
    layers = build_layers(events)
    assert set(layers.control_at("2021-03-05")["location"]) == {
        "Brookvale", "Eastern Province", "Millbank"}
    held = set(layers.territory(at="2021-03-05")["controller"])
    assert "SOUTH" not in held
    assert {"NORTH", "WEST"} <= held
