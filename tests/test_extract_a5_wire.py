"""Round 5: wire copy. The masthead's own date is not the event's; "the armed forces of
<country>" is that state's army; a name with "province" after it is no town a later noun can
mean; "it has been retaken" opening a new paragraph means the town of the one before.
Sentences in our own words."""

from __future__ import annotations

from geomap.actors import ActorSet
from geomap.extract import extract
from geomap.extract.actors_text import find_actor_mentions


def _changes(text: str) -> list[tuple[str, str, str]]:
    ev = extract(text)
    return [(r.place, r.event_date, r.actor) for r in ev.itertuples()
            if r.kind == "control_change"]


def test_masthead_date_is_not_the_event_date() -> None:
    text = ("date 2021-03-31\nLISBON (Newswire - 31st March, 2021) Insurgents who overran "
            "Palma in Mozambique last week have since gone, officials said.")
    changes = _changes(text)
    assert [c[1] for c in changes if c[0] == "Palma"] == ["2021-03-24"], changes


def test_armed_forces_of_a_country_are_its_army() -> None:
    found = find_actor_mentions("Today the police and armed forces of Mozambique hold the "
                                "port.", ActorSet.default(), country="MZ")
    assert [m.actor for m in found] == ["FADM"], found
    generic = find_actor_mentions("Today the armed forces hold the port.", ActorSet.default(),
                                  country="MZ")
    assert [m.actor for m in generic] == [""], generic


def test_paragraph_opening_passive_refers_to_the_town_before() -> None:
    text = ("date 2021-03-31\nInsurgents who overran Palma in Mozambique last week "
            "have gone, said the police chief of Mozambique's Pemba province.\n"
            "\"Today the armed forces of Mozambique control the town. It has been recaptured "
            "from the insurgents,\" the chief said.")
    changes = _changes(text)
    assert ("Palma", "2021-03-31", "FADM") in changes, changes
    assert not [c for c in changes if c[0] == "Pemba"], changes

