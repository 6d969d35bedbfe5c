"""Actor colours: conventional where the actor set has one, always far apart, one per group."""

from __future__ import annotations

import itertools

import pytest

import geomap
from geomap.actors import ActorSet
from geomap.render.palette import (
    CONTESTED,
    MIN_DISTANCE,
    SAFE_PALETTE,
    UNNAMED,
    actor_palette,
    canonical_actor,
    ciede2000,
    event_palette,
)
from geomap.render.payload import build_payload
from geomap.schema import events_frame


@pytest.mark.parametrize(("lab1", "lab2", "expected"), [
    # reference pairs published with the CIEDE2000 formula (Sharma, Wu and Dalal 2005)
    ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
    ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
    ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
    ((22.7233, 20.0904, -46.694), (23.0331, 14.973, -42.5619), 2.0373),
])
def test_ciede2000_matches_reference_pairs(lab1: tuple[float, float, float],
                                          lab2: tuple[float, float, float],
                                          expected: float) -> None:
    from geomap.render.palette import _de2000

    assert _de2000(lab1, lab2) == pytest.approx(expected, abs=1e-4)


def test_ciede2000_of_a_colour_with_itself_is_zero() -> None:
    assert ciede2000("#0072b2", "#0072b2") == pytest.approx(0.0, abs=1e-9)
    assert ciede2000("#000000", "#ffffff") > 90


def _all_far(colours: list[str]) -> None:
    for a, b in itertools.combinations([*colours, CONTESTED, UNNAMED, "#ffffff"], 2):
        assert ciede2000(a, b) >= MIN_DISTANCE, (a, b)


@pytest.mark.parametrize("actors", [
    ["UA", "RU"], ["GNA", "LNA", "WAGNER", "ISIS"], ["SAA", "SDF", "SNA", "HTS", "TURKEY", "RUSSIA",
                                                    "RU", "ISIS"],
    ["SAF", "RSF", "JEM", "SPLM-N", "local militia"],
])
def test_any_two_actors_of_a_map_are_far_apart(actors: list[str]) -> None:
    colours = actor_palette({a: len(actors) - i for i, a in enumerate(actors)},
                            ActorSet.default())
    assert set(colours) == set(actors)
    _all_far(list(colours.values()))


def test_conventional_colours_are_kept_when_they_do_not_clash() -> None:
    actors = ActorSet.default()
    colours = actor_palette({"UA": 5, "RU": 4}, actors)
    assert colours == {"UA": actors.colour("UA"), "RU": actors.colour("RU")}


def test_the_more_prominent_actor_keeps_its_colour_on_a_clash() -> None:
    actors = ActorSet.default()
    # the Syrian army's red and Russia's red (Ukraine set) are almost the same
    assert ciede2000(actors.colour("SAA"), actors.colour("RU")) < MIN_DISTANCE
    colours = actor_palette({"SAA": 9, "RU": 2}, actors)
    assert colours["SAA"] == actors.colour("SAA")
    assert colours["RU"] != actors.colour("RU")
    flipped = actor_palette({"SAA": 2, "RU": 9}, actors)
    assert flipped["RU"] == actors.colour("RU")


def test_a_grey_conventional_colour_gives_way_to_the_neutrals() -> None:
    # a conventional grey would read as "contested"
    actors = ActorSet.default()
    assert ciede2000(actors.colour("HTS"), CONTESTED) < MIN_DISTANCE
    assert ciede2000(actor_palette({"HTS": 1}, actors)["HTS"], CONTESTED) >= MIN_DISTANCE


def test_unknown_actors_take_the_safe_palette_in_order() -> None:
    colours = actor_palette({"alpha": 3, "beta": 2, "gamma": 1})
    assert list(colours.values()) == list(SAFE_PALETTE[:3])


def test_aliases_resolve_to_one_canonical_actor() -> None:
    actors = ActorSet.default()
    assert canonical_actor("Russian forces", actors) == "RU"
    assert canonical_actor("RU", actors) == "RU"
    assert canonical_actor("  somebody new ", actors) == "somebody new"
    assert canonical_actor("", actors) == ""


def _events(rows: list[tuple[str, str, str]]) -> object:
    return events_frame([
        {"event_date": date, "kind": "control_change", "actor": actor, "place": place,
         "location": place, "country": "UA", "latitude": 49.0 + i / 10, "longitude": 37.0,
         "confirmed": True, "evidence": f"our test sentence {i}", "source": "test-notes"}
        for i, (date, place, actor) in enumerate(rows)
    ])


def test_one_legend_row_per_canonical_actor_and_a_neutral_unnamed_row() -> None:
    events = _events([
        ("2022-09-01", "Aville", "RU"), ("2022-09-02", "Btown", "Russian forces"),
        ("2022-09-03", "Cburg", "Russian army"), ("2022-09-04", "Dgrad", "UA"),
        ("2022-09-05", "Eport", ""),
    ])
    payload = build_payload(events, basemap=False)
    ids = [row[0] for row in payload["actors"]]
    assert sorted(ids) == ["", "RU", "UA"]
    unnamed = payload["actors"][ids.index("")]
    assert unnamed[2] == UNNAMED and unnamed[1] == "holder not named"
    colours = {row[0]: row[2] for row in payload["actors"] if row[0]}
    assert colours == event_palette(events, ActorSet.default())


def test_map_and_report_colours_come_from_the_same_palette() -> None:
    events = _events([("2019-10-13", "Aville", "SAA"), ("2019-10-14", "Btown", "SAA"),
                      ("2019-10-15", "Cburg", "Russian forces")])
    layers = geomap.build_layers(events)
    payload = build_payload(layers, basemap=False)
    from geomap.report._model import gather

    content = gather(layers)
    for actor_id, _name, colour in payload["actors"]:
        if actor_id:
            assert content.colour(actor_id) == colour
    # an alias takes its group's colour in the report's tables too
    assert content.colour("Russian forces") == content.colour("RU")


def test_the_browser_draws_the_neutrals_of_the_palette() -> None:
    from geomap.render.assets import template_text

    core = template_text("geomap_core.js")
    assert f"GREY = '{CONTESTED}'" in core
    assert f"'{CONTESTED}', 2" in template_text("legend.js")
