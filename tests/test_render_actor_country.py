"""An actor written with a phrase only other countries' actor sets know keeps its own name on
a map: "rebel fighters" in a report on Congo is not Libya's 2011 National Transitional Council."""

from __future__ import annotations

import geomap
from geomap.actors import ActorSet
from geomap.render.palette import canonical_actor, event_countries
from geomap.schema import events_frame


def test_a_foreign_sets_alias_stays_as_written() -> None:
    actors = ActorSet.default()
    assert canonical_actor("rebel fighters", actors) == "NTC"  # no country: the old default
    assert canonical_actor("rebel fighters", actors, frozenset({"CD"})) == "rebel fighters"
    assert canonical_actor("rebel fighters", actors, frozenset({"LY"})) == "NTC"
    # an alias of the map's own country still resolves
    assert canonical_actor("Rapid Support Forces", actors, frozenset({"SD"})) == "RSF"


def test_the_map_legend_has_no_actor_of_another_country() -> None:
    base = {"country": "CD", "geo_precision": "town", "source": "own words",
            "evidence": "Invented for this test.", "event_date": "2022-06-13"}
    events = events_frame([
        {**base, "kind": "claimed_control", "place": "Brookvale", "latitude": -1.3,
         "longitude": 29.6, "actor": "rebel fighters", "confirmed": False},
        {**base, "kind": "control_change", "place": "Eastfield", "latitude": -1.6,
         "longitude": 29.2, "actor": "M23", "previous_actor": "FARDC"},
    ])
    assert event_countries(events) == frozenset({"CD"})
    html = geomap.render(geomap.build_layers(events)).get_root().render()
    assert '"NTC"' not in html and "National Transitional Council" not in html
    assert '"rebel fighters"' in html
